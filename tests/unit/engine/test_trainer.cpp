// Trainer tests: BENCH.md's minibatch order, configuration changes that keep
// the model, determinism, divergence, memory refusal, sliced evaluation, and
// learning on real MNIST (the lecture's network reaches >= 85%).
#include <doctest.h>

#include <malloc.h>
#include <sys/stat.h>

#include <cstddef>
#if defined(__SANITIZE_ADDRESS__)
// From the sanitizer runtime's <sanitizer/allocator_interface.h>, which clang
// ships and gcc does not: bytes allocated and not freed (not the quarantine).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>

#include "engine/data/idx.h"
#include "engine/settings/settings.h"
#include "engine/train/trainer.h"
#include "test_mulberry.h"

using namespace nnplay;

namespace {

// n samples of 784 pixels, deterministic, labels i % 10 with a class pattern
// so that the network can learn something.
DatasetPtr synthetic(int n, uint32_t seed) {
    auto d = std::make_shared<Dataset>();
    d->count = n;
    d->pixels.resize(static_cast<std::size_t>(n) * 784);
    d->labels.resize(n);
    Mulberry32 rng(seed);
    for (int i = 0; i < n; ++i) {
        d->labels[i] = static_cast<uint8_t>(i % 10);
        float* p = d->pixels.data() + static_cast<std::size_t>(i) * 784;
        for (int k = 0; k < 784; ++k) p[k] = static_cast<float>(rng.next_unit() * 0.3);
        for (int k = 0; k < 78; ++k) p[(i % 10) * 78 + k] += 0.7f;
    }
    return d;
}

// BENCH.md's order, written independently: identity, then Fisher-Yates with
// j = (u32 * (i + 1)) >> 32 from a Mulberry32 stream that runs on across epochs.
struct RefOrder : TestMulberry {
    std::vector<int> epoch(int n) {
        std::vector<int> o(n);
        std::iota(o.begin(), o.end(), 0);
        for (int i = n - 1; i >= 1; --i) {
            const int j = static_cast<int>((static_cast<uint64_t>(next()) * static_cast<uint64_t>(i + 1)) >> 32);
            std::swap(o[i], o[j]);
        }
        return o;
    }
};

bool same_weights(const Mlp& a, const Mlp& b) {
    if (a.layers().size() != b.layers().size()) return false;
    for (std::size_t l = 0; l < a.layers().size(); ++l) {
        const auto& x = a.layers()[l];
        const auto& y = b.layers()[l];
        if (x.W.size() != y.W.size() || x.b.size() != y.b.size()) return false;
        if (std::memcmp(x.W.data(), y.W.data(), x.W.size() * sizeof(float)) != 0) return false;
        if (std::memcmp(x.b.data(), y.b.data(), x.b.size() * sizeof(float)) != 0) return false;
    }
    return true;
}

bool all_finite(const Mlp& m) {
    for (const auto& d : m.layers()) {
        for (float w : d.W)
            if (!std::isfinite(w)) return false;
        for (float b : d.b)
            if (!std::isfinite(b)) return false;
    }
    return true;
}

// Bytes the allocator has handed out and not got back (AddressSanitizer
// counts its own; emscripten's dlmalloc has the older mallinfo).
long long heap_in_use() {
#if defined(__SANITIZE_ADDRESS__)
    return static_cast<long long>(__sanitizer_get_current_allocated_bytes());
#elif defined(__EMSCRIPTEN__)
    const struct mallinfo m = mallinfo();
    return static_cast<long long>(m.uordblks) + m.hblkhd;
#else
    const struct mallinfo2 m = mallinfo2();
    return static_cast<long long>(m.uordblks + m.hblkhd);
#endif
}

bool have_mnist() {
    struct stat st;
    return ::stat((std::string(NNPLAY_MNIST_DIR) + "/train-images-idx3-ubyte").c_str(), &st) == 0;
}

}  // namespace

