// diagram.h: the network diagram, the lecture's picture of the network for one
// input: the 28x28 image, each layer a column of neurons filled by their
// activation, the ten outputs labelled 0-9, and the weights as edges coloured
// by sign (orange +, blue -) and weighted by magnitude; or, in "flow" mode,
// by weight x activation: what actually flows into each neuron for this input.
//
// Wide layers are cut to a fixed number of neurons per column (the first and
// the last half, a gap marker between), and a layer with more edges than its
// budget keeps the strongest incoming edges of each neuron, so the picture
// costs the same for any width; the lecture's 784x16 first layer is drawn
// whole (12,544 edges).
//
// What it does not do: draw, or touch GL or ImGui. It fills a DiagramScene
// (diagram_scene.h) with instances for the renderer and records what each one
// is (DiagramEdgeRef, DiagramColumn), so that the panel can label and hover
// them and the tests can check them. The panel (panel_diagram.cpp) decides
// when to build (often enough to follow training, rarely enough to cost little).
//
// Use:
//   DiagramOptions o; o.w = 600; o.h = 380; o.mode = EdgeMode::Flow;
//   Diagram d; build_diagram(net, pixels, label, o, d);
//   d.columns[l].y[i], d.edges[k] <-> d.scene.edges[k], d.shown_edges, d.total_edges
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/nn/network.h"
#include "engine/train/health.h"
#include "web/app/diagram_scene.h"

namespace nnplay {

// What the edges show: the weights, or weight x activation of this input.
enum class EdgeMode { Weights = 0, Flow = 1 };
const char* name_of(EdgeMode m);  // "weights", "flow"

struct DiagramLimits {
    int neurons_per_column = 24;        // more: the first and last half of these, a gap marker between
    int edges_per_layer = 784 * 16;     // more: the strongest incoming edges of each shown neuron
};

// Indices of the k values of largest magnitude among n (ties: the lower index),
// in ascending index order. All n when k >= n.
std::vector<int> strongest(const float* values, int n, int k);

// The neurons of a layer of `width` that a column of at most `max` shows: all
// when they fit, else the first ceil((max-1)/2)... see diagram.cpp; *gap_after
// is the position in the result after which the gap marker goes (-1: none).
std::vector<int> shown_neurons(int width, int max, int* gap_after);

struct DiagramColumn {
    int layer = 0;                  // 0: the input image; l >= 1: the outputs of weight matrix l-1
    int width = 0;                  // neurons in the layer (784 for the input)
    Activation act = Activation::Identity;
    std::vector<int> shown;         // neurons drawn, ascending (empty for the input)
    int gap_after = -1;             // the gap marker after shown[gap_after], or -1
    float x = 0;                    // centre of the column (display units from the diagram's left)
    std::vector<float> y;           // centre of each shown neuron
    float radius = 0;
    float gap_y = 0;                // centre of the gap marker
    // The activation drawn white: 1 for sigmoid and the outputs; for ReLU and
    // leaky ReLU the layer's largest activation for this input (the scale shown).
    float scale = 1;
};

// One drawn edge in the network's terms: weight W(layer)[to][from], layer
// counting weight matrices from 0 (so it joins column layer to column layer+1).
struct DiagramEdgeRef {
    int layer = 0, from = 0, to = 0;
    float weight = 0;
    float value = 0;                // what its colour shows: the weight, or weight x activation
};

struct DiagramOptions {
    float w = 0, h = 0;             // the rectangle, display units
    float em = 16;                  // the font size: room for the labels
    EdgeMode mode = EdgeMode::Weights;
    DiagramLimits limits;
    int selected_column = -1, selected_neuron = -1;  // a clicked neuron: its edges highlighted
    uint32_t background = 0xFF000000u;
    uint32_t answer = 0xFF33A0FFu;  // ring of the network's answer (the prediction)
    uint32_t label = 0xFF78D26Eu;   // ring of the right answer when the prediction is wrong
    // Marks stuck neurons (dead ReLUs, sigmoids saturated on every test image) with a red ring.
    const std::vector<LayerHealth>* health = nullptr;
    // Keep the first layer's dense fan (the hairline edges: the costly part to
    // draw) as the previous build of the same rectangle drew it, and build
    // the rest anew: while training, the neurons and the later layers follow
    // the model often, the fan less often. No effect with a selection, or
    // when the previous build had no fan.
    bool keep_fan = false;
};

struct Diagram {
    float image_x = 0, image_y = 0, image_cell = 0;  // the input image: top-left, pixel size
    int image_rows = 28, image_cols = 28;
    std::vector<DiagramColumn> columns;      // [0] the input, then one per layer
    std::vector<DiagramEdgeRef> edges;       // edges[k] is scene.edges[k]
    std::vector<float> layer_scale;          // per weight matrix: the |value| drawn at full strength
    std::vector<long long> layer_shown;      // per weight matrix: edges drawn
    long long shown_edges = 0, total_edges = 0;
    SampleView view;                         // the activations drawn (view.activations[0]: the input)
    DiagramScene scene;                      // x, y are left to the caller
};

// Builds the picture of `net` for input x (net.config().inputs values) with
// its label (-1 when unknown). Bumps out.scene.edges_version, and
// out.scene.fan_version unless it kept the fan (DiagramOptions::keep_fan).
// Returns whether it kept the fan.
bool build_diagram(const Mlp& net, const float* x, int label, const DiagramOptions& opt, Diagram& out);

// How strongly an edge of |value| = s x the layer's scale shows: its alpha
// (0..1) and width (display units); `dense` for the input layer's fan, where
// thousands of edges overlap. The legend uses the same function.
float edge_alpha(float s, bool dense);
float edge_width(float s, bool dense);

}  // namespace nnplay

