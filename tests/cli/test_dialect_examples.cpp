// Every example of tests/data/dialect-examples*.jsonl (real model outputs with the results their own
// projects assert, see the file's "source" fields) goes through `groundchat-cli parse` / `format`, and
// must come back within one quantisation step of the asserted value.
#include "cli_runner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <dirent.h>
#include <fstream>
#include <string>
#include <vector>

using nlohmann::json;

namespace {

struct Example {
    std::string file;
    int line = 0;
    json data;
};

std::vector<Example> loadExamples()
{
    std::vector<Example> out;
    std::vector<std::string> files;
    if (DIR *d = opendir(GC_TEST_DATA)) {
        while (dirent *e = readdir(d)) {
            const std::string name = e->d_name;
            if (name.rfind("dialect-examples", 0) == 0 && name.size() > 6 && name.substr(name.size() - 6) == ".jsonl")
                files.push_back(name);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());
    for (const std::string &f : files) {
        std::ifstream in(std::string(GC_TEST_DATA) + "/" + f);
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            out.push_back({f, n, json::parse(line)});
        }
    }
    return out;
}

// The example files name some dialects by output form; the CLI has one id per family.
std::string cliDialect(const std::string &id)
{
    if (id.rfind("qwen2.5-vl", 0) == 0)
        return "qwen2.5-vl";
    if (id.rfind("qwen3-vl", 0) == 0)
        return "qwen3-vl";
    if (id.rfind("gemini", 0) == 0)
        return "gemini";
    return id;
}

// Cells per axis of the family's coordinate grid: one step of it is the tolerance.
double gridOf(const std::string &dialect)
{
    if (dialect == "kosmos2")
        return 32;
    if (dialect == "minigpt-v2")
        return 100;
    if (dialect == "paligemma" || dialect == "moondream")
        return 1023;
    if (dialect == "deepseek-vl2")
        return 999;
    return 1000;
}

std::string sizeArg(const json &wh) { return std::to_string(wh[0].get<int>()) + "x" + std::to_string(wh[1].get<int>()); }

// Divisor turning an expected value in `space` into a unit coordinate (0 = it is in pixels).
double spaceDivisor(const std::string &space)
{
    if (space == "normalized-0-1")
        return 1;
    if (space == "normalized-0-100")
        return 100;
    if (space == "normalized-0-999")
        return 999;
    if (space == "normalized-0-1000")
        return 1000;
    return 0;
}

std::vector<double> flatten(const json &entity, const char *key)
{
    std::vector<double> v;
    if (!entity.contains(key))
        return v;
    for (const json &g : entity[key])
        for (const json &x : g)
            v.push_back(x.get<double>());
    return v;
}

class DialectExample : public ::testing::TestWithParam<Example> {};

void checkCoordinates(const std::vector<double> &got, const std::vector<double> &want, double tolX, double tolY,
                      const std::string &what)
{
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t i = 0; i < want.size(); ++i) {
        const double tol = (i % 2 == 0 ? tolX : tolY) + 1e-6;
        EXPECT_NEAR(got[i], want[i], tol) << what << " coordinate " << i;
    }
}