TEST_CASE("minibatch order follows BENCH.md; the last partial batch is kept") {
    Trainer t;
    t.set_data(synthetic(23, 1), synthetic(5, 2));
    CHECK(t.stats().train_size == 23);
    RefOrder ref{7};
    CHECK(t.train_steps(1) == 1);
    CHECK(t.order() == ref.epoch(23));
    CHECK(t.stats().samples_in_epoch == 10);
    CHECK(t.train_steps(2) == 2);  // 10 + 10 + 3
    CHECK(t.stats().epoch == 1);
    CHECK(t.stats().samples_seen == 23);
    CHECK(t.stats().samples_in_epoch == 0);
    CHECK(std::isfinite(t.stats().epoch_cost));
    // prepare_order() draws epoch 2's order ahead of its first step, and
    // neither a second call nor the epoch's steps draw it again.
    t.prepare_order();
    const std::vector<int> epoch2 = ref.epoch(23);  // the stream runs on into epoch 2
    CHECK(t.order() == epoch2);
    t.prepare_order();
    CHECK(t.order() == epoch2);
    CHECK(t.train_epoch() == 3);
    CHECK(t.order() == epoch2);
    CHECK(t.stats().epoch == 2);
    CHECK(t.stats().step == 6);

    // A subset and another seed: a fresh stream over the first 17 samples.
    TrainConfig c = t.train_config();
    c.train_subset = 17;
    c.shuffle_seed = 99;
    c.batch_size = 4;
    REQUIRE(t.set_train_config(c) == "");
    CHECK(t.stats().train_size == 17);
    CHECK(t.train_epoch() == 5);  // 4 4 4 4 1
    RefOrder ref99{99};
    CHECK(t.order() == ref99.epoch(17));
}

TEST_CASE("changing lr, batch size and optimizer between steps keeps the model") {
    Trainer t;
    t.set_data(synthetic(200, 3), synthetic(50, 4));
    t.train_steps(5);
    const Mlp before = t.model();
    TrainConfig c = t.train_config();
    c.learning_rate = 0.5f;
    c.batch_size = 32;
    c.optimizer = OptimizerKind::Adam;
    c.weight_decay = 1e-4f;
    REQUIRE(t.set_train_config(c) == "");
    CHECK(same_weights(before, t.model()));
    CHECK(t.stats().step == 5);
    CHECK(t.train_steps(2) == 2);
    CHECK(t.stats().samples_seen == 5 * 10 + 2 * 32);
    CHECK_FALSE(same_weights(before, t.model()));
    c.optimizer = OptimizerKind::Momentum;
    c.batch_size = 1;
    REQUIRE(t.set_train_config(c) == "");
    CHECK(t.train_steps(3) == 3);
    CHECK(t.stats().step == 10);
    CHECK(all_finite(t.model()));

    // A rejected change says why and changes nothing.
    const Mlp kept = t.model();
    TrainConfig bad = c;
    bad.batch_size = 201;
    CHECK(t.set_train_config(bad).find("batch size") != std::string::npos);
    CHECK(t.stats().message.find("batch size") != std::string::npos);
    CHECK(t.train_config() == c);
    CHECK(same_weights(kept, t.model()));
}

TEST_CASE("same seed and config give bit-identical runs") {
    auto run = [](OptimizerKind k) {
        NetConfig net;
        net.hidden = {13, 7};
        net.activations = {Activation::Tanh, Activation::ReLU};
        net.output = OutputLoss::SoftmaxCrossEntropy;
        TrainConfig tc;
        tc.optimizer = k;
        tc.learning_rate = 0.05f;
        tc.batch_size = 16;
        Trainer t(net, tc);
        t.set_data(synthetic(100, 5), synthetic(30, 6));
        t.train_steps(20);
        return t;
    };
    for (int i = 0; i < kOptimizerCount; ++i) {
        const OptimizerKind k = OptimizerKind(i);
        INFO("optimizer ", name_of(k));
        const Trainer a = run(k), b = run(k);
        CHECK(all_finite(a.model()));
        CHECK(same_weights(a.model(), b.model()));
        CHECK(a.stats().batch_cost == b.stats().batch_cost);
    }
    // And reset() starts the same run again.
    Trainer t;
    t.set_data(synthetic(100, 5), synthetic(30, 6));
    t.train_steps(12);
    const Mlp first = t.model();
    t.reset();
    CHECK(t.stats().step == 0);
    CHECK(t.last_eval().samples == 0);
    t.train_steps(12);
    CHECK(same_weights(first, t.model()));
}

