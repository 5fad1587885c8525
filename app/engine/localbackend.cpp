#include "localbackend.h"

#include "loadstage.h"

#include "rgbimage.h"

#include "runtime/local_model.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QObject>
#include <QStandardPaths>

LocalBackend::LocalBackend(ModelSpec spec) : m_spec(std::move(spec)), m_model(std::make_unique<gc::runtime::LocalModel>())
{
}

LocalBackend::~LocalBackend() = default;

namespace {

QString userMessage(gc::runtime::StatusCode code)
{
    using gc::runtime::StatusCode;
    switch (code) {
    case StatusCode::NotFound: return QObject::tr("The model folder or one of its files is missing.");
    case StatusCode::BadModel: return QObject::tr("The model files are damaged or do not match the model's configuration.");
    case StatusCode::Unsupported: return QObject::tr("This model or device is not supported.");
    case StatusCode::Aborted: return QObject::tr("Loading was cancelled.");
    case StatusCode::BadImage: return QObject::tr("The image could not be read.");
    default: return QObject::tr("The model failed.");
    }
}

} // namespace

gc::runtime::GenerationParams generationParams(const GenerationSettings &settings)
{
    gc::runtime::GenerationParams params;
    if (settings.maxNewTokens > 0)
        params.maxNewTokens = settings.maxNewTokens;
    params.temperature = settings.temperature;
    params.topP = settings.topP;
    params.topK = settings.topK;
    params.seed = uint64_t(settings.seed);
    if (settings.noRepeatNgramSize >= 0)
        params.noRepeatNgramSize = settings.noRepeatNgramSize;
    return params;
}

bool LocalBackend::load(const Progress &progress, const ShouldAbort &abort, QString *error, QString *detail)
{
    gc::runtime::LoadParams params;
    params.settings.device = m_spec.device.toStdString();
    params.settings.threads = m_spec.threads;
    // matrices packed into a small format are kept here, shared with groundchat-cli (cli_weights.cpp)
    params.settings.weightCache =
        (QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/weights")).toStdString();
    params.settings.weights = m_spec.weights.toStdString();
    params.settings.minPixels = m_spec.minPixels;
    params.settings.maxPixels = m_spec.maxPixels;
    params.onProgress = [&](double f, const std::string &stage) { progress(f, loadStageText(stage, m_spec.weights)); };
    params.shouldAbort = abort;
    const gc::runtime::Status st = m_model->load(QDir(m_spec.folder).absolutePath().toStdString(), params);
    if (!st.ok()) {
        *error = userMessage(st.code);
        *detail = QString::fromStdString(st.message);
        return false;
    }
    const gc::runtime::ModelInfo info = m_model->info();
    m_name = QStringLiteral("%1 · %2").arg(QString::fromStdString(info.architecture), QFileInfo(m_spec.folder).fileName());
    m_weightBytes = info.parameterBytes;
    m_dialect = QString::fromStdString(info.dialect);
    m_multiTurn = info.multiTurn;
    m_inputFrame = info.inputFrame;
    m_inputSide = info.imageSize;
    m_tasks.clear();
    for (const std::string &t : info.tasks)
        m_tasks << QString::fromStdString(t);
    return true;
}

InputFrame LocalBackend::inputFrame() const
{
    return [frame = m_inputFrame](const QSize &original) {
        if (!frame)
            return QSize();
        const gc::SizeI s = frame({original.width(), original.height()});
        return QSize(s.width, s.height);
    };
}

bool LocalBackend::explain(const ExplainRequest &request, const ShouldAbort &abort, gc::runtime::Explanation *out,
                           QString *error, QString *detail)
{
    gc::runtime::ExplainParams params;
    params.answerText = request.answer.toStdString();
    params.answer.assign(request.answerTokens.begin(), request.answerTokens.end());
    params.phraseBegin = request.phraseBegin;
    params.phraseEnd = request.phraseEnd;
    params.word = request.word.toStdString();
    params.shouldAbort = abort;
    std::vector<gc::runtime::Turn> history;
    for (const ChatTurn &turn : request.history)
        history.push_back({turn.prompt.toStdString(), turn.answer.toStdString()});
    const gc::runtime::Status s =
        m_model->explain(toRgbImage(request.image), history, request.prompt.toStdString(), params, *out);
    if (s.ok())
        return true;
    if (s.code == gc::runtime::StatusCode::Unsupported)
        (void)ModelBackend::explain(request, abort, out, error, detail); // what any model without the hooks says
    else
        *error = userMessage(s.code);
    *detail = QString::fromStdString(s.message);
    return false;
}

bool LocalBackend::generate(const AskRequest &request, const OnText &onText, const ShouldAbort &abort,
                            AnswerStats *stats, QString *error, QString *detail)
{
    QElapsedTimer timer;
    timer.start();
    bool first = true;
    int tokens = 0;
    gc::runtime::GenerationParams params = generationParams(request.generation);
    params.shouldAbort = abort;
    bool searched = false; // a beam search: its tokens all come when it ends
    params.onProgress = [&](int64_t step, int64_t maxSteps) {
        searched = true;
        reportSearchProgress(int(step), int(maxSteps));
    };
    params.onToken = [&](int64_t, const std::string &text) {
        if (first) {
            stats->timeToFirstTokenMs = double(timer.nsecsElapsed()) / 1e6;
            first = false;
        }
        ++tokens;
        onText(text);
    };
    if (abort()) // converting a large photo takes a while: not when Stop came first
        return true;
    std::vector<gc::runtime::Turn> history;
    for (const ChatTurn &turn : request.history)
        history.push_back({turn.prompt.toStdString(), turn.answer.toStdString()});
    const gc::runtime::GenerationResult result =
        m_model->generate(toRgbImage(request.image), history, request.prompt.toStdString(), params);
    if (!result.status.ok() && !result.aborted) {
        *error = userMessage(result.status.code);
        *detail = QString::fromStdString(result.status.message);
        return false;
    }
    stats->promptTokens = int(result.promptTokens.size());
    stats->generatedTokens = tokens;
    stats->tokenIds = QList<qint64>(result.tokens.begin(), result.tokens.end());
    if (searched) {
        stats->tokensPerSecond = result.decodeMs > 0 ? tokens / (result.decodeMs / 1e3) : 0;
        return true;
    }
    const double decodeSecs = (double(timer.nsecsElapsed()) / 1e6 - stats->timeToFirstTokenMs) / 1e3;
    stats->tokensPerSecond = tokens > 1 && decodeSecs > 0 ? (tokens - 1) / decodeSecs : 0;
    return true;
}
