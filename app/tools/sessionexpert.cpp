#include "sessionexpert.h"

#include "demomodel.h"
#include "hubpull.h"
#include "modelfolders.h"
#include "rgbimage.h"
#include "session.h"

#include "expert/grounding_expert.h"

#include <QJsonArray>
#include <QSettings>

#include <atomic>

namespace {
const QString kAutomaticKey = QStringLiteral("expert/automatic");
const QString kModelKey = QStringLiteral("expert/model");
} // namespace

// One grounding of an answer, shared by the GUI thread and the thread that grounds.
struct ExpertRun {
    int image = -1;
    int row = -1;
    QString path;
    QString answer;
    bool automatic = false;
    std::string wanted;
    std::shared_ptr<gc::expert::GroundingExpert> expert;
    std::atomic<bool> cancel{false};
    QString error; // the image unread, no model to ground with, a model that failed to load
    QString expertName;
    gc::expert::ExpertResult result;
};

SessionExpert::SessionExpert(QObject *parent)
    : QObject(parent), m_expert(std::make_shared<gc::expert::GroundingExpert>())
{
    QSettings settings;
    m_automatic = settings.value(kAutomaticKey, true).toBool();
    m_model = settings.value(kModelKey, QStringLiteral("auto")).toString();
}

SessionExpert::~SessionExpert()
{
    if (m_run)
        m_run->cancel = true;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void SessionExpert::setSession(Session *session)
{
    if (session == m_session)
        return;
    cancel();
    if (m_session) {
        disconnect(m_session, nullptr, this, nullptr);
        disconnect(m_session->conversation(), nullptr, this, nullptr);
    }
    m_session = session;
    if (m_session) {
        // a session being replaced: the answer being grounded belongs to a document about to go
        connect(m_session, &Session::replacing, this, &SessionExpert::cancel);
        connect(m_session->conversation(), &SessionConversation::answerFinished, this, &SessionExpert::onAnswerFinished);
    }
    emit sessionChanged();
}

void SessionExpert::setAutomatic(bool on)
{
    if (on == m_automatic)
        return;
    m_automatic = on;
    QSettings().setValue(kAutomaticKey, on);
    emit automaticChanged();
}

void SessionExpert::setModel(const QString &model)
{
    if (model == m_model)
        return;
    m_model = model;
    QSettings().setValue(kModelKey, model);
    emit modelChanged();
}

int SessionExpert::answerRow(int row) const
{
    if (!m_session || m_session->currentImage() < 0)
        return -1;
    const QList<ChatMessage> &messages = m_session->currentDocument().messages;
    if (row < 0)
        for (row = int(messages.size()) - 1; row >= 0 && messages[row].fromUser; --row) {
        }
    if (row < 0 || row >= messages.size() || messages[row].fromUser || messages[row].streaming)
        return -1;
    return row;
}

bool SessionExpert::canGround(int row) const
{
    const int r = answerRow(row);
    return r >= 0 && !running() && !m_session->conversation()->answering() &&
           !m_session->currentDocument().messages[r].text.trimmed().isEmpty();
}

bool SessionExpert::groundAnswer(int row)
{
    if (!m_session || running())
        return false;
    if (m_session->currentImage() < 0) {
        m_session->fail(tr("Open an image first."));
        return false;
    }
    if (m_session->conversation()->answering()) {
        m_session->fail(tr("Wait for the answer to end before grounding it."));
        return false;
    }
    const int r = answerRow(row);
    if (r < 0 || m_session->currentDocument().messages[r].text.trimmed().isEmpty()) {
        m_session->fail(tr("There is no answer to ground on this image."));
        return false;
    }
    if (!m_session->currentImageUsable())
        return false;
    return start(m_session->currentImage(), r, false);
}

void SessionExpert::onAnswerFinished(int image, int row, bool cancelled)
{
    if (!m_automatic || cancelled || running() || !m_session || image != m_session->currentImage())
        return;
    const DocumentState &doc = m_session->document(image);
    if (row < 0 || row >= doc.messages.size() || !doc.messages[row].error.isEmpty())
        return;
    // an answer with boxes of its own needs no expert; one without phrases (a yes, a number) has nothing to box
    for (const RegionItem &r : doc.regions)
        if (r.messageIndex == row && r.fromModel)
            return;
    if (gc::expert::nounPhrases(doc.messages[row].text.toStdString()).empty())
        return;
    if (!m_session->currentImageUsable())
        return;
    start(image, row, true);
}

bool SessionExpert::start(int image, int row, bool automatic)
{
    auto run = std::make_shared<ExpertRun>();
    run->image = image;
    run->row = row;
    run->path = m_session->imagePath(image);
    run->answer = m_session->document(image).messages[row].text;
    run->automatic = automatic;
    run->wanted = m_model.toStdString();
    run->expert = m_expert;
    m_run = run;
    m_progress = 0;
    m_thread = QThread::create([this, run] {
        const gc::io::RgbImage image = loadRgbImage(run->path, &run->error);
        if (image.empty())
            return;
        // the model folders GroundChat knows of: where a Florence-2 would be
        std::vector<std::string> folders;
        if (run->wanted != "demo")
            for (const HubSnapshot &s : findModelSnapshots(HubPullOptions().effectiveCacheDir()))
                folders.push_back(s.folder.toStdString());
        std::string error;
        const auto choice = gc::expert::chooseExpert(run->wanted, folders, demoModelPath().toStdString(), &error);
        if (!choice) {
            run->error = QString::fromStdString(error);
            return;
        }
        gc::runtime::LoadParams load;
        load.shouldAbort = [run] { return run->cancel.load(); };
        if (const gc::runtime::Status s = run->expert->load(*choice, load); !s.ok()) {
            if (!run->cancel)
                run->error = QString::fromStdString(s.message);
            return;
        }
        run->expertName = QString::fromStdString(run->expert->name());
        gc::expert::ExpertParams params;
        params.shouldAbort = [run] { return run->cancel.load(); };
        // `this` outlives the thread: the destructor waits for it
        params.onProgress = [this](int done, int total) {
            const int percent = total > 0 ? 100 * done / total : 0;
            QMetaObject::invokeMethod(this, [this, percent] {
                m_progress = percent;
                emit progressChanged();
            }, Qt::QueuedConnection);
        };
        run->result = run->expert->ground(image, run->answer.toStdString(), params);
    });
    connect(m_thread, &QThread::finished, this, [this, run] { finish(run); });
    m_thread->start();
    emit progressChanged();
    emit runningChanged();
    return true;
}

void SessionExpert::cancel()
{
    if (m_run)
        m_run->cancel = true;
}

void SessionExpert::finish(const std::shared_ptr<ExpertRun> &run)
{
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_run.reset();
    emit runningChanged();
    const gc::expert::ExpertResult &r = run->result;
    // the answer must still be there as it was: an undo or a regenerate meanwhile leaves nothing to add to
    const bool gone = !m_session || run->image >= m_session->imageCount() ||
                      m_session->imagePath(run->image) != run->path ||
                      run->row >= m_session->document(run->image).messages.size() ||
                      m_session->document(run->image).messages[run->row].fromUser ||
                      m_session->document(run->image).messages[run->row].streaming ||
                      m_session->document(run->image).messages[run->row].text != run->answer;
    if (run->cancel || r.aborted || gone) {
        emit finished(false);
        return;
    }
    if (!run->error.isEmpty() || !r.status.ok()) {
        m_session->fail(tr("The grounding expert failed: %1")
                            .arg(run->error.isEmpty() ? QString::fromStdString(r.status.message) : run->error));
        emit finished(false);
        return;
    }
    const DocumentState before = m_session->document(run->image);
    DocumentState &doc = m_session->document(run->image);
    ChatMessage &m = doc.messages[run->row];
    const int colorBase = m_session->nextColor();
    QVariantList entities = m.entities;
    ToolRun tool{QStringLiteral("expert"), {}, r.elapsedMs, run->expertName, {}};
    int used = 0;
    for (size_t p = 0; p < r.phrases.size(); ++p) {
        const gc::expert::PhraseSpan &phrase = r.phrases[p];
        const QString text = QString::fromStdString(phrase.text);
        QStringList ids;
        double best = 0;
        for (const gc::expert::ExpertRegion &e : r.regions) {
            if (e.phrase != p)
                continue;
            RegionItem item;
            item.id = QStringLiteral("A%1").arg(doc.nextAnswerRegion++);
            item.kind = QStringLiteral("box");
            item.fromModel = true; // a machine's boxes, accepted by the user like an answer's
            item.label = text;
            item.colorIndex = colorBase + used;
            item.box = QRectF(QPointF(e.box.x1, e.box.y1), QPointF(e.box.x2, e.box.y2));
            item.messageIndex = run->row;
            item.entityIndex = int(entities.size());
            item.source = QStringLiteral("expert");
            doc.regions.append(item);
            ids << item.id;
            best = std::max(best, e.score);
        }
        tool.output += QLatin1Char('\n') + (ids.isEmpty() ? tr("%1: no box").arg(text)
                                                          : tr("%1: %n box(es), agreement %2", "", int(ids.size()))
                                                                .arg(text)
                                                                .arg(best, 0, 'f', 2));
        if (ids.isEmpty())
            continue;
        const bool inText = phrase.span.end > phrase.span.begin;
        entities << QVariantMap{{QStringLiteral("phrase"), text},
                                {QStringLiteral("spanBegin"), inText ? int(phrase.span.begin) : -1},
                                {QStringLiteral("spanEnd"), inText ? int(phrase.span.end) : -1},
                                {QStringLiteral("colorIndex"), colorBase + used},
                                {QStringLiteral("regionIds"), ids}};
        tool.regionIds << ids;
        ++used;
    }
    if (r.phrases.empty())
        tool.output += QLatin1Char('\n') + tr("The answer names nothing to box.");
    m_session->reserveColors(colorBase + used);
    // stored in the form a session file gives back (JSON numbers and arrays), so saved == loaded
    m.entities = QJsonArray::fromVariantList(entities).toVariantList();
    m.tools.append(tool);
    if (run->image == m_session->currentImage())
        m_session->applyDocument(doc);
    if (run->automatic)
        m_session->commitToLastStep(run->image, before, tr("Ground the answer"));
    else
        m_session->commit(run->image, before, tr("Ground the answer"));
    emit finished(!tool.regionIds.isEmpty());
}
