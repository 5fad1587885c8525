#pragma once

#include <QAbstractListModel>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class QNetworkAccessManager;
class QNetworkReply;

// The models an OpenAI-compatible server offers (GET /v1/models), for the model picker. Asynchronous:
// set serverUrl, call refresh(), watch loading and errorText. The API key comes from the key store
// (ApiKeyStore, where RemoteServerSettings.setApiKey puts it), never through QML properties.
class RemoteModelList : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString serverUrl READ serverUrl WRITE setServerUrl NOTIFY serverUrlChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int timeoutSeconds READ timeoutSeconds WRITE setTimeoutSeconds NOTIFY timeoutSecondsChanged)

public:
    enum class Role {
        ModelId = Qt::UserRole + 1, // the name to send ("Qwen/Qwen2.5-VL-7B-Instruct")
        Dialect,                    // region dialect picked from the name ("qwen2.5-vl"; "" when none fits)
        DialectName,                // its display name ("Qwen2.5-VL")
        OwnedBy,                    // the server's "owned_by" field, when it sends one
    };
    Q_ENUM(Role)

    explicit RemoteModelList(QObject *parent = nullptr);
    ~RemoteModelList() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString serverUrl() const { return m_serverUrl; }
    void setServerUrl(const QString &url);
    [[nodiscard]] bool loading() const { return m_readingKey || !m_reply.isNull(); }
    [[nodiscard]] QString errorText() const { return m_errorText; }
    [[nodiscard]] int timeoutSeconds() const { return m_timeoutSeconds; }
    void setTimeoutSeconds(int s);

    // Asks the server for its models; a running request is replaced.
    Q_INVOKABLE void refresh();
    // The model id at `row` ("" when out of range), for a picker's choice.
    Q_INVOKABLE QString modelAt(int row) const;
    // The dialect GroundChat would pick for a model name ("" when none fits), shown next to the choice.
    Q_INVOKABLE QString dialectFor(const QString &modelName) const;

signals:
    void serverUrlChanged();
    void loadingChanged();
    void errorTextChanged();
    void countChanged();
    void timeoutSecondsChanged();
    void refreshed(); // a refresh ended, with models or with errorText

private:
    struct Item {
        QString id;
        QString ownedBy;
        QString dialect;
        QString dialectName;
    };
    void request(const QUrl &base, const QString &key);
    void finished(QNetworkReply *reply);
    void publish(const QList<Item> &items, const QString &error);
    void setError(const QString &text);

    QString m_serverUrl;
    QString m_errorText;
    QString m_keyWarning; // for the server of the running refresh
    int m_timeoutSeconds = 10;
    QList<Item> m_items;
    quint64 m_refreshes = 0;
    bool m_readingKey = false;
    QNetworkAccessManager *m_network = nullptr;
    QPointer<QNetworkReply> m_reply;
};
