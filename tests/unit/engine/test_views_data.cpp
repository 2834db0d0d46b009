// The data behind the playground's views (issue 10): a drawn digit's MNIST
// preprocessing against 28x28 images computed by hand; the gallery's filters
// and confusion cells against the evaluation's per-image answers; the
// minibatch gradient, its listing and one sample's gradient against the
// engine's backward pass and finite differences; what a step report says
// against the weights before and after the step.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include "engine/data/drawing.h"
#include "engine/train/step_report.h"
#include "engine/train/test_selection.h"
#include "engine/train/trainer.h"
#include "test_mulberry.h"

using namespace nnplay;

namespace {

float px(const float* img, int row, int col) { return img[row * 28 + col]; }

// Every pixel of `img` equals `want(row, col)` within tol.
template <class F>
void check_image(const float* img, F want, float tol = 1e-5f) {
    for (int r = 0; r < 28; ++r)
        for (int c = 0; c < 28; ++c) {
            CAPTURE(r);
            CAPTURE(c);
            CHECK(std::fabs(px(img, r, c) - want(r, c)) <= tol);
        }
}

// A w x h raster with the rectangle [x0, x1) x [y0, y1) fully inked.
void ink_rect(std::vector<float>& ink, int w, int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) ink[static_cast<std::size_t>(y) * w + x] = 1.0f;
}

DatasetPtr synthetic(int n, uint32_t seed) {
    auto d = std::make_shared<Dataset>();
    d->count = n;
    d->pixels.resize(static_cast<std::size_t>(n) * 784);
    d->labels.resize(n);
    TestMulberry rng{seed};
    for (int i = 0; i < n; ++i) {
        d->labels[i] = static_cast<uint8_t>(i % 10);
        float* p = d->pixels.data() + static_cast<std::size_t>(i) * 784;
        for (int k = 0; k < 784; ++k) p[k] = static_cast<float>(rng.next() / 4294967296.0 * 0.3);
        for (int k = 0; k < 78; ++k) p[(i % 10) * 78 + k] += 0.7f;
    }
    return d;
}

}  // namespace

// ---- drawing -------------------------------------------------------------------

TEST_CASE("MNIST preprocessing: a solid rectangle, worked out by hand") {
    // Ink on [30, 70) x [60, 140) of a 200x200 raster: a 40 x 80 box, so s = 20/80
    // = 0.25; its centre of mass is (50, 100). x = (u - 50) * 0.25 + 14 puts
    // u = 30..70 on 9..19; y = (v - 100) * 0.25 + 14 puts v = 60..140 on 4..24.
    // Expected: columns 9..18 of rows 4..23 are 1, everything else 0.
    std::vector<float> ink(200 * 200, 0.0f);
    ink_rect(ink, 200, 30, 60, 70, 140);
    float out[784];
    REQUIRE(mnist_from_ink(ink.data(), 200, 200, out));
    check_image(out, [](int r, int c) { return (r >= 4 && r <= 23 && c >= 9 && c <= 18) ? 1.0f : 0.0f; });
}

TEST_CASE("MNIST preprocessing: an L shape lands with half-covered edge pixels, worked out by hand") {
    // A bar [0, 10) x [0, 40) and a foot [10, 30) x [30, 40) in a 64x64 raster.
    // Box 30 x 40: s = 20/40 = 0.5. Mass: bar 400 at (5, 20), foot 200 at (20, 35):
    // centre ((2000 + 4000)/600, (8000 + 7000)/600) = (10, 25).
    // x = (u - 10)/2 + 14: bar u 0..10 -> 9..14, foot u 10..30 -> 14..24.
    // y = (v - 25)/2 + 14: bar v 0..40 -> 1.5..21.5, foot v 30..40 -> 16.5..21.5.
    std::vector<float> ink(64 * 64, 0.0f);
    ink_rect(ink, 64, 0, 0, 10, 40);
    ink_rect(ink, 64, 10, 30, 30, 40);
    float out[784];
    REQUIRE(mnist_from_ink(ink.data(), 64, 64, out));
    auto want = [](int r, int c) -> float {
        if (c >= 9 && c <= 13) {                 // the bar's columns
            if (r == 1 || r == 21) return 0.5f;  // half of rows 1 and 21
            if (r >= 2 && r <= 20) return 1.0f;
            return 0.0f;
        }
        if (c >= 14 && c <= 23) {                // the foot's columns
            if (r == 16 || r == 21) return 0.5f;
            if (r >= 17 && r <= 20) return 1.0f;
            return 0.0f;
        }
        return 0.0f;
    };
    check_image(out, want);
}

