// Reading and writing many regions takes time linear in their number: every id lookup goes through the index
// (counted by regionsExamined(), so no wall-clock time is asserted).
#include "annotate/formats.h"
#include "annotate/session_format.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace gc;
using namespace gc::annot;
using nlohmann::json;

namespace {

constexpr size_t kRegions = 4000;
// A linear reader examines each region a few times (the index build, one lookup per id); a scan per new
// region examines kRegions^2 / 2 of them.
constexpr std::uint64_t kBound = 8 * kRegions;

// A session of one image with kRegions boxes and an answer whose phrases cite every one of them.
std::string bigSession()
{
    json regions = json::array(), entities = json::array();
    std::string text;
    for (size_t i = 0; i < kRegions; ++i) {
        const std::string id = "R" + std::to_string(i + 1), label = "thing" + std::to_string(i % 7);
        const double x = double(i % 80) * 50, y = double(i / 80) * 50;
        regions.push_back({{"id", id}, {"kind", "box"}, {"label", label}, {"box", {x, y, x + 40, y + 40}}});
        entities.push_back({{"phrase", label}, {"spanBegin", text.size()}, {"spanEnd", text.size() + label.size()},
                            {"regionIds", {id}}});
        text += label + " ";
    }
    const json messages = json::array({{{"role", "user"}, {"text", "describe"}},
                                        {{"role", "assistant"}, {"text", text}, {"entities", entities}}});
    return json{{"format", "groundchat-session"},
                {"version", 1},
                {"images", {{{"path", "big.png"}, {"width", 4000}, {"height", 3000}, {"regions", regions},
                             {"messages", messages}}}}}
        .dump();
}

} // namespace

TEST(Scale, ReadingASessionLooksEachRegionUpOnce)
{
    const std::string text = bigSession();
    const std::uint64_t before = regionsExamined();
    const ImportResult read = readSession(text, "big.gcsession");
    ASSERT_TRUE(read.ok) << read.error.message;
    ASSERT_EQ(read.dataset.images.at(0).regions.size(), kRegions);
    EXPECT_LE(regionsExamined() - before, kBound);
}

// Every format written and read back: the exporters look up the regions the caption cites, the importers check
// each region's id against those read before it and make fresh ids.
TEST(Scale, ExportAndImportOfEveryFormatAreLinear)
{
    const ImportResult read = readSession(bigSession(), "big.gcsession");
    ASSERT_TRUE(read.ok) << read.error.message;
    for (const FormatInfo &f : formats()) {
        ExportOptions eo;
        eo.format = f.format;
        eo.dialect = f.needsDialect ? "shikra" : "";
        std::uint64_t before = regionsExamined();
        const Rendered out = renderDataset(read.dataset, "out" + f.extension, eo);
        EXPECT_LE(regionsExamined() - before, kBound) << f.id << " export";
        ImportOptions io;
        io.format = f.format;
        io.dialect = eo.dialect;
        before = regionsExamined();
        const ImportResult back = importText(out.files.at(0).contents, "out" + f.extension, io);
        ASSERT_TRUE(back.ok) << f.id << ": " << back.error.message;
        EXPECT_GT(back.dataset.images.at(0).regions.size(), 0u) << f.id;
        EXPECT_LE(regionsExamined() - before, kBound) << f.id << " import";
    }
}

// The index follows every change the list allows: appended regions, removed ones, edits through a reference.
TEST(Scale, TheIndexFollowsTheRegions)
{
    ImageRecord im{"a.png", 10, 10};
    RegionRecord a{Region::makeBox({0, 0, 1, 1}), true}, b = a, c = a;
    a.region.id = "R1";
    b.region.id = "R2";
    c.region.id = "R3";
    im.regions = {a, b};
    ASSERT_NE(im.findRegion("R2"), nullptr);
    im.regions.push_back(c);
    ASSERT_NE(im.findRegion("R3"), nullptr);
    EXPECT_EQ(im.findRegion("R3")->region.id, "R3");
    im.regions.eraseIf([](const RegionRecord &r) { return r.region.id == "R1"; });
    EXPECT_EQ(im.findRegion("R1"), nullptr);
    EXPECT_EQ(im.findRegion("R3")->region.id, "R3");
    im.regions[0].region.id = "R9";
    EXPECT_EQ(im.findRegion("R2"), nullptr);
    EXPECT_EQ(im.findRegion("R9"), &im.regions[0]);
    const ImageRecord copy = im;
    EXPECT_EQ(copy.findRegion("R9"), &copy.regions[0]);
}
