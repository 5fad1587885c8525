#include "expert/grounding_expert.h"

#include "core/utf8.h"
#include "dialects/registry.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

namespace gc::expert {
namespace {

bool isFlorence2(const std::string &folder)
{
    std::ifstream in(std::filesystem::path(folder) / "config.json");
    if (!in)
        return false;
    const nlohmann::json config = nlohmann::json::parse(in, nullptr, false);
    if (!config.is_object())
        return false;
    if (config.value("model_type", std::string()) == "florence2")
        return true;
    const auto archs = config.find("architectures");
    if (archs == config.end() || !archs->is_array())
        return false;
    return std::any_of(archs->begin(), archs->end(),
                       [](const nlohmann::json &a) { return a.is_string() && a.get<std::string>() == "Florence2ForConditionalGeneration"; });
}

const TaskPrompt *taskOf(const Dialect &d, const std::string &id)
{
    for (const TaskPrompt &t : d.info().tasks)
        if (t.id == id)
            return &t;
    return nullptr;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// Where `phrase` is in `answer` (code points), searched from byte `from` on, then from the start; nullopt when absent.
std::optional<Span> locate(const std::string &answer, const std::string &phrase, size_t *from)
{
    const std::string a = lower(answer), p = lower(std::string(utf8::trim(phrase)));
    if (p.empty())
        return std::nullopt;
    size_t at = a.find(p, *from);
    if (at == std::string::npos)
        at = a.find(p);
    if (at == std::string::npos)
        return std::nullopt;
    *from = at + p.size();
    const size_t begin = utf8::length(std::string_view(answer).substr(0, at));
    return Span{begin, begin + utf8::length(std::string_view(answer).substr(at, p.size()))};
}

// The demo model learnt referring expressions as "the …": "a red circle" is asked as "the red circle".
std::string referringText(const std::string &phrase)
{
    const std::string l = lower(phrase);
    for (const char *article : {"a ", "an "})
        if (l.rfind(article, 0) == 0)
            return "the " + phrase.substr(std::string(article).size());
    return phrase;
}

// Each phrase keeps as many boxes as it names objects (objectCount): a singular phrase its best scored box, "two
// squares" the best two, a plural without a number all of them. Boxes keep their order.
void keepCounted(ExpertResult &result)
{
    std::vector<ExpertRegion> kept;
    for (size_t k = 0; k < result.regions.size(); ++k) {
        const ExpertRegion &e = result.regions[k];
        const int count = objectCount(result.phrases[e.phrase].text);
        if (count == 0) {
            kept.push_back(e);
            continue;
        }
        // better scored boxes of its phrase, or as well scored and earlier (the expert's own order)
        int better = 0;
        for (size_t j = 0; j < result.regions.size(); ++j) {
            const ExpertRegion &o = result.regions[j];
            better += o.phrase == e.phrase && (o.score > e.score || (o.score == e.score && j < k));
        }
        if (better < count)
            kept.push_back(e);
    }
    result.regions = std::move(kept);
}

} // namespace

const char *expertKindName(ExpertKind k) { return k == ExpertKind::Florence2 ? "florence2" : "demo"; }

std::optional<ExpertChoice> chooseExpert(const std::string &wanted, const std::vector<std::string> &folders,
                                         const std::string &demoFolder, std::string *error)
{
    if (wanted != "auto" && wanted != "florence2" && wanted != "demo") {
        *error = "unknown grounding expert '" + wanted + "' (auto, florence2 or demo)";
        return std::nullopt;
    }
    if (wanted != "demo")
        for (const std::string &f : folders)
            if (isFlorence2(f))
                return ExpertChoice{ExpertKind::Florence2, f};
    if (wanted == "florence2") {
        *error = "no Florence-2 model is known: download one (microsoft/Florence-2-base) or add its folder";
        return std::nullopt;
    }
    if (demoFolder.empty()) {
        *error = "no grounding model: neither a Florence-2 model nor the demo model is installed";
        return std::nullopt;
    }
    return ExpertChoice{ExpertKind::Demo, demoFolder};
}

GroundingExpert::GroundingExpert() : m_model(std::make_unique<runtime::LocalModel>()) {}
GroundingExpert::~GroundingExpert() = default;

runtime::Status GroundingExpert::load(const ExpertChoice &choice, const runtime::LoadParams &params)
{
    if (m_loaded && choice.kind == m_choice.kind && choice.folder == m_choice.folder)
        return {};
    const runtime::Status s = m_model->load(choice.folder, params);
    if (!s.ok())
        return s;
    const std::string want = choice.kind == ExpertKind::Florence2 ? "florence2" : "kosmos2";
    if (m_model->info().dialect != want) {
        m_loaded = false;
        return {runtime::StatusCode::BadModel, choice.folder + " is not a " + want + " model"};
    }
    m_choice = choice;
    m_loaded = true;
    return {};
}

bool GroundingExpert::isLoaded() const { return m_loaded; }

std::string GroundingExpert::name() const
{
    if (m_choice.kind == ExpertKind::Demo)
        return "demo model";
    return "Florence-2 (" + std::filesystem::path(m_choice.folder).filename().string() + ")";
}

bool GroundingExpert::ask(const io::RgbImage &image, const std::string &prompt, const std::string &task,
                          const ExpertParams &params, GroundedText *out, ExpertResult &result)
{
    runtime::GenerationParams gp;
    gp.doSample = false;
    gp.maxNewTokens = 256;
    gp.shouldAbort = params.shouldAbort;
    const runtime::GenerationResult r = m_model->generate(image, prompt, gp);
    if (r.aborted || (params.shouldAbort && params.shouldAbort())) {
        result.aborted = true;
        result.status = {runtime::StatusCode::Aborted, "stopped"};
        return false;
    }
    if (!r.status.ok()) {
        result.status = r.status;
        return false;
    }
    const Dialect *d = dialects::find(m_model->info().dialect);
    DecodeOptions opts;
    opts.imageSize = {image.width, image.height};
    if (const runtime::InputFrame &frame = m_model->info().inputFrame)
        opts.inputSize = frame(opts.imageSize);
    opts.task = task;
    const GroundedText g = d->decode(r.rawText, opts);
    *out = g.normalized ? g.toPixels(opts.imageSize) : g;
    return true;
}

void GroundingExpert::groundFlorence(const io::RgbImage &image, const std::string &answer, const ExpertParams &params,
                                     std::vector<Found> &found, ExpertResult &result)
{
    const Dialect &d = *dialects::find("florence2");
    const TaskPrompt &t = *taskOf(d, "grounded-caption");
    const auto prompt = [&t](const std::string &caption) {
        std::string p = t.templ;
        p.replace(p.find("{input}"), 7, caption);
        return p;
    };
    if (params.phrases.empty()) {
        // the answer is the caption; its phrases are those the model grounds in it
        if (params.onProgress)
            params.onProgress(0, 1);
        GroundedText g;
        if (!ask(image, prompt(answer), t.token, params, &g, result))
            return;
        // every box of a phrase is kept (Florence-2 gives "blue squares" one box per square), also when the phrase
        // comes back more than once
        size_t from = 0;
        for (const Entity &e : g.entities) {
            if (e.regions.empty())
                continue;
            const std::string text(utf8::trim(e.phrase));
            auto same = std::find_if(result.phrases.begin(), result.phrases.end(),
                                     [&](const PhraseSpan &p) { return lower(p.text) == lower(text); });
            if (same == result.phrases.end()) {
                PhraseSpan p;
                p.text = text;
                if (const auto span = locate(answer, p.text, &from))
                    p.span = *span;
                result.phrases.push_back(p);
                same = result.phrases.end() - 1;
            }
            for (const Region &r : e.regions)
                found.push_back({size_t(same - result.phrases.begin()), r.box});
        }
        return;
    }
    result.phrases = params.phrases;
    for (size_t i = 0; i < params.phrases.size(); ++i) {
        if (params.onProgress)
            params.onProgress(int(i), int(params.phrases.size()));
        GroundedText g;
        if (!ask(image, prompt(params.phrases[i].text), t.token, params, &g, result))
            return;
        for (const Entity &e : g.entities)
            for (const Region &r : e.regions)
                found.push_back({i, r.box});
    }
}

void GroundingExpert::groundDemo(const io::RgbImage &image, const ExpertParams &params, std::vector<Found> &found,
                                 ExpertResult &result)
{
    const Dialect &d = *dialects::find("kosmos2");
    const TaskPrompt &t = *taskOf(d, "refer");
    // The demo model refers to one object at a time; its grounded caption boxes every object, kind by kind ("two
    // blue squares" with both boxes). A phrase naming several objects takes the boxes of the caption's phrases that
    // have all its words ("squares": those of "a red square" and of "two blue squares").
    std::optional<GroundedText> caption;
    for (size_t i = 0; i < result.phrases.size(); ++i) {
        if (params.onProgress)
            params.onProgress(int(i), int(result.phrases.size()));
        if (objectCount(result.phrases[i].text) != 1) {
            if (!caption) {
                const TaskPrompt &c = *taskOf(d, "grounded-caption");
                caption.emplace();
                if (!ask(image, c.templ, c.token, params, &*caption, result))
                    return;
            }
            const std::set<std::string> want = contentWords(result.phrases[i].text);
            bool any = false;
            for (const Entity &e : caption->entities) {
                const std::set<std::string> have = contentWords(e.phrase);
                if (want.empty() || !std::includes(have.begin(), have.end(), want.begin(), want.end()))
                    continue;
                for (const Region &r : e.regions) {
                    found.push_back({i, r.box});
                    any = true;
                }
            }
            if (any)
                continue;
        }
        std::string p = t.templ;
        p.replace(p.find("{input}"), 7, " " + referringText(result.phrases[i].text));
        GroundedText g;
        if (!ask(image, p, t.token, params, &g, result))
            return;
        for (const Entity &e : g.entities)
            for (const Region &r : e.regions)
                found.push_back({i, r.box});
    }
}

ExpertResult GroundingExpert::ground(const io::RgbImage &image, const std::string &answer, const ExpertParams &params)
{
    const auto start = std::chrono::steady_clock::now();
    ExpertResult result;
    try {
        if (!m_loaded) {
            result.status = {runtime::StatusCode::NotLoaded, "the grounding expert has no model loaded"};
            return result;
        }
        if (image.empty()) {
            result.status = {runtime::StatusCode::BadImage, "the image is empty"};
            return result;
        }
        std::vector<Found> found;
        if (m_choice.kind == ExpertKind::Florence2) {
            groundFlorence(image, answer, params, found, result);
        } else {
            result.phrases = params.phrases.empty() ? nounPhrases(answer) : params.phrases;
            groundDemo(image, params, found, result);
        }
        if (!result.status.ok())
            return result;
        if (found.size() > size_t(std::max(0, params.maxRegions)))
            found.resize(size_t(std::max(0, params.maxRegions)));
        // each box described back by the expert: how far that agrees with the phrase is the box's score
        const Dialect &d = *dialects::find(m_model->info().dialect);
        const int steps = int(found.size());
        for (size_t k = 0; k < found.size(); ++k) {
            if (params.onProgress)
                params.onProgress(int(k), steps);
            EncodeRequest req;
            req.imageSize = {image.width, image.height};
            if (const runtime::InputFrame &frame = m_model->info().inputFrame)
                req.inputSize = frame(req.imageSize);
            req.task = "region";
            PromptRegion region;
            region.box = found[k].box;
            req.regions.push_back(region);
            const EncodeResult enc = d.encode(req);
            ExpertRegion out{found[k].phrase, found[k].box, 0};
            if (enc.ok) {
                GroundedText g;
                if (!ask(image, enc.text, taskOf(d, "region")->token, params, &g, result))
                    return result;
                // Kosmos-2's description keeps its prompt's "It … is": function words, which agreement ignores
                out.score = wordAgreement(result.phrases[found[k].phrase].text, g.text);
            }
            result.regions.push_back(out);
        }
        keepCounted(result);
        if (params.onProgress)
            params.onProgress(steps, steps);
    } catch (const std::exception &e) {
        result.status = {runtime::StatusCode::Internal, e.what()};
    }
    result.elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace gc::expert
