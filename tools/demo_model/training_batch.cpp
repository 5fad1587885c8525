#include "training_batch.h"

#include "demo/tasks.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace gc::demo {

namespace {

// Where an image-attention head should look from one position of a sequence (see TextPart).
struct Point {
    int64_t pos = 0;
    bool soft = false; // mask is a distribution to match, not a set of slots to fall in
    std::vector<float> mask;
    int head = 0;      // which head of the layer is told
};

// The vision cell (row-major, g x g) holding the object's centre.
int centreCell(const Scene &s, const Object &o, int g)
{
    const gc::PointF m = o.box.center();
    const int cx = std::clamp(int(m.x * g / s.image.width), 0, g - 1);
    const int cy = std::clamp(int(m.y * g / s.image.height), 0, g - 1);
    return cy * g + cx;
}

// Which object each vision cell belongs to: the topmost object whose box holds the cell's centre, and
// every object at least the cell holding its own centre (small ones may hold no cell centre at all).
std::vector<int> cellOwners(const Scene &s, int g)
{
    std::vector<int> own(size_t(g * g), -1);
    const double W = s.image.width, H = s.image.height;
    for (int c = 0; c < g * g; ++c) {
        const double x = (c % g + 0.5) * W / g, y = (c / g + 0.5) * H / g;
        for (int i = 0; i < int(s.objects.size()); ++i) {
            const gc::Box &b = s.objects[size_t(i)].box;
            if (x >= b.x1 && x < b.x2 && y >= b.y1 && y < b.y2)
                own[size_t(c)] = i;
        }
    }
    for (int i = 0; i < int(s.objects.size()); ++i)
        own[size_t(centreCell(s, s.objects[size_t(i)], g))] = i;
    return own;
}

// 1 for the cells holding an object's centre (what counting needs: one per object), else 0.
std::vector<float> centreCells(const Scene &s, int g)
{
    std::vector<float> c(size_t(g * g), 0.0f);
    for (const Object &o : s.objects)
        c[size_t(centreCell(s, o, g))] = 1.0f;
    return c;
}

// The Kosmos-2 patch-index cells (0..1023) of a box's upper-left and lower-right corners, as the
// dialect's encoder computes them.
std::pair<int64_t, int64_t> cornerCells(const gc::Box &b, double W, double H)
{
    const int n = 32;
    auto lo = [&](double v) { return std::clamp(int(std::floor(v * n)), 0, n - 1); };
    auto hi = [&](double v) { return std::clamp(int(std::ceil(v * n - 1)), 0, n - 1); };
    return {lo(b.y1 / H) * n + lo(b.x1 / W), hi(b.y2 / H) * n + hi(b.x2 / W)};
}

} // namespace

