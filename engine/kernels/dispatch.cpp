// dispatch.cpp: picks the kernel variant at run time and routes the public
// functions of kernels.h to it. Natively the x86 variants are offered when the
// CPU (and OS) support them (__builtin_cpu_supports); in the WebAssembly build
// SIMD128 is compiled in and always present. No threads are used: the active
// variant is one global that tests switch with set_isa.
#include <atomic>
#include <cstdlib>

#include "engine/kernels/kernel_table.h"

namespace nnplay::kernels {
namespace detail {

const KernelTable* table_ref() {
#define NNPLAY_REF_ENTRY(name) ref::name,
    static constexpr KernelTable t = {NNPLAY_KERNEL_LIST(NNPLAY_REF_ENTRY)};
#undef NNPLAY_REF_ENTRY
    return &t;
}

float* scratch_floats(std::size_t n) {
    struct Buffer {
        float* data = nullptr;
        std::size_t capacity = 0;
        ~Buffer() { std::free(data); }
    };
    thread_local Buffer buf;
    if (n > buf.capacity) {
        std::free(buf.data);
        const std::size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
        buf.data = static_cast<float*>(std::aligned_alloc(64, bytes));
        buf.capacity = buf.data ? n : 0;
    }
    return buf.data;
}

namespace {

const KernelTable* table_for(Isa isa) {
    switch (isa) {
        case Isa::Scalar: return table_ref();
        case Isa::SSE: return table_sse();
        case Isa::AVX2: return table_avx2();
        case Isa::AVX512: return table_avx512();
        case Isa::WasmSimd128: return table_wasm();
    }
    return nullptr;
}

// The CPU side: the variant's instructions (and the OS saving their registers,
// which __builtin_cpu_supports checks for AVX and AVX-512).
bool cpu_has(Isa isa) {
#if (defined(__x86_64__) || defined(__i386__)) && !defined(__EMSCRIPTEN__) && defined(__GNUC__)
    switch (isa) {
        case Isa::Scalar: return true;
        case Isa::SSE: return __builtin_cpu_supports("sse4.1");
        case Isa::AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case Isa::AVX512:
            return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                   __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
                   __builtin_cpu_supports("fma");
        case Isa::WasmSimd128: return false;
    }
    return false;
#else
    // WebAssembly: a module with SIMD128 instructions only loads where they run.
    return isa == Isa::Scalar || isa == Isa::WasmSimd128;
#endif
}

struct Active {
    std::atomic<Isa> isa;
    std::atomic<const KernelTable*> table;
};

Active& active() {
    static Active a = [] {
        const Isa best = available_isas().back();
        return Active{{best}, {table_for(best)}};
    }();
    return a;
}

inline const KernelTable& T() { return *active().table.load(std::memory_order_relaxed); }

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

Isa active_isa() { return detail::active().isa.load(); }

bool try_set_isa(Isa isa) {
    const detail::KernelTable* t = detail::table_for(isa);
    if (!t || !detail::cpu_has(isa)) return false;
    detail::active().isa.store(isa);
    detail::active().table.store(t);
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
void exp_n(const float* x, float* y, std::size_t n) { detail::T().exp_n(x, y, n); }
void sgd_update(float* w, const float* g, std::size_t n, float lr, float wd) {
    detail::T().sgd_update(w, g, n, lr, wd);
}
void momentum_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu,
                     float wd) {
    detail::T().momentum_update(w, v, g, n, lr, mu, wd);
}
void nesterov_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu,
                     float wd) {
    detail::T().nesterov_update(w, v, g, n, lr, mu, wd);
}
void rmsprop_update(float* w, float* s, const float* g, std::size_t n, float lr, float rho,
                    float eps, float wd) {
    detail::T().rmsprop_update(w, s, g, n, lr, rho, eps, wd);
}
void adam_update(float* w, float* m, float* v, const float* g, std::size_t n, float lr, float b1,
                 float b2, float eps, float wd, long long t) {
    detail::T().adam_update(w, m, v, g, n, lr, b1, b2, eps, wd, t);
}

}  // namespace nnplay::kernels
