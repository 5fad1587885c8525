#pragma once

// Model ▸ Get models…: one download from the Hugging Face Hub (or a mirror) at a time, for the view. The
// pull (HubPull) runs on a thread of its own, so that hashing and writing never hold up the GUI and a
// download goes on while the user chats; this model shows its files (rows), the totals, the speed and the
// time left, and forwards pause, resume and cancel.
#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QList>
#include <QThread>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <utility>

class HubPull;

class HubDownloads : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    // "": HF_ENDPOINT, else https://huggingface.co; "": the Hugging Face cache (HF_HUB_CACHE…)
    Q_PROPERTY(QString endpoint READ endpoint WRITE setEndpoint NOTIFY settingsChanged)
    Q_PROPERTY(QString cacheDir READ cacheDir WRITE setCacheDir NOTIFY settingsChanged)
    // For gated models, this session only; "" uses HF_TOKEN, else the token kept with storeToken().
    Q_PROPERTY(QString token WRITE setToken READ token NOTIFY settingsChanged)
    // The curated models: repoId, architecture, parameters, licence, abilities, size, onDisk.
    Q_PROPERTY(QVariantList catalogue READ catalogue NOTIFY catalogueChanged)
    Q_PROPERTY(QString repoId READ repoId NOTIFY changed)
    Q_PROPERTY(State state READ state NOTIFY changed)
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    Q_PROPERTY(qint64 totalBytes READ totalBytes NOTIFY progressChanged)
    Q_PROPERTY(qint64 doneBytes READ doneBytes NOTIFY progressChanged)
    Q_PROPERTY(double bytesPerSecond READ bytesPerSecond NOTIFY progressChanged)
    Q_PROPERTY(int secondsLeft READ secondsLeft NOTIFY progressChanged) // -1 while unknown
    Q_PROPERTY(QString error READ error NOTIFY changed)
    Q_PROPERTY(QString modelFolder READ modelFolder NOTIFY changed)

public:
    enum class State { Idle, Listing, Downloading, Paused, Finished, Failed, Cancelled };
    Q_ENUM(State)
    enum class Role { Path = Qt::UserRole + 1, Size, Done, Complete };
    Q_ENUM(Role)

    explicit HubDownloads(QObject *parent = nullptr);
    ~HubDownloads() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString endpoint() const { return m_endpoint; }
    void setEndpoint(const QString &endpoint);
    [[nodiscard]] QString cacheDir() const { return m_cacheDir; }
    void setCacheDir(const QString &dir);
    [[nodiscard]] QString token() const { return m_token; }
    void setToken(const QString &token);
    [[nodiscard]] QVariantList catalogue() const;
    [[nodiscard]] QString repoId() const { return m_repoId; }
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool busy() const;
    [[nodiscard]] qint64 totalBytes() const;
    [[nodiscard]] qint64 doneBytes() const;
    [[nodiscard]] double bytesPerSecond() const { return m_speed; }
    [[nodiscard]] int secondsLeft() const;
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] QString modelFolder() const { return m_modelFolder; }

    // Starts pulling `repoId` ("owner/name"); a pull still running is cancelled first.
    Q_INVOKABLE void pull(const QString &repoId);
    Q_INVOKABLE void pause();
    Q_INVOKABLE void resume();
    Q_INVOKABLE void cancel();
    // Keeps a token for the endpoint where the app keeps API keys (the keyring, else the settings file);
    // "" removes it. Never in a session file or a log.
    Q_INVOKABLE void storeToken(const QString &token);
    // "1.2 GB", "350 kB" for the view.
    Q_INVOKABLE QString bytesText(qint64 bytes) const;
    // "1 h 5 min", "3 min 20 s", "12 s".
    Q_INVOKABLE QString durationText(int seconds) const;

signals:
    void settingsChanged();
    void catalogueChanged();
    void changed();
    void progressChanged();
    // A model finished downloading and is in `folder`: the picker shows it from now on.
    void modelReady(const QString &folder);

private:
    struct Row {
        QString path;
        qint64 size = 0;
        qint64 done = 0;
    };
    void dropPull();
    void startPull(const QString &repoId, const QString &token);
    void applyListing(const QList<Row> &rows);
    void applyProgress(const QList<qint64> &done);
    void applyState(State state, const QString &error, const QString &folder);

    QString m_endpoint, m_cacheDir, m_token;
    QThread m_thread;
    HubPull *m_pull = nullptr; // lives on m_thread
    QString m_repoId;
    State m_state = State::Idle;
    QList<Row> m_rows;
    QString m_error, m_modelFolder;
    QElapsedTimer m_clock;
    QList<std::pair<qint64, qint64>> m_samples; // (ms, done bytes) over the last seconds, for the speed
    double m_speed = 0;
};
