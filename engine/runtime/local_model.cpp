#include "runtime/local_model.h"

#include "io/image_hash.h"
#include "io/model_folder.h"
#include "io/npy.h"
#include "nn/layers.h"
#include "runtime/architectures.h"
#include "runtime/beam_search.h"
#include "runtime/explain.h"
#include "runtime/generator.h"
#include "runtime/pixel_budget.h"
#include "runtime/sampling_rule.h"
#include "quant/thread_count.h"

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>
#include <algorithm>

#include <chrono>
#include <deque>
#include <filesystem>
#include <new>
#include <utility>

namespace gc::runtime {

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

SizeI sizeOf(const io::RgbImage &image) { return {image.width, image.height}; }

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Runs `fn`, turning every exception into a Status so none leaves the facade.
template <typename Fn>
Status guarded(StatusCode formatCode, Fn &&fn)
{
    // the widened weights of a request's big products are not kept while the model waits for the next one
    struct ReleaseScratch {
        ~ReleaseScratch() { nn::releaseWidenScratch(); }
    } release;
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
    } catch (const UnsupportedError &e) {
        return {StatusCode::Unsupported, e.what()};
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

// config.json's GroundChat keys, the same for every architecture.
Capabilities declaredCapabilities(const nlohmann::json &config, const std::string &cfgPath)
{
    Capabilities c;
    if (const auto it = config.find("groundchat_tasks"); it != config.end()) {
        if (!it->is_array() || !std::all_of(it->begin(), it->end(), [](const auto &t) { return t.is_string(); }))
            throw io::FormatError(cfgPath + ": groundchat_tasks must be a list of task names");
        c.tasks = it->get<std::vector<std::string>>();
    }
    if (const auto it = config.find("groundchat_lens_layer"); it != config.end()) {
        if (!it->is_number_integer() || it->get<int>() < 0)
            throw io::FormatError(cfgPath + ": groundchat_lens_layer must be a layer number from 0");
        c.lensLayer = it->get<int>();
    }
    if (const auto it = config.find("groundchat_image_positions"); it != config.end()) {
        if (!it->is_string() || (*it != "grid" && *it != "resampler"))
            throw io::FormatError(cfgPath + ": groundchat_image_positions must be \"grid\" or \"resampler\"");
        c.latentsAsGrid = *it == "grid";
    }
    if (const auto it = config.find("groundchat_multi_turn"); it != config.end()) {
        if (!it->is_boolean())
            throw io::FormatError(cfgPath + ": groundchat_multi_turn must be true or false");
        c.chat = it->get<bool>();
    }
    return c;
}

} // namespace

struct LocalModel::Impl {
    std::unique_ptr<Architecture> arch;
    SamplingParams defaults;

    struct CachedImage {
        uint64_t hash;
        at::Tensor embeds;
    };
    std::deque<CachedImage> images;
    static constexpr size_t kImageCacheSize = 4;

    bool hasConv = false;
    uint64_t convImage = 0;
    at::Tensor convEmbeds;
    PromptLayout convLayout;          // the last turn's prompt, its answer appended
    std::unique_ptr<DecodeState> conv; // its cache, all of it but the last answer token

    // The last explanation's pass, for the questions that follow about the same turn (another word, phrase or
    // layer): the image's key and the ids run (prompt and answer) it was recorded for.
    uint64_t explainedImage = 0;
    std::vector<int64_t> explainedIds;
    std::unique_ptr<ExplainPass> explained;
    int64_t explainPasses = 0;

    at::Tensor embedImage(const io::RgbImage &image, uint64_t hash, bool &cached, const nn::StopCheck &stop = {})
    {
        for (const CachedImage &c : images)
            if (c.hash == hash) {
                cached = true;
                return c.embeds;
            }
        cached = false;
        nn::stopIfAsked(stop); // the resize of a large photo takes a while too
        at::Tensor e = arch->encodeImage(arch->pixels(image), stop);
        images.push_front({hash, e});
        if (images.size() > kImageCacheSize)
            images.pop_back();
        return e;
    }

    // An answer longer than the decoder's positions stops at their end (the app's token limit is the user's
    // setting, the same for every model).
    SamplingParams sampling(const GenerationParams &g) const
    {
        SamplingParams p = resolveSampling(defaults, g);
        p.maxNewTokens = std::min(p.maxNewTokens, arch->maxNewTokens());
        return p;
    }

    static bool beamSearches(const SamplingParams &p) { return p.numBeams > 1 && !p.doSample; }

