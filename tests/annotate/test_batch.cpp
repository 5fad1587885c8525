// groundchat-cli annotate/export/import end to end: a folder of generated images annotated with a real model,
// a run killed with SIGKILL mid-way and resumed to the same file an uninterrupted run writes.
#include "annotate/formats.h"
#include "io/image_loader.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

fs::path scratch()
{
    static const fs::path dir = fs::temp_directory_path() / ("gc_batch_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

pid_t spawn(const std::vector<std::string> &args)
{
    const std::string cache = (scratch() / "cache").string(); // packed weights: never into the user's cache
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
        std::vector<char *> argv{const_cast<char *>(GC_CLI)};
        for (const std::string &a : args)
            argv.push_back(const_cast<char *>(a.c_str()));
        argv.push_back(nullptr);
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 2); // the progress bar
        ::execv(GC_CLI, argv.data());
        ::_exit(127);
    }
    return pid;
}

int waitFor(pid_t pid)
{
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

int run(const std::vector<std::string> &args) { return waitFor(spawn(args)); }

std::string slurp(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

size_t lines(const fs::path &p)
{
    const std::string s = slurp(p);
    return size_t(std::count(s.begin(), s.end(), '\n'));
}

// Coloured shapes on plain backgrounds, sizes varying, the kind of scene the demo model was trained on.
fs::path makeImages(size_t n, const std::string &name)
{
    const fs::path dir = scratch() / name;
    fs::create_directories(dir);
    for (size_t i = 0; i < n; ++i) {
        gc::io::RgbImage im;
        im.width = 96 + int(i) * 8;
        im.height = 80 + int(i) * 4;
        im.pixels.assign(size_t(im.width) * size_t(im.height) * 3, 235);
        for (int y = 10; y < 10 + 30 + int(i) * 2; ++y)
            for (int x = 8 + int(i) * 3; x < 60 + int(i) * 3; ++x) {
                uint8_t *p = &im.pixels[(size_t(y) * size_t(im.width) + size_t(x)) * 3];
                p[0] = uint8_t(40 * i % 256), p[1] = uint8_t(200 - 15 * i), p[2] = 90;
            }
        char name[32];
        std::snprintf(name, sizeof name, "shape_%02zu.png", i);
        gc::io::saveImageRgb((dir / name).string(), im);
    }
    return dir;
}

std::vector<std::string> batchArgs(const fs::path &images, const fs::path &out, const std::string &format)
{
    return {"annotate", "--input", images.string(), "--output", out.string(), "--format", format, "--task", "caption",
            "--model", GC_BATCH_MODEL, "--max-new-tokens", "24", "--threads", "1"};
}

} // namespace

TEST(Batch, InterruptedRunResumesToTheSameFile)
{
    const fs::path images = makeImages(10, "ten");
    const fs::path whole = scratch() / "whole.json", resumed = scratch() / "resumed.json";
    ASSERT_EQ(run(batchArgs(images, whole, "llava")), 0);
    ASSERT_FALSE(fs::exists(whole.string() + ".journal")); // a finished run leaves no journal
    const nlohmann::json doc = nlohmann::json::parse(slurp(whole));
    ASSERT_EQ(doc.size(), 10u);

    // kill -9 once some images are journaled, before the end
    const pid_t child = spawn(batchArgs(images, resumed, "llava"));
    const fs::path journal = resumed.string() + ".journal";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < deadline && !(fs::exists(journal) && lines(journal) >= 3))
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ::kill(child, SIGKILL);
    EXPECT_EQ(waitFor(child), -SIGKILL);
    ASSERT_TRUE(fs::exists(journal));
    EXPECT_FALSE(fs::exists(resumed)) << "the run ended before it could be interrupted";
    const size_t done = lines(journal) - 1;
    EXPECT_LT(done, 10u);

    // without --resume the journal is not silently thrown away; with other settings it is not continued
    EXPECT_EQ(run(batchArgs(images, resumed, "llava")), 2);
    auto other = batchArgs(images, resumed, "llava");
    other[8] = "detect";
    other.insert(other.end(), {"--phrases", (scratch() / "phrases.txt").string(), "--resume"});
    std::ofstream(scratch() / "phrases.txt") << "a green square\n";
    EXPECT_EQ(run(other), 2);
    // the weight format is part of the run: the journal records it, and another one does not continue it
    const std::string journaled = slurp(journal);
    EXPECT_EQ(nlohmann::json::parse(journaled.substr(0, journaled.find('\n'))).value("weights", ""), "f32");
    auto q8 = batchArgs(images, resumed, "llava");
    q8.insert(q8.end(), {"--weights", "q8", "--resume"});
    EXPECT_EQ(run(q8), 2);

    auto args = batchArgs(images, resumed, "llava");
    args.push_back("--resume");
    ASSERT_EQ(run(args), 0);
    EXPECT_EQ(slurp(resumed), slurp(whole));
    EXPECT_FALSE(fs::exists(journal));
}

