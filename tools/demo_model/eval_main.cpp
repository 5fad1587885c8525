// demo_eval: scores a demo model folder on held-out generated scenes through the app's own path
// (runtime::LocalModel, then the Kosmos-2 dialect's decoder), one question per task per scene.

#include "demo/score.h"

#include "runtime/local_model.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

using namespace gc::demo;

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::cerr << "usage: demo_eval MODEL_DIR [SCENES=1000] [SEED=20240611] [THREADS=1] [WEIGHTS=f32|bf16|f16|q8|q4]\n";
        return 2;
    }
    const std::string dir = argv[1];
    const int scenes = argc > 2 ? std::atoi(argv[2]) : 1000;
    // Training draws scenes from seeds near 10^6 * its seed; these are far away from them.
    const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20240611;
    gc::runtime::LoadParams lp;
    lp.settings.threads = argc > 4 ? std::atoi(argv[4]) : 1; // one thread: OpenMP spin-waits on a busy 2-core box
    if (argc > 5)
        lp.settings.weights = argv[5]; // an unknown name fails the load with the formats listed
    gc::runtime::LocalModel model;
    const bool oracle = dir == "--oracle";
    if (const auto s = oracle ? gc::runtime::Status{} : model.load(dir, lp); !s.ok()) {
        std::cerr << "cannot load " << dir << ": " << s.message << "\n";
        return 1;
    }
    gc::runtime::GenerationParams gp;
    gp.doSample = false;

    int correct[kTasks] = {}, total[kTasks] = {}, phrasesFound = 0, phrases = 0;
    // Where the errors are: referring expressions by kind, counting by the true count.
    std::map<std::string, std::pair<int, int>> referByKind, countByTruth;
    std::map<std::string, int> referMisses, phraseMisses;
    auto referKind = [](const std::string &e) {
        for (const char *rel : {" left of ", " right of ", " above ", " below "})
            if (e.find(rel) != std::string::npos)
                return "relation";
        for (const char *ext : {"leftmost", "rightmost", "topmost", "bottom"})
            if (e.find(ext) != std::string::npos)
                return "extreme";
        if (e.find("small ") != std::string::npos || e.find("large ") != std::string::npos)
            return "size";
        return "colour and shape";
    };
    const bool dumpMisses = std::getenv("GC_EVAL_MISSES") != nullptr; // print every miss, not only the first scenes
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < scenes; ++i) {
        const Scene s = heldOutScene(seed, i);
        std::mt19937_64 rng(seed + uint64_t(i));
        for (int t = 0; t < kTasks; ++t) {
            Example ex;
            try {
                ex = makeExample(s, Task(t), rng);
            } catch (const std::runtime_error &) {
                continue; // no object can be referred to unambiguously
            }
            auto r = oracle ? gc::runtime::GenerationResult{} : model.generate(s.image, ex.prompt, gp);
            if (oracle) { // the reference answer itself: what the scoring allows at best
                r.rawText = ex.prompt + ex.answer;
                r.answerText = ex.answer;
            }
            if (!r.status.ok()) {
                std::cerr << "generation failed: " << r.status.message << "\n";
                return 1;
            }
            gc::GroundedText g;
            const Score sc = scoreRawAnswer(s, ex, r.answerText, r.rawText, &g);
            correct[t] += sc.correct;
            total[t] += sc.total;
            if (Task(t) == Task::Refer && !sc.correct) {
                // A miss: a box about the right object but not tight enough, or another object's box?
                const gc::Region *first = nullptr;
                for (const gc::Entity &e : g.entities)
                    if (!e.regions.empty() && !first)
                        first = &e.regions.front();
                int best = -1;
                double bestIou = 0;
                for (size_t k = 0; first && k < s.objects.size(); ++k)
                    if (const double v = gc::iou(first->box, s.objects[k].box); v > bestIou) {
                        bestIou = v;
                        best = int(k);
                    }
                ++referMisses[!first ? "no box" : best == ex.targets[0] ? "right object, IoU < 0.5"
                                                 : best >= 0               ? "another object"
                                                                           : "on no object"];
            }
            if (Task(t) == Task::Caption) {
                // A (colour, shape) group not named right: named with the wrong count, or not named at all?
                phraseMisses["named with another count"] += sc.phrasesMiscounted;
                phraseMisses["group not named"] += sc.phrases - sc.phrasesFound - sc.phrasesMiscounted;
            }
            if (Task(t) == Task::Refer || Task(t) == Task::Count) {
                auto &cell = Task(t) == Task::Refer ? referByKind[referKind(ex.expected)] : countByTruth[ex.expected];
                cell.first += sc.correct;
                cell.second += sc.total;
            }
            phrasesFound += sc.phrasesFound;
            phrases += sc.phrases;
            const bool missed = Task(t) == Task::Caption ? sc.phrasesFound < sc.phrases : !sc.correct;
            if (i < 3 || (dumpMisses && missed))
                std::fprintf(stderr, "[%s] %s -> %s\n", taskName(Task(t)), ex.prompt.c_str(), r.answerText.c_str());
        }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto frac = [](int a, int b) { return b ? double(a) / b : 0.0; };
    nlohmann::json out = {
        {"scenes", scenes},
        {"seed", seed},
        {"referring_expression_accuracy", frac(correct[int(Task::Refer)], total[int(Task::Refer)])},
        {"caption_phrase_recall", frac(phrasesFound, phrases)},
        {"caption_box_accuracy", frac(correct[int(Task::Caption)], total[int(Task::Caption)])},
        {"region_description_accuracy", frac(correct[int(Task::Region)], total[int(Task::Region)])},
        {"counting_accuracy", frac(correct[int(Task::Count)], total[int(Task::Count)])},
        {"questions", {{"refer", total[int(Task::Refer)]}, {"caption_objects", total[int(Task::Caption)]},
                       {"region", total[int(Task::Region)]}, {"count", total[int(Task::Count)]}}},
        {"seconds", secs}};
    nlohmann::json breakdown;
    for (const auto &[name, m] : {std::pair{"refer_by_kind", &referByKind}, std::pair{"count_by_truth", &countByTruth}})
        for (const auto &[k, v] : *m)
            breakdown[name][k] = {{"accuracy", frac(v.first, v.second)}, {"questions", v.second}};
    breakdown["refer_misses"] = referMisses;
    breakdown["caption_phrase_misses"] = phraseMisses;
    out["breakdown"] = breakdown;
    std::cout << out.dump(2) << std::endl;
    return 0;
}
