// app.h: the playground's front end, shared by the web page and the desktop
// program. App owns the engine objects (a Trainer and the datasets) and the
// panels; each frame it gives training a time budget, then builds the ImGui
// windows. It only emits ImGui draw data: no SDL, no GL, no Emscripten here, so
// the same App runs headless in the unit tests (tests/unit/app/).
//
// What it does not do: create windows, GL contexts or the main loop (web/main.cpp
// does), fetch files (the page's JS or main.cpp hand it the datasets).
//
// Use (see web/main.cpp):
//   App app;                                  // lecture's default network
//   app.set_data(train, test, "MNIST subset 10,000 / 2,000");
//   each frame: ImGui::NewFrame(); app.frame(now_seconds); ImGui::Render();
//   commands from the page API or keys: app.train(); app.pause(); app.step(1); ...
#pragma once
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/data/dataset.h"
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

class App {
public:
    App();
    ~App();

    // ---- data ---------------------------------------------------------------
    void set_loading(const std::string& what, float fraction);  // progress while data loads
    void set_data(DatasetPtr train, DatasetPtr test, const std::string& source);
    void set_error(const std::string& message);                  // e.g. data failed to load

    // ---- one frame ----------------------------------------------------------
    // Call between ImGui::NewFrame() and ImGui::Render(). `now` is seconds from
    // any fixed origin. Trains for the frame's time budget when running, then
    // builds every panel.
    void frame(double now);
    // Time the main loop measured for the previous frame's render+present (ms),
    // so state() can report it; optional.
    void report_present_ms(double ms);

    // ---- commands (keyboard, buttons, the page API) ----------------------------
    void train();                 // start or continue
    void pause();
    void toggle_training();
    int step(int minibatches);    // while paused: apply n minibatches now
    void epoch();                 // run to the end of the current epoch
    void reset();                 // new weights from the seed, history cleared
    // Applies a partial configuration (the page API's configure()): any of
    // hidden (array of widths), activations (array of names), output
    // ("sigmoid_mse"/"softmax_ce"), init, seed, optimizer, lr, batch, momentum,
    // weight_decay, train_subset, speed (steps per second, 0 = as fast as possible).
    // Returns "" or a message; on error nothing changes.
    std::string configure(const nlohmann::json& changes);

    // ---- reading ----------------------------------------------------------------
    const Trainer& trainer() const;
    AppState state() const;
    // The page API's state(): epoch, step, samples_seen, train_cost, test_cost,
    // test_accuracy, parameters, architecture, running, fps, status, ... as JSON.
    nlohmann::json state_json() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace nnplay
