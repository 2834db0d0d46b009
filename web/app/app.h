// app.h: the playground's front end, shared by the web page and the desktop
// program. App owns the engine objects (a Trainer and the datasets) and the
// panels; each frame it builds the ImGui windows, then (work()) gives
// training a time budget while the frame is drawn. It only emits ImGui draw data: no SDL, no GL, no Emscripten here, so
// the same App runs headless in the unit tests (tests/unit/app/).
//
// What it does not do: create windows, GL contexts or the main loop (web/main.cpp
// does), fetch files (the page's JS or main.cpp hand it the datasets).
//
// Use (see web/main.cpp):
//   App app;                                  // lecture's default network
//   app.setup_style(dpi_scale);               // fonts and colors; again when the pixel ratio
//                                             // changes, then rebuild the font texture
//   app.set_data(train, test, "MNIST subset 10,000 / 2,000");
//   app.set_texture_upload(make_or_refill_gl_texture);   // optional, see below
//   each frame: (skip it unless input came or app.wants_frame(now_seconds))
//               ImGui::NewFrame(); app.frame(now_seconds); ImGui::Render();
//               clear to App::background_color(), draw ImGui's draw data, flush;
//               app.work(); present
//   commands from the page API or keys: app.train(); app.pause(); app.step(1); ...
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>
#include <nlohmann/json_fwd.hpp>

#include "engine/data/dataset.h"
#include "engine/settings/settings.h"
#include "engine/train/trainer.h"

namespace nnplay {

// What the page's state() returns and the status line shows: plain values.
struct AppState {
    std::string status;          // "loading", "ready", "training", "paused", "diverged"
    std::string status_line;     // one human sentence: "Training: epoch 3, cost 0.021, test accuracy 91.2%"
    bool running = false;
    bool data_loaded = false;
    double fps = 0;              // frames per second (smoothed)
    double train_ms_per_frame = 0;  // time spent training per frame (smoothed)
    double draw_ms_per_frame = 0;   // time spent building the UI per frame (smoothed)
};

// How the page or the desktop hands files to the user and takes them back
// (optional; without it the Files section says it cannot save here).
struct FileHost {
    // Gives the user a file: the page downloads it, the desktop writes it
    // into save_folder(). Returns "" or why it could not.
    std::function<std::string(const std::string& name, const std::string& mime,
                              const std::vector<uint8_t>& bytes)> save;
    // Lets the user pick a model file (the page's file picker); the bytes
    // come back through load_model(). Empty: the App asks for a path and
    // reads the file itself (the desktop).
    std::function<void()> pick_model;
    // The desktop: save() writes into a folder the user may change.
    bool has_folder = false;
};

// A picture of part of the frame, asked for by the Files section.
struct PictureRequest {
    float x = 0, y = 0, w = 0, h = 0;  // display units
    std::string name;                  // "nnplay-curves.png"
};

class RunLink;  // run_controller.h

class App {
public:
    App();
    ~App();

    // ---- where training runs (web/app/run_controller.h) --------------------------
    // Without a link the App trains inside its frames (the headless tests; a
    // page where no worker starts). With one (the desktop's std::thread,
    // make_thread_link(); the page's Web Worker) it hands the run to the
    // other side while training and takes each report back: the same costs,
    // bit for bit, and no frame waits for a step. state()'s "runner" says
    // which is in use.
    void set_run_link(std::unique_ptr<RunLink> link);

    // ---- look -----------------------------------------------------------------
    // Colors, spacing and the font (Inter, embedded), rasterized at
    // dpi_scale x its size and drawn at 1/dpi_scale (io.FontGlobalScale), so
    // text is sharp on HiDPI screens while sizes stay in display units
    // (io.DisplaySize). Clears and rebuilds io.Fonts: the renderer must
    // recreate its font texture afterwards (UiRenderer::rebuild_font_texture).
    // Needs a current ImGui context.
    void setup_style(float dpi_scale);
    // The color to clear each frame to before drawing ImGui's draw data: the
    // panels' background. The tiled windows draw none of their own (a software
    // renderer would pay for every pixel of the display twice).
    static ImVec4 background_color();
    // The settings ui_scale or theme changed since setup_style: call it again
    // (between frames) and rebuild the font texture.
    bool style_changed() const;

