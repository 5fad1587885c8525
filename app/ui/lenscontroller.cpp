#include "lenscontroller.h"

#include "core/heatmap.h"
#include "enginecontroller.h"
#include "io/npy.h"
#include "session.h"
#include "session_chat.h"

#include <QImage>

#include <algorithm>

LensController::LensController(QObject *parent) : QObject(parent) {}

QRectF LensController::area() const
{
    return QRectF(m_e.area.x1, m_e.area.y1, m_e.area.width(), m_e.area.height());
}

void LensController::fail(const QString &error)
{
    m_request = 0;
    m_error = error;
    emit stateChanged();
}

void LensController::connectEngine()
{
    if (m_connected == m_engine)
        return;
    if (m_connected)
        disconnect(m_connected, nullptr, this, nullptr);
    m_connected = m_engine;
    connect(m_engine, &EngineController::explained, this, [this](quint64 id, const gc::runtime::Explanation &e) {
        if (id != m_request)
            return; // an answer to a request asked again since
        m_request = 0;
        m_e = e;
        // a new answer opens at the layer where the model's lens reads best, until a layer is chosen
        if (!m_layerChosen)
            m_layer = int(m_e.defaultLayer);
        if (m_layer >= m_e.layers)
            m_layer = int(m_e.layers) - 1;
        emit stateChanged();
        rebuild();
    });
    connect(m_engine, &EngineController::explainFailed, this, [this](quint64 id, const QString &error, const QString &detail) {
        if (id == m_request)
            fail(detail.isEmpty() ? error : error + QLatin1Char(' ') + detail);
    });
}

bool LensController::explainAnswer(int row)
{
    if (!m_session || !m_engine || m_session->currentImage() < 0) {
        fail(tr("Open an image and load a model first."));
        return false;
    }
    const QList<ChatMessage> &messages = m_session->currentDocument().messages;
    if (row < 1 || row >= messages.size() || messages[row].fromUser || messages[row].raw.isEmpty() ||
        !messages[row - 1].fromUser) {
        fail(tr("Choose an answer of the model."));
        return false;
    }
    connectEngine();
    m_asked = {};
    m_asked.imageKey = m_session->imagePath(m_session->currentImage());
    m_asked.prompt = messages[row - 1].prompt;
    m_asked.history = turnsBefore(messages, row - 1, m_engine->modelMultiTurn());
    m_asked.answer = QString::fromUtf8(messages[row].raw);
    m_asked.answerTokens = messages[row].tokenIds;
    m_row = row;
    m_layerChosen = false;
    m_phrases.clear();
    for (const QVariant &entity : messages[row].entities)
        if (const QString p = entity.toMap().value(QStringLiteral("phrase")).toString().trimmed();
            !p.isEmpty() && !m_phrases.contains(p))
            m_phrases.append(p);
    request();
    return m_request != 0;
}

bool LensController::explainLatest()
{
    if (m_session && m_session->currentImage() >= 0) {
        const QList<ChatMessage> &messages = m_session->currentDocument().messages;
        for (int row = int(messages.size()) - 1; row > 0; --row)
            if (!messages[row].fromUser && !messages[row].raw.isEmpty())
                return explainAnswer(row);
    }
    fail(tr("There is no answer to explain yet: ask the model something first."));
    return false;
}

void LensController::request()
{
    if (m_row < 0 || !m_engine)
        return;
    ExplainRequest r = m_asked;
    r.word = m_word.trimmed();
    // the phrase's first occurrence in the answer as the model wrote it; none: the last prompt position
    const QByteArray answer = r.answer.toUtf8(), phrase = m_phrase.trimmed().toUtf8();
    if (const qsizetype at = phrase.isEmpty() ? -1 : answer.indexOf(phrase); at >= 0) {
        r.phraseBegin = int(at);
        r.phraseEnd = int(at + phrase.size());
    }
    m_error.clear();
    m_request = m_engine->explain(r);
    if (m_request == 0)
        fail(tr("No model is ready."));
    else
        emit stateChanged();
}

void LensController::setSession(Session *session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (m_session) {
        connect(m_session, &Session::currentImageChanged, this, &LensController::clear);
        connect(m_session, &Session::replacing, this, &LensController::clear);
    }
    emit inputsChanged();
}

void LensController::clear()
{
    m_request = 0;
    m_row = -1;
    m_e = {};
    m_error.clear();
    emit stateChanged();
    rebuild();
}