TEST_CASE("divergence: the update is refused, the flag is set, the model stays finite") {
    // Softmax + leaky ReLU at lr 1000 (the largest the settings allow) overflows within a few steps. (With plain
    // ReLU at that rate the hidden units die instead and the cost stays finite.)
    NetConfig net;
    net.hidden = {64};
    net.activations = {Activation::LeakyReLU};
    net.output = OutputLoss::SoftmaxCrossEntropy;
    net.init = InitScheme::HeUniform;
    TrainConfig tc;
    tc.learning_rate = 1000.0f;
    tc.batch_size = 16;
    Trainer t(net, tc);
    t.set_data(synthetic(400, 7), synthetic(40, 8));
    const int applied = t.train_steps(200);
    CHECK(applied < 200);
    REQUIRE(t.stats().diverged);
    INFO(t.stats().message);
    CHECK(t.stats().step == applied);
    CHECK(t.stats().message.find("training diverged at step " + std::to_string(applied + 1) + ": the ") == 0);
    CHECK(t.stats().message.find("lower the learning rate (now 1000)") != std::string::npos);
    // The record front ends word it from (they never parse the message).
    const DivergenceRecord& d = t.stats().divergence;
    CHECK(d.kind != DivergenceKind::None);
    CHECK(d.step == applied + 1);
    CHECK(d.restored_step == 0);
    CHECK(d.learning_rate == tc.learning_rate);
    if (d.kind == DivergenceKind::CostNaN) CHECK(std::isnan(d.value));
    if (d.kind == DivergenceKind::CostInfinite) CHECK(std::isinf(d.value));
    CHECK(t.stats().message == describe(d));
    CHECK(all_finite(t.model()));
    // Back to the weights the run started from (its last known-good state).
    CHECK(same_weights(Mlp(net), t.model()));
    // Refuses to step while diverged.
    const Mlp stuck = t.model();
    CHECK(t.train_steps(5) == 0);
    CHECK(t.train_for(0.01) == 0);
    CHECK(t.train_epoch() == 0);
    CHECK(same_weights(stuck, t.model()));
    // Evaluation still runs on the last finite model.
    t.evaluate();
    CHECK(t.last_eval().samples == 40);
    // A new learning rate clears the flag; setting the same config again does not.
    t.set_train_config(tc);
    CHECK(t.stats().diverged);
    TrainConfig calm = tc;
    calm.learning_rate = 0.01f;
    REQUIRE(t.set_train_config(calm) == "");
    CHECK_FALSE(t.stats().diverged);
    CHECK(t.stats().divergence.kind == DivergenceKind::None);
    CHECK(t.stats().message.empty());
    REQUIRE(t.set_train_config(tc) == "");
    t.train_steps(200);
    CHECK(t.stats().diverged);
    CHECK(all_finite(t.model()));
    // reset() clears it too and trains from fresh weights.
    t.reset();
    CHECK_FALSE(t.stats().diverged);
    CHECK(t.stats().divergence.kind == DivergenceKind::None);
    CHECK(t.train_steps(1) == 1);
}

TEST_CASE("divergence: the weights go back to those from before the learning rate that caused it") {
    NetConfig net;
    net.hidden = {64};
    net.activations = {Activation::LeakyReLU};
    net.output = OutputLoss::SoftmaxCrossEntropy;
    net.init = InitScheme::HeUniform;
    TrainConfig calm;
    calm.learning_rate = 0.05f;
    calm.batch_size = 16;
    Trainer t(net, calm);
    t.set_data(synthetic(400, 7), synthetic(40, 8));
    REQUIRE(t.train_steps(10) == 10);
    const Mlp good = t.model();                   // trained 10 steps at a calm rate
    const float good_cost = t.stats().running_cost;
    TrainConfig wild = calm;
    wild.learning_rate = 1000.0f;
    REQUIRE(t.set_train_config(wild) == "");
    const int applied = t.train_steps(200);
    CHECK(applied > 0);                           // some finite but ruinous steps happened first
    REQUIRE(t.stats().diverged);
    INFO(t.stats().message);
    CHECK(t.stats().message.find("The weights went back to those of step 10") != std::string::npos);
    CHECK(t.stats().divergence.restored_step == 10);
    CHECK(t.stats().divergence.step == 10 + applied + 1);
    CHECK(t.stats().divergence.learning_rate == wild.learning_rate);
    CHECK(same_weights(good, t.model()));
    CHECK(t.stats().running_cost == good_cost);   // the blown-up costs are forgotten too
    // Training goes on from there at a calm rate again.
    REQUIRE(t.set_train_config(calm) == "");
    CHECK(t.train_steps(20) == 20);
    CHECK_FALSE(t.stats().diverged);
    CHECK(all_finite(t.model()));
    CHECK(std::isfinite(t.stats().batch_cost));
}