    // ---- data ---------------------------------------------------------------
    void set_loading(const std::string& what, float fraction);  // progress while data loads
    void set_data(DatasetPtr train, DatasetPtr test, const std::string& source);
    void set_error(const std::string& message);                  // e.g. data failed to load

    // ---- one frame ----------------------------------------------------------
    // Call between ImGui::NewFrame() and ImGui::Render(). `now` is seconds from
    // any fixed origin. Measures the frame time, handles the keys and builds
    // every panel from the current state.
    void frame(double now);
    // Whether a frame at time `now` would show anything new. When it would
    // not (paused, no input or command for half a second), the main loop may
    // skip the frame: the last one stays on screen, and an idle page costs a
    // laptop's battery (or a software renderer's CPU) nothing. Commands and
    // note_input() make it true for the next 30 frames.
    bool wants_frame(double now) const;
    // The main loop got input (mouse, keys, resize): draw the next frames.
    void note_input();
    // Trains (and evaluates the test set) for this frame's time budget when
    // running. Call once per frame, after the frame's draw commands went to the
    // GPU and before presenting: training then runs while the GPU, or a
    // software rasteriser on another core, draws. The next frame shows it.
    void work();
    // Optional: how the renderer makes a texture (GL on the web and the
    // desktop). Makes (previous == nullptr) or refills a w x h RGBA8 texture
    // (rows top to bottom, bytes R, G, B, A), sampled NEAREST, and returns its
    // id. With it the images (the digit, the first layer's weights) are packed
    // into one small texture, uploaded at the end of frame() when it changed,
    // and drawn as one quad each; without it, as rectangles (tens of thousands
    // of vertices, which a software renderer feels).
    using TextureUpload = std::function<ImTextureID(ImTextureID previous, int w, int h, const unsigned char* rgba)>;
    void set_texture_upload(TextureUpload upload);
    // Optional: the renderer's draw callback for "fill this command's clip
    // rectangle with the opaque ImU32 color in UserCallbackData" (e.g.
    // UiRenderer::fill_callback): the plots' backgrounds become scissored
    // clears instead of blended rectangles. Without it, rectangles.
    void set_fill_callback(ImDrawCallback fill);
    // Optional: the renderer's draw callback for the network diagram (e.g.
    // DiagramRenderer::draw_callback, web/render/diagram_renderer.h). Its
    // UserCallbackData is the App's DiagramScene (web/app/diagram_scene.h):
    // the diagram's rectangle, edges and neurons as plain instance data. The
    // App follows it with ImDrawCallback_ResetRenderState. Without it the
    // diagram shows its neurons (drawn by ImGui) and no edges.
    void set_diagram_callback(ImDrawCallback draw);
    // The diagram's renderer could not start (e.g. a shader did not compile):
    // the diagram panel shows this message instead of the edges.
    void set_diagram_error(const std::string& message);
    // What the main loop measured of the previous frame's rendering: the time
    // to submit and present it (ms), and the triangles and draw calls it drew,
    // so state() can report them; optional.
    void report_render(double present_ms, int triangles, int draw_calls);
    // Optional: what the Share button does with the settings as a URL query
    // (share_query(): "preset=wide&lr=0.5&seed=42&shuffle_seed=7"): the page
    // makes the full-window page's URL of it and copies it to the clipboard;
    // the App shows the link in a popup to select and copy. Without a
    // handler the link is "index.html?" + the query, put on ImGui's clipboard
    // (SDL's, on the desktop).
    // shown_by_page: the page showed the link in its own dialog (the App shows no popup).
    struct ShareLink { std::string url; bool copied = false; bool shown_by_page = false; };
    using ShareHandler = std::function<ShareLink(const std::string& query)>;
    void set_share_handler(ShareHandler handler);

