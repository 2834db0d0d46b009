// activation.h: the activation functions the kernels compute (kernels.h
// activation_forward / activation_backward), as an enum the layers above share.
// It lives with the kernels, the lowest layer of the engine, so that they need
// nothing from nn/; nn/types.h includes it and adds the names and labels.
//
// What it does not do: compute anything, or name the functions as text
// (nn/types.h: name_of, label_of, parse_activation).
//
// Use:
//   kernels::activation_forward(Activation::Sigmoid, z, a, n);
#pragma once
#include <cstdint>

namespace nnplay {

//   Sigmoid   a = 1 / (1 + e^-z)        Tanh      a = tanh z
//   ReLU      a = max(z, 0)             LeakyReLU a = z > 0 ? z : kLeakySlope z
//   Identity  a = z
enum class Activation : uint8_t { Sigmoid, Tanh, ReLU, LeakyReLU, Identity };
inline constexpr int kActivationCount = 5;
inline constexpr float kLeakySlope = 0.01f;  // leaky ReLU's slope below 0 (PyTorch's default)

}  // namespace nnplay
