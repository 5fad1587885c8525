#include "tiling.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace gc {

namespace {

int gridSide(int pixels, double tileSide)
{
    return std::clamp(int(std::ceil(pixels / tileSide - 1e-9)), 1, kMaxGridSide);
}

// [start, end) of each of n spans covering [0, length), each sharing `overlap` of its length with the next.
std::vector<std::pair<int, int>> spans(int length, int n, double overlap)
{
    std::vector<std::pair<int, int>> out;
    if (n <= 1) {
        out.emplace_back(0, length);
        return out;
    }
    const double side = length / (n - overlap * (n - 1));
    const double step = side * (1 - overlap);
    for (int i = 0; i < n; ++i) {
        const int begin = std::min(int(std::lround(i * step)), length - 1);
        const int end = i == n - 1 ? length : std::max(begin + 1, int(std::lround(i * step + side)));
        out.emplace_back(begin, end);
    }
    return out;
}

// The phrase as shown: without markup (a decoder names a phrase-less region after its tokens, Kosmos-2's
// "<patch_index_A><patch_index_B>") and surrounding spaces.
std::string shownPhrase(const std::string &phrase)
{
    std::string out;
    bool inTag = false;
    for (const char c : phrase) {
        if (c == '<')
            inTag = true;
        else if (c == '>' && inTag)
            inTag = false;
        else if (!inTag)
            out += c;
    }
    const size_t first = out.find_first_not_of(" \t\n");
    return first == std::string::npos ? std::string() : out.substr(first, out.find_last_not_of(" \t\n") - first + 1);
}

// Phrases that name the same thing: compared without case, repeated spaces or closing punctuation.
std::string phraseKey(const std::string &phrase)
{
    std::string key;
    for (const char c : shownPhrase(phrase)) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isspace(u)) {
            if (key.back() != ' ')
                key += ' ';
        } else {
            key += char(u < 128 ? std::tolower(u) : u);
        }
    }
    while (!key.empty() && (key.back() == '.' || key.back() == ','))
        key.pop_back();
    return key;
}

double intersection(const Box &a, const Box &b)
{
    return std::max(0.0, std::min(a.x2, b.x2) - std::max(a.x1, b.x1)) *
           std::max(0.0, std::min(a.y2, b.y2) - std::max(a.y1, b.y1));
}

Box boxUnion(const Box &a, const Box &b)
{
    return {std::min(a.x1, b.x1), std::min(a.y1, b.y1), std::max(a.x2, b.x2), std::max(a.y2, b.y2)};
}

// How far a finding can be trusted: whole inside its tile (0), seen in the global view (1), cut by a tile's
// inner edge, so only part of its object was in view (2).
enum Trust { Whole = 0, Global = 1, Cut = 2 };

struct Candidate {
    size_t order = 0; // index of the finding, for the answer's order
    std::string key;
    Region region;
    Box extent; // what overlap is measured on: the box, a point grown to a small square
    Trust trust = Whole;
};

Trust trustOf(const Box &b, const Tile &tile, SizeI image)
{
    if (tile.global)
        return Global;
    // Box answers are quantised (Kosmos-2: 1/32 of the input), so "at the edge" allows a little slack.
    const double tol = std::max(1.0, 0.03 * std::max(tile.box.width(), tile.box.height()));
    return cutByInnerEdge(b, tile.box, image, tol) ? Cut : Whole;
}

// A finding that boxes (nearly) its whole tile while the global view, when there is one, has nothing of its
// phrase over that box: what a model answers about a tile with nothing in it.
bool tileNonAnswer(const TileFinding &f, const std::string &key, const std::vector<TileFinding> &findings,
                   const std::vector<Tile> &tiles)
{
    const Tile &tile = tiles[f.tile];
    const Box box = f.region.box.ordered();
    if (tile.global || tile.box.area() <= 0 || intersection(box, tile.box) < kWholeTileCover * tile.box.area())
        return false;
    const bool hasGlobal = std::any_of(tiles.begin(), tiles.end(), [](const Tile &t) { return t.global; });
    if (!hasGlobal)
        return false; // one crop (Look closer): nothing to compare with
    return std::none_of(findings.begin(), findings.end(), [&](const TileFinding &g) {
        if (g.tile >= tiles.size() || !tiles[g.tile].global || phraseKey(g.phrase) != key)
            return false;
        const Box other = g.region.box.ordered();
        const double smaller = std::min(other.area(), box.area());
        return smaller > 0 && intersection(other, box) >= 0.5 * smaller;
    });
}

