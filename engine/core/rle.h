#pragma once

#include "geometry.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gc {

// Binary mask, row-major, one byte per pixel (0 = background, anything else = foreground).
struct Mask {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> data;

    Mask() = default;
    Mask(int w, int h) : width(w), height(h), data(size_t(w) * size_t(h), 0) {}
    [[nodiscard]] bool at(int x, int y) const { return data[size_t(y) * size_t(width) + size_t(x)] != 0; }
    void set(int x, int y, bool v) { data[size_t(y) * size_t(width) + size_t(x)] = v ? 1 : 0; }
    [[nodiscard]] long long area() const;
    // Tight pixel bounding box [x1, y1, x2, y2) of the foreground; empty box when no foreground.
    [[nodiscard]] Box bbox() const;
    bool operator==(const Mask &o) const;
};

// COCO run-length encoding: column-major (Fortran order) runs, starting with a run of zeros.
struct Rle {
    int width = 0;
    int height = 0;
    std::vector<uint32_t> counts;
    bool operator==(const Rle &o) const { return width == o.width && height == o.height && counts == o.counts; }
};

[[nodiscard]] Rle rleEncode(const Mask &mask);
// Returns nullopt when the counts do not add up to width*height.
[[nodiscard]] std::optional<Mask> rleDecode(const Rle &rle);
[[nodiscard]] long long rleArea(const Rle &rle);
// The compact string form used by pycocotools (LEB128-like, delta coded after the second run).
[[nodiscard]] std::string rleToString(const Rle &rle);
// Returns nullopt on malformed input.
[[nodiscard]] std::optional<Rle> rleFromString(const std::string &s, int width, int height);

} // namespace gc
