// Tests of train/health: saturated sigmoid/tanh outputs and dead ReLUs counted
// on hand-made layers, the trainer's test evaluation against a recount from
// each image's activations, the gradient sizes, and the two ways the
// lecture's network gets stuck on MNIST (learning rate 500: saturated
// sigmoids; ReLU at learning rate 50: dead ReLUs).
#include <doctest.h>

#include <sys/stat.h>

#include <cmath>
#include <memory>
#include <string>

#include "engine/data/idx.h"
#include "engine/train/health.h"
#include "engine/train/trainer.h"
#include "test_mulberry.h"

using namespace nnplay;

namespace {

// A network of 2 inputs, one hidden layer of 3 and 2 outputs, every weight
// and bias set by the test.
Mlp tiny(Activation hidden, OutputLoss out) {
    NetConfig c;
    c.inputs = 2;
    c.hidden = {3};
    c.activations = {hidden};
    c.outputs = 2;
    c.output = out;
    Mlp net(c);
    for (auto& l : net.layers()) {
        std::fill(l.W.begin(), l.W.end(), 0.0f);
        std::fill(l.b.begin(), l.b.end(), 0.0f);
    }
    return net;
}

// Four inputs (x0, x1): x0 is 0, 0.5, 1, 0.5.
const float kX[8] = {0, 0, 0.5f, 0, 1, 0, 0.5f, 1};

std::vector<LayerHealth> count_in_two_chunks(const Mlp& net) {
    HealthCounter h;
    h.begin(net);
    Workspace ws;
    net.forward(kX, 2, ws);
    h.add(ws, 2);
    net.forward(kX + 4, 2, ws);
    h.add(ws, 2);
    return h.finish();
}

DatasetPtr synthetic(int n, uint32_t seed) {
    auto d = std::make_shared<Dataset>();
    d->count = n;
    d->pixels.resize(std::size_t(n) * 784);
    d->labels.resize(std::size_t(n));
    Mulberry32 rng(seed);
    for (int i = 0; i < n; ++i) {
        d->labels[std::size_t(i)] = uint8_t(i % 10);
        float* p = d->pixels.data() + std::size_t(i) * 784;
        for (int k = 0; k < 784; ++k) p[k] = float(rng.next_unit() * 0.3);
        for (int k = 0; k < 78; ++k) p[(i % 10) * 78 + k] += 0.7f;
    }
    return d;
}

bool have_mnist() {
    struct stat st;
    return ::stat((std::string(NNPLAY_MNIST_DIR) + "/train-images-idx3-ubyte").c_str(), &st) == 0;
}

}  // namespace

TEST_CASE("saturated sigmoids, counted by hand") {
    Mlp net = tiny(Activation::Sigmoid, OutputLoss::SigmoidMSE);
    auto& h0 = net.layers()[0];
    h0.b[0] = 10;                  // sigma(10) = 0.99995: saturated on every input
    h0.b[1] = 0;                   // sigma(0) = 0.5: never
    h0.W[2 * 2 + 0] = 10;          // sigma(10 x0 - 5): 0.0067, 0.5, 0.9933, 0.5: saturated on 2 of 4
    h0.b[2] = -5;
    net.layers()[1].b = {0.0f, -10.0f};  // outputs 0.5 (never) and 4.5e-5 (always)

    const std::vector<LayerHealth> h = count_in_two_chunks(net);
    REQUIRE(h.size() == 2);
    CHECK(h[0].act == Activation::Sigmoid);
    CHECK(h[0].neurons == 3);
    CHECK(h[0].images == 4);
    REQUIRE(h[0].per_neuron.size() == 3);
    CHECK(h[0].per_neuron[0] == 1.0f);
    CHECK(h[0].per_neuron[1] == 0.0f);
    CHECK(h[0].per_neuron[2] == 0.5f);
    CHECK(h[0].saturated == doctest::Approx(6.0 / 12.0));
    CHECK(h[0].dead == 0);
    CHECK(h[1].act == Activation::Sigmoid);
    REQUIRE(h[1].per_neuron.size() == 2);
    CHECK(h[1].per_neuron[0] == 0.0f);
    CHECK(h[1].per_neuron[1] == 1.0f);
    CHECK(h[1].saturated == doctest::Approx(0.5));

    // The thresholds: within 0.01 of 0 or 1.
    CHECK(is_saturated(Activation::Sigmoid, 0.0099f));
    CHECK_FALSE(is_saturated(Activation::Sigmoid, 0.0101f));
    CHECK(is_saturated(Activation::Sigmoid, 0.9901f));
    CHECK_FALSE(is_saturated(Activation::Sigmoid, 0.9899f));
    CHECK(is_saturated(Activation::Tanh, -0.995f));
    CHECK_FALSE(is_saturated(Activation::Tanh, 0.98f));
    CHECK_FALSE(is_saturated(Activation::ReLU, 0.0f));
}

