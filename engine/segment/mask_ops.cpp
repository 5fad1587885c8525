#include "segment/mask_ops.h"

#include "segment/cv_bridge.h"

#include <opencv2/imgcodecs.hpp>

namespace gc::seg {

double maskIoU(const Mask &a, const Mask &b)
{
    if (a.width != b.width || a.height != b.height || a.data.size() != b.data.size())
        return 0;
    long long inter = 0, uni = 0;
    for (size_t i = 0; i < a.data.size(); ++i) {
        const bool x = a.data[i] != 0, y = b.data[i] != 0;
        inter += x && y;
        uni += x || y;
    }
    return uni == 0 ? 1.0 : double(inter) / double(uni);
}

std::string saveMaskPng(const std::string &path, const Mask &mask)
{
    if (mask.width <= 0 || mask.height <= 0)
        return path + ": empty mask";
    const cv::Mat m = detail::maskView(mask) != 0; // 0/255
    try {
        if (!cv::imwrite(path, m))
            return path + ": cannot write image";
    } catch (const cv::Exception &e) {
        return path + ": cannot write image (" + e.what() + ")";
    }
    return {};
}

Mask loadMaskPng(const std::string &path)
{
    cv::Mat m;
    try {
        m = cv::imread(path, cv::IMREAD_GRAYSCALE);
    } catch (const cv::Exception &) {
        return {};
    }
    return m.empty() ? Mask{} : detail::toMask(m);
}

} // namespace gc::seg
