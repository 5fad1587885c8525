#include "sessionexpert.h"

#include "demomodel.h"
#include "hubpull.h"
#include "modelfolders.h"
#include "rgbimage.h"
#include "session.h"
#include "sessiontooljob.h"

#include "expert/grounding_expert.h"

#include <QJsonArray>
#include <QSet>
#include <QSettings>

#include <algorithm>

#include <utility>

namespace {
const QString kAutomaticKey = QStringLiteral("expert/automatic");
const QString kModelKey = QStringLiteral("expert/model");

// The noun phrases of answer `row` that have no box yet: those that no entity with a region on the image (the
// model's own, an earlier expert run's) covers, by its place in the text or by naming the same thing.
std::vector<gc::expert::PhraseSpan> unboxedPhrases(const DocumentState &doc, int row)
{
    const ChatMessage &m = doc.messages[row];
    QSet<QString> present;
    for (const RegionItem &r : doc.regions)
        if (r.messageIndex == row)
            present.insert(r.id);
    std::vector<std::pair<int, int>> boxedSpans;
    std::vector<std::set<std::string>> boxedWords;
    for (const QVariant &v : m.entities) {
        const QVariantMap e = v.toMap();
        const QStringList ids = e.value(QStringLiteral("regionIds")).toStringList();
        if (std::none_of(ids.begin(), ids.end(), [&](const QString &id) { return present.contains(id); }))
            continue;
        const int begin = e.value(QStringLiteral("spanBegin"), -1).toInt();
        const int end = e.value(QStringLiteral("spanEnd"), -1).toInt();
        if (begin >= 0 && end > begin)
            boxedSpans.emplace_back(begin, end);
        boxedWords.push_back(gc::expert::contentWords(e.value(QStringLiteral("phrase")).toString().toStdString()));
    }
    std::vector<gc::expert::PhraseSpan> out;
    for (gc::expert::PhraseSpan &p : gc::expert::nounPhrases(m.text.toStdString())) {
        const bool covered = std::any_of(boxedSpans.begin(), boxedSpans.end(), [&](const std::pair<int, int> &s) {
            return int(p.span.begin) < s.second && s.first < int(p.span.end);
        });
        const std::set<std::string> words = gc::expert::contentWords(p.text);
        const bool named = std::find(boxedWords.begin(), boxedWords.end(), words) != boxedWords.end();
        if (!covered && !named)
            out.push_back(std::move(p));
    }
    return out;
}

} // namespace

