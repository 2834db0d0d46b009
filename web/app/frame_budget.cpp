// frame_budget.cpp: see frame_budget.h.
#include "web/app/frame_budget.h"

#include <algorithm>
#include <cmath>

namespace nnplay {

void FrameBudget::reset() { *this = FrameBudget{}; }

void FrameBudget::update(double frame_ms) {
    if (!(frame_ms > 0) || !std::isfinite(frame_ms) || frame_ms > 1000.0) return;  // a stall, not a measurement
    sum_ms_ += frame_ms;
    if (renderer_bound_) renderer_bound_ms_ += frame_ms;
    ++count_;
    if (sum_ms_ < kWindowMs) return;
    const double mean = sum_ms_ / count_;
    sum_ms_ = 0;
    count_ = 0;
    decide(mean);
}

void FrameBudget::decide(double mean_ms) {
    if (renderer_bound_) {
        // A quarter of the frame; every 5 s, back to the floor to look again.
        budget_ = std::clamp(0.25 * mean_ms, 1.0, kMaxMs);
        if (renderer_bound_ms_ >= 5000.0) {
            renderer_bound_ = false;
            renderer_bound_ms_ = 0;
            slow_at_floor_ = 0;
            budget_ = kMinMs;
        }
        return;
    }
    if (mean_ms > kTooSlowMs && budget_ <= kMinMs * 1.2) {
        if (++slow_at_floor_ >= 2) {
            renderer_bound_ = true;
            renderer_bound_ms_ = 0;
            budget_ = std::clamp(0.25 * mean_ms, 1.0, kMaxMs);
        }
        return;
    }
    slow_at_floor_ = 0;
    if (mean_ms > kTooSlowMs)
        budget_ *= 0.7;
    else if (mean_ms > kSlowMs)
        budget_ *= 0.9;
    else if (mean_ms < kFastMs)
        budget_ += 0.25;
    budget_ = std::clamp(budget_, kMinMs, kMaxMs);
}

}  // namespace nnplay