void checkDecode(const Example &ex)
{
    const json &d = ex.data;
    const std::string dialect = cliDialect(d["dialect"]);
    std::vector<std::string> args = {"parse", "--dialect", dialect, "--diagnostics"};
    const json &expected = d["expected"];
    std::string space;
    if (expected.is_array() && !expected.empty())
        space = expected[0].value("space", "");
    const bool pixels = spaceDivisor(space) == 0 && !space.empty();
    double w = 1, h = 1;
    if (pixels && d["image_size"].is_array()) {
        args.push_back("--image-size");
        args.push_back(sizeArg(d["image_size"]));
        w = d["image_size"][0].get<double>();
        h = d["image_size"][1].get<double>();
    }
    double gridX = gridOf(dialect), gridY = gridOf(dialect);
    if (d.contains("input_wh") && d["input_wh"].is_array()) {
        args.push_back("--input-size");
        args.push_back(sizeArg(d["input_wh"]));
        gridX = d["input_wh"][0].get<double>();
        gridY = d["input_wh"][1].get<double>();
    } else if (space == "pixels-resized-input") {
        // the asserted values are literal numbers of the model's input frame
        args.push_back("--image-size");
        args.push_back(sizeArg(d["image_size"]));
        args.push_back("--input-size");
        args.push_back(sizeArg(d["image_size"]));
        w = d["image_size"][0].get<double>();
        h = d["image_size"][1].get<double>();
        gridX = w;
        gridY = h;
    } else if (dialect == "qwen2.5-vl" && !pixels) {
        FAIL() << "qwen2.5-vl example without a frame";
    }
    if (d.contains("task") && d["task"].is_string()) {
        args.push_back("--task");
        args.push_back(d["task"]);
    }
    if (d.contains("classes") && d["classes"].is_array()) {
        std::string list;
        for (const json &c : d["classes"])
            list += (list.empty() ? "" : ",") + c.get<std::string>();
        args.push_back("--classes");
        args.push_back(list);
    }
    const CliResult r = runCli(args, d["text"].get<std::string>());
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json out = json::parse(r.out);
    if (expected.is_null()) {
        // The peer's parser raises here; we keep the text and must not invent regions.
        EXPECT_TRUE(out["entities"].empty() || out.contains("diagnostics")) << r.out;
        return;
    }
    ASSERT_EQ(out["entities"].size(), expected.size()) << r.out;
    if (d.contains("clean_text"))
        EXPECT_EQ(out["text"], d["clean_text"]);
    const double div = spaceDivisor(space);
    // One step of the model's grid; in pixels at least one pixel, since several peers truncate to int
    // where the model's own processor keeps the float bin centre (Florence-2's HF port).
    const double tolX = pixels ? std::max(1.0, w / gridX) : 1.0 / gridX;
    const double tolY = pixels ? std::max(1.0, h / gridY) : 1.0 / gridY;
    for (size_t i = 0; i < expected.size(); ++i) {
        const json &e = expected[i];
        const json &g = out["entities"][i];
        const std::string what = "entity " + std::to_string(i) + " of " + r.out;
        if (e.contains("phrase") && e["phrase"].is_string() && !e["phrase"].get<std::string>().empty())
            EXPECT_EQ(g["phrase"], e["phrase"]) << what;
        if (e.contains("span"))
            EXPECT_EQ(g["span"], e["span"]) << what;
        if (e.contains("class_id"))
            EXPECT_EQ(g.value("class_id", -1), e["class_id"].get<int>()) << what;
        for (const char *key : {"boxes", "points", "polygons"}) {
            std::vector<double> want = flatten(e, key);
            if (div > 0)
                for (double &v : want)
                    v /= div;
            checkCoordinates(flatten(g, key), want, tolX, tolY, what + " " + key);
        }
        std::vector<double> quads = flatten(e, "quad_boxes");
        checkCoordinates(flatten(g, "quads"), quads, tolX, tolY, what + " quads");
    }
}

std::string padded(int v, int width)
{
    std::string s = std::to_string(v);
    return std::string(size_t(std::max(0, width - int(s.size()))), '0') + s;
}

