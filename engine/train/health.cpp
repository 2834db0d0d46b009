// health.cpp: see health.h.
#include "engine/train/health.h"

#include <algorithm>
#include <cmath>

namespace nnplay {

void HealthCounter::begin(const Mlp& net) {
    const auto& layers = net.layers();
    acts_.resize(layers.size());
    widths_.resize(layers.size());
    counts_.resize(layers.size());
    for (std::size_t l = 0; l < layers.size(); ++l) {
        acts_[l] = layers[l].act;
        widths_[l] = layers[l].out;
        const bool counted = acts_[l] == Activation::Sigmoid || acts_[l] == Activation::Tanh ||
                             acts_[l] == Activation::ReLU || acts_[l] == Activation::LeakyReLU;
        counts_[l].assign(counted ? std::size_t(layers[l].out) : 0, 0);
    }
    images_ = 0;
}

void HealthCounter::add(const Workspace& ws, int rows) {
    if (rows <= 0 || ws.act.size() < acts_.size()) return;
    for (std::size_t l = 0; l < acts_.size(); ++l) {
        std::vector<int>& c = counts_[l];
        if (c.empty()) continue;
        const int n = widths_[l];
        const Activation act = acts_[l];
        const bool relu = act == Activation::ReLU || act == Activation::LeakyReLU;
        // A (rows, n), row-major.
        const float* A = ws.act[l].data();
        for (int r = 0; r < rows; ++r) {
            const float* a = A + std::size_t(r) * n;
            if (relu)
                for (int j = 0; j < n; ++j) c[j] += a[j] > 0.0f;
            else
                for (int j = 0; j < n; ++j) c[j] += is_saturated(act, a[j]);
        }
    }
    images_ += rows;
}

std::vector<LayerHealth> HealthCounter::finish() const {
    std::vector<LayerHealth> out(acts_.size());
    for (std::size_t l = 0; l < acts_.size(); ++l) {
        LayerHealth& h = out[l];
        h.act = acts_[l];
        h.neurons = widths_[l];
        h.images = images_;
        const std::vector<int>& c = counts_[l];
        if (c.empty() || images_ == 0) continue;
        h.per_neuron.resize(c.size());
        long long total = 0;
        for (std::size_t j = 0; j < c.size(); ++j) {
            h.per_neuron[j] = float(c[j]) / float(images_);
            total += c[j];
            if (h.can_die() && c[j] == 0) ++h.dead;
        }
        if (h.can_saturate()) h.saturated = float(double(total) / (double(images_) * double(c.size())));
    }
    return out;
}

std::vector<float> gradient_norms(const Gradients& g) {
    const std::size_t L = std::min(g.dW.size(), g.db.size());
    std::vector<float> out(L, 0.0f);
    for (std::size_t l = 0; l < L; ++l) {
        double s = 0;
        for (float v : g.dW[l]) s += double(v) * v;
        for (float v : g.db[l]) s += double(v) * v;
        out[l] = float(std::sqrt(s));
    }
    return out;
}

}  // namespace nnplay
