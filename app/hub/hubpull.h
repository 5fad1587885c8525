#pragma once

// One model pulled from the Hugging Face Hub (or a mirror) as huggingface_hub does it: the revision's file
// list and commit from the API, then {endpoint}/{repo}/resolve/{commit}/{file} for each chosen file,
// following the Hub's redirects to its LFS storage. Files download several at a time to temporary names,
// resume with HTTP Range after a cut connection, a pause or a restart, are checked against the listed size
// and checksum (LFS sha256, git blob sha1) and only then kept; 5xx answers and timeouts are retried with
// backoff. config.json comes first so that a model GroundChat cannot run fails before the big files.
//
// It runs on whichever thread owns it (the app moves it off the GUI thread; the CLI runs it in main()).
// The token goes into the Authorization header and nowhere else.
#include "hubrevision.h"
#include "hubtarget.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QUrl;

struct HubPullOptions {
    QString repoId;
    QString revision = QStringLiteral("main");
    QString endpoint;  // "": HF_ENDPOINT, else https://huggingface.co
    QString token;     // "": HF_TOKEN
    QString folder;    // "": the Hugging Face cache; else a plain folder
    QString cacheDir;  // "": HF_HUB_CACHE, HF_HOME/hub or ~/.cache/huggingface/hub
    int concurrency = 3;
    int retries = 5;         // tries after the first for one file, counted again after any progress
    int backoffMs = 1000;    // doubled at each retry
    int idleTimeoutMs = 30000;

    [[nodiscard]] QString effectiveEndpoint() const;
    [[nodiscard]] QString effectiveToken() const;
    [[nodiscard]] QString effectiveCacheDir() const;
};

class HubPull : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Listing, Downloading, Paused, Finished, Failed, Cancelled };
    Q_ENUM(State)
    // "" when the model's config.json names an architecture GroundChat runs, else why not.
    using ConfigCheck = std::function<QString(const QByteArray &config)>;

    HubPull(HubPullOptions options, ConfigCheck check, QObject *parent = nullptr);
    ~HubPull() override;

    [[nodiscard]] const HubPullOptions &options() const { return m_options; }
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] const HubRevision &revision() const { return m_revision; }
    // The blobs to fetch, one per distinct content (files with the same bytes share one).
    [[nodiscard]] int fileCount() const { return int(m_jobs.size()); }
    [[nodiscard]] const HubFile &file(int index) const;
    [[nodiscard]] qint64 fileDone(int index) const;
    [[nodiscard]] qint64 totalBytes() const;
    [[nodiscard]] qint64 doneBytes() const;
    [[nodiscard]] QString modelFolder() const { return m_modelFolder; }
    [[nodiscard]] QString error() const { return m_error; }

public slots:
    void start();
    // Stops the transfers and keeps what arrived; resume() goes on from there with Range requests.
    void pause();
    void resume();
    // Stops and removes this pull's partial files.
    void cancel();

signals:
    void stateChanged(HubPull::State state);
    void listed();                 // the files to fetch are known
    void progressed();             // bytes arrived
    void fileFinished(int index);  // a file is verified and kept
    void ended();                  // Finished, Failed or Cancelled

private:
    struct Job;
    void setState(State state);
    void fail(const QString &message);
    void requestListing();
    void onListed(QNetworkReply *reply);
    void schedule();
    void startJob(Job &job);
    void send(Job &job, const QUrl &url);
    void onBytes(Job &job);
    void onJobEnded(Job &job);
    void retry(Job &job, const QString &why);
    bool keep(Job &job);
    void checkConfig(Job &job);
    void stopTransfers();
    [[nodiscard]] int running() const;

    HubPullOptions m_options;
    ConfigCheck m_check;
    State m_state = State::Idle;
    QNetworkAccessManager *m_network = nullptr;
    QNetworkReply *m_listing = nullptr;
    int m_listingTries = 0;
    HubRevision m_revision;
    std::optional<HubTarget> m_target;
    std::vector<std::unique_ptr<Job>> m_jobs;
    bool m_configChecked = false;
    QString m_modelFolder;
    QString m_error;
};
