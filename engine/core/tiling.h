#pragma once

// Tiled grounding (Ferret-v2, LLaVA-NeXT "any resolution"): a model whose input is small sees a large image's
// small objects only when it looks at parts of it. A turn then runs on a grid of overlapping tiles plus the
// whole image (the global view); each tile's regions are mapped back to the image's pixels and merged.
// Zoom-in ("Look closer") is the same mapping for one crop around a region.

#include "grounded_text.h"

#include <string>
#include <vector>

namespace gc {

struct TileGrid {
    int columns = 1;
    int rows = 1;
    [[nodiscard]] bool tiled() const { return columns * rows > 1; }
    bool operator==(const TileGrid &o) const { return columns == o.columns && rows == o.rows; }
};

// Neighbouring tiles share this fraction of a tile's side, so an object on a seam lies whole in one of them.
constexpr double kTileOverlap = 0.2;
// A tile is at most this many times the model's input side: the model then sees it shrunk at most that much,
// about what its training images were shrunk by.
constexpr double kTileInputScale = 2.0;
// At most this many tiles a side (16 tiles plus the global view: a turn costs at most 17 answers).
constexpr int kMaxGridSide = 4;

// The grid for an image seen by a model whose input is `inputSide` pixels square: each side cut into as many
// tiles as it holds kTileInputScale inputs (rounded up, at most kMaxGridSide), so a wide image gets more
// columns than rows and the tiles stay near square. 1x1 (no tiling) when the image is at most kTileInputScale
// inputs on both sides, or when the input side is unknown (0).
[[nodiscard]] TileGrid autoTileGrid(SizeI image, int inputSide);

struct Tile {
    Box box; // pixels of the image, integer corners
    bool global = false; // the whole image, shown beside the tiles
};

// The grid's tiles, row by row, each `overlap` of its side shared with its neighbours and the last of a row or
// column ending at the image's edge (ragged sizes differ by at most a pixel), then the global view. A 1x1 grid
// is the whole image alone.
[[nodiscard]] std::vector<Tile> tilesOf(SizeI image, TileGrid grid, double overlap = kTileOverlap);

// Whether `box` reaches (within `slack` pixels) an edge of `tile` that lies inside the image: what it bounds may
// go on beyond the tile, which then saw only part of it.
[[nodiscard]] bool cutByInnerEdge(const Box &box, const Box &tile, SizeI image, double slack = 0);

// The grid `tiles` (tilesOf's, row by row) were cut in: as many columns and rows as their distinct left and top
// edges; 1x1 when there are only global views.
[[nodiscard]] TileGrid gridOf(const std::vector<Tile> &tiles);

// The crop "Look closer" asks about for a region: the region's box grown by `context` of its size on each
// side, made at least `minSide` pixels a side (a model input), and kept inside the image (shifted, not cut,
// where it can be). Integer corners.
[[nodiscard]] Box zoomCrop(SizeI image, const Box &region, double context = 1.0, int minSide = 0);

// A region found in a crop (pixels of the crop whose top-left corner is crop.x1, crop.y1) in pixels of the
// image; a mask is pasted into an image-sized one.
[[nodiscard]] Region regionToImage(const Region &region, const Box &crop, SizeI image);

// A region of one tile's answer, already in pixels of the image.
struct TileFinding {
    std::string phrase;
    Region region;
    size_t tile = 0; // index into the tiles
};

enum class TileMerge {
    Overlap, // same phrase and overlapping regions become one region (captions, referring, free chat)
    Nms,     // detection: per label, non-maximum suppression by IoU
};

// A tile's region covering at least this fraction of the tile, where the global view found nothing of that
// phrase over it, is a tile's non-answer: a model asked about a tile with nothing in it names something anyway,
// boxing the tile, which would come back as a large made-up region. The merge drops it.
constexpr double kWholeTileCover = 0.8;

// The findings of all tiles as one answer's entities (pixels of the image, `normalized` false), an entity per
// phrase (compared without case or surrounding spaces) in the order phrases first appear. The region kept of
// several that are one is the most trustworthy: one lying wholly inside its tile, then the global view's,
// then one cut by a tile's inner edge (grown to their union, the object's extent across the seam). When the
// tiles include a global view, a tile's region covering kWholeTileCover of its tile is kept only where the
// global view has a region of that phrase over it (an object as large as the tile). A global view's region
// lying whole inside a tile is the tile's to report and is dropped; one across a seam is kept when a tile's
// region of the same phrase overlaps it.
[[nodiscard]] std::vector<Entity> mergeTileFindings(const std::vector<TileFinding> &findings,
                                                    const std::vector<Tile> &tiles, SizeI image, TileMerge how);

} // namespace gc
