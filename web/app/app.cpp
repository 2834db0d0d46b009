// app.cpp: the App (see app.h): commands, the per-frame training budget, the
// test-evaluation schedule, the window layout, and state_json().
//
// [SECTION] AppCore: data and commands
// [SECTION] AppCore: frame timing, training budget, evaluation schedule
// [SECTION] AppCore: keyboard
// [SECTION] AppCore: status text
// [SECTION] Windows (layout of the panels)
// [SECTION] App: the public face
#include "web/app/app.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>

#include <imgui.h>
#include <imgui_internal.h>  // the window's MoveId, for drag-to-scroll on touch screens
#include <nlohmann/json.hpp>

#include "web/app/app_core.h"
#include "web/app/text.h"

namespace nnplay {

double clock_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

const char* name_of(ViewTab v) {
    switch (v) {
        case ViewTab::Sample: return "sample";
        case ViewTab::Confusion: return "confusion";
        case ViewTab::Weights: return "weights";
        case ViewTab::Diagram: return "diagram";
    }
    return "?";
}

//-----------------------------------------------------------------------------
// [SECTION] AppCore: data and commands
//-----------------------------------------------------------------------------

AppCore::AppCore() { ui.edit = trainer.net_config(); }

void AppCore::mark(const std::string& name, const char* label, bool label_fits) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    widgets.push_back({name, {a.x, a.y, b.x - a.x, b.y - a.y, ImGui::IsItemVisible(), label ? label : "", label_fits}});
}

void AppCore::notify(const std::string& t, bool warning) {
    notice.text = t;
    notice.at = now;
    notice.warning = warning;
}

void AppCore::set_data(DatasetPtr train, DatasetPtr test, const std::string& src) {
    train_set = std::move(train);
    test_set = std::move(test);
    source = src;
    trainer.set_data(train_set, test_set);
    data_loaded = trainer.has_data();
    loading_fraction = 1;
    if (data_loaded) error.clear();
    eval_active = false;
    eval_requested = true;
    last_eval_step = -1;
    if (test_set) ui.sample_index = std::clamp(ui.sample_index, 0, std::max(0, test_set->count - 1));
}

void AppCore::train() {
    if (!data_loaded) {
        notify(error.empty() ? "The training images are still loading." : error, true);
        return;
    }
    if (trainer.stats().diverged) {
        // The status line already explains; this answers the click.
        notify("Training stays stopped until the learning rate (or another training setting) changes, "
               "or Reset.", true);
        return;
    }
    running = true;
    stop_at_epoch = -1;
    steps_owed = std::min(steps_owed, 1.0);
}

void AppCore::pause() {
    running = false;
    stop_at_epoch = -1;
}

void AppCore::toggle() {
    if (running) pause();
    else train();
}

int AppCore::step(int n) {
    if (!data_loaded) return 0;
    pause();
    if (eval_active) {
        // Finish the evaluation under way first, so it sees one model.
        while (eval_active) continue_eval(clock_s() + 1.0);
    }
    n = std::clamp(n, 0, 1000000);
    if (trainer.stats().diverged) {
        train();  // refused: says why
        return 0;
    }
    const int epoch0 = trainer.stats().epoch;
    int done = 0;
    while (done < n && trainer.train_steps(1) == 1) {
        record_step();
        ++done;
    }
    if (trainer.stats().epoch != epoch0) eval_epoch_end = true;
    if (trainer.stats().diverged) notice = Notice{};  // the status line says it all
    eval_requested = true;
    return done;
}

void AppCore::epoch() {
    if (!data_loaded) {
        train();  // says why not
        return;
    }
    train();
    if (running) stop_at_epoch = trainer.stats().epoch + 1;
}

void AppCore::archive_history() {
    if (history.train.raw_count() == 0) return;
    previous = history;
    previous.label = run_label();
}

void AppCore::reset() {
    archive_history();
    trainer.reset();
    history.clear();
    pause();
    eval_active = false;
    eval_requested = true;
    eval_epoch_end = false;
    last_eval_step = -1;
    meter.clear();
    steps_owed = 0;
    ui.editing = false;
    notify("Reset: new weights from seed " + std::to_string(trainer.net_config().seed) +
           (previous.empty() ? "." : "; the previous run stays in the plot, greyed."));
}

