// kernels_avx512.cpp: the x86 AVX-512 (F, DQ, VL, BW) variant of the kernels: kernels_impl.h compiled with
// -mavx512f -mavx512dq -mavx512vl -mavx512bw -mfma (flags set per file in engine/engine.cmake).
// Without those flags (another compiler, another target) it compiles to an empty
// table and dispatch.cpp never offers the variant.
#include "engine/kernels/kernel_table.h"

// GCC 12 warns inside its own avx512fintrin.h (the deliberately undefined
// source operand of _mm512_undefined_ps); a known false positive.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#if !defined(__EMSCRIPTEN__) && defined(__AVX512F__) && defined(__AVX512DQ__)
#define NNPLAY_SIMD_AVX512 1
#include "engine/kernels/simd.h"
#include "engine/kernels/kernels_impl.h"

namespace nnplay::kernels::detail {
const KernelTable* table_avx512() { return &impl::kTable; }
}  // namespace nnplay::kernels::detail
#else
namespace nnplay::kernels::detail {
const KernelTable* table_avx512() { return nullptr; }
}  // namespace nnplay::kernels::detail
#endif