    PromptLayout layout(SizeI size, const std::vector<Turn> &history, const std::string &prompt, bool raw) const
    {
        if (!raw)
            return arch->buildPrompt(history, prompt, size);
        if (!history.empty())
            throw std::invalid_argument("a prompt in the model's own markup holds the whole conversation: it takes no "
                                        "earlier turns");
        return arch->buildRawPrompt(prompt, size);
    }

    GenerateHooks hooks(const GenerationParams &g, std::vector<int64_t> &streamed, std::string &shown) const
    {
        GenerateHooks h;
        h.shouldAbort = g.shouldAbort;
        if (g.onToken)
            h.onToken = [this, &g, &streamed, &shown](int64_t, int64_t token) {
                // Emit the growth of the decoded text, so word boundaries come out as the final decode.
                streamed.push_back(token);
                std::string now = arch->tokenizer().decode(streamed);
                std::string delta = now.size() >= shown.size() && now.compare(0, shown.size(), shown) == 0
                                        ? now.substr(shown.size())
                                        : now;
                shown = std::move(now);
                g.onToken(token, delta);
            };
        return h;
    }

    // The answer decoded alone, and after the prompt's text (what the dialect reads).
    void decodeAnswer(GenerationResult &r, const PromptLayout &layout) const
    {
        const text::Tokenizer &tok = arch->tokenizer();
        r.answerText = tok.decode(r.tokens);
        const int64_t from = layout.dialectStart >= 0 ? layout.dialectStart : layout.textStart;
        std::vector<int64_t> tail(layout.ids.begin() + from, layout.ids.end());
        tail.insert(tail.end(), r.tokens.begin(), r.tokens.end());
        r.rawText = tok.decode(tail);
    }

