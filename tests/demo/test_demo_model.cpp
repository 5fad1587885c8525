// The committed demo model (resources/models/demo-kosmos2): it loads through the normal runtime, answers
// fixed held-out scenes well, and its trainer reproduces its losses from the seed.

#include "demo/score.h"
#include "demo/tasks.h"

#include "runtime/local_model.h"

#include <nlohmann/json.hpp>

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
    gc::runtime::GenerationParams gp;
    gp.doSample = false;
    // Scenes from demo_eval's held-out range (seed 20240611), one question per task each.
    const uint64_t seed = 20240611;
    int right[kTasks] = {}, asked[kTasks] = {}, captions = 0, wellFormed = 0;
    for (int i = 0; i < 100; ++i) {
        const Scene s = heldOutScene(seed, i);
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
            gc::GroundedText g;
            const Score sc = scoreRawAnswer(s, ex, r.answerText, r.rawText, &g);
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
        std::printf("%s: %d of %d right\n", taskName(Task(t)), right[t], asked[t]);
        // Floors a little under what the committed model scores on these 100 scenes (resources/models/
        // README.md has demo_eval's 1,000-scene numbers): a regression in the runtime, tokenizer, codec or
        // a retrained model that is worse shows. Some are under the 0.9 targets because the
        // committed model does not reach them there (see the README).
        EXPECT_GE(double(right[t]) / asked[t], kFloor[t]);
    }
    EXPECT_EQ(wellFormed, captions) << "every caption should decode into phrases with boxes";
}

// The training text itself: counting questions name the objects they count (the trainer points the
// model's attention at them) and agree with their answer; "an" before orange.
TEST(DemoModel, DeclaresTheTasksItLearnt)
{
    // The app offers these as presets and marks the rest of Kosmos-2's tasks as not trained.
    gc::runtime::LocalModel model;
    ASSERT_TRUE(model.load(kModel).ok());
    EXPECT_EQ(model.info().tasks,
              (std::vector<std::string>{"grounded-caption", "refer", "region", "count", "chat"}));
    gc::runtime::LocalModel plain;
    ASSERT_TRUE(plain.load(std::string(GC_SOURCE_DIR) + "/tests/data/kosmos2-tiny-a").ok());
    EXPECT_TRUE(plain.info().tasks.empty()) << "a model that declares nothing knows every task";
    // trained on single prompts: a follow-up question goes to it on its own, not after the conversation
    EXPECT_FALSE(model.info().multiTurn);
    EXPECT_FALSE(plain.info().multiTurn) << "Kosmos-2 reads one prompt";
}

TEST(DemoWorld, TaskTextAndTargetsAgree)
{
    std::mt19937_64 rng(3);
    int counts = 0, zeros = 0, orange = 0;
    for (uint64_t seed = 0; seed < 200; ++seed) {
        const Scene s = makeScene(seed);
        const Example c = makeExample(s, Task::Count, rng);
        EXPECT_EQ(c.expected, numberWord(int(c.targets.size()))) << c.prompt;
        ++counts;
        zeros += c.targets.empty();
        const Example r = makeExample(s, Task::Region, rng);
        const Object &o = s.objects.at(size_t(r.targets.at(0)));
        EXPECT_EQ(r.expected.rfind(o.colour == Colour::Orange ? "an " : "a ", 0), 0u) << r.expected;
        orange += o.colour == Colour::Orange;
        const Example cap = makeExample(s, Task::Caption, rng);
        EXPECT_EQ(cap.answer.find(" a orange"), std::string::npos) << cap.answer;
    }
    EXPECT_GT(zeros, 0);
    EXPECT_LT(zeros, counts);
    EXPECT_GT(orange, 0);
}

