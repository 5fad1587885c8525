#include "sessionocr.h"

#include "rgbimage.h"
#include "session.h"
#include "sessiontooljob.h"

#include "ocr/ocr.h"
#include "ocr/text_hint.h"

#include <utility>

// One Read text, shared by the GUI thread and the thread that reads.
struct OcrRun {
    QRectF region; // null: the whole image
    QString regionId;
    std::string languages;
    QString loadError;
    gc::ocr::Result result;
};

namespace {

QRectF rectOf(const gc::Box &b) { return QRectF(QPointF(b.x1, b.y1), QPointF(b.x2, b.y2)); }

RegionItem textRegion(DocumentState &doc, const QString &text, const gc::Box &box, int color, int message, bool line)
{
    RegionItem r;
    r.id = QStringLiteral("A%1").arg(doc.nextAnswerRegion++);
    r.kind = QStringLiteral("box");
    r.fromModel = true; // a machine's reading, accepted by the user like an answer's boxes
    r.label = text;
    r.colorIndex = color;
    r.box = rectOf(box);
    r.messageIndex = message;
    r.source = line ? QStringLiteral("ocr") : QStringLiteral("ocr-word");
    r.visible = line; // a page has many words: they are there to show, not shown
    return r;
}

} // namespace

SessionOcr::SessionOcr(QObject *parent) : QObject(parent) {}

SessionOcr::~SessionOcr()
{
    delete m_tool; // stops the reading and waits for it
}

void SessionOcr::setSession(Session *session)
{
    if (session == m_session)
        return;
    cancel();
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    // a session being replaced: what is being read belongs to a document about to go
    if (m_session)
        connect(m_session, &Session::replacing, this, &SessionOcr::cancel);
    emit sessionChanged();
}

bool SessionOcr::readText(const QString &regionId)
{
    if (!m_session || running())
        return false;
    if (m_session->currentImage() < 0) {
        m_session->fail(tr("Open an image first."));
        return false;
    }
    if (m_session->conversation()->answering()) {
        m_session->fail(tr("Wait for the answer to end before reading text."));
        return false;
    }
    if (!m_session->currentImageUsable())
        return false;
    auto run = std::make_shared<OcrRun>();
    run->languages = m_languages.toStdString();
    if (!regionId.isEmpty()) {
        const int row = m_session->regions()->rowOf(regionId);
        if (row < 0) {
            m_session->fail(tr("There is no region %1 on this image.").arg(regionId));
            return false;
        }
        const QRectF box = m_session->regions()->items()[row].box;
        if (box.width() < 1 || box.height() < 1) {
            m_session->fail(tr("Read text needs a region with an area; %1 has none.").arg(regionId));
            return false;
        }
        run->region = box;
        run->regionId = regionId;
    }
    SessionToolJob *tool = m_tool = new SessionToolJob(m_session, m_session->currentImage(), this);
    connect(tool, &SessionToolJob::progressChanged, this, &SessionOcr::progressChanged);
    connect(tool, &SessionToolJob::workFinished, this, [this, run] { finish(run); });
    // `tool` outlives the thread: its destructor waits for it
    tool->start([tool, run, path = tool->path()] {
        const gc::io::RgbImage image = loadRgbImage(path, &run->loadError);
        if (image.empty())
            return;
        gc::ocr::Options options;
        options.languages = run->languages;
        if (!run->region.isNull())
            options.box = gc::Box{run->region.left(), run->region.top(), run->region.right(), run->region.bottom()};
        options.shouldCancel = [tool] { return tool->cancelled(); };
        options.onProgress = [tool](int percent) { tool->reportProgress(percent); };
        run->result = gc::ocr::recognize(image, options);
    });
    emit progressChanged();
    emit runningChanged();
    return true;
}

int SessionOcr::progress() const { return m_tool ? m_tool->percent() : 0; }

void SessionOcr::cancel()
{
    if (m_tool)
        m_tool->cancel();
}

void SessionOcr::finish(const std::shared_ptr<OcrRun> &run)
{
    SessionToolJob *tool = std::exchange(m_tool, nullptr);
    tool->deleteLater();
    emit runningChanged();
    const gc::ocr::Result &r = run->result;
    if (r.cancelled || !tool->applies()) {
        emit finished(false);
        return;
    }
    if (!run->loadError.isEmpty() || !r.ok) {
        m_session->fail(tr("Read text failed: %1").arg(run->loadError.isEmpty() ? QString::fromStdString(r.error)
                                                                                   : run->loadError));
        emit finished(false);
        return;
    }
    DocumentState &doc = tool->document();
    const int row = int(doc.messages.size());
    const int color = m_session->takeColor();
    ToolRun record{QStringLiteral("ocr"), run->region, r.elapsedMs, QString::fromStdString(r.text), {}};
    for (const gc::ocr::Line &line : r.lines) {
        doc.regions.append(textRegion(doc, QString::fromStdString(line.text), line.box, color, row, true));
        record.regionIds << doc.regions.last().id;
    }
    for (const gc::ocr::Word &word : r.words) {
        doc.regions.append(textRegion(doc, QString::fromStdString(word.text), word.box, color, row, false));
        record.regionIds << doc.regions.last().id;
    }
    tool->commitTurn(run->regionId.isEmpty() ? tr("Read text") : tr("Read text in @%1").arg(run->regionId), record,
                     tr("Read text"));
    emit finished(true);
}

QList<RegionItem> SessionOcr::textLines() const
{
    QList<RegionItem> lines;
    if (m_session && m_session->currentImage() >= 0)
        for (const RegionItem &r : m_session->regions()->items())
            if (r.source == QLatin1String("ocr") && r.visible)
                lines << r;
    return lines;
}

QString SessionOcr::hint() const
{
    std::vector<gc::ocr::HintLine> lines;
    for (const RegionItem &r : textLines())
        lines.push_back({r.label.toStdString(), {r.box.left(), r.box.top(), r.box.right(), r.box.bottom()}});
    if (lines.empty())
        return {};
    const QSize size = m_session->currentImageSize();
    const SessionConversation &chat = *m_session->conversation();
    return QString::fromStdString(
        gc::ocr::textHint(chat.activeDialect(), {size.width(), size.height()}, chat.currentInputFrame(), lines));
}

bool SessionOcr::sendWithHint(const QString &text, const QString &task)
{
    if (!m_session)
        return false;
    ToolRun run{QStringLiteral("ocr-hint"), {}, 0, hint(), {}};
    for (const RegionItem &r : textLines())
        run.regionIds << r.id;
    return m_session->conversation()->sendWithHint(text, task, run.output,
                                                   run.output.isEmpty() ? QList<ToolRun>() : QList<ToolRun>{run});
}
