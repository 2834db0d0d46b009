// run_controller.cpp: the training and evaluation schedule (RunController),
// and the lease that runs it beside the UI (RunRemote, RunLease; the
// desktop's thread is thread_link.cpp). See run_controller.h.
//
// [SECTION] The schedule
// [SECTION] Messages
// [SECTION] The far side
// [SECTION] The near side
#include "web/app/run_controller.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstring>
#include <deque>

#include <nlohmann/json.hpp>

#include "engine/io/session_file.h"
#include "engine/train/health.h"

namespace nnplay {

namespace {
double now_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// Where in the first epoch (fractions of its images) a quick check measures
// the test accuracy: dense early, where the curve climbs fastest, sparser
// later. With the pass at step 0 and the one at the epoch's end, the first
// epoch has 13 points even at full speed (an epoch of 0.55 s in a browser
// had 3, its curve a straight line).
constexpr double kQuickAt[] = {0.02, 0.05, 0.09, 0.14, 0.2, 0.27, 0.35, 0.45, 0.56, 0.68, 0.82};
// The first test images: 11 checks of 128 cost about 5% of a first epoch's
// time (a forward pass per image is about a third of a training step's).
constexpr int kQuickImages = 128;
// Whole passes while training (an epoch's end included) wait while evaluating
// took more than this share of the training time; passes while paused cost
// the run nothing and do not count.
constexpr double kEvalShare = 0.10;
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The schedule
//-----------------------------------------------------------------------------
// What AppCore::work() did inside the frame, unchanged in its decisions; what
// it did to the App (history, notices) is now a RunReport the App applies.

int run_train_size(const Trainer& t) {
    const DatasetPtr& d = t.train_data();
    if (!d) return 0;
    const int sub = t.train_config().train_subset;
    return sub > 0 ? std::min(sub, d->count) : d->count;
}

double run_epochs_done(const Trainer& t) {
    const TrainStats& s = t.stats();
    const int n = run_train_size(t);
    return s.epoch + (n > 0 ? double(s.samples_in_epoch) / n : 0.0);
}

void RunReport::append(RunReport&& later) {
    step_samples.insert(step_samples.end(), later.step_samples.begin(), later.step_samples.end());
    step_costs.insert(step_costs.end(), later.step_costs.begin(), later.step_costs.end());
    tests.insert(tests.end(), later.tests.begin(), later.tests.end());
    passes += later.passes;
    if (later.passes > 0) pass_gradient_sizes = std::move(later.pass_gradient_sizes);
    if (later.stop != RunStop::None) stop = later.stop;
    trained_s += later.trained_s;
    evaluated_s += later.evaluated_s;
}

void RunController::restart() {
    schedule.eval_active = false;
    schedule.eval_requested = true;
    schedule.eval_epoch_end = false;
    schedule.last_eval_step = -1;
    schedule.steps_owed = 0;
}

void RunController::earn(double dt, const RunPlan& plan) {
    if (plan.running && plan.speed > 0)
        schedule.steps_owed = std::min(schedule.steps_owed + plan.speed * dt, std::max(1.0, plan.speed * 0.25));
}

// The budget binds at full speed only: at a set pace (steps per second) the
// training takes what it needs anyway, and evaluating costs it nothing.
bool RunController::eval_budgeted(const Trainer& t, const RunPlan& plan) const {
    const DatasetPtr& test = t.test_data();
    return plan.speed == 0 && test && test->count > 0 && run_train_size(t) > 4 * test->count;
}

// Whether a whole pass now keeps evaluating within its share of the time,
// the pass included (at its measured cost per image). A training set no
// more than 4 times the test set (the overfitting lesson's 1,000 images,
// small test sets) is evaluated every epoch as always.
bool RunController::eval_affordable(const Trainer& t, const RunPlan& plan) const {
    if (!eval_budgeted(t, plan)) return true;
    const double next = (t.test_data() ? t.test_data()->count : 0) * schedule.eval_s_per_image;
    return schedule.eval_seconds + next <= kEvalShare * (schedule.eval_seconds + next + schedule.train_seconds);
}

bool RunController::quick_due(const Trainer& t, const RunPlan& plan) const {
    const DatasetPtr& test = t.test_data();
    if (!test || test->count == 0 || !plan.running) return false;
    const TrainStats& s = t.stats();
    if (s.epoch != 0 || !eval_budgeted(t, plan) || s.step == schedule.last_eval_step || s.step == schedule.last_quick_step)
        return false;
    if (plan.quick_points >= int(std::size(kQuickAt))) return false;
    return double(s.samples_in_epoch) >= kQuickAt[plan.quick_points] * run_train_size(t);
}

// A quick check: the accuracy on the first test images, a point on the
// curve between the whole passes (Trainer::quick_eval). A run that went past
// several places in one frame takes the next ones in the next frames.
namespace {
// A point on the test curve: the evaluation `e` of the model at the run's place now.
TestPoint test_point(const Trainer& t, const EvalResult& e) {
    const TrainStats& s = t.stats();
    TestPoint p;
    p.samples = double(s.samples_seen);
    p.step = double(s.step);
    p.epoch = run_epochs_done(t);
    p.cost = e.cost;
    p.accuracy = e.accuracy;
    return p;
}
}  // namespace

void RunController::quick_check(Trainer& t, RunPlan& plan, RunReport& out) {
    const TrainStats& s = t.stats();
    const EvalResult r = t.quick_eval(kQuickImages);
    if (r.samples == 0) return;
    TestPoint p = test_point(t, r);
    p.images = r.samples;
    out.tests.push_back(p);
    ++plan.quick_points;
    schedule.last_quick_step = s.step;
    ++schedule.quick_evaluations;
}

bool RunController::eval_due(const Trainer& t, const RunPlan& plan, double now) const {
    const DatasetPtr& test = t.test_data();
    if (!test || test->count == 0 || !t.has_data()) return false;
    const TrainStats& s = t.stats();
    if (s.step == schedule.last_eval_step && schedule.last_eval_step >= 0) return false;
    if (schedule.eval_requested || schedule.eval_epoch_end || !plan.running) return true;
    // Whatever the budget, a whole pass every 2 s of the clock: state() and
    // the counters' test accuracy never lag far.
    if (now - schedule.last_eval_end >= 2.0) return true;
    // Twice per epoch when that is cheap; otherwise every so often in wall
    // time, so that whole passes take at most about a tenth of the time (the
    // first epoch's quick checks fill the curve in between).
    const bool cheap = now - schedule.last_eval_end >= 9.0 * schedule.last_eval_duration && eval_affordable(t, plan);
    const int batch = std::max(1, t.train_config().batch_size);
    const long long half_epoch = std::max<long long>(1, (run_train_size(t) + batch - 1) / batch / 2);
    if (s.step - schedule.last_eval_step >= half_epoch && cheap) return true;
    return cheap && now - schedule.last_eval_end >= 0.5;
}

void RunController::finish_eval(Trainer& t, const RunPlan& plan, double now, RunReport& out) {
    RunSchedule& c = schedule;
    c.eval_active = false;
    c.eval_train_phase = false;
    const EvalResult& e = t.last_eval();
    const TrainStats& s = t.stats();
    TestPoint p = test_point(t, e);
    const EvalResult& tr = t.last_train_eval();
    if (plan.train_accuracy && tr.samples > 0 && tr.at_step == e.at_step) p.train_percent = 100.0 * tr.accuracy;
    p.epoch_end = c.eval_epoch_end;
    out.tests.push_back(p);
    ++out.passes;
    out.pass_gradient_sizes = s.step > 0 ? gradient_norms(t.last_gradients()) : std::vector<float>{};
    c.eval_epoch_end = false;
    c.last_eval_step = s.step;
    c.last_eval_end = now;
    c.last_eval_duration = now - c.eval_started;
    ++c.evaluations;
}

// A test pass, then (with the train_accuracy setting) a pass over the
// training images in use, both on the same model.
void RunController::continue_eval(Trainer& t, const RunPlan& plan, double now, double deadline, RunReport& out) {
    RunSchedule& c = schedule;
    const DatasetPtr& test = t.test_data();
    if (!test || test->count == 0) {
        c.eval_active = false;
        return;
    }
    do {
        const int total = c.eval_train_phase ? run_train_size(t) : test->count;
        const double remaining = deadline - now_s();
        const int n = int(std::clamp(remaining / c.eval_s_per_image, 64.0, double(std::max(total, 64))));
        const double a = now_s();
        const bool done = c.eval_train_phase ? t.evaluate_train_slice(n) : t.evaluate_slice(n);
        if (!done && n >= total) {  // a whole pass asked for and none finished: the data does not fit
            c.eval_active = false;
            c.eval_requested = false;
            c.last_eval_step = t.stats().step;
            return;
        }
        const double per = (now_s() - a) / n;
        c.eval_s_per_image = std::clamp(0.7 * c.eval_s_per_image + 0.3 * per, 1e-8, 1.0);
        if (done && !c.eval_train_phase && plan.train_accuracy && run_train_size(t) > 0) {
            c.eval_train_phase = true;
            continue;
        }
        if (done) {
            finish_eval(t, plan, now, out);
            return;
        }
    } while (now_s() < deadline);
}

void RunController::finish_eval_now(Trainer& t, const RunPlan& plan, double now, RunReport& out) {
    while (schedule.eval_active) continue_eval(t, plan, now, now_s() + 1.0, out);
}

void RunController::work(Trainer& trainer, RunPlan& plan, double now, double deadline, RunReport& out) {
    RunSchedule& c = schedule;
    if (!trainer.has_data()) return;
    const double t0 = now_s();
    double trained = 0, evaluated = 0;
    // A requested evaluation (after reset, new data, step) goes first, so the
    // model it sees is the one that was asked about (e.g. step 0's).
    if (!c.eval_active && c.eval_requested && eval_due(trainer, plan, now)) {
        c.eval_active = true;
        c.eval_train_phase = false;
        c.eval_requested = false;
        c.eval_started = now;
    }
    if (c.eval_active) {
        continue_eval(trainer, plan, now, deadline, out);
        evaluated += now_s() - t0;
    }
    const TrainStats& s = trainer.stats();
    if (!c.eval_active && plan.running && !s.diverged) {
        const double speed = plan.speed;
        long long max_steps = speed > 0 ? (long long)c.steps_owed : LLONG_MAX;
        if (plan.steps_left >= 0) max_steps = std::min(max_steps, plan.steps_left);
        // Stop at the epoch's end so that its evaluation sees exactly that model.
        const int batch = std::max(1, trainer.train_config().batch_size);
        const long long left =
            std::max<long long>(1, (run_train_size(trainer) - s.samples_in_epoch + batch - 1) / batch);
        const int epoch0 = s.epoch;
        const double ta = now_s();
        long long n = 0;
        double quick_s = 0;
        while (n < max_steps && n < left) {
            if (n > 0 && now_s() >= deadline) break;  // at least one step per frame
            if (trainer.train_steps(1) != 1) break;
            out.step_samples.push_back(double(s.samples_seen));
            out.step_costs.push_back(s.batch_cost);
            ++n;
            // The first epoch's quick checks at their places, however many
            // steps a frame takes (a fast machine trains the epoch in a few).
            if (s.epoch == 0 && quick_due(trainer, plan)) {
                const double tq = now_s();
                quick_check(trainer, plan, out);
                quick_s += now_s() - tq;
            }
        }
        evaluated += quick_s;
        if (speed > 0) c.steps_owed = std::max(0.0, c.steps_owed - double(n));
        if (plan.steps_left >= 0) plan.steps_left = std::max(0LL, plan.steps_left - n);
        trained = now_s() - ta - quick_s;
        const bool new_epoch = s.epoch != epoch0;
        bool still_running = true;
        const int limit = plan.epochs_limit;
        if (s.diverged) {
            out.stop = RunStop::Diverged;
            still_running = false;
        } else if (limit > 0 && epoch0 < limit && s.epoch >= limit) {
            out.stop = RunStop::EpochLimit;
            still_running = false;
        } else if (plan.stop_at_epoch >= 0 && s.epoch >= plan.stop_at_epoch) {
            out.stop = RunStop::EpochDone;
            still_running = false;
        } else if (plan.steps_left == 0) {
            out.stop = RunStop::StepsDone;
            still_running = false;
        }
        // An epoch's end is measured with a whole pass when the run stops
        // there, or while evaluating has cost at most its share of the time;
        // at full speed the later epochs' passes grow sparser instead.
        if (new_epoch) {
            c.eval_epoch_end = !still_running || eval_affordable(trainer, plan);
            // Too dear now: a quick check marks the epoch's end on the curve.
            if (!c.eval_epoch_end) {
                const double tq = now_s();
                quick_check(trainer, plan, out);
                evaluated += now_s() - tq;
            }
        }
        if (!still_running) plan.running = false;
    }
    if (!c.eval_active && eval_due(trainer, plan, now)) {
        c.eval_active = true;
        c.eval_train_phase = false;
        c.eval_requested = false;
        c.eval_started = now;
    }
    if (c.eval_active) {
        const double te = now_s();
        // A little room for an evaluation that starts after a full training budget.
        continue_eval(trainer, plan, now, std::max(deadline, te + 0.001), out);
        evaluated += now_s() - te;
    }
    if (plan.running || trained > 0) c.eval_seconds += evaluated;  // while paused it costs the run nothing
    c.train_seconds += trained;
    out.trained_s += trained;
    out.evaluated_s += evaluated;
}

namespace {
// Numbers in a message: JSON has no NaN or infinity (nlohmann writes null),
// and a diverging run's costs are both; they travel as "nan", "inf", "-inf".
nlohmann::json real_json(double v) {
    if (std::isfinite(v)) return v;
    return std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
}
double real(const nlohmann::json& j) {
    if (j.is_number()) return j.get<double>();
    if (j.is_string()) {
        const std::string& t = j.get_ref<const std::string&>();
        if (t == "inf") return INFINITY;
        if (t == "-inf") return -INFINITY;
    }
    return NAN;
}
}  // namespace

nlohmann::json RunSchedule::to_json(double now) const {
    return {{"eval_active", eval_active}, {"eval_requested", eval_requested}, {"eval_epoch_end", eval_epoch_end},
            {"eval_train_phase", eval_train_phase}, {"last_eval_step", last_eval_step},
            {"eval_started_ago", real_json(now - eval_started)}, {"last_eval_end_ago", real_json(now - last_eval_end)},
            {"last_eval_duration", real_json(last_eval_duration)}, {"eval_s_per_image", real_json(eval_s_per_image)},
            {"evaluations", evaluations}, {"quick_evaluations", quick_evaluations},
            {"last_quick_step", last_quick_step}, {"eval_seconds", real_json(eval_seconds)},
            {"train_seconds", real_json(train_seconds)}, {"steps_owed", real_json(steps_owed)}};
}

void RunSchedule::from_json(const nlohmann::json& j, double now) {
    eval_active = j.at("eval_active").get<bool>();
    eval_requested = j.at("eval_requested").get<bool>();
    eval_epoch_end = j.at("eval_epoch_end").get<bool>();
    eval_train_phase = j.at("eval_train_phase").get<bool>();
    last_eval_step = j.at("last_eval_step").get<long long>();
    eval_started = now - real(j.at("eval_started_ago"));
    last_eval_end = now - real(j.at("last_eval_end_ago"));
    last_eval_duration = real(j.at("last_eval_duration"));
    eval_s_per_image = real(j.at("eval_s_per_image"));
    evaluations = j.at("evaluations").get<int>();
    quick_evaluations = j.at("quick_evaluations").get<int>();
    last_quick_step = j.at("last_quick_step").get<long long>();
    eval_seconds = real(j.at("eval_seconds"));
    train_seconds = real(j.at("train_seconds"));
    steps_owed = real(j.at("steps_owed"));
}

//-----------------------------------------------------------------------------
// [SECTION] Messages
//-----------------------------------------------------------------------------
// lease:  {t: "lease", id, run: bytes (session_file.h), schedule, plan, now}
// stop:   {t: "stop", id}
// report: {t: "report", id, run: bytes, schedule, steps_x: f64[], steps_y: f32[],
//          tests, passes, sizes, stop, trained_s, evaluated_s, eval, train_eval, stats}
// Arrays of numbers travel as their bytes behind the JSON head (this
// machine's order: both sides are the same program on the same machine).

namespace {
using json = nlohmann::json;

// A message: "NNRM", the JSON head's length (8 bytes), the head as JSON
// text, then the arrays it refers to as [offset, bytes] into that tail.
// (nlohmann's CBOR would do, but it added 38 KB gzipped to the page, which
// sits at its 2.5 MB budget; the JSON text reader and writer are there anyway.)
struct Blobs {
    std::vector<uint8_t> out;                 // writing
    const uint8_t* in = nullptr;              // reading
    std::size_t in_size = 0;
};

json blob(Blobs& b, const void* data, std::size_t size) {
    const std::size_t at = b.out.size();
    b.out.resize(at + size);
    if (size) std::memcpy(b.out.data() + at, data, size);
    return json::array({at, size});
}

template <class T>
json bytes_of(Blobs& b, const std::vector<T>& v) {
    return blob(b, v.data(), v.size() * sizeof(T));
}

// The bytes a head's [offset, size] names; throws when they are not in the message.
std::pair<const uint8_t*, std::size_t> blob_at(const Blobs& b, const json& j) {
    const std::size_t at = j.at(0).get<std::size_t>(), size = j.at(1).get<std::size_t>();
    if (at > b.in_size || size > b.in_size - at) throw std::out_of_range("a message's array is out of its bounds");
    return {b.in + at, size};
}

template <class T>
std::vector<T> array_of(const Blobs& b, const json& j) {
    const auto [p, size] = blob_at(b, j);
    std::vector<T> v(size / sizeof(T));
    if (!v.empty()) std::memcpy(v.data(), p, v.size() * sizeof(T));
    return v;
}

std::vector<uint8_t> pack(const json& head, const Blobs& b) {
    const std::string text = head.dump();
    std::vector<uint8_t> m(12 + text.size() + b.out.size());
    std::memcpy(m.data(), "NNRM", 4);
    const uint64_t n = text.size();
    std::memcpy(m.data() + 4, &n, 8);
    std::memcpy(m.data() + 12, text.data(), text.size());
    if (!b.out.empty()) std::memcpy(m.data() + 12 + text.size(), b.out.data(), b.out.size());
    return m;
}

// False when the bytes are not a message.
bool unpack(const uint8_t* data, std::size_t size, json& head, Blobs& b) {
    if (size < 12 || std::memcmp(data, "NNRM", 4) != 0) return false;
    uint64_t n = 0;
    std::memcpy(&n, data + 4, 8);
    if (n > size - 12) return false;
    // As char, as session_file.cpp and model_file.cpp read theirs: one parser in the page, not two.
    const char* text = reinterpret_cast<const char*>(data + 12);
    head = json::parse(text, text + n, nullptr, false);
    if (head.is_discarded() || !head.is_object()) return false;
    b.in = data + 12 + n;
    b.in_size = size - 12 - std::size_t(n);
    return true;
}

json plan_json(const RunPlan& p) {
    return {{"running", p.running}, {"speed", p.speed}, {"epochs_limit", p.epochs_limit},
            {"stop_at_epoch", p.stop_at_epoch}, {"train_accuracy", p.train_accuracy},
            {"quick_points", p.quick_points}, {"steps_left", p.steps_left}};
}

RunPlan plan_of(const json& j) {
    RunPlan p;
    p.running = j.at("running").get<bool>();
    p.speed = real(j.at("speed"));
    p.epochs_limit = j.at("epochs_limit").get<int>();
    p.stop_at_epoch = j.at("stop_at_epoch").get<int>();
    p.train_accuracy = j.at("train_accuracy").get<bool>();
    p.quick_points = j.at("quick_points").get<int>();
    p.steps_left = j.at("steps_left").get<long long>();
    return p;
}

json test_json(const TestPoint& p) {
    return json::array({real_json(p.samples), real_json(p.step), real_json(p.epoch), real_json(p.cost),
                        real_json(p.accuracy), std::isnan(p.train_percent) ? -1.0 : p.train_percent, p.epoch_end, p.images});
}

TestPoint test_of(const json& j) {
    TestPoint p;
    p.samples = real(j.at(0));
    p.step = real(j.at(1));
    p.epoch = real(j.at(2));
    p.cost = real(j.at(3));
    p.accuracy = real(j.at(4));
    p.percent = 100.0 * p.accuracy;
    const double tp = real(j.at(5));
    p.train_percent = tp < 0 ? NAN : tp;
    p.epoch_end = j.at(6).get<bool>();
    p.images = j.at(7).get<int>();
    return p;
}

json eval_json(Blobs& b, const EvalResult& e) {
    std::vector<int> confusion;
    for (const auto& row : e.confusion) confusion.insert(confusion.end(), row.begin(), row.end());
    json health = json::array();
    for (const LayerHealth& h : e.health)
        health.push_back({{"act", int(h.act)}, {"neurons", h.neurons}, {"images", h.images},
                          {"per_neuron", bytes_of(b, h.per_neuron)}, {"saturated", real_json(h.saturated)}, {"dead", h.dead}});
    return {{"samples", e.samples}, {"at_step", e.at_step}, {"cost", real_json(e.cost)}, {"accuracy", real_json(e.accuracy)},
            {"confusion", bytes_of(b, confusion)},
            {"class_accuracy", bytes_of(b, std::vector<float>(e.class_accuracy.begin(), e.class_accuracy.end()))},
            {"predicted", bytes_of(b, e.predicted)}, {"confidence", bytes_of(b, e.confidence)}, {"health", health}};
}

EvalResult eval_of(const Blobs& b, const json& j) {
    EvalResult e;
    e.samples = j.at("samples").get<int>();
    e.at_step = j.at("at_step").get<long long>();
    e.cost = float(real(j.at("cost")));
    e.accuracy = float(real(j.at("accuracy")));
    const std::vector<int> confusion = array_of<int>(b, j.at("confusion"));
    for (std::size_t i = 0; i < confusion.size() && i < 100; ++i) e.confusion[i / 10][i % 10] = confusion[i];
    const std::vector<float> ca = array_of<float>(b, j.at("class_accuracy"));
    for (std::size_t i = 0; i < ca.size() && i < 10; ++i) e.class_accuracy[i] = ca[i];
    e.predicted = array_of<uint8_t>(b, j.at("predicted"));
    e.confidence = array_of<float>(b, j.at("confidence"));
    for (const json& h : j.at("health")) {
        LayerHealth l;
        l.act = static_cast<Activation>(h.at("act").get<int>());
        l.neurons = h.at("neurons").get<int>();
        l.images = h.at("images").get<int>();
        l.per_neuron = array_of<float>(b, h.at("per_neuron"));
        l.saturated = float(real(h.at("saturated")));
        l.dead = h.at("dead").get<int>();
        e.health.push_back(std::move(l));
    }
    return e;
}

// What restore() does not carry (Trainer::adopt_results).
json stats_json(const TrainStats& s) {
    const DivergenceRecord& d = s.divergence;
    return {{"batch_cost", real_json(s.batch_cost)}, {"samples_per_s", real_json(s.samples_per_s)}, {"diverged", s.diverged},
            {"message", s.message},
            {"divergence", {int(d.kind), d.step, real_json(d.value), d.restored_step, real_json(d.learning_rate)}}};
}

TrainStats stats_of(const json& j) {
    TrainStats s;
    s.batch_cost = float(real(j.at("batch_cost")));
    s.samples_per_s = real(j.at("samples_per_s"));
    s.diverged = j.at("diverged").get<bool>();
    s.message = j.at("message").get<std::string>();
    const json& d = j.at("divergence");
    s.divergence.kind = static_cast<DivergenceKind>(d.at(0).get<int>());
    s.divergence.step = d.at(1).get<long long>();
    s.divergence.value = float(real(d.at(2)));
    s.divergence.restored_step = d.at(3).get<long long>();
    s.divergence.learning_rate = float(real(d.at(4)));
    return s;
}

std::vector<uint8_t> run_bytes(const Trainer& t) {
    return serialize_session(t.model(), t.train_config(), t.save_state(), json::object());
}

std::string restore_run(Trainer& t, const Blobs& b, const json& where) {
    const auto [data, size] = blob_at(b, where);
    SessionData s;
    std::string err = parse_session(data, size, s);
    if (err.empty()) err = t.restore(std::move(s.net), s.train, std::move(s.trainer));
    return err;
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The far side
//-----------------------------------------------------------------------------

void RunRemote::set_data(DatasetPtr train, DatasetPtr test) { trainer_.set_data(std::move(train), std::move(test)); }

void RunRemote::receive(const uint8_t* data, std::size_t size) {
    json m;
    Blobs b;
    if (!unpack(data, size, m, b)) return;
    const std::string t = m.value("t", "");
    const long long id = m.value("id", 0LL);
    if (t == "stop") {
        if (id == lease_) leased_ = false;
        pending_ = RunReport{};
        return;
    }
    if (t != "lease") return;
    lease_ = id;
    pending_ = RunReport{};
    leased_ = false;
    if (std::string err = restore_run(trainer_, b, m.at("run")); !err.empty()) {
        // Said back, so that the App does not wait for reports that never come.
        refusal_ = pack(json{{"t", "refused"}, {"id", id}, {"why", err}}, Blobs{});
    } else {
        offset_ = real(m.at("now")) - now_s();
        plan_ = plan_of(m.at("plan"));
        ctl_.schedule.from_json(m.at("schedule"), now_s() + offset_);
        // A pass the near side had under way is taken again whole here (its
        // partial sums stayed there).
        if (ctl_.schedule.eval_active) ctl_.schedule.eval_train_phase = false;
        leased_ = true;
        last_sent_ = now_s();
        last_work_ = 0;
    }
}

std::vector<uint8_t> RunRemote::work(double slice_s) {
    if (!refusal_.empty()) return std::move(refusal_);
    if (!leased_) return {};
    const double t0 = now_s();
    const double now = t0 + offset_;
    if (last_work_ > 0) ctl_.earn(std::min(1.0, t0 - last_work_), plan_);
    last_work_ = t0;
    RunReport r;
    ctl_.work(trainer_, plan_, now, t0 + slice_s, r);
    const bool stop_news = r.stop != RunStop::None;
    pending_.append(std::move(r));
    // Stopped (an epoch limit, a divergence): the pass of the stop is still
    // measured here, then the lease is over.
    const bool final = !plan_.running && !ctl_.schedule.eval_active;
    // Reports with the run's state at a rate that keeps making them under a
    // tenth of the time (a big network's state is tens of MB).
    const double interval = std::max(0.05, 10.0 * send_cost_);
    if (!final && !stop_news && (pending_.empty() || now_s() - last_sent_ < interval)) return {};
    const double a = now_s();
    std::vector<uint8_t> msg = report_message(final);
    send_cost_ = now_s() - a;
    last_sent_ = now_s();
    if (final) leased_ = false;
    return msg;
}

std::vector<uint8_t> RunRemote::report_message(bool final) {
    RunReport& r = pending_;
    json tests = json::array();
    for (const TestPoint& p : r.tests) tests.push_back(test_json(p));
    Blobs b;
    json m = {{"t", "report"}, {"id", lease_}, {"final", final}, {"run", bytes_of(b, run_bytes(trainer_))},
              {"schedule", ctl_.schedule.to_json(now_s() + offset_)}, {"steps_x", bytes_of(b, r.step_samples)},
              {"steps_y", bytes_of(b, r.step_costs)}, {"tests", tests}, {"passes", r.passes},
              {"sizes", bytes_of(b, r.pass_gradient_sizes)}, {"stop", int(r.stop)}, {"trained_s", real_json(r.trained_s)},
              {"evaluated_s", real_json(r.evaluated_s)}, {"eval", eval_json(b, trainer_.last_eval())},
              {"train_eval", eval_json(b, trainer_.last_train_eval())}, {"stats", stats_json(trainer_.stats())},
              {"quick_points", plan_.quick_points}};
    pending_ = RunReport{};
    return pack(m, b);
}

//-----------------------------------------------------------------------------
// [SECTION] The near side
//-----------------------------------------------------------------------------

void RunLease::start(const Trainer& t, const RunSchedule& s, const RunPlan& plan, double now) {
    if (!link_) return;
    ++lease_;
    Blobs b;
    json m = {{"t", "lease"}, {"id", lease_}, {"run", bytes_of(b, run_bytes(t))},
              {"schedule", s.to_json(now)}, {"plan", plan_json(plan)}, {"now", real_json(now)}};
    link_->send(pack(m, b));
    active_ = true;
}

void RunLease::end() {
    if (!active_) return;
    active_ = false;
    if (link_) link_->send(pack(json{{"t", "stop"}, {"id", lease_}}, Blobs{}));
}

bool RunLease::poll(Trainer& t, RunSchedule& s, double now, RunReport& out, std::string* error) {
    std::vector<uint8_t> bytes;
    while (link_ && link_->receive(bytes)) {
        json m;
        Blobs b;
        if (!unpack(bytes.data(), bytes.size(), m, b)) continue;
        if (!active_ || m.value("id", 0LL) != lease_) continue;  // a lease that was ended: its steps are dropped
        if (m.value("t", "") == "refused") {
            active_ = false;
            failure_ = m.value("why", std::string("the run could not be handed over"));
            if (error) *error = failure_;
            return false;
        }
        if (m.value("t", "") != "report") continue;
        // Restored first: the report's points and the trainer then agree.
        if (std::string err = restore_run(t, b, m.at("run")); !err.empty()) {
            // Never expected (the same program wrote it); the App keeps its run and trains in frames.
            active_ = false;
            failure_ = err;
            if (error) *error = err;
            return false;
        }
        t.adopt_results(eval_of(b, m.at("eval")), eval_of(b, m.at("train_eval")), stats_of(m.at("stats")));
        s.from_json(m.at("schedule"), now);
        s.eval_active = false;  // a pass under way there stays there (the next one measures again)
        out = RunReport{};
        out.step_samples = array_of<double>(b, m.at("steps_x"));
        out.step_costs = array_of<float>(b, m.at("steps_y"));
        for (const json& p : m.at("tests")) out.tests.push_back(test_of(p));
        out.passes = m.at("passes").get<int>();
        out.pass_gradient_sizes = array_of<float>(b, m.at("sizes"));
        out.stop = static_cast<RunStop>(m.at("stop").get<int>());
        out.trained_s = real(m.at("trained_s"));
        out.evaluated_s = real(m.at("evaluated_s"));
        if (m.at("final").get<bool>()) active_ = false;
        ++reports;
        return true;
    }
    return false;
}


}  // namespace nnplay
