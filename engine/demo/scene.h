#pragma once

// The demo model's synthetic world: 1-6 coloured shapes on a varied background. A scene is drawn from a
// seed alone, so training, evaluation, tests and the app's demo session can all regenerate the same one.

#include "core/geometry.h"
#include "io/image_loader.h"

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace gc::demo {

enum class Shape { Circle, Square, Triangle, Diamond };
enum class Colour { Red, Green, Blue, Yellow, Purple, Orange };
constexpr int kShapes = 4;
constexpr int kColours = 6;
constexpr int kMaxObjects = 6; // a scene holds 1..kMaxObjects objects

[[nodiscard]] const char *shapeName(Shape s);
[[nodiscard]] const char *shapePlural(Shape s);
[[nodiscard]] const char *colourName(Colour c);
// The indefinite article before the colour's word: "an" for orange, else "a".
[[nodiscard]] const char *articleFor(Colour c);
// The colour's base red, green, blue (0-255) before shading and noise.
[[nodiscard]] std::array<int, 3> colourRgb(Colour c);

struct Object {
    Shape shape = Shape::Circle;
    Colour colour = Colour::Red;
    Box box; // pixels of the scene image, the tight bounding box of what was drawn
    [[nodiscard]] double size() const { return std::max(box.width(), box.height()); }
};

struct Scene {
    io::RgbImage image;
    std::vector<Object> objects; // in drawing order (later ones may cover earlier ones)
};

// Draws the scene for `seed`. Objects stay mostly visible: one may overlap another by less than a third
// of either's box, so every object remains identifiable.
[[nodiscard]] Scene makeScene(uint64_t seed);

// A large scene of `count` small objects (sides minSide..maxSide pixels, each at least a side away from the
// others) on the same kind of background: what tiled grounding is measured on. Not makeScene's scene for the
// same seed. Fewer objects when they do not fit.
[[nodiscard]] Scene makeLargeScene(uint64_t seed, SizeI size, int count, double minSide, double maxSide);

} // namespace gc::demo
