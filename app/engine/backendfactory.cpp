#include "backendfactory.h"

#include "fakebackend.h"
#include "localbackend.h"
#include "remotebackend.h"

BackendFactory defaultBackendFactory()
{
    return [](const ModelSpec &spec, QString *error) -> std::unique_ptr<ModelBackend> {
        switch (spec.kind) {
        case ModelSpec::Kind::Fake: {
            auto fake = std::make_unique<FakeBackend>(spec.dialect, spec.script);
            // a scripted beam search: that many steps of at most 1024, then the whole answer
            if (spec.fakeSearchSteps > 0)
                fake->setSearchSteps(spec.fakeSearchSteps, 1024);
            return fake;
        }
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
