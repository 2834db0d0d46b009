// The App's plain parts: layout arithmetic, the decimated history, text formats.
#include <doctest.h>

#include <cmath>
#include <vector>

#include "web/app/history.h"
#include "web/app/layout.h"
#include "web/app/text.h"

using namespace nnplay;

TEST_CASE("layout: left column and views on wide screens, one column on phones") {
    const Layout wide = compute_layout(1920, 1080, 16);
    CHECK(wide.kind == LayoutKind::Wide);
    CHECK(wide.views_side_by_side);
    CHECK_FALSE(wide.views_with_plots);
    const Layout mid = compute_layout(800, 600, 16);
    CHECK(mid.kind == LayoutKind::Medium);
    CHECK_FALSE(mid.views_side_by_side);
    // 800x600: the views would get 16.5 em: tabs beside the curves instead.
    CHECK(mid.views_with_plots);
    CHECK(mid.views.empty());
    CHECK(mid.cost.h == 600);
    const Layout phone = compute_layout(360, 640, 16);
    CHECK(phone.kind == LayoutKind::Column);
    CHECK(phone.column.w == 360);
    CHECK(phone.column.h == 640);
    CHECK(phone.column_plot_h >= 14 * 16);
    CHECK(compute_layout(768, 1024, 16).kind == LayoutKind::Column);  // a tablet held upright
    CHECK(compute_layout(1280, 720, 16).kind == LayoutKind::Wide);
    // A 1280x800 laptop: the views get the 27 em one sample needs; a short
    // window keeps the curves at more than half its height.
    const Layout laptop = compute_layout(1280, 800, 16);
    CHECK(laptop.views.h >= 27 * 16);
    CHECK(laptop.cost.h >= 0.4f * 800);
    CHECK_FALSE(laptop.views_with_plots);
    for (const Layout& l : {wide, laptop}) {
        // The three windows tile the display: controls on the left, cost over views on the right.
        const float W = l.controls.w + l.cost.w, H = l.controls.h;
        CHECK(l.controls.x == 0);
        CHECK(l.cost.x == l.controls.right());
        CHECK(l.views.x == l.cost.x);
        CHECK(l.views.y == l.cost.bottom());
        CHECK(l.views.bottom() == doctest::Approx(H));
        CHECK(l.cost.w == l.views.w);
        CHECK(l.controls.w >= 18 * 16);       // room for a label and a slider
        CHECK(l.controls.w <= W * 0.36f);     // never more than about a third
    }
    CHECK(mid.cost.x == mid.controls.right());
    CHECK(mid.cost.right() == 800);
}

TEST_CASE("decimated series: bounded size, means kept") {
    DecimatedSeries s(64);
    double sum = 0;
    for (int i = 0; i < 100000; ++i) {
        s.add(i, i % 7);
        sum += i % 7;
    }
    CHECK(s.size() <= 64);
    CHECK(s.size() >= 32);
    CHECK(s.raw_count() == 100000);
    CHECK(s.bucket() > 1);
    double mean = 0;
    for (double y : s.y()) mean += y;
    mean /= s.size();
    CHECK(mean == doctest::Approx(sum / 100000).epsilon(0.01));
    for (int i = 1; i < s.size(); ++i) CHECK(s.x()[i] > s.x()[i - 1]);  // still ordered
    s.clear();
    CHECK(s.size() == 0);
    s.add(1, 2);
    CHECK(s.size() == 1);
    CHECK(s.y()[0] == 2);
}

TEST_CASE("history markers: a slider drag is one marker") {
    History h;
    h.mark(100, 10, "lr", "3", "2", "learning rate", 5.0);
    h.mark(120, 12, "lr", "2", "1", "learning rate", 5.2);
    h.mark(140, 14, "lr", "1", "0.5", "learning rate", 5.4);
    REQUIRE(h.markers.size() == 1);
    CHECK(h.markers[0].text == "learning rate 3 → 0.5");
    CHECK(h.markers[0].samples == 100);
    h.mark(200, 20, "batch", "10", "20", "batch size", 5.5);
    h.mark(300, 30, "lr", "0.5", "0.1", "learning rate", 9.0);  // later: a new marker
    CHECK(h.markers.size() == 3);
    TestPoint p;
    p.step = 10;
    p.accuracy = 0.5;
    h.add_test(p);
    p.accuracy = 0.6;
    p.epoch_end = true;
    h.add_test(p);  // the same step again replaces
    REQUIRE(h.tests.size() == 1);
    CHECK(h.tests[0].percent == doctest::Approx(60));
    CHECK(h.tests[0].epoch_end);
}

TEST_CASE("text formats") {
    CHECK(text::thousands(13002) == "13,002");
    CHECK(text::thousands(25450) == "25,450");
    CHECK(text::thousands(999) == "999");
    CHECK(text::thousands(-1234567) == "-1,234,567");
    CHECK(text::percent(0.912) == "91.2%");
    CHECK(text::duration(4.25) == "4.2 s");
    CHECK(text::duration(125) == "2 min 05 s");
    CHECK(text::number(NAN) == "–");
}

