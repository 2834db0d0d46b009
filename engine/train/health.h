// health.h: how each layer's neurons are doing on the test images, the plain
// record behind "why does training stall?": the share of sigmoid or tanh
// outputs stuck in a flat tail (saturated: their slope, and with it the
// gradient that flows back through them, is almost zero) and the ReLUs that
// are dead (not positive for any test image, so no gradient reaches their
// weights again); and the size of each layer's gradient.
//
// What it does not do: decide that training stalls or word it (the front end
// does, from these numbers and its history), or run forward passes of its own:
// HealthCounter reads the activations a test evaluation computed anyway
// (Trainer::evaluate_slice), so the figures cost a compare per activation.
//
// Use:
//   HealthCounter h; h.begin(net);
//   for each chunk: net.forward(X, rows, ws); h.add(ws, rows);
//   std::vector<LayerHealth> per_layer = h.finish();   // also in EvalResult::health
//   std::vector<float> sizes = gradient_norms(trainer.last_gradients());
#pragma once
#include <vector>

#include "engine/nn/network.h"

namespace nnplay {

// A sigmoid output below this or above 1 minus it is saturated: there
// sigma'(z) = a (1 - a) < 0.0099, under 4% of its peak 0.25 (|z| > 4.6).
inline constexpr float kSigmoidSaturation = 0.01f;
// A tanh output beyond +-this is saturated: tanh'(z) = 1 - a^2 < 0.02 (|z| > 2.6).
inline constexpr float kTanhSaturation = 0.99f;

// True when a of a layer with activation `act` sits in a flat tail.
inline bool is_saturated(Activation act, float a) {
    if (act == Activation::Sigmoid) return a < kSigmoidSaturation || a > 1.0f - kSigmoidSaturation;
    if (act == Activation::Tanh) return a < -kTanhSaturation || a > kTanhSaturation;
    return false;
}

// One layer (hidden layers first, then the output layer) over one test pass.
struct LayerHealth {
    Activation act = Activation::Identity;  // the layer's activation (the output: Sigmoid, or Identity for softmax)
    int neurons = 0;
    int images = 0;                 // test images seen
    // Sigmoid, tanh: per neuron, the share of the images on which its output
    // was saturated. ReLU, leaky ReLU: per neuron, the share on which it was
    // active (output > 0). Empty for other activations.
    std::vector<float> per_neuron;
    float saturated = 0;            // sigmoid, tanh: share of all (neuron, image) outputs saturated
    int dead = 0;                   // ReLU, leaky ReLU: neurons active on no image

    bool can_saturate() const { return act == Activation::Sigmoid || act == Activation::Tanh; }
    bool can_die() const { return act == Activation::ReLU || act == Activation::LeakyReLU; }
    float dead_share() const { return neurons > 0 ? float(dead) / float(neurons) : 0.0f; }
};

// Counts over the activations of a test pass, chunk by chunk.
class HealthCounter {
public:
    void begin(const Mlp& net);      // a new pass for this network's shapes
    // ws holds the activations of `rows` images just forwarded by the same
    // network (ws.act[l] is (rows, out_l)).
    void add(const Workspace& ws, int rows);
    std::vector<LayerHealth> finish() const;

private:
    std::vector<Activation> acts_;
    std::vector<int> widths_;
    std::vector<std::vector<int>> counts_;  // [layer][neuron]: images saturated (or active)
    int images_ = 0;
};

// Per layer, the Euclidean norm of the layer's gradient, weights and biases
// together: sqrt(sum (dC/dW)^2 + sum (dC/db)^2). Empty before the first step.
std::vector<float> gradient_norms(const Gradients& g);

}  // namespace nnplay
