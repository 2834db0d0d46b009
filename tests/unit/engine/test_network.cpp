// Tests of nn/types, nn/config and nn/network: names, configuration checks,
// the memory estimate, BENCH.md's initialisation, a hand-computed forward
// pass, the lecture's slide, and the gradient views.
#include <doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/nn/config.h"
#include "engine/nn/network.h"
#include "engine/nn/types.h"
#include "test_mulberry.h"

using namespace nnplay;

namespace {

// The n-th draw (0-based) of a stream seeded `seed`.
uint32_t draw(uint32_t seed, long long n) {
    TestMulberry m{seed};
    uint32_t u = 0;
    for (long long i = 0; i <= n; ++i) u = m.next();
    return u;
}

float uniform_weight(uint32_t u, double limit) {
    return static_cast<float>((static_cast<double>(u) / 4294967296.0 * 2.0 - 1.0) * limit);
}

}  // namespace

TEST_CASE("enum names and labels round-trip through the parsers") {
    for (int i = 0; i < kActivationCount; ++i) {
        const auto a = static_cast<Activation>(i);
        CHECK(parse_activation(name_of(a)) == a);
        CHECK(std::string(label_of(a)) != "Unknown");
    }
    for (int i = 0; i < kOutputLossCount; ++i)
        CHECK(parse_output_loss(name_of(static_cast<OutputLoss>(i))) == static_cast<OutputLoss>(i));
    for (int i = 0; i < kOptimizerCount; ++i)
        CHECK(parse_optimizer(name_of(static_cast<OptimizerKind>(i))) == static_cast<OptimizerKind>(i));
    for (int i = 0; i < kInitCount; ++i)
        CHECK(parse_init(name_of(static_cast<InitScheme>(i))) == static_cast<InitScheme>(i));
    CHECK(std::string(name_of(Activation::LeakyReLU)) == "leaky_relu");
    CHECK(std::string(name_of(OutputLoss::SoftmaxCrossEntropy)) == "softmax_ce");
    CHECK_FALSE(parse_activation("Sigmoid").has_value());  // names are lowercase
    CHECK_FALSE(parse_optimizer("").has_value());
    CHECK(std::string(name_of(static_cast<Activation>(77))) == "unknown");
}

TEST_CASE("NetConfig: architecture text, parameter counts, validation") {
    NetConfig net;
    CHECK(net.validate() == "");
    CHECK(net.architecture() == "784-16-16-10");
    CHECK(net.parameter_count() == 13002);
    CHECK(Mlp(net).parameter_count() == 13002);

    REQUIRE(net.set_architecture("784-32-10") == "");
    CHECK(net.hidden == std::vector<int>{32});
    CHECK(net.activations.size() == 1);
    CHECK(net.parameter_count() == 25450);
    CHECK(Mlp(net).parameter_count() == 25450);

    net.activations = {Activation::ReLU};
    REQUIRE(net.set_architecture(" 784 - 64 - 32 - 8 - 10 ") == "");
    CHECK(net.architecture() == "784-64-32-8-10");
    // Kept, then extended with the last activation.
    CHECK(net.activations == std::vector<Activation>(3, Activation::ReLU));
    REQUIRE(net.set_architecture("784-10") == "");
    CHECK(net.hidden.empty());
    CHECK(net.activations.empty());
    CHECK(net.parameter_count() == 7850);

    // Bad text or bad sizes change nothing.
    const NetConfig before = net;
    CHECK(net.set_architecture("784--10") != "");
    CHECK(net.set_architecture("784-abc-10") != "");
    CHECK(net.set_architecture("10") != "");
    CHECK(net.set_architecture("784-0-10").find("each from 1 to 1,024") != std::string::npos);
    CHECK(net.set_architecture("784-1025-10") != "");
    CHECK(net.set_architecture("100-16-10").find("784") != std::string::npos);
    CHECK(net.set_architecture("784-16-9") != "");
    CHECK(net.set_architecture("784-1-1-1-1-1-1-1-1-1-10").find("at most 8") != std::string::npos);
    CHECK(net == before);
    CHECK(net.set_architecture("784-1-1-1-1-1-1-1-1-10") == "");  // 8 hidden: allowed
    CHECK(net.set_architecture("784-1024-10") == "");

    NetConfig mismatch;
    mismatch.activations.pop_back();
    CHECK(mismatch.validate().find("one activation per hidden layer") != std::string::npos);
}

