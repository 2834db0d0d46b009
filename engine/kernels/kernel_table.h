// kernel_table.h (internal to engine/kernels): one table of function pointers
// per instruction-set variant, so that dispatch.cpp can switch variants at run
// time. Each variant's translation unit (kernels_sse.cpp, kernels_avx2.cpp,
// kernels_avx512.cpp, kernels_wasm.cpp) defines its table_*() function; the
// scalar reference fills table_ref().
// Not part of the public API: include engine/kernels/kernels.h instead.
#pragma once
#include <cstddef>

#include "engine/kernels/kernels.h"

namespace nnplay::kernels::detail {

// Every routine of a variant, listed once. The table's fields, the reference's
// table (dispatch.cpp), each variant's table (kernels_impl.h) and the tests'
// table of the public functions are all generated from this list, so a new
// routine is one line here and no table is kept in the same order by hand.
#define NNPLAY_KERNEL_LIST(X)                                                         \
    X(gemm_nt) X(gemm_nn) X(gemm_tn) X(add_bias_rows) X(column_sums)                  \
    X(activation_forward) X(activation_backward) X(softmax_rows) X(exp_n)             \
    X(sgd_update) X(momentum_update) X(nesterov_update) X(rmsprop_update) X(adam_update)

// A table entry: `name,` for the function of that name in the current scope
// (kernels_impl.h's impl namespace; elsewhere qualify, as dispatch.cpp does).
#define NNPLAY_KERNEL_ENTRY(name) name,

struct KernelTable {
#define NNPLAY_KERNEL_FIELD(name) decltype(&ref::name) name;
    NNPLAY_KERNEL_LIST(NNPLAY_KERNEL_FIELD)
#undef NNPLAY_KERNEL_FIELD
};

// The variants' tables; nullptr when the variant is not compiled into this build
// (the x86 files compile to nothing useful without their -m flags, and in wasm).
const KernelTable* table_ref();
const KernelTable* table_sse();
const KernelTable* table_avx2();
const KernelTable* table_avx512();
const KernelTable* table_wasm();

// A per-thread scratch buffer of at least n floats, 64-byte aligned, for packing
// matrix blocks. Grows on demand and is reused; nullptr if memory runs out.
float* scratch_floats(std::size_t n);

}  // namespace nnplay::kernels::detail