    // ---- commands (keyboard, buttons, the page API) ----------------------------
    void train();                 // start or continue
    void pause();
    void toggle_training();
    int step(int minibatches);    // pause, then apply n minibatches now; returns how many
    // The page's step(n), which never holds the page: as step() when the n
    // steps are cheap (about 20 ms at most), else -1, and they run beside the
    // frames (the worker) or over several frames; state()'s running is true
    // until they are done.
    int step_async(int minibatches);
    void epoch();                 // train until the current epoch ends, then pause (over frames)
    void reset();                 // the seed's first weights again (the run repeats), history cleared
    // Applies a partial configuration (the page API's configure()): an object
    // of settings from the table (engine/settings/settings.h: hidden, lr,
    // batch, optimizer, view, ...; README lists them), checked completely
    // first. Returns "" or the table's message; on error nothing changes.
    // Network settings (architecture, hidden, activations, output, init,
    // seed) build new weights and restart the history; the rest keep the model.
    std::string configure(const nlohmann::json& changes);
    // The same settings as text (the URL's and data-config's key=value pairs),
    // each key on its own: a refused or unknown key keeps its value and comes
    // back as (key, message); the others apply. Empty when all applied.
    std::vector<std::pair<std::string, std::string>> configure_text(
        const std::vector<std::pair<std::string, std::string>>& pairs);
    const Settings& settings() const;
    // Every setting that differs from its default (seeds always) as a URL
    // query (engine/settings/settings.h, share_query): configure_text() of
    // it on a fresh App gives the same settings, and the same steps then
    // give the same costs. What the Share button links to.
    std::string share_query() const;

    // ---- files: models, the PyTorch export, pictures, the history ----------------
    void set_file_host(FileHost host);
    // Replaces the model with one from a model file's bytes (engine/io/model_file.h),
    // all or nothing: a corrupt, truncated, foreign or too large file is
    // refused with a message naming `name`, and the current model and its
    // history stay as they were. A new model archives this run's curves (the
    // previous run, greyed) and training continues from the file's weights,
    // with its settings. Returns "" or the message (also shown).
    std::string load_model(const uint8_t* data, std::size_t size, const std::string& name);
    std::string load_model_file(const std::string& path);   // reads the file, then load_model
    std::vector<uint8_t> model_file() const;                 // the model as a model file
    std::vector<uint8_t> pytorch_zip() const;                // model.safetensors + model.py
    std::string history_csv() const;                         // step, epoch, costs, accuracy, changes
    // The folder the desktop's saves go to ("." by default; `nnplay --out DIR`).
    void set_save_folder(const std::string& folder);
    const std::string& save_folder() const;
    // Pictures: the Files section asks for one during a frame (a panel's
    // rectangle, display units); after rendering that frame the main loop
    // reads those pixels (framebuffer pixels: scale by the pixel ratio) and
    // hands them to deliver_picture, which saves them as a PNG through the host.
    bool picture_requested(PictureRequest* out) const;
    void deliver_picture(const uint8_t* rgba, int width, int height, bool bottom_up);

    // ---- nothing lost: autosave, a saved run offered back, undo (session.cpp) -----
    // The whole run as bytes: model, optimizer state, minibatch order and place
    // in it, counters, history and settings (engine/io/session_file.h). Restored
    // on the same data, the same steps then give bit-identical costs. Empty
    // before the data is loaded.
    std::vector<uint8_t> session_bytes() const;
    // Replaces the run with saved bytes, all or nothing: "" or why not (shown;
    // the current run is untouched). `what` names it in messages ("the run from 10:42").
    std::string restore_session(const uint8_t* data, std::size_t size, const std::string& what);
    // A weight set by hand (the page API's setWeight): layer 1 = the first
    // hidden layer, the output layer last; neuron and input from 0, input -1
    // for the bias. "" or why it was refused (a locked network or seed, a
    // value that is not finite, no such weight); a marker in the history, undoable.
    std::string set_weight(int layer, int neuron, int input, double value);
    // A saved run the host kept (the page's autosave, the desktop's file):
    // once the data is in, the App asks "Continue the run from <when>? ...
    // [Continue] [Start fresh]", or continues by itself when `automatic`.
    // Start fresh, or bytes that cannot be read, ask the host to forget them
    // (set_forget_saved's handler).
    void offer_restore(std::vector<uint8_t> bytes, const std::string& when, bool automatic);
    void set_forget_saved(std::function<void()> forget);
    // Brings back the run from before the last Reset, New seed, new network,
    // loaded model or lesson (the last few, in memory): "" or why not.
    std::string undo();
    // Changes whenever session_bytes() would: the host saves when it changed.
    // "" while there is nothing to save over: no data yet, or a saved run is
    // on offer (saving the fresh run would lose it).
    std::string save_key() const;

