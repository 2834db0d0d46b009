// config.h: what defines a network (NetConfig: needs new weights when it
// changes) and how it is trained (TrainConfig: may change between any two
// steps without losing the model). Plain structs, validated with messages a
// student can act on.
//
// Use:
//   NetConfig net;                       // the lecture's 784-16-16-10 sigmoid network
//   net.hidden = {32}; net.activations = {Activation::ReLU};
//   if (auto err = net.validate(); !err.empty()) show(err);
//   net.architecture();                  // "784-32-10"
//   net.parameter_count();               // 25,450
//   check_training_memory(net, 256);     // "" or why this would not fit in memory
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/nn/types.h"

namespace nnplay {

inline constexpr int kMaxHiddenLayers = 8;
inline constexpr int kMaxWidth = 1024;
inline constexpr int kMnistInputs = 784;
inline constexpr int kMnistClasses = 10;

struct NetConfig {
    int inputs = kMnistInputs;
    std::vector<int> hidden{16, 16};                        // widths, 0 to 8 layers of 1 to 1024
    std::vector<Activation> activations{Activation::Sigmoid, Activation::Sigmoid};  // one per hidden layer
    int outputs = kMnistClasses;
    OutputLoss output = OutputLoss::SigmoidMSE;             // the lecture's default
    InitScheme init = InitScheme::GlorotUniform;
    uint32_t seed = 42;                                     // initial weights

    std::string architecture() const;   // "784-16-16-10"
    long long parameter_count() const;  // 13,002 for the default
    std::string validate() const;       // "" when usable, else what is wrong and the allowed range
    // Parses "784-32-10" style text into inputs/hidden/outputs, keeping (and
    // extending with the last, or Sigmoid) the activations. Returns "" or a message.
    std::string set_architecture(const std::string& text);
    bool operator==(const NetConfig& o) const;
    bool operator!=(const NetConfig& o) const { return !(*this == o); }
};

struct TrainConfig {
    OptimizerKind optimizer = OptimizerKind::SGD;
    float learning_rate = 3.0f;       // the lecture's 3.0 for sigmoid + MSE
    int batch_size = 10;              // 1 .. training-set size
    float momentum = 0.9f;            // Momentum and Nesterov
    float rho = 0.99f;                // RMSprop's decay of the mean square (PyTorch's alpha)
    float beta1 = 0.9f, beta2 = 0.999f;  // Adam
    float epsilon = 1e-8f;            // RMSprop and Adam
    float weight_decay = 0.0f;        // L2, added to the gradient as PyTorch's weight_decay
    uint32_t shuffle_seed = 7;        // minibatch order
    int train_subset = 0;             // first N training images; 0 = all loaded

    // "" or a message. train_size is the number of training images loaded
    // (0: none yet, then the limits that depend on it are not checked).
    std::string validate(int train_size) const;
    bool operator==(const TrainConfig& o) const;
    bool operator!=(const TrainConfig& o) const { return !(*this == o); }
};

// ---- memory ------------------------------------------------------------------
// Training needs, in float32: the weights, their gradients, two optimizer
// states (Adam's m and v, the worst case), the gathered minibatch (B, inputs),
// each layer's activations and deltas (B, width) at the largest batch B, and
// the test-evaluation workspace (kEvalChunk rows).
inline constexpr int kEvalChunk = 256;          // test images evaluated per forward pass
std::size_t training_memory_bytes(const NetConfig& net, int max_batch);
// The most the engine lets one model take: 1.5 GiB with a 32-bit address
// space (WebAssembly), 8 GiB with a 64-bit one.
std::size_t training_memory_limit();
// "" when training net with batches of max_batch fits under the limit, else a
// message with the estimate, the limit and what to lower.
std::string check_training_memory(const NetConfig& net, int max_batch);

}  // namespace nnplay
