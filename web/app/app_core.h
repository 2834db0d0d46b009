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
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/data/drawing.h"
#include "engine/train/step_report.h"
#include "engine/train/test_selection.h"
#include "engine/settings/settings.h"
#include "web/app/a11y.h"
#include "web/app/app.h"
#include "engine/train/trainer.h"
#include "web/app/diagram.h"
#include "web/app/frame_budget.h"
#include "web/app/history.h"
#include "web/app/layout.h"
#include "web/app/plot.h"
#include "web/app/run_controller.h"
#include "web/app/stall.h"

namespace nnplay {

// Which view the tabs show. The names are the page API's (configure({view}),
// the URL's view=, state().view and state().views).
enum class ViewTab { Sample = 0, Confusion = 1, Weights = 2, Gradient = 3, Draw = 4, Gallery = 5, Diagram = 6, Neuron = 7 };
inline constexpr int kViewTabCount = 8;
const char* name_of(ViewTab v);  // "sample", "confusion", "weights", "gradient", "draw", "gallery", "diagram", "neuron"

// Where the selected sample comes from (DESIGN.md: one selected sample).
enum class SampleSource { Test, Drawn };
const char* name_of(SampleSource s);  // "test", "drawn"

// The gradient view's two sources: the last minibatch's gradient (the one the
// step applied) or the gradient of the selected sample's loss alone.
enum class GradientMode { Minibatch, Sample };

// The digit drawn on the pad (panel_draw), preprocessed as MNIST's were.
struct DrawnDigit {
    static constexpr int kPad = 192;   // the pad's ink raster, kPad x kPad
    InkCanvas pad{kPad, kPad, 9.0f};
    float pixels[784] = {};            // the 28x28 digit (engine/data/drawing.h)
    bool has_ink = false;
    int label = -1;                    // the digit the student says it is, or -1
    long long version = -1;            // the pad version `pixels` was made from
    // Remakes `pixels` when the pad changed since; cheap otherwise.
    void update();
};

// What the gradient view shows, taken from the engine at most a few times a
// second while training (a copy of the gradient costs; the engine never
// copies it), and at once when paused.
struct GradientSnapshot {
    bool valid = false;
    GradientMode mode = GradientMode::Minibatch;
    long long key = -1;                // AppCore::model_changes when taken
    long long source_key = -1;         // the selected sample's identity (sample mode)
    double at = -1e9;                  // App time taken
    long long step = -1;               // the step whose minibatch (minibatch mode), or the model's step
    int batch = 0;                     // minibatch size (minibatch mode)
    float loss = NAN;                  // the sample's loss (sample mode)
    Gradients g;                       // dC/dW, dC/db
    std::vector<GradientEntry> top;    // the largest components, largest first
    std::vector<float> layer_max;      // per layer, the largest |dC/dw| (the heat maps' scale)
    long long parameters = 0;
};
inline constexpr int kGradientListed = 12;  // components listed in the gradient view

// The view of that name ("sample", ...; the table of settings' "view"
// choices), or Sample when there is none.
ViewTab view_tab(const std::string& name);

// The keys the playground answers when no text field is being edited (the
// keyboard handling and App::wants_key both read this).
enum class Shortcut { None, TrainPause, Step, Reset };
Shortcut shortcut_of(unsigned character);  // ' ' -> TrainPause, 's'/'S' -> Step, 'r'/'R' -> Reset
const char* control_of(Shortcut k);        // its button's name in the "controls" setting ("train", ...)

// What the panels remember between frames (UI state, not engine state; the
// settings a user sets are in AppCore::settings).
struct UiState {
    bool show_previous = true;      // the previous run's curves, greyed
    ViewTab tab = ViewTab::Sample;  // the tab shown (follows settings.view)
    bool select_tab = false;        // select `tab` next frame (set by configure)
    unsigned views_bar = 0;         // the views' tab bar last drawn (one per layout)
    int sample_index = 0;           // the selected test image (when the source is Test)
    SampleSource sample_source = SampleSource::Test;
    GradientMode gradient_mode = GradientMode::Minibatch;
    bool gradient_size = false;     // heat map of |dC/dw| instead of -dC/dw's direction
    int gradient_page = 0;          // first-layer images of the gradient, page of neurons
    TestQuery gallery;              // what the gallery shows
    bool gallery_scroll_top = false;  // scroll the gallery to its top next frame
    int weights_page = 0;           // first-layer images, page of neurons
    double cursor_x = NAN;          // hovered x, shared by the two linked plots
    // The plots' y axes as last drawn (state_json's cost_axis, accuracy_axis).
    struct Axis { bool has_data = false; double min = NAN, max = NAN; int off_scale = 0; double off_scale_max = NAN; int ticks = 0; };
    Axis cost_axis, accuracy_axis;
    // The architecture being edited: sliders and typed widths apply (with new
    // weights) when released, so a drag does not rebuild the network every frame.
    NetConfig edit;
    bool editing = false;
    // The lesson strip: shown when a preset is loaded, until closed.
    bool lesson_visible = false;
    // Views tabbed beside the curves (Layout::views_with_plots): the curves'
    // tab is selected (rather than ui.tab's view).
    bool curves_tab = true;
    bool select_curves = false;     // select the curves' tab next frame (a lesson was loaded)
    // The controls strip (layout.h): its content's height as last drawn (the
    // layout of the next frame gives it that much).
    float strip_h = 0;
    // The Share popup: the link last made.
    std::string share_link;
    bool share_copied = false;
    bool share_open = false;
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

// What undo() can bring back: the whole run (model, optimizer, order,
// history, settings: engine/io/session_file.h) before a command threw it away.
struct UndoEntry {
    std::string what;               // "Reset", "New seed", "New network", "Load model", "Lesson"
    std::vector<uint8_t> bytes;     // the run before it
    long long step = 0;             // that run's step, for the message
};
inline constexpr int kMaxUndo = 5;                               // entries kept
inline constexpr std::size_t kMaxUndoBytes = 32u * 1024 * 1024;  // their total size
// A run bigger than this is not kept for undo (the biggest networks: 8 layers
// of 1,024 take 33 MB, which a page's memory should not hold twice).
inline constexpr std::size_t kMaxUndoEntryBytes = 8u * 1024 * 1024;
inline constexpr double kUndoButtonSeconds = 30.0;               // the Undo button shows this long after

// A saved run the host offers back (the page's autosave, the desktop's file):
// the App asks "Continue the run from 10:42 ...?" once the data is in, or
// continues by itself (automatic).
struct RestoreOffer {
    std::vector<uint8_t> bytes;
    std::string when;               // "10:42" (the host's words for when it was saved)
    bool automatic = false;
    bool pending = false;           // waiting for the data or for the student's answer
    std::string summary;            // "epoch 12, 91% on the test images (784-16-16-10, SGD lr 3)"
};

struct AppCore {
    AppCore();

