// Tiled grounding and zoom-in: the grid chosen for an image, the tiles cut from it, regions mapped back from a
// crop, the merge of the tiles' findings, and a merged answer written back in a dialect.
#include "core/tiling.h"
#include "dialects/registry.h"
#include "dialects/tiled_answer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace gc;

TEST(TileGrid, NoTilesWhenTheImageIsNotMuchLargerThanTheInput)
{
    EXPECT_FALSE(autoTileGrid({256, 256}, 128).tiled()); // twice the input: shrunk as in training
    EXPECT_FALSE(autoTileGrid({200, 90}, 128).tiled());
    EXPECT_FALSE(autoTileGrid({5000, 5000}, 0).tiled()) << "unknown input size";
    EXPECT_EQ(autoTileGrid({257, 256}, 128), (TileGrid{2, 1}));
}

TEST(TileGrid, FollowsTheAspectRatioAndIsCapped)
{
    EXPECT_EQ(autoTileGrid({1024, 1024}, 128), (TileGrid{4, 4}));
    EXPECT_EQ(autoTileGrid({700, 700}, 128), (TileGrid{3, 3}));
    EXPECT_EQ(autoTileGrid({1000, 300}, 128), (TileGrid{4, 2})) << "wide: more columns than rows";
    EXPECT_EQ(autoTileGrid({300, 1000}, 128), (TileGrid{2, 4}));
    EXPECT_EQ(autoTileGrid({20000, 600}, 224), (TileGrid{kMaxGridSide, 2}));
}

TEST(Tiles, OverlapCoverTheImageAndEndWithTheGlobalView)
{
    const SizeI image{1001, 757}; // ragged: neither side divides evenly
    const std::vector<Tile> tiles = tilesOf(image, {3, 2});
    ASSERT_EQ(tiles.size(), 7u);
    EXPECT_TRUE(tiles.back().global);
    EXPECT_EQ(tiles.back().box, (Box{0, 0, 1001, 757}));
    for (size_t i = 0; i + 1 < tiles.size(); ++i)
        EXPECT_FALSE(tiles[i].global);
    // row by row; the first starts at the origin, the last of each row and column ends at the image's edge
    EXPECT_EQ(tiles[0].box.x1, 0);
    EXPECT_EQ(tiles[0].box.y1, 0);
    EXPECT_EQ(tiles[2].box.x2, 1001);
    EXPECT_EQ(tiles[5].box.y2, 757);
    EXPECT_EQ(tiles[5].box.x2, 1001);
    const double width = 1001 / (3 - 0.2 * 2), height = 757 / (2 - 0.2);
    for (size_t i = 0; i < 6; ++i) {
        EXPECT_NEAR(tiles[i].box.width(), width, 1.0) << i;
        EXPECT_NEAR(tiles[i].box.height(), height, 1.0) << i;
        EXPECT_EQ(tiles[i].box.x1, std::floor(tiles[i].box.x1)) << "integer corners";
    }
    // neighbours share a fifth of a tile
    EXPECT_NEAR(tiles[0].box.x2 - tiles[1].box.x1, 0.2 * width, 1.0);
    EXPECT_NEAR(tiles[0].box.y2 - tiles[3].box.y1, 0.2 * height, 1.0);
}

TEST(Tiles, OneByOneIsTheWholeImageAlone)
{
    const std::vector<Tile> tiles = tilesOf({640, 480}, {1, 1});
    ASSERT_EQ(tiles.size(), 1u);
    EXPECT_TRUE(tiles[0].global);
    EXPECT_EQ(tiles[0].box, (Box{0, 0, 640, 480}));
}

TEST(Tiles, MoreTilesThanPixelsStillCoverTheImage)
{
    const std::vector<Tile> tiles = tilesOf({3, 2}, {4, 4});
    ASSERT_EQ(tiles.size(), 17u);
    for (const Tile &t : tiles) {
        EXPECT_GE(t.box.width(), 1);
        EXPECT_GE(t.box.height(), 1);
        EXPECT_LE(t.box.x2, 3);
        EXPECT_LE(t.box.y2, 2);
    }
}

TEST(Tiles, TheGridIsReadBackFromTheTiles)
{
    for (const TileGrid g : {TileGrid{3, 2}, TileGrid{2, 3}, TileGrid{4, 4}, TileGrid{2, 1}})
        EXPECT_EQ(gridOf(tilesOf({2400, 1800}, g)), g) << g.columns << "x" << g.rows;
    EXPECT_EQ(gridOf(tilesOf({2400, 1800}, {1, 1})), (TileGrid{1, 1})) << "the global view alone";
    EXPECT_EQ(gridOf({}), (TileGrid{1, 1}));
}

