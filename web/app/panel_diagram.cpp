// panel_diagram.cpp: the network diagram panel (diagram.h draws the picture's
// data; web/render/diagram_renderer.h draws its edges and neurons on the GPU
// through a draw callback) and, beside it, the health of each layer.
//
// [SECTION] The selected sample
// [SECTION] When to build
// [SECTION] Hover: which neuron, pixel or edge is under the mouse
// [SECTION] Tooltips
// [SECTION] The diagram panel
// [SECTION] Health of each layer
// [SECTION] state()'s "diagram"
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "web/app/a11y.h"
#include "web/app/app_core.h"
#include "web/app/diagram.h"
#include "web/app/plot.h"
#include "web/app/stall.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {

//-----------------------------------------------------------------------------
// [SECTION] The selected sample
//-----------------------------------------------------------------------------
// The diagram shows the one selected sample every view shows (AppCore:
// sample_pixels, sample_label, sample_name): a test image or the drawn digit.

namespace {

struct SelectedSample {
    const float* pixels = nullptr;  // (784), or null when there is none
    int label = -1;                 // -1: unknown (e.g. a drawn digit not named)
    long long key = -1;             // changes when the sample does
    std::string what;               // "Test image 17", "Your drawing"
};

SelectedSample selected_sample(const AppCore& app) {
    SelectedSample s;
    s.pixels = app.sample_pixels();
    if (!s.pixels) return s;
    s.label = app.sample_label();
    const int i = app.sample_test_index();
    // A drawn digit changes with every stroke: its pad version tells.
    s.key = i >= 0 ? i : -2 - app.drawn.version;
    s.what = app.sample_name();
    if (!s.what.empty()) s.what[0] = char(std::toupper(static_cast<unsigned char>(s.what[0])));
    return s;
}

// The arrows: the next or previous test image (from a drawn digit: the last test image shown).
void step_selected_sample(AppCore& app, int delta) {
    const DatasetPtr& test = app.test_set;
    if (!test || test->count == 0) return;
    const int from = app.sample_source() == SampleSource::Test ? app.sample_test_index() : app.ui.sample_index - delta;
    app.select_test_sample(((from + delta) % test->count + test->count) % test->count);
}

//-----------------------------------------------------------------------------
// [SECTION] When to build
//-----------------------------------------------------------------------------
// A build costs a forward pass and, for the renderer, drawing every edge
// again into its cached layer. It happens at once when what is shown changes
// (sample, mode, selection, size, a Step, Reset, new weights), but while
// training runs only every refresh_s seconds, and the first layer's fan (the
// costly part) every fan_refresh_s: the picture follows training without
// taking its time.

// What a build costs the frames: the two frames after a build (the GPU draws
// the new picture while the next one begins) against the frames between
// builds. Sets the refresh intervals so that each kind of build takes at
// most kCostShare of the time.
void measure_build_cost(const AppCore& app, DiagramPanel& p) {
    const bool consecutive = p.prev_frame == app.frames - 1;
    const double dt_ms = (app.now - p.prev_now) * 1000.0;
    p.prev_frame = app.frames;
    p.prev_now = app.now;
    if (!app.running || !consecutive || !(dt_ms > 0) || dt_ms > 5000) return;
    const long long since = app.frames - p.build_frame;
    if (since == 1 || since == 2) {
        p.after_ms += dt_ms;
        if (since == 2 && p.typical_ms > 0) {
            DiagramPanel::Cost& c = p.last_full ? p.full_cost : p.light_cost;
            // The least of the last three: something else stalling a frame
            // (a screenshot, another process) only ever adds to a measurement.
            c.last.push_back(std::max(0.0, p.after_ms - 2.0 * p.typical_ms));
            if (c.last.size() > 3) c.last.erase(c.last.begin());
            c.ms = *std::min_element(c.last.begin(), c.last.end());
            auto interval = [](double ms) {
                return std::clamp(ms / 1000.0 / DiagramPanel::kCostShare, DiagramPanel::kMinRefresh,
                                  DiagramPanel::kMaxRefresh);
            };
            p.refresh_s = interval(p.light_cost.ms);
            p.fan_refresh_s = std::max(p.refresh_s, interval(p.full_cost.ms));
        }
    } else if (since > 2) {
        p.typical_ms = p.typical_ms > 0 ? 0.9 * p.typical_ms + 0.1 * dt_ms : dt_ms;
    }
}

enum class Build { None, Light, Full };

Build build_due(const AppCore& app, const DiagramPanel& p, const DiagramPanel::Key& key, uint64_t stamp) {
    if (!(key == p.built) || p.builds == 0) return Build::Full;
    // New weights, or a test evaluation with new health figures.
    if (stamp == p.built_model && app.run.schedule.evaluations == p.built_evaluations) return Build::None;
    if (!app.running) return Build::Full;  // a Step, a Reset: shown at once
    // While training: a few frames apart, so that the frames between builds
    // can be measured (measure_build_cost); the fan every fan_refresh_s, the
    // rest every refresh_s.
    if (app.frames - p.build_frame < 4) return Build::None;
    if (app.now - p.fan_built_at >= p.fan_refresh_s) return Build::Full;
    if (app.now - p.built_at >= p.refresh_s) return Build::Light;
    return Build::None;
}

//-----------------------------------------------------------------------------
// [SECTION] Hover: which neuron, pixel or edge is under the mouse
//-----------------------------------------------------------------------------

struct Hit {
    int column = -1, neuron = -1;   // a neuron (column >= 1)
    int pixel = -1;                 // an input pixel
    int edge = -1;                  // an index into diagram.edges
};

float segment_distance(float px, float py, const DiagramEdge& e) {
    const float dx = e.x1 - e.x0, dy = e.y1 - e.y0;
    const float len2 = dx * dx + dy * dy;
    float t = len2 > 0 ? ((px - e.x0) * dx + (py - e.y0) * dy) / len2 : 0.0f;
    t = std::clamp(t, 0.0f, 1.0f);
    const float cx = e.x0 + t * dx - px, cy = e.y0 + t * dy - py;
    return std::sqrt(cx * cx + cy * cy);
}

// (mx, my) in display units from the diagram's top-left.
Hit hit_test(const Diagram& d, float mx, float my) {
    Hit h;
    for (std::size_t c = 1; c < d.columns.size(); ++c) {
        const DiagramColumn& col = d.columns[c];
        if (std::fabs(mx - col.x) > col.radius + 3) continue;
        for (std::size_t i = 0; i < col.y.size(); ++i)
            if (std::fabs(my - col.y[i]) <= col.radius + 3) {
                h.column = int(c);
                h.neuron = col.shown[i];
                return h;
            }
    }
    const float ix = (mx - d.image_x) / d.image_cell, iy = (my - d.image_y) / d.image_cell;
    if (d.image_cell > 0 && ix >= 0 && iy >= 0 && ix < d.image_cols && iy < d.image_rows) {
        h.pixel = int(iy) * d.image_cols + int(ix);
        return h;
    }
    // The nearest visible edge within 3 units; the stronger one when several are as near.
    float best = 3.0f;
    for (std::size_t k = 0; k < d.scene.edges.size(); ++k) {
        const DiagramEdge& e = d.scene.edges[k];
        if ((e.color >> 24) < 20) continue;
        const float dist = segment_distance(mx, my, e) - 0.5f * e.width;
        if (dist <= best) {
            best = dist;
            h.edge = int(k);  // later edges are drawn on top (and are stronger)
        }
    }
    return h;
}

//-----------------------------------------------------------------------------
// [SECTION] Tooltips
//-----------------------------------------------------------------------------

// The neuron view shows the neuron last picked in the diagram (its setting).
void pick_for_neuron_view(AppCore& app, const DiagramPanel& p) {
    if (p.selected_column < 1 || app.locked("neuron")) return;
    app.settings.neuron_layer = p.selected_column;
    app.settings.neuron_index = p.selected_neuron;
}

std::string layer_name(const Diagram& d, int column) {
    if (column <= 0) return "the input";
    if (column == int(d.columns.size()) - 1) return "the output layer";
    return "layer " + std::to_string(column);
}

std::string neuron_name(const Diagram& d, int column, int n) {
    if (column <= 0) {
        const int r = n / d.image_cols, c = n % d.image_cols;
        return "pixel (row " + std::to_string(r) + ", column " + std::to_string(c) + ")";
    }
    if (column == int(d.columns.size()) - 1) return "output " + std::to_string(n);
    return "neuron " + std::to_string(n + 1) + " of " + layer_name(d, column);
}

// A row of bars, one per value, coloured like the edges (for a neuron's incoming weights).
void weight_strip(const float* w, int n, float scale) {
    const float em = ImGui::GetFontSize();
    const float bw = std::clamp(18.0f * em / float(std::max(n, 1)), 1.0f, 0.6f * em);
    const ImVec2 size(bw * float(n), 2.2f * em);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float mid = p.y + 0.5f * size.y;
    dl->AddLine(ImVec2(p.x, mid), ImVec2(p.x + size.x, mid), ImGui::GetColorU32(ImGuiCol_Border));
    for (int i = 0; i < n; ++i) {
        const float t = scale > 0 ? std::clamp(w[i] / scale, -1.0f, 1.0f) : 0.0f;
        const float x = p.x + bw * float(i);
        dl->AddRectFilled(ImVec2(x, std::min(mid, mid - t * 0.5f * size.y)),
                          ImVec2(x + std::max(1.0f, bw - 1.0f), std::max(mid, mid - t * 0.5f * size.y)),
                          plot::color_of(plot::ColorMap::Diverging, t < 0 ? -1.0f : 1.0f));
    }
}

void neuron_tooltip(AppCore& app, const Diagram& d, int column, int n) {
    const auto& layers = app.trainer.model().layers();
    const int l = column - 1;  // its weight matrix
    if (l < 0 || l >= int(layers.size())) return;
    const DenseLayer& L = layers[std::size_t(l)];
    const std::vector<float>& a_in = d.view.activations[std::size_t(l)];
    const float a = d.view.activations[std::size_t(column)][std::size_t(n)];
    const float* w = L.W.data() + std::size_t(n) * std::size_t(L.in);
    double z = L.b[std::size_t(n)];
    for (int i = 0; i < L.in; ++i) z += double(w[i]) * a_in[std::size_t(i)];
    const bool out = column == int(d.columns.size()) - 1;
    const NetConfig& cfg = app.trainer.net_config();
    if (ui::begin_tooltip()) {
        if (out) {
            ImGui::Text("Output %d%s", n, n == d.view.predicted ? ": the network's answer" : "");
            ImGui::Text("%s %.4f", cfg.output == OutputLoss::SoftmaxCrossEntropy ? "probability p =" : "activation a = σ(z) =",
                        double(a));
        } else {
            ImGui::Text("Neuron %d of layer %d (%s, %d neurons)", n + 1, column, label_of(L.act), L.out);
            ImGui::Text("activation a = %.4f", double(a));
        }
        ImGui::Text("z = w · a + b = %.4f, bias b = %.4f", z, double(L.b[std::size_t(n)]));
        float m = 0;
        for (int i = 0; i < L.in; ++i) m = std::max(m, std::fabs(w[i]));
        ImGui::TextDisabled("Its %s incoming weights (orange +, blue −, scale ±%.3g):", text::thousands(L.in).c_str(),
                            double(m));
        if (l == 0 && L.in == d.image_rows * d.image_cols && d.image_rows > 1) {
            const float cell = std::max(2.0f, std::floor(7.0f * ImGui::GetFontSize() / float(d.image_cols)));
            plot::image_item("##tipw", cell, w, d.image_rows, d.image_cols, plot::ColorMap::Diverging, m > 0 ? m : 1.0f,
                             &app.atlas);
        } else {
            weight_strip(w, L.in, m);
        }
        const EvalResult& e = app.trainer.last_eval();
        if (std::size_t(l) < e.health.size()) {
            const LayerHealth& h = e.health[std::size_t(l)];
            if (h.per_neuron.size() == std::size_t(L.out) && h.images > 0) {
                const float s = h.per_neuron[std::size_t(n)];
                const std::string imgs = text::thousands(h.images) + " test images";
                if (h.can_die() && s == 0.0f)
                    ImGui::TextColored(ui::readable(ImVec4(1.0f, 0.45f, 0.40f, 1)), "Dead: it outputs 0 for all %s.", imgs.c_str());
                else if (h.can_die())
                    ImGui::Text("Active (above 0) on %s of the %s.", text::percent(s, 0).c_str(), imgs.c_str());
                else if (h.can_saturate())
                    ImGui::TextColored(ui::readable(s >= 1.0f ? ImVec4(1.0f, 0.45f, 0.40f, 1) : ImGui::GetStyleColorVec4(ImGuiCol_Text)),
                                       "Saturated (a flat end of %s) on %s of the %s.", label_of(L.act),
                                       text::percent(s, 0).c_str(), imgs.c_str());
            }
        }
        ImGui::TextDisabled("%s: highlight its edges", ui::click_word());
        ui::end_tooltip();
    }
}

void edge_tooltip(const Diagram& d, const DiagramEdgeRef& e, EdgeMode mode) {
    if (ui::begin_tooltip()) {
        ImGui::Text("Weight from %s", neuron_name(d, e.layer, e.from).c_str());
        ImGui::Text("to %s: w = %.4f", neuron_name(d, e.layer + 1, e.to).c_str(), double(e.weight));
        const float a = d.view.activations[std::size_t(e.layer)][std::size_t(e.from)];
        ImGui::Text("× its activation %.3f = %.4f flows in%s", double(a), double(e.weight * a),
                    mode == EdgeMode::Flow ? " (the colour)" : "");
        ui::end_tooltip();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] The diagram panel
//-----------------------------------------------------------------------------

// Title above a column: what the layer is, and for ReLU the scale of its brightness.
std::string column_title(const Diagram& d, int c, int L) {
    const DiagramColumn& col = d.columns[std::size_t(c)];
    if (c == 0) return "input 28×28";
    std::string t = c == L ? "output" : "layer " + std::to_string(c);
    if (col.act == Activation::ReLU || col.act == Activation::LeakyReLU)
        t += " · max " + text::number(col.scale, 3);
    return t;
}

// The legend of the edge colours: the diverging map, drawn as an edge of each
// strength would look; hover for the values of each layer.
void edge_legend(const Diagram& d, EdgeMode mode, uint32_t bg) {
    const float em = ImGui::GetFontSize();
    ImGui::TextDisabled(mode == EdgeMode::Flow ? "w × a:" : "weight:");
    ImGui::SameLine();
    ImGui::TextUnformatted("−");
    ImGui::SameLine(0, 0.3f * em);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(8.0f * em, ImGui::GetTextLineHeight());
    ImGui::InvisibleButton("##legend", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec4 b = ImGui::ColorConvertU32ToFloat4(bg);
    const int steps = 12;  // every triangle costs a software renderer: a few steps are enough
    for (int i = 0; i < steps; ++i) {
        const float t = -1.0f + 2.0f * (float(i) + 0.5f) / float(steps);
        const ImVec4 c = ImGui::ColorConvertU32ToFloat4(plot::color_of(plot::ColorMap::Diverging, t < 0 ? -1.0f : 1.0f));
        const float a = edge_alpha(std::fabs(t), false);
        const ImU32 col = ImGui::GetColorU32(ImVec4(b.x + (c.x - b.x) * a, b.y + (c.y - b.y) * a, b.z + (c.z - b.z) * a, 1));
        dl->AddRectFilled(ImVec2(p.x + size.x * float(i) / steps, p.y + 2),
                          ImVec2(p.x + size.x * float(i + 1) / steps, p.y + size.y - 2), col);
    }
    if (ImGui::IsItemHovered()) {
        const float t = std::clamp((ImGui::GetIO().MousePos.x - p.x) / size.x * 2.0f - 1.0f, -1.0f, 1.0f);
        if (ui::begin_tooltip()) {
            ImGui::Text("%+.2f × each layer's largest |%s|:", double(t), mode == EdgeMode::Flow ? "w × a" : "w");
            for (std::size_t l = 0; l < d.layer_scale.size(); ++l)
                ImGui::Text("  into %s: %+.4f", layer_name(d, int(l) + 1).c_str(), double(t * d.layer_scale[l]));
            ui::end_tooltip();
        }
    }
    ImGui::SameLine(0, 0.3f * em);
    ImGui::TextUnformatted("+");
    // The neurons' fill: a small ramp from black (0) to white (1).
    ImGui::SameLine(0, em);
    ImGui::TextDisabled("a:");
    ImGui::SameLine(0, 0.3f * em);
    const ImVec2 q = ImGui::GetCursorScreenPos();
    const float r = 4.0f;  // the dot sprites' size: one quad each (plot::dot)
    ImGui::InvisibleButton("##neuron_legend", ImVec2(5.0f * 2.6f * r, ImGui::GetTextLineHeight()));
    for (int i = 0; i < 5; ++i) {
        const int g = int(std::lround(255.0 * i / 4.0));
        const ImVec2 c(q.x + r + float(i) * 2.6f * r, q.y + 0.5f * ImGui::GetTextLineHeight());
        if (i == 0) plot::dot(dl, c, r, IM_COL32(88, 98, 110, 255));  // black needs its ring on the dark panel
        plot::dot(dl, c, i == 0 ? r - 1.0f : r, IM_COL32(g, g, g, 255));
    }
    ui::tooltip("A neuron's fill is its activation a for this image: black 0, white 1 (a ReLU layer: "
                "white is its largest activation, shown above the column). Orange ring: the network's "
                "answer; green ring: the right answer when it is wrong; red ring: a neuron stuck for "
                "every test image (a dead ReLU, or a sigmoid always saturated).");
}

void draw_health(AppCore& app, float width);

}  // namespace

void panel_diagram(AppCore& app) {
    app.panels_drawn.push_back("diagram");
    DiagramPanel& p = app.diagram;
    const SelectedSample sample = selected_sample(app);
    if (!sample.pixels) {
        ImGui::TextDisabled(app.sample_source() == SampleSource::Drawn ? "Draw a digit first (in the Draw view)."
                                                                       : "The test images are not loaded yet.");
        return;
    }
    const float em = ImGui::GetFontSize();
    const Mlp& net = app.trainer.model();
    const int L = int(net.layers().size());

    // ---- the row above: sample, mode, what is shown ------------------------------------
    if (ImGui::ArrowButton("##dprev", ImGuiDir_Left)) step_selected_sample(app, -1);
    a11y::name_last("Previous sample");
    ImGui::SameLine(0, 2);
    if (ImGui::ArrowButton("##dnext", ImGuiDir_Right)) step_selected_sample(app, +1);
    a11y::name_last("Next sample");
    ImGui::SameLine();
    if (sample.label >= 0) ImGui::Text("%s, label %d", sample.what.c_str(), sample.label);
    else ImGui::TextUnformatted(sample.what.c_str());
    ImGui::SameLine(0, 1.2f * em);
    // Two buttons, the chosen one lit (radio buttons' circles cost a software renderer more triangles).
    auto choice = [&](const char* label, EdgeMode m, const char* id, const char* help) {
        const bool on = p.mode == m;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_TabActive));
        if (ImGui::Button(label)) p.mode = m;
        if (on) ImGui::PopStyleColor();
        app.mark(id);
        ui::tooltip(help);
    };
    choice("Weights", EdgeMode::Weights, "diagram_weights",
           "Edges coloured by each weight w: orange positive, blue negative, stronger = more opaque");
    ImGui::SameLine(0, 0);
    choice("Weight × activation", EdgeMode::Flow, "diagram_flow",
           "Edges coloured by w × a: what actually flows into each neuron for this image "
           "(an edge from a black pixel carries nothing)");

