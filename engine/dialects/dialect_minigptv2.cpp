// MiniGPT-v2: `<p>phrase</p> {<x1><y1><x2><y2>}` with integers on a 100x100 grid, `<delim>` between the
// boxes of one phrase, task identifiers such as `[grounding]` at the start of the instruction.
#include "common.h"
#include "factories.h"
#include "markup_scan.h"

#include "core/coords.h"

namespace gc::dialects {
namespace {

constexpr double kGrid = 100; // coco_dataset.py image_new_size, demo_v2.py bounding_box_size

// `{<a><b><c><d>}` at p (eval_ref.py's pattern allows 1-3 digits; we allow up to 9 and clamp).
std::optional<markup::RegionMatch> readBox(std::string_view t, size_t p)
{
    size_t k = p + 1;
    double v[4];
    for (double &x : v) {
        if (k >= t.size() || t[k] != '<')
            return std::nullopt;
        const size_t d = ++k;
        while (k < t.size() && markup::isDigit(t[k]))
            ++k;
        if (k >= t.size() || t[k] != '>' || k == d)
            return std::nullopt;
        const auto n = parseIndex(t.substr(d, k - d));
        if (!n)
            return std::nullopt;
        x = *n;
        ++k;
    }
    if (k >= t.size() || t[k] != '}')
        return std::nullopt;
    markup::RegionMatch m;
    m.length = k + 1 - p;
    m.regions.push_back(unitBoxRegion({v[0] / kGrid, v[1] / kGrid, v[2] / kGrid, v[3] / kGrid}));
    return m;
}

class MiniGptV2 final : public Dialect {
public:
    MiniGptV2()
    {
        m_info.id = "minigpt-v2";
        m_info.displayName = "MiniGPT-v2";
        m_info.source = "Vision-CAIR/MiniGPT-4 demo_v2.py@d94738a7 l.64-139, l.211-220, l.498-591; "
                        "minigpt4/datasets/datasets/coco_dataset.py l.60-74, flickr.py l.146";
        m_info.space = CoordSpace::Scale100;
        m_info.caps.boxIn = m_info.caps.boxOut = true;
        // demo_v2.py task list and gradio examples
        m_info.tasks = {
            {"grounded-caption", "[grounding]", "[grounding] describe this image in detail", false},
            {"refer", "[refer]", "[refer] give me the location of {input}", false},
            {"detect", "[detection]", "[detection] {input}", false},
            {"region", "[identify]", "[identify] what is this {input}", true},
            {"vqa", "[vqa]", "[vqa] {input}", false},
            {"caption", "[caption]", "[caption] briefly describe the image", false},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        size_t n = stableLength(raw, options.partial, 16);
        if (options.partial) {
            const std::string_view s = raw.substr(0, n);
            n = std::min(n, markup::cutOpenConstruct(s, "{", "<>", 48));
        }
        const markup::PhraseTags tags{"<p>", "</p>"};
        return markup::decodeTagged(raw.substr(0, n), options.partial, tags, "{<",
                                    [](std::string_view t, size_t p, GroundedTextBuilder &) -> std::optional<markup::RegionMatch> {
                                        if (t[p] == '{')
                                            return readBox(t, p);
                                        if (startsWith(t.substr(p), "<delim>")) {
                                            markup::RegionMatch m;
                                            m.length = 7;
                                            m.separator = true;
                                            return m;
                                        }
                                        return std::nullopt;
                                    });
    }

    EncodeResult encode(const EncodeRequest &request) const override
    {
        std::string boxes;
        for (const PromptRegion &r : request.regions) {
            if (r.kind != RegionKind::Box)
                return {false, {}, std::string("MiniGPT-v2 takes boxes only, not a ") + regionKindName(r.kind)};
            if (!request.imageSize.isValid())
                return {false, {}, "MiniGPT-v2 needs the image size to write a box"};
            const Box u = unitBoxOf(r, request.imageSize);
            // training writes int(x / W * 100)
            const auto q = [](double v) { return "<" + std::to_string(coords::toScaleTruncated(v, kGrid, 100)) + ">"; };
            if (!boxes.empty())
                boxes += "<delim>";
            boxes += "{" + q(u.x1) + q(u.y1) + q(u.x2) + q(u.y2) + "}";
        }
        std::string input;
        if (request.regions.empty())
            input = request.phrase;
        else if (!request.phrase.empty() && request.task != "region")
            input = "<p>" + request.phrase + "</p> " + boxes;
        else
            input = boxes;
        return markup::applyTask(m_info, request, input);
    }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeMiniGptV2() { return std::make_unique<MiniGptV2>(); }

} // namespace gc::dialects