TEST(TileMapping, BoxesPointsAndMasksMoveByTheCropsCorner)
{
    const Box crop{100, 50, 200, 130};
    const Region box = regionToImage(Region::makeBox({10, 20, 30, 40}, "a red circle"), crop, {400, 300});
    EXPECT_EQ(box.box, (Box{110, 70, 130, 90}));
    EXPECT_EQ(box.label, "a red circle");
    const Region point = regionToImage(Region::makePoint({5, 6}), crop, {400, 300});
    ASSERT_EQ(point.points.size(), 1u);
    EXPECT_EQ(point.points[0], (PointF{105, 56}));

    Mask m(100, 80);
    m.set(0, 0, true);
    m.set(99, 79, true); // the crop's far corner: the image's pixel (199, 129)
    Region masked = Region::makeBox({0, 0, 100, 80});
    masked.kind = RegionKind::Mask;
    masked.mask = rleEncode(m);
    const Region mapped = regionToImage(masked, crop, {400, 300});
    ASSERT_TRUE(mapped.mask.has_value());
    const std::optional<Mask> full = rleDecode(*mapped.mask);
    ASSERT_TRUE(full.has_value());
    EXPECT_EQ(full->width, 400);
    EXPECT_EQ(full->height, 300);
    EXPECT_EQ(full->area(), 2);
    EXPECT_TRUE(full->at(100, 50));
    EXPECT_TRUE(full->at(199, 129));
}

TEST(ZoomCrop, GrowsAroundTheRegionAndStaysInside)
{
    // context 1: the region's size again on every side
    EXPECT_EQ(zoomCrop({1000, 800}, {400, 300, 420, 310}, 1.0), (Box{380, 290, 440, 320}));
    // at least a model input a side
    EXPECT_EQ(zoomCrop({1000, 800}, {400, 300, 420, 310}, 1.0, 128), (Box{346, 241, 474, 369}));
    // at a corner: shifted inside, not cut
    EXPECT_EQ(zoomCrop({1000, 800}, {0, 790, 10, 800}, 1.0, 128), (Box{0, 672, 128, 800}));
    // larger than the image: the image
    EXPECT_EQ(zoomCrop({100, 60}, {10, 10, 90, 50}, 1.0, 128), (Box{0, 0, 100, 60}));
    // reversed corners are ordered first
    EXPECT_EQ(zoomCrop({1000, 800}, {420, 310, 400, 300}, 1.0), (Box{380, 290, 440, 320}));
}

namespace {

std::vector<Tile> twoTilesAndGlobal()
{
    // two tiles side by side over a 200x100 image sharing x 90..110, then the whole image
    return {{{0, 0, 110, 100}, false}, {{90, 0, 200, 100}, false}, {{0, 0, 200, 100}, true}};
}

TileFinding finding(const std::string &phrase, const Box &b, size_t tile)
{
    return {phrase, Region::makeBox(b), tile};
}

} // namespace

TEST(TileMerge, SamePhraseAndOverlapBecomeOneRegionPreferringAWholeView)
{
    const auto tiles = twoTilesAndGlobal();
    // one circle at 40..60 seen by tile 0 and coarsely by the global view; a square cut by the seam in tile 0
    // and seen whole in tile 1; another circle far right in tile 1
    const std::vector<TileFinding> findings{
        finding(" a red circle", {40, 40, 60, 60}, 0),     finding("a blue square", {95, 20, 110, 40}, 0),
        finding("a blue square", {95, 20, 125, 40}, 1),    finding("A red circle.", {150, 40, 170, 60}, 1),
        finding("a red circle", {38, 38, 62, 63}, 2),
    };
    const std::vector<Entity> merged = mergeTileFindings(findings, tiles, {200, 100}, TileMerge::Overlap);
    ASSERT_EQ(merged.size(), 2u);
    EXPECT_EQ(merged[0].phrase, "a red circle");
    ASSERT_EQ(merged[0].regions.size(), 2u);
    EXPECT_EQ(merged[0].regions[0].box, (Box{40, 40, 60, 60})) << "the tile's box, not the global view's";
    EXPECT_EQ(merged[0].regions[1].box, (Box{150, 40, 170, 60}));
    EXPECT_EQ(merged[1].phrase, "a blue square");
    ASSERT_EQ(merged[1].regions.size(), 1u);
    EXPECT_EQ(merged[1].regions[0].box, (Box{95, 20, 125, 40})) << "the whole square, not the piece";
}