std::string AppCore::apply_net(const NetConfig& cfg) {
    if (cfg == trainer.net_config()) return "";
    std::string err = cfg.validate();
    if (err.empty()) err = check_training_memory(cfg, trainer.train_config().batch_size);
    if (!err.empty()) {
        notify("Not applied: " + err + ".", true);
        return err;
    }
    const std::string old_label = run_label();
    const bool had_history = history.train.raw_count() > 0;
    err = trainer.set_net_config(cfg);
    if (!err.empty()) {
        notify("Not applied: " + err + ".", true);
        return err;
    }
    if (had_history) {
        previous = history;
        previous.label = old_label;
    }
    history.clear();
    eval_active = false;
    eval_requested = true;
    eval_epoch_end = false;
    last_eval_step = -1;
    stop_at_epoch = -1;
    ui.editing = false;
    notify("New network " + cfg.architecture() + " (" + text::thousands(cfg.parameter_count()) +
           " weights and biases): fresh weights from seed " + std::to_string(cfg.seed) +
           ", training starts over.");
    return "";
}

namespace {
std::string num(double v) { return text::number(v, 4); }
}  // namespace

std::string AppCore::apply_train(const TrainConfig& cfg) {
    const TrainConfig old = trainer.train_config();
    if (cfg == old) return "";
    const bool was_diverged = trainer.stats().diverged;
    const std::string err = trainer.set_train_config(cfg);
    if (!err.empty()) {
        notify("Not applied: " + err + ".", true);
        return err;
    }
    const TrainStats& s = trainer.stats();
    const double x = double(s.samples_seen);
    auto mark = [&](const char* key, const char* what, const std::string& a, const std::string& b) {
        if (a != b) history.mark(x, s.step, key, a, b, what, now);
    };
    mark("lr", "learning rate", num(old.learning_rate), num(cfg.learning_rate));
    mark("batch", "batch size", std::to_string(old.batch_size), std::to_string(cfg.batch_size));
    mark("optimizer", "optimizer", label_of(old.optimizer), label_of(cfg.optimizer));
    mark("momentum", "momentum", num(old.momentum), num(cfg.momentum));
    mark("beta1", "Adam β1", num(old.beta1), num(cfg.beta1));
    mark("beta2", "Adam β2", num(old.beta2), num(cfg.beta2));
    mark("epsilon", "Adam ε", num(old.epsilon), num(cfg.epsilon));
    mark("decay", "L2 decay", num(old.weight_decay), num(cfg.weight_decay));
    mark("order", "order seed", std::to_string(old.shuffle_seed), std::to_string(cfg.shuffle_seed));
    auto subset = [&](int v) { return v > 0 ? text::thousands(v) : std::string("all"); };
    mark("subset", "training subset", subset(old.train_subset), subset(cfg.train_subset));
    if (was_diverged && !trainer.stats().diverged)
        notify("Settings changed: training can continue from the last good weights.");
    return "";
}

void AppCore::set_speed(double s) {
    speed = s > 0 ? std::clamp(s, 1.0, 1e6) : 0;
    steps_owed = std::min(steps_owed, 1.0);
}

//-----------------------------------------------------------------------------
// [SECTION] AppCore: frame timing, training budget, evaluation schedule
//-----------------------------------------------------------------------------
// Training runs inside the frame, single-threaded (the web build has no
// threads), after the frame's drawing was submitted (App::work), for a budget
// that FrameBudget adapts to the measured frame time (frame_budget.h).

