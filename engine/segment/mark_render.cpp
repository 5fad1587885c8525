#include "segment/mark_render.h"

#include "segment/cv_bridge.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <string>

namespace gc::seg {

io::RgbImage renderMarkedImage(const io::RgbImage &image, const std::vector<Mark> &marks, const MarkRenderOptions &options)
{
    if (image.width <= 0 || image.height <= 0 || image.pixels.size() != size_t(image.width) * image.height * 3)
        return image;
    cv::Mat out = detail::rgbView(image).clone();
    const double radius = options.labelRadius > 0 ? options.labelRadius : markLabelRadius(image.width, image.height);
    const int line = std::max(1, int(std::lround(radius / 8)));

    if (options.outlines) {
        for (const Mark &m : marks) {
            const std::optional<Mask> region = rleDecode(m.rle);
            if (!region || region->width != image.width || region->height != image.height)
                continue;
            std::vector<std::vector<cv::Point>> contours;
            cv::findContours(detail::maskView(*region) != 0, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
            // Dark under light: visible on both bright and dark regions.
            cv::drawContours(out, contours, -1, cv::Scalar(0, 0, 0), line + 1, cv::LINE_AA);
            cv::drawContours(out, contours, -1, cv::Scalar(255, 255, 255), std::max(1, line - 1), cv::LINE_AA);
        }
    }

    const int font = cv::FONT_HERSHEY_SIMPLEX;
    for (const Mark &m : marks) {
        const cv::Point centre(int(std::lround(m.label.x)), int(std::lround(m.label.y)));
        const int r = int(std::lround(radius));
        cv::circle(out, centre, r, cv::Scalar(20, 20, 20), cv::FILLED, cv::LINE_AA);
        cv::circle(out, centre, r, cv::Scalar(255, 255, 255), line, cv::LINE_AA);
        const std::string text = std::to_string(m.number);
        // Size the digits so that two of them fit inside the disc.
        int baseline = 0;
        const cv::Size unit = cv::getTextSize(text, font, 1.0, 1, &baseline);
        const double fit = std::min(1.5 * radius / std::max(1, unit.width), 1.1 * radius / std::max(1, unit.height));
        const int thick = std::max(1, int(std::lround(fit * 2)));
        const cv::Size size = cv::getTextSize(text, font, fit, thick, &baseline);
        const cv::Point origin(centre.x - size.width / 2, centre.y + size.height / 2);
        cv::putText(out, text, origin, font, fit, cv::Scalar(255, 255, 255), thick, cv::LINE_AA);
    }
    return detail::toRgbImage(out);
}

} // namespace gc::seg
