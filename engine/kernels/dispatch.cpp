// dispatch.cpp: picks the kernel variant at run time and routes the public
// functions of kernels.h to it. Natively the x86 variants are chosen by what
// the CPU reports (__builtin_cpu_supports); in the WebAssembly build SIMD128
// is compiled in and always present. No threads: the active variant is a
// plain global that tests switch with set_isa.
#include <atomic>

#include "engine/kernels/kernel_table.h"

namespace nnplay::kernels {
namespace detail {

const KernelTable& ref_table() {
    static const KernelTable t = {
        ref::gemm_nt,       ref::gemm_nn,      ref::gemm_tn,
        ref::add_bias_rows, ref::column_sums,  ref::activation_forward,
        ref::activation_backward, ref::softmax_rows, ref::sgd_update,
        ref::momentum_update,     ref::adam_update,
    };
    return t;
}

namespace {

const KernelTable* table_for(Isa isa) {
    switch (isa) {
        case Isa::Scalar: return &ref_table();
        default: return nullptr;  // variant not built (yet) or not for this target
    }
}

bool cpu_has(Isa isa) {
    switch (isa) {
        case Isa::Scalar: return true;
        default: return false;
    }
}

Isa best_isa() {
    const auto all = available_isas();
    return all.back();
}

std::atomic<Isa>& active_slot() {
    static std::atomic<Isa> isa{best_isa()};
    return isa;
}

std::atomic<const KernelTable*>& active_table_slot() {
    static std::atomic<const KernelTable*> t{table_for(active_slot().load())};
    return t;
}

inline const KernelTable& T() { return *active_table_slot().load(std::memory_order_relaxed); }

}  // namespace
}  // namespace detail

const char* name_of(Isa isa) {
    switch (isa) {
        case Isa::Scalar: return "scalar";
        case Isa::SSE: return "sse4.1";
        case Isa::AVX2: return "avx2";
        case Isa::AVX512: return "avx512";
        case Isa::WasmSimd128: return "wasm-simd128";
    }
    return "unknown";
}

std::vector<Isa> available_isas() {
    std::vector<Isa> out;
    for (Isa isa : {Isa::Scalar, Isa::SSE, Isa::AVX2, Isa::AVX512, Isa::WasmSimd128})
        if (detail::table_for(isa) && detail::cpu_has(isa)) out.push_back(isa);
    return out;
}

Isa active_isa() { return detail::active_slot().load(); }

bool try_set_isa(Isa isa) {
    const detail::KernelTable* t = detail::table_for(isa);
    if (!t || !detail::cpu_has(isa)) return false;
    detail::active_slot().store(isa);
    detail::active_table_slot().store(t);
    return true;
}

void set_isa(Isa isa) { (void)try_set_isa(isa); }

// ---- the public functions: forward to the active variant -----------------------
void gemm_nt(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C,
             int ldc, bool accumulate) {
    detail::T().gemm_nt(M, N, K, A, lda, B, ldb, C, ldc, accumulate);
}
void gemm_nn(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C,
             int ldc, bool accumulate) {
    detail::T().gemm_nn(M, N, K, A, lda, B, ldb, C, ldc, accumulate);
}
void gemm_tn(int M, int N, int K, const float* A, int lda, const float* B, int ldb, float* C,
             int ldc, bool accumulate) {
    detail::T().gemm_tn(M, N, K, A, lda, B, ldb, C, ldc, accumulate);
}
void add_bias_rows(float* Y, int M, int N, int ldy, const float* b) {
    detail::T().add_bias_rows(Y, M, N, ldy, b);
}
void column_sums(const float* dY, int M, int N, int ldy, float* db, bool accumulate) {
    detail::T().column_sums(dY, M, N, ldy, db, accumulate);
}
void activation_forward(Activation f, const float* z, float* a, std::size_t n) {
    detail::T().activation_forward(f, z, a, n);
}
void activation_backward(Activation f, const float* a, const float* da, float* dz, std::size_t n) {
    detail::T().activation_backward(f, a, da, dz, n);
}
void softmax_rows(float* Z, int M, int N, int ldz) { detail::T().softmax_rows(Z, M, N, ldz); }
void sgd_update(float* w, const float* g, std::size_t n, float lr, float wd) {
    detail::T().sgd_update(w, g, n, lr, wd);
}
void momentum_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu,
                     float wd) {
    detail::T().momentum_update(w, v, g, n, lr, mu, wd);
}
void adam_update(float* w, float* m, float* v, const float* g, std::size_t n, float lr, float b1,
                 float b2, float eps, float wd, long long t) {
    detail::T().adam_update(w, m, v, g, n, lr, b1, b2, eps, wd, t);
}

}  // namespace nnplay::kernels