TEST(TileMerge, DifferentPhrasesStayApartAndPiecesOfOneObjectJoin)
{
    const auto tiles = twoTilesAndGlobal();
    const std::vector<TileFinding> findings{
        finding("a cat", {50, 10, 109, 90}, 0), // cut by tile 0's right edge
        finding("a cat", {91, 10, 150, 90}, 1), // cut by tile 1's left edge
        finding("a dog", {50, 10, 109, 90}, 0),
    };
    const std::vector<Entity> merged = mergeTileFindings(findings, tiles, {200, 100}, TileMerge::Overlap);
    ASSERT_EQ(merged.size(), 2u);
    ASSERT_EQ(merged[0].regions.size(), 1u);
    EXPECT_EQ(merged[0].regions[0].box, (Box{50, 10, 150, 90})) << "the union of the two pieces";
    EXPECT_EQ(merged[1].phrase, "a dog");
}

TEST(TileMerge, NmsKeepsSeparateObjectsThatOnlyTouch)
{
    const auto tiles = twoTilesAndGlobal();
    const std::vector<TileFinding> findings{
        finding("car", {10, 10, 50, 50}, 0),  finding("car", {12, 10, 52, 50}, 2), // one car twice
        finding("car", {30, 30, 70, 70}, 0),                                      // a second car overlapping it
        finding("car", {100, 10, 104, 14}, 1), finding("car", {60, 60, 62, 62}, 0),
    };
    const std::vector<Entity> nms = mergeTileFindings(findings, tiles, {200, 100}, TileMerge::Nms);
    ASSERT_EQ(nms.size(), 1u);
    EXPECT_EQ(nms[0].regions.size(), 4u);
}

TEST(TileMerge, PhraseLessRegionsMergeByOverlap)
{
    // Kosmos-2 names a box without a phrase after its tokens: those of two tiles must still compare equal
    const auto tiles = twoTilesAndGlobal();
    const std::vector<TileFinding> findings{finding("<patch_index_0001><patch_index_0100>", {40, 40, 60, 60}, 0),
                                            finding("<patch_index_0000><patch_index_0099>", {40, 41, 61, 60}, 2)};
    const std::vector<Entity> merged = mergeTileFindings(findings, tiles, {200, 100}, TileMerge::Overlap);
    ASSERT_EQ(merged.size(), 1u);
    EXPECT_EQ(merged[0].phrase, "");
    EXPECT_EQ(merged[0].regions.size(), 1u);
}

TEST(TileMerge, ATileBoxedWholeIsANonAnswerUnlessTheGlobalViewSeesItThere)
{
    const auto tiles = twoTilesAndGlobal();
    const std::vector<TileFinding> findings{
        finding("a red circle", {2, 2, 108, 98}, 0), // tile 0 boxed whole: the global view has no circle there
        finding("a bus", {92, 1, 199, 99}, 1),       // tile 1 boxed whole, and the global view sees a bus there
        finding("a dog", {150, 40, 170, 60}, 1),
        finding("a bus", {90, 0, 200, 100}, 2),
        finding("a red circle", {170, 70, 190, 90}, 1), // a circle elsewhere does not make the tile's box one
    };
    const std::vector<Entity> merged = mergeTileFindings(findings, tiles, {200, 100}, TileMerge::Overlap);
    const auto find = [&](const std::string &phrase) {
        return std::find_if(merged.begin(), merged.end(), [&](const Entity &e) { return e.phrase == phrase; });
    };
    ASSERT_NE(find("a red circle"), merged.end());
    ASSERT_EQ(find("a red circle")->regions.size(), 1u);
    EXPECT_EQ(find("a red circle")->regions[0].box, (Box{170, 70, 190, 90})) << "the tile's made-up box is dropped";
    ASSERT_NE(find("a bus"), merged.end());
    ASSERT_EQ(find("a bus")->regions.size(), 1u);
    // an object as large as the tile stays (as the global view saw it: the tile's box touches its inner edge)
    EXPECT_EQ(find("a bus")->regions[0].box, (Box{90, 0, 200, 100}));
    EXPECT_NE(find("a dog"), merged.end());
    // the tile's box alone, the global view seeing no bus: no bus
    const std::vector<Entity> alone = mergeTileFindings({findings[1], findings[2]}, tiles, {200, 100}, TileMerge::Overlap);
    ASSERT_EQ(alone.size(), 1u);
    EXPECT_EQ(alone[0].phrase, "a dog");

    // one crop and no global view (Look closer): a box over all of it is the answer
    const std::vector<Tile> crop{{{0, 0, 100, 100}, false}};
    const std::vector<Entity> closer =
        mergeTileFindings({finding("a cat", {1, 1, 99, 99}, 0)}, crop, {400, 400}, TileMerge::Overlap);
    ASSERT_EQ(closer.size(), 1u);
    EXPECT_EQ(closer[0].regions.size(), 1u);
}