TEST(Batch, EveryFormatAndConcurrency)
{
    const fs::path images = makeImages(4, "four");
    for (const gc::annot::FormatInfo &f : gc::annot::formats()) {
        const fs::path out = scratch() / ("batch_" + f.id + (f.perImageFiles ? "" : f.extension));
        auto args = batchArgs(images, out, f.id);
        args.insert(args.end(), {"--concurrency", "2"});
        ASSERT_EQ(run(args), 0) << f.id;
        gc::annot::ImportOptions io;
        io.format = f.format;
        const gc::annot::ImportResult r = gc::annot::importDataset(out.string(), io);
        ASSERT_TRUE(r.ok) << f.id << ": " << r.error.describe();
        // labelme and llava keep every image; the others keep those with regions or a caption line
        if (f.format == gc::annot::Format::Labelme || f.format == gc::annot::Format::Llava)
            EXPECT_EQ(r.dataset.images.size(), 4u) << f.id;
    }
    EXPECT_EQ(run({"annotate", "--input", images.string(), "--output", "x", "--format", "yolo", "--task", "caption"}), 2);
    EXPECT_EQ(run({"annotate", "--input", images.string(), "--output", "x", "--format", "coco", "--task", "detect",
                   "--model", GC_BATCH_MODEL}),
              2); // detect needs --phrases
}

TEST(Cli, ExportAndImportSessions)
{
    const fs::path session = scratch() / "in.gcsession";
    std::ofstream(session) << R"({"format": "groundchat-session", "version": 1, "images": [
      {"path": "/p/a.png", "width": 640, "height": 480,
       "regions": [{"id": "R1", "kind": "box", "label": "dog", "box": [64, 48, 320, 240]},
                   {"id": "R2", "kind": "polygon", "label": "cat", "box": [400, 50, 600, 300],
                    "points": [[400, 50], [600, 60], [580, 300]]}],
       "messages": [{"role": "user", "text": "What is there?"},
                    {"role": "assistant", "text": "A dog.",
                     "entities": [{"phrase": "A dog", "spanBegin": 0, "spanEnd": 5, "regionIds": ["R1"]}]}]}]})";
    const fs::path coco = scratch() / "out.json", back = scratch() / "back.gcsession";
    ASSERT_EQ(run({"export", "--session", session.string(), "--format", "coco", "--output", coco.string()}), 0);
    const nlohmann::json doc = nlohmann::json::parse(slurp(coco));
    EXPECT_EQ(doc["annotations"].size(), 2u);
    ASSERT_EQ(run({"import", "--format", "coco", "--input", coco.string(), "--output", back.string()}), 0);
    const nlohmann::json s = nlohmann::json::parse(slurp(back));
    EXPECT_EQ(s["format"], "groundchat-session");
    EXPECT_EQ(s["images"][0]["regions"].size(), 2u);
    EXPECT_EQ(s["images"][0]["regions"][1]["kind"], "polygon");

    ASSERT_EQ(run({"export", "--session", session.string(), "--format", "llava", "--dialect", "shikra", "--output",
                   (scratch() / "conv.json").string()}),
              0);
    // malformed input: exit 3, and the output is not touched
    std::ofstream(scratch() / "bad.json") << "{\"images\": []}";
    EXPECT_EQ(run({"import", "--format", "coco", "--input", (scratch() / "bad.json").string(), "--output",
                   back.string()}),
              3);
    EXPECT_EQ(nlohmann::json::parse(slurp(back)), s);
    // an export over its own session (by any spelling of the path) would replace it with the export
    const std::string before = slurp(session);
    EXPECT_EQ(run({"export", "--session", session.string(), "--format", "coco", "--output",
                   (scratch() / "." / "in.gcsession").string()}),
              2);
    EXPECT_EQ(slurp(session), before);
    EXPECT_EQ(run({"formats", "--json"}), 0);
}