// A global view's finding that a tile saw better. A model that cannot make out a large image's small objects
// names things anyway, boxing blobs of its coarse grid; where a tile saw the same pixels larger it is trusted
// over the global view: a finding lying whole inside a tile (clear of its inner edges) is that tile's to report
// (its own finding is kept, or nothing is there). One across a seam, which no tile saw whole, stays when a tile
// saw part of it under the same name.
bool seenCloserByATile(const TileFinding &f, const std::vector<TileFinding> &findings, const std::vector<Tile> &tiles,
                       SizeI image)
{
    if (!tiles[f.tile].global || std::all_of(tiles.begin(), tiles.end(), [](const Tile &t) { return t.global; }))
        return false; // a tile's own finding, or the whole image alone
    const Box box = f.region.box.ordered();
    if (std::any_of(tiles.begin(), tiles.end(), [&](const Tile &t) {
            return !t.global && box.x1 >= t.box.x1 && box.y1 >= t.box.y1 && box.x2 <= t.box.x2 && box.y2 <= t.box.y2 &&
                   trustOf(box, t, image) == Whole;
        }))
        return true;
    // across a seam: the tiles each saw a part of it; an object there shows in one of them under its name
    const std::string key = phraseKey(f.phrase);
    return std::none_of(findings.begin(), findings.end(), [&](const TileFinding &g) {
        return g.tile < tiles.size() && !tiles[g.tile].global && phraseKey(g.phrase) == key &&
               intersection(g.region.box.ordered(), box) > 0;
    });
}

bool sameObject(const Candidate &kept, const Candidate &c, TileMerge how)
{
    if (iou(kept.extent, c.extent) >= 0.5)
        return true;
    if (how == TileMerge::Nms)
        return false;
    // A piece of an object cut by a seam lies mostly inside the whole object seen elsewhere; two pieces of it,
    // one from each side of the seam, meet in the strip the tiles share and line up along the seam.
    const double inter = intersection(kept.extent, c.extent);
    if ((c.trust == Cut && inter >= 0.6 * c.extent.area()) || (kept.trust == Cut && inter >= 0.6 * kept.extent.area()))
        return true;
    const auto spanIou = [](double a1, double a2, double b1, double b2) {
        const double in = std::max(0.0, std::min(a2, b2) - std::max(a1, b1));
        const double un = std::max(a2, b2) - std::min(a1, b1);
        return un > 0 ? in / un : 0.0;
    };
    return c.trust == Cut && kept.trust == Cut && inter > 0 &&
           std::max(spanIou(kept.extent.x1, kept.extent.x2, c.extent.x1, c.extent.x2),
                    spanIou(kept.extent.y1, kept.extent.y2, c.extent.y1, c.extent.y2)) >= 0.6;
}

} // namespace

TileGrid autoTileGrid(SizeI image, int inputSide)
{
    if (inputSide <= 0 || !image.isValid())
        return {};
    const double side = kTileInputScale * inputSide;
    return {gridSide(image.width, side), gridSide(image.height, side)};
}

std::vector<Tile> tilesOf(SizeI image, TileGrid grid, double overlap)
{
    std::vector<Tile> tiles;
    const Box whole{0, 0, double(image.width), double(image.height)};
    if (grid.tiled() && image.isValid()) {
        const auto xs = spans(image.width, grid.columns, overlap);
        const auto ys = spans(image.height, grid.rows, overlap);
        for (const auto &y : ys)
            for (const auto &x : xs)
                tiles.push_back({{double(x.first), double(y.first), double(x.second), double(y.second)}, false});
    }
    tiles.push_back({whole, true});
    return tiles;
}

bool cutByInnerEdge(const Box &b, const Box &tile, SizeI image, double slack)
{
    return (tile.x1 > 0 && b.x1 <= tile.x1 + slack) || (tile.y1 > 0 && b.y1 <= tile.y1 + slack) ||
           (tile.x2 < image.width && b.x2 >= tile.x2 - slack) || (tile.y2 < image.height && b.y2 >= tile.y2 - slack);
}

TileGrid gridOf(const std::vector<Tile> &tiles)
{
    std::set<double> lefts, tops;
    for (const Tile &t : tiles)
        if (!t.global) {
            lefts.insert(t.box.x1);
            tops.insert(t.box.y1);
        }
    return lefts.empty() ? TileGrid{} : TileGrid{int(lefts.size()), int(tops.size())};
}