    // One conversation turn: `layout` holds the whole sequence so far; the cache is reused for the longest
    // prefix it already holds (same image only).
    GenerationResult runTurn(const at::Tensor &embeds, uint64_t hash, PromptLayout layout, const GenerationParams &g)
    {
        GenerationResult r;
        const SamplingParams p = sampling(g);
        const auto t0 = Clock::now();
        const std::vector<int64_t> &ids = layout.ids;
        int64_t reuse = 0;
        if (hasConv && convImage == hash) {
            const int64_t lim = std::min<int64_t>(conv->length(), static_cast<int64_t>(ids.size()));
            while (reuse < lim && convLayout.ids[static_cast<size_t>(reuse)] == ids[static_cast<size_t>(reuse)])
                ++reuse;
            if (reuse < layout.textStart) // the image slots must be fed together with their embeddings
                reuse = 0;
            reuse = std::min<int64_t>(reuse, static_cast<int64_t>(ids.size()) - 1);
        }
        if (!conv)
            conv = arch->newState();
        conv->truncate(reuse);
        hasConv = false; // until this turn completes, the cache does not match convLayout
        const PromptBatch batch = PromptBatch::single(layout);
        at::Tensor logits =
            conv->prefill(batch, reuse == 0 ? embeds : at::Tensor(), p.maxNewTokens + 1, false, g.shouldAbort);
        r.prefillMs = msSince(t0);
        r.reusedTokens = reuse;
        const auto t1 = Clock::now();
        // Streamed text continues the prompt as rawText has it: decoding the answer after the prompt's last
        // token keeps its first space ("is" + " an"), which the answer decoded alone drops ("an").
        std::vector<int64_t> streamed{ids.back()};
        std::string shown = arch->tokenizer().decode(streamed);
        const GenerateHooks h = hooks(g, streamed, shown);
        const std::vector<std::vector<int64_t>> prefix = conv->generatedPrefix(batch);
        if (beamSearches(p)) {
            GenerateHooks searching = h;
            searching.onProgress = g.onProgress;
            const BeamSearchOutput out = beamSearch(logits, prefix[0], *conv, p, searching);
            r.tokens = out.tokens;
            r.aborted = out.aborted;
            // The best beam exists only now: its text goes the way streamed text goes, so a caller reads
            // both alike.
            if (h.onToken)
                for (const int64_t token : r.tokens)
                    h.onToken(0, token);
        } else {
            GenerateOutput out = runtime::generate(logits, prefix, *conv, p, h);
            r.tokens = out.newTokens[0];
            r.aborted = out.aborted;
        }
        r.decodeMs = msSince(t1);
        if (r.aborted)
            r.status = {StatusCode::Aborted, "generation aborted"};
        r.promptTokens = ids;
        decodeAnswer(r, layout);
        convLayout = std::move(layout);
        convLayout.ids.insert(convLayout.ids.end(), r.tokens.begin(), r.tokens.end());
        // The cache holds everything but the last chosen token, which was never fed back.
        hasConv = conv->length() == static_cast<int64_t>(convLayout.ids.size()) - (r.tokens.empty() ? 0 : 1);
        convImage = hash;
        convEmbeds = embeds;
        return r;
    }
};

LocalModel::LocalModel() : d(std::make_unique<Impl>()) {}
LocalModel::~LocalModel() = default;

bool LocalModel::isLoaded() const { return d->arch != nullptr; }

Status LocalModel::load(const std::string &folderPath, const LoadParams &params)
{
    // Built aside and swapped in only when whole, so a failed or cancelled load keeps the model in use.
    auto next = std::make_unique<Impl>();
    LoadContext ctx;
    ctx.stop = [&] { return params.shouldAbort && params.shouldAbort(); };
    const nn::StopCheck &stop = ctx.stop;
    double shown = 0; // never goes back, though packing's share of the load is known only as it runs
    ctx.progress = [&](double f, const char *stage) {
        shown = std::max(shown, f);
        if (params.onProgress)
            params.onProgress(shown, stage);
        nn::stopIfAsked(stop);
    };
    // Packing happens while the architecture builds its layers, after the progress it reported last: it takes
    // most of what is left of the bar.
    double packingFrom = -1;
    const auto packingProgress = [&](double f, const char *stage) {
        if (packingFrom < 0)
            packingFrom = shown;
        ctx.progress(packingFrom + (0.95 - packingFrom) * f, stage);
    };
    Status s = guarded(StatusCode::BadModel, [&] {
        if (!std::filesystem::exists(folderPath))
            throw std::invalid_argument(folderPath + ": no such folder");
        const RuntimeSettings &rs = params.settings;
        if (rs.threads < 0)
            throw std::invalid_argument("threads must be >= 0");
        at::set_num_threads(quant::chooseThreadCount(rs.threads, at::get_num_threads()));
        if (rs.device == "cuda") {
            if (!at::hasCUDA())
                throw UnsupportedError("CUDA requested but this libtorch build has no CUDA support");
            ctx.device = at::Device(at::kCUDA);
        } else if (rs.device != "cpu" && !rs.device.empty()) {
            throw std::invalid_argument("unknown device '" + rs.device + "' (use cpu or cuda)");
        }
        const auto weights = quant::parseWeightFormat(rs.weights.empty() ? "f32" : rs.weights);
        if (!weights)
            throw std::invalid_argument("unknown weight format '" + rs.weights + "' (use f32, bf16, f16, q8 or q4)");
        ctx.weights = *weights;
        if (ctx.weights != quant::WeightFormat::F32)
            ctx.packing = std::make_shared<nn::MatrixPacking>(rs.weightCache, rs.weightCacheLimit, packingProgress);
        ctx.progress(0.0, "config");
        const io::ModelFolder folder = io::openModelFolder(folderPath);
        const ArchitectureEntry &entry = findArchitecture(folder.config);
        ctx.declared = declaredCapabilities(folder.config, folder.root + "/config.json");
        ctx.declared.architecture = entry.name;
        if (rs.minPixels != 0 || rs.maxPixels != 0) {
            if (!pixelBudget(folderPath).applies)
                throw std::invalid_argument(std::string("a ") + entry.name +
                                            " model takes every image at one size: it has no minimum or maximum pixels");
            ctx.minPixels = rs.minPixels;
            ctx.maxPixels = rs.maxPixels;
        }
        next->arch = entry.load(folder, ctx);
        if (ctx.packing)
            ctx.packing->save();

        next->defaults = folderSamplingDefaults(folder.generationConfig, next->arch->generationDefaults(),
                                               next->arch->defaultMaxNewTokens());
        ctx.progress(1.0, "ready");
    });
    if (!s.ok()) {
        if (s.message.find("no such folder") != std::string::npos)
            s.code = StatusCode::NotFound;
        return s;
    }
    d = std::move(next);
    return s;
}

ModelInfo LocalModel::info() const
{
    ModelInfo i;
    if (!d->arch)
        return i;
    const Capabilities &c = d->arch->capabilities();
    i.architecture = c.architecture;
    i.dialect = c.dialect;
    i.imageSize = d->arch->imageSize();
    i.inputFrame = d->arch->inputFrame();
    i.vocabSize = d->arch->vocabSize();
    i.parameterBytes = d->arch->parameterBytes();
    i.decodeBytesPerToken = d->arch->decodeBytesPerToken();
    i.tasks = c.tasks;
    i.multiTurn = c.chat;
    i.regionInput = c.regionInput;
    i.masks = c.masks;
    i.ocr = c.ocr;
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
    if (!d->arch)
        return {{StatusCode::NotLoaded, "no model loaded"}};
    Status s = guarded(StatusCode::BadImage, [&] {
        nn::stopIfAsked(params.shouldAbort);
        const auto t0 = Clock::now();
        const uint64_t hash = io::imageHash(image);
        bool cached = false;
        at::Tensor e = d->embedImage(image, hash, cached, params.shouldAbort);
        const double vis = msSince(t0);
        r = d->runTurn(e, hash, d->layout(sizeOf(image), history, prompt, params.rawPrompt), params);
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
    if (!d->arch)
        return {{StatusCode::NotLoaded, "no model loaded"}};
    if (!d->hasConv)
        return {{StatusCode::InvalidArgument, "no conversation to follow up (call generate first)"}};
    Status s = guarded(StatusCode::InvalidArgument, [&] {
        PromptLayout layout = d->convLayout;
        d->arch->appendPrompt(layout, textIn);
        r = d->runTurn(d->convEmbeds, d->convImage, std::move(layout), params);
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
    if (!d->arch)
        return fail({StatusCode::NotLoaded, "no model loaded"});
    if (images.size() != prompts.size() || prompts.empty())
        return fail({StatusCode::InvalidArgument, "generateBatch needs one image per prompt"});
    Status s = guarded(StatusCode::BadImage, [&] {
        const SamplingParams p = d->sampling(params);
        std::vector<PromptLayout> layouts;
        std::vector<at::Tensor> embeds;
        for (size_t b = 0; b < prompts.size(); ++b) {
            layouts.push_back(d->layout(sizeOf(images[b]), {}, prompts[b], params.rawPrompt));
            bool cached = false;
            embeds.push_back(d->embedImage(images[b], io::imageHash(images[b]), cached));
        }
        GenerateHooks h;
        h.shouldAbort = params.shouldAbort;
        auto finish = [&](size_t b, std::vector<int64_t> tokens, bool aborted) {
            GenerationResult &r = rs[b];
            r.promptTokens = layouts[b].ids;
            r.tokens = std::move(tokens);
            r.aborted = aborted;
            if (aborted)
                r.status = {StatusCode::Aborted, "generation aborted"};
            d->decodeAnswer(r, layouts[b]);
        };
        if (Impl::beamSearches(p)) { // the beam search runs one prompt at a time, its beams being the batch
            for (size_t b = 0; b < prompts.size(); ++b) {
                const PromptBatch one = PromptBatch::single(layouts[b]);
                std::unique_ptr<DecodeState> state = d->arch->newState();
                at::Tensor logits = state->prefill(one, embeds[b], p.maxNewTokens + 1, false, {});
                GenerateHooks searching = h;
                searching.onProgress = params.onProgress;
                const BeamSearchOutput out = beamSearch(logits, state->generatedPrefix(one)[0], *state, p, searching);
                finish(b, out.tokens, out.aborted);
            }
            return;
        }
        const PromptBatch batch = PromptBatch::leftPadded(layouts, p.padId);
        std::unique_ptr<DecodeState> state = d->arch->newState();
        // Images of one size stack into [B, Q, D]; an architecture whose spans follow the image's size (Qwen2-VL)
        // takes the rows of images of different sizes in order, [1, ΣQ, D].
        const bool sameSize = std::all_of(embeds.begin(), embeds.end(),
                                          [&](const at::Tensor &e) { return e.sizes() == embeds[0].sizes(); });
        at::Tensor logits =
            state->prefill(batch, at::cat(embeds, sameSize ? 0 : 1), p.maxNewTokens + 1, false, {});
        GenerateOutput out = runtime::generate(logits, state->generatedPrefix(batch), *state, p, h);
        for (size_t b = 0; b < prompts.size(); ++b)
            finish(b, out.newTokens[b], out.aborted);
    });
    if (!s.ok())
        return fail(s);
    return rs;
}

Status LocalModel::dump(const io::RgbImage &image, const std::string &prompt, const std::string &dir,
                        const std::vector<int64_t> &answer, bool rawPrompt)
{
    if (!d->arch)
        return {StatusCode::NotLoaded, "no model loaded"};
    return guarded(StatusCode::BadImage, [&] {
        std::filesystem::create_directories(dir);
        auto write = [&](const char *name, const at::Tensor &t) {
            at::Tensor c = t.to(at::kCPU).contiguous();
            std::vector<int64_t> shape(c.sizes().begin(), c.sizes().end());
            const std::string path = dir + "/" + name;
            if (c.scalar_type() == at::kLong)
                io::writeNpy(path, shape, c.data_ptr<int64_t>());
            else
                io::writeNpy(path, shape, c.to(at::kFloat).contiguous().data_ptr<float>());
        };
        const at::Tensor pv = d->arch->pixels(image);
        const at::Tensor e = d->arch->encodeImage(pv, {});
        write("pixel_values.npy", d->arch->processorPixels(pv));
        write("image_features.npy", e);
        const PromptLayout layout = d->layout(sizeOf(image), {}, prompt, rawPrompt);
        const PromptBatch batch = PromptBatch::single(layout);
        std::unique_ptr<DecodeState> state = d->arch->newState();
        const int64_t steps = static_cast<int64_t>(answer.size());
        const at::Tensor logits = state->prefill(batch, e, steps + 1, true, {});
        if (const at::Tensor enc = state->encoderOutput(); enc.defined()) {
            // The answer fed back token by token, as the run that chose it did.
            std::vector<at::Tensor> rows;
            if (steps > 0)
                rows.push_back(logits.select(1, logits.size(1) - 1));
            for (int64_t i = 0; i + 1 < steps; ++i)
                rows.push_back(state->step({answer[static_cast<size_t>(i)]}));
            write("encoder_last_hidden_state.npy", enc);
            write("step_logits.npy", rows.empty() ? at::zeros({0, logits.size(-1)}) : at::cat(rows, 0));
            return;
        }
        std::vector<int64_t> ids = layout.ids;
        write("image_embeds.npy", e);
        write("input_ids.npy", at::from_blob(ids.data(), {1, static_cast<int64_t>(ids.size())}, at::kLong).clone());
        write("logits.npy", logits);
    });
}

Status LocalModel::explain(const io::RgbImage &image, const std::vector<Turn> &history, const std::string &prompt,
                           const ExplainParams &params, Explanation &out)
{
    if (!d->arch)
        return {StatusCode::NotLoaded, "no model loaded"};
    return guarded(StatusCode::BadImage, [&] {
        nn::stopIfAsked(params.shouldAbort);
        const PromptLayout layout = d->layout(sizeOf(image), history, prompt, params.rawPrompt);
        std::vector<int64_t> answer = answerIds(d->arch->tokenizer(), params), ids = layout.ids;
        ids.insert(ids.end(), answer.begin(), answer.end());
        const uint64_t hash = io::imageHash(image);
        if (!d->explained || d->explainedImage != hash || d->explainedIds != ids) {
            d->explained.reset();
            const at::Tensor pv = d->arch->pixels(image);
            const at::Tensor e = d->arch->encodeImage(pv, params.shouldAbort);
            d->explained = std::make_unique<ExplainPass>(recordPass(*d->arch, sizeOf(image), pv, e, layout,
                                                                    std::move(answer), params.topK, params.shouldAbort));
            d->explainedImage = hash;
            d->explainedIds = std::move(ids);
            ++d->explainPasses;
        }
        out = readPass(*d->arch, *d->explained, params);
    });
}

int64_t LocalModel::explainPasses() const { return d->explainPasses; }

std::vector<int64_t> LocalModel::promptIds(const std::string &prompt, SizeI imageSize, const std::vector<Turn> &history,
                                           Status *status) const
{
    std::vector<int64_t> ids;
    Status s = d->arch ? guarded(StatusCode::InvalidArgument, [&] { ids = d->layout(imageSize, history, prompt, false).ids; })
                       : Status{StatusCode::NotLoaded, "no model loaded"};
    if (status)
        *status = s;
    return ids;
}

std::vector<float> LocalModel::preprocess(const io::RgbImage &image) const
{
    if (!d->arch || image.empty())
        return {};
    const at::Tensor px = d->arch->pixels(image).to(at::kCPU).contiguous();
    return {px.data_ptr<float>(), px.data_ptr<float>() + px.numel()};
}

void LocalModel::resetConversation()
{
    d->hasConv = false;
    d->convLayout = {};
    d->conv.reset();
}

} // namespace gc::runtime
