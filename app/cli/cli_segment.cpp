#include "cli_segment.h"

#include "args.h"
#include "codec_output.h"
#include "io/image_loader.h"
#include "io/safetensors.h" // io::FormatError
#include "segment/grabcut.h"
#include "segment/mark_render.h"
#include "segment/marks.h"
#include "segment/mask_ops.h"
#include "segment/mask_polygon.h"
#include "segment/sam_model.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace gc::cli {

namespace {

io::RgbImage loadImage(const std::string &path)
{
    return decodeQuietly([&] { return io::loadImageRgb(path); });
}

// "x,y" (positive), "x,y,neg" / "x,y,pos", or "x,y,0" / "x,y,1" (SAM's label values).
seg::PointPrompt parsePoint(const std::string &text)
{
    std::string coords = text;
    bool positive = true;
    const size_t last = text.rfind(',');
    if (last != std::string::npos && text.find(',') != last) {
        const std::string tag = text.substr(last + 1);
        if (tag == "neg" || tag == "0")
            positive = false;
        else if (tag != "pos" && tag != "1")
            throw UsageError("--point takes x,y or x,y,neg (or x,y,pos), got '" + text + "'");
        coords = text.substr(0, last);
    }
    const std::vector<double> v = parseNumbers("point", coords, 2);
    return {{v[0], v[1]}, positive};
}

nlohmann::json bboxJson(const Box &b) { return {b.x1, b.y1, b.x2, b.y2}; }

nlohmann::json rleJson(const Rle &rle)
{
    return {{"size", {rle.height, rle.width}}, {"counts", rleToString(rle)}}; // COCO's [h, w] order
}

// [x, y, label] with SAM's labels (1 positive, 0 negative), as --point takes them.
nlohmann::json pointsJson(const std::vector<seg::PointPrompt> &points)
{
    nlohmann::json out = nlohmann::json::array();
    for (const seg::PointPrompt &p : points)
        out.push_back({p.point.x, p.point.y, p.positive ? 1 : 0});
    return out;
}

std::string fmt(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

} // namespace

int runSegment(const std::vector<std::string> &argv)
{
    const Args args(argv, {"image", "box", "point", "model", "out", "threads"}, {"json"});
    const std::string imagePath = args.required("image");
    const std::string outPath = args.required("out");
    const bool json = args.has("json");

    seg::Prompts prompts;
    for (const auto &[name, value] : args.ordered()) {
        if (name == "box") {
            if (prompts.box)
                throw UsageError("one --box per mask (run segment once per box)");
            const std::vector<double> v = parseNumbers("box", value, 4);
            prompts.box = Box{v[0], v[1], v[2], v[3]}.ordered();
        } else if (name == "point") {
            prompts.points.push_back(parsePoint(value));
        }
    }
    if (prompts.empty())
        throw UsageError("give at least one --box or --point");

    const io::RgbImage image = loadImage(imagePath);
    std::unique_ptr<seg::Segmenter> segmenter;
    if (const auto model = args.value("model")) {
        seg::SamOptions opt;
        if (const auto t = args.value("threads"))
            opt.threads = int(parseInteger("threads", *t, 0, 1024));
        seg::SamLoadResult loaded = seg::loadSamSegmenter(*model, opt);
        if (!loaded.segmenter)
            throw InputError(loaded.error);
        segmenter = std::move(loaded.segmenter);
    } else {
        segmenter = seg::makeGrabCutSegmenter();
    }
    const seg::SegmentResult r = segmenter->segment(image, prompts);
    if (!r.ok())
        throw InputError(r.error);
    const seg::MaskCandidate &best = *r.best();
    if (const std::string err = seg::saveMaskPng(outPath, best.mask); !err.empty())
        throw InputError(err);

    const Box bbox = best.mask.bbox();
    if (json) {
        nlohmann::json candidates = nlohmann::json::array();
        for (const seg::MaskCandidate &c : r.masks)
            candidates.push_back({{"score", c.score}, {"area", c.mask.area()}});
        const nlohmann::json out = {
            {"segmenter", segmenter->name()},
            {"image", {{"width", image.width}, {"height", image.height}}},
            {"score", best.score},
            {"area", best.mask.area()},
            {"bbox", bboxJson(bbox)},
            {"rle", rleJson(rleEncode(best.mask))},
            {"polygons", seg::cocoPolygons(seg::maskToPolygons(best.mask))},
            {"candidates", candidates},
            {"box", prompts.box ? bboxJson(*prompts.box) : nlohmann::json()},
            {"points", pointsJson(prompts.points)},
            {"mask", outPath},
            {"encode_ms", r.encodeMs},
            {"decode_ms", r.decodeMs},
        };
        std::cout << out.dump() << "\n";
    } else {
        std::cout << "score " << fmt(best.score) << "\narea " << best.mask.area() << "\nbbox " << fmt(bbox.x1) << ","
                  << fmt(bbox.y1) << "," << fmt(bbox.x2) << "," << fmt(bbox.y2) << "\n";
    }
    return 0;
}

int runMarks(const std::vector<std::string> &argv)
{
    const Args args(argv, {"image", "max", "out"}, {"json"});
    const std::string imagePath = args.required("image");
    seg::MarkOptions opt;
    if (const auto v = args.value("max"))
        opt.maxMarks = int(parseInteger("max", *v, 1, 99));
    const bool json = args.has("json");

    const io::RgbImage image = loadImage(imagePath);
    const seg::MarksResult r = seg::generateMarks(image, opt);
    if (!r.ok())
        throw InputError(r.error);
    if (const auto out = args.value("out")) {
        try {
            io::saveImageRgb(*out, seg::renderMarkedImage(image, r.marks));
        } catch (const io::FormatError &e) {
            throw InputError(e.what());
        }
    }

    if (json) {
        nlohmann::json marks = nlohmann::json::array();
        for (const seg::Mark &m : r.marks)
            marks.push_back({{"number", m.number},
                             {"point", {m.label.x, m.label.y}},
                             {"bbox", bboxJson(m.bbox)},
                             {"area", m.area},
                             {"rle", rleJson(m.rle)}});
        const nlohmann::json out = {{"image", {{"width", image.width}, {"height", image.height}}},
                                    {"label_radius", seg::markLabelRadius(image.width, image.height)},
                                    {"marks", marks},
                                    {"elapsed_ms", r.elapsedMs}};
        std::cout << out.dump() << "\n";
    } else {
        for (const seg::Mark &m : r.marks)
            std::cout << m.number << " point " << fmt(m.label.x) << "," << fmt(m.label.y) << " bbox " << fmt(m.bbox.x1)
                      << "," << fmt(m.bbox.y1) << "," << fmt(m.bbox.x2) << "," << fmt(m.bbox.y2) << " area " << m.area
                      << "\n";
    }
    return 0;
}

} // namespace gc::cli
