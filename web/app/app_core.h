// app_core.h: the App's state and commands, shared by the files that build the
// playground (app.cpp: frames, commands, training budget; configure.cpp: the
// page API's settings; panels_*.cpp: the windows). Internal to web/app/.
//
// What it does not do: draw (the panels do) or own SDL/GL.
//
// The panels read plain values (TrainStats, EvalResult, History, NetConfig,
// TrainConfig) and change things only through the commands below, so the
// buttons, the keyboard and the page API all take the same paths.
#pragma once
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/settings/settings.h"
#include "engine/train/trainer.h"
#include "web/app/frame_budget.h"
#include "web/app/history.h"
#include "web/app/layout.h"
#include "web/app/plot.h"

namespace nnplay {

// Which lecture view the tabbed views show (narrow layouts).
enum class ViewTab { Sample = 0, Confusion = 1, Weights = 2 };
inline constexpr int kViewTabCount = 3;
const char* name_of(ViewTab v);  // "sample", "confusion", "weights"

// The view of that name ("sample", ...; the table of settings' "view"
// choices), or Sample when there is none.
ViewTab view_tab(const std::string& name);

// The keys the playground answers when no text field is being edited (the
// keyboard handling and App::wants_key both read this).
enum class Shortcut { None, TrainPause, Step, Reset };
Shortcut shortcut_of(unsigned character);  // ' ' -> TrainPause, 's'/'S' -> Step, 'r'/'R' -> Reset

// What the panels remember between frames (UI state, not engine state; the
// settings a user sets are in AppCore::settings).
struct UiState {
    bool show_previous = true;      // the previous run's curves, greyed
    ViewTab tab = ViewTab::Sample;  // the tab shown (follows settings.view)
    bool select_tab = false;        // select `tab` next frame (set by configure)
    int sample_index = 0;           // test image shown in "One sample"
    int weights_page = 0;           // first-layer images, page of neurons
    double cursor_x = NAN;          // hovered x, shared by the two linked plots
    // The plots' y axes as last drawn (state_json's cost_axis, accuracy_axis).
    struct Axis { bool has_data = false; double min = NAN, max = NAN; int off_scale = 0; double off_scale_max = NAN; };
    Axis cost_axis, accuracy_axis;
    // The architecture being edited: sliders and typed widths apply (with new
    // weights) when released, so a drag does not rebuild the network every frame.
    NetConfig edit;
    bool editing = false;
};

// One message for the student (a change that reset the network, a rejected
// value), shown in the message box for kNoticeSeconds (warnings for
// kWarningSeconds), then only in state().
inline constexpr double kNoticeSeconds = 10.0, kWarningSeconds = 20.0;
struct Notice {
    std::string text;
    double at = -1;                 // App time it was shown
    bool warning = false;
};

struct AppCore {
    AppCore();

    Trainer trainer;
    DatasetPtr train_set, test_set;
    std::string source;             // "MNIST subset 10,000 / 2,000"

    // Loading and errors.
    bool data_loaded = false;
    std::string loading_what = "Loading MNIST";
    float loading_fraction = 0;
    std::string error;

    // Every setting's value (engine/settings/settings.h). settings.net and
    // settings.train are the trainer's, copied after each change (apply_net,
    // apply_train); speed, epochs, view and log_y live only here.
    Settings settings;

    // Running.
    bool running = false;
    int stop_at_epoch = -1;         // epoch(): pause when stats.epoch reaches this
    double steps_owed = 0;          // speed limit (settings.speed): steps earned but not taken yet

    // Frame timing (milliseconds, smoothed).
    double now = 0, last_now = NAN;
    double fps = 0, frame_ms = 0;
    FrameBudget budget;             // training time per frame, adapted to keep ~60 fps
    double train_ms = 0, eval_ms = 0, draw_ms = 0, present_ms = 0;
    int triangles = 0, draw_calls = 0;  // what the renderer drew last frame (report_render)
    long long frames = 0;
    // Idle frames (App::wants_frame): frames still to draw after a change or
    // input, and when the last one was drawn.
    int frames_to_draw = 30;
    double last_frame_time = -1e9;
    void changed() { frames_to_draw = 30; }

    // Test evaluation in slices, scheduled between training steps: the model
    // does not change while an evaluation is under way, so each test point is
    // exactly the model at its step.
    bool eval_active = false;
    bool eval_requested = true;     // after reset, data, step(): evaluate soon
    bool eval_epoch_end = false;    // the running evaluation is an epoch end
    long long last_eval_step = -1;
    double eval_started = 0, last_eval_end = -1e9, last_eval_duration = 0;
    double eval_s_per_image = 5e-6; // measured, to size slices
    int evaluations = 0;

    // Throughput meter: (time, samples seen) over the last second.
    std::deque<std::pair<double, long long>> meter;
    double samples_per_s = 0;