    if (!p.error.empty()) {
        // The renderer could not start (web/main.cpp): say so where the edges would be.
        ImGui::PushStyleColor(ImGuiCol_Text, ui::readable(ImVec4(1.0f, 0.45f, 0.40f, 1.0f)));
        ImGui::TextWrapped("The diagram's edges cannot be drawn: this browser's WebGL did not accept the "
                           "diagram's shader (%s). The neurons are shown without them; the other views work.",
                           p.error.c_str());
        ImGui::PopStyleColor();
        app.mark("diagram_error");
    }

    // ---- where: the diagram, the legend below it, the health beside it (or below) ----------
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool beside = avail.x >= 44 * em;
    const float health_w = beside ? std::min(15.0f * em, avail.x * 0.27f) : 0.0f;
    const float health_h = beside ? 0.0f : (float(L) + 2.6f) * ImGui::GetTextLineHeightWithSpacing();
    const float legend_h = ImGui::GetFrameHeightWithSpacing();
    const float dw = std::floor(std::max(avail.x - health_w - (beside ? em : 0.0f), 10 * em));
    const float dh = std::floor(std::max(avail.y - legend_h - health_h - ImGui::GetStyle().ItemSpacing.y, 12 * em));

    ImGui::BeginGroup();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##diagram", ImVec2(dw, dh));
    app.mark("diagram");
    const bool hovered = ImGui::IsItemHovered();
    const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    const bool visible = ImGui::IsItemVisible();

