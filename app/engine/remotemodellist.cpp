#include "remotemodellist.h"

#include "apikeystore.h"
#include "openaiprotocol.h"
#include "serverorigin.h"

#include "dialects/registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

RemoteModelList::RemoteModelList(QObject *parent) : QAbstractListModel(parent), m_network(new QNetworkAccessManager(this))
{
}

RemoteModelList::~RemoteModelList()
{
    if (m_reply)
        m_reply->abort();
}

int RemoteModelList::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_items.size()); }

QVariant RemoteModelList::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item &item = m_items[index.row()];
    switch (Role(role)) {
    case Role::ModelId: return item.id;
    case Role::Dialect: return item.dialect;
    case Role::DialectName: return item.dialectName;
    case Role::OwnedBy: return item.ownedBy;
    }
    return role == Qt::DisplayRole ? QVariant(item.id) : QVariant();
}

QHash<int, QByteArray> RemoteModelList::roleNames() const
{
    return {{int(Role::ModelId), "modelId"},
            {int(Role::Dialect), "dialect"},
            {int(Role::DialectName), "dialectName"},
            {int(Role::OwnedBy), "ownedBy"}};
}

void RemoteModelList::setServerUrl(const QString &url)
{
    if (url == m_serverUrl)
        return;
    m_serverUrl = url;
    emit serverUrlChanged();
}

void RemoteModelList::setTimeoutSeconds(int s)
{
    if (s == m_timeoutSeconds || s <= 0)
        return;
    m_timeoutSeconds = s;
    emit timeoutSecondsChanged();
}

QString RemoteModelList::dialectFor(const QString &modelName) const
{
    const gc::Dialect *d = gc::dialects::forModelName(modelName.toStdString());
    return d ? QString::fromStdString(d->info().id) : QString();
}

QString RemoteModelList::modelAt(int row) const { return row >= 0 && row < m_items.size() ? m_items[row].id : QString(); }

void RemoteModelList::setError(const QString &text)
{
    if (text == m_errorText)
        return;
    m_errorText = text;
    emit errorTextChanged();
}

void RemoteModelList::refresh()
{
    if (m_reply) {
        QNetworkReply *old = m_reply;
        m_reply = nullptr;
        old->disconnect(this);
        old->abort();
        old->deleteLater();
    }
    const quint64 refresh = ++m_refreshes; // a key still being read is for a refresh now replaced
    m_readingKey = false;
    const QUrl base = QUrl::fromUserInput(m_serverUrl.trimmed());
    if (!base.isValid() || base.host().isEmpty()) {
        setError(tr("Enter the server's address, e.g. http://localhost:8000"));
        emit loadingChanged();
        emit refreshed();
        return;
    }
    m_readingKey = true;
    setError({});
    emit loadingChanged();
    // the keyring may ask the user to unlock it first
    ApiKeyStore::instance()->read(m_serverUrl, [self = QPointer(this), refresh, base](const ApiKeyStore::Result &key) {
        if (!self || refresh != self->m_refreshes)
            return;
        self->m_readingKey = false;
        if (key.error.isEmpty())
            self->request(base, key.key);
        else
            self->publish({}, key.error);
    });
}

void RemoteModelList::request(const QUrl &base, const QString &key)
{
    QNetworkRequest request(openai::endpoint(base, QStringLiteral("models")));
    request.setTransferTimeout(m_timeoutSeconds * 1000);
    ServerOrigin::guard(&request);
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    m_keyWarning = key.isEmpty() ? QString() : ServerOrigin::plainTextKeyWarning(base);
    QNetworkReply *reply = m_network->get(request);
    ServerOrigin::watch(reply);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finished(reply); });
}

void RemoteModelList::finished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const QByteArray body = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QList<Item> items;
    QString error;
    if (const QString refused = ServerOrigin::refusal(reply); !refused.isEmpty()) {
        error = refused;
    } else if (status == 0) {
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError: error = tr("The server refused the connection. Is it running?"); break;
        case QNetworkReply::HostNotFoundError: error = tr("The server's address could not be found."); break;
        case QNetworkReply::OperationCanceledError: error = tr("The server did not answer in time."); break;
        default: error = tr("The server could not be reached: %1").arg(reply->errorString());
        }
    } else if (status == 401 || status == 403) {
        error = tr("The server refused the API key (HTTP %1): %2").arg(status).arg(openai::serverErrorMessage(body));
    } else if (status >= 400) {
        error = tr("The server answered with an error (HTTP %1): %2").arg(status).arg(openai::serverErrorMessage(body));
    } else {
        QStringList ids;
        QString why;
        if (!openai::parseModelList(body, &ids, &why)) {
            error = tr("This does not look like an OpenAI-compatible server.");
        } else {
            const QJsonArray data = QJsonDocument::fromJson(body).object().value(QStringLiteral("data")).toArray();
            for (const QJsonValue &v : data) {
                Item item;
                item.id = v.toObject().value(QStringLiteral("id")).toString();
                if (item.id.isEmpty())
                    continue;
                item.ownedBy = v.toObject().value(QStringLiteral("owned_by")).toString();
                if (const gc::Dialect *d = gc::dialects::forModelName(item.id.toStdString())) {
                    item.dialect = QString::fromStdString(d->info().id);
                    item.dialectName = QString::fromStdString(d->info().displayName);
                }
                items << item;
            }
        }
    }
    // the dialog shows errorText in red next to the models: where the key would cross the network in
    // plain text, that is where the user must see it before choosing "Use"
    publish(items, error.isEmpty() ? m_keyWarning : error);
}

void RemoteModelList::publish(const QList<Item> &items, const QString &error)
{
    beginResetModel();
    m_items = items;
    endResetModel();
    emit countChanged();
    setError(error);
    emit loadingChanged();
    emit refreshed();
}
