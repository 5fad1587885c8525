#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Incremental framing of a text/event-stream (the WHATWG server-sent events format) as OpenAI-compatible
// servers send it. Bytes arrive in network-sized pieces that may split a line, a "\r\n" pair or a UTF-8
// sequence anywhere, so the parser keeps the unfinished line and only hands out complete events.
class SseParser
{
public:
    struct Event {
        QByteArray type;  // "event:" field; empty means the default "message"
        QByteArray data;  // "data:" lines joined with '\n'
        QByteArray id;
    };

    // Feeds the next bytes; returns the events they complete (in order).
    QList<Event> feed(QByteArrayView bytes);
    // True when bytes are buffered that no blank line has closed yet: at end of stream that means the
    // last event was cut off (a truncated stream).
    [[nodiscard]] bool hasPartialEvent() const;
    // Bytes seen so far, for diagnostics and idle tracking.
    [[nodiscard]] qint64 bytesSeen() const { return m_bytesSeen; }
    void reset();

private:
    void processLine(QByteArrayView line, QList<Event> *out);

    QByteArray m_line;          // the current, not yet terminated line
    bool m_pendingCr = false;   // the last byte was '\r': a '\n' right after it belongs to the same break
    bool m_firstLine = true;    // a UTF-8 BOM is allowed before the first line only
    Event m_event;
    bool m_eventHasFields = false;
    qint64 m_bytesSeen = 0;
};
