// step_report.cpp: describe_step (see step_report.h).
#include "engine/train/step_report.h"

#include <cmath>
#include <cstring>

namespace nnplay {

float parameter_value(const Mlp& net, int layer, int neuron, int input) {
    const auto& L = net.layers();
    if (layer < 0 || layer >= static_cast<int>(L.size())) return NAN;
    const DenseLayer& d = L[static_cast<std::size_t>(layer)];
    if (neuron < 0 || neuron >= d.out || input < -1 || input >= d.in) return NAN;
    if (input < 0) return d.b[static_cast<std::size_t>(neuron)];
    return d.W[static_cast<std::size_t>(neuron) * d.in + input];
}

namespace {

bool same_shapes(const Mlp& a, const Mlp& b) {
    const auto& la = a.layers();
    const auto& lb = b.layers();
    if (la.size() != lb.size() || la.empty()) return false;
    for (std::size_t l = 0; l < la.size(); ++l)
        if (la[l].in != lb[l].in || la[l].out != lb[l].out) return false;
    return true;
}

// Each image's loss and answer under `net`, for a gathered batch X (B, dim).
void score(const Mlp& net, const float* X, const uint8_t* y, int B, std::vector<float>& loss,
           std::vector<int>& answer, float& mean) {
    Workspace ws;
    loss.assign(static_cast<std::size_t>(B), 0.0f);
    mean = net.forward_loss(X, y, B, ws, loss.data());
    const int N = net.layers().back().out;
    // For cross-entropy forward_loss leaves probabilities in act.back(): the
    // argmax is the same as the logits'.
    const float* out = ws.act.back().data();
    answer.assign(static_cast<std::size_t>(B), 0);
    for (int r = 0; r < B; ++r) {
        const float* o = out + static_cast<std::size_t>(r) * N;
        int best = 0;
        for (int i = 1; i < N; ++i)
            if (o[i] > o[best]) best = i;
        answer[static_cast<std::size_t>(r)] = best;
    }
}

}  // namespace

StepReport describe_step(const Mlp& before, const Trainer& trainer, int k) {
    StepReport r;
    const Mlp& after = trainer.model();
    if (trainer.gradient_step() < 0 || !same_shapes(before, after)) return r;
    const Gradients& g = trainer.last_gradients();
    if (g.dW.size() != after.layers().size()) return r;
    r.step = trainer.gradient_step();
    r.optimizer = trainer.train_config().optimizer;
    r.learning_rate = trainer.train_config().learning_rate;
    r.weight_decay = trainer.train_config().weight_decay;
    r.parameters = after.parameter_count();
    for (const GradientEntry& e : largest_gradients(g, k))
        r.changes.push_back({e, parameter_value(before, e.layer, e.neuron, e.input),
                             parameter_value(after, e.layer, e.neuron, e.input)});

    const std::vector<int> batch = trainer.last_batch();
    const DatasetPtr& data = trainer.train_data();
    if (batch.empty() || !data || data->dim != after.config().inputs) return r;
    const int B = static_cast<int>(batch.size());
    const int dim = data->dim;
    std::vector<float> X(static_cast<std::size_t>(B) * dim);
    std::vector<uint8_t> y(static_cast<std::size_t>(B));
    for (int i = 0; i < B; ++i) {
        std::memcpy(X.data() + static_cast<std::size_t>(i) * dim, data->image(batch[i]), sizeof(float) * dim);
        y[static_cast<std::size_t>(i)] = data->labels[static_cast<std::size_t>(batch[i])];
    }
    std::vector<float> loss0, loss1;
    std::vector<int> ans0, ans1;
    score(before, X.data(), y.data(), B, loss0, ans0, r.cost_before);
    score(after, X.data(), y.data(), B, loss1, ans1, r.cost_after);
    r.samples.resize(static_cast<std::size_t>(B));
    for (int i = 0; i < B; ++i) {
        StepSample& s = r.samples[static_cast<std::size_t>(i)];
        s.index = batch[static_cast<std::size_t>(i)];
        s.label = y[static_cast<std::size_t>(i)];
        s.loss_before = loss0[static_cast<std::size_t>(i)];
        s.loss_after = loss1[static_cast<std::size_t>(i)];
        s.predicted_before = ans0[static_cast<std::size_t>(i)];
        s.predicted_after = ans1[static_cast<std::size_t>(i)];
    }
    return r;
}

}  // namespace nnplay
