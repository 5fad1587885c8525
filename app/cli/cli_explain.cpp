#include "cli_explain.h"

#include "args.h"
#include "cli_weights.h"
#include "codec_output.h"
#include "core/heatmap.h"
#include "io/image_loader.h"
#include "io/npy.h"
#include "runtime/local_model.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace gc::cli {

namespace {

// A row-major table's row as a JSON array.
nlohmann::json row(const std::vector<float> &table, int64_t index, int64_t width)
{
    return std::vector<float>(table.begin() + index * width, table.begin() + (index + 1) * width);
}

void printGrid(const char *title, const std::vector<std::string> &cells, int64_t cols)
{
    std::printf("%s\n", title);
    for (size_t i = 0; i < cells.size(); ++i)
        std::printf("%12s%s", cells[i].c_str(), (int64_t(i) + 1) % cols == 0 ? "\n" : " ");
}

std::vector<std::string> numbers(const std::vector<float> &values)
{
    std::vector<std::string> out;
    for (float v : values) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.4f", v);
        out.emplace_back(buf);
    }
    return out;
}

// How the grid was made of the image positions, after "on a R x C grid".
const char *cellSourceNote(runtime::CellSource source)
{
    switch (source) {
    case runtime::CellSource::Patches: return "";
    case runtime::CellSource::ResamplerAttention:
        return " (resampler latents, mapped back to the patches through its attention)";
    case runtime::CellSource::LatentGrid:
        return " (resampler latents, latent i read as cell i: the model folder's groundchat_image_positions)";
    }
    return "";
}

} // namespace

int runExplain(const std::vector<std::string> &argv)
{
    const Args args(argv, {"model", "image", "prompt", "word", "layer", "overlay", "dump", "weights", "max-pixels"},
                    {"json", "raw-prompt"});
    const std::string modelDir = modelFolderOption(args);
    const std::string imagePath = args.required("image");
    const std::string prompt = args.required("prompt");
    const bool json = args.has("json");
    runtime::ExplainParams ep;
    ep.rawPrompt = args.has("raw-prompt");
    ep.word = args.value("word").value_or(std::string());
    ep.fullLens = args.has("dump");

    runtime::LoadParams lp;
    setWeightLoading(lp, weightsOption(args));
    const long long maxPixels = maxPixelsOption(args);
    try {
        (void)io::checkImageSize(imagePath, maxPixels);
    } catch (const io::FormatError &e) {
        throw InputError(e.what());
    }
    runtime::LocalModel model;
    if (const runtime::Status s = model.load(modelDir, lp); !s.ok())
        throw InputError(std::string("cannot load model: ") + s.message);
    // every pixel: the maps are placed on the original image
    const io::RgbImage image = decodeQuietly([&] { return io::loadImageRgbForFrame(imagePath, 0, 0, maxPixels); }).image;

    runtime::Explanation e;
    if (const runtime::Status s = model.explain(image, {}, prompt, ep, e); !s.ok())
        throw InputError(s.message);
    int64_t layer = e.defaultLayer;
    if (const auto v = args.value("layer"))
        layer = parseInteger("layer", *v, 0, e.layers - 1);

    if (const auto dir = args.value("dump")) {
        try {
            std::filesystem::create_directories(*dir);
            io::writeNpy(*dir + "/logit_lens.npy", {e.layers, e.positions, e.vocab}, e.lens.data());
            io::writeNpy(*dir + "/attention_to_image.npy", {e.layers, e.positions}, e.attention.data());
        } catch (const std::exception &x) {
            throw InputError(std::string("--dump: ") + x.what());
        }
    }

    const bool word = !e.wordTokens.empty();
    if (!ep.word.empty() && !word)
        throw InputError("--word: '" + ep.word + "' is no token of the model's vocabulary");
    const std::vector<float> map = e.cellMap(word ? e.wordProbability : e.attention, layer);
    if (json) {
        nlohmann::json out;
        out["layers"] = e.layers;
        out["positions"] = e.positions;
        out["vocab"] = e.vocab;
        out["grid"] = {{"rows", e.rows}, {"cols", e.cols}, {"area", {e.area.x1, e.area.y1, e.area.x2, e.area.y2}}};
        out["image_positions"] = runtime::cellSourceName(e.cellSource);
        out["layer"] = layer;
        nlohmann::json attention = nlohmann::json::array();
        for (int64_t l = 0; l < e.layers; ++l)
            attention.push_back(row(e.attention, l, e.positions));
        out["attention"] = attention;
        nlohmann::json top = nlohmann::json::array();
        for (int64_t p = 0; p < e.positions; ++p) {
            nlohmann::json tokens = nlohmann::json::array();
            for (int64_t k = 0; k < e.topK; ++k) {
                const auto i = static_cast<size_t>((layer * e.positions + p) * e.topK + k);
                tokens.push_back({{"id", e.topTokens[i]}, {"text", e.topText[i]}, {"p", e.topProbabilities[i]}});
            }
            top.push_back(tokens);
        }
        out["top_tokens"] = top;
        if (word) {
            nlohmann::json probability = nlohmann::json::array();
            for (int64_t l = 0; l < e.layers; ++l)
                probability.push_back(row(e.wordProbability, l, e.positions));
            out["word"] = {{"text", ep.word}, {"tokens", e.wordTokens}, {"probability", probability}};
        }
        out["cells"] = map;
        // a token alone may be part of a character (byte fallback, byte-level BPE): shown as U+FFFD
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
    } else {
        std::printf("%lld layers, %lld image positions on a %lldx%lld grid%s; layer %lld\n", (long long)e.layers,
                    (long long)e.positions, (long long)e.rows, (long long)e.cols,
                    cellSourceNote(e.cellSource),
                    (long long)layer);
        std::vector<std::string> tops;
        for (int64_t p = 0; p < e.positions; ++p)
            tops.push_back(e.topText[static_cast<size_t>((layer * e.positions + p) * e.topK)]);
        if (e.cellSource != runtime::CellSource::ResamplerAttention)
            printGrid("top token per image position:", tops, e.cols);
        printGrid("attention of the last prompt position:", numbers(e.cellMap(e.attention, layer)), e.cols);
        if (word)
            printGrid(("probability of '" + ep.word + "':").c_str(), numbers(map), e.cols);
    }

    if (const auto path = args.value("overlay")) {
        io::RgbImage out = image;
        const HeatGrid grid{e.rows, e.cols, e.area, normalizedValues(map)};
        blendHeatmap(out.pixels, out.width, out.height, grid, ColorMap::Viridis, 0.6);
        try {
            io::saveImageRgb(*path, out);
        } catch (const io::FormatError &x) {
            throw InputError(x.what());
        }
    }
    return 0;
}

} // namespace gc::cli