TEST_CASE("dead ReLUs and saturated tanh, counted by hand; softmax outputs are not counted") {
    Mlp net = tiny(Activation::ReLU, OutputLoss::SoftmaxCrossEntropy);
    auto& h0 = net.layers()[0];
    h0.b[0] = -1;                  // relu(-1) = 0 on every input: dead
    h0.W[1 * 2 + 0] = 1;           // relu(x0 - 0.6): active only for x0 = 1
    h0.b[1] = -0.6f;
    h0.b[2] = 1;                   // always active
    std::vector<LayerHealth> h = count_in_two_chunks(net);
    REQUIRE(h.size() == 2);
    CHECK(h[0].can_die());
    CHECK_FALSE(h[0].can_saturate());
    REQUIRE(h[0].per_neuron.size() == 3);
    CHECK(h[0].per_neuron[0] == 0.0f);
    CHECK(h[0].per_neuron[1] == 0.25f);
    CHECK(h[0].per_neuron[2] == 1.0f);
    CHECK(h[0].dead == 1);
    CHECK(h[0].dead_share() == doctest::Approx(1.0 / 3.0));
    CHECK(h[0].saturated == 0.0f);
    CHECK(h[1].act == Activation::Identity);  // the softmax layer
    CHECK(h[1].per_neuron.empty());
    CHECK(h[1].dead == 0);

    Mlp t = tiny(Activation::Tanh, OutputLoss::SoftmaxCrossEntropy);
    t.layers()[0].b = {3.0f, 0.5f, -3.0f};  // tanh 0.995 (saturated), 0.46 (not), -0.995 (saturated)
    h = count_in_two_chunks(t);
    REQUIRE(h[0].per_neuron.size() == 3);
    CHECK(h[0].per_neuron[0] == 1.0f);
    CHECK(h[0].per_neuron[1] == 0.0f);
    CHECK(h[0].per_neuron[2] == 1.0f);
    CHECK(h[0].saturated == doctest::Approx(2.0 / 3.0));
}

TEST_CASE("the test evaluation's health equals a recount from each test image's activations") {
    NetConfig c;
    c.hidden = {24, 12};
    c.activations = {Activation::ReLU, Activation::Sigmoid};
    TrainConfig tc;
    tc.learning_rate = 0.5f;
    Trainer t(c, tc);
    t.set_data(synthetic(300, 3), synthetic(500, 4));
    t.train_epoch();
    // Sliced as the App does it, and whole: the same figures.
    while (!t.evaluate_slice(130)) {
    }
    const std::vector<LayerHealth> sliced = t.last_eval().health;
    const EvalResult& e = t.evaluate();
    REQUIRE(e.health.size() == 3);
    REQUIRE(sliced.size() == 3);
    for (int l = 0; l < 3; ++l) {
        const LayerHealth& h = e.health[std::size_t(l)];
        CAPTURE(l);
        CHECK(h.images == 500);
        CHECK(h.per_neuron == sliced[std::size_t(l)].per_neuron);
        const int n = t.model().layers()[std::size_t(l)].out;
        std::vector<int> count(std::size_t(n), 0);
        for (int i = 0; i < 500; ++i) {
            const SampleView v = t.inspect_test(i);
            for (int j = 0; j < n; ++j) {
                const float a = v.activations[std::size_t(l) + 1][std::size_t(j)];
                count[std::size_t(j)] += l == 0 ? a > 0.0f : is_saturated(h.act, a);
            }
        }
        REQUIRE(h.per_neuron.size() == std::size_t(n));
        int dead = 0;
        long long total = 0;
        for (int j = 0; j < n; ++j) {
            CHECK(h.per_neuron[std::size_t(j)] == doctest::Approx(count[std::size_t(j)] / 500.0));
            dead += count[std::size_t(j)] == 0;
            total += count[std::size_t(j)];
        }
        if (l == 0) CHECK(h.dead == dead);
        else CHECK(h.saturated == doctest::Approx(double(total) / (500.0 * n)));
    }
}

TEST_CASE("gradient sizes: the norm of each layer's weights and biases together") {
    Gradients g;
    g.dW = {FloatVec{3.0f, 0.0f}, FloatVec{1.0f, 1.0f, 1.0f}};
    g.db = {FloatVec{4.0f}, FloatVec{1.0f}};
    const std::vector<float> n = gradient_norms(g);
    REQUIRE(n.size() == 2);
    CHECK(n[0] == doctest::Approx(5.0));
    CHECK(n[1] == doctest::Approx(2.0));
    CHECK(gradient_norms(Gradients{}).empty());
}

TEST_CASE("the lecture's network gets stuck on MNIST: saturated at learning rate 500, dead ReLUs at 50") {
    if (!have_mnist()) {
        MESSAGE("MNIST not found in " << NNPLAY_MNIST_DIR << "; skipped (scripts/bootstrap.sh fetches it)");
        return;
    }
    auto train = std::make_shared<Dataset>();
    auto test = std::make_shared<Dataset>();
    REQUIRE(load_mnist_dir(NNPLAY_MNIST_DIR, *train, *test, 10000, 2000) == "");
    {
        TrainConfig tc;
        tc.learning_rate = 500;
        Trainer t(NetConfig{}, tc);  // 784-16-16-10 sigmoid, MSE, batch 10
        t.set_data(train, test);
        t.train_steps(1000);
        const EvalResult& e = t.evaluate();
        MESSAGE("lr 500: cost " << e.cost << ", accuracy " << e.accuracy << ", output layer saturated "
                                << e.health.back().saturated);
        CHECK_FALSE(t.stats().diverged);
        CHECK(e.cost == doctest::Approx(0.100).epsilon(0.005));  // every output near 0: 1/10 of (0 - 1)^2
        CHECK(e.accuracy < 0.15f);
        REQUIRE(e.health.size() == 3);
        CHECK(e.health[2].saturated >= 0.99f);
        CHECK(gradient_norms(t.last_gradients())[0] < 1e-6f);
    }
    {
        NetConfig c;
        c.activations = {Activation::ReLU, Activation::ReLU};
        TrainConfig tc;
        tc.learning_rate = 50;
        Trainer t(c, tc);
        t.set_data(train, test);
        t.train_steps(1000);
        const EvalResult& e = t.evaluate();
        MESSAGE("ReLU, lr 50: accuracy " << e.accuracy << ", dead " << e.health[0].dead << " and "
                                         << e.health[1].dead << " of 16");
        CHECK(e.accuracy < 0.3f);
        REQUIRE(e.health.size() == 3);
        CHECK(std::max(e.health[0].dead_share(), e.health[1].dead_share()) >= 0.5f);
    }
}