Batch BatchMaker::make(uint64_t seed, int step, int images) const
{
    std::mt19937_64 rng(seed * 7919 + uint64_t(step));
    const int64_t S = m_cfg.vision.imageSize;
    std::vector<float> pix;
    std::vector<std::vector<int64_t>> seqs, labs;
    std::vector<std::vector<float>> weights;
    std::vector<int64_t> imageOf, cColour, cShape, cUl, cLr;
    std::vector<float> cBox, cHas, cCentre;
    std::vector<int64_t> cCounts;
    const int g = int(S / m_cfg.vision.patchSize);
    // Pointer targets per sequence: (position, 1 + g*g slot mask).
    std::vector<std::vector<Point>> points;
    for (int i = 0; i < images; ++i) {
        const Scene s = makeScene(seed * 1000003ull + uint64_t(step) * uint64_t(images) + uint64_t(i));
        const std::vector<float> p = gc::nn::clipPreprocess(s.image, m_pre);
        pix.insert(pix.end(), p.begin(), p.end());
        for (float c : centreCells(s, g))
            cCentre.push_back(c);
        const std::vector<int> owners = cellOwners(s, g);
        std::vector<std::pair<int64_t, int64_t>> corners;
        for (const Object &o : s.objects)
            corners.push_back(cornerCells(o.box, s.image.width, s.image.height));
        // The objects whose box has these Kosmos-2 corner cells (as an answer writes them).
        auto withCorners = [&](int64_t ul, int64_t lr) {
            std::vector<int> found;
            for (int o = 0; o < int(corners.size()); ++o)
                if (corners[size_t(o)] == std::pair<int64_t, int64_t>{ul - m_firstPatch, lr - m_firstPatch})
                    found.push_back(o);
            return found;
        };
        auto cellsOf = [&](int object) {
            std::vector<float> m(size_t(1 + g * g), 0.0f);
            for (int c = 0; c < g * g; ++c)
                if (owners[size_t(c)] == object)
                    m[size_t(1 + c)] = 1.0f;
            return m;
        };
        // A counting target over the tag and the cells: the centres of `counted`, and the tag when nothing
        // is counted or `tagAlways`; with countSoft the distribution 1/(k+1) on the tag and each centre.
        auto centresOf = [&](const std::vector<int> &counted, bool tagAlways, bool soft) {
            std::vector<float> m(size_t(1 + g * g), 0.0f);
            const float share = soft ? 1.0f / float(counted.size() + 1) : 1.0f;
            if (counted.empty() || tagAlways || soft)
                m[0] = share;
            for (int o : counted) {
                float &v = m[size_t(1 + centreCell(s, s.objects[size_t(o)], g))];
                v = soft ? v + share : 1.0f;
            }
            return m;
        };
        // Where a count is said: head 0 looks at what is counted; with countHead >= 0, head countHead is also
        // taught the distribution 1/(k+1) on the tag and each counted centre (the tag's share states the count).
        auto countPoints = [&](std::vector<Point> &pts, int64_t pos, const std::vector<int> &counted, bool tagAlways) {
            pts.push_back({pos, countSoft, centresOf(counted, tagAlways, countSoft)});
            if (countHead >= 0)
                pts.push_back({pos, true, centresOf(counted, true, true), countHead});
        };
        // At each object's centre cell, how many objects share its colour and shape, its shape, its colour,
        // and how many there are in all (each as a class n - 1); -100 elsewhere.
        {
            std::vector<int64_t> counts(size_t(g * g * 4), -100);
            for (const Object &o : s.objects) {
                int same = 0, shape = 0, colour = 0;
                for (const Object &p : s.objects) {
                    same += p.shape == o.shape && p.colour == o.colour;
                    shape += p.shape == o.shape;
                    colour += p.colour == o.colour;
                }
                const size_t at = size_t(centreCell(s, o, g)) * 4;
                counts[at] = same - 1;
                counts[at + 1] = shape - 1;
                counts[at + 2] = colour - 1;
                counts[at + 3] = int64_t(s.objects.size()) - 1;
            }
            cCounts.insert(cCounts.end(), counts.begin(), counts.end());
        }
        for (int owner : owners) {
            if (owner < 0) {
                cBox.insert(cBox.end(), {0, 0, 0, 0});
                cHas.push_back(0);
                cColour.push_back(kColours);
                cShape.push_back(kShapes);
                cUl.push_back(-100);
                cLr.push_back(-100);
                continue;
            }
            const Object &o = s.objects[size_t(owner)];
            cColour.push_back(int64_t(o.colour));
            cShape.push_back(int64_t(o.shape));
            const auto [ul, lr] = corners[size_t(owner)];
            cBox.insert(cBox.end(), {float(o.box.x1 / s.image.width), float(o.box.y1 / s.image.height),
                                     float(o.box.x2 / s.image.width), float(o.box.y2 / s.image.height)});
            cHas.push_back(1);
            cUl.push_back(ul);
            cLr.push_back(lr);
        }
        for (int t = 0; t < kTasks; ++t) {
            if (only >= 0 && t != only)
                continue;
            const int reps = !taskRepeat.empty() ? taskRepeat.at(size_t(t)) : Task(t) == Task::Caption ? 1 : repeat;
            for (int r = 0; r < reps; ++r) {
                Example ex;
                try {
                    ex = makeExample(s, Task(t), rng);
                } catch (const std::runtime_error &) {
                    continue; // nothing in this scene can be referred to unambiguously
                }
                // What follows the image prefix (see prefix()): the prompt, the answer and </s>.
                std::vector<int64_t> ids = m_tok.encode(ex.prompt);
                const size_t promptLen = ids.size();
                for (int64_t id : m_tok.encode(ex.answer))
                    ids.push_back(id);
                ids.push_back(m_cfg.text.eosId);
                std::vector<int64_t> lab(ids.size(), -100);
                for (size_t k = promptLen - 1; k + 1 < ids.size(); ++k)
                    lab[k] = ids[k + 1];
                // The words of the answer's phrases (a caption's "two blue squares") may weigh more.
                std::vector<float> w(ids.size(), 1.0f);
                for (size_t k = promptLen - 1, open = 0; weighsLabels() && k + 1 < ids.size(); ++k) {
                    if (ids[k] == m_phraseTag)
                        open = k;
                    else if (ids[k] == m_phraseEnd)
                        open = 0;
                    if (open && ids[k + 1] != m_phraseEnd)
                        w[k] = k == open && countWordWeight >= 0 ? countWordWeight : phraseWeight;
                }
                std::vector<Point> pts;
                for (size_t k = promptLen - 1; k + 2 < ids.size(); ++k) {
                    // A box starts: the positions predicting its two corners look at its object's cells.
                    if ((ids[k] != m_objectTag && ids[k] != m_delimiter) || lab[k] < m_firstPatch ||
                        lab[k] >= m_firstPatch + 1024)
                        continue;
                    const std::vector<int> found = withCorners(lab[k], lab[k + 1]);
                    if (found.empty())
                        continue;
                    std::vector<float> m = cellsOf(found[0]);
                    if (std::find(m.begin(), m.end(), 1.0f) != m.end()) {
                        pts.push_back({int64_t(k), false, m});
                        pts.push_back({int64_t(k + 1), false, std::move(m)});
                    }
                }
                for (size_t k = promptLen - 1; pointPhrases && k + 1 < ids.size(); ++k) {
                    // A caption's phrase starts: its count word needs the centres of the objects whose boxes
                    // follow the phrase, and the <image> tag as the counting sink.
                    if (ids[k] != m_phraseTag)
                        continue;
                    std::vector<int> counted;
                    size_t j = k + 1;
                    while (j < ids.size() && ids[j] != m_objectTag)
                        ++j;
                    for (; j + 2 < ids.size() && ids[j] != m_objectEnd; ++j) {
                        if (ids[j] != m_objectTag && ids[j] != m_delimiter)
                            continue;
                        for (int o : withCorners(ids[j + 1], ids[j + 2]))
                            counted.push_back(o);
                    }
                    countPoints(pts, int64_t(k), counted, true);
                }
                if (ex.task == Task::Count) {
                    // The answer's position looks at the counted objects' centres, or at the <image> tag
                    // when nothing is counted. (Allowing the tag always, as a sink whose share could
                    // tell the count, measured worse: "zero" was never answered.) With countSoft the
                    // tag's share of the attention is taught to be 1/(k+1).
                    countPoints(pts, int64_t(promptLen - 1), ex.targets, false);
                }
                points.push_back(std::move(pts));
                seqs.push_back(std::move(ids));
                labs.push_back(std::move(lab));
                weights.push_back(std::move(w));
                imageOf.push_back(i);
            }
        }
    }
    Batch b;
    b.pixels = at::from_blob(pix.data(), {images, 3, S, S}, at::kFloat).clone();
    // Padded parts of sequences of similar length: the sorted lengths cut where the padded slots plus a
    // per-part cost (a part's fixed work, in tokens) are fewest (at most kMaxParts parts).
    std::vector<size_t> order(seqs.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return seqs[x].size() < seqs[y].size(); });
    std::vector<std::pair<size_t, size_t>> ranges;
    {
        constexpr int kMaxParts = 4;
        constexpr double kPartCost = 48;
        const size_t n = order.size();
        // best[k][i]: least cost of the first i sequences in k parts; from[k][i]: where the last part starts.
        std::vector<std::vector<double>> best(kMaxParts + 1, std::vector<double>(n + 1, 1e18));
        std::vector<std::vector<size_t>> from(kMaxParts + 1, std::vector<size_t>(n + 1, 0));
        best[0][0] = 0;
        for (int k = 1; k <= kMaxParts; ++k)
            for (size_t i = 1; i <= n; ++i)
                for (size_t j = 0; j < i; ++j) // the part j .. i-1, padded to the longest (the last)
                    if (const double c = best[size_t(k) - 1][j] + double(i - j) * double(seqs[order[i - 1]].size()) + kPartCost;
                        c < best[size_t(k)][i]) {
                        best[size_t(k)][i] = c;
                        from[size_t(k)][i] = j;
                    }
        int parts = 1;
        for (int k = 2; k <= kMaxParts; ++k)
            if (best[size_t(k)][n] < best[size_t(parts)][n])
                parts = k;
        for (size_t i = n; n && parts > 0; --parts) {
            ranges.insert(ranges.begin(), {from[size_t(parts)][i], i});
            i = from[size_t(parts)][i];
        }
    }
    for (auto [from, to] : ranges) {
        const int64_t B = int64_t(to - from);
        size_t L = 0;
        for (size_t i = from; i < to; ++i)
            L = std::max(L, seqs[order[i]].size());
        TextPart t;
        t.ids = at::full({B, int64_t(L)}, m_cfg.text.padId, at::kLong);
        t.labels = at::full({B, int64_t(L)}, -100, at::kLong);
        t.keyMask = at::zeros({B, int64_t(L)}, at::kLong);
        t.imageOf = at::empty({B}, at::kLong);
        t.labelWeights = at::ones({B, int64_t(L)}, at::kFloat);
        auto ids = t.ids.accessor<int64_t, 2>(), lab = t.labels.accessor<int64_t, 2>(),
             km = t.keyMask.accessor<int64_t, 2>();
        auto lw = t.labelWeights.accessor<float, 2>();
        for (int64_t r = 0; r < B; ++r) {
            const size_t q = order[from + size_t(r)];
            t.imageOf[r] = imageOf[q];
            for (size_t k = 0; k < seqs[q].size(); ++k) {
                ids[r][int64_t(k)] = seqs[q][k];
                lab[r][int64_t(k)] = labs[q][k];
                lw[r][int64_t(k)] = weights[q][k];
                km[r][int64_t(k)] = 1;
            }
        }
        std::vector<int64_t> pr, pp, ph;
        std::vector<float> pt, ps;
        for (int64_t r = 0; r < B; ++r)
            for (const Point &pt1 : points[order[from + size_t(r)]]) {
                pr.push_back(r);
                pp.push_back(pt1.pos);
                ph.push_back(pt1.head);
                ps.push_back(pt1.soft ? 1.0f : 0.0f);
                pt.insert(pt.end(), pt1.mask.begin(), pt1.mask.end());
            }
        const int64_t M = int64_t(pr.size());
        t.pointRow = at::tensor(pr, at::kLong);
        t.pointPos = at::tensor(pp, at::kLong);
        t.pointHead = at::tensor(ph, at::kLong);
        t.pointSoft = at::tensor(ps, at::kFloat);
        t.pointTarget = M ? at::from_blob(pt.data(), {M, int64_t(1 + g * g)}, at::kFloat).clone()
                          : at::zeros({0, int64_t(1 + g * g)}, at::kFloat);
        b.parts.push_back(std::move(t));
    }
    auto cells = [&](std::vector<int64_t> &v) { return at::from_blob(v.data(), {images, g * g}, at::kLong).clone(); };
    b.cellColour = cells(cColour);
    b.cellShape = cells(cShape);
    b.cellUl = cells(cUl);
    b.cellLr = cells(cLr);
    b.cellBox = at::from_blob(cBox.data(), {images, g * g, 4}, at::kFloat).clone();
    b.cellHasBox = at::from_blob(cHas.data(), {images, g * g}, at::kFloat).clone();
    b.cellCentre = at::from_blob(cCentre.data(), {images, g * g}, at::kFloat).clone();
    b.cellCounts = at::from_blob(cCounts.data(), {images, g * g, 4}, at::kLong).clone();
    return b;
}

} // namespace gc::demo
