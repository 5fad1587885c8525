// `groundchat-cli annotate`: a task over every image of a folder, journaled so an interrupted run resumes.
#include "cli_annotate.h"
#include "codec_output.h"
#include "demo/model_location.h"

#include "annotate/batch_journal.h"
#include "annotate/batch_plan.h"
#include "annotate/formats.h"
#include "args.h"
#include "cli_weights.h"
#include "dialects/registry.h"
#include "runtime/local_model.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace gc::cli {

namespace fs = std::filesystem;

namespace {

// Workers decode images while the progress bar draws. The codecs' own lines (libpng, libjpeg) are held back
// while a decode runs (CodecOutput redirects the process's stderr), so decoding and drawing take turns: no
// codec line reaches the terminal, and no progress line is held back with them.
std::mutex &stderrTurn()
{
    static std::mutex m;
    return m;
}

io::RgbImage decodeForWorker(const std::string &path)
{
    const std::lock_guard<std::mutex> lock(stderrTurn());
    return decodeQuietly([&] { return io::loadImageRgb(path); });
}


class LocalAnswerer : public Answerer {
public:
    LocalAnswerer(const std::string &dir, int threads, const std::string &weights, int maxNewTokens)
        : m_maxNewTokens(maxNewTokens)
    {
        runtime::LoadParams lp;
        lp.settings.threads = threads;
        setWeightLoading(lp, weights);
        if (const runtime::Status s = m_model.load(dir, lp); !s.ok())
            throw InputError("cannot load model: " + s.message);
    }
    std::string dialectId() const override { return m_model.info().dialect; }
    std::string ask(const std::string &, const io::RgbImage &image, const std::string &prompt) override
    {
        runtime::GenerationParams gp;
        if (m_maxNewTokens > 0)
            gp.maxNewTokens = m_maxNewTokens;
        const runtime::GenerationResult r = m_model.generate(image, prompt, gp);
        if (!r.status.ok())
            throw std::runtime_error(r.status.message);
        return r.rawText;
    }

private:
    runtime::LocalModel m_model;
    int m_maxNewTokens;
};

// One prompt -> one user turn and one assistant turn; the answer's regions join the image as model regions
// the batch accepted. Returns the ids of the answer's regions.
std::vector<std::string> runPrompt(Answerer &answerer, const Dialect &dialect, const std::string &path,
                                   const io::RgbImage &image, const annot::BatchStep &step, annot::ImageRecord &im,
                                   annot::GroundedLine *line)
{
    DecodeOptions opts;
    opts.imageSize = {image.width, image.height};
    opts.task = step.taskToken;
    GroundedText g = dialect.decode(answerer.ask(path, image, step.prompt), opts);
    if (g.normalized)
        g = g.toPixels(opts.imageSize);
    annot::Turn answer{annot::Role::Assistant, {g.text, {}}, {}};
    std::vector<std::string> all;
    for (const Entity &e : g.entities) {
        annot::PhraseRef ref{e.phrase, e.hasSpan ? e.span : Span{}, {}};
        for (Region r : e.regions) {
            r.id = "A" + std::to_string(im.regions.size() + 1);
            r.origin = RegionOrigin::Model;
            if (r.label.empty())
                r.label = e.phrase.empty() ? step.shown : e.phrase;
            ref.regionIds.push_back(r.id);
            all.push_back(r.id);
            im.regions.push_back({std::move(r), true});
        }
        answer.line.phrases.push_back(std::move(ref));
    }
    im.turns.push_back({annot::Role::User, {step.shown, {}}, {}});
    im.turns.push_back(answer);
    if (line)
        *line = answer.line;
    return all;
}

annot::ImageRecord annotateImage(Answerer &answerer, const Dialect &dialect, annot::BatchTask task,
                                 const annot::BatchPlan &plan, const std::string &path)
{
    const io::RgbImage image = decodeForWorker(path);
    annot::ImageRecord im{path, image.width, image.height};
    for (const annot::BatchStep &step : plan.steps) {
        const size_t before = im.regions.size();
        const auto ids = runPrompt(answerer, dialect, path, image, step, im, task == annot::BatchTask::Caption ? &im.caption : nullptr);
        if (task == annot::BatchTask::Detect && !step.phrase.empty())
            for (size_t i = before; i < im.regions.size(); ++i)
                im.regions[i].region.label = step.phrase; // detection: the class is the phrase asked for
        if (task == annot::BatchTask::Refer && !ids.empty())
            im.referring.push_back({step.phrase, {ids.front()}});
    }
    return im;
}

std::vector<std::string> listImages(const std::string &dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError(dir + " is not a folder");
    std::vector<std::string> images;
    for (const auto &e : fs::directory_iterator(dir, ec)) {
        std::string ext = e.path().extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        if (e.is_regular_file() && (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" ||
                                    ext == ".webp" || ext == ".tif" || ext == ".tiff"))
            images.push_back(fs::absolute(e.path()).lexically_normal().string());
    }
    std::sort(images.begin(), images.end());
    return images;
}

std::vector<std::string> readPhrases(const std::string &path)
{
    std::ifstream in(path);
    if (!in)
        throw InputError("cannot read " + path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (!line.empty())
            out.push_back(line);
    }
    if (out.empty())
        throw InputError(path + " lists no phrases");
    return out;
}

// "[#########.........] 9/20 images, 2 failed, 1.3 s/image, 14 s left" on one terminal line.
class ProgressBar {
public:
    ProgressBar(size_t total, size_t done) : m_total(total), m_done(done), m_start(std::chrono::steady_clock::now()),
                                             m_startDone(done), m_tty(::isatty(2)) {}
    void step(bool failed)
    {
        const std::lock_guard<std::mutex> lock(stderrTurn());
        ++m_done;
        m_failed += failed;
        draw();
    }
    void draw()
    {
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        const size_t ran = m_done - m_startDone;
        const double per = ran ? secs / double(ran) : 0;
        const int width = 30, filled = m_total ? int(width * m_done / m_total) : width;
        std::fprintf(stderr, "%s[%s%s] %zu/%zu images%s, %.2f s/image, %.0f s left%s", m_tty ? "\r" : "",
                     std::string(size_t(filled), '#').c_str(), std::string(size_t(width - filled), '.').c_str(), m_done,
                     m_total, m_failed ? (", " + std::to_string(m_failed) + " failed").c_str() : "", per,
                     per * double(m_total - m_done), m_tty ? "   " : "\n");
        std::fflush(stderr);
    }
    void finish()
    {
        if (m_tty)
            std::fputs("\n", stderr);
    }

private:
    size_t m_total, m_done, m_failed = 0;
    std::chrono::steady_clock::time_point m_start;
    size_t m_startDone;
    bool m_tty;
};

} // namespace

