// The Q8 scale search and the Q4 range search (scale_search.h) with their lanes in AVX registers: built with -mavx2 (and no FMA, which
// would round differently), called only when the CPU has AVX2.
#include "quant/scale_search.h"

namespace gc::quant::detail {

float searchScaleLanesAvx2(const float *x, int64_t n, int lo, int hi, float extreme)
{
    return searchScaleLanes(x, n, lo, hi, extreme);
}

RangeSums rangeSumsLanesAvx2(const float *x, int64_t n, const RangeCandidates &c)
{
    return rangeSumsLanes(x, n, c);
}

} // namespace gc::quant::detail
