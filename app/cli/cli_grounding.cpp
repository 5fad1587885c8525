#include "cli_grounding.h"

#include "args.h"
#include "dialects/json_output.h"
#include "dialects/registry.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <sstream>

namespace gc::cli {
namespace {

const Dialect &dialectOption(const Args &args)
{
    const std::string id = args.required("dialect");
    const Dialect *d = dialects::find(id);
    if (!d) {
        std::string known;
        for (const Dialect *x : dialects::all())
            known += (known.empty() ? "" : " ") + x->info().id;
        throw UsageError("unknown dialect '" + id + "' (known: " + known + ")");
    }
    return *d;
}

nlohmann::json capsJson(const DialectInfo &info)
{
    const DialectCaps &c = info.caps;
    return {{"box_in", c.boxIn},         {"box_out", c.boxOut},         {"point_in", c.pointIn},
            {"point_out", c.pointOut},   {"polygon_out", c.polygonOut}, {"mask_out", c.maskOut},
            {"proposals", c.proposals},  {"needs_input_size", c.needsInputSize}};
}

std::vector<std::string> splitList(const std::string &s)
{
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
        out.push_back(item);
    return out;
}

} // namespace

int runDialects(const std::vector<std::string> &argv)
{
    const Args args(argv, {}, {"json"});
    if (args.has("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const Dialect *d : dialects::all()) {
            const DialectInfo &info = d->info();
            nlohmann::json tasks = nlohmann::json::array();
            for (const TaskPrompt &t : info.tasks)
                tasks.push_back({{"id", t.id}, {"token", t.token}, {"template", t.templ}, {"needs_region", t.needsRegion}});
            list.push_back({{"id", info.id},
                            {"name", info.displayName},
                            {"coordinates", coordSpaceName(info.space)},
                            {"capabilities", capsJson(info)},
                            {"tasks", tasks},
                            {"source", info.source}});
        }
        std::cout << list.dump(2) << "\n";
        return 0;
    }
    std::printf("%-16s %-20s %-22s %s\n", "ID", "NAME", "COORDINATES", "CAPABILITIES");
    for (const Dialect *d : dialects::all()) {
        const DialectInfo &info = d->info();
        std::string caps;
        const nlohmann::json capsObject = capsJson(info);
        for (const auto &[key, on] : capsObject.items())
            if (on.get<bool>())
                caps += (caps.empty() ? "" : ",") + key;
        std::printf("%-16s %-20s %-22s %s\n", info.id.c_str(), info.displayName.c_str(), coordSpaceName(info.space),
                    caps.c_str());
    }
    return 0;
}

int runParse(const std::vector<std::string> &argv)
{
    const Args args(argv, {"dialect", "image-size", "input-size", "task", "classes", "proposals"}, {"diagnostics"});
    const Dialect &dialect = dialectOption(args);
    DecodeOptions options;
    if (const auto s = args.value("image-size"))
        options.imageSize = parseSize("image-size", *s);
    if (const auto s = args.value("input-size"))
        options.inputSize = parseSize("input-size", *s);
    if (const auto t = args.value("task"))
        options.task = *t;
    if (dialect.info().caps.needsInputSize && !options.imageSize.isValid() && !options.inputSize.isValid())
        throw UsageError(dialect.info().id +
                         " writes absolute pixels of the model's input: give --image-size (and --input-size "
                         "when the server resized differently)");
    if (const auto p = args.value("proposals")) {
        // JSON array of [x1,y1,x2,y2] boxes in pixels of the image (or 0..1 without --image-size).
        const nlohmann::json j = nlohmann::json::parse(*p, nullptr, false);
        if (!j.is_array())
            throw UsageError("--proposals must be a JSON array of [x1,y1,x2,y2] boxes");
        const double sx = options.imageSize.isValid() ? options.imageSize.width : 1.0;
        const double sy = options.imageSize.isValid() ? options.imageSize.height : 1.0;
        for (const auto &b : j) {
            if (!b.is_array() || b.size() != 4 || !b[0].is_number() || !b[1].is_number() || !b[2].is_number() ||
                !b[3].is_number())
                throw UsageError("--proposals must be a JSON array of [x1,y1,x2,y2] boxes");
            options.proposals.push_back(
                {b[0].get<double>() / sx, b[1].get<double>() / sy, b[2].get<double>() / sx, b[3].get<double>() / sy});
        }
    }

    std::string raw((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    GroundedText result = dialect.decode(raw, options);
    if (const auto c = args.value("classes"))
        applyClassFilter(result, splitList(*c));
    if (result.normalized && options.imageSize.isValid())
        result = result.toPixels(options.imageSize);
    nlohmann::json out = groundedTextToJson(result, dialect.info().id);
    if (!args.has("diagnostics"))
        out.erase("diagnostics");
    std::cout << out.dump() << "\n";
    return 0;
}

int runFormat(const std::vector<std::string> &argv)
{
    const Args args(argv, {"dialect", "image-size", "input-size", "box", "point", "phrase", "task"}, {});
    const Dialect &dialect = dialectOption(args);
    EncodeRequest request;
    request.imageSize = parseSize("image-size", args.required("image-size"));
    if (const auto s = args.value("input-size"))
        request.inputSize = parseSize("input-size", *s);
    if (const auto p = args.value("phrase"))
        request.phrase = *p;
    if (const auto t = args.value("task"))
        request.task = *t;
    for (const auto &[name, value] : args.ordered()) {
        PromptRegion r;
        if (name == "box") {
            const auto v = parseNumbers("box", value, 4);
            r.kind = RegionKind::Box;
            r.box = {v[0], v[1], v[2], v[3]};
        } else if (name == "point") {
            // x,y or x,y,neg (a negative point for segmenters; dialects that can't take it say so)
            const size_t comma2 = value.find(',', value.find(',') + 1);
            std::string xy = value.substr(0, comma2);
            const auto v = parseNumbers("point", xy, 2);
            r.kind = RegionKind::Point;
            r.point = {v[0], v[1]};
            if (comma2 != std::string::npos && value.substr(comma2 + 1) != "neg" && value.substr(comma2 + 1) != "pos")
                throw UsageError("--point takes x,y or x,y,neg");
        } else {
            continue;
        }
        request.regions.push_back(r);
    }
    if (request.regions.empty() && request.task.empty())
        throw UsageError("give at least one --box or --point (or a --task)");
    const EncodeResult result = dialect.encode(request);
    if (!result.ok)
        throw InputError(dialect.info().id + ": " + result.error);
    std::cout << result.text << "\n";
    return 0;
}

} // namespace gc::cli