void AppCore::begin_frame(double t) {
    const double dt = std::isfinite(last_now) ? t - last_now : 0.0;
    last_now = t;
    now = t;
    ++frames;
    if (dt > 0 && dt < 1.0) {
        const double ms = dt * 1000.0;
        frame_ms = frame_ms > 0 ? 0.9 * frame_ms + 0.1 * ms : ms;
        fps = 1000.0 / frame_ms;
        if (running && speed == 0) budget.update(ms);
        if (running && speed > 0) steps_owed = std::min(steps_owed + speed * dt, std::max(1.0, speed * 0.25));
    }

    // Samples per second as the student sees it: over the last second of wall time.
    const long long seen = trainer.stats().samples_seen;
    if (!meter.empty() && seen < meter.back().second) meter.clear();  // reset
    meter.emplace_back(t, seen);
    while (meter.size() > 2 && meter.front().first < t - 1.0) meter.pop_front();
    const double span = meter.back().first - meter.front().first;
    samples_per_s = span > 0.2 ? double(meter.back().second - meter.front().second) / span : 0.0;
}

// Anything moving: training, an evaluation under way or due, loading, an
// epoch() in progress, a text cursor blinking; or a change or input lately (a
// few frames let hover states and layout settle); and a frame every half
// second anyway, for text that changes with time.
bool AppCore::wants_frame(double t) const {
    return running || eval_active || (eval_requested && eval_due()) || !data_loaded || stop_at_epoch >= 0 ||
           frames_to_draw > 0 || ImGui::GetIO().WantTextInput || !(t - last_frame_time < 0.5);
}

void AppCore::record_step() {
    const TrainStats& s = trainer.stats();
    history.train.add(double(s.samples_seen), double(s.batch_cost));
}

bool AppCore::eval_due() const {
    if (!test_set || test_set->count == 0 || !data_loaded) return false;
    const TrainStats& s = trainer.stats();
    if (s.step == last_eval_step && last_eval_step >= 0) return false;
    if (eval_requested || eval_epoch_end || !running) return true;
    // At least twice per epoch; otherwise every so often in wall time, so that
    // evaluation takes at most about a fifth of the time.
    const int batch = std::max(1, trainer.train_config().batch_size);
    const long long half_epoch = std::max<long long>(1, (train_size() + batch - 1) / batch / 2);
    if (s.step - last_eval_step >= half_epoch) return true;
    return now - last_eval_end >= std::max(0.5, 4.0 * last_eval_duration);
}

void AppCore::finish_eval() {
    eval_active = false;
    changed();  // new test figures to draw, even when paused
    const EvalResult& e = trainer.last_eval();
    const TrainStats& s = trainer.stats();
    TestPoint p;
    p.samples = double(s.samples_seen);
    p.step = double(s.step);
    p.epoch = epochs_done();
    p.cost = e.cost;
    p.accuracy = e.accuracy;
    p.epoch_end = eval_epoch_end;
    history.add_test(p);
    eval_epoch_end = false;
    last_eval_step = s.step;
    last_eval_end = now;
    last_eval_duration = now - eval_started;
    ++evaluations;
    stall = diagnose_stall(history, e, s.step > 0 ? gradient_norms(trainer.last_gradients()) : std::vector<float>{});
}

void AppCore::continue_eval(double deadline) {
    const int total = test_set ? test_set->count : 0;
    if (total == 0) {
        eval_active = false;
        return;
    }
    do {
        const double remaining = deadline - clock_s();
        const int n = int(std::clamp(remaining / eval_s_per_image, 64.0, double(total)));
        const double a = clock_s();
        const bool done = trainer.evaluate_slice(n);
        if (!done && n >= total) {  // a whole pass asked for and none finished: the data does not fit
            eval_active = false;
            eval_requested = false;
            last_eval_step = trainer.stats().step;
            return;
        }
        const double per = (clock_s() - a) / n;
        eval_s_per_image = std::clamp(0.7 * eval_s_per_image + 0.3 * per, 1e-8, 1.0);
        if (done) {
            finish_eval();
            return;
        }
    } while (clock_s() < deadline);
}

