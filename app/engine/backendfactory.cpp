#include "backendfactory.h"

#include "fakebackend.h"
#include "localbackend.h"
#include "remotebackend.h"

BackendFactory defaultBackendFactory()
{
    return [](const ModelSpec &spec, QString *error) -> std::unique_ptr<ModelBackend> {
        switch (spec.kind) {
        case ModelSpec::Kind::Fake: return std::make_unique<FakeBackend>(spec.dialect, spec.script);
        case ModelSpec::Kind::Server: {
            RemoteOptions options;
            if (!RemoteOptions::fromSpec(spec, &options, error))
                return nullptr;
            return std::make_unique<RemoteBackend>(options);
        }
        case ModelSpec::Kind::Folder: return std::make_unique<LocalBackend>(spec);
        }
        return nullptr;
    };
}
