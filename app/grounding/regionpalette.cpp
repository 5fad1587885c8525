#include "regionpalette.h"

#include "groundingparser.h"

QColor RegionPalette::color(int index) const { return GroundingParser::colorFor(index); }