    // ---- a guest in a page (web/app/guest.cpp) ------------------------------------
    // Whether the playground has a use for a key now: `key` is the browser's
    // KeyboardEvent.key ("s", " ", "Escape", "Tab", "ArrowDown", ...),
    // `modified` whether Ctrl, Alt or Meta is held. While a text field is
    // edited, every key; otherwise its shortcuts (Space, S, R) and Escape over
    // an open list. The page lets the others do what they do in the page
    // around: scroll it, move the focus on. Reads the last frame's ImGui state.
    bool wants_key(const std::string& key, bool modified) const;
    // Whether a wheel turn at (x, y) (display units) by (dx, dy) (the
    // browser's signs: dy > 0 scrolls down) would scroll something: the window
    // under the pointer, or the one ImGui climbs to from it, has room to move
    // that way. When nothing would, the page scrolls instead.
    bool wants_wheel(float x, float y, float dx, float dy) const;
    // Touch (a phone, a tablet): the page decides what a finger means from
    // its first movement (web/page/nnplay-embed.js). A drag that starts
    // mostly vertically scrolls: touch_scroll() moves the window under (x, y)
    // (or the first one around it that can move) by dy display units (> 0:
    // towards its end) and returns how much it moved; the page scrolls by the
    // rest. No value changes on the way. wants_touch_drag() says whether the
    // item at (x, y) takes vertical drags itself (the draw pad): then the
    // finger goes to it as a mouse would. set_touch(true): tooltips show on a
    // long press only, and say "tap"; touch targets are at least 24 px tall.
    float touch_scroll(float x, float y, float dy);
    bool wants_touch_drag(float x, float y) const;
    void set_touch(bool on);
    // Whether the page can put the playground in full screen (the host allows
    // it), and whether it is now: a "Full screen" link shows beside About and
    // asks the page through the page request "fullscreen".
    void set_fullscreen(bool available, bool on);
    // Typed fields for the page's own text input: the field drawn at (x, y) in
    // the last frame as JSON {id, x, y, w, h, text, kind ("int", "number",
    // "text"), label}, or "" when there is none; apply_text_field() gives it
    // a value typed there (applied next frame, as if typed into the field and
    // left): "" or why not (shown too; the field keeps its value).
    std::string text_field_at(float x, float y) const;
    std::string apply_text_field(unsigned id, const std::string& text);
    // Something for the page around the playground to do: "about" (show the
    // licences and notices page); "share" is the Share button's (show a link
    // that reproduces the current settings, see the page's shareUrl()). The web
    // build answers them (web/page_api.cpp); without a handler (the desktop)
    // the About item opens its own popup.
    // ---- accessibility (web/app/a11y.h) ----------------------------------------------
    // The controls drawn in the last frame as JSON {"version", "items": [{id,
    // role, name, x, y, w, h, description, key, value, position, choices,
    // chosen, checked, disabled}]} in reading order, or "" when the version is
    // still `since` (nothing changed: the page's poll costs nothing). Each
    // call asks for the list to be built again in the next frame drawn (only
    // those frames pay for it).
    std::string a11y_tree(double since);
    // Assistive technology operates a control of the last frame: action
    // "activate" (press a button, checkbox, tab, header), "choose" (a combo
    // box's choice `value`), "position" (a slider's position 0..1). Applied
    // next frame, through the widget, as the mouse's would be. "" or why not.
    std::string a11y_act(unsigned id, const std::string& action, double value);
    using PageRequest = std::function<void(const std::string& what)>;
    void set_page_request(PageRequest handler);

