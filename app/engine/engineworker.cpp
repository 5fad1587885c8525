#include "engineworker.h"

#include "imagelimit.h"
#include "markedimage.h"
#include "tiledask.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcEngine, "groundchat.engine")

namespace {
constexpr qint64 kFlushIntervalMs = 25;
}

EngineWorker::EngineWorker(BackendFactory factory, std::shared_ptr<Control> control)
    : m_factory(std::move(factory)), m_control(std::move(control))
{
}

EngineWorker::~EngineWorker() = default;

void EngineWorker::loadModel(const ModelSpec &spec)
{
    // The new model loads beside the current one, which stays in place unless the new one is ready.
    QString error, detail;
    std::unique_ptr<ModelBackend> backend = create(spec, &error, &detail);
    // a Cancel asked for before this load began counts too, so the flag is only cleared once it is over
    m_control->cancelLoad = false;
    if (!backend) {
        qCWarning(lcEngine) << "model load failed:" << error << detail;
        emit modelFailed(error, detail);
        return;
    }
    m_backend = std::move(backend);
    m_spec = spec;
    emit modelLoaded({m_backend->displayName(), m_backend->dialectId(), m_backend->knownTasks(), m_backend->multiTurn(),
                      m_backend->inputFrame(), spec, m_backend->weightBytes()});
}

std::unique_ptr<ModelBackend> EngineWorker::create(const ModelSpec &spec, QString *error, QString *detail)
{
    std::unique_ptr<ModelBackend> backend;
    try {
        backend = m_factory(spec, error);
    } catch (const std::exception &e) {
        *error = tr("The model could not be created.");
        *detail = QString::fromUtf8(e.what());
    }
    if (!backend) {
        if (error->isEmpty())
            *error = tr("The model could not be created.");
        return nullptr;
    }
    const auto progress = [this](double f, const QString &stage) { emit loadProgress(f, stage); };
    const auto abort = [this] { return m_control->cancelLoad.load(); };
    bool ok = false;
    try {
        ok = backend->load(progress, abort, error, detail);
    } catch (const std::exception &e) {
        *error = tr("The model could not be loaded.");
        *detail = QString::fromUtf8(e.what());
    }
    return ok ? std::move(backend) : nullptr;
}

void EngineWorker::ask(const AskRequest &input)
{
    const quint64 id = input.id;
    const auto abort = [this, id] { return id <= m_control->cancelUpTo.load(); };
    if (abort()) {
        emit answerFinished(id, true, {});
        return;
    }
    if (!m_backend) {
        emit answerFailed(id, tr("No model is loaded."), QString());
        return;
    }
    AskRequest request = input;
    if (request.image.isNull() && !request.imageKey.isEmpty()) {
        QString error, detail;
        request.image = ImageLimit::read(request.imageKey, ImageLimit::maxPixels(), &error, &detail);
        if (request.image.isNull()) {
            emit answerFailed(id, error, detail);
            return;
        }
    }
    if (!request.marks.isEmpty())
        request.image = markedImage(request.image, request.marks);
    if (abort()) { // reading a large photo takes a while: Stop may have come meanwhile
        emit answerFinished(id, true, {});
        return;
    }
    if (const std::vector<gc::Tile> crops = tilesForRequest(request, request.image.size(), m_backend->inputSide());
        !crops.empty()) {
        askInTiles(request, crops);
        return;
    }
    emit answerStarted(id);
    QByteArray pending;
    QElapsedTimer sinceFlush;
    sinceFlush.start();
    const auto flush = [&] {
        if (pending.isEmpty())
            return;
        emit answerDelta(id, pending);
        pending.clear();
        sinceFlush.restart();
    };
    // Backends that wait in an event loop (remote servers) may pause after a piece: the timer sends
    // what is held back then, instead of at the next piece.
    QTimer flushLater;
    flushLater.setSingleShot(true);
    flushLater.setInterval(int(kFlushIntervalMs));
    connect(&flushLater, &QTimer::timeout, this, flush);
    const auto onText = [&](const std::string &piece) {
        pending.append(piece.data(), qsizetype(piece.size()));
        if (sinceFlush.elapsed() >= kFlushIntervalMs)
            flush();
        else if (!flushLater.isActive())
            flushLater.start();
    };
    QElapsedTimer sinceProgress;
    m_backend->setSearchProgressHandler([&](int step, int maxSteps) {
        if (sinceProgress.isValid() && sinceProgress.elapsed() < kFlushIntervalMs && step < maxSteps)
            return;
        sinceProgress.start();
        emit answerSearchProgress(id, step, maxSteps);
    });
    AnswerStats stats;
    QString error, detail;
    bool ok = false;
    try {
        ok = m_backend->generate(request, onText, abort, &stats, &error, &detail);
    } catch (const std::bad_alloc &) {
        error = tr("The engine ran out of memory.");
    } catch (const std::exception &e) {
        error = tr("The engine failed while answering.");
        detail = QString::fromUtf8(e.what());
    }
    m_backend->setSearchProgressHandler({}); // it refers to this call's locals
    flushLater.stop();
    flush();
    if (!ok) {
        qCWarning(lcEngine) << "generation failed:" << error << detail;
        emit answerFailed(id, error, detail);
        return;
    }
    emit answerFinished(id, abort(), stats);
}

