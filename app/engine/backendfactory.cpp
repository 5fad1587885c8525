#include "backendfactory.h"

#include "fakebackend.h"
#include "localbackend.h"
#include "remotebackend.h"

#include <QObject>

BackendFactory defaultBackendFactory()
{
    return [](const ModelSpec &spec, QString *error) -> std::unique_ptr<ModelBackend> {
        // "fake-search" answers as a beam search does: 300 steps of at most 1024, then the whole answer
        if (spec.kind == QLatin1String("fake") || spec.kind == QLatin1String("fake-search")) {
            const qsizetype bar = spec.path.indexOf(QLatin1Char('|'));
            if (bar < 0) {
                *error = QObject::tr("A scripted engine needs 'dialect|answer'.");
                return nullptr;
            }
            auto fake = std::make_unique<FakeBackend>(spec.path.left(bar), spec.path.mid(bar + 1));
            if (spec.kind == QLatin1String("fake-search"))
                fake->setSearchSteps(300, 1024);
            return fake;
        }
        if (spec.kind == QLatin1String("remote")) {
            RemoteOptions options;
            if (!RemoteOptions::fromSpec(spec, &options, error))
                return nullptr;
            return std::make_unique<RemoteBackend>(options);
        }
        if (spec.kind == QLatin1String("folder"))
            return std::make_unique<LocalBackend>(spec);
        *error = QObject::tr("This kind of model is not supported: %1").arg(spec.kind);
        return nullptr;
    };
}
