#include "synthetic_scene.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <random>

namespace {

cv::Mat texturedBackground(std::mt19937 &rng, int w, int h)
{
    // Low-frequency colour blotches + stripes + per-pixel noise: a cluttered but object-free backdrop.
    cv::Mat coarse(6, 8, CV_32FC3);
    std::uniform_real_distribution<float> u(40, 215);
    for (int y = 0; y < coarse.rows; ++y)
        for (int x = 0; x < coarse.cols; ++x)
            coarse.at<cv::Vec3f>(y, x) = cv::Vec3f(u(rng), u(rng), u(rng));
    cv::Mat bg;
    cv::resize(coarse, bg, cv::Size(w, h), 0, 0, cv::INTER_CUBIC);
    std::uniform_real_distribution<double> phase(0, 6.28);
    const double p = phase(rng), period = 9 + std::uniform_real_distribution<double>(0, 8)(rng);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const float stripe = float(18 * std::sin((x + 0.6 * y) / period * 6.28 + p));
            bg.at<cv::Vec3f>(y, x) += cv::Vec3f(stripe, stripe, stripe);
        }
    return bg;
}

void addNoise(cv::Mat &img, std::mt19937 &rng, double sigma)
{
    std::normal_distribution<float> n(0, float(sigma));
    for (int y = 0; y < img.rows; ++y)
        for (int x = 0; x < img.cols; ++x) {
            cv::Vec3f &v = img.at<cv::Vec3f>(y, x);
            v += cv::Vec3f(n(rng), n(rng), n(rng));
        }
}

cv::Vec3f distinctColour(std::mt19937 &rng, const cv::Scalar &around, double contrast)
{
    std::uniform_real_distribution<float> u(0, 255);
    for (;;) {
        const cv::Vec3f c(u(rng), u(rng), u(rng));
        const cv::Vec3f d = c - cv::Vec3f(float(around[0]), float(around[1]), float(around[2]));
        if (std::sqrt(d.dot(d)) > contrast && std::sqrt(d.dot(d)) < contrast + 40)
            return c;
    }
}

// Fills one of the four shapes (0 disc, 1 ellipse, 2 rotated rectangle, 3 star) of radius about `size`
// around `c` into the 0/255 mask `m`.
void drawShape(cv::Mat &m, int kind, cv::Point c, double size, std::mt19937 &rng)
{
    std::uniform_real_distribution<double> u01(0, 1);
    if (kind == 0) {
        cv::circle(m, c, int(size), 255, cv::FILLED);
    } else if (kind == 1) {
        cv::ellipse(m, c, cv::Size(int(size), int(size * 0.6)), u01(rng) * 180, 0, 360, 255, cv::FILLED);
    } else if (kind == 2) {
        const cv::RotatedRect rr(c, cv::Size2f(float(size * 1.8), float(size * 1.1)), float(u01(rng) * 90));
        cv::Point2f v[4];
        rr.points(v);
        std::vector<cv::Point> pts(v, v + 4);
        cv::fillConvexPoly(m, pts, 255);
    } else {
        std::vector<cv::Point> star;
        for (int k = 0; k < 10; ++k) {
            const double a = k * 3.14159265 / 5 + u01(rng) * 0.1;
            const double r = (k % 2 ? 0.55 : 1.0) * size;
            star.emplace_back(int(c.x + r * std::cos(a)), int(c.y + r * std::sin(a)));
        }
        cv::fillPoly(m, std::vector<std::vector<cv::Point>>{star}, 255);
    }
}

} // namespace

