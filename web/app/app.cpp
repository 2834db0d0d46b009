// app.cpp: the App (see app.h): commands, the per-frame training budget, the
// test-evaluation schedule, the window layout, and state_json().
//
// [SECTION] AppCore: data and commands
// [SECTION] AppCore: the selected sample, the gallery's selection, the gradient
// [SECTION] AppCore: frame timing, training budget, evaluation schedule
// [SECTION] AppCore: keyboard
// [SECTION] AppCore: status text
// [SECTION] Windows (layout of the panels)
// [SECTION] App: the public face
#include "web/app/app.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>  // the window's MoveId, for drag-to-scroll on touch screens
#include <nlohmann/json.hpp>

#include "engine/settings/presets.h"
#include "web/app/a11y.h"
#include "web/app/app_core.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

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
        case ViewTab::Gradient: return "gradient";
        case ViewTab::Draw: return "draw";
        case ViewTab::Gallery: return "gallery";
        case ViewTab::Diagram: return "diagram";
        case ViewTab::Neuron: return "neuron";
    }
    return "?";
}

const char* name_of(SampleSource s) { return s == SampleSource::Drawn ? "drawn" : "test"; }

void DrawnDigit::update() {
    if (version == pad.version()) return;
    version = pad.version();
    has_ink = mnist_from_ink(pad.ink().data(), pad.width(), pad.height(), pixels);
}

ViewTab view_tab(const std::string& name) {
    for (int t = 0; t < kViewTabCount; ++t)
        if (name == name_of(ViewTab(t))) return ViewTab(t);
    return ViewTab::Sample;
}

//-----------------------------------------------------------------------------
// [SECTION] AppCore: data and commands
//-----------------------------------------------------------------------------

AppCore::AppCore() {
    ui.edit = trainer.net_config();
    settings.net = trainer.net_config();
    settings.train = trainer.train_config();
    history.start_settings = settings_query(settings, false, kDoorUi);
}

void AppCore::mark(const std::string& name, const char* label, bool label_fits) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const bool disabled = (GImGui->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
    widgets.push_back(
        {name, {a.x, a.y, b.x - a.x, b.y - a.y, ImGui::IsItemVisible(), label ? label : "", label_fits, disabled}});
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
    settle();
    trainer.set_data(train_set, test_set);
    if (lease) lease->set_data(train_set, test_set);
    data_loaded = trainer.has_data();
    loading_fraction = 1;
    if (data_loaded) error.clear();
    run.schedule.eval_active = false;
    run.schedule.eval_requested = true;
    run.schedule.last_eval_step = -1;
    if (test_set) ui.sample_index = std::clamp(ui.sample_index, 0, std::max(0, test_set->count - 1));
    ++model_changes;
    gallery_key = -1;
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
    settle();
    running = true;
    stop_at_epoch = -1;
    steps_left = -1;
    run.schedule.steps_owed = std::min(run.schedule.steps_owed, 1.0);
}

void AppCore::pause() {
    settle();
    running = false;
    stop_at_epoch = -1;
    steps_left = -1;
}

int AppCore::step_async(int n) {
    if (!data_loaded) return 0;
    n = std::clamp(n, 0, 1000000);
    const TrainStats& s = trainer.stats();
    const int batch = std::max(1, trainer.train_config().batch_size);
    // The measured pace, else about 10 GFLOP/s (6 flops per parameter and sample;
    // the WebAssembly engine does about 30 on the lecture's network).
    const double per_step = s.samples_per_s > 0 ? batch / s.samples_per_s
                                                : 6.0 * double(trainer.net_config().parameter_count()) * batch / 1e10;
    if (n * per_step <= 0.02 || s.diverged) return step(n);
    pause();
    running = true;
    steps_left = n;
    return -1;
}

void AppCore::toggle() {
    if (running) pause();
    else train();
}

