// demo_train: trains the demo Kosmos-2 on generated scenes with libtorch autograd, through the runtime's
// own forward pass (nn::kosmos2::Model), and writes a Hugging Face style folder the normal loader opens.
// Deterministic for a given seed and thread count.

#include "demo_weights.h"
#include "training_batch.h"
#include "demo/tasks.h"

#include "io/model_folder.h"
#include "nn/kosmos2/model.h"
#include "nn/positions.h"
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
    int only = -1;           // train one task only (a diagnostic)
    int pretrainSteps = 0;   // first train the vision side alone on the per-cell loss, for this many steps
    int pretrainImages = 16; // images per pretraining step
    int repeat = 1;          // questions per image of each task but the caption
    bool sharedCellCode = false; // the patch-index embeddings' variant initialisation
    double aux = 0;          // weight of the auxiliary per-patch loss on the image embeddings
    double point = 0;        // weight of the pointer loss on the image-attention heads (see TextPart)
    std::vector<int> pointLayers; // text layers whose head 0 the pointer loss trains (default: all but the first)
    std::vector<int> taskRepeat;  // questions per image of each task (caption, refer, region, count)
    bool pointPhrases = false;    // the pointer loss also where a caption's phrase starts
    bool countSoft = false;       // counting's pointer target states the count (see BatchMaker)
    double countAux = 0;          // weight of the per-cell counts in the per-cell loss (see Batch::cellCounts)
    int countHead = -1;           // a second image-attention head taught to state counts (see BatchMaker)
    std::vector<double> ema;      // decays of exponential moving averages of the weights, each saved beside the model
    int emaStart = -1;            // the step the averages start from (default: 60 % of the steps)
    int emaEvery = 4;             // steps between updates of the averages (each by the decay to that power)
    double phraseWeight = 1;      // the answer loss's weight of a caption phrase's words (see BatchMaker)
    double countWordWeight = -1;  // the weight of its first (count) word instead, when given
};

