// Shikra: `[x1,y1,x2,y2]` (and `[x,y]`) with three decimals in 0..1 of the image padded to a square, right
// after the words they ground; several boxes of one mention share a bracket, separated by ';'.
#include "common.h"
#include "factories.h"
#include "markup_scan.h"

#include "core/coords.h"

#include <algorithm>

namespace gc::dialects {
namespace {

class Shikra final : public Dialect {
public:
    Shikra()
    {
        m_info.id = "shikra";
        m_info.displayName = "Shikra";
        m_info.source = "shikras/shikra mllm/dataset/process_function/box_process_function.py@ff79a4ce "
                        "(PlainBoxFormatter), mllm/dataset/utils/transform.py (Expand2square)";
        m_info.space = CoordSpace::PaddedSquare;
        m_info.caps.boxIn = m_info.caps.boxOut = true;
        m_info.caps.pointIn = m_info.caps.pointOut = true;
        // config/_base_/dataset/template/*.json; `<image>` is where the runtime puts the image tokens, as the
        // model's own processor does.
        m_info.tasks = {
            {"refer", "", "Where is {input} <image>? answer in [x0,y0,x1,y1] format.", false},          // REC.json
            {"region", "", "Can you give me a description of the region {input} in image <image>?", true}, // GC.json
            {"grounded-caption", "",
             "Can you provide a description of the image <image> and include the coordinates [x0,y0,x1,y1] for "
             "each mentioned object?",
             false}, // flickr30k.json
            {"caption", "", "Describe this image <image> as simply as possible.", false}, // image_cap.json
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        const SizeI image = options.imageSize;
        // The demo's regex wants one digit before the point and no spaces; we also take spaces and integers.
        markup::BracketSyntax syn;
        return markup::decodeBrackets(raw, options, syn, [image](const std::vector<double> &v, std::string *why) -> std::optional<Region> {
            if (v.size() == 4) {
                const PointF a = coords::squareToImage({v[0], v[1]}, image);
                const PointF b = coords::squareToImage({v[2], v[3]}, image);
                return unitBoxRegion({a.x, a.y, b.x, b.y});
            }
            if (v.size() == 2)
                return unitPointRegion(coords::squareToImage({v[0], v[1]}, image));
            *why = "a Shikra group has 4 (box) or 2 (point) numbers";
            return std::nullopt;
        });
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        std::string coordsText;
        for (const PromptRegion &r : request.regions) {
            if (r.kind != RegionKind::Box && r.kind != RegionKind::Point)
                return {false, {}, std::string("Shikra takes boxes and points, not a ") + regionKindName(r.kind)};
            coordsText += coordsText.empty() ? "[" : ";";
            if (r.kind == RegionKind::Point) {
                const PointF s = clampUnit(coords::imageToSquare(unitPointOf(r, request.imageSize), request.imageSize));
                coordsText += formatFixed(s.x, 3) + "," + formatFixed(s.y, 3);
            } else {
                const Box u = unitBoxOf(r, request.imageSize);
                const PointF a = clampUnit(coords::imageToSquare({u.x1, u.y1}, request.imageSize));
                const PointF b = clampUnit(coords::imageToSquare({u.x2, u.y2}, request.imageSize));
                coordsText += formatFixed(a.x, 3) + "," + formatFixed(a.y, 3) + "," + formatFixed(b.x, 3) + ","
                    + formatFixed(b.y, 3);
            }
        }
        if (!coordsText.empty())
            coordsText += "]";
        std::string input;
        if (request.regions.empty())
            input = request.phrase;
        else if (request.task != "region")
            input = request.phrase + coordsText;
        else
            input = coordsText;
        return markup::applyTask(m_info, request, input);
    }

private:
    // transform.py norm_box_xyxy clamps to [0,1] before rounding
    static PointF clampUnit(PointF p) { return {std::clamp(p.x, 0.0, 1.0), std::clamp(p.y, 0.0, 1.0)}; }

    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeShikra() { return std::make_unique<Shikra>(); }

} // namespace gc::dialects
