// LLaVA/ShareGPT conversation JSON: [{"id", "image", "conversations": [{"from": "human"|"gpt", "value"}]}],
// the first human turn starting with "<image>\n". Regions are written inside the turns in a chosen model's
// dialect (any registry dialect whose decoder reads back what its encoder writes), so the coordinates are
// that dialect's (e.g. Qwen2-VL 0..1000 integers, Shikra 0..1 of the padded square, Kosmos-2 patch
// indices). Phrases are replaced by the dialect's phrase markup; JSON dialects (Qwen2.5-VL, Qwen3-VL,
// Gemini) answer with a ```json list of their objects. Every written turn is decoded again with the
// dialect on write; an export whose regions do not come back is refused.
// Side fields ("groundchat": width, height, exact pixel regions and the clean turns) make our own files
// round-trip exactly; without them, import decodes the turns with the dialect given.
#include "codecs.h"
#include "dataset_json.h"

#include "dialects/registry.h"

#include <algorithm>

namespace gc::annot::detail {

using nlohmann::json;

namespace {

PromptRegion promptRegion(const Region &r, SkipCounter &skips)
{
    PromptRegion p;
    p.label = r.label;
    if (r.kind == RegionKind::Point) {
        p.kind = RegionKind::Point;
        p.point = r.points.front();
        if (!r.positive)
            skips.reduce(kNegativePoints + std::string(" (prompts have no sign)"));
    } else {
        boxOrBoundingBox(r, skips, "the turns' text holds boxes and points");
        p.kind = RegionKind::Box;
        p.box = r.box.ordered();
    }
    return p;
}

struct TurnWriter {
    const Dialect &dialect;
    const ImageRecord &im;
    SkipCounter &skips;
    size_t written = 0; // regions put into the text

    std::string encode(const std::vector<std::string> &ids, const std::string &phrase)
    {
        EncodeRequest req;
        req.imageSize = {im.width, im.height};
        req.phrase = phrase;
        for (const std::string &id : ids)
            if (const RegionRecord *r = im.findRegion(id))
                req.regions.push_back(promptRegion(r->region, skips));
        if (req.regions.empty())
            return {};
        const EncodeResult res = dialect.encode(req);
        if (!res.ok)
            throw std::runtime_error("dialect " + dialect.info().id + " cannot write these regions: " + res.error);
        written += req.regions.size();
        return res.text;
    }

