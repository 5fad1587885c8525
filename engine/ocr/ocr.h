#pragma once

// Reads the text of an image (or a box of it) with Tesseract: the whole text, its lines and its words, with
// boxes in the full image's pixels. The OCR expert of P²G: its words and lines become regions, and a turn can
// pass them to a model as a hint.

#include "core/geometry.h"
#include "io/image_loader.h" // io::RgbImage (a plain struct; no decoder is linked for it)

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gc::ocr {

struct Word {
    std::string text;
    Box box;           // full-image pixels
    double confidence; // 0..100, Tesseract's
};

struct Line {
    std::string text;
    Box box;
};

struct Options {
    // Tesseract's language names joined by '+', in the order they are tried ("eng+chi_sim").
    std::string languages = "eng";
    // Reads only this part of the image (full-image pixels); clipped to the image.
    std::optional<Box> box;
    // The tessdata folder; empty: $TESSDATA_PREFIX, else the system's.
    std::string dataPath;
    // Percent of the words recognised (the layout analysis before them reports nothing); the caller's thread.
    std::function<void(int percent)> onProgress;
    // Asked while words are recognised; true stops the run (the result is then "cancelled").
    std::function<bool()> shouldCancel;
};

struct Result {
    bool ok = false;
    bool cancelled = false;
    std::string error; // when !ok && !cancelled
    std::string text;  // the lines, joined by '\n'
    std::vector<Line> lines;
    std::vector<Word> words;
    Box region; // the part of the image that was read
    double elapsedMs = 0;
};

[[nodiscard]] Result recognize(const io::RgbImage &image, const Options &options);

// The tessdata folder recognize() uses for `dataPath` ("" when none is found).
[[nodiscard]] std::string dataFolder(const std::string &dataPath = {});
// The languages whose data is installed there, sorted ("osd" is not a language).
[[nodiscard]] std::vector<std::string> installedLanguages(const std::string &dataPath = {});

} // namespace gc::ocr
