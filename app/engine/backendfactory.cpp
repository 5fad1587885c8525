#include "backendfactory.h"

#include "fakebackend.h"
#include "localbackend.h"
#include "remotebackend.h"

#include <QObject>

BackendFactory defaultBackendFactory()
{
    return [](const ModelSpec &spec, QString *error) -> std::unique_ptr<ModelBackend> {
        if (spec.kind == QLatin1String("fake")) {
            const qsizetype bar = spec.path.indexOf(QLatin1Char('|'));
            if (bar < 0) {
                *error = QObject::tr("A scripted engine needs 'dialect|answer'.");
                return nullptr;
            }
            return std::make_unique<FakeBackend>(spec.path.left(bar), spec.path.mid(bar + 1));
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