TEST_CASE("divergence: a finite but exploding gradient is refused too") {
    // Identity hidden layer with weights of 1e26: the cost and gradient are
    // still finite, but lr * dC/dW of the output layer is about 1e31.
    NetConfig net;
    net.hidden = {4};
    net.activations = {Activation::Identity};
    net.output = OutputLoss::SoftmaxCrossEntropy;
    Mlp m(net);
    for (float& w : m.layers()[0].W) w = 1e26f;
    TrainConfig tc;
    tc.learning_rate = 1000.0f;
    Trainer t;
    t.set_data(synthetic(20, 13), synthetic(10, 14));
    REQUIRE(t.adopt(m, tc, 0) == "");
    CHECK(t.train_steps(1) == 0);
    REQUIRE(t.stats().diverged);
    CHECK(t.stats().message.find("the gradient exploded") != std::string::npos);
    const DivergenceRecord& d = t.stats().divergence;
    CHECK(d.kind == DivergenceKind::GradientExploded);
    CHECK(d.step == 1);
    CHECK(d.value > 1e30f / tc.learning_rate);  // the largest component: lr * it would pass 1e30
    CHECK(std::isfinite(d.value));
    CHECK(t.stats().message.find("largest component") != std::string::npos);
    CHECK(same_weights(m, t.model()));
    CHECK(std::isfinite(t.last_gradients().max_abs()));
}

TEST_CASE("a small network after a big one gives the memory back") {
    // In the page the WebAssembly memory never shrinks, but what the allocator
    // gets back is there for the next network: buffers sized for a big network
    // (weights, their checkpoint, gradients, activations, the gathered batch)
    // must not stay behind a small one.
    Trainer t;
    t.set_data(synthetic(300, 21), synthetic(50, 22));
    REQUIRE(t.train_steps(2) == 2);
    t.evaluate();
    const long long small = heap_in_use();
    NetConfig big;
    big.hidden.assign(8, 1024);
    big.activations.assign(8, Activation::ReLU);
    big.output = OutputLoss::SoftmaxCrossEntropy;
    TrainConfig tc;
    tc.learning_rate = 0.01f;
    tc.batch_size = 64;
    REQUIRE(t.set_train_config(tc) == "");
    REQUIRE(t.set_net_config(big) == "");
    REQUIRE(t.train_steps(2) == 2);
    t.evaluate();
    const long long with_big = heap_in_use();
    CHECK(with_big - small > 3ll * 8161290 * 4);  // weights, gradients and checkpoint at least
    REQUIRE(t.set_net_config(NetConfig{}) == "");
    tc.batch_size = 10;
    tc.learning_rate = 3.0f;
    REQUIRE(t.set_train_config(tc) == "");
    REQUIRE(t.train_steps(2) == 2);
    t.evaluate();
    const long long after = heap_in_use();
    MESSAGE("heap in use: ", small / 1024, " KiB, with 8 x 1024: ", with_big / 1024, " KiB, back: ", after / 1024,
            " KiB");
    CHECK(after - small < 256 * 1024);
}

