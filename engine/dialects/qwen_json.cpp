#include "qwen_json.h"

#include "common.h"
#include "core/utf8.h"
#include "core/coords.h"
#include "encode_util.h"
#include "lenient_json.h"

namespace gc::dialects {
namespace {

using nlohmann::json;

std::string lower(std::string s)
{
    for (char &c : s)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return s;
}

std::string scalarText(const json &v)
{
    if (v.is_string())
        return v.get<std::string>();
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<std::vector<double>> numbers(const json &v, size_t count)
{
    if (!v.is_array() || v.size() != count)
        return std::nullopt;
    std::vector<double> out;
    for (const json &e : v) {
        if (!e.is_number())
            return std::nullopt;
        out.push_back(e.get<double>());
    }
    return out;
}

// The objects of the answer: the array itself, or the first array of objects inside a wrapper object.
std::vector<const json *> objectsOf(const json &root, const JsonGroundingStyle &st, bool truncated)
{
    std::vector<const json *> out;
    const auto hasCoords = [&](const json &o) {
        for (const auto &k : st.boxKeys)
            if (o.contains(k))
                return true;
        for (const auto &k : st.pointKeys)
            if (o.contains(k))
                return true;
        return false;
    };
    if (root.is_array()) {
        for (const json &e : root)
            if (e.is_object())
                out.push_back(&e);
        return out;
    }
    if (!root.is_object())
        return out;
    if (hasCoords(root)) {
        // a lone object cut off by the token limit may still be missing its label
        if (!truncated)
            out.push_back(&root);
        return out;
    }
    for (const auto &item : root.items()) {
        if (item.value().is_array()) {
            for (const json &e : item.value())
                if (e.is_object())
                    out.push_back(&e);
            if (!out.empty())
                break;
        }
    }
    return out;
}

} // namespace

std::string phraseKeyOf(const std::vector<std::string> &keys)
{
    int best = -1;
    std::string bestKey;
    for (const std::string &k : keys) {
        const std::string l = lower(k);
        int score = -1;
        if (l == "label")
            score = 100;
        else if ((l.find("name") != std::string::npos || l.find("label") != std::string::npos) &&
                 (l.size() > 3 && l.compare(l.size() - 3, 3, "_en") == 0))
            score = 90;
        else if (l == "name" || l == "text" || l == "category" || l == "class" || l == "description")
            score = 80;
        else if (l.find("label") != std::string::npos || l.find("name") != std::string::npos)
            score = 50;
        if (score > best) {
            best = score;
            bestKey = k;
        }
    }
    return bestKey;
}

std::optional<GroundedText> decodeJsonGrounding(std::string_view raw, const DecodeOptions &options,
                                                const JsonGroundingStyle &st)
{
    const LenientJson lj = parseLenientJson(raw);
    if (!lj.ok)
        return std::nullopt;
    GroundedTextBuilder b;
    if (lj.repaired)
        b.warn(lj.begin, lj.truncated ? "JSON was cut off; kept its complete objects" : "JSON needed repair");

    const std::string_view before = utf8::trim(raw.substr(0, lj.begin));
    std::string_view after = utf8::trim(raw.substr(std::min(lj.end, raw.size())));
    if (options.partial)
        after = after.substr(0, stableLength(after, true));
    if (!before.empty()) {
        b.appendText(before);
        b.appendText("\n");
    }

    bool firstLabel = true;
    for (const json *obj : objectsOf(lj.value, st, lj.truncated)) {
        std::vector<std::string> keys;
        for (const auto &item : obj->items())
            keys.push_back(item.key());
        std::optional<Region> region;
        std::string coordKey;
        for (const auto &k : st.boxKeys) {
            if (!obj->contains(k))
                continue;
            coordKey = k;
            if (const auto v = numbers(obj->at(k), 4)) {
                const auto &n = *v;
                Box box = st.yFirst ? Box{n[1] * st.sx, n[0] * st.sy, n[3] * st.sx, n[2] * st.sy}
                                    : Box{n[0] * st.sx, n[1] * st.sy, n[2] * st.sx, n[3] * st.sy};
                if (st.clamp) {
                    region = unitBoxRegion(box);
                } else {
                    region = Region::makeBox(box.ordered());
                    region->reordered = !box.isOrdered();
                }
            }
            break;
        }
        if (!region) {
            for (const auto &k : st.pointKeys) {
                if (!obj->contains(k))
                    continue;
                coordKey = k;
                if (const auto v = numbers(obj->at(k), 2)) {
                    const auto &n = *v;
                    const PointF p = st.yFirst ? PointF{n[1] * st.sx, n[0] * st.sy} : PointF{n[0] * st.sx, n[1] * st.sy};
                    region = st.clamp ? unitPointRegion(p) : Region::makePoint(p);
                }
                break;
            }
        }
        if (!region) {
            b.warn(lj.begin, coordKey.empty() ? "JSON object without coordinates skipped"
                                              : "'" + coordKey + "' is not a list of numbers; object skipped");
            continue;
        }
        if (region->clamped)
            b.warn(lj.begin, "coordinate out of range, clamped");
        if (region->reordered)
            b.warn(lj.begin, "corners in reverse order, swapped");

        Entity e;
        const std::string phraseKey = phraseKeyOf(keys);
        if (!phraseKey.empty())
            e.phrase = std::string(utf8::trim(scalarText(obj->at(phraseKey))));
        for (const auto &item : obj->items())
            if (item.key() != coordKey && item.key() != phraseKey)
                e.attributes[item.key()] = scalarText(item.value());
        if (!e.phrase.empty()) {
            if (!firstLabel)
                b.appendText(", ");
            firstLabel = false;
            e.span = b.appendPhrase(e.phrase);
            e.hasSpan = true;
        }
        region->label = e.phrase;
        e.regions.push_back(std::move(*region));
        e.rawEnd = lj.end;
        b.addEntity(std::move(e));
    }
    if (!after.empty()) {
        b.appendText("\n");
        b.appendText(after);
    }
    GroundedText out = b.finish();
    out.normalized = st.clamp;
    return out;
}

GroundedText decodeJsonOrText(std::string_view raw, const DecodeOptions &options, const JsonGroundingStyle &style)
{
    if (auto j = decodeJsonGrounding(raw, options, style))
        return std::move(*j);
    GroundedTextBuilder b;
    b.appendText(raw.substr(0, stableLength(raw, options.partial)));
    return b.finish();
}

EncodeResult encodeJsonRegions(const DialectInfo &info, const EncodeRequest &req, const JsonGroundingStyle &style)
{
    const auto q = [](double v) { return std::to_string(coords::toScaleRounded(v, 1000, 1000)); };
    const auto pair = [&](double x, double y) { return style.yFirst ? q(y) + ", " + q(x) : q(x) + ", " + q(y); };
    const std::string label = req.phrase.empty() ? "" : ", \"label\": " + nlohmann::json(req.phrase).dump();
    return encodeRegions(info, req, ", ", [&](const PromptRegion &r, std::string &out, std::string &err) {
        if (r.kind == RegionKind::Point) {
            const PointF p = unitPointOf(r, req.imageSize);
            out = "{\"" + style.pointKeys.front() + "\": [" + pair(p.x, p.y) + "]" + label + "}";
            return true;
        }
        if (r.kind != RegionKind::Box) {
            err = info.displayName + " prompts take boxes and points only";
            return false;
        }
        const Box u = unitBoxOf(r, req.imageSize);
        out = "{\"" + style.boxKeys.front() + "\": [" + pair(u.x1, u.y1) + ", " + pair(u.x2, u.y2) + "]" + label + "}";
        return true;
    });
}

} // namespace gc::dialects