void LensController::setLayer(int layer)
{
    layer = std::clamp(layer, -1, std::max(0, int(m_e.layers) - 1));
    m_layerChosen = true;
    if (layer == m_layer)
        return;
    m_layer = layer;
    rebuild();
}

void LensController::setMode(const QString &mode)
{
    if (mode == m_mode || (mode != QLatin1String("lens") && mode != QLatin1String("attention")))
        return;
    m_mode = mode;
    rebuild();
}

void LensController::setWord(const QString &word)
{
    if (word == m_word)
        return;
    m_word = word;
    emit mapChanged();
    request();
}

void LensController::setPhrase(const QString &phrase)
{
    if (phrase == m_phrase)
        return;
    m_phrase = phrase;
    emit mapChanged();
    request();
}

void LensController::rebuild()
{
    m_values.clear();
    m_labels.clear();
    m_cells.clear();
    m_low = m_high = 0;
    const gc::runtime::Explanation &e = m_e;
    if (e.layers > 0) {
        std::vector<float> table;
        if (m_mode == QLatin1String("attention"))
            table = e.attention;
        else if (!e.wordProbability.empty())
            table = e.wordProbability;
        else // without a word: how sure the lens is of each cell's top token
            for (size_t i = 0; i < e.topProbabilities.size(); i += size_t(e.topK))
                table.push_back(e.topProbabilities[i]);
        m_cells = e.cellMap(table, m_layer);
        const auto [lo, hi] = std::minmax_element(m_cells.begin(), m_cells.end());
        m_low = *lo;
        m_high = *hi;
        for (float v : gc::normalizedValues(m_cells))
            m_values.append(v);
        const int64_t layer = m_layer < 0 ? e.layers - 1 : m_layer;
        for (int64_t c = 0; c < e.rows * e.cols; ++c) {
            // a resampler's cell shows the top token of the latent that looked at it most
            int64_t position = c;
            if (!e.cellWeights.empty()) {
                const float *w = e.cellWeights.data() + c * e.positions;
                position = std::max_element(w, w + e.positions) - w;
            }
            m_labels.append(QString::fromStdString(e.topText[size_t((layer * e.positions + position) * e.topK)]).trimmed());
        }
    }
    emit mapChanged();
}

bool LensController::exportPng(const QUrl &file, qreal opacity, const QString &colorMap)
{
    if (!available() || !m_session || m_session->currentImage() < 0) {
        fail(tr("There is no map to export."));
        return false;
    }
    QImage image(m_asked.imageKey);
    if (image.isNull()) {
        fail(tr("The image could not be read."));
        return false;
    }
    image = image.convertToFormat(QImage::Format_RGB888);
    std::vector<uint8_t> rgb;
    for (int y = 0; y < image.height(); ++y)
        rgb.insert(rgb.end(), image.constScanLine(y), image.constScanLine(y) + image.width() * 3);
    gc::ColorMap map = gc::ColorMap::Viridis;
    (void)gc::parseColorMap(colorMap.toStdString(), map);
    const gc::HeatGrid grid{m_e.rows, m_e.cols, m_e.area, gc::normalizedValues(m_cells)};
    gc::blendHeatmap(rgb, image.width(), image.height(), grid, map, opacity);
    for (int y = 0; y < image.height(); ++y)
        std::copy_n(rgb.data() + size_t(y) * size_t(image.width()) * 3, image.width() * 3, image.scanLine(y));
    if (!image.save(file.toLocalFile(), "PNG")) {
        fail(tr("The file could not be written: %1").arg(file.toLocalFile()));
        return false;
    }
    return true;
}

bool LensController::segment()
{
    if (!available() || !m_session || m_session->currentImage() < 0) {
        fail(tr("There is no map to segment from."));
        return false;
    }
    const QString phrase = m_mode == QLatin1String("lens") && !m_word.trimmed().isEmpty() ? m_word : m_phrase;
    if (!m_session->masks()->segmentFromMap({m_e.rows, m_e.cols, m_e.area, m_cells}, m_row, phrase)) {
        fail(tr("Masks cannot be made now: no segmenter, or the image cannot be read."));
        return false;
    }
    return true;
}

bool LensController::exportNpy(const QUrl &file)
{
    if (!available()) {
        fail(tr("There is no map to export."));
        return false;
    }
    try {
        gc::io::writeNpy(file.toLocalFile().toStdString(), {m_e.rows, m_e.cols}, m_cells.data());
    } catch (const std::exception &) {
        fail(tr("The file could not be written: %1").arg(file.toLocalFile()));
        return false;
    }
    return true;
}
