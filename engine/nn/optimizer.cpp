// optimizer.cpp: SGD, momentum and Adam updates over every layer, through the
// kernels' update routines (see optimizer.h and kernels/kernels.h).
#include "engine/nn/optimizer.h"

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

void Optimizer::reset() {
    t_ = 0;
    s1W_.clear();
    s1b_.clear();
    s2W_.clear();
    s2b_.clear();
}

void Optimizer::step(Mlp& net, const Gradients& g, const TrainConfig& cfg) {
    auto& layers = net.layers();
    if (g.dW.size() != layers.size() || g.db.size() != layers.size()) return;
    // A new kind or a new network shape starts from fresh state; the weights stay.
    if (cfg.optimizer != kind_) {
        reset();
        kind_ = cfg.optimizer;
    }
    if (kind_ != OptimizerKind::SGD && shapes_differ(s1W_, s1b_, net)) {
        reset();
        zeros_like(s1W_, s1b_, net);
        if (kind_ == OptimizerKind::Adam) zeros_like(s2W_, s2b_, net);
    }
    ++t_;
    const float lr = cfg.learning_rate, wd = cfg.weight_decay;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        DenseLayer& d = layers[l];
        switch (kind_) {
            case OptimizerKind::SGD:
                kernels::sgd_update(d.W.data(), g.dW[l].data(), d.W.size(), lr, wd);
                kernels::sgd_update(d.b.data(), g.db[l].data(), d.b.size(), lr, wd);
                break;
            case OptimizerKind::Momentum:
                kernels::momentum_update(d.W.data(), s1W_[l].data(), g.dW[l].data(), d.W.size(), lr,
                                         cfg.momentum, wd);
                kernels::momentum_update(d.b.data(), s1b_[l].data(), g.db[l].data(), d.b.size(), lr,
                                         cfg.momentum, wd);
                break;
            case OptimizerKind::Adam:
                kernels::adam_update(d.W.data(), s1W_[l].data(), s2W_[l].data(), g.dW[l].data(),
                                     d.W.size(), lr, cfg.beta1, cfg.beta2, cfg.epsilon, wd, t_);
                kernels::adam_update(d.b.data(), s1b_[l].data(), s2b_[l].data(), g.db[l].data(),
                                     d.b.size(), lr, cfg.beta1, cfg.beta2, cfg.epsilon, wd, t_);
                break;
        }
    }
}

}  // namespace nnplay
