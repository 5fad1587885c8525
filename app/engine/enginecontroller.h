#pragma once

#include "engineworker.h"
#include "modelchoice.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QtQml/qqmlregistration.h>

// The GUI side of the engine: owns the engine thread and its worker, queues requests (bounded), and
// cancels through the shared control block. Never waits on the engine except at shutdown.
class EngineController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString modelName READ modelName NOTIFY stateChanged)
    Q_PROPERTY(QString dialect READ dialect NOTIFY stateChanged)
    // The loaded model's folder when it runs in this process ("" for a server), the weight format it was
    // loaded in ("f32", "q8", ...; "" for a server) and the bytes its weights take.
    Q_PROPERTY(QString modelFolder READ modelFolder NOTIFY stateChanged)
    Q_PROPERTY(QString weights READ weights NOTIFY stateChanged)
    Q_PROPERTY(qint64 weightBytes READ weightBytes NOTIFY stateChanged)
    // The dialect tasks the loaded model was trained on (empty = all of them).
    Q_PROPERTY(QStringList modelTasks READ modelTasks NOTIFY stateChanged)
    // Whether the loaded model is given the conversation so far with each question (ModelBackend::multiTurn).
    Q_PROPERTY(bool modelMultiTurn READ modelMultiTurn NOTIFY stateChanged)
    Q_PROPERTY(double loadProgress READ loadProgress NOTIFY loadProgressChanged)
    // What the load is doing now ("Quantising the weights to q4", ...), translated; "" when it does not say.
    Q_PROPERTY(QString loadStage READ loadStage NOTIFY loadProgressChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY stateChanged)
    // Why the last model asked for did not load (empty after a load that worked): a sentence for the user
    // and the technical cause. The model loaded before it, if any, is still the one answering.
    Q_PROPERTY(QString loadError READ loadError NOTIFY stateChanged)
    Q_PROPERTY(QString loadErrorDetail READ loadErrorDetail NOTIFY stateChanged)
    Q_PROPERTY(int pending READ pending NOTIFY pendingChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY pendingChanged)
    // Used by the next load(): CPU threads (0 = all) and device ("cpu", "cuda").
    Q_PROPERTY(int threads MEMBER m_threads NOTIFY settingsChanged)
    Q_PROPERTY(QString device MEMBER m_device NOTIFY settingsChanged)

