// Tests of the SIMD kernels (engine/kernels/kernels.h): every variant this
// build and CPU can run, every routine, against the scalar reference, on
// shapes that are not multiples of any vector width, with leading dimensions
// larger than the rows and with accumulate on and off.
//
// Error bounds are normalised by what floating point allows rather than fixed:
// a product's element may differ from the reference by at most
// 2 (K + 2) eps (|A| |B| + |C0|), the sum of the two rounding-error bounds of
// any summation order (so a missing or doubled term, about |A||B| / K, fails).
#include <doctest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/nn/types.h"  // name_of(Activation), for the test names

// The vector kernels compiled once more here against simd.h's one-lane scalar
// block, which no build dispatches to (it lets the kernels compile for any
// target): tested like the variants so that block stays correct.
#define NNPLAY_SIMD_SCALAR 1
#include "engine/kernels/simd.h"
#include "engine/kernels/kernels_impl.h"

using namespace nnplay;
namespace K = nnplay::kernels;

namespace {

// The public functions, which route to the active variant.
#define PUBLIC_ENTRY(name) K::name,
constexpr K::detail::KernelTable kPublic = {NNPLAY_KERNEL_LIST(PUBLIC_ENTRY)};
#undef PUBLIC_ENTRY

// What the tests run: every variant available here through the public API, and
// the scalar-mapping build of the vector code called directly.
struct Variant {
    std::string name;
    K::Isa isa;  // made active while the variant is tested
    const K::detail::KernelTable* table;
};
std::vector<Variant> variants() {
    std::vector<Variant> out;
    for (K::Isa isa : K::available_isas()) out.push_back({K::name_of(isa), isa, &kPublic});
    out.push_back({"generic (simd.h scalar block)", K::Isa::Scalar, &K::impl::kTable});
    return out;
}

// Restores the variant that was active when a test began.
struct IsaGuard {
    K::Isa saved = K::active_isa();
    ~IsaGuard() { K::set_isa(saved); }
};

struct Lcg {
    uint64_t s;
    explicit Lcg(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
    float uniform(float lo, float hi) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return lo + (hi - lo) * float((s >> 40) * (1.0 / 16777216.0));
    }
};

std::vector<float> randoms(std::size_t n, uint64_t seed, float lo = -1.0f, float hi = 1.0f) {
    Lcg g(seed);
    std::vector<float> v(n);
    for (float& x : v) x = g.uniform(lo, hi);
    return v;
}

enum class Op { NT, NN, TN };
const char* op_name(Op op) { return op == Op::NT ? "gemm_nt" : op == Op::NN ? "gemm_nn" : "gemm_tn"; }

// Stored shapes of A and B for C (M, N) = op(A) op(B) with depth K.
void stored_dims(Op op, int M, int N, int Kd, int& a_rows, int& a_cols, int& b_rows, int& b_cols) {
    a_rows = op == Op::TN ? Kd : M;
    a_cols = op == Op::TN ? M : Kd;
    b_rows = op == Op::NT ? N : Kd;
    b_cols = op == Op::NT ? Kd : N;
}

void run(Op op, const K::detail::KernelTable& T, int M, int N, int Kd, const float* A, int lda,
         const float* B, int ldb, float* C, int ldc, bool acc) {
    switch (op) {
        case Op::NT: T.gemm_nt(M, N, Kd, A, lda, B, ldb, C, ldc, acc); break;
        case Op::NN: T.gemm_nn(M, N, Kd, A, lda, B, ldb, C, ldc, acc); break;
        case Op::TN: T.gemm_tn(M, N, Kd, A, lda, B, ldb, C, ldc, acc); break;
    }
}

constexpr float kSentinel = -12345.5f;

// One product on one shape: the reference once, then every available variant.
// Returns the largest normalised error seen (|diff| / bound, must stay <= 1).
double check_gemm(Op op, int M, int N, int Kd, bool acc, uint64_t seed, int pad = 3) {
    int ar, ac, br, bc;
    stored_dims(op, M, N, Kd, ar, ac, br, bc);
    const int lda = ac + pad, ldb = bc + pad + 1, ldc = N + pad + 2;
    // Exactly as long as the last row needs, so a read past it is caught (ASan).
    const auto A = randoms((std::size_t)(ar - 1) * lda + ac, seed);
    const auto B = randoms((std::size_t)(br - 1) * ldb + bc, seed + 1);
    auto C0 = randoms((std::size_t)M * ldc, seed + 2);
    for (int i = 0; i < M; ++i)
        for (int j = N; j < ldc; ++j) C0[(std::size_t)i * ldc + j] = kSentinel;

    // |A| |B| in double, for the bound.
    std::vector<double> absprod((std::size_t)M * N, 0.0);
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            double s = 0.0;
            for (int k = 0; k < Kd; ++k) {
                const float a = op == Op::TN ? A[(std::size_t)k * lda + i] : A[(std::size_t)i * lda + k];
                const float b = op == Op::NT ? B[(std::size_t)j * ldb + k] : B[(std::size_t)k * ldb + j];
                s += std::fabs((double)a * b);
            }
            absprod[(std::size_t)i * N + j] = s;
        }
    auto R = C0;
    run(op, *K::detail::table_ref(), M, N, Kd, A.data(), lda, B.data(), ldb, R.data(), ldc, acc);

