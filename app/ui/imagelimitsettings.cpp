#include "imagelimitsettings.h"

#include "imagelimit.h"
#include "io/image_loader.h"

#include <cmath>

int ImageLimitSettings::megapixels() const { return int(std::lround(double(ImageLimit::maxPixels()) / 1e6)); }

void ImageLimitSettings::setMegapixels(int megapixels)
{
    if (megapixels < 1 || megapixels == this->megapixels())
        return;
    ImageLimit::setMaxPixels(qint64(megapixels) * 1000000);
    emit megapixelsChanged();
}

int ImageLimitSettings::defaultMegapixels() const
{
    return int(std::lround(double(gc::io::kDefaultMaxImagePixels) / 1e6));
}