TEST_CASE("a drawn stroke: the pen's coverage, then MNIST's box, scale and centre, by hand") {
    // A vertical stroke from (100, 40) to (100, 160), pen radius 4, on 200x200.
    InkCanvas pad(200, 200, 4.0f);
    CHECK(pad.empty());
    pad.begin_stroke(100, 40);
    pad.line_to(100, 160);
    pad.end_stroke();
    CHECK_FALSE(pad.empty());
    REQUIRE(pad.strokes().size() == 1);
    const auto& ink = pad.ink();
    auto at = [&](int x, int y) { return ink[static_cast<std::size_t>(y) * 200 + x]; };
    // Coverage clamp(4.5 - d, 0, 1): columns 96..103 (centres 0.5..3.5 from x = 100)
    // are solid along the stroke; column 95 and 104 (4.5 away) have none.
    for (int x = 96; x <= 103; ++x) CHECK(at(x, 100) == 1.0f);
    CHECK(at(95, 100) == 0.0f);
    CHECK(at(104, 100) == 0.0f);
    // The round cap: pixel (103, 37) has its centre (103.5, 37.5) at distance
    // sqrt(3.5^2 + 2.5^2) = 4.301 from the end (100, 40): coverage 0.199.
    CHECK(at(103, 37) == doctest::Approx(4.5 - std::sqrt(3.5 * 3.5 + 2.5 * 2.5)).epsilon(1e-5));
    CHECK(at(100, 35) == 0.0f);  // 4.5 above the end
    CHECK(at(100, 36) > 0.9f);   // 3.54 from it

    // The ink's box is columns 96..103 and rows 36..163: 8 x 128, s = 20/128.
    // By symmetry the centre of mass is (100, 100). x = (u - 100) s + 14 puts
    // u = 96..104 on 13.375..14.625: columns 13 and 14 each get 0.625 of a pixel.
    // y = (v - 100) s + 14 puts the solid part v = 40..160 on 4.625..23.375, so
    // rows 5..22 are 0.625 exactly; rows 4 and 23 take the caps (less, equal).
    float out[784];
    REQUIRE(mnist_from_ink(ink.data(), 200, 200, out));
    for (int r = 0; r < 28; ++r)
        for (int c = 0; c < 28; ++c) {
            CAPTURE(r);
            CAPTURE(c);
            const bool column = c == 13 || c == 14;
            if (column && r >= 5 && r <= 22) CHECK(px(out, r, c) == doctest::Approx(0.625f).epsilon(1e-5));
            else if (!column || r < 4 || r > 23) CHECK(px(out, r, c) == 0.0f);
        }
    for (int c : {13, 14}) {
        CHECK(px(out, 4, c) > 0.3f);
        CHECK(px(out, 4, c) < 0.625f);
        CHECK(px(out, 4, c) == doctest::Approx(px(out, 23, c)).epsilon(1e-5));
    }
    // The box filter keeps the ink's mass, scaled by s^2.
    double canvas = 0, field = 0;
    for (float v : ink) canvas += v;
    for (float v : out) field += v;
    CHECK(field == doctest::Approx(canvas * (20.0 / 128) * (20.0 / 128)).epsilon(1e-5));
}

TEST_CASE("drawing: a tiny dot is scaled up to fill the box; an empty pad gives nothing; clear") {
    std::vector<float> ink(50 * 50, 0.0f);
    float out[784];
    CHECK_FALSE(mnist_from_ink(ink.data(), 50, 50, out));
    CHECK(std::all_of(out, out + 784, [](float v) { return v == 0.0f; }));
    // One inked pixel: box 1 x 1, s = 20: a 20x20 square centred on (14, 14): rows and columns 4..23.
    ink[10 * 50 + 7] = 1.0f;
    REQUIRE(mnist_from_ink(ink.data(), 50, 50, out));
    check_image(out, [](int r, int c) { return (r >= 4 && r <= 23 && c >= 4 && c <= 23) ? 1.0f : 0.0f; });

    InkCanvas pad(64, 64, 3.0f);
    const long long v0 = pad.version();
    pad.line_to(10, 10);  // no open stroke: begins one
    pad.line_to(50, 12);
    CHECK(pad.version() > v0);
    CHECK(pad.strokes().size() == 1);
    CHECK(pad.strokes()[0].size() == 2);
    pad.end_stroke();
    pad.begin_stroke(-20, -20);  // outside: kept as a point, no ink inside
    CHECK(pad.strokes().size() == 2);
    pad.clear();
    CHECK(pad.empty());
    CHECK(std::all_of(pad.ink().begin(), pad.ink().end(), [](float v) { return v == 0.0f; }));
}

