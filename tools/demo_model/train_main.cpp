// demo_train: trains the demo Kosmos-2 on generated scenes with libtorch autograd, through the runtime's
// own forward pass (nn::kosmos2::Model), and writes a Hugging Face style folder the normal loader opens.
// Deterministic for a given seed and thread count.

#include "demo_weights.h"
#include "tasks.h"

#include "io/model_folder.h"
#include "nn/kosmos2/model.h"
#include "nn/preprocess.h"
#include "text/xlmr_tokenizer.h"

#include <ATen/Parallel.h>
#include <torch/optim/adamw.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
namespace k2 = gc::nn::kosmos2;
using namespace gc::demo;

namespace {

struct Options {
    std::string out;
    int steps = 3000;
    int imagesPerStep = 8;
    uint64_t seed = 1;
    int threads = 1; // OpenMP threads spin badly on a shared 2-core machine; one is faster there
    double lr = 2e-3;
    int warmup = 200;
    int logEvery = 25;
    bool check = false; // print every step's loss and write nothing (the reproducibility test)
    double minutes = 0; // stop early after this much wall time (the schedule still assumes `steps`)
    int stopAt = 0;     // stop after this many steps (to reproduce a run that was stopped by --minutes)
    uint64_t dataOffset = 0; // first batch index: a continued run (--resume) sees fresh scenes
    bool resume = false;     // start from OUT/model.safetensors instead of the seeded initialisation
};

Options parse(int argc, char **argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::invalid_argument(a + " needs a value");
            return argv[++i];
        };
        if (a == "--out") o.out = next();
        else if (a == "--steps") o.steps = std::stoi(next());
        else if (a == "--images-per-step") o.imagesPerStep = std::stoi(next());
        else if (a == "--seed") o.seed = std::stoull(next());
        else if (a == "--threads") o.threads = std::stoi(next());
        else if (a == "--lr") o.lr = std::stod(next());
        else if (a == "--warmup") o.warmup = std::stoi(next());
        else if (a == "--log-every") o.logEvery = std::stoi(next());
        else if (a == "--check") o.check = true;
        else if (a == "--minutes") o.minutes = std::stod(next());
        else if (a == "--stop-at") o.stopAt = std::stoi(next());
        else if (a == "--resume") o.resume = true;
        else if (a == "--data-offset") o.dataOffset = std::stoull(next());
        else throw std::invalid_argument("unknown option " + a);
    }
    if (o.out.empty())
        throw std::invalid_argument("usage: demo_train --out DIR (holding demo_tokenizer's files) [--steps N] "
                                    "[--seed S] [--images-per-step N] [--threads N] [--check]");
    return o;
}

struct Batch {
    at::Tensor pixels;    // [NI, 3, S, S]
    at::Tensor ids;       // [B, L]
    at::Tensor labels;    // [B, L], -100 where no loss
    at::Tensor keyMask;   // [B, L]
    at::Tensor imageMask; // [B, L]
    at::Tensor imageOf;   // [B] which image each sequence is about
};

class BatchMaker {
public:
    BatchMaker(const gc::text::XlmrTokenizer &tok, const k2::Config &cfg) : m_tok(tok), m_cfg(cfg)
    {
        m_pre.height = m_pre.width = int(cfg.vision.imageSize);
        m_imageTag = tok.tokenId("<image>");
        m_imageEnd = tok.tokenId("</image>");
    }