public:
    enum class State { NoModel, Loading, Ready, Failed };
    Q_ENUM(State)
    static constexpr int kMaxPending = 4;

    explicit EngineController(QObject *parent = nullptr);
    ~EngineController() override;

    // Tests and alternative front ends replace how backends are made (e.g. a scripted fake engine).
    static void setFactoryOverride(BackendFactory factory);

    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] QString modelName() const { return m_loaded.name; }
    [[nodiscard]] QString dialect() const { return m_loaded.dialect; }
    [[nodiscard]] QString modelFolder() const;
    [[nodiscard]] QString weights() const;
    [[nodiscard]] qint64 weightBytes() const { return m_loaded.weightBytes; }
    [[nodiscard]] QStringList modelTasks() const { return m_loaded.tasks; }
    [[nodiscard]] bool modelMultiTurn() const { return m_loaded.multiTurn; }
    [[nodiscard]] double loadProgress() const { return m_loadProgress; }
    [[nodiscard]] QString loadStage() const { return m_loadStage; }
    [[nodiscard]] QString errorText() const { return m_errorText; }
    [[nodiscard]] QString loadError() const { return m_loadError; }
    [[nodiscard]] QString loadErrorDetail() const { return m_loadErrorDetail; }
    [[nodiscard]] int pending() const { return int(m_pending.size()); }
    [[nodiscard]] bool busy() const { return !m_pending.isEmpty(); }

    // What the user chose (ModelChooser). A folder loads in the weight format remembered for it
    // (WeightFormatList), with the threads and device set here; a server's timeouts and downscale come from
    // the settings store (RemoteServerSettings), its key from ApiKeyStore.
    Q_INVOKABLE void load(const ModelChoice &choice);
    // The loaded folder's model again, in another weight format (nothing when a server or nothing answers).
    Q_INVOKABLE void reloadWeights(const QString &format);
    // The loaded folder's model again with the pixel budget now remembered for it (PixelBudgetSetting), when that
    // differs from the one it runs with: the image's tokens change with it, and so does its input frame.
    Q_INVOKABLE void reloadPixelBudget();
    // A model folder as it is (tests), and a scripted engine answering `script` in `dialect` (tests, UI demos).
    Q_INVOKABLE void loadFolder(const QString &folder);
    Q_INVOKABLE void loadFake(const QString &dialect, const QString &script, int searchSteps = 0);
    // The built-in demo model's folder ("" when it is not installed) and how to name it.
    Q_INVOKABLE QString demoModelPath() const;
    // Same, with backend options given (tests, other front ends); they win over the settings store. The
    // current model keeps answering once the new one is ready, or for good if the new one fails.
    void loadSpec(const ModelSpec &spec);
    // The loaded model's input frame for an image of this size (ModelBackend::inputFrame): answers in
    // absolute coordinates of the model's input are mapped through it. Empty when the dialect derives it.
    [[nodiscard]] QSize inputFrame(const QSize &original) const
    {
        return m_loaded.inputFrame ? m_loaded.inputFrame(original) : QSize();
    }
    Q_INVOKABLE void cancelLoad();
    // Queues a request; returns its id, or 0 when the queue is full or no model is ready (errorText says why).
    quint64 ask(AskRequest request);
    // The logit lens and attention maps of a turn (ModelBackend::explain), on the engine thread after the
    // answers queued before it; 0 when no model is ready. Reported by explained or explainFailed; cancel(id) stops it.
    quint64 explain(ExplainRequest request);
    Q_INVOKABLE void cancel(quint64 id);
    Q_INVOKABLE void cancelAll();
    // abort -> quit -> wait: stops mid-answer without losing the partial text already delivered.
    void shutdown();

signals:
    void stateChanged();
    void loadFailed(); // loadError says why
    void settingsChanged();
    void loadProgressChanged();
    void pendingChanged();
    void requestRejected(const QString &reason);
    void answerStarted(quint64 id);
    void answerDelta(quint64 id, const QByteArray &piece);
    void answerSearchProgress(quint64 id, int step, int maxSteps); // EngineWorker::answerSearchProgress
    void answerTileProgress(quint64 id, int done, int total);      // EngineWorker::answerTileProgress
    void answerTiles(quint64 id, const QSize &grid, const QList<QRectF> &tiles); // EngineWorker::answerTiles
    void answerRegions(quint64 id, const std::vector<gc::Entity> &regions); // EngineWorker::answerRegions
    void answerFinished(quint64 id, bool cancelled, const AnswerStats &stats);
    void answerFailed(quint64 id, const QString &error, const QString &detail);

    void explained(quint64 id, const gc::runtime::Explanation &explanation);
    void explainFailed(quint64 id, const QString &error, const QString &detail);

    // internal, queued to the worker
    void requestExplain(const ExplainRequest &request);
    void requestLoad(const ModelSpec &spec);
    void requestAsk(const AskRequest &request);

private:
    void setState(State s, const QString &error = {});
    void startLoad(const ModelSpec &spec);
    void failLoad(const QString &error, const QString &detail);
    void finishRequest(quint64 id);

    QThread m_thread;
    QPointer<EngineWorker> m_worker;
    std::shared_ptr<EngineWorker::Control> m_control;
    State m_state = State::NoModel;
    LoadedModel m_loaded; // name, dialect, tasks, ... of the model that answers
    QString m_errorText;
    QString m_loadError;
    QString m_loadErrorDetail;
    int m_loadsInWorker = 0;          // loads sent to the worker and not finished
    quint64 m_loads = 0;              // loads asked for: only the last one's key is waited for
    bool m_readingKey = false;        // the last load waits for its API key
    double m_loadProgress = 0;
    QString m_loadStage;
    quint64 m_nextId = 1;
    QList<quint64> m_pending;
    int m_threads = 0;
    QString m_device = QStringLiteral("cpu");
};
