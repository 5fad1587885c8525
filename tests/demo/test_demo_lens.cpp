// The logit lens of the demo model lands on the object a word names: on held-out generated scenes, the share of
// a shape's or a colour's lens probability that falls in the boxes of the objects it names, per layer, against
// chance (the share of the cells those boxes cover). Prints the table; asserts on the default layer.

#include "demo/score.h"

#include "runtime/local_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>

using namespace gc;
using namespace gc::demo;

namespace {

const std::string kModel = std::string(GC_SOURCE_DIR) + "/resources/models/demo-kosmos2";

// A cell belongs to an object when its centre lies in the object's box.
std::vector<bool> cellsIn(const runtime::Explanation &e, const std::vector<Box> &boxes)
{
    std::vector<bool> in(size_t(e.rows * e.cols), false);
    for (int64_t r = 0; r < e.rows; ++r)
        for (int64_t c = 0; c < e.cols; ++c) {
            const double x = e.area.x1 + (double(c) + 0.5) * e.area.width() / double(e.cols);
            const double y = e.area.y1 + (double(r) + 0.5) * e.area.height() / double(e.rows);
            for (const Box &b : boxes)
                if (x >= b.x1 && x < b.x2 && y >= b.y1 && y < b.y2)
                    in[size_t(r * e.cols + c)] = true;
        }
    return in;
}

struct Share {
    double lens = 0, chance = 0, direct = 0, transposed = 0;
    int words = 0;
};

double massIn(const std::vector<float> &map, const std::vector<bool> &in)
{
    double inside = 0, all = 0;
    for (size_t c = 0; c < map.size(); ++c) {
        all += map[c];
        inside += in[c] ? map[c] : 0;
    }
    return all > 0 ? inside / all : 0;
}

} // namespace

TEST(DemoLens, WordsMassLiesOnTheirObjects)
{
    runtime::LocalModel model;
    runtime::LoadParams lp;
    lp.settings.threads = 1;
    ASSERT_TRUE(model.load(kModel, lp).ok());
    // A range of held-out seeds that demo_eval and the answers' test do not use.
    const uint64_t seed = 20251206;
    std::vector<Share> shares;
    int64_t defaultLayer = -1;
    for (int i = 0; i < 40; ++i) {
        const Scene s = heldOutScene(seed, i);
        std::set<std::string> words;
        for (const Object &o : s.objects) {
            words.insert(shapeName(o.shape));
            words.insert(colourName(o.colour));
        }
        for (const std::string &word : words) {
            std::vector<Box> boxes;
            for (const Object &o : s.objects)
                if (word == shapeName(o.shape) || word == colourName(o.colour))
                    boxes.push_back(o.box);
            runtime::ExplainParams p;
            p.word = word;
            runtime::Explanation e;
            const runtime::Status st = model.explain(s.image, {}, "<grounding>An image of", p, e);
            ASSERT_TRUE(st.ok()) << st.message;
            ASSERT_FALSE(e.wordTokens.empty()) << word;
            if (shares.empty()) {
                shares.resize(size_t(e.layers));
                defaultLayer = e.defaultLayer;
            }
            const std::vector<bool> in = cellsIn(e, boxes);
            const double area = double(std::count(in.begin(), in.end(), true)) / double(in.size());
            if (area == 0 || area == 1)
                continue; // an object smaller than a cell, or everywhere: nothing to tell
            if (i == 0)
                std::printf("'%s': %zu token(s)\n", word.c_str(), e.wordTokens.size());
            for (int64_t l = 0; l < e.layers; ++l) {
                Share &sh = shares[size_t(l)];
                sh.lens += massIn(e.cellMap(e.wordProbability, l), in);
                // diagnostics: latent i read as cell i, and as the transposed cell
                const float *row = e.wordProbability.data() + l * e.positions;
                std::vector<float> direct(row, row + e.positions), transposed(direct.size());
                for (int64_t r = 0; r < e.rows; ++r)
                    for (int64_t c = 0; c < e.cols; ++c)
                        transposed[size_t(c * e.rows + r)] = direct[size_t(r * e.cols + c)];
                if (int64_t(direct.size()) == e.rows * e.cols) {
                    sh.direct += massIn(direct, in);
                    sh.transposed += massIn(transposed, in);
                }
                sh.chance += area;
                ++sh.words;
            }
        }
    }
    ASSERT_FALSE(shares.empty());
    for (size_t l = 0; l < shares.size(); ++l)
        std::printf("layer %zu: lens mass on the named objects %.3f, chance %.3f (%d words); latent i as cell i %.3f, "
                    "transposed %.3f\n", l, shares[l].lens / shares[l].words, shares[l].chance / shares[l].words,
                    shares[l].words, shares[l].direct / shares[l].words, shares[l].transposed / shares[l].words);
    ASSERT_GE(defaultLayer, 0);
    const Share &d = shares[size_t(defaultLayer)];
    EXPECT_GT(d.lens / d.words, 2 * d.chance / d.words) << "default layer " << defaultLayer;
}
