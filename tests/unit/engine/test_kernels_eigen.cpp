// Eigen as an independent oracle for the kernels (engine/kernels/kernels.h):
// every routine of the scalar reference and of every variant this build and
// CPU can run is checked against the same computation written with Eigen, in
// double precision, from the formulas in kernels.h (PyTorch's, for the
// optimizers). test_kernels.cpp checks the variants against the scalar
// reference; this file makes sure that the reference and the variants cannot
// share a mistake (a transposed operand, a wrong leading dimension, a missing
// bias correction) that both comparisons would then miss. It runs natively and
// in WebAssembly (engine-tests under node).
//
// Bounds: a product's element may differ from the exact value by at most
// 2 (K + 2) eps (|A| |B| + |C0|) (float summation in any order, see
// test_kernels.cpp); element-wise results by a few roundings of their terms.
#include <doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/kernels/kernel_table.h"
#include "engine/kernels/kernels.h"
#include "engine/nn/types.h"  // name_of(Activation), for the messages

using namespace nnplay;
namespace K = nnplay::kernels;

namespace {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Strided = Eigen::Map<const MatF, 0, Eigen::OuterStride<>>;
using ArrD = Eigen::ArrayXd;

// A row-major float matrix with leading dimension ld, as a double matrix.
MatD as_double(const float* p, int rows, int cols, int ld) {
    return Strided(p, rows, cols, Eigen::OuterStride<>(ld)).cast<double>();
}
ArrD as_double(const std::vector<float>& v, std::size_t n) {
    ArrD a(static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) a[static_cast<Eigen::Index>(i)] = v[i];
    return a;
}

// The public functions, which route to the active variant.
#define PUBLIC_ENTRY(name) K::name,
constexpr K::detail::KernelTable kPublic = {NNPLAY_KERNEL_LIST(PUBLIC_ENTRY)};
#undef PUBLIC_ENTRY

// What is checked: the scalar reference, then every variant available here.
struct Subject {
    std::string name;
    K::Isa isa;  // made active while it is checked
    const K::detail::KernelTable* table;
};
std::vector<Subject> subjects() {
    std::vector<Subject> out{{"reference", K::Isa::Scalar, K::detail::table_ref()}};
    for (K::Isa isa : K::available_isas()) out.push_back({K::name_of(isa), isa, &kPublic});
    return out;
}

struct IsaGuard {
    K::Isa saved = K::active_isa();
    ~IsaGuard() { K::set_isa(saved); }
};

// A small generator of its own (not the one of test_kernels.cpp: independent).
struct Xorshift {
    uint32_t s;
    explicit Xorshift(uint32_t seed) : s(seed * 2654435761u + 12345u) {}
    float uniform(float lo, float hi) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        return lo + (hi - lo) * static_cast<float>((s >> 8) * (1.0 / 16777216.0));
    }
};
std::vector<float> randoms(std::size_t n, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
    Xorshift g(seed);
    std::vector<float> v(n);
    for (float& x : v) x = g.uniform(lo, hi);
    return v;
}

constexpr float kSentinel = 7777.25f;
constexpr double kEps = FLT_EPSILON;

enum class Op { NT, NN, TN };
const char* op_name(Op op) { return op == Op::NT ? "gemm_nt" : op == Op::NN ? "gemm_nn" : "gemm_tn"; }

