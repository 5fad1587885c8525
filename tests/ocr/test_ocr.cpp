// The OCR engine: progress up to 100 %, a cancel that stops Tesseract while it reads words, boxes in
// full-image pixels when a box of the image is read, and errors (not crashes) for bad boxes and missing data.
#include "ocr/ocr.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <cstring>

namespace {

// `lines` drawn black on white with OpenCV's Hershey font, 40 pixels apart from (x, 40).
gc::io::RgbImage page(const std::vector<std::string> &lines, int width, int height, int x = 20)
{
    cv::Mat mat(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
    int y = 40;
    for (const std::string &line : lines) {
        cv::putText(mat, line, {x, y}, cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(0, 0, 0), 2, cv::LINE_AA);
        y += 40;
    }
    gc::io::RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * height * 3);
    std::memcpy(image.pixels.data(), mat.data, image.pixels.size());
    return image;
}

std::vector<std::string> manyLines()
{
    std::vector<std::string> lines;
    for (int i = 0; i < 12; ++i)
        lines.push_back("line " + std::to_string(i + 1) + " of a long page with many words");
    return lines;
}

TEST(Ocr, ReportsProgressUpToAHundred)
{
    std::vector<int> reports;
    gc::ocr::Options options;
    options.onProgress = [&](int percent) { reports.push_back(percent); };
    const gc::ocr::Result r = gc::ocr::recognize(page(manyLines(), 700, 520), options);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.lines.size(), 12u);
    ASSERT_GE(reports.size(), 2u);
    EXPECT_TRUE(std::is_sorted(reports.begin(), reports.end()));
    EXPECT_EQ(reports.back(), 100);
    EXPECT_NE(r.text.find("line 12 of a long page"), std::string::npos) << r.text;
}

// The cancel is asked by Tesseract between words: a request at the first progress report stops the run
// before it is done.
TEST(Ocr, CancelStopsTheRun)
{
    std::vector<int> reports;
    bool cancel = false;
    gc::ocr::Options options;
    options.onProgress = [&](int percent) {
        reports.push_back(percent);
        cancel = true;
    };
    options.shouldCancel = [&] { return cancel; };
    const gc::ocr::Result r = gc::ocr::recognize(page(manyLines(), 700, 520), options);
    EXPECT_TRUE(r.cancelled);
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.error.empty());
    EXPECT_TRUE(r.words.empty());
    ASSERT_FALSE(reports.empty());
    EXPECT_LT(reports.back(), 100);
}

TEST(Ocr, BoxReadsThatPartInFullImagePixels)
{
    const gc::io::RgbImage image = page({"left words", "", "", "", "", "right side"}, 600, 300, 300);
    gc::ocr::Options options;
    options.box = gc::Box{280, 200, 600, 260};
    const gc::ocr::Result r = gc::ocr::recognize(image, options);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.text, "right side");
    ASSERT_EQ(r.words.size(), 2u);
    EXPECT_GE(r.words[0].box.x1, 298);
    EXPECT_LE(r.words[0].box.x1, 306);
    EXPECT_GE(r.words[0].box.y1, 220);
    EXPECT_LE(r.words[0].box.y2, 250);
}

TEST(Ocr, BoxPartlyOutsideIsClippedAndBoxOutsideIsAnError)
{
    const gc::io::RgbImage image = page({"hello"}, 200, 80);
    gc::ocr::Options options;
    options.box = gc::Box{-50, -20, 400, 300};
    gc::ocr::Result r = gc::ocr::recognize(image, options);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.region, (gc::Box{0, 0, 200, 80}));
    EXPECT_EQ(r.text, "hello");

    options.box = gc::Box{210, 10, 300, 50};
    r = gc::ocr::recognize(image, options);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, "the box 210,10,300,50 is outside the 200x80 image");
}

TEST(Ocr, MissingLanguageDataIsAnError)
{
    gc::ocr::Options options;
    options.languages = "eng+klingon";
    const gc::ocr::Result r = gc::ocr::recognize(page({"hello"}, 200, 80), options);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("no OCR language data for klingon (installed: "), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("chi_sim"), std::string::npos) << r.error;

    options.languages = "eng";
    options.dataPath = "/nonexistent/tessdata";
    EXPECT_EQ(gc::ocr::recognize(page({"hello"}, 200, 80), options).error,
              "no OCR language data for eng (installed: none)");
}

TEST(Ocr, InstalledLanguagesListsTheSystemData)
{
    const std::vector<std::string> languages = gc::ocr::installedLanguages();
    EXPECT_TRUE(std::binary_search(languages.begin(), languages.end(), "eng"));
    EXPECT_TRUE(std::binary_search(languages.begin(), languages.end(), "chi_sim"));
    EXPECT_FALSE(std::binary_search(languages.begin(), languages.end(), "osd"));
}

} // namespace
