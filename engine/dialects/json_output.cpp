#include "json_output.h"

#include "core/utf8.h"

namespace gc {

namespace {

nlohmann::json boxJson(const Box &b) { return nlohmann::json::array({b.x1, b.y1, b.x2, b.y2}); }

nlohmann::json flatPoints(const std::vector<PointF> &pts)
{
    nlohmann::json a = nlohmann::json::array();
    for (const PointF &p : pts) {
        a.push_back(p.x);
        a.push_back(p.y);
    }
    return a;
}

} // namespace

nlohmann::json groundedTextToJson(const GroundedText &text, const std::string &dialectId)
{
    nlohmann::json out;
    out["dialect"] = dialectId;
    out["text"] = utf8::sanitize(text.text);
    out["normalized"] = text.normalized;
    nlohmann::json entities = nlohmann::json::array();
    for (const Entity &e : text.entities) {
        nlohmann::json j;
        j["phrase"] = utf8::sanitize(e.phrase);
        j["span"] = e.hasSpan ? nlohmann::json::array({e.span.begin, e.span.end}) : nlohmann::json();
        nlohmann::json boxes = nlohmann::json::array(), points = nlohmann::json::array(),
                       polygons = nlohmann::json::array(), quads = nlohmann::json::array(),
                       masks = nlohmann::json::array();
        bool clamped = false;
        for (const Region &r : e.regions) {
            clamped = clamped || r.clamped;
            switch (r.kind) {
            case RegionKind::Box:
            case RegionKind::Mark:
                boxes.push_back(boxJson(r.box));
                break;
            case RegionKind::Point:
                if (!r.points.empty())
                    points.push_back(nlohmann::json::array({r.points[0].x, r.points[0].y}));
                break;
            case RegionKind::Polygon:
                polygons.push_back(flatPoints(r.points));
                break;
            case RegionKind::Quad:
                quads.push_back(flatPoints(r.points));
                break;
            case RegionKind::Mask:
                masks.push_back(r.maskSlot);
                break;
            }
        }
        j["boxes"] = boxes;
        j["points"] = points;
        j["polygons"] = polygons;
        j["quads"] = quads;
        if (!masks.empty())
            j["mask_slots"] = masks;
        if (clamped)
            j["clamped"] = true;
        if (e.classId >= 0)
            j["class_id"] = e.classId;
        if (!e.attributes.empty()) {
            nlohmann::json attrs = nlohmann::json::object();
            for (const auto &[k, v] : e.attributes)
                attrs[utf8::sanitize(k)] = utf8::sanitize(v);
            j["attributes"] = attrs;
        }
        entities.push_back(j);
    }
    out["entities"] = entities;
    if (!text.diagnostics.empty()) {
        nlohmann::json d = nlohmann::json::array();
        for (const Diagnostic &diag : text.diagnostics)
            d.push_back({{"offset", diag.rawOffset}, {"message", utf8::sanitize(diag.message)}});
        out["diagnostics"] = d;
    }
    return out;
}

void applyClassFilter(GroundedText &text, const std::vector<std::string> &classes)
{
    if (classes.empty())
        return;
    std::vector<Entity> kept;
    for (Entity &e : text.entities) {
        const std::string_view phrase = utf8::trim(e.phrase);
        for (size_t i = 0; i < classes.size(); ++i) {
            if (phrase == utf8::trim(classes[i])) {
                e.classId = int(i);
                kept.push_back(std::move(e));
                break;
            }
        }
    }
    text.entities = std::move(kept);
}

} // namespace gc
