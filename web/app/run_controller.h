// run_controller.h: the training and evaluation schedule, with no ImGui in
// it, and the "lease" that lets that schedule run beside the UI (a
// std::thread on the desktop, a Web Worker in the page) with the same costs,
// bit for bit, as when it runs inside the frames.
//
// What it does not do: draw, word anything for the student (the App turns a
// RunReport into history points and notices), or own the App's Trainer.
//
// Three parts:
//   - RunController: the schedule (what AppCore::work() did inline): train
//     minibatches within a deadline, stop at an epoch's end so its pass sees
//     exactly that model, the first epoch's quick checks, whole test passes in
//     slices within their share of the time. It reports what happened in a
//     RunReport: every step's (samples seen, minibatch cost), test points,
//     finished passes, why training stopped. The same code runs in the frames
//     (synchronous: the headless tests, the fallback) and beside them.
//   - RunRemote: the far side. It holds its own Trainer and RunController;
//     given a lease (the whole run as bytes: engine/io/session_file.h, plus
//     the schedule and the plan) it trains until told to stop or until the
//     run stops, and sends reports, each with the run's state at its last
//     step (the weights, the order, the counters, the last evaluations).
//   - RunLease: the near side, in the App. While paused the App's Trainer is
//     authoritative and every command works on it as before. When training
//     starts, the state goes to the far side; each report it sends back is
//     restored into the App's Trainer, so the App always holds an exact run
//     at the step of the last report, and the history has every step up to
//     it. A command that changes the run ends the lease at once: the App's
//     Trainer is already exact (the far side's steps after the last report
//     are dropped and, when training resumes, taken again identically).
//     Nothing waits for the far side, so Pause answers at once.
// Messages between the sides are bytes (a JSON head, the arrays behind it),
// the same for the thread and for the worker, so the native thread tests
// test the worker's protocol.
//
// Use (synchronous, each frame):
//   RunReport r; ctl.work(trainer, plan, now, deadline, r); app applies r
// Use (beside the frames):
//   RunLease lease(make_thread_link());          // or the page's worker link
//   lease.set_data(train, test);
//   if (running && lease.ready()) lease.start(trainer, ctl.schedule, plan, now);
//   each frame: while (lease.poll(trainer, ctl.schedule, report)) app applies report
//   a command: lease.end();  then change trainer as before
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/data/dataset.h"
#include "engine/train/trainer.h"
#include "web/app/history.h"

namespace nnplay {

// What the App decides and the schedule reads (the settings and commands of
// the moment). A lease carries it; any change ends the lease.
struct RunPlan {
    bool running = false;
    double speed = 0;           // steps per second; 0: as fast as it goes
    int epochs_limit = 0;       // settings.epochs: stop after this many (0: never)
    int stop_at_epoch = -1;     // epoch(): stop when stats.epoch reaches this
    bool train_accuracy = false;  // evaluate the training images too
    int quick_points = 0;       // the first epoch's quick checks already on the curve
    long long steps_left = -1;  // a step(n) under way: steps still to take (-1: none; train until told)
};

// The schedule's memory. Times are in the App's seconds (`now`).
struct RunSchedule {
    // Test evaluation in slices, scheduled between training steps: the model
    // does not change while an evaluation is under way, so each test point is
    // exactly the model at its step.
    bool eval_active = false;
    bool eval_requested = true;     // after reset, data, step(): evaluate soon
    bool eval_epoch_end = false;    // the running evaluation is an epoch end
    bool eval_train_phase = false;  // the running evaluation is on the training images
    long long last_eval_step = -1;
    double eval_started = 0, last_eval_end = -1e9, last_eval_duration = 0;
    double eval_s_per_image = 5e-6; // measured, to size slices
    int evaluations = 0;
    // The first epoch's quick checks: how many, and the seconds spent
    // evaluating and training since the App started (state(): what the
    // schedule costs, ratio in one run).
    int quick_evaluations = 0;
    long long last_quick_step = -1;
    double eval_seconds = 0, train_seconds = 0;
    double steps_owed = 0;          // speed limit: steps earned but not taken yet

    // For a lease: times relative to `now` so that the other side's clock fits.
    nlohmann::json to_json(double now) const;
    void from_json(const nlohmann::json& j, double now);
};

// Why training stopped by itself.
enum class RunStop : uint8_t { None, Diverged, EpochLimit, EpochDone, StepsDone };

// What a stretch of work did, in order.
struct RunReport {
    std::vector<double> step_samples;  // per step: samples seen after it (the plot's x)
    std::vector<float> step_costs;     // per step: its minibatch's cost
    std::vector<TestPoint> tests;      // quick checks and whole passes, in order
    int passes = 0;                    // whole passes finished (the last one is the trainer's last_eval())
    std::vector<float> pass_gradient_sizes;  // at the last pass's end: gradient_norms (the stall diagnosis)
    RunStop stop = RunStop::None;
    double trained_s = 0, evaluated_s = 0;
    bool empty() const { return step_costs.empty() && tests.empty() && passes == 0 && stop == RunStop::None; }
    void append(RunReport&& later);
};

class RunController {
public:
    RunSchedule schedule;

