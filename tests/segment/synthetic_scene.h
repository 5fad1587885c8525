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
    gc::PointF click; // makeClickScene: where a user clicks it (well inside, rarely the centre)
};

struct Scene {
    gc::io::RgbImage image;
    std::vector<SceneObject> objects;
    const char *background = "";
};

// Deterministic for a seed: 3 to 4 non-overlapping objects (disc, ellipse, rotated rectangle, star
// polygon) with their own texture, each coloured at least `contrast` (RGB distance) away from the mean
// of the background it covers; pixel noise of `noise` (standard deviation) over everything.
Scene makeScene(uint32_t seed, int width = 480, int height = 360, double contrast = 60, double noise = 18);

// Scenes for one-click masks, harder than makeScene: one background texture per scene (noise, stripes,
// checker or a gradient, in turn with the seed), and 3 to 5 shaded objects (a brightness ramp across each,
// a highlight on about half) of four shapes and sizes from small to large; about one in three is placed
// touching an earlier one and in front of it (the earlier mask loses what it covers). Each object's colour
// is far from every background colour under it and from the object it touches.
Scene makeClickScene(uint32_t seed, int width = 480, int height = 360);
