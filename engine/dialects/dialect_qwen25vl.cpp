// Qwen2.5-VL: absolute pixels of the smart-resized input, written as JSON (bbox_2d / point_2d), as
// plain "x1,y1,x2,y2 label" lines, as <points x1= y1= alt=> XML, as QwenVL HTML data-bbox, or in the
// Qwen2-VL special tokens (ms-swift's "legacy" training format).
#include "common.h"
#include "core/coords.h"
#include "core/utf8.h"
#include "encode_util.h"
#include "factories.h"
#include "qwen_json.h"
#include "tag_markup.h"

#include <cmath>
#include <map>

namespace gc::dialects {
namespace {

struct Frame {
    double sx = 1, sy = 1;
    bool known = false;
};

Frame frameOf(SizeI input, SizeI image)
{
    if (!input.isValid() && image.isValid())
        if (const auto r = coords::smartResize(image))
            input = *r;
    if (!input.isValid())
        return {};
    return {1.0 / input.width, 1.0 / input.height, true};
}

Region makeRegionBox(Box b, const Frame &f, const std::string &label)
{
    b = b.scaled(f.sx, f.sy);
    if (f.known)
        return unitBoxRegion(b, label);
    Region r = Region::makeBox(b.ordered(), label);
    r.reordered = !b.isOrdered();
    return r;
}

Region makeRegionPoint(PointF p, const Frame &f, const std::string &label)
{
    p = {p.x * f.sx, p.y * f.sy};
    return f.known ? unitPointRegion(p, label) : Region::makePoint(p, true, label);
}

// Value of attribute `name` inside one tag's text ("x1=\"12\""); nullopt when absent.
std::optional<std::string_view> attribute(std::string_view tag, std::string_view name)
{
    size_t from = 0;
    while (from < tag.size()) {
        const size_t at = tag.find(name, from);
        if (at == std::string_view::npos)
            return std::nullopt;
        from = at + 1;
        const bool boundary = at == 0 || utf8::isSpace(tag[at - 1]);
        size_t k = at + name.size();
        if (!boundary || k + 1 >= tag.size() || tag[k] != '=' || (tag[k + 1] != '"' && tag[k + 1] != '\''))
            continue;
        const char quote = tag[k + 1];
        const size_t end = tag.find(quote, k + 2);
        if (end == std::string_view::npos)
            return std::nullopt;
        return tag.substr(k + 2, end - k - 2);
    }
    return std::nullopt;
}

// All name="value" attributes of one tag, in a single pass.
std::map<std::string, std::string_view> attributes(std::string_view tag)
{
    std::map<std::string, std::string_view> out;
    size_t k = 0;
    while (k < tag.size()) {
        const size_t eq = tag.find('=', k);
        if (eq == std::string_view::npos || eq + 1 >= tag.size())
            break;
        size_t nameBegin = eq;
        while (nameBegin > k && !utf8::isSpace(tag[nameBegin - 1]) && tag[nameBegin - 1] != '<')
            --nameBegin;
        const char quote = tag[eq + 1];
        if (quote != '"' && quote != '\'') {
            k = eq + 1;
            continue;
        }
        const size_t end = tag.find(quote, eq + 2);
        if (end == std::string_view::npos)
            break;
        out.emplace(std::string(tag.substr(nameBegin, eq - nameBegin)), tag.substr(eq + 2, end - eq - 2));
        k = end + 1;
    }
    return out;
}

// <points x1="…" y1="…" x2=… alt="…">phrase</points> or <point x= y=>phrase</point> (Molmo-style XML the
// cookbook's decode_xml_points reads); `tag` is the opening tag, `inner` the element text.
Entity pointsElement(std::string_view tag, std::string_view inner, bool plural, const Frame &f, GroundedTextBuilder &b,
                     size_t rawOffset)
{
    Entity e;
    std::string phrase(utf8::trim(inner));
    const auto attrs = attributes(tag);
    if (phrase.empty())
        if (const auto alt = attrs.find("alt"); alt != attrs.end())
            phrase = std::string(utf8::trim(alt->second));
    for (size_t k = plural ? 1 : 0; k <= attrs.size(); ++k) {
        const std::string sfx = plural ? std::to_string(k) : std::string();
        const auto xs = attrs.find("x" + sfx), ys = attrs.find("y" + sfx);
        if (xs == attrs.end() || ys == attrs.end())
            break;
        const auto x = parseNumber(utf8::trim(xs->second)), y = parseNumber(utf8::trim(ys->second));
        if (!x || !y) {
            b.warn(rawOffset, "point coordinate is not a number");
            break;
        }
        e.regions.push_back(makeRegionPoint({*x, *y}, f, phrase));
        if (!plural)
            break;
    }
    e.phrase = phrase;
    return e;
}

bool isBlockEnd(std::string_view tag)
{
    for (std::string_view t : {"</p", "</h", "</div", "</li", "</tr", "</table", "</ul", "</ol", "<br", "</title"})
        if (tag.substr(0, t.size()) == t)
            return true;
    return false;
}

// QwenVL HTML: every element carries data-bbox="x1 y1 x2 y2"; its text is the phrase. Point elements
// may appear in the same answer, so they are read here too.
GroundedText decodeHtml(std::string_view text, const DecodeOptions &options, const Frame &f)
{
    GroundedTextBuilder b;
    ForwardFinder closeAngle(text, ">");
    std::optional<Region> pending; // box of the last opened element, waiting for its text
    std::string pendingTag;
    size_t pendingRaw = 0;
    const auto flushPending = [&](std::string_view phraseRaw, size_t rawEnd) {
        Entity e;
        e.phrase = std::string(utf8::trim(phraseRaw));
        e.span = b.appendPhrase(phraseRaw);
        e.hasSpan = !e.phrase.empty();
        pending->label = e.phrase;
        e.attributes["element"] = pendingTag;
        e.regions.push_back(*pending);
        e.rawEnd = rawEnd;
        b.addEntity(std::move(e));
        pending.reset();
    };
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t lt = text.find('<', pos);
        const size_t chunkEnd = lt == std::string_view::npos ? text.size() : lt;
        const std::string_view chunk = text.substr(pos, chunkEnd - pos);
        if (lt == std::string_view::npos && options.partial) {
            // the element's text may still grow
            if (!pending)
                b.appendText(chunk);
            break;
        }
        if (pending && !utf8::trim(chunk).empty())
            flushPending(chunk, chunkEnd);
        else
            b.appendText(chunk);
        if (lt == std::string_view::npos)
            break;
        const size_t gt = closeAngle.find(lt);
        if (gt == std::string_view::npos) {
            if (!options.partial) {
                b.warn(lt, "unterminated tag kept as text");
                b.appendText(text.substr(lt));
            }
            break;
        }
        const std::string_view tag = text.substr(lt, gt + 1 - lt);
        if (pending)
            flushPending({}, lt);
        const bool plural = tag.substr(0, 8) == "<points " || tag.substr(0, 8) == "<points>";
        if (plural || tag.substr(0, 7) == "<point " || tag.substr(0, 7) == "<point>") {
            const std::string closeTag = plural ? "</points>" : "</point>";
            const size_t close = text.find(closeTag, gt);
            if (close == std::string_view::npos) {
                if (options.partial)
                    break;
                b.warn(lt, "unterminated point tag kept as text");
                b.appendText(text.substr(lt));
                break;
            }
            const size_t after = close + closeTag.size();
            Entity e = pointsElement(tag, text.substr(gt + 1, close - gt - 1), plural, f, b, lt);
            if (e.regions.empty()) {
                b.warn(lt, "point tag without coordinates kept as text");
                b.appendText(text.substr(lt, after - lt));
            } else {
                e.span = b.appendPhrase(e.phrase);
                e.hasSpan = !e.phrase.empty();
                e.rawEnd = after;
                b.addEntity(std::move(e));
            }
            pos = after;
            continue;
        }
        if (const auto bbox = attribute(tag, "data-bbox")) {
            const auto groups = parseNumberGroups(*bbox);
            if (groups && groups->size() == 1 && groups->front().size() == 4) {
                const auto &n = groups->front();
                pending = makeRegionBox({n[0], n[1], n[2], n[3]}, f, {});
                size_t k = 1;
                while (k < tag.size() && !utf8::isSpace(tag[k]) && tag[k] != '>')
                    ++k;
                pendingTag = std::string(tag.substr(1, k - 1));
                pendingRaw = lt;
            } else {
                b.warn(lt, "data-bbox is not four numbers");
            }
        }
        if (isBlockEnd(tag))
            b.appendText("\n");
        pos = gt + 1;
    }
    if (pending && !options.partial)
        flushPending({}, text.size());
    (void)pendingRaw;
    GroundedText out = b.finish();
    out.normalized = f.known;
    return out;
}

// "x1,y1,x2,y2 label" per line (the cookbook's plain-text system prompt).
std::optional<std::pair<Box, std::string_view>> plainLine(std::string_view line)
{
    line = utf8::trim(line);
    double v[4];
    size_t pos = 0;
    for (int k = 0; k < 4; ++k) {
        size_t end = pos;
        while (end < line.size() && line[end] != ',' && !utf8::isSpace(line[end]))
            ++end;
        const auto n = parseNumber(line.substr(pos, end - pos));
        if (!n)
            return std::nullopt;
        v[k] = *n;
        if (k < 3) {
            if (end >= line.size() || line[end] != ',')
                return std::nullopt;
            pos = end + 1;
        } else {
            pos = end;
        }
    }
    if (pos >= line.size() || !utf8::isSpace(line[pos]))
        return std::nullopt;
    return std::make_pair(Box{v[0], v[1], v[2], v[3]}, utf8::trim(line.substr(pos)));
}

GroundedText decodePlain(std::string_view text, const DecodeOptions &options, const Frame &f)
{
    GroundedTextBuilder b;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        const bool last = nl == std::string_view::npos;
        if (last)
            nl = text.size();
        const std::string_view line = text.substr(pos, nl - pos);
        const auto parsed = plainLine(line);
        if (last && options.partial) {
            // the label (or the numbers) of the last line may still grow
            if (!parsed && !plainLine(std::string(line) + " x"))
                b.appendText(line);
            break;
        }
        if (parsed) {
            Entity e;
            e.phrase = std::string(parsed->second);
            e.span = b.appendPhrase(e.phrase);
            e.hasSpan = !e.phrase.empty();
            e.regions.push_back(makeRegionBox(parsed->first, f, e.phrase));
            e.rawEnd = nl;
            b.addEntity(std::move(e));
        } else {
            b.appendText(line);
        }
        if (!last)
            b.appendText("\n");
        pos = nl + 1;
    }
    GroundedText out = b.finish();
    out.normalized = f.known;
    return out;
}

