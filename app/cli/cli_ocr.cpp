#include "cli_ocr.h"

#include "args.h"
#include "codec_output.h"
#include "ocr/ocr.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace gc::cli {

namespace {

nlohmann::json boxJson(const Box &b) { return {b.x1, b.y1, b.x2, b.y2}; }

} // namespace

int runOcr(const std::vector<std::string> &argv)
{
    const Args args(argv, {"image", "box", "lang", "max-pixels"}, {"json"});
    const std::string imagePath = args.required("image");
    ocr::Options options;
    // English and Simplified Chinese, as the app reads by default
    options.languages = args.value("lang").value_or("eng+chi_sim");
    if (const auto box = args.value("box")) {
        const std::vector<double> v = parseNumbers("box", *box, 4);
        options.box = Box{v[0], v[1], v[2], v[3]};
    }
    const long long maxPixels = maxPixelsOption(args);
    const io::RgbImage image = decodeQuietly([&] { return io::loadImageRgb(imagePath, maxPixels); });

    const ocr::Result r = ocr::recognize(image, options);
    if (!r.ok)
        throw InputError(r.error);
    if (!args.has("json")) {
        std::cout << r.text << "\n";
        return 0;
    }
    nlohmann::json lines = nlohmann::json::array();
    for (const ocr::Line &line : r.lines)
        lines.push_back({{"text", line.text}, {"box", boxJson(line.box)}});
    nlohmann::json words = nlohmann::json::array();
    for (const ocr::Word &word : r.words)
        words.push_back({{"text", word.text}, {"box", boxJson(word.box)}, {"confidence", word.confidence}});
    const nlohmann::json out = {{"text", r.text}, {"lines", lines}, {"words", words}};
    std::cout << out.dump() << "\n";
    return 0;
}

} // namespace gc::cli