// ---- the panel's state (panel_diagram.cpp) --------------------------------------------
struct ImDrawList;
struct ImDrawCmd;

namespace nnplay {

struct DiagramPanel {
    EdgeMode mode = EdgeMode::Weights;
    int selected_column = -1, selected_neuron = -1;  // clicked: edges highlighted
    int hovered_column = -1, hovered_neuron = -1;    // last frame (tests read it)
    Diagram diagram;
    // What the last build saw; a build happens when any of it changes, but a
    // model that moved on while training only every `refresh_s` seconds.
    struct Key {
        int sample = -1;
        EdgeMode mode = EdgeMode::Weights;
        int sel_c = -1, sel_n = -1;
        float w = 0, h = 0, em = 0;
        std::string arch;
        bool operator==(const Key& o) const {
            return sample == o.sample && mode == o.mode && sel_c == o.sel_c && sel_n == o.sel_n && w == o.w &&
                   h == o.h && em == o.em && arch == o.arch;
        }
    } built;
    uint64_t built_model = 0;       // model_stamp() of the weights drawn
    int built_evaluations = -1;     // AppCore::evaluations when built (health rings)
    double built_at = -1e9;         // App time of the last build
    double fan_built_at = -1e9;     // ... of the last build that drew the first layer's fan anew
    // While training, two kinds of builds: a light one (the neurons and the
    // later layers' edges; the first layer's fan kept, DiagramOptions::keep_fan)
    // every refresh_s, and a full one every fan_refresh_s. Each at least
    // kMinRefresh apart, and far enough apart that drawing it (measured: how
    // much longer the frames after a build of that kind took than the others)
    // costs at most kCostShare of the time.
    static constexpr double kMinRefresh = 0.4, kMaxRefresh = 10.0, kCostShare = 0.02;
    struct Cost {
        std::vector<double> last;   // the last three measurements
        double ms = 0;              // the least of them (a frame stalled by something else only adds)
    } light_cost, full_cost;
    double refresh_s = kMinRefresh, fan_refresh_s = kMinRefresh;
    bool last_full = true;          // the last build drew the fan anew
    double typical_ms = 0;          // frame time between builds (smoothed)
    long long build_frame = -1;     // AppCore::frames of the last build
    long long prev_frame = -1;      // for the time between consecutive frames
    double prev_now = 0, after_ms = 0;
    double build_ms = 0;            // the last build's CPU time
    long long builds = 0, full_builds = 0;
    std::vector<float> gradient_sizes;  // per layer, when built (gradient_norms)
    // The renderer's draw callback (App::set_diagram_callback), or null: then
    // the neurons are drawn with ImGui and the edges not at all.
    void (*draw)(const ImDrawList*, const ImDrawCmd*) = nullptr;
    std::string error;              // why the renderer cannot draw it (App::set_diagram_error)
};

// A number that changes when the model's weights change (a strided sample of
// them, the step and the shapes): cheap enough for every frame.
uint64_t model_stamp(const Mlp& net, long long step);

}  // namespace nnplay
