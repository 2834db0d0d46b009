// diagram.cpp: see diagram.h. Geometry, the choice of neurons and edges, and
// their colours; no drawing.
#include "web/app/diagram.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "web/app/plot.h"

namespace nnplay {

const char* name_of(EdgeMode m) { return m == EdgeMode::Flow ? "flow" : "weights"; }

std::vector<int> strongest(const float* values, int n, int k) {
    std::vector<int> idx(std::size_t(std::max(n, 0)));
    std::iota(idx.begin(), idx.end(), 0);
    if (k >= n) return idx;
    if (k <= 0) return {};
    // Larger magnitude first; equal magnitudes: the lower index first (NaN counts as 0).
    auto mag = [&](int i) { const float a = std::fabs(values[i]); return a == a ? a : 0.0f; };
    auto before = [&](int a, int b) {
        const float ma = mag(a), mb = mag(b);
        return ma != mb ? ma > mb : a < b;
    };
    std::nth_element(idx.begin(), idx.begin() + (k - 1), idx.end(), before);
    idx.resize(std::size_t(k));
    std::sort(idx.begin(), idx.end());
    return idx;
}

std::vector<int> shown_neurons(int width, int max, int* gap_after) {
    *gap_after = -1;
    std::vector<int> out;
    if (width <= 0) return out;
    max = std::max(max, 2);
    if (width <= max) {
        out.resize(std::size_t(width));
        std::iota(out.begin(), out.end(), 0);
        return out;
    }
    // The first and the last half, as the lecture draws the 784 inputs: 0, 1, ... ⋮ ... 782, 783.
    const int head = max / 2, tail = max - head;
    for (int i = 0; i < head; ++i) out.push_back(i);
    for (int i = width - tail; i < width; ++i) out.push_back(i);
    *gap_after = head - 1;
    return out;
}

float edge_alpha(float s, bool dense) {
    s = std::clamp(s, 0.0f, 1.0f);
    // The input layer's 12,544 edges overlap a lot: each one fainter, and weak
    // ones fade faster, so that the strong ones stand out of the fan.
    return dense ? 0.04f + 0.66f * s * s : 0.10f + 0.90f * std::pow(s, 1.3f);
}

float edge_width(float s, bool dense) {
    s = std::clamp(s, 0.0f, 1.0f);
    return dense ? 0.5f + 1.0f * s : 0.6f + 2.2f * s;
}

namespace {

uint32_t with_alpha(uint32_t c, float a) {
    const uint32_t alpha = uint32_t(std::clamp(a, 0.0f, 1.0f) * 255.0f + 0.5f);
    return (c & 0x00FFFFFFu) | (alpha << 24);
}

uint32_t gray(float v) {
    const uint32_t g = uint32_t(std::clamp(v, 0.0f, 1.0f) * 255.0f + 0.5f);
    return 0xFF000000u | (g << 16) | (g << 8) | g;
}

// The brightness 0..1 of an activation in a column.
float brightness(Activation act, float a, float scale) {
    if (!std::isfinite(a)) return 0;
    switch (act) {
        case Activation::Tanh: return 0.5f * (a + 1.0f);
        case Activation::ReLU:
        case Activation::LeakyReLU: return scale > 0 ? a / scale : 0.0f;
        default: return a;  // sigmoid, and the outputs (sigmoid or softmax probabilities)
    }
}

constexpr uint32_t kRing = 0xFF6E6258u;      // (88, 98, 110): a dark neuron stays visible
constexpr uint32_t kStuck = 0xFF4650F0u;     // (240, 80, 70): dead, or saturated on every image
constexpr uint32_t kSelected = 0xFFFFFFFFu;

}  // namespace

bool build_diagram(const Mlp& net, const float* x, int label, const DiagramOptions& opt, Diagram& d) {
    const auto& layers = net.layers();
    const int L = int(layers.size());
    // The fan of the previous build, when it may stay.
    const bool selection = opt.selected_column >= 1 && opt.selected_column <= L;
    const bool keep = opt.keep_fan && !selection && d.scene.hairlines > 0 && d.scene.w == opt.w && d.scene.h == opt.h &&
                      d.edges.size() >= d.scene.hairlines && d.layer_scale.size() == std::size_t(L) && L > 0 &&
                      !d.columns.empty() && d.columns[0].width == layers[0].in;
    std::vector<DiagramEdgeRef> old_refs;
    std::vector<DiagramEdge> old_edges;
    float old_scale = 0;
    long long old_shown = 0;
    if (keep) {
        old_refs.assign(d.edges.begin(), d.edges.begin() + std::ptrdiff_t(d.scene.hairlines));
        old_edges.assign(d.scene.edges.begin(), d.scene.edges.begin() + std::ptrdiff_t(d.scene.hairlines));
        old_scale = d.layer_scale[0];
        old_shown = d.layer_shown[0];
    }
    d.columns.clear();
    d.edges.clear();
    d.layer_scale.assign(std::size_t(L), 0.0f);
    d.layer_shown.assign(std::size_t(L), 0);
    d.shown_edges = d.total_edges = 0;
    d.scene.edges.clear();
    d.scene.hairlines = 0;
    d.scene.neurons.clear();
    d.scene.image = DiagramImage{};
    d.scene.w = opt.w;
    d.scene.h = opt.h;
    d.scene.background = opt.background;
    ++d.scene.edges_version;
    if (!keep) ++d.scene.fan_version;
    d.view = SampleView{};
    if (L == 0 || x == nullptr || opt.w <= 0 || opt.h <= 0) return false;
    d.view = net.inspect(x, label);
    if (int(d.view.activations.size()) != L + 1) return false;

    // ---- geometry -------------------------------------------------------------------
    const float em = std::max(opt.em, 6.0f);
    const float top = 1.6f * em, bottom = 0.4f * em;        // column titles above
    const float right = 4.4f * em;                           // output labels: "9  0.93"
    const int inputs = layers[0].in;
    int side = int(std::lround(std::sqrt(double(inputs))));
    if (side * side != inputs) side = 0;
    d.image_rows = side > 0 ? side : 1;
    d.image_cols = side > 0 ? side : inputs;
    const float inner_h = std::max(opt.h - top - bottom, 1.0f);
    d.image_cell = std::max(0.5f, std::min(inner_h / float(d.image_rows), opt.w * 0.24f / float(d.image_cols)));
    d.image_cell = std::floor(d.image_cell * 4.0f) / 4.0f;
    d.image_x = 0.3f * em;
    d.image_y = top + 0.5f * (inner_h - d.image_cell * float(d.image_rows));
    DiagramImage& img = d.scene.image;
    img.x = d.image_x;
    img.y = d.image_y;
    img.cell = d.image_cell;
    img.rows = d.image_rows;
    img.cols = d.image_cols;
    img.gray.resize(std::size_t(inputs));
    for (int i = 0; i < inputs; ++i)
        img.gray[std::size_t(i)] = uint8_t(std::lround(std::clamp(std::isfinite(x[i]) ? x[i] : 0.0f, 0.0f, 1.0f) * 255.0f));
    const float image_right = d.image_x + d.image_cell * float(d.image_cols);
    const float end_x = std::max(image_right + 2.0f * em, opt.w - right);

    // At least 8 display units per neuron (and one slot for a gap marker).
    const int fit = std::max(4, int(inner_h / 8.0f) - 1);
    const int per_column = std::min(opt.limits.neurons_per_column, fit);

    DiagramColumn in;
    in.layer = 0;
    in.width = inputs;
    in.act = Activation::Identity;
    in.x = d.image_x + 0.5f * (image_right - d.image_x);
    d.columns.push_back(std::move(in));
    for (int l = 0; l < L; ++l) {
        DiagramColumn c;
        c.layer = l + 1;
        c.width = layers[l].out;
        c.act = layers[l].act;
        // The last layer is always drawn whole (the ten digits).
        c.shown = shown_neurons(c.width, l == L - 1 ? std::max(per_column, c.width) : per_column, &c.gap_after);
        c.x = image_right + (end_x - image_right) * float(l + 1) / float(L);
        const int slots = int(c.shown.size()) + (c.gap_after >= 0 ? 1 : 0);
        const float spacing = inner_h / float(std::max(slots, 1));
        c.radius = std::clamp(spacing * 0.36f, 1.5f, 0.75f * em);
        // Not wider than a fifth of the gap between columns.
        c.radius = std::min(c.radius, std::max(1.5f, 0.2f * (end_x - image_right) / float(L)));
        c.y.resize(c.shown.size());
        int slot = 0;
        for (std::size_t i = 0; i < c.shown.size(); ++i) {
            c.y[i] = top + (float(slot) + 0.5f) * spacing;
            ++slot;
            if (int(i) == c.gap_after) {
                c.gap_y = top + (float(slot) + 0.5f) * spacing;
                ++slot;
            }
        }
        // ReLU columns: scaled to the layer's largest activation for this input.
        if (c.act == Activation::ReLU || c.act == Activation::LeakyReLU) {
            float m = 0;
            for (float a : d.view.activations[std::size_t(l) + 1])
                if (std::isfinite(a)) m = std::max(m, a);
            c.scale = m > 0 ? m : 1.0f;
        }
        d.columns.push_back(std::move(c));
    }

    // ---- edges ------------------------------------------------------------------------
    // Per weight matrix l: the shown neurons of column l+1, each with its
    // strongest incoming edges from the shown sources of column l (all inputs
    // for the first layer), at most limits.edges_per_layer in all.
    const bool flow = opt.mode == EdgeMode::Flow;
    std::vector<float> cand;
    std::vector<int> from_all(static_cast<std::size_t>(inputs));
    std::iota(from_all.begin(), from_all.end(), 0);
    std::size_t first_of_layer = 0;
    for (int l = 0; l < L; ++l) {
        const DenseLayer& layer = layers[l];
        d.total_edges += (long long)layer.in * layer.out;
        const std::vector<int>& from = l == 0 ? from_all : d.columns[std::size_t(l)].shown;
        const DiagramColumn& to_col = d.columns[std::size_t(l) + 1];
        const std::vector<float>& a_in = d.view.activations[std::size_t(l)];
        if (from.empty() || to_col.shown.empty()) continue;
        if (l == 0 && keep) {
            d.edges = old_refs;  // as they were drawn, strongest last
            d.layer_scale[0] = old_scale;
            d.layer_shown[0] = old_shown;
            continue;
        }
        const int per_neuron = std::max(1, opt.limits.edges_per_layer / int(to_col.shown.size()));
        first_of_layer = d.edges.size();
        float scale = 0;
        for (int to : to_col.shown) {
            const float* w = layer.W.data() + std::size_t(to) * std::size_t(layer.in);
            cand.resize(from.size());
            for (std::size_t i = 0; i < from.size(); ++i) {
                const float v = flow ? w[from[i]] * a_in[std::size_t(from[i])] : w[from[i]];
                cand[i] = std::isfinite(v) ? v : 0.0f;
                scale = std::max(scale, std::fabs(cand[i]));
            }
            for (int i : strongest(cand.data(), int(cand.size()), per_neuron))
                d.edges.push_back({l, from[std::size_t(i)], to, w[from[std::size_t(i)]], cand[std::size_t(i)]});
        }
        d.layer_scale[std::size_t(l)] = scale;
        d.layer_shown[std::size_t(l)] = (long long)(d.edges.size() - first_of_layer);
        // Weak edges first, so that the strong ones are drawn on top.
        std::stable_sort(d.edges.begin() + std::ptrdiff_t(first_of_layer), d.edges.end(),
                         [](const DiagramEdgeRef& a, const DiagramEdgeRef& b) {
                             return std::fabs(a.value) < std::fabs(b.value);
                         });
    }
    d.shown_edges = (long long)d.edges.size();

    // A clicked neuron: its edges on top, the others faint.
    auto touches = [&](const DiagramEdgeRef& e) {
        return (e.layer + 1 == opt.selected_column && e.to == opt.selected_neuron) ||
               (e.layer == opt.selected_column && e.from == opt.selected_neuron);
    };
    if (selection)
        std::stable_partition(d.edges.begin(), d.edges.end(), [&](const DiagramEdgeRef& e) { return !touches(e); });

    // Where a neuron of column c is: its position in the shown list.
    std::vector<std::vector<int>> slot_of(d.columns.size());
    for (std::size_t c = 1; c < d.columns.size(); ++c) {
        slot_of[c].assign(std::size_t(d.columns[c].width), -1);
        for (std::size_t i = 0; i < d.columns[c].shown.size(); ++i) slot_of[c][std::size_t(d.columns[c].shown[i])] = int(i);
    }
    d.scene.edges.reserve(d.edges.size());
    if (keep) {
        d.scene.edges = old_edges;
        d.scene.hairlines = old_edges.size();
    }
    for (std::size_t k = d.scene.edges.size(); k < d.edges.size(); ++k) {
        const DiagramEdgeRef& e = d.edges[k];
        float x0, y0;
        if (e.layer == 0) {
            const int r = e.from / d.image_cols, c = e.from % d.image_cols;
            x0 = d.image_x + (float(c) + 0.5f) * d.image_cell;
            y0 = d.image_y + (float(r) + 0.5f) * d.image_cell;
            // From where it leaves the image: the image is drawn over the rest,
            // whose pixels would cost the renderer for nothing.
            const DiagramColumn& tc = d.columns[1];
            const float right_edge = d.image_x + float(d.image_cols) * d.image_cell;
            const float yt = tc.y[std::size_t(slot_of[1][std::size_t(e.to)])];
            if (tc.x > right_edge) {
                const float t = (right_edge - x0) / (tc.x - x0);
                x0 = right_edge;
                y0 += t * (yt - y0);
            }
        } else {
            const DiagramColumn& fc = d.columns[std::size_t(e.layer)];
            x0 = fc.x;
            y0 = fc.y[std::size_t(slot_of[std::size_t(e.layer)][std::size_t(e.from)])];
        }
        const DiagramColumn& tc = d.columns[std::size_t(e.layer) + 1];
        const float x1 = tc.x, y1 = tc.y[std::size_t(slot_of[std::size_t(e.layer) + 1][std::size_t(e.to)])];
        const float scale = d.layer_scale[std::size_t(e.layer)];
        const float s = scale > 0 ? std::fabs(e.value) / scale : 0.0f;
        const bool dense = d.layer_shown[std::size_t(e.layer)] > 2000;
        // Hundreds of edges between two columns: each one a little fainter.
        const float crowd = dense ? 1.0f : std::clamp(std::sqrt(150.0f / float(std::max<long long>(1, d.layer_shown[std::size_t(e.layer)]))), 0.4f, 1.0f);
        float alpha = e.value == 0.0f ? 0.0f : edge_alpha(s, dense) * crowd;
        float width = edge_width(s, dense);
        if (selection) {
            if (touches(e)) {
                alpha = e.value == 0.0f ? 0.0f : std::max(alpha, 0.35f + 0.65f * s);
                width = std::max(width, edge_width(s, false));
            } else {
                alpha *= 0.2f;
            }
        }
        const uint32_t hue = plot::color_of(plot::ColorMap::Diverging, e.value < 0 ? -1.0f : 1.0f);
        // The dense fan's edges lead the list and are drawn one pixel wide:
        // their width goes into their opacity.
        const bool hairline = d.scene.hairlines == d.scene.edges.size() && dense && !(selection && touches(e));
        if (hairline) {
            alpha = std::min(1.0f, alpha * width);
            ++d.scene.hairlines;
        }
        d.scene.edges.push_back({x0, y0, x1, y1, width, with_alpha(hue, alpha)});
    }

    // ---- neurons --------------------------------------------------------------------------
    for (std::size_t c = 1; c < d.columns.size(); ++c) {
        const DiagramColumn& col = d.columns[c];
        const std::vector<float>& acts = d.view.activations[c];
        const LayerHealth* h =
            opt.health && opt.health->size() == std::size_t(L) ? &(*opt.health)[c - 1] : nullptr;
        const bool last = int(c) == L;
        for (std::size_t i = 0; i < col.shown.size(); ++i) {
            const int n = col.shown[i];
            DiagramNeuron dn{col.x, col.y[i], col.radius, gray(brightness(col.act, acts[std::size_t(n)], col.scale)),
                             kRing, std::max(1.0f, col.radius * 0.12f)};
            if (h && h->per_neuron.size() == std::size_t(col.width) && h->images > 0) {
                const float share = h->per_neuron[std::size_t(n)];
                const bool stuck = h->can_die() ? share == 0.0f : share >= 1.0f;
                if (stuck) {
                    dn.ring = kStuck;
                    dn.ring_width = std::max(1.5f, col.radius * 0.2f);
                }
            }
            if (last && n == d.view.predicted) {
                dn.ring = opt.answer;
                dn.ring_width = std::max(2.0f, col.radius * 0.25f);
            } else if (last && n == label && label != d.view.predicted) {
                dn.ring = opt.label;
                dn.ring_width = std::max(2.0f, col.radius * 0.25f);
            }
            if (selection && int(c) == opt.selected_column && n == opt.selected_neuron) {
                dn.ring = kSelected;
                dn.ring_width = std::max(2.0f, col.radius * 0.25f);
            }
            d.scene.neurons.push_back(dn);
        }
    }
    return keep;
}

}  // namespace nnplay

namespace nnplay {

uint64_t model_stamp(const Mlp& net, long long step) {
    // FNV-1a over the step, the shapes and every 61st weight and every bias.
    uint64_t h = 1469598103934665603ull;
    auto mix = [&](uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h ^= (v >> (8 * i)) & 0xFF;
            h *= 1099511628211ull;
        }
    };
    mix(uint64_t(step));
    for (const DenseLayer& l : net.layers()) {
        mix(uint64_t(l.in) << 32 | uint64_t(l.out));
        uint32_t bits = 0;
        for (std::size_t i = 0; i < l.W.size(); i += 61) {
            std::memcpy(&bits, &l.W[i], 4);
            mix(bits);
        }
        for (float b : l.b) {
            std::memcpy(&bits, &b, 4);
            mix(bits);
        }
    }
    return h;
}

}  // namespace nnplay