// C (M, N) (+)= op(A) op(B) with depth Kd by the subject, against Eigen's
// product of the same strided operands in double. Returns the number of
// elements out of bounds (or written beyond a row).
int check_gemm(const Subject& s, Op op, int M, int N, int Kd, bool acc, uint32_t seed) {
    // Stored shapes: A (M, K) or (K, M) for TN; B (N, K) for NT or (K, N).
    const int ar = op == Op::TN ? Kd : M, ac = op == Op::TN ? M : Kd;
    const int br = op == Op::NT ? N : Kd, bc = op == Op::NT ? Kd : N;
    const int lda = ac + 2, ldb = bc + 5, ldc = N + 1;
    const auto A = randoms(std::size_t(ar - 1) * lda + ac, seed);
    const auto B = randoms(std::size_t(br - 1) * ldb + bc, seed + 1);
    auto C = randoms(std::size_t(M) * ldc, seed + 2, -2.0f, 2.0f);
    for (int i = 0; i < M; ++i) C[std::size_t(i) * ldc + N] = kSentinel;
    const MatD C0 = as_double(C.data(), M, N, ldc);

    const MatD a = as_double(A.data(), ar, ac, lda), b = as_double(B.data(), br, bc, ldb);
    const MatD opa = op == Op::TN ? MatD(a.transpose()) : a;
    const MatD opb = op == Op::NT ? MatD(b.transpose()) : b;
    MatD want = opa * opb;
    MatD mag = opa.cwiseAbs() * opb.cwiseAbs();
    if (acc) {
        want += C0;
        mag += C0.cwiseAbs();
    }

    REQUIRE(K::try_set_isa(s.isa));
    switch (op) {
        case Op::NT: s.table->gemm_nt(M, N, Kd, A.data(), lda, B.data(), ldb, C.data(), ldc, acc); break;
        case Op::NN: s.table->gemm_nn(M, N, Kd, A.data(), lda, B.data(), ldb, C.data(), ldc, acc); break;
        case Op::TN: s.table->gemm_tn(M, N, Kd, A.data(), lda, B.data(), ldb, C.data(), ldc, acc); break;
    }
    int bad = 0;
    for (int i = 0; i < M; ++i) {
        bad += C[std::size_t(i) * ldc + N] != kSentinel;
        for (int j = 0; j < N; ++j) {
            const double bound = 2.0 * (Kd + 2) * kEps * mag(i, j) + 1e-30;
            const double err = std::fabs(C[std::size_t(i) * ldc + j] - want(i, j));
            if (!(err <= bound)) {
                if (bad < 3)
                    MESSAGE(s.name, " ", op_name(op), " M=", M, " N=", N, " K=", Kd, " acc=", acc, " (", i, ",", j,
                            ") got ", C[std::size_t(i) * ldc + j], " Eigen ", want(i, j));
                ++bad;
            }
        }
    }
    return bad;
}

bool within(double got, double want, double tol) {
    if (std::isnan(want)) return std::isnan(got);
    if (std::isinf(want)) return got == want;
    return std::fabs(got - want) <= tol;
}

const Activation kActs[] = {Activation::Sigmoid, Activation::Tanh, Activation::ReLU, Activation::LeakyReLU,
                            Activation::Identity};

// f(z) in double, written with Eigen's array functions.
ArrD eigen_forward(Activation f, const ArrD& z) {
    switch (f) {
        case Activation::Sigmoid: return 1.0 / (1.0 + (-z).exp());
        case Activation::Tanh: return z.tanh();
        case Activation::ReLU: return z.max(0.0);
        case Activation::LeakyReLU: return (z > 0.0).select(z, double(kLeakySlope) * z);
        case Activation::Identity: return z;
    }
    return z;
}

// da * f'(z), with f' written from the output a (kernels.h).
ArrD eigen_backward(Activation f, const ArrD& a, const ArrD& da) {
    switch (f) {
        case Activation::Sigmoid: return da * a * (1.0 - a);
        case Activation::Tanh: return da * (1.0 - a * a);
        case Activation::ReLU: return (a > 0.0).select(da, 0.0 * da);
        case Activation::LeakyReLU: return (a > 0.0).select(da, double(kLeakySlope) * da);
        case Activation::Identity: return da;
    }
    return da;
}

}  // namespace

TEST_CASE("kernels vs Eigen: the three products, odd shapes, strided, overwrite and accumulate") {
    IsaGuard guard;
    uint32_t seed = 1;
    for (const Subject& s : subjects()) {
        int bad = 0;
        for (Op op : {Op::NT, Op::NN, Op::TN})
            for (int M : {1, 3, 16, 17, 33})
                for (int N : {1, 2, 15, 17, 64})
                    for (int Kd : {1, 7, 33, 100, 257}) bad += check_gemm(s, op, M, N, Kd, (M + N + Kd) % 2 == 1, seed++);
        INFO(s.name);
        CHECK(bad == 0);
    }
}