void AppCore::work() {
    if (!data_loaded) return;
    const double t0 = clock_s();
    const double deadline = t0 + budget.ms() / 1000.0;
    double trained = 0, evaluated = 0;

    // A requested evaluation (after reset, new data, step) goes first, so the
    // model it sees is the one that was asked about (e.g. step 0's).
    if (!eval_active && eval_requested && eval_due()) {
        eval_active = true;
        eval_requested = false;
        eval_started = now;
    }
    if (eval_active) {
        continue_eval(deadline);
        evaluated += clock_s() - t0;
    }
    const TrainStats& s = trainer.stats();
    if (!eval_active && running && !s.diverged) {
        const long long max_steps = speed > 0 ? (long long)steps_owed : LLONG_MAX;
        // Stop at the epoch's end so that its evaluation sees exactly that model.
        const int batch = std::max(1, trainer.train_config().batch_size);
        const long long left = std::max<long long>(1, (train_size() - s.samples_in_epoch + batch - 1) / batch);
        const int epoch0 = s.epoch;
        const double ta = clock_s();
        long long n = 0;
        while (n < max_steps && n < left) {
            if (n > 0 && clock_s() >= deadline) break;  // at least one step per frame
            if (trainer.train_steps(1) != 1) break;
            record_step();
            ++n;
        }
        if (speed > 0) steps_owed = std::max(0.0, steps_owed - double(n));
        trained = clock_s() - ta;
        if (s.epoch != epoch0) eval_epoch_end = true;
        if (s.diverged) {
            running = false;
            changed();
            notice = Notice{};  // the status line says it all, once
        } else if (stop_at_epoch >= 0 && s.epoch >= stop_at_epoch) {
            running = false;
            changed();
            stop_at_epoch = -1;
            notify("Epoch " + std::to_string(s.epoch) + " done.");
        }
    }
    if (!eval_active && eval_due()) {
        eval_active = true;
        eval_requested = false;
        eval_started = now;
    }
    if (eval_active) {
        const double te = clock_s();
        // A little room for an evaluation that starts after a full training budget.
        continue_eval(std::max(deadline, te + 0.001));
        evaluated += clock_s() - te;
    }
    train_ms = 0.9 * train_ms + 0.1 * trained * 1000.0;
    eval_ms = 0.9 * eval_ms + 0.1 * evaluated * 1000.0;
}

//-----------------------------------------------------------------------------
// [SECTION] AppCore: keyboard
//-----------------------------------------------------------------------------
// Space, S and R come as typed characters (any keyboard layout), and only when
// no text field has focus. Space is left to ImGui while keyboard navigation
// shows its cursor (there it presses the focused widget).

void AppCore::handle_keys() {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        switch (io.InputQueueCharacters[i]) {
            case ' ':
                if (!io.NavVisible) toggle();
                break;
            case 's': case 'S': step(1); break;
            case 'r': case 'R': reset(); break;
            default: break;
        }
    }
}

//-----------------------------------------------------------------------------
// [SECTION] AppCore: status text
//-----------------------------------------------------------------------------

int AppCore::train_size() const {
    if (!train_set) return 0;
    const int sub = trainer.train_config().train_subset;
    return sub > 0 ? std::min(sub, train_set->count) : train_set->count;
}

int AppCore::subset_max() const { return train_set ? train_set->count : 0; }

double AppCore::epochs_done() const {
    const TrainStats& s = trainer.stats();
    const int n = train_size();
    return s.epoch + (n > 0 ? double(s.samples_in_epoch) / n : 0.0);
}

const char* AppCore::status() const {
    if (!error.empty()) return "error";
    if (!data_loaded) return "loading";
    if (trainer.stats().diverged) return "diverged";
    if (running) return "training";
    if (trainer.stats().step == 0) return "ready";
    return "paused";
}

std::string AppCore::run_label() const {
    const NetConfig& n = trainer.net_config();
    const TrainConfig& t = trainer.train_config();
    return n.architecture() + ", " + label_of(t.optimizer) + " lr " + num(t.learning_rate) + ", batch " +
           std::to_string(t.batch_size);
}

