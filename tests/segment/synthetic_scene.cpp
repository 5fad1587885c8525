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
