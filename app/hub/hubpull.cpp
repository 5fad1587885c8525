#include "hubpull.h"

#include "hubfilechoice.h"
#include "io/hf_cache.h"
#include "serverorigin.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>
#include <QStorageInfo>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <stdexcept>

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name).trimmed();
}

// The nearest folder that exists, to ask its file system for free space before anything is created.
QString existingAncestor(QString path)
{
    while (!path.isEmpty() && !QFileInfo::exists(path))
        path = QFileInfo(path).absolutePath() == path ? QString() : QFileInfo(path).absolutePath();
    return path.isEmpty() ? QDir::rootPath() : path;
}

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

QString HubPullOptions::effectiveEndpoint() const
{
    QString e = !endpoint.isEmpty() ? endpoint : env("HF_ENDPOINT");
    if (e.isEmpty())
        e = QStringLiteral("https://huggingface.co");
    while (e.endsWith(QLatin1Char('/')))
        e.chop(1);
    return e;
}

QString HubPullOptions::effectiveToken() const
{
    return !token.isEmpty() ? token : env("HF_TOKEN");
}

QString HubPullOptions::effectiveCacheDir() const
{
    return !cacheDir.isEmpty() ? cacheDir : QString::fromStdString(gc::io::hfHubCacheDir());
}

struct HubPull::Job {
    int index = 0;
    HubFile file;
    qint64 done = 0;
    bool complete = false;
    bool waiting = false;  // a retry is due after its backoff
    bool aborting = false; // we closed the transfer ourselves
    bool progressThisTry = false;
    int tries = 0;
    int redirects = 0;
    QNetworkReply *reply = nullptr;
    QFile out;
    std::optional<QCryptographicHash> hash;

    void resetHash()
    {
        hash.emplace(file.sha256.isEmpty() ? QCryptographicHash::Sha1 : QCryptographicHash::Sha256);
        if (file.sha256.isEmpty()) // a git blob id covers a header, then the content
            hash->addData(QByteArray("blob ") + QByteArray::number(file.size) + '\0');
    }
};

HubPull::HubPull(HubPullOptions options, ConfigCheck check, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_check(std::move(check))
{
}

HubPull::~HubPull()
{
    stopTransfers();
}

const HubFile &HubPull::file(int index) const
{
    return m_jobs.at(size_t(index))->file;
}

qint64 HubPull::fileDone(int index) const
{
    return m_jobs.at(size_t(index))->done;
}

qint64 HubPull::totalBytes() const
{
    qint64 n = 0;
    for (const auto &j : m_jobs)
        n += j->file.size;
    return n;
}

qint64 HubPull::doneBytes() const
{
    qint64 n = 0;
    for (const auto &j : m_jobs)
        n += j->done;
    return n;
}

void HubPull::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
    if (state == State::Finished || state == State::Failed || state == State::Cancelled)
        emit ended();
}

void HubPull::fail(const QString &message)
{
    if (m_state == State::Failed || m_state == State::Cancelled || m_state == State::Finished)
        return;
    stopTransfers();
    m_error = message;
    setState(State::Failed);
}

void HubPull::start()
{
    if (m_state != State::Idle)
        return;
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    setState(State::Listing);
    requestListing();
}

