#include "cli_ask.h"
#include "cli_ask_remote.h"

#include "args.h"
#include "codec_output.h"
#include "demo/model_location.h"
#include "dialects/json_output.h"
#include "dialects/registry.h"
#include "io/image_loader.h"
#include "io/overlay.h"
#include "io/safetensors.h"
#include "runtime/local_model.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>

namespace gc::cli {


int runAsk(const std::vector<std::string> &argv)
{
    // --server: an OpenAI-compatible server instead of an in-process model
    for (const std::string &a : argv)
        if (a == "--server")
            return runAskRemote(argv);
    const Args args(argv,
                    {"model", "image", "prompt", "max-new-tokens", "temperature", "top-p", "top-k", "seed",
                     "no-repeat-ngram-size", "overlay", "dump", "threads", "device", "max-pixels", "weights"},
                    {"json"});
    // Without --model, the demo model answers (it knows only synthetic scenes of coloured shapes).
    std::string modelDir = args.value("model").value_or(std::string());
    if (modelDir.empty())
        modelDir = demo::modelDir();
    if (modelDir.empty())
        throw UsageError("--model is required (the built-in demo model was not found)");
    const std::string imagePath = args.required("image");
    const std::string prompt = args.required("prompt");
    const bool json = args.has("json");

    runtime::GenerationParams gp;
    if (const auto v = args.value("max-new-tokens"))
        gp.maxNewTokens = parseInteger("max-new-tokens", *v, 0, 100000);
    if (const auto v = args.value("temperature"))
        gp.temperature = parseReal("temperature", *v, 0.0, 100.0);
    if (const auto v = args.value("top-p"))
        gp.topP = parseReal("top-p", *v, std::numeric_limits<double>::min(), 1.0);
    if (const auto v = args.value("top-k"))
        gp.topK = parseInteger("top-k", *v, 0, 1000000);
    if (const auto v = args.value("seed"))
        gp.seed = static_cast<uint64_t>(parseInteger("seed", *v, 0, std::numeric_limits<long long>::max()));
    if (const auto v = args.value("no-repeat-ngram-size"))
        gp.noRepeatNgramSize = parseInteger("no-repeat-ngram-size", *v, 0, 100);
    // Any sampling option switches sampling on (temperature 0 keeps it greedy), as the reference's
    // do_sample=True with those warpers would.
    if (gp.temperature || gp.topP || gp.topK)
        gp.doSample = !(gp.temperature && *gp.temperature == 0.0);

    runtime::LoadParams lp;
    if (const auto v = args.value("threads"))
        lp.settings.threads = static_cast<int>(parseInteger("threads", *v, 0, 1024));
    if (const auto v = args.value("device")) {
        if (*v != "cpu" && *v != "cuda")
            throw UsageError("--device must be cpu or cuda");
        lp.settings.device = *v;
    }
    lp.settings.weights = weightsOption(args);

    const long long maxPixels = maxPixelsOption(args);
    try {
        (void)io::checkImageSize(imagePath, maxPixels); // before the model loads, which takes a while
    } catch (const io::FormatError &e) {
        throw InputError(e.what());
    }
    runtime::LocalModel model;
    if (const runtime::Status s = model.load(modelDir, lp); !s.ok())
        throw InputError(std::string("cannot load model: ") + s.message);

    // The overlay is drawn on the image itself, so it needs every pixel.
    const int frame = args.has("overlay") ? 0 : model.info().imageSize;
    const io::FramedImage framed =
        decodeQuietly([&] { return io::loadImageRgbForFrame(imagePath, frame, frame, maxPixels); });
    const io::RgbImage &image = framed.image;

    if (const auto dir = args.value("dump"))
        if (const runtime::Status s = model.dump(image, prompt, *dir); !s.ok())
            throw InputError("--dump: " + s.message);

    if (!json)
        gp.onToken = [](int64_t, const std::string &text) {
            std::fwrite(text.data(), 1, text.size(), stdout);
            std::fflush(stdout);
        };
    const runtime::GenerationResult r = model.generate(image, prompt, gp);
    if (!r.status.ok())
        throw InputError(r.status.message);
    if (!json)
        std::fputs("\n", stdout);

    const std::string dialectId = model.info().dialect;
    const Dialect *dialect = dialects::find(dialectId);
    if (!dialect)
        throw InputError("no dialect '" + dialectId + "' registered");
    DecodeOptions opts;
    opts.imageSize = {framed.width, framed.height};
    GroundedText result = dialect->decode(r.rawText, opts);
    if (result.normalized)
        result = result.toPixels(opts.imageSize);
    nlohmann::json out = groundedTextToJson(result, dialectId);
    out.erase("diagnostics");
    if (json) {
        out["tokens"] = r.tokens;
        out["raw"] = r.rawText;
    }
    std::cout << out.dump() << std::endl;

    if (const auto path = args.value("overlay")) {
        try {
            io::saveOverlay(*path, image, result);
        } catch (const io::FormatError &e) {
            throw InputError(e.what());
        }
    }
    return 0;
}

} // namespace gc::cli