TEST_CASE("kernels vs Eigen: the products of the BENCH.md layers") {
    // forward gemm_nt(B, out, in), inputs' gradient gemm_nn(B, in, out),
    // weights' gradient gemm_tn(out, in, B), for W1 784-16-16-10 batch 10,
    // W2 784-128-64-10 batch 64 and W3's output layer (512-10, batch 256).
    const int layers[][3] = {{10, 784, 16}, {10, 16, 16}, {10, 16, 10}, {64, 784, 128},
                             {64, 128, 64}, {64, 64, 10}, {256, 512, 10}};
    IsaGuard guard;
    uint32_t seed = 900;
    for (const Subject& s : subjects()) {
        int bad = 0;
        for (const auto& l : layers) {
            const int B = l[0], in = l[1], out = l[2];
            bad += check_gemm(s, Op::NT, B, out, in, false, seed++);
            bad += check_gemm(s, Op::NN, B, in, out, false, seed++);
            bad += check_gemm(s, Op::TN, out, in, B, true, seed++);
        }
        INFO(s.name);
        CHECK(bad == 0);
    }
}

TEST_CASE("kernels vs Eigen: bias rows, column sums and softmax") {
    IsaGuard guard;
    uint32_t seed = 2000;
    for (const Subject& s : subjects()) {
        REQUIRE(K::try_set_isa(s.isa));
        for (int M : {1, 4, 10, 37})
            for (int N : {1, 3, 10, 16, 33, 130, 784}) {
                const int ld = N + 3;
                INFO(s.name, " M=", M, " N=", N);

                // Y (M, N) row r += b: one float addition per element, so Eigen's
                // float broadcast gives the same bits.
                auto Y = randoms(std::size_t(M) * ld, seed++);
                const auto b = randoms(std::size_t(N), seed++);
                MatF ywant = Strided(Y.data(), M, N, Eigen::OuterStride<>(ld));
                ywant.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(b.data(), N);
                for (int i = 0; i < M; ++i) Y[std::size_t(i) * ld + N] = kSentinel;
                s.table->add_bias_rows(Y.data(), M, N, ld, b.data());
                int bad = 0;
                for (int i = 0; i < M; ++i) {
                    bad += Y[std::size_t(i) * ld + N] != kSentinel;
                    for (int j = 0; j < N; ++j) bad += Y[std::size_t(i) * ld + j] != ywant(i, j);
                }
                CHECK(bad == 0);

                // db (N) (+)= column sums of dY (M, N).
                for (bool acc : {false, true}) {
                    auto db = randoms(std::size_t(N) + 1, seed++);
                    db[N] = kSentinel;
                    const MatD dy = as_double(Y.data(), M, N, ld);
                    Eigen::RowVectorXd want = dy.colwise().sum(), mag = dy.cwiseAbs().colwise().sum();
                    for (int j = 0; j < N; ++j)
                        if (acc) {
                            want[j] += db[j];
                            mag[j] += std::fabs(db[j]);
                        }
                    s.table->column_sums(Y.data(), M, N, ld, db.data(), acc);
                    int cbad = db[N] != kSentinel;
                    for (int j = 0; j < N; ++j) cbad += !within(db[j], want[j], (M + 2) * kEps * mag[j] + 1e-30);
                    CHECK(cbad == 0);
                }

                // Softmax of each row, in place: exp(z - max) / sum exp(z - max).
                auto Z = randoms(std::size_t(M) * ld, seed++, -30.0f, 30.0f);
                const MatD z = as_double(Z.data(), M, N, ld);
                const MatD shifted = z.colwise() - z.rowwise().maxCoeff();
                MatD p = shifted.array().exp().matrix();
                p = (p.array().colwise() / p.rowwise().sum().array()).matrix();
                for (int i = 0; i < M; ++i) Z[std::size_t(i) * ld + N] = kSentinel;
                s.table->softmax_rows(Z.data(), M, N, ld);
                int sbad = 0;
                for (int i = 0; i < M; ++i) {
                    sbad += Z[std::size_t(i) * ld + N] != kSentinel;
                    for (int j = 0; j < N; ++j)
                        // z - max rounded (eps/2 |z - max| relative after exp), the exp
                        // (about 3e-7), a sum of N positive terms (N eps), the division.
                        sbad += !within(Z[std::size_t(i) * ld + j], p(i, j),
                                        ((N + 8) * kEps + 6e-7 + kEps * std::fabs(shifted(i, j))) * p(i, j) + 1e-38);
                }
                CHECK(sbad == 0);
            }
    }
}

