#pragma once

// The curated catalogue of models GroundChat runs (app/hub/catalogue.json, built in as a resource): one
// place for repo ids, architectures, sizes and licences that the CLI and the app both show.
#include <QList>
#include <QString>

struct HubCatalogueEntry {
    struct Weights {
        QString format; // "safetensors bf16"
        qint64 bytes = 0;
    };
    QString repoId;
    QString architecture; // the runtime's name for it ("kosmos-2")
    qint64 parameters = 0;
    QString licence;
    QString abilities;
    QList<Weights> weights;
};

[[nodiscard]] const QList<HubCatalogueEntry> &hubCatalogue();