    // ---- build when due ----------------------------------------------------------------------
    DiagramPanel::Key key;
    key.sample = sample.key;
    key.mode = p.mode;
    key.sel_c = p.selected_column;
    key.sel_n = p.selected_neuron;
    key.w = dw;
    key.h = dh;
    key.em = em;
    key.arch = app.trainer.net_config().architecture();
    for (const DenseLayer& l : net.layers()) key.arch += char('0' + int(l.act));
    const uint64_t stamp = model_stamp(net, app.trainer.stats().step);
    Diagram& d = p.diagram;
    measure_build_cost(app, p);
    const Build due = visible ? build_due(app, p, key, stamp) : Build::None;
    if (due != Build::None) {
        const double t0 = clock_s();
        DiagramOptions o;
        o.w = dw;
        o.h = dh;
        o.em = em;
        o.mode = p.mode;
        o.selected_column = p.selected_column;
        o.selected_neuron = p.selected_neuron;
        o.background = ImGui::GetColorU32(ImGuiCol_FrameBg);
        o.answer = ImGui::GetColorU32(ImGuiCol_PlotLinesHovered);
        o.health = &app.trainer.last_eval().health;
        o.keep_fan = due == Build::Light;
        p.last_full = !build_diagram(net, sample.pixels, sample.label, o, d);
        if (p.last_full) {
            p.fan_built_at = app.now;
            ++p.full_builds;
        }
        p.gradient_sizes = app.trainer.stats().step > 0 ? gradient_norms(app.trainer.last_gradients())
                                                        : std::vector<float>{};
        p.built = key;
        p.built_model = stamp;
        p.built_evaluations = app.run.schedule.evaluations;
        p.built_at = app.now;
        p.build_frame = app.frames;
        p.after_ms = 0;
        ++p.builds;
        p.build_ms = (clock_s() - t0) * 1000.0;
    }
    d.scene.x = origin.x;
    d.scene.y = origin.y;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (visible && !d.columns.empty()) {
        if (p.draw && p.error.empty()) {
            // The GPU draws the background, the cached edges and the neurons;
            // then Dear ImGui's own state again for the labels on top.
            dl->AddCallback(p.draw, &d.scene);
            dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
        } else {
            // No renderer (headless, or its shaders failed): the neurons alone.
            plot::fill_rect(dl, origin, ImVec2(origin.x + dw, origin.y + dh), d.scene.background | 0xFF000000u);
            for (const DiagramNeuron& n : d.scene.neurons) {
                const ImVec2 c(origin.x + n.x, origin.y + n.y);
                dl->AddCircleFilled(c, n.radius, n.fill, 12);
                dl->AddCircle(c, n.radius, n.ring, 12, n.ring_width);
            }
        }
        // Without a renderer the input image too; the labels over it all.
        if (!p.draw || !p.error.empty())
            plot::image(dl, ImVec2(origin.x + d.image_x, origin.y + d.image_y), d.image_cell, sample.pixels,
                        d.image_rows, d.image_cols, plot::ColorMap::Gray, 1.0f, &app.atlas);
        const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled), txt = ImGui::GetColorU32(ImGuiCol_Text);
        for (int c = 0; c <= L && c < int(d.columns.size()); ++c) {
            const DiagramColumn& col = d.columns[std::size_t(c)];
            const std::string t = column_title(d, c, L);
            const float tw = ImGui::CalcTextSize(t.c_str()).x;
            const float tx = std::clamp(origin.x + col.x - 0.5f * tw, origin.x + 0.2f * em, origin.x + dw - tw - 0.2f * em);
            dl->AddText(ImVec2(tx, origin.y + 0.2f * em), dim, t.c_str());
            if (col.gap_after >= 0) {
                // The lecture's ⋮ between the first and the last neurons, and how many are left out.
                for (int k = -1; k <= 1; ++k)
                    plot::dot(dl, ImVec2(origin.x + col.x, origin.y + col.gap_y + float(k) * 0.3f * em), 1.5f, dim);
                const std::string more = "+" + text::thousands(col.width - int(col.shown.size()));
                dl->AddText(ImVec2(origin.x + col.x + 0.5f * em, origin.y + col.gap_y - 0.5f * em), dim, more.c_str());
            }
        }
        if (L >= 1 && int(d.columns.size()) == L + 1) {
            const DiagramColumn& out = d.columns[std::size_t(L)];
            const ImU32 answer = ImGui::GetColorU32(ImGuiCol_PlotLinesHovered);
            for (std::size_t i = 0; i < out.shown.size(); ++i) {
                const int n = out.shown[i];
                const float v = d.view.activations[std::size_t(L)][std::size_t(n)];
                const std::string t = text::printf("%d  %.2f", n, double(v));
                const bool ans = n == d.view.predicted, right = n == sample.label;
                dl->AddText(ImVec2(origin.x + out.x + out.radius + 0.4f * em, origin.y + out.y[i] - 0.5f * em),
                            ans ? answer : right ? IM_COL32(120, 210, 110, 255) : txt, t.c_str());
            }
        }

