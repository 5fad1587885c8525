// Ferret: `[x1, y1, x2, y2]` / `[x, y]` integers 0..999 (int(1000*x/W)) of the original image, written after
// the words they ground. A user region is the coordinates followed by `<region_fea>`, the token whose
// embedding the spatial-aware visual sampler replaces.
#include "common.h"
#include "encode_util.h"
#include "factories.h"
#include "markup_scan.h"

#include "core/coords.h"

namespace gc::dialects {
namespace {

constexpr double kVocab = 1000; // VOCAB_IMAGE_W/H, ferret/train/train.py l.47-49

class Ferret final : public Dialect {
public:
    Ferret()
    {
        m_info.id = "ferret";
        m_info.displayName = "Ferret";
        m_info.source = "apple/ml-ferret ferret/train/train.py@3c9e5c93 l.989-1058; ferret/eval/model_refcoco.py l.77-119";
        m_info.space = CoordSpace::Scale999;
        m_info.caps.boxIn = m_info.caps.boxOut = true;
        m_info.caps.pointIn = true;
        m_info.tasks = {
            {"refer", "", "What is the location of {input} in the image?", false}, // eval/model_refcoco.py l.119
            {"detect", "", "What are the locations of {input}?", false},           // eval/model_flickr.py
            // the demo's free-form referring question (gradio_web_server.py puts `coords <region_fea>` in place)
            {"region", "", "What is {input}?", true},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        markup::BracketSyntax syn;
        syn.groupSep = 0;
        syn.groupAdjacent = true;
        // Values are kept as v/1000 floats; the repo's resize_bbox truncates to int pixels afterwards.
        return markup::decodeBrackets(raw, options, syn, [](const std::vector<double> &v, std::string *why) -> std::optional<Region> {
            if (v.size() == 4)
                return unitBoxRegion({v[0] / kVocab, v[1] / kVocab, v[2] / kVocab, v[3] / kVocab});
            if (v.size() == 2)
                return unitPointRegion({v[0] / kVocab, v[1] / kVocab});
            *why = "a Ferret group has 4 (box) or 2 (point) numbers";
            return std::nullopt;
        });
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        if (!request.regions.empty() && !request.imageSize.isValid())
            return {false, {}, "Ferret needs the image size to write coordinates"};
        std::string regionsText;
        for (const PromptRegion &r : request.regions) {
            const auto q = [](double unit) { return std::to_string(coords::toScaleTruncated(unit, kVocab, 999)); };
            std::string c;
            if (r.kind == RegionKind::Point) {
                const PointF p = unitPointOf(r, request.imageSize);
                c = "[" + q(p.x) + ", " + q(p.y) + "]";
            } else if (r.kind == RegionKind::Box) {
                const Box u = unitBoxOf(r, request.imageSize);
                c = "[" + q(u.x1) + ", " + q(u.y1) + ", " + q(u.x2) + ", " + q(u.y2) + "]";
            } else {
                return {false, {}, std::string("Ferret takes boxes and points here, not a ") + regionKindName(r.kind)};
            }
            if (!regionsText.empty())
                regionsText += ", ";
            regionsText += c + " <region_fea>";
        }
        return markup::applyTask(m_info, request, phraseAndRegions(request, regionsText));
    }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeFerret() { return std::make_unique<Ferret>(); }

} // namespace gc::dialects