TEST_CASE("TrainConfig validation and equality") {
    TrainConfig t;
    CHECK(t.validate(10000) == "");
    CHECK(t.validate(0) == "");
    t.batch_size = 10000;
    CHECK(t.validate(10000) == "");
    t.batch_size = 10001;
    CHECK(t.validate(10000).find("batch size") != std::string::npos);
    CHECK(t.validate(0) == "");  // no data yet: no upper bound
    t.batch_size = 0;
    CHECK(t.validate(10000) != "");
    t = TrainConfig{};
    t.train_subset = 500;
    t.batch_size = 600;
    CHECK(t.validate(10000) != "");  // the batch exceeds the subset in use
    t.batch_size = 10;
    t.train_subset = 20000;
    CHECK(t.validate(10000).find("subset") != std::string::npos);
    t = TrainConfig{};
    t.learning_rate = 0;
    CHECK(t.validate(100) != "");
    t.learning_rate = NAN;
    CHECK(t.validate(100) != "");
    t = TrainConfig{};
    t.momentum = 1.0f;
    CHECK(t.validate(100) != "");
    t = TrainConfig{};
    t.weight_decay = -1e-4f;
    CHECK(t.validate(100) != "");
    t = TrainConfig{};
    t.epsilon = 0;
    CHECK(t.validate(100) != "");
    TrainConfig a, b;
    CHECK(a == b);
    b.learning_rate = 0.5f;
    CHECK(a != b);
}

TEST_CASE("the memory estimate refuses what would not fit") {
    NetConfig small;
    CHECK(check_training_memory(small, 10) == "");
    NetConfig big;
    big.hidden.assign(8, 1024);
    big.activations.assign(8, Activation::ReLU);
    REQUIRE(big.validate() == "");
    const std::size_t at10 = training_memory_bytes(big, 10);
    // Weights alone: 784*1024 + 7*1024*1024 + 1024*10 + biases, times 4 copies of 4 bytes.
    CHECK(at10 > static_cast<std::size_t>(big.parameter_count()) * 16);
    CHECK(check_training_memory(big, 10) == "");
    // Grows with the batch: find a batch over the limit of this build.
    const std::size_t per_sample = training_memory_bytes(big, 1001) - training_memory_bytes(big, 1000);
    CHECK(per_sample >= (784 + 2 * (8 * 1024 + 10)) * sizeof(float));
    const long long over = static_cast<long long>(training_memory_limit() / per_sample) + 10;
    const std::string msg = check_training_memory(big, static_cast<int>(over));
    CHECK(msg.find("lower the batch size") != std::string::npos);
    CHECK(training_memory_bytes(big, static_cast<int>(over)) > training_memory_limit());
    if (sizeof(void*) < 8) CHECK(check_training_memory(big, 60000) != "");  // wasm: 1.5 GiB
}