        // ---- hover and click ---------------------------------------------------------------
        p.hovered_column = p.hovered_neuron = -1;
        if (hovered) {
            const ImVec2 m = ImGui::GetIO().MousePos;
            const Hit h = hit_test(d, m.x - origin.x, m.y - origin.y);
            if (h.column >= 1) {
                p.hovered_column = h.column;
                p.hovered_neuron = h.neuron;
                const DiagramColumn& col = d.columns[std::size_t(h.column)];
                const auto it = std::find(col.shown.begin(), col.shown.end(), h.neuron);
                const float y = col.y[std::size_t(it - col.shown.begin())];
                dl->AddCircle(ImVec2(origin.x + col.x, origin.y + y), col.radius + 2.5f, IM_COL32_WHITE, 16, 1.5f);
                neuron_tooltip(app, d, h.column, h.neuron);
            } else if (h.pixel >= 0) {
                if (ui::begin_tooltip()) {
                    ImGui::Text("%s = %.3f", neuron_name(d, 0, h.pixel).c_str(), double(sample.pixels[h.pixel]));
                    ImGui::TextDisabled("black 0, white 1: the network's 784 inputs");
                    ui::end_tooltip();
                }
            } else if (h.edge >= 0) {
                const DiagramEdge& e = d.scene.edges[std::size_t(h.edge)];
                dl->AddLine(ImVec2(origin.x + e.x0, origin.y + e.y0), ImVec2(origin.x + e.x1, origin.y + e.y1),
                            IM_COL32_WHITE, std::max(1.5f, e.width));
                edge_tooltip(d, d.edges[std::size_t(h.edge)], p.mode);
            }
            if (clicked) {
                const bool same = h.column == p.selected_column && h.neuron == p.selected_neuron;
                p.selected_column = h.column >= 1 && !same ? h.column : -1;
                p.selected_neuron = h.column >= 1 && !same ? h.neuron : -1;
                pick_for_neuron_view(app, p);
            }
        }
    }
    // ---- the keyboard's and a screen reader's pick: a list of the drawn neurons over the diagram
    // (a click on a neuron picks it for the pointer). Choice 0 is none; then each column's shown
    // neurons in order, so an index means the same neuron until the diagram is built anew.
    {
        const ImGuiID nid = ImGui::GetID("##a11y_neuron");
        int k = 0;
        const bool chose = a11y::take_choice(nid, &k);
        if (a11y::building() || chose) {
            std::vector<std::string> names{"none"};
            int chosen = 0;
            for (std::size_t c = 1; c < d.columns.size(); ++c)
                for (int n : d.columns[c].shown) {
                    if (chose && k == int(names.size())) {
                        p.selected_column = int(c);
                        p.selected_neuron = n;
                        pick_for_neuron_view(app, p);
                    }
                    if (int(c) == p.selected_column && n == p.selected_neuron) chosen = int(names.size());
                    names.push_back(neuron_name(d, int(c), n));
                }
            if (chose && k == 0) p.selected_column = p.selected_neuron = -1;
            a11y::add_combo("Neuron to follow in the diagram", nid, origin.x, origin.y, dw, dh, std::move(names),
                            chosen);
        }
    }
    // ---- below: the legend and what is shown ---------------------------------------------------
    edge_legend(d, p.mode, d.scene.background);
    ImGui::SameLine();
    const std::string shown = "showing " + text::thousands(d.shown_edges) + " of " + text::thousands(d.total_edges) + " edges";
    // At the diagram's right edge (not the window's: the health table is beside it).
    const float sw = ImGui::CalcTextSize(shown.c_str()).x;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (origin.x + dw - sw >= at.x) ImGui::SetCursorScreenPos(ImVec2(origin.x + dw - sw, at.y));
    else ImGui::NewLine();
    ImGui::TextDisabled("%s", shown.c_str());
    if (ImGui::IsItemHovered()) {
        if (ui::begin_tooltip()) {
            for (std::size_t l = 0; l < d.layer_shown.size(); ++l) {
                const DenseLayer& x = net.layers()[l];
                ImGui::Text("into %s: %s of %s (%d x %d)", layer_name(d, int(l) + 1).c_str(),
                            text::thousands(d.layer_shown[l]).c_str(), text::thousands((long long)x.in * x.out).c_str(),
                            x.out, x.in);
            }
            ImGui::TextDisabled("Wide layers: at most %d neurons per column and the strongest incoming edges of each.",
                                DiagramLimits{}.neurons_per_column);
            ui::end_tooltip();
        }
    }
    ImGui::EndGroup();

    if (beside) ImGui::SameLine(0, em);
    draw_health(app, beside ? health_w : avail.x);
}

