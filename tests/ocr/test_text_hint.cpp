// The OCR hint a turn sends (P²G): each line's box in the active dialect's own box format, pixels for a dialect
// that takes no boxes.
#include "dialects/registry.h"
#include "ocr/text_hint.h"

#include <gtest/gtest.h>

namespace {

const std::vector<gc::ocr::HintLine> kLines = {{"EXIT", {100, 50, 400, 100}}, {"出口", {500, 250, 900, 300}}};
constexpr gc::SizeI kImage{1000, 500};

std::string hintFor(const char *dialect)
{
    const gc::Dialect *d = gc::dialects::find(dialect);
    EXPECT_NE(d, nullptr) << dialect;
    return d ? gc::ocr::textHint(*d, kImage, {}, kLines) : std::string();
}

TEST(TextHint, Qwen2VlWritesItsThousandGridBoxes)
{
    EXPECT_EQ(hintFor("qwen2-vl"), "Text read in the image (OCR):\n"
                                   "text at <|box_start|>(100,100),(400,200)<|box_end|>: \"EXIT\"\n"
                                   "text at <|box_start|>(500,500),(900,600)<|box_end|>: \"出口\"");
}

TEST(TextHint, Kosmos2WritesPatchIndices)
{
    // (0.1, 0.1)-(0.4, 0.2) on the 32x32 grid: cells (3, 3) and (12, 6); (0.5, 0.5)-(0.9, 0.6): (16, 16), (28, 19)
    EXPECT_EQ(hintFor("kosmos2"), "Text read in the image (OCR):\n"
                                  "text at <object><patch_index_0099><patch_index_0204></object>: \"EXIT\"\n"
                                  "text at <object><patch_index_0528><patch_index_0636></object>: \"出口\"");
}

TEST(TextHint, ADialectWithoutBoxesGetsPixels)
{
    const gc::Dialect *molmo = gc::dialects::find("molmo");
    ASSERT_NE(molmo, nullptr);
    ASSERT_FALSE(molmo->info().caps.boxIn);
    EXPECT_EQ(hintFor("molmo"), "Text read in the image (OCR):\n"
                                "text at [100, 50, 400, 100]: \"EXIT\"\n"
                                "text at [500, 250, 900, 300]: \"出口\"");
}

TEST(TextHint, NoLinesNoHint) { EXPECT_EQ(gc::ocr::textHint(*gc::dialects::find("qwen2-vl"), kImage, {}, {}), ""); }

} // namespace