TEST_CASE("initialisation follows BENCH.md (Mulberry32, fan_in x fan_out order)") {
    SUBCASE("Glorot uniform, the lecture's network, seed 42") {
        const Mlp net{NetConfig{}};
        const auto& L = net.layers();
        REQUIRE(L.size() == 3);
        CHECK(L[0].W.size() == 16 * 784);
        // Layer 0: W[o][i] is draw i*16 + o of the stream.
        const double l0 = std::sqrt(6.0 / (784 + 16));
        CHECK(L[0].W[0] == uniform_weight(draw(42, 0), l0));
        CHECK(L[0].W[1] == uniform_weight(draw(42, 16), l0));          // W[0][1]
        CHECK(L[0].W[784] == uniform_weight(draw(42, 1), l0));         // W[1][0]
        CHECK(L[0].W[5 * 784 + 300] == uniform_weight(draw(42, 300 * 16 + 5), l0));
        // Layer 1 continues the same stream after layer 0's 12,544 draws.
        const double l1 = std::sqrt(6.0 / 32);
        CHECK(L[1].W[3 * 16 + 7] == uniform_weight(draw(42, 12544 + 7 * 16 + 3), l1));
        // Layer 2 (16 -> 10) after 12,544 + 256 draws.
        const double l2 = std::sqrt(6.0 / 26);
        CHECK(L[2].W[9 * 16 + 15] == uniform_weight(draw(42, 12800 + 15 * 10 + 9), l2));
        for (const auto& d : L)
            for (float b : d.b) CHECK(b == 0.0f);
        // Every weight inside (-l, l).
        for (float w : L[0].W) CHECK(std::fabs(w) < l0);
    }
    SUBCASE("He uniform, another seed") {
        NetConfig cfg;
        cfg.hidden = {128, 64};
        cfg.activations = {Activation::ReLU, Activation::ReLU};
        cfg.output = OutputLoss::SoftmaxCrossEntropy;
        cfg.init = InitScheme::HeUniform;
        cfg.seed = 1234;
        const Mlp net(cfg);
        const auto& L = net.layers();
        CHECK(L[0].W[127 * 784 + 783] == uniform_weight(draw(1234, 783 * 128 + 127), std::sqrt(6.0 / 784)));
        CHECK(L[1].W[2 * 128 + 5] == uniform_weight(draw(1234, 784 * 128 + 5 * 64 + 2), std::sqrt(6.0 / 128)));
        CHECK(L[2].act == Activation::Identity);  // softmax lives in the loss
        // initialize() draws the same weights again.
        Mlp again = net;
        for (auto& d : again.layers()) d.W.assign(d.W.size(), 0.0f);
        again.initialize();
        CHECK(again.layers()[1].W == L[1].W);
    }
    SUBCASE("standard normal: weights then biases, layer by layer") {
        NetConfig cfg;
        cfg.init = InitScheme::StandardNormal;
        const Mlp net(cfg);
        TestMulberry m{42};
        auto normal = [&]() {
            const double u1 = (m.next() + 1.0) / 4294967297.0;
            const double u2 = m.next() / 4294967296.0;
            return static_cast<float>(std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2));
        };
        const float w00 = normal();   // W[0][0]
        const float w10 = normal();   // W[1][0]
        CHECK(net.layers()[0].W[0] == doctest::Approx(w00).epsilon(1e-6));
        CHECK(net.layers()[0].W[784] == doctest::Approx(w10).epsilon(1e-6));
        for (int k = 2; k < 784 * 16; ++k) normal();
        const float b0 = normal();
        CHECK(net.layers()[0].b[0] == doctest::Approx(b0).epsilon(1e-6));
        CHECK(net.layers()[0].b[0] != 0.0f);
    }
}

