// A long run keeps memory flat: the whole App (training, test evaluations,
// the history and the cost plot, every panel drawn each frame) training the
// default network, with memory compared after 10,000 and after 100,000 steps.
//
// What is measured, and why:
//  - the heap in use: bytes the allocator has handed out and not got back
//    (glibc's mallinfo2: uordblks + hblkhd; under AddressSanitizer its own
//    count, __sanitizer_get_current_allocated_bytes). This is exactly what a
//    leak or an unbounded container grows, to the byte, whatever the pages
//    do; it must not grow by more than 64 KiB over the 90,000 steps between
//    the two points (a byte per step or a few hundred per frame would exceed
//    that), plus 512 bytes for each test point the history gained: the points
//    themselves and the plots' draw lists, which hold a few vertices per
//    point, grow with them, and the history keeps at most History::kMaxTests
//    (measured: about 440 bytes per point, 200 points at 100,000 steps).
//  - the resident memory (/proc/self/statm), what the desktop's user sees in a
//    task manager: it must not grow by more than 2 MiB either. Not under
//    AddressSanitizer, whose quarantine keeps freed blocks resident on purpose.
//
// NNPLAY_LONG_RUN_STEPS=1000000 runs on to that step and prints the figures
// (a measurement for the reader, not part of `make test`).
#include <doctest.h>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "headless.h"
#include "web/app/history.h"

#if defined(__SANITIZE_ADDRESS__)
// From the sanitizer runtime's <sanitizer/allocator_interface.h>, which clang
// ships and gcc does not: bytes allocated and not freed (not the quarantine).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#define NNPLAY_ASAN 1
#endif

using namespace nnplay;
using namespace nnplay::testing;

namespace {

long long heap_in_use() {
#if defined(NNPLAY_ASAN)
    return static_cast<long long>(__sanitizer_get_current_allocated_bytes());
#else
    const struct mallinfo2 m = mallinfo2();
    return static_cast<long long>(m.uordblks + m.hblkhd);
#endif
}

long long resident_bytes() {
    long long pages_total = 0, pages_resident = 0;
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return -1;
    const int got = std::fscanf(f, "%lld %lld", &pages_total, &pages_resident);
    std::fclose(f);
    return got == 2 ? pages_resident * sysconf(_SC_PAGESIZE) : -1;
}

struct Sample {
    long long step, heap, rss, points;  // points: test points the history keeps
};

// What the heap may gain from a to b: 64 KiB, and 512 bytes per test point kept.
long long heap_allowance(long long points_a, long long points_b) {
    return 64 * 1024 + 512 * std::max(0LL, points_b - points_a);
}

}  // namespace

TEST_CASE("a long run keeps memory flat: the App at 100,000 steps as at 10,000") {
    App app;
    Headless h(app);
    // 10,000 training images make an epoch of 1,000 steps at the default batch
    // of 10, so the run crosses 100 epoch ends and their evaluations.
    app.set_data(synthetic(10000, 1), synthetic(1000, 2), "synthetic");
    h.frame(app);
    app.train();
    REQUIRE(app.state_json()["running"] == true);

    long long target_max = 100000;
    if (const char* env = std::getenv("NNPLAY_LONG_RUN_STEPS")) target_max = std::max(target_max, std::atoll(env));
    std::vector<Sample> samples;
    long long frames = 0;
    for (long long target = 10000; target <= target_max; target *= 10) {
        long long step = 0;
        while ((step = app.state_json()["step"].get<long long>()) < target) {
            h.frame(app);
            ++frames;
            REQUIRE(app.state_json()["running"] == true);  // never stopped (diverged, failed)
        }
        const nlohmann::json s = app.state_json();
        const long long points = std::min<long long>(s["evaluations"].get<long long>(), History::kMaxTests);
        samples.push_back({step, heap_in_use(), resident_bytes(), points});
        MESSAGE("step ", step, " (", frames, " frames): heap in use ", samples.back().heap / 1024, " KiB, resident ",
                samples.back().rss / 1024, " KiB, test evaluations ", s["evaluations"].get<long long>(),
                ", test accuracy ", s["test_accuracy"].dump());
    }
    REQUIRE(samples.size() >= 2);
    const Sample& a = samples[0];
    const Sample& b = samples[1];
    CHECK(a.heap > 0);
    CHECK(b.heap - a.heap <= heap_allowance(a.points, b.points));
#if !defined(NNPLAY_ASAN)
    CHECK(a.rss > 0);
    CHECK(b.rss - a.rss <= 2 * 1024 * 1024);
#endif
    for (std::size_t i = 2; i < samples.size(); ++i) {
        CHECK(samples[i].heap - a.heap <= heap_allowance(a.points, samples[i].points));
#if !defined(NNPLAY_ASAN)
        CHECK(samples[i].rss - a.rss <= 2 * 1024 * 1024);
#endif
    }
    // It learned all along (the synthetic digits are easy).
    CHECK(app.state_json()["test_accuracy"].get<double>() > 0.9);
}

TEST_CASE("the App gives a big network's memory back when a small one follows") {
    // In the page the WebAssembly memory never shrinks, but what the allocator
    // gets back serves the next network: nothing the App keeps for its views
    // (the last step's report, the gradient, the diagram, the evaluations) may
    // hold on to buffers sized for the big one (tests/browser/memory.mjs does
    // this with the page's largest settings).
    App app;
    Headless h(app);
    app.set_data(synthetic(2000, 1), synthetic(500, 2), "synthetic");
    const ImVec2 size(1280, 800);
    auto settle = [&] {
        for (int i = 0; i < 40 && app.state_json()["test_evaluated_at_step"] != app.state_json()["step"]; ++i)
            h.frame(app, size);
        h.frames(app, 3, size);
    };
    REQUIRE(app.step(2) == 2);
    settle();
    const long long small = heap_in_use();
    REQUIRE(app.configure({{"hidden", std::vector<int>(8, 1024)}, {"activations", std::vector<std::string>(8, "relu")},
                           {"output", "softmax_ce"}, {"batch", 2000}}) == "");
    REQUIRE(app.step(1) == 1);
    settle();
    for (const char* view : {"gradient", "diagram", "weights", "gallery"}) {
        REQUIRE(app.configure({{"view", view}}) == "");
        h.frames(app, 3, size);
    }
    const long long with_big = heap_in_use();
    REQUIRE(app.configure({{"hidden", {16, 16}}, {"activations", {"sigmoid", "sigmoid"}}, {"output", "sigmoid_mse"},
                           {"batch", 10}, {"view", "sample"}}) == "");
    h.frames(app, 3, size);
    const long long after = heap_in_use();
    MESSAGE("heap in use: ", small / 1024, " KiB, with 8 x 1024: ", with_big / 1024, " KiB, back: ", after / 1024,
            " KiB");
    CHECK(with_big - small > 3ll * 8161290 * 4);
    // Measured: about 5 MiB stays, the views' drawing buffers (ImGui's draw
    // lists, the diagram's vertices) at the size of the biggest frame drawn;
    // the big network's own buffers, 250 MiB here, all go.
    CHECK(after - small < 8 * 1024 * 1024);
}
