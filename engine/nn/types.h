// types.h: the small enums every part of the engine shares (activations,
// output/loss pairs, optimizers, initialisation schemes), with their names
// as text for files, URLs, the CLI and the UI.
// What it does not do: hold any configuration (see nn/config.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/kernels/activation.h"  // Activation, kActivationCount, kLeakySlope

namespace nnplay {

// The output layer and its loss come as a pair.
//   SigmoidMSE:          a = sigmoid(z), L = 1/N_out * sum_i (a_i - y_i)^2   (the lecture)
//   SoftmaxCrossEntropy: p = softmax(z), L = -log p_label
enum class OutputLoss : uint8_t { SigmoidMSE, SoftmaxCrossEntropy };
inline constexpr int kOutputLossCount = 2;

// SGD: w -= lr * (g + wd w). Momentum in PyTorch's form: v = mu v + (g + wd w); w -= lr v.
// Nesterov as torch.optim.SGD(nesterov=True), RMSprop as torch.optim.RMSprop
// (alpha = rho), Adam as torch.optim.Adam; L2 decay is added to the gradient.
enum class OptimizerKind : uint8_t { SGD, Momentum, Nesterov, RMSprop, Adam };
inline constexpr int kOptimizerCount = 5;

// GlorotUniform: U(-l, l), l = sqrt(6 / (fan_in + fan_out))  (BENCH.md W1)
// HeUniform:     U(-l, l), l = sqrt(6 / fan_in)              (BENCH.md W2, W3)
// StandardNormal: N(0, 1) weights and biases, the classic textbook setup.
enum class InitScheme : uint8_t { GlorotUniform, HeUniform, StandardNormal };
inline constexpr int kInitCount = 3;

// Short lowercase names used in files, URLs and the CLI: "sigmoid", "tanh",
// "relu", "leaky_relu", "identity"; "sigmoid_mse", "softmax_ce"; "sgd",
// "momentum", "nesterov", "rmsprop", "adam"; "glorot", "he", "normal".
const char* name_of(Activation a);
const char* name_of(OutputLoss l);
const char* name_of(OptimizerKind o);
const char* name_of(InitScheme i);
// Human labels for the UI ("Sigmoid", "Leaky ReLU", "Sigmoid + MSE (lecture)", ...).
const char* label_of(Activation a);
const char* label_of(OutputLoss l);
const char* label_of(OptimizerKind o);
const char* label_of(InitScheme i);

std::optional<Activation> parse_activation(std::string_view s);
std::optional<OutputLoss> parse_output_loss(std::string_view s);
std::optional<OptimizerKind> parse_optimizer(std::string_view s);
std::optional<InitScheme> parse_init(std::string_view s);

}  // namespace nnplay