TEST_CASE("a forward pass computed by hand") {
    // 2 inputs -> 2 ReLU -> 2 outputs.
    //   x = (1, 2); W1 = [[1, -1], [0.5, 0.5]], b1 = (0, 1)
    //   z1 = (1 - 2 + 0, 0.5 + 1 + 1) = (-1, 2.5); a1 = ReLU = (0, 2.5)
    //   W2 = [[2, 0.4], [-1, 0]], b2 = (0, 0.5)
    //   z2 = (0 + 1.0 + 0, 0 + 0 + 0.5) = (1.0, 0.5)
    // Sigmoid + MSE, label 0: a2 = (0.7310586, 0.6224593);
    //   L = ((0.7310586 - 1)^2 + 0.6224593^2) / 2 = 0.2298926
    // Softmax + CE, label 0: p = (0.6224593, 0.3775407); L = log(e + e^0.5) - 1 = 0.4740770
    NetConfig cfg;
    cfg.inputs = 2;
    cfg.hidden = {2};
    cfg.activations = {Activation::ReLU};
    cfg.outputs = 2;
    const float x[2] = {1, 2};
    const uint8_t label = 0;
    auto set = [](Mlp& m) {
        m.layers()[0].W = {1, -1, 0.5f, 0.5f};
        m.layers()[0].b = {0, 1};
        m.layers()[1].W = {2, 0.4f, -1, 0};
        m.layers()[1].b = {0, 0.5f};
    };
    Mlp mse(cfg);
    set(mse);
    Workspace ws;
    mse.forward(x, 1, ws);
    CHECK(ws.act[0][0] == 0.0f);
    CHECK(ws.act[0][1] == doctest::Approx(2.5f));
    CHECK(ws.output()[0] == doctest::Approx(0.7310586f).epsilon(1e-6));
    CHECK(ws.output()[1] == doctest::Approx(0.6224593f).epsilon(1e-6));
    CHECK(mse.loss(ws.output(), &label, 1) == doctest::Approx(0.2298926f).epsilon(1e-6));
    CHECK(mse.forward_loss(x, &label, 1, ws) == doctest::Approx(0.2298926f).epsilon(1e-6));

    cfg.output = OutputLoss::SoftmaxCrossEntropy;
    Mlp ce(cfg);
    set(ce);
    ce.forward(x, 1, ws);
    CHECK(ws.output()[0] == doctest::Approx(0.6224593f).epsilon(1e-6));
    CHECK(ws.output()[1] == doctest::Approx(0.3775407f).epsilon(1e-6));
    CHECK(ce.forward_loss(x, &label, 1, ws) == doctest::Approx(0.4740770f).epsilon(1e-6));
    const SampleView v = ce.inspect(x, 0);
    CHECK(v.loss == doctest::Approx(0.4740770f).epsilon(1e-6));
    CHECK(v.predicted == 0);
    REQUIRE(v.activations.size() == 3);
    CHECK(v.activations[0] == std::vector<float>{1, 2});
    CHECK(v.activations[1][1] == doctest::Approx(2.5f));
}

TEST_CASE("the lecture's slide: ten squared differences, their sum 3.3585, the cost 0.33585") {
    const float out[10] = {0.43f, 0.28f, 0.19f, 0.88f, 0.72f, 0.01f, 0.64f, 0.86f, 0.99f, 0.63f};
    const uint8_t target = 3;
    const Mlp net{NetConfig{}};
    CHECK(net.loss(out, &target, 1) == doctest::Approx(0.33585).epsilon(1e-6));
    SampleView v;
    fill_output_terms(out, 10, target, OutputLoss::SigmoidMSE, v);
    CHECK(v.squared_diff[0] == doctest::Approx(0.1849));   // (0.43 - 0)^2
    CHECK(v.squared_diff[3] == doctest::Approx(0.0144));   // (0.88 - 1)^2
    CHECK(v.squared_diff[8] == doctest::Approx(0.9801));   // (0.99 - 0)^2
    CHECK(v.sum_squared == doctest::Approx(3.3585).epsilon(1e-6));
    CHECK(v.loss == doctest::Approx(0.33585).epsilon(1e-6));
    CHECK(v.predicted == 8);  // a wrong guess: the network says 8
    CHECK(v.label == 3);
    // The batch mean: the same sample twice has the same cost.
    float two[20];
    for (int i = 0; i < 20; ++i) two[i] = out[i % 10];
    const uint8_t labels[2] = {3, 3};
    CHECK(net.loss(two, labels, 2) == doctest::Approx(0.33585).epsilon(1e-6));
}

