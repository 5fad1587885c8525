#include "cli_ask.h"
#include "cli_ask_remote.h"

#include "args.h"
#include "cli_weights.h"
#include "codec_output.h"
#include "dialects/json_output.h"
#include "dialects/registry.h"
#include "io/image_loader.h"
#include "io/overlay.h"
#include "io/safetensors.h"
#include "runtime/local_model.h"
#include "runtime/sampling_rule.h"
#include "runtime/tiled_turn.h"
#include "dialects/tiled_answer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>

namespace gc::cli {

runtime::GenerationParams generationOptions(const Args &args)
{
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
    if (const auto v = args.value("num-beams"))
        gp.numBeams = parseInteger("num-beams", *v, 1, runtime::kMaxBeams);
    return gp;
}

namespace {

// --task NAME: one of the dialect's tasks, by id ("detect"), token ("<OD>") or token without its brackets
// ("OD"); nullptr when none.
const TaskPrompt *findTaskOption(const DialectInfo &info, const std::string &name)
{
    for (const TaskPrompt &t : info.tasks)
        if (t.id == name || (!t.token.empty() && (t.token == name || t.token == "<" + name + ">")))
            return &t;
    return nullptr;
}

// The task's prompt with --prompt as its input (a phrase, or a region already written as the family's
// tokens, e.g. four <loc_…>).
std::string taskPromptText(const DialectInfo &info, const TaskPrompt &task, const std::string &input)
{
    std::string text = task.templ;
    const size_t at = text.find("{input}");
    if (at == std::string::npos && !input.empty())
        throw UsageError("task '" + task.id + "' of " + info.displayName + " takes no --prompt");
    if (at != std::string::npos && input.empty())
        throw UsageError("task '" + task.id + "' of " + info.displayName + " needs --prompt (" +
                         (task.needsRegion ? "the region" : "the phrase") + ")");
    if (at != std::string::npos)
        text.replace(at, 7, input);
    return text;
}

// The task token the prompt starts with, for dialects whose grammar depends on it ("<OD>"); "" if none.
std::string leadingTaskToken(const DialectInfo &info, const std::string &prompt)
{
    for (const TaskPrompt &t : info.tasks)
        if (!t.token.empty() && prompt.compare(0, t.token.size(), t.token) == 0)
            return t.token;
    return {};
}

} // namespace

int tilesOption(const Args &args)
{
    const auto v = args.value("tiles");
    if (!v || *v == "auto")
        return v ? 0 : 1;
    if (v->empty() || v->find_first_not_of("0123456789") != std::string::npos || v->size() > 2 ||
        std::stoi(*v) < 1 || std::stoi(*v) > kMaxTilesASide)
        throw UsageError("--tiles must be auto or a number of tiles a side from 1 to " + std::to_string(kMaxTilesASide) +
                         " (1: the whole image only), not '" + *v + "'");
    return std::stoi(*v);
}

int runAsk(const std::vector<std::string> &argv)
{
    // --server: an OpenAI-compatible server instead of an in-process model
    for (const std::string &a : argv)
        if (a == "--server")
            return runAskRemote(argv);
    const Args args(argv,
                    {"model", "image", "prompt", "task", "max-new-tokens", "temperature", "top-p", "top-k", "seed",
                     "no-repeat-ngram-size", "num-beams", "overlay", "dump", "threads", "device", "max-pixels", "weights",
                     "resize-min-pixels", "resize-max-pixels", "tiles"},
                    {"json", "raw-prompt"});
    const int tilesASide = tilesOption(args);
    const std::string modelDir = modelFolderOption(args);
    const std::string imagePath = args.required("image");
    std::string prompt = args.value("prompt").value_or(std::string());
    if (!args.has("prompt") && !args.has("task"))
        throw UsageError("--prompt is required (or --task)");
    const bool json = args.has("json");

    runtime::GenerationParams gp = generationOptions(args);
    gp.rawPrompt = args.has("raw-prompt");

    runtime::LoadParams lp;
    if (const auto v = args.value("threads"))
        lp.settings.threads = static_cast<int>(parseInteger("threads", *v, 0, 1024));
    if (const auto v = args.value("device")) {
        if (*v != "cpu" && *v != "cuda")
            throw UsageError("--device must be cpu or cuda");
        lp.settings.device = *v;
    }
    setWeightLoading(lp, weightsOption(args));
    // the model's own resize bounds (Qwen2.5-VL's min_pixels/max_pixels); --max-pixels is the decoder's safety cap
    if (const auto v = args.value("resize-min-pixels"))
        lp.settings.minPixels = parseInteger("resize-min-pixels", *v, 1, 1000000000000LL);
    if (const auto v = args.value("resize-max-pixels"))
        lp.settings.maxPixels = parseInteger("resize-max-pixels", *v, 1, 1000000000000LL);

    const long long maxPixels = maxPixelsOption(args);
    try {
        (void)io::checkImageSize(imagePath, maxPixels); // before the model loads, which takes a while
    } catch (const io::FormatError &e) {
        throw InputError(e.what());
    }
    runtime::LocalModel model;
    if (const runtime::Status s = model.load(modelDir, lp); !s.ok())
        throw InputError(std::string("cannot load model: ") + s.message);

    if (tilesASide != 1 && args.has("dump"))
        throw UsageError("--dump takes the whole image only: not with --tiles");
    // The overlay is drawn on the image itself, and tiles are cut from it: they need every pixel.
    const int frame = args.has("overlay") || tilesASide != 1 ? 0 : model.info().imageSize;
    const io::FramedImage framed =
        decodeQuietly([&] { return io::loadImageRgbForFrame(imagePath, frame, frame, maxPixels); });
    const io::RgbImage &image = framed.image;

    const std::string dialectId = model.info().dialect;
    const Dialect *dialect = dialects::find(dialectId);
    if (!dialect)
        throw InputError("no dialect '" + dialectId + "' registered");
    std::string taskId;
    if (const auto name = args.value("task")) {
        const TaskPrompt *task = findTaskOption(dialect->info(), *name);
        if (!task)
            throw UsageError("--task: " + dialect->info().displayName + " has no task '" + *name + "'");
        prompt = taskPromptText(dialect->info(), *task, prompt);
        taskId = task->id;
    }

    DecodeOptions opts;
    opts.imageSize = {framed.width, framed.height};
    // the frame the model saw the image in: absolute-pixel answers (Qwen2.5-VL) map back from it
    if (const runtime::InputFrame &frame = model.info().inputFrame)
        opts.inputSize = frame(opts.imageSize);
    opts.task = leadingTaskToken(dialect->info(), prompt);
    const TileGrid grid = tilesASide == 0 ? autoTileGrid(opts.imageSize, model.info().imageSize)
                                          : TileGrid{tilesASide, tilesASide};
    nlohmann::json out;
    GroundedText result;
    if (grid.tiled()) {
        // each crop is a turn of its own; the merged answer continues the prompt as one answer would
        runtime::TiledTurn turn;
        turn.crops = tilesOf(opts.imageSize, grid);
        turn.taskToken = opts.task;
        turn.merge = mergeFor(taskId);
        turn.onCrop = [](size_t done, size_t total) { std::fprintf(stderr, "tile %zu of %zu\n", done, total); };
        const runtime::TiledResult r = runtime::askTiled(model, image, prompt, gp, turn);
        if (!r.status.ok())
            throw InputError(r.status.message);
        if (!json)
            std::printf("%s\n", r.text.c_str());
        opts.prompt = prompt;
        result = dialect->decode(r.text, opts);
        if (result.normalized)
            result = result.toPixels(opts.imageSize);
        (void)keepMergedGeometry(result, r.regions);
        out = groundedTextToJson(result, dialectId);
        out["tiles"] = {{"columns", grid.columns}, {"rows", grid.rows}, {"crops", turn.crops.size()}};
        if (json)
            out["raw"] = r.text;
    } else {
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

        // after the run: an encoder-decoder model's step logits are those of the answer it chose
        if (const auto dir = args.value("dump"))
            if (const runtime::Status s = model.dump(image, prompt, *dir, r.tokens, gp.rawPrompt); !s.ok())
                throw InputError("--dump: " + s.message);

        result = dialect->decode(r.rawText, opts);
        if (result.normalized)
            result = result.toPixels(opts.imageSize);
        out = groundedTextToJson(result, dialectId);
        if (json) {
            out["tokens"] = r.tokens;
            out["raw"] = r.rawText;
        }
    }
    out.erase("diagnostics");
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
