// kernels.h: the engine's hot loops. Every routine here has a scalar reference
// (kernels::ref, written for clarity and used as the fallback) and fast
// variants written once against a small SIMD mapping layer (kernels/simd.h):
// WebAssembly SIMD128, x86 SSE / AVX2 / AVX-512, scalar.
//
// What it does not do: thread, or know about layers. It does not allocate per
// call: the matrix products pack blocks into one scratch buffer per thread
// (about 0.6 MB, allocated on first use and kept). All matrices are row-major
// float32 with an explicit leading dimension (elements between row starts);
// any shape is accepted, vector-width multiples or not. C must not overlap A or B.
// Results are deterministic for a given build, variant and shape; variants
// differ from each other and from the reference by rounding only (tested with
// normalised bounds in tests/unit/engine/test_kernels.cpp).
//
// Use:
//   kernels::gemm_nt(B, out, in, X, in, W, in, Y, out, false);   // Y = X W^T
//   kernels::set_isa(kernels::Isa::Scalar);   // tests: force a variant
//   bench/kernels_bench.cpp (target kernels-bench) times every variant.
#pragma once
#include <cstddef>
#include <vector>

#include "engine/kernels/activation.h"

namespace nnplay::kernels {

// ---- instruction-set selection ---------------------------------------------
enum class Isa { Scalar, SSE, AVX2, AVX512, WasmSimd128 };
const char* name_of(Isa isa);
std::vector<Isa> available_isas();  // what this build and this CPU can run, Scalar first
Isa active_isa();                   // default: the best available (the last of the list)
void set_isa(Isa isa);              // ignored when not available
bool try_set_isa(Isa isa);          // false (and nothing changes) when not available

// ---- matrix products (the three products of a dense layer) ------------------
// In a dense layer with batch B: X is (B, in), W is (out, in), Y is (B, out).
//   forward            Y  = X  W^T       gemm_nt(B, out, in, ...)
//   backward, inputs   dX = dY W         gemm_nn(B, in, out, ...)
//   backward, weights  dW = dY^T X       gemm_tn(out, in, B, ...)
// With accumulate the product is added to C, otherwise C is overwritten.

// C (M, N) = A (M, K) * B (N, K)^T
void gemm_nt(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
             float* C, int ldc, bool accumulate);
// C (M, N) = A (M, K) * B (K, N)
void gemm_nn(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
             float* C, int ldc, bool accumulate);
// C (M, N) = A (K, M)^T * B (K, N)
void gemm_tn(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
             float* C, int ldc, bool accumulate);

// ---- row and element operations --------------------------------------------
// Y (M, N) row r += b (N), for every row.
void add_bias_rows(float* Y, int M, int N, int ldy, const float* b);
// db (N) (+)= sum over the M rows of dY (M, N).
void column_sums(const float* dY, int M, int N, int ldy, float* db, bool accumulate);
// a[i] = f(z[i]) for n elements (a may equal z).
void activation_forward(Activation f, const float* z, float* a, std::size_t n);
// dz[i] = da[i] * f'(z[i]), with f' computed from the activation's output a
// (sigmoid a(1-a), tanh 1-a^2, ReLU a>0, leaky ReLU a>0 ? 1 : slope, identity 1).
// dz may equal da.
void activation_backward(Activation f, const float* a, const float* da, float* dz, std::size_t n);
// Row-wise softmax in place on Z (M, N), numerically stable (max subtracted).
void softmax_rows(float* Z, int M, int N, int ldz);
// y[i] = exp(x[i]) for n elements (y may equal x). The vector variants use a
// polynomial accurate to about 3e-7 relative; results below -87.33 are 0.
void exp_n(const float* x, float* y, std::size_t n);

// ---- parameter updates (n elements) ------------------------------------------
// w -= lr * (g + wd * w)
void sgd_update(float* w, const float* g, std::size_t n, float lr, float wd);
// v = mu * v + (g + wd * w); w -= lr * v          (PyTorch's momentum form)
void momentum_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu, float wd);
// PyTorch's Nesterov momentum (SGD, nesterov=True): g' = g + wd w;
// v = mu v + g'; w -= lr * (g' + mu v)
void nesterov_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu, float wd);
// PyTorch RMSprop (alpha = rho): g' = g + wd w; s = rho s + (1-rho) g'^2;
// w -= lr * g' / (sqrt(s) + eps)
void rmsprop_update(float* w, float* s, const float* g, std::size_t n, float lr, float rho, float eps,
                    float wd);
// PyTorch Adam: g' = g + wd w; m = b1 m + (1-b1) g'; v = b2 v + (1-b2) g'^2;
// w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
void adam_update(float* w, float* m, float* v, const float* g, std::size_t n, float lr,
                 float b1, float b2, float eps, float wd, long long t);

// ---- scalar references (the naive loops every variant must match) -----------
namespace ref {
void gemm_nt(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
             float* C, int ldc, bool accumulate);
void gemm_nn(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
             float* C, int ldc, bool accumulate);
void gemm_tn(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
             float* C, int ldc, bool accumulate);
void add_bias_rows(float* Y, int M, int N, int ldy, const float* b);
void column_sums(const float* dY, int M, int N, int ldy, float* db, bool accumulate);
void activation_forward(Activation f, const float* z, float* a, std::size_t n);
void activation_backward(Activation f, const float* a, const float* da, float* dz, std::size_t n);
void softmax_rows(float* Z, int M, int N, int ldz);
void exp_n(const float* x, float* y, std::size_t n);
void sgd_update(float* w, const float* g, std::size_t n, float lr, float wd);
void momentum_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu, float wd);
void nesterov_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu, float wd);
void rmsprop_update(float* w, float* s, const float* g, std::size_t n, float lr, float rho, float eps,
                    float wd);
void adam_update(float* w, float* m, float* v, const float* g, std::size_t n, float lr,
                 float b1, float b2, float eps, float wd, long long t);
}  // namespace ref

}  // namespace nnplay::kernels
