#include "hubrevision.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <stdexcept>

HubRevision parseHubRevision(const QString &repoId, const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonObject o = QJsonDocument::fromJson(json, &error).object();
    if (error.error != QJsonParseError::NoError || !o.value(QLatin1String("sha")).isString())
        throw std::runtime_error(
            QCoreApplication::translate("Hub", "The answer for %1 is not a model revision: is the endpoint a Hugging Face Hub?")
                .arg(repoId)
                .toStdString());
    HubRevision r;
    r.repoId = repoId;
    r.commit = o.value(QLatin1String("sha")).toString();
    const QJsonValue gated = o.value(QLatin1String("gated"));
    r.gated = gated.isString() ? gated.toString() : QString();
    for (const QJsonValue &v : o.value(QLatin1String("siblings")).toArray()) {
        const QJsonObject s = v.toObject();
        HubFile f;
        f.path = s.value(QLatin1String("rfilename")).toString();
        f.size = s.value(QLatin1String("size")).toInteger(-1);
        f.blobId = s.value(QLatin1String("blobId")).toString();
        const QJsonObject lfs = s.value(QLatin1String("lfs")).toObject();
        f.sha256 = lfs.value(QLatin1String("sha256")).toString();
        if (!lfs.isEmpty())
            f.size = lfs.value(QLatin1String("size")).toInteger(f.size);
        // a path that climbs out of the snapshot would write outside the cache
        if (f.path.isEmpty() || f.path.startsWith(QLatin1Char('/')) || f.path.split(QLatin1Char('/')).contains(QLatin1String("..")))
            throw std::runtime_error(
                QCoreApplication::translate("Hub", "The Hub listed an unsafe file name: %1").arg(f.path).toStdString());
        if (f.size < 0 || f.etag().isEmpty())
            throw std::runtime_error(QCoreApplication::translate(
                                         "Hub", "The Hub's answer has no size or checksum for %1: is the endpoint a Hugging Face Hub?")
                                         .arg(f.path)
                                         .toStdString());
        r.files << f;
    }
    return r;
}

QString hubErrorMessage(const QString &endpoint, const QString &repoId, const QString &revision, const QString &what,
                        int status, const QByteArray &errorCode, bool hadToken)
{
    const QString page = endpoint + QLatin1Char('/') + repoId;
    if (errorCode == "GatedRepo" || (status == 401 && errorCode.isEmpty()) || status == 403) {
        if (!hadToken)
            return QCoreApplication::translate("Hub", "%1 is a gated model: accept its licence at %2, then give a "
                                                      "Hugging Face access token (HF_TOKEN, --token, or the token "
                                                      "field of Model ▸ Get models…).")
                .arg(repoId, page);
        return QCoreApplication::translate("Hub", "Your Hugging Face token has no access to %1: accept its licence "
                                                  "at %2 with the account the token belongs to.")
            .arg(repoId, page);
    }
    if (errorCode == "RevisionNotFound")
        return QCoreApplication::translate("Hub", "%1 has no revision “%2”.").arg(repoId, revision);
    if (errorCode == "EntryNotFound")
        return QCoreApplication::translate("Hub", "%1 has no file %2 at “%3”.").arg(repoId, what, revision);
    if (errorCode == "RepoNotFound" || status == 401 || status == 404)
        return hadToken ? QCoreApplication::translate("Hub", "There is no model %1 on %2.").arg(repoId, endpoint)
                        : QCoreApplication::translate("Hub", "There is no model %1 on %2 (if it is private, give a "
                                                             "Hugging Face access token).")
                              .arg(repoId, endpoint);
    return QCoreApplication::translate("Hub", "%1 answered HTTP %2 for %3.").arg(endpoint).arg(status).arg(what);
}