Scene makeScene(uint32_t seed, int width, int height, double contrast, double noise)
{
    std::mt19937 rng(seed);
    cv::Mat img = texturedBackground(rng, width, height);
    cv::Mat occupied = cv::Mat::zeros(height, width, CV_8UC1);
    Scene scene;
    const char *shapes[] = {"disc", "ellipse", "rotated-rect", "star"};
    const int count = 3 + int(seed % 2);
    const int minSide = std::min(width, height);
    std::uniform_real_distribution<double> u01(0, 1);
    for (int i = 0; i < count; ++i) {
        for (int attempt = 0; attempt < 200; ++attempt) {
            cv::Mat m = cv::Mat::zeros(height, width, CV_8UC1);
            const double size = minSide * (0.12 + 0.1 * u01(rng));
            const cv::Point c(int(size + u01(rng) * (width - 2 * size)), int(size + u01(rng) * (height - 2 * size)));
            const int kind = (i + int(seed)) % 4;
            drawShape(m, kind, c, size, rng);
            cv::Mat grown;
            cv::dilate(m, grown, cv::getStructuringElement(cv::MORPH_ELLIPSE, {15, 15}));
            if (cv::countNonZero(grown & occupied) > 0)
                continue;
            occupied |= grown;
            const cv::Vec3f colour = distinctColour(rng, cv::mean(img, m), contrast);
            // The object's own texture: a gentle gradient so it is not a flat fill.
            for (int y = 0; y < height; ++y)
                for (int x = 0; x < width; ++x)
                    if (m.at<uint8_t>(y, x)) {
                        const float g = float(20 * std::sin((x - c.x) / 11.0) * std::cos((y - c.y) / 13.0));
                        img.at<cv::Vec3f>(y, x) = colour + cv::Vec3f(g, g, g);
                    }
            SceneObject obj;
            obj.mask = gc::Mask(width, height);
            for (int y = 0; y < height; ++y)
                for (int x = 0; x < width; ++x)
                    obj.mask.set(x, y, m.at<uint8_t>(y, x) != 0);
            obj.box = obj.mask.bbox();
            obj.shape = shapes[kind];
            scene.objects.push_back(std::move(obj));
            break;
        }
    }
    addNoise(img, rng, noise);
    cv::Mat u8;
    img.convertTo(u8, CV_8UC3);
    scene.image.width = width;
    scene.image.height = height;
    scene.image.pixels.assign(u8.data, u8.data + size_t(width) * height * 3);
    return scene;
}

namespace {

cv::Vec3f randomColour(std::mt19937 &rng)
{
    std::uniform_real_distribution<float> u(20, 235);
    return {u(rng), u(rng), u(rng)};
}

float colourDistance(const cv::Vec3f &a, const cv::Vec3f &b)
{
    const cv::Vec3f d = a - b;
    return std::sqrt(d.dot(d));
}

// The background before noise, and the two colours it is made of.
cv::Mat clickBackground(std::mt19937 &rng, int kind, int w, int h, std::vector<cv::Vec3f> &colours)
{
    std::uniform_real_distribution<double> u01(0, 1);
    const cv::Vec3f a = randomColour(rng);
    cv::Vec3f b = randomColour(rng);
    while (colourDistance(a, b) < 50)
        b = randomColour(rng);
    colours = {a, b};
    cv::Mat bg(h, w, CV_32FC3);
    const double angle = u01(rng) * 3.14159265, period = 8 + 16 * u01(rng);
    const double ca = std::cos(angle), sa = std::sin(angle);
    std::normal_distribution<float> grain(0, 28);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            cv::Vec3f &v = bg.at<cv::Vec3f>(y, x);
            if (kind == 0) { // coarse noise: strong grain over one colour
                v = a + cv::Vec3f(grain(rng), grain(rng), grain(rng));
            } else if (kind == 1) { // stripes at an angle, soft-edged
                const double s = 0.5 + 0.5 * std::tanh(3 * std::sin((x * ca + y * sa) / period * 6.2831853));
                v = a * float(1 - s) + b * float(s);
            } else if (kind == 2) { // checker
                v = ((int(x / period) + int(y / period)) % 2) ? a : b;
            } else { // gradient along the angle
                const double t = 0.5 + 0.5 * ((x - w / 2.0) * ca + (y - h / 2.0) * sa) / (0.5 * std::hypot(w, h));
                v = a * float(1 - t) + b * float(t);
            }
        }
    return bg;
}

cv::Point randomInside(const cv::Mat &m, std::mt19937 &rng)
{
    cv::Mat dist;
    cv::distanceTransform(m, dist, cv::DIST_L2, 3);
    double deepest = 0;
    cv::minMaxLoc(dist, nullptr, &deepest);
    std::vector<cv::Point> comfortable;
    for (int y = 0; y < m.rows; ++y)
        for (int x = 0; x < m.cols; ++x)
            if (dist.at<float>(y, x) >= std::max(3.0, 0.3 * deepest))
                comfortable.emplace_back(x, y);
    return comfortable[std::uniform_int_distribution<size_t>(0, comfortable.size() - 1)(rng)];
}

} // namespace

