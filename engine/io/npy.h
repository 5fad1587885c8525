#pragma once

// Minimal .npy (v1/v2, little-endian, C order) for float32 and int64: enough to exchange tensors with
// NumPy (fixtures, `ask --dump`).

#include <cstdint>
#include <string>
#include <vector>

namespace gc::io {

struct NpyArray {
    std::vector<int64_t> shape;
    std::vector<float> f32;   // filled when the file holds <f4
    std::vector<int64_t> i64; // filled when the file holds <i8
    bool isFloat = true;
    [[nodiscard]] int64_t numel() const;
};

// Throws gc::io::FormatError with the path and the reason.
[[nodiscard]] NpyArray readNpy(const std::string &path);
void writeNpy(const std::string &path, const std::vector<int64_t> &shape, const float *data);
void writeNpy(const std::string &path, const std::vector<int64_t> &shape, const int64_t *data);

} // namespace gc::io
