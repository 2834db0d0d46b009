// kernels_ref.cpp: the scalar reference of every routine in kernels.h.
// Plain loops written for clarity, not speed: they define what the fast
// variants must compute, and they are the Scalar variant (the fallback on
// machines without any of the SIMD instruction sets).
// Shapes as in kernels.h: row-major float32 with explicit leading dimensions.
#include <algorithm>
#include <cmath>

#include "engine/kernels/kernels.h"

namespace nnplay::kernels::ref {

// C (M, N) = A (M, K) * B (N, K)^T: C[i][j] = sum_k A[i][k] B[j][k].
void gemm_nt(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
             float* C, int ldc, bool accumulate) {
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            float s = 0.0f;
            for (int k = 0; k < K; ++k) s += A[(std::size_t)i * lda + k] * B[(std::size_t)j * ldb + k];
            float& c = C[(std::size_t)i * ldc + j];
            c = accumulate ? c + s : s;
        }
}

// C (M, N) = A (M, K) * B (K, N): C[i][j] = sum_k A[i][k] B[k][j].
void gemm_nn(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
             float* C, int ldc, bool accumulate) {
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            float s = 0.0f;
            for (int k = 0; k < K; ++k) s += A[(std::size_t)i * lda + k] * B[(std::size_t)k * ldb + j];
            float& c = C[(std::size_t)i * ldc + j];
            c = accumulate ? c + s : s;
        }
}

// C (M, N) = A (K, M)^T * B (K, N): C[i][j] = sum_k A[k][i] B[k][j].
void gemm_tn(int M, int N, int K, const float* A, int lda, const float* B, int ldb,
             float* C, int ldc, bool accumulate) {
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            float s = 0.0f;
            for (int k = 0; k < K; ++k) s += A[(std::size_t)k * lda + i] * B[(std::size_t)k * ldb + j];
            float& c = C[(std::size_t)i * ldc + j];
            c = accumulate ? c + s : s;
        }
}

// Y (M, N): every row r gets b (N) added.
void add_bias_rows(float* Y, int M, int N, int ldy, const float* b) {
    for (int r = 0; r < M; ++r)
        for (int j = 0; j < N; ++j) Y[(std::size_t)r * ldy + j] += b[j];
}

// db (N) (+)= column sums of dY (M, N).
void column_sums(const float* dY, int M, int N, int ldy, float* db, bool accumulate) {
    for (int j = 0; j < N; ++j) {
        float s = 0.0f;
        for (int r = 0; r < M; ++r) s += dY[(std::size_t)r * ldy + j];
        db[j] = accumulate ? db[j] + s : s;
    }
}

void activation_forward(Activation f, const float* z, float* a, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        const float x = z[i];
        switch (f) {
            case Activation::Sigmoid: a[i] = 1.0f / (1.0f + std::exp(-x)); break;
            case Activation::Tanh: a[i] = std::tanh(x); break;
            case Activation::ReLU: a[i] = x > 0.0f ? x : 0.0f; break;
            case Activation::LeakyReLU: a[i] = x > 0.0f ? x : kLeakySlope * x; break;
            case Activation::Identity: a[i] = x; break;
        }
    }
}

// The derivative is taken from the output a (see kernels.h).
void activation_backward(Activation f, const float* a, const float* da, float* dz, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        const float y = a[i];
        float d = 1.0f;
        switch (f) {
            case Activation::Sigmoid: d = y * (1.0f - y); break;
            case Activation::Tanh: d = 1.0f - y * y; break;
            case Activation::ReLU: d = y > 0.0f ? 1.0f : 0.0f; break;
            case Activation::LeakyReLU: d = y > 0.0f ? 1.0f : kLeakySlope; break;
            case Activation::Identity: d = 1.0f; break;
        }
        dz[i] = da[i] * d;
    }
}

// Each row of Z (M, N) becomes exp(z - max) / sum exp(z - max).
void softmax_rows(float* Z, int M, int N, int ldz) {
    for (int r = 0; r < M; ++r) {
        float* z = Z + (std::size_t)r * ldz;
        if (N <= 0) continue;
        float mx = z[0];
        for (int j = 1; j < N; ++j) mx = std::max(mx, z[j]);
        float s = 0.0f;
        for (int j = 0; j < N; ++j) {
            z[j] = std::exp(z[j] - mx);
            s += z[j];
        }
        const float inv = 1.0f / s;
        for (int j = 0; j < N; ++j) z[j] *= inv;
    }
}

void exp_n(const float* x, float* y, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
}

void sgd_update(float* w, const float* g, std::size_t n, float lr, float wd) {
    for (std::size_t i = 0; i < n; ++i) w[i] -= lr * (g[i] + wd * w[i]);
}

void momentum_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu, float wd) {
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = mu * v[i] + (g[i] + wd * w[i]);
        w[i] -= lr * v[i];
    }
}

// As torch.optim.SGD(nesterov=True): v = mu v + g'; the step follows g' + mu v.
void nesterov_update(float* w, float* v, const float* g, std::size_t n, float lr, float mu, float wd) {
    for (std::size_t i = 0; i < n; ++i) {
        const float gi = g[i] + wd * w[i];
        v[i] = mu * v[i] + gi;
        w[i] -= lr * (gi + mu * v[i]);
    }
}

// As torch.optim.RMSprop (1.13; alpha = rho, momentum 0, not centered).
void rmsprop_update(float* w, float* s, const float* g, std::size_t n, float lr, float rho, float eps,
                    float wd) {
    for (std::size_t i = 0; i < n; ++i) {
        const float gi = g[i] + wd * w[i];
        s[i] = rho * s[i] + (1.0f - rho) * gi * gi;
        w[i] -= lr * (gi / (std::sqrt(s[i]) + eps));
    }
}

// As torch.optim.Adam (1.13, single tensor): the bias corrections are computed
// in double, the step as w -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps).
void adam_update(float* w, float* m, float* v, const float* g, std::size_t n, float lr,
                 float b1, float b2, float eps, float wd, long long t) {
    const double bc1 = 1.0 - std::pow((double)b1, (double)t);
    const double bc2 = 1.0 - std::pow((double)b2, (double)t);
    const float step = (float)((double)lr / bc1);
    const float bc2_sqrt = (float)std::sqrt(bc2);
    for (std::size_t i = 0; i < n; ++i) {
        const float gi = g[i] + wd * w[i];
        m[i] = b1 * m[i] + (1.0f - b1) * gi;
        v[i] = b2 * v[i] + (1.0f - b2) * gi * gi;
        const float denom = std::sqrt(v[i]) / bc2_sqrt + eps;
        w[i] -= step * (m[i] / denom);
    }
}

}  // namespace nnplay::kernels::ref
