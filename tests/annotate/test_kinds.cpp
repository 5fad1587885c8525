// Every format against every region kind, read back as another tool would (no side fields): a region comes
// back as what it is, or the export warns about its kind. Points as COCO keypoints, marks as their masks, and
// images built into the app copied beside the export.
#include "annotate/coco_common.h"
#include "annotate/formats.h"
#include "annotate/session_format.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace gc;
using namespace gc::annot;
using nlohmann::json;

namespace {

constexpr int kW = 200, kH = 100;

fs::path scratch(const std::string &name)
{
    const fs::path dir = fs::temp_directory_path() / ("gc_kinds_" + std::to_string(::getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string slurp(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Mask blob(int x0, int y0, int x1, int y1)
{
    Mask m(kW, kH);
    for (int y = y0; y < y1; ++y)
        for (int x = x0 + (y - y0) / 3; x < x1; ++x)
            m.set(x, y, true);
    return m;
}

struct Case {
    std::string name;
    Region region;
    // What a faithful read-back holds when it differs from the region (a documented conversion); a region the
    // format leaves out has no such form and must be warned about.
    std::optional<Region> expected = std::nullopt;
    bool mustBeWarned = false; // nothing can carry it as it is: every format leaves it out or converts it, with a warning
};

std::vector<Case> cases()
{
    Region polygon = Region::makePolygon({{10, 10}, {90, 15}, {70, 80}, {20, 60}});
    polygon.box = boundingBox(polygon.points);
    Region mask;
    mask.kind = RegionKind::Mask;
    mask.mask = rleEncode(blob(20, 10, 80, 70));
    mask.box = blob(20, 10, 80, 70).bbox();
    Region mark = mask;
    mark.kind = RegionKind::Mark;
    mark.markNumber = 1;
    mark.points = {{40, 30}}; // where the app draws the number
    Region quad = Region::makeQuad({{10, 10}, {90, 15}, {95, 80}, {10, 70}});
    Region markWithoutMask = Region::makeBox({10, 20, 60, 70}); // hand-made marks of older sessions
    markWithoutMask.kind = RegionKind::Mark;
    markWithoutMask.markNumber = 2;
    Region emptyMask = mask;
    emptyMask.mask = rleEncode(Mask(kW, kH));
    emptyMask.box = {};
    Region pointWithoutPosition = Region::makePoint({1, 2});
    pointWithoutPosition.points.clear();
    Region notFinite = Region::makeBox({10, 20, std::nan(""), 70});
    return {{"box", Region::makeBox({10, 20, 60, 70})},
            {"point", Region::makePoint({33.5, 44}, true)},
            {"negative_point", Region::makePoint({33.5, 44}, false)},
            {"polygon", polygon},
            {"quad", quad},
            {"mask", mask},
            {"mark", mark},
            {"mark_without_mask", markWithoutMask},
            {"reversed_box", Region::makeBox({60, 70, 10, 20}), Region::makeBox({10, 20, 60, 70})},
            {"empty_box", Region::makeBox({10, 20, 10, 20})},
            {"box_outside", Region::makeBox({-5, 20, 260, 170}), Region::makeBox({0, 20, kW, kH}), true},
            {"point_outside", Region::makePoint({250, -3}), Region::makePoint({kW, 0}), true},
            {"polygon_1_point", Region::makePolygon({{10, 10}}), std::nullopt, true},
            {"polygon_2_points", Region::makePolygon({{10, 10}, {50, 60}}), std::nullopt, true},
            {"quad_3_points", Region::makeQuad({{10, 10}, {50, 60}, {10, 60}}), std::nullopt, true},
            {"empty_mask", emptyMask, std::nullopt, true},
            {"point_without_position", pointWithoutPosition, std::nullopt, true},
            {"not_finite", notFinite, std::nullopt, true}};
}

// One image, one region that a caption, a conversation and a referring expression all cite.
Dataset oneRegion(Region r, const std::string &path = "/data/k.png")
{
    r.id = "R1";
    r.label = "thing";
    r.origin = RegionOrigin::User;
    ImageRecord im{path, kW, kH};
    im.regions.push_back({r, true});
    im.caption = {"a thing", {{"a thing", {0, 7}, {"R1"}}}};
    im.turns.push_back({Role::User, {"What is this?", {}}, {"R1"}});
    im.turns.push_back({Role::Assistant, {"It is a thing.", {{"a thing", {6, 13}, {"R1"}}}}, {}});
    im.referring = {{"the thing", {"R1"}}};
    return {{im}};
}

// How a region reads back from a file without side fields: a mark is its mask, or its box when it has none (its
// number is ours); a quad is a polygon of 4 vertices.
bool sameAsWritten(const Region &written, const Region &back, double tol)
{
    Region w = written;
    if (w.kind == RegionKind::Mark) {
        w.kind = w.mask ? RegionKind::Mask : RegionKind::Box;
        w.points.clear();
    }
    if (w.kind == RegionKind::Quad)
        w.kind = RegionKind::Polygon;
    if (back.kind != w.kind || !(back.mask == w.mask) || back.positive != w.positive)
        return false;
    return w.sameGeometry(back, tol);
}

// With side fields: everything, the mark's number included.
bool sameWithSideFields(const Region &written, const Region &back, double tol)
{
    return back.kind == written.kind && back.mask == written.mask && back.positive == written.positive &&
           back.markNumber == written.markNumber && written.sameGeometry(back, tol);
}

ExportOptions foreign(Format f)
{
    ExportOptions o;
    o.format = f;
    o.dialect = "qwen2-vl";
    o.sideFields = false;
    return o;
}

void checkRoundTrip(const FormatInfo &f, bool side, const Case &c)
{
    const Dataset d = oneRegion(c.region);
    const fs::path dir = scratch(f.id + "_" + c.name);
    const fs::path out = f.perImageFiles ? dir / "out" : dir / ("out" + f.extension);
    ExportOptions o = foreign(f.format);
    o.sideFields = side;
    const ExportResult ex = exportDataset(d, out.string(), o);
    ASSERT_TRUE(ex.ok) << ex.error;
    ImportOptions io;
    io.format = f.format;
    io.dialect = "qwen2-vl";
    io.imageSize = [](const std::string &) { return SizeI{kW, kH}; };
    const ImportResult back = importDataset(out.string(), io);
    ASSERT_TRUE(back.ok) << back.error.describe();
    ASSERT_EQ(back.dataset.images.size(), 1u);
    const auto &regions = back.dataset.images[0].regions;
    // qwen2-vl writes 0..1000 integers: half a step of the 200-pixel side; llava's side fields are exact
    const double tol = f.format == Format::Llava && !side ? 0.11 : 1e-9;
    const Region expected = c.expected.value_or(c.region);
    const bool faithful = regions.size() == 1 && (side ? sameWithSideFields(expected, regions[0].region, tol)
                                                       : sameAsWritten(expected, regions[0].region, tol));
    std::string warnings;
    for (const std::string &w : ex.warnings)
        warnings += w + "\n";
    // a negative point is warned about as a point when it is left out, as a negative one when its sign is
    const bool warned = warnings.find(detail::kindPlural(c.region.kind)) != std::string::npos ||
                        (!c.region.positive && warnings.find("negative") != std::string::npos);
    EXPECT_TRUE(faithful || warned) << "neither read back as written nor warned about; read back " << regions.size()
                                    << " region(s); warnings:\n"
                                    << warnings;
    EXPECT_TRUE(warned || !c.mustBeWarned) << "changed or left out without a warning";
}

} // namespace

// Every export format x every region kind, degenerate ones included, with and without side fields: the export
// succeeds, its own importer reads it back, and each region comes back as it was (or as its documented conversion)
// or the export warns about its kind. Nothing is written that the importer refuses.
TEST(RegionKinds, EveryFormatCarriesEachKindOrWarns)
{
    for (const FormatInfo &f : formats())
        for (const bool side : {false, true})
            for (const Case &c : cases()) {
                SCOPED_TRACE(f.id + (side ? " with side fields / " : " / ") + c.name);
                checkRoundTrip(f, side, c);
            }
}

TEST(RegionKinds, SessionFilesKeepEveryKind)
{
    for (const Case &c : cases()) {
        if (c.name == "not_finite")
            continue; // JSON has no NaN: only a dataset built in memory can hold one, and sessions are read from files
        SCOPED_TRACE(c.name);
        const Dataset d = oneRegion(c.region);
        const ImportResult back = readSession(writeSession(d), "x.gcsession");
        ASSERT_TRUE(back.ok) << back.error.describe();
        ASSERT_EQ(back.dataset.images.at(0).regions.size(), 1u);
        const Region &r = back.dataset.images[0].regions[0].region;
        EXPECT_TRUE(sameWithSideFields(c.region, r, 0)) << "the session file is the app's own";
    }
}

TEST(RegionKinds, FaithfulKindsGiveNoWarning)
{
    // the lossless pairs say nothing, so that a warning always means something was lost
    const std::vector<std::pair<Format, std::string>> lossless = {
        {Format::Coco, "box"},    {Format::Coco, "point"},    {Format::Coco, "negative_point"},
        {Format::Coco, "polygon"}, {Format::Coco, "mask"},     {Format::Coco, "mark"},
        {Format::Labelme, "mark"}, {Format::Labelme, "point"}, {Format::Odvg, "box"}};
    for (const auto &[format, name] : lossless)
        for (const Case &c : cases())
            if (c.name == name) {
                SCOPED_TRACE(formatInfo(format).id + " / " + name);
                EXPECT_TRUE(renderDataset(oneRegion(c.region), "x.json", foreign(format)).warnings.empty());
            }
}

TEST(RegionKinds, CocoPointsAreKeypoints)
{
    Dataset d = oneRegion(Region::makePoint({33.5, 44}, true));
    Region negative = Region::makePoint({150, 90}, false);
    negative.id = "R2";
    negative.label = "thing";
    d.images[0].regions.push_back({negative, true});
    const json doc = json::parse(renderDataset(d, "x.json", foreign(Format::Coco)).files.at(0).contents);
    EXPECT_TRUE(detail::validateCoco(doc, "x").empty());
    ASSERT_EQ(doc["categories"].size(), 1u);
    EXPECT_EQ(doc["categories"][0]["keypoints"], json({"point", "background point"}));
    ASSERT_EQ(doc["annotations"].size(), 2u);
    const json &pos = doc["annotations"][0], &neg = doc["annotations"][1];
    EXPECT_EQ(pos["keypoints"], json({33.5, 44, 2, 0, 0, 0}));
    EXPECT_EQ(pos["num_keypoints"], 1);
    EXPECT_EQ(pos["bbox"], json({33.5, 44, 0, 0}));
    EXPECT_FALSE(pos.contains("segmentation"));
    EXPECT_EQ(neg["keypoints"], json({0, 0, 0, 150, 90, 2}));

    const ImportResult back = importText(doc.dump(), "x.json", {Format::Coco, {}, {}});
    ASSERT_TRUE(back.ok) << back.error.describe();
    const auto &regions = back.dataset.images[0].regions;
    ASSERT_EQ(regions.size(), 2u);
    EXPECT_EQ(regions[0].region.kind, RegionKind::Point);
    EXPECT_TRUE(regions[0].region.positive);
    EXPECT_EQ(regions[0].region.points.at(0), (PointF{33.5, 44}));
    EXPECT_EQ(regions[1].region.kind, RegionKind::Point);
    EXPECT_FALSE(regions[1].region.positive);
}

TEST(RegionKinds, CocoKeypointsOutsideTheImageAreRefused)
{
    json doc = json::parse(renderDataset(oneRegion(Region::makePoint({33.5, 44})), "x.json", foreign(Format::Coco))
                               .files.at(0)
                               .contents);
    doc["annotations"][0]["keypoints"] = {kW + 5, 10, 2, 0, 0, 0};
    const ImportResult r = importText(doc.dump(), "x.json", {Format::Coco, {}, {}});
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error.field, "annotations[0].keypoints[0]") << r.error.describe();
}

TEST(RegionKinds, CocoMarksAreTheirMasksNotTheirBoxes)
{
    Region mark;
    mark.kind = RegionKind::Mark;
    mark.markNumber = 3;
    mark.mask = rleEncode(blob(20, 10, 80, 70));
    // a box wider than the mask must not leak into the export: the pixels are the mark
    mark.box = {0, 0, kW, kH};
    const json doc = json::parse(renderDataset(oneRegion(mark), "x.json", foreign(Format::Coco)).files.at(0).contents);
    const json &ann = doc["annotations"].at(0);
    ASSERT_TRUE(ann["segmentation"].is_object()) << ann.dump();
    EXPECT_EQ(ann["segmentation"]["counts"], rleToString(*mark.mask));
    const Box bb = blob(20, 10, 80, 70).bbox();
    EXPECT_EQ(ann["bbox"], json({bb.x1, bb.y1, bb.width(), bb.height()}));
    EXPECT_EQ(ann["area"], double(blob(20, 10, 80, 70).area()));
}

TEST(RegionKinds, MarksComeBackAsMarksWithSideFields)
{
    for (const Format f : {Format::Coco, Format::RefCoco, Format::Labelme}) {
        Region mark;
        for (const Case &c : cases())
            if (c.name == "mark")
                mark = c.region;
        const Dataset d = oneRegion(mark);
        const FormatInfo &info = formatInfo(f);
        const fs::path dir = scratch("marks_" + info.id);
        const fs::path out = info.perImageFiles ? dir / "out" : dir / ("out" + info.extension);
        ExportOptions o;
        o.format = f;
        ASSERT_TRUE(exportDataset(d, out.string(), o).ok);
        const ImportResult back = importDataset(out.string(), {f, {}, {}});
        ASSERT_TRUE(back.ok) << back.error.describe();
        ASSERT_EQ(back.dataset.images[0].regions.size(), 1u) << info.id;
        EXPECT_TRUE(sameRegion(d.images[0].regions[0], back.dataset.images[0].regions[0])) << info.id;
    }
}

TEST(EmbeddedImages, AreCopiedBesideTheExportUnderStableUniqueNames)
{
    Dataset d = oneRegion(Region::makeBox({10, 20, 60, 70}), ":/demo/scenes/scene-1.png");
    d.images.push_back(oneRegion(Region::makeBox({1, 2, 3, 4}), ":/other/scene-1.png").images[0]);
    d.images.push_back(oneRegion(Region::makeBox({1, 2, 3, 4}), "/photos/cat.jpg").images[0]);
    d.images.push_back(d.images[0]); // the same resource twice: one copy
    for (const FormatInfo &f : formats()) {
        SCOPED_TRACE(f.id);
        const fs::path dir = scratch("embedded_" + f.id);
        const fs::path out = f.perImageFiles ? dir / "out" : dir / ("out" + f.extension);
        ExportOptions o = foreign(f.format);
        o.readEmbeddedImage = [](const std::string &path) { return std::optional<std::string>("bytes of " + path); };
        const ExportResult ex = exportDataset(d, out.string(), o);
        ASSERT_TRUE(ex.ok) << ex.error;
        const fs::path images = (f.perImageFiles ? out : dir) / "images";
        EXPECT_EQ(slurp(images / "scene-1.png"), "bytes of :/demo/scenes/scene-1.png");
        EXPECT_EQ(slurp(images / "scene-1-2.png"), "bytes of :/other/scene-1.png");
        EXPECT_EQ(std::distance(fs::directory_iterator(images), fs::directory_iterator()), 2);
        std::string written;
        for (const std::string &file : ex.files)
            if (file.find("/images/") == std::string::npos)
                written += slurp(file);
        EXPECT_EQ(written.find(":/"), std::string::npos) << "a resource name reached the export";
        EXPECT_NE(written.find("images/scene-1.png"), std::string::npos);
        EXPECT_NE(written.find("images/scene-1-2.png"), std::string::npos);
        EXPECT_NE(written.find("/photos/cat.jpg"), std::string::npos) << "files keep their own names";
    }
}

TEST(EmbeddedImages, ImportFindsTheCopies)
{
    const Dataset d = oneRegion(Region::makeBox({10, 20, 60, 70}), ":/demo/scenes/scene-1.png");
    const fs::path dir = scratch("import_copies");
    ExportOptions o = foreign(Format::Coco);
    o.readEmbeddedImage = [](const std::string &) { return std::optional<std::string>("png"); };
    ASSERT_TRUE(exportDataset(d, (dir / "out.json").string(), o).ok);
    const ImportResult back = importDataset((dir / "out.json").string(), {Format::Coco, {}, {}});
    ASSERT_TRUE(back.ok) << back.error.describe();
    EXPECT_EQ(back.dataset.images[0].path, (dir / "images" / "scene-1.png").string());
}

TEST(EmbeddedImages, UnreadableOnesAreNamedInAWarning)
{
    const Dataset d = oneRegion(Region::makeBox({10, 20, 60, 70}), ":/demo/scenes/scene-1.png");
    const Rendered r = renderDataset(d, "x.json", foreign(Format::Coco));
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find(":/demo/scenes/scene-1.png"), std::string::npos) << r.warnings[0];
    EXPECT_EQ(r.files.size(), 1u);
}
