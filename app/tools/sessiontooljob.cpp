#include "sessiontooljob.h"

#include "session.h"

#include <QThread>

SessionToolJob::SessionToolJob(Session *session, int image, QObject *parent)
    : QObject(parent), m_session(session), m_image(image), m_path(session->imagePath(image))
{
    m_clock.start();
}

SessionToolJob::~SessionToolJob()
{
    m_cancel = true;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void SessionToolJob::reportProgress(int percent)
{
    // dropped when the run is gone before the GUI thread gets to it
    QMetaObject::invokeMethod(this, [this, percent] {
        m_percent = percent;
        emit progressChanged();
    }, Qt::QueuedConnection);
}

void SessionToolJob::start(std::function<void()> work)
{
    m_thread = QThread::create(std::move(work));
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
        emit workFinished();
    });
    m_thread->start();
}

bool SessionToolJob::applies() const
{
    return !cancelled() && m_session && m_image < m_session->imageCount() && m_session->imagePath(m_image) == m_path;
}

DocumentState &SessionToolJob::document()
{
    if (!m_before)
        m_before = m_session->document(m_image);
    return m_session->document(m_image);
}

void SessionToolJob::commit(const QString &what, bool joinLastStep)
{
    const DocumentState before = m_before ? *m_before : m_session->document(m_image);
    m_before.reset();
    if (m_image == m_session->currentImage())
        m_session->applyDocument(m_session->document(m_image));
    if (joinLastStep)
        m_session->commitToLastStep(m_image, before, what);
    else
        m_session->commit(m_image, before, what);
}

void SessionToolJob::commitTurn(const QString &text, const ToolRun &tool, const QString &what)
{
    ChatMessage turn;
    turn.text = text;
    turn.tools = {tool};
    document().messages.append(turn);
    commit(what);
}
