// Moondream: detect() / point() return structures, not text; we read them serialised as JSON:
// {"objects": [{"x_min", "y_min", "x_max", "y_max"}]} and {"points": [{"x", "y"}]}, floats 0-1.
#include "common.h"
#include "core/utf8.h"
#include "encode_util.h"
#include "factories.h"
#include "lenient_json.h"

namespace gc::dialects {
namespace {

using nlohmann::json;

std::optional<double> num(const json &o, const char *key)
{
    const auto it = o.find(key);
    if (it == o.end() || !it->is_number())
        return std::nullopt;
    return it->get<double>();
}

class Moondream final : public Dialect {
public:
    Moondream()
    {
        m_info.id = "moondream";
        m_info.displayName = "Moondream";
        m_info.source = "vikhyat/moondream moondream/torch/moondream.py, region.py@44146f13";
        m_info.space = CoordSpace::Unit;
        m_info.caps = {true, true, true, true, false, false, false, false};
        // The prompts are token-id templates; `token` names the API call.
        m_info.tasks = {
            {"detect", "detect", "{input}", false},
            {"point", "point", "{input}", false},
            {"region", "query", "{input}", true},
            {"chat", "query", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        GroundedTextBuilder b;
        const LenientJson lj = parseLenientJson(raw);
        if (!lj.ok || !lj.value.is_object()) {
            b.appendText(raw.substr(0, stableLength(raw, options.partial)));
            return b.finish();
        }
        if (lj.repaired)
            b.warn(lj.begin, lj.truncated ? "JSON was cut off; kept its complete objects" : "JSON needed repair");
        // the label is the caller's query, not part of the result; "label" is read when present
        const auto add = [&](Region r, const json &o) {
            Entity e;
            if (const auto l = o.find("label"); l != o.end() && l->is_string())
                e.phrase = l->get<std::string>();
            if (r.clamped)
                b.warn(lj.begin, "coordinate out of range, clamped (box = centre +- size/2 can leave the image)");
            r.label = e.phrase;
            e.regions.push_back(std::move(r));
            e.rawEnd = lj.end;
            if (!e.phrase.empty()) {
                if (!b.entities().empty())
                    b.appendText(", ");
                e.span = b.appendPhrase(e.phrase);
                e.hasSpan = true;
            }
            b.addEntity(std::move(e));
        };
        if (const auto objs = lj.value.find("objects"); objs != lj.value.end() && objs->is_array()) {
            for (const json &o : *objs) {
                if (!o.is_object())
                    continue;
                const auto x1 = num(o, "x_min"), y1 = num(o, "y_min"), x2 = num(o, "x_max"), y2 = num(o, "y_max");
                if (!x1 || !y1 || !x2 || !y2) {
                    b.warn(lj.begin, "object without x_min/y_min/x_max/y_max skipped");
                    continue;
                }
                add(unitBoxRegion({*x1, *y1, *x2, *y2}), o);
            }
        }
        if (const auto pts = lj.value.find("points"); pts != lj.value.end() && pts->is_array()) {
            for (const json &o : *pts) {
                const auto x = o.is_object() ? num(o, "x") : std::nullopt;
                const auto y = o.is_object() ? num(o, "y") : std::nullopt;
                if (!x || !y) {
                    b.warn(lj.begin, "point without x/y skipped");
                    continue;
                }
                add(unitPointRegion({*x, *y}), o);
            }
        }
        const std::string_view before = utf8::trim(raw.substr(0, lj.begin));
        if (!before.empty() && b.entities().empty())
            b.appendText(before);
        return b.finish();
    }

    // spatial_refs are tuples of normalised floats: (x, y) or (x1, y1, x2, y2).
    EncodeResult encode(const EncodeRequest &req) const override
    {
        return encodeRegions(m_info, req, ", ", [&](const PromptRegion &r, std::string &out, std::string &err) {
            if (r.kind == RegionKind::Point) {
                const PointF p = unitPointOf(r, req.imageSize);
                out = "(" + formatFixed(p.x, 4) + ", " + formatFixed(p.y, 4) + ")";
                return true;
            }
            if (r.kind != RegionKind::Box) {
                err = "Moondream takes boxes and points only";
                return false;
            }
            const Box u = unitBoxOf(r, req.imageSize);
            out = "(" + formatFixed(u.x1, 4) + ", " + formatFixed(u.y1, 4) + ", " + formatFixed(u.x2, 4) + ", " +
                  formatFixed(u.y2, 4) + ")";
            return true;
        });
    }

private:
    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeMoondream() { return std::make_unique<Moondream>(); }

} // namespace gc::dialects