    double worst = 0.0;
    IsaGuard guard;
    for (const Variant& var : variants()) {
        REQUIRE(K::try_set_isa(var.isa));
        auto C = C0;
        run(op, *var.table, M, N, Kd, A.data(), lda, B.data(), ldb, C.data(), ldc, acc);
        int bad = 0;
        for (int i = 0; i < M; ++i) {
            for (int j = 0; j < ldc; ++j) {
                const std::size_t at = (std::size_t)i * ldc + j;
                if (j >= N) {  // beyond the row: must stay untouched
                    if (C[at] != kSentinel) ++bad;
                    continue;
                }
                const double c0 = acc ? std::fabs((double)C0[at]) : 0.0;
                const double bound =
                    2.0 * (Kd + 2) * (double)FLT_EPSILON * (absprod[(std::size_t)i * N + j] + c0) + 1e-30;
                const double err = std::fabs((double)C[at] - (double)R[at]) / bound;
                if (!(err <= 1.0)) ++bad;  // also catches NaN
                if (err > worst || err != err) worst = err;
            }
        }
        INFO(std::string(op_name(op)), " isa=", var.name, " M=", M, " N=", N, " K=", Kd, " acc=", acc,
             " worst normalised error=", worst);
        CHECK(bad == 0);
    }
    return worst;
}

const int kOdd[] = {1, 2, 3, 5, 7, 15, 16, 17, 31, 33, 64, 100};

}  // namespace

TEST_CASE("kernels: the variant list and switching") {
    IsaGuard guard;
    const auto isas = K::available_isas();
    REQUIRE(!isas.empty());
    CHECK(isas.front() == K::Isa::Scalar);
    CHECK(guard.saved == isas.back());  // the default is the best available
    std::string names;
    for (K::Isa isa : isas) {
        CHECK(K::try_set_isa(isa));
        CHECK(K::active_isa() == isa);
        names += std::string(K::name_of(isa)) + " ";
    }
    MESSAGE("kernel variants: ", names);
    // A variant of the other platform is never offered.
#if defined(__EMSCRIPTEN__)
    CHECK_FALSE(K::try_set_isa(K::Isa::AVX2));
    CHECK(isas.back() == K::Isa::WasmSimd128);
#else
    CHECK_FALSE(K::try_set_isa(K::Isa::WasmSimd128));
#endif
    CHECK(K::active_isa() == isas.back());  // a refused switch changes nothing
}

TEST_CASE("kernels: the three products match the reference on odd shapes") {
    uint64_t seed = 1;
    for (Op op : {Op::NT, Op::NN, Op::TN})
        for (int M : kOdd)
            for (int N : kOdd)
                for (int Kd : {1, 2, 7, 17, 33, 100}) check_gemm(op, M, N, Kd, (M + N + Kd) % 2 == 0, seed++);
}