    double style_scale = 0;         // ui_scale and theme as setup_style last applied them
    std::string style_theme;
    a11y::Tree a11y;                // the controls of the last frame, for the page's accessibility tree

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
    // apply_train); the rest live only here.
    Settings settings;
    // Whether a control shows (the "controls" setting) and may be used (not
    // locked: the "lock" setting). Run buttons by name, settings by key.
    bool shows(std::string_view control) const { return settings.has_control(control); }
    bool locked(std::string_view key) const { return settings.locked(key); }
    // Whether the student can change a setting here: its control shows and
    // the page did not lock it (advice asks only for what they can do).
    bool can_change(std::string_view key) const { return shows(key) && !locked(key); }
    std::string stall_text() const {
        return describe(stall, trainer.train_config().learning_rate, can_change("lr"), shows("reset"));
    }
    // The Share button's link (App::set_share_handler): the page's builds
    // its full-window URL (and copies it); without one, "index.html?" + the
    // query, copied to ImGui's clipboard (the desktop's).
    App::ShareHandler share_handler;

    // Running.
    bool running = false;
    int stop_at_epoch = -1;         // epoch(): pause when stats.epoch reaches this
    long long steps_left = -1;      // step_async(): steps still to take (-1: none)

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

    // The training and evaluation schedule (run_controller.h): in the frames,
    // or beside them while `lease` holds the run (a thread, a worker).
    RunController run;
    std::unique_ptr<RunLease> lease;   // null: training always in the frames
    bool lease_failure_said = false;   // "training runs in the page's frames" said once
    double lease_wait_from = 0;        // App time training first waited for a starting worker
    static constexpr double kLeaseWaitSeconds = 5.0;
    // What the schedule reads now (the settings and commands of the moment).
    RunPlan plan() const;
    // Ends the lease (a command is about to change the run): the Trainer
    // holds the exact run of the last report, which the history ends with.
    void settle();
    // What the schedule did, into the history, the notices and the status.
    void apply_report(RunReport& r);

    // Throughput meter: (time, samples seen) over the last second.
    std::deque<std::pair<double, long long>> meter;
    double samples_per_s = 0;