TEST_CASE("cross-entropy stays finite when a probability underflows") {
    // Logits 0 and 200: softmax gives p[0] = e^-200, 0 in float; the loss is 200.
    NetConfig cfg;
    cfg.inputs = 1;
    cfg.hidden = {};
    cfg.activations = {};
    cfg.outputs = 2;
    cfg.output = OutputLoss::SoftmaxCrossEntropy;
    Mlp net(cfg);
    net.layers()[0].W = {0, 200};
    net.layers()[0].b = {0, 0};
    const float x = 1;
    const uint8_t y = 0;
    Workspace ws;
    Gradients g;
    const float c = net.forward_backward(&x, &y, 1, ws, g);
    CHECK(c == doctest::Approx(200.0f));
    CHECK(g.all_finite());
    CHECK(g.weight(0, 0, 0) == doctest::Approx(-1.0f));  // (p0 - 1) * x
    CHECK(g.weight(0, 1, 0) == doctest::Approx(1.0f));
}

TEST_CASE("gradient views: addressing, finiteness, largest components") {
    Gradients g;
    g.dW = {FloatVec{0.1f, -0.5f, 0.2f, 0.0f, 0.3f, -0.05f}, FloatVec{0.4f, -0.7f}};
    g.db = {FloatVec{0.01f, -0.9f}, FloatVec{0.5f}};
    // Layer 0 is (2 neurons, 3 inputs), layer 1 is (1, 2).
    CHECK(g.weight(0, 0, 1) == -0.5f);
    CHECK(g.weight(0, 1, 1) == 0.3f);
    CHECK(g.weight(1, 0, 1) == -0.7f);
    CHECK(g.bias(0, 1) == -0.9f);
    CHECK(std::isnan(g.weight(0, 2, 0)));
    CHECK(std::isnan(g.weight(0, 0, 3)));
    CHECK(std::isnan(g.weight(2, 0, 0)));
    CHECK(std::isnan(g.bias(1, 1)));
    CHECK(g.all_finite());
    CHECK(g.max_abs() == 0.9f);
    const auto top = largest_gradients(g, 4);
    REQUIRE(top.size() == 4);
    CHECK((top[0].layer == 0 && top[0].neuron == 1 && top[0].input == -1));  // bias -0.9
    CHECK((top[1].layer == 1 && top[1].input == 1));                        // -0.7
    CHECK((top[2].layer == 0 && top[2].input == 1));                        // -0.5 (before 1's bias 0.5)
    CHECK((top[3].layer == 1 && top[3].input == -1));                       // 0.5
    CHECK(largest_gradients(g, 100).size() == 11);  // 8 weights and 3 biases
    CHECK(largest_gradients(g, 0).empty());
    // The fast bound check agrees with max_abs, at the boundary and past the vector width.
    std::vector<float> v(37, 0.25f);
    v[35] = -2.0f;
    CHECK(max_abs(v.data(), v.size()) == 2.0f);
    CHECK(all_abs_at_most(v.data(), v.size(), 2.0f));
    CHECK_FALSE(all_abs_at_most(v.data(), v.size(), 1.999f));
    CHECK(all_abs_at_most(v.data(), 35, 0.25f));
    CHECK_FALSE(all_abs_at_most(v.data(), v.size(), NAN));
    v[36] = NAN;
    CHECK_FALSE(all_abs_at_most(v.data(), v.size(), 1e30f));
    CHECK(std::isinf(max_abs(v.data(), v.size())));
    v[36] = -INFINITY;
    CHECK_FALSE(all_abs_at_most(v.data(), v.size(), 3.4e38f));
    g.dW[1][0] = INFINITY;
    CHECK_FALSE(g.all_finite());
    CHECK(std::isinf(g.max_abs()));
    g.dW[1][0] = NAN;
    CHECK_FALSE(g.all_finite());
}
