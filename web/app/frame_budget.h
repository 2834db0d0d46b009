// frame_budget.h: how many milliseconds of each frame training may take, so
// that the page keeps its frame rate. Training runs on the page's one thread
// (the web build has no threads), inside the frame, after the frame's drawing
// went to the GPU (App::work), so it overlaps with the drawing: how much
// training a frame can take without making frames late depends on the
// renderer and the machine, and is found by measuring, not computed.
//
// The rule: every kWindowMs of frames, their mean frame time decides.
// A display's timer jitters and a busy machine drops a frame now and then, so
// one frame decides nothing. Slower than kTooSlowMs (55 fps) cuts the budget
// by 30%, slower than kSlowMs (57.5 fps) by 10%; faster than kFastMs adds
// 0.25 ms. If windows stay too slow with the budget at its floor, training is
// not what makes them slow (a software renderer, a slow machine): then
// training gets a quarter of the frame instead of starving for a frame rate it
// cannot bring back, and every 5 s the budget drops to the floor again to see
// whether frames recover.
//
// What it does not do: measure anything itself (the App passes frame times),
// or know about the speed limit (a limited speed simply uses less).
//
// Use: each frame while training, budget.update(ms_since_last_frame); then
//      train for budget.ms().
#pragma once

namespace nnplay {

class FrameBudget {
public:
    static constexpr double kMinMs = 0.5;       // at least this (and one step) per frame
    static constexpr double kMaxMs = 14.0;      // never more: leaves room to draw at 60 fps
    static constexpr double kTooSlowMs = 18.2;  // a window's mean above: under 55 fps
    static constexpr double kSlowMs = 17.4;     // above: under 57.5 fps
    static constexpr double kFastMs = 17.0;     // below: room for more training
    static constexpr double kWindowMs = 300.0;  // frames per decision: about 18 at 60 fps

    // One frame: `frame_ms` since the previous frame began.
    void update(double frame_ms);
    double ms() const { return budget_; }
    // True while training gets a fair share because frames are slow anyway.
    bool renderer_bound() const { return renderer_bound_; }
    // Back to the starting state.
    void reset();

private:
    void decide(double mean_ms);

    double budget_ = 4.0;
    double sum_ms_ = 0;             // the current window
    int count_ = 0;
    int slow_at_floor_ = 0;         // consecutive too-slow windows with the budget at its floor
    double renderer_bound_ms_ = 0;  // how long the fair-share mode has lasted
    bool renderer_bound_ = false;
};

}  // namespace nnplay
