// The run beside the frames (web/app/run_controller.h): the same seed and
// steps give bit-identical costs whether the schedule runs in the frames
// (RunController::work, synchronous) or on the desktop's thread through a
// lease (the protocol the page's worker speaks too), also when the lease is
// ended and taken again many times (a Pause and Train, a setting), and the
// App with a thread link ends where the App without one does.
#include <doctest/doctest.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "engine/train/trainer.h"
#include "headless.h"
#include "web/app/run_controller.h"

using namespace nnplay;
using namespace nnplay::testing;

namespace {
double clock_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Run {
    std::vector<double> x;
    std::vector<float> cost;
    int tests = 0;
};

RunPlan two_epochs() {
    RunPlan p;
    p.running = true;
    p.epochs_limit = 2;
    return p;
}

void add(Run& run, const RunReport& r) {
    run.x.insert(run.x.end(), r.step_samples.begin(), r.step_samples.end());
    run.cost.insert(run.cost.end(), r.step_costs.begin(), r.step_costs.end());
    run.tests += int(r.tests.size());
}

// The synchronous schedule, as the frames run it.
Run in_frames(Trainer& t) {
    RunController ctl;
    RunPlan plan = two_epochs();
    Run run;
    double now = 100;
    for (int i = 0; i < 100000 && plan.running; ++i, now += 1.0 / 60) {
        RunReport r;
        ctl.work(t, plan, now, clock_now() + 0.002, r);
        add(run, r);
    }
    return run;
}

// Beside: through a lease on the thread; `interrupt_every` > 0 ends the
// lease after that many reports and starts a new one from the Trainer.
Run beside(Trainer& t, DatasetPtr train, DatasetPtr test, int interrupt_every) {
    RunLease lease(make_thread_link());
    lease.set_data(train, test);
    const double wait_until = clock_now() + 10;
    while (!lease.ready() && clock_now() < wait_until) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(lease.ready());
    RunSchedule sched;
    RunPlan plan = two_epochs();
    Run run;
    bool running = true;
    int since = 0, restarts = 0;
    const double deadline = clock_now() + 60;
    lease.start(t, sched, plan, 100);
    while ((lease.active() || running) && clock_now() < deadline) {
        if (!lease.active()) {  // a new lease from the App's exact copy
            plan.quick_points = 0;
            lease.start(t, sched, plan, 100);
            ++restarts;
        }
        RunReport r;
        if (!lease.poll(t, sched, 100, r)) {
            std::this_thread::sleep_for(std::chrono::microseconds(200));
            continue;
        }
        add(run, r);
        if (r.stop != RunStop::None) running = false;
        if (interrupt_every > 0 && running && ++since >= interrupt_every) {
            lease.end();  // the far side's steps after this report are dropped
            since = 0;
        }
    }
    CHECK(!running);
    if (interrupt_every > 0) CHECK(restarts > 0);
    MESSAGE("reports ", lease.reports, ", leases taken again ", restarts);
    return run;
}

void check_same(const Run& a, const Run& b) {
    REQUIRE(a.cost.size() == b.cost.size());
    REQUIRE(a.cost.size() > 10);
    CHECK(std::memcmp(a.cost.data(), b.cost.data(), a.cost.size() * sizeof(float)) == 0);
    CHECK(a.x == b.x);  // every step, none twice
}
}  // namespace

TEST_CASE("a lease on the thread trains bit-identically to the frames") {
    const DatasetPtr train = synthetic(2000, 1), test = synthetic(300, 2);
    NetConfig net;
    TrainConfig tc;
    tc.batch_size = 20;
    Trainer a(net, tc), b(net, tc);
    a.set_data(train, test);
    b.set_data(train, test);
    const Run ra = in_frames(a);
    const Run rb = beside(b, train, test, 0);
    check_same(ra, rb);
    CHECK(a.stats().step == 200);
    CHECK(b.stats().step == a.stats().step);
    // The App's copy is the far side's exactly: the next steps agree too.
    a.train_steps(7);
    b.train_steps(7);
    CHECK(std::memcmp(&a.stats().batch_cost, &b.stats().batch_cost, sizeof(float)) == 0);
    CHECK(b.last_eval().samples == 300);  // the far side's pass came back with the state
}

