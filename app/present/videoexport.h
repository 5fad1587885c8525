#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QQuickWindow>
#include <QSize>
#include <QtQml/qqmlregistration.h>

#include <memory>

class Presenter;


namespace gc::video {
class FrameSink;
}

// A presentation rendered into a video (.mp4, .webm, .gif) frame by frame on a virtual clock: each frame seeks
// the presenter to its time, lets the views settle and grabs the window's scene (rendered, not captured from a
// screen, so it works offscreen and never drops a frame), scaled into the video's size. One frame per turn of
// the event loop, so the app stays responsive and cancel() stops between frames. An optional title card comes
// first.
class VideoExport : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString error READ error NOTIFY runningChanged)
    // True while a frame is grabbed: what shows the export's progress hides meanwhile.
    Q_PROPERTY(bool grabbing READ grabbing NOTIFY grabbingChanged)

public:
    explicit VideoExport(QObject *parent = nullptr);
    ~VideoExport() override;

    [[nodiscard]] bool running() const { return bool(m_sink); }
    [[nodiscard]] double progress() const { return m_frames > 0 ? double(m_frame) / m_frames : 0; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] bool grabbing() const { return m_grabbing; }
    // The frames of the last export started, the title card's included.
    [[nodiscard]] int frames() const { return m_frames; }

    // Frames of a presentation `durationMs` long at `fps`, played `speed` times faster: one at each 1/fps
    // seconds of video, both ends included.
    [[nodiscard]] static int frameCount(double durationMs, double fps, double speed);

    // Starts presenting in `window` and writing `path`; false (error says why) when it cannot. `title` ("" for
    // none) is shown on a card for two seconds first.
    Q_INVOKABLE bool start(QQuickWindow *window, Presenter *presenter, const QString &path, QSize size, double fps,
                           double speed, const QString &title = {});
    Q_INVOKABLE void cancel();

signals:
    void runningChanged();
    void progressChanged();
    void grabbingChanged();
    // ok: the whole video is written; else cancelled or failed (error).
    void finished(bool ok);

private:
    void renderNext();
    void write(const QImage &frame);
    void end(bool ok, const QString &error);
    [[nodiscard]] QImage titleCard() const;

    QPointer<QQuickWindow> m_window;
    QPointer<Presenter> m_presenter;
    std::unique_ptr<gc::video::FrameSink> m_sink;
    QString m_path;
    QString m_title;
    QSize m_size;
    double m_fps = 30, m_speed = 1;
    int m_titleFrames = 0;
    int m_frames = 0; // all of them, the title card's included
    int m_frame = 0;
    QString m_error;
    bool m_grabbing = false;
};
