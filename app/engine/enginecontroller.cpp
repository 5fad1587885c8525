#include "enginecontroller.h"

#include "apikeystore.h"
#include "backendfactory.h"
#include "demomodel.h"
#include "pixelbudgetsetting.h"
#include "remoteserversettings.h"
#include "weightformatlist.h"

#include <limits>
#include <tuple>

namespace {
BackendFactory &factoryOverride()
{
    static BackendFactory f;
    return f;
}
} // namespace

void EngineController::setFactoryOverride(BackendFactory factory) { factoryOverride() = std::move(factory); }

EngineController::EngineController(QObject *parent)
    : QObject(parent), m_control(std::make_shared<EngineWorker::Control>())
{
    qRegisterMetaType<ModelSpec>();
    qRegisterMetaType<LoadedModel>();
    qRegisterMetaType<AskRequest>();
    qRegisterMetaType<AnswerStats>();
    qRegisterMetaType<InputFrame>();
    qRegisterMetaType<ExplainRequest>();
    qRegisterMetaType<gc::runtime::Explanation>();
    qRegisterMetaType<std::vector<gc::Entity>>();
    BackendFactory factory = factoryOverride() ? factoryOverride() : defaultBackendFactory();
    auto *worker = new EngineWorker(std::move(factory), m_control);
    worker->moveToThread(&m_thread);
    m_worker = worker;
    m_thread.setObjectName(QStringLiteral("groundchat-engine"));
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(this, &EngineController::requestLoad, worker, &EngineWorker::loadModel, Qt::QueuedConnection);
    connect(this, &EngineController::requestAsk, worker, &EngineWorker::ask, Qt::QueuedConnection);
    connect(this, &EngineController::requestExplain, worker, &EngineWorker::explain, Qt::QueuedConnection);
    connect(worker, &EngineWorker::explained, this, &EngineController::explained);
    connect(worker, &EngineWorker::explainFailed, this, &EngineController::explainFailed);

    connect(worker, &EngineWorker::loadProgress, this, [this](double f, const QString &stage) {
        m_loadProgress = f;
        m_loadStage = stage;
        emit loadProgressChanged();
    });
    connect(worker, &EngineWorker::modelLoaded, this, [this](const LoadedModel &model) {
        --m_loadsInWorker;
        m_loaded = model;
        m_loadError.clear();
        m_loadErrorDetail.clear();
        setState(State::Ready);
    });
    connect(worker, &EngineWorker::modelFailed, this, [this](const QString &error, const QString &detail) {
        --m_loadsInWorker;
        failLoad(error, detail);
    });
    connect(worker, &EngineWorker::answerStarted, this, &EngineController::answerStarted);
    connect(worker, &EngineWorker::answerDelta, this, &EngineController::answerDelta);
    connect(worker, &EngineWorker::answerSearchProgress, this, &EngineController::answerSearchProgress);
    connect(worker, &EngineWorker::answerTileProgress, this, &EngineController::answerTileProgress);
    connect(worker, &EngineWorker::answerTiles, this, &EngineController::answerTiles);
    connect(worker, &EngineWorker::answerRegions, this, &EngineController::answerRegions);
    connect(worker, &EngineWorker::answerFinished, this, [this](quint64 id, bool cancelled, const AnswerStats &s) {
        finishRequest(id);
        emit answerFinished(id, cancelled, s);
    });
    connect(worker, &EngineWorker::answerFailed, this,
            [this](quint64 id, const QString &error, const QString &detail) {
                finishRequest(id);
                emit answerFailed(id, error, detail);
            });
    m_thread.start();
}

EngineController::~EngineController() { shutdown(); }

void EngineController::shutdown()
{
    if (!m_thread.isRunning())
        return;
    m_control->cancelLoad = true;
    m_control->cancelUpTo = std::numeric_limits<quint64>::max();
    m_thread.quit();
    m_thread.wait();
}

void EngineController::setState(State s, const QString &error)
{
    m_state = s;
    m_errorText = error;
    emit stateChanged();
}

void EngineController::failLoad(const QString &error, const QString &detail)
{
    m_loadError = error;
    m_loadErrorDetail = detail;
    // the model loaded before, if any, still answers
    if (m_loaded.name.isEmpty())
        setState(State::Failed, error);
    else
        setState(State::Ready);
    emit loadFailed();
}

QString EngineController::modelFolder() const
{
    return m_loaded.spec.kind == ModelSpec::Kind::Folder ? m_loaded.spec.folder : QString();
}

QString EngineController::weights() const
{
    return m_loaded.spec.kind == ModelSpec::Kind::Folder ? m_loaded.spec.weights : QString();
}

void EngineController::loadFolder(const QString &folder) { loadSpec(ModelSpec::localFolder(folder)); }