TEST_CASE("leases ended and taken again lose no step and repeat none") {
    const DatasetPtr train = synthetic(2000, 1), test = synthetic(300, 2);
    NetConfig net;
    net.hidden = {256, 128};  // slow enough for a few dozen reports
    TrainConfig tc;
    tc.batch_size = 4;
    tc.optimizer = OptimizerKind::Adam;
    tc.learning_rate = 0.003f;
    Trainer a(net, tc), b(net, tc);
    a.set_data(train, test);
    b.set_data(train, test);
    const Run ra = in_frames(a);
    const Run rb = beside(b, train, test, 1);
    check_same(ra, rb);
    a.train_steps(3);
    b.train_steps(3);
    CHECK(std::memcmp(&a.stats().batch_cost, &b.stats().batch_cost, sizeof(float)) == 0);
}

TEST_CASE("the App with a thread link ends where the App in frames does") {
    auto run_app = [](bool thread) {
        App app;
        Headless h(app);
        h.real_time = true;
        if (thread) app.set_run_link(make_thread_link());
        load(app, 1000, 200);
        CHECK(app.configure(nlohmann::json{{"epochs", 3}, {"batch", 10}}) == "");
        app.train();
        bool saw_thread = false;
        const double deadline = clock_now() + 60;
        while (app.state_json()["running"].get<bool>() && clock_now() < deadline) {
            h.frame(app);
            saw_thread = saw_thread || app.state_json()["runner"] == "thread";
        }
        CHECK(saw_thread == thread);
        h.frames(app, 3);
        const nlohmann::json s = app.state_json();
        CHECK(s["step"].get<long long>() == 300);
        return std::make_pair(app.model_file(), app.history_csv());
    };
    const auto frames = run_app(false);
    const auto thread = run_app(true);
    CHECK(frames.first == thread.first);  // the same weights, bit for bit
    // The history's training costs: every step, the same (the test points'
    // places follow the clock, so only the training points are compared).
    auto costs = [](const std::string& csv) {
        std::vector<std::string> points;
        size_t a = csv.find('\n') + 1;  // after the header
        while (a < csv.size()) {
            size_t b = csv.find('\n', a);
            if (b == std::string::npos) b = csv.size();
            const std::string row = csv.substr(a, b - a);
            a = b + 1;
            std::vector<std::string> f;
            size_t c = 0;
            for (int k = 0; k < 4; ++k) {
                const size_t d = row.find(',', c);
                f.push_back(row.substr(c, d == std::string::npos ? std::string::npos : d - c));
                if (d == std::string::npos) break;
                c = d + 1;
            }
            if (f.size() == 4 && !f[3].empty()) points.push_back(f[2] + "," + f[3]);
        }
        return points;
    };
    const auto a_points = costs(frames.second), b_points = costs(thread.second);
    CHECK(a_points.size() == 300);
    CHECK(a_points == b_points);
}

TEST_CASE("step_async: dear steps run beside the frames (or over frames) and end where step() does") {
    auto run_app = [](int mode) {  // 0: step(), 1: step_async on the thread, 2: step_async in frames
        App app;
        Headless h(app);
        h.real_time = true;
        if (mode == 1) app.set_run_link(make_thread_link());
        load(app, 1000, 200);
        h.frames(app, 3);
        if (mode == 0) {
            CHECK(app.step(2000) == 2000);
        } else {
            CHECK(app.step_async(2000) == -1);  // 2,000 steps: more than a frame's share
            CHECK(app.state_json()["running"].get<bool>());
            const double deadline = clock_now() + 60;
            bool beside = false;
            while (app.state_json()["running"].get<bool>() && clock_now() < deadline) {
                h.frame(app);
                beside = beside || app.state_json()["runner"] == "thread";
            }
            CHECK(beside == (mode == 1));
        }
        h.frames(app, 3);
        CHECK(app.state_json()["step"].get<long long>() == 2000);
        CHECK(app.step_async(1) == 1);  // a cheap one: at once
        return app.model_file();
    };
    const auto now = run_app(0);
    CHECK(run_app(1) == now);
    CHECK(run_app(2) == now);
}

