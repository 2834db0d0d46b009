// panel_gradient.cpp: the gradient view, the lecture's "-∇C" slide live. The
// gradient as a column of numbers read the lecture's way ("layer 1, neuron 5,
// weight from pixel (12, 14): should decrease a lot, by 0.031 × lr"), with a
// bar for each component's size; heat maps of the gradient per layer (the
// first layer as one 28x28 image per neuron, like the weight view); a switch
// between the last minibatch's gradient and the selected sample's; and, when
// paused after Step, what that step did: the listed weights before -> after,
// and the minibatch's images with each one's answer (and loss) before -> after.
//
// It reads AppCore::gradient (a snapshot the App refreshes a few times a
// second while training: see AppCore::refresh_gradient) and
// AppCore::step_report (StepReport, filled by the Step command).
//
// [SECTION] Wording: a component as the lecture says it
// [SECTION] The largest components, with bars
// [SECTION] Heat maps, one per layer
// [SECTION] The last Step's minibatch
// [SECTION] The panel
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>

#include "web/app/a11y.h"
#include "web/app/app_core.h"
#include "web/app/plot.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {
namespace {

// Orange: the weight should increase (−∂C/∂w > 0); blue: decrease. The
// diverging map's ends, as the heat maps draw them.
const ImU32 kIncrease = IM_COL32(255, 150, 40, 255);
const ImU32 kDecrease = IM_COL32(80, 150, 255, 255);

//-----------------------------------------------------------------------------
// [SECTION] Wording: a component as the lecture says it
//-----------------------------------------------------------------------------
// Layers and neurons count from 1 (as the weight view does); pixels are (x, y)
// from the image's top left, 0 to 27; the output layer's neurons are digits.

std::string component_name(const std::vector<DenseLayer>& L, int layer, int neuron, int input) {
    const int n_layers = int(L.size());
    // The last layer is "output", as the diagram and the sample view call it.
    const bool last = layer == n_layers - 1;
    std::string s = last ? "output" : "layer " + std::to_string(layer + 1);
    const bool digits = last && L[size_t(layer)].out == 10;
    s += digits ? ", digit " + std::to_string(neuron) : ", neuron " + std::to_string(neuron + 1);
    if (input < 0) return s + ", bias";
    if (layer == 0 && L[0].in == 784)
        return s + ", weight from pixel (" + std::to_string(input % 28) + ", " + std::to_string(input / 28) + ")";
    return s + ", weight from neuron " + std::to_string(input + 1) + " of layer " + std::to_string(layer);
}

// "should decrease a lot, by 0.031 × lr": the lecture's words for −g, with
// "a lot", "somewhat" or "a little" by its size against the largest one.
std::string verdict(float g, float largest) {
    if (g == 0) return "stays as it is";
    const float rel = largest > 0 ? std::fabs(g) / largest : 1.0f;
    const char* how = rel >= 0.6f ? "a lot" : rel >= 0.25f ? "somewhat" : "a little";
    return std::string(g > 0 ? "should decrease " : "should increase ") + how + ", by " +
           text::number(std::fabs(g), 2) + " × lr";
}

//-----------------------------------------------------------------------------
// [SECTION] The largest components, with bars
//-----------------------------------------------------------------------------

// `report`, when given (paused after Step, the same gradient), adds each
// weight's value before -> after the step.
void component_list(AppCore& app, const GradientSnapshot& s, const StepReport* report) {
    const auto& L = app.trainer.model().layers();
    const float em = ImGui::GetFontSize();
    const float largest = s.top.empty() ? 0.0f : std::fabs(s.top[0].value);
    const bool moved = report && report->changes.size() == s.top.size();
    if (!ImGui::BeginTable("components", moved ? 3 : 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg))
        return;
    ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthFixed, 3.0f * em);
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    if (moved) {
        ImGui::TableSetupColumn("before → after", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    }
    for (size_t i = 0; i < s.top.size(); ++i) {
        const GradientEntry& e = s.top[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // The bar: |component| against the largest, in the direction's colour.
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = 3.0f * em * (largest > 0 ? std::fabs(e.value) / largest : 0.0f);
        ImGui::Dummy(ImVec2(3.0f * em, ImGui::GetTextLineHeight()));
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 0.2f * em),
                                                  ImVec2(p.x + std::max(1.0f, w), p.y + 0.85f * em),
                                                  e.value > 0 ? kDecrease : kIncrease);
        if (ImGui::IsItemHovered()) ui::tooltip_text(text::printf("%.0f%% of the largest component", 100.0 * std::fabs(e.value) / largest));
        ImGui::TableNextColumn();
        // Two lines: which weight, then what it should do (a number never wraps).
        ImGui::BeginGroup();
        ImGui::TextWrapped("%s:", component_name(L, e.layer, e.neuron, e.input).c_str());
        ImGui::TextColored(ui::readable(ImGui::ColorConvertU32ToFloat4(e.value > 0 ? kDecrease : kIncrease)), "%s",
                           verdict(e.value, largest).c_str());
        ImGui::EndGroup();
        if (ImGui::IsItemHovered()) {
            if (ui::begin_tooltip()) {
                ImGui::Text("∂C/∂w = %.5g, so −∂C/∂w = %.5g", e.value, -e.value);
                const DenseLayer& d = L[size_t(e.layer)];
                ImGui::Text("Its value now: %.5g", e.input < 0 ? d.b[size_t(e.neuron)] : d.W[size_t(e.neuron) * d.in + size_t(e.input)]);
                ImGui::TextDisabled("Plain SGD moves it by −lr × ∂C/∂w.");
                ui::end_tooltip();
            }
        }
        if (moved) {
            const StepChange& c = report->changes[i];
            ImGui::TableNextColumn();
            // Enough digits to see the change: a step moves a weight by little.
            const double delta = std::fabs(double(c.after) - double(c.before));
            const double mag = std::max(std::fabs(double(c.before)), std::fabs(double(c.after)));
            const int digits = delta > 0 && mag > 0 ? std::clamp(int(std::ceil(std::log10(mag / delta))) + 2, 4, 9) : 4;
            ImGui::Text("%.*g →", digits, c.before);
            ImGui::Text("%.*g", digits, c.after);
            if (ImGui::IsItemHovered())
                ui::tooltip_text(text::printf("Step %s moved it by %.4g%s", text::thousands(report->step).c_str(), c.after - c.before,
                                  report->optimizer == OptimizerKind::SGD && report->weight_decay == 0
                                      ? " = −lr × ∂C/∂w"
                                      : " (the optimizer's step, from the gradient)"));
        }
    }
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] Heat maps, one per layer
//-----------------------------------------------------------------------------
// Direction: −∂C/∂w on the diverging map (orange: increase, blue: decrease),
// scaled to the layer's largest |∂C/∂w|; size: |∂C/∂w| in grey. Layers wider
// than an atlas slot (32 x 32) are shown in blocks, each the block's largest
// component, so that no layer costs more than one textured quad.