TEST_CASE("kernels: products with deep K, wide N and the workload shapes") {
    struct Shape { int M, N, K; };
    const Shape deep[] = {{3, 5, 784}, {17, 33, 300}, {5, 600, 40}, {7, 1030, 17},
                          {33, 17, 513}, {2, 1, 1000}, {64, 64, 257}};
    uint64_t seed = 100;
    for (Op op : {Op::NT, Op::NN, Op::TN})
        for (const Shape& s : deep)
            for (bool acc : {false, true}) check_gemm(op, s.M, s.N, s.K, acc, seed++);
    // The dense layers of BENCH.md (W1 784-16-16-10 batch 10, W2 784-128-64-10 batch 64,
    // W3 784-512-512-10 batch 256): forward gemm_nt(B, out, in), gemm_nn(B, in, out), gemm_tn(out, in, B).
    const int layers[][3] = {{10, 784, 16}, {10, 16, 16}, {10, 16, 10},  {64, 784, 128}, {64, 128, 64},
                             {64, 64, 10},  {256, 784, 512}, {256, 512, 512}, {256, 512, 10}};
    for (const auto& l : layers) {
        const int B = l[0], in = l[1], out = l[2];
        check_gemm(Op::NT, B, out, in, false, seed++, 0);
        check_gemm(Op::NN, B, in, out, false, seed++, 0);
        check_gemm(Op::TN, out, in, B, true, seed++, 0);
    }
}

TEST_CASE("kernels: products with empty dimensions") {
    IsaGuard guard;
    for (const Variant& var : variants()) {
        K::set_isa(var.isa);
        const K::detail::KernelTable& T = *var.table;
        std::vector<float> C = {1.0f, 2.0f, 3.0f, 4.0f};
        const float a[2] = {1.0f, 1.0f};
        T.gemm_nt(2, 2, 0, a, 1, a, 1, C.data(), 2, true);  // K = 0, accumulate: unchanged
        CHECK(C == std::vector<float>{1.0f, 2.0f, 3.0f, 4.0f});
        T.gemm_nn(2, 2, 0, a, 1, a, 2, C.data(), 2, false);  // K = 0, overwrite: zeros
        CHECK(C == std::vector<float>{0.0f, 0.0f, 0.0f, 0.0f});
        C = {5.0f, 6.0f, 7.0f, 8.0f};
        T.gemm_tn(0, 2, 3, a, 1, a, 2, C.data(), 2, false);  // M = 0: nothing written
        T.gemm_tn(2, 0, 3, a, 1, a, 2, C.data(), 2, false);  // N = 0: nothing written
        CHECK(C == std::vector<float>{5.0f, 6.0f, 7.0f, 8.0f});
    }
}

namespace {

// Inputs for the element-wise functions: a wide sweep, the points where the
// vector code switches method, and special values.
std::vector<float> activation_inputs() {
    std::vector<float> z;
    for (int i = -4000; i <= 4000; ++i) z.push_back(i * 0.025f);  // -100 .. 100
    for (float s : {1e-30f, 1e-7f, 1e-3f, 0.3f, 0.6249f, 0.625f, 0.6251f, 1.0f, 9.0f, 20.0f, 44.0f,
                    44.5f, 87.0f, 88.0f, 88.5f, 89.0f, 1e4f, 3e38f})
        for (float sign : {1.0f, -1.0f}) z.push_back(sign * s);
    z.push_back(0.0f);
    z.push_back(-0.0f);
    z.push_back(std::numeric_limits<float>::infinity());
    z.push_back(-std::numeric_limits<float>::infinity());
    Lcg g(77);
    for (int i = 0; i < 3000; ++i) z.push_back(g.uniform(-12.0f, 12.0f));
    return z;
}

bool close(float got, float want, double rel, double abs_tol) {
    if (std::isnan(want)) return std::isnan(got);
    if (std::isinf(want)) return got == want;
    return std::fabs((double)got - want) <= rel * std::fabs((double)want) + abs_tol;
}

const Activation kActs[] = {Activation::Sigmoid, Activation::Tanh, Activation::ReLU,
                            Activation::LeakyReLU, Activation::Identity};

}  // namespace

