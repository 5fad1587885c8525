// The logit lens of the demo model lands on the object a word names: on held-out generated scenes, the share of
// a shape's or a colour's lens probability that falls in the boxes of the objects it names, per layer, for both
// ways of reading its image positions (resampler latents) as cells: latent i as cell i of the 8 × 8 grid
// (groundchat_image_positions "grid") and through the resampler's attention back to the patches ("resampler"),
// against chance (the share of the cells those boxes cover). Prints the table; asserts that what the model
// folder's config.json chose (that key and groundchat_lens_layer) is what reads best.

#include "demo/score.h"

#include "runtime/local_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <set>

using namespace gc;
using namespace gc::demo;

namespace fs = std::filesystem;

namespace {

const std::string kModel = std::string(GC_SOURCE_DIR) + "/resources/models/demo-kosmos2";

// The demo model's folder in `dir` with groundchat_image_positions set to `positions`: its other files linked.
std::string folderWith(const std::string &positions, const fs::path &dir)
{
    fs::create_directories(dir);
    for (const fs::directory_entry &f : fs::directory_iterator(kModel))
        if (f.path().filename() != "config.json" && !fs::exists(dir / f.path().filename()))
            fs::create_symlink(f.path(), dir / f.path().filename());
    nlohmann::json config = nlohmann::json::parse(std::ifstream(kModel + "/config.json"));
    config["groundchat_image_positions"] = positions;
    std::ofstream(dir / "config.json") << config.dump(2);
    return dir.string();
}

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

double massIn(const std::vector<float> &map, const std::vector<bool> &in)
{
    double inside = 0, all = 0;
    for (size_t c = 0; c < map.size(); ++c) {
        all += map[c];
        inside += in[c] ? map[c] : 0;
    }
    return all > 0 ? inside / all : 0;
}

// Per layer, summed over the words: the lens mass on the named objects read each way, and chance.
struct Share {
    double grid = 0, resampler = 0, transposed = 0, chance = 0;
    int words = 0;
};

runtime::Explanation explain(runtime::LocalModel &model, const Scene &s, const std::string &word)
{
    runtime::ExplainParams p;
    p.word = word;
    runtime::Explanation e;
    const runtime::Status st = model.explain(s.image, {}, "<grounding>An image of", p, e);
    EXPECT_TRUE(st.ok()) << st.message;
    EXPECT_FALSE(e.wordTokens.empty()) << word;
    return e;
}

} // namespace

TEST(DemoLens, TheFoldersMappingAndLayerReadBest)
{
    runtime::LoadParams lp;
    lp.settings.threads = 1;
    runtime::LocalModel shipped, grid, resampler;
    ASSERT_TRUE(shipped.load(kModel, lp).ok());
    const fs::path tmp = fs::temp_directory_path() / ("test_demo_lens-" + std::to_string(::getpid()));
    ASSERT_TRUE(grid.load(folderWith("grid", tmp / "grid"), lp).ok());
    ASSERT_TRUE(resampler.load(folderWith("resampler", tmp / "resampler"), lp).ok());

    // A range of held-out seeds that demo_eval and the answers' test do not use.
    const uint64_t seed = 20251206;
    const runtime::Explanation asShipped = explain(shipped, heldOutScene(seed, 0), "red");
    std::vector<Share> shares(size_t(asShipped.layers));
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
            const runtime::Explanation g = explain(grid, s, word), r = explain(resampler, s, word);
            ASSERT_EQ(g.cellSource, runtime::CellSource::LatentGrid);
            ASSERT_EQ(r.cellSource, runtime::CellSource::ResamplerAttention);
            ASSERT_EQ(g.rows * g.cols, g.positions);
            ASSERT_EQ(r.rows, g.rows);
            ASSERT_EQ(r.cols, g.cols);
            const std::vector<bool> in = cellsIn(g, boxes);
            const double area = double(std::count(in.begin(), in.end(), true)) / double(in.size());
            if (area == 0 || area == 1)
                continue; // an object smaller than a cell, or everywhere: nothing to tell
            for (int64_t l = 0; l < g.layers; ++l) {
                Share &sh = shares[size_t(l)];
                const std::vector<float> direct = g.cellMap(g.wordProbability, l);
                // a control: the grid read the wrong way round
                std::vector<float> transposed(direct.size());
                for (int64_t y = 0; y < g.rows; ++y)
                    for (int64_t x = 0; x < g.cols; ++x)
                        transposed[size_t(x * g.rows + y)] = direct[size_t(y * g.cols + x)];
                sh.grid += massIn(direct, in);
                sh.resampler += massIn(r.cellMap(r.wordProbability, l), in);
                sh.transposed += massIn(transposed, in);
                sh.chance += area;
                ++sh.words;
            }
        }
    }
    fs::remove_all(tmp);

    std::printf("layer | latent i as cell i | through the resampler | grid transposed | chance | words\n");
    for (size_t l = 0; l < shares.size(); ++l) {
        const Share &s = shares[l];
        std::printf("%5zu | %18.3f | %21.3f | %15.3f | %6.3f | %d\n", l, s.grid / s.words, s.resampler / s.words,
                    s.transposed / s.words, s.chance / s.words, s.words);
    }
    const bool gridChosen = asShipped.cellSource == runtime::CellSource::LatentGrid;
    const auto chosen = [&](const Share &s) { return (gridChosen ? s.grid : s.resampler) / s.words; };
    const auto other = [&](const Share &s) { return (gridChosen ? s.resampler : s.grid) / s.words; };
    const int64_t layer = asShipped.defaultLayer;
    std::printf("config.json: %s, layer %lld\n", runtime::cellSourceName(asShipped.cellSource), (long long)layer);
    ASSERT_GE(layer, 0);
    const Share &d = shares[size_t(layer)];
    ASSERT_GT(d.words, 0);
    EXPECT_GT(chosen(d), 2 * d.chance / d.words) << "default layer " << layer;
    EXPECT_GE(chosen(d), other(d)) << "the other mapping reads better at layer " << layer;
    for (size_t l = 0; l < shares.size(); ++l)
        EXPECT_GE(chosen(d), chosen(shares[l]) - 0.01) << "layer " << l << " reads better than the default " << layer;
}

TEST(DemoLens, AnotherImagePositionsValueIsRefused)
{
    const fs::path tmp = fs::temp_directory_path() / ("test_demo_lens-bad-" + std::to_string(::getpid()));
    runtime::LocalModel model;
    const runtime::Status st = model.load(folderWith("rows", tmp));
    fs::remove_all(tmp);
    EXPECT_EQ(st.code, runtime::StatusCode::BadModel);
    EXPECT_NE(st.message.find("groundchat_image_positions"), std::string::npos) << st.message;
}