    // The batch of `step` is a function of (seed, step) alone: every image gets each of the four tasks.
    Batch make(uint64_t seed, int step, int images) const
    {
        std::mt19937_64 rng(seed * 7919 + uint64_t(step));
        const int64_t Q = m_cfg.latentQueryNum, S = m_cfg.vision.imageSize;
        std::vector<float> pix;
        std::vector<std::vector<int64_t>> seqs, labs;
        std::vector<int64_t> imageOf;
        for (int i = 0; i < images; ++i) {
            const Scene s = makeScene(seed * 1000003ull + uint64_t(step) * uint64_t(images) + uint64_t(i));
            const std::vector<float> p = gc::nn::clipPreprocess(s.image, m_pre);
            pix.insert(pix.end(), p.begin(), p.end());
            for (int t = 0; t < kTasks; ++t) {
                Example ex;
                try {
                    ex = makeExample(s, Task(t), rng);
                } catch (const std::runtime_error &) {
                    ex = makeExample(s, Task::Caption, rng);
                }
                // The prompt exactly as runtime::LocalModel builds it, then the answer and </s>.
                std::vector<int64_t> ids{m_cfg.text.bosId, m_imageTag};
                for (int64_t k = 0; k < Q; ++k)
                    ids.push_back(m_tok.unkId() + 1 + k);
                ids.push_back(m_imageEnd);
                for (int64_t id : m_tok.encode(ex.prompt))
                    ids.push_back(id);
                const size_t promptLen = ids.size();
                for (int64_t id : m_tok.encode(ex.answer))
                    ids.push_back(id);
                ids.push_back(m_cfg.text.eosId);
                std::vector<int64_t> lab(ids.size(), -100);
                for (size_t k = promptLen - 1; k + 1 < ids.size(); ++k)
                    lab[k] = ids[k + 1];
                seqs.push_back(std::move(ids));
                labs.push_back(std::move(lab));
                imageOf.push_back(i);
            }
        }
        size_t L = 0;
        for (const auto &s : seqs)
            L = std::max(L, s.size());
        const int64_t B = int64_t(seqs.size());
        Batch b;
        b.pixels = at::from_blob(pix.data(), {images, 3, S, S}, at::kFloat).clone();
        b.ids = at::full({B, int64_t(L)}, m_cfg.text.padId, at::kLong);
        b.labels = at::full({B, int64_t(L)}, -100, at::kLong);
        b.keyMask = at::zeros({B, int64_t(L)}, at::kLong);
        b.imageMask = at::zeros({B, int64_t(L)}, at::kLong);
        b.imageMask.narrow(1, 2, Q).fill_(1);
        auto ids = b.ids.accessor<int64_t, 2>(), lab = b.labels.accessor<int64_t, 2>(), km = b.keyMask.accessor<int64_t, 2>();
        for (int64_t r = 0; r < B; ++r)
            for (size_t k = 0; k < seqs[size_t(r)].size(); ++k) {
                ids[r][int64_t(k)] = seqs[size_t(r)][k];
                lab[r][int64_t(k)] = labs[size_t(r)][k];
                km[r][int64_t(k)] = 1;
            }
        b.imageOf = at::from_blob(imageOf.data(), {B}, at::kLong).clone();
        return b;
    }

private:
    const gc::text::XlmrTokenizer &m_tok;
    const k2::Config &m_cfg;
    gc::nn::ClipPreprocessConfig m_pre;
    int64_t m_imageTag = -1, m_imageEnd = -1;
};

void writeJson(const fs::path &p, const nlohmann::json &j) { std::ofstream(p) << j.dump(2) << "\n"; }

} // namespace

