// What the Session tests share (tst_session_*.cpp, tst_inputframe, tst_markedimage): a scripted engine that
// remembers what it was asked, session files naming an image, and a watch on what the session reads.
#pragma once

#include "annotationio.h"
#include "bomb_png.h"
#include "demomodel.h"
#include "enginecontroller.h"
#include "fakebackend.h"
#include "segmentcontroller.h"
#include "session.h"

#include "demo/scene.h"
#include "demo/tasks.h"
#include "dialects/registry.h"
#include "runtime/local_model.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <functional>

#include <sys/inotify.h>
#include <unistd.h>

inline const QString kAnswer = QStringLiteral(
    "<grounding> An image of<phrase> a red circle</phrase><object><patch_index_0164><patch_index_0491></object>"
    " and<phrase> a blue square</phrase><object><patch_index_0059><patch_index_0529></object>.");
inline const QString kDemo = QStringLiteral(":/demo/images/demo-shapes.png");
// a demo-world scene whose objects the demo model describes correctly (greedy decoding is deterministic)
constexpr uint64_t kDescribedScene = 7;

inline void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A session file of one image at `path` (as written, relative or not), with one box.
inline QByteArray sessionNaming(const QString &path, QSize size = QSize(640, 427))
{
    const QJsonObject box{{QStringLiteral("id"), QStringLiteral("R1")}, {QStringLiteral("kind"), QStringLiteral("box")},
                          {QStringLiteral("box"), QJsonArray{10, 10, 50, 50}}};
    const QJsonObject image{{QStringLiteral("path"), path},
                            {QStringLiteral("width"), size.width()},
                            {QStringLiteral("height"), size.height()},
                            {QStringLiteral("regions"), QJsonArray{box}}};
    return QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("groundchat-session")},
                                     {QStringLiteral("version"), 1},
                                     {QStringLiteral("images"), QJsonArray{image}}})
        .toJson(QJsonDocument::Indented);
}

// Counts how often a file is opened or read (Linux inotify): what the session reads shows up here.
class ReadWatch
{
public:
    explicit ReadWatch(const QString &path) : m_fd(inotify_init1(IN_NONBLOCK))
    {
        m_ok = m_fd >= 0 && inotify_add_watch(m_fd, QFile::encodeName(path).constData(), IN_OPEN | IN_ACCESS) >= 0;
    }
    ~ReadWatch() { ::close(m_fd); }
    ReadWatch(const ReadWatch &) = delete;
    ReadWatch &operator=(const ReadWatch &) = delete;
    [[nodiscard]] bool ok() const { return m_ok; }
    // the events since the last call
    int reads()
    {
        int n = 0;
        alignas(inotify_event) char buffer[4096];
        for (ssize_t len; (len = ::read(m_fd, buffer, sizeof buffer)) > 0;)
            for (const char *p = buffer; p < buffer + len; p += sizeof(inotify_event) + reinterpret_cast<const inotify_event *>(p)->len)
                ++n;
        return n;
    }

private:
    int m_fd;
    bool m_ok = false;
};
// Remembers what the engine was asked, to check what the model gets to see.
class CapturingBackend : public FakeBackend
{
public:
    using FakeBackend::FakeBackend;
    static inline QList<PromptMark> lastMarks;
    static inline QImage lastImage;
    static inline QString lastPrompt;
    static inline QList<ChatTurn> lastHistory;
    // While set, an answer says nothing until it is stopped (a model still encoding a large image).
    static inline std::atomic<bool> stall{false};
    bool generate(const AskRequest &request, const OnText &onText, const ShouldAbort &abort, AnswerStats *stats,
                  QString *error, QString *detail) override
    {
        lastMarks = request.marks;
        lastImage = request.image;
        lastPrompt = request.prompt;
        lastHistory = request.history;
        while (stall && !abort())
            QThread::msleep(1);
        return FakeBackend::generate(request, onText, abort, stats, error, detail);
    }
};

// An engine whose loads make the backend `make` returns (a scripted one), loaded and ready.
inline std::unique_ptr<EngineController> makeEngineWith(const std::function<std::unique_ptr<ModelBackend>()> &make)
{
    EngineController::setFactoryOverride([make](const ModelSpec &, QString *) { return make(); });
    auto engine = std::make_unique<EngineController>();
    engine->loadFake(QString(), QString());
    [&] { QTRY_COMPARE(engine->state(), EngineController::State::Ready); }();
    return engine;
}

inline std::unique_ptr<EngineController> makeEngine(const QString &answer, int msPerPiece = 2,
                                                    const QString &dialect = QStringLiteral("kosmos2"),
                                                    const QStringList &knownTasks = {})
{
    return makeEngineWith([=] {
        auto b = std::make_unique<CapturingBackend>(dialect, answer, msPerPiece, 3);
        b->setKnownTasks(knownTasks);
        return b;
    });
}

// A session on the demo image that `engine` answers.
inline void openDemo(Session &s, EngineController *engine)
{
    s.conversation()->setEngine(engine);
    QVERIFY(s.addImagePath(kDemo));
}

// A session on the demo image with one answered turn per question.
inline void converse(Session &s, EngineController *engine, const QStringList &questions)
{
    openDemo(s, engine);
    for (const QString &q : questions) {
        QVERIFY(s.conversation()->send(q, QString()));
        QTRY_VERIFY(!s.conversation()->answering());
    }
}
