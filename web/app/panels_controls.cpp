// panels_controls.cpp: the panels that change things: run buttons and speed,
// the status line and counters, the network editor, the training settings.
// One function per panel; what a panel remembers lives in UiState (app_core.h)
// or in ImGui's own storage, next to its widgets.
//
// [SECTION] Run: Train/Pause, Step, Epoch, Reset, speed
// [SECTION] Status: the status line, notices, counters
// [SECTION] Network: layers, widths, activations, output/loss, init, seed
// [SECTION] Training: learning rate, batch, optimizer, decay, subset, order
#include <algorithm>
#include <cmath>
#include <iterator>

#include <imgui.h>

#include "web/app/app_core.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {

//-----------------------------------------------------------------------------
// [SECTION] Run: Train/Pause, Step, Epoch, Reset, speed
//-----------------------------------------------------------------------------

namespace {
// Speed choices: steps per second; 0 is "as fast as the frame budget allows".
constexpr double kSpeeds[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 0};
constexpr int kSpeedCount = int(std::size(kSpeeds));

int speed_index(double speed) {
    if (speed <= 0) return kSpeedCount - 1;
    int best = 0;
    for (int i = 0; i < kSpeedCount - 1; ++i)
        if (std::fabs(std::log(kSpeeds[i] / speed)) < std::fabs(std::log(kSpeeds[best] / speed))) best = i;
    return best;
}

bool primary_button(const char* label, ImVec2 size, bool primary) {
    if (primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.20f, 0.42f, 0.78f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.26f, 0.50f, 0.88f, 1.0f));
    }
    const bool pressed = ImGui::Button(label, size);
    if (primary) ImGui::PopStyleColor(2);
    return pressed;
}
}  // namespace

void panel_run(AppCore& app) {
    app.panels_drawn.push_back("run");
    const float em = ImGui::GetFontSize();
    const float sp = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    // Four buttons in a row, or two rows of two when the column is narrow.
    const int per_row = (avail - 3 * sp) / 4 >= 4.2f * em ? 4 : 2;
    const ImVec2 bs((avail - (per_row - 1) * sp) / per_row, 1.9f * em);

    ImGui::BeginDisabled(!app.data_loaded);
    if (primary_button(app.running ? "Pause" : "Train", bs, !app.running)) app.toggle();
    app.mark("train");
    ui::tooltip(app.running ? "Pause training (Space)" : "Train continuously (Space)");
    ImGui::SameLine();
    if (ImGui::Button("Step", bs)) app.step(1);
    app.mark("step");
    ui::tooltip("Apply one minibatch, then pause (S)");
    if (per_row == 4) ImGui::SameLine();
    if (ImGui::Button("Epoch", bs)) app.epoch();
    app.mark("epoch");
    ui::tooltip("Train to the end of this epoch, then pause");
    ImGui::SameLine();
    if (ImGui::Button("Reset", bs)) app.reset();
    app.mark("reset");
    ui::tooltip("New weights from the seed; the history starts over (R)");
    ImGui::EndDisabled();

    // Speed: from one step per second (to follow each update) to full speed.
    int idx = speed_index(app.speed);
    const std::string label = app.speed <= 0 ? std::string("full speed")
                                             : text::number(app.speed, 4) + (app.speed == 1 ? " step/s" : " steps/s");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Speed");
    ImGui::SameLine();
    const std::string measured = text::thousands((long long)std::llround(app.samples_per_s)) + " samples/s";
    const float mw = ImGui::CalcTextSize("000,000 samples/s").x;
    ImGui::SetNextItemWidth(std::max(4.0f * em, ImGui::GetContentRegionAvail().x - mw - sp));
    if (ImGui::SliderInt("##speed", &idx, 0, kSpeedCount - 1, label.c_str(), ImGuiSliderFlags_AlwaysClamp))
        app.set_speed(kSpeeds[idx]);
    app.mark("speed");
    ui::tooltip("Steps (minibatches) per second. Slow speeds let you follow each update; "
                "full speed trains as fast as the page can while staying smooth.");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", measured.c_str());
    ui::tooltip("Measured training throughput over the last second");
}

//-----------------------------------------------------------------------------
// [SECTION] Status: the status line, notices, counters
//-----------------------------------------------------------------------------