    History history;                // this run
    History previous;               // the run before the last reset, greyed in the plot
    Notice notice;
    UiState ui;
    DrawnDigit drawn;               // the drawing pad's digit
    GradientSnapshot gradient;      // what the gradient view shows
    StepReport step_report;         // what the last Step did (step(): the paused Step)
    long long model_changes = 0;    // bumps with every step, reset and new network
    // The gallery's selection, remade when the query or the evaluation changes.
    std::vector<int> gallery_items;
    long long gallery_key = -1;     // evaluations when made
    TestQuery gallery_made_for;
    plot::TextureUpload texture_upload;  // the renderer's, for images beyond the atlas (the gallery)
    plot::ImageSheet test_sheet;    // the test digits, uploaded once, for the gallery
    DiagramPanel diagram;           // the network diagram's state and its built picture
    Stall stall;                    // why training is stuck, if it is (after each test evaluation)

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
        bool disabled = false;    // drawn disabled (a locked setting, or no data yet)
    };
    std::vector<std::pair<std::string, WidgetRect>> widgets;
    // Records ImGui's last item under `name`; for a combo box, what it shows.
    void mark(const std::string& name, const char* label = nullptr, bool label_fits = true);

    // Files (panel_files.cpp): how the page or desktop hands them over, where
    // the desktop saves, a picture asked for this frame.
    FileHost files;
    std::string save_folder = ".";
    std::string load_path;          // the desktop's typed path of a model to load
    bool picture_pending = false;
    int picture_wait = 0;           // frames to draw before the picture is read
    PictureRequest picture;

    // Nothing lost (session.cpp): the undo stack and a saved run offered back.
    std::deque<UndoEntry> undo_stack;
    int undo_depth = 0;             // UndoPoints open (a command inside another saves once)
    double undo_at = -1e9;          // App time the last entry was pushed
    RestoreOffer offer;
    std::function<void()> forget_saved;  // the host forgets its saved run (App::set_forget_saved)
    // Changes whenever session_bytes() would (the page autosaves when it does).
    std::string save_key() const;

    // A weight set by hand (the neuron view, the page's setWeight): layer 1 =
    // first hidden, neuron from 0, input -1 for the bias. Refused while the
    // page locks the network or the seed, for a value that is not finite or
    // beyond +-1e6, or a weight that does not exist: "" or why (also said in
    // the notice). A marker in the history; undoable (one undo entry per
    // edit: a drag's changes within 2 s of each other on one weight are one
    // unless new_edit).
    std::string set_weight(int layer, int neuron, int input, double value, bool new_edit = true);
    struct WeightEdit {
        int layer = 0, neuron = 0, input = 0;
        bool operator==(const WeightEdit& o) const { return layer == o.layer && neuron == o.neuron && input == o.input; }
    };
    WeightEdit last_weight_edit{-1, -1, -2};
    double last_weight_edit_at = -1e9;

