// kernels_wasm.cpp: the WebAssembly SIMD128 variant of the kernels: kernels_impl.h
// compiled with -msimd128 (the web build sets it for every file, CMakeLists.txt).
// Without those flags (another compiler, another target) it compiles to an empty
// table and dispatch.cpp never offers the variant.
#include "engine/kernels/kernel_table.h"

#if defined(__wasm_simd128__)
#define NNPLAY_SIMD_WASM128 1
#include "engine/kernels/simd.h"
#include "engine/kernels/kernels_impl.h"

namespace nnplay::kernels::detail {
const KernelTable* table_wasm() { return &impl::kTable; }
}  // namespace nnplay::kernels::detail
#else
namespace nnplay::kernels::detail {
const KernelTable* table_wasm() { return nullptr; }
}  // namespace nnplay::kernels::detail
#endif
