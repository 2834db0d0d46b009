// The lesson presets (engine/settings/presets.h): each is checked to show
// what its text says, on the page's MNIST subset (the first 10,000 training
// and 2,000 test images), trained as the playground trains it: the preset's
// settings and seeds, its number of epochs, a test evaluation after each.
// The figures are printed (doctest MESSAGE) so a changed engine shows its new
// numbers; the checks leave room around them, not around chance.
#include <doctest.h>

#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/data/idx.h"
#include "engine/settings/presets.h"
#include "engine/settings/settings.h"
#include "engine/train/trainer.h"

using namespace nnplay;
using json = nlohmann::json;

TEST_CASE("presets: each applies cleanly, stops after its epochs, and has its text") {
    REQUIRE(presets().size() == 9);
    CHECK(std::string(presets()[0].name) == "lecture");
    CHECK(preset_settings(presets()[0]) == Settings{});  // the lecture is the defaults
    const Setting& row = *find_setting("preset");
    CHECK(row.choices.size() == presets().size());
    for (const Preset& p : presets()) {
        CAPTURE(p.name);
        Settings s;
        CHECK(apply_settings(s, p.changes, 10000) == "");
        CHECK(std::string(p.text).size() > 100);
        CHECK(std::string(p.title).size() > 5);
        // The question told once the setup changed promises no figure: no
        // percentage, no number but the image's 28x28.
        std::string q = p.question;
        CHECK(q.size() > 30);
        if (const auto at = q.find("28x28"); at != std::string::npos) q.erase(at, 5);
        CHECK(q.find_first_of("0123456789%") == std::string::npos);
        CHECK_FALSE(p.changes.contains("preset"));
        if (std::string(p.name) != "lecture") CHECK(preset_settings(p).epochs > 0);
        // Through the table's "preset" key: the same settings, whatever came before.
        Settings other;
        REQUIRE(apply_settings(other, {{"lr", 0.01}, {"hidden", {50}}, {"view", "confusion"}}, 10000) == "");
        REQUIRE(apply_settings(other, {{"preset", p.name}}, 10000) == "");
        CHECK(other == preset_settings(p));
    }
    // Keys given with a preset change its setup; a lesson page's framing stays.
    Settings s;
    REQUIRE(apply_settings(s, {{"panels", {"cost"}}, {"lock", "seed"}}, 10000) == "");
    REQUIRE(apply_settings(s, {{"lr", 5}, {"preset", "wide"}}, 10000) == "");
    CHECK(s.net.hidden == std::vector<int>{128, 64});
    CHECK(s.train.learning_rate == 5.0f);
    CHECK(s.panels == std::vector<std::string>{"cost"});
    CHECK(s.lock == std::vector<std::string>{"seed"});
    CHECK(s.preset == "wide");
    // A preset that would change a locked setting is refused, with the lock's message.
    REQUIRE(apply_settings(s, {{"lock", {"seed", "lr"}}}, 10000) == "");
    CHECK(apply_settings(s, {{"preset", "tiny-learning-rate"}}, 10000) ==
          "lr is fixed by this lesson (lock=seed,lr): it stays 5");
    CHECK(s.preset == "wide");
    // README's list names each preset with its URL.
    const std::string md = presets_markdown();
    for (const Preset& p : presets()) CHECK(md.find(std::string("index.html?preset=") + p.name) != std::string::npos);
    CHECK(md.find("`lr=300`") != std::string::npos);  // digits, not 3e+02
}