    // ---- commands -----------------------------------------------------------------
    // The whole run as bytes (engine/io/session_file.h): model, optimizer,
    // order, counters, history and settings. Empty before the data is in.
    std::vector<uint8_t> session_bytes() const;
    // About how many bytes session_bytes() would give (the weights, the
    // optimizer's state and the order; not the history), without making them.
    std::size_t session_bytes_estimate() const;
    // Replaces the run with a saved one (all or nothing, on the same data):
    // "" or why not (said as a warning; the current run is untouched).
    std::string restore_session(const uint8_t* data, std::size_t size, const std::string& what);
    std::string undo();             // the last UndoEntry back: "" or why not
    void offer_restore(std::vector<uint8_t> bytes, const std::string& when, bool automatic);
    void answer_offer(bool continue_run);  // the student's answer (or the automatic one)
    void set_data(DatasetPtr train, DatasetPtr test, const std::string& source);
    void train();
    void pause();
    void toggle();
    int step(int minibatches);
    // The page's step(n): as step() when the n steps take at most about a
    // frame's share (~20 ms at the measured pace); otherwise they run beside
    // the frames (or over several frames, without a worker) and this returns
    // -1: running() is then true until they are done (or paused).
    int step_async(int minibatches);
    void epoch();
    void reset();                   // the seed's first weights again: the run repeats
    void new_seed();                // a different seed, so different first weights
    // New weights: architecture, output/loss, init or seed. "" or a message.
    std::string apply_net(const NetConfig& cfg);
    // Keeps the model: lr, batch, optimizer and its settings, decay, subset.
    // Adds a marker to the history for each setting that changed.
    std::string apply_train(const TrainConfig& cfg);
    void set_speed(double steps_per_s);
    // The selected sample (DESIGN.md: every view that shows "a digit" shows this one).
    void select_test_sample(int index);    // clamped to the test set
    void select_drawn_sample();            // the drawn digit (when it has ink)
    void open_gallery(const TestQuery& q); // the gallery tab, showing q (e.g. a confusion cell)
    // A complete, checked Settings: training settings first (they keep the
    // model), then the network (new weights), then the rest. Locked settings
    // may not change (check_locks). A new lesson (`lesson`: a preset was
    // loaded) starts from its first weights and shows the lesson's text.
    // "" or a message; on error nothing changes.
    std::string apply(const Settings& next, bool lesson = false);
    // The Share button: the settings as a query (share_query), made into a
    // link by share_handler, shown in a popup.
    void share();
    // configure.cpp: the page's configure() (all or nothing), and the URL's
    // and data-config's text form (each key alone: see App::configure_text).
    std::string configure(const nlohmann::json& changes);
    std::vector<std::pair<std::string, std::string>> configure_text(
        const std::vector<std::pair<std::string, std::string>>& pairs);
    void select_view(const std::string& name);
    // What a lesson page's panels and controls ask for (app.cpp). The controls
    // strip shows the controls a page names (controls= differs from its
    // default) while its panels leave the controls column out.
    bool wants_controls_strip() const;
    // "" or a warning naming what the page asks for that cannot show (a
    // control whose plot or view panels leaves out, a locked view not shown);
    // apply() warns once per conflict, state().warnings lists it meanwhile.
    std::string page_conflict() const;
    std::string conflict_warned;
    // Files (panel_files.cpp).
    std::string load_model(const uint8_t* data, std::size_t size, const std::string& name);
    std::string load_model_file(const std::string& path);
    std::vector<uint8_t> model_file() const;
    std::vector<uint8_t> pytorch_zip() const;
    std::string history_csv() const;
    void save_file(const std::string& name, const std::string& mime, const std::vector<uint8_t>& bytes);
    void ask_picture(const std::string& name, float x, float y, float w, float h);
    void deliver_picture(const uint8_t* rgba, int width, int height, bool bottom_up);
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
    // Full screen (App::set_fullscreen): whether the host lets the playground
    // fill the screen, and whether it does now; the link beside About asks the
    // page (page_request "fullscreen").
    bool fullscreen_available = false, fullscreen_on = false;
    bool touch = false;       // a finger is the input (App::set_touch): tooltips on long press, "tap"
    bool page_setup = false;  // configure_text is applying a page's own setup (no notices for it)
    std::string status_line() const;
    // The lesson loaded, and how the setup differs from it now: the network
    // and training settings that are not the preset's, as (key, value now,
    // the lesson's value). Empty with no lesson or an unchanged one.
    struct LessonChange { std::string key, now, lesson; };
    std::vector<LessonChange> lesson_changes() const;
    // "lr 3, hidden 32": the changes in the table's keys and values.
    std::string lesson_changes_text() const;
    // What the Lesson box's text says: the preset's, led by what changed
    // when the setup is no longer the lesson's (its claims were made for that).
    std::string lesson_text() const;
    // After a divergence or non-finite outputs: what the student can do, as
    // the page allows it (lower the learning rate, press Reset, or nothing).
    std::string too_large_advice() const;
    // The status in one short line for the Controls column ("Training",
    // "Diverged at step 7", "Ready: press Train (Space) to start."): its
    // explanations go to the message box, so the line never changes height.
    std::string status_word() const;
    std::string run_label() const;  // "784-16-16-10, SGD lr 3, batch 10"
    // After a divergence: what happened ("Diverged at step 7: the cost became
    // NaN (the numbers overflowed)."), what the trainer did ("The weights went
    // back to those of step 0.", or "") and what to do ("Lower the learning
    // rate (now 10000), then press Train; or press Reset for new weights.").
    // Worded from the trainer's DivergenceRecord, so the status line says it once.
    struct Divergence { std::string what, restored, todo; };
    Divergence divergence() const;
    // The selected sample: its source, its test index (-1 for the drawn
    // digit), its 784 pixels (nullptr when there is none: no test data, or
    // the pad is empty), its label (0..9, or -1 when not known: a drawn digit
    // the student did not name), a name for it ("test image 1,234", "your
    // drawing"), and the network's view of it (outputs, loss when labelled).
    SampleSource sample_source() const { return ui.sample_source; }
    int sample_test_index() const;
    const float* sample_pixels() const;
    int sample_label() const;
    std::string sample_name() const;
    SampleView sample_view() const;
    // The gallery's current selection (remade when stale).
    const std::vector<int>& gallery_selection();
    // Refreshes `gradient` when it is stale and due (see GradientSnapshot).
    void refresh_gradient();
    // Another run from here (reset, a loaded model, a restored run): the test
    // set is measured again at once, the throughput meter and speed debt start over.
    void restart_measuring();
    // A new or loaded network: drops what the views kept of the old one (the
    // gradient snapshot and the last step's report, sized for its shapes).
    void forget_old_network();

private:
    void archive_history();
    // Whether the last steps crossed settings.epochs (from epoch_before).
    bool reached_epoch_limit(int epoch_before) const;
};

// Remembers the run before a command that throws it away (Reset, a new
// network, a loaded model, a lesson), for undo(). Made after the command's
// checks passed; cancel() when it changed nothing after all. Nested points
// (a lesson that resets) keep only the outermost.
class UndoPoint {
public:
    UndoPoint(AppCore& app, const char* what);
    ~UndoPoint();
    void cancel() { cancelled_ = true; }
    UndoPoint(const UndoPoint&) = delete;
    UndoPoint& operator=(const UndoPoint&) = delete;

private:
    AppCore& app_;
    const char* what_;
    std::vector<uint8_t> bytes_;
    long long step_ = 0;
    bool cancelled_ = false;
};

// session.cpp: the restore offer and the Undo button, small windows over the plots.
void draw_restore_offer(AppCore& app);
void draw_undo(AppCore& app);

// ---- panels (one static-like function each; their state lives in UiState) -------
// panels_controls.cpp
void panel_run(AppCore& app);        // Train/Pause, Step, Epoch, Reset, New seed, Share; learning rate
void panel_speed(AppCore& app);      // speed and the measured samples/s
void panel_lesson(AppCore& app);     // the lesson's title (a choice of lessons), its text, close
void panel_status(AppCore& app);     // status line, counters
void panel_network(AppCore& app);    // architecture editor, output/loss, init, seed
void panel_training(AppCore& app);   // lr, batch, optimizer, decay, subset, stop after
void panel_controls_strip(AppCore& app);  // the controls a page names without the column (layout.h)
// panel_files.cpp
void panel_files(AppCore& app);      // save, load, export, pictures, history
void files_button(AppCore& app);     // "Files" at the right of the current row, opening panel_files
float files_button_width();          // its width, for what shares its row
void section_network(AppCore& app);  // panel_network under its header
void section_training(AppCore& app); // panel_training under its header
// panels_views.cpp
void panel_cost(AppCore& app, float height);   // cost and accuracy curves (those "panels" shows)
void panel_views(AppCore& app, float height);  // the lecture views, side by side or tabbed
void panel_curves_and_views(AppCore& app);     // the curves and the views as tabs of one window
void panel_sample(AppCore& app);     // one test image: outputs, squared differences, loss
void panel_confusion(AppCore& app);  // confusion matrix and per-class accuracy
void panel_weights(AppCore& app);    // first layer's weights as 28x28 images
void panel_gradient(AppCore& app);   // panel_gradient.cpp: -grad C listed and as heat maps; the last Step
void panel_draw(AppCore& app);       // panel_draw.cpp: draw a digit, see the network read it
void panel_gallery(AppCore& app);    // panel_gallery.cpp: the test images with the network's answers
void panel_neuron(AppCore& app);     // panel_neuron.cpp: one neuron's sum with this sample's numbers; weights by hand
nlohmann::json neuron_json(const AppCore& app);  // state().neuron
void panel_diagram(AppCore& app);    // panel_diagram.cpp: the network diagram and the health of each layer
nlohmann::json diagram_json(const AppCore& app);  // state_json()'s "diagram"

// guest.cpp: "About" at the right end of the current window's title bar, or
// (in_title_bar false) as a line of its own; the page shows the notices, or a
// popup says them.
// Touch and typed fields (guest.cpp): see App::touch_scroll and its neighbours.
float touch_scroll(AppCore& app, float x, float y, float dy);
bool wants_touch_drag(const AppCore& app, float x, float y);
void set_touch(AppCore& app, bool on);
std::string text_field_at(float x, float y);
std::string apply_text_field(AppCore& app, unsigned id, const std::string& text);
void about_item(AppCore& app, bool in_title_bar);

// Seconds on a monotonic clock (for budgets; App time `now` comes from the caller).
double clock_s();

}  // namespace nnplay