bool looksPlain(std::string_view text)
{
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = text.size();
        const std::string_view line = text.substr(pos, nl - pos);
        if (plainLine(line) || plainLine(std::string(line) + " x"))
            return true;
        pos = nl + 1;
    }
    return false;
}

class Qwen25Vl final : public Dialect {
public:
    Qwen25Vl()
    {
        m_info.id = "qwen2.5-vl";
        m_info.displayName = "Qwen2.5-VL";
        m_info.source = "QwenLM/Qwen2.5-VL cookbooks/spatial_understanding.ipynb, document_parsing.ipynb, "
                        "qwen-vl-utils vision_process.py@f0af2996";
        m_info.space = CoordSpace::ResizedPixels;
        m_info.caps = {true, true, true, true, false, false, false, true};
        m_info.tasks = {
            {"detect", "", "Locate every {input} in the image and output the bbox coordinates in JSON format.", false},
            {"point", "", "Point to every {input} in the image and output the point coordinates in JSON format.",
             false},
            {"refer", "", "Locate {input} in the image and output its bbox coordinates in JSON format.", false},
            {"count", "",
             "Count the {input} in the image: point to each one and output the point coordinates in JSON format, "
             "then give the total number.",
             false},
            {"ocr", "", "Spotting all the text in the image with line-level, and output in JSON format.", false},
            // the document-parsing cookbook's prompt: HTML whose elements carry data-bbox
            {"document", "", "QwenVL HTML", false},
            {"region", "", "What is in {input}?", true},
            {"chat", "", "{input}", false},
        };
    }

