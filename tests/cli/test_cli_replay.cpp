// groundchat-cli replay: a saved session presented in the app's views offscreen and written as a video that
// OpenCV reads back with as many frames as the timeline and the frame rate make, frames that change as the
// answers stream, and a last frame that shows the answer's boxes on the canvas.
#include "cli_runner.h"

#include "annotate/session_document.h"
#include "annotate/session_timeline.h"
#include "regionpalette.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace {

const std::string kDemo = GC_SOURCE_DIR "/resources/demo/demo.gcsession";

gc::annot::SessionDocument demoSession()
{
    std::ifstream in(kDemo);
    std::stringstream text;
    text << in.rdbuf();
    const gc::annot::SessionRead read = gc::annot::readSessionDocument(text.str());
    EXPECT_TRUE(read.ok) << read.error.describe();
    return read.document;
}

std::vector<cv::Mat> readFrames(const std::string &path)
{
    cv::VideoCapture video(path, cv::CAP_FFMPEG);
    EXPECT_TRUE(video.isOpened()) << path;
    std::vector<cv::Mat> frames;
    for (cv::Mat f; video.read(f);)
        frames.push_back(f.clone());
    return frames;
}

// Pixels of the left part of a frame (the canvas; the chat is on the right) within `tolerance` of `colour`.
int pixelsOf(const cv::Mat &bgr, const QColor &colour, int tolerance)
{
    int n = 0;
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols * 3 / 5; ++x) {
            const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
            n += std::abs(p[2] - colour.red()) <= tolerance && std::abs(p[1] - colour.green()) <= tolerance &&
                 std::abs(p[0] - colour.blue()) <= tolerance;
        }
    return n;
}

class CliReplay : public ::testing::Test
{
protected:
    void SetUp() override
    {
        dir = std::filesystem::temp_directory_path() / ("gc-replay-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
    std::filesystem::path dir;
};

} // namespace

TEST_F(CliReplay, DemoSessionBecomesAVideo)
{
    const gc::annot::SessionDocument doc = demoSession();
    ASSERT_TRUE(doc.timeline) << "the demo session has a timeline (tools/demo_session)";
    const std::vector<gc::annot::TimelineEvent> shown = gc::annot::presentedEvents(*doc.timeline);
    ASSERT_FALSE(shown.empty());
    const double fps = 4;
    const int expected = int(std::floor((shown.back().t - shown.front().t) / 1000.0 * fps)) + 1;

    const std::string out = (dir / "demo.mp4").string();
    const CliResult r = runCli({"replay", kDemo, "--video", out, "--size", "640x360", "--fps", "4"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::vector<cv::Mat> frames = readFrames(out);
    EXPECT_NEAR(double(frames.size()), double(expected), 1.0);
    ASSERT_GT(frames.size(), size_t(2));
    EXPECT_EQ(frames.front().cols, 640);
    EXPECT_EQ(frames.front().rows, 360);

    // the answers stream in: many frames differ from the one before
    int changes = 0;
    for (size_t i = 1; i < frames.size(); ++i)
        changes += cv::norm(frames[i], frames[i - 1], cv::NORM_L1) / double(frames[i].total()) > 0.05;
    EXPECT_GE(changes, 10);

    // the last frame shows the boxes of the answer about the image in view: their outline colour on the canvas,
    // which the first frame (before any answer) does not have
    const gc::annot::SessionImage &image = doc.images.at(size_t(doc.current));
    ASSERT_FALSE(image.messages.empty());
    const gc::annot::SessionMessage &answer = image.messages.back();
    ASSERT_FALSE(answer.entities.empty());
    const QColor outline = RegionPalette::regionColour(answer.entities.front().colorIndex);
    const int before = pixelsOf(frames.front(), outline, 40), after = pixelsOf(frames.back(), outline, 40);
    EXPECT_GT(after, 60) << "outline pixels on the last frame";
    EXPECT_GT(after, 4 * before + 30);
}

TEST_F(CliReplay, GifIsOurOwnAndDecodes)
{
    const std::string out = (dir / "demo.gif").string();
    const CliResult r = runCli({"replay", kDemo, "--video", out, "--size", "320x180", "--fps", "2", "--speed", "2"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::vector<cv::Mat> frames = readFrames(out);
    ASSERT_GT(frames.size(), size_t(2));
    EXPECT_EQ(frames.back().cols, 320);
    EXPECT_EQ(frames.back().rows, 180);
    // a frame is the one before plus what changed: the last differs from the first
    EXPECT_GT(cv::norm(frames.front(), frames.back(), cv::NORM_L1), 1000.0);
}

TEST_F(CliReplay, BadRequestsSaySo)
{
    EXPECT_EQ(runCli({"replay", kDemo, "--video", (dir / "x.avi").string()}).exitCode, 2);
    EXPECT_EQ(runCli({"replay", kDemo, "--video", (dir / "x.mp4").string(), "--size", "641x360"}).exitCode, 2);
    EXPECT_EQ(runCli({"replay", (dir / "none.gcsession").string(), "--video", (dir / "x.mp4").string()}).exitCode, 3);
}
