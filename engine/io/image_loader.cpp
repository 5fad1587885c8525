#include "io/image_loader.h"

#include "io/image_header.h"
#include "io/safetensors.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>

namespace gc::io {

namespace {

ImageExtent checkedExtent(const std::string &path, int64_t maxPixels)
{
    if (!std::filesystem::is_regular_file(path))
        throw FormatError(path + ": no such image file");
    const std::optional<ImageExtent> e = readImageExtent(path);
    if (!e)
        throw FormatError(path + ": not an image GroundChat can read (PNG, JPEG, BMP, WebP, TIFF, PNM or Sun raster), "
                                 "or its header is damaged");
    if (e->width <= 0 || e->height <= 0)
        throw FormatError(path + ": the image header declares no pixels");
    if (e->width > std::numeric_limits<int>::max() || e->height > std::numeric_limits<int>::max()
        || e->pixels() > maxPixels) {
        char why[160];
        std::snprintf(why, sizeof why, ": the image is %lld x %lld pixels (%.1f megapixels), more than the limit of %.1f",
                      static_cast<long long>(e->width), static_cast<long long>(e->height), double(e->pixels()) / 1e6,
                      double(maxPixels) / 1e6);
        throw FormatError(path + why + " megapixels");
    }
    return *e;
}

// Pillow decodes whole and then resizes, so a reduced decode cannot match the reference bit for bit:
// reduction is kept to images past kExactDecodePixels (larger than the reference's test images and
// than most camera photos) and to JPEG, whose decoder reduces in the DCT domain without ever holding
// the full image. PNG and the others would be decoded whole and then shrunk by OpenCV: no memory
// saved, a second resample added, so they are not reduced. With every side still at least
// kReducedFrameMargin times the frame, the bicubic resize keeps averaging many source pixels per
// output pixel, and the model's input differs from the full decode's by a few grey levels.
int reductionFor(const ImageExtent &e, int frameWidth, int frameHeight)
{
    if (e.format != ImageFormat::Jpeg || e.pixels() <= kExactDecodePixels || frameWidth <= 0 || frameHeight <= 0)
        return 1;
    // the frame's sides may meet either image side once EXIF orientation turns the image
    const int64_t frameSide = int64_t(std::max(frameWidth, frameHeight)) * kReducedFrameMargin;
    const int64_t shortSide = std::min(e.width, e.height);
    int f = 8;
    while (f > 1 && shortSide / f < frameSide)
        f /= 2;
    return f;
}

int reducedFlag(int factor)
{
    switch (factor) {
    case 2:
        return cv::IMREAD_REDUCED_COLOR_2;
    case 4:
        return cv::IMREAD_REDUCED_COLOR_4;
    case 8:
        return cv::IMREAD_REDUCED_COLOR_8;
    default:
        // IMREAD_COLOR (not UNCHANGED) is what makes OpenCV honour the EXIF orientation tag; it also
        // expands grey and palette images and drops alpha, like Pillow's convert("RGB").
        return cv::IMREAD_COLOR | cv::IMREAD_ANYDEPTH;
    }
}

RgbImage decode(const std::string &path, const ImageExtent &e, int factor)
{
    if (e.format == ImageFormat::Jpeg && !jpegReachesEnd(path))
        throw FormatError(path + ": the JPEG data ends early (the file is truncated)");
    cv::Mat m;
    try {
        m = cv::imread(path, reducedFlag(factor));
    } catch (const cv::Exception &e) {
        throw FormatError(path + ": cannot decode image (" + e.what() + ")");
    }
    if (m.empty())
        throw FormatError(path + ": cannot decode image (unsupported or corrupt file)");
    if (m.depth() == CV_16U)
        m.convertTo(m, CV_8U, 1.0 / 257.0);
    else if (m.depth() == CV_32F)
        m.convertTo(m, CV_8U, 255.0);
    else if (m.depth() != CV_8U)
        m.convertTo(m, CV_8U);
    cv::cvtColor(m, m, cv::COLOR_BGR2RGB); // in place: a large photo is not held three times
    RgbImage img;
    img.width = m.cols;
    img.height = m.rows;
    img.pixels.resize(static_cast<size_t>(m.cols) * m.rows * 3);
    for (int y = 0; y < m.rows; ++y)
        std::memcpy(img.pixels.data() + static_cast<size_t>(y) * m.cols * 3, m.ptr<uint8_t>(y),
                    static_cast<size_t>(m.cols) * 3);
    return img;
}

} // namespace

ImageSize checkImageSize(const std::string &path, int64_t maxPixels)
{
    const ImageExtent e = checkedExtent(path, maxPixels);
    return {static_cast<int>(e.width), static_cast<int>(e.height)};
}

RgbImage loadImageRgb(const std::string &path, int64_t maxPixels)
{
    return decode(path, checkedExtent(path, maxPixels), 1);
}

FramedImage loadImageRgbForFrame(const std::string &path, int frameWidth, int frameHeight, int64_t maxPixels)
{
    const ImageExtent e = checkedExtent(path, maxPixels);
    const int factor = reductionFor(e, frameWidth, frameHeight);
    FramedImage out;
    out.image = decode(path, e, factor);
    if (factor == 1) {
        out.width = out.image.width;
        out.height = out.image.height;
        return out;
    }
    // the decoder rounds each reduced side up; a side that matches the header's height was turned
    const auto reduced = [factor](int64_t side) { return static_cast<int>((side + factor - 1) / factor); };
    const bool turned = out.image.width != reduced(e.width) || out.image.height != reduced(e.height);
    out.width = static_cast<int>(turned ? e.height : e.width);
    out.height = static_cast<int>(turned ? e.width : e.height);
    return out;
}

void saveImageRgb(const std::string &path, const RgbImage &image)
{
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t *>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    bool ok = false;
    try {
        ok = cv::imwrite(path, bgr);
    } catch (const cv::Exception &e) {
        throw FormatError(path + ": cannot write image (" + e.what() + ")");
    }
    if (!ok)
        throw FormatError(path + ": cannot write image");
}

} // namespace gc::io