struct HeatScratch { std::vector<float> values, best; };

float shown_value(float g, bool size) { return size ? std::fabs(g) : -g; }

// Neuron images of a 784-input layer: rows of 28x28, a page at a time.
void first_layer_images(AppCore& app, const GradientSnapshot& s, HeatScratch& k) {
    const DenseLayer& L = app.trainer.model().layers()[0];
    const bool size = app.ui.gradient_size;
    const float scale = s.layer_max.empty() || s.layer_max[0] <= 0 ? 1.0f : s.layer_max[0];
    constexpr int kPerPage = 24;
    const int pages = (L.out + kPerPage - 1) / kPerPage;
    int& page = app.ui.gradient_page;
    page = std::clamp(page, 0, pages - 1);
    const int first = page * kPerPage, count = std::min(kPerPage, L.out - first);
    if (pages > 1) {
        if (ImGui::ArrowButton("##gprev", ImGuiDir_Left)) page = std::max(0, page - 1);
        a11y::name_last("Previous components");
        ImGui::SameLine();
        if (ImGui::ArrowButton("##gnext", ImGuiDir_Right)) page = std::min(pages - 1, page + 1);
        a11y::name_last("Next components");
        ImGui::SameLine();
        ImGui::Text("neurons %d to %d of %d", first + 1, first + count, L.out);
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = 3;
    const int cols = std::clamp(int((avail + gap) / (28 * 1.5f + gap)), 1, std::min(count, 8));
    const float cell = std::max(1.0f, std::floor(std::min(3.0f, (avail - (cols - 1) * gap) / cols / 28.0f) * 4) / 4);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    k.values.resize(784);
    for (int j = 0; j < count; ++j) {
        const int neuron = first + j;
        const float* g = s.g.dW[0].data() + size_t(neuron) * 784;
        for (int p = 0; p < 784; ++p) k.values[size_t(p)] = shown_value(g[p], size);
        ImGui::PushID(neuron);
        if (j % cols) ImGui::SameLine();
        if (plot::image_item("##g", cell, k.values.data(), 28, 28, size ? plot::ColorMap::Gray : plot::ColorMap::Diverging,
                             scale, &app.atlas)) {
            const ImVec2 p0 = ImGui::GetItemRectMin(), m = ImGui::GetIO().MousePos;
            const int x = std::clamp(int((m.x - p0.x) / cell), 0, 27), y = std::clamp(int((m.y - p0.y) / cell), 0, 27);
            const float v = g[y * 28 + x];
            if (ui::begin_tooltip()) {
                ImGui::Text("Neuron %d, weight from pixel (%d, %d): ∂C/∂w = %.4g", neuron + 1, x, y, v);
                ImGui::TextDisabled("%s", verdict(v, scale).c_str());
                ImGui::Text("This neuron's bias: ∂C/∂b = %.4g", s.g.db[0][size_t(neuron)]);
                ui::end_tooltip();
            }
        }
        ImGui::PopID();
    }
    ImGui::PopStyleVar();
}

// A layer's (out, in) gradient as one image, in blocks when wider than a slot.
void matrix_image(AppCore& app, const GradientSnapshot& s, int layer, HeatScratch& k) {
    const auto& layers = app.trainer.model().layers();
    const DenseLayer& L = layers[size_t(layer)];
    const bool size = app.ui.gradient_size;
    const float scale = s.layer_max[size_t(layer)] > 0 ? s.layer_max[size_t(layer)] : 1.0f;
    constexpr int kSlot = plot::ImageAtlas::kSlot;
    const int bx = (L.in + kSlot - 1) / kSlot, by = (L.out + kSlot - 1) / kSlot;  // block sizes
    const int cols = (L.in + bx - 1) / bx, rows = (L.out + by - 1) / by;
    const float* g = s.g.dW[size_t(layer)].data();
    k.best.assign(size_t(rows) * cols, 0.0f);
    k.values.assign(size_t(rows) * cols, 0.0f);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            float best = 0;  // the block's component of largest magnitude, with its sign
            for (int o = r * by; o < std::min(L.out, (r + 1) * by); ++o)
                for (int i = c * bx; i < std::min(L.in, (c + 1) * bx); ++i)
                    if (std::fabs(g[size_t(o) * L.in + i]) > std::fabs(best)) best = g[size_t(o) * L.in + i];
            k.best[size_t(r) * cols + c] = best;
            k.values[size_t(r) * cols + c] = shown_value(best, size);
        }
    const float avail = ImGui::GetContentRegionAvail().x;
    const float cell = std::clamp(std::floor(std::min(avail * 0.8f, 18.0f * ImGui::GetFontSize()) / cols), 2.0f, 14.0f);
    if (plot::image_item("##m", cell, k.values.data(), rows, cols, size ? plot::ColorMap::Gray : plot::ColorMap::Diverging,
                         scale, &app.atlas)) {
        const ImVec2 p0 = ImGui::GetItemRectMin(), m = ImGui::GetIO().MousePos;
        const int c = std::clamp(int((m.x - p0.x) / cell), 0, cols - 1), r = std::clamp(int((m.y - p0.y) / cell), 0, rows - 1);
        const float v = k.best[size_t(r) * cols + c];
        if (ui::begin_tooltip()) {
            if (bx == 1 && by == 1) {
                ImGui::Text("%s: ∂C/∂w = %.4g", component_name(layers, layer, r, c).c_str(), v);
            } else {
                const std::string name = layer + 1 == int(layers.size()) ? "Output" : "Layer " + std::to_string(layer + 1);
                ImGui::Text("%s, neurons %d to %d, inputs %d to %d: the largest ∂C/∂w of the block is %.4g", name.c_str(),
                            r * by + 1, std::min(L.out, (r + 1) * by), c * bx + 1, std::min(L.in, (c + 1) * bx), v);
            }
            ImGui::TextDisabled("%s", verdict(v, scale).c_str());
            ui::end_tooltip();
        }
    }
    // The biases beside it: one column.
    ImGui::SameLine();
    const float* db = s.g.db[size_t(layer)].data();
    k.values.assign(size_t(rows), 0.0f);
    for (int r = 0; r < rows; ++r) {
        float best = 0;
        for (int o = r * by; o < std::min(L.out, (r + 1) * by); ++o)
            if (std::fabs(db[o]) > std::fabs(best)) best = db[o];
        k.values[size_t(r)] = shown_value(best, size);
    }
    const float bias_scale = std::max(scale, max_abs(db, size_t(L.out)));
    if (plot::image_item("##b", cell, k.values.data(), rows, 1, size ? plot::ColorMap::Gray : plot::ColorMap::Diverging,
                         bias_scale, &app.atlas)) {
        const int r = std::clamp(int((ImGui::GetIO().MousePos.y - ImGui::GetItemRectMin().y) / cell), 0, rows - 1);
        if (ui::begin_tooltip()) {
            if (by == 1) ImGui::Text("%s: ∂C/∂b = %.4g", component_name(layers, layer, r, -1).c_str(), db[r]);
            else ImGui::Text("Biases of neurons %d to %d", r * by + 1, std::min(L.out, (r + 1) * by));
            ui::end_tooltip();
        }
    }
    if (bx > 1 || by > 1)
        ui::hint(("Shown in blocks of " + std::to_string(by) + " × " + std::to_string(bx) +
                  " weights, each its largest component.").c_str());
}

