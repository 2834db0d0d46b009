// network.cpp: the multilayer perceptron's forward and backward passes, its
// seeded initialisation, the losses and the per-sample views (see network.h).
#include "engine/nn/network.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/kernels/kernels.h"
#include "engine/util/rng.h"

namespace nnplay {

namespace {

// Largest |x| over n floats, read as the bit pattern without the sign: for
// non-negative IEEE floats integer order is float order, any NaN or infinity
// is >= 0x7f800000, and an integer max vectorizes where a float max (with its
// NaN rules) does not. Hand-written: no library has this check.
int32_t max_abs_bits(const float* p, std::size_t n) {
    int32_t m = 0;
    for (std::size_t i = 0; i < n; ++i) {
        int32_t u;
        std::memcpy(&u, p + i, sizeof u);
        u &= 0x7fffffff;
        m = u > m ? u : m;
    }
    return m;
}

constexpr int32_t kInfBits = 0x7f800000;

float bits_to_abs(int32_t m) {
    if (m >= kInfBits) return std::numeric_limits<float>::infinity();
    float f;
    std::memcpy(&f, &m, sizeof f);
    return f;
}

void resize_at_least(FloatVec& v, std::size_t n) {
    if (v.size() < n) v.resize(n);
}

}  // namespace

float max_abs(const float* p, std::size_t n) { return bits_to_abs(max_abs_bits(p, n)); }

bool all_abs_at_most(const float* p, std::size_t n, float limit) {
    if (!(limit >= 0.0f) || !std::isfinite(limit)) return false;
    // |p[i]| <= limit  <=>  abs_bits(p[i]) <= limit_bits  <=>  limit_bits - abs_bits >= 0.
    // Both are in [0, 2^31), so the difference cannot overflow; OR-ing the
    // differences keeps any sign bit. Subtract and OR vectorize with no compare.
    int32_t lim;
    std::memcpy(&lim, &limit, sizeof lim);
    uint32_t acc = 0;
    for (std::size_t i = 0; i < n; ++i) {
        int32_t u;
        std::memcpy(&u, p + i, sizeof u);
        acc |= static_cast<uint32_t>(lim - (u & 0x7fffffff));
    }
    return (acc & 0x80000000u) == 0;
}

// ---- Gradients ---------------------------------------------------------------

float Gradients::weight(int layer, int neuron, int input) const {
    if (layer < 0 || layer >= static_cast<int>(dW.size()) || layer >= static_cast<int>(db.size()))
        return NAN;
    const int out = static_cast<int>(db[layer].size());
    if (neuron < 0 || neuron >= out || out == 0) return NAN;
    const int in = static_cast<int>(dW[layer].size() / out);
    if (input < 0 || input >= in) return NAN;
    return dW[layer][static_cast<std::size_t>(neuron) * in + input];
}

float Gradients::bias(int layer, int neuron) const {
    if (layer < 0 || layer >= static_cast<int>(db.size())) return NAN;
    if (neuron < 0 || neuron >= static_cast<int>(db[layer].size())) return NAN;
    return db[layer][neuron];
}

float Gradients::max_abs() const {
    int32_t m = 0;
    for (const FloatVec& v : dW) m = std::max(m, max_abs_bits(v.data(), v.size()));
    for (const FloatVec& v : db) m = std::max(m, max_abs_bits(v.data(), v.size()));
    return bits_to_abs(m);
}

bool Gradients::all_finite() const { return std::isfinite(max_abs()); }

std::vector<GradientEntry> largest_gradients(const Gradients& g, int k) {
    std::vector<GradientEntry> heap;
    if (k <= 0) return heap;
    // "a before b" in the result: larger magnitude, then lower position.
    auto before = [](const GradientEntry& a, const GradientEntry& b) {
        const float fa = std::fabs(a.value), fb = std::fabs(b.value);
        if (fa != fb) return fa > fb;
        if (a.layer != b.layer) return a.layer < b.layer;
        if (a.neuron != b.neuron) return a.neuron < b.neuron;
        return a.input < b.input;
    };
    // Min-heap on `before`: the front is the entry that would come last.
    heap.reserve(static_cast<std::size_t>(k));
    auto offer = [&](const GradientEntry& e) {
        if (std::isnan(e.value)) return;
        if (static_cast<int>(heap.size()) < k) {
            heap.push_back(e);
            std::push_heap(heap.begin(), heap.end(), before);
        } else if (before(e, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), before);
            heap.back() = e;
            std::push_heap(heap.begin(), heap.end(), before);
        }
    };
    const int layers = static_cast<int>(std::min(g.dW.size(), g.db.size()));
    for (int l = 0; l < layers; ++l) {
        const int out = static_cast<int>(g.db[l].size());
        if (out == 0) continue;
        const int in = static_cast<int>(g.dW[l].size() / out);
        for (int o = 0; o < out; ++o) {
            const float* row = g.dW[l].data() + static_cast<std::size_t>(o) * in;
            for (int i = 0; i < in; ++i) {
                // Cheap reject before building an entry: most components lose.
                if (static_cast<int>(heap.size()) == k && std::fabs(row[i]) < std::fabs(heap.front().value))
                    continue;
                offer(GradientEntry{l, o, i, row[i]});
            }
            offer(GradientEntry{l, o, -1, g.db[l][o]});
        }
    }
    std::sort(heap.begin(), heap.end(), before);
    return heap;
}