int main(int argc, char **argv)
try {
    const Options opt = parse(argc, argv);
    at::set_num_threads(opt.threads);
    const fs::path out = opt.out;

    gc::io::ModelFolder tf;
    tf.root = tf.tokenizerDir = out.string();
    tf.sentencepieceModel = (out / "sentencepiece.bpe.model").string();
    tf.tokenizerConfig = gc::io::readJsonFile((out / "tokenizer_config.json").string());
    const gc::text::XlmrTokenizer tok = gc::text::XlmrTokenizer::fromFolder(tf);

    const nlohmann::json cfgJson = demoConfig(tok.vocabSize());
    const k2::Config cfg = k2::parseConfig(cfgJson, "demo config");
    at::manual_seed(opt.seed);
    std::map<std::string, at::Tensor> weights = initWeights(cfg, tok.tokenId("<patch_index_0000>"));
    if (opt.resume) {
        // A second stage: the saved weights (copied out of the mapping), fresh optimiser state.
        gc::nn::WeightStore saved(gc::io::SafeTensors::openFile((out / "model.safetensors").string()));
        for (auto &[name, t] : weights)
            t = saved.get(name).clone();
    }

    // The model is built from a checkpoint file like any other; the trainable tensors then stand in for
    // the mapped ones, so training and inference share one forward pass.
    const fs::path initFile = out / (".init-" + std::to_string(::getpid()) + ".safetensors");
    saveSafetensors(initFile.string(), cfg, weights);
    gc::nn::WeightStore store(gc::io::SafeTensors::openFile(initFile.string()));
    fs::remove(initFile);
    std::vector<at::Tensor> decay, noDecay;
    for (auto &[name, t] : weights) {
        t.requires_grad_(true);
        store.setLive(name, t);
        (t.dim() >= 2 && name.find("position_embedding") == std::string::npos ? decay : noDecay).push_back(t);
    }
    k2::Model model(cfg, std::move(store));
    model.setTrainable(true);

    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(opt.lr).betas({0.9, 0.98}).weight_decay(0.01)));
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                     torch::optim::AdamWOptions(opt.lr).betas({0.9, 0.98}).weight_decay(0.0)));
    torch::optim::AdamW adam(groups);
    std::vector<at::Tensor> all = decay;
    all.insert(all.end(), noDecay.begin(), noDecay.end());

    BatchMaker maker(tok, cfg);
    const auto t0 = std::chrono::steady_clock::now();
    double avg = 0;
    auto save = [&] {
        saveSafetensors((out / "model.safetensors").string(), cfg, weights);
        writeJson(out / "config.json", cfgJson);
        writeJson(out / "generation_config.json",
                  {{"bos_token_id", 0}, {"eos_token_id", 2}, {"pad_token_id", 1}, {"no_repeat_ngram_size", 0},
                   {"max_new_tokens", 96}});
        writeJson(out / "preprocessor_config.json",
                  {{"image_processor_type", "CLIPImageProcessor"}, {"processor_class", "Kosmos2Processor"},
                   {"do_resize", true}, {"size", {{"height", kImageSize}, {"width", kImageSize}}}, {"resample", 3},
                   {"do_center_crop", false}, {"do_rescale", true}, {"rescale_factor", 1.0 / 255.0},
                   {"do_normalize", true}, {"image_mean", {0.48145466, 0.4578275, 0.40821073}},
                   {"image_std", {0.26862954, 0.26130258, 0.27577711}}, {"do_convert_rgb", true}});
    };
    int step = 0;
    for (; step < opt.steps; ++step) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if ((opt.minutes > 0 && elapsed > opt.minutes * 60) || (opt.stopAt > 0 && step >= opt.stopAt))
            break;
        // Linear warm-up, then cosine decay to a tenth of the peak.
        const double prog = double(step - opt.warmup) / std::max(1, opt.steps - opt.warmup);
        const double lr = step < opt.warmup ? opt.lr * (step + 1) / opt.warmup
                                            : opt.lr * (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * prog)));
        for (auto &g : adam.param_groups())
            static_cast<torch::optim::AdamWOptions &>(g.options()).lr(lr);

        const Batch b = maker.make(opt.seed, int(opt.dataOffset) + step, opt.imagesPerStep);
        const k2::VisionOutput vis = model.encodeImage(b.pixels);
        const at::Tensor embeds = vis.imageEmbeds.index_select(0, b.imageOf);
        const at::Tensor pos = k2::Model::positionsFromIds(b.ids, cfg.text.padId);
        const at::Tensor logits = model.forwardText(b.ids, pos, b.keyMask, embeds, b.imageMask, nullptr, false);
        const at::Tensor loss = at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}), b.labels.reshape({-1}),
                                                       {}, at::Reduction::Mean, -100);
        adam.zero_grad();
        loss.backward();
        at::NoGradGuard ng;
        double sq = 0;
        for (const at::Tensor &p : all)
            if (p.grad().defined())
                sq += p.grad().pow(2).sum().item<double>();
        const double norm = std::sqrt(sq);
        if (norm > 1.0)
            for (const at::Tensor &p : all)
                if (p.grad().defined())
                    p.grad().mul_(1.0 / norm);
        adam.step();

        const double l = loss.item<double>();
        avg = step == 0 ? l : 0.98 * avg + 0.02 * l;
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (opt.check)
            std::printf("step %d loss %.9g\n", step, l);
        else if (step % opt.logEvery == 0 || step + 1 == opt.steps)
            std::printf("step %5d  loss %.4f  avg %.4f  lr %.2e  |g| %.2f  %.0fs\n", step, l, avg, lr, norm, secs);
        std::fflush(stdout);
        if (!opt.check && (step + 1) % 100 == 0)
            save();
    }
    if (!opt.check) {
        save();
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("done: %d of %d scheduled steps in %.0f s, final average loss %.4f\n", step, opt.steps, secs, avg);
    }
    return 0;
} catch (const std::exception &e) {
    std::cerr << "demo_train: " << e.what() << "\n";
    return 1;
}
