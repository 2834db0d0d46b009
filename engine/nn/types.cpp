// types.cpp: names and labels of the shared enums, and their parsers.
#include "engine/nn/types.h"

namespace nnplay {

namespace {

// One table per enum: file/URL/CLI name, then the UI label. The index is the
// enum's value, so the tables must list the values in declaration order.
struct NameLabel {
    const char* name;
    const char* label;
};

constexpr NameLabel kActivations[kActivationCount] = {
    {"sigmoid", "Sigmoid"},
    {"tanh", "Tanh"},
    {"relu", "ReLU"},
    {"leaky_relu", "Leaky ReLU"},
    {"identity", "Identity (linear)"},
};
constexpr NameLabel kOutputLosses[kOutputLossCount] = {
    {"sigmoid_mse", "Sigmoid + MSE (lecture)"},
    {"softmax_ce", "Softmax + cross-entropy"},
};
constexpr NameLabel kOptimizers[kOptimizerCount] = {
    {"sgd", "SGD"},
    {"momentum", "SGD + momentum"},
    {"nesterov", "Nesterov momentum"},
    {"rmsprop", "RMSprop"},
    {"adam", "Adam"},
};
constexpr NameLabel kInits[kInitCount] = {
    {"glorot", "Glorot / Xavier uniform"},
    {"he", "He uniform"},
    {"normal", "Standard normal"},
};

template <int N>
const NameLabel& entry(const NameLabel (&table)[N], int i) {
    static constexpr NameLabel unknown{"unknown", "Unknown"};
    return (i >= 0 && i < N) ? table[i] : unknown;
}

template <class E, int N>
std::optional<E> parse(const NameLabel (&table)[N], std::string_view s) {
    for (int i = 0; i < N; ++i)
        if (s == table[i].name) return static_cast<E>(i);
    return std::nullopt;
}

}  // namespace

const char* name_of(Activation a) { return entry(kActivations, static_cast<int>(a)).name; }
const char* name_of(OutputLoss l) { return entry(kOutputLosses, static_cast<int>(l)).name; }
const char* name_of(OptimizerKind o) { return entry(kOptimizers, static_cast<int>(o)).name; }
const char* name_of(InitScheme i) { return entry(kInits, static_cast<int>(i)).name; }

const char* label_of(Activation a) { return entry(kActivations, static_cast<int>(a)).label; }
const char* label_of(OutputLoss l) { return entry(kOutputLosses, static_cast<int>(l)).label; }
const char* label_of(OptimizerKind o) { return entry(kOptimizers, static_cast<int>(o)).label; }
const char* label_of(InitScheme i) { return entry(kInits, static_cast<int>(i)).label; }

std::optional<Activation> parse_activation(std::string_view s) { return parse<Activation>(kActivations, s); }
std::optional<OutputLoss> parse_output_loss(std::string_view s) { return parse<OutputLoss>(kOutputLosses, s); }
std::optional<OptimizerKind> parse_optimizer(std::string_view s) { return parse<OptimizerKind>(kOptimizers, s); }
std::optional<InitScheme> parse_init(std::string_view s) { return parse<InitScheme>(kInits, s); }

}  // namespace nnplay
