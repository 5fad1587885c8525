// The committed demo model (resources/models/demo-kosmos2): it loads through the normal runtime, answers
// fixed held-out scenes well, and its trainer reproduces its losses from the seed.

#include "demo/score.h"

#include "dialects/registry.h"
#include "runtime/local_model.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace fs = std::filesystem;
using namespace gc::demo;

namespace {

// caption (boxes), refer, region, count
const double kFloor[kTasks] = {GC_DEMO_FLOORS};

const std::string kModel = std::string(GC_SOURCE_DIR) + "/resources/models/demo-kosmos2";

std::string run(const std::string &cmd)
{
    std::string out;
    std::unique_ptr<FILE, int (*)(FILE *)> p(::popen(cmd.c_str(), "r"), ::pclose);
    if (!p)
        return out;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p.get())) > 0)
        out.append(buf.data(), n);
    return out;
}

} // namespace

TEST(DemoModel, AnswersHeldOutScenes)
{
    gc::runtime::LocalModel model;
    gc::runtime::LoadParams lp;
    lp.settings.threads = 1;
    ASSERT_TRUE(model.load(kModel, lp).ok());
    EXPECT_EQ(model.info().architecture, "kosmos-2");
    const gc::Dialect *dialect = gc::dialects::find("kosmos2");
    gc::runtime::GenerationParams gp;
    gp.doSample = false;
    // Scenes from demo_eval's held-out range (seed 20240611), one question per task each.
    const uint64_t seed = 20240611;
    int right[kTasks] = {}, asked[kTasks] = {}, captions = 0, wellFormed = 0;
    for (int i = 0; i < 12; ++i) {
        const Scene s = makeScene(seed * 1000003ull + uint64_t(i) + (1ull << 40));
        std::mt19937_64 rng(seed + uint64_t(i));
        for (int t = 0; t < kTasks; ++t) {
            Example ex;
            try {
                ex = makeExample(s, Task(t), rng);
            } catch (const std::runtime_error &) {
                continue;
            }
            const auto r = model.generate(s.image, ex.prompt, gp);
            ASSERT_TRUE(r.status.ok()) << r.status.message;
            gc::DecodeOptions opts;
            opts.imageSize = {s.image.width, s.image.height};
            const gc::GroundedText g = dialect->decode(r.rawText, opts).toPixels(opts.imageSize);
            const Score sc = scoreAnswer(s, ex, r.answerText, g);
            if (t == int(Task::Caption)) {
                ++captions;
                wellFormed += !g.entities.empty() && g.regionCount() > 0 ? 1 : 0;
            }
            right[t] += sc.correct;
            asked[t] += sc.total;
        }
    }
    for (int t = 0; t < kTasks; ++t) {
        SCOPED_TRACE(taskName(Task(t)));
        ASSERT_GT(asked[t], 0);
        // Floors a little under what the committed model scores here (resources/models/README.md has
        // demo_eval's 1,000-scene numbers): a regression in the runtime, tokenizer or codec shows. They
        // are far below the 0.9 targets because the committed model does not reach them yet.
        EXPECT_GE(double(right[t]) / asked[t], kFloor[t]);
    }
    EXPECT_EQ(wellFormed, captions) << "every caption should decode into phrases with boxes";
}

TEST(DemoModel, TrainingReproducesFromSeed)
{
    const fs::path dir = fs::temp_directory_path() / ("gc_demo_train_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (const char *f : {"sentencepiece.bpe.model", "tokenizer_config.json"})
        fs::copy_file(fs::path(kModel) / f, dir / f, fs::copy_options::overwrite_existing);
    const std::string cmd = std::string(GC_DEMO_TRAIN) + " --out " + dir.string() +
                            " --check --steps 3 --images-per-step 1 --threads 1 --seed 1 --pretrain-steps 2"
                            " --pretrain-images 2 --aux 0.3 --repeat 2";
    const std::string a = run(cmd), b = run(cmd);
    fs::remove_all(dir);
    EXPECT_NE(a.find("pretrain 1 loss"), std::string::npos) << a;
    EXPECT_NE(a.find("step 2 loss"), std::string::npos) << a;
    EXPECT_EQ(a, b);
    // Training computes the image prefix once per image and shares its keys and values between that
    // image's questions; the trainer checks that against whole sequences on its first step.
    const std::string tag = "max |logit difference| ";
    size_t at = a.find(tag);
    ASSERT_NE(at, std::string::npos) << a;
    for (; at != std::string::npos; at = a.find(tag, at + 1))
        EXPECT_LT(std::stod(a.substr(at + tag.size())), 1e-4) << a;
}
