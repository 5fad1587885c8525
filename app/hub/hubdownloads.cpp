#include "hubdownloads.h"

#include "apikeystore.h"
#include "hubcatalogue.h"
#include "hubpull.h"
#include "hubsnapshots.h"
#include "runtime/architecture_check.h"
#include "weightformatlist.h"

#include <QPointer>

#include <algorithm>
#include <memory>

namespace {

QString unsupported(const QByteArray &config)
{
    return QString::fromStdString(gc::runtime::unsupportedArchitecture(config.toStdString()));
}

constexpr qint64 kSpeedWindowMs = 3000;

} // namespace

HubDownloads::HubDownloads(QObject *parent) : QAbstractListModel(parent)
{
    m_thread.setObjectName(QStringLiteral("hub downloads"));
    m_thread.start();
    m_clock.start();
}

HubDownloads::~HubDownloads()
{
    // a download in progress stops here and keeps its partial files: the next pull continues them
    dropPull();
    m_thread.quit();
    m_thread.wait();
}

int HubDownloads::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant HubDownloads::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows.at(index.row());
    switch (Role(role)) {
    case Role::Path: return r.path;
    case Role::Size: return r.size;
    case Role::Done: return r.done;
    case Role::Complete: return r.done == r.size;
    }
    return {};
}

QHash<int, QByteArray> HubDownloads::roleNames() const
{
    return {{int(Role::Path), "path"}, {int(Role::Size), "size"}, {int(Role::Done), "done"},
            {int(Role::Complete), "complete"}};
}

void HubDownloads::setEndpoint(const QString &endpoint)
{
    if (endpoint == m_endpoint)
        return;
    m_endpoint = endpoint;
    emit settingsChanged();
}

void HubDownloads::setCacheDir(const QString &dir)
{
    if (dir == m_cacheDir)
        return;
    m_cacheDir = dir;
    emit settingsChanged();
    emit catalogueChanged();
}

void HubDownloads::setToken(const QString &token)
{
    if (token == m_token)
        return;
    m_token = token;
    emit settingsChanged();
}

QVariantList HubDownloads::catalogue() const
{
    HubPullOptions where;
    where.cacheDir = m_cacheDir;
    const QList<HubSnapshot> onDisk = findHubSnapshots(where.effectiveCacheDir());
    QVariantList out;
    for (const HubCatalogueEntry &e : hubCatalogue()) {
        qint64 bytes = 0;
        for (const HubCatalogueEntry::Weights &w : e.weights)
            bytes = qMax(bytes, w.bytes);
        const bool present = std::any_of(onDisk.begin(), onDisk.end(), [&](const HubSnapshot &s) {
            return s.repoId == e.repoId && unsupported(s.config).isEmpty();
        });
        out << QVariantMap{{QStringLiteral("repoId"), e.repoId},
                           {QStringLiteral("architecture"), e.architecture},
                           {QStringLiteral("parameters"), e.parameters},
                           {QStringLiteral("licence"), e.licence},
                           {QStringLiteral("abilities"), e.abilities},
                           {QStringLiteral("size"), QStringLiteral("\u2248 ") + bytesText(bytes)}, // catalogue.json: approximate
                           {QStringLiteral("onDisk"), present}};
    }
    return out;
}

bool HubDownloads::busy() const
{
    return m_state == State::Listing || m_state == State::Downloading || m_state == State::Paused;
}

qint64 HubDownloads::totalBytes() const
{
    qint64 n = 0;
    for (const Row &r : m_rows)
        n += r.size;
    return n;
}

qint64 HubDownloads::doneBytes() const
{
    qint64 n = 0;
    for (const Row &r : m_rows)
        n += r.done;
    return n;
}

int HubDownloads::secondsLeft() const
{
    if (m_state != State::Downloading || m_speed <= 0)
        return -1;
    return int(double(totalBytes() - doneBytes()) / m_speed + 0.5);
}

QString HubDownloads::bytesText(qint64 bytes) const
{
    return WeightFormatList::memoryText(bytes);
}

QString HubDownloads::durationText(int seconds) const
{
    if (seconds >= 3600)
        return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    if (seconds >= 60)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 s").arg(seconds);
}

void HubDownloads::dropPull()
{
    if (!m_pull)
        return;
    HubPull *pull = m_pull;
    m_pull = nullptr;
    // deleted on its own thread, where its transfers live; it stops them and keeps the partial files
    QMetaObject::invokeMethod(pull, [pull] { delete pull; }, Qt::BlockingQueuedConnection);
}