void checkEncode(const Example &ex)
{
    const json &d = ex.data;
    const std::string dialect = cliDialect(d["dialect"]);
    for (const json &e : d["expected"]) {
        const std::string space = e.value("space", "");
        if (space == "kosmos2-patch-index-32x32") {
            for (const json &pair : e["patch_index_pairs"]) {
                // a box whose corners lie inside the two cells must come back as exactly those cells
                const int a = pair[0], b = pair[1];
                const double x1 = (a % 32 + 0.5) * 10, y1 = (a / 32 + 0.5) * 10;
                const double x2 = (b % 32 + 0.5) * 10, y2 = (b / 32 + 0.5) * 10;
                const CliResult r = runCli({"format", "--dialect", dialect, "--image-size", "320x320", "--box",
                                            std::to_string(x1) + "," + std::to_string(y1) + "," + std::to_string(x2) +
                                                "," + std::to_string(y2),
                                            "--phrase", e["phrase"]});
                ASSERT_EQ(r.exitCode, 0) << r.err;
                EXPECT_NE(r.out.find("<patch_index_" + padded(a, 4) + "><patch_index_" + padded(b, 4) + ">"),
                          std::string::npos)
                    << r.out;
            }
            continue;
        }
        const double div = spaceDivisor(space);
        ASSERT_GT(div, 0) << "unhandled space " << space;
        // Express the asserted integers as pixels of an image whose side is the grid, so that the encoder
        // must write them back unchanged.
        const int side = int(div == 999 ? 1000 : div);
        std::vector<std::string> args = {"format", "--dialect", dialect};
        std::string imageSize = std::to_string(side) + "x" + std::to_string(side);
        if (d.contains("input") && d["input"].contains("box_pixels")) {
            imageSize = sizeArg(d["image_size"]);
            const json &b = d["input"]["box_pixels"];
            args.insert(args.end(), {"--box", std::to_string(b[0].get<double>()) + "," + std::to_string(b[1].get<double>()) +
                                                  "," + std::to_string(b[2].get<double>()) + "," +
                                                  std::to_string(b[3].get<double>())});
            if (d["input"].contains("label"))
                args.insert(args.end(), {"--phrase", d["input"]["label"]});
        } else {
            for (const json &b : e["boxes"])
                args.insert(args.end(), {"--box", std::to_string(b[0].get<double>()) + "," + std::to_string(b[1].get<double>()) +
                                                      "," + std::to_string(b[2].get<double>()) + "," +
                                                      std::to_string(b[3].get<double>())});
        }
        args.insert(args.end(), {"--image-size", imageSize});
        const CliResult r = runCli(args);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        // Each asserted number must appear in the written text, in order.
        size_t pos = 0;
        for (const json &b : e["boxes"]) {
            for (const json &v : b) {
                const int n = int(std::lround(v.get<double>()));
                std::string found;
                size_t at = std::string::npos;
                for (int width : {3, 0}) {
                    const std::string s = width ? padded(n, width) : std::to_string(n);
                    at = r.out.find(s, pos);
                    if (at != std::string::npos) {
                        found = s;
                        break;
                    }
                }
                ASSERT_NE(at, std::string::npos) << "value " << n << " not written in order: " << r.out;
                pos = at + found.size();
            }
        }
    }
}

void checkRoundtrip(const Example &ex)
{
    const json &d = ex.data;
    const std::string dialect = cliDialect(d["dialect"]);
    const std::string size = sizeArg(d["image_size"]);
    std::vector<std::string> args = {"format", "--dialect", dialect, "--image-size", size};
    for (const json &p : d["input"]["points_pixels"])
        args.insert(args.end(), {"--point", std::to_string(p[0].get<double>()) + "," + std::to_string(p[1].get<double>())});
    const CliResult f = runCli(args);
    ASSERT_EQ(f.exitCode, 0) << f.err;
    const CliResult r = runCli({"parse", "--dialect", dialect, "--image-size", size}, f.out);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json out = json::parse(r.out);
    std::vector<double> got;
    for (const json &e : out["entities"]) {
        for (const char *key : {"points", "polygons"}) {
            const std::vector<double> v = flatten(e, key);
            got.insert(got.end(), v.begin(), v.end());
        }
    }
    std::vector<double> want;
    for (const json &e : d["expected"]) {
        const std::vector<double> v = flatten(e, "points");
        want.insert(want.end(), v.begin(), v.end());
    }
    const double w = d["image_size"][0], h = d["image_size"][1];
    checkCoordinates(got, want, w / gridOf(dialect), h / gridOf(dialect), "round trip via " + f.out);
}

TEST_P(DialectExample, MatchesAssertedResult)
{
    const Example &ex = GetParam();
    SCOPED_TRACE(ex.file + ":" + std::to_string(ex.line) + " " + ex.data.value("source", ""));
    const std::string direction = ex.data.value("direction", "decode");
    if (direction == "decode")
        checkDecode(ex);
    else if (direction == "encode")
        checkEncode(ex);
    else if (direction == "roundtrip")
        checkRoundtrip(ex);
    else
        FAIL() << "unknown direction " << direction;
}

std::string exampleName(const ::testing::TestParamInfo<Example> &info)
{
    std::string name = info.param.data.value("dialect", "x") + "_line" + std::to_string(info.param.line);
    for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(SharedSample, DialectExample, ::testing::ValuesIn(loadExamples()), exampleName);

TEST(DialectExamples, SampleIsPresent) { EXPECT_GE(loadExamples().size(), 20u); }

} // namespace
