#include "nn/llava/ferret_region_prompt.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace gc::nn::llava {

namespace {

// The integers of the bracket group that ends just before `end` (spaces allowed between), or none.
std::vector<long> groupBefore(const std::string &text, size_t end)
{
    size_t close = end;
    while (close > 0 && std::isspace(static_cast<unsigned char>(text[close - 1])))
        --close;
    if (close == 0 || text[close - 1] != ']')
        return {};
    const size_t open = text.rfind('[', close - 1);
    if (open == std::string::npos)
        return {};
    std::vector<long> values;
    const std::string inside = text.substr(open + 1, close - 2 - open);
    size_t i = 0;
    while (i < inside.size()) {
        while (i < inside.size() && (inside[i] == ' ' || inside[i] == ','))
            ++i;
        if (i == inside.size())
            break;
        if (!std::isdigit(static_cast<unsigned char>(inside[i])))
            return {};
        long v = 0;
        for (; i < inside.size() && std::isdigit(static_cast<unsigned char>(inside[i])); ++i)
            v = std::min(v * 10 + (inside[i] - '0'), 100000L);
        values.push_back(v);
    }
    return values;
}

// The first pixel p with int(1000·p / side) == v: the one Ferret's demo wrote v from when side <= 1000.
int toPixel(long v, int side)
{
    return static_cast<int>(std::clamp<long long>((static_cast<long long>(v) * side + 999) / 1000, 0, side - 1));
}

} // namespace

std::vector<runtime::RegionSlot> ferretRegionsInText(const std::string &text, int width, int height)
{
    std::vector<runtime::RegionSlot> out;
    const std::string tag = kRegionFeaToken;
    for (size_t at = text.find(tag); at != std::string::npos; at = text.find(tag, at + tag.size())) {
        const std::vector<long> v = groupBefore(text, at);
        if (v.size() != 4 && v.size() != 2)
            throw std::invalid_argument("Ferret: a <region_fea> must follow its region's coordinates, [x1, y1, x2, "
                                        "y2] or [x, y] (0..999)");
        if (width <= 0 || height <= 0)
            throw std::invalid_argument("Ferret: a region needs the image's size");
        runtime::RegionSlot r;
        r.imageWidth = width;
        r.imageHeight = height;
        r.point = v.size() == 2;
        r.x1 = toPixel(v[0], width);
        r.y1 = toPixel(v[1], height);
        r.x2 = r.point ? r.x1 : toPixel(v[2], width);
        r.y2 = r.point ? r.y1 : toPixel(v[3], height);
        out.push_back(r);
    }
    return out;
}

void placeFerretRegions(std::vector<runtime::RegionSlot> &slots, std::vector<runtime::RegionSlot> regions,
                        const std::vector<int64_t> &ids, int64_t from, int64_t tokenId)
{
    size_t k = 0;
    for (size_t i = static_cast<size_t>(from); i < ids.size(); ++i) {
        if (ids[i] != tokenId)
            continue;
        if (k == regions.size())
            throw std::invalid_argument("Ferret: more <region_fea> tokens than regions written before them");
        regions[k].position = static_cast<int64_t>(i);
        slots.push_back(regions[k++]);
    }
    if (k != regions.size())
        throw std::invalid_argument("Ferret: a <region_fea> of the text did not become its token");
}

} // namespace gc::nn::llava
