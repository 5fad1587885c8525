#include "hubcatalogue.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QList<HubCatalogueEntry> readCatalogue()
{
    QFile file(QStringLiteral(":/hub/catalogue.json"));
    file.open(QIODevice::ReadOnly);
    QList<HubCatalogueEntry> entries;
    for (const QJsonValue &v : QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("models")).toArray()) {
        const QJsonObject o = v.toObject();
        HubCatalogueEntry e;
        e.repoId = o.value(QLatin1String("repo")).toString();
        e.architecture = o.value(QLatin1String("architecture")).toString();
        e.parameters = o.value(QLatin1String("parameters")).toInteger();
        e.licence = o.value(QLatin1String("licence")).toString();
        e.abilities = o.value(QLatin1String("abilities")).toString();
        for (const QJsonValue &w : o.value(QLatin1String("weights")).toArray())
            e.weights.append({w.toObject().value(QLatin1String("format")).toString(),
                              w.toObject().value(QLatin1String("bytes")).toInteger()});
        entries << e;
    }
    return entries;
}

} // namespace

const QList<HubCatalogueEntry> &hubCatalogue()
{
    static const QList<HubCatalogueEntry> entries = readCatalogue();
    return entries;
}
