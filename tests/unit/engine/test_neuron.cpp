// test_neuron.cpp: inspect_neuron (engine/nn/neuron.h) against the network's
// own forward pass, and Trainer::set_weight (a weight set by hand).
#include <doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "band_digits.h"
#include "engine/nn/neuron.h"
#include "engine/train/trainer.h"

using namespace nnplay;
using nnplay::testing::band_digits;

namespace {
float act(Activation a, float z) {
    switch (a) {
        case Activation::Sigmoid: return 1.0f / (1.0f + std::exp(-z));
        case Activation::Tanh: return std::tanh(z);
        case Activation::ReLU: return z > 0 ? z : 0.0f;
        case Activation::LeakyReLU: return z > 0 ? z : kLeakySlope * z;
        case Activation::Identity: return z;
    }
    return NAN;
}
}  // namespace

TEST_CASE("neuron: every neuron's sum, z and value match the forward pass, for each activation and both outputs") {
    const DatasetPtr data = band_digits(20, 3);
    for (const OutputLoss out : {OutputLoss::SigmoidMSE, OutputLoss::SoftmaxCrossEntropy}) {
        for (const Activation a : {Activation::Sigmoid, Activation::Tanh, Activation::ReLU}) {
            CAPTURE(int(out));
            CAPTURE(int(a));
            NetConfig cfg;
            cfg.hidden = {20, 40};
            cfg.activations = {a, a};
            cfg.output = out;
            cfg.seed = 11;
            const Mlp net(cfg);
            const SampleView v = net.inspect(data->pixels.data() + 784 * 4, data->labels[4]);
            for (int layer = 1; layer <= 3; ++layer) {
                const int width = layer == 1 ? 20 : layer == 2 ? 40 : 10;
                for (int j = 0; j < width; ++j) {
                    const NeuronView n = inspect_neuron(net, v, layer, j);
                    REQUIRE(n.valid);
                    CHECK(n.output == (layer == 3));
                    const float expected = v.activations[std::size_t(layer)][std::size_t(j)];
                    if (n.softmax) {
                        CHECK(n.probability == doctest::Approx(v.outputs[j]).epsilon(1e-6));
                        CHECK(n.value == doctest::Approx(n.z).epsilon(1e-6));
                    } else {
                        CHECK(n.value == expected);
                        CHECK(act(n.act, n.z) == doctest::Approx(expected).epsilon(1e-4));
                    }
                    CHECK(double(n.z) == doctest::Approx(n.weighted_sum + n.bias).epsilon(1e-4));
                    // Terms: all of them for up to 32 inputs, else the 32 largest and the rest's sum.
                    double sum = n.rest_sum;
                    for (const NeuronTerm& t : n.terms) sum += double(t.a) * double(t.w);
                    CHECK(sum == doctest::Approx(n.weighted_sum).epsilon(1e-9));
                    const int inputs = layer == 1 ? 784 : layer == 2 ? 20 : 40;
                    CHECK(n.inputs == inputs);
                    if (inputs <= 32) {
                        CHECK(n.all_terms);
                        REQUIRE(int(n.terms.size()) == inputs);
                        for (int k = 0; k < inputs; ++k) CHECK(n.terms[std::size_t(k)].input == k);
                    } else {
                        CHECK_FALSE(n.all_terms);
                        REQUIRE(n.terms.size() == 32);
                        CHECK(n.rest_count == inputs - 32);
                        for (std::size_t k = 1; k < n.terms.size(); ++k)
                            CHECK(std::fabs(n.terms[k - 1].a * n.terms[k - 1].w) >= std::fabs(n.terms[k].a * n.terms[k].w));
                    }
                }
            }
            CHECK_FALSE(inspect_neuron(net, v, 0, 0).valid);
            CHECK_FALSE(inspect_neuron(net, v, 4, 0).valid);
            CHECK_FALSE(inspect_neuron(net, v, 1, 20).valid);
            CHECK_FALSE(inspect_neuron(net, v, 3, -1).valid);
        }
    }
}

TEST_CASE("neuron: a weight set by hand changes what the network computes, and bad ones are refused") {
    const DatasetPtr train = band_digits(64, 1), test = band_digits(32, 2);
    NetConfig cfg;
    cfg.hidden = {8};
    cfg.activations = {Activation::Sigmoid};
    cfg.seed = 4;
    Trainer t(cfg, TrainConfig{});
    REQUIRE(t.net_config().architecture() == "784-8-10");
    t.set_data(train, test);
    t.train_steps(3);
    const float* x = test->pixels.data();
    const SampleView before = t.inspect(x, test->labels[0]);
    // The bias of output neuron 2: its z moves by exactly the change.
    const NeuronView n0 = inspect_neuron(t.model(), before, 2, 2);
    REQUIRE(t.set_weight(2, 2, -1, n0.bias + 1.5f) == "");
    const NeuronView n1 = inspect_neuron(t.model(), t.inspect(x, test->labels[0]), 2, 2);
    CHECK(n1.bias == n0.bias + 1.5f);
    CHECK(n1.z == doctest::Approx(n0.z + 1.5f).epsilon(1e-5));
    CHECK(n1.value > n0.value);
    // A weight from a pixel: that term becomes a * w.
    REQUIRE(t.set_weight(1, 5, 300, -2.0f) == "");
    CHECK(t.model().layers()[0].W[5 * 784 + 300] == -2.0f);
    // The test figures were the old weights': forgotten.
    CHECK(t.last_eval().samples == 0);
    CHECK(t.gradient_step() == -1);
    // Refused, and nothing changes.
    const float kept = t.model().layers()[0].W[0];
    CHECK(t.set_weight(1, 0, 0, NAN) != "");
    CHECK(t.set_weight(1, 0, 0, INFINITY) != "");
    CHECK(t.set_weight(1, 0, 0, 2e6f) != "");
    CHECK(t.set_weight(0, 0, 0, 1) != "");
    CHECK(t.set_weight(3, 0, 0, 1) != "");
    CHECK(t.set_weight(1, 8, 0, 1) != "");
    CHECK(t.set_weight(1, 0, 784, 1) != "");
    CHECK(t.set_weight(1, 0, -2, 1) != "");
    CHECK(t.model().layers()[0].W[0] == kept);
    // Training goes on from the hand-set weights.
    CHECK(t.train_steps(2) == 2);
}