// ---- the lecture's per-sample terms ------------------------------------------

void fill_output_terms(const float* outputs, int n, int label, OutputLoss loss, SampleView& v) {
    n = std::clamp(n, 0, 10);
    v.label = label;
    v.predicted = -1;
    double sum = 0;
    float best = -std::numeric_limits<float>::infinity();
    for (int i = 0; i < 10; ++i) {
        if (i >= n) {
            v.outputs[i] = 0;
            v.squared_diff[i] = 0;
            continue;
        }
        const float a = outputs[i];
        const float d = a - (i == label ? 1.0f : 0.0f);
        v.outputs[i] = a;
        v.squared_diff[i] = d * d;
        sum += static_cast<double>(d) * d;
        if (v.predicted < 0 || a > best) {
            best = a;
            v.predicted = i;
        }
    }
    v.sum_squared = static_cast<float>(sum);
    if (loss == OutputLoss::SigmoidMSE) {
        v.loss = n > 0 ? static_cast<float>(sum / n) : 0.0f;
    } else {
        const float p = (label >= 0 && label < n) ? outputs[label] : 1.0f;
        v.loss = -std::log(std::max(p, std::numeric_limits<float>::denorm_min()));
    }
}

// ---- Mlp: construction and initialisation -------------------------------------

Mlp::Mlp(const NetConfig& cfg) : cfg_(cfg) {
    const int L = static_cast<int>(cfg.hidden.size()) + 1;
    layers_.resize(static_cast<std::size_t>(L));
    int prev = cfg.inputs;
    for (int l = 0; l < L; ++l) {
        DenseLayer& d = layers_[static_cast<std::size_t>(l)];
        const bool last = (l == L - 1);
        d.in = prev;
        d.out = last ? cfg.outputs : cfg.hidden[static_cast<std::size_t>(l)];
        if (last)
            d.act = cfg.output == OutputLoss::SigmoidMSE ? Activation::Sigmoid : Activation::Identity;
        else
            d.act = static_cast<std::size_t>(l) < cfg.activations.size() ? cfg.activations[l]
                                                                         : Activation::Sigmoid;
        d.W.assign(static_cast<std::size_t>(d.out) * d.in, 0.0f);
        d.b.assign(static_cast<std::size_t>(d.out), 0.0f);
        prev = d.out;
    }
    initialize();
}

long long Mlp::parameter_count() const {
    long long n = 0;
    for (const DenseLayer& d : layers_) n += static_cast<long long>(d.W.size() + d.b.size());
    return n;
}

void Mlp::initialize() {
    Mulberry32 rng(cfg_.seed);
    for (DenseLayer& d : layers_) {
        const int fan_in = d.in, fan_out = d.out;
        if (cfg_.init == InitScheme::StandardNormal) {
            for (int i = 0; i < fan_in; ++i)
                for (int o = 0; o < fan_out; ++o)
                    d.W[static_cast<std::size_t>(o) * fan_in + i] = static_cast<float>(rng.next_normal());
            for (int o = 0; o < fan_out; ++o) d.b[o] = static_cast<float>(rng.next_normal());
            continue;
        }
        const double l = cfg_.init == InitScheme::HeUniform
                             ? std::sqrt(6.0 / fan_in)
                             : std::sqrt(6.0 / (static_cast<double>(fan_in) + fan_out));
        for (int i = 0; i < fan_in; ++i)
            for (int o = 0; o < fan_out; ++o) {
                const double u = rng.next_u32() / 4294967296.0;
                d.W[static_cast<std::size_t>(o) * fan_in + i] = static_cast<float>((u * 2.0 - 1.0) * l);
            }
        std::fill(d.b.begin(), d.b.end(), 0.0f);
    }
}