    // Trains and evaluates until `deadline` (seconds on clock_s's clock;
    // at least one step when training), as AppCore::work() did. The plan's
    // `running` is not changed: the report's `stop` says when to.
    void work(Trainer& t, RunPlan& plan, double now, double deadline, RunReport& out);
    // A pace (speed > 0): dt seconds went by.
    void earn(double dt, const RunPlan& plan);
    // Whether a whole pass is due now.
    bool eval_due(const Trainer& t, const RunPlan& plan, double now) const;
    // Finishes an evaluation under way (before a Step changes the model).
    void finish_eval_now(Trainer& t, const RunPlan& plan, double now, RunReport& out);
    // Forget what was measured: the test set is measured again at once.
    void restart();

private:
    bool eval_budgeted(const Trainer& t, const RunPlan& plan) const;
    bool eval_affordable(const Trainer& t, const RunPlan& plan) const;
    bool quick_due(const Trainer& t, const RunPlan& plan) const;
    void quick_check(Trainer& t, RunPlan& plan, RunReport& out);
    void continue_eval(Trainer& t, const RunPlan& plan, double now, double deadline, RunReport& out);
    void finish_eval(Trainer& t, const RunPlan& plan, double now, RunReport& out);
};

// Samples per epoch (the subset applied) and fractional epochs, as the App counts them.
int run_train_size(const Trainer& t);
double run_epochs_done(const Trainer& t);

// ---- beside the frames ---------------------------------------------------------------

// How the two sides exchange bytes. The near side's end: send() never
// blocks; receive() returns a message that arrived, or false.
class RunLink {
public:
    virtual ~RunLink() = default;
    virtual void send(std::vector<uint8_t> message) = 0;
    virtual bool receive(std::vector<uint8_t>& message) = 0;
    // The far side may take a lease (its data is in). While false the App
    // trains in frames.
    virtual bool ready() const = 0;
    // The far side is still starting (the page's worker loads): when
    // training starts, the App waits a little for it rather than take a
    // step that could hold a frame for seconds.
    virtual bool starting() const { return false; }
    // Why the far side cannot run ("" while it can or may still): then the
    // App trains in frames and says so once.
    virtual std::string failure() const { return ""; }
    // The datasets (a thread shares them; the page's worker got its own copy from the page).
    virtual void set_data(DatasetPtr train, DatasetPtr test) = 0;
    // "thread", "worker"
    virtual const char* kind() const = 0;
};

// The desktop's: a std::thread running a RunRemote (thread_link.cpp; native builds only).
std::unique_ptr<RunLink> make_thread_link();

// The far side (a thread, or the page's worker: web/worker_api.cpp).
class RunRemote {
public:
    void set_data(DatasetPtr train, DatasetPtr test);
    bool has_data() const { return trainer_.has_data(); }
    // A message from the near side: a lease or a stop.
    void receive(const uint8_t* data, std::size_t size);
    // Has work to do (a lease that is running, or measuring the pass of its stop).
    bool busy() const { return leased_ || !refusal_.empty(); }
    // Trains and evaluates for about `slice_s` seconds (at least a step);
    // returns a report to send, or nothing when it is not time yet.
    std::vector<uint8_t> work(double slice_s);

private:
    std::vector<uint8_t> report_message(bool final);
    Trainer trainer_;
    RunController ctl_;
    RunPlan plan_;
    RunReport pending_;
    long long lease_ = 0;
    bool leased_ = false;
    double offset_ = 0;             // near side's now = clock_s() + offset_
    double last_sent_ = 0, send_cost_ = 0, last_work_ = 0;
    std::vector<uint8_t> refusal_;  // a lease that could not be taken, said back
};

// The near side, in the App.
class RunLease {
public:
    explicit RunLease(std::unique_ptr<RunLink> link) : link_(std::move(link)) {}
    // Not ready after a run could not be handed over (then failure() says why): the frames train.
    bool ready() const { return link_ && link_->ready() && failure_.empty(); }
    bool starting() const { return link_ && link_->starting(); }
    std::string failure() const { return !failure_.empty() ? failure_ : link_ ? link_->failure() : std::string("no link"); }
    const char* kind() const { return link_ ? link_->kind() : ""; }
    bool active() const { return active_; }
    void set_data(DatasetPtr train, DatasetPtr test) { if (link_) link_->set_data(std::move(train), std::move(test)); }
    // Hands the run over (the Trainer stays as it is: exact at this step).
    void start(const Trainer& t, const RunSchedule& s, const RunPlan& plan, double now);
    // Ends the lease now: later reports of it are ignored. The Trainer holds
    // the last report's exact state.
    void end();
    // A report of this lease that arrived: restores its state into `t` and
    // `s`, fills `out`; false when none. A report whose stop is not None
    // says training stopped; the lease lasts until the pass of that step is
    // measured there (its final report), or until end().
    bool poll(Trainer& t, RunSchedule& s, double now, RunReport& out, std::string* error = nullptr);
    long long reports = 0;          // applied, for state()

private:
    std::unique_ptr<RunLink> link_;
    long long lease_ = 0;
    bool active_ = false;
    std::string failure_;
};

}  // namespace nnplay