// "1,2,3" as numbers, each read by `number` (std::stoi, std::stod).
template <class T> std::vector<T> numberList(const std::string &s, T (*number)(const std::string &, size_t *))
{
    std::vector<T> v;
    size_t at = 0;
    while (at <= s.size()) {
        const size_t comma = std::min(s.find(',', at), s.size());
        v.push_back(number(s.substr(at, comma - at), nullptr));
        at = comma + 1;
    }
    return v;
}
std::vector<int> intList(const std::string &s) { return numberList<int>(s, [](const std::string &t, size_t *i) { return std::stoi(t, i); }); }
std::vector<double> doubleList(const std::string &s) { return numberList<double>(s, [](const std::string &t, size_t *i) { return std::stod(t, i); }); }

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
        else if (a == "--aux") o.aux = std::stod(next());
        else if (a == "--pretrain-steps") o.pretrainSteps = std::stoi(next());
        else if (a == "--pretrain-images") o.pretrainImages = std::stoi(next());
        else if (a == "--repeat") o.repeat = std::stoi(next());
        else if (a == "--shared-cell-code") o.sharedCellCode = true;
        else if (a == "--point") o.point = std::stod(next());
        else if (a == "--point-phrases") o.pointPhrases = true;
        else if (a == "--count-soft") o.countSoft = true;
        else if (a == "--count-aux") o.countAux = std::stod(next());
        else if (a == "--count-head") o.countHead = std::stoi(next());
        else if (a == "--point-layers") o.pointLayers = intList(next());
        else if (a == "--ema") {
            o.ema = doubleList(next());
            for (double d : o.ema)
                if (!(d > 0 && d < 1))
                    throw std::invalid_argument("--ema: each decay must lie between 0 and 1");
        }
        else if (a == "--ema-start") o.emaStart = std::stoi(next());
        else if (a == "--ema-every") o.emaEvery = std::max(1, std::stoi(next()));
        else if (a == "--phrase-weight") o.phraseWeight = std::stod(next());
        else if (a == "--count-word-weight") o.countWordWeight = std::stod(next());
        else if (a == "--task-repeat") {
            o.taskRepeat = intList(next());
            if (o.taskRepeat.size() != size_t(kTasks))
                throw std::invalid_argument("--task-repeat needs one count per task: caption,refer,region,count");
        }
        else if (a == "--only") {
            const std::string t = next();
            for (int k = 0; k < kTasks; ++k)
                if (t == taskName(Task(k)))
                    o.only = k;
        }
        else throw std::invalid_argument("unknown option " + a);
    }
    if (o.out.empty())
        throw std::invalid_argument("usage: demo_train --out DIR (holding demo_tokenizer's files) [--steps N] "
                                    "[--seed S] [--images-per-step N] [--threads N] [--check]");
    return o;
}


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
    std::map<std::string, at::Tensor> weights = initWeights(cfg, tok.tokenId("<patch_index_0000>"), opt.sharedCellCode);
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
    // Training-only heads (never saved): read each image embedding's cell contents and its object's box
    // corners, the latter through the (tied) patch-index embeddings the text side answers with.
    const int64_t D = cfg.text.embedDim;
    // Colour and shape are read through the embeddings of their words (tied to the output layer), so an
    // image embedding learns to point at the words the answer needs: " red", " circle", ...
    at::Tensor auxWords = (at::randn({D, D}) / std::sqrt(double(D))).requires_grad_(true);
    at::Tensor auxNone = (at::randn({2, D}) * 0.02).requires_grad_(true); // "no object" for colour and shape
    std::vector<int64_t> colourIds, shapeIds;
    for (int c = 0; c < kColours; ++c)
        colourIds.push_back(tok.encode(std::string(" ") + colourName(Colour(c))).at(0));
    for (int k = 0; k < kShapes; ++k)
        shapeIds.push_back(tok.encode(std::string(" ") + shapeName(Shape(k))).at(0));
    for (int c = 0; c < kColours; ++c)
        if (tok.encode(std::string(" ") + colourName(Colour(c))).size() != 1)
            std::printf("note: \"%s\" is more than one piece; its first stands for it\n", colourName(Colour(c)));
    for (int k = 0; k < kShapes; ++k)
        if (tok.encode(std::string(" ") + shapeName(Shape(k))).size() != 1)
            std::printf("note: \"%s\" is more than one piece; its first stands for it\n", shapeName(Shape(k)));
    const at::Tensor colourIdx = at::tensor(colourIds, at::kLong), shapeIdx = at::tensor(shapeIds, at::kLong);
    at::Tensor auxUl = (at::randn({D, D}) / std::sqrt(double(D))).requires_grad_(true);
    at::Tensor auxLr = (at::randn({D, D}) / std::sqrt(double(D))).requires_grad_(true);
    at::Tensor auxBox = (at::randn({4, D}) / std::sqrt(double(D))).requires_grad_(true);
    at::Tensor auxBoxBias = at::full({4}, 0.5f).requires_grad_(true);
    at::Tensor auxCentre = (at::randn({1, D}) / std::sqrt(double(D))).requires_grad_(true);
    // Counts (1..kMaxObjects) of the four kinds of Batch::cellCounts, read from an object's centre cell.
    at::Tensor auxCounts;
    if (opt.countAux > 0)
        auxCounts = (at::randn({4 * kMaxObjects, D}) / std::sqrt(double(D))).requires_grad_(true);
    if (opt.aux > 0 || opt.pretrainSteps > 0) {
        std::vector<at::Tensor> auxParams{auxWords, auxNone, auxUl, auxLr, auxBox, auxBoxBias, auxCentre};
        if (auxCounts.defined())
            auxParams.push_back(auxCounts);
        adam.add_param_group(torch::optim::OptimizerParamGroup(
            auxParams, std::make_unique<torch::optim::AdamWOptions>(
                                        torch::optim::AdamWOptions(opt.lr).betas({0.9, 0.98}).weight_decay(0.0))));
        decay.insert(decay.end(), auxParams.begin(), auxParams.end());
    }
    const int64_t firstPatch = tok.tokenId("<patch_index_0000>");
    std::vector<at::Tensor> all = decay;
    all.insert(all.end(), noDecay.begin(), noDecay.end());

    BatchMaker maker(tok, cfg);
    maker.only = opt.only;
    maker.repeat = opt.repeat;
    maker.taskRepeat = opt.taskRepeat;
    maker.pointPhrases = opt.pointPhrases;
    maker.countSoft = opt.countSoft;
    maker.countHead = opt.countHead;
    maker.phraseWeight = float(opt.phraseWeight);
    maker.countWordWeight = float(opt.countWordWeight);
    if (opt.countHead >= int(cfg.text.heads))
        throw std::invalid_argument("--count-head: the text layers have " + std::to_string(cfg.text.heads) + " heads");
    std::vector<int> pointLayers = opt.pointLayers;
    if (pointLayers.empty())
        for (int l = 1; l < int(cfg.text.layers); ++l)
            pointLayers.push_back(l);
    std::vector<int64_t> prefixIds = maker.prefix();
    {
        // How sharply latent query i attends to patch i (1 = a perfect spatial router).
        at::NoGradGuard ng;
        const Batch b0 = maker.make(opt.seed, int(opt.dataOffset), opt.imagesPerStep);
        const k2::VisionOutput v = model.encodeImage(b0.pixels);
        const std::string p = "image_to_text_projection.";
        const int64_t D = cfg.text.embedDim, hd = D / cfg.text.heads, Q = cfg.latentQueryNum;
        at::Tensor h = at::linear(v.normalizedFeatures, weights.at(p + "dense.weight"), weights.at(p + "dense.bias"));
        at::Tensor lq = weights.at(p + "latent_query").unsqueeze(0).expand({h.size(0), Q, D});
        at::Tensor kv = at::cat({h, lq}, 1);
        at::Tensor q = at::linear(lq, weights.at(p + "x_attn.q_proj.weight"), weights.at(p + "x_attn.q_proj.bias")).narrow(2, 0, hd);
        at::Tensor k = at::linear(kv, weights.at(p + "x_attn.k_proj.weight"), weights.at(p + "x_attn.k_proj.bias")).narrow(2, 0, hd);
        at::Tensor a = at::softmax(at::matmul(q, k.transpose(1, 2)) / std::sqrt(double(hd)), -1); // [B, Q, 1+N+Q]
        if (a.size(2) == 1 + 2 * Q) {
            at::Tensor own = a.narrow(2, 1, Q).diagonal(0, 1, 2).mean();
            std::printf("resampler routing at step 0: mean attention of query i on patch i %.3f\n", own.item<double>());
        }
    }
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
    // Moving averages of the model's weights (not the training-only heads), from emaStart on. Each is
    // written as a complete model folder OUT/ema-DECAY that the normal loader opens.
    const int emaStart = opt.emaStart >= 0 ? opt.emaStart : opt.steps * 6 / 10;
    std::vector<std::map<std::string, at::Tensor>> averages(opt.ema.size());
    auto emaDir = [&](size_t i) {
        char name[32];
        std::snprintf(name, sizeof name, "ema-%g", opt.ema[i]);
        return out / name;
    };
    // Updated every opt.emaEvery steps with the decay to that power (updating every step cost ~10 % of a step).
    auto updateAverages = [&](int stepDone) {
        if (opt.ema.empty() || stepDone < emaStart || (stepDone - emaStart) % opt.emaEvery != 0)
            return;
        at::NoGradGuard ng;
        for (size_t i = 0; i < opt.ema.size(); ++i) {
            const double d = std::pow(opt.ema[i], opt.emaEvery);
            for (const auto &[name, t] : weights) {
                auto it = averages[i].find(name);
                if (it == averages[i].end())
                    averages[i].emplace(name, t.detach().clone());
                else
                    it->second.mul_(d).add_(t.detach(), 1 - d);
            }
        }
    };
    auto saveAverages = [&] {
        for (size_t i = 0; i < opt.ema.size(); ++i) {
            if (averages[i].empty())
                continue;
            const fs::path dir = emaDir(i);
            fs::create_directories(dir);
            for (const auto &entry : fs::directory_iterator(out))
                if (entry.is_regular_file() && entry.path().filename() != "model.safetensors" &&
                    entry.path().filename().string().rfind(".init-", 0) != 0)
                    fs::copy_file(entry.path(), dir / entry.path().filename(), fs::copy_options::overwrite_existing);
            saveSafetensors((dir / "model.safetensors").string(), cfg, averages[i]);
        }
    };
    // The per-cell loss on the image embeddings (see Batch).
    auto cellLoss = [&](const k2::VisionOutput &vis, const Batch &b, bool print) {
        const at::Tensor e = vis.imageEmbeds.reshape({-1, D});
        const at::Tensor vocab = weights.at("text_model.model.embed_tokens.weight");
        const at::Tensor loc = vocab.narrow(0, firstPatch, 1024);
        const at::Tensor w = at::linear(e, auxWords);
        const at::Tensor colourLogits = at::matmul(w, at::cat({vocab.index_select(0, colourIdx), auxNone.narrow(0, 0, 1)}).t());
        const at::Tensor shapeLogits = at::matmul(w, at::cat({vocab.index_select(0, shapeIdx), auxNone.narrow(0, 1, 1)}).t());
        auto ce = [](const at::Tensor &l, const at::Tensor &t) {
            return at::cross_entropy_loss(l, t.reshape({-1}), {}, at::Reduction::Mean, -100);
        };
        const at::Tensor parts = at::stack({ce(colourLogits, b.cellColour), ce(shapeLogits, b.cellShape),
                                            ce(at::matmul(at::linear(e, auxUl), loc.t()), b.cellUl),
                                            ce(at::matmul(at::linear(e, auxLr), loc.t()), b.cellLr),
                                            // box regression in units of a Kosmos-2 cell (1/32)
                                            (at::smooth_l1_loss(at::linear(e, auxBox, auxBoxBias) * 32, b.cellBox.reshape({-1, 4}) * 32,
                                                                at::Reduction::None)
                                                 .sum(1) * b.cellHasBox.reshape({-1})).sum() /
                                                (4 * b.cellHasBox.sum().clamp_min(1)) * 0.2,
                                            at::binary_cross_entropy_with_logits(at::linear(e, auxCentre).reshape({-1}),
                                                                                 b.cellCentre.reshape({-1})),
                                            auxCounts.defined()
                                                ? ce(at::linear(e, auxCounts).reshape({-1, kMaxObjects}), b.cellCounts) * 4 * opt.countAux
                                                : at::zeros({}, at::kFloat)});
        if (print) {
            const at::Tensor pc = parts.detach();
            std::printf("  cells: colour %.3f shape %.3f ul %.3f lr %.3f box L1 %.3f cells, centre %.3f, counts %.3f\n",
                        pc[0].item<double>(), pc[1].item<double>(), pc[2].item<double>(), pc[3].item<double>(),
                        pc[4].item<double>() / 0.2, pc[5].item<double>(), pc[6].item<double>() / (4 * std::max(opt.countAux, 1e-9)));
        }
        return parts.sum();
    };
    // The pointer loss (see TextPart): head 0 of each chosen text layer, from the marked positions of a part,
    // over the <image> tag and the cells - its scores recomputed from that layer's input (`hidden`) and the
    // shared prefix's keys (positions 1 .. 1 + Q of BatchMaker::prefix()). Adds to `sum`, one per position
    // and layer in `count`.
    const at::Tensor keySlots = at::arange(1, 2 + cfg.latentQueryNum, at::kLong);
    const int64_t headDim = D / cfg.text.heads;
    auto addPointerLoss = [&](const TextPart &t, const std::vector<at::Tensor> &hidden, const gc::nn::KVCache &shared,
                              at::Tensor &sum, int64_t &count) {
        if (t.pointRow.numel() == 0)
            return;
        // The rows of each head taught (all of them at once when only head 0 is).
        std::vector<std::pair<int64_t, at::Tensor>> byHead;
        const int64_t maxHead = t.pointHead.max().item<int64_t>();
        if (maxHead == 0)
            byHead.push_back({0, at::Tensor()});
        else
            for (int64_t h = 0; h <= maxHead; ++h)
                if (const at::Tensor rows = t.pointHead.eq(h).nonzero().squeeze(1); rows.numel() > 0)
                    byHead.push_back({h, rows});
        for (const auto &[head, rows] : byHead) {
            auto pick = [&](const at::Tensor &v) { return rows.defined() ? v.index_select(0, rows) : v; };
            const at::Tensor pointRow = pick(t.pointRow), pointPos = pick(t.pointPos);
            const at::Tensor target = pick(t.pointTarget), softRows = pick(t.pointSoft);
            const at::Tensor imageOfPoint = t.imageOf.index_select(0, pointRow);
            for (int li : pointLayers) {
                const std::string b = "text_model.model.layers." + std::to_string(li) + ".";
                const at::Tensor x = hidden.at(size_t(li)).index({pointRow, pointPos}); // [M, D]
                const at::Tensor h = at::layer_norm(x, {D}, weights.at(b + "self_attn_layer_norm.weight"),
                                                    weights.at(b + "self_attn_layer_norm.bias"), cfg.text.layerNormEps);
                const at::Tensor q = at::linear(h, weights.at(b + "self_attn.q_proj.weight").narrow(0, head * headDim, headDim),
                                                weights.at(b + "self_attn.q_proj.bias").narrow(0, head * headDim, headDim)) /
                                     std::sqrt(double(headDim));
                const at::Tensor k = shared.k[size_t(li)].select(1, head).index_select(1, keySlots).index_select(0, imageOfPoint);
                const at::Tensor scores = at::bmm(k, q.unsqueeze(-1)).squeeze(-1); // [M, 1 + Q]
                const at::Tensor all = scores.logsumexp(1);
                const at::Tensor hit = scores.masked_fill(target.eq(0), -1e9).logsumexp(1);
                const at::Tensor soft = -(target * (scores - all.unsqueeze(1))).sum(1);
                sum = sum + at::where(softRows.gt(0), soft, all - hit).sum();
                count += pointRow.numel();
            }
        }
    };
    auto clipAndStep = [&] {
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
        return norm;
    };
    auto setLr = [&](double lr) {
        for (auto &g : adam.param_groups())
            static_cast<torch::optim::AdamWOptions &>(g.options()).lr(lr);
    };
    // Stage 1: the vision tower and resampler alone learn what each cell shows, so that the text side
    // meets informative image embeddings (it learns to ignore random ones before they become useful).
    for (int ps = 0; ps < opt.pretrainSteps && !opt.resume; ++ps) {
        setLr(opt.lr * std::min(1.0, double(ps + 1) / opt.warmup));
        const Batch b = maker.make(opt.seed + 0x5EED, ps, opt.pretrainImages);
        const k2::VisionOutput vis = model.encodeImage(b.pixels);
        const at::Tensor loss = cellLoss(vis, b, !opt.check && ps % opt.logEvery == 0);
        adam.zero_grad();
        loss.backward();
        const double norm = clipAndStep();
        if (opt.check)
            std::printf("pretrain %d loss %.9g\n", ps, loss.item<double>());
        else if (ps % opt.logEvery == 0)
            std::printf("pretrain %5d  loss %.4f  |g| %.2f  %.0fs\n", ps, loss.item<double>(), norm,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        std::fflush(stdout);
    }
    int step = 0;
    for (; step < opt.steps; ++step) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if ((opt.minutes > 0 && elapsed > opt.minutes * 60) || (opt.stopAt > 0 && step >= opt.stopAt))
            break;
        // Linear warm-up, then cosine decay to a tenth of the peak.
        const double prog = double(step - opt.warmup) / std::max(1, opt.steps - opt.warmup);
        const double lr = step < opt.warmup ? opt.lr * (step + 1) / opt.warmup
                                            : opt.lr * (0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * prog)));
        setLr(lr);

        const Batch b = maker.make(opt.seed, int(opt.dataOffset) + step, opt.imagesPerStep);
        const k2::VisionOutput vis = model.encodeImage(b.pixels);
        const bool diag = !opt.check && step % opt.logEvery == 0;
        if (diag)
            for (const at::Tensor &t : {vis.imageEmbeds, vis.normalizedFeatures, vis.lastHiddenState})
                const_cast<at::Tensor &>(t).retain_grad();
        // The image prefix once per image, then every question continues from its keys and values.
        const int64_t NI = b.pixels.size(0), P = int64_t(prefixIds.size());
        const at::Tensor pids = at::from_blob(prefixIds.data(), {1, P}, at::kLong).expand({NI, P}).contiguous();
        at::Tensor pmask = at::zeros({NI, P}, at::kLong);
        pmask.narrow(1, 2, cfg.latentQueryNum).fill_(1);
        gc::nn::KVCache shared;
        (void)model.forwardHidden(pids, gc::nn::xlmrPositions(pids, cfg.text.padId), at::ones({NI, P}, at::kLong),
                                  vis.imageEmbeds, pmask, &shared, true);
        // Mean over all answer tokens of the step, whichever part they are in.
        at::Tensor loss = at::zeros({}, at::kFloat);
        at::Tensor pointSum = at::zeros({}, at::kFloat);
        int64_t pointCount = 0;
        int64_t labelledTotal = 0;
        for (const TextPart &t : b.parts)
            labelledTotal += t.labels.ne(-100).sum().item<int64_t>();
        for (const TextPart &t : b.parts) {
            gc::nn::KVCache cache;
            for (size_t l = 0; l < shared.k.size(); ++l) {
                cache.k.push_back(shared.k[l].narrow(2, 0, P).index_select(0, t.imageOf));
                cache.v.push_back(shared.v[l].narrow(2, 0, P).index_select(0, t.imageOf));
            }
            cache.length = P;
            const at::Tensor notPad = t.ids.ne(cfg.text.padId).to(at::kLong);
            const at::Tensor pos = gc::nn::xlmrPositions(t.ids, cfg.text.padId) + notPad * P;
            const at::Tensor keys = at::cat({at::ones({t.ids.size(0), P}, at::kLong), t.keyMask}, 1);
            std::vector<at::Tensor> hidden;
            const at::Tensor finalHidden =
                model.forwardHidden(t.ids, pos, keys, {}, {}, &cache, false, opt.point > 0 ? &hidden : nullptr);
            // The output layer only where there is a label (most positions are prompt or padding).
            const at::Tensor flatLabels = t.labels.reshape({-1});
            const at::Tensor labelled = flatLabels.ne(-100).nonzero().squeeze(1);
            const at::Tensor answerLogits = model.lmHead(finalHidden.reshape({-1, D}).index_select(0, labelled));
            if (opt.point > 0)
                addPointerLoss(t, hidden, shared, pointSum, pointCount);
            if (opt.check && step == 0) {
                // The shared prefix must give what whole sequences give.
                at::NoGradGuard ng;
                const int64_t B = t.ids.size(0);
                const at::Tensor full = at::cat({pids.index_select(0, t.imageOf), t.ids}, 1);
                const at::Tensor fmask = at::cat({pmask.index_select(0, t.imageOf), at::zeros_like(t.ids)}, 1);
                const at::Tensor ref = model.forwardText(full, gc::nn::xlmrPositions(full, cfg.text.padId), keys,
                                                         vis.imageEmbeds.index_select(0, t.imageOf), fmask, nullptr, false)
                                           .narrow(1, P, t.ids.size(1));
                const at::Tensor logits = model.lmHead(finalHidden);
                const at::Tensor m = t.keyMask.to(at::kBool).unsqueeze(-1).expand_as(ref);
                std::printf("prefix sharing: max |logit difference| %.3g over %lld sequences\n",
                            (ref - logits).abs().masked_select(m).max().item<double>(), (long long)B);
            }
            const at::Tensor targets = flatLabels.index_select(0, labelled);
            const at::Tensor tokenLoss =
                !maker.weighsLabels()
                    ? at::cross_entropy_loss(answerLogits, targets, {}, at::Reduction::Sum, -100)
                    : (at::cross_entropy_loss(answerLogits, targets, {}, at::Reduction::None, -100) *
                       t.labelWeights.reshape({-1}).index_select(0, labelled))
                          .sum();
            loss = loss + tokenLoss / double(std::max<int64_t>(1, labelledTotal));
        }
        const double textValue = loss.item<double>();
        double auxValue = 0, pointValue = 0;
        if (opt.point > 0 && pointCount > 0) {
            const at::Tensor p = pointSum / double(pointCount);
            pointValue = p.item<double>();
            loss = loss + p * opt.point;
        }
        if (opt.aux > 0) {
            const at::Tensor a = cellLoss(vis, b, step % opt.logEvery == 0 && !opt.check);
            auxValue = a.item<double>();
            loss = loss + a * opt.aux;
        }
        adam.zero_grad();
        loss.backward();
        if (!opt.check && step % opt.logEvery == 0) {
            double gv = 0, gp = 0, gt = 0;
            for (auto &[name, t] : weights)
                if (t.grad().defined()) {
                    const double v = t.grad().pow(2).sum().item<double>();
                    (name.rfind("vision", 0) == 0 ? gv : name.rfind("image_to", 0) == 0 ? gp : gt) += v;
                }
            std::printf("  |g| vision %.3g projection %.3g text %.3g; d/d embeds %.3g features %.3g hidden %.3g\n",
                        std::sqrt(gv), std::sqrt(gp), std::sqrt(gt), vis.imageEmbeds.grad().norm().item<double>(),
                        vis.normalizedFeatures.grad().norm().item<double>(), vis.lastHiddenState.grad().norm().item<double>());
        }
        const double norm = clipAndStep();
        updateAverages(step);

        const double l = textValue;
        avg = step == 0 ? l : 0.98 * avg + 0.02 * l;
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (opt.check)
            std::printf("step %d loss %.9g point %.9g\n", step, l, pointValue);
        else if (step % opt.logEvery == 0 || step + 1 == opt.steps)
            std::printf("step %5d  loss %.4f  avg %.4f  aux %.3f  point %.3f  lr %.2e  |g| %.2f  %.0fs\n", step, l, avg,
                        auxValue, pointValue, lr, norm, secs);
        std::fflush(stdout);
        if (!opt.check && (step + 1) % 100 == 0) {
            save();
            if ((step + 1) % 500 == 0)
                saveAverages();
        }
    }
    if (opt.check)
        for (size_t i = 0; i < averages.size(); ++i) {
            double sum = 0;
            for (const auto &[name, t] : averages[i])
                sum += t.abs().sum().item<double>();
            std::printf("ema %g from step %d: sum of |weights| %.9g\n", opt.ema[i], emaStart, sum);
        }
    if (!opt.check) {
        save();
        saveAverages();
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("done: %d of %d scheduled steps in %.0f s, final average loss %.4f\n", step, opt.steps, secs, avg);
    }
    return 0;
} catch (const std::exception &e) {
    std::cerr << "demo_train: " << e.what() << "\n";
    return 1;
}