AppCore::Divergence AppCore::divergence() const {
    // The trainer says: "training diverged at step 7: <why>; lower the learning
    // rate (now 10000). The weights went back to those of step 0". Its advice
    // is rewritten below with what to press; an unexpected wording is shown whole.
    std::string m = trainer.stats().message;
    Divergence d;
    const auto back = m.find("The weights went back");
    if (back != std::string::npos) {
        d.restored = m.substr(back);
        m.erase(back);
    }
    const auto advice = m.find("; lower the learning rate");
    if (advice != std::string::npos) m.erase(advice);
    while (!m.empty() && (m.back() == ' ' || m.back() == '.' || m.back() == ';')) m.pop_back();
    while (!d.restored.empty() && (d.restored.back() == ' ' || d.restored.back() == '.')) d.restored.pop_back();
    const std::string prefix = "training diverged";
    if (m.compare(0, prefix.size(), prefix) == 0) m = "Diverged" + m.substr(prefix.size());
    else if (m.empty()) m = "Training diverged";
    else m = "Diverged: " + m;
    d.what = m + ".";
    if (!d.restored.empty()) d.restored += ".";
    d.todo = "Lower the learning rate (now " + text::number(trainer.train_config().learning_rate, 7) +
             "), then press Train; or press Reset for new weights.";
    return d;
}

std::string AppCore::status_line() const {
    const std::string st = status();
    if (st == "error") return "Error: " + error;
    if (st == "loading")
        return loading_what + "… " + text::percent(std::clamp(double(loading_fraction), 0.0, 1.0), 0);
    const TrainStats& s = trainer.stats();
    const EvalResult& e = trainer.last_eval();
    const NetConfig& n = trainer.net_config();
    if (st == "ready")
        return "Ready: " + n.architecture() + ", " + text::thousands(n.parameter_count()) +
               " weights and biases. Press Train (Space) to start.";
    if (st == "diverged") {
        const Divergence d = divergence();
        return d.what + (d.restored.empty() ? "" : " " + d.restored) + " " + d.todo;
    }
    std::string line = st == "training" ? "Training" : "Paused";
    line += ": epoch " + text::printf("%.2f", epochs_done()) + ", step " + text::thousands(s.step);
    if (std::isfinite(s.running_cost)) line += ", cost " + text::number(s.running_cost, 3);
    if (e.samples > 0) line += ", test accuracy " + text::percent(e.accuracy);
    if (stall.cause != Stall::Cause::None && !history.tests.empty())
        line += ". " + describe(stall, trainer.train_config().learning_rate);
    return line;
}

//-----------------------------------------------------------------------------
// [SECTION] Windows (layout of the panels)
//-----------------------------------------------------------------------------

namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

void place(const Rect& r) {
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h), ImGuiCond_Always);
}

// Touch screens: dragging the window's background scrolls it (Dear ImGui 1.86
// scrolls only with the wheel or the scrollbar).
void drag_to_scroll() {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    const ImGuiID active = ImGui::GetActiveID();
    // A press on the background of this window or one of its children "moves"
    // that window (which is fixed): that is the drag to turn into scrolling.
    const ImGuiWindow* pressed = GImGui->ActiveIdWindow;
    const bool background = pressed && pressed->RootWindow == w->RootWindow && active == pressed->MoveId;
    if ((active == 0 || background) && ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows |
                                                                      ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        ImGui::SetScrollY(w, w->Scroll.y - ImGui::GetIO().MouseDelta.y);
    }
}

void controls_body(AppCore& app) {
    panel_run(app);
    panel_status(app);
    if (ImGui::CollapsingHeader("Network", ImGuiTreeNodeFlags_DefaultOpen)) panel_network(app);
    if (ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) panel_training(app);
}

void draw_windows(AppCore& app) {
    const ImGuiIO& io = ImGui::GetIO();
    app.layout = compute_layout(io.DisplaySize.x, io.DisplaySize.y, ImGui::GetFontSize());
    const Layout& l = app.layout;
    if (l.kind == LayoutKind::Column) {
        place(l.column);
        if (ImGui::Begin("nnplay", nullptr, kFixed | ImGuiWindowFlags_NoTitleBar)) {
            panel_run(app);
            panel_status(app);
            panel_cost(app, l.column_plot_h);
            if (ImGui::CollapsingHeader("Network", ImGuiTreeNodeFlags_DefaultOpen)) panel_network(app);
            if (ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) panel_training(app);
            panel_views(app, l.column_views_h);
            drag_to_scroll();
        }
        ImGui::End();
        return;
    }
    place(l.controls);
    if (ImGui::Begin("Controls", nullptr, kFixed)) {
        controls_body(app);
        drag_to_scroll();
    }
    ImGui::End();
    place(l.cost);
    if (ImGui::Begin("Cost and accuracy", nullptr, kFixed)) panel_cost(app, -1);
    ImGui::End();
    place(l.views);
    if (ImGui::Begin("Inside the network", nullptr, kFixed)) panel_views(app, -1);
    ImGui::End();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] App: the public face