TEST(TileMerge, TheGlobalViewKeepsOnlyWhatNoTileSawWhole)
{
    // A model shown a large image whole names things it cannot make out, boxing blobs of its coarse grid. Where
    // a tile saw the same pixels larger, the tile is trusted: its finding stays, the global view's goes.
    const auto tiles = twoTilesAndGlobal();
    const std::vector<TileFinding> findings{
        finding("a red circle", {20, 30, 40, 50}, 0),
        finding("a red circle", {10, 20, 60, 70}, 2),  // inside tile 0, which found the circle at 20..40
        finding("a blue square", {120, 10, 180, 60}, 2), // inside tile 1, which found nothing there
        finding("a bus", {60, 5, 150, 95}, 2),           // across the seam, whole in no tile: the global view's
        finding("a bus", {90, 5, 150, 95}, 1),           // the bus cut by tile 1's inner edge
        finding("a tree", {70, 10, 130, 40}, 2),         // across the seam, and no tile saw a tree there
        finding("a tree", {150, 70, 170, 90}, 1),
    };
    const std::vector<Entity> merged = mergeTileFindings(findings, tiles, {200, 100}, TileMerge::Overlap);
    ASSERT_EQ(merged.size(), 3u);
    EXPECT_EQ(merged[0].phrase, "a red circle");
    ASSERT_EQ(merged[0].regions.size(), 1u);
    EXPECT_EQ(merged[0].regions[0].box, (Box{20, 30, 40, 50}));
    EXPECT_EQ(merged[1].phrase, "a bus");
    ASSERT_EQ(merged[1].regions.size(), 1u);
    EXPECT_EQ(merged[1].regions[0].box, (Box{60, 5, 150, 95}));
    EXPECT_EQ(merged[2].phrase, "a tree");
    ASSERT_EQ(merged[2].regions.size(), 1u);
    EXPECT_EQ(merged[2].regions[0].box, (Box{150, 70, 170, 90}));
    // with no tiles (the whole image alone) the global view's findings are all there is
    const std::vector<Entity> whole =
        mergeTileFindings({finding("a red circle", {10, 20, 60, 70}, 0), finding("a blue square", {120, 10, 180, 60}, 0)},
                          {{{0, 0, 200, 100}, true}}, {200, 100}, TileMerge::Overlap);
    EXPECT_EQ(whole.size(), 2u);
}

TEST(TiledAnswer, RegionsWithoutAPhraseLeaveNoEmptyItemInTheText)
{
    const Dialect *kosmos = dialects::find("kosmos2");
    ASSERT_NE(kosmos, nullptr);
    const SizeI image{640, 320};
    std::vector<Tile> tiles{{{0, 0, 320, 320}, false}, {{320, 0, 640, 320}, false}, {{0, 0, 640, 320}, true}};
    DecodeOptions options;
    options.prompt = "<grounding>An image of";
    TiledAnswer answer(*kosmos, image, tiles, TileMerge::Overlap, options);
    answer.add(0, "<phrase> a red circle</phrase><object><patch_index_0264><patch_index_0759></object>.");
    // a box without a phrase between two phrases' boxes
    answer.add(1, "<object><patch_index_0264><patch_index_0759></object> and<phrase> a blue square</phrase>"
                  "<object><patch_index_0066><patch_index_0231></object>.");
    answer.add(2, " shapes.");
    const std::vector<Entity> merged = answer.merged();
    ASSERT_EQ(merged.size(), 3u);
    const std::optional<std::string> text = answer.text();
    ASSERT_TRUE(text.has_value());
    DecodeOptions whole = options;
    whole.imageSize = image;
    GroundedText back = kosmos->decode(*text, whole).toPixels(image);
    EXPECT_EQ(back.text.find(", ,"), std::string::npos) << back.text;
    EXPECT_EQ(back.text.find(" ,"), std::string::npos) << back.text;
    EXPECT_NE(back.text.find("a red circle, a blue square"), std::string::npos) << back.text;
    ASSERT_EQ(back.regionCount(), 3u);
    EXPECT_TRUE(keepMergedGeometry(back, merged)) << "the text's entities are the merged ones, in order";
}