// ---- the gallery's selections --------------------------------------------------

TEST_CASE("gallery filters and confusion cells select exactly the right test images") {
    Dataset test;
    test.count = 8;
    test.pixels.assign(8 * 784, 0.0f);
    test.labels = {3, 5, 3, 9, 5, 3, 0, 9};
    EvalResult e;
    e.samples = 8;
    e.predicted = {3, 3, 8, 9, 5, 8, 0, 4};
    e.confidence = {0.9f, 0.7f, 0.95f, 0.6f, 0.8f, 0.4f, 0.99f, 0.7f};
    auto sel = [&](TestFilter f, int digit = 0, int predicted = 0) {
        TestQuery q;
        q.filter = f;
        q.digit = digit;
        q.predicted = predicted;
        return select_test_images(e, test, q);
    };
    using V = std::vector<int>;
    CHECK(sel(TestFilter::All) == V{0, 1, 2, 3, 4, 5, 6, 7});
    CHECK(sel(TestFilter::Mistakes) == V{1, 2, 5, 7});
    CHECK(sel(TestFilter::TrueDigit, 3) == V{0, 2, 5});
    CHECK(sel(TestFilter::PredictedDigit, 0, 8) == V{2, 5});
    CHECK(sel(TestFilter::Cell, 3, 8) == V{2, 5});
    CHECK(sel(TestFilter::Cell, 5, 3) == V{1});
    CHECK(sel(TestFilter::Cell, 9, 9) == V{3});
    CHECK(sel(TestFilter::Cell, 1, 1).empty());
    // Most confident mistakes: the wrong output's value, largest first; ties by index.
    CHECK(sel(TestFilter::ConfidentMistakes) == V{2, 1, 7, 5});
    // No per-image answers (no evaluation yet, or another test set): nothing.
    EvalResult none;
    CHECK(select_test_images(none, test, TestQuery{}).empty());
    Dataset other = test;
    other.count = 7;
    CHECK(select_test_images(e, other, TestQuery{}).empty());
    for (TestFilter f : {TestFilter::All, TestFilter::Mistakes, TestFilter::TrueDigit, TestFilter::PredictedDigit,
                         TestFilter::Cell, TestFilter::ConfidentMistakes})
        CHECK(parse_test_filter(name_of(f)) == f);
    CHECK_FALSE(parse_test_filter("wrong").has_value());
}

TEST_CASE("the evaluation's per-image answers match inspection and the confusion matrix") {
    Trainer t;
    t.set_data(synthetic(200, 1), synthetic(150, 2));
    t.train_steps(15);
    // In slices that do not divide the test set.
    while (!t.evaluate_slice(37)) {
    }
    const EvalResult& e = t.last_eval();
    REQUIRE(e.predicted.size() == 150);
    REQUIRE(e.confidence.size() == 150);
    for (int i = 0; i < 150; ++i) {
        const SampleView v = t.inspect_test(i);
        CAPTURE(i);
        CHECK(e.predicted[i] == v.predicted);
        CHECK(e.confidence[i] == doctest::Approx(v.outputs[v.predicted]).epsilon(1e-5));
    }
    // Every cell of the confusion matrix selects as many images as it counts.
    const Dataset& test = *t.test_data();
    int total = 0;
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 10; ++c) {
            TestQuery q;
            q.filter = TestFilter::Cell;
            q.digit = r;
            q.predicted = c;
            const auto cell = select_test_images(e, test, q);
            CHECK(static_cast<int>(cell.size()) == e.confusion[r][c]);
            for (int i : cell) CHECK((test.labels[i] == r && e.predicted[i] == c));
            total += static_cast<int>(cell.size());
        }
    CHECK(total == 150);
}

// ---- the gradient ----------------------------------------------------------------