// One grounding of an answer, shared by the GUI thread and the thread that grounds.
struct ExpertRun {
    int row = -1;
    QString answer;
    bool automatic = false;
    std::string wanted;
    std::shared_ptr<gc::expert::GroundingExpert> expert;
    std::vector<gc::expert::PhraseSpan> phrases; // those to ground; empty: the expert finds them
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
    delete m_tool; // stops the grounding and waits for it
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

QString SessionExpert::whyNotGround(int row) const
{
    if (!m_session || m_session->currentImage() < 0)
        return tr("Open an image first.");
    if (running())
        return tr("The expert is grounding an answer already.");
    if (m_session->conversation()->answering())
        return tr("Wait for the answer to end before grounding it.");
    const int r = answerRow(row);
    if (r < 0 || m_session->currentDocument().messages[r].text.trimmed().isEmpty())
        return tr("There is no answer to ground on this image.");
    if (unboxedPhrases(m_session->currentDocument(), r).empty())
        return gc::expert::nounPhrases(m_session->currentDocument().messages[r].text.toStdString()).empty()
                   ? tr("The answer names nothing to box.")
                   : tr("Every phrase of the answer has its boxes already.");
    return {};
}

bool SessionExpert::canGround(int row) const { return whyNotGround(row).isEmpty(); }

bool SessionExpert::groundAnswer(int row)
{
    if (!m_session || running())
        return false;
    if (const QString why = whyNotGround(row); !why.isEmpty()) {
        m_session->fail(why);
        return false;
    }
    if (!m_session->currentImageUsable())
        return false;
    const int r = answerRow(row);
    const DocumentState &doc = m_session->currentDocument();
    std::vector<gc::expert::PhraseSpan> phrases = unboxedPhrases(doc, r);
    // none boxed yet: the expert picks the phrases itself (Florence-2 grounds the answer whole, as a caption)
    if (phrases.size() == gc::expert::nounPhrases(doc.messages[r].text.toStdString()).size())
        phrases.clear();
    return start(m_session->currentImage(), r, false, std::move(phrases));
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
    start(image, row, true, {});
}

bool SessionExpert::start(int image, int row, bool automatic, std::vector<gc::expert::PhraseSpan> phrases)
{
    auto run = std::make_shared<ExpertRun>();
    run->row = row;
    run->phrases = std::move(phrases);
    run->answer = m_session->document(image).messages[row].text;
    run->automatic = automatic;
    run->wanted = m_model.toStdString();
    run->expert = m_expert;
    SessionToolJob *tool = m_tool = new SessionToolJob(m_session, image, this);
    connect(tool, &SessionToolJob::progressChanged, this, &SessionExpert::progressChanged);
    connect(tool, &SessionToolJob::workFinished, this, [this, run] { finish(run); });
    // `tool` outlives the thread: its destructor waits for it
    tool->start([tool, run, path = tool->path()] {
        const gc::io::RgbImage image = loadRgbImage(path, &run->error);
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
        load.shouldAbort = [tool] { return tool->cancelled(); };
        if (const gc::runtime::Status s = run->expert->load(*choice, load); !s.ok()) {
            if (!tool->cancelled())
                run->error = QString::fromStdString(s.message);
            return;
        }
        run->expertName = QString::fromStdString(run->expert->name());
        gc::expert::ExpertParams params;
        params.phrases = run->phrases;
        params.shouldAbort = [tool] { return tool->cancelled(); };
        params.onProgress = [tool](int done, int total) { tool->reportProgress(total > 0 ? 100 * done / total : 0); };
        run->result = run->expert->ground(image, run->answer.toStdString(), params);
    });
    emit progressChanged();
    emit runningChanged();
    return true;
}

int SessionExpert::progress() const { return m_tool ? m_tool->percent() : 0; }

void SessionExpert::cancel()
{
    if (m_tool)
        m_tool->cancel();
}

void SessionExpert::finish(const std::shared_ptr<ExpertRun> &run)
{
    SessionToolJob *tool = std::exchange(m_tool, nullptr);
    tool->deleteLater();
    emit runningChanged();
    const gc::expert::ExpertResult &r = run->result;
    // the answer must still be there as it was: an undo or a regenerate meanwhile leaves nothing to add to
    const auto answerThere = [&] {
        const QList<ChatMessage> &messages = m_session->document(tool->image()).messages;
        return run->row < messages.size() && !messages[run->row].fromUser && !messages[run->row].streaming &&
               messages[run->row].text == run->answer;
    };
    if (r.aborted || !tool->applies() || !answerThere()) {
        emit finished(false);
        return;
    }
    if (!run->error.isEmpty() || !r.status.ok()) {
        m_session->fail(tr("The grounding expert failed: %1")
                            .arg(run->error.isEmpty() ? QString::fromStdString(r.status.message) : run->error));
        emit finished(false);
        return;
    }
    DocumentState &doc = tool->document();
    ChatMessage &m = doc.messages[run->row];
    const int colorBase = m_session->nextColor();
    QVariantList entities = m.entities;
    ToolRun record{QStringLiteral("expert"), {}, r.elapsedMs, run->expertName, {}};
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
        record.output += QLatin1Char('\n') + (ids.isEmpty() ? tr("%1: no box").arg(text)
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
        record.regionIds << ids;
        ++used;
    }
    if (r.phrases.empty())
        record.output += QLatin1Char('\n') + tr("The answer names nothing to box.");
    m_session->reserveColors(colorBase + used);
    // stored in the form a session file gives back (JSON numbers and arrays), so saved == loaded
    m.entities = QJsonArray::fromVariantList(entities).toVariantList();
    m.tools.append(record);
    tool->commit(tr("Ground the answer"), run->automatic);
    emit finished(!record.regionIds.isEmpty());
}
