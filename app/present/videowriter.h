#pragma once

// Writes frames to a video file by its extension: .mp4 and .webm through OpenCV's VideoWriter (its FFmpeg
// backend; the first codec that opens of H.264 then MPEG-4 Part 2 for .mp4, VP9 then VP8 for .webm), .gif through
// GifWriter. Plain C++.

#include <cstdint>
#include <memory>
#include <string>

namespace gc::video {

class FrameSink
{
public:
    virtual ~FrameSink() = default;
    // `rgb`: height rows of `stride` bytes, 3 bytes (R, G, B) a pixel, of the size the sink was opened with.
    virtual void write(const uint8_t *rgb, int stride) = 0;
    virtual bool finish() = 0;
};

// nullptr, with *error saying why, for an unknown extension or a file the codecs cannot write.
[[nodiscard]] std::unique_ptr<FrameSink> openVideo(const std::string &path, int width, int height, double fps,
                                                   std::string *error);
// Whether openVideo takes this file name (".mp4", ".webm", ".gif", any case).
[[nodiscard]] bool isVideoPath(const std::string &path);
// Why openVideo would refuse frames of this size for this file ("" when it takes them): the codecs of .mp4 and
// .webm take even sizes only.
[[nodiscard]] std::string sizeProblem(const std::string &path, int width, int height);

} // namespace gc::video