TEST(TiledAnswer, TileAnswersAreDecodedInTheirFrameAndWrittenBackForTheWholeImage)
{
    const Dialect *kosmos = dialects::find("kosmos2");
    ASSERT_NE(kosmos, nullptr);
    const SizeI image{640, 320};
    std::vector<Tile> tiles{{{0, 0, 320, 320}, false}, {{320, 0, 640, 320}, false}, {{0, 0, 640, 320}, true}};
    DecodeOptions options;
    options.prompt = "<grounding>An image of";
    TiledAnswer answer(*kosmos, image, tiles, TileMerge::Overlap, options);
    // each tile's box is its middle cells: (8..23, 8..23) of a 32x32 grid over the tile
    const std::string middle =
        "<phrase> a red circle</phrase><object><patch_index_0264><patch_index_0759></object>.";
    answer.add(0, middle);
    answer.add(1, middle);
    answer.add(2, " a red circle.");
    EXPECT_EQ(answer.answered(), 3u);
    const std::vector<Entity> merged = answer.merged();
    ASSERT_EQ(merged.size(), 1u);
    ASSERT_EQ(merged[0].regions.size(), 2u);
    EXPECT_NEAR(merged[0].regions[0].box.x1, 85, 1e-6); // a cell's centre
    EXPECT_NEAR(merged[0].regions[1].box.x1, 405, 1e-6) << "the second tile's box moved by its corner";
    const std::optional<std::string> text = answer.text();
    ASSERT_TRUE(text.has_value());
    DecodeOptions whole = options;
    whole.imageSize = image;
    const GroundedText back = kosmos->decode(*text, whole).toPixels(image);
    ASSERT_EQ(back.regionCount(), 2u);
    EXPECT_EQ(back.entities[0].phrase, "a red circle");
    EXPECT_NEAR(back.entities[0].regions[1].box.x1, 405, 20) << "written on the whole image's grid";
}

TEST(TiledAnswer, NothingFoundKeepsTheGlobalViewsAnswer)
{
    const Dialect *kosmos = dialects::find("kosmos2");
    ASSERT_NE(kosmos, nullptr);
    TiledAnswer answer(*kosmos, {400, 400}, tilesOf({400, 400}, {2, 2}), TileMerge::Overlap, {});
    answer.add(0, " nothing here.");
    answer.add(4, " an empty field.");
    ASSERT_TRUE(answer.text().has_value());
    EXPECT_EQ(*answer.text(), " an empty field.");
}

TEST(TiledAnswerTasks, AutoTilesTasksThatListObjects)
{
    EXPECT_TRUE(taskListsObjects("grounded-caption"));
    EXPECT_TRUE(taskListsObjects("detect"));
    EXPECT_FALSE(taskListsObjects("refer"));
    EXPECT_FALSE(taskListsObjects("region"));
    EXPECT_FALSE(taskListsObjects(""));
    EXPECT_EQ(mergeFor("detect"), TileMerge::Nms);
    EXPECT_EQ(mergeFor("grounded-caption"), TileMerge::Overlap);
}

TEST(TiledAnswer, TheMergedGeometryIsKeptFinerThanTheDialectsGrid)
{
    const Dialect *kosmos = dialects::find("kosmos2");
    ASSERT_NE(kosmos, nullptr);
    const SizeI image{1024, 1024};
    TiledAnswer answer(*kosmos, image, {{{512, 512, 768, 768}, false}}, TileMerge::Overlap, {});
    // a box at cells (10..11) of the crop's 32x32 grid: 8-pixel cells, where the image's are 32 pixels
    answer.add(0, "<phrase> a red circle</phrase><object><patch_index_0330><patch_index_0363></object>.");
    const std::vector<Entity> merged = answer.merged();
    ASSERT_EQ(merged.size(), 1u);
    DecodeOptions whole;
    whole.imageSize = image;
    GroundedText back = kosmos->decode(*answer.text(), whole).toPixels(image);
    ASSERT_EQ(back.regionCount(), 1u);
    EXPECT_FALSE(back.entities[0].regions[0].box == merged[0].regions[0].box) << "the image's grid is coarser";
    ASSERT_TRUE(keepMergedGeometry(back, merged));
    EXPECT_EQ(back.entities[0].regions[0].box, merged[0].regions[0].box);
    EXPECT_NEAR(back.entities[0].regions[0].box.x1, 512 + 10.5 * 8, 1e-9);

    GroundedText other = back;
    other.entities.push_back(back.entities[0]);
    EXPECT_FALSE(keepMergedGeometry(other, merged)) << "not the same answer";
}