int runAnnotate(const std::vector<std::string> &argv)
{
    const Args args(argv, {"input", "output", "format", "task", "phrases", "model", "server", "dialect", "concurrency",
                           "max-new-tokens", "threads", "weights"},
                    {"resume"});
    const std::string input = args.required("input");
    const std::string output = args.required("output");
    const annot::FormatInfo *format = annot::findFormat(args.required("format"));
    if (!format)
        throw UsageError("unknown format '" + args.required("format") + "' (see: groundchat-cli formats)");
    const std::string taskName = args.required("task");
    annot::BatchTask task = annot::BatchTask::Caption;
    if (taskName == "caption")
        task = annot::BatchTask::Caption;
    else if (taskName == "detect")
        task = annot::BatchTask::Detect;
    else if (taskName == "refer")
        task = annot::BatchTask::Refer;
    else
        throw UsageError("--task must be caption, detect or refer");
    std::vector<std::string> phrases;
    if (const auto file = args.value("phrases"))
        phrases = readPhrases(*file);
    const int concurrency = int(args.value("concurrency") ? parseInteger("concurrency", *args.value("concurrency"), 1, 64) : 1);
    const int maxNew = int(args.value("max-new-tokens") ? parseInteger("max-new-tokens", *args.value("max-new-tokens"), 1, 100000) : 0);
    const std::string server = args.value("server").value_or("");
    std::string model = args.value("model").value_or("");
    if (!server.empty() && model.empty())
        throw UsageError("--server needs --model NAME");
    if (server.empty() && model.empty())
        model = demo::modelDir();
    if (model.empty())
        throw UsageError("--model is required (the built-in demo model was not found)");
    if (server.empty())
        model = fs::absolute(model).lexically_normal().string();
    const std::string weights = weightsOption(args);
    if (!server.empty() && args.has("weights"))
        throw UsageError("--weights applies to a local model, not to --server");

    const std::vector<std::string> images = listImages(input);
    if (images.empty())
        throw InputError(input + " holds no images (png, jpg, bmp, webp, tif)");

    // one model per worker; the CPU threads are shared out among them. The first one is loaded before the
    // journal is touched: the model's dialect decides what the task asks and whether the phrases fit it.
    const int maxWorkers = server.empty() ? std::max(1, std::min<int>(concurrency, int(images.size()))) : 1;
    const int threads = int(args.value("threads") ? parseInteger("threads", *args.value("threads"), 0, 1024)
                                                  : std::max(1u, std::thread::hardware_concurrency() / unsigned(maxWorkers)));
    std::vector<std::unique_ptr<Answerer>> answerers;
    if (!server.empty()) // the remote backend runs on the thread that made it (Qt's network objects): one worker
        answerers.push_back(makeRemoteAnswerer(server, model, args.value("dialect").value_or(""), maxNew));
    else
        answerers.push_back(std::make_unique<LocalAnswerer>(model, threads, weights, maxNew));
    const Dialect *dialect = dialects::find(answerers.front()->dialectId());
    if (!dialect)
        throw InputError("no dialect '" + answerers.front()->dialectId() + "' registered");
    if (phrases.empty() && annot::batchNeedsPhrases(*dialect, task))
        throw UsageError("--task " + taskName + " with " + dialect->info().displayName + " needs --phrases FILE");
    std::string planError;
    const annot::BatchPlan plan = annot::planBatch(*dialect, task, phrases, &planError);
    if (plan.steps.empty())
        throw UsageError(planError);

    // what a resumed run must share with the interrupted one: the weight format changes the answers too
    const nlohmann::json header = {{"groundchat-annotate", 1}, {"task", taskName},       {"phrases", phrases},
                                   {"model", model},           {"server", server},        {"format", format->id},
                                   {"max-new-tokens", maxNew}, {"weights", server.empty() ? weights : ""}};
    std::string error;
    auto journal = annot::BatchJournal::open(output + ".journal", header, args.has("resume"), &error);
    if (!journal)
        throw UsageError(error);

    std::vector<std::string> todo;
    for (const std::string &p : images)
        if (!journal->finished().count(p))
            todo.push_back(p);
    const size_t resumed = images.size() - todo.size();
    if (resumed)
        std::fprintf(stderr, "resuming: %zu of %zu images already done\n", resumed, images.size());
    while (server.empty() && int(answerers.size()) < std::min<int>(maxWorkers, int(todo.size())))
        answerers.push_back(std::make_unique<LocalAnswerer>(model, threads, weights, maxNew));

    ProgressBar bar(images.size(), resumed);
    std::atomic<size_t> next{0};
    std::mutex failMutex;
    std::vector<std::string> failures;
    const auto work = [&](Answerer &answerer) {
        for (size_t i; (i = next++) < todo.size();) {
            std::string why;
            try {
                const annot::ImageRecord im = annotateImage(answerer, *dialect, task, plan, todo[i]);
                if (!journal->append(im, &why))
                    throw std::runtime_error(why);
            } catch (const std::exception &e) {
                why = e.what();
            }
            if (!why.empty()) {
                const std::lock_guard<std::mutex> lock(failMutex);
                failures.push_back(todo[i] + ": " + why);
            }
            bar.step(!why.empty());
        }
    };
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (size_t w = 1; w < answerers.size(); ++w)
        pool.emplace_back(work, std::ref(*answerers[w]));
    work(*answerers.front());
    for (std::thread &t : pool)
        t.join();
    bar.finish();

    // the output is rebuilt from the journal in folder order, so a resumed run writes what an uninterrupted one does
    annot::Dataset d;
    size_t regions = 0;
    for (const std::string &p : images)
        if (const auto it = journal->finished().find(p); it != journal->finished().end()) {
            d.images.push_back(it->second);
            regions += it->second.regions.size();
        }
    annot::ExportOptions o;
    o.format = format->format;
    o.dialect = args.value("dialect").value_or(dialect->info().id);
    o.sideFields = true;
    const annot::ExportResult r = annot::exportDataset(d, output, o);
    if (!r.ok)
        throw InputError(r.error);
    for (const std::string &w : r.warnings)
        std::fprintf(stderr, "warning: %s\n", w.c_str());
    for (const std::string &f : failures)
        std::fprintf(stderr, "failed: %s\n", f.c_str());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "annotated %zu image(s) (%zu this run, %zu resumed, %zu failed), %zu region(s), %.1f s; "
                 "wrote %s (%s)\n", d.images.size(), todo.size() - failures.size(), resumed, failures.size(), regions,
                 secs, output.c_str(), format->id.c_str());
    if (!failures.empty())
        return 3; // the journal stays: --resume retries the failed images
    journal->remove();
    return 0;
}

} // namespace gc::cli
