// config.cpp: NetConfig and TrainConfig: text forms, validation, the
// training-memory estimate.
#include "engine/nn/config.h"

#include "engine/settings/settings.h"
#include "engine/util/number_text.h"
#include "engine/util/text_limits.h"

#include <cmath>
#include <cstdio>

namespace nnplay {

namespace {

std::string fmt(const char* f, double a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, a);
    return buf;
}

std::string human_bytes(double b) {
    if (b >= 1024.0 * 1024 * 1024) return fmt("%.1f GiB", b / (1024.0 * 1024 * 1024));
    if (b >= 1024.0 * 1024) return fmt("%.1f MiB", b / (1024.0 * 1024));
    return fmt("%.0f KiB", b / 1024.0);
}

}  // namespace

// ---- NetConfig ---------------------------------------------------------------

std::string NetConfig::architecture() const {
    std::string s = std::to_string(inputs);
    for (int w : hidden) s += "-" + std::to_string(w);
    s += "-" + std::to_string(outputs);
    return s;
}

long long NetConfig::parameter_count() const {
    long long n = 0;
    long long prev = inputs;
    for (int w : hidden) {
        n += prev * w + w;
        prev = w;
    }
    n += prev * outputs + outputs;
    return n;
}

// The per-value checks and their messages come from the table of settings
// (engine/settings/settings.h); what only the whole network can check is here.
std::string NetConfig::validate() const {
    if (inputs != kMnistInputs)
        return "the input layer must have " + std::to_string(kMnistInputs) +
               " neurons, one per pixel of a 28x28 digit (got " + std::to_string(inputs) + ")";
    if (outputs != kMnistClasses)
        return "the output layer must have " + std::to_string(kMnistClasses) +
               " neurons, one per digit 0 to 9 (got " + std::to_string(outputs) + ")";
    Settings s;
    s.net = *this;
    for (const Setting& row : settings_table()) {
        if (row.scope != SettingScope::Network || row.type == SettingType::Text) continue;
        if (std::string err = check_setting(row, row.get(s)); !err.empty()) return err;
    }
    if (activations.size() != hidden.size())
        return "give one activation per hidden layer: " + std::to_string(hidden.size()) + " layers, " +
               std::to_string(activations.size()) + " activations";
    return "";
}

std::string NetConfig::set_architecture(const std::string& text) {
    // Hand-written: a few lines of "number-number-..." parsing need no library.
    std::vector<long long> widths;
    long long cur = -1;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : '-';
        if (c == ' ' || c == '\t') continue;
        if (c >= '0' && c <= '9') {
            cur = (cur < 0 ? 0 : cur) * 10 + (c - '0');
            if (cur > 1000000) return quote(text) + ": a layer width is far too large";
        } else if (c == '-') {
            if (cur < 0)
                return quote(text) + " is not an architecture; write the widths joined by '-', e.g. 784-16-16-10";
            widths.push_back(cur);
            cur = -1;
        } else {
            return quote(text) + " contains '" + std::string(1, c) +
                   "'; write the widths joined by '-', e.g. 784-16-16-10";
        }
    }
    if (widths.size() < 2)
        return quote(text) + " needs at least an input and an output width, e.g. 784-10";
    NetConfig next = *this;
    next.inputs = static_cast<int>(widths.front());
    next.outputs = static_cast<int>(widths.back());
    next.hidden.assign(widths.begin() + 1, widths.end() - 1);
    const Activation fill = activations.empty() ? Activation::Sigmoid : activations.back();
    next.activations.resize(next.hidden.size(), fill);
    if (std::string err = next.validate(); !err.empty()) return err;
    *this = next;
    return "";
}

bool NetConfig::operator==(const NetConfig& o) const {
    return inputs == o.inputs && hidden == o.hidden && activations == o.activations &&
           outputs == o.outputs && output == o.output && init == o.init && seed == o.seed;
}

// ---- TrainConfig -------------------------------------------------------------

std::string TrainConfig::validate(int train_size) const {
    Settings s;
    s.train = *this;
    for (const Setting& row : settings_table()) {
        if (row.scope != SettingScope::Training) continue;
        if (std::string err = check_setting(row, row.get(s)); !err.empty()) return err;
    }
    // Each message names the settings by their keys, as the table's do.
    if (train_size > 0 && train_subset > train_size)
        return "the training subset (train_subset " + thousands(train_subset) + ") is larger than the " +
               thousands(train_size) + " training images loaded";
    const bool subset = train_subset > 0 && (train_size == 0 || train_subset < train_size);
    const int n = subset ? train_subset : train_size;
    if (n > 0 && batch_size > n)
        return "the batch size (batch " + thousands(batch_size) + ") cannot exceed the " + thousands(n) +
               " training images in use" + (subset ? " (train_subset " + thousands(train_subset) + ")" : "");
    return "";
}

bool TrainConfig::operator==(const TrainConfig& o) const {
    return optimizer == o.optimizer && learning_rate == o.learning_rate &&
           batch_size == o.batch_size && momentum == o.momentum && rho == o.rho && beta1 == o.beta1 &&
           beta2 == o.beta2 && epsilon == o.epsilon && weight_decay == o.weight_decay &&
           shuffle_seed == o.shuffle_seed && train_subset == o.train_subset;
}

// ---- memory ------------------------------------------------------------------

std::size_t training_memory_bytes(const NetConfig& net, int max_batch) {
    // Counted in double: 8 x 1024-wide layers at a 60,000 batch exceed 32 bits.
    const double params = static_cast<double>(net.parameter_count());
    double units = 0;  // neurons after the input layer
    for (int w : net.hidden) units += w;
    units += net.outputs;
    const double B = max_batch > 0 ? max_batch : 1;
    double floats = params * 4;            // weights, gradients, 2 optimizer states
    floats += B * net.inputs;              // the gathered minibatch
    floats += B * units * 2;               // activations and deltas
    floats += B * 2;                       // per-row loss scratch
    floats += static_cast<double>(kEvalChunk) * (units + 2);  // evaluation workspace
    const double bytes = floats * sizeof(float);
    return bytes >= 1.8e19 ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(bytes);
}

std::size_t training_memory_limit() {
    // WebAssembly (wasm32) has a 32-bit address space: 4 GiB at most and 2 GiB
    // by default, shared with the page's images and the UI.
    if (sizeof(void*) < 8) return static_cast<std::size_t>(1536) * 1024 * 1024;
    return static_cast<std::size_t>(8) * 1024 * 1024 * 1024;
}

std::string check_training_memory(const NetConfig& net, int max_batch) {
    const std::size_t need = training_memory_bytes(net, max_batch);
    const std::size_t limit = training_memory_limit();
    if (need <= limit) return "";
    return "training " + net.architecture() + " with batches of " + std::to_string(max_batch) +
           " needs about " + human_bytes(static_cast<double>(need)) + ", more than the " +
           human_bytes(static_cast<double>(limit)) +
           " allowed here: lower the batch size or the layer widths";
}

}  // namespace nnplay