// ---- Mlp: forward --------------------------------------------------------------

void Mlp::prepare(Workspace& ws, int B, bool with_delta) const {
    const std::size_t L = layers_.size();
    if (ws.act.size() != L) ws.act.resize(L);
    for (std::size_t l = 0; l < L; ++l)
        resize_at_least(ws.act[l], static_cast<std::size_t>(B) * layers_[l].out);
    if (with_delta) {
        if (ws.delta.size() != L) ws.delta.resize(L);
        for (std::size_t l = 0; l < L; ++l)
            resize_at_least(ws.delta[l], static_cast<std::size_t>(B) * layers_[l].out);
    }
    if (cfg_.output == OutputLoss::SoftmaxCrossEntropy) {
        resize_at_least(ws.row_shift, static_cast<std::size_t>(B));
        if (ws.row_argmax.size() < static_cast<std::size_t>(B)) ws.row_argmax.resize(B);
    }
    ws.batch = B;
}

void Mlp::forward_layers(const float* X, int B, Workspace& ws) const {
    ws.input = X;
    const float* A = X;
    const std::size_t L = layers_.size();
    for (std::size_t l = 0; l < L; ++l) {
        const DenseLayer& d = layers_[l];
        float* Y = ws.act[l].data();
        // Y (B, out) = A (B, in) W^T + b, then the activation in place.
        kernels::gemm_nt(B, d.out, d.in, A, d.in, d.W.data(), d.in, Y, d.out, false);
        kernels::add_bias_rows(Y, B, d.out, d.out, d.b.data());
        if (d.act != Activation::Identity)
            kernels::activation_forward(d.act, Y, Y, static_cast<std::size_t>(B) * d.out);
        A = Y;
    }
}

void Mlp::forward(const float* X, int B, Workspace& ws) const {
    if (layers_.empty() || B <= 0) return;
    prepare(ws, B, false);
    forward_layers(X, B, ws);
    if (cfg_.output == OutputLoss::SoftmaxCrossEntropy)
        kernels::softmax_rows(ws.act.back().data(), B, layers_.back().out, layers_.back().out);
}

float Mlp::loss(const float* out, const uint8_t* labels, int B) const {
    if (layers_.empty() || B <= 0) return 0.0f;
    const int N = layers_.back().out;
    double total = 0;
    for (int r = 0; r < B; ++r) {
        const float* a = out + static_cast<std::size_t>(r) * N;
        const int y = labels[r];
        if (cfg_.output == OutputLoss::SigmoidMSE) {
            double s = 0;
            for (int i = 0; i < N; ++i) {
                const double d = static_cast<double>(a[i]) - (i == y ? 1.0 : 0.0);
                s += d * d;
            }
            total += s / N;
        } else if (y < N) {
            total -= std::log(std::max(a[y], std::numeric_limits<float>::denorm_min()));
        }
    }
    return static_cast<float>(total / B);
}

float Mlp::output_loss(const uint8_t* labels, int B, Workspace& ws, float* per_sample,
                       bool with_delta) const {
    const int N = layers_.back().out;
    float* out = ws.act.back().data();
    float* dz = with_delta ? ws.delta.back().data() : nullptr;
    double total = 0;
    if (cfg_.output == OutputLoss::SigmoidMSE) {
        // L = 1/N sum (a - y)^2, C = mean over B; dC/dz = 2/(N B) (a - y) a (1 - a):
        // the loss, its derivative and sigmoid's derivative in one pass.
        const float scale = 2.0f / (static_cast<float>(N) * static_cast<float>(B));
        for (int r = 0; r < B; ++r) {
            const float* a = out + static_cast<std::size_t>(r) * N;
            const int y = labels[r];
            float s = 0;
            for (int i = 0; i < N; ++i) {
                const float d = a[i] - (i == y ? 1.0f : 0.0f);
                s += d * d;
                if (dz) dz[static_cast<std::size_t>(r) * N + i] = scale * d * a[i] * (1.0f - a[i]);
            }
            const float Lr = s / static_cast<float>(N);
            if (per_sample) per_sample[r] = Lr;
            total += Lr;
        }
        return static_cast<float>(total / B);
    }
    // Cross-entropy from the logits: L = log sum exp(z - m) - (z_label - m), with
    // m = max z. After the softmax p[argmax] = 1 / sum exp(z - m), which never
    // underflows, so L = -log p[argmax] - (z_label - m) is finite for finite z.
    for (int r = 0; r < B; ++r) {
        const float* z = out + static_cast<std::size_t>(r) * N;
        int am = 0;
        for (int i = 1; i < N; ++i)
            if (z[i] > z[am]) am = i;
        const int y = labels[r];
        ws.row_argmax[r] = am;
        ws.row_shift[r] = y < N ? z[y] - z[am] : 0.0f;
    }
    kernels::softmax_rows(out, B, N, N);
    const float inv_b = 1.0f / static_cast<float>(B);
    for (int r = 0; r < B; ++r) {
        const float* p = out + static_cast<std::size_t>(r) * N;
        const int y = labels[r];
        const float Lr = y < N ? -std::log(p[ws.row_argmax[r]]) - ws.row_shift[r] : 0.0f;
        if (per_sample) per_sample[r] = Lr;
        total += Lr;
        if (dz)
            for (int i = 0; i < N; ++i)
                dz[static_cast<std::size_t>(r) * N + i] = (p[i] - (i == y ? 1.0f : 0.0f)) * inv_b;
    }
    return static_cast<float>(total / B);
}