void HubPull::requestListing()
{
    const QString endpoint = m_options.effectiveEndpoint();
    QNetworkRequest request(QUrl(endpoint + QLatin1String("/api/models/") + m_options.repoId +
                                 QLatin1String("/revision/") +
                                 QString::fromLatin1(QUrl::toPercentEncoding(m_options.revision)) +
                                 QLatin1String("?blobs=true")));
    if (const QString token = m_options.effectiveToken(); !token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setTransferTimeout(m_options.idleTimeoutMs);
    ServerOrigin::guard(&request);
    m_listing = m_network->get(request);
    ServerOrigin::watch(m_listing);
    connect(m_listing, &QNetworkReply::finished, this, [this, reply = m_listing] { onListed(reply); });
}

void HubPull::onListed(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_listing)
        return;
    m_listing = nullptr;
    if (m_state != State::Listing)
        return;
    const int status = statusOf(reply);
    const QString endpoint = m_options.effectiveEndpoint();
    const bool hadToken = !m_options.effectiveToken().isEmpty();
    if ((status >= 500 || status == 0) && ++m_listingTries <= m_options.retries) {
        QTimer::singleShot(m_options.backoffMs << qMin(m_listingTries - 1, 6), this, [this] {
            if (m_state == State::Listing)
                requestListing();
        });
        return;
    }
    if (status >= 500 || status == 0) {
        fail(tr("Cannot reach %1: %2").arg(endpoint, status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString()));
        return;
    }
    if (const QString refused = ServerOrigin::refusal(reply); !refused.isEmpty()) {
        fail(refused);
        return;
    }
    if (status != 200) {
        fail(hubErrorMessage(endpoint, m_options.repoId, m_options.revision, QStringLiteral("api"), status,
                             reply->rawHeader("X-Error-Code"), hadToken));
        return;
    }
    QList<HubFile> files;
    try {
        m_revision = parseHubRevision(m_options.repoId, reply->readAll());
        files = chooseHubFiles(m_revision);
    } catch (const std::exception &e) {
        fail(QString::fromStdString(e.what()));
        return;
    }
    // the listing of a gated repository is public; its files are not: say so before any download
    if (!m_revision.gated.isEmpty() && !hadToken) {
        fail(hubErrorMessage(endpoint, m_options.repoId, m_options.revision, QStringLiteral("config.json"), 401,
                             "GatedRepo", false));
        return;
    }
    m_target = m_options.folder.isEmpty() ? HubTarget::cache(m_options.effectiveCacheDir(), m_options.repoId)
                                          : HubTarget::folder(m_options.folder);
    qint64 needed = 0;
    QSet<QString> etags;
    for (const HubFile &f : files) {
        // files with the same content share one blob: it is fetched once
        if (etags.contains(f.etag()))
            continue;
        etags.insert(f.etag());
        auto job = std::make_unique<Job>();
        job->index = int(m_jobs.size());
        job->file = f;
        if (QFileInfo(m_target->blobPath(f)).size() == f.size && QFileInfo::exists(m_target->blobPath(f))) {
            job->complete = true; // kept by an earlier pull (blobs are only kept once verified)
            job->done = f.size;
        } else {
            needed += f.size - qMin(f.size, QFileInfo(m_target->tempPath(f)).size());
        }
        m_jobs.push_back(std::move(job));
    }
    const QStorageInfo disk(existingAncestor(m_target->storeDir()));
    if (disk.isValid() && disk.bytesAvailable() < needed) {
        const QLocale locale;
        fail(tr("Not enough disk space for %1: it needs %2, %3 has %4 free.")
                 .arg(m_options.repoId, locale.formattedDataSize(needed), disk.rootPath(),
                      locale.formattedDataSize(disk.bytesAvailable())));
        return;
    }
    if (!QDir().mkpath(m_target->storeDir())) {
        fail(tr("Cannot create %1.").arg(m_target->storeDir()));
        return;
    }
    emit listed();
    setState(State::Downloading);
    if (m_jobs.front()->complete)
        checkConfig(*m_jobs.front());
    schedule();
}

int HubPull::running() const
{
    return int(std::count_if(m_jobs.begin(), m_jobs.end(), [](const auto &j) { return j->reply != nullptr; }));
}

void HubPull::schedule()
{
    if (m_state != State::Downloading)
        return;
    if (std::all_of(m_jobs.begin(), m_jobs.end(), [](const auto &j) { return j->complete; })) {
        try {
            m_modelFolder = m_target->publish(m_revision, chooseHubFiles(m_revision), m_options.revision);
        } catch (const std::exception &e) {
            fail(QString::fromStdString(e.what()));
            return;
        }
        setState(State::Finished);
        return;
    }
    // config.json alone first: nothing big is fetched for a model that cannot run
    const int limit = m_configChecked ? qMax(1, m_options.concurrency) : 1;
    for (auto &j : m_jobs) {
        if (running() >= limit)
            break;
        if (!j->complete && !j->waiting && !j->reply)
            startJob(*j);
        if (!m_configChecked || m_state != State::Downloading)
            break;
    }
}

