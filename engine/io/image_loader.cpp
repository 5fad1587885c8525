#include "io/image_loader.h"

#include "io/image_header.h"
#include "io/safetensors.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>

namespace gc::io {

ImageSize checkImageSize(const std::string &path, int64_t maxPixels)
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
    return {static_cast<int>(e->width), static_cast<int>(e->height)};
}

RgbImage loadImageRgb(const std::string &path, int64_t maxPixels)
{
    (void)checkImageSize(path, maxPixels);
    cv::Mat m;
    try {
        // IMREAD_COLOR (not UNCHANGED) is what makes OpenCV honour the EXIF orientation tag; it also
        // expands grey and palette images and drops alpha, like Pillow's convert("RGB").
        m = cv::imread(path, cv::IMREAD_COLOR | cv::IMREAD_ANYDEPTH);
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
    cv::Mat rgb;
    cv::cvtColor(m, rgb, cv::COLOR_BGR2RGB);
    RgbImage img;
    img.width = rgb.cols;
    img.height = rgb.rows;
    img.pixels.resize(static_cast<size_t>(rgb.cols) * rgb.rows * 3);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(img.pixels.data() + static_cast<size_t>(y) * rgb.cols * 3, rgb.ptr<uint8_t>(y),
                    static_cast<size_t>(rgb.cols) * 3);
    return img;
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
