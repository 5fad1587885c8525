// Groma: `<p>phrase</p> <roi><rK>…</roi>`; no coordinates in text, <rK> indexes the region proposer's
// boxes (DecodeOptions::proposals, unit corners of the original image).
#include "common.h"
#include "factories.h"
#include "markup_scan.h"

namespace gc::dialects {
namespace {

constexpr std::string_view kRoi = "<roi>";
constexpr std::string_view kRoiEnd = "</roi>";

class Groma final : public Dialect {
public:
    Groma()
    {
        m_info.id = "groma";
        m_info.displayName = "Groma";
        m_info.source = "FoundationVision/Groma groma/constants.py@d3a95b6c l.6-25; groma/model/groma.py l.283-340; "
                        "eval/run_groma.py l.79-103; README.md (grounded caption example)";
        m_info.space = CoordSpace::None;
        m_info.caps.boxIn = true;
        m_info.caps.boxOut = true;
        m_info.caps.proposals = true;
        m_info.tasks = {
            {"grounded-caption", "[grounding]", "[grounding] Please briefly describe the image content.", false}, // README
            {"refer", "[grounding]", "[grounding] Locate {input} in the image.", false},
            {"region", "", "What is in the region {input}?", true},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        size_t n = stableLength(raw, options.partial, 16);
        if (options.partial) {
            // an open <roi> group may still receive indices
            const std::string_view s = raw.substr(0, n);
            const size_t open = s.rfind(kRoi);
            if (open != std::string_view::npos && s.find(kRoiEnd, open) == std::string_view::npos)
                n = open;
        }
        const std::vector<Box> &proposals = options.proposals;
        const markup::PhraseTags tags{"<p>", "</p>"};
        return markup::decodeTagged(raw.substr(0, n), options.partial, tags, "<",
                                    [&proposals](std::string_view t, size_t p, GroundedTextBuilder &b) -> std::optional<markup::RegionMatch> {
                                        if (!startsWith(t.substr(p), kRoi))
                                            return std::nullopt;
                                        markup::RegionMatch m;
                                        std::vector<size_t> ids;
                                        size_t k = p + kRoi.size();
                                        while (true) {
                                            while (k < t.size() && utf8Space(t[k]))
                                                ++k;
                                            if (startsWith(t.substr(k), kRoiEnd)) {
                                                k += kRoiEnd.size();
                                                break;
                                            }
                                            if (!startsWith(t.substr(k), "<r"))
                                                return std::nullopt;
                                            const size_t d = k + 2;
                                            size_t e = d;
                                            while (e < t.size() && markup::isDigit(t[e]))
                                                ++e;
                                            if (e >= t.size() || t[e] != '>' || e == d)
                                                return std::nullopt;
                                            const auto idx = parseIndex(t.substr(d, e - d));
                                            if (!idx)
                                                return std::nullopt;
                                            ids.push_back(size_t(*idx));
                                            k = e + 1;
                                        }
                                        if (ids.empty())
                                            return std::nullopt;
                                        m.length = k - p;
                                        for (size_t id : ids) {
                                            if (id < proposals.size()) {
                                                m.regions.push_back(unitBoxRegion(proposals[id]));
                                                m.regions.back().id = "r" + std::to_string(id);
                                            } else {
                                                b.warn(p, "<r" + std::to_string(id) + "> has no proposal box");
                                            }
                                        }
                                        return m;
                                    });
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        // The box itself travels as refer_boxes next to the text; groma.py swaps <refer_box> for the
        // proposal that overlaps it most.
        std::string refs;
        for (const PromptRegion &r : request.regions) {
            if (r.kind != RegionKind::Box)
                return {false, {}, std::string("Groma takes boxes only, not a ") + regionKindName(r.kind)};
            if (!refs.empty())
                refs += " and ";
            refs += "<roi><refer_box></roi>";
        }
        std::string input;
        if (request.regions.empty())
            input = request.phrase;
        else if (!request.phrase.empty() && request.task != "region")
            input = "<p>" + request.phrase + "</p> " + refs;
        else
            input = refs;
        return markup::applyTask(m_info, request, input);
    }

private:
    static bool utf8Space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeGroma() { return std::make_unique<Groma>(); }

} // namespace gc::dialects