int AppCore::step(int n) {
    if (!data_loaded) return 0;
    pause();
    if (run.schedule.eval_active) {
        // Finish the evaluation under way first, so it sees one model.
        RunReport r;
        RunPlan p = plan();
        run.finish_eval_now(trainer, p, now, r);
        apply_report(r);
    }
    n = std::clamp(n, 0, 1000000);
    if (trainer.stats().diverged) {
        train();  // refused: says why
        return 0;
    }
    const int epoch0 = trainer.stats().epoch;
    int done = 0;
    // The last step is described for the gradient view (before -> after): a
    // copy of the weights before it, which only a Step pays for.
    Mlp before;
    while (done < n) {
        if (done == n - 1) before = trainer.model();
        if (trainer.train_steps(1) != 1) break;
        ++model_changes;
        history.train.add(double(trainer.stats().samples_seen), double(trainer.stats().batch_cost));
        ++done;
    }
    if (done == n && done > 0) step_report = describe_step(before, trainer, kGradientListed);
    if (trainer.stats().epoch != epoch0) run.schedule.eval_epoch_end = true;
    if (reached_epoch_limit(epoch0))
        notify("Epoch " + std::to_string(trainer.stats().epoch) + " done: the Stop after setting (" +
               std::to_string(settings.epochs) + ") would pause training here.");
    if (trainer.stats().diverged) notice = Notice{};  // the status line says it all
    run.schedule.eval_requested = true;
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

bool AppCore::reached_epoch_limit(int epoch_before) const {
    const int limit = settings.epochs;
    return limit > 0 && epoch_before < limit && trainer.stats().epoch >= limit;
}

void AppCore::restart_measuring() {
    settle();
    run.restart();
    meter.clear();
}

void AppCore::archive_history() {
    if (history.train.raw_count() == 0) return;
    previous = history;
    previous.label = run_label();
}

void AppCore::reset() {
    settle();
    UndoPoint undo(*this, "Reset");
    archive_history();
    trainer.reset();
    ++model_changes;
    forget_old_network();
    gallery_key = -1;
    history.clear();
    history.start_settings = settings_query(settings, false, kDoorUi);
    pause();
    restart_measuring();
    ui.editing = false;
    notify("Reset: back to the first weights of seed " + std::to_string(trainer.net_config().seed) +
           ", so the same training repeats" +
           (previous.empty() ? "" : " (the previous run stays in the plot, greyed)") +
           ". New seed starts from different weights.");
}

void AppCore::new_seed() {
    NetConfig cfg = trainer.net_config();
    // The next seed from a generator seeded by the current one and the clock:
    // different every time, any value a typed seed could have.
    uint32_t x = cfg.seed ^ static_cast<uint32_t>(clock_s() * 1e6);
    do {
        x = x * 1664525u + 1013904223u;
    } while (x == cfg.seed);
    cfg.seed = x;
    if (!apply_net(cfg).empty()) return;  // said why
    pause();
    notify("New seed " + std::to_string(x) + ": different first weights, training starts over" +
           (previous.empty() ? "." : " (the previous run stays in the plot, greyed)."));
}

namespace {
// The settings with `net` or `train` replaced, for checking the locks.
Settings with(Settings s, const NetConfig* net, const TrainConfig* train) {
    if (net) s.net = *net;
    if (train) s.train = *train;
    return s;
}
}  // namespace

std::string AppCore::apply_net(const NetConfig& cfg) {
    if (cfg == trainer.net_config()) return "";
    settle();
    const TrainConfig tc = trainer.train_config();
    const Settings before = with(settings, &trainer.net_config(), &tc);
    std::string err = check_locks(before, with(before, &cfg, nullptr));
    if (!err.empty()) {
        notify(err + ".", true);
        return err;
    }
    err = cfg.validate();
    if (err.empty()) err = check_training_memory(cfg, trainer.train_config().batch_size);
    if (!err.empty()) {
        notify("Not applied: " + err + ".", true);
        return err;
    }
    const std::string old_label = run_label();
    const bool had_history = history.train.raw_count() > 0;
    const NetConfig old_cfg = trainer.net_config();
    const uint32_t old_seed = old_cfg.seed;
    UndoPoint undo(*this, cfg.seed != trainer.net_config().seed && cfg.hidden == trainer.net_config().hidden
                              ? "New seed" : "New network");
    if (page_setup) undo.cancel();  // a page's own setup: nothing of the student's to bring back
    err = trainer.set_net_config(cfg);
    if (!err.empty()) {
        undo.cancel();
        notify("Not applied: " + err + ".", true);
        return err;
    }
    // The previous run stays greyed only beside the same setup (a new seed):
    // another network starts the plots on its own scale.
    NetConfig same = trainer.net_config();
    same.seed = old_seed;
    if (had_history && same == old_cfg) {
        previous = history;
        previous.label = old_label;
    } else {
        previous.clear();
    }
    ++model_changes;
    forget_old_network();
    gallery_key = -1;
    history.clear();
    run.schedule.eval_active = false;
    run.schedule.eval_requested = true;
    run.schedule.eval_epoch_end = false;
    run.schedule.last_eval_step = -1;
    stop_at_epoch = -1;
    ui.editing = false;
    settings.net = trainer.net_config();
    history.start_settings = settings_query(settings, false, kDoorUi);
    // Not for a page's own setup (data-config's hidden=32): nothing happened yet.
    if (!page_setup)
        notify("New network " + cfg.architecture() + " (" + text::thousands(cfg.parameter_count()) +
               " weights and biases): fresh weights from seed " + std::to_string(cfg.seed) +
               ", training starts over.");
    return "";
}

namespace {
std::string num(double v) { return text::number(v, 4); }

// A setting's name inside a sentence: "learning rate", "batch size" (the
// table's label, lower case unless it starts with a symbol or an acronym),
// led by the optimizer for the settings of one optimizer ("Adam β1",
// "RMSprop ρ"); the subset's label ("Images") says which images.
std::string marker_words(const Setting& row, OptimizerKind opt) {
    std::string w = row.label;
    if (std::string_view(row.key) == "train_subset") w = "training subset";
    else if (w.size() > 1 && std::isupper(static_cast<unsigned char>(w[0])) &&
             std::islower(static_cast<unsigned char>(w[1])))
        w[0] = char(std::tolower(static_cast<unsigned char>(w[0])));
    if (row.optimizers != 0 && row.applies_to(opt) && std::string_view(row.key) != "momentum")
        w = std::string(label_of(opt)) + " " + w;
    return w;
}
}  // namespace

std::string AppCore::apply_train(const TrainConfig& cfg) {
    const TrainConfig old = trainer.train_config();
    if (cfg == old) return "";
    settle();
    const Settings before = with(settings, &trainer.net_config(), &old);
    if (std::string err = check_locks(before, with(before, nullptr, &cfg)); !err.empty()) {
        notify(err + ".", true);
        return err;
    }
    const bool was_diverged = trainer.stats().diverged;
    const std::string err = trainer.set_train_config(cfg);
    if (!err.empty()) {
        notify("Not applied: " + err + ".", true);
        return err;
    }
    const TrainStats& s = trainer.stats();
    const double x = double(s.samples_seen);
    // A marker for each training setting of the table that changed (every
    // one: a new row needs nothing here), in the table's words: "learning
    // rate 3 → 0.5", "Adam β1 0.9 → 0.8".
    const Settings after = with(before, nullptr, &trainer.train_config());
    for (const Setting& row : settings_table()) {
        if (row.scope != SettingScope::Training || !row.get) continue;
        const nlohmann::json va = row.get(before), vb = row.get(after);
        if (va == vb) continue;
        auto shown = [&](const nlohmann::json& v) -> std::string {
            if (row.type == SettingType::Float && v.is_number()) return num(v.get<double>());
            if (row.type == SettingType::Choice && v.is_string())  // the UI's label: "SGD", "RMSprop"
                for (std::size_t i = 0; i < row.choices.size() && i < row.choice_labels.size(); ++i)
                    if (v.get<std::string>() == row.choices[i]) return row.choice_labels[i];
            return setting_display(row, v);
        };
        history.mark(x, s.step, row.key, shown(va), shown(vb), marker_words(row, cfg.optimizer), now);
    }
    settings.train = trainer.train_config();
    // The history's record of this change holds every setting from here on.
    if (!history.markers.empty() && history.markers.back().step == s.step)
        history.markers.back().settings = settings_query(settings, false, kDoorUi);
    if (was_diverged && !trainer.stats().diverged)
        notify("Settings changed: training can continue from the last good weights.");
    return "";
}

void AppCore::set_speed(double s) {
    const Setting& row = *find_setting("speed");
    settle();
    settings.speed = s > 0 ? std::clamp(s, row.min, row.max) : 0;
    run.schedule.steps_owed = std::min(run.schedule.steps_owed, 1.0);
}

void AppCore::select_test_sample(int index) {
    const int n = test_set ? test_set->count : 0;
    ui.sample_index = std::clamp(index, 0, std::max(0, n - 1));
    ui.sample_source = SampleSource::Test;
    changed();
}

void AppCore::select_drawn_sample() {
    drawn.update();
    if (!drawn.has_ink) {
        notify("Draw a digit first (in the Draw view).", true);
        return;
    }
    ui.sample_source = SampleSource::Drawn;
    changed();
}

void AppCore::open_gallery(const TestQuery& q) {
    ui.gallery = q;
    ui.gallery_scroll_top = true;
    select_view(name_of(ViewTab::Gallery));
    changed();
}

namespace {
// The controls that live outside the controls column, and what they need shown.
struct PlacedControl { const char* name; const char* needs; };
constexpr PlacedControl kPlacedControls[] = {
    {"log_y", "cost"}, {"train_accuracy", "accuracy"}, {"files", "cost|accuracy"}, {"view", "views"},
    {"preset", ""}, {"share", ""},  // the lesson strip, which always has room
};

// The first view the panels show, in the tabs' order (the table's list of views); "" when none.
std::string first_view_shown(const Settings& s) {
    for (const char* v : find_setting("view")->choices)
        if (s.shows(v)) return v;
    return "";
}

bool any_view_shown(const Settings& s) { return !first_view_shown(s).empty(); }

// The view to show: the one asked for when the panels show it, else the first they show.
std::string view_shown(const Settings& s) {
    if (s.shows(s.view) || !any_view_shown(s)) return s.view;
    return first_view_shown(s);
}
}  // namespace

bool AppCore::wants_controls_strip() const {
    if (settings.shows("controls") || settings.controls == Settings{}.controls) return false;
    for (const std::string& c : settings.controls) {
        const bool elsewhere = std::any_of(std::begin(kPlacedControls), std::end(kPlacedControls),
                                           [&](const PlacedControl& p) { return c == p.name; });
        if (!elsewhere) return true;  // a run button or a setting of the column
    }
    return false;
}

std::string AppCore::page_conflict() const {
    std::string out;
    auto add = [&](const std::string& what) { out += (out.empty() ? "" : "; ") + what; };
    if (settings.controls != Settings{}.controls) {
        for (const PlacedControl& p : kPlacedControls) {
            if (!*p.needs || !shows(p.name)) continue;
            const std::string needs = p.needs;
            const bool room = needs == "views" ? any_view_shown(settings)
                              : needs == "cost|accuracy" ? settings.shows("cost") || settings.shows("accuracy")
                                                         : settings.shows(needs);
            if (!room)
                add(std::string("controls names ") + p.name + ", which sits on " +
                    (needs == "views" ? "the views" : needs == "cost|accuracy" ? "the plots" : "the " + needs + " plot") +
                    ", but panels leaves " + (needs == "cost|accuracy" || needs == "views" ? "them" : "it") + " out");
        }
    }
    if (locked("view") && any_view_shown(settings) && !settings.shows(settings.view))
        add("lock fixes the view " + settings.view + ", but panels leaves it out");
    return out.empty() ? out : "This page asks for what cannot show: " + out + ".";
}

void AppCore::select_view(const std::string& name) {
    settings.view = name;
    ui.tab = view_tab(name);
    ui.select_tab = true;
    ui.curves_tab = false;  // where the curves share tabs with the views, this view's tab opens
}

std::string AppCore::apply(const Settings& next, bool lesson) {
    // The run or the schedule's plan changes here, on the App's exact copy
    // (run_controller.h); a view or a control shown does not stop the lease.
    if (lesson || !(next.net == trainer.net_config()) || !(next.train == trainer.train_config()) ||
        next.speed != settings.speed || next.epochs != settings.epochs || next.train_accuracy != settings.train_accuracy)
        settle();
    if (std::string err = validate_settings(next, subset_max()); !err.empty()) return err;
    Settings before = settings;
    before.net = trainer.net_config();
    before.train = trainer.train_config();
    if (std::string err = check_locks(before, next); !err.empty()) return err;
    const TrainConfig old_tc = trainer.train_config();
    const NetConfig old_net = trainer.net_config();
    const auto old_markers = history.markers;
    // A lesson throws the run away (and so may a new network): one undo for all of it.
    UndoPoint undo(*this, lesson ? "Lesson" : "New network");
    if (!lesson && next.net == old_net) undo.cancel();
    if (page_setup) undo.cancel();  // a page's own setup replaced nothing the student made
    std::string err;
    if (next.train != old_tc && !(err = apply_train(next.train)).empty()) return err;
    if (next.net != trainer.net_config() && !(err = apply_net(next.net)).empty()) {
        trainer.set_train_config(old_tc);
        settings.train = old_tc;
        history.markers = old_markers;
        undo.cancel();
        return err;
    }
    if (next.speed != settings.speed) set_speed(next.speed);
    settings.epochs = next.epochs;
    if (next.view != settings.view) select_view(next.view);
    settings.log_y = next.log_y;
    settings.neuron_layer = next.neuron_layer;
    settings.neuron_index = next.neuron_index;
    if (next.train_accuracy && !settings.train_accuracy) run.schedule.eval_requested = true;  // measure it now
    settings.train_accuracy = next.train_accuracy;
    // Text size and colors: the main loop sees style_changed() and rebuilds the font between frames.
    settings.ui_scale = next.ui_scale;
    settings.theme = next.theme;
    settings.panels = next.panels;
    settings.controls = next.controls;
    settings.lock = next.lock;
    settings.preset = next.preset;
    if (lesson) {
        // A lesson starts from its first weights, whatever came before.
        if (trainer.net_config() == old_net) reset();
        // Another lesson's run would set the plots' scale (100,000 images
        // beside 1,000): only the same lesson, reloaded, keeps it greyed.
        if (before.preset != next.preset || before.train != next.train || old_net != next.net) previous.clear();
        pause();
        ui.lesson_visible = true;
        select_view(next.view);
        ui.select_curves = true;
        notice = Notice{};  // the lesson's text says what happens
    }
    // The view on screen is one the panels show (panels=cost,diagram shows
    // the diagram, and state().view says so), unless a lesson locked another.
    if (!locked("view"))
        if (const std::string v = view_shown(settings); v != settings.view) select_view(v);
    // What the page asks for and cannot have: said once (and in state().warnings).
    if (const std::string conflict = page_conflict(); conflict != conflict_warned) {
        if (!conflict.empty()) notify(conflict, true);
        conflict_warned = conflict;
    }
    return "";
}

void AppCore::share() {
    Settings current = settings;
    current.net = trainer.net_config();
    current.train = trainer.train_config();
    const std::string query = share_query(current);
    if (share_handler) {
        const App::ShareLink link = share_handler(query);
        ui.share_link = link.url;
        ui.share_copied = link.copied;
        if (link.shown_by_page) return;
    } else {
        ui.share_link = "index.html?" + query;
        ImGui::SetClipboardText(ui.share_link.c_str());
        ui.share_copied = true;
    }
    ui.share_open = true;
}

//-----------------------------------------------------------------------------
// [SECTION] AppCore: the selected sample, the gallery's selection, the gradient
//-----------------------------------------------------------------------------

int AppCore::sample_test_index() const {
    if (ui.sample_source != SampleSource::Test || !test_set || test_set->count == 0) return -1;
    return std::clamp(ui.sample_index, 0, test_set->count - 1);
}

const float* AppCore::sample_pixels() const {
    if (ui.sample_source == SampleSource::Drawn) return drawn.has_ink ? drawn.pixels : nullptr;
    const int i = sample_test_index();
    return i >= 0 ? test_set->image(i) : nullptr;
}

int AppCore::sample_label() const {
    if (ui.sample_source == SampleSource::Drawn) return drawn.has_ink ? drawn.label : -1;
    const int i = sample_test_index();
    return i >= 0 ? test_set->labels[size_t(i)] : -1;
}

std::string AppCore::sample_name() const {
    if (ui.sample_source == SampleSource::Drawn) return "your drawing";
    const int i = sample_test_index();
    return i >= 0 ? "test image " + text::thousands(i) : "no image";
}

SampleView AppCore::sample_view() const {
    const float* x = sample_pixels();
    if (!x || (test_set && test_set->dim != trainer.net_config().inputs)) return SampleView{};
    return trainer.inspect(x, sample_label());
}

const std::vector<int>& AppCore::gallery_selection() {
    if (gallery_key != run.schedule.evaluations || gallery_made_for != ui.gallery) {
        gallery_items = test_set ? select_test_images(trainer.last_eval(), *test_set, ui.gallery) : std::vector<int>{};
        gallery_key = run.schedule.evaluations;
        gallery_made_for = ui.gallery;
    }
    return gallery_items;
}

void AppCore::forget_old_network() {
    // Assigning a smaller gradient would keep the big one's capacity: made anew.
    gradient = GradientSnapshot{};
    step_report = StepReport{};
}

void AppCore::refresh_gradient() {
    GradientSnapshot& s = gradient;
    const GradientMode mode = ui.gradient_mode;
    long long source = -1;  // which sample, in sample mode
    if (mode == GradientMode::Sample) {
        drawn.update();
        source = ui.sample_source == SampleSource::Test ? sample_test_index()
                                                        : (1LL << 40) + drawn.version * 16 + (drawn.label + 1);
    }
    // A snapshot of another network's shapes (a new architecture) is never shown.
    const auto& layers = trainer.model().layers();
    bool same_shapes = s.g.dW.size() == layers.size();
    for (size_t l = 0; same_shapes && l < layers.size(); ++l)
        same_shapes = s.g.dW[l].size() == layers[l].W.size() && s.g.db[l].size() == layers[l].b.size();
    if (!same_shapes) s.valid = false;
    if (s.mode == mode && s.key == model_changes && s.source_key == source && (same_shapes || !s.valid)) return;
    // While training, a few times a second: a copy of a large gradient every
    // frame would cost more than the picture is worth.
    if (running && same_shapes && s.mode == mode && s.source_key == source && now - s.at < 0.25) return;
    s.mode = mode;
    s.key = model_changes;
    s.source_key = source;
    s.at = now;
    s.valid = false;
    s.top.clear();
    s.parameters = trainer.model().parameter_count();
    if (mode == GradientMode::Minibatch) {
        if (trainer.gradient_step() < 0) return;
        s.g = trainer.last_gradients();
        s.step = trainer.gradient_step();
        s.batch = int(trainer.last_batch().size());
        s.loss = NAN;
    } else {
        const float* x = sample_pixels();
        const int label = sample_label();
        if (!x || label < 0 || (test_set && test_set->dim != trainer.net_config().inputs)) return;
        s.loss = trainer.sample_gradient(x, label, s.g);
        s.step = trainer.stats().step;
        s.batch = 1;
    }
    s.top = largest_gradients(s.g, kGradientListed);
    s.layer_max.assign(s.g.dW.size(), 0.0f);
    for (size_t l = 0; l < s.g.dW.size(); ++l) s.layer_max[l] = max_abs(s.g.dW[l].data(), s.g.dW[l].size());
    s.valid = true;
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
        const double speed = settings.speed;
        if (running && speed == 0) budget.update(ms);
        if (running && speed > 0 && !(lease && lease->active())) run.earn(dt, plan());
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
    // Training beside the frames: a frame for each report (a few, so that
    // the curve moves at the reports' rate) and otherwise 30 a second, which
    // keeps the status alive at half the cost to the page and the GPU
    // while a big network's step takes seconds.
    if (lease && lease->active() && !run.schedule.eval_active)
        return frames_to_draw > 0 || ImGui::GetIO().WantTextInput || !(t - last_frame_time < 1.0 / 30);
    return running || run.schedule.eval_active ||
           (run.schedule.eval_requested && run.eval_due(trainer, plan(), now)) || !data_loaded || stop_at_epoch >= 0 ||
           frames_to_draw > 0 || ImGui::GetIO().WantTextInput || !(t - last_frame_time < 0.5);
}

RunPlan AppCore::plan() const {
    RunPlan p;
    p.running = running;
    p.speed = settings.speed;
    p.epochs_limit = settings.epochs;
    p.stop_at_epoch = stop_at_epoch;
    p.train_accuracy = settings.train_accuracy;
    p.steps_left = steps_left;
    for (const TestPoint& t : history.tests) p.quick_points += t.images > 0 ? 1 : 0;
    return p;
}

void AppCore::settle() {
    if (lease) lease->end();
}

void AppCore::apply_report(RunReport& r) {
    if (steps_left >= 0) steps_left = std::max<long long>(0, steps_left - (long long)r.step_costs.size());
    for (std::size_t i = 0; i < r.step_costs.size(); ++i) {
        ++model_changes;
        history.train.add(r.step_samples[i], double(r.step_costs[i]));
    }
    for (const TestPoint& p : r.tests) history.add_test(p);
    if (!r.tests.empty()) changed();  // new test figures to draw, even when paused
    if (r.passes > 0) {
        gallery_key = -1;
        stall = diagnose_stall(history, trainer.last_eval(), r.pass_gradient_sizes);
    }
    const TrainStats& s = trainer.stats();
    switch (r.stop) {
        case RunStop::None: break;
        case RunStop::Diverged:
            running = false;
            changed();
            notice = Notice{};  // the status line says it all, once
            break;
        case RunStop::EpochLimit:
            running = false;
            changed();
            stop_at_epoch = -1;
            // Names the control only where the page shows it.
            notify("Stopped after " + std::to_string(s.epoch) + (s.epoch == 1 ? " epoch" : " epochs") +
                   (shows("epochs") ? " (Stop after, in Training)" : "") +
                   (shows("train") ? ". Press Train to go on." : "."));
            break;
        case RunStop::EpochDone:
            running = false;
            changed();
            stop_at_epoch = -1;
            notify("Epoch " + std::to_string(s.epoch) + " done.");
            break;
        case RunStop::StepsDone:
            running = false;
            changed();
            steps_left = -1;
            break;
    }
    train_ms = 0.9 * train_ms + 0.1 * r.trained_s * 1000.0;
    eval_ms = 0.9 * eval_ms + 0.1 * r.evaluated_s * 1000.0;
}

//-----------------------------------------------------------------------------
// Training runs beside the frames while a lease holds the run (a thread on
// the desktop, a worker in the page): the frame only takes its reports. With
// no lease to be had (the headless tests, a page where no worker starts) it
// runs inside the frame, after the frame's drawing was submitted, for a budget
// that FrameBudget adapts to the measured frame time (frame_budget.h).
void AppCore::work() {
    if (!data_loaded) return;
    // The gradient view shows the gradient each step applied: the far side's
    // reports carry the run, not its last gradient, so while that view shows
    // it, training runs in the frames (slower, and every step's gradient at hand).
    const bool gradient_here = settings.view == name_of(ViewTab::Gradient) && ui.gradient_mode == GradientMode::Minibatch;
    if (lease && lease->active() && gradient_here) settle();
    if (lease && lease->active()) {
        RunReport r;
        std::string err;
        while (lease->poll(trainer, run.schedule, now, r, &err)) {
            apply_report(r);
            frames_to_draw = std::max(frames_to_draw, 3);
        }
        if (!err.empty()) {
            lease_failure_said = true;
            notify("Training beside the page stopped (" + err + "); it goes on in the frames.", true);
        }
        return;
    }
    if (lease && running && !trainer.stats().diverged && lease->ready() && !gradient_here) {
        lease->start(trainer, run.schedule, plan(), now);
        return;
    }
    // Paused, a dear pass (a big network's test set takes seconds) is measured
    // there too: the far side evaluates and sends the run back with it.
    if (lease && !running && (lease->ready() || lease->starting()) && test_set && run.eval_due(trainer, plan(), now)) {
        const double images = test_set->count + (settings.train_accuracy ? train_size() : 0);
        const double pass_s = std::max(images * run.schedule.eval_s_per_image,
                                       2.0 * double(trainer.net_config().parameter_count()) * images / 1e10);
        if (pass_s > 0.03 && lease->ready()) {
            run.schedule.eval_active = false;  // a slice taken here is taken again there, whole
            lease->start(trainer, run.schedule, plan(), now);
            return;
        }
        if (pass_s > 0.03) {  // the worker is loading: wait for it a little, as training does
            if (!(lease_wait_from > 0)) lease_wait_from = now;
            if (now - lease_wait_from < kLeaseWaitSeconds) return;
        }
    }
    // The worker is still loading: a few seconds' wait beats a frame held by a step.
    if (lease && running && lease->starting()) {
        if (!(lease_wait_from > 0)) lease_wait_from = now;
        if (now - lease_wait_from < kLeaseWaitSeconds) return;
    }
    if (lease && running && !lease_failure_said && !lease->failure().empty()) {
        lease_failure_said = true;
        notify("Training runs in the page's frames (" + lease->failure() + "): the page may feel slower.", true);
    }
    RunPlan p = plan();
    RunReport r;
    run.work(trainer, p, now, clock_s() + budget.ms() / 1000.0, r);
    apply_report(r);
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
        // Each key works while its button shows (the "controls" setting).
        const Shortcut k = shortcut_of(io.InputQueueCharacters[i]);
        if (k == Shortcut::None || !shows(control_of(k))) continue;
        switch (k) {
            case Shortcut::TrainPause:
                if (!io.NavVisible) toggle();
                break;
            case Shortcut::Step: step(1); break;
            case Shortcut::Reset: reset(); break;
            case Shortcut::None: break;
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
    // Worded from the trainer's record (what happened, at which step, where the
    // weights went back), never from its English message.
    const DivergenceRecord& r = trainer.stats().divergence;
    Divergence d;
    std::string why;
    switch (r.kind) {
        case DivergenceKind::None: break;
        case DivergenceKind::CostNaN: why = "the cost became NaN (the numbers overflowed)"; break;
        case DivergenceKind::CostInfinite: why = "the cost became infinite"; break;
        case DivergenceKind::GradientInfinite: why = "the gradient became infinite"; break;
        case DivergenceKind::GradientExploded:
            why = "the gradient exploded (largest component " + text::number(r.value, 3) + ")";
            break;
    }
    if (r.kind == DivergenceKind::None) {
        d.what = "Training diverged.";
    } else {
        d.what = "Diverged at step " + text::thousands(r.step) + ": " + why + ".";
        d.restored = "The weights went back to those of step " + text::thousands(r.restored_step) + ".";
    }
    d.todo = too_large_advice();
    return d;
}

// Only what the student can do here: a lesson may lock or hide the learning
// rate, or hide Reset.
std::string AppCore::too_large_advice() const {
    const std::string lr = text::number(trainer.train_config().learning_rate, 7);
    const bool lower = can_change("lr"), reset = shows("reset");
    if (lower && reset) return "Lower the learning rate (now " + lr + "), then press Train; or press Reset for new weights.";
    if (lower) return "Lower the learning rate (now " + lr + "), then press Train.";
    if (reset) return "This lesson set the learning rate (" + lr + "): press Reset to watch it again.";
    return "This lesson set the learning rate (" + lr + "): this is what it shows.";
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
               " weights and biases. " + (ui::touch() ? "Tap Train to start." : "Press Train (Space) to start.");
    if (st == "diverged") {
        const Divergence d = divergence();
        return d.what + (d.restored.empty() ? "" : " " + d.restored) + " " + d.todo;
    }
    std::string line = st == "training" ? "Training" : "Paused";
    line += ": epoch " + text::printf("%.2f", epochs_done()) + ", step " + text::thousands(s.step);
    if (std::isfinite(s.running_cost)) line += ", cost " + text::number(s.running_cost, 3);
    if (e.samples > 0) line += ", test accuracy " + text::percent(e.accuracy);
    if (stall.cause != Stall::Cause::None && !history.tests.empty())
        line += ". " + stall_text();
    return line;
}

std::vector<AppCore::LessonChange> AppCore::lesson_changes() const {
    std::vector<LessonChange> out;
    const Preset* p = find_preset(settings.preset);
    if (!p) return out;
    const Settings lesson = preset_settings(*p);
    Settings now = settings;
    now.net = trainer.net_config();
    now.train = trainer.train_config();
    for (const Setting& row : settings_table()) {
        if (row.scope != SettingScope::Network && row.scope != SettingScope::Training) continue;
        // The lesson's name itself, and the architecture that hidden and
        // activations already say.
        if (std::string_view(row.key) == "preset" || std::string_view(row.key) == "architecture") continue;
        if (!row.get || !row.applies_to(now.train.optimizer)) continue;
        const std::string a = setting_to_text(row, row.get(now)), b = setting_to_text(row, row.get(lesson));
        if (a != b) out.push_back({row.key, a, b});
    }
    return out;
}

std::string AppCore::lesson_changes_text() const {
    std::string t;
    for (const LessonChange& c : lesson_changes()) t += (t.empty() ? "" : ", ") + c.key + " " + c.now;
    return t;
}

std::string AppCore::lesson_text() const {
    const Preset* p = find_preset(settings.preset);
    if (!p) return "";
    const std::vector<LessonChange> changes = lesson_changes();
    if (changes.empty()) return p->text;
    std::string was;
    for (const LessonChange& c : changes) was += (was.empty() ? "" : ", ") + c.key + " " + c.lesson;
    // The lesson's figures and promised outcome were measured on its own
    // setup: only its question is told for this one.
    return "Changed since the lesson was loaded: " + lesson_changes_text() + " (the lesson's: " + was +
           "). The lesson's figures were measured on its own setup, so they are left out here. Its question: " +
           p->question;
}

std::string AppCore::status_word() const {
    const std::string st = status();
    const bool stuck = stall.cause != Stall::Cause::None && !history.tests.empty();
    if (st == "training") return stuck ? "Training, stuck: the message box says why." : "Training";
    if (st == "paused") return stuck ? "Paused, stuck: the message box says why." : "Paused";
    if (st == "ready") return ui::touch() ? "Ready: tap Train to start." : "Ready: press Train (Space) to start.";
    if (st == "diverged") return "Diverged: the message box says what to do.";
    return status_line();  // loading: "Loading MNIST… 40%"; error: said whole
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

// The message box: what a change did (a notice, for a few seconds) or, while
// training is diverged, what happened and what to do; while it is stuck, why.
// It floats clear of the curves: over the views' window, at the foot of the
// controls when the views share the curves' window, or the bottom of a
// phone's screen; it takes no input: it never moves a control or catches a
// click meant for one.
void draw_messages(AppCore& app) {
    const Layout& l = app.layout;
    const float em = ImGui::GetFontSize();
    std::vector<std::pair<std::string, ImVec4>> lines;
    if (app.trainer.stats().diverged) {
        const AppCore::Divergence d = app.divergence();
        lines.push_back({d.what, ImVec4(1.0f, 0.45f, 0.40f, 1.0f)});
        if (!d.restored.empty()) lines.push_back({d.restored, ImGui::GetStyleColorVec4(ImGuiCol_Text)});
        lines.push_back({d.todo, ImVec4(1.0f, 0.75f, 0.45f, 1.0f)});
    } else {
        // Training that is stuck (stall.h), in the lecture's words, for as long as it is.
        const std::string st = app.status();
        if ((st == "training" || st == "paused") && app.stall.cause != Stall::Cause::None && !app.history.tests.empty())
            lines.push_back({app.stall_text(),
                             ImVec4(1.0f, 0.62f, 0.35f, 1.0f)});
        const Notice& n = app.notice;
        const double shown_for = n.warning ? kWarningSeconds : kNoticeSeconds;
        if (!n.text.empty() && app.now - n.at < shown_for)
            lines.push_back({n.text, n.warning ? ImVec4(1.0f, 0.62f, 0.35f, 1.0f) : ImGui::GetStyleColorVec4(ImGuiCol_Text)});
    }
    if (lines.empty()) return;
    float width = 0;
    if (l.kind == LayoutKind::Column) {
        width = l.column.w - 2 * em;
        ImGui::SetNextWindowPos(ImVec2(l.column.x + 0.5f * l.column.w, l.column.bottom() - 0.5f * em), ImGuiCond_Always,
                                ImVec2(0.5f, 1.0f));
    } else if (!l.views.empty() && !l.views_with_plots && !l.cost.empty()) {
        // Never over the curves, the very thing a lesson is about (issue 20:
        // the box covered most of both plots): over the views' window, below
        // its title and tabs, at its right.
        const Rect& r = l.views;
        width = std::min(28 * em, 0.6f * r.w);
        ImGui::SetNextWindowPos(ImVec2(r.right() - 1.2f * em, r.y + 4.4f * em), ImGuiCond_Always, ImVec2(1.0f, 0.0f));
    } else if (!l.controls.empty() && !l.cost.empty()) {
        // The curves share their window with the views: at the foot of the
        // controls' column instead.
        const Rect& r = l.controls;
        width = r.w - 2 * em;
        ImGui::SetNextWindowPos(ImVec2(r.x + 0.5f * r.w, r.bottom() - 0.5f * em), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    } else {
        // What a page shows instead of the curves (or the curves alone).
        const Rect& r = !l.views.empty() ? l.views : !l.controls.empty() ? l.controls : l.cost;
        width = std::min(28 * em, 0.6f * r.w);
        ImGui::SetNextWindowPos(ImVec2(r.right() - 1.2f * em, r.y + 5.6f * em), ImGuiCond_Always,
                                ImVec2(1.0f, 0.0f));
    }
    // As wide as the longest line needs, up to `width`.
    float need = 0;
    for (const auto& [text, color] : lines) need = std::max(need, ImGui::CalcTextSize(text.c_str()).x);
    const float inner = std::min(width, need + 1.0f);
    ImGui::SetNextWindowBgAlpha(0.94f);
    constexpr ImGuiWindowFlags kMessage = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs |
                                          ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoFocusOnAppearing |
                                          ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    if (ImGui::Begin("##messages", nullptr, kMessage)) {
        for (const auto& [text, color] : lines) {
            ImGui::PushStyleColor(ImGuiCol_Text, ui::readable(color));
            ui::wrapped(text, inner);
            ImGui::PopStyleColor();
        }
        const ImVec2 p = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
        app.widgets.push_back({"messages", {p.x, p.y, sz.x, sz.y, true, "", true}});
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

void controls_body(AppCore& app) {
    panel_run(app);
    panel_speed(app);
    panel_status(app);
    section_network(app);
    section_training(app);
}

// What the panels a page shows ("panels") and the lesson strip need.
LayoutParts parts_of(const AppCore& app) {
    const Settings& st = app.settings;
    LayoutParts parts;
    parts.controls = st.shows("controls");
    parts.plots = (st.shows("cost") ? 1 : 0) + (st.shows("accuracy") ? 1 : 0);
    parts.views = 0;
    for (int t = 0; t < kViewTabCount; ++t) parts.views += st.shows(name_of(ViewTab(t))) ? 1 : 0;
    parts.lecture_views = 0;
    for (const char* v : {"sample", "confusion", "weights"}) parts.lecture_views += st.shows(v) ? 1 : 0;
    // Before the strip was ever drawn: the run buttons and one slider's row.
    if (!parts.controls && app.wants_controls_strip())
        parts.strip_h = app.ui.strip_h > 0 ? app.ui.strip_h : std::ceil(5.4f * ImGui::GetFontSize());
    return parts;
}

// The lesson strip's height at `width`: a row with the lesson's choice, its
// text button and Share, and the text when shown (at most 7 lines, then it
// scrolls); 0 when there is nothing to show.
float lesson_height(const AppCore& app, float width) {
    const Preset* p = find_preset(app.settings.preset);
    const bool text = p && app.ui.lesson_visible;
    if (!app.shows("preset") && !app.shows("share") && !text) return 0;
    const ImGuiStyle& st = ImGui::GetStyle();
    float h = 2 * st.WindowPadding.y + ImGui::GetFrameHeight();
    if (text) {
        const int lines = std::min(7, ui::wrapped_lines(app.lesson_text(), width - 2 * st.WindowPadding.x));
        h += st.ItemSpacing.y + lines * ImGui::GetTextLineHeightWithSpacing();
    }
    return std::ceil(h);
}

// The Share button's popup: the link, to select and copy.
void draw_share(AppCore& app) {
    if (app.ui.share_open) {
        ImGui::OpenPopup("Share this setup");
        app.ui.share_open = false;
    }
    const ImGuiIO& io = ImGui::GetIO();
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x - 2 * em, 34 * em), 0), ImGuiCond_Always);
    if (!ImGui::BeginPopup("Share this setup")) return;
    ImGui::TextUnformatted("Share this setup");
    ui::hint("The link opens the full-window playground with every setting that differs from the defaults, seeds "
             "included: taking the same steps there gives the same costs.");
    char buf[2048];
    const std::size_t n = std::min(app.ui.share_link.size(), sizeof buf - 1);
    std::memcpy(buf, app.ui.share_link.data(), n);
    buf[n] = 0;
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputText("##link", buf, sizeof buf, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
    app.mark("share_link");
    ImGui::TextDisabled("%s", app.ui.share_copied ? "Copied to the clipboard." : "Select it and copy it.");
    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
    app.mark("share_close");
    ImGui::EndPopup();
}

void draw_windows(AppCore& app) {
    ui::close_popups_on_escape_or_click_outside();
    const ImGuiIO& io = ImGui::GetIO();
    const float W = io.DisplaySize.x, H = io.DisplaySize.y, em = ImGui::GetFontSize();
    LayoutParts parts = parts_of(app);
    // The strip's width does not depend on its height: lay out once to learn it.
    parts.lesson_h = lesson_height(app, compute_layout(W, H, em, parts).lesson.w);
    app.layout = compute_layout(W, H, em, parts);
    const Layout& l = app.layout;
    if (!l.lesson.empty()) {
        place(l.lesson);
        if (ImGui::Begin("Lesson", nullptr, kFixed | ImGuiWindowFlags_NoTitleBar)) panel_lesson(app);
        ImGui::End();
    }
    if (l.kind == LayoutKind::Column) {
        // The first screen leads with the lesson: the run buttons and the
        // learning rate, the curves, then the views' buttons (a phone shows
        // them all without a scroll); below them the rest of the controls.
        place(l.column);
        if (ImGui::Begin("nnplay", nullptr, kFixed | ImGuiWindowFlags_NoTitleBar)) {
            if (parts.controls) panel_run(app);
            else if (parts.strip_h > 0) panel_controls_strip(app);
            if (parts.plots) panel_cost(app, l.column_plot_h);
            if (parts.views > 0) panel_views(app, l.column_views_h);
            if (parts.controls) {
                panel_speed(app);
                panel_status(app);
                section_network(app);
                section_training(app);
            }
            about_item(app, false);
            drag_to_scroll();
        }
        ImGui::End();
        draw_messages(app);
        draw_undo(app);
        draw_restore_offer(app);
        draw_share(app);
        return;
    }
    if (!l.controls.empty()) {
        place(l.controls);
        if (ImGui::Begin("Controls", nullptr, kFixed)) {
            about_item(app, true);
            controls_body(app);
            drag_to_scroll();
        }
        ImGui::End();
    }
    if (!l.strip.empty()) {
        place(l.strip);
        if (ImGui::Begin("Controls strip", nullptr, kFixed | ImGuiWindowFlags_NoTitleBar)) {
            panel_controls_strip(app);
            drag_to_scroll();
        }
        ImGui::End();
    }
    if (!l.cost.empty()) {
        place(l.cost);
        // Tabbed with the views, the tabs say what it holds: no title bar.
        const ImGuiWindowFlags flags = kFixed | (l.views_with_plots ? ImGuiWindowFlags_NoTitleBar : 0);
        if (ImGui::Begin("Cost and accuracy", nullptr, flags)) {
            if (l.views_with_plots) panel_curves_and_views(app);
            else panel_cost(app, -1);
        }
        ImGui::End();
    }
    if (!l.views.empty()) {
        place(l.views);
        if (ImGui::Begin("Inside the network", nullptr, kFixed)) panel_views(app, -1);
        ImGui::End();
    }
    draw_messages(app);
    draw_undo(app);
    draw_restore_offer(app);
    draw_share(app);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] App: the public face
//-----------------------------------------------------------------------------

struct App::Impl : AppCore {};

App::App() : impl_(std::make_unique<Impl>()) {}
App::~App() = default;

void App::set_run_link(std::unique_ptr<RunLink> link) {
    AppCore& a = *impl_;
    a.settle();
    a.lease = link ? std::make_unique<RunLease>(std::move(link)) : nullptr;
    a.lease_failure_said = false;
    if (a.lease && a.data_loaded) a.lease->set_data(a.train_set, a.test_set);
}

void App::set_loading(const std::string& what, float fraction) {
    impl_->changed();
    impl_->loading_what = what.empty() ? "Loading" : what;
    impl_->loading_fraction = std::clamp(fraction, 0.0f, 1.0f);
}

void App::set_data(DatasetPtr train, DatasetPtr test, const std::string& source) {
    impl_->changed();
    impl_->set_data(std::move(train), std::move(test), source);
}

std::vector<uint8_t> App::session_bytes() const { return impl_->session_bytes(); }
std::string App::set_weight(int layer, int neuron, int input, double value) {
    return impl_->set_weight(layer, neuron, input, value, true);
}
std::string App::restore_session(const uint8_t* data, std::size_t size, const std::string& what) {
    impl_->changed();
    return impl_->restore_session(data, size, what);
}
void App::offer_restore(std::vector<uint8_t> bytes, const std::string& when, bool automatic) {
    impl_->offer_restore(std::move(bytes), when, automatic);
}
void App::set_forget_saved(std::function<void()> forget) { impl_->forget_saved = std::move(forget); }
std::string App::undo() {
    impl_->changed();
    return impl_->undo();
}
std::string App::save_key() const { return impl_->save_key(); }

void App::set_error(const std::string& message) {
    impl_->changed();
    impl_->error = message;
    impl_->running = false;
}

void App::frame(double now) {
    AppCore& a = *impl_;
    a.last_frame_time = now;
    if (a.frames_to_draw > 0) --a.frames_to_draw;
    if (a.picture_wait > 0) --a.picture_wait;
    a.begin_frame(now);
    a.handle_keys();
    const double t = clock_s();
    a.panels_drawn.clear();
    a.widgets.clear();
    ui::begin_frame_fields();
    ui::set_touch(a.touch);  // the widgets' own flag, per App (tests run several)
    a.atlas.begin_frame();
    a11y::begin_frame(a.a11y);
    draw_windows(a);
    a11y::end_frame();
    a.atlas.end_frame();
    const double ms = (clock_s() - t) * 1000.0;
    a.draw_ms = a.draw_ms > 0 ? 0.9 * a.draw_ms + 0.1 * ms : ms;
}

void App::work() { impl_->work(); }

void setup_style_for(float dpi_scale, double ui_scale, const std::string& theme);  // style.cpp

void App::setup_style(float dpi_scale) {
    impl_->style_scale = impl_->settings.ui_scale;
    impl_->style_theme = impl_->settings.theme;
    setup_style_for(dpi_scale, impl_->style_scale, impl_->style_theme);
}

bool App::style_changed() const {
    return impl_->style_scale != impl_->settings.ui_scale || impl_->style_theme != impl_->settings.theme;
}

std::string App::a11y_tree(double since) {
    impl_->a11y.wanted = true;
    if (impl_->a11y.version == 0) impl_->changed();  // never built: draw the frames that build it
    if (since >= 0 && uint64_t(since) == impl_->a11y.version) return "";
    return a11y::tree_json(impl_->a11y);
}

std::string App::a11y_act(unsigned id, const std::string& action, double value) {
    AppCore& a = *impl_;
    a.changed();  // the next frames are drawn, and take the request
    if (action == "activate") return a11y::activate(a.a11y, id);
    if (action == "choose") return a11y::choose(a.a11y, id, int(value));
    if (action == "position") return a11y::set_position(a.a11y, id, value);
    return "unknown action \"" + action + "\" (activate, choose, position)";
}

float App::touch_scroll(float x, float y, float dy) { return nnplay::touch_scroll(*impl_, x, y, dy); }
bool App::wants_touch_drag(float x, float y) const { return nnplay::wants_touch_drag(*impl_, x, y); }
void App::set_touch(bool on) { nnplay::set_touch(*impl_, on); }
void App::set_fullscreen(bool available, bool on) {
    impl_->fullscreen_available = available;
    impl_->fullscreen_on = available && on;
    impl_->changed();
}
std::string App::text_field_at(float x, float y) const { return nnplay::text_field_at(x, y); }
std::string App::apply_text_field(unsigned id, const std::string& text) {
    return nnplay::apply_text_field(*impl_, id, text);
}

void App::set_fill_callback(ImDrawCallback fill) { plot::set_fill_callback(fill); }

void App::set_texture_upload(TextureUpload upload) {
    impl_->texture_upload = upload;
    impl_->test_sheet = plot::ImageSheet{};
    impl_->atlas.set_upload(std::move(upload));
}

void App::set_diagram_callback(ImDrawCallback draw) { impl_->diagram.draw = draw; }

void App::set_diagram_error(const std::string& message) {
    impl_->changed();
    impl_->diagram.error = message;
}

void App::set_share_handler(ShareHandler handler) { impl_->share_handler = std::move(handler); }

std::string App::share_query() const {
    Settings current = impl_->settings;
    current.net = impl_->trainer.net_config();
    current.train = impl_->trainer.train_config();
    return nnplay::share_query(current);
}

void App::set_page_request(PageRequest handler) { impl_->page_request = std::move(handler); }

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
int App::step_async(int minibatches) { impl_->changed(); return impl_->step_async(minibatches); }
void App::epoch() { impl_->changed(); impl_->epoch(); }
void App::reset() { impl_->changed(); impl_->reset(); }
std::string App::configure(const nlohmann::json& changes) { impl_->changed(); return impl_->configure(changes); }
std::vector<std::pair<std::string, std::string>> App::configure_text(
    const std::vector<std::pair<std::string, std::string>>& pairs) {
    AppCore& a = *impl_;
    a.changed();
    // A page's own setup (its URL, data-config) before anything was trained
    // is where the student starts, not a change to announce.
    a.page_setup = a.history.train.raw_count() == 0 && a.previous.empty();
    auto refused = a.configure_text(pairs);
    a.page_setup = false;
    return refused;
}
const Settings& App::settings() const { return impl_->settings; }

void App::set_file_host(FileHost host) { impl_->files = std::move(host); }
std::string App::load_model(const uint8_t* data, std::size_t size, const std::string& name) {
    impl_->changed();
    return impl_->load_model(data, size, name);
}
std::string App::load_model_file(const std::string& path) {
    impl_->changed();
    return impl_->load_model_file(path);
}
std::vector<uint8_t> App::model_file() const { return impl_->model_file(); }
std::vector<uint8_t> App::pytorch_zip() const { return impl_->pytorch_zip(); }
std::string App::history_csv() const { return impl_->history_csv(); }
void App::set_save_folder(const std::string& folder) { impl_->save_folder = folder.empty() ? "." : folder; }
const std::string& App::save_folder() const { return impl_->save_folder; }
bool App::picture_requested(PictureRequest* out) const {
    if (!impl_->picture_pending || impl_->picture_wait > 0) return false;
    if (out) *out = impl_->picture;
    return true;
}
void App::deliver_picture(const uint8_t* rgba, int width, int height, bool bottom_up) {
    impl_->changed();
    impl_->deliver_picture(rgba, width, height, bottom_up);
}

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

namespace {

nlohmann::json outputs_json(const SampleView& v) {
    nlohmann::json o = nlohmann::json::array();
    if (v.predicted >= 0)
        for (float x : v.outputs) o.push_back(std::isfinite(x) ? nlohmann::json(x) : nlohmann::json());
    return o;
}

// The selected sample, as every view shows it.
nlohmann::json sample_json(const AppCore& a) {
    const SampleView v = a.sample_view();
    nlohmann::json j;
    j["source"] = name_of(a.sample_source());
    j["index"] = a.sample_test_index() >= 0 ? nlohmann::json(a.sample_test_index()) : nlohmann::json();
    j["label"] = a.sample_label() >= 0 ? nlohmann::json(a.sample_label()) : nlohmann::json();
    j["name"] = a.sample_name();
    j["predicted"] = v.predicted >= 0 ? nlohmann::json(v.predicted) : nlohmann::json();
    j["outputs"] = outputs_json(v);
    j["loss"] = v.predicted >= 0 && a.sample_label() >= 0 && std::isfinite(v.loss) ? nlohmann::json(v.loss)
                                                                                   : nlohmann::json();
    return j;
}

nlohmann::json entry_json(const GradientEntry& e) {
    return {{"layer", e.layer}, {"neuron", e.neuron}, {"input", e.input}, {"value", e.value}};
}

// What the gradient view lists (its last snapshot).
nlohmann::json gradient_json(const AppCore& a) {
    const GradientSnapshot& s = a.gradient;
    nlohmann::json j;
    j["mode"] = a.ui.gradient_mode == GradientMode::Sample ? "sample" : "minibatch";
    j["valid"] = s.valid && s.mode == a.ui.gradient_mode;
    j["step"] = s.valid ? nlohmann::json(s.step) : nlohmann::json();
    j["parameters"] = s.parameters;
    nlohmann::json top = nlohmann::json::array();
    if (s.valid)
        for (const GradientEntry& e : s.top) top.push_back(entry_json(e));
    j["components"] = top;
    return j;
}

nlohmann::json step_report_json(const AppCore& a) {
    const StepReport& r = a.step_report;
    if (r.step < 0) return nlohmann::json();
    nlohmann::json j;
    j["step"] = r.step;
    j["shown"] = !a.running && r.step == a.trainer.stats().step;
    j["cost_before"] = r.cost_before;
    j["cost_after"] = r.cost_after;
    nlohmann::json ch = nlohmann::json::array();
    for (const StepChange& c : r.changes) {
        nlohmann::json e = entry_json(c.grad);
        e["before"] = c.before;
        e["after"] = c.after;
        ch.push_back(e);
    }
    j["changes"] = ch;
    nlohmann::json batch = nlohmann::json::array();
    for (const StepSample& s : r.samples)
        batch.push_back({{"index", s.index}, {"label", s.label}, {"loss_before", s.loss_before},
                         {"loss_after", s.loss_after}, {"predicted_before", s.predicted_before},
                         {"predicted_after", s.predicted_after}});
    j["batch"] = batch;
    return j;
}

nlohmann::json gallery_json(const AppCore& a) {
    nlohmann::json j;
    j["filter"] = name_of(a.ui.gallery.filter);
    j["digit"] = a.ui.gallery.digit;
    j["predicted"] = a.ui.gallery.predicted;
    // The selection as last made (the gallery remakes it when drawn).
    const bool fresh = a.gallery_key == a.run.schedule.evaluations && a.gallery_made_for == a.ui.gallery;
    j["count"] = fresh ? nlohmann::json(a.gallery_items.size()) : nlohmann::json();
    nlohmann::json first = nlohmann::json::array();
    if (fresh)
        for (size_t i = 0; i < a.gallery_items.size() && i < 100; ++i) first.push_back(a.gallery_items[i]);
    j["first"] = first;
    j["at_step"] = a.trainer.last_eval().samples > 0 ? nlohmann::json(a.trainer.last_eval().at_step) : nlohmann::json();
    return j;
}

nlohmann::json drawing_json(const AppCore& a) {
    nlohmann::json j;
    j["has_ink"] = a.drawn.has_ink;
    j["strokes"] = a.drawn.pad.strokes().size();
    j["label"] = a.drawn.label >= 0 ? nlohmann::json(a.drawn.label) : nlohmann::json();
    const SampleView v = a.drawn.has_ink ? a.trainer.inspect(a.drawn.pixels, a.drawn.label) : SampleView{};
    j["predicted"] = v.predicted >= 0 ? nlohmann::json(v.predicted) : nlohmann::json();
    j["outputs"] = outputs_json(v);
    return j;
}

}  // namespace

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
    j["tooltip"] = ui::last_tooltip();
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
    // The previous run greyed in the plots (kept beside the same setup only), or null.
    j["previous_run"] = a.previous.empty() ? nlohmann::json()
                                           : nlohmann::json{{"label", a.previous.label},
                                                            {"train_points", a.previous.train.raw_count()},
                                                            {"test_points", a.previous.tests.size()}};
    j["evaluations"] = a.run.schedule.evaluations;
    // The first epoch's quick checks (on the first test images), and what
    // evaluating costs: its share of the time spent training and evaluating.
    const RunSchedule& rs = a.run.schedule;
    j["quick_evaluations"] = rs.quick_evaluations;
    j["eval_seconds"] = rs.eval_seconds;
    j["train_seconds"] = rs.train_seconds;
    j["evaluation_share"] = rs.eval_seconds + rs.train_seconds > 0 ? rs.eval_seconds / (rs.eval_seconds + rs.train_seconds) : 0.0;
    // Where the training runs: "frames" (in the UI's frames), "thread" or "worker" (beside them);
    // runner_failure: why not beside them, when it cannot be.
    j["runner"] = a.lease && a.lease->active() ? a.lease->kind() : "frames";
    j["runner_available"] = a.lease && a.lease->ready() ? a.lease->kind() : "";
    j["runner_failure"] = a.lease ? a.lease->failure() : std::string("none");
    j["runner_reports"] = a.lease ? a.lease->reports : 0;
    j["parameters"] = n.parameter_count();
    j["architecture"] = n.architecture();
    // Every setting the page can set, under its key, from the table.
    Settings current = a.settings;
    current.net = n;
    current.train = t;
    for (const Setting& row : settings_table())
        if (row.doors & kDoorPage) j[row.key] = row.get(current);
    // The neuron view's neuron: what it computes ({layer, index, ...}: the
    // setting's layer:index and more), or null before the data is in.
    j["neuron"] = neuron_json(a);
    // What training this network at this batch needs (the engine's estimate)
    // and the most the engine allows here (nn/config.h).
    j["training_memory"] = {{"estimate", training_memory_bytes(n, t.batch_size)},
                            {"limit", training_memory_limit()}};
    j["train_size"] = a.train_size();
    j["test_size"] = a.test_set ? a.test_set->count : 0;
    j["seconds_trained"] = s.seconds_trained;
    j["samples_per_s"] = a.samples_per_s;
    j["diverged"] = s.diverged;
    if (s.diverged) {
        const DivergenceRecord& d = s.divergence;
        j["divergence"] = {{"kind", name_of(d.kind)}, {"step", d.step}, {"value", finite_or_null(d.value)},
                           {"restored_step", d.restored_step}, {"lr", d.learning_rate}};
    } else {
        j["divergence"] = nullptr;
    }
    j["message"] = s.diverged ? s.message : (a.notice.warning ? a.notice.text : std::string());
    // What the page asks for that cannot show, for as long as it does (the notice says it once).
    j["warnings"] = a.conflict_warned.empty() ? nlohmann::json::array() : nlohmann::json::array({a.conflict_warned});
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
        w[name] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}, {"visible", r.visible}, {"disabled", r.disabled}};
        if (!r.label.empty()) {
            w[name]["label"] = r.label;
            w[name]["label_fits"] = r.label_fits;
        }
    }
    j["widgets"] = w;
    j["views"] = find_setting("view")->choices;
    j["sample"] = sample_json(a);
    // The confusion matrix's counts [true][predicted] of the last full test pass (null before one),
    // which the page's text for screen readers shows as a table.
    if (const EvalResult& ev = a.trainer.last_eval(); ev.samples > 0)
        j["confusion"] = {{"counts", ev.confusion}, {"at_step", ev.at_step}};
    else
        j["confusion"] = nullptr;
    j["gradient"] = gradient_json(a);
    j["step_report"] = step_report_json(a);
    j["gallery"] = gallery_json(a);
    j["drawing"] = drawing_json(a);
    // The lesson loaded (a preset: README lists them) and whether its text shows.
    const Preset* lesson = find_preset(a.settings.preset);
    j["lesson"] = {{"preset", a.settings.preset},
                   {"title", lesson ? lesson->title : ""},
                   {"text", lesson ? lesson->text : ""},
                   {"shown", a.ui.lesson_visible && lesson}};
    {
        // Whether the setup is still the lesson's, and what changed (the box says it).
        nlohmann::json changes = nlohmann::json::array();
        for (const AppCore::LessonChange& c : a.lesson_changes())
            changes.push_back({{"key", c.key}, {"value", c.now}, {"lesson_value", c.lesson}});
        j["lesson"]["modified"] = !changes.empty();
        j["lesson"]["changes"] = changes;
        j["lesson"]["shown_text"] = lesson ? a.lesson_text() : "";
    }
    j["share_query"] = nnplay::share_query(current);
    // The accuracy on the training images in use, when the train_accuracy setting measures it.
    const EvalResult& tr = a.trainer.last_train_eval();
    j["train_set_accuracy"] = a.settings.train_accuracy && tr.samples > 0 ? nlohmann::json(tr.accuracy) : nlohmann::json();
    auto rect = [](const Rect& r) { return nlohmann::json{{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}}; };
    j["windows"] = {{"lesson", rect(a.layout.lesson)},     {"controls", rect(a.layout.controls)},
                    {"strip", rect(a.layout.strip)},
                    {"cost", rect(a.layout.cost)},         {"views", rect(a.layout.views)},
                    {"column", rect(a.layout.column)},     {"views_with_plots", a.layout.views_with_plots}};
    auto axis = [&](const UiState::Axis& x) {
        return nlohmann::json{{"has_data", x.has_data}, {"min", finite_or_null(x.min)}, {"max", finite_or_null(x.max)},
                              {"off_scale", x.off_scale}, {"off_scale_max", finite_or_null(x.off_scale_max)},
                              {"ticks", x.ticks}};
    };
    j["diagram"] = diagram_json(a);
    j["stall"] = {{"cause", name_of(a.stall.cause)}, {"layer", a.stall.layer}, {"share", a.stall.share},
                  {"dead", a.stall.dead}, {"neurons", a.stall.neurons}};
    // Nothing lost: what undo() would bring back (oldest first), the saved run
    // offered back (or null), and a key that changes whenever the saved run would.
    nlohmann::json undo = nlohmann::json::array();
    for (const UndoEntry& u : a.undo_stack) undo.push_back({{"what", u.what}, {"step", u.step}});
    j["undo"] = undo;
    j["restore_offer"] = a.offer.pending ? nlohmann::json{{"when", a.offer.when}, {"summary", a.offer.summary},
                                                          {"automatic", a.offer.automatic}}
                                         : nlohmann::json();
    j["save_key"] = a.save_key();
    j["run_bytes_estimate"] = a.session_bytes_estimate();
    j["cost_axis"] = axis(a.ui.cost_axis);
    j["accuracy_axis"] = axis(a.ui.accuracy_axis);
    return j;
}

}  // namespace nnplay
