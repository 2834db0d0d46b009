// optimizer.h: applies one update to every weight and bias from their
// gradients: SGD, SGD with momentum or Nesterov momentum (PyTorch's forms),
// RMSprop and Adam, with L2 decay.
// Weight decay applies to weights and biases alike, as PyTorch's weight_decay
// does for model.parameters(). The update formulas are in kernels/kernels.h.
// What it does not do: compute gradients. Switching the kind (or the
// network's shape) between steps resets the optimizer's own state and keeps
// the weights; changing lr, momentum, rho or betas keeps it.
//
// Use:
//   Optimizer opt; opt.step(net, grads, train_cfg);
#pragma once
#include <string>
#include <vector>

#include "engine/nn/network.h"

namespace nnplay {

// What an optimizer remembers between steps (a saved run keeps it, so that
// the run continues exactly: engine/io/session_file.h). s1 and s2 are empty
// or shaped like the weights and biases (s1W[l] like layer l's W).
struct OptimizerState {
    OptimizerKind kind = OptimizerKind::SGD;
    long long t = 0;
    std::vector<FloatVec> s1W, s1b, s2W, s2b;
};

class Optimizer {
public:
    void step(Mlp& net, const Gradients& g, const TrainConfig& cfg);
    void reset();              // forget velocities / moments
    long long steps() const { return t_; }
    OptimizerState state() const { return {kind_, t_, s1W_, s1b_, s2W_, s2b_}; }
    // Takes a saved state for `net`: "" or why not (state vectors that do not
    // match the network's shapes); on error nothing changes.
    std::string set_state(OptimizerState s, const Mlp& net);

private:
    OptimizerKind kind_ = OptimizerKind::SGD;
    long long t_ = 0;                        // Adam's step count since the last reset
    std::vector<FloatVec> s1W_, s1b_;        // velocity, RMSprop's mean square, or Adam's m
    std::vector<FloatVec> s2W_, s2b_;        // Adam's v
};

}  // namespace nnplay
