#include "videoexport.h"
#include "presenter.h"
#include "videowriter.h"

#include <QFile>
#include <QGuiApplication>
#include <QPainter>
#include <QQuickWindow>
#include <QTimer>

#include <cmath>

namespace {
// What the views get before the first frame (the image loads, the chat lays out).
constexpr int kSettleMs = 400;
constexpr double kTitleSeconds = 2;
} // namespace

VideoExport::VideoExport(QObject *parent) : QObject(parent) {}

VideoExport::~VideoExport()
{
    if (m_sink)
        m_sink->finish();
}

int VideoExport::frameCount(double durationMs, double fps, double speed)
{
    return int(std::floor(durationMs / 1000.0 / speed * fps + 1e-9)) + 1;
}

bool VideoExport::start(QQuickWindow *window, Presenter *presenter, const QString &path, QSize size, double fps,
                        double speed, const QString &title)
{
    if (m_sink)
        return false;
    m_error.clear();
    if (!window || !presenter || fps <= 0 || speed <= 0 || size.width() < 16 || size.height() < 16) {
        m_error = tr("Nothing to export.");
        emit runningChanged();
        return false;
    }
    std::string why;
    m_sink = gc::video::openVideo(QFile::encodeName(path).toStdString(), size.width(), size.height(), fps, &why);
    if (!m_sink) {
        m_error = tr("The video cannot be written: %1").arg(QString::fromStdString(why));
        emit runningChanged();
        return false;
    }
    if (!presenter->start(false)) {
        m_sink.reset();
        QFile::remove(path);
        m_error = tr("Nothing to present: wait for the answer to end.");
        emit runningChanged();
        return false;
    }
    m_window = window;
    m_presenter = presenter;
    m_path = path;
    m_title = title;
    m_size = size;
    m_fps = fps;
    m_speed = speed;
    m_titleFrames = title.isEmpty() ? 0 : int(std::lround(kTitleSeconds * fps));
    m_frames = m_titleFrames + frameCount(presenter->duration(), fps, speed);
    m_frame = 0;
    emit runningChanged();
    emit progressChanged();
    QTimer::singleShot(kSettleMs, this, &VideoExport::renderNext);
    return true;
}

void VideoExport::cancel()
{
    if (m_sink)
        end(false, tr("Cancelled."));
}

QImage VideoExport::titleCard() const
{
    QImage card(m_size, QImage::Format_RGB888);
    card.fill(QColor(0x20, 0x24, 0x30));
    QPainter p(&card);
    p.setPen(Qt::white);
    QFont font = p.font();
    font.setPixelSize(std::max(12, m_size.height() / 12));
    font.setBold(true);
    p.setFont(font);
    const QString model = m_presenter ? m_presenter->modelName() : QString();
    p.drawText(QRect(QPoint(0, 0), QSize(m_size.width(), m_size.height() * 11 / 20)),
               Qt::AlignHCenter | Qt::AlignBottom | Qt::TextWordWrap, m_title);
    font.setPixelSize(std::max(10, m_size.height() / 24));
    font.setBold(false);
    p.setFont(font);
    p.drawText(QRect(QPoint(0, m_size.height() * 12 / 20), QSize(m_size.width(), m_size.height() / 4)),
               Qt::AlignHCenter | Qt::AlignTop, model);
    return card;
}

void VideoExport::write(const QImage &frame)
{
    // the window's scene fitted into the video, centred on black
    QImage out(m_size, QImage::Format_RGB888);
    if (frame.size() == m_size) {
        out = frame.convertToFormat(QImage::Format_RGB888);
    } else {
        out.fill(Qt::black);
        const QImage scaled = frame.scaled(m_size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        QPainter p(&out);
        p.drawImage((m_size.width() - scaled.width()) / 2, (m_size.height() - scaled.height()) / 2, scaled);
    }
    m_sink->write(out.constBits(), int(out.bytesPerLine()));
}

void VideoExport::renderNext()
{
    if (!m_sink)
        return;
    if (!m_window || !m_presenter || !m_presenter->active()) {
        end(false, tr("Present mode ended during the export."));
        return;
    }
    if (m_frame < m_titleFrames) {
        write(titleCard());
    } else {
        // the last frame shows the end, whatever the rounding of the frames before
        const int index = m_frame - m_titleFrames;
        m_presenter->seek(m_frame + 1 == m_frames ? m_presenter->duration() : index * 1000.0 / m_fps * m_speed);
        // what the new state asks of the views (a list scrolled to its end, an image decoded) happens first
        m_grabbing = true;
        emit grabbingChanged();
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        const QImage frame = m_window->grabWindow();
        m_grabbing = false;
        emit grabbingChanged();
        write(frame);
    }
    ++m_frame;
    emit progressChanged();
    if (m_frame >= m_frames)
        end(true, {});
    else
        QTimer::singleShot(0, this, &VideoExport::renderNext);
}

void VideoExport::end(bool ok, const QString &error)
{
    const bool written = m_sink->finish();
    m_sink.reset();
    if (!ok || !written)
        QFile::remove(m_path);
    m_error = written || !ok ? error : tr("The video could not be written.");
    if (m_presenter)
        m_presenter->stop();
    emit runningChanged();
    emit finished(ok && written);
}
