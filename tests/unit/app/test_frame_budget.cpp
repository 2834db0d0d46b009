// FrameBudget against simulated renderers: the frame time each would show for
// a given training budget, quantised to a 60 Hz display (a frame that misses
// a beat takes two) and with a little deterministic jitter. The budget must
// find as much training as keeps frames on time, and give training a fair
// share when no budget can.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>

#include "web/app/frame_budget.h"

using namespace nnplay;

namespace {

constexpr double kBeat = 1000.0 / 60.0;

struct Outcome {
    double late_share = 0;    // frames that missed the display's beat
    double mean_budget = 0;
    double bound_share = 0;   // frames in the fair-share mode
};

// Runs 1,200 frames to settle, then measures 1,200. `work_ms` -> the time the
// frame takes before it waits for the display's next beat.
Outcome simulate(const std::function<double(double)>& busy_ms) {
    FrameBudget b;
    uint32_t seed = 12345;
    auto jitter = [&seed] {  // -0.5 .. 0.5 ms, a small LCG so the run repeats exactly
        seed = seed * 1664525u + 1013904223u;
        return double(seed >> 8) / double(1u << 24) - 0.5;
    };
    Outcome o;
    const int settle = 1200, measure = 1200;
    for (int i = 0; i < settle + measure; ++i) {
        const double work = b.ms();
        const double busy = std::max(0.1, busy_ms(work) + jitter());
        const double frame = kBeat * std::max(1.0, std::ceil(busy / kBeat - 1e-9));
        b.update(frame);
        if (i < settle) continue;
        o.late_share += frame > kBeat * 1.5;
        o.mean_budget += work;
        o.bound_share += b.renderer_bound();
    }
    o.late_share /= measure;
    o.mean_budget /= measure;
    o.bound_share /= measure;
    return o;
}

}  // namespace

TEST_CASE("frame budget: a GPU that draws in 2 ms leaves training most of the frame") {
    const Outcome o = simulate([](double work) { return 2.0 + work; });
    CHECK(o.late_share < 0.05);
    CHECK(o.mean_budget > 11.0);
    CHECK(o.bound_share == 0);
}

TEST_CASE("frame budget: training hidden behind a 9 ms software draw grows up to it, no further") {
    // The page's work overlaps the rasteriser: 1 ms to build, then the longer
    // of training and drawing, then 3 ms to read back and composite.
    const Outcome o = simulate([](double work) { return 1.0 + std::max(work, 9.0) + 3.0; });
    CHECK(o.late_share < 0.06);
    CHECK(o.mean_budget > 8.0);
    CHECK(o.mean_budget < 13.0);
    CHECK(o.bound_share == 0);
}

TEST_CASE("frame budget: with 12 ms of drawing after training, training shrinks to what fits") {
    const Outcome o = simulate([](double work) { return 1.0 + work + 12.0; });
    CHECK(o.late_share < 0.06);
    CHECK(o.mean_budget > 2.0);
    CHECK(o.mean_budget < 3.7);
    CHECK(o.bound_share == 0);
}

TEST_CASE("frame budget: when frames are late with no training at all, training gets a quarter") {
    const Outcome o = simulate([](double work) { return 30.0 + work; });
    CHECK(o.bound_share > 0.8);             // mostly fair share, with a look back every 5 s
    CHECK(o.mean_budget > 6.0);
}

TEST_CASE("frame budget: a stall or a nonsense time changes nothing") {
    FrameBudget b;
    const double before = b.ms();
    b.update(5000.0);
    b.update(NAN);
    b.update(-3.0);
    CHECK(b.ms() == before);
    for (int i = 0; i < 8; ++i) b.update(40.0);  // one window: 320 ms
    CHECK(b.ms() < before);
    b.reset();
    CHECK(b.ms() == before);
}
