// kernels_avx2.cpp: the x86 AVX2 + FMA variant of the kernels: kernels_impl.h compiled with
// -mavx2 -mfma (flags set per file in engine/engine.cmake).
// Without those flags (another compiler, another target) it compiles to an empty
// table and dispatch.cpp never offers the variant.
#include "engine/kernels/kernel_table.h"

#if !defined(__EMSCRIPTEN__) && defined(__AVX2__) && defined(__FMA__)
#define NNPLAY_SIMD_AVX2 1
#include "engine/kernels/simd.h"
#include "engine/kernels/kernels_impl.h"

namespace nnplay::kernels::detail {
const KernelTable* table_avx2() { return &impl::kTable; }
}  // namespace nnplay::kernels::detail
#else
namespace nnplay::kernels::detail {
const KernelTable* table_avx2() { return nullptr; }
}  // namespace nnplay::kernels::detail
#endif
