// The command-line interface is a contract that later work and acceptance checks call: ids, JSON shape,
// exit codes.
#include "cli_runner.h"

#include "core/rle.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <set>

#include <sys/stat.h>

using nlohmann::json;

TEST(CliContract, ListsEveryDialectWithCapabilities)
{
    const CliResult r = runCli({"dialects", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json list = json::parse(r.out);
    std::set<std::string> ids;
    for (const json &d : list) {
        ids.insert(d["id"]);
        EXPECT_TRUE(d["capabilities"].contains("box_out"));
        EXPECT_FALSE(d["name"].get<std::string>().empty());
        EXPECT_FALSE(d["coordinates"].get<std::string>().empty());
    }
    const std::set<std::string> required = {"kosmos2",  "shikra",     "minigpt-v2", "ferret",    "groundinggpt",
                                            "groma",    "llava-grounding", "glamm", "qwen-vl",   "qwen2-vl",
                                            "qwen2.5-vl", "qwen3-vl", "internvl",   "florence2", "paligemma",
                                            "cogvlm",   "cogagent",   "deepseek-vl2", "molmo",   "moondream",
                                            "gemini"};
    for (const std::string &id : required)
        EXPECT_TRUE(ids.count(id)) << id;
    const CliResult table = runCli({"dialects"});
    EXPECT_EQ(table.exitCode, 0);
    EXPECT_NE(table.out.find("florence2"), std::string::npos);
}

TEST(CliContract, ParsePrintsOneJsonObjectInPixelsOrUnits)
{
    const std::string raw = "<grounding> An image of<phrase> a snowman</phrase><object><patch_index_0044>"
                            "<patch_index_0863></object>.";
    const CliResult unit = runCli({"parse", "--dialect", "kosmos2"}, raw);
    ASSERT_EQ(unit.exitCode, 0) << unit.err;
    const json u = json::parse(unit.out);
    EXPECT_EQ(u["dialect"], "kosmos2");
    EXPECT_EQ(u["text"], "An image of a snowman.");
    ASSERT_EQ(u["entities"].size(), 1u);
    const json &e = u["entities"][0];
    EXPECT_EQ(e["phrase"], "a snowman");
    EXPECT_EQ(e["span"], json::array({12, 21}));
    for (const char *key : {"boxes", "points", "polygons", "quads"})
        EXPECT_TRUE(e[key].is_array()) << key;
    EXPECT_DOUBLE_EQ(e["boxes"][0][0].get<double>(), 0.390625);

    const CliResult px = runCli({"parse", "--dialect", "kosmos2", "--image-size", "640x480"}, raw);
    ASSERT_EQ(px.exitCode, 0) << px.err;
    const json p = json::parse(px.out);
    EXPECT_DOUBLE_EQ(p["entities"][0]["boxes"][0][0].get<double>(), 0.390625 * 640);
    EXPECT_DOUBLE_EQ(p["entities"][0]["boxes"][0][3].get<double>(), 0.828125 * 480);
}

TEST(CliContract, QwenAbsoluteCoordinatesUseTheSmartResizedFrame)
{
    // 640x428 is resized to 644x420 by the model's preprocessing (process_bbox.ipynb); the answer's
    // [147, 134, 619, 407] in that frame is [146,137,615,415]-ish in the original.
    const std::string raw = R"([{"bbox_2d": [147, 134, 619, 407], "label": "bowl of carrots"}])";
    const CliResult r = runCli({"parse", "--dialect", "qwen2.5-vl", "--image-size", "640x428"}, raw);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json b = json::parse(r.out)["entities"][0]["boxes"][0];
    EXPECT_NEAR(b[0].get<double>(), 147.0 * 640 / 644, 1e-6);
    EXPECT_NEAR(b[3].get<double>(), 407.0 * 428 / 420, 1e-6);
    const CliResult explicitFrame =
        runCli({"parse", "--dialect", "qwen2.5-vl", "--image-size", "640x428", "--input-size", "640x428"}, raw);
    EXPECT_NEAR(json::parse(explicitFrame.out)["entities"][0]["boxes"][0][0].get<double>(), 147.0, 1e-6);
}

TEST(CliContract, FormatWritesRegionsInTheDialect)
{
    const CliResult r = runCli({"format", "--dialect", "qwen2-vl", "--image-size", "640x428", "--box",
                                "146,137,615,415", "--phrase", "bowl of carrots"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("(228,320),(961,970)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("bowl of carrots"), std::string::npos) << r.out;
}

TEST(CliContract, UsageErrorsExitWithTwo)
{
    EXPECT_EQ(runCli({}).exitCode, 2);
    EXPECT_EQ(runCli({"frobnicate"}).exitCode, 2);
    EXPECT_EQ(runCli({"parse"}).exitCode, 2);
    EXPECT_EQ(runCli({"parse", "--dialect", "no-such-model"}).exitCode, 2);
    EXPECT_EQ(runCli({"parse", "--dialect", "kosmos2", "--image-size", "640by480"}).exitCode, 2);
    EXPECT_EQ(runCli({"parse", "--dialect", "kosmos2", "--bogus"}).exitCode, 2);
    EXPECT_EQ(runCli({"format", "--dialect", "kosmos2", "--image-size", "10x10", "--box", "1,2,3"}).exitCode, 2);
    // absolute-coordinate dialects cannot be read without a frame
    EXPECT_EQ(runCli({"parse", "--dialect", "qwen2.5-vl"}, "[]").exitCode, 2);
    const CliResult r = runCli({"parse", "--dialect", "no-such-model"});
    EXPECT_NE(r.err.find("unknown dialect"), std::string::npos);
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line on stderr";
}

TEST(CliContract, RegionsAFamilyCannotTakeExitWithThree)
{
    // Kosmos-2 has no way to write a point.
    const CliResult r = runCli({"format", "--dialect", "kosmos2", "--image-size", "100x100", "--point", "5,5"});
    EXPECT_EQ(r.exitCode, 3) << r.out;
    EXPECT_FALSE(r.err.empty());
}

TEST(CliContract, MalformedOutputKeepsTheText)
{
    const CliResult r = runCli({"parse", "--dialect", "kosmos2", "--diagnostics"},
                               "A<phrase> cat</phrase><object><patch_index_0044>");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json out = json::parse(r.out);
    EXPECT_NE(out["text"].get<std::string>().find("cat"), std::string::npos);
}

TEST(CliContract, DemoSceneDrawsTheDemoModelsWorld)
{
    const std::string out = testing::TempDir() + "gc_demo_scene_7.png";
    const CliResult a = runCli({"demo-scene", "--seed", "7", "--out", out, "--json"});
    ASSERT_EQ(a.exitCode, 0) << a.err;
    const json j = json::parse(a.out);
    EXPECT_EQ(j["seed"], 7);
    const int w = j["width"], h = j["height"];
    ASSERT_GE(j["objects"].size(), 1u);
    ASSERT_LE(j["objects"].size(), 6u);
    for (const json &o : j["objects"]) {
        EXPECT_FALSE(o["colour"].get<std::string>().empty());
        EXPECT_FALSE(o["shape"].get<std::string>().empty());
        const std::vector<double> b = o["box"];
        EXPECT_TRUE(b[0] >= 0 && b[1] >= 0 && b[0] < b[2] && b[1] < b[3] && b[2] <= w && b[3] <= h) << o.dump();
    }
    // the same seed draws the same scene
    EXPECT_EQ(runCli({"demo-scene", "--seed", "7", "--out", out, "--json"}).out, a.out);
    EXPECT_EQ(runCli({"demo-scene", "--seed", "7"}).exitCode, 2);                                 // no --out
    EXPECT_EQ(runCli({"demo-scene", "--seed", "x", "--out", out}).exitCode, 2);                   // bad seed
    EXPECT_EQ(runCli({"demo-scene", "--out", "/nonexistent-dir/scene.png"}).exitCode, 3); // unwritable
}

namespace {

std::string slurp(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

TEST(CliContract, ExportCopiesBuiltInImagesAndKeepsPointsAndMarks)
{
    // a saved demo session: its image is built into the program, with a user's point and an automatic mark
    constexpr int w = 178, h = 203; // resources/demo/scenes/scene-1.png
    gc::Mask pixels(w, h);
    for (int y = 40; y < 90; ++y)
        for (int x = 30; x < 100; ++x)
            pixels.set(x, y, true);
    const json session = {
        {"format", "groundchat-session"},
        {"version", 1},
        {"images",
         {{{"path", ":/demo/scenes/scene-1.png"},
           {"width", w},
           {"height", h},
           {"regions",
            {{{"id", "R1"}, {"kind", "point"}, {"label", "tip"}, {"box", {50, 60, 50, 60}}, {"points", {{50, 60}}}},
             {{"id", "M1"},
              {"kind", "mark"},
              {"fromModel", true},
              {"accepted", true},
              {"mark", 1},
              {"box", {30, 40, 100, 90}},
              {"maskRle", gc::rleToString(gc::rleEncode(pixels))},
              {"maskSize", {w, h}}}}}}}}};
    const std::string dir = testing::TempDir() + "gc_cli_export/";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "s.gcsession") << session.dump();

    const CliResult coco = runCli({"export", "--session", dir + "s.gcsession", "--format", "coco", "--output",
                                   dir + "coco.json", "--no-side-fields"});
    ASSERT_EQ(coco.exitCode, 0) << coco.err;
    EXPECT_EQ(coco.err.find("warning"), std::string::npos) << "COCO holds both: " << coco.err;
    const json doc = json::parse(slurp(dir + "coco.json"));
    EXPECT_EQ(doc["images"][0]["file_name"], "images/scene-1.png");
    EXPECT_EQ(slurp(dir + "images/scene-1.png").substr(1, 3), "PNG");
    ASSERT_EQ(doc["annotations"].size(), 2u);
    EXPECT_EQ(doc["annotations"][0]["keypoints"], json({50, 60, 2, 0, 0, 0}));
    EXPECT_EQ(doc["annotations"][1]["segmentation"]["counts"], gc::rleToString(gc::rleEncode(pixels)));
    EXPECT_EQ(doc["annotations"][1]["bbox"], json({30, 40, 70, 50}));

    // a format that holds less says what it left out, on stderr
    const CliResult odvg = runCli({"export", "--session", dir + "s.gcsession", "--format", "odvg", "--output",
                                   dir + "out.jsonl"});
    ASSERT_EQ(odvg.exitCode, 0) << odvg.err;
    EXPECT_NE(odvg.err.find("warning: 1 region(s) not exported: points"), std::string::npos) << odvg.err;
    EXPECT_NE(odvg.err.find("marks written as their bounding boxes"), std::string::npos) << odvg.err;
}

TEST(CliContract, ExportFindsRelativeImagesBesideTheSession)
{
    // an imported session names its image "s.png": the one beside the session file, whatever the working
    // directory (this test's is the build folder)
    const std::string dir = testing::TempDir() + "gc_cli_relative/";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "session");
    std::ofstream(dir + "session/s.png", std::ios::binary) << slurp(GC_TEST_DATA "/session-trust/sessions/shapes.png");
    const json session = {{"format", "groundchat-session"},
                          {"version", 1},
                          {"images", {{{"path", "s.png"}, {"width", 96}, {"height", 64}, {"regions", json::array()}}}}};
    std::ofstream(dir + "session/s.gcsession") << session.dump();
    const CliResult r = runCli({"export", "--session", dir + "session/s.gcsession", "--format", "coco", "--output",
                                dir + "out/coco.json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json doc = json::parse(slurp(dir + "out/coco.json"));
    EXPECT_EQ(doc["images"][0]["file_name"], std::filesystem::path(dir + "session/s.png").lexically_normal().string());
}

// libpng, libjpeg and OpenCV's readers print their own lines on stderr for a damaged file; the CLI's
// error is still its one line, naming the file. A cut-off JPEG, which libjpeg pads with grey and
// decodes "successfully", is refused as truncated, as the reference (Pillow) refuses it.
TEST(CliContract, DamagedImagesGiveOneErrorLine)
{
    const std::string dir = testing::TempDir() + "gc_cli_damaged/";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const char *ext : {"png", "jpg", "webp", "bmp"}) {
        const std::string whole = dir + "whole." + ext, cut = dir + "cut." + ext;
        ASSERT_EQ(runCli({"demo-scene", "--seed", "7", "--out", whole}).exitCode, 0) << ext;
        const std::string bytes = slurp(whole);
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        const CliResult r = runCli({"ask", "--image", cut, "--prompt", "x", "--max-new-tokens", "1"});
        EXPECT_EQ(r.exitCode, 3) << ext << ": " << r.err;
        EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line on stderr for ." << ext << ": " << r.err;
        EXPECT_NE(r.err.find(cut), std::string::npos) << r.err;
        const CliResult s = runCli({"segment", "--image", cut, "--box", "1,1,20,20", "--out", dir + "mask.png"});
        EXPECT_EQ(s.exitCode, 3) << ext << ": " << s.err;
        EXPECT_EQ(s.err.find('\n'), s.err.size() - 1) << "one line on stderr for ." << ext << ": " << s.err;
    }
}

// The same damaged file in a batch: it is one "failed:" line naming the codec's complaint, and nothing the codec
// printed itself reaches stderr between the progress lines (workers decode while the bar draws).
TEST(CliContract, DamagedImagesInABatchGiveNoCodecLines)
{
    const std::string dir = testing::TempDir() + "gc_cli_damaged_batch/";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "in");
    ASSERT_EQ(runCli({"demo-scene", "--seed", "7", "--out", dir + "in/whole.png"}).exitCode, 0);
    const std::string bytes = slurp(dir + "in/whole.png");
    std::ofstream(dir + "in/cut.png", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    std::ofstream(dir + "in/cut.jpg", std::ios::binary) << bytes.substr(0, 40); // not even a JPEG header
    const CliResult r = runCli({"annotate", "--input", dir + "in", "--output", dir + "out.json", "--format", "coco",
                                "--task", "caption", "--max-new-tokens", "4", "--concurrency", "2", "--threads", "1"});
    ASSERT_EQ(r.exitCode, 3) << "some images failed: " << r.err;
    std::istringstream lines(r.err);
    int failed = 0;
    for (std::string line; std::getline(lines, line);) {
        const bool known = line.rfind("[", 0) == 0 || line.rfind("failed: ", 0) == 0 || line.rfind("annotated ", 0) == 0
                           || line.rfind("warning: ", 0) == 0;
        EXPECT_TRUE(known) << "a line the CLI did not write: " << line << "\n" << r.err;
        failed += line.rfind("failed: ", 0) == 0;
    }
    EXPECT_EQ(failed, 2) << r.err;
    EXPECT_NE(r.err.find("failed: " + dir + "in/cut.png"), std::string::npos) << r.err;
}

// A folder or a FIFO where a model file should be is named as what it is, not as a missing file (and
// the FIFO is not opened, which would block).
TEST(CliContract, ModelFilesThatAreNotFilesAreNamed)
{
    const std::string dir = testing::TempDir() + "gc_cli_notfiles/";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "weights-folder/model.safetensors");
    std::filesystem::copy_file(std::string(GC_TEST_DATA) + "/kosmos2-tiny-a/config.json",
                               dir + "weights-folder/config.json");
    std::filesystem::create_directories(dir + "config-fifo");
    ASSERT_EQ(::mkfifo((dir + "config-fifo/config.json").c_str(), 0600), 0);
    ASSERT_EQ(runCli({"demo-scene", "--seed", "7", "--out", dir + "scene.png"}).exitCode, 0);

    const CliResult folder = runCli({"ask", "--model", dir + "weights-folder", "--image", dir + "scene.png", "--prompt", "x"});
    EXPECT_EQ(folder.exitCode, 3);
    EXPECT_NE(folder.err.find("model.safetensors is a folder, not a file"), std::string::npos) << folder.err;
    EXPECT_EQ(folder.err.find('\n'), folder.err.size() - 1) << folder.err;
    const CliResult fifo = runCli({"ask", "--model", dir + "config-fifo", "--image", dir + "scene.png", "--prompt", "x"});
    EXPECT_EQ(fifo.exitCode, 3);
    EXPECT_NE(fifo.err.find("config.json is a FIFO (named pipe), not a file"), std::string::npos) << fifo.err;
}

// --weights picks how a local model holds its matrices; an unknown format is a usage error on every command
// that loads one.
TEST(CliContract, WeightsOptionLoadsTheModelInThatFormat)
{
    const std::string fixture = std::string(GC_TEST_DATA) + "/kosmos2-tiny-a";
    const CliResult q8 = runCli({"ask", "--model", fixture, "--image", fixture + "/image0.png", "--prompt",
                                 "<grounding>An image of", "--max-new-tokens", "8", "--json", "--weights", "q8"});
    ASSERT_EQ(q8.exitCode, 0) << q8.err;
    const json j = json::parse(q8.out);
    EXPECT_EQ(j["dialect"], "kosmos2");
    EXPECT_FALSE(j["tokens"].empty());

    const CliResult bad = runCli({"ask", "--model", fixture, "--image", fixture + "/image0.png", "--prompt", "x",
                                  "--weights", "q3"});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("--weights must be f32, bf16, f16, q8 or q4"), std::string::npos) << bad.err;
    const std::string dir = testing::TempDir() + "gc_cli_weights/";
    std::filesystem::create_directories(dir);
    const CliResult annotate = runCli({"annotate", "--input", dir, "--output", dir + "out.json", "--format", "coco",
                                       "--task", "caption", "--model", fixture, "--weights", "int8"});
    EXPECT_EQ(annotate.exitCode, 2) << annotate.err;
    EXPECT_NE(annotate.err.find("--weights must be"), std::string::npos) << annotate.err;
}

// A test run never writes into the user's cache: the CLI the tests run keeps its packed weights in a folder of the
// test's own, and a load in a small format leaves its file there.
TEST(CliContract, TestRunsKeepPackedWeightsOutOfTheUserCache)
{
    ASSERT_EQ(std::getenv("XDG_CACHE_HOME"), nullptr) << "the runner's own folder is what this test checks";
    const std::string fixture = std::string(GC_TEST_DATA) + "/kosmos2-tiny-a";
    const CliResult q4 = runCli({"ask", "--model", fixture, "--image", fixture + "/image0.png", "--prompt",
                                 "<grounding>An image of", "--max-new-tokens", "2", "--json", "--weights", "q4"});
    ASSERT_EQ(q4.exitCode, 0) << q4.err;
    const CliResult info = runCli({"cache", "info", "--json"});
    ASSERT_EQ(info.exitCode, 0) << info.err;
    const json j = json::parse(info.out);
    EXPECT_EQ(j["folder"], testCacheHome() + "/GroundChat/GroundChat/weights");
    EXPECT_FALSE(j["files"].empty()); // the q4 file (other tests of this process may have added theirs)
}

// A small format is packed by the first run only: the second reads the packed matrices the first kept in the
// cache folder (under $XDG_CACHE_HOME, as the app's), answers the same, and `cache clear` removes them.
TEST(CliContract, PackedWeightsAreKeptBetweenRunsAndCleared)
{
    const std::string cache = testing::TempDir() + "gc_cli_weight_cache";
    std::filesystem::remove_all(cache);
    ::setenv("XDG_CACHE_HOME", cache.c_str(), 1);
    const std::string fixture = std::string(GC_TEST_DATA) + "/kosmos2-tiny-a";
    const std::vector<std::string> ask = {"ask", "--model", fixture, "--image", fixture + "/image0.png", "--prompt",
                                          "<grounding>An image of", "--max-new-tokens", "8", "--json", "--weights", "q8"};
    const CliResult first = runCli(ask), second = runCli(ask);
    ASSERT_EQ(first.exitCode, 0) << first.err;
    ASSERT_EQ(second.exitCode, 0) << second.err;
    EXPECT_NE(first.err.find("quantising weights"), std::string::npos) << first.err;
    EXPECT_NE(second.err.find("reading packed weights"), std::string::npos) << second.err;
    EXPECT_EQ(second.err.find("quantising weights"), std::string::npos) << second.err;
    EXPECT_EQ(json::parse(first.out)["tokens"], json::parse(second.out)["tokens"]);

    const CliResult clear = runCli({"cache", "clear", "--json"}); // lists what was there, then removes it
    ASSERT_EQ(clear.exitCode, 0) << clear.err;
    const json cleared = json::parse(clear.out);
    EXPECT_EQ(cleared["folder"], cache + "/GroundChat/GroundChat/weights");
    EXPECT_EQ(cleared["files"].size(), 1u);
    EXPECT_EQ(cleared["removedBytes"], cleared["bytes"]);
    EXPECT_GT(cleared["bytes"].get<uint64_t>(), 0u);
    EXPECT_TRUE(json::parse(runCli({"cache", "info", "--json"}).out)["files"].empty());
    ::unsetenv("XDG_CACHE_HOME");
    std::filesystem::remove_all(cache);
}
