// Export -> import round trips for every format, with and without our side fields.
#include "annotate_fixture.h"

#include "annotate/formats.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace gc;
using namespace gc::annot;

namespace {

fs::path scratch(const std::string &name)
{
    const fs::path dir = fs::temp_directory_path() / ("gc_annot_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

Dataset roundTrip(Format f, const Dataset &d, ExportOptions o = {})
{
    o.format = f;
    const FormatInfo &info = formatInfo(f);
    const fs::path out = scratch(info.id + (info.perImageFiles ? "_dir" : info.extension));
    fs::remove_all(out);
    const ExportResult ex = exportDataset(d, out.string(), o);
    EXPECT_TRUE(ex.ok) << ex.error;
    ImportOptions io;
    io.format = f;
    const ImportResult im = importDataset(out.string(), io);
    EXPECT_TRUE(im.ok) << im.error.describe();
    return im.dataset;
}

} // namespace

class RoundTrip : public ::testing::TestWithParam<Format> {};

TEST_P(RoundTrip, ExportThenImportGivesTheSameRegionsAndTurns)
{
    const Dataset d = test::fullDataset();
    ExportOptions o;
    o.dialect = "qwen2-vl";
    const Dataset back = roundTrip(GetParam(), d, o);
    std::string why;
    // normalised formats (GrIT) divide and multiply by the size: exact to round-off
    EXPECT_TRUE(sameDataset(test::projectFor(GetParam(), d), back, 1e-9 * 640, &why)) << why;
}

INSTANTIATE_TEST_SUITE_P(AllFormats, RoundTrip,
                         ::testing::Values(Format::Coco, Format::Odvg, Format::Grit, Format::RefCoco, Format::Llava,
                                           Format::Labelme),
                         [](const auto &info) { return formatInfo(info.param).id; });

TEST(RoundTrip, UncompressedRleMasks)
{
    const Dataset d = test::fullDataset();
    ExportOptions o;
    o.masks = MaskEncoding::UncompressedRle;
    std::string why;
    EXPECT_TRUE(sameDataset(test::projectFor(Format::Coco, d), roundTrip(Format::Coco, d, o), 1e-9, &why)) << why;
}

TEST(RoundTrip, ForeignCocoWithoutSideFieldsGetsLabelsFromCategories)
{
    ExportOptions o;
    o.sideFields = false;
    const Dataset back = roundTrip(Format::Coco, test::fullDataset(), o);
    ASSERT_EQ(back.images.size(), 2u);
    const ImageRecord &a = back.images[0];
    ASSERT_EQ(a.regions.size(), 6u);
    EXPECT_EQ(a.regions[0].region.id, "R1");
    EXPECT_EQ(a.regions[0].region.label, "dog");
    EXPECT_EQ(a.regions[0].region.kind, RegionKind::Box);
    EXPECT_EQ(a.regions[1].region.kind, RegionKind::Polygon);
    EXPECT_EQ(a.regions[2].region.kind, RegionKind::Mask);
    EXPECT_EQ(a.regions[3].region.kind, RegionKind::Point); // a keypoint
    EXPECT_EQ(a.regions[4].region.kind, RegionKind::Mask);  // the mark's own pixels, without its number
    EXPECT_EQ(a.regions[1].region.origin, RegionOrigin::User); // imported annotations are the user's
    EXPECT_TRUE(a.regions[1].accepted);
}

TEST(RoundTrip, UnacceptedModelRegionsStayOut)
{
    Dataset d = test::fullDataset();
    d.images[0].regions[1].accepted = false; // A1, the model's cat
    ExportOptions o;
    o.format = Format::Coco;
    const Rendered r = renderDataset(d, "x.json", o);
    EXPECT_EQ(r.regions, 7u); // R1, R2, R3, M1, R4 and image b's two
    o.includeUnaccepted = true;
    EXPECT_EQ(renderDataset(d, "x.json", o).regions, 8u);
}

TEST(RoundTrip, LlavaWithoutSideFieldsDecodesTheDialect)
{
    const Dataset d = test::fullDataset();
    ExportOptions o;
    o.format = Format::Llava;
    o.dialect = "kosmos2";
    o.sideFields = false;
    const Rendered r = renderDataset(d, "x.json", o);
    ImportOptions io;
    io.format = Format::Llava;
    io.dialect = "kosmos2";
    ImportResult noSize = importText(r.files[0].contents, "x.json", io);
    EXPECT_FALSE(noSize.ok);
    EXPECT_NE(noSize.error.describe().find("image size"), std::string::npos) << noSize.error.describe();
    io.imageSize = [&](const std::string &path) {
        for (const ImageRecord &im : d.images)
            if (im.path == path)
                return SizeI{im.width, im.height};
        return SizeI{};
    };
    const ImportResult back = importText(r.files[0].contents, "x.json", io);
    ASSERT_TRUE(back.ok) << back.error.describe();
    const ImageRecord &a = back.dataset.images[0];
    ASSERT_EQ(a.turns.size(), 4u);
    EXPECT_EQ(a.turns[1].line.text, "The dog is on the left.");
    ASSERT_EQ(a.turns[1].line.phrases.size(), 1u);
    EXPECT_EQ(a.turns[1].line.phrases[0].phrase, "The dog");
    const RegionRecord *dog = a.findRegion(a.turns[1].line.phrases[0].regionIds.at(0));
    ASSERT_TRUE(dog);
    // Kosmos-2 writes 32x32 cells: a box comes back to within one cell
    EXPECT_NEAR(dog->region.box.x1, 10.5, 640 / 32.0);
    EXPECT_NEAR(dog->region.box.y2, 400, 480 / 32.0);
    EXPECT_EQ(a.turns[2].regionIds.size(), 1u); // "What is this?" + the cat's box
}

TEST(Export, CancelWritesNothing)
{
    const fs::path out = scratch("cancelled.json");
    fs::remove(out);
    ExportOptions o;
    Progress p;
    p.shouldCancel = [] { return true; };
    const ExportResult r = exportDataset(test::fullDataset(), out.string(), o, p);
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.cancelled);
    EXPECT_FALSE(fs::exists(out));
}

TEST(Export, ProgressReachesTheEnd)
{
    size_t last = 0, total = 0;
    Progress p;
    p.onProgress = [&](size_t done, size_t all) { last = done, total = all; };
    ExportOptions o;
    o.format = Format::Grit;
    (void)renderDataset(test::fullDataset(), "x.jsonl", o, p);
    EXPECT_EQ(last, 2u);
    EXPECT_EQ(total, 2u);
}

TEST(Export, OdvgWritesALabelMapForDetectionLines)
{
    Dataset d = test::fullDataset();
    d.images[1].caption = {};
    ExportOptions o;
    o.format = Format::Odvg;
    const Rendered r = renderDataset(d, "/tmp/out.jsonl", o);
    ASSERT_EQ(r.files.size(), 2u);
    EXPECT_EQ(r.files[1].path, "/tmp/out.label_map.json");
    EXPECT_NE(r.files[0].contents.find("\"detection\""), std::string::npos);
    EXPECT_NE(r.files[0].contents.find("\"grounding\""), std::string::npos);
}

TEST(Formats, EveryFormatStatesItsCoordinates)
{
    ASSERT_EQ(formats().size(), 6u);
    for (const FormatInfo &f : formats()) {
        EXPECT_FALSE(f.coordinates.empty()) << f.id;
        EXPECT_EQ(findFormat(f.id), &f);
    }
    EXPECT_EQ(findFormat("yolo"), nullptr);
}
