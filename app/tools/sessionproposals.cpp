#include "sessionproposals.h"

#include "enginecontroller.h"
#include "markregion.h"
#include "segmentcontroller.h"
#include "session.h"
#include "sessiontooljob.h"

#include "dialects/dialect.h"

namespace {

const QString kFlorence = QStringLiteral("florence2");
const QString kSegmenter = QStringLiteral("segmenter");
const QString kProposalTask = QStringLiteral("proposals");

// The active model's region-proposal task, when it was trained on one (Florence-2's <REGION_PROPOSAL>).
const gc::TaskPrompt *proposalTask(const SessionConversation &chat)
{
    const EngineController *engine = chat.engine();
    if (!engine || engine->state() != EngineController::State::Ready)
        return nullptr;
    for (const QVariant &p : chat.taskPresets()) {
        const QVariantMap preset = p.toMap();
        if (preset.value(QStringLiteral("id")).toString() == kProposalTask && !preset.value(QStringLiteral("trained")).toBool())
            return nullptr;
    }
    for (const gc::TaskPrompt &t : chat.activeDialect().info().tasks)
        if (QString::fromStdString(t.id) == kProposalTask)
            return &t;
    return nullptr;
}

} // namespace

SessionProposals::SessionProposals(QObject *parent) : QObject(parent) {}

SessionProposals::~SessionProposals() = default;

void SessionProposals::setSession(Session *session)
{
    if (session == m_session)
        return;
    stop();
    m_session = session;
    watchSources();
    emit sessionChanged();
    emit sourcesChanged();
}

void SessionProposals::watchSources()
{
    for (const QMetaObject::Connection &c : std::as_const(m_sourceWatch))
        disconnect(c);
    m_sourceWatch.clear();
    if (!m_session)
        return;
    // a model (re)loaded, another model, another segmenter: what can propose changes
    for (const auto signal : {&SessionConversation::dialectChanged, &SessionConversation::engineChanged})
        m_sourceWatch << connect(m_session->conversation(), signal, this, &SessionProposals::sourcesChanged);
    m_sourceWatch << connect(m_session->masks(), &SessionMasks::segmenterChanged, this, &SessionProposals::sourcesChanged);
}

QStringList SessionProposals::sources() const
{
    QStringList out;
    if (!m_session)
        return out;
    if (proposalTask(*m_session->conversation()))
        out << kFlorence;
    if (m_session->masks()->segmenter())
        out << kSegmenter;
    return out;
}

QString SessionProposals::sourceName(const QString &source)
{
    if (source == kFlorence)
        return tr("Florence-2 region proposals");
    if (source == kSegmenter)
        return tr("the segmenter's automatic marks");
    return source;
}

bool SessionProposals::propose(const QString &source, int maxMarks)
{
    if (!m_session)
        return false;
    if (running()) {
        m_session->fail(tr("Regions are being proposed already."));
        return false;
    }
    if (m_session->currentImage() < 0) {
        m_session->fail(tr("Open an image first."));
        return false;
    }
    if (maxMarks < 1) {
        m_session->fail(tr("At least one region must be asked for."));
        return false;
    }
    const QStringList available = sources();
    const QString chosen = source.isEmpty() ? available.value(0) : source;
    if (!available.contains(chosen)) {
        m_session->fail(chosen == kFlorence ? tr("Florence-2 proposals need a Florence-2 model: load one first.")
                        : chosen == kSegmenter || chosen.isEmpty() ? tr("No segmenter is there to propose regions.")
                                                                   : tr("Unknown proposal source: %1").arg(chosen));
        return false;
    }
    if (!m_session->currentImageUsable())
        return false;
    auto run = std::make_unique<SessionToolJob>(m_session, m_session->currentImage());
    m_imageSize = m_session->currentImageSize();
    m_maxMarks = maxMarks;
    m_raw.clear();
    if (chosen == kSegmenter) {
        SegmentController *segmenter = m_session->masks()->segmenter();
        connect(segmenter, &SegmentController::marksFinished, this, &SessionProposals::onMarks, Qt::UniqueConnection);
        m_request = segmenter->requestMarks(run->path(), maxMarks);
        m_run = std::move(run);
        m_source = Source::Segmenter;
        emit runningChanged();
        return true;
    }
    SessionConversation &chat = *m_session->conversation();
    EngineController *engine = chat.engine();
    const gc::TaskPrompt *task = proposalTask(chat);
    AskRequest request;
    request.imageKey = run->path();
    request.prompt = m_prompt = chat.previewPrompt(QString(), kProposalTask);
    request.task = kProposalTask;
    request.taskToken = QString::fromStdString(task->token);
    request.tiling = Tiling::Whole;
    connect(engine, &EngineController::answerDelta, this, &SessionProposals::onAnswerDelta, Qt::UniqueConnection);
    connect(engine, &EngineController::answerFinished, this, &SessionProposals::onAnswerFinished, Qt::UniqueConnection);
    connect(engine, &EngineController::answerFailed, this, &SessionProposals::onAnswerFailed, Qt::UniqueConnection);
    m_request = engine->ask(request);
    if (m_request == 0) {
        m_session->fail(engine->errorText().isEmpty() ? tr("The engine did not take the request.") : engine->errorText());
        return false;
    }
    m_run = std::move(run);
    m_source = Source::Florence2;
    emit runningChanged();
    return true;
}