namespace {

bool have_mnist() {
    struct stat st {};
    return ::stat((std::string(NNPLAY_MNIST_DIR) + "/train-images-idx3-ubyte").c_str(), &st) == 0;
}

struct Data {
    DatasetPtr train, test;
};
const Data& mnist_subset() {
    static Data d = [] {
        Data x;
        auto train = std::make_shared<Dataset>();
        auto test = std::make_shared<Dataset>();
        REQUIRE(load_mnist_dir(NNPLAY_MNIST_DIR, *train, *test, 10000, 2000) == "");
        x.train = train;
        x.test = test;
        return x;
    }();
    return d;
}

// A preset trained as the playground trains it, with a test evaluation after
// every `every` epochs and the first and last (index: the epoch, 0 before the
// first step; NaN where not measured).
struct Run {
    Settings settings;
    std::unique_ptr<Trainer> trainer;
    std::vector<float> accuracy, cost;    // test, per epoch
    std::vector<float> train_accuracy;    // on the training images in use, when the preset measures it
    std::vector<float> batch_costs;       // every step's minibatch cost
    std::vector<float> first_layer_start; // the first layer's weights before training
    double seconds = 0;
};

Run run_preset(const char* name, int epochs = -1, int every = 1) {
    const Preset* p = find_preset(name);
    REQUIRE(p != nullptr);
    Run r;
    r.settings = preset_settings(*p);
    if (epochs >= 0) r.settings.epochs = epochs;
    r.trainer = std::make_unique<Trainer>(r.settings.net, r.settings.train);
    Trainer& t = *r.trainer;
    t.set_data(mnist_subset().train, mnist_subset().test);
    r.first_layer_start.assign(t.model().layers()[0].W.begin(), t.model().layers()[0].W.end());
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t n = static_cast<std::size_t>(r.settings.epochs) + 1;
    r.accuracy.assign(n, NAN);
    r.cost.assign(n, NAN);
    if (r.settings.train_accuracy) r.train_accuracy.assign(n, NAN);
    auto measure = [&](int e) {
        const EvalResult& x = t.evaluate();
        r.accuracy[e] = x.accuracy;
        r.cost[e] = x.cost;
        if (r.settings.train_accuracy) r.train_accuracy[e] = t.evaluate_train().accuracy;
    };
    measure(0);
    for (int e = 1; e <= r.settings.epochs; ++e) {
        while (t.stats().epoch < e && t.train_steps(1) == 1) r.batch_costs.push_back(t.stats().batch_cost);
        if (e == 1 || e % every == 0 || e == r.settings.epochs) measure(e);
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string accs;
    for (std::size_t e = 0; e < r.accuracy.size(); ++e)
        if (e == 1 || e + 1 == r.accuracy.size() || (r.accuracy.size() > 12 && e % 50 == 0))
            accs += " e" + std::to_string(e) + " " + std::to_string(r.accuracy[e]).substr(0, 5);
    MESSAGE(std::string(name) << ": " << r.settings.epochs << " epochs in " << r.seconds << " s; test accuracy" << accs
                 << "; test cost " << r.cost.back() << std::string(t.stats().diverged ? " (diverged)" : ""));
    return r;
}

// Mean |dC/dW| of a layer over the last minibatch.
double mean_abs_gradient(const Trainer& t, int layer) {
    const FloatVec& g = t.last_gradients().dW[static_cast<std::size_t>(layer)];
    double s = 0;
    for (float v : g) s += std::fabs(v);
    return s / static_cast<double>(g.size());
}

// How far the first layer's weights moved, relative to where they began.
double first_layer_change(const Run& r) {
    const FloatVec& w = r.trainer->model().layers()[0].W;
    double d = 0, n = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
        d += double(w[i] - r.first_layer_start[i]) * (w[i] - r.first_layer_start[i]);
        n += double(r.first_layer_start[i]) * r.first_layer_start[i];
    }
    return std::sqrt(d / n);
}

// Spread of the minibatch costs relative to their level (std / mean), over
// the last `images` training images seen.
double relative_spread(const Run& r, int images) {
    const int n = images / r.settings.train.batch_size;
    REQUIRE(static_cast<int>(r.batch_costs.size()) >= n);
    double s = 0, s2 = 0;
    for (std::size_t i = r.batch_costs.size() - n; i < r.batch_costs.size(); ++i) {
        s += r.batch_costs[i];
        s2 += double(r.batch_costs[i]) * r.batch_costs[i];
    }
    const double mean = s / n;
    return std::sqrt(std::max(0.0, s2 / n - mean * mean)) / mean;
}

}  // namespace

