// GLaMM: `<p> phrase </p> [SEG]`; each [SEG] embedding becomes a mask in the SAM-based pixel decoder, so
// the text carries mask slots numbered in [SEG] order (eval/gcg/infer.py pairs them with <p> phrases).
#include "common.h"
#include "encode_util.h"
#include "factories.h"
#include "markup_scan.h"

namespace gc::dialects {
namespace {

constexpr std::string_view kSeg = "[SEG]";

class Glamm final : public Dialect {
public:
    Glamm()
    {
        m_info.id = "glamm";
        m_info.displayName = "GLaMM";
        m_info.source = "mbzuai-oryx/groundingLMM dataset/gcg_datasets/GranDf_gcg_ds.py@e74865f2 l.108; "
                        "eval/gcg/infer.py l.86-99; eval/region_captioning/infer.py l.161";
        m_info.space = CoordSpace::None;
        m_info.caps.boxIn = true;
        m_info.caps.maskOut = true;
        m_info.tasks = {
            {"grounded-caption", "",
             "Could you please give me a detailed description of the image? Please respond with interleaved "
             "segmentation masks for the corresponding parts of the answer.",
             false},
            {"refer", "", "Please segment the {input} in this image.", false},
            {"region", "", "Can you provide me with a detailed description of the region in the picture marked by {input}?", true},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        size_t n = stableLength(raw, options.partial, 16);
        if (options.partial)
            n = markup::cutTokenPrefix(raw.substr(0, n), {kSeg});
        int slot = 0;
        const markup::PhraseTags tags{"<p>", "</p>"};
        return markup::decodeTagged(raw.substr(0, n), options.partial, tags, "[",
                                    [&slot](std::string_view t, size_t p, GroundedTextBuilder &) -> std::optional<markup::RegionMatch> {
                                        if (!startsWith(t.substr(p), kSeg))
                                            return std::nullopt;
                                        markup::RegionMatch m;
                                        m.length = kSeg.size();
                                        m.regions.push_back(Region::makeMaskSlot(slot++));
                                        return m;
                                    });
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        // The boxes travel separately (region_enc_processor); `<bbox>` is where their RoI features go.
        std::string refs;
        for (size_t i = 0; i < request.regions.size(); ++i) {
            if (request.regions[i].kind != RegionKind::Box)
                return {false, {}, std::string("GLaMM takes boxes only, not a ") + regionKindName(request.regions[i].kind)};
            if (request.regions.size() == 1) {
                refs = "<bbox>";
            } else {
                if (!refs.empty())
                    refs += ", ";
                refs += "region" + std::to_string(i + 1) + " <bbox>"; // RefCOCO_VG_Region_ds.py l.139
            }
        }
        return markup::applyTask(m_info, request, phraseAndRegions(request, refs));
    }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeGlamm() { return std::make_unique<Glamm>(); }

} // namespace gc::dialects