void EngineWorker::explain(const ExplainRequest &input)
{
    const quint64 id = input.id;
    const auto abort = [this, id] { return id <= m_control->cancelUpTo.load(); };
    QString error, detail;
    if (!m_backend) {
        emit explainFailed(id, tr("No model is loaded."), QString());
        return;
    }
    ExplainRequest request = input;
    if (request.image.isNull() && !request.imageKey.isEmpty())
        request.image = ImageLimit::read(request.imageKey, ImageLimit::maxPixels(), &error, &detail);
    gc::runtime::Explanation out;
    if (request.image.isNull() || !m_backend->explain(request, abort, &out, &error, &detail)) {
        emit explainFailed(id, error, detail);
        return;
    }
    emit explained(id, out);
}

void EngineWorker::askInTiles(const AskRequest &request, const std::vector<gc::Tile> &crops)
{
    const quint64 id = request.id;
    const auto abort = [this, id] { return id <= m_control->cancelUpTo.load(); };
    emit answerStarted(id);
    // Look closer's one crop is no tiled turn: nothing to count
    const bool tiles = request.crop.isEmpty();
    if (tiles) {
        QList<QRectF> rects;
        for (const gc::Tile &t : crops)
            if (!t.global)
                rects << QRectF(QPointF(t.box.x1, t.box.y1), QPointF(t.box.x2, t.box.y2));
        const gc::TileGrid grid = gc::gridOf(crops);
        emit answerTiles(id, QSize(grid.columns, grid.rows), rects);
        emit answerTileProgress(id, 0, int(crops.size()));
    }
    // more instances of the model, for a backend that answers several crops at once: made quietly (no load
    // progress: the model the user sees is loaded already) on the thread that uses them
    const auto makeLane = [factory = m_factory, spec = m_spec]() -> std::unique_ptr<ModelBackend> {
        QString error, detail;
        try {
            std::unique_ptr<ModelBackend> more = factory(spec, &error);
            if (more && more->load([](double, const QString &) {}, [] { return false; }, &error, &detail))
                return more;
        } catch (const std::exception &e) {
            detail = QString::fromUtf8(e.what());
        }
        qCWarning(lcEngine) << "another instance for tiles failed:" << error << detail;
        return nullptr;
    };
    TiledAskResult result;
    try {
        result = askTiled(request, crops, *m_backend, makeLane, abort,
                          [this, id, tiles](int done, int total) {
                              if (tiles)
                                  emit answerTileProgress(id, done, total);
                          });
    } catch (const std::bad_alloc &) {
        result.ok = false;
        result.error = tr("The engine ran out of memory.");
    } catch (const std::exception &e) {
        result.ok = false;
        result.error = tr("The engine failed while answering.");
        result.detail = QString::fromUtf8(e.what());
    }
    if (!result.ok) {
        qCWarning(lcEngine) << "tiled generation failed:" << result.error << result.detail;
        emit answerFailed(id, result.error, result.detail);
        return;
    }
    emit answerRegions(id, result.regions);
    if (!result.text.isEmpty())
        emit answerDelta(id, result.text);
    emit answerFinished(id, abort(), result.stats);
}