TEST_CASE("the minibatch's gradient: last_batch, gradient_step, and finite differences on its largest components") {
    Trainer t;
    t.set_data(synthetic(100, 3), synthetic(20, 4));
    CHECK(t.gradient_step() == -1);
    CHECK(t.last_batch().empty());
    REQUIRE(t.train_steps(3) == 3);
    const Mlp before = t.model();
    REQUIRE(t.train_steps(1) == 1);
    CHECK(t.gradient_step() == 4);
    // The minibatch of step 4 is order()[30, 40).
    const std::vector<int> batch = t.last_batch();
    REQUIRE(batch.size() == 10);
    CHECK(batch == std::vector<int>(t.order().begin() + 30, t.order().begin() + 40));

    // Recompute that minibatch's gradient from the weights before the step.
    const Dataset& train = *t.train_data();
    std::vector<float> X(10 * 784);
    std::vector<uint8_t> y(10);
    for (int k = 0; k < 10; ++k) {
        std::memcpy(X.data() + k * 784, train.image(batch[k]), 784 * sizeof(float));
        y[k] = train.labels[batch[k]];
    }
    Workspace ws;
    Gradients g;
    const float cost = before.forward_backward(X.data(), y.data(), 10, ws, g);
    CHECK(cost == doctest::Approx(t.stats().batch_cost).epsilon(1e-6));
    const Gradients& tg = t.last_gradients();
    for (std::size_t l = 0; l < g.dW.size(); ++l) {
        CHECK(std::memcmp(g.dW[l].data(), tg.dW[l].data(), g.dW[l].size() * sizeof(float)) == 0);
        CHECK(std::memcmp(g.db[l].data(), tg.db[l].data(), g.db[l].size() * sizeof(float)) == 0);
    }
    // Central differences of the minibatch's cost on the 6 largest components.
    const auto top = largest_gradients(tg, 6);
    REQUIRE(top.size() == 6);
    for (const GradientEntry& e : top) {
        CAPTURE(e.layer);
        CAPTURE(e.neuron);
        CAPTURE(e.input);
        Mlp m = before;
        DenseLayer& d = m.layers()[e.layer];
        float& p = e.input < 0 ? d.b[e.neuron] : d.W[static_cast<std::size_t>(e.neuron) * d.in + e.input];
        const float p0 = p, h = 1e-2f;
        p = p0 + h;
        const double up = m.forward_loss(X.data(), y.data(), 10, ws);
        p = p0 - h;
        const double down = m.forward_loss(X.data(), y.data(), 10, ws);
        const double fd = (up - down) / (2.0 * h);
        CHECK(std::fabs(e.value - fd) < 0.03 * std::fabs(fd) + 2e-5);
    }
    // The epoch's last minibatch stays readable after the epoch ends, until the
    // next order is drawn (prepare_order, or the next step).
    REQUIRE(t.train_epoch() == 6);
    const std::vector<int> tail(t.order().end() - 10, t.order().end());
    CHECK(t.last_batch() == tail);
    t.prepare_order();
    CHECK(t.last_batch().empty());
    t.reset();
    CHECK(t.gradient_step() == -1);
    CHECK(t.last_batch().empty());

    // A refused step overwrites the buffers: no gradient to show.
    NetConfig net;
    net.hidden = {64};
    net.activations = {Activation::LeakyReLU};
    net.output = OutputLoss::SoftmaxCrossEntropy;
    net.init = InitScheme::HeUniform;
    TrainConfig tc;
    tc.learning_rate = 1000.0f;  // the largest the settings allow: overflows within a few steps
    tc.batch_size = 16;
    Trainer d(net, tc);
    d.set_data(synthetic(400, 7), synthetic(40, 8));
    d.train_steps(200);
    REQUIRE(d.stats().diverged);
    CHECK(d.gradient_step() == -1);
    CHECK(d.last_batch().empty());
}

TEST_CASE("one sample's gradient is the one-image minibatch's, and matches finite differences") {
    Trainer t;
    t.set_data(synthetic(60, 5), synthetic(20, 6));
    t.train_steps(4);
    const Dataset& test = *t.test_data();
    const float* x = test.image(7);
    const int label = test.labels[7];
    Gradients g;
    const float loss = t.sample_gradient(x, label, g);
    CHECK(loss == doctest::Approx(t.inspect_test(7).loss).epsilon(1e-5));
    Workspace ws;
    Gradients ref;
    const uint8_t y = static_cast<uint8_t>(label);
    t.model().forward_backward(x, &y, 1, ws, ref);
    for (std::size_t l = 0; l < g.dW.size(); ++l)
        CHECK(std::memcmp(g.dW[l].data(), ref.dW[l].data(), g.dW[l].size() * sizeof(float)) == 0);
    for (const GradientEntry& e : largest_gradients(g, 4)) {
        Mlp m = t.model();
        DenseLayer& d = m.layers()[e.layer];
        float& p = e.input < 0 ? d.b[e.neuron] : d.W[static_cast<std::size_t>(e.neuron) * d.in + e.input];
        const float p0 = p, h = 1e-2f;
        p = p0 + h;
        const double up = m.forward_loss(x, &y, 1, ws);
        p = p0 - h;
        const double down = m.forward_loss(x, &y, 1, ws);
        const double fd = (up - down) / (2.0 * h);
        CHECK(std::fabs(e.value - fd) < 0.03 * std::fabs(fd) + 2e-5);
    }
    CHECK(std::isnan(t.sample_gradient(nullptr, 3, g)));
    CHECK(std::isnan(t.sample_gradient(x, -1, g)));
}

