// network.h: the multilayer perceptron: dense layers `a(l+1) = f(W(l) a(l) + b(l))`,
// forward and backward passes over a minibatch, and the per-sample views the
// lecture draws (activations, the ten squared differences, their sum and mean).
//
// What it does not do: own data, shuffle, or update weights (see
// train/trainer.h and nn/optimizer.h), or check a NetConfig (the trainer calls
// NetConfig::validate first; Mlp accepts any positive widths, which the tests
// use for small networks). It never allocates inside forward or backward once
// the Workspace and Gradients have seen the largest batch. The hot loops are
// the kernels of kernels/kernels.h.
//
// Initialisation (shared/BENCH.md): one Mulberry32 stream seeded cfg.seed
// fills the layers in order. Each weight matrix is drawn in (fan_in, fan_out)
// row-major order, so W[o][i] takes the layer's draw number i * fan_out + o:
//   GlorotUniform / HeUniform: w = (u / 2^32 * 2 - 1) * l in double, stored as
//     float; biases 0;
//   StandardNormal: w = next_normal() in the same order, then that layer's
//     biases b[0..out) = next_normal(), then the next layer.
//
// Losses, for a batch of B samples with N outputs and one-hot targets y:
//   SigmoidMSE:          C = 1/B sum_k 1/N sum_i (a_ki - y_ki)^2
//   SoftmaxCrossEntropy: C = 1/B sum_k -log softmax(z_k)[label_k], computed from
//                        the logits as log-sum-exp, so it is finite whenever z is.
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
    int batch = 0;                // rows of the last call
    std::vector<FloatVec> act;    // act[l] is layer l's output (B, out_l)
    std::vector<FloatVec> delta;  // delta[l] = dC/dz for layer l (B, out_l); only after forward_backward
    FloatVec row_shift;           // (B) cross-entropy: z[label] - max z of each row
    std::vector<int> row_argmax;  // (B) cross-entropy: argmax z of each row
    const float* input = nullptr; // (B, inputs), not owned, valid during one call
    const float* output() const { return act.empty() ? nullptr : act.back().data(); }  // (B, outputs)
};

struct Gradients {
    std::vector<FloatVec> dW;  // dW[l] is (out_l, in_l), same layout as W
    std::vector<FloatVec> db;  // db[l] is (out_l)
    // dC/dW(layer)[neuron][input] and dC/db(layer)[neuron]; NaN when out of range.
    float weight(int layer, int neuron, int input) const;
    float bias(int layer, int neuron) const;
    bool all_finite() const;
    // The largest |component|, or +infinity when any component is not finite.
    float max_abs() const;
};

// The largest |p[i]| of n floats, or +infinity when any is not finite.
float max_abs(const float* p, std::size_t n);
// True when every |p[i]| <= limit; false for any NaN or infinity. Faster than
// max_abs (no compare in the loop).
bool all_abs_at_most(const float* p, std::size_t n, float limit);

// One gradient component, for "the largest components of -grad C".
struct GradientEntry {
    int layer = 0, neuron = 0;
    int input = -1;     // -1: the bias
    float value = 0;    // dC/dparam
};
// The k components of largest magnitude, largest first (ties: lower layer,
// neuron, input first). One pass over all parameters: O(P log k).
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

// Fills a view's outputs, squared differences, their sum, the prediction and
// the loss from n (at most 10) outputs and the target label. For cross-entropy
// the loss is -log p[label] from the probabilities (a probability that
// underflowed to 0 counts as the smallest float); Mlp::inspect replaces it by
// the exact value from the logits.
void fill_output_terms(const float* outputs, int n, int label, OutputLoss loss, SampleView& v);

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
    // Mean loss over the batch of outputs `out` (B, outputs) against integer
    // labels (one-hot targets). For cross-entropy `out` holds probabilities.
    float loss(const float* out, const uint8_t* labels, int B) const;
    // Forward and the batch mean loss, cross-entropy computed from the logits.
    // per_sample (B), when given, receives each sample's loss.
    float forward_loss(const float* X, const uint8_t* labels, int B, Workspace& ws,
                       float* per_sample = nullptr) const;
    // Forward, loss, backward: fills g with dC/dW, dC/db of the batch mean cost.
    // Returns the batch mean cost.
    float forward_backward(const float* X, const uint8_t* labels, int B, Workspace& ws,
                           Gradients& g) const;
    SampleView inspect(const float* x, int label) const;

private:
    void prepare(Workspace& ws, int B, bool with_delta) const;
    void forward_layers(const float* X, int B, Workspace& ws) const;  // output left as logits for CE
    // From the output layer's pre-softmax values: applies the output function,
    // returns the mean loss, and writes delta.back() = dC/dz when with_delta.
    float output_loss(const uint8_t* labels, int B, Workspace& ws, float* per_sample,
                      bool with_delta) const;

    NetConfig cfg_;
    std::vector<DenseLayer> layers_;
};

}  // namespace nnplay
