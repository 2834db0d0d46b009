// optimizer.cpp: SGD, momentum, Nesterov, RMSprop and Adam updates over every layer, through the
// kernels' update routines (see optimizer.h and kernels/kernels.h).
#include "engine/nn/optimizer.h"

#include <string>
#include <utility>

#include "engine/kernels/kernels.h"

namespace nnplay {

namespace {

// True when the state vectors no longer match the network's layers.
bool shapes_differ(const std::vector<FloatVec>& sW, const std::vector<FloatVec>& sb, const Mlp& net) {
    const auto& layers = net.layers();
    if (sW.size() != layers.size() || sb.size() != layers.size()) return true;
    for (std::size_t l = 0; l < layers.size(); ++l)
        if (sW[l].size() != layers[l].W.size() || sb[l].size() != layers[l].b.size()) return true;
    return false;
}

void zeros_like(std::vector<FloatVec>& sW, std::vector<FloatVec>& sb, const Mlp& net) {
    const auto& layers = net.layers();
    sW.resize(layers.size());
    sb.resize(layers.size());
    for (std::size_t l = 0; l < layers.size(); ++l) {
        sW[l].assign(layers[l].W.size(), 0.0f);
        sb[l].assign(layers[l].b.size(), 0.0f);
    }
}

}  // namespace

std::string Optimizer::set_state(OptimizerState s, const Mlp& net) {
    const auto& layers = net.layers();
    auto fits = [&](const std::vector<FloatVec>& sW, const std::vector<FloatVec>& sb) {
        return (sW.empty() && sb.empty()) || !shapes_differ(sW, sb, net);
    };
    if (!fits(s.s1W, s.s1b) || !fits(s.s2W, s.s2b))
        return "the optimizer's state does not match the network's " + std::to_string(layers.size()) + " layers";
    if (s.t < 0) return "the optimizer's step count is negative";
    kind_ = s.kind;
    t_ = s.t;
    s1W_ = std::move(s.s1W);
    s1b_ = std::move(s.s1b);
    s2W_ = std::move(s.s2W);
    s2b_ = std::move(s.s2b);
    return "";
}

void Optimizer::reset() {
    t_ = 0;
    s1W_.clear();
    s1b_.clear();
    s2W_.clear();
    s2b_.clear();
}

namespace {
// How many state vectors per parameter each kind keeps (velocity, RMSprop's
// mean square, Adam's two moments).
int state_count(OptimizerKind k) {
    switch (k) {
        case OptimizerKind::SGD: return 0;
        case OptimizerKind::Momentum:
        case OptimizerKind::Nesterov:
        case OptimizerKind::RMSprop: return 1;
        case OptimizerKind::Adam: return 2;
    }
    return 0;
}
}  // namespace

void Optimizer::step(Mlp& net, const Gradients& g, const TrainConfig& cfg) {
    auto& layers = net.layers();
    if (g.dW.size() != layers.size() || g.db.size() != layers.size()) return;
    // A new kind or a new network shape starts from fresh state; the weights stay.
    if (cfg.optimizer != kind_) {
        reset();
        kind_ = cfg.optimizer;
    }
    const int states = state_count(kind_);
    if (states > 0 && shapes_differ(s1W_, s1b_, net)) {
        reset();
        zeros_like(s1W_, s1b_, net);
        if (states > 1) zeros_like(s2W_, s2b_, net);
    }
    ++t_;
    const float lr = cfg.learning_rate, wd = cfg.weight_decay;
    // One update of n parameters p with gradients dp and states s1, s2.
    auto update = [&](float* p, const float* dp, float* s1, float* s2, std::size_t n) {
        switch (kind_) {
            case OptimizerKind::SGD: kernels::sgd_update(p, dp, n, lr, wd); break;
            case OptimizerKind::Momentum: kernels::momentum_update(p, s1, dp, n, lr, cfg.momentum, wd); break;
            case OptimizerKind::Nesterov: kernels::nesterov_update(p, s1, dp, n, lr, cfg.momentum, wd); break;
            case OptimizerKind::RMSprop: kernels::rmsprop_update(p, s1, dp, n, lr, cfg.rho, cfg.epsilon, wd); break;
            case OptimizerKind::Adam:
                kernels::adam_update(p, s1, s2, dp, n, lr, cfg.beta1, cfg.beta2, cfg.epsilon, wd, t_);
                break;
        }
    };
    for (std::size_t l = 0; l < layers.size(); ++l) {
        DenseLayer& d = layers[l];
        update(d.W.data(), g.dW[l].data(), states > 0 ? s1W_[l].data() : nullptr,
               states > 1 ? s2W_[l].data() : nullptr, d.W.size());
        update(d.b.data(), g.db[l].data(), states > 0 ? s1b_[l].data() : nullptr,
               states > 1 ? s2b_[l].data() : nullptr, d.b.size());
    }
}

}  // namespace nnplay