TEST_CASE("kernels vs Eigen: activations, their derivatives and exp") {
    IsaGuard guard;
    std::vector<float> z;
    for (int i = -2000; i <= 2000; ++i) z.push_back(i * 0.01f);  // -20 .. 20
    for (float v : {-90.0f, -50.0f, -1e-6f, 0.0f, 1e-6f, 50.0f, 90.0f}) z.push_back(v);
    const auto zr = randoms(997, 5, -9.0f, 9.0f);
    z.insert(z.end(), zr.begin(), zr.end());
    const std::size_t n = z.size();
    const ArrD zd = as_double(z, n);
    for (const Subject& s : subjects()) {
        REQUIRE(K::try_set_isa(s.isa));
        for (Activation f : kActs) {
            INFO(s.name, " ", name_of(f));
            const ArrD want = eigen_forward(f, zd);
            std::vector<float> a(n + 1, kSentinel);
            s.table->activation_forward(f, z.data(), a.data(), n);
            int bad = a[n] != kSentinel;
            for (std::size_t i = 0; i < n; ++i) {
                const double w = want[Eigen::Index(i)];
                if (!within(a[i], w, 1e-6 * std::fabs(w) + 1e-7)) {
                    if (bad < 3) MESSAGE("z=", z[i], " got ", a[i], " Eigen ", w);
                    ++bad;
                }
            }
            CHECK(bad == 0);

            // Backward from the subject's own outputs a (so only f' is judged).
            const auto da = randoms(n, 77, -3.0f, 3.0f);
            const ArrD dwant = eigen_backward(f, as_double(a, n), as_double(da, n));
            std::vector<float> dz(n + 1, kSentinel);
            s.table->activation_backward(f, a.data(), da.data(), dz.data(), n);
            int dbad = dz[n] != kSentinel;
            for (std::size_t i = 0; i < n; ++i) {
                const double w = dwant[Eigen::Index(i)];
                // f' from a may cancel (1 - a^2 near a = 1): one rounding of 1 times |da|.
                dbad += !within(dz[i], w, 1e-6 * std::fabs(w) + 2.0 * kEps * std::fabs(da[i]));
            }
            CHECK(dbad == 0);
        }

        // exp over float32's range, against Eigen's double exp.
        std::vector<float> x;
        for (int i = 0; i <= 20000; ++i) x.push_back(-87.0f + 175.0f * float(i) / 20000.0f);
        const ArrD ewant = as_double(x, x.size()).exp();
        std::vector<float> y(x.size() + 1, kSentinel);
        s.table->exp_n(x.data(), y.data(), x.size());
        int ebad = y[x.size()] != kSentinel;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double w = ewant[Eigen::Index(i)];
            ebad += !within(y[i], w, 1e-6 * w);
        }
        INFO(s.name, " exp");
        CHECK(ebad == 0);
    }
}