//-----------------------------------------------------------------------------
// [SECTION] Health of each layer
//-----------------------------------------------------------------------------
// Per layer: saturated sigmoid/tanh outputs or dead ReLUs on the test images
// (EvalResult::health, counted during the test evaluation), and the size of
// the layer's gradient for the last minibatch.

namespace {

void draw_health(AppCore& app, float width) {
    const EvalResult& e = app.trainer.last_eval();
    const DiagramPanel& p = app.diagram;
    const auto& layers = app.trainer.model().layers();
    const float em = ImGui::GetFontSize();
    ImGui::BeginGroup();
    ImGui::TextUnformatted("Health of each layer");
    const std::string counted = e.samples > 0 ? " Counted on the " + text::thousands(e.samples) +
                                                    " test images at step " + text::thousands(e.at_step) + "."
                                              : std::string();
    ui::tooltip(("Saturated: a sigmoid (or tanh) output within 0.01 of its flat ends, where its slope is "
                 "almost 0 and so is the gradient that flows back through it. Dead: a ReLU that outputs 0 "
                 "for every test image; no gradient reaches its weights again. Gradient: the size of the "
                 "layer's part of the last minibatch's gradient, sqrt(sum of squares)." + counted)
                    .c_str());
    if (e.samples == 0 || e.health.size() != layers.size()) {
        ImGui::TextDisabled("After the first test evaluation.");
        ImGui::EndGroup();
        return;
    }
    if (ImGui::BeginTable("health", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH,
                          ImVec2(width, 0))) {
        ImGui::TableSetupColumn("layer", ImGuiTableColumnFlags_WidthStretch, 0.75f);
        ImGui::TableSetupColumn("stuck", ImGuiTableColumnFlags_WidthStretch, 1.25f);
        ImGui::TableSetupColumn("gradient", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableHeadersRow();
        for (std::size_t l = 0; l < layers.size(); ++l) {
            const LayerHealth& h = e.health[l];
            const bool out = l + 1 == layers.size();
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(out ? "output" : ("layer " + std::to_string(l + 1)).c_str());
            ui::tooltip((std::string(out ? "The output layer: " : "Hidden layer " + std::to_string(l + 1) + ": ") +
                         std::to_string(h.neurons) + " " + label_of(h.act) + " neurons")
                            .c_str());
            ImGui::TableNextColumn();
            std::string what = "–";
            bool bad = false;
            if (h.can_saturate()) {
                what = text::percent(h.saturated, 0) + " saturated";
                bad = h.saturated >= 0.9f;
            } else if (h.can_die()) {
                what = text::thousands(h.dead) + " of " + text::thousands(h.neurons) + " dead";
                bad = h.dead_share() >= 0.5f;
            }
            if (bad) ImGui::TextColored(ui::readable(ImVec4(1.0f, 0.45f, 0.40f, 1)), "%s", what.c_str());
            else ImGui::TextUnformatted(what.c_str());
            if (h.can_saturate())
                ui::tooltip(text::printf("%s of the %s outputs of this layer's %s neurons on the %s test images "
                                         "were saturated (within %.2f of the flat ends).",
                                         text::percent(h.saturated, 1).c_str(),
                                         text::thousands((long long)h.neurons * h.images).c_str(), label_of(h.act),
                                         text::thousands(h.images).c_str(),
                                         double(h.act == Activation::Tanh ? 1.0f - kTanhSaturation : kSigmoidSaturation))
                                .c_str());
            else if (h.can_die())
                ui::tooltip(text::printf("%d of %d %s neurons output 0 for all %s test images.", h.dead, h.neurons,
                                         label_of(h.act), text::thousands(h.images).c_str())
                                .c_str());
            else
                ui::tooltip("Softmax outputs: neither saturation nor dead neurons are counted.");
            ImGui::TableNextColumn();
            if (l < p.gradient_sizes.size()) {
                ImGui::Text("%.1e", double(p.gradient_sizes[l]));
                ui::tooltip(text::printf("|dC/dW| and |dC/db| of this layer for the last minibatch: %.4g",
                                         double(p.gradient_sizes[l]))
                                .c_str());
            } else {
                ImGui::TextDisabled("–");
            }
        }
        ImGui::EndTable();
    }
    (void)em;
    ImGui::EndGroup();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] state()'s "diagram"
//-----------------------------------------------------------------------------

nlohmann::json diagram_json(const AppCore& app) {
    const DiagramPanel& p = app.diagram;
    const Diagram& d = p.diagram;
    nlohmann::json cols = nlohmann::json::array();
    for (const DiagramColumn& c : d.columns)
        cols.push_back({{"layer", c.layer}, {"width", c.width}, {"shown", c.layer == 0 ? c.width : int(c.shown.size())},
                        {"gap", c.gap_after >= 0}, {"scale", c.scale}, {"x", c.x}, {"y", c.y}, {"radius", c.radius}});
    nlohmann::json health = nlohmann::json::array();
    for (const LayerHealth& h : app.trainer.last_eval().health)
        health.push_back({{"activation", name_of(h.act)}, {"neurons", h.neurons}, {"images", h.images},
                          {"saturated", h.saturated}, {"dead", h.dead}});
    return {{"mode", name_of(p.mode)},
            {"builds", p.builds},
            {"build_ms", p.build_ms},
            {"full_builds", p.full_builds},
            {"refresh_s", p.refresh_s},
            {"fan_refresh_s", p.fan_refresh_s},
            {"build_cost_ms", p.light_cost.ms},
            {"fan_build_cost_ms", p.full_cost.ms},
            {"shown_edges", d.shown_edges},
            {"total_edges", d.total_edges},
            {"layer_shown", d.layer_shown},
            {"edges_drawn", d.scene.edges.size()},
            {"neurons_drawn", d.scene.neurons.size()},
            {"columns", cols},
            {"selected", {{"column", p.selected_column}, {"neuron", p.selected_neuron}}},
            {"hovered", {{"column", p.hovered_column}, {"neuron", p.hovered_neuron}}},
            {"predicted", d.view.predicted},
            {"renderer", p.draw != nullptr},
            {"error", p.error},
            {"health", health},
            {"gradient_sizes", p.gradient_sizes}};
}


}  // namespace nnplay