void heat_maps(AppCore& app, const GradientSnapshot& s) {
    static HeatScratch k;  // reused: the UI is single-threaded
    const auto& layers = app.trainer.model().layers();
    const float em = ImGui::GetFontSize();
    if (ImGui::RadioButton("direction (−∂C/∂w)", !app.ui.gradient_size)) app.ui.gradient_size = false;
    a11y::note(a11y::Role::Radio);
    a11y::note_checked(!app.ui.gradient_size);
    app.mark("gradient_direction");
    ui::tooltip("Orange: the weight should increase; blue: it should decrease; brighter: more");
    ImGui::SameLine();
    if (ImGui::RadioButton("size |∂C/∂w|", app.ui.gradient_size)) app.ui.gradient_size = true;
    a11y::note(a11y::Role::Radio);
    a11y::note_checked(app.ui.gradient_size);
    app.mark("gradient_size");
    ui::tooltip("How much each weight matters to the cost, whatever the direction");
    if (s.g.dW.size() != layers.size()) return;
    for (size_t l = 0; l < layers.size(); ++l) {
        const DenseLayer& L = layers[l];
        if (s.g.dW[l].size() != L.W.size()) return;  // the network changed since the snapshot
        ImGui::PushID(int(l));
        if (l + 1 == layers.size()) ImGui::Text("Output (%d → %d)", L.in, L.out);
        else ImGui::Text("Layer %d (%d → %d)", int(l) + 1, L.in, L.out);
        ImGui::SameLine();
        const float m = s.layer_max[l];
        const std::string leg = "##legend";
        const float lw = std::min(12.0f * em, std::max(6.0f * em, ImGui::GetContentRegionAvail().x));
        if (app.ui.gradient_size) plot::legend(leg.c_str(), ImVec2(lw, 1.9f * em), plot::ColorMap::Gray, 0.0f, m, "%.2g");
        else plot::legend(leg.c_str(), ImVec2(lw, 1.9f * em), plot::ColorMap::Diverging, -m, m, "%.2g");
        if (l == 0 && L.in == 784) first_layer_images(app, s, k);
        else matrix_image(app, s, int(l), k);
        ImGui::PopID();
        ImGui::Spacing();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] The last Step's minibatch
//-----------------------------------------------------------------------------

// The minibatch the step came from: its images in a row, each with the
// answer before -> after the step; the loss of each on hover, and in a table.
void step_minibatch(AppCore& app) {
    const StepReport& r = app.step_report;
    if (r.samples.empty()) return;
    const DatasetPtr& train = app.train_set;
    const float em = ImGui::GetFontSize();
    ImGui::TextWrapped("Step %s applied it (%s, learning rate %s%s). Its minibatch: %d training images, their cost "
                       "%s → %s:",
                       text::thousands(r.step).c_str(), label_of(r.optimizer), text::number(r.learning_rate, 4).c_str(),
                       r.weight_decay > 0 ? (", L2 decay " + text::number(r.weight_decay, 3)).c_str() : "",
                       int(r.samples.size()), text::number(r.cost_before, 3).c_str(), text::number(r.cost_after, 3).c_str());
    constexpr int kShown = 16;
    const float cell = 1.25f, img = 28 * cell;
    const float pitch = std::max(img, ImGui::CalcTextSize("→8.8e-05").x) + 0.6f * em;
    const int per_row = std::max(1, int(ImGui::GetContentRegionAvail().x / pitch));
    const int shown = std::min(int(r.samples.size()), kShown);
    for (int i = 0; i < shown; ++i) {
        const StepSample& s = r.samples[size_t(i)];
        ImGui::PushID(i);
        if (i % per_row) ImGui::SameLine(0, 0);
        ImGui::BeginGroup();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (train && s.index >= 0 && s.index < train->count)
            plot::image_item("##img", cell, train->image(s.index), 28, 28, plot::ColorMap::Gray, 1.0f, &app.atlas);
        const bool was = s.predicted_before == s.label, is = s.predicted_after == s.label;
        ImGui::TextColored(ui::readable(was ? ImVec4(0.45f, 0.85f, 0.5f, 1) : ImVec4(1.0f, 0.55f, 0.35f, 1)), "%d", s.predicted_before);
        ImGui::SameLine(0, 0);
        ImGui::TextColored(ui::readable(is ? ImVec4(0.45f, 0.85f, 0.5f, 1) : ImVec4(1.0f, 0.55f, 0.35f, 1)), "→%d", s.predicted_after);
        // The loss before, then after, each on its line.
        ImGui::TextDisabled("%s", text::number(s.loss_before, 2).c_str());
        ImGui::TextDisabled("→%s", text::number(s.loss_after, 2).c_str());
        ImGui::Dummy(ImVec2(pitch - (ImGui::GetCursorScreenPos().x - p.x), 0));
        ImGui::EndGroup();
        if (ImGui::IsItemHovered()) {
            if (ui::begin_tooltip()) {
                ImGui::Text("Training image %s, a %d", text::thousands(s.index).c_str(), s.label);
                ImGui::Text("answered %d before the step, %d after", s.predicted_before, s.predicted_after);
                ImGui::Text("loss %.5g → %.5g", s.loss_before, s.loss_after);
                ui::end_tooltip();
            }
        }
        ImGui::PopID();
    }
    if (int(r.samples.size()) > kShown)
        ui::hint(("and " + std::to_string(int(r.samples.size()) - kShown) + " more images").c_str());
    ui::hint("Under each image: the network's answer before → after the step (green: right), then its loss before "
             "and after.");
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The panel
//-----------------------------------------------------------------------------

void panel_gradient(AppCore& app) {
    app.panels_drawn.push_back("gradient");
    const float em = ImGui::GetFontSize();
    if (ImGui::RadioButton("This minibatch", app.ui.gradient_mode == GradientMode::Minibatch))
        app.ui.gradient_mode = GradientMode::Minibatch;
    a11y::note(a11y::Role::Radio);
    a11y::note_checked(app.ui.gradient_mode == GradientMode::Minibatch);
    app.mark("gradient_minibatch");
    ui::tooltip("The gradient the last step applied: the mean over its minibatch");
    ImGui::SameLine();
    if (ImGui::RadioButton("The selected sample", app.ui.gradient_mode == GradientMode::Sample))
        app.ui.gradient_mode = GradientMode::Sample;
    a11y::note(a11y::Role::Radio);
    a11y::note_checked(app.ui.gradient_mode == GradientMode::Sample);
    app.mark("gradient_sample");
    ui::tooltip("The gradient of one image's loss: what a step on that image alone would do");

    app.refresh_gradient();
    const GradientSnapshot& s = app.gradient;
    const bool sample_mode = app.ui.gradient_mode == GradientMode::Sample;
    if (sample_mode) {
        const float* x = app.sample_pixels();
        const int label = app.sample_label();
        if (x) {
            if (plot::image_item("##sample", 1.25f, x, 28, 28, plot::ColorMap::Gray, 1.0f, &app.atlas))
                ui::tooltip_text(text::printf("%s (choose it in One sample, Test images or Draw a digit)", app.sample_name().c_str()));
            ImGui::SameLine();
        }
        ImGui::BeginGroup();
        if (!x) {
            ImGui::TextWrapped("No sample selected: pick a test image or draw a digit.");
        } else if (label < 0) {
            ImGui::TextWrapped("A loss needs the right answer: which digit did you draw?");
            int d = app.drawn.label;
            if (ui::digit_buttons("meant", &d, false)) app.drawn.label = d;
        } else if (s.valid) {
            ImGui::TextWrapped("−grad C of %s's loss alone (a %d; loss %.4f).", app.sample_name().c_str(), label, s.loss);
        }
        ImGui::EndGroup();
    }
    if (!s.valid) {
        if (!sample_mode)
            ImGui::TextWrapped(app.data_loaded ? "No minibatch yet: press Step (or Train) and the gradient it applied shows here."
                                               : "The training images are still loading.");
        return;
    }
    if (!sample_mode)
        ImGui::TextWrapped("−grad C of step %s's minibatch (%d images): the %d largest of its %s components%s.",
                           text::thousands(s.step).c_str(), s.batch, int(s.top.size()),
                           text::thousands(s.parameters).c_str(), app.running ? ", refreshed 4 times a second" : "");
    else
        ImGui::TextWrapped("The %d largest of its %s components:", int(s.top.size()), text::thousands(s.parameters).c_str());

    // Paused after Step: the step that applied this gradient (the same minibatch).
    const StepReport& r = app.step_report;
    const bool after_step =
        !app.running && !sample_mode && r.step >= 0 && r.step == app.trainer.stats().step && r.step == s.step;
    // The list beside the heat maps when there is room, else above them.
    const bool two = ImGui::GetContentRegionAvail().x >= 44 * em;
    if (after_step) {
        step_minibatch(app);
        ImGui::Spacing();
    }
    auto list = [&] {
        component_list(app, s, after_step ? &r : nullptr);
        if (app.trainer.train_config().optimizer != OptimizerKind::SGD)
            ui::hint("\"by g × lr\" is plain SGD's step; this optimizer scales it with its own running averages.");
    };
    if (two && ImGui::BeginTable("gradient", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn("list", ImGuiTableColumnFlags_WidthStretch, 1.25f);
        ImGui::TableSetupColumn("maps", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableNextColumn();
        list();
        ImGui::TableNextColumn();
        heat_maps(app, s);
        ImGui::EndTable();
    } else {
        list();
        heat_maps(app, s);
    }
}

}  // namespace nnplay
