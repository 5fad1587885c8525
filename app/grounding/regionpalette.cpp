#include "regionpalette.h"

#include <cmath>
#include <iterator>

namespace {

struct Entry {
    QRgb region;   // light theme text too
    QRgb darkText; // the same hue, light enough for the dark theme
};

// magenta, teal, brown, slate blue, olive, charcoal
constexpr Entry kPalette[] = {{0xc2185b, 0xf48fb1}, {0x00796b, 0x4db6ac}, {0x795548, 0xbcaaa4},
                              {0x4e5f8a, 0xaeb9dc}, {0x5c6b00, 0xc5c58a}, {0x37474f, 0xcfd8dc}};
constexpr int kSize = int(std::size(kPalette));

const Entry &entry(int index) { return kPalette[((index % kSize) + kSize) % kSize]; }

double luminance(const QColor &c)
{
    auto channel = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

} // namespace

int RegionPalette::size() { return kSize; }

QColor RegionPalette::regionColour(int index) { return QColor::fromRgb(entry(index).region); }

QColor RegionPalette::textColour(int index, bool darkTheme)
{
    return QColor::fromRgb(darkTheme ? entry(index).darkText : entry(index).region);
}

QColor RegionPalette::haloColour(int index)
{
    const QColor c = regionColour(index);
    const QColor white(Qt::white), black(Qt::black);
    return contrast(c, white) >= contrast(c, black) ? white : black;
}

double RegionPalette::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
