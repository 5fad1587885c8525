#include "cli_expert.h"

#include "cli_weights.h"
#include "codec_output.h"
#include "hubpull.h"
#include "modelfolders.h"

#include "demo/model_location.h"
#include "dialects/json_output.h"
#include "expert/grounding_expert.h"
#include "io/image_loader.h"

#include <cstdio>

namespace gc::cli {

std::string expertOption(const Args &args)
{
    const std::string wanted = args.value("expert").value_or("none");
    if (wanted != "none" && wanted != "auto" && wanted != "florence2" && wanted != "demo")
        throw UsageError("--expert must be auto, florence2, demo or none");
    if (wanted == "none" && args.has("expert-model"))
        throw UsageError("--expert-model goes with --expert");
    return wanted;
}

void groundWithExpert(const Args &args, const std::string &imagePath, GroundedText &result, nlohmann::json &out)
{
    const std::string wanted = expertOption(args);
    if (wanted == "none")
        return;
    if (result.regionCount() > 0)
        return; // the model boxed its answer itself
    std::vector<std::string> folders;
    if (const auto dir = args.value("expert-model")) {
        folders.push_back(*dir);
    } else if (wanted != "demo") {
        nameLikeTheApp();
        for (const HubSnapshot &s : findModelSnapshots(HubPullOptions().effectiveCacheDir()))
            folders.push_back(s.folder.toStdString());
    }
    std::string error;
    const auto choice = expert::chooseExpert(wanted, folders, demo::modelDir(), &error);
    if (!choice)
        throw InputError("--expert: " + error);
    expert::GroundingExpert grounder;
    if (const runtime::Status s = grounder.load(*choice); !s.ok())
        throw InputError("--expert: cannot load " + choice->folder + ": " + s.message);
    const io::RgbImage image = decodeQuietly([&] { return io::loadImageRgb(imagePath, maxPixelsOption(args)); });
    const expert::ExpertResult r = grounder.ground(image, result.text, {});
    if (!r.status.ok())
        throw InputError("--expert: " + r.status.message);

    GroundedText found;
    std::vector<size_t> phraseOf; // found.entities[i] is phrase phraseOf[i]
    found.normalized = false;
    found.text = result.text;
    for (size_t p = 0; p < r.phrases.size(); ++p) {
        Entity e;
        e.phrase = r.phrases[p].text;
        e.span = r.phrases[p].span;
        e.hasSpan = e.span.end > e.span.begin;
        for (const expert::ExpertRegion &region : r.regions)
            if (region.phrase == p)
                e.regions.push_back(Region::makeBox(region.box, e.phrase));
        if (!e.regions.empty()) {
            found.entities.push_back(std::move(e));
            phraseOf.push_back(p);
        }
    }
    nlohmann::json entities = groundedTextToJson(found, "")["entities"];
    for (size_t i = 0; i < entities.size(); ++i) {
        entities[i]["source"] = "expert";
        nlohmann::json scores = nlohmann::json::array();
        for (const expert::ExpertRegion &region : r.regions)
            if (region.phrase == phraseOf[i])
                scores.push_back(region.score);
        entities[i]["scores"] = scores; // the expert's description of each box against the phrase (0..1)
        out["entities"].push_back(entities[i]);
        result.entities.push_back(found.entities[i]);
    }
    out["tools"].push_back({{"tool", "expert"}, {"expert", grounder.name()}, {"ms", r.elapsedMs},
                            {"phrases", r.phrases.size()}, {"boxes", r.regions.size()}});
}

} // namespace gc::cli
