// panel_neuron.cpp: the neuron view, the lecture's slide
// "a_0^(1) = σ(w_0,0 a_0^(0) + w_0,1 a_1^(0) + ... + w_0,n a_n^(0) + b_0)" with
// this sample's numbers: one neuron's inputs times its weights, their sum, the
// bias, z, and the activation's curve with the neuron's point on it. Its
// weights and bias can be set by hand (dragged or typed): the answer and the
// cost follow at once, the history marks it and Undo takes it back.
//
// It reads the model and the selected sample (engine/nn/neuron.h does the
// arithmetic); the neuron is the "neuron" setting (layer:index), which a click
// in the diagram also sets.
//
// [SECTION] Setting a weight by hand (the command)
// [SECTION] Formulas with sub- and superscripts
// [SECTION] The panel
// [SECTION] state().neuron
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "engine/kernels/kernels.h"
#include "engine/nn/neuron.h"
#include "web/app/a11y.h"
#include "web/app/app_core.h"
#include "web/app/plot.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {

//-----------------------------------------------------------------------------
// [SECTION] Setting a weight by hand (the command)
//-----------------------------------------------------------------------------

std::string AppCore::set_weight(int layer, int neuron, int input, double value, bool new_edit) {
    std::string why;
    for (const char* key : {"architecture", "hidden", "seed"})
        if (why.empty() && locked(key))
            why = std::string("this lesson locked the ") + (std::string_view(key) == "seed" ? "seed" : "network") +
                  " (lock=" + key + "): its weights are the lesson's";
    if (why.empty() && !data_loaded) why = "the data is not loaded yet";
    // What the weight may be (finite, within +-1e6, one that exists) is the
    // trainer's check (Trainer::set_weight); a refusal cancels the undo entry.
    const auto& L = trainer.model().layers();
    float before = NAN;
    if (why.empty() && layer >= 1 && layer <= int(L.size())) {
        const DenseLayer& d = L[std::size_t(layer - 1)];
        if (neuron >= 0 && neuron < d.out && input >= -1 && input < d.in)
            before = input < 0 ? d.b[std::size_t(neuron)] : d.W[std::size_t(neuron) * std::size_t(d.in) + std::size_t(input)];
    }
    // One undo entry per edit: a drag's many small changes are one.
    const WeightEdit edit{layer, neuron, input};
    const bool same_edit = !new_edit && edit == last_weight_edit && now - last_weight_edit_at < 2.0;
    if (why.empty()) {
        settle();  // the run is changed here, on the App's exact copy (run_controller.h)
        std::optional<UndoPoint> undo;
        if (!same_edit) undo.emplace(*this, "Weight set by hand");
        why = trainer.set_weight(layer, neuron, input, float(value));
        if (!why.empty() && undo) undo->cancel();
    }
    if (!why.empty()) {
        notify("Not set: " + why + ".", true);
        return why;
    }
    last_weight_edit = edit;
    last_weight_edit_at = now;
    const TrainStats& s = trainer.stats();
    const std::string name = input < 0 ? "b" + std::to_string(neuron) + " of layer " + std::to_string(layer)
                                       : "w" + std::to_string(neuron) + "," + std::to_string(input) + " of layer " +
                                             std::to_string(layer);
    history.mark(double(s.samples_seen), s.step, "weight", text::number(before, 4), text::number(value, 4),
                 name + " (by hand)", now);
    ++model_changes;
    run.schedule.eval_requested = true;
    run.schedule.last_eval_step = -1;  // the same step, other weights: measured again
    gradient = GradientSnapshot{};
    gallery_key = -1;
    changed();
    return "";
}

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Formulas with sub- and superscripts
//-----------------------------------------------------------------------------
// The UI's font has no sub- or superscript digits: they are drawn smaller,
// lowered or raised, as the slides set them.

struct Piece {
    std::string text;
    int shift = 0;  // 0 on the line, -1 subscript, +1 superscript
};

float piece_width(const Piece& p) {
    const float scale = p.shift == 0 ? 1.0f : 0.7f;
    return ImGui::CalcTextSize(p.text.c_str()).x * scale;
}

