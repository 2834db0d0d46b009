// network.h: the multilayer perceptron: dense layers `a(l+1) = f(W(l) a(l) + b(l))`,
// forward and backward passes over a minibatch, and the per-sample views the
// lecture draws (activations, the ten squared differences, their sum and mean).
//
// What it does not do: own data, shuffle, or update weights (see
// train/trainer.h and nn/optimizer.h). It never allocates inside forward or
// backward once the Workspace has seen the largest batch.
//
// Use:
//   Mlp net(NetConfig{});                    // initialised from cfg.init and cfg.seed
//   Workspace ws; Gradients g;
//   float cost = net.forward_backward(X, labels, B, ws, g);   // X is (B, 784)
//   net.forward(X, B, ws); const float* out = ws.output();    // (B, 10)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/nn/config.h"
#include "engine/util/aligned.h"

namespace nnplay {

struct DenseLayer {
    int in = 0, out = 0;
    Activation act = Activation::Sigmoid;  // output layer: Sigmoid (MSE) or Identity (softmax is in the loss)
    FloatVec W;                            // (out, in) row-major: nn.Linear's weight layout
    FloatVec b;                            // (out)
};

// Per-layer buffers for one minibatch; grows to the largest batch seen.
struct Workspace {
    int batch = 0;
    std::vector<FloatVec> act;    // act[l] is layer l's output (B, out_l)
    std::vector<FloatVec> delta;  // delta[l] = dC/dz for layer l (B, out_l)
    const float* input = nullptr; // (B, inputs), not owned, valid during one call
    const float* output() const { return act.empty() ? nullptr : act.back().data(); }  // (B, outputs)
};

struct Gradients {
    std::vector<FloatVec> dW;  // dW[l] is (out_l, in_l), same layout as W
    std::vector<FloatVec> db;  // db[l] is (out_l)
    float weight(int layer, int neuron, int input) const;  // dC/dW(layer)[neuron][input]
    float bias(int layer, int neuron) const;
    bool all_finite() const;
};

// One gradient component, for "the largest components of -grad C".
struct GradientEntry {
    int layer = 0, neuron = 0;
    int input = -1;     // -1: the bias
    float value = 0;    // dC/dparam
};
std::vector<GradientEntry> largest_gradients(const Gradients& g, int k);

// The lecture's slide for one sample, filled by Mlp::inspect.
struct SampleView {
    int label = -1;                          // target digit
    int predicted = -1;                      // argmax of the outputs
    std::vector<std::vector<float>> activations;  // [0] = the 784 inputs, then each layer's outputs
    float outputs[10] = {};                  // the network's outputs (sigmoid or softmax probabilities)
    float squared_diff[10] = {};             // (output_i - target_i)^2
    float sum_squared = 0;                   // their sum (3.3585 on the slide's example)
    float loss = 0;                          // the sample's loss: sum/N_out for MSE, -log p for CE
};

class Mlp {
public:
    Mlp() = default;
    explicit Mlp(const NetConfig& cfg);       // builds layers and initialises weights

    const NetConfig& config() const { return cfg_; }
    std::vector<DenseLayer>& layers() { return layers_; }
    const std::vector<DenseLayer>& layers() const { return layers_; }
    long long parameter_count() const;
    void initialize();                        // new weights from cfg.init and cfg.seed

    // Forward a batch X (B, inputs); outputs land in ws.output() (B, outputs)
    // after the output activation (sigmoid, or softmax for cross-entropy).
    void forward(const float* X, int B, Workspace& ws) const;
    // Mean loss over the batch against integer labels (one-hot targets).
    float loss(const float* out, const uint8_t* labels, int B) const;
    // Forward, loss, backward: fills g with dC/dW, dC/db of the batch mean cost.
    // Returns the batch mean cost.
    float forward_backward(const float* X, const uint8_t* labels, int B, Workspace& ws,
                           Gradients& g) const;
    SampleView inspect(const float* x, int label) const;

private:
    NetConfig cfg_;
    std::vector<DenseLayer> layers_;
};

}  // namespace nnplay