TEST_CASE("cost ceiling: costs that blew up are off the scale, a run that stays high is not") {
    History h;
    CHECK(std::isinf(cost_ceiling(h)));  // nothing to judge by
    TestPoint t0;
    t0.step = 0;
    t0.cost = 2.3;  // the untrained network
    h.add_test(t0);
    for (int i = 0; i < 200; ++i) h.train.add(i, 2.3 * std::exp(-i / 50.0));
    for (int i = 200; i < 203; ++i) h.train.add(i, 1e36);  // the steps before the trainer refused one
    const double cap = cost_ceiling(h);
    CHECK(cap >= 2.3);
    CHECK(cap < 1e3);
    std::vector<double> s;
    smooth_costs(h.train.y(), cap, s);
    REQUIRE(s.size() == h.train.y().size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        CAPTURE(i);
        // The blow-up lifts no average: its points take their sane neighbours'
        // mean, or are a gap when no sane value is near.
        if (i < 200) REQUIRE(std::isfinite(s[i]));
        if (std::isfinite(s[i])) CHECK(s[i] <= 2.31);
    }
    CHECK(std::isfinite(s[200]));
    CHECK(std::isnan(s[202]));
    // Without a ceiling the same curve is dragged up around the blow-up.
    smooth_costs(h.train.y(), INFINITY, s);
    CHECK(s.back() > 1e30);

    // No step-0 test: the first minibatches' costs say where the run started.
    History g;
    g.train.add(1, 0.25);
    g.train.add(2, 0.24);
    g.train.add(3, 1e30);
    CHECK(cost_ceiling(g) == doctest::Approx(2.4));
    // A run that blew up after its first step: most of its few points are absurd.
    History f;
    f.train.add(1, 2.3);
    for (double c : {4e3, 1e7, 1e15, 1e30, 3e36}) f.train.add(2, c);
    CHECK(cost_ceiling(f) == doctest::Approx(23));
    // A run bouncing around at 60 after starting at 2.3 is a curve to show.
    History b;
    b.add_test(t0);
    for (int i = 0; i < 100; ++i) b.train.add(i, 60 + (i % 3));
    CHECK(cost_ceiling(b) >= 120);
}

TEST_CASE("history over a million steps: bounded, and the curves keep their shape") {
    History h;
    // A training cost that falls fast early and slowly later, with minibatch noise.
    auto cost = [](double step) { return 0.05 + 2.25 * std::exp(-step / 100000.0); };
    for (int step = 1; step <= 1000000; ++step) {
        const double noise = 0.02 * (((step * 7919LL) % 101) / 50.0 - 1.0);  // -0.02 .. 0.02, mean 0
        h.train.add(step * 10.0, cost(step) + noise);
    }
    CHECK(h.train.size() <= 4096);
    CHECK(h.train.size() >= 2048);
    CHECK(h.train.raw_count() == 1000000);
    // Each point is the mean over its bucket: on the curve, the noise averaged out.
    int off = 0;
    for (int i = 0; i < h.train.size(); ++i) {
        const double step = h.train.x()[i] / 10.0;
        off += std::fabs(h.train.y()[i] - cost(step)) > 0.005;
    }
    CHECK(off == 0);
    CHECK(h.train.x().front() < 10.0 * h.train.bucket());  // the curve still starts at the start

    // 100,000 test evaluations (an evaluation every 10 steps, a tiny training subset).
    auto accuracy = [](double e) { return 1.0 - 0.9 * std::exp(-e / 10000.0); };
    for (int e = 0; e < 100000; ++e) {
        TestPoint p;
        p.step = e * 10.0;
        p.samples = e * 100.0;
        p.accuracy = accuracy(e);
        p.epoch_end = true;
        h.add_test(p);
    }
    const auto& t = h.tests;
    CHECK(int(t.size()) <= History::kMaxTests);
    CHECK(int(t.size()) > History::kMaxTests / 2);
    CHECK(t.front().step == 0);             // the untrained network's evaluation stays
    CHECK(t.back().step == 99999 * 10.0);   // and the newest is shown
    const double stride = h.test_stride();
    CHECK(stride > 1);
    for (std::size_t i = 0; i < t.size(); ++i) {
        CAPTURE(i);
        // Real evaluations, never averages, evenly spaced (the newest may come sooner).
        REQUIRE(t[i].accuracy == doctest::Approx(accuracy(t[i].step / 10.0)).epsilon(1e-12));
        if (i > 0 && i + 1 < t.size()) REQUIRE(t[i].step - t[i - 1].step == doctest::Approx(10.0 * stride));
        if (i + 1 == t.size()) REQUIRE(t[i].step - t[i - 1].step <= 10.0 * stride);
    }
    // Evaluations at the same step still merge, and clear() starts over.
    TestPoint again = t.back();
    again.accuracy = 0.5;
    const std::size_t n = t.size();
    h.add_test(again);
    CHECK(t.size() == n);
    CHECK(t.back().percent == doctest::Approx(50));
    h.clear();
    CHECK(h.test_stride() == 1);
    TestPoint first;
    h.add_test(first);
    first.step = 1;
    h.add_test(first);
    CHECK(h.tests.size() == 2);
}
