#include "demo/scene.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>

namespace gc::demo {

namespace {

const std::array<cv::Vec3i, kColours> kRgb{{{220, 40, 40}, {40, 175, 60}, {45, 85, 225},
                                             {235, 215, 40}, {145, 60, 195}, {250, 140, 30}}};

// Fills the shape into `canvas` (and the 1-channel `mask`) inside the square at (cx, cy) of side s.
void drawShape(cv::Mat &canvas, cv::Mat &mask, Shape shape, double cx, double cy, double s, const cv::Scalar &col)
{
    const double h = s / 2;
    auto fill = [&](auto &&draw) {
        draw(canvas, col);
        draw(mask, cv::Scalar(255));
    };
    const int shift = 4; // sub-pixel coordinates, so small shapes keep their proportions
    const double k = 1 << shift;
    auto pt = [&](double x, double y) { return cv::Point(int(std::lround(x * k)), int(std::lround(y * k))); };
    switch (shape) {
    case Shape::Circle:
        fill([&](cv::Mat &m, const cv::Scalar &c) {
            cv::circle(m, pt(cx, cy), int(std::lround(h * k)), c, cv::FILLED, cv::LINE_AA, shift);
        });
        break;
    case Shape::Square:
        fill([&](cv::Mat &m, const cv::Scalar &c) {
            const std::vector<cv::Point> p{pt(cx - h * 0.9, cy - h * 0.9), pt(cx + h * 0.9, cy - h * 0.9),
                                           pt(cx + h * 0.9, cy + h * 0.9), pt(cx - h * 0.9, cy + h * 0.9)};
            cv::fillConvexPoly(m, p, c, cv::LINE_AA, shift);
        });
        break;
    case Shape::Triangle:
        fill([&](cv::Mat &m, const cv::Scalar &c) {
            const std::vector<cv::Point> p{pt(cx, cy - h), pt(cx + h, cy + h * 0.8), pt(cx - h, cy + h * 0.8)};
            cv::fillConvexPoly(m, p, c, cv::LINE_AA, shift);
        });
        break;
    case Shape::Diamond:
        fill([&](cv::Mat &m, const cv::Scalar &c) {
            const std::vector<cv::Point> p{pt(cx, cy - h), pt(cx + h * 0.8, cy), pt(cx, cy + h), pt(cx - h * 0.8, cy)};
            cv::fillConvexPoly(m, p, c, cv::LINE_AA, shift);
        });
        break;
    }
}

Box intersect(const Box &a, const Box &b)
{
    return {std::max(a.x1, b.x1), std::max(a.y1, b.y1), std::min(a.x2, b.x2), std::min(a.y2, b.y2)};
}

} // namespace

const char *shapeName(Shape s)
{
    static const char *n[] = {"circle", "square", "triangle", "diamond"};
    return n[int(s)];
}
const char *shapePlural(Shape s)
{
    static const char *n[] = {"circles", "squares", "triangles", "diamonds"};
    return n[int(s)];
}
const char *articleFor(Colour c) { return c == Colour::Orange ? "an" : "a"; }

std::array<int, 3> colourRgb(Colour c)
{
    const cv::Vec3i &v = kRgb[size_t(c)];
    return {v[0], v[1], v[2]};
}

const char *colourName(Colour c)
{
    static const char *n[] = {"red", "green", "blue", "yellow", "purple", "orange"};
    return n[int(c)];
}

Scene makeScene(uint64_t seed)
{
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + 17);
    auto uni = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
    auto pick = [&](int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
    const int W = 160 + pick(129), H = 160 + pick(129);

    // Background: a muted colour, sometimes a gradient, then sensor-like noise.
    cv::Mat img(H, W, CV_8UC3);
    const double g = uni(40, 225);
    cv::Vec3d c0(g + uni(-25, 25), g + uni(-25, 25), g + uni(-25, 25));
    cv::Vec3d c1 = pick(2) ? cv::Vec3d(g + uni(-45, 45), g + uni(-45, 45), g + uni(-45, 45)) : c0;
    const bool vertical = pick(2);
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) {
            const double t = vertical ? double(y) / H : double(x) / W;
            const cv::Vec3d v = c0 * (1 - t) + c1 * t;
            img.at<cv::Vec3b>(y, x) = cv::Vec3b(cv::saturate_cast<uchar>(v[0]), cv::saturate_cast<uchar>(v[1]),
                                                cv::saturate_cast<uchar>(v[2]));
        }

    Scene scene;
    const int n = 1 + pick(kMaxObjects);
    const double m = std::min(W, H);
    const Box frame{0, 0, double(W), double(H)};
    for (int i = 0, tries = 0; i < n && tries < 200; ++tries) {
        Object o;
        o.shape = Shape(pick(kShapes));
        o.colour = Colour(pick(kColours));
        const double s = m * (pick(2) ? uni(0.11, 0.18) : uni(0.24, 0.34));
        // A few objects sit against the border, so the model sees edge cells too.
        double cx = uni(s / 2, W - s / 2), cy = uni(s / 2, H - s / 2);
        if (pick(6) == 0)
            cx = pick(2) ? s / 2 : W - s / 2;
        if (pick(6) == 0)
            cy = pick(2) ? s / 2 : H - s / 2;
        cv::Mat mask = cv::Mat::zeros(H, W, CV_8U);
        cv::Mat probe = cv::Mat::zeros(H, W, CV_8UC3);
        drawShape(probe, mask, o.shape, cx, cy, s, cv::Scalar(0, 0, 0));
        const cv::Rect r = cv::boundingRect(mask > 96);
        if (r.area() == 0)
            continue;
        o.box = intersect({double(r.x), double(r.y), double(r.x + r.width), double(r.y + r.height)}, frame);
        bool clash = false;
        for (const Object &p : scene.objects) {
            const Box in = intersect(o.box, p.box);
            if (in.isOrdered() && in.area() > 0.3 * std::min(o.box.area(), p.box.area()))
                clash = true;
        }
        if (clash)
            continue;
        const cv::Vec3i base = kRgb[size_t(o.colour)];
        const cv::Scalar col(std::clamp(base[0] + uni(-18, 18), 0.0, 255.0),
                             std::clamp(base[1] + uni(-18, 18), 0.0, 255.0),
                             std::clamp(base[2] + uni(-18, 18), 0.0, 255.0));
        cv::Mat unused = cv::Mat::zeros(H, W, CV_8U);
        drawShape(img, unused, o.shape, cx, cy, s, col);
        scene.objects.push_back(o);
        ++i;
    }

    const double sigma = uni(0, 12);
    if (sigma > 1) {
        cv::Mat noise(H, W, CV_16SC3);
        cv::theRNG().state = seed + 1; // OpenCV's own generator, seeded so the scene is reproducible
        cv::randn(noise, 0, sigma);
        cv::Mat tmp;
        img.convertTo(tmp, CV_16SC3);
        tmp += noise;
        tmp.convertTo(img, CV_8UC3);
    }
    scene.image.width = W;
    scene.image.height = H;
    scene.image.pixels.assign(img.data, img.data + size_t(W) * H * 3); // drawn as RGB directly
    return scene;
}

} // namespace gc::demo
