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

// Draws `o` (its shape and colour) in the square of side s at (cx, cy) unless it would cover more than a third
// of an object already drawn (or lies outside); then adds it, with its drawn box, to `objects`.
template <typename Uni>
bool addObject(cv::Mat &img, std::vector<Object> &objects, Object o, double cx, double cy, double s, Uni &uni)
{
    cv::Mat mask = cv::Mat::zeros(img.rows, img.cols, CV_8U);
    cv::Mat probe = cv::Mat::zeros(img.rows, img.cols, CV_8UC3);
    drawShape(probe, mask, o.shape, cx, cy, s, cv::Scalar(0, 0, 0));
    const cv::Rect r = cv::boundingRect(mask > 96);
    if (r.area() == 0)
        return false;
    o.box = intersect({double(r.x), double(r.y), double(r.x + r.width), double(r.y + r.height)},
                  {0, 0, double(img.cols), double(img.rows)});
    bool clash = false;
    for (const Object &p : objects) {
        const Box in = intersect(o.box, p.box);
        if (in.isOrdered() && in.area() > 0.3 * std::min(o.box.area(), p.box.area()))
            clash = true;
    }
    if (clash)
        return false;
    const cv::Vec3i base = kRgb[size_t(o.colour)];
    const cv::Scalar col(std::clamp(base[0] + uni(-18, 18), 0.0, 255.0),
                         std::clamp(base[1] + uni(-18, 18), 0.0, 255.0),
                         std::clamp(base[2] + uni(-18, 18), 0.0, 255.0));
    cv::Mat unused = cv::Mat::zeros(img.rows, img.cols, CV_8U);
    drawShape(img, unused, o.shape, cx, cy, s, col);
    objects.push_back(o);
    return true;
}

// A muted colour, sometimes a gradient.
template <typename Uni, typename Pick>
cv::Mat background(int W, int H, Uni &uni, Pick &pick)
{
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
    return img;
}

// Sensor-like noise of a random strength, from OpenCV's generator seeded by the scene's seed.
template <typename Uni>
void addNoise(cv::Mat &img, uint64_t seed, Uni &uni)
{
    const double sigma = uni(0, 12);
    if (sigma > 1) {
        cv::Mat noise(img.rows, img.cols, CV_16SC3);
        cv::theRNG().state = seed + 1; // OpenCV's own generator, seeded so the scene is reproducible
        cv::randn(noise, 0, sigma);
        cv::Mat tmp;
        img.convertTo(tmp, CV_16SC3);
        tmp += noise;
        tmp.convertTo(img, CV_8UC3);
    }
}

io::RgbImage toImage(const cv::Mat &img)
{
    io::RgbImage out;
    out.width = img.cols;
    out.height = img.rows;
    out.pixels.assign(img.data, img.data + size_t(img.cols) * img.rows * 3); // drawn as RGB directly
    return out;
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

    cv::Mat img = background(W, H, uni, pick);

    Scene scene;
    const int n = 1 + pick(kMaxObjects);
    const double m = std::min(W, H);
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
        if (!addObject(img, scene.objects, o, cx, cy, s, uni))
            continue;
        ++i;
    }

    addNoise(img, seed, uni);
    scene.image = toImage(img);
    return scene;
}

Scene makeLargeScene(uint64_t seed, SizeI size, int count, double minSide, double maxSide)
{
    std::mt19937_64 rng(seed * 0xD1B54A32D192ED03ull + 29);
    auto uni = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
    auto pick = [&](int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
    cv::Mat img = background(size.width, size.height, uni, pick);
    Scene scene;
    for (int tries = 0; int(scene.objects.size()) < count && tries < 50 * count; ++tries) {
        Object o;
        o.shape = Shape(pick(kShapes));
        o.colour = Colour(pick(kColours));
        const double s = uni(minSide, maxSide);
        const double cx = uni(s / 2, size.width - s / 2), cy = uni(s / 2, size.height - s / 2);
        // apart by a side at least, so each object is one the model can name on its own
        const bool crowded = std::any_of(scene.objects.begin(), scene.objects.end(), [&](const Object &p) {
            const PointF c = p.box.center();
            return std::abs(c.x - cx) < (p.size() + s) && std::abs(c.y - cy) < (p.size() + s);
        });
        if (!crowded)
            (void)addObject(img, scene.objects, o, cx, cy, s, uni);
    }
    addNoise(img, seed, uni);
    scene.image = toImage(img);
    return scene;
}

} // namespace gc::demo
