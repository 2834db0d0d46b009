// Optimizer tests: single steps of SGD, momentum (PyTorch's form) and Adam
// (torch.optim.Adam) with weight decay, against values computed by hand here,
// and what switching the kind does to the state.
#include <doctest.h>

#include <cmath>

#include "engine/nn/optimizer.h"

using namespace nnplay;

namespace {

// One layer: 2 inputs -> 1 output, weights (0.5, -1), bias 0.25.
Mlp tiny() {
    NetConfig cfg;
    cfg.inputs = 2;
    cfg.hidden = {};
    cfg.activations = {};
    cfg.outputs = 1;
    Mlp m(cfg);
    m.layers()[0].W = {0.5f, -1.0f};
    m.layers()[0].b = {0.25f};
    return m;
}

Gradients grads(float g0, float g1, float gb) {
    Gradients g;
    g.dW = {FloatVec{g0, g1}};
    g.db = {FloatVec{gb}};
    return g;
}

}  // namespace

TEST_CASE("SGD: w -= lr (g + wd w)") {
    Mlp m = tiny();
    Optimizer opt;
    TrainConfig t;
    t.learning_rate = 0.1f;
    t.weight_decay = 0.01f;
    opt.step(m, grads(0.2f, -0.4f, 1.0f), t);
    // 0.5 - 0.1 (0.2 + 0.005) = 0.4795;  -1 - 0.1 (-0.4 - 0.01) = -0.959;  0.25 - 0.1 (1 + 0.0025) = 0.14975
    CHECK(m.layers()[0].W[0] == doctest::Approx(0.4795f).epsilon(1e-6));
    CHECK(m.layers()[0].W[1] == doctest::Approx(-0.959f).epsilon(1e-6));
    CHECK(m.layers()[0].b[0] == doctest::Approx(0.14975f).epsilon(1e-6));
    CHECK(opt.steps() == 1);
}

TEST_CASE("momentum, PyTorch's form: v = mu v + g; w -= lr v") {
    Mlp m = tiny();
    Optimizer opt;
    TrainConfig t;
    t.optimizer = OptimizerKind::Momentum;
    t.learning_rate = 0.1f;
    t.momentum = 0.9f;
    opt.step(m, grads(0.2f, 0, 0), t);
    // v1 = 0.2; w1 = 0.5 - 0.02 = 0.48
    CHECK(m.layers()[0].W[0] == doctest::Approx(0.48f).epsilon(1e-6));
    opt.step(m, grads(0.2f, 0, 0), t);
    // v2 = 0.9 * 0.2 + 0.2 = 0.38; w2 = 0.48 - 0.038 = 0.442
    CHECK(m.layers()[0].W[0] == doctest::Approx(0.442f).epsilon(1e-6));
    CHECK(m.layers()[0].W[1] == -1.0f);  // zero gradient, no decay: untouched

    // Switching to SGD and back starts momentum afresh (v = g again).
    t.optimizer = OptimizerKind::SGD;
    opt.step(m, grads(0.2f, 0, 0), t);  // 0.442 - 0.02 = 0.422
    CHECK(m.layers()[0].W[0] == doctest::Approx(0.422f).epsilon(1e-6));
    t.optimizer = OptimizerKind::Momentum;
    opt.step(m, grads(0.2f, 0, 0), t);  // v = 0.2 (fresh): 0.402
    CHECK(m.layers()[0].W[0] == doctest::Approx(0.402f).epsilon(1e-6));

    // With decay: v = mu v + g + wd w.
    Mlp d = tiny();
    Optimizer o2;
    t.weight_decay = 0.1f;
    o2.step(d, grads(0, 0, 0), t);  // v = 0.05; w = 0.5 - 0.005 = 0.495
    CHECK(d.layers()[0].W[0] == doctest::Approx(0.495f).epsilon(1e-6));
    o2.step(d, grads(0, 0, 0), t);  // v = 0.045 + 0.0495 = 0.0945; w = 0.495 - 0.00945 = 0.48555
    CHECK(d.layers()[0].W[0] == doctest::Approx(0.48555f).epsilon(1e-6));
}

