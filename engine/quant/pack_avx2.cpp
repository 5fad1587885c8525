// The Q8/Q4 scale search (scale_search.h) with its lanes in AVX registers: built with -mavx2 (and no FMA, which
// would round differently), called only when the CPU has AVX2.
#include "quant/scale_search.h"

namespace gc::quant::detail {

float searchScaleLanesAvx2(const float *x, int64_t n, int lo, int hi, float extreme)
{
    return searchScaleLanes(x, n, lo, hi, extreme);
}

} // namespace gc::quant::detail