TEST_CASE("an architecture too big for memory is refused without touching the model") {
    Trainer t;
    t.set_data(synthetic(50, 9), synthetic(10, 10));
    t.train_steps(2);
    NetConfig big;
    big.hidden.assign(8, 1024);
    big.activations.assign(8, Activation::ReLU);
    // A batch at which this build's limit is exceeded (no data bound: set it first
    // on a trainer without data, with the small network, which fits).
    const std::size_t per_sample = training_memory_bytes(big, 2) - training_memory_bytes(big, 1);
    const long long huge = static_cast<long long>(training_memory_limit() / per_sample) + 100;
    const int max_batch = static_cast<int>(find_setting("batch")->max);
    if (huge > max_batch) {
        // 64-bit builds: even the largest network at the largest batch the
        // settings allow fits under the limit, so nothing can be refused for memory.
        MESSAGE("this build's memory limit is beyond the largest settings (batch " << max_batch << ")");
        CHECK(check_training_memory(big, max_batch) == "");
    } else {
        Trainer u;
        TrainConfig tc;
        tc.batch_size = static_cast<int>(huge);
        REQUIRE(u.set_train_config(tc) == "");
        const Mlp before = u.model();
        const std::string err = u.set_net_config(big);
        CHECK(err.find("lower the batch size") != std::string::npos);
        CHECK(u.net_config() == NetConfig{});
        CHECK(same_weights(before, u.model()));
        // The same network with a small batch is accepted.
        tc.batch_size = 10;
        REQUIRE(u.set_train_config(tc) == "");
        CHECK(u.set_net_config(big) == "");
        CHECK(u.model().parameter_count() == big.parameter_count());
        // And the large batch is now refused for it.
        tc.batch_size = static_cast<int>(huge);
        CHECK(u.set_train_config(tc) != "");
        CHECK(u.train_config().batch_size == 10);
    }
    // An invalid network is refused with a message.
    NetConfig wide;
    wide.hidden = {2000, 16};
    CHECK(t.set_net_config(wide).find("each from 1 to 1,024") != std::string::npos);
    CHECK(t.net_config() == NetConfig{});
    CHECK(t.stats().step == 2);
}

TEST_CASE("sliced evaluation equals a full evaluation; stats and inspection") {
    Trainer t;
    t.set_data(synthetic(300, 11), synthetic(600, 12));
    t.train_epoch();
    CHECK(t.stats().samples_per_s > 0);
    CHECK(t.stats().seconds_trained > 0);
    CHECK(std::isfinite(t.stats().running_cost));
    CHECK(t.last_gradients().dW.size() == 3);
    CHECK(t.last_gradients().all_finite());
    CHECK(largest_gradients(t.last_gradients(), 5).size() == 5);

    CHECK_FALSE(t.evaluate_slice(250));
    CHECK_FALSE(t.evaluate_slice(250));
    CHECK(t.last_eval().samples == 0);
    CHECK(t.evaluate_slice(250));
    const EvalResult sliced = t.last_eval();
    CHECK(sliced.samples == 600);
    CHECK(sliced.at_step == t.stats().step);
    const EvalResult full = t.evaluate();
    CHECK(full.samples == 600);
    CHECK(full.cost == doctest::Approx(sliced.cost).epsilon(1e-6));
    CHECK(full.accuracy == sliced.accuracy);
    CHECK(full.confusion == sliced.confusion);
    int total = 0, diag = 0;
    for (int i = 0; i < 10; ++i)
        for (int j = 0; j < 10; ++j) {
            total += full.confusion[i][j];
            if (i == j) diag += full.confusion[i][j];
        }
    CHECK(total == 600);
    CHECK(full.accuracy == doctest::Approx(diag / 600.0));
    for (int c = 0; c < 10; ++c) CHECK(full.class_accuracy[c] == doctest::Approx(full.confusion[c][c] / 60.0));

    const SampleView v = t.inspect_test(7);
    CHECK(v.label == 7);
    REQUIRE(v.activations.size() == 4);
    CHECK(v.activations[0].size() == 784);
    CHECK(v.activations[1].size() == 16);
    CHECK(v.activations[3].size() == 10);
    float sum = 0;
    for (int i = 0; i < 10; ++i) {
        CHECK(v.outputs[i] == v.activations[3][i]);
        const float d = v.outputs[i] - (i == 7 ? 1.0f : 0.0f);
        CHECK(v.squared_diff[i] == doctest::Approx(d * d));
        sum += v.squared_diff[i];
    }
    CHECK(v.sum_squared == doctest::Approx(sum));
    CHECK(v.loss == doctest::Approx(sum / 10));
    CHECK(t.inspect_test(600).label == -1);
    CHECK(t.inspect_test(-1).activations.empty());
}

