#include "runtime/local_model.h"

#include "io/model_folder.h"
#include "io/npy.h"
#include "nn/kosmos2/model.h"
#include "nn/preprocess.h"
#include "runtime/generator.h"
#include "text/xlmr_tokenizer.h"

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>
#include <algorithm>

#include <chrono>
#include <deque>
#include <filesystem>
#include <new>
#include <utility>

namespace gc::runtime {

namespace k2 = nn::kosmos2;

const char *statusCodeName(StatusCode c)
{
    switch (c) {
    case StatusCode::Ok: return "ok";
    case StatusCode::InvalidArgument: return "invalid-argument";
    case StatusCode::NotFound: return "not-found";
    case StatusCode::BadModel: return "bad-model";
    case StatusCode::BadImage: return "bad-image";
    case StatusCode::Unsupported: return "unsupported";
    case StatusCode::Aborted: return "aborted";
    case StatusCode::NotLoaded: return "not-loaded";
    case StatusCode::Internal: return "internal";
    }
    return "?";
}

namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

uint64_t hashImage(const io::RgbImage &img)
{
    uint64_t h = 1469598103934665603ull; // FNV-1a: cheap next to a vision pass, good enough as a cache key
    auto mix = [&h](uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    mix(static_cast<uint64_t>(img.width));
    mix(static_cast<uint64_t>(img.height));
    for (uint8_t b : img.pixels)
        mix(b);
    return h;
}

// Runs `fn`, turning every exception into a Status so none leaves the facade.
template <typename Fn>
Status guarded(StatusCode formatCode, Fn &&fn)
{
    try {
        fn();
        return {};
    } catch (const nn::Stopped &) {
        return {StatusCode::Aborted, "aborted"};
    } catch (const io::MissingFileError &e) {
        return {StatusCode::NotFound, e.what()};
    } catch (const io::FormatError &e) {
        return {formatCode, e.what()};
    } catch (const std::invalid_argument &e) {
        return {StatusCode::InvalidArgument, e.what()};
    } catch (const c10::Error &e) {
        return {StatusCode::Internal, std::string("libtorch: ") + e.what_without_backtrace()};
    } catch (const std::bad_alloc &) {
        return {StatusCode::Internal, "out of memory"};
    } catch (const std::exception &e) {
        return {StatusCode::Internal, e.what()};
    } catch (...) {
        return {StatusCode::Internal, "unknown error"};
    }
}

std::string trim(const std::string &s)
{
    const char *ws = " \t\n\r\f\v";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

} // namespace

struct LocalModel::Impl {
    io::ModelFolder folder;
    std::unique_ptr<k2::Model> model;
    text::XlmrTokenizer tok;
    nn::ClipPreprocessConfig pre;
    SamplingParams defaults;
    at::Device device = at::kCPU;
    int64_t imageTagId = -1, imageEndId = -1;
    std::vector<std::string> tasks;
    bool multiTurn = false;

    struct CachedImage {
        uint64_t hash;
        at::Tensor embeds; // [1, Q, D]
    };
    std::deque<CachedImage> images;
    static constexpr size_t kImageCacheSize = 4;

    bool hasConv = false;
    uint64_t convImage = 0;
    at::Tensor convEmbeds;
    std::vector<int64_t> convTokens; // prompt + answers so far; the KV of the first kv.length are cached
    k2::KVCache kv;

    std::vector<int64_t> promptIds(const std::string &prompt) const
    {
        const int64_t Q = model->config().latentQueryNum;
        std::vector<int64_t> ids{model->config().text.bosId, imageTagId};
        // The reference overwrites the Q image slots with the ids unk+1 .. unk+Q; they are never
        // looked up in the end, but they take part in the n-gram ban, so keep them identical.
        for (int64_t i = 0; i < Q; ++i)
            ids.push_back(tok.unkId() + 1 + i);
        ids.push_back(imageEndId);
        appendText(ids, prompt);
        return ids;
    }
    int64_t imageEndPos() const { return model->config().latentQueryNum + 2; } // index just past </image>

    void appendText(std::vector<int64_t> &ids, const std::string &text) const
    {
        const std::vector<int64_t> t = tok.encode(trim(text));
        ids.insert(ids.end(), t.begin(), t.end());
    }

    // The sequence followUp builds turn by turn, from the turns' text: each earlier answer re-encoded and
    // closed by the end-of-sequence token the model ended it with.
    std::vector<int64_t> conversationIds(const std::vector<Turn> &history, const std::string &prompt) const
    {
        if (history.empty())
            return promptIds(prompt);
        std::vector<int64_t> ids = promptIds(history.front().prompt);
        for (size_t i = 0; i < history.size(); ++i) {
            if (i > 0)
                appendText(ids, history[i].prompt);
            for (int64_t t : tok.encode(history[i].answer))
                ids.push_back(t);
            ids.push_back(defaults.eosId);
        }
        appendText(ids, prompt);
        return ids;
    }

    at::Tensor pixels(const io::RgbImage &image) const
    {
        if (image.empty() || image.pixels.size() != static_cast<size_t>(image.width) * image.height * 3)
            throw io::FormatError("image: empty or inconsistent pixel buffer");
        std::vector<float> v = nn::clipPreprocess(image, pre);
        return at::from_blob(v.data(), {1, 3, pre.height, pre.width}, at::kFloat).clone().to(device);
    }

    at::Tensor embedImage(const io::RgbImage &image, uint64_t hash, bool &cached, const nn::StopCheck &stop = {})
    {
        for (const CachedImage &c : images)
            if (c.hash == hash) {
                cached = true;
                return c.embeds;
            }
        cached = false;
        nn::stopIfAsked(stop); // the resize of a large photo takes a while too
        const at::Tensor px = pixels(image);
        at::Tensor e = model->encodeImage(px, false, stop).imageEmbeds;
        images.push_front({hash, e});
        if (images.size() > kImageCacheSize)
            images.pop_back();
        return e;
    }

    SamplingParams sampling(const GenerationParams &g) const
    {
        SamplingParams p = defaults;
        if (g.maxNewTokens) p.maxNewTokens = *g.maxNewTokens;
        if (g.temperature) p.temperature = *g.temperature;
        if (g.topP) p.topP = *g.topP;
        if (g.topK) p.topK = *g.topK;
        if (g.seed) p.seed = *g.seed;
        if (g.noRepeatNgramSize) p.noRepeatNgramSize = *g.noRepeatNgramSize;
        if (g.doSample) p.doSample = *g.doSample;
        if (p.maxNewTokens < 0 || p.topK < 0 || p.topP <= 0.0 || p.topP > 1.0 || p.temperature < 0.0 ||
            p.noRepeatNgramSize < 0)
            throw std::invalid_argument("generation parameters out of range (max-new-tokens >= 0, top-k >= 0, "
                                        "0 < top-p <= 1, temperature >= 0, no-repeat-ngram-size >= 0)");
        return p;
    }

    GenerateHooks hooks(const GenerationParams &g, std::vector<int64_t> &streamed, std::string &shown) const
    {
        GenerateHooks h;
        h.shouldAbort = g.shouldAbort;
        h.onProgress = g.onProgress;
        if (g.onToken)
            h.onToken = [this, &g, &streamed, &shown](int64_t, int64_t token) {
                // Emit the growth of the decoded text, so word boundaries come out as the final decode.
                streamed.push_back(token);
                std::string now = tok.decode(streamed);
                std::string delta = now.size() >= shown.size() && now.compare(0, shown.size(), shown) == 0
                                        ? now.substr(shown.size())
                                        : now;
                shown = std::move(now);
                g.onToken(token, delta);
            };
        return h;
    }

    // One conversation turn: `ids` is the whole sequence so far; the KV cache is reused for the longest
    // prefix it already holds (same image only).
    GenerationResult runTurn(const at::Tensor &embeds, uint64_t hash, std::vector<int64_t> ids,
                             const GenerationParams &g)
    {
        GenerationResult r;
        const SamplingParams p = sampling(g);
        const auto t0 = Clock::now();
        int64_t reuse = 0;
        if (hasConv && convImage == hash) {
            const int64_t lim = std::min<int64_t>(kv.length, static_cast<int64_t>(ids.size()));
            while (reuse < lim && convTokens[static_cast<size_t>(reuse)] == ids[static_cast<size_t>(reuse)])
                ++reuse;
            if (reuse <= imageEndPos()) // the image slots must be fed together with their embeddings
                reuse = 0;
            reuse = std::min<int64_t>(reuse, static_cast<int64_t>(ids.size()) - 1);
        }
        if (reuse == 0)
            kv.clear();
        kv.length = reuse;
        hasConv = false; // until this turn completes, the cache does not match convTokens
        const int64_t L = static_cast<int64_t>(ids.size());
        model->reserve(kv, 1, L + p.maxNewTokens + 1);
        at::Tensor all = at::from_blob(ids.data(), {1, L}, at::kLong).clone().to(device);
        at::Tensor positions = k2::Model::positionsFromIds(all, model->config().text.padId);
        at::Tensor chunk = all.narrow(1, reuse, L - reuse), chunkPos = positions.narrow(1, reuse, L - reuse);
        at::Tensor imageMask;
        if (reuse == 0) {
            imageMask = at::zeros({1, L}, at::TensorOptions(at::kLong).device(device));
            imageMask.narrow(1, 2, model->config().latentQueryNum).fill_(1);
        }
        at::Tensor keyMask = at::ones({1, L}, at::TensorOptions(at::kLong).device(device));
        at::Tensor logits = model->forwardText(chunk, chunkPos, keyMask, reuse == 0 ? embeds : at::Tensor(),
                                               imageMask, &kv, true, nullptr, g.shouldAbort)
                                .squeeze(1);
        r.prefillMs = msSince(t0);
        r.reusedTokens = reuse;
        const auto t1 = Clock::now();
        // Streamed text continues the prompt as rawText has it: decoding the answer after the prompt's last
        // token keeps its first space ("is" + " an"), which the answer decoded alone drops ("an").
        std::vector<int64_t> streamed{ids.back()};
        std::string shown = tok.decode(streamed);
        GenerateOutput out = runtime::generate(
            logits, {ids}, keyMask,
            [this](const at::Tensor &t, const at::Tensor &pos, const at::Tensor &mask) {
                return model->forwardText(t, pos, mask, {}, {}, &kv, true).squeeze(1);
            },
            p, hooks(g, streamed, shown));
        r.decodeMs = msSince(t1);
        r.tokens = out.newTokens[0];
        r.aborted = out.aborted;
        if (out.aborted)
            r.status = {StatusCode::Aborted, "generation aborted"};
        r.promptTokens = ids;
        convTokens = ids;
        convTokens.insert(convTokens.end(), r.tokens.begin(), r.tokens.end());
        // The cache holds everything but the last chosen token, which was never fed back.
        hasConv = kv.length == static_cast<int64_t>(convTokens.size()) - (r.tokens.empty() ? 0 : 1);
        convImage = hash;
        convEmbeds = embeds;
        r.answerText = tok.decode(r.tokens);
        std::vector<int64_t> tail(ids.begin() + imageEndPos() + 1, ids.end());
        tail.insert(tail.end(), r.tokens.begin(), r.tokens.end());
        r.rawText = tok.decode(tail);
        return r;
    }
};

LocalModel::LocalModel() : d(std::make_unique<Impl>()) {}
LocalModel::~LocalModel() = default;

bool LocalModel::isLoaded() const { return d->model != nullptr; }

Status LocalModel::load(const std::string &folderPath, const LoadParams &params)
{
    // The model in use stays until the new one is ready: a failed or cancelled load leaves it usable.
    std::unique_ptr<Impl> previous = std::exchange(d, std::make_unique<Impl>());
    const nn::StopCheck stop = [&] { return params.shouldAbort && params.shouldAbort(); };
    auto progress = [&](double f, const char *stage) {
        if (params.onProgress)
            params.onProgress(f, stage);
        nn::stopIfAsked(stop);
    };
    Status s = guarded(StatusCode::BadModel, [&] {
        if (!std::filesystem::exists(folderPath))
            throw std::invalid_argument(folderPath + ": no such folder");
        const RuntimeSettings &rs = params.settings;
        if (rs.threads < 0)
            throw std::invalid_argument("threads must be >= 0");
        if (rs.threads > 0)
            at::set_num_threads(rs.threads);
        if (rs.device == "cuda") {
            if (!at::hasCUDA())
                throw std::runtime_error("CUDA requested but this libtorch build has no CUDA support");
            d->device = at::Device(at::kCUDA);
        } else if (rs.device != "cpu" && !rs.device.empty()) {
            throw std::invalid_argument("unknown device '" + rs.device + "' (use cpu or cuda)");
        }
        progress(0.0, "config");
        d->folder = io::openModelFolder(folderPath);
        const std::string cfgPath = d->folder.root + "/config.json";
        const std::string type = d->folder.config.value("model_type", std::string());
        if (type != "kosmos-2")
            throw std::domain_error("architecture '" + type + "' is not supported (supported: kosmos-2)");
        k2::Config cfg = k2::parseConfig(d->folder.config, cfgPath);
        if (const auto it = d->folder.config.find("groundchat_tasks"); it != d->folder.config.end()) {
            if (!it->is_array() || !std::all_of(it->begin(), it->end(), [](const auto &t) { return t.is_string(); }))
                throw io::FormatError(cfgPath + ": groundchat_tasks must be a list of task names");
            d->tasks = it->get<std::vector<std::string>>();
        }
        if (const auto it = d->folder.config.find("groundchat_multi_turn"); it != d->folder.config.end()) {
            if (!it->is_boolean())
                throw io::FormatError(cfgPath + ": groundchat_multi_turn must be true or false");
            d->multiTurn = it->get<bool>();
        }
        progress(0.1, "tokenizer");
        d->tok = text::XlmrTokenizer::fromFolder(d->folder);
        d->imageTagId = d->tok.tokenId("<image>");
        d->imageEndId = d->tok.tokenId("</image>");
        if (d->imageTagId < 0 || d->imageEndId < 0)
            throw io::FormatError(d->folder.tokenizerDir + ": tokenizer has no <image>/</image> tokens");
        if (d->tok.vocabSize() > cfg.text.vocabSize)
            throw io::FormatError(d->folder.tokenizerDir + ": tokenizer has " +
                                  std::to_string(d->tok.vocabSize()) + " ids but config.json vocab_size is " +
                                  std::to_string(cfg.text.vocabSize));
        progress(0.2, "weights");
        io::SafeTensors st = io::openWeights(d->folder);
        progress(0.5, "model");
        d->model = std::make_unique<k2::Model>(cfg, nn::WeightStore(std::move(st), d->device), stop);

        // Preprocessing: the legacy {"shortest_edge": S} with use_square_size means an S x S resize.
        const auto &pc = d->folder.preprocessorConfig;
        d->pre.height = d->pre.width = static_cast<int>(cfg.vision.imageSize);
        if (pc.contains("size") && pc["size"].is_object()) {
            const auto &sz = pc["size"];
            if (sz.contains("height") && sz.contains("width")) {
                d->pre.height = sz["height"].get<int>();
                d->pre.width = sz["width"].get<int>();
            } else if (sz.contains("shortest_edge")) {
                d->pre.height = d->pre.width = sz["shortest_edge"].get<int>();
            }
        }
        if (d->pre.height != cfg.vision.imageSize || d->pre.width != cfg.vision.imageSize)
            throw io::FormatError("preprocessor_config.json: size " + std::to_string(d->pre.width) + "x" +
                                  std::to_string(d->pre.height) + " does not match the vision image_size " +
                                  std::to_string(cfg.vision.imageSize));
        if (pc.contains("image_mean") && pc["image_mean"].size() == 3)
            for (size_t i = 0; i < 3; ++i)
                d->pre.mean[i] = pc["image_mean"][i].get<float>();
        if (pc.contains("image_std") && pc["image_std"].size() == 3)
            for (size_t i = 0; i < 3; ++i)
                d->pre.std[i] = pc["image_std"][i].get<float>();
        if (pc.contains("rescale_factor"))
            d->pre.rescaleFactor = pc["rescale_factor"].get<double>();

        const auto &gc = d->folder.generationConfig;
        SamplingParams &p = d->defaults;
        p.eosId = gc.value("eos_token_id", cfg.text.eosId);
        p.padId = gc.value("pad_token_id", cfg.text.padId);
        p.noRepeatNgramSize = gc.value("no_repeat_ngram_size", cfg.text.noRepeatNgramSize);
        p.doSample = gc.value("do_sample", false);
        p.temperature = gc.value("temperature", 1.0);
        p.topK = gc.value("top_k", int64_t(50));
        p.topP = gc.value("top_p", 1.0);
        p.maxNewTokens = gc.value("max_new_tokens", int64_t(64));
        progress(1.0, "ready");
    });
    if (!s.ok()) {
        if (s.message.find("no such folder") != std::string::npos)
            s.code = StatusCode::NotFound;
        else if (s.message.find("is not supported") != std::string::npos ||
                 s.message.find("no CUDA") != std::string::npos)
            s.code = StatusCode::Unsupported;
        d = std::move(previous);
    }
    return s;
}

ModelInfo LocalModel::info() const
{
    ModelInfo i;
    if (!d->model)
        return i;
    i.architecture = "kosmos-2";
    i.dialect = "kosmos2";
    i.imageSize = static_cast<int>(d->model->config().vision.imageSize);
    i.vocabSize = d->model->config().text.vocabSize;
    i.parameterBytes = static_cast<int64_t>(d->model->weights().file().totalBytes());
    i.tasks = d->tasks;
    i.multiTurn = d->multiTurn;
    return i;
}

GenerationResult LocalModel::generate(const io::RgbImage &image, const std::string &prompt,
                                      const GenerationParams &params)
{
    return generate(image, {}, prompt, params);
}

GenerationResult LocalModel::generate(const io::RgbImage &image, const std::vector<Turn> &history,
                                      const std::string &prompt, const GenerationParams &params)
{
    GenerationResult r;
    if (!d->model)
        return {{StatusCode::NotLoaded, "no model loaded"}};
    Status s = guarded(StatusCode::BadImage, [&] {
        nn::stopIfAsked(params.shouldAbort);
        const auto t0 = Clock::now();
        const uint64_t hash = hashImage(image);
        bool cached = false;
        at::Tensor e = d->embedImage(image, hash, cached, params.shouldAbort);
        const double vis = msSince(t0);
        r = d->runTurn(e, hash, d->conversationIds(history, prompt), params);
        r.visionMs = vis;
        r.imageCached = cached;
    });
    if (!s.ok()) {
        r.status = s;
        r.aborted = s.code == StatusCode::Aborted;
    }
    return r;
}

GenerationResult LocalModel::followUp(const std::string &textIn, const GenerationParams &params)
{
    GenerationResult r;
    if (!d->model)
        return {{StatusCode::NotLoaded, "no model loaded"}};
    if (!d->hasConv)
        return {{StatusCode::InvalidArgument, "no conversation to follow up (call generate first)"}};
    Status s = guarded(StatusCode::InvalidArgument, [&] {
        std::vector<int64_t> ids = d->convTokens;
        d->appendText(ids, textIn);
        r = d->runTurn(d->convEmbeds, d->convImage, std::move(ids), params);
        r.imageCached = true;
    });
    if (!s.ok())
        r.status = s;
    return r;
}

std::vector<GenerationResult> LocalModel::generateBatch(const std::vector<io::RgbImage> &images,
                                                        const std::vector<std::string> &prompts,
                                                        const GenerationParams &params)
{
    std::vector<GenerationResult> rs(prompts.size());
    auto fail = [&](Status s) {
        for (auto &r : rs)
            r.status = s;
        return rs;
    };
    if (!d->model)
        return fail({StatusCode::NotLoaded, "no model loaded"});
    if (images.size() != prompts.size() || prompts.empty())
        return fail({StatusCode::InvalidArgument, "generateBatch needs one image per prompt"});
    Status s = guarded(StatusCode::BadImage, [&] {
        const SamplingParams p = d->sampling(params);
        const int64_t B = static_cast<int64_t>(prompts.size());
        const int64_t pad = d->model->config().text.padId, Q = d->model->config().latentQueryNum;
        std::vector<std::vector<int64_t>> ids;
        size_t maxLen = 0;
        std::vector<at::Tensor> embeds;
        for (int64_t b = 0; b < B; ++b) {
            ids.push_back(d->promptIds(prompts[static_cast<size_t>(b)]));
            maxLen = std::max(maxLen, ids.back().size());
            bool cached = false;
            embeds.push_back(d->embedImage(images[static_cast<size_t>(b)],
                                           hashImage(images[static_cast<size_t>(b)]), cached));
        }
        const int64_t L = static_cast<int64_t>(maxLen);
        std::vector<int64_t> flat, am, im;
        std::vector<std::vector<int64_t>> padded;
        for (auto &row : ids) {
            const size_t n = maxLen - row.size(); // left padding, as the reference batches for generation
            std::vector<int64_t> r(n, pad);
            r.insert(r.end(), row.begin(), row.end());
            for (size_t i = 0; i < maxLen; ++i) {
                flat.push_back(r[i]);
                am.push_back(i >= n ? 1 : 0);
                im.push_back(i >= n + 2 && i < n + 2 + static_cast<size_t>(Q) ? 1 : 0);
            }
            padded.push_back(std::move(r));
        }
        auto opts = at::TensorOptions(at::kLong);
        at::Tensor tIds = at::from_blob(flat.data(), {B, L}, opts).clone().to(d->device);
        at::Tensor tMask = at::from_blob(am.data(), {B, L}, opts).clone().to(d->device);
        at::Tensor tImg = at::from_blob(im.data(), {B, L}, opts).clone().to(d->device);
        at::Tensor pos = k2::Model::positionsFromIds(tIds, pad);
        k2::KVCache cache;
        d->model->reserve(cache, B, L + p.maxNewTokens + 1);
        at::Tensor logits =
            d->model->forwardText(tIds, pos, tMask, at::cat(embeds, 0), tImg, &cache, true).squeeze(1);
        GenerateHooks h;
        h.shouldAbort = params.shouldAbort;
        h.onProgress = params.onProgress;
        GenerateOutput out = runtime::generate(
            logits, padded, tMask,
            [&](const at::Tensor &t, const at::Tensor &ps, const at::Tensor &m) {
                return d->model->forwardText(t, ps, m, {}, {}, &cache, true).squeeze(1);
            },
            p, h);
        for (int64_t b = 0; b < B; ++b) {
            GenerationResult &r = rs[static_cast<size_t>(b)];
            r.promptTokens = ids[static_cast<size_t>(b)];
            r.tokens = out.newTokens[static_cast<size_t>(b)];
            r.aborted = out.aborted;
            if (out.aborted)
                r.status = {StatusCode::Aborted, "generation aborted"};
            r.answerText = d->tok.decode(r.tokens);
            std::vector<int64_t> tail(r.promptTokens.begin() + d->imageEndPos() + 1, r.promptTokens.end());
            tail.insert(tail.end(), r.tokens.begin(), r.tokens.end());
            r.rawText = d->tok.decode(tail);
        }
    });
    if (!s.ok())
        return fail(s);
    return rs;
}

Status LocalModel::dump(const io::RgbImage &image, const std::string &prompt, const std::string &dir)
{
    if (!d->model)
        return {StatusCode::NotLoaded, "no model loaded"};
    return guarded(StatusCode::BadImage, [&] {
        std::filesystem::create_directories(dir);
        at::Tensor pv = d->pixels(image);
        at::Tensor e = d->model->encodeImage(pv).imageEmbeds;
        std::vector<int64_t> ids = d->promptIds(prompt);
        const int64_t L = static_cast<int64_t>(ids.size());
        at::Tensor tIds = at::from_blob(ids.data(), {1, L}, at::kLong).clone().to(d->device);
        at::Tensor img = at::zeros({1, L}, tIds.options());
        img.narrow(1, 2, d->model->config().latentQueryNum).fill_(1);
        at::Tensor logits = d->model->forwardText(tIds, k2::Model::positionsFromIds(tIds, d->model->config().text.padId),
                                                  at::ones({1, L}, tIds.options()), e, img, nullptr, false);
        auto write = [&](const char *name, const at::Tensor &t) {
            at::Tensor c = t.to(at::kCPU).contiguous();
            std::vector<int64_t> shape(c.sizes().begin(), c.sizes().end());
            const std::string path = dir + "/" + name;
            if (c.scalar_type() == at::kLong)
                io::writeNpy(path, shape, c.data_ptr<int64_t>());
            else
                io::writeNpy(path, shape, c.to(at::kFloat).contiguous().data_ptr<float>());
        };
        write("pixel_values.npy", pv);
        write("image_embeds.npy", e);
        write("input_ids.npy", tIds);
        write("logits.npy", logits);
    });
}

std::vector<int64_t> LocalModel::promptIds(const std::string &prompt) const
{
    if (!d->model)
        return {};
    try {
        return d->promptIds(prompt);
    } catch (...) {
        return {};
    }
}

std::vector<float> LocalModel::preprocess(const io::RgbImage &image) const
{
    if (!d->model || image.empty())
        return {};
    return nn::clipPreprocess(image, d->pre);
}

void LocalModel::resetConversation()
{
    d->hasConv = false;
    d->convTokens.clear();
    d->kv.clear();
}

} // namespace gc::runtime
