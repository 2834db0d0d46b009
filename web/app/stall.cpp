// stall.cpp: see stall.h.
#include "web/app/stall.h"

#include <algorithm>

#include "web/app/text.h"

namespace nnplay {

const char* name_of(Stall::Cause c) {
    switch (c) {
        case Stall::Cause::Saturated: return "saturated";
        case Stall::Cause::Dead: return "dead";
        default: return "none";
    }
}

Stall diagnose_stall(const History& h, const EvalResult& e, const std::vector<float>& gradient_sizes) {
    Stall s;
    if (h.tests.empty() || e.samples == 0 || e.health.empty()) return s;
    const TestPoint& last = h.tests.back();
    s.accuracy = last.accuracy;
    s.cost = last.cost;
    if (!(last.accuracy < 0.5)) return s;
    // The best accuracy before the window and within it.
    const double start = last.samples - kStallWindow;
    double best_before = -1, best_recent = -1, first_flat = last.samples;
    for (const TestPoint& t : h.tests) {
        if (t.samples <= start) best_before = std::max(best_before, t.accuracy);
        else best_recent = std::max(best_recent, t.accuracy);
    }
    if (best_before < 0 || best_recent > best_before + kStallGain) return s;  // too early, or still improving
    // Flat since when: back from the end while no point beats the window's level.
    for (auto it = h.tests.rbegin(); it != h.tests.rend(); ++it) {
        if (it->accuracy > std::max(best_recent, last.accuracy) + kStallGain) break;
        first_flat = it->samples;
    }
    s.flat_for = last.samples - first_flat;

    // The cause: dead ReLUs first (they never come back), then saturation.
    const int L = int(e.health.size());
    int worst_dead = -1, worst_sat = -1;
    for (int l = 0; l < L; ++l) {
        const LayerHealth& x = e.health[std::size_t(l)];
        if (x.images == 0 || x.neurons == 0) continue;
        if (l < L - 1 && x.can_die() && x.dead_share() >= 0.5f &&
            (worst_dead < 0 || x.dead_share() > e.health[std::size_t(worst_dead)].dead_share()))
            worst_dead = l;
        if (x.can_saturate() && x.saturated >= 0.9f &&
            (worst_sat < 0 || x.saturated > e.health[std::size_t(worst_sat)].saturated))
            worst_sat = l;
    }
    const int l = worst_dead >= 0 ? worst_dead : worst_sat;
    if (l < 0) return s;
    const LayerHealth& x = e.health[std::size_t(l)];
    s.cause = worst_dead >= 0 ? Stall::Cause::Dead : Stall::Cause::Saturated;
    s.layer = l;
    s.output_layer = l == L - 1;
    s.act = x.act;
    s.share = s.cause == Stall::Cause::Dead ? x.dead_share() : x.saturated;
    s.dead = x.dead;
    s.neurons = x.neurons;
    if (std::size_t(l) < gradient_sizes.size()) s.gradient = gradient_sizes[std::size_t(l)];
    return s;
}

std::string describe(const Stall& s, double lr, bool can_lower_lr, bool can_reset) {
    if (s.cause == Stall::Cause::None) return "";
    const std::string layer = s.output_layer ? "the output layer" : "layer " + std::to_string(s.layer + 1);
    std::string t = "Stuck: ";
    if (s.cause == Stall::Cause::Saturated)
        t += "the cost has stayed at " + text::printf(s.cost < 1 ? "%.3f" : "%.4g", s.cost) + " and the test accuracy at " +
             text::percent(s.accuracy);
    else
        t += "the test accuracy has stayed near " + text::percent(s.accuracy, 0);
    if (s.flat_for >= 1000) t += " for the last " + text::thousands((long long)s.flat_for) + " training images";
    t += ". ";
    const std::string what = s.act == Activation::Tanh ? "tanh" : "sigmoid";
    if (s.cause == Stall::Cause::Saturated) {
        t += "The " + what + " neurons of " + layer + " are saturated: " + text::percent(s.share, 0) +
             " of their outputs are " + (s.act == Activation::Tanh ? "near -1 or 1" : "near 0 or 1") +
             ", where the " + what + " is flat (its slope almost zero), so the gradient of the cost is almost zero";
        if (std::isfinite(s.gradient)) t += " (size " + text::printf("%.1g", double(s.gradient)) + ")";
        t += " and gradient descent no longer moves the weights. ";
    } else {
        t += text::thousands(s.dead) + " of the " + text::thousands(s.neurons) + " ReLU neurons of " + layer +
             " are dead: they output 0 for every test image, so no gradient flows back through them and "
             "their weights never change again. ";
    }
    if (can_lower_lr)
        t += "Lower the learning rate (now " + text::number(lr, 7) + ")" + (can_reset ? ", then press Reset for new weights." : ".");
    else
        t += "The learning rate is " + text::number(lr, 7) + ", as this lesson set it.";
    return t;
}

}  // namespace nnplay
