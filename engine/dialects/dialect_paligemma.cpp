// PaliGemma 1/2: <locYYYY>x4 (y_min, x_min, y_max, x_max; 1024 bins) then " label", entries joined by
// " ; ", optionally 16 <segNNN> VQ-VAE codes of a 64x64 mask after the locs.
#include "common.h"
#include "core/coords.h"
#include "core/utf8.h"
#include "encode_util.h"
#include "factories.h"

#include <cstdio>

namespace gc::dialects {
namespace {

// big_vision, the model's own code, encodes round(v*1023) and decodes bins/1023; supervision and
// most community parsers divide by 1024. We follow big_vision; the difference is under one step.
constexpr double kLocDivisor = 1023;

// Parses "<locDDDD>" or "<segDDD>" at text[pos]; returns the value, -1 when it is not one.
int specialToken(std::string_view text, size_t pos, std::string_view name, size_t digits, size_t *len)
{
    const size_t n = 1 + name.size() + digits + 1;
    if (text.compare(pos, 1 + name.size(), std::string("<") + std::string(name)) != 0 || pos + n > text.size() ||
        text[pos + n - 1] != '>')
        return -1;
    const auto v = parseIndex(text.substr(pos + 1 + name.size(), digits));
    if (!v)
        return -1;
    *len = n;
    return *v;
}

class PaliGemma final : public Dialect {
public:
    PaliGemma()
    {
        m_info.id = "paligemma";
        m_info.displayName = "PaliGemma";
        m_info.source = "google-research/big_vision big_vision/configs/proj/paligemma/README.md, "
                        "pp/proj/paligemma/segmentation.py@0127fb6b";
        m_info.space = CoordSpace::Bins1024;
        // No native region-input task in the mix checkpoints; a box is written in the output grammar
        // (what fine-tuning data uses), so the caller can build few-shot or fine-tuned prompts.
        m_info.caps.boxIn = true;
        m_info.caps.boxOut = true;
        m_info.caps.maskOut = true;
        m_info.tasks = {
            {"detect", "detect", "detect {input}", false},
            {"segment", "segment", "segment {input}", false},
            {"caption", "caption", "caption en", false},
            {"ocr", "ocr", "ocr", false},
            {"chat", "answer", "answer en {input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        const std::string_view text = raw.substr(0, stableLength(raw, options.partial, 16));
        GroundedTextBuilder b;
        size_t pos = 0;
        while (pos < text.size()) {
            const size_t lt = text.find('<', pos);
            const size_t stop = lt == std::string_view::npos ? text.size() : lt;
            b.appendText(text.substr(pos, stop - pos));
            pos = stop;
            if (pos >= text.size())
                break;
            if (text.compare(pos, 5, "<eos>") == 0 || text.compare(pos, 13, "<end_of_turn>") == 0) {
                pos += text.compare(pos, 5, "<eos>") == 0 ? 5 : 13;
                continue;
            }
            size_t len = 0;
            std::vector<int> locs;
            size_t k = pos;
            for (int v; (v = specialToken(text, k, "loc", 4, &len)) >= 0 && locs.size() < 4096; k += len)
                locs.push_back(v);
            if (locs.empty()) {
                b.appendText("<");
                ++pos;
                continue;
            }
            std::vector<int> segs;
            for (int v; (v = specialToken(text, k, "seg", 3, &len)) >= 0 && segs.size() < 4096; k += len)
                segs.push_back(v);
            const size_t tokensEnd = k;
            // the label runs to ';', to the next token, to the end of the line or of the text
            size_t labelEnd = k;
            while (labelEnd < text.size() && text[labelEnd] != ';' && text[labelEnd] != '<' && text[labelEnd] != '\n')
                ++labelEnd;
            const bool labelFinal = labelEnd < text.size() || !options.partial;
            if (!labelFinal)
                break; // locs whose label is still being written are not shown yet
            bool bad = false;
            for (int v : locs)
                bad = bad || v > 1023;
            if (locs.size() % 4 != 0 || bad) {
                b.warn(pos, locs.size() % 4 != 0 ? "loc tokens not in groups of four kept as text"
                                                 : "loc value beyond 1023 kept as text");
                b.appendText(text.substr(pos, tokensEnd - pos));
                pos = tokensEnd;
                continue;
            }
            std::string_view label = text.substr(tokensEnd, labelEnd - tokensEnd);
            // the space that separates the label from its locs is not doubled after " ; "
            while (!label.empty() && utf8::isSpace(label.front()) &&
                   (b.text().empty() || utf8::isSpace(b.text().back())))
                label.remove_prefix(1);
            Entity e;
            e.phrase = std::string(utf8::trim(label));
            e.span = b.appendPhrase(label);
            e.hasSpan = !e.phrase.empty();
            for (size_t g = 0; g + 3 < locs.size(); g += 4) {
                const auto u = [](int v) { return coords::fromScale(v, kLocDivisor); };
                e.regions.push_back(unitBoxRegion({u(locs[g + 1]), u(locs[g]), u(locs[g + 3]), u(locs[g + 2])}, e.phrase));
                if (e.regions.back().reordered)
                    b.warn(pos, "corners in reverse order, swapped");
            }
            if (locs.size() > 4)
                b.warn(pos, "several boxes before one label");
            if (!segs.empty()) {
                std::string code;
                for (int v : segs)
                    code += (code.empty() ? "" : " ") + std::to_string(v);
                e.attributes["mask_code"] = code;
                if (segs.size() != 16)
                    b.warn(pos, "a mask needs 16 seg tokens, got " + std::to_string(segs.size()));
            }
            e.rawEnd = labelEnd;
            b.addEntity(std::move(e));
            pos = labelEnd;
        }
        return b.finish();
    }

    EncodeResult encode(const EncodeRequest &req) const override
    {
        return encodeRegions(m_info, req, " ; ", [&](const PromptRegion &r, std::string &out, std::string &err) {
            if (r.kind != RegionKind::Box) {
                err = "PaliGemma writes boxes only";
                return false;
            }
            const Box u = unitBoxOf(r, req.imageSize);
            const auto loc = [](double v) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "<loc%04d>", coords::toScaleRounded(v, kLocDivisor, 1023));
                return std::string(buf);
            };
            out = loc(u.y1) + loc(u.x1) + loc(u.y2) + loc(u.x2);
            if (!req.phrase.empty())
                out += " " + req.phrase;
            return true;
        });
    }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makePaliGemma() { return std::make_unique<PaliGemma>(); }

} // namespace gc::dialects