// Draws the pieces on one line (wrapping before a piece that would not fit),
// as one item.
void formula(const std::vector<Piece>& pieces) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const float avail = std::max(8 * size, ImGui::GetContentRegionAvail().x);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_Text);
    float x = 0, y = 0, line_h = size * 1.35f, widest = 0;
    for (const Piece& p : pieces) {
        const float w = piece_width(p);
        if (x > 0 && x + w > avail && p.shift == 0 && p.text.size() > 1) {
            x = size;  // continuation lines indented
            y += line_h;
        }
        const float s = p.shift == 0 ? size : 0.7f * size;
        const float dy = p.shift < 0 ? 0.45f * size : p.shift > 0 ? -0.15f * size : 0.0f;
        dl->AddText(font, s, ImVec2(start.x + x, start.y + y + dy), col, p.text.c_str());
        x += w;
        widest = std::max(widest, x);
    }
    ImGui::Dummy(ImVec2(widest, y + line_h));
}

// a_j^(l): an activation with its neuron and layer.
void activation_symbol(std::vector<Piece>& f, const std::string& j, int layer) {
    // The slides put the layer above and the neuron below; here one after the other.
    f.push_back({"a"});
    f.push_back({"(" + std::to_string(layer) + ")", 1});
    f.push_back({j, -1});
}

const char* function_symbol(const NeuronView& n) {
    switch (n.act) {
        case Activation::Sigmoid: return "σ";
        case Activation::Tanh: return "tanh";
        case Activation::ReLU: return "ReLU";
        case Activation::LeakyReLU: return "LeakyReLU";
        case Activation::Identity: return "";
    }
    return "";
}

// The activation's curve around z, with the neuron's point on it.
void activation_curve(const NeuronView& n, ImVec2 size) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##curve", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p1(p0.x + size.x, p0.y + size.y);
    dl->AddRectFilled(p0, p1, IM_COL32(255, 255, 255, 12));
    const float half = std::clamp(std::fabs(n.z) * 1.3f + 1.0f, 6.0f, 60.0f);
    const float z0 = -half, z1 = half;
    float lo = 0, hi = 1;
    if (n.act == Activation::Tanh) lo = -1;
    if (n.act == Activation::ReLU || n.act == Activation::LeakyReLU || n.act == Activation::Identity) {
        lo = n.act == Activation::ReLU ? 0.0f : z0 * (n.act == Activation::Identity ? 1.0f : kLeakySlope);
        hi = z1;
    }
    auto at = [&](float z, float a) {
        return ImVec2(p0.x + (z - z0) / (z1 - z0) * size.x,
                      p1.y - (std::clamp(a, lo, hi) - lo) / (hi - lo) * size.y);
    };
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    dl->AddLine(at(0, lo), at(0, hi), axis);  // z = 0
    constexpr int kSteps = 64;
    float zs[kSteps + 1], as[kSteps + 1];
    for (int i = 0; i <= kSteps; ++i) zs[i] = z0 + (z1 - z0) * float(i) / kSteps;
    kernels::activation_forward(n.act, zs, as, kSteps + 1);
    for (int i = 0; i < kSteps; ++i)
        dl->AddLine(at(zs[i], as[i]), at(zs[i + 1], as[i + 1]), IM_COL32(110, 160, 245, 255), 2.0f);
    float a = 0;
    kernels::activation_forward(n.act, &n.z, &a, 1);
    const ImVec2 pt = at(std::clamp(n.z, z0, z1), a);
    dl->AddCircleFilled(pt, 5.0f, IM_COL32(255, 150, 40, 255));
    char label[64];
    std::snprintf(label, sizeof label, "z = %.3g", double(n.z));
    dl->AddText(ImVec2(p0.x + 4, p0.y + 2), axis, label);
    ui::tooltip(("The activation function " + std::string(label_of(n.act)) +
                 " from z = " + text::number(z0, 3) + " to " + text::number(z1, 3) +
                 "; the dot is this neuron for this image").c_str());
}

//-----------------------------------------------------------------------------
// [SECTION] The panel
//-----------------------------------------------------------------------------