void EngineController::loadFake(const QString &dialect, const QString &script, int searchSteps)
{
    ModelSpec spec = ModelSpec::fake(dialect, script);
    spec.fakeSearchSteps = searchSteps;
    loadSpec(spec);
}

void EngineController::load(const ModelChoice &choice)
{
    ModelSpec spec = choice.toSpec();
    spec.threads = m_threads;
    spec.device = m_device;
    if (spec.kind == ModelSpec::Kind::Folder) {
        spec.weights = WeightFormatList::remembered(spec.folder);
        std::tie(spec.minPixels, spec.maxPixels) = PixelBudgetSetting::remembered(spec.folder);
    }
    loadSpec(spec);
}

void EngineController::reloadPixelBudget()
{
    if (m_loaded.spec.kind != ModelSpec::Kind::Folder)
        return;
    const auto [minPixels, maxPixels] = PixelBudgetSetting::remembered(m_loaded.spec.folder);
    if (m_state != State::Loading && m_loaded.spec.minPixels == minPixels && m_loaded.spec.maxPixels == maxPixels)
        return;
    ModelSpec spec = m_loaded.spec;
    spec.minPixels = minPixels;
    spec.maxPixels = maxPixels;
    loadSpec(spec);
}

void EngineController::reloadWeights(const QString &format)
{
    if (m_loaded.spec.kind != ModelSpec::Kind::Folder)
        return;
    // while another format loads, going back to the one in use is a load too: the pending one would replace it
    if (m_state != State::Loading && m_loaded.spec.weights == format)
        return;
    ModelSpec spec = m_loaded.spec;
    spec.weights = format;
    loadSpec(spec);
}

void EngineController::loadSpec(const ModelSpec &input)
{
    // a new model replaces the old one: stop whatever the old one is doing
    cancelAll();
    m_loadProgress = 0;
    m_loadStage.clear();
    emit loadProgressChanged();
    m_loadError.clear();
    m_loadErrorDetail.clear();
    setState(State::Loading);
    ModelSpec spec = input;
    const quint64 load = ++m_loads;
    m_readingKey = false;
    if (spec.kind == ModelSpec::Kind::Server) {
        RemoteServerSettings::completeSpec(&spec); // read here, on the GUI thread, once
        if (!spec.options.contains(QStringLiteral("apiKey"))) {
            // the keyring may first ask the user to unlock it, for minutes: the load waits, the GUI does not
            m_readingKey = true;
            ApiKeyStore::instance()->read(spec.serverUrl, [self = QPointer(this), load, spec](const ApiKeyStore::Result &key) mutable {
                if (!self || load != self->m_loads) // cancelled, or another load was asked for meanwhile
                    return;
                self->m_readingKey = false;
                if (!key.error.isEmpty())
                    return self->failLoad(key.error, {});
                if (!key.key.isEmpty())
                    spec.options.insert(QStringLiteral("apiKey"), key.key);
                self->startLoad(spec);
            });
            return;
        }
    }
    startLoad(spec);
}

void EngineController::startLoad(const ModelSpec &spec)
{
    ++m_loadsInWorker;
    emit requestLoad(spec);
}

void EngineController::cancelLoad()
{
    if (m_state != State::Loading)
        return;
    // the flag stops the worker's loads, and would stop the next one too were none running there
    if (m_loadsInWorker > 0)
        m_control->cancelLoad = true;
    if (m_readingKey) {
        ++m_loads;
        m_readingKey = false;
        failLoad(tr("Loading was cancelled."), {});
    }
}

quint64 EngineController::ask(AskRequest request)
{
    if (m_state != State::Ready) {
        const QString reason = m_state == State::Loading ? tr("The model is still loading.") : tr("No model is loaded.");
        emit requestRejected(reason);
        return 0;
    }
    if (m_pending.size() >= kMaxPending) {
        emit requestRejected(tr("The engine is busy: wait for the current answers or stop them."));
        return 0;
    }
    request.id = m_nextId++;
    m_pending.append(request.id);
    emit pendingChanged();
    emit requestAsk(request);
    return request.id;
}

quint64 EngineController::explain(ExplainRequest request)
{
    if (m_state != State::Ready)
        return 0;
    request.id = m_nextId++;
    emit requestExplain(request);
    return request.id;
}

void EngineController::cancel(quint64 id)
{
    // Requests run in id order, so raising the watermark to id stops it and anything queued before it.
    quint64 current = m_control->cancelUpTo.load();
    while (id > current && !m_control->cancelUpTo.compare_exchange_weak(current, id)) {
    }
}

void EngineController::cancelAll()
{
    if (m_nextId > 1)
        cancel(m_nextId - 1);
}

void EngineController::finishRequest(quint64 id)
{
    m_pending.removeAll(id);
    emit pendingChanged();
}

QString EngineController::demoModelPath() const { return ::demoModelPath(); }