TEST_CASE("a divergence on the thread comes back as the frames' divergence: same step, record and weights") {
    auto run_app = [](bool thread) {
        App app;
        Headless h(app);
        h.real_time = true;
        if (thread) app.set_run_link(make_thread_link());
        load(app);
        h.frame(app);
        REQUIRE(app.configure({{"activations", "identity"}, {"output", "softmax_ce"}}) == "");
        app.step(3);
        REQUIRE(app.configure({{"lr", 1000}}) == "");
        app.train();
        const double deadline = clock_now() + 30;
        while (!app.state_json()["diverged"].get<bool>() && clock_now() < deadline) h.frame(app);
        h.frames(app, 3);
        const nlohmann::json s = app.state_json();
        CHECK(s["status"] == "diverged");
        CHECK(s["running"] == false);
        return std::make_pair(s["divergence"].dump() + " " + s["status_line"].get<std::string>(), app.model_file());
    };
    const auto frames = run_app(false), thread = run_app(true);
    CHECK(frames.first == thread.first);
    CHECK(frames.second == thread.second);
}

TEST_CASE("after a divergence on the thread, a lower learning rate trains on (as in the frames)") {
    auto run_app = [](bool thread) {
        App app;
        Headless h(app);
        h.real_time = true;
        if (thread) app.set_run_link(make_thread_link());
        load(app, 2000, 200);
        h.frame(app);
        REQUIRE(app.configure({{"hidden", {64}}, {"activations", {"leaky_relu"}}, {"output", "softmax_ce"}, {"lr", 1000}}) == "");
        app.train();
        double deadline = clock_now() + 30;
        while (!app.state_json()["diverged"].get<bool>() && clock_now() < deadline) h.frame(app);
        REQUIRE(app.state_json()["diverged"].get<bool>());
        const long long at = app.state_json()["step"].get<long long>();
        REQUIRE(app.configure({{"lr", 0.05}}) == "");
        app.train();
        deadline = clock_now() + 30;
        while (app.state_json()["step"].get<long long>() < at + 50 && clock_now() < deadline) h.frame(app);
        const nlohmann::json s = app.state_json();
        MESSAGE(s["status_line"].get<std::string>(), " runner reports ", s["runner_reports"]);
        CHECK(s["step"].get<long long>() >= at + 50);
        CHECK(!s["diverged"].get<bool>());
        app.pause();
        return at;
    };
    CHECK(run_app(false) == run_app(true));
}

TEST_CASE("non-finite figures (a wrecked run's costs) travel in reports and come back the same") {
    // The lecture's network at learning rate 1000 with identity layers: costs of 1e33 and infinity.
    auto run_app = [](bool thread) {
        App app;
        Headless h(app);
        h.real_time = true;
        if (thread) app.set_run_link(make_thread_link());
        load(app, 2000, 200);
        h.frame(app);
        REQUIRE(app.configure({{"hidden", {64}}, {"activations", {"identity"}}, {"output", "softmax_ce"}, {"lr", 1000}}) == "");
        app.train();
        const double deadline = clock_now() + 30;
        while (!app.state_json()["diverged"].get<bool>() && clock_now() < deadline) h.frame(app);
        h.frames(app, 10);
        const nlohmann::json s = app.state_json();
        CHECK(s["runner_failure"] == (thread ? "" : "none"));
        return s["divergence"].dump() + " " + s["test_cost"].dump() + " " + s["status_line"].get<std::string>();
    };
    CHECK(run_app(false) == run_app(true));
}

TEST_CASE("while the gradient view shows the minibatch's gradient, training runs in the frames and the view has it") {
    App app;
    Headless h(app);
    h.real_time = true;
    app.set_run_link(make_thread_link());
    load(app, 1000, 200);
    REQUIRE(app.configure(nlohmann::json{{"view", "sample"}}) == "");
    app.train();
    bool saw_thread = false;
    for (int i = 0; i < 200 && !saw_thread; ++i) {
        h.frame(app);
        saw_thread = app.state_json()["runner"] == "thread";
    }
    CHECK(saw_thread);
    REQUIRE(app.configure(nlohmann::json{{"view", "gradient"}}) == "");
    h.frames(app, 20);
    const nlohmann::json s = app.state_json();
    CHECK(s["runner"] != "thread");
    CHECK(s["running"] == true);
    CHECK(s["gradient"]["valid"] == true);
    // Another view: beside the frames again.
    REQUIRE(app.configure(nlohmann::json{{"view", "sample"}}) == "");
    saw_thread = false;
    for (int i = 0; i < 200 && !saw_thread; ++i) {
        h.frame(app);
        saw_thread = app.state_json()["runner"] == "thread";
    }
    CHECK(saw_thread);
    app.pause();
}