    const DialectInfo &info() const override { return m_info; }

    GroundedText decode(std::string_view raw, const DecodeOptions &options) const override
    {
        const Frame f = frameOf(options.inputSize, options.imageSize);
        GroundedText out = decodeAny(raw, options, f);
        if (!f.known) {
            out.normalized = false;
            // first, so that the cap on diagnostics never hides what every coordinate depends on
            out.diagnostics.insert(out.diagnostics.begin(),
                                   {0, "input frame unknown (no image or input size): coordinates are resized-input pixels"});
        }
        return out;
    }

    EncodeResult encode(const EncodeRequest &req) const override
    {
        const Frame f = frameOf(req.inputSize, req.imageSize);
        if (!req.regions.empty() && !f.known)
            return {false, {}, "the image size is needed to write Qwen2.5-VL coordinates"};
        const auto px = [](double unit, double scale) { return std::to_string(std::lround(unit / scale)); };
        return encodeRegions(m_info, req, ", ", [&](const PromptRegion &r, std::string &out, std::string &err) {
            const std::string label = req.phrase.empty() ? "" : ", \"label\": \"" + req.phrase + "\"";
            if (r.kind == RegionKind::Point) {
                const PointF p = unitPointOf(r, req.imageSize);
                out = "{\"point_2d\": [" + px(p.x, f.sx) + ", " + px(p.y, f.sy) + "]" + label + "}";
                return true;
            }
            if (r.kind != RegionKind::Box) {
                err = "Qwen2.5-VL takes boxes and points only";
                return false;
            }
            const Box u = unitBoxOf(r, req.imageSize);
            out = "{\"bbox_2d\": [" + px(u.x1, f.sx) + ", " + px(u.y1, f.sy) + ", " + px(u.x2, f.sx) + ", " +
                  px(u.y2, f.sy) + "]" + label + "}";
            return true;
        });
    }

private:
    static GroundedText decodeAny(std::string_view raw, const DecodeOptions &options, const Frame &f)
    {
        if (raw.find("<|box_start|>") != std::string_view::npos ||
            raw.find("<|object_ref_start|>") != std::string_view::npos) {
            TagGrammar g;
            g.refOpen = "<|object_ref_start|>";
            g.refClose = "<|object_ref_end|>";
            g.boxOpen = "<|box_start|>";
            g.boxClose = "<|box_end|>";
            g.quadOpen = "<|quad_start|>";
            g.quadClose = "<|quad_end|>";
            g.strip = {"<|im_end|>", "<|endoftext|>"};
            g.sx = f.sx;
            g.sy = f.sy;
            g.clamp = f.known;
            g.pointInBox = true;
            return decodeTagMarkup(raw, options, g);
        }
        const std::string_view text = raw.substr(0, stableLength(raw, options.partial));
        if (text.find("data-bbox=") != std::string_view::npos || text.find("<point") != std::string_view::npos)
            return decodeHtml(text, options, f);
        JsonGroundingStyle st;
        st.sx = f.sx;
        st.sy = f.sy;
        st.clamp = f.known;
        if (text.find_first_of("[{") != std::string_view::npos)
            if (auto j = decodeJsonGrounding(raw, options, st))
                return std::move(*j);
        if (looksPlain(text))
            return decodePlain(text, options, f);
        GroundedTextBuilder b;
        b.appendText(text);
        return b.finish();
    }

    DialectInfo m_info;
};

} // namespace

std::unique_ptr<Dialect> makeQwen25Vl() { return std::make_unique<Qwen25Vl>(); }

} // namespace gc::dialects