// The neuron the setting names, kept within this network ("" or what was changed).
std::string clamp_neuron(const AppCore& app, int* layer, int* index) {
    const auto& L = app.trainer.model().layers();
    const int layers = int(L.size());
    std::string note;
    if (*layer > layers) {
        note = "This network has " + std::to_string(layers) + (layers == 1 ? " layer" : " layers") + ": showing the output layer.";
        *layer = layers;
    }
    const int width = L[std::size_t(*layer - 1)].out;
    if (*index >= width) {
        note += (note.empty() ? "" : " ") + std::string("Layer ") + std::to_string(*layer) + " has neurons 0 to " +
                std::to_string(width - 1) + ": showing " + std::to_string(width - 1) + ".";
        *index = width - 1;
    }
    return note;
}

std::string layer_title(int layer, int layers) {
    return layer == layers ? "Output" : "Layer " + std::to_string(layer);
}

// A weight or the bias, dragged or typed (double-click, or Ctrl+click).
// For assistive technology it is a slider over value ± (1 + 2|value|)
// around the value it had when the list was built.
void weight_field(AppCore& app, const NeuronView& n, int input, float value, bool editable) {
    ImGui::PushID(input + 2);
    ImGui::SetNextItemWidth(-FLT_MIN);
    float v = value;
    ImGui::BeginDisabled(!editable);
    bool changed = ImGui::DragFloat("##w", &v, 0.01f, -1e6f, 1e6f, "%.4f");
    const bool started = ImGui::IsItemActivated();
    ImGui::EndDisabled();
    const float range = 1.0f + 2.0f * std::fabs(value);
    if (a11y::building()) {
        const std::string J = std::to_string(n.index);
        a11y::note(a11y::Role::Slider, input < 0 ? "bias b" + J : "weight w" + J + "," + std::to_string(input));
        a11y::note_slider(0.5, text::number(value, 4));
    }
    if (double pos = 0; a11y::take_position(ImGui::GetID("##w"), &pos)) {
        v = value + float((std::clamp(pos, 0.0, 1.0) - 0.5) * 2.0) * range;
        changed = true;
    }
    if (changed && v != value) app.set_weight(n.layer, n.index, input, v, started);
    if (!editable) ui::tooltip("Fixed by this lesson: the page locked the network or the seed.");
    else ui::tooltip("Drag sideways or double-click to type: the output and the cost follow at once (Undo takes it back)");
    ImGui::PopID();
}

}  // namespace

