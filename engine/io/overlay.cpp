#include "io/overlay.h"

#include "io/safetensors.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace gc::io {

void saveOverlay(const std::string &path, const RgbImage &image, const std::vector<OverlayBox> &boxes)
{
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t *>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    // Line width and font follow the image size so small and large images both stay readable.
    const int thick = std::max(1, static_cast<int>(std::lround(std::min(image.width, image.height) / 200.0)));
    const double font = std::max(0.35, std::min(image.width, image.height) / 700.0);
    static const cv::Scalar palette[] = {{0, 215, 255}, {255, 128, 0}, {60, 200, 60}, {200, 60, 200},
                                         {0, 80, 255}, {255, 255, 0}};
    for (size_t i = 0; i < boxes.size(); ++i) {
        const OverlayBox &b = boxes[i];
        const cv::Scalar c = palette[i % std::size(palette)];
        const cv::Point p1(static_cast<int>(std::lround(b.x1)), static_cast<int>(std::lround(b.y1)));
        const cv::Point p2(static_cast<int>(std::lround(b.x2)), static_cast<int>(std::lround(b.y2)));
        cv::rectangle(bgr, p1, p2, c, thick);
        if (b.label.empty())
            continue;
        int base = 0;
        const cv::Size ts = cv::getTextSize(b.label, cv::FONT_HERSHEY_SIMPLEX, font, 1, &base);
        const int y = std::max(ts.height + 2, p1.y);
        cv::rectangle(bgr, cv::Point(p1.x, y - ts.height - 2), cv::Point(p1.x + ts.width + 2, y + base - 1), c,
                      cv::FILLED);
        cv::putText(bgr, b.label, cv::Point(p1.x + 1, y - 1), cv::FONT_HERSHEY_SIMPLEX, font, cv::Scalar(0, 0, 0), 1,
                    cv::LINE_AA);
    }
    bool ok = false;
    try {
        ok = cv::imwrite(path, bgr);
    } catch (const cv::Exception &e) {
        throw FormatError(path + ": cannot write image (" + e.what() + ")");
    }
    if (!ok)
        throw FormatError(path + ": cannot write image (unknown extension or unwritable folder)");
}

void saveOverlay(const std::string &path, const RgbImage &image, const GroundedText &answer)
{
    std::vector<OverlayBox> boxes;
    for (const Entity &e : answer.entities)
        for (const Region &r : e.regions)
            if (r.kind == RegionKind::Box || r.kind == RegionKind::Mark)
                boxes.push_back({r.box.x1, r.box.y1, r.box.x2, r.box.y2, e.phrase});
    saveOverlay(path, image, boxes);
}

} // namespace gc::io
