#include "segmentcontroller.h"

#include "segmentworker.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

SegmentController::SegmentController(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<MaskResult>();
    qRegisterMetaType<MarksResult>();
    qRegisterMetaType<gc::HeatGrid>();
    m_worker = new SegmentWorker;
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("groundchat-segment"));
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &SegmentController::requestSegment, m_worker, &SegmentWorker::segment, Qt::QueuedConnection);
    connect(this, &SegmentController::requestMapSegment, m_worker, &SegmentWorker::segmentFromMap, Qt::QueuedConnection);
    connect(this, &SegmentController::requestModel, m_worker, &SegmentWorker::setModel, Qt::QueuedConnection);
    connect(this, &SegmentController::requestAutoMarks, m_worker, &SegmentWorker::marks, Qt::QueuedConnection);
    connect(m_worker, &SegmentWorker::marksFinished, this, [this](const MarksResult &r) {
        --m_pending;
        emit busyChanged();
        if (!r.error.isEmpty())
            emit failed(r.error);
        emit marksFinished(r);
    });
    connect(m_worker, &SegmentWorker::finished, this, [this](const MaskResult &r) {
        --m_pending;
        emit busyChanged();
        if (!r.error.isEmpty())
            emit failed(r.error);
        emit finished(r);
    });
    connect(m_worker, &SegmentWorker::modelFailed, this, [this](const QString &message) {
        m_modelPath.clear();
        emit modelPathChanged();
        emit failed(message);
    });
    m_thread.start();
}

SegmentController::~SegmentController()
{
    m_thread.quit();
    m_thread.wait();
}

void SegmentController::setModelPath(const QString &path)
{
    if (path == m_modelPath)
        return;
    m_modelPath = path;
    emit modelPathChanged();
    emit requestModel(path);
}

QString SegmentController::fileFor(const QString &imagePath)
{
    if (!imagePath.startsWith(QLatin1String(":/")))
        return imagePath;
    // resources are not files for OpenCV: use a copy in the cache folder
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    QDir().mkpath(dir);
    const QString copy = dir + QLatin1Char('/') + QString(imagePath).replace(QLatin1Char('/'), QLatin1Char('_')).mid(2);
    if (!QFile::exists(copy))
        QFile::copy(imagePath, copy);
    return copy;
}

quint64 SegmentController::request(const QString &imagePath, const QRectF &box, const QVariantList &points)
{
    const quint64 id = m_nextId++;
    ++m_pending;
    emit busyChanged();
    emit requestSegment(id, fileFor(imagePath), box, points);
    return id;
}

quint64 SegmentController::requestFromMap(const QString &imagePath, const gc::HeatGrid &map)
{
    const quint64 id = m_nextId++;
    ++m_pending;
    emit busyChanged();
    emit requestMapSegment(id, fileFor(imagePath), map);
    return id;
}

quint64 SegmentController::requestMarks(const QString &imagePath, int maxMarks)
{
    const quint64 id = m_nextId++;
    ++m_pending;
    emit busyChanged();
    emit requestAutoMarks(id, fileFor(imagePath), maxMarks);
    return id;
}