    std::string write(const Turn &turn)
    {
        const std::string &text = turn.line.text;
        std::vector<const PhraseRef *> inline_, trailing;
        for (const PhraseRef &p : turn.line.phrases)
            (p.span.end > p.span.begin && p.span.end <= codePoints(text) ? inline_ : trailing).push_back(&p);
        std::sort(inline_.begin(), inline_.end(), [](auto *a, auto *b) { return a->span.begin < b->span.begin; });
        std::string out;
        std::vector<std::string> objects; // JSON dialects
        size_t prev = 0;
        for (const PhraseRef *p : inline_) {
            const size_t b = byteOffset(text, p->span.begin), e = byteOffset(text, p->span.end);
            if (b < prev)
                continue; // overlapping phrases: the first one wins
            const std::string shown = text.substr(b, e - b);
            const std::string enc = encode(p->regionIds, shown);
            out += text.substr(prev, b - prev);
            if (!enc.empty() && enc.front() == '{')
                objects.push_back(enc), out += shown;
            else if (enc.find(shown) != std::string::npos)
                out += enc; // the family's own phrase markup
            else
                out += shown + enc;
            prev = e;
        }
        out += text.substr(prev);
        std::vector<std::string> rest;
        for (const PhraseRef *p : trailing)
            rest.push_back(encode(p->regionIds, p->phrase));
        rest.push_back(encode(turn.regionIds, {}));
        for (const std::string &enc : rest) {
            if (enc.empty())
                continue;
            if (enc.front() == '{')
                objects.push_back(enc);
            else
                out += (out.empty() ? "" : " ") + enc;
        }
        if (!objects.empty()) {
            // JSON dialects answer with the list alone; the prose stays in the side fields
            out = "```json\n[";
            for (size_t i = 0; i < objects.size(); ++i)
                out += (i ? ", " : "") + objects[i];
            out += "]\n```";
        }
        return out;
    }
};

size_t decodedRegions(const Dialect &dialect, const std::string &text, const ImageRecord &im)
{
    DecodeOptions opts;
    opts.imageSize = {im.width, im.height};
    return dialect.decode(text, opts).regionCount();
}

Role roleFrom(const Node &n)
{
    const std::string from = n.str();
    if (from == "human" || from == "user")
        return Role::User;
    if (from == "gpt" || from == "assistant")
        return Role::Assistant;
    n.fail("expected \"human\" or \"gpt\"");
}

std::string stripImageTag(std::string v)
{
    for (const char *tag : {"<image>\n", "\n<image>", "<image>"})
        if (const size_t at = v.find(tag); at != std::string::npos) {
            v.erase(at, std::char_traits<char>::length(tag));
            break;
        }
    return v;
}

} // namespace

Rendered renderLlava(const Dataset &d, const ExportOptions &o, const Progress &p)
{
    const Dialect *dialect = dialects::find(o.dialect);
    if (!dialect)
        throw std::runtime_error("llava export needs a dialect (--dialect ID); '" + o.dialect + "' is not one");
    if (dialect->info().space == CoordSpace::None || !dialect->info().caps.boxIn)
        throw std::runtime_error("dialect " + dialect->info().id + " writes no coordinates in text; choose one that does");
    Rendered out;
    json records = json::array();
    SkipCounter skips;
    size_t skipped = 0;
    for (size_t i = 0; i < d.images.size(); ++i) {
        tick(p, i, d.images.size());
        const ImageRecord &im = d.images[i];
        if (im.turns.empty()) {
            ++skipped;
            continue;
        }
        json conv = json::array(), sideTurns = json::array(), sideRegions = json::array();
        for (size_t k = 0; k < im.turns.size(); ++k) {
            const Turn &t = im.turns[k];
            TurnWriter writer{*dialect, im, skips};
            std::string value = writer.write(t);
            // the dialect's own decoder must find every region we wrote, or the training data would lie
            if (const size_t back = decodedRegions(*dialect, value, im); back != writer.written)
                throw std::runtime_error("dialect " + dialect->info().id + ": turn " + std::to_string(k + 1) + " of " +
                                         im.path + " reads back " + std::to_string(back) + " of " +
                                         std::to_string(writer.written) + " regions; this dialect cannot carry them");
            out.regions += writer.written;
            if (k == 0 && t.role == Role::User)
                value = "<image>\n" + value;
            conv.push_back({{"from", t.role == Role::User ? "human" : "gpt"}, {"value", value}});
            json st = lineToJson(t.line);
            st["role"] = t.role == Role::User ? "user" : "assistant";
            st["regions"] = t.regionIds;
            sideTurns.push_back(st);
        }
        json record = {{"id", "groundchat-" + std::to_string(i)}, {"image", im.path}, {"conversations", conv}};
        if (o.sideFields) {
            for (const RegionRecord &r : im.regions)
                sideRegions.push_back(regionToJson(r));
            record["groundchat"] = {{"dialect", dialect->info().id}, {"width", im.width},    {"height", im.height},
                                    {"regions", sideRegions},         {"turns", sideTurns}};
        }
        records.push_back(record);
    }
    if (skipped)
        out.warnings.push_back(std::to_string(skipped) + " image(s) without a conversation not exported");
    skips.flush(out.warnings);
    out.files.push_back({"", records.dump(1)});
    return out;
}

Dataset parseLlava(const std::string &text, const std::string &file, const ImportOptions &io, const Progress &p,
                   std::vector<std::string> &warn)
{
    const json doc = parseDocument(text, file);
    const Node root(doc, "", file, 0);
    Dataset d;
    for (size_t i = 0; i < root.size(); ++i) {
        tick(p, i, root.size());
        const Node rec = root.at(i);
        ImageRecord im;
        im.path = rec.at("image").str();
        const Node conv = rec.at("conversations");
        const auto side = rec.opt("groundchat");
        std::string dialectId = io.dialect;
        if (side && side->opt("dialect"))
            dialectId = side->at("dialect").str();
        const Dialect *dialect = dialects::find(dialectId);
        if (!dialect)
            rec.fail(dialectId.empty() ? "no dialect given for the regions in the turns (--dialect ID)"
                                       : "unknown dialect '" + dialectId + "'");
        if (side) {
            json whole = side->json();
            whole["path"] = im.path;
            const Node n(whole, rec.path() + ".groundchat", file, 0);
            im = imageFromJson(n);
            if (im.turns.size() != conv.size())
                conv.fail("the side fields list " + std::to_string(im.turns.size()) + " turns, the conversation " +
                          std::to_string(conv.size()));
        } else {
            const SizeI size = io.imageSize ? io.imageSize(im.path) : SizeI{};
            if (!size.isValid())
                rec.at("image").fail("the image size is unknown (image not readable)");
            im.width = size.width;
            im.height = size.height;
        }
        for (size_t k = 0; k < conv.size(); ++k) {
            const Node turn = conv.at(k);
            const Role role = roleFrom(turn.at("from"));
            const std::string value = stripImageTag(turn.at("value").str());
            DecodeOptions opts;
            opts.imageSize = {im.width, im.height};
            GroundedText g = dialect->decode(value, opts);
            if (g.normalized)
                g = g.toPixels(opts.imageSize);
            if (side) {
                size_t cited = im.turns[k].regionIds.size();
                for (const PhraseRef &ph : im.turns[k].line.phrases)
                    cited += ph.regionIds.size();
                if (im.turns[k].role != role)
                    turn.at("from").fail("differs from the side fields' role");
                if (g.regionCount() != cited)
                    warn.push_back(turn.path() + ": the text has " + std::to_string(g.regionCount()) +
                                   " regions, the side fields " + std::to_string(cited) + "; the side fields were kept");
                continue;
            }
            Turn t;
            t.role = role;
            t.line.text = g.text;
            for (const Entity &e : g.entities) {
                std::vector<std::string> ids;
                for (Region r : e.regions) {
                    // a region cited in several turns is written in each: it is still one region
                    const RegionList &known = im.regions;
                    const auto same = std::find_if(known.begin(), known.end(), [&](const RegionRecord &o) {
                        return o.region.sameGeometry(r);
                    });
                    if (same != known.end()) {
                        ids.push_back(same->region.id);
                        continue;
                    }
                    r.id = freshId(im);
                    if (r.label.empty())
                        r.label = e.phrase;
                    ids.push_back(r.id);
                    im.regions.push_back(importedRegion(std::move(r)));
                }
                if (e.hasSpan)
                    t.line.phrases.push_back({e.phrase, e.span, ids});
                else
                    t.regionIds.insert(t.regionIds.end(), ids.begin(), ids.end());
            }
            im.turns.push_back(std::move(t));
        }
        d.images.push_back(std::move(im));
    }
    return d;
}

} // namespace gc::annot::detail