TEST_CASE("kernels: activations and their derivatives match the reference") {
    IsaGuard guard;
    const auto z = activation_inputs();
    for (const Variant& var : variants()) {
        K::set_isa(var.isa);
        const K::detail::KernelTable& T = *var.table;
        for (Activation f : kActs) {
            // Every length up to a few vectors, so each partial-vector path runs.
            for (std::size_t n : {std::size_t(1), std::size_t(2), std::size_t(3), std::size_t(5),
                                  std::size_t(7), std::size_t(15), std::size_t(16), std::size_t(17),
                                  std::size_t(31), std::size_t(33), z.size()}) {
                const std::size_t off = n < z.size() ? (n * 7) % (z.size() - n) : 0;  // other inputs per length
                std::vector<float> want(n), got(n + 1, kSentinel), inplace(z.begin() + off, z.begin() + off + n);
                K::ref::activation_forward(f, z.data() + off, want.data(), n);
                T.activation_forward(f, z.data() + off, got.data(), n);
                T.activation_forward(f, inplace.data(), inplace.data(), n);
                int bad = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    if (!close(got[i], want[i], 1e-6, 1e-7)) {
                        if (bad++ < 3)
                            MESSAGE(std::string(name_of(f)), " ", var.name, " z=", z[off + i], " got ", got[i],
                                    " want ", want[i]);
                    }
                    if (!(got[i] == inplace[i] || (std::isnan(got[i]) && std::isnan(inplace[i])))) ++bad;
                }
                CHECK(got[n] == kSentinel);  // nothing written past the end
                INFO(std::string(name_of(f)), " isa=", var.name, " n=", n);
                CHECK(bad == 0);

                // Backward, from the activation's outputs and a random upstream gradient.
                const auto da = randoms(n, n + 5, -2.0f, 2.0f);
                std::vector<float> dwant(n), dgot(n + 1, kSentinel);
                K::ref::activation_backward(f, want.data(), da.data(), dwant.data(), n);
                T.activation_backward(f, want.data(), da.data(), dgot.data(), n);
                int dbad = 0;
                // f' from a may cancel (1 - a^2 at a near 1), and a variant may fuse that
                // multiply-add: allow one rounding of 1 times |da| besides the relative bound.
                for (std::size_t i = 0; i < n; ++i)
                    dbad += !close(dgot[i], dwant[i], 1e-6, 2.0 * FLT_EPSILON * std::fabs(da[i]));
                CHECK(dgot[n] == kSentinel);
                CHECK(dbad == 0);
                auto dinplace = da;  // dz may equal da
                T.activation_backward(f, want.data(), dinplace.data(), dinplace.data(), n);
                int ibad = 0;
                for (std::size_t i = 0; i < n; ++i)
                    ibad += !(dinplace[i] == dgot[i] || (std::isnan(dinplace[i]) && std::isnan(dgot[i])));
                CHECK(ibad == 0);
            }
        }
        // The saturated ends are exact, and NaN is never hidden by sigmoid or tanh.
        float big[4] = {100.0f, -100.0f, std::nanf(""), 0.0f}, out[4];
        T.activation_forward(Activation::Sigmoid, big, out, 4);
        CHECK(out[0] == 1.0f);
        CHECK(out[1] >= 0.0f);
        CHECK(out[1] < 1e-38f);
        CHECK(std::isnan(out[2]));
        CHECK(out[3] == 0.5f);
        T.activation_forward(Activation::Tanh, big, out, 4);
        CHECK(out[0] == 1.0f);
        CHECK(out[1] == -1.0f);
        CHECK(std::isnan(out[2]));
        CHECK(out[3] == 0.0f);
    }
}

