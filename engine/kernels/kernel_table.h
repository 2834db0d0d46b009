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

struct KernelTable {
    void (*gemm_nt)(int, int, int, const float*, int, const float*, int, float*, int, bool);
    void (*gemm_nn)(int, int, int, const float*, int, const float*, int, float*, int, bool);
    void (*gemm_tn)(int, int, int, const float*, int, const float*, int, float*, int, bool);
    void (*add_bias_rows)(float*, int, int, int, const float*);
    void (*column_sums)(const float*, int, int, int, float*, bool);
    void (*activation_forward)(Activation, const float*, float*, std::size_t);
    void (*activation_backward)(Activation, const float*, const float*, float*, std::size_t);
    void (*softmax_rows)(float*, int, int, int);
    void (*sgd_update)(float*, const float*, std::size_t, float, float);
    void (*momentum_update)(float*, float*, const float*, std::size_t, float, float, float);
    void (*adam_update)(float*, float*, float*, const float*, std::size_t, float, float, float, float,
                        float, long long);
    void (*exp_n)(const float*, float*, std::size_t);
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
