#include "ocr/ocr.h"

#include "core/utf8.h"

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>

namespace gc::ocr {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> splitLanguages(const std::string &languages)
{
    std::vector<std::string> out;
    std::stringstream in(languages);
    for (std::string lang; std::getline(in, lang, '+');)
        if (!lang.empty())
            out.push_back(lang);
    return out;
}

std::string joined(const std::vector<std::string> &items)
{
    std::string out;
    for (const std::string &s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

// Tesseract puts a space between the characters of Chinese text; a reader expects none there.
bool isCjk(char32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x20000 && c <= 0x2FFFF);
}

std::string dropSpacesBetweenCjk(std::string_view s)
{
    std::string out;
    char32_t previous = 0;
    size_t i = 0;
    while (i < s.size()) {
        char32_t c = 0;
        const size_t n = utf8::decodeAt(s, i, &c);
        if (c == U' ' && isCjk(previous)) {
            size_t j = i;
            while (j < s.size() && s[j] == ' ')
                ++j;
            char32_t next = 0;
            if (j < s.size() && utf8::decodeAt(s, j, &next) > 0 && isCjk(next)) {
                i = j;
                continue;
            }
        }
        out.append(s.substr(i, n));
        previous = c;
        i += n;
    }
    return out;
}

std::string textAt(const tesseract::ResultIterator &it, tesseract::PageIteratorLevel level)
{
    const std::unique_ptr<char[]> raw(it.GetUTF8Text(level));
    return raw ? dropSpacesBetweenCjk(utf8::trim(raw.get())) : std::string();
}

Box boxAt(const tesseract::ResultIterator &it, tesseract::PageIteratorLevel level)
{
    int left = 0, top = 0, right = 0, bottom = 0;
    it.BoundingBox(level, &left, &top, &right, &bottom);
    return {double(left), double(top), double(right), double(bottom)};
}

// What the monitor's callbacks reach through cancel_this.
struct Monitor {
    const Options *options = nullptr;
    int lastPercent = -1;
};

bool cancelRequested(void *data, int /*words*/)
{
    const auto *m = static_cast<Monitor *>(data);
    return m->options->shouldCancel && m->options->shouldCancel();
}

bool reportProgress(tesseract::ETEXT_DESC *desc, int, int, int, int)
{
    auto *m = static_cast<Monitor *>(desc->cancel_this);
    if (m->options->onProgress && desc->progress != m->lastPercent) {
        m->lastPercent = desc->progress;
        m->options->onProgress(desc->progress);
    }
    return true;
}

Result failure(std::string error)
{
    Result r;
    r.error = std::move(error);
    return r;
}

std::string boxText(const Box &b)
{
    std::ostringstream s;
    s << b.x1 << "," << b.y1 << "," << b.x2 << "," << b.y2;
    return s.str();
}

} // namespace

std::string dataFolder(const std::string &dataPath)
{
    std::vector<std::string> candidates;
    if (!dataPath.empty())
        return fs::is_directory(dataPath) ? dataPath : std::string();
    if (const char *env = std::getenv("TESSDATA_PREFIX"); env && *env)
        candidates.push_back(env);
    std::stringstream dirs(GC_TESSDATA_DIRS);
    for (std::string dir; std::getline(dirs, dir, ':');)
        candidates.push_back(dir);
    for (const std::string &dir : candidates)
        if (fs::is_directory(dir))
            return dir;
    return {};
}

std::vector<std::string> installedLanguages(const std::string &dataPath)
{
    std::vector<std::string> out;
    const std::string dir = dataFolder(dataPath);
    std::error_code ec;
    if (dir.empty())
        return out;
    for (const fs::directory_entry &e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".traineddata" && e.path().stem() != "osd")
            out.push_back(e.path().stem().string());
    std::sort(out.begin(), out.end());
    return out;
}

Result recognize(const io::RgbImage &image, const Options &options)
{
    const auto started = std::chrono::steady_clock::now();
    if (image.empty() || image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != size_t(image.width) * size_t(image.height) * 3)
        return failure("the image is empty");

    const Box whole{0, 0, double(image.width), double(image.height)};
    Box region = whole;
    if (options.box) {
        const Box b = options.box->ordered();
        region = {std::max(b.x1, 0.0), std::max(b.y1, 0.0), std::min(b.x2, whole.x2), std::min(b.y2, whole.y2)};
        if (region.width() < 1 || region.height() < 1)
            return failure("the box " + boxText(b) + " is outside the " + std::to_string(image.width) + "x" +
                           std::to_string(image.height) + " image");
    }

    const std::vector<std::string> languages = splitLanguages(options.languages);
    if (languages.empty())
        return failure("no OCR language given");
    const std::string folder = dataFolder(options.dataPath);
    const std::vector<std::string> installed = installedLanguages(options.dataPath);
    std::vector<std::string> missing;
    for (const std::string &lang : languages)
        if (!std::binary_search(installed.begin(), installed.end(), lang))
            missing.push_back(lang);
    if (!missing.empty())
        return failure("no OCR language data for " + joined(missing) + " (installed: " +
                       (installed.empty() ? std::string("none") : joined(installed)) + (folder.empty() ? "" : " in " + folder) +
                       ")");

    tesseract::TessBaseAPI api;
    // Tesseract writes its notes (estimated resolution, empty pages) to stderr unless told otherwise.
    api.SetVariable("debug_file", "/dev/null");
    if (api.Init(folder.c_str(), options.languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
        return failure("Tesseract could not load the language data for " + options.languages + " from " + folder);
    api.SetImage(image.pixels.data(), image.width, image.height, 3, image.width * 3);
    const int left = int(std::floor(region.x1)), top = int(std::floor(region.y1));
    api.SetRectangle(left, top, int(std::ceil(region.x2)) - left, int(std::ceil(region.y2)) - top);
    // Screen text has no print resolution; without one Tesseract guesses it per image and warns.
    api.SetSourceResolution(96);

    Monitor monitor{&options};
    tesseract::ETEXT_DESC desc;
    desc.cancel = &cancelRequested;
    desc.cancel_this = &monitor;
    desc.progress_callback2 = &reportProgress;
    if (options.shouldCancel && options.shouldCancel()) {
        Result r;
        r.cancelled = true;
        return r;
    }
    if (api.Recognize(&desc) != 0) {
        if (options.shouldCancel && options.shouldCancel()) {
            Result r;
            r.cancelled = true;
            return r;
        }
        return failure("Tesseract could not read the image");
    }

    Result r;
    r.ok = true;
    r.region = region;
    const std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    if (it) {
        do {
            if (it->Empty(tesseract::RIL_TEXTLINE))
                continue;
            Line line{textAt(*it, tesseract::RIL_TEXTLINE), boxAt(*it, tesseract::RIL_TEXTLINE)};
            if (!line.text.empty())
                r.lines.push_back(std::move(line));
        } while (it->Next(tesseract::RIL_TEXTLINE));
        it->Begin();
        do {
            if (it->Empty(tesseract::RIL_WORD))
                continue;
            Word word{textAt(*it, tesseract::RIL_WORD), boxAt(*it, tesseract::RIL_WORD),
                      double(it->Confidence(tesseract::RIL_WORD))};
            if (!word.text.empty())
                r.words.push_back(std::move(word));
        } while (it->Next(tesseract::RIL_WORD));
    }
    for (const Line &line : r.lines)
        r.text += (r.text.empty() ? "" : "\n") + line.text;
    if (options.onProgress && monitor.lastPercent != 100)
        options.onProgress(100);
    r.elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return r;
}

} // namespace gc::ocr