TEST_CASE("kernels: the vector exp is accurate to 1e-6 relative over float32's range") {
    IsaGuard guard;
    std::vector<float> x;
    for (int i = 0; i <= 400000; ++i) x.push_back(-87.3f + (88.7f + 87.3f) * (float)i / 400000.0f);
    for (float s : {0.0f, 1e-8f, -1e-8f, 0.34657f, -0.34657f, 88.3762f, 88.3763f, 88.72f})
        x.push_back(s);
    std::vector<float> y(x.size());
    for (const Variant& var : variants()) {
        K::set_isa(var.isa);
        const K::detail::KernelTable& T = *var.table;
        T.exp_n(x.data(), y.data(), x.size());
        double worst = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double want = std::exp((double)x[i]);
            const double rel = std::fabs(y[i] - want) / want;
            if (!(rel <= worst)) worst = rel;
        }
        INFO("exp isa=", var.name, " worst relative error=", worst);
        CHECK(worst < 1e-6);
        // Outside the range: 0 below, +inf above, NaN stays NaN.
        float special[6] = {-88.5f, -1000.0f, -std::numeric_limits<float>::infinity(), 89.0f,
                            std::numeric_limits<float>::infinity(), std::nanf("")};
        T.exp_n(special, special, 6);
        CHECK(special[0] >= 0.0f);
        CHECK(special[0] < 1.2e-38f);
        CHECK(special[1] == 0.0f);
        CHECK(special[2] == 0.0f);
        CHECK(std::isinf(special[3]));
        CHECK(std::isinf(special[4]));
        CHECK(std::isnan(special[5]));
    }
}

TEST_CASE("kernels: softmax, bias and column sums match the reference") {
    IsaGuard guard;
    uint64_t seed = 500;
    for (const Variant& var : variants()) {
        K::set_isa(var.isa);
        const K::detail::KernelTable& T = *var.table;
        for (int M : {1, 3, 10, 64})
            for (int N : {1, 2, 3, 5, 7, 10, 15, 16, 17, 31, 33, 64, 100, 784})
            for (int pad : {0, 3}) {  // contiguous rows, and rows with a gap
                const int ld = N + pad;
                INFO("isa=", var.name, " M=", M, " N=", N, " ld=", ld);
                // softmax on logits with a wide spread (and one row of equal values)
                auto Z = randoms((std::size_t)M * ld, seed++, -40.0f, 40.0f);
                for (int j = 0; j < N; ++j) Z[j] = 2.5f;
                for (int i = 0; i < M; ++i)
                    for (int j = N; j < ld; ++j) Z[(std::size_t)i * ld + j] = kSentinel;
                auto R = Z;
                K::ref::softmax_rows(R.data(), M, N, ld);
                T.softmax_rows(Z.data(), M, N, ld);
                int bad = 0;
                for (int i = 0; i < M; ++i) {
                    double sum = 0.0;
                    for (int j = 0; j < ld; ++j) {
                        const std::size_t at = (std::size_t)i * ld + j;
                        if (j >= N) {
                            bad += Z[at] != kSentinel;
                            continue;
                        }
                        bad += !close(Z[at], R[at], 2e-6, 1e-30);
                        sum += Z[at];
                    }
                    bad += std::fabs(sum - 1.0) > 1e-5;
                }
                CHECK(bad == 0);

                // bias rows
                auto Y = randoms((std::size_t)M * ld, seed++);
                const auto b = randoms((std::size_t)N, seed++);
                auto YR = Y;
                K::ref::add_bias_rows(YR.data(), M, N, ld, b.data());
                T.add_bias_rows(Y.data(), M, N, ld, b.data());
                CHECK(Y == YR);  // one addition per element: exactly the reference

                // column sums, overwrite and accumulate (rows added in order: exact)
                for (bool acc : {false, true}) {
                    auto db = randoms((std::size_t)N + 1, seed++);
                    db[N] = kSentinel;
                    auto dbr = db;
                    K::ref::column_sums(Y.data(), M, N, ld, dbr.data(), acc);
                    T.column_sums(Y.data(), M, N, ld, db.data(), acc);
                    CHECK(db == dbr);
                }
            }
    }
}

