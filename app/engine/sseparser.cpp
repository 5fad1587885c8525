#include "sseparser.h"

namespace {
constexpr char kBom[] = "\xEF\xBB\xBF";
}

QList<SseParser::Event> SseParser::feed(QByteArrayView bytes)
{
    QList<Event> out;
    m_bytesSeen += bytes.size();
    qsizetype from = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\r' && c != '\n')
            continue;
        if (c == '\n' && m_pendingCr && i == from && m_line.isEmpty()) {
            // second half of a "\r\n" whose '\r' ended the previous piece (or the previous line)
            m_pendingCr = false;
            from = i + 1;
            continue;
        }
        m_line.append(bytes.data() + from, i - from);
        processLine(m_line, &out);
        m_line.clear();
        m_pendingCr = c == '\r';
        if (m_pendingCr && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
            m_pendingCr = false;
            ++i;
        }
        from = i + 1;
    }
    if (from < bytes.size()) {
        m_line.append(bytes.data() + from, bytes.size() - from);
        m_pendingCr = false;
    }
    return out;
}

void SseParser::processLine(QByteArrayView line, QList<Event> *out)
{
    if (m_firstLine) {
        m_firstLine = false;
        if (line.startsWith(QByteArrayView(kBom)))
            line = line.sliced(3);
    }
    if (line.isEmpty()) {
        // a blank line dispatches the event; one with no data is dropped, as the spec says
        if (m_eventHasFields && !m_event.data.isNull())
            out->append(m_event);
        m_event = {};
        m_eventHasFields = false;
        return;
    }
    if (line.front() == ':')
        return; // comment: servers send these as keep-alives
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1);
    m_eventHasFields = true;
    if (field == "data") {
        if (!m_event.data.isNull())
            m_event.data.append('\n');
        else
            m_event.data = QByteArray(""); // non-null even when the value is empty
        m_event.data.append(value.data(), value.size());
    } else if (field == "event") {
        m_event.type = value.toByteArray();
    } else if (field == "id") {
        m_event.id = value.toByteArray();
    }
    // "retry" and unknown fields are ignored
}

bool SseParser::hasPartialEvent() const { return !m_line.isEmpty() || m_eventHasFields; }

void SseParser::reset() { *this = SseParser(); }
