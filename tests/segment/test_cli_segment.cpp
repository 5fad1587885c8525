#include "cli_runner.h"
#include "segment/grabcut.h"
#include "segment/mask_ops.h"
#include "synthetic_scene.h"

#include "io/image_loader.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

using namespace gc;
namespace fs = std::filesystem;

namespace {

class CliSegment : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_dir = fs::temp_directory_path() / ("gc-cli-seg-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_dir);
        m_scene = makeScene(51, 240, 180, 90, 10); // plumbing tests: a clear-cut scene
        m_image = path("scene.png");
        // Written through the CLI's own loader's counterpart, so both sides agree on the pixels.
        io::saveImageRgb(m_image, m_scene.image);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    std::string path(const std::string &name) const { return (m_dir / name).string(); }
    std::string boxArg(const Box &b) const
    {
        return std::to_string(int(b.x1) - 4) + "," + std::to_string(int(b.y1) - 4) + "," + std::to_string(int(b.x2) + 4) +
               "," + std::to_string(int(b.y2) + 4);
    }

    fs::path m_dir;
    Scene m_scene;
    std::string m_image;
};

} // namespace

TEST_F(CliSegment, GrabCutBoxWritesMaskAndPrintsJson)
{
    // The largest object: a small star in the image corner has too little background around it for
    // GrabCut's colour model, which is GrabCut's limit, not the CLI's.
    const SceneObject &obj = *std::max_element(m_scene.objects.begin(), m_scene.objects.end(),
                                               [](const SceneObject &a, const SceneObject &b) { return a.mask.area() < b.mask.area(); });
    const CliResult r = runCli({"segment", "--image", m_image, "--box", boxArg(obj.box), "--out", path("m.png"), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["segmenter"], "grabcut");
    const Mask written = seg::loadMaskPng(path("m.png"));
    ASSERT_EQ(written.width, 240);
    ASSERT_EQ(written.height, 180);
    EXPECT_GE(seg::maskIoU(written, obj.mask), 0.85);
    // Byte for byte what the library gives for the same prompt (GrabCut is deterministic).
    seg::Prompts p;
    p.box = Box{obj.box.x1 - 4, obj.box.y1 - 4, obj.box.x2 + 4, obj.box.y2 + 4};
    const seg::SegmentResult lib = seg::makeGrabCutSegmenter()->segment(m_scene.image, p);
    ASSERT_TRUE(lib.ok()) << lib.error;
    EXPECT_EQ(lib.best()->mask, written);
    EXPECT_EQ(j["area"].get<long long>(), written.area());
    const Box bb = written.bbox();
    EXPECT_EQ(j["bbox"], nlohmann::json({bb.x1, bb.y1, bb.x2, bb.y2}));
    const auto rle = rleFromString(j["rle"]["counts"].get<std::string>(), 240, 180);
    ASSERT_TRUE(rle);
    EXPECT_EQ(*rleDecode(*rle), written);
    EXPECT_FALSE(j["polygons"].empty());
}

TEST_F(CliSegment, PlainOutputAndPointPrompts)
{
    const SceneObject &obj = m_scene.objects[1];
    const PointF c = obj.box.center();
    const CliResult r = runCli({"segment", "--image", m_image, "--box", boxArg(obj.box), "--point",
                                std::to_string(c.x) + "," + std::to_string(c.y), "--point", "1,1,neg", "--out",
                                path("m.png")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("score "), std::string::npos);
    EXPECT_NE(r.out.find("area "), std::string::npos);
    EXPECT_NE(r.out.find("bbox "), std::string::npos);
    EXPECT_TRUE(fs::exists(path("m.png")));
}

// A click alone (the VL-SAM path: several positive and negative points, no box) gives the object on a textured
// scene, the same mask as the library, and echoes the points it used.
TEST_F(CliSegment, ClicksWithoutABoxGiveTheObject)
{
    const Scene scene = makeClickScene(1002);
    io::saveImageRgb(path("textured.png"), scene.image);
    const SceneObject &obj = scene.objects[2];
    const SceneObject &other = scene.objects[0];
    const auto arg = [](const PointF &p, const char *tag) {
        return std::to_string(p.x) + "," + std::to_string(p.y) + tag;
    };
    const CliResult r = runCli({"segment", "--image", path("textured.png"), "--point", arg(obj.click, ""), "--point",
                                arg(other.click, ",neg"), "--out", path("m.png"), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const Mask written = seg::loadMaskPng(path("m.png"));
    EXPECT_GE(seg::maskIoU(written, obj.mask), 0.8);
    seg::Prompts p;
    p.points = {{obj.click, true}, {other.click, false}};
    const seg::SegmentResult lib = seg::makeGrabCutSegmenter()->segment(scene.image, p);
    ASSERT_TRUE(lib.ok()) << lib.error;
    EXPECT_EQ(lib.best()->mask, written);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["points"].size(), 2u);
    EXPECT_EQ(j["points"][1], nlohmann::json({other.click.x, other.click.y, 0}));
    EXPECT_TRUE(j["box"].is_null());
}

TEST_F(CliSegment, TinyModelThroughTheCli)
{
    const CliResult r = runCli({"segment", "--image", m_image, "--model", std::string(GC_TEST_DATA) + "/tiny_sam.pt",
                                "--box", "40,30,120,90", "--out", path("m.png"), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_DOUBLE_EQ(j["score"].get<double>(), double(0.9f));
    EXPECT_EQ(j["candidates"].size(), 3u);
    const auto bbox = j["bbox"].get<std::vector<double>>();
    EXPECT_NEAR(bbox[0], 40, 2);
    EXPECT_NEAR(bbox[3], 90, 2);
}

TEST_F(CliSegment, ExitCodes)
{
    // usage errors: 2
    EXPECT_EQ(runCli({"segment", "--image", m_image, "--out", path("m.png")}).exitCode, 2); // no prompt
    EXPECT_EQ(runCli({"segment", "--image", m_image, "--box", "1,2,3", "--out", path("m.png")}).exitCode, 2);
    EXPECT_EQ(runCli({"segment", "--image", m_image, "--point", "1,2,maybe", "--out", path("m.png")}).exitCode, 2);
    EXPECT_EQ(runCli({"segment", "--image", m_image, "--box", "1,2,30,40", "--box", "5,5,9,9", "--out", path("m.png")})
                  .exitCode,
              2);
    EXPECT_EQ(runCli({"segment", "--box", "1,2,30,40", "--out", path("m.png")}).exitCode, 2); // no image
    EXPECT_EQ(runCli({"marks", "--image", m_image, "--max", "0"}).exitCode, 2);
    // bad input: 3
    EXPECT_EQ(runCli({"segment", "--image", path("missing.png"), "--box", "1,2,30,40", "--out", path("m.png")}).exitCode, 3);
    EXPECT_EQ(runCli({"segment", "--image", m_image, "--box", "500,500,600,600", "--out", path("m.png")}).exitCode, 3);
    EXPECT_EQ(runCli({"segment", "--image", m_image, "--model", path("nope.pt"), "--box", "1,2,30,40", "--out",
                      path("m.png")})
                  .exitCode,
              3);
    EXPECT_EQ(runCli({"segment", "--image", m_image, "--box", "1,2,30,40", "--out", path("no/such/dir/m.png")}).exitCode, 3);
    EXPECT_FALSE(fs::exists(path("m.png")));
}

TEST_F(CliSegment, MarksJsonAndMarkedImage)
{
    const CliResult r = runCli({"marks", "--image", m_image, "--max", "8", "--out", path("marked.png"), "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    ASSERT_GE(j["marks"].size(), 1u);
    ASSERT_LE(j["marks"].size(), 8u);
    int expected = 1;
    for (const auto &m : j["marks"]) {
        EXPECT_EQ(m["number"], expected++);
        const auto rle = rleFromString(m["rle"]["counts"].get<std::string>(), 240, 180);
        ASSERT_TRUE(rle);
        const Mask region = *rleDecode(*rle);
        EXPECT_EQ(region.area(), m["area"].get<long long>());
        EXPECT_TRUE(region.at(int(m["point"][0].get<double>()), int(m["point"][1].get<double>())));
    }
    const io::RgbImage marked = io::loadImageRgb(path("marked.png"));
    EXPECT_EQ(marked.width, 240);
    EXPECT_EQ(marked.height, 180);

    const CliResult plain = runCli({"marks", "--image", m_image});
    ASSERT_EQ(plain.exitCode, 0) << plain.err;
    EXPECT_EQ(plain.out.rfind("1 point ", 0), 0u);
}
