#pragma once

// An animated GIF encoder (GIF89a, looping): each frame gets its own 256-colour palette (the most frequent colours
// at 5 bits per channel, every pixel mapped to its nearest), only the rectangle that changed since the previous
// frame is stored, and a frame equal to the previous one lengthens its display instead. Plain C++.

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace gc::video {

class GifWriter
{
public:
    // Frames of width x height shown for `delayCs` hundredths of a second each.
    GifWriter(const std::string &path, int width, int height, int delayCs);
    [[nodiscard]] bool isOpen() const { return m_out.good(); }
    // `rgb`: height rows of `stride` bytes, 3 bytes (R, G, B) a pixel.
    void write(const uint8_t *rgb, int stride);
    // Writes what is pending and the trailer; false when the file could not be written.
    bool finish();

private:
    void flush();

    std::ofstream m_out;
    int m_width, m_height, m_delay;
    std::vector<uint8_t> m_previous; // the last frame, packed RGB
    std::vector<uint8_t> m_pending;  // the frame to write, packed RGB ("" for none)
    int m_pendingDelay = 0;
};

// GIF's LZW: `indices` (each below 2^minCodeSize) as the data sub-blocks of an image, minCodeSize byte first.
[[nodiscard]] std::vector<uint8_t> gifLzw(const std::vector<uint8_t> &indices, int minCodeSize);

} // namespace gc::video