void SessionProposals::cancel()
{
    if (!running())
        return;
    m_run->cancel();
    // a model's answer stops (and with it anything queued before it); the segmenter's marks are dropped when
    // they come
    if (m_source == Source::Florence2 && m_session && m_session->conversation()->engine())
        m_session->conversation()->engine()->cancel(m_request);
}

void SessionProposals::stop()
{
    if (!running())
        return;
    m_source = Source::None;
    m_request = 0;
    m_run.reset();
    emit runningChanged();
}

void SessionProposals::onMarks(const MarksResult &result)
{
    if (m_source != Source::Segmenter || result.id != m_request)
        return;
    QList<Proposal> proposals;
    for (const AutoMark &m : result.marks)
        proposals.append({m.bbox, m.label, m.rle});
    finish(proposals, result.size, result.error);
}

void SessionProposals::onAnswerDelta(quint64 id, const QByteArray &piece)
{
    if (m_source == Source::Florence2 && id == m_request)
        m_raw += piece;
}

void SessionProposals::onAnswerFinished(quint64 id, bool cancelled, const AnswerStats &)
{
    if (m_source != Source::Florence2 || id != m_request)
        return;
    if (cancelled)
        m_run->cancel();
    finish(m_run->cancelled() ? QList<Proposal>() : modelProposals(), QSize(), QString());
}

void SessionProposals::onAnswerFailed(quint64 id, const QString &error, const QString &)
{
    if (m_source == Source::Florence2 && id == m_request)
        finish({}, QSize(), error);
}

QList<SessionProposals::Proposal> SessionProposals::modelProposals() const
{
    const SessionConversation &chat = *m_session->conversation();
    const gc::TaskPrompt *task = proposalTask(chat);
    gc::DecodeOptions options;
    options.imageSize = {m_imageSize.width(), m_imageSize.height()};
    const QSize frame = chat.engine() ? chat.engine()->inputFrame(m_imageSize) : QSize();
    options.inputSize = {frame.width(), frame.height()};
    options.task = task ? task->token : std::string();
    options.prompt = m_prompt.toStdString();
    gc::GroundedText answer = chat.activeDialect().decode(std::string_view(m_raw.constData(), size_t(m_raw.size())), options);
    if (answer.normalized)
        answer = answer.toPixels(options.imageSize);
    QList<Proposal> out;
    for (const gc::Entity &e : answer.entities)
        for (const gc::Region &r : e.regions) {
            if (out.size() >= m_maxMarks)
                return out;
            const QRectF box(QPointF(r.box.x1, r.box.y1), QPointF(r.box.x2, r.box.y2));
            if (box.isValid())
                out.append({box, box.center(), QString()});
        }
    return out;
}

void SessionProposals::finish(const QList<Proposal> &proposals, const QSize &maskSize, const QString &error)
{
    const Source source = m_source;
    const std::unique_ptr<SessionToolJob> run = std::move(m_run);
    stop();
    if (!run->applies()) {
        emit finished(false);
        return;
    }
    if (!error.isEmpty()) {
        m_session->fail(tr("Propose regions failed: %1").arg(error));
        emit finished(false);
        return;
    }
    const QString name = sourceName(source == Source::Florence2 ? kFlorence : kSegmenter);
    DocumentState &doc = run->document();
    ToolRun record{QStringLiteral("proposals"), {}, run->elapsedMs(), {}, {}};
    record.output = source == Source::Florence2 ? m_prompt + QLatin1Char('\n') + QString::fromUtf8(m_raw) : name;
    for (const Proposal &p : proposals)
        record.regionIds << appendMark(doc, p.label, p.box, m_session->takeColor(), p.rle,
                                       p.rle.isEmpty() ? QSize() : maskSize, QStringLiteral("proposal"));
    run->commitTurn(proposals.isEmpty() ? tr("Propose regions with %1: none found").arg(name)
                                        : tr("Propose regions with %1: marks %2–%3")
                                              .arg(name, record.regionIds.first().mid(1), record.regionIds.last().mid(1)),
                    record, tr("Propose regions"));
    emit finished(true);
}