TEST_CASE("kernels: parameter updates match the reference over several steps") {
    IsaGuard guard;
    for (const Variant& var : variants()) {
        K::set_isa(var.isa);
        const K::detail::KernelTable& T = *var.table;
        for (std::size_t n : {std::size_t(1), std::size_t(3), std::size_t(17), std::size_t(33),
                              std::size_t(784), std::size_t(12545)}) {
            INFO("isa=", var.name, " n=", n);
            auto w = randoms(n + 1, n, -0.5f, 0.5f), wr = w;
            std::vector<float> v(n + 1, 0.0f), vr = v, m(n + 1, 0.0f), mr = m;
            w[n] = wr[n] = v[n] = vr[n] = m[n] = mr[n] = kSentinel;
            auto close_all = [&](const std::vector<float>& a, const std::vector<float>& b) {
                int bad = 0;
                for (std::size_t i = 0; i < n; ++i) bad += !close(a[i], b[i], 1e-5, 1e-6);
                bad += a[n] != kSentinel;
                return bad;
            };
            for (int step = 1; step <= 5; ++step) {
                const auto g = randoms(n, n * 10 + step, -1.0f, 1.0f);
                K::ref::sgd_update(wr.data(), g.data(), n, 0.1f, 1e-3f);
                T.sgd_update(w.data(), g.data(), n, 0.1f, 1e-3f);
                CHECK(close_all(w, wr) == 0);
                K::ref::momentum_update(wr.data(), vr.data(), g.data(), n, 0.05f, 0.9f, 1e-4f);
                T.momentum_update(w.data(), v.data(), g.data(), n, 0.05f, 0.9f, 1e-4f);
                CHECK(close_all(w, wr) == 0);
                CHECK(close_all(v, vr) == 0);
            }
            std::fill(v.begin(), v.begin() + n, 0.0f);
            std::fill(vr.begin(), vr.begin() + n, 0.0f);
            for (int step = 1; step <= 5; ++step) {
                const auto g = randoms(n, n * 30 + step, -1.0f, 1.0f);
                K::ref::nesterov_update(wr.data(), vr.data(), g.data(), n, 0.05f, 0.9f, 1e-4f);
                T.nesterov_update(w.data(), v.data(), g.data(), n, 0.05f, 0.9f, 1e-4f);
                CHECK(close_all(w, wr) == 0);
                CHECK(close_all(v, vr) == 0);
            }
            std::fill(v.begin(), v.begin() + n, 0.0f);
            std::fill(vr.begin(), vr.begin() + n, 0.0f);
            for (int step = 1; step <= 5; ++step) {
                const auto g = randoms(n, n * 40 + step, -1.0f, 1.0f);
                K::ref::rmsprop_update(wr.data(), vr.data(), g.data(), n, 1e-3f, 0.99f, 1e-8f, 1e-2f);
                T.rmsprop_update(w.data(), v.data(), g.data(), n, 1e-3f, 0.99f, 1e-8f, 1e-2f);
                CHECK(close_all(w, wr) == 0);
                CHECK(close_all(v, vr) == 0);
            }
            std::fill(v.begin(), v.begin() + n, 0.0f);
            std::fill(vr.begin(), vr.begin() + n, 0.0f);
            for (long long t = 1; t <= 5; ++t) {
                const auto g = randoms(n, n * 20 + t, -1.0f, 1.0f);
                K::ref::adam_update(wr.data(), mr.data(), vr.data(), g.data(), n, 1e-3f, 0.9f, 0.999f, 1e-8f,
                                    1e-2f, t);
                T.adam_update(w.data(), m.data(), v.data(), g.data(), n, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f, t);
                CHECK(close_all(w, wr) == 0);
                CHECK(close_all(m, mr) == 0);
                CHECK(close_all(v, vr) == 0);
            }
        }
    }
}
