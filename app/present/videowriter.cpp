#include "videowriter.h"
#include "gifwriter.h"

#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

namespace gc::video {

namespace {

std::string extension(const std::string &path)
{
    const size_t dot = path.rfind('.');
    std::string ext = dot == std::string::npos ? std::string() : path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

class OpenCvSink : public FrameSink
{
public:
    OpenCvSink(cv::VideoWriter writer, int width, int height)
        : m_writer(std::move(writer)), m_bgr(height, width, CV_8UC3) {}
    void write(const uint8_t *rgb, int stride) override
    {
        for (int y = 0; y < m_bgr.rows; ++y) {
            const uint8_t *in = rgb + size_t(y) * size_t(stride);
            uint8_t *out = m_bgr.ptr<uint8_t>(y);
            for (int x = 0; x < m_bgr.cols; ++x) {
                out[3 * x] = in[3 * x + 2];
                out[3 * x + 1] = in[3 * x + 1];
                out[3 * x + 2] = in[3 * x];
            }
        }
        m_writer.write(m_bgr);
    }
    bool finish() override
    {
        m_writer.release();
        return true;
    }

private:
    cv::VideoWriter m_writer;
    cv::Mat m_bgr;
};

class GifSink : public FrameSink
{
public:
    GifSink(const std::string &path, int width, int height, double fps)
        : m_gif(path, width, height, int(std::lround(100.0 / fps))) {}
    [[nodiscard]] bool isOpen() const { return m_gif.isOpen(); }
    void write(const uint8_t *rgb, int stride) override { m_gif.write(rgb, stride); }
    bool finish() override { return m_gif.finish(); }

private:
    GifWriter m_gif;
};

} // namespace

bool isVideoPath(const std::string &path)
{
    const std::string ext = extension(path);
    return ext == "mp4" || ext == "webm" || ext == "gif";
}

std::string sizeProblem(const std::string &path, int width, int height)
{
    if (width < 16 || height < 16)
        return "a video is at least 16x16";
    if (extension(path) != "gif" && (width % 2 || height % 2))
        return "the video's width and height must be even";
    return {};
}

std::unique_ptr<FrameSink> openVideo(const std::string &path, int width, int height, double fps, std::string *error)
{
    const std::string ext = extension(path);
    if (ext == "gif") {
        auto gif = std::make_unique<GifSink>(path, width, height, fps);
        if (!gif->isOpen()) {
            *error = "cannot write " + path;
            return nullptr;
        }
        return gif;
    }
    std::vector<std::string> fourccs;
    if (ext == "mp4")
        fourccs = {"avc1", "mp4v"};
    else if (ext == "webm")
        fourccs = {"VP90", "VP80"};
    else {
        *error = "a video is .mp4, .webm or .gif: " + path;
        return nullptr;
    }
    if (const std::string problem = sizeProblem(path, width, height); !problem.empty()) {
        *error = problem;
        return nullptr;
    }
    for (const std::string &f : fourccs) {
        cv::VideoWriter writer;
        if (writer.open(path, cv::CAP_FFMPEG, cv::VideoWriter::fourcc(f[0], f[1], f[2], f[3]), fps, cv::Size(width, height)) &&
            writer.isOpened())
            return std::make_unique<OpenCvSink>(std::move(writer), width, height);
    }
    *error = "OpenCV's FFmpeg backend cannot write " + path + " (no " + ext + " codec)";
    return nullptr;
}

} // namespace gc::video