TEST(DemoModel, TrainingReproducesFromSeed)
{
    const fs::path dir = fs::temp_directory_path() / ("gc_demo_train_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (const char *f : {"sentencepiece.bpe.model", "tokenizer_config.json"})
        fs::copy_file(fs::path(kModel) / f, dir / f, fs::copy_options::overwrite_existing);
    const std::string cmd = std::string(GC_DEMO_TRAIN) + " --out " + dir.string() +
                            " --check --steps 3 --images-per-step 1 --threads 1 --seed 1 --pretrain-steps 2"
                            " --pretrain-images 2 --aux 0.3 --task-repeat 1,2,1,2 --point 0.5 --point-phrases --count-soft --count-aux 0.5 --count-head 1"
                            " --ema 0.5 --ema-start 1 --phrase-weight 2";
    const std::string a = run(cmd), b = run(cmd);
    fs::remove_all(dir);
    EXPECT_NE(a.find("pretrain 1 loss"), std::string::npos) << a;
    EXPECT_NE(a.find("step 2 loss"), std::string::npos) << a;
    EXPECT_NE(a.find("ema 0.5 from step 1: sum of |weights| "), std::string::npos) << a; // the weight average
    EXPECT_EQ(a, b);
    // The pointer loss (image-attention heads told where to look) is part of the recipe: it must be
    // computed, finite and positive.
    const size_t p = a.find(" point ", a.find("step 0 loss"));
    ASSERT_NE(p, std::string::npos) << a;
    const double point = std::stod(a.substr(p + 7));
    EXPECT_GT(point, 0.0) << a;
    EXPECT_LT(point, 50.0) << a;
    // Training computes the image prefix once per image and shares its keys and values between that
    // image's questions; the trainer checks that against whole sequences on its first step.
    const std::string tag = "max |logit difference| ";
    size_t at = a.find(tag);
    ASSERT_NE(at, std::string::npos) << a;
    for (; at != std::string::npos; at = a.find(tag, at + 1))
        EXPECT_LT(std::stod(a.substr(at + tag.size())), 1e-4) << a;
}

// What a newcomer does from the command line: draw a new scene, ask the default (demo) model for a
// grounded caption, and compare its boxes with the scene's objects.
TEST(DemoModel, CliCaptionsNewScenesWithBoxes)
{
    const std::string cli = GC_CLI;
    const fs::path dir = fs::temp_directory_path() / ("gc_demo_cli_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    int objects = 0, found = 0;
    for (int seed = 500; seed < 520; ++seed) {
        const std::string png = (dir / ("scene-" + std::to_string(seed) + ".png")).string();
        const nlohmann::json truth =
            nlohmann::json::parse(run(cli + " demo-scene --seed " + std::to_string(seed) + " --out " + png + " --json"));
        const nlohmann::json answer = nlohmann::json::parse(
            run("GC_DEMO_MODEL=" + kModel + " " + cli + " ask --threads 1 --image " + png +
                " --prompt '<grounding> An image of' --json"));
        ASSERT_EQ(answer["dialect"], "kosmos2");
        std::vector<bool> used(64, false);
        for (const nlohmann::json &o : truth["objects"]) {
            ++objects;
            const std::vector<double> t = o["box"];
            const gc::Box tb{t[0], t[1], t[2], t[3]};
            size_t k = 0;
            bool hit = false;
            for (const nlohmann::json &e : answer["entities"])
                for (const nlohmann::json &b : e["boxes"]) {
                    const std::string phrase = e["phrase"];
                    const gc::Box pb{b[0], b[1], b[2], b[3]};
                    // "a red circle" or "two red circles": the kind's words in the phrase
                    const bool sameKind = phrase.find(o["colour"].get<std::string>() + " " + o["shape"].get<std::string>()) !=
                                          std::string::npos;
                    if (!hit && k < used.size() && !used[k] && sameKind && gc::iou(pb, tb) >= 0.5) {
                        used[k] = true;
                        hit = true;
                    }
                    ++k;
                }
            found += hit;
        }
    }
    fs::remove_all(dir);
    std::printf("CLI captions of 20 new scenes: %d of %d objects boxed and named right\n", found, objects);
    EXPECT_GE(double(found) / objects, kFloor[int(Task::Caption)]);
}
