// stall.h: why training is stuck, when it is. From plain records (the test
// points of the History, the per-layer health of the last test evaluation,
// the size of each layer's gradient) it tells whether the test accuracy has
// stopped rising while still poor, and finds the cause the lecture's network
// runs into: sigmoids saturated by a learning rate far too large (the cost
// sits at 0.100, every output near 0), or ReLUs killed by one (every one of
// them outputs 0, the network always gives the same answer).
//
// What it does not do: look at the network itself (the engine's HealthCounter
// did, during the test evaluation), or draw. The words for the student come
// from describe(); the page's state() gives the record.
//
// Use:
//   Stall s = diagnose_stall(history, trainer.last_eval(), gradient_norms(trainer.last_gradients()));
//   if (s.cause != Stall::Cause::None) show(describe(s, learning_rate));
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "engine/train/trainer.h"
#include "web/app/history.h"

namespace nnplay {

struct Stall {
    enum class Cause { None, Saturated, Dead };
    Cause cause = Cause::None;
    int layer = -1;               // the weight matrix whose outputs are stuck (0-based)
    bool output_layer = false;    // ... the last one
    Activation act = Activation::Identity;
    float share = 0;              // saturated: share of its outputs saturated; dead: share of its neurons dead
    int dead = 0, neurons = 0;
    float gradient = NAN;         // that layer's gradient size (last minibatch), if known
    double accuracy = 0, cost = 0;  // the latest test figures
    double flat_for = 0;          // training images seen while the accuracy did not improve
};

// Training counts as stuck when the last test accuracy is under 50%, and the
// best accuracy of the last kStallWindow training images is no better (by
// more than kStallGain: a stuck network that switches its one answer from a
// 9% digit to an 11% one has not learnt anything) than the best before them.
// The cause: a layer whose
// sigmoid or tanh outputs are saturated for at least 90% of (neuron, image)
// pairs, or a hidden layer with at least half of its ReLUs dead.
inline constexpr double kStallWindow = 5000;
inline constexpr double kStallGain = 0.05;
Stall diagnose_stall(const History& h, const EvalResult& e, const std::vector<float>& gradient_sizes);

// The lecture's words: what is stuck, why, and what to do ("Lower the learning
// rate (now 500), then press Reset for new weights.").
// can_lower_lr: the page shows the learning rate and leaves it unlocked
// (otherwise the advice asks for nothing the student cannot do);
// can_reset: the Reset button shows.
std::string describe(const Stall& s, double learning_rate, bool can_lower_lr = true, bool can_reset = true);
const char* name_of(Stall::Cause c);  // "none", "saturated", "dead"

}  // namespace nnplay