namespace {
ImVec4 status_color(const std::string& st) {
    if (st == "training") return ImVec4(0.45f, 0.85f, 0.50f, 1.0f);
    if (st == "paused") return ImVec4(0.95f, 0.80f, 0.40f, 1.0f);
    if (st == "diverged" || st == "error") return ImVec4(1.0f, 0.45f, 0.40f, 1.0f);
    if (st == "loading") return ImVec4(0.65f, 0.68f, 0.74f, 1.0f);
    return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}
}  // namespace

void panel_status(AppCore& app) {
    app.panels_drawn.push_back("status");
    const std::string st = app.status();
    ImGui::PushStyleColor(ImGuiCol_Text, status_color(st));
    if (st == "training" || st == "paused") {
        // The counters below say the rest of the status line.
        ImGui::TextUnformatted(st == "training" ? "Training" : "Paused");
    } else if (st == "diverged") {
        // What happened, what the trainer did, what to do: each said once.
        const AppCore::Divergence d = app.divergence();
        ImGui::TextWrapped("%s", d.what.c_str());
        ImGui::PopStyleColor();
        if (!d.restored.empty()) ImGui::TextWrapped("%s", d.restored.c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.75f, 0.45f, 1.0f));
        ImGui::TextWrapped("%s", d.todo.c_str());
    } else {
        ImGui::TextWrapped("%s", app.status_line().c_str());
    }
    ImGui::PopStyleColor();
    panel_stall_note(app);  // panel_diagram.cpp: why training is stuck, if it is
    if (st == "loading") ImGui::ProgressBar(app.loading_fraction, ImVec2(-FLT_MIN, 0));
    const Notice& n = app.notice;
    if (!n.text.empty() && (n.warning || app.now - n.at < 10.0)) {
        ImGui::PushStyleColor(ImGuiCol_Text, n.warning ? ImVec4(1.0f, 0.62f, 0.35f, 1.0f)
                                                       : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", n.text.c_str());
        ImGui::PopStyleColor();
    }

    // Counters: two label/value pairs per row when there is room.
    const TrainStats& s = app.trainer.stats();
    const EvalResult& e = app.trainer.last_eval();
    const float em = ImGui::GetFontSize();
    const int pairs = ImGui::GetContentRegionAvail().x >= 15 * em ? 2 : 1;
    const float label_w = 4.3f * em;
    // A cost with 4 significant digits, or 3 when that would not fit its column.
    const float value_w = (ImGui::GetContentRegionAvail().x - pairs * label_w) / pairs -
                          4 * ImGui::GetStyle().CellPadding.x;  // its padding and its label's
    auto cost_text = [&](double v) {
        if (!std::isfinite(v)) return std::string("–");
        std::string t = text::number(v, 4);
        if (ImGui::CalcTextSize(t.c_str()).x > value_w) t = text::number(v, 3);
        return t;
    };
    struct Item { const char* label; std::string value; const char* help; };
    const Item items[] = {
        {"Epoch", text::printf("%.2f", app.epochs_done()), "Passes over the training images (fraction of the current one)"},
        {"Step", text::thousands(s.step), "Minibatches applied since the last reset"},
        {"Samples", text::thousands(s.samples_seen), "Training images seen, counting repeats"},
        {"Time", text::duration(s.seconds_trained), "Time spent training (not drawing)"},
        {"Cost", cost_text(s.running_cost), "Training cost: the minibatch costs averaged over about the last 1,000 samples"},
        {"Test cost", e.samples > 0 ? cost_text(e.cost) : "–", "Mean loss on the test images"},
        {"Accuracy", e.samples > 0 ? text::percent(e.accuracy) : "–",
         "Share of test images (never trained on) the network gets right"},
        {"Tested at", e.samples > 0 ? text::thousands(e.at_step) : "–",
         "The step of the last full test evaluation"},
    };
    if (ImGui::BeginTable("counters", 2 * pairs, ImGuiTableFlags_SizingStretchProp)) {
        for (int c = 0; c < pairs; ++c) {
            ImGui::TableSetupColumn("l", ImGuiTableColumnFlags_WidthFixed, label_w);
            ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch);
        }
        for (const Item& it : items) {
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", it.label);
            ui::tooltip(it.help);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(it.value.c_str());
        }
        ImGui::EndTable();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Network: layers, widths, activations, output/loss, init, seed
//-----------------------------------------------------------------------------

namespace {
// The combo boxes' labels: the engine's, then shorter ones for narrow columns
// (the dropdown and a tooltip give the full names). In enum order.
const ui::ComboLabels kActivationLabels[] = {
    {label_of(Activation::Sigmoid)}, {label_of(Activation::Tanh)}, {label_of(Activation::ReLU)},
    {label_of(Activation::LeakyReLU), "Leaky"}, {label_of(Activation::Identity), "Identity", "Linear"},
};
const ui::ComboLabels kOutputLabels[] = {
    {label_of(OutputLoss::SigmoidMSE), "Sigmoid + MSE", "Sig. + MSE"},
    {label_of(OutputLoss::SoftmaxCrossEntropy), "Softmax + CE", "Softm. + CE"},
};
const ui::ComboLabels kInitLabels[] = {
    {label_of(InitScheme::GlorotUniform), "Glorot uniform", "Glorot"},
    {label_of(InitScheme::HeUniform), "He"},
    {label_of(InitScheme::StandardNormal), "Normal"},
};
const ui::ComboLabels kOptimizerLabels[] = {
    {label_of(OptimizerKind::SGD)}, {label_of(OptimizerKind::Momentum), "Momentum"},
    {label_of(OptimizerKind::Nesterov), "Nesterov"}, {label_of(OptimizerKind::RMSprop)}, {label_of(OptimizerKind::Adam)},
};
static_assert(std::size(kActivationLabels) == kActivationCount && std::size(kOutputLabels) == kOutputLossCount &&
              std::size(kInitLabels) == kInitCount && std::size(kOptimizerLabels) == kOptimizerCount,
              "one entry per enum value");

// A combo box over an enum, recorded under `name` with what it shows.
template <class E, std::size_t N>
bool enum_combo(AppCore& app, const char* id, const std::string& name, E* value, const ui::ComboLabels (&labels)[N]) {
    int i = int(*value);
    ui::Shown shown;
    const bool changed = ui::combo(id, &i, labels, int(N), &shown);
    app.mark(name, shown.text, shown.fits);
    if (changed) *value = E(i);
    return changed;
}
}  // namespace
// Edits apply with new weights. Sliders apply when released (a drag would
// otherwise rebuild the network every frame); meanwhile the parameter count
// follows the slider.

void panel_network(AppCore& app) {
    app.panels_drawn.push_back("network");
    NetConfig e = app.ui.editing ? app.ui.edit : app.trainer.net_config();
    bool active = false, commit = false;
    std::string warning;  // said together with the change's own notice
    const float em = ImGui::GetFontSize();

    const std::string arch = e.architecture();
    const std::string count = text::thousands(e.parameter_count()) + " weights and biases";
    ImGui::TextUnformatted(arch.c_str());
    // The count beside the architecture, or under it when the column is narrow.
    if (ImGui::CalcTextSize((arch + "  " + count).c_str()).x <= ImGui::GetContentRegionAvail().x) ImGui::SameLine();
    ImGui::TextDisabled("%s", count.c_str());
    ui::tooltip("Each layer has (inputs x neurons) weights and one bias per neuron.");

    if (ui::begin_form("network")) {
        for (int i = 0; i < int(e.hidden.size()); ++i) {
            ImGui::PushID(i);
            const std::string name = "Layer " + std::to_string(i + 1);
            const std::string name_id = "layer" + std::to_string(i + 1);
            ui::row(name.c_str(), "A hidden layer: its width (neurons) and activation function");
            int w = e.hidden[i];
            ImGui::SetNextItemWidth(ui::slider_width(3.6f));
            if (ImGui::SliderInt("##width", &w, 1, kMaxWidth, "%d neurons",
                                 ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
                e.hidden[i] = w;
            app.mark(name_id + "_width");
            active |= ImGui::IsItemActive();
            commit |= ImGui::IsItemDeactivatedAfterEdit();
            ImGui::SameLine();
            ImGui::SetNextItemWidth(-FLT_MIN);
            int typed = 0;
            if (ui::typed_int("##typed", e.hidden[i], &typed)) {
                if (typed < 1 || typed > kMaxWidth)
                    warning = "A layer has 1 to " + std::to_string(kMaxWidth) + " neurons: " +
                              std::to_string(typed) + " became " +
                              std::to_string(std::clamp(typed, 1, kMaxWidth)) + ".";
                e.hidden[i] = std::clamp(typed, 1, kMaxWidth);
                commit = true;
            }
            app.mark(name_id + "_width_typed");
            active |= ImGui::IsItemActive();

            ui::row("");
            ImGui::SetNextItemWidth(std::max(4.0f * em, ImGui::GetContentRegionAvail().x - 2.2f * em));
            commit |= enum_combo(app, "##act", name_id + "_activation", &e.activations[i], kActivationLabels);
            ui::tooltip("The activation function f in a = f(W x + b) for this layer");
            ImGui::SameLine();
            const bool remove = ImGui::Button("×", ImVec2(-FLT_MIN, 0));
            app.mark(name_id + "_remove");
            ui::tooltip("Remove this layer");
            if (remove) {
                e.hidden.erase(e.hidden.begin() + i);
                e.activations.erase(e.activations.begin() + i);
                commit = true;
                ImGui::PopID();
                break;
            }
            ImGui::PopID();
        }
        ui::row("");
        ImGui::BeginDisabled(int(e.hidden.size()) >= kMaxHiddenLayers);
        if (ImGui::Button("Add a hidden layer", ImVec2(-FLT_MIN, 0))) {
            e.hidden.push_back(e.hidden.empty() ? 16 : e.hidden.back());
            e.activations.push_back(e.activations.empty() ? Activation::Sigmoid : e.activations.back());
            commit = true;
        }
        app.mark("add_layer");
        ImGui::EndDisabled();
        if (e.hidden.empty()) ui::tooltip("No hidden layer: the inputs connect straight to the outputs.");

        ui::row("Output", "The output layer and the loss it is trained with. The lecture uses sigmoid "
                          "outputs and the mean squared difference from the one-hot target.");
        commit |= enum_combo(app, "##output", "output", &e.output, kOutputLabels);
        ui::row("Init", "How the first weights are drawn (from the seed)");
        commit |= enum_combo(app, "##init", "init", &e.init, kInitLabels);
        ui::row("Seed", "The same seed gives the same first weights");
        uint32_t seed = 0;
        if (ui::typed_u32("##seed", e.seed, &seed)) {
            e.seed = seed;
            commit = true;
        }
        app.mark("seed");
        active |= ImGui::IsItemActive();
        ui::end_form();
    }
    ui::hint("Changing the network starts over with new weights.");

    if (commit) {
        app.ui.editing = false;
        const bool to_ce = e.output == OutputLoss::SoftmaxCrossEntropy &&
                           app.trainer.net_config().output != OutputLoss::SoftmaxCrossEntropy;
        const bool applied = app.apply_net(e).empty();
        if (applied && to_ce && app.trainer.train_config().learning_rate > 1.0f)
            app.notify(app.notice.text + " Softmax + cross-entropy usually wants a smaller learning rate "
                                         "(try 0.1).");
        if (!warning.empty()) app.notify(warning + " " + app.notice.text, true);
    } else if (active) {
        app.ui.edit = e;
        app.ui.editing = true;
    } else {
        app.ui.editing = false;
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Training: learning rate, batch, optimizer, decay, subset, order
//-----------------------------------------------------------------------------
// These keep the model: they apply from the next step, and the cost curve gets
// a marker where they changed.

void panel_training(AppCore& app) {
    app.panels_drawn.push_back("training");
    TrainConfig t = app.trainer.train_config();
    const TrainConfig before = t;
    const int n_train = std::max(1, app.train_size());
    const int loaded = app.subset_max();

    if (ui::begin_form("training")) {
        ui::row("Learning rate", "How far each step moves the weights against the gradient: "
                                 "w <- w - lr * dC/dw. Too large and training diverges.");
        float lr = t.learning_rate;
        ImGui::SetNextItemWidth(ui::slider_width(4.2f));
        if (ImGui::SliderFloat("##lr", &lr, 1e-4f, 10.0f, "%.4g",
                               ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_NoRoundToFormat))
            t.learning_rate = lr;
        app.mark("lr");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (ui::typed_float("##lr_typed", t.learning_rate, &lr, "%g")) {
            if (lr > 0 && std::isfinite(lr)) t.learning_rate = lr;
            else app.notify("The learning rate must be a number above 0.", true);
        }
        app.mark("lr_typed");

        ui::row("Batch size", "Images per minibatch: each step averages the gradient over them");
        int b = std::min(t.batch_size, n_train);
        ImGui::SetNextItemWidth(ui::slider_width(4.2f));
        if (ImGui::SliderInt("##batch", &b, 1, n_train, "%d", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
            t.batch_size = b;
        app.mark("batch");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-FLT_MIN);
        if (ui::typed_int("##batch_typed", t.batch_size, &b)) {
            if (b < 1 || b > n_train)
                app.notify("The batch size is 1 to " + text::thousands(n_train) + " (the training images in use).", true);
            t.batch_size = std::clamp(b, 1, n_train);
        }
        app.mark("batch_typed");

        ui::row("Optimizer", "SGD: plain gradient descent. Momentum: keeps a running direction. "
                             "Adam: adapts the step per weight.");
        enum_combo(app, "##opt", "optimizer", &t.optimizer, kOptimizerLabels);
        if (t.optimizer == OptimizerKind::Momentum) {
            ui::row("Momentum", "v = momentum * v + g; w -= lr * v");
            ImGui::SliderFloat("##mom", &t.momentum, 0.0f, 0.99f, "%.2f", ImGuiSliderFlags_AlwaysClamp);
        } else if (t.optimizer == OptimizerKind::Adam) {
            float v = 0;
            ui::row("β1", "Adam's decay of the mean gradient (0 to below 1)");
            if (ui::typed_float("##b1", t.beta1, &v, "%g")) {
                if (v >= 0 && v < 1) t.beta1 = v;
                else app.notify("β1 must be at least 0 and below 1.", true);
            }
            ui::row("β2", "Adam's decay of the mean squared gradient (0 to below 1)");
            if (ui::typed_float("##b2", t.beta2, &v, "%g")) {
                if (v >= 0 && v < 1) t.beta2 = v;
                else app.notify("β2 must be at least 0 and below 1.", true);
            }
            ui::row("ε", "Added to Adam's denominator to avoid dividing by zero");
            if (ui::typed_float("##eps", t.epsilon, &v, "%g")) {
                if (v > 0 && v <= 1) t.epsilon = v;
                else app.notify("ε must be above 0 and at most 1.", true);
            }
        }
        ui::row("L2 decay", "Weight decay: adds decay * w to each weight's gradient, pulling weights "
                            "toward zero");
        float wd = t.weight_decay;
        if (ImGui::SliderFloat("##wd", &wd, 0.0f, 0.1f, wd == 0 ? "off" : "%.2g",
                               ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_NoRoundToFormat |
                                   ImGuiSliderFlags_AlwaysClamp))
            t.weight_decay = wd;
        app.mark("weight_decay");

        ui::row("Images", "Train on the first N training images (from 100 to all loaded). "
                          "Applies when the slider is released.");
        const int cur = t.train_subset > 0 ? std::min(t.train_subset, loaded) : loaded;
        int sub = cur;
        ImGui::BeginDisabled(loaded <= 100);
        ImGui::SetNextItemWidth(ui::slider_width(4.2f));
        bool sub_done = ui::released_slider_int("##subset", cur, &sub, std::min(100, std::max(1, loaded)),
                                                std::max(1, loaded), "%d", ImGuiSliderFlags_Logarithmic);
        app.mark("train_subset");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-FLT_MIN);
        int typed = 0;
        if (ui::typed_int("##subset_typed", cur, &typed)) {
            if (typed < 100 || typed > loaded)
                app.notify("Use 100 to " + text::thousands(loaded) + " training images.", true);
            sub = std::clamp(typed, std::min(100, loaded), loaded);
            sub_done = true;
        }
        ImGui::EndDisabled();
        if (sub_done && loaded > 0) {
            t.train_subset = sub >= loaded ? 0 : sub;
            t.batch_size = std::min(t.batch_size, sub);
        }

        ui::row("Order seed", "Seeds the shuffled order of the minibatches");
        uint32_t os = 0;
        if (ui::typed_u32("##order", t.shuffle_seed, &os)) t.shuffle_seed = os;
        ui::end_form();
    }
    ui::hint("These apply from the next step and keep the model.");
    if (t != before) app.apply_train(t);
}

}  // namespace nnplay