float Mlp::forward_loss(const float* X, const uint8_t* labels, int B, Workspace& ws,
                        float* per_sample) const {
    if (layers_.empty() || B <= 0) return 0.0f;
    prepare(ws, B, false);
    forward_layers(X, B, ws);
    return output_loss(labels, B, ws, per_sample, false);
}

// ---- Mlp: backward -------------------------------------------------------------

float Mlp::forward_backward(const float* X, const uint8_t* labels, int B, Workspace& ws,
                            Gradients& g) const {
    if (layers_.empty() || B <= 0) return 0.0f;
    const std::size_t L = layers_.size();
    prepare(ws, B, true);
    if (g.dW.size() != L) g.dW.resize(L);
    if (g.db.size() != L) g.db.resize(L);
    for (std::size_t l = 0; l < L; ++l) {
        if (g.dW[l].size() != layers_[l].W.size()) g.dW[l].resize(layers_[l].W.size());
        if (g.db[l].size() != layers_[l].b.size()) g.db[l].resize(layers_[l].b.size());
    }
    forward_layers(X, B, ws);
    const float cost = output_loss(labels, B, ws, nullptr, true);

    for (std::size_t l = L; l-- > 0;) {
        const DenseLayer& d = layers_[l];
        const float* A = l == 0 ? X : ws.act[l - 1].data();  // this layer's input (B, in)
        const float* D = ws.delta[l].data();                  // dC/dz (B, out)
        // dW (out, in) = D^T A;  db (out) = column sums of D.
        kernels::gemm_tn(d.out, d.in, B, D, d.out, A, d.in, g.dW[l].data(), d.in, false);
        kernels::column_sums(D, B, d.out, d.out, g.db[l].data(), false);
        if (l == 0) break;  // the inputs need no gradient
        // dC/da of the layer below (B, in) = D W, then times its activation's derivative.
        const DenseLayer& below = layers_[l - 1];
        float* Dprev = ws.delta[l - 1].data();
        kernels::gemm_nn(B, d.in, d.out, D, d.out, d.W.data(), d.in, Dprev, d.in, false);
        if (below.act != Activation::Identity)
            kernels::activation_backward(below.act, ws.act[l - 1].data(), Dprev, Dprev,
                                         static_cast<std::size_t>(B) * below.out);
    }
    return cost;
}

// ---- Mlp: one sample, as the lecture draws it -----------------------------------

SampleView Mlp::inspect(const float* x, int label) const {
    SampleView v;
    if (layers_.empty() || x == nullptr) return v;
    Workspace ws;
    const uint8_t y = static_cast<uint8_t>(label >= 0 && label < 256 ? label : 255);
    float exact = 0;
    forward_loss(x, &y, 1, ws, &exact);
    v.activations.reserve(layers_.size() + 1);
    v.activations.emplace_back(x, x + layers_.front().in);
    for (std::size_t l = 0; l < layers_.size(); ++l)
        v.activations.emplace_back(ws.act[l].data(), ws.act[l].data() + layers_[l].out);
    fill_output_terms(ws.output(), layers_.back().out, label, cfg_.output, v);
    if (label >= 0 && label < layers_.back().out) v.loss = exact;
    return v;
}

}  // namespace nnplay
