// LLaVA-Grounding: `<g_s> phrase <g_e> <seg>`; no coordinates in text: each <seg> hidden state drives the
// OpenSeeD grounding head, which returns that phrase's boxes and masks. Slots are numbered in <seg> order.
#include "common.h"
#include "encode_util.h"
#include "factories.h"
#include "markup_scan.h"

namespace gc::dialects {
namespace {

class LlavaGrounding final : public Dialect {
public:
    LlavaGrounding()
    {
        m_info.id = "llava-grounding";
        m_info.displayName = "LLaVA-Grounding";
        m_info.source = "UX-Decoder/LLaVA-Grounding llava/eval/LLaVA_G_Eval.py@668b7cc3 l.16-18; "
                        "serve demo LLaVA_G_Demo.py l.69-80, l.216-246, l.494-495";
        // the head's boxes are in the padded square (unresize_box); the text itself has no numbers
        m_info.space = CoordSpace::None;
        m_info.caps.boxIn = true;
        m_info.caps.pointIn = true;
        m_info.caps.maskOut = true;
        m_info.tasks = {
            // the "(with grounding)" suffix the eval scripts strip again
            {"grounded-caption", "", "Describe the image in detail. (with grounding)", false},
            {"refer", "", "Where is {input} in the image? (with grounding)", false},
            // demo l.494-495: the visual prompt is marked by '%' in the question
            {"region", "", "What is the object {input} doing and why?", true},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        const size_t n = stableLength(raw, options.partial, 16);
        int slot = 0;
        const markup::PhraseTags tags{"<g_s>", "<g_e>"};
        return markup::decodeTagged(raw.substr(0, n), options.partial, tags, "<",
                                    [&slot](std::string_view t, size_t p, GroundedTextBuilder &) -> std::optional<markup::RegionMatch> {
                                        if (!startsWith(t.substr(p), "<seg>"))
                                            return std::nullopt;
                                        markup::RegionMatch m;
                                        m.length = 5;
                                        m.regions.push_back(Region::makeMaskSlot(slot++));
                                        return m;
                                    });
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        // The click, box or scribble goes to the interactive encoder; the text only marks where it belongs.
        std::string marks;
        for (const PromptRegion &r : request.regions) {
            if (r.kind != RegionKind::Box && r.kind != RegionKind::Point && r.kind != RegionKind::Mask)
                return {false, {}, std::string("LLaVA-Grounding takes clicks, boxes and scribbles, not a ") + regionKindName(r.kind)};
            if (!marks.empty())
                marks += " and ";
            marks += "%";
        }
        return markup::applyTask(m_info, request, phraseAndRegions(request, marks));
    }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeLlavaGrounding() { return std::make_unique<LlavaGrounding>(); }

} // namespace gc::dialects
