// kernels-bench: speed of the three matrix products of a dense layer on the
// layer shapes of the BENCH.md workloads, for every kernel variant this build
// and CPU can run, next to the scalar reference and Eigen (as compiled with
// this build's flags: SSE2 natively, no SIMD in the web build).
//
// What it does not do: check results (tests/unit/engine/test_kernels.cpp does),
// or time training (the training benchmark does).
//
// Use:
//   kernels-bench                 all workloads, all variants (a minute or so)
//   kernels-bench W2 W3           only these workloads (elementwise: only the
//                                 element-wise routines, in millions of elements/s)
//   kernels-bench --no-ref        skip the slow scalar reference
//   node --no-experimental-fetch kernels-bench.js   (the web build)
// Each figure is the best of many batches of calls (each batch at least 1 ms)
// run for --budget-ms (default 300); GFLOP/s = 2 M N K / time.
#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "engine/kernels/kernels.h"
#include "engine/util/aligned.h"

namespace K = nnplay::kernels;

namespace {

struct Workload {
    const char* name;
    int batch;
    std::vector<int> widths;  // 784, hidden..., 10
};

enum class Op { NT, NN, TN };
const char* op_name(Op op) { return op == Op::NT ? "nt" : op == Op::NN ? "nn" : "tn"; }

// One product call as the network makes it (network.cpp): for a layer (in -> out)
// with batch B: forward Y (B, out) = X (B, in) W^T, dX (B, in) = dY (B, out) W,
// dW (out, in) = dY^T X.
struct Gemm {
    Op op;
    int M, N, K;
    int layer;
};

std::vector<Gemm> step_gemms(const Workload& w) {
    std::vector<Gemm> out;
    const int B = w.batch;
    for (std::size_t l = 0; l + 1 < w.widths.size(); ++l) {
        const int in = w.widths[l], o = w.widths[l + 1];
        out.push_back({Op::NT, B, o, in, (int)l + 1});
        if (l > 0) out.push_back({Op::NN, B, in, o, (int)l + 1});  // the inputs need no gradient
        out.push_back({Op::TN, o, in, B, (int)l + 1});
    }
    return out;
}

struct Buffers {
    nnplay::FloatVec A, B, C;
    int lda, ldb, ldc;
};

Buffers make_buffers(const Gemm& g) {
    Buffers b;
    const int ar = g.op == Op::TN ? g.K : g.M, ac = g.op == Op::TN ? g.M : g.K;
    const int br = g.op == Op::NT ? g.N : g.K, bc = g.op == Op::NT ? g.K : g.N;
    b.lda = ac;
    b.ldb = bc;
    b.ldc = g.N;
    b.A.resize((std::size_t)ar * ac);
    b.B.resize((std::size_t)br * bc);
    b.C.assign((std::size_t)g.M * g.N, 0.0f);
    unsigned s = 12345;
    for (float& x : b.A) x = (float)((s = s * 1664525u + 1013904223u) >> 8) / 16777216.0f - 0.5f;
    for (float& x : b.B) x = (float)((s = s * 1664525u + 1013904223u) >> 8) / 16777216.0f - 0.5f;
    return b;
}

void run_kernel(const Gemm& g, Buffers& b, bool reference) {
    switch (g.op) {
        case Op::NT:
            (reference ? K::ref::gemm_nt : K::gemm_nt)(g.M, g.N, g.K, b.A.data(), b.lda, b.B.data(), b.ldb,
                                                       b.C.data(), b.ldc, false);
            break;
        case Op::NN:
            (reference ? K::ref::gemm_nn : K::gemm_nn)(g.M, g.N, g.K, b.A.data(), b.lda, b.B.data(), b.ldb,
                                                       b.C.data(), b.ldc, false);
            break;
        case Op::TN:
            (reference ? K::ref::gemm_tn : K::gemm_tn)(g.M, g.N, g.K, b.A.data(), b.lda, b.B.data(), b.ldb,
                                                       b.C.data(), b.ldc, false);
            break;
    }
}

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using CMap = Eigen::Map<const RowMat, 0, Eigen::OuterStride<>>;
using MMap = Eigen::Map<RowMat, 0, Eigen::OuterStride<>>;

void run_eigen(const Gemm& g, Buffers& b) {
    MMap C(b.C.data(), g.M, g.N, Eigen::OuterStride<>(b.ldc));
    switch (g.op) {
        case Op::NT: {
            CMap A(b.A.data(), g.M, g.K, Eigen::OuterStride<>(b.lda));
            CMap B(b.B.data(), g.N, g.K, Eigen::OuterStride<>(b.ldb));
            C.noalias() = A * B.transpose();
            break;
        }
        case Op::NN: {
            CMap A(b.A.data(), g.M, g.K, Eigen::OuterStride<>(b.lda));
            CMap B(b.B.data(), g.K, g.N, Eigen::OuterStride<>(b.ldb));
            C.noalias() = A * B;
            break;
        }
        case Op::TN: {
            CMap A(b.A.data(), g.K, g.M, Eigen::OuterStride<>(b.lda));
            CMap B(b.B.data(), g.K, g.N, Eigen::OuterStride<>(b.ldb));
            C.noalias() = A.transpose() * B;
            break;
        }
    }
}

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Seconds per call: the best of many short batches (each at least 1 ms), run
// for about budget_s. On a shared machine the best batch is the one that ran
// undisturbed, so it is the figure that repeats.
template <class F>
double time_call(F&& f, double budget_s) {
    f();  // warm up caches and the scratch buffer
    int reps = 1;
    for (;;) {
        const double t0 = now_s();
        for (int r = 0; r < reps; ++r) f();
        const double dt = now_s() - t0;
        if (dt >= 1e-3) break;
        reps = dt <= 0.0 ? reps * 10 : std::max(reps + 1, (int)(reps * 1.2e-3 / dt));
    }
    double best = 1e30;
    const double start = now_s();
    for (int batch = 0; batch < 5 || (batch < 400 && now_s() - start < budget_s); ++batch) {
        const double t0 = now_s();
        for (int r = 0; r < reps; ++r) f();
        best = std::min(best, (now_s() - t0) / reps);
    }
    return best;
}

// The other hot routines on W2-sized data (a hidden layer of 64 x 128, its
// 64 x 10 output, and W2's 109,184 weights), in millions of elements per second.
void elementwise(const std::vector<K::Isa>& isas, double budget_s) {
    const int B = 64, H = 128, O = 10;
    const std::size_t P = 784 * 128 + 128 * 64 + 64 * 10;
    nnplay::FloatVec z((std::size_t)B * H), a(z.size()), d(z.size()), bias(H), col(H), logits((std::size_t)B * O);
    nnplay::FloatVec w(P), g(P), m(P), v(P);
    unsigned s = 99;
    auto rnd = [&] { return (float)((s = s * 1664525u + 1013904223u) >> 8) / 16777216.0f * 8.0f - 4.0f; };
    for (auto* vec : {&z, &d, &bias, &logits, &w, &g})
        for (float& x : *vec) x = rnd();
    struct Row {
        const char* name;
        double elements;
        std::function<void()> run;
    };
    long long t = 0;
    const std::vector<Row> rows = {
        {"sigmoid forward", (double)z.size(), [&] { K::activation_forward(nnplay::Activation::Sigmoid, z.data(), a.data(), z.size()); }},
        {"tanh forward", (double)z.size(), [&] { K::activation_forward(nnplay::Activation::Tanh, z.data(), a.data(), z.size()); }},
        {"relu forward", (double)z.size(), [&] { K::activation_forward(nnplay::Activation::ReLU, z.data(), a.data(), z.size()); }},
        {"sigmoid backward", (double)z.size(), [&] { K::activation_backward(nnplay::Activation::Sigmoid, a.data(), d.data(), a.data(), z.size()); }},
        {"add_bias_rows", (double)z.size(), [&] { K::add_bias_rows(a.data(), B, H, H, bias.data()); }},
        {"column_sums", (double)z.size(), [&] { K::column_sums(d.data(), B, H, H, col.data(), false); }},
        {"softmax_rows 64x10", (double)logits.size(), [&] { std::copy(logits.begin(), logits.end(), a.begin()); K::softmax_rows(a.data(), B, O, O); }},
        {"sgd_update", (double)P, [&] { K::sgd_update(w.data(), g.data(), P, 1e-6f, 0.0f); }},
        {"momentum_update", (double)P, [&] { K::momentum_update(w.data(), v.data(), g.data(), P, 1e-6f, 0.9f, 0.0f); }},
        {"adam_update", (double)P, [&] { K::adam_update(w.data(), m.data(), v.data(), g.data(), P, 1e-6f, 0.9f, 0.999f, 1e-8f, 0.0f, ++t); }},
    };
    std::printf("element-wise routines, millions of elements per second\n| routine | elements |");
    for (K::Isa isa : isas) std::printf(" %s |", isa == K::Isa::Scalar ? "ref" : K::name_of(isa));
    std::printf("\n|---|---|");
    for (std::size_t i = 0; i < isas.size(); ++i) std::printf("---|");
    std::printf("\n");
    const K::Isa saved = K::active_isa();
    for (const Row& r : rows) {
        std::printf("| %s | %.0f |", r.name, r.elements);
        for (K::Isa isa : isas) {
            K::set_isa(isa);
            std::printf(" %.0f |", r.elements / time_call(r.run, budget_s / 3) / 1e6);
        }
        std::printf("\n");
        std::fflush(stdout);
    }
    K::set_isa(saved);
}

}  // namespace