//-----------------------------------------------------------------------------

struct App::Impl : AppCore {};

App::App() : impl_(std::make_unique<Impl>()) {}
App::~App() = default;

void App::set_loading(const std::string& what, float fraction) {
    impl_->changed();
    impl_->loading_what = what.empty() ? "Loading" : what;
    impl_->loading_fraction = std::clamp(fraction, 0.0f, 1.0f);
}

void App::set_data(DatasetPtr train, DatasetPtr test, const std::string& source) {
    impl_->changed();
    impl_->set_data(std::move(train), std::move(test), source);
}

void App::set_error(const std::string& message) {
    impl_->changed();
    impl_->error = message;
    impl_->running = false;
}

void App::frame(double now) {
    AppCore& a = *impl_;
    a.last_frame_time = now;
    if (a.frames_to_draw > 0) --a.frames_to_draw;
    a.begin_frame(now);
    a.handle_keys();
    const double t = clock_s();
    a.panels_drawn.clear();
    a.widgets.clear();
    a.atlas.begin_frame();
    draw_windows(a);
    a.atlas.end_frame();
    const double ms = (clock_s() - t) * 1000.0;
    a.draw_ms = a.draw_ms > 0 ? 0.9 * a.draw_ms + 0.1 * ms : ms;
}

void App::work() { impl_->work(); }

void App::set_fill_callback(ImDrawCallback fill) { plot::set_fill_callback(fill); }

void App::set_texture_upload(TextureUpload upload) { impl_->atlas.set_upload(std::move(upload)); }

void App::set_diagram_callback(ImDrawCallback draw) { impl_->diagram.draw = draw; }

void App::set_diagram_error(const std::string& message) {
    impl_->changed();
    impl_->diagram.error = message;
}

void App::report_render(double present_ms, int triangles, int draw_calls) {
    Impl& a = *impl_;
    if (present_ms >= 0 && std::isfinite(present_ms)) a.present_ms = 0.9 * a.present_ms + 0.1 * present_ms;
    a.triangles = std::max(0, triangles);
    a.draw_calls = std::max(0, draw_calls);
}

void App::train() { impl_->changed(); impl_->train(); }
void App::pause() { impl_->changed(); impl_->pause(); }
void App::toggle_training() { impl_->changed(); impl_->toggle(); }
int App::step(int minibatches) { impl_->changed(); return impl_->step(minibatches); }
void App::epoch() { impl_->changed(); impl_->epoch(); }
void App::reset() { impl_->changed(); impl_->reset(); }
std::string App::configure(const nlohmann::json& changes) { impl_->changed(); return impl_->configure(changes); }

void App::note_input() { impl_->changed(); }

bool App::wants_frame(double now) const { return impl_->wants_frame(now); }

const Trainer& App::trainer() const { return impl_->trainer; }

AppState App::state() const {
    const AppCore& a = *impl_;
    AppState s;
    s.status = a.status();
    s.status_line = a.status_line();
    s.running = a.running;
    s.data_loaded = a.data_loaded;
    s.fps = a.fps;
    s.train_ms_per_frame = a.train_ms + a.eval_ms;
    s.draw_ms_per_frame = a.draw_ms;
    return s;
}

std::vector<std::string> App::panels_drawn() const { return impl_->panels_drawn; }

