// kernels_sse.cpp: the x86 SSE4.1 variant of the kernels: kernels_impl.h compiled with
// -msse4.1 (flags set per file in engine/engine.cmake).
// Without those flags (another compiler, another target) it compiles to an empty
// table and dispatch.cpp never offers the variant.
#include "engine/kernels/kernel_table.h"

#if !defined(__EMSCRIPTEN__) && defined(__SSE4_1__)
#define NNPLAY_SIMD_SSE41 1
#include "engine/kernels/simd.h"
#include "engine/kernels/kernels_impl.h"

namespace nnplay::kernels::detail {
const KernelTable* table_sse() { return &impl::kTable; }
}  // namespace nnplay::kernels::detail
#else
namespace nnplay::kernels::detail {
const KernelTable* table_sse() { return nullptr; }
}  // namespace nnplay::kernels::detail
#endif