void HubDownloads::pull(const QString &repoId)
{
    const QString id = repoId.trimmed();
    if (m_pull && busy())
        cancel();
    dropPull();
    beginResetModel();
    m_rows.clear();
    endResetModel();
    m_repoId = id;
    m_samples.clear();
    m_speed = 0;
    m_modelFolder.clear();
    if (id.count(QLatin1Char('/')) != 1 || id.startsWith(QLatin1Char('/')) || id.endsWith(QLatin1Char('/'))) {
        applyState(State::Failed, tr("“%1” is not a model id: write it as owner/name, e.g. microsoft/Florence-2-base.").arg(id), {});
        return;
    }
    applyState(State::Listing, {}, {});
    HubPullOptions where;
    where.endpoint = m_endpoint;
    if (!m_token.isEmpty() || !where.effectiveToken().isEmpty()) {
        startPull(id, m_token);
        return;
    }
    ApiKeyStore::instance()->read(where.effectiveEndpoint(), [this, id, guard = QPointer<HubDownloads>(this)](
                                                                  const ApiKeyStore::Result &stored) {
        if (guard && m_repoId == id && m_state == State::Listing && !m_pull)
            startPull(id, stored.key);
    });
}

void HubDownloads::storeToken(const QString &token)
{
    HubPullOptions where;
    where.endpoint = m_endpoint;
    ApiKeyStore::instance()->write(where.effectiveEndpoint(), token.trimmed());
}

void HubDownloads::startPull(const QString &id, const QString &token)
{
    HubPullOptions options;
    options.repoId = id;
    options.endpoint = m_endpoint;
    options.cacheDir = m_cacheDir;
    options.token = token;
    auto *pull = new HubPull(options, &unsupported);
    pull->moveToThread(&m_thread);
    m_pull = pull;
    HubDownloads *self = this;
    // each report is copied on the download thread and applied here, on the GUI thread
    connect(pull, &HubPull::listed, pull, [self, pull] {
        QList<Row> rows;
        for (int i = 0; i < pull->fileCount(); ++i)
            rows.append({pull->file(i).path, pull->file(i).size, pull->fileDone(i)});
        QMetaObject::invokeMethod(self, [self, pull, rows] {
            if (self->m_pull == pull)
                self->applyListing(rows);
        }, Qt::QueuedConnection);
    });
    auto reportProgress = [self, pull, last = std::make_shared<QElapsedTimer>()](bool always) {
        if (!always && last->isValid() && last->elapsed() < 100)
            return;
        last->start();
        QList<qint64> done;
        for (int i = 0; i < pull->fileCount(); ++i)
            done << pull->fileDone(i);
        QMetaObject::invokeMethod(self, [self, pull, done] {
            if (self->m_pull == pull)
                self->applyProgress(done);
        }, Qt::QueuedConnection);
    };
    connect(pull, &HubPull::progressed, pull, [reportProgress] { reportProgress(false); });
    connect(pull, &HubPull::fileFinished, pull, [reportProgress] { reportProgress(true); });
    connect(pull, &HubPull::stateChanged, pull, [self, pull, reportProgress](HubPull::State s) {
        reportProgress(true);
        const QString error = pull->error(), folder = pull->modelFolder();
        QMetaObject::invokeMethod(self, [self, pull, s, error, folder] {
            if (self->m_pull == pull)
                self->applyState(State(int(s)), error, folder);
        }, Qt::QueuedConnection);
    });
    QMetaObject::invokeMethod(pull, &HubPull::start, Qt::QueuedConnection);
}

void HubDownloads::pause()
{
    if (m_pull)
        QMetaObject::invokeMethod(m_pull, &HubPull::pause, Qt::QueuedConnection);
}

void HubDownloads::resume()
{
    if (m_pull)
        QMetaObject::invokeMethod(m_pull, &HubPull::resume, Qt::QueuedConnection);
}

void HubDownloads::cancel()
{
    if (m_pull)
        QMetaObject::invokeMethod(m_pull, &HubPull::cancel, Qt::QueuedConnection);
}

void HubDownloads::applyListing(const QList<Row> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
    emit progressChanged();
}

void HubDownloads::applyProgress(const QList<qint64> &done)
{
    for (int i = 0; i < done.size() && i < m_rows.size(); ++i)
        if (m_rows[i].done != done[i]) {
            m_rows[i].done = done[i];
            emit dataChanged(index(i), index(i), {int(Role::Done), int(Role::Complete)});
        }
    const qint64 now = m_clock.elapsed();
    m_samples.append({now, doneBytes()});
    while (m_samples.size() > 2 && now - m_samples.first().first > kSpeedWindowMs)
        m_samples.removeFirst();
    const auto &first = m_samples.first();
    m_speed = now - first.first >= 200 ? double(doneBytes() - first.second) * 1000.0 / double(now - first.first) : 0;
    emit progressChanged();
}

void HubDownloads::applyState(State state, const QString &error, const QString &folder)
{
    m_state = state;
    m_error = error;
    m_modelFolder = folder;
    if (state != State::Downloading) {
        m_samples.clear();
        m_speed = 0;
    }
    emit changed();
    emit progressChanged();
    if (state == State::Finished) {
        emit catalogueChanged();
        emit modelReady(folder);
    }
}