TEST_CASE("kernels vs Eigen: the optimizer updates, step by step, as PyTorch defines them") {
    // Each step is judged on its own: Eigen computes, in double, the new
    // weights and states from the subject's float state before the step. A
    // result may differ from it by a few roundings of the update and of the
    // weight: 1e-5 of the update's size plus 2 eps of the weight's.
    IsaGuard guard;
    const std::size_t n = 1037;
    // The hyperparameters as the kernels receive them (0.999f is not 0.999:
    // 1 - b2 differs by 1.3e-5 relative), in double.
    auto f = [](double x) { return double(float(x)); };
    for (const Subject& s : subjects()) {
        REQUIRE(K::try_set_isa(s.isa));
        auto w = randoms(n, 11, -0.5f, 0.5f);
        std::vector<float> v(n, 0.0f), m(n, 0.0f);
        int bad = 0;
        // Compares a float vector with Eigen's values; tol(i) is the allowed error.
        auto compare = [&](const char* what, const std::vector<float>& got, const ArrD& want, const ArrD& tol) {
            int k = 0;
            for (std::size_t i = 0; i < n; ++i)
                if (!within(got[i], want[Eigen::Index(i)], tol[Eigen::Index(i)] + 1e-30)) {
                    if (k++ < 2) MESSAGE(s.name, " ", std::string(what), " [", i, "] got ", got[i], " Eigen ", want[Eigen::Index(i)]);
                }
            bad += k;
        };
        auto weights_tol = [&](const ArrD& w0, const ArrD& w1) {
            return ArrD(1e-5 * (w1 - w0).abs() + 2.0 * kEps * w1.abs());
        };
        for (int t = 1; t <= 4; ++t) {
            const auto gf = randoms(n, 100 + t);
            const ArrD g = as_double(gf, n);
            {  // SGD: w -= lr (g + wd w)
                const double lr = f(0.1), wd = f(1e-3);
                const ArrD w0 = as_double(w, n), w1 = w0 - lr * (g + wd * w0);
                s.table->sgd_update(w.data(), gf.data(), n, float(lr), float(wd));
                compare("sgd w", w, w1, weights_tol(w0, w1));
            }
            {  // Momentum: v = mu v + (g + wd w); w -= lr v
                const double lr = f(0.05), mu = f(0.9), wd = f(1e-4);
                const ArrD w0 = as_double(w, n), v0 = as_double(v, n);
                const ArrD gp = g + wd * w0, v1 = mu * v0 + gp, w1 = w0 - lr * v1;
                s.table->momentum_update(w.data(), v.data(), gf.data(), n, float(lr), float(mu), float(wd));
                compare("momentum v", v, v1, ArrD(1e-5 * ((mu * v0).abs() + gp.abs())));
                compare("momentum w", w, w1, weights_tol(w0, w1));
            }
        }
        std::fill(v.begin(), v.end(), 0.0f);
        for (int t = 1; t <= 4; ++t) {  // Nesterov: g' = g + wd w; v = mu v + g'; w -= lr (g' + mu v)
            const double lr = f(0.05), mu = f(0.9), wd = f(1e-4);
            const auto gf = randoms(n, 200 + t);
            const ArrD g = as_double(gf, n), w0 = as_double(w, n), v0 = as_double(v, n);
            const ArrD gp = g + wd * w0, v1 = mu * v0 + gp, w1 = w0 - lr * (gp + mu * v1);
            s.table->nesterov_update(w.data(), v.data(), gf.data(), n, float(lr), float(mu), float(wd));
            compare("nesterov v", v, v1, ArrD(1e-5 * ((mu * v0).abs() + gp.abs())));
            compare("nesterov w", w, w1, weights_tol(w0, w1));
        }
        std::fill(v.begin(), v.end(), 0.0f);
        for (int t = 1; t <= 4; ++t) {  // RMSprop: s = rho s + (1 - rho) g'^2; w -= lr g' / (sqrt(s) + eps)
            const double lr = f(1e-3), rho = f(0.99), eps = f(1e-8), wd = f(1e-2);
            const auto gf = randoms(n, 300 + t);
            const ArrD g = as_double(gf, n), w0 = as_double(w, n), s0 = as_double(v, n);
            const ArrD gp = g + wd * w0, s1 = rho * s0 + (1 - rho) * gp.square();
            const ArrD w1 = w0 - lr * gp / (s1.sqrt() + eps);
            s.table->rmsprop_update(w.data(), v.data(), gf.data(), n, float(lr), float(rho), float(eps), float(wd));
            compare("rmsprop s", v, s1, ArrD(1e-5 * s1));
            compare("rmsprop w", w, w1, weights_tol(w0, w1));
        }
        std::fill(v.begin(), v.end(), 0.0f);
        for (long long t = 1; t <= 4; ++t) {
            // Adam: m = b1 m + (1 - b1) g'; v = b2 v + (1 - b2) g'^2;
            // w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
            const double lr = f(1e-3), b1 = f(0.9), b2 = f(0.999), eps = f(1e-8), wd = f(1e-2);
            const auto gf = randoms(n, 400 + unsigned(t));
            const ArrD g = as_double(gf, n), w0 = as_double(w, n), m0 = as_double(m, n), v0 = as_double(v, n);
            const ArrD gp = g + wd * w0;
            const ArrD m1 = b1 * m0 + (1 - b1) * gp, v1 = b2 * v0 + (1 - b2) * gp.square();
            const ArrD mhat = m1 / (1 - std::pow(b1, double(t))), vhat = v1 / (1 - std::pow(b2, double(t)));
            const ArrD w1 = w0 - lr * mhat / (vhat.sqrt() + eps);
            s.table->adam_update(w.data(), m.data(), v.data(), gf.data(), n, float(lr), float(b1), float(b2),
                                 float(eps), float(wd), t);
            compare("adam m", m, m1, ArrD(1e-5 * ((b1 * m0).abs() + ((1 - b1) * gp).abs())));
            compare("adam v", v, v1, ArrD(1e-5 * v1));
            compare("adam w", w, w1, weights_tol(w0, w1));
        }
        INFO(s.name);
        CHECK(bad == 0);
    }
}