TEST_CASE("learning: the lecture's network reaches >= 85% on MNIST in 5 epochs") {
    // Never skipped: without the data this fails and says how to get it.
    REQUIRE_MESSAGE(have_mnist(), "MNIST not found in " << NNPLAY_MNIST_DIR
                                                        << " (scripts/bootstrap.sh fetches it)");
    auto train = std::make_shared<Dataset>();
    auto test = std::make_shared<Dataset>();
    REQUIRE(load_mnist_dir(NNPLAY_MNIST_DIR, *train, *test, 10000, 2000) == "");
    REQUIRE(train->count == 10000);
    REQUIRE(test->count == 2000);
    Trainer t;  // 784-16-16-10 sigmoid, MSE, SGD lr 3.0, batch 10, seeds 42 and 7
    CHECK(t.model().parameter_count() == 13002);
    t.set_data(train, test);
    for (int e = 1; e <= 5; ++e) {
        CHECK(t.train_epoch() == 1000);
        const EvalResult& r = t.evaluate();
        MESSAGE("epoch " << e << ": test accuracy " << r.accuracy << ", test cost " << r.cost
                         << ", epoch cost " << t.stats().epoch_cost << ", " << t.stats().samples_per_s
                         << " samples/s");
    }
    CHECK_FALSE(t.stats().diverged);
    CHECK(t.stats().epoch == 5);
    CHECK(t.last_eval().accuracy >= 0.85f);
}

TEST_CASE("adopt: takes a model and its settings, refuses weights that do not fit") {
    Trainer t;
    t.set_data(synthetic(60, 15), synthetic(20, 16));
    NetConfig cfg;
    cfg.hidden = {8};
    cfg.activations = {Activation::Tanh};
    Mlp m(cfg);
    TrainConfig tc;
    tc.learning_rate = 0.5f;
    REQUIRE(t.adopt(m, tc, 1234) == "");
    CHECK(t.stats().step == 1234);
    CHECK(t.net_config() == cfg);
    CHECK(t.train_config().learning_rate == 0.5f);
    CHECK(same_weights(m, t.model()));
    CHECK(t.train_steps(2) == 2);
    CHECK(t.stats().step == 1236);

    Mlp broken(cfg);
    broken.layers()[0].W.pop_back();
    const Mlp kept = t.model();
    CHECK(t.adopt(broken, tc, 0).find("do not match") != std::string::npos);
    CHECK(same_weights(kept, t.model()));
    CHECK(t.stats().step == 1236);
}

TEST_CASE("adopt: the Samples and Epoch counters agree with the file's step") {
    // They once restarted at 0 while Step kept the file's.
    Trainer t;
    t.set_data(synthetic(60, 15), synthetic(20, 16));
    NetConfig cfg;
    cfg.hidden = {8};
    cfg.activations = {Activation::Tanh};
    TrainConfig tc;
    tc.batch_size = 8;
    REQUIRE(t.adopt(Mlp(cfg), tc, 100) == "");
    CHECK(t.stats().step == 100);
    // 60 images in batches of 8: epochs of 8 steps (seven of 8 images, one of 4).
    // 100 steps: 12 epochs (96 steps, 720 images), then 4 steps of 8.
    CHECK(t.stats().samples_seen == 752);
    CHECK(t.stats().epoch == 12);
    CHECK(t.stats().samples_in_epoch == 32);
    // Training goes on from there: 4 more steps (8, 8, 8, then the short 4) finish the 13th epoch.
    CHECK(t.train_steps(4) == 4);
    CHECK(t.stats().samples_seen == 780);
    CHECK(t.stats().epoch == 13);
    CHECK(t.stats().samples_in_epoch == 0);
    // The same counts as a run that took those steps here.
    Trainer same;
    same.set_data(synthetic(60, 15), synthetic(20, 16));
    same.set_net_config(cfg);
    same.set_train_config(tc);
    REQUIRE(same.train_steps(104) == 104);
    CHECK(same.stats().samples_seen == 780);
    CHECK(same.stats().epoch == 13);
    // Step 0 (a fresh model's file) counts nothing.
    REQUIRE(t.adopt(Mlp(cfg), tc, 0) == "");
    CHECK(t.stats().samples_seen == 0);
    CHECK(t.stats().epoch == 0);
    // No data yet: the samples agree, the epochs wait for the images.
    Trainer bare;
    REQUIRE(bare.adopt(Mlp(cfg), tc, 7) == "");
    CHECK(bare.stats().samples_seen == 56);
    CHECK(bare.stats().epoch == 0);
}