void panel_neuron(AppCore& app) {
    app.panels_drawn.push_back("neuron");
    const auto& L = app.trainer.model().layers();
    if (L.empty()) return;
    const int layers = int(L.size());
    int layer = std::clamp(app.settings.neuron_layer, 1, 64), index = std::max(0, app.settings.neuron_index);
    const std::string note = clamp_neuron(app, &layer, &index);
    const bool fixed = app.locked("neuron");

    // ---- which neuron -------------------------------------------------------------------------
    std::vector<std::string> names;
    for (int l = 1; l <= layers; ++l) names.push_back(layer_title(l, layers) + " (" + std::to_string(L[std::size_t(l - 1)].out) + ")");
    std::vector<ui::ComboLabels> labels;
    for (const std::string& s : names) labels.push_back({s.c_str()});
    const float em = ImGui::GetFontSize();
    ImGui::BeginDisabled(fixed);
    // A form, as the controls are: its rows' labels name the two pickers
    // (for a screen reader too).
    const bool form = ui::begin_form("##neuron_pick");
    if (form) ui::row("Layer", "The layer: 1 is the first hidden layer, the output layer last");
    int pick = layer - 1;
    if (ui::combo("##neuron_layer", &pick, labels.data(), int(labels.size()))) {
        app.settings.neuron_layer = pick + 1;
        app.settings.neuron_index = std::min(index, L[std::size_t(pick)].out - 1);
        app.changed();
    }
    app.mark("neuron_layer", names[std::size_t(layer - 1)].c_str());
    if (form)
        ui::row("Neuron", "Which neuron of the layer, counted from 0 as the lecture's subscripts (a click in the "
                          "Network diagram picks one too)");
    int j = index;
    const int top = L[std::size_t(layer - 1)].out - 1;
    bool picked = ImGui::SliderInt("##neuron_index", &j, 0, top, "%d", ImGuiSliderFlags_AlwaysClamp);
    if (a11y::building()) {
        a11y::note(a11y::Role::Slider, "Neuron", std::to_string(index));
        a11y::note_slider(top > 0 ? double(index) / top : 0.0, std::to_string(index) + " of 0 to " + std::to_string(top));
    }
    if (double pos = 0; a11y::take_position(ImGui::GetID("##neuron_index"), &pos)) {
        j = int(std::lround(std::clamp(pos, 0.0, 1.0) * top));
        picked = true;
    }
    if (picked && j != index) {
        app.settings.neuron_layer = layer;
        app.settings.neuron_index = j;
        app.changed();
    }
    app.mark("neuron_index");
    if (form) ui::end_form();
    ImGui::EndDisabled();
    if (!note.empty()) ui::hint(note.c_str());

    const SampleView v = app.sample_view();
    const NeuronView n = inspect_neuron(app.trainer.model(), v, layer, index);
    if (!n.valid) {
        ImGui::TextDisabled("%s", app.sample_pixels() ? "This sample does not fit the network." : "No sample selected.");
        return;
    }
    ImGui::TextDisabled("For %s:", app.sample_name().c_str());

    // ---- the formula, in the lecture's notation -----------------------------------------------
    const std::string J = std::to_string(index);
    const std::string fn = function_symbol(n);
    std::vector<Piece> f;
    activation_symbol(f, J, layer);
    f.push_back({" = " + fn + (fn.empty() ? "" : "(")});
    const int last = n.inputs - 1;
    for (int k : {0, 1}) {
        if (k > last) break;
        f.push_back({k == 0 ? "w" : " + w"});
        f.push_back({J + "," + std::to_string(k), -1});
        f.push_back({" "});
        activation_symbol(f, std::to_string(k), layer - 1);
    }
    if (last >= 2) {
        f.push_back({" + … + w"});
        f.push_back({J + "," + std::to_string(last), -1});
        f.push_back({" "});
        activation_symbol(f, std::to_string(last), layer - 1);
    }
    f.push_back({" + b"});
    f.push_back({J, -1});
    if (!fn.empty()) f.push_back({")"});
    formula(f);
    if (layer == 1) ui::hint("a(0) are the 784 pixels of the image (0 black, 1 white).");

    // ---- the terms ----------------------------------------------------------------------------
    const bool editable = !app.locked("architecture") && !app.locked("hidden") && !app.locked("seed");
    // Wide: the terms and sums in a column, the curve (and the first layer's
    // images) beside them; narrow: one after the other.
    const float curve_w = std::min(16 * em, ImGui::GetContentRegionAvail().x * 0.4f);
    const bool side = ImGui::GetContentRegionAvail().x > 34 * em;
    const bool layout = side && ImGui::BeginTable("##neuron_layout", 2, ImGuiTableFlags_SizingFixedFit);
    if (layout) {
        ImGui::TableSetupColumn("numbers", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("curve", ImGuiTableColumnFlags_WidthFixed, curve_w);
        ImGui::TableNextColumn();
    }
    const float table_w = 0.0f;
    if (ImGui::BeginTable("##terms", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp,
                          ImVec2(table_w, std::min(14.0f, float(n.terms.size()) + 1.5f) * ImGui::GetFrameHeightWithSpacing()))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(layer == 1 ? "pixel k" : "k", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("a_k", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(("w_" + J + ",k").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableSetupColumn("a_k × w", ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableHeadersRow();
        for (const NeuronTerm& t : n.terms) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (layer == 1) ImGui::Text("%d (%d, %d)", t.input, t.input % 28, t.input / 28);
            else ImGui::Text("%d", t.input);
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", double(t.a));
            ImGui::TableNextColumn();
            weight_field(app, n, t.input, t.w, editable);
            ImGui::TableNextColumn();
            ImGui::Text("%+.4f", double(t.a) * double(t.w));
        }
        if (!n.all_terms) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("+ %d more", n.rest_count);
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%+.4f", n.rest_sum);
        }
        ImGui::EndTable();
    }
    if (!n.all_terms)
        ui::hint(("The " + std::to_string(n.terms.size()) + " largest terms of " + std::to_string(n.inputs) +
                  " (by |a × w|); the others add up to " + text::number(n.rest_sum, 4) + ".").c_str());
    // ---- sum, bias, z, value ------------------------------------------------------------------
    if (ImGui::BeginTable("##sum", 2, ImGuiTableFlags_SizingStretchProp, ImVec2(table_w, 0))) {
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        auto line = [](const std::string& what, const std::string& value) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(what.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(value.c_str());
        };
        line("weighted sum Σ w" + J + ",k a_k", text::number(n.weighted_sum, 5));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("bias b%s", J.c_str());
        ImGui::TableNextColumn();
        weight_field(app, n, -1, n.bias, editable);
        app.mark("neuron_bias");
        line("z = Σ + b" + J, text::number(n.z, 5));
        if (n.softmax) {
            line("its output z (a logit)", text::number(n.value, 5));
            line("softmax over the 10: p" + J, text::number(n.probability, 4));
        } else {
            line(std::string("a = ") + fn + "(z)", text::number(n.value, 5));
        }
        ImGui::EndTable();
    }
    if (n.act == Activation::Sigmoid && !n.softmax)
        ui::hint(("The sigmoid is near 1 only when the weighted sum is well above −b (here " +
                  text::number(-n.bias, 3) + "): the bias says how high it must be before the neuron activates.").c_str());
    if (layout) ImGui::TableNextColumn();
    activation_curve(n, ImVec2(curve_w, curve_w * 0.6f));
    app.mark("neuron_curve");
    // The first layer: its weights as an image beside the image times the weights.
    if (layer == 1 && n.inputs == 784 && app.sample_pixels()) {
        const float* w = L[0].W.data() + std::size_t(index) * 784;
        static std::vector<float> product;
        product.resize(784);
        const float* x = app.sample_pixels();
        float wmax = 1e-6f, pmax = 1e-6f;
        for (int k = 0; k < 784; ++k) {
            product[std::size_t(k)] = x[k] * w[k];
            wmax = std::max(wmax, std::fabs(w[k]));
            pmax = std::max(pmax, std::fabs(product[std::size_t(k)]));
        }
        const float cell = std::max(1.0f, (curve_w - em) / 56.0f);
        ImGui::TextDisabled("weights   image × weights");
        plot::image_item("##neuron_w", cell, w, 28, 28, plot::ColorMap::Diverging, wmax, &app.atlas);
        ui::tooltip("This neuron's 784 weights as a 28x28 image: orange positive, blue negative");
        ImGui::SameLine();
        plot::image_item("##neuron_xw", cell, product.data(), 28, 28, plot::ColorMap::Diverging, pmax, &app.atlas);
        ui::tooltip("Each pixel times its weight: the terms of the sum, where they come from");
    }
    if (layout) ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] state().neuron
//-----------------------------------------------------------------------------

nlohmann::json neuron_json(const AppCore& app) {
    const auto& L = app.trainer.model().layers();
    if (L.empty() || !app.data_loaded) return nullptr;
    int layer = std::clamp(app.settings.neuron_layer, 1, 64), index = std::max(0, app.settings.neuron_index);
    clamp_neuron(app, &layer, &index);
    const NeuronView n = inspect_neuron(app.trainer.model(), app.sample_view(), layer, index);
    if (!n.valid) return nullptr;
    nlohmann::json terms = nlohmann::json::array();
    for (const NeuronTerm& t : n.terms) terms.push_back({{"input", t.input}, {"a", t.a}, {"w", t.w}});
    nlohmann::json j = {{"layer", n.layer}, {"index", n.index}, {"activation", name_of(n.act)},
                        {"bias", n.bias}, {"weighted_sum", n.weighted_sum}, {"z", n.z}, {"value", n.value},
                        {"inputs", n.inputs}, {"terms", terms}, {"all_terms", n.all_terms},
                        {"rest_count", n.rest_count}, {"rest_sum", n.rest_sum}, {"output", n.output}};
    if (n.softmax) j["probability"] = n.probability;
    return j;
}

}  // namespace nnplay
