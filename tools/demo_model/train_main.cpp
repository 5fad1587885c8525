// demo_train: trains the demo Kosmos-2 on generated scenes with libtorch autograd, through the runtime's
// own forward pass (nn::kosmos2::Model), and writes a Hugging Face style folder the normal loader opens.
// Deterministic for a given seed and thread count.

#include "demo_weights.h"
#include "demo/tasks.h"

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
    int only = -1;           // train one task only (a diagnostic)
    int pretrainSteps = 0;   // first train the vision side alone on the per-cell loss, for this many steps
    int pretrainImages = 16; // images per pretraining step
    int repeat = 1;          // questions per image of each task but the caption
    bool sharedCellCode = false; // the patch-index embeddings' variant initialisation
    double aux = 0;          // weight of the auxiliary per-patch loss on the image embeddings
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
        else if (a == "--aux") o.aux = std::stod(next());
        else if (a == "--pretrain-steps") o.pretrainSteps = std::stoi(next());
        else if (a == "--pretrain-images") o.pretrainImages = std::stoi(next());
        else if (a == "--repeat") o.repeat = std::stoi(next());
        else if (a == "--shared-cell-code") o.sharedCellCode = true;
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

// Sequences of similar length padded together (captions are long, the other answers short).
struct TextPart {
    at::Tensor ids;       // [B, L]
    at::Tensor labels;    // [B, L], -100 where no loss
    at::Tensor keyMask;   // [B, L]
    at::Tensor imageOf;   // [B] which image each sequence is about
};

struct Batch {
    at::Tensor pixels; // [NI, 3, S, S]
    std::vector<TextPart> parts;
    // Per vision cell of each image (row-major), what the cell shows: colour (kColours = none), shape
    // (kShapes = none), and the Kosmos-2 cells of that object's box corners (-100 where none).
    at::Tensor cellColour, cellShape, cellUl, cellLr; // [NI, g*g]
    at::Tensor cellBox, cellHasBox;                    // [NI, g*g, 4] unit box of the cell's object; [NI, g*g]
    at::Tensor cellCentre;                             // [NI, g*g] 1 where an object's centre lies
};

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
    for (int i = 0; i < int(s.objects.size()); ++i) {
        const gc::PointF m = s.objects[size_t(i)].box.center();
        const int cx = std::clamp(int(m.x * g / W), 0, g - 1), cy = std::clamp(int(m.y * g / H), 0, g - 1);
        own[size_t(cy * g + cx)] = i;
    }
    return own;
}

