#pragma once

// Ferret's regions as its prompts write them: each <region_fea> follows the region's coordinates, `[x1, y1, x2, y2]`
// or `[x, y]`, integers 0..999 of the image (int(1000·x/W), as the dialect and Ferret's demo write them). Ferret
// builds the region's mask from the pixel box it wrote those numbers from; here the pixels are the first ones
// that give those numbers, ceil(v·W/1000): the very box for images up to 1000 pixels on a side, within W/1000
// pixels otherwise. Plain C++.

#include "runtime/prompt_layout.h"

#include <string>
#include <vector>

namespace gc::nn::llava {

inline constexpr const char *kRegionFeaToken = "<region_fea>";

// The regions of `text` in the order of their <region_fea> tokens, on an image of width × height pixels (their
// positions left 0). Throws std::invalid_argument for a <region_fea> not right after coordinates.
[[nodiscard]] std::vector<runtime::RegionSlot> ferretRegionsInText(const std::string &text, int width, int height);

// `regions` at the positions of `tokenId` in `ids` (the same number, in order) appended to `slots`; throws
// std::invalid_argument when the numbers differ.
void placeFerretRegions(std::vector<runtime::RegionSlot> &slots, std::vector<runtime::RegionSlot> regions,
                        const std::vector<int64_t> &ids, int64_t from, int64_t tokenId);

} // namespace gc::nn::llava