    // ---- reading ----------------------------------------------------------------
    const Trainer& trainer() const;
    AppState state() const;
    // The page API's state() as JSON: status ("loading", "ready", "training",
    // "paused", "diverged", "error"), status_line, tooltip (the text of the
    // tooltip on screen, "(shown)" for a rich one, "" for none), running, epoch (completed),
    // epoch_progress (fractional), step, samples_seen, train_cost (running mean),
    // test_cost and test_accuracy (a fraction 0..1; null before the first full
    // test pass), test_evaluated_at_step, evaluations, parameters, architecture,
    // every setting configure() takes, train_size, test_size, samples_per_s
    // (measured over the last second), seconds_trained, diverged, divergence
    // (null, or {kind, step, value, restored_step, lr}: the trainer's record),
    // training_memory ({estimate, limit} in bytes: what training this network
    // at this batch needs, and the most the engine allows),
    // message (why it diverged, or the last rejected change), notice, fps and frame_ms (of
    // the frames drawn: a paused page with no input draws two a second),
    // frames (drawn so far), and the
    // time per frame spent training (train_ms, evaluation included; eval_ms of
    // it), building the UI (draw_ms), rendering (present_ms; triangles and
    // draw_calls of the last frame), and the current
    // training budget (budget_ms); layout ("wide", "medium", "column");
    // widgets: where the main controls were drawn in the last frame, by name
    // ("train", "step", "epoch", "reset", "new_seed", "speed", "lr", "lr_typed", "batch",
    // "batch_typed", "optimizer", "add_layer", "layer1_width",
    // "layer1_width_typed", "layer1_activation", "layer1_remove", "output",
    // "init", "seed", "log_y", "tab_sample", "tab_confusion", "tab_weights",
    // "tab_gradient", "tab_draw", "tab_gallery", "view_area" (the shown view),
    // "confusion_cells", "gallery_grid", "gallery_cell0", "draw_pad",
    // "draw_label", "gradient_sample", "cost_plot", "accuracy_plot", "messages"
    // (the message box, while it shows a notice or a divergence's advice), ...)
    // as {x, y, w, h, visible} in display
    // units (CSS pixels of the canvas), so tests can click them; combo boxes
    // add label (what the box shows: the full name or a shorter one that fits)
    // and label_fits. cost_axis and accuracy_axis: the plots' y axes as last
    // drawn, {has_data, min, max, off_scale (points drawn on the edge, beyond
    // the range), off_scale_max (the largest above it, or null)}.
    // The views: view (the tab shown) and views (every name); sample (the
    // selected sample every view shows: source "test" or "drawn", index,
    // label, predicted, outputs, loss; null where unknown); gradient (the
    // gradient view's mode "minibatch" or "sample", valid, step, parameters,
    // components: the listed largest [{layer, neuron, input (-1: bias),
    // value: dC/dparam}]); step_report (what the last Step did: step, shown,
    // cost_before/after, changes [{..., before, after}], batch [{index, label,
    // loss_before/after, predicted_before/after}], or null); gallery (filter,
    // digit, predicted, count, first: up to 100 test indices, at_step);
    // drawing (has_ink, strokes, label, predicted, outputs).
    // diagram: the network diagram as last built (mode, builds, shown_edges,
    // total_edges, layer_shown, columns [{layer, width, shown, gap, scale, x,
    // y (the shown neurons' centres, display units from the diagram's
    // top-left: widgets.diagram), radius}], predicted, selected and
    // hovered neuron, renderer (a draw callback is set), error, health per
    // layer {activation, neurons, saturated, dead}, gradient_sizes).
    // lesson: the preset loaded {preset, title, text, shown, modified (the
    // network or training settings differ from the preset's), changes [{key,
    // value, lesson_value}], shown_text (what the Lesson box says: the text,
    // led by what changed)}. previous_run: the greyed run {label,
    // train_points, test_points} or null (kept beside the same setup only).
    // quick_evaluations: the first epoch's quick checks (the first 128 test
    // images); eval_seconds and train_seconds while training, and
    // evaluation_share = eval / (eval + train): what evaluating costs.
    // stall: why training is stuck {cause ("none", "saturated", "dead"),
    // layer (0-based weight matrix), share, dead, neurons}; the status line
    // then explains it.
    nlohmann::json state_json() const;
    // The panels built in the last frame ("run", "status", "network", "training",
    // "cost", "sample", "confusion", "weights", "gradient", "draw", "gallery", "diagram"),
    // for the headless tests.
    std::vector<std::string> panels_drawn() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace nnplay
