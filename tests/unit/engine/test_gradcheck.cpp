// Gradient checks: the engine's analytic gradients (float, through the
// kernels) against central finite differences of an independent double
// precision forward pass written here, for every activation and both losses,
// on small networks with odd widths.
#include <doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/nn/network.h"
#include "engine/util/rng.h"

using namespace nnplay;

namespace {

double act_d(Activation f, double z) {
    switch (f) {
        case Activation::Sigmoid: return 1.0 / (1.0 + std::exp(-z));
        case Activation::Tanh: return std::tanh(z);
        case Activation::ReLU: return z > 0 ? z : 0.0;
        case Activation::LeakyReLU: return z > 0 ? z : 0.01 * z;
        case Activation::Identity: return z;
    }
    return z;
}

struct RefLayer {
    int in, out;
    Activation act;
    std::vector<double> W, b;  // W (out, in)
};

// The batch mean cost of the network in double precision.
double ref_cost(const std::vector<RefLayer>& L, OutputLoss loss, const std::vector<double>& X,
                const std::vector<uint8_t>& y, int B) {
    double total = 0;
    for (int r = 0; r < B; ++r) {
        std::vector<double> a(X.begin() + r * L[0].in, X.begin() + (r + 1) * L[0].in);
        for (std::size_t l = 0; l < L.size(); ++l) {
            std::vector<double> z(L[l].out);
            for (int o = 0; o < L[l].out; ++o) {
                double s = L[l].b[o];
                for (int i = 0; i < L[l].in; ++i) s += L[l].W[o * L[l].in + i] * a[i];
                z[o] = s;
            }
            const bool last = l + 1 == L.size();
            if (last && loss == OutputLoss::SoftmaxCrossEntropy) {
                double m = z[0];
                for (double v : z) m = std::max(m, v);
                double s = 0;
                for (double v : z) s += std::exp(v - m);
                total += std::log(s) + m - z[y[r]];
            } else if (last) {
                double s = 0;
                for (int o = 0; o < L[l].out; ++o) {
                    const double d = act_d(Activation::Sigmoid, z[o]) - (o == y[r] ? 1.0 : 0.0);
                    s += d * d;
                }
                total += s / L[l].out;
            } else {
                for (double& v : z) v = act_d(L[l].act, v);
                a = z;
            }
        }
    }
    return total / B;
}

void check_gradients(const std::vector<Activation>& acts, OutputLoss loss, uint32_t seed) {
    NetConfig cfg;
    cfg.inputs = 7;
    cfg.hidden.assign(acts.size(), 0);
    for (std::size_t l = 0; l < acts.size(); ++l) cfg.hidden[l] = l % 2 ? 3 : 5;  // odd widths
    cfg.activations = acts;
    cfg.outputs = 4;
    cfg.output = loss;
    cfg.init = InitScheme::HeUniform;
    cfg.seed = seed;
    Mlp net(cfg);
    // Non-zero biases, so that their gradients matter.
    Mulberry32 rng(seed + 1);
    for (auto& d : net.layers())
        for (float& b : d.b) b = static_cast<float>(rng.next_unit() - 0.5);

    const int B = 3;
    std::vector<float> X(B * cfg.inputs);
    for (float& v : X) v = static_cast<float>(rng.next_unit() * 2 - 1);
    const std::vector<uint8_t> y{1, 3, 0};

    Workspace ws;
    Gradients g;
    const float cost = net.forward_backward(X.data(), y.data(), B, ws, g);

    std::vector<RefLayer> ref;
    for (const auto& d : net.layers())
        ref.push_back(RefLayer{d.in, d.out, d.act, std::vector<double>(d.W.begin(), d.W.end()),
                               std::vector<double>(d.b.begin(), d.b.end())});
    const std::vector<double> Xd(X.begin(), X.end());
    const double c0 = ref_cost(ref, loss, Xd, y, B);
    CHECK(cost == doctest::Approx(c0).epsilon(1e-5));

    const double h = 1e-6;
    auto numeric = [&](double& p) {
        const double keep = p;
        p = keep + h;
        const double up = ref_cost(ref, loss, Xd, y, B);
        p = keep - h;
        const double down = ref_cost(ref, loss, Xd, y, B);
        p = keep;
        return (up - down) / (2 * h);
    };
    double worst = 0, scale = 0;
    int checked = 0;
    for (std::size_t l = 0; l < ref.size(); ++l) {
        for (int o = 0; o < ref[l].out; ++o) {
            for (int i = 0; i < ref[l].in; ++i) {
                const double num = numeric(ref[l].W[o * ref[l].in + i]);
                const double ana = g.weight(static_cast<int>(l), o, i);
                worst = std::max(worst, std::fabs(num - ana));
                scale = std::max(scale, std::fabs(num));
                ++checked;
            }
            const double num = numeric(ref[l].b[o]);
            const double ana = g.bias(static_cast<int>(l), o);
            worst = std::max(worst, std::fabs(num - ana));
            scale = std::max(scale, std::fabs(num));
            ++checked;
        }
    }
    INFO("activations[0] " << name_of(acts.empty() ? Activation::Identity : acts[0]) << ", loss "
                           << name_of(loss) << ", worst |num - ana| " << worst << ", largest " << scale);
    CHECK(checked == net.parameter_count());
    CHECK(scale > 1e-3);                  // the check is not vacuous
    CHECK(worst <= 2e-5 * std::max(1.0, scale) + 1e-6);  // float round-off, normalised
}

}  // namespace

TEST_CASE("gradient check: every activation, both losses, odd widths") {
    for (OutputLoss loss : {OutputLoss::SigmoidMSE, OutputLoss::SoftmaxCrossEntropy}) {
        for (int a = 0; a < kActivationCount; ++a) {
            const auto act = static_cast<Activation>(a);
            check_gradients({act, act}, loss, 11 + a);
        }
        // Mixed activations, three hidden layers, and no hidden layer at all.
        check_gradients({Activation::Tanh, Activation::LeakyReLU, Activation::Sigmoid}, loss, 5);
        check_gradients({}, loss, 6);
    }
}