int main(int argc, char** argv) {
    bool with_ref = true;
    double budget_s = 0.3;
    std::vector<std::string> only;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--no-ref") {
            with_ref = false;
        } else if (a == "--budget-ms" && i + 1 < argc) {
            budget_s = std::atof(argv[++i]) / 1000.0;
        } else if (a == "-h" || a == "--help") {
            std::printf("usage: kernels-bench [W1] [W2] [W3] [elementwise] [--no-ref] [--budget-ms N]\n");
            return 0;
        } else if (a == "W1" || a == "W2" || a == "W3" || a == "elementwise") {
            only.push_back(a);
        } else {
            std::fprintf(stderr, "kernels-bench: unknown argument '%s' (try --help)\n", a.c_str());
            return 2;
        }
    }
    const Workload workloads[] = {{"W1", 10, {784, 16, 16, 10}},
                                  {"W2", 64, {784, 128, 64, 10}},
                                  {"W3", 256, {784, 512, 512, 10}}};
    const auto isas = K::available_isas();
    const K::Isa default_isa = K::active_isa();

    // Columns: ref, each SIMD variant, Eigen.
    std::vector<std::string> cols;
    if (with_ref) cols.push_back("ref");
    for (K::Isa isa : isas)
        if (isa != K::Isa::Scalar) cols.push_back(K::name_of(isa));
    cols.push_back("eigen");

    std::printf("kernels-bench: GFLOP/s (2 M N K / time), one thread; default variant %s\n\n",
                K::name_of(default_isa));
    for (const Workload& w : workloads) {
        if (!only.empty() && std::find(only.begin(), only.end(), w.name) == only.end()) continue;
        const auto gemms = step_gemms(w);
        std::vector<double> total(cols.size(), 0.0);
        double flops_total = 0.0;
        std::printf("%s: batch %d, layers", w.name, w.batch);
        for (std::size_t i = 0; i < w.widths.size(); ++i) std::printf("%s%d", i ? "-" : " ", w.widths[i]);
        std::printf("\n| layer | op | M | N | K |");
        for (const auto& c : cols) std::printf(" %s |", c.c_str());
        std::printf(" best/eigen |\n|---|---|---|---|---|");
        for (std::size_t c = 0; c <= cols.size(); ++c) std::printf("---|");
        std::printf("\n");
        for (const Gemm& g : gemms) {
            Buffers b = make_buffers(g);
            const double flops = 2.0 * g.M * g.N * g.K;
            flops_total += flops;
            std::vector<double> secs;
            if (with_ref) secs.push_back(time_call([&] { run_kernel(g, b, true); }, budget_s));
            for (K::Isa isa : isas) {
                if (isa == K::Isa::Scalar) continue;
                K::set_isa(isa);
                secs.push_back(time_call([&] { run_kernel(g, b, false); }, budget_s));
            }
            K::set_isa(default_isa);
            secs.push_back(time_call([&] { run_eigen(g, b); }, budget_s));
            std::printf("| %d | %s | %d | %d | %d |", g.layer, op_name(g.op), g.M, g.N, g.K);
            double best_own = 1e30;
            for (std::size_t c = 0; c < secs.size(); ++c) {
                total[c] += secs[c];
                std::printf(" %.1f |", flops / secs[c] / 1e9);
                if (cols[c] != "ref" && cols[c] != "eigen") best_own = std::min(best_own, secs[c]);
            }
            std::printf(" %.2fx |\n", secs.back() / best_own);
            std::fflush(stdout);
        }
        std::printf("| all | step | | | |");
        double best_total = 1e30;
        for (std::size_t c = 0; c < cols.size(); ++c) {
            std::printf(" %.1f |", flops_total / total[c] / 1e9);
            if (cols[c] != "ref" && cols[c] != "eigen") best_total = std::min(best_total, total[c]);
        }
        std::printf(" %.2fx |\n", total.back() / best_total);
        std::printf("%s step products: ", w.name);
        for (std::size_t c = 0; c < cols.size(); ++c)
            std::printf("%s %.1f us%s", cols[c].c_str(), total[c] * 1e6, c + 1 < cols.size() ? ", " : "");
        if (with_ref) std::printf("; best variant %.1fx the reference", total[0] / best_total);
        std::printf("\n\n");
    }
    if (only.empty() || std::find(only.begin(), only.end(), "elementwise") != only.end())
        elementwise(isas, budget_s);
    return 0;
}
