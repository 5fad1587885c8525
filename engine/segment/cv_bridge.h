#pragma once

// Internal: zero-copy views and copies between the engine's plain image/mask types and cv::Mat.
// Only segment/*.cpp include it, so OpenCV stays out of the public headers.

#include "core/rle.h"
#include "io/image_loader.h"

#include <opencv2/core.hpp>

namespace gc::seg::detail {

// A CV_8UC3 RGB view of the image's pixels (no copy; valid while `image` lives and is unchanged).
inline cv::Mat rgbView(const io::RgbImage &image)
{
    return cv::Mat(image.height, image.width, CV_8UC3, const_cast<uint8_t *>(image.pixels.data()));
}

// A CV_8UC1 view of the mask bytes (0/1 or 0/255).
inline cv::Mat maskView(const Mask &mask)
{
    return cv::Mat(mask.height, mask.width, CV_8UC1, const_cast<uint8_t *>(mask.data.data()));
}

// Copies a CV_8UC1 matrix into a 0/1 Mask.
inline Mask toMask(const cv::Mat &m)
{
    Mask out(m.cols, m.rows);
    for (int y = 0; y < m.rows; ++y) {
        const uint8_t *src = m.ptr<uint8_t>(y);
        uint8_t *dst = out.data.data() + size_t(y) * size_t(m.cols);
        for (int x = 0; x < m.cols; ++x)
            dst[x] = src[x] ? 1 : 0;
    }
    return out;
}

inline io::RgbImage toRgbImage(const cv::Mat &rgb)
{
    io::RgbImage out;
    out.width = rgb.cols;
    out.height = rgb.rows;
    out.pixels.resize(size_t(rgb.cols) * size_t(rgb.rows) * 3);
    for (int y = 0; y < rgb.rows; ++y)
        std::copy_n(rgb.ptr<uint8_t>(y), size_t(rgb.cols) * 3, out.pixels.data() + size_t(y) * size_t(rgb.cols) * 3);
    return out;
}

} // namespace gc::seg::detail
