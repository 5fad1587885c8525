// groundchat-cli ask --tiles auto|N: the whole image, an NxN grid of overlapping tiles plus the global view, or
// a grid chosen from the sizes; the demo model on a large scene of small objects finds them only in tiles.
#include "cli_runner.h"

#include "core/geometry.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

struct LargeScene {
    std::string image;
    json objects;
};

const LargeScene &largeScene()
{
    static const LargeScene scene = [] {
        LargeScene s;
        s.image = testing::TempDir() + "gc_tiles_scene.png";
        const CliResult r = runCli({"demo-scene", "--seed", "9100", "--size", "1024x960", "--out", s.image, "--json"});
        EXPECT_EQ(r.exitCode, 0) << r.err;
        s.objects = json::parse(r.out)["objects"];
        return s;
    }();
    return scene;
}

// Objects of the scene with a box of the answer (any phrase) at IoU >= 0.5.
int found(const json &answer, const json &objects)
{
    int n = 0;
    for (const json &o : objects) {
        const std::vector<double> t = o["box"];
        bool hit = false;
        for (const json &e : answer["entities"])
            for (const json &b : e["boxes"])
                hit = hit || gc::iou({b[0], b[1], b[2], b[3]}, {t[0], t[1], t[2], t[3]}) >= 0.5;
        n += hit;
    }
    return n;
}

CliResult ask(const std::string &tiles)
{
    return runCli({"ask", "--image", largeScene().image, "--prompt", "<grounding>An image of", "--json", "--tiles", tiles});
}

} // namespace

TEST(CliTiles, BadValuesAreUsageErrors)
{
    for (const std::string bad : {"0", "9", "x", "", "2x2", "-1", "123"}) {
        const CliResult r = ask(bad);
        EXPECT_EQ(r.exitCode, 2) << bad << ": " << r.err;
        EXPECT_NE(r.err.find("--tiles must be auto or a number of tiles a side from 1 to 8"), std::string::npos) << r.err;
    }
    const CliResult dump = runCli({"ask", "--image", largeScene().image, "--prompt", "x", "--tiles", "2", "--dump",
                                   testing::TempDir() + "gc_tiles_dump"});
    EXPECT_EQ(dump.exitCode, 2) << dump.err;
    EXPECT_NE(dump.err.find("--dump takes the whole image only"), std::string::npos) << dump.err;
}

TEST(CliTiles, TilesFindWhatTheWholeImageMisses)
{
    const size_t objects = largeScene().objects.size();
    ASSERT_GE(objects, 5u);
    const CliResult whole = ask("1");
    ASSERT_EQ(whole.exitCode, 0) << whole.err;
    const json w = json::parse(whole.out);
    EXPECT_FALSE(w.contains("tiles"));

    const CliResult autoTiles = ask("auto");
    ASSERT_EQ(autoTiles.exitCode, 0) << autoTiles.err;
    const json a = json::parse(autoTiles.out);
    EXPECT_EQ(a["tiles"], (json{{"columns", 4}, {"rows", 4}, {"crops", 17}})); // 128-pixel input, 1024x960 image
    EXPECT_NE(autoTiles.err.find("tile 17 of 17"), std::string::npos) << "progress on stderr";
    EXPECT_LT(found(w, largeScene().objects), int(objects) / 2);
    EXPECT_GE(found(a, largeScene().objects), int(objects) * 8 / 10);

    const CliResult two = ask("2");
    ASSERT_EQ(two.exitCode, 0) << two.err;
    EXPECT_EQ(json::parse(two.out)["tiles"], (json{{"columns", 2}, {"rows", 2}, {"crops", 5}}));
}

TEST(CliTiles, AutoKeepsAnImageNotMuchLargerThanTheInputWhole)
{
    // the demo world's own scenes are 160-288 pixels a side: whole up to twice the 128-pixel input
    for (const char *seed : {"3", "4", "5"}) {
        const std::string small = testing::TempDir() + "gc_tiles_small.png";
        const CliResult scene = runCli({"demo-scene", "--seed", seed, "--out", small, "--json"});
        ASSERT_EQ(scene.exitCode, 0) << scene.err;
        const json j = json::parse(scene.out);
        const bool large = j["width"].get<int>() > 256 || j["height"].get<int>() > 256;
        const CliResult r = runCli({"ask", "--image", small, "--prompt", "<grounding>An image of", "--json", "--tiles", "auto"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        EXPECT_EQ(json::parse(r.out).contains("tiles"), large) << j.dump();
    }
}