// 1 for the cells holding an object's centre (what counting needs: one per object), else 0.
std::vector<float> centreCells(const Scene &s, int g)
{
    std::vector<float> c(size_t(g * g), 0.0f);
    for (const Object &o : s.objects) {
        const gc::PointF m = o.box.center();
        const int cx = std::clamp(int(m.x * g / s.image.width), 0, g - 1);
        const int cy = std::clamp(int(m.y * g / s.image.height), 0, g - 1);
        c[size_t(cy * g + cx)] = 1.0f;
    }
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

class BatchMaker {
public:
    BatchMaker(const gc::text::XlmrTokenizer &tok, const k2::Config &cfg) : m_tok(tok), m_cfg(cfg)
    {
        m_pre.height = m_pre.width = int(cfg.vision.imageSize);
        m_imageTag = tok.tokenId("<image>");
        m_imageEnd = tok.tokenId("</image>");
    }

    // The batch of `step` is a function of (seed, step) alone: every image gets each of the four tasks.
    int only = -1;
    int repeat = 1; // questions per image of each task but the caption

    // Every sequence starts as runtime::LocalModel builds it: <s> <image> (one slot per latent query)
    // </image>. That prefix is computed once per image and its keys and values shared by the questions.
    [[nodiscard]] std::vector<int64_t> prefix() const
    {
        std::vector<int64_t> ids{m_cfg.text.bosId, m_imageTag};
        for (int64_t k = 0; k < m_cfg.latentQueryNum; ++k)
            ids.push_back(m_tok.unkId() + 1 + k);
        ids.push_back(m_imageEnd);
        return ids;
    }

    Batch make(uint64_t seed, int step, int images) const
    {
        std::mt19937_64 rng(seed * 7919 + uint64_t(step));
        const int64_t Q = m_cfg.latentQueryNum, S = m_cfg.vision.imageSize;
        std::vector<float> pix;
        std::vector<std::vector<int64_t>> seqs, labs;
        std::vector<int64_t> imageOf, cColour, cShape, cUl, cLr;
        std::vector<float> cBox, cHas, cCentre;
        const int g = int(S / m_cfg.vision.patchSize);
        for (int i = 0; i < images; ++i) {
            const Scene s = makeScene(seed * 1000003ull + uint64_t(step) * uint64_t(images) + uint64_t(i));
            const std::vector<float> p = gc::nn::clipPreprocess(s.image, m_pre);
            pix.insert(pix.end(), p.begin(), p.end());
            for (float c : centreCells(s, g))
                cCentre.push_back(c);
            for (int owner : cellOwners(s, g)) {
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
                const auto [ul, lr] = cornerCells(o.box, s.image.width, s.image.height);
                cBox.insert(cBox.end(), {float(o.box.x1 / s.image.width), float(o.box.y1 / s.image.height),
                                         float(o.box.x2 / s.image.width), float(o.box.y2 / s.image.height)});
                cHas.push_back(1);
                cUl.push_back(ul);
                cLr.push_back(lr);
            }
            for (int t = 0; t < kTasks; ++t) {
                if (only >= 0 && t != only)
                    continue;
                for (int r = 0; r < (Task(t) == Task::Caption ? 1 : repeat); ++r) {
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
                    seqs.push_back(std::move(ids));
                    labs.push_back(std::move(lab));
                    imageOf.push_back(i);
                }
            }
        }
        Batch b;
        b.pixels = at::from_blob(pix.data(), {images, 3, S, S}, at::kFloat).clone();
        // Two padded parts: sequences longer than the median, and the rest.
        std::vector<size_t> order(seqs.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return seqs[x].size() < seqs[y].size(); });
        const size_t cut = seqs.size() > 1 ? seqs.size() * 3 / 4 : seqs.size();
        for (auto [from, to] : {std::pair<size_t, size_t>{0, cut}, {cut, seqs.size()}}) {
            if (from == to)
                continue;
            const int64_t B = int64_t(to - from);
            size_t L = 0;
            for (size_t i = from; i < to; ++i)
                L = std::max(L, seqs[order[i]].size());
            TextPart t;
            t.ids = at::full({B, int64_t(L)}, m_cfg.text.padId, at::kLong);
            t.labels = at::full({B, int64_t(L)}, -100, at::kLong);
            t.keyMask = at::zeros({B, int64_t(L)}, at::kLong);
            t.imageOf = at::empty({B}, at::kLong);
            auto ids = t.ids.accessor<int64_t, 2>(), lab = t.labels.accessor<int64_t, 2>(),
                 km = t.keyMask.accessor<int64_t, 2>();
            for (int64_t r = 0; r < B; ++r) {
                const size_t q = order[from + size_t(r)];
                t.imageOf[r] = imageOf[q];
                for (size_t k = 0; k < seqs[q].size(); ++k) {
                    ids[r][int64_t(k)] = seqs[q][k];
                    lab[r][int64_t(k)] = labs[q][k];
                    km[r][int64_t(k)] = 1;
                }
            }
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
    if (opt.aux > 0 || opt.pretrainSteps > 0) {
        adam.add_param_group(torch::optim::OptimizerParamGroup(
            {auxWords, auxNone, auxUl, auxLr, auxBox, auxBoxBias, auxCentre}, std::make_unique<torch::optim::AdamWOptions>(
                                        torch::optim::AdamWOptions(opt.lr).betas({0.9, 0.98}).weight_decay(0.0))));
        decay.insert(decay.end(), {auxWords, auxNone, auxUl, auxLr, auxBox, auxBoxBias, auxCentre});
    }
    const int64_t firstPatch = tok.tokenId("<patch_index_0000>");
    std::vector<at::Tensor> all = decay;
    all.insert(all.end(), noDecay.begin(), noDecay.end());

    BatchMaker maker(tok, cfg);
    maker.only = opt.only;
    maker.repeat = opt.repeat;
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
                                                                                 b.cellCentre.reshape({-1}))});
        if (print) {
            const at::Tensor pc = parts.detach();
            std::printf("  cells: colour %.3f shape %.3f ul %.3f lr %.3f box L1 %.3f cells, centre %.3f\n",
                        pc[0].item<double>(), pc[1].item<double>(), pc[2].item<double>(), pc[3].item<double>(),
                        pc[4].item<double>() / 0.2, pc[5].item<double>());
        }
        return parts.sum();
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
        for (auto &g : adam.param_groups())
            static_cast<torch::optim::AdamWOptions &>(g.options()).lr(lr);

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
        k2::KVCache shared;
        model.forwardText(pids, k2::Model::positionsFromIds(pids, cfg.text.padId), at::ones({NI, P}, at::kLong),
                          vis.imageEmbeds, pmask, &shared, true);
        // Mean over all answer tokens of the step, whichever part they are in.
        at::Tensor loss = at::zeros({}, at::kFloat);
        int64_t labelled = 0;
        for (const TextPart &t : b.parts)
            labelled += t.labels.ne(-100).sum().item<int64_t>();
        for (const TextPart &t : b.parts) {
            k2::KVCache cache;
            for (size_t l = 0; l < shared.k.size(); ++l) {
                cache.k.push_back(shared.k[l].narrow(2, 0, P).index_select(0, t.imageOf));
                cache.v.push_back(shared.v[l].narrow(2, 0, P).index_select(0, t.imageOf));
            }
            cache.length = P;
            const at::Tensor notPad = t.ids.ne(cfg.text.padId).to(at::kLong);
            const at::Tensor pos = k2::Model::positionsFromIds(t.ids, cfg.text.padId) + notPad * P;
            const at::Tensor keys = at::cat({at::ones({t.ids.size(0), P}, at::kLong), t.keyMask}, 1);
            const at::Tensor logits = model.forwardText(t.ids, pos, keys, {}, {}, &cache, false);
            if (opt.check && step == 0) {
                // The shared prefix must give what whole sequences give.
                at::NoGradGuard ng;
                const int64_t B = t.ids.size(0);
                const at::Tensor full = at::cat({pids.index_select(0, t.imageOf), t.ids}, 1);
                const at::Tensor fmask = at::cat({pmask.index_select(0, t.imageOf), at::zeros_like(t.ids)}, 1);
                const at::Tensor ref = model.forwardText(full, k2::Model::positionsFromIds(full, cfg.text.padId), keys,
                                                         vis.imageEmbeds.index_select(0, t.imageOf), fmask, nullptr, false)
                                           .narrow(1, P, t.ids.size(1));
                const at::Tensor m = t.keyMask.to(at::kBool).unsqueeze(-1).expand_as(ref);
                std::printf("prefix sharing: max |logit difference| %.3g over %lld sequences\n",
                            (ref - logits).abs().masked_select(m).max().item<double>(), (long long)B);
            }
            loss = loss + at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}), t.labels.reshape({-1}), {},
                                                 at::Reduction::Sum, -100) /
                              double(std::max<int64_t>(1, labelled));
        }
        const double textValue = loss.item<double>();
        double auxValue = 0;
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

        const double l = textValue;
        avg = step == 0 ? l : 0.98 * avg + 0.02 * l;
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (opt.check)
            std::printf("step %d loss %.9g\n", step, l);
        else if (step % opt.logEvery == 0 || step + 1 == opt.steps)
            std::printf("step %5d  loss %.4f  avg %.4f  aux %.3f  lr %.2e  |g| %.2f  %.0fs\n", step, l, avg, auxValue,
                        lr, norm, secs);
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
