#include "cli_ask_remote.h"

#include "args.h"
#include "cli_ask.h"
#include "cli_expert.h"
#include "codec_output.h"
#include "dialects/json_output.h"
#include "dialects/registry.h"
#include "dialects/tiled_answer.h"
#include "io/image_loader.h"
#include "io/overlay.h"
#include "io/safetensors.h"
#include "openaiprotocol.h"
#include "remotebackend.h"
#include "tiledask.h"
#include "serverorigin.h"

#include <QCoreApplication>
#include <QImageReader>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <iostream>
#include <limits>

namespace gc::cli {

int runAskRemote(const std::vector<std::string> &argv)
{
    const Args args(argv,
                    {"server", "model", "api-key-env", "image", "prompt", "dialect", "max-new-tokens", "temperature",
                     "top-p", "top-k", "seed", "max-image-side", "connect-timeout", "idle-timeout", "concurrency",
                     "overlay", "max-pixels", "timeout", "tiles", "expert", "expert-model"},
                    {"json"});
    (void)expertOption(args);
    const int tilesASide = tilesOption(args);
    const std::string server = args.required("server");
    const std::string model = args.required("model");
    const std::string imagePath = args.required("image");
    const std::string prompt = args.required("prompt");
    const bool json = args.has("json");
    // accepted here so scripts can pass it uniformly; the batch mode runs that many asks at once
    if (const auto v = args.value("concurrency"))
        (void)parseInteger("concurrency", *v, 1, 256);

    // QtNetwork needs an application object for its event loop; the CLI has none of its own.
    static int qtArgc = 1;
    static char qtName[] = "groundchat-cli";
    static char *qtArgv[] = {qtName, nullptr};
    QCoreApplication app(qtArgc, qtArgv);

    ModelSpec spec = ModelSpec::server(QString::fromStdString(server), QString::fromStdString(model));
    if (const auto v = args.value("dialect")) {
        if (!dialects::find(*v))
            throw UsageError("unknown dialect '" + *v + "' (see: groundchat-cli dialects)");
        spec.dialect = QString::fromStdString(*v);
    }
    if (const auto v = args.value("api-key-env")) {
        // the key itself never goes on the command line, where other users and shell history see it
        const char *key = std::getenv(v->c_str());
        if (!key || !*key)
            throw UsageError("environment variable " + *v + " is not set");
        spec.options.insert(QStringLiteral("apiKey"), QString::fromUtf8(key));
    }
    if (const auto v = args.value("max-image-side"))
        spec.options.insert(QStringLiteral("maxImageSide"), int(parseInteger("max-image-side", *v, 0, 100000)));
    if (const auto v = args.value("connect-timeout"))
        spec.options.insert(QStringLiteral("connectTimeoutMs"), int(parseReal("connect-timeout", *v, 0.001, 3600) * 1000));
    if (const auto v = args.value("idle-timeout"))
        spec.options.insert(QStringLiteral("idleTimeoutMs"), int(parseReal("idle-timeout", *v, 0.001, 86400) * 1000));
    if (const auto v = args.value("timeout"))
        spec.options.insert(QStringLiteral("answerTimeoutMs"), int(parseReal("timeout", *v, 0.001, 86400) * 1000));

    AskRequest request;
    request.prompt = QString::fromStdString(prompt);
    request.generation.maxNewTokens = 1024; // grounding answers list many boxes; servers stop at EOS anyway
    if (const auto v = args.value("max-new-tokens"))
        request.generation.maxNewTokens = int(parseInteger("max-new-tokens", *v, 1, 1000000));
    if (const auto v = args.value("temperature"))
        request.generation.temperature = parseReal("temperature", *v, 0.0, 100.0);
    if (const auto v = args.value("top-p"))
        request.generation.topP = parseReal("top-p", *v, std::numeric_limits<double>::min(), 1.0);
    if (const auto v = args.value("top-k"))
        request.generation.topK = int(parseInteger("top-k", *v, 0, 1000000));
    if (const auto v = args.value("seed"))
        request.generation.seed = int(parseInteger("seed", *v, 0, std::numeric_limits<int>::max()));

    try {
        (void)io::checkImageSize(imagePath, maxPixelsOption(args));
    } catch (const io::FormatError &e) {
        throw InputError(e.what());
    }
    request.image = decodeQuietly([&] {
        QImageReader reader(QString::fromStdString(imagePath));
        reader.setAutoTransform(true);
        QImage image = reader.read();
        if (image.isNull())
            throw io::FormatError("cannot read image " + imagePath + ": " + reader.errorString().toStdString());
        return image;
    });
    request.imageKey = QString::fromStdString(imagePath);

    RemoteOptions options;
    QString error, detail;
    if (!RemoteOptions::fromSpec(spec, &options, &error))
        throw UsageError(error.toStdString());
    if (!options.apiKey.isEmpty())
        if (const QString warning = ServerOrigin::plainTextKeyWarning(options.baseUrl); !warning.isEmpty())
            std::fprintf(stderr, "warning: %s\n", warning.toUtf8().constData());
    RemoteBackend backend(options);
    const auto never = [] { return false; };
    if (!backend.load([](double, const QString &) {}, never, &error, &detail))
        throw InputError(error.toStdString() + (detail.isEmpty() ? "" : " (" + detail.toStdString() + ")"));

    const auto writeOverlay = [&](const GroundedText &result) {
        if (const auto path = args.value("overlay")) {
            const io::RgbImage image = decodeQuietly([&] { return io::loadImageRgb(imagePath, maxPixelsOption(args)); });
            try {
                io::saveOverlay(*path, image, result);
            } catch (const io::FormatError &e) {
                throw InputError(e.what());
            }
        }
    };
    // tiles: a grid over what the server sees (RemoteBackend::inputSide), as the app's Auto makes it
    const TileGrid grid = tilesASide == 0 ? autoTileGrid({request.image.width(), request.image.height()}, backend.inputSide())
                                          : TileGrid{tilesASide, tilesASide};
    if (grid.tiled()) {
        const std::vector<Tile> crops = tilesOf({request.image.width(), request.image.height()}, grid);
        const auto makeLane = [&options]() -> std::unique_ptr<ModelBackend> {
            auto more = std::make_unique<RemoteBackend>(options);
            QString why, cause;
            return more->load([](double, const QString &) {}, [] { return false; }, &why, &cause) ? std::move(more) : nullptr;
        };
        const TiledAskResult r = askTiled(request, crops, backend, makeLane, never, [](int done, int total) {
            std::fprintf(stderr, "tile %d of %d\n", done, total);
        });
        if (!r.ok)
            throw InputError(r.error.toStdString() + (r.detail.isEmpty() ? "" : " (" + r.detail.toStdString() + ")"));
        const Dialect *dialect = dialects::find(backend.dialectId().toStdString());
        DecodeOptions opts;
        opts.imageSize = {request.image.width(), request.image.height()};
        const QSize frame = openai::inputFrameFor(*dialect, request.image.size(), options.maxImageSide);
        opts.inputSize = {frame.width(), frame.height()};
        opts.prompt = prompt;
        GroundedText result = dialect->decode(r.text.toStdString(), opts);
        if (result.normalized)
            result = result.toPixels(opts.imageSize);
        (void)keepMergedGeometry(result, r.regions);
        if (!json)
            std::printf("%s\n", r.text.constData());
        nlohmann::json out = groundedTextToJson(result, dialect->info().id);
        out.erase("diagnostics");
        out["tiles"] = {{"columns", grid.columns}, {"rows", grid.rows}, {"crops", crops.size()}};
        if (json)
            out["raw"] = r.text.toStdString();
        std::cout << out.dump() << std::endl;
        writeOverlay(result);
        return 0;
    }

    std::string raw;
    const auto onText = [&](const std::string &piece) {
        raw += piece;
        if (!json) {
            std::fwrite(piece.data(), 1, piece.size(), stdout);
            std::fflush(stdout);
        }
    };
    AnswerStats stats;
    const bool ok = backend.generate(request, onText, never, &stats, &error, &detail);
    if (!json)
        std::fputs("\n", stdout);
    const std::string failure =
        ok ? std::string() : error.toStdString() + (detail.isEmpty() ? "" : " (" + detail.toStdString() + ")");

    const std::string dialectId = backend.dialectId().toStdString();
    const Dialect *dialect = dialects::find(dialectId);
    DecodeOptions opts;
    opts.imageSize = {request.image.width(), request.image.height()};
    const QSize frame = openai::inputFrameFor(*dialect, request.image.size(), options.maxImageSide);
    opts.inputSize = {frame.width(), frame.height()};
    GroundedText result = dialect->decode(raw, opts);
    if (result.normalized)
        result = result.toPixels(opts.imageSize);
    nlohmann::json out = groundedTextToJson(result, dialectId);
    out.erase("diagnostics");
    if (ok)
        groundWithExpert(args, imagePath, result, out);
    if (json) {
        out["raw"] = raw;
        out["model"] = model;
        out["usage"] = {{"prompt_tokens", stats.promptTokens}, {"completion_tokens", stats.generatedTokens}};
    }
    // a stream cut short still gives what came, marked as incomplete; the exit status says it failed
    if (!ok)
        out["error"] = failure;
    std::cout << out.dump() << std::endl;
    if (!ok)
        throw InputError(failure);

    writeOverlay(result);
    return 0;
}

} // namespace gc::cli