TEST_CASE("a step report: before and after of the largest components, the minibatch's losses and answers") {
    for (OptimizerKind opt : {OptimizerKind::SGD, OptimizerKind::Adam}) {
        CAPTURE(static_cast<int>(opt));
        Trainer t;
        t.set_data(synthetic(100, 8), synthetic(20, 9));
        TrainConfig c = t.train_config();
        c.optimizer = opt;
        c.learning_rate = opt == OptimizerKind::SGD ? 3.0f : 0.01f;
        c.batch_size = 7;
        REQUIRE(t.set_train_config(c) == "");
        t.train_steps(2);
        const Mlp before = t.model();
        CHECK(describe_step(before, t, 5).step == 2);  // the step already taken, seen from its own result
        REQUIRE(t.train_steps(1) == 1);
        const StepReport r = describe_step(before, t, 5);
        REQUIRE(r.step == 3);
        CHECK(r.learning_rate == c.learning_rate);
        CHECK(r.parameters == 13002);
        REQUIRE(r.changes.size() == 5);
        const auto top = largest_gradients(t.last_gradients(), 5);
        for (std::size_t i = 0; i < 5; ++i) {
            const StepChange& ch = r.changes[i];
            CHECK(ch.grad.layer == top[i].layer);
            CHECK(ch.grad.neuron == top[i].neuron);
            CHECK(ch.grad.input == top[i].input);
            CHECK(ch.grad.value == top[i].value);
            CHECK(ch.before == parameter_value(before, ch.grad.layer, ch.grad.neuron, ch.grad.input));
            CHECK(ch.after == parameter_value(t.model(), ch.grad.layer, ch.grad.neuron, ch.grad.input));
            if (opt == OptimizerKind::SGD)  // w <- w - lr dC/dw
                CHECK(ch.after == doctest::Approx(ch.before - c.learning_rate * ch.grad.value).epsilon(1e-5));
            else  // Adam moves against the gradient's sign
                CHECK((ch.after - ch.before) * ch.grad.value < 0);
        }
        REQUIRE(r.samples.size() == 7);
        const std::vector<int> batch = t.last_batch();
        double mean0 = 0;
        for (int k = 0; k < 7; ++k) {
            const StepSample& s = r.samples[k];
            CHECK(s.index == batch[k]);
            CHECK(s.label == t.train_data()->labels[batch[k]]);
            const SampleView v0 = before.inspect(t.train_data()->image(s.index), s.label);
            const SampleView v1 = t.model().inspect(t.train_data()->image(s.index), s.label);
            CHECK(s.loss_before == doctest::Approx(v0.loss).epsilon(1e-5));
            CHECK(s.loss_after == doctest::Approx(v1.loss).epsilon(1e-5));
            CHECK(s.predicted_before == v0.predicted);
            CHECK(s.predicted_after == v1.predicted);
            mean0 += s.loss_before / 7.0;
        }
        CHECK(r.cost_before == doctest::Approx(t.stats().batch_cost).epsilon(1e-5));
        CHECK(r.cost_before == doctest::Approx(mean0).epsilon(1e-5));
        if (opt == OptimizerKind::SGD) CHECK(r.cost_after < r.cost_before);  // a small step downhill
    }
    // Shapes that do not match, or no step: no report.
    Trainer t;
    CHECK(describe_step(t.model(), t, 5).step == -1);
    NetConfig other;
    other.hidden = {8};
    other.activations = {Activation::Sigmoid};
    t.set_data(synthetic(30, 1), synthetic(10, 2));
    t.train_steps(1);
    CHECK(describe_step(Mlp(other), t, 5).step == -1);
    CHECK(std::isnan(parameter_value(t.model(), 0, 16, 0)));
    CHECK(std::isnan(parameter_value(t.model(), 3, 0, 0)));
    CHECK(parameter_value(t.model(), 2, 9, -1) == t.model().layers()[2].b[9]);
}