TEST_CASE("Nesterov as torch.optim.SGD(nesterov=True): v = mu v + g; w -= lr (g + mu v)") {
    Mlp m = tiny();
    Optimizer opt;
    TrainConfig t;
    t.optimizer = OptimizerKind::Nesterov;
    t.learning_rate = 0.1f;
    t.momentum = 0.9f;
    opt.step(m, grads(0.2f, 0, 0), t);
    // v1 = 0.2; step g + mu v1 = 0.2 + 0.18 = 0.38; w1 = 0.5 - 0.038 = 0.462
    CHECK(m.layers()[0].W[0] == doctest::Approx(0.462f).epsilon(1e-6));
    opt.step(m, grads(0.2f, 0, 0), t);
    // v2 = 0.18 + 0.2 = 0.38; step 0.2 + 0.342 = 0.542; w2 = 0.462 - 0.0542 = 0.4078
    CHECK(m.layers()[0].W[0] == doctest::Approx(0.4078f).epsilon(1e-6));
    CHECK(m.layers()[0].W[1] == -1.0f);
    // With decay, on the bias: g' = 1 + 0.5 * 0.25 = 1.125; v = 1.125; step 1.125 + 0.9 * 1.125 = 2.1375
    Mlp d = tiny();
    Optimizer o2;
    t.weight_decay = 0.5f;
    o2.step(d, grads(0, 0, 1.0f), t);
    CHECK(d.layers()[0].b[0] == doctest::Approx(0.25f - 0.21375f).epsilon(1e-6));
}

TEST_CASE("RMSprop as torch.optim.RMSprop: s = rho s + (1 - rho) g^2; w -= lr g / (sqrt(s) + eps)") {
    Mlp m = tiny();
    Optimizer opt;
    TrainConfig t;
    t.optimizer = OptimizerKind::RMSprop;
    t.learning_rate = 0.01f;
    t.rho = 0.9f;
    t.epsilon = 1e-8f;
    opt.step(m, grads(0.2f, -0.4f, 0), t);
    // s1 = 0.1 * 0.04 = 0.004; sqrt = 0.0632456; w0 = 0.5 - 0.01 * 0.2 / 0.0632456 = 0.5 - 0.0316228
    CHECK(m.layers()[0].W[0] == doctest::Approx(0.4683772f).epsilon(1e-6));
    // the second weight: s = 0.016, sqrt 0.126491; step = 0.01 * -0.4 / 0.126491 = -0.0316228
    CHECK(m.layers()[0].W[1] == doctest::Approx(-0.9683772f).epsilon(1e-6));
    CHECK(m.layers()[0].b[0] == 0.25f);  // zero gradient: s = 0, step 0 / eps = 0
    opt.step(m, grads(0.2f, 0, 0), t);
    // s2 = 0.9 * 0.004 + 0.004 = 0.0076; sqrt 0.0871780; step 0.01 * 0.2 / 0.087178 = 0.0229416
    CHECK(m.layers()[0].W[0] == doctest::Approx(0.4683772f - 0.0229416f).epsilon(1e-6));
    // the second weight, zero gradient now: s = 0.0144 but g = 0, so it stays
    CHECK(m.layers()[0].W[1] == doctest::Approx(-0.9683772f).epsilon(1e-6));
}

TEST_CASE("Adam as torch.optim.Adam, two steps and weight decay") {
    Mlp m = tiny();
    Optimizer opt;
    TrainConfig t;
    t.optimizer = OptimizerKind::Adam;
    t.learning_rate = 0.01f;
    t.weight_decay = 0.1f;
    const double b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = 0.01;
    double w = 0.5, mm = 0, vv = 0;
    const double gs[2] = {0.3, -0.1};
    for (int step = 1; step <= 2; ++step) {
        opt.step(m, grads(static_cast<float>(gs[step - 1]), 0, 0), t);
        const double g = gs[step - 1] + 0.1 * w;
        mm = b1 * mm + (1 - b1) * g;
        vv = b2 * vv + (1 - b2) * g * g;
        const double mhat = mm / (1 - std::pow(b1, step));
        const double vhat = vv / (1 - std::pow(b2, step));
        w -= lr * mhat / (std::sqrt(vhat) + eps);
        CHECK(m.layers()[0].W[0] == doctest::Approx(w).epsilon(1e-6));
    }
    // The first Adam step moves every parameter with a non-zero gradient by about lr.
    CHECK(std::fabs(0.5 - m.layers()[0].W[0]) < 0.021);
    CHECK(opt.steps() == 2);
    opt.reset();
    CHECK(opt.steps() == 0);
}

TEST_CASE("the optimizer follows a change of network shape") {
    Mlp m = tiny();
    Optimizer opt;
    TrainConfig t;
    t.optimizer = OptimizerKind::Adam;
    opt.step(m, grads(0.1f, 0.1f, 0.1f), t);
    Mlp big{NetConfig{}};
    Workspace ws;
    Gradients g;
    std::vector<float> x(784, 0.5f);
    const uint8_t y = 3;
    big.forward_backward(x.data(), &y, 1, ws, g);
    const float before = big.layers()[2].b[3];
    opt.step(big, g, t);  // new shapes: fresh state, no out-of-bounds access
    CHECK(big.layers()[2].b[3] != before);
    CHECK(std::fabs(big.layers()[2].b[3] - before) == doctest::Approx(t.learning_rate).epsilon(1e-3));
}