Box zoomCrop(SizeI image, const Box &region, double context, int minSide)
{
    const Box r = region.ordered();
    const auto axis = [&](double lo, double hi, int length) {
        const double size = std::max(hi - lo, 1.0);
        double a = lo - context * size, b = hi + context * size;
        const double least = std::min<double>(minSide, length);
        if (b - a < least) {
            const double mid = (a + b) / 2;
            a = mid - least / 2;
            b = mid + least / 2;
        }
        if (a < 0) {
            b -= a;
            a = 0;
        }
        if (b > length) {
            a -= b - length;
            b = length;
        }
        return std::pair<double, double>(std::max(0.0, std::floor(a)), std::min<double>(length, std::ceil(b)));
    };
    const auto [x1, x2] = axis(r.x1, r.x2, image.width);
    const auto [y1, y2] = axis(r.y1, r.y2, image.height);
    return {x1, y1, x2, y2};
}

Region regionToImage(const Region &region, const Box &crop, SizeI image)
{
    Region out = region;
    const double dx = crop.x1, dy = crop.y1;
    out.box = {region.box.x1 + dx, region.box.y1 + dy, region.box.x2 + dx, region.box.y2 + dy};
    for (PointF &p : out.points)
        p = {p.x + dx, p.y + dy};
    if (region.mask) {
        out.mask.reset();
        if (const std::optional<Mask> m = rleDecode(*region.mask)) {
            Mask full(image.width, image.height);
            const int ox = int(std::lround(dx)), oy = int(std::lround(dy));
            for (int y = 0; y < m->height; ++y)
                for (int x = 0; x < m->width; ++x)
                    if (m->at(x, y) && x + ox >= 0 && y + oy >= 0 && x + ox < image.width && y + oy < image.height)
                        full.set(x + ox, y + oy, true);
            out.mask = rleEncode(full);
        }
    }
    return out;
}

std::vector<Entity> mergeTileFindings(const std::vector<TileFinding> &findings, const std::vector<Tile> &tiles,
                                      SizeI image, TileMerge how)
{
    const double pointSide = 0.01 * std::hypot(double(image.width), double(image.height));
    std::vector<Candidate> candidates;
    for (size_t i = 0; i < findings.size(); ++i) {
        const TileFinding &f = findings[i];
        if (f.tile >= tiles.size())
            continue;
        Candidate c{i, phraseKey(f.phrase), f.region, f.region.box.ordered(), Whole};
        if (tileNonAnswer(f, c.key, findings, tiles) || seenCloserByATile(f, findings, tiles, image))
            continue;
        if (c.extent.width() <= 0 || c.extent.height() <= 0) {
            const PointF p = f.region.points.empty() ? c.extent.center() : f.region.points.front();
            c.extent = {p.x - pointSide, p.y - pointSide, p.x + pointSide, p.y + pointSide};
        }
        c.trust = trustOf(c.extent, tiles[f.tile], image);
        candidates.push_back(std::move(c));
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &a, const Candidate &b) { return a.trust < b.trust; });
    std::vector<Candidate> kept;
    for (Candidate &c : candidates) {
        auto same = std::find_if(kept.begin(), kept.end(),
                                 [&](const Candidate &k) { return k.key == c.key && sameObject(k, c, how); });
        if (same == kept.end()) {
            kept.push_back(std::move(c));
            continue;
        }
        same->order = std::min(same->order, c.order);
        // two pieces of one object, each cut by a seam: together they are nearer its extent
        if (how == TileMerge::Overlap && same->trust == Cut && c.trust == Cut &&
            same->region.kind == RegionKind::Box && c.region.kind == RegionKind::Box) {
            same->region.box = boxUnion(same->region.box, c.region.box);
            same->extent = boxUnion(same->extent, c.extent);
        }
    }
    std::stable_sort(kept.begin(), kept.end(), [](const Candidate &a, const Candidate &b) { return a.order < b.order; });
    std::vector<Entity> entities;
    std::vector<std::string> keys;
    for (const Candidate &c : kept) {
        const size_t at = size_t(std::find(keys.begin(), keys.end(), c.key) - keys.begin());
        if (at == keys.size()) {
            keys.push_back(c.key);
            Entity e;
            e.phrase = shownPhrase(findings[c.order].phrase);
            entities.push_back(std::move(e));
        }
        entities[at].regions.push_back(c.region);
    }
    return entities;
}

} // namespace gc
