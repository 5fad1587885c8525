#include "unit_boxes.h"

#include "common.h"
#include "encode_util.h"
#include "markup_scan.h"

#include <algorithm>

namespace gc::dialects {

EncodeResult encodeUnitBoxes(const DialectInfo &info, const EncodeRequest &request, const UnitBoxFormat &format)
{
    std::string coordsText;
    for (const PromptRegion &r : request.regions) {
        if (r.kind != RegionKind::Box)
            return {false, {}, std::string(format.family) + " takes boxes only, not a " + regionKindName(r.kind)};
        const Box s = format.toSquare(unitBoxOf(r, request.imageSize));
        const auto f = [&](double v) { return formatFixed(std::clamp(v, 0.0, 1.0), format.decimals); };
        coordsText += (coordsText.empty() ? "[" : std::string(format.separator) + "[") + f(s.x1) + ", " + f(s.y1) +
                      ", " + f(s.x2) + ", " + f(s.y2) + "]";
    }
    return markup::applyTask(info, request, phraseAndRegions(request, coordsText));
}

GroundedText decodeUnitBoxes(std::string_view raw, const DecodeOptions &options, const UnitBoxFormat &format)
{
    markup::BracketSyntax syn;
    syn.groupSep = 0;
    syn.groupAdjacent = true;
    return markup::decodeBrackets(raw, options, syn, [&format](const std::vector<double> &v, std::string *why) -> std::optional<Region> {
        if (v.size() != 4) {
            *why = std::string("a ") + format.family + " box has 4 numbers";
            return std::nullopt;
        }
        return unitBoxRegion(format.toImage({v[0], v[1], v[2], v[3]}));
    });
}

} // namespace gc::dialects
