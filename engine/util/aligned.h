// aligned.h: a std::vector<float> whose data is 64-byte aligned, so that SIMD
// kernels may use aligned loads on row starts and AVX-512 rows do not split
// cache lines. What it does not do: pad rows (kernels handle any stride).
#pragma once
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace nnplay {

template <class T, std::size_t Align = 64>
struct AlignedAllocator {
    using value_type = T;
    AlignedAllocator() = default;
    template <class U> AlignedAllocator(const AlignedAllocator<U, Align>&) {}
    template <class U> struct rebind { using other = AlignedAllocator<U, Align>; };
    T* allocate(std::size_t n) {
        std::size_t bytes = ((n * sizeof(T) + Align - 1) / Align) * Align;
        void* p = std::aligned_alloc(Align, bytes ? bytes : Align);
        if (!p) throw std::bad_alloc();
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t) { std::free(p); }
    template <class U> bool operator==(const AlignedAllocator<U, Align>&) const { return true; }
    template <class U> bool operator!=(const AlignedAllocator<U, Align>&) const { return false; }
};

using FloatVec = std::vector<float, AlignedAllocator<float>>;

}  // namespace nnplay