nlohmann::json App::state_json() const {
    const AppCore& a = *impl_;
    const TrainStats& s = a.trainer.stats();
    const EvalResult& e = a.trainer.last_eval();
    const NetConfig& n = a.trainer.net_config();
    const TrainConfig& t = a.trainer.train_config();
    auto finite_or_null = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    nlohmann::json j;
    j["status"] = a.status();
    j["status_line"] = a.status_line();
    j["running"] = a.running;
    j["data_loaded"] = a.data_loaded;
    j["data_source"] = a.source;
    j["loading"] = a.loading_fraction;
    j["epoch"] = s.epoch;
    j["epoch_progress"] = a.epochs_done();
    j["step"] = s.step;
    j["samples_seen"] = s.samples_seen;
    j["train_cost"] = finite_or_null(s.running_cost);
    j["batch_cost"] = finite_or_null(s.batch_cost);
    j["test_cost"] = e.samples > 0 ? finite_or_null(e.cost) : nlohmann::json();
    j["test_accuracy"] = e.samples > 0 ? nlohmann::json(e.accuracy) : nlohmann::json();
    j["test_evaluated_at_step"] = e.samples > 0 ? nlohmann::json(e.at_step) : nlohmann::json();
    j["evaluations"] = a.evaluations;
    j["parameters"] = n.parameter_count();
    j["architecture"] = n.architecture();
    j["hidden"] = n.hidden;
    nlohmann::json acts = nlohmann::json::array();
    for (Activation x : n.activations) acts.push_back(name_of(x));
    j["activations"] = acts;
    j["output"] = name_of(n.output);
    j["init"] = name_of(n.init);
    j["seed"] = n.seed;
    j["optimizer"] = name_of(t.optimizer);
    j["lr"] = t.learning_rate;
    j["batch"] = t.batch_size;
    j["momentum"] = t.momentum;
    j["beta1"] = t.beta1;
    j["beta2"] = t.beta2;
    j["epsilon"] = t.epsilon;
    j["weight_decay"] = t.weight_decay;
    j["shuffle_seed"] = t.shuffle_seed;
    j["train_subset"] = t.train_subset;
    j["train_size"] = a.train_size();
    j["test_size"] = a.test_set ? a.test_set->count : 0;
    j["speed"] = a.speed;
    j["seconds_trained"] = s.seconds_trained;
    j["samples_per_s"] = a.samples_per_s;
    j["diverged"] = s.diverged;
    j["message"] = s.diverged ? s.message : (a.notice.warning ? a.notice.text : std::string());
    j["notice"] = a.notice.text;
    j["fps"] = a.fps;
    j["frames"] = a.frames;
    j["frame_ms"] = a.frame_ms;
    j["train_ms"] = a.train_ms + a.eval_ms;
    j["eval_ms"] = a.eval_ms;
    j["draw_ms"] = a.draw_ms;
    j["present_ms"] = a.present_ms;
    j["triangles"] = a.triangles;
    j["draw_calls"] = a.draw_calls;
    j["budget_ms"] = a.budget.ms();
    j["renderer_bound"] = a.budget.renderer_bound();
    j["layout"] = name_of(a.layout.kind);
    nlohmann::json w = nlohmann::json::object();
    for (const auto& [name, r] : a.widgets) {
        w[name] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}, {"visible", r.visible}};
        if (!r.label.empty()) {
            w[name]["label"] = r.label;
            w[name]["label_fits"] = r.label_fits;
        }
    }
    j["widgets"] = w;
    j["view"] = name_of(a.ui.tab);
    j["log_y"] = a.ui.log_y;
    auto axis = [&](const UiState::Axis& x) {
        return nlohmann::json{{"has_data", x.has_data}, {"min", finite_or_null(x.min)}, {"max", finite_or_null(x.max)},
                              {"off_scale", x.off_scale}, {"off_scale_max", finite_or_null(x.off_scale_max)}};
    };
    j["diagram"] = diagram_json(a);
    j["stall"] = {{"cause", name_of(a.stall.cause)}, {"layer", a.stall.layer}, {"share", a.stall.share},
                  {"dead", a.stall.dead}, {"neurons", a.stall.neurons}};
    j["cost_axis"] = axis(a.ui.cost_axis);
    j["accuracy_axis"] = axis(a.ui.accuracy_axis);
    return j;
}

}  // namespace nnplay
