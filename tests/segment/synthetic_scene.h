#pragma once

// Generated test images with known objects: shapes drawn with OpenCV on textured, noisy backgrounds,
// each with its exact ground-truth mask.

#include "core/rle.h"
#include "io/image_loader.h"

#include <cstdint>
#include <vector>

struct SceneObject {
    gc::Mask mask;
    gc::Box box; // tight, [x1, x2) x [y1, y2)
    const char *shape = "";
};

struct Scene {
    gc::io::RgbImage image;
    std::vector<SceneObject> objects;
};

// Deterministic for a seed: 3 to 4 non-overlapping objects (disc, ellipse, rotated rectangle, star
// polygon) with their own texture, each coloured at least `contrast` (RGB distance) away from the mean
// of the background it covers; pixel noise of `noise` (standard deviation) over everything.
Scene makeScene(uint32_t seed, int width = 480, int height = 360, double contrast = 60, double noise = 18);