Scene makeClickScene(uint32_t seed, int width, int height)
{
    static const char *backgrounds[] = {"noise", "stripes", "checker", "gradient"};
    static const char *shapes[] = {"disc", "ellipse", "rotated-rect", "star"};
    std::mt19937 rng(seed * 7919u + 17u);
    std::uniform_real_distribution<double> u01(0, 1);
    const int bgKind = int(seed % 4);
    std::vector<cv::Vec3f> bgColours;
    cv::Mat img = clickBackground(rng, bgKind, width, height, bgColours);

    struct Placed {
        cv::Mat mask;
        cv::Point centre;
        double size;
        cv::Vec3f colour;
        int kind;
    };
    std::vector<Placed> placed;
    const int count = 3 + int(rng() % 3);
    const int minSide = std::min(width, height);
    for (int i = 0; i < count; ++i) {
        for (int attempt = 0; attempt < 300; ++attempt) {
            const double size = minSide * (0.06 + 0.16 * u01(rng));
            const bool touching = !placed.empty() && u01(rng) < 0.35;
            cv::Point c;
            int neighbour = -1;
            if (touching) {
                neighbour = int(rng() % placed.size());
                const double a = u01(rng) * 6.2831853;
                const double d = 0.8 * (placed[size_t(neighbour)].size + size);
                c = placed[size_t(neighbour)].centre + cv::Point(int(d * std::cos(a)), int(d * std::sin(a)));
            } else {
                c = cv::Point(int(size + u01(rng) * (width - 2 * size)), int(size + u01(rng) * (height - 2 * size)));
            }
            cv::Mat m = cv::Mat::zeros(height, width, CV_8UC1);
            const int kind = int(rng() % 4);
            drawShape(m, kind, c, size, rng);
            const int area = cv::countNonZero(m);
            cv::Rect inner(int(size / 2), int(size / 2), width - int(size), height - int(size));
            if (area < 200 || !inner.contains(c))
                continue;
            // in front of its neighbour only, which keeps at least half of itself
            bool fits = true;
            for (size_t k = 0; k < placed.size() && fits; ++k) {
                cv::Mat grown;
                cv::dilate(placed[k].mask, grown, cv::getStructuringElement(cv::MORPH_ELLIPSE, {15, 15}));
                const int overlap = cv::countNonZero(grown & m);
                if (int(k) == neighbour)
                    fits = overlap > 0 && cv::countNonZero(placed[k].mask & ~m) > cv::countNonZero(placed[k].mask) / 2;
                else
                    fits = overlap == 0;
            }
            if (!fits)
                continue;
            cv::Vec3f colour = randomColour(rng);
            bool distinct = true;
            for (const cv::Vec3f &bc : bgColours)
                distinct &= colourDistance(colour, bc) > 70;
            if (neighbour >= 0)
                distinct &= colourDistance(colour, placed[size_t(neighbour)].colour) > 70;
            if (!distinct)
                continue;
            // shading: a brightness ramp across the object, and on about half a highlight off-centre
            const double ramp = 0.15 + 0.2 * u01(rng), ra = u01(rng) * 6.2831853;
            const bool highlight = u01(rng) < 0.5;
            const cv::Point2d hl(c.x + 0.3 * size * std::cos(ra + 2), c.y + 0.3 * size * std::sin(ra + 2));
            for (int y = 0; y < height; ++y)
                for (int x = 0; x < width; ++x)
                    if (m.at<uint8_t>(y, x)) {
                        const double t = ((x - c.x) * std::cos(ra) + (y - c.y) * std::sin(ra)) / size;
                        cv::Vec3f v = colour * float(1 + ramp * std::clamp(t, -1.0, 1.0));
                        if (highlight) {
                            const double d2 = (x - hl.x) * (x - hl.x) + (y - hl.y) * (y - hl.y);
                            const float w = float(0.6 * std::exp(-d2 / (2 * 0.04 * size * size)));
                            v = v * (1 - w) + cv::Vec3f(255, 255, 255) * w;
                        }
                        img.at<cv::Vec3f>(y, x) = v;
                    }
            for (Placed &p : placed)
                p.mask &= ~m;
            placed.push_back({m, c, size, colour, kind});
            break;
        }
    }
    addNoise(img, rng, 6);
    cv::Mat u8;
    img.convertTo(u8, CV_8UC3);
    Scene scene;
    scene.background = backgrounds[bgKind];
    scene.image.width = width;
    scene.image.height = height;
    scene.image.pixels.assign(u8.data, u8.data + size_t(width) * height * 3);
    for (const Placed &p : placed) {
        SceneObject obj;
        obj.mask = gc::Mask(width, height);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                obj.mask.set(x, y, p.mask.at<uint8_t>(y, x) != 0);
        obj.box = obj.mask.bbox();
        obj.shape = shapes[p.kind];
        const cv::Point k = randomInside(p.mask, rng);
        obj.click = {k.x + 0.5, k.y + 0.5};
        scene.objects.push_back(std::move(obj));
    }
    return scene;
}