    History history;                // this run
    History previous;               // the run before the last reset, greyed in the plot
    Notice notice;
    UiState ui;
    std::function<void(const std::string&)> page_request;  // the page around (web): App::set_page_request
    Layout layout;
    plot::ImageAtlas atlas;         // the frame's images as one texture, when the renderer makes one
    std::vector<std::string> panels_drawn;  // this frame (tests check every panel runs)
    // Where the main widgets were drawn this frame (display units), so that
    // tests, headless or in a browser, can click them: see App::state_json().
    struct WidgetRect {
        float x, y, w, h;
        bool visible;
        std::string label;        // what a combo box shows ("" for other widgets)
        bool label_fits = true;   // and whether it fits the box
    };
    std::vector<std::pair<std::string, WidgetRect>> widgets;
    // Records ImGui's last item under `name`; for a combo box, what it shows.
    void mark(const std::string& name, const char* label = nullptr, bool label_fits = true);

    // ---- commands -----------------------------------------------------------------
    void set_data(DatasetPtr train, DatasetPtr test, const std::string& source);
    void train();
    void pause();
    void toggle();
    int step(int minibatches);
    void epoch();
    void reset();                   // the seed's first weights again: the run repeats
    void new_seed();                // a different seed, so different first weights
    // New weights: architecture, output/loss, init or seed. "" or a message.
    std::string apply_net(const NetConfig& cfg);
    // Keeps the model: lr, batch, optimizer and its settings, decay, subset.
    // Adds a marker to the history for each setting that changed.
    std::string apply_train(const TrainConfig& cfg);
    void set_speed(double steps_per_s);
    // A complete, checked Settings: training settings first (they keep the
    // model), then the network (new weights), speed, epochs, view, log_y.
    // "" or a message; on error nothing changes.
    std::string apply(const Settings& next);
    // configure.cpp: the page's configure() (all or nothing), and the URL's
    // and data-config's text form (each key alone: see App::configure_text).
    std::string configure(const nlohmann::json& changes);
    std::vector<std::pair<std::string, std::string>> configure_text(
        const std::vector<std::pair<std::string, std::string>>& pairs);
    void select_view(const std::string& name);
    void notify(const std::string& text, bool warning = false);

    // ---- per frame ------------------------------------------------------------------
    void begin_frame(double now);   // timing, budget adaptation, throughput
    void work();                    // training and evaluation within the budget
    void handle_keys();             // Space, S, R when no text field has focus

    // ---- reading --------------------------------------------------------------------
    bool wants_frame(double now) const;  // see App::wants_frame
    int train_size() const;         // samples per epoch (subset applied)
    int subset_max() const;         // training images loaded
    double epochs_done() const;     // fractional
    const char* status() const;     // "loading", "ready", "training", "paused", "diverged", "error"
    std::string status_line() const;
    // The status in one short line for the Controls column ("Training",
    // "Diverged at step 7", "Ready: press Train (Space) to start."): its
    // explanations go to the message box, so the line never changes height.
    std::string status_word() const;
    std::string run_label() const;  // "784-16-16-10, SGD lr 3, batch 10"
    // After a divergence: what happened ("Diverged at step 7: the cost became
    // NaN (the numbers overflowed)."), what the trainer did ("The weights went
    // back to those of step 0.", or "") and what to do ("Lower the learning
    // rate (now 10000), then press Train; or press Reset for new weights.").
    // Read from the trainer's message, so the status line says it once.
    struct Divergence { std::string what, restored, todo; };
    Divergence divergence() const;

private:
    void record_step();
    void finish_eval();
    void continue_eval(double deadline_s);
    bool eval_due() const;
    void archive_history();
    // Whether the last steps crossed settings.epochs (from epoch_before).
    bool reached_epoch_limit(int epoch_before) const;
};

// ---- panels (one static-like function each; their state lives in UiState) -------
// panels_controls.cpp
void panel_run(AppCore& app);        // Train/Pause, Step, Epoch, Reset, speed
void panel_status(AppCore& app);     // status line, counters
void panel_network(AppCore& app);    // architecture editor, output/loss, init, seed
void panel_training(AppCore& app);   // lr, batch, optimizer, decay, subset, stop after
void section_network(AppCore& app);  // panel_network under its header
void section_training(AppCore& app); // panel_training under its header
// panels_views.cpp
void panel_cost(AppCore& app, float height);   // cost and accuracy curves
void panel_views(AppCore& app, float height);  // the lecture views, side by side or tabbed
void panel_sample(AppCore& app);     // one test image: outputs, squared differences, loss
void panel_confusion(AppCore& app);  // confusion matrix and per-class accuracy
void panel_weights(AppCore& app);    // first layer's weights as 28x28 images

// guest.cpp: "About" at the right end of the current window's title bar, or
// (in_title_bar false) as a line of its own; the page shows the notices, or a
// popup says them.
void about_item(AppCore& app, bool in_title_bar);

// Seconds on a monotonic clock (for budgets; App time `now` comes from the caller).
double clock_s();

}  // namespace nnplay