void HubPull::startJob(Job &job)
{
    const QString temp = m_target->tempPath(job.file);
    job.out.close();
    job.out.setFileName(temp);
    if (!job.out.open(QIODevice::ReadWrite)) {
        fail(tr("Cannot write %1: %2").arg(temp, job.out.errorString()));
        return;
    }
    if (job.out.size() > job.file.size)
        job.out.resize(0);
    // what an earlier try, a pause or an earlier run left: hashed again, then continued from its end
    job.resetHash();
    job.out.seek(0);
    while (!job.out.atEnd())
        job.hash->addData(job.out.read(1 << 20));
    job.done = job.out.size();
    if (job.done == job.file.size) {
        if (keep(job))
            QTimer::singleShot(0, this, &HubPull::schedule);
        return;
    }
    const QString url = m_options.effectiveEndpoint() + QLatin1Char('/') + m_options.repoId + QLatin1String("/resolve/") +
                        m_revision.commit + QLatin1Char('/') +
                        QString::fromLatin1(QUrl::toPercentEncoding(job.file.path, "/"));
    job.aborting = false;
    job.progressThisTry = false;
    job.redirects = 0;
    send(job, QUrl(url));
}

void HubPull::send(Job &job, const QUrl &url)
{
    QNetworkRequest request(url);
    // The token goes to the Hub's own origin only: the storage its LFS redirects lead to gets a signed URL
    // (curl and Python requests drop credentials on such a redirect too), so redirects are followed here.
    const QString token = m_options.effectiveToken();
    if (!token.isEmpty() && ServerOrigin::same(url, QUrl(m_options.effectiveEndpoint())))
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setRawHeader("Accept-Encoding", "identity"); // byte ranges of the file, not of a compressed form
    if (job.done > 0)
        request.setRawHeader("Range", "bytes=" + QByteArray::number(job.done) + '-');
    request.setTransferTimeout(m_options.idleTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    job.reply = m_network->get(request);
    job.reply->setProperty("ranged", job.done > 0);
    connect(job.reply, &QNetworkReply::readyRead, this, [this, &job] { onBytes(job); });
    connect(job.reply, &QNetworkReply::finished, this, [this, &job] { onJobEnded(job); });
}

void HubPull::onBytes(Job &job)
{
    QNetworkReply *reply = job.reply;
    const int status = statusOf(reply);
    if (status != 200 && status != 206)
        return; // an error page: not part of the file
    if (status == 200 && reply->property("ranged").toBool()) {
        // the server ignored the Range: the whole file comes again
        reply->setProperty("ranged", false);
        job.out.resize(0);
        job.done = 0;
        job.resetHash();
    }
    const QByteArray bytes = reply->readAll();
    if (job.done + bytes.size() > job.file.size) {
        fail(tr("%1 is larger than the %2 bytes the Hub lists for it; the download was removed.")
                 .arg(job.file.path)
                 .arg(job.file.size));
        job.out.remove();
        return;
    }
    job.out.seek(job.done);
    if (job.out.write(bytes) != bytes.size()) {
        fail(tr("Cannot write %1: %2").arg(job.out.fileName(), job.out.errorString()));
        return;
    }
    job.hash->addData(bytes);
    job.done += bytes.size();
    job.progressThisTry = job.progressThisTry || !bytes.isEmpty();
    emit progressed();
}

void HubPull::onJobEnded(Job &job)
{
    QNetworkReply *reply = job.reply;
    if (!job.aborting && m_state == State::Downloading && reply->bytesAvailable() > 0)
        onBytes(job);
    job.reply = nullptr;
    reply->deleteLater();
    if (job.aborting || m_state != State::Downloading)
        return;
    job.out.flush();
    const int status = statusOf(reply);
    if (status >= 300 && status < 400 && reply->hasRawHeader("Location")) {
        const QUrl target = reply->url().resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
        if (++job.redirects > 10 || !target.isValid()) {
            fail(tr("Too many redirects for %1.").arg(job.file.path));
            return;
        }
        send(job, target);
        return;
    }
    if (status == 401 || status == 403 || status == 404) {
        fail(hubErrorMessage(m_options.effectiveEndpoint(), m_options.repoId, m_options.revision, job.file.path,
                             status, reply->rawHeader("X-Error-Code"), !m_options.effectiveToken().isEmpty()));
        return;
    }
    if (status == 416) { // the range no longer fits (the partial file is stale): from the start
        job.out.resize(0);
        retry(job, reply->errorString());
        return;
    }
    if (reply->error() != QNetworkReply::NoError || status >= 500 || job.done < job.file.size) {
        retry(job, status >= 400 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
        return;
    }
    if (status != 200 && status != 206) {
        fail(hubErrorMessage(m_options.effectiveEndpoint(), m_options.repoId, m_options.revision, job.file.path,
                             status, reply->rawHeader("X-Error-Code"), !m_options.effectiveToken().isEmpty()));
        return;
    }
    if (keep(job))
        schedule();
}

void HubPull::retry(Job &job, const QString &why)
{
    if (job.progressThisTry)
        job.tries = 0; // a flaky link that still moves the file on is not given up on
    if (++job.tries > m_options.retries) {
        fail(tr("Could not download %1 after %2 tries: %3").arg(job.file.path).arg(job.tries).arg(why));
        return;
    }
    job.waiting = true;
    QTimer::singleShot(m_options.backoffMs << qMin(job.tries - 1, 6), this, [this, &job] {
        job.waiting = false;
        schedule();
    });
}

bool HubPull::keep(Job &job)
{
    job.out.close();
    const QString got = QString::fromLatin1(job.hash->result().toHex());
    const QString want = job.file.sha256.isEmpty() ? job.file.blobId : job.file.sha256;
    if (got.compare(want, Qt::CaseInsensitive) != 0) {
        job.out.remove(); // nothing that looks like the file stays behind
        job.done = 0;
        fail(tr("Checksum mismatch for %1: the Hub lists %2, the download has %3. The download was removed; "
                "try again.")
                 .arg(job.file.path, want, got));
        return false;
    }
    const QString blob = m_target->blobPath(job.file);
    QFile::remove(blob);
    if (!QFile::rename(job.out.fileName(), blob)) {
        fail(tr("Cannot write %1.").arg(blob));
        return false;
    }
    job.complete = true;
    emit fileFinished(job.index);
    if (job.index == 0)
        checkConfig(job);
    return m_state == State::Downloading;
}

void HubPull::checkConfig(Job &job)
{
    QFile config(m_target->blobPath(job.file));
    if (!config.open(QIODevice::ReadOnly)) {
        fail(tr("Cannot read %1.").arg(config.fileName()));
        return;
    }
    if (const QString why = m_check ? m_check(config.readAll()) : QString(); !why.isEmpty()) {
        fail(tr("%1 cannot run in GroundChat: %2").arg(m_options.repoId, why));
        return;
    }
    m_configChecked = true;
}

void HubPull::stopTransfers()
{
    if (m_listing) {
        m_listing->disconnect(this);
        m_listing->abort();
        m_listing->deleteLater();
        m_listing = nullptr;
    }
    for (auto &j : m_jobs)
        if (QNetworkReply *r = j->reply) {
            j->aborting = true;
            j->reply = nullptr;
            r->disconnect(this);
            r->abort();
            r->deleteLater();
            j->out.close();
        }
}

void HubPull::pause()
{
    if (m_state != State::Downloading)
        return;
    stopTransfers();
    setState(State::Paused);
}

void HubPull::resume()
{
    if (m_state != State::Paused)
        return;
    setState(State::Downloading);
    for (auto &j : m_jobs)
        j->waiting = false;
    schedule();
}

void HubPull::cancel()
{
    if (m_state == State::Finished || m_state == State::Failed || m_state == State::Cancelled)
        return;
    stopTransfers();
    for (auto &j : m_jobs)
        if (!j->complete && m_target) {
            QFile::remove(m_target->tempPath(j->file));
            j->done = 0;
        }
    setState(State::Cancelled);
}
