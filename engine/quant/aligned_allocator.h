#pragma once

// An allocator whose buffers start on a 64-byte cache line: the kernels' 64-byte loads of a weight row or an
// input then never straddle two lines (malloc gives 16; an AVX-512 kernel reading from there ran at about half
// its rate in bench_quant).

#include <cstddef>
#include <new>
#include <vector>

namespace gc::quant {

inline constexpr std::size_t kCacheLine = 64;

template <class T>
struct CacheLineAllocator {
    using value_type = T;
    CacheLineAllocator() = default;
    template <class U>
    CacheLineAllocator(const CacheLineAllocator<U> &) noexcept
    {
    }
    T *allocate(std::size_t n) { return static_cast<T *>(::operator new(n * sizeof(T), std::align_val_t(kCacheLine))); }
    void deallocate(T *p, std::size_t) noexcept { ::operator delete(p, std::align_val_t(kCacheLine)); }
    template <class U>
    bool operator==(const CacheLineAllocator<U> &) const noexcept
    {
        return true;
    }
    template <class U>
    bool operator!=(const CacheLineAllocator<U> &) const noexcept
    {
        return false;
    }
};

template <class T>
using AlignedVector = std::vector<T, CacheLineAllocator<T>>;

} // namespace gc::quant