TEST_CASE("presets: each shows what its text says, on the page's MNIST subset") {
    REQUIRE_MESSAGE(have_mnist(), "MNIST not found in " NNPLAY_MNIST_DIR " (scripts/bootstrap.sh fetches it)");
    const auto t0 = std::chrono::steady_clock::now();

    // The reference: the lecture's network, 10 epochs (once: doctest runs the
    // test case again for each SUBCASE).
    static const Run lecture = run_preset("lecture", 10);
    CHECK(lecture.accuracy[4] >= 0.85f);                          // "about 87% in four epochs"
    CHECK(lecture.accuracy[4] <= 0.90f);

    SUBCASE("relu-softmax: about 80% after one epoch where the lecture's is near 55%") {
        const Run r = run_preset("relu-softmax");
        CHECK(lecture.accuracy[1] >= 0.45f);
        CHECK(lecture.accuracy[1] <= 0.65f);
        CHECK(r.accuracy[1] >= 0.75f);
        CHECK(r.accuracy[1] >= lecture.accuracy[1] + 0.15f);
        CHECK(r.accuracy.back() >= 0.87f);                       // "near 90%" after 5 epochs
    }
    SUBCASE("too-large-learning-rate: the cost stays at 0.1, the accuracy near chance") {
        const Run r = run_preset("too-large-learning-rate");
        CHECK(r.settings.train.learning_rate == 300.0f);
        for (std::size_t e = 1; e < r.accuracy.size(); ++e) {
            CAPTURE(e);
            CHECK(r.accuracy[e] <= 0.20f);
            CHECK(r.cost[e] >= 0.095f);
        }
        // Flat from the second step on: every minibatch costs 0.1.
        for (std::size_t i = 1; i < r.batch_costs.size(); i += 997) CHECK(r.batch_costs[i] == doctest::Approx(0.1).epsilon(0.02));
        CHECK(lecture.accuracy[3] >= 0.80f);                      // the same network at lr 3
        CHECK(lecture.cost[3] <= 0.03f);
        // All ten outputs near 0 for a test image: the sigmoids saturated.
        const SampleView v = r.trainer->inspect_test(0);
        for (float o : v.outputs) CHECK(o < 0.05f);
    }
    SUBCASE("tiny-learning-rate: after 10 epochs where the lecture's is after one") {
        const Run r = run_preset("tiny-learning-rate");
        CHECK(std::fabs(r.accuracy[10] - lecture.accuracy[1]) <= 0.12f);
        CHECK(r.accuracy[10] < lecture.accuracy[2]);
        CHECK(r.accuracy[10] >= 0.35f);                          // it learns, slowly
        CHECK(r.cost[10] < r.cost[1] - 0.01f);
    }
    SUBCASE("batch-size-one: 10,000 steps an epoch, a wider band of costs, still learns") {
        const Run r = run_preset("batch-size-one");
        CHECK(r.trainer->stats().step == 3 * 10000);
        CHECK(r.accuracy.back() >= 0.80f);                        // "about 85% in 3 epochs"
        const double one = relative_spread(r, 1000), ten = relative_spread(lecture, 1000);
        MESSAGE("spread of the minibatch costs over the last 1,000 images: batch 1 " << one << ", batch 10 " << ten);
        CHECK(one > 2 * ten);
    }
    SUBCASE("no-hidden-layer: a linear classifier stays near 88%, below hidden layers") {
        const Run r = run_preset("no-hidden-layer");
        CHECK(r.trainer->model().parameter_count() == 7850);
        CHECK(r.trainer->model().layers().size() == 1);
        CHECK(r.accuracy[10] >= 0.85f);
        CHECK(r.accuracy[10] <= 0.895f);
        CHECK(std::fabs(r.accuracy[10] - r.accuracy[5]) <= 0.02f);  // and stays there
        CHECK(r.accuracy[10] < lecture.accuracy[10]);
    }
    SUBCASE("wide: about 92% after 10 epochs, above the lecture's 89%") {
        const Run r = run_preset("wide");
        CHECK(r.trainer->model().parameter_count() == 109386);
        CHECK(lecture.accuracy[10] >= 0.87f);
        CHECK(lecture.accuracy[10] <= 0.91f);
        CHECK(r.accuracy[10] >= 0.90f);
        CHECK(r.accuracy[10] >= lecture.accuracy[10] + 0.01f);
    }
    SUBCASE("deep-sigmoid: the first layer gets thousands of times less gradient and hardly moves") {
        const Run r = run_preset("deep-sigmoid");
        REQUIRE(r.trainer->model().layers().size() == 7);
        for (std::size_t e = 1; e < r.accuracy.size(); ++e) CHECK(r.accuracy[e] <= 0.2f);  // near chance
        CHECK(r.cost.back() >= 0.085f);                          // the plateau near 0.09
        const double first = mean_abs_gradient(*r.trainer, 0), last = mean_abs_gradient(*r.trainer, 6);
        const double l_first = mean_abs_gradient(*lecture.trainer, 0), l_last = mean_abs_gradient(*lecture.trainer, 2);
        MESSAGE("mean |dC/dW|, first and last layer: deep " << first << ", " << last << "; lecture " << l_first
                                                            << ", " << l_last);
        CHECK(first * 1000 < last);
        CHECK(l_first * 100 > l_last);                           // the lecture's 3 layers pass it on
        const double moved = first_layer_change(r), l_moved = first_layer_change(lecture);
        MESSAGE("first layer moved by " << moved << " of its size (lecture: " << l_moved << ")");
        CHECK(moved < 0.05);
        CHECK(l_moved > 10 * moved);
    }
    SUBCASE("overfitting: 100% on its 100 training images, the test accuracy stalls near 62%") {
        const Run r = run_preset("overfitting", -1, 10);
        REQUIRE(r.train_accuracy.size() == r.accuracy.size());
        CHECK(r.trainer->stats().train_size == 100);
        CHECK(r.train_accuracy.back() == 1.0f);
        CHECK(r.trainer->stats().epoch_cost < 0.005f);           // "its cost nearly 0"
        CHECK(r.accuracy.back() <= 0.70f);
        CHECK(r.accuracy.back() >= 0.50f);
        CHECK(std::fabs(r.accuracy[200] - r.accuracy[100]) <= 0.05f);  // stalled
        int first_full = -1;
        for (std::size_t e = 0; e < r.train_accuracy.size() && first_full < 0; ++e)
            if (r.train_accuracy[e] == 1.0f) first_full = static_cast<int>(e);  // NaN is not 1
        MESSAGE("training accuracy first 100% at epoch " << first_full << "; training accuracy at epoch 50: "
                                                          << r.train_accuracy[50]);
        CHECK(first_full > 0);
        CHECK(first_full < 200);
    }
    MESSAGE("this subcase took " << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s");
}
