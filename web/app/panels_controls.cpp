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
#include <string_view>

#include <imgui.h>

#include <nlohmann/json.hpp>

#include "web/app/app_core.h"
#include "web/app/setting_controls.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {

//-----------------------------------------------------------------------------
// [SECTION] Run: Train/Pause, Step, Epoch, Reset, speed
//-----------------------------------------------------------------------------

namespace {
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
    const float pad = 2 * ImGui::GetStyle().FramePadding.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    // Five buttons in a row, each as wide as its label plus a share of the
    // rest, when the labels fit; else Train, Step, Epoch above Reset, New seed.
    const char* labels[5] = {app.running ? "Pause" : "Train", "Step", "Epoch", "Reset", "New seed"};
    float text_w[5], total = 0;
    for (int i = 0; i < 5; ++i) {
        text_w[i] = (i == 0 ? std::max(ImGui::CalcTextSize("Train").x, ImGui::CalcTextSize("Pause").x)
                            : ImGui::CalcTextSize(labels[i]).x) + pad;  // Train and Pause alike
        total += text_w[i];
    }
    const bool one_row = total + 4 * sp <= avail;
    const float h = 1.9f * em;
    ImVec2 size[5];
    for (int i = 0; i < 5; ++i)
        size[i] = one_row ? ImVec2(std::floor(text_w[i] + (avail - 4 * sp - total) / 5), h)
                  : i < 3 ? ImVec2(std::floor((avail - 2 * sp) / 3), h)
                          : ImVec2(std::floor((avail - sp) / 2), h);

    ImGui::BeginDisabled(!app.data_loaded);
    if (primary_button(labels[0], size[0], !app.running)) app.toggle();
    app.mark("train");
    ui::tooltip(app.running ? "Pause training (Space)" : "Train continuously (Space)");
    ImGui::SameLine();
    if (ImGui::Button("Step", size[1])) app.step(1);
    app.mark("step");
    ui::tooltip("Apply one minibatch, then pause (S)");
    ImGui::SameLine();
    if (ImGui::Button("Epoch", size[2])) app.epoch();
    app.mark("epoch");
    ui::tooltip("Train to the end of this epoch, then pause");
    if (one_row) ImGui::SameLine();
    if (ImGui::Button("Reset", size[3])) app.reset();
    app.mark("reset");
    const std::string seed = std::to_string(app.trainer.net_config().seed);
    ui::tooltip(("Start over from the first weights of seed " + seed +
                 ": the same seed gives the same weights, so the run repeats exactly. The history starts over (R).")
                    .c_str());
    ImGui::SameLine();
    if (ImGui::Button("New seed", size[4])) app.new_seed();
    app.mark("new_seed");
    ui::tooltip("Start over from different first weights: picks a new seed (shown under Network), "
                "so the next run differs from this one.");
    ImGui::EndDisabled();

    // Speed: from one step per second (to follow each update) to full speed,
    // then what it measures.
    if (ui::begin_form("run")) {
        const Setting& speed = *find_setting("speed");
        const SettingEdit e = setting_control(app, speed, speed.get(app.settings));
        if (e.changed) app.set_speed(e.value.get<double>());
        if (!e.error.empty()) app.notify(e.error, true);
        ui::end_form();
    }
    const std::string measured = text::thousands((long long)std::llround(app.samples_per_s)) + " samples/s";
    ImGui::TextDisabled("%s", measured.c_str());
    ui::tooltip("Measured training throughput over the last second");
}

//-----------------------------------------------------------------------------
// [SECTION] Status: the status line and counters
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
    // One line, so that what follows never moves: what a change did and how
    // to get out of a divergence are said in the message box (draw_messages
    // in app.cpp), which floats over the plot and moves nothing.
    ImGui::PushStyleColor(ImGuiCol_Text, status_color(st));
    if (st == "error") ui::wrapped(app.status_line());  // nothing left to click: say it all here
    else ImGui::TextUnformatted(app.status_word().c_str());
    ImGui::PopStyleColor();
    if (st == "loading") ImGui::ProgressBar(app.loading_fraction, ImVec2(-FLT_MIN, 0));

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
        {"Trained", text::duration(s.seconds_trained),
         "Time spent computing training steps since the last reset: not drawing, not evaluating, not paused. "
         "It grows slower than the clock."},
        {"Cost", cost_text(s.running_cost), "Training cost: the minibatch costs averaged over about the last 1,000 samples"},
        {"Test cost", e.samples > 0 ? cost_text(e.cost) : "–", "Mean loss on the test images"},
        {"Accuracy", e.samples > 0 ? text::percent(e.accuracy) : "–",
         "Share of test images (never trained on) the network gets right"},
        {"Tested at", e.samples > 0 ? text::thousands(e.at_step) : "–",
         "The step of the last full test evaluation"},
    };
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(ImGui::GetStyle().CellPadding.x, 1.0f));
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
    ImGui::PopStyleVar();
}

//-----------------------------------------------------------------------------
// [SECTION] Network: layers, widths, activations, output/loss, init, seed
//-----------------------------------------------------------------------------

// Edits apply with new weights. Sliders apply when released (a drag would
// otherwise rebuild the network every frame); meanwhile the parameter count
// follows the slider. Every control is made from its row in the table of
// settings (setting_controls.h).

void panel_network(AppCore& app) {
    app.panels_drawn.push_back("network");
    NetConfig e = app.ui.editing ? app.ui.edit : app.trainer.net_config();
    bool active = false, commit = false;
    std::string error;  // a typed value the table refused
    const float em = ImGui::GetFontSize();
    const Setting& widths = *find_setting("hidden");
    const Setting& acts = *find_setting("activations");

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
            const std::string label = "Layer " + std::to_string(i + 1);
            const std::string name = "layer" + std::to_string(i + 1);
            ui::row(label.c_str(), "A hidden layer: its width (neurons) and activation function");
            const SettingEdit w = number_control(app, widths, e.hidden[i], NAN, name + "_width");
            if (w.changed || w.released) e.hidden[i] = w.value.get<int>();
            active |= w.active;
            commit |= w.released;
            if (!w.error.empty()) error = w.error;

            ui::row("");
            ImGui::SetNextItemWidth(std::max(4.0f * em, ImGui::GetContentRegionAvail().x - 2.2f * em));
            const SettingEdit a = choice_control(app, acts, name_of(e.activations[i]), name + "_activation");
            if (a.changed) {
                e.activations[i] = *parse_activation(a.value.get<std::string>());
                commit = true;
            }
            ui::tooltip(acts.help);
            ImGui::SameLine();
            const bool remove = ImGui::Button("×", ImVec2(-FLT_MIN, 0));
            app.mark(name + "_remove");
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
        ImGui::BeginDisabled(int(e.hidden.size()) >= widths.max_items);
        if (ImGui::Button("Add a hidden layer", ImVec2(-FLT_MIN, 0))) {
            e.hidden.push_back(e.hidden.empty() ? 16 : e.hidden.back());
            e.activations.push_back(e.activations.empty() ? Activation::Sigmoid : e.activations.back());
            commit = true;
        }
        app.mark("add_layer");
        ImGui::EndDisabled();
        if (e.hidden.empty()) ui::tooltip("No hidden layer: the inputs connect straight to the outputs.");

        // Output, init and seed: one control each, straight from the table.
        Settings edit = app.settings;
        edit.net = e;
        for (const char* key : {"output", "init", "seed"}) {
            const Setting& row = *find_setting(key);
            const SettingEdit r = setting_control(app, row, row.get(edit));
            if (r.changed) {
                row.set(edit, r.value);
                commit = true;
            }
            active |= r.active;
            if (!r.error.empty()) error = r.error;
        }
        e = edit.net;
        ui::end_form();
    }

    if (commit) {
        app.ui.editing = false;
        const bool to_ce = e.output == OutputLoss::SoftmaxCrossEntropy &&
                           app.trainer.net_config().output != OutputLoss::SoftmaxCrossEntropy;
        const bool applied = app.apply_net(e).empty();
        if (applied && to_ce && app.trainer.train_config().learning_rate > 1.0f)
            app.notify(app.notice.text + " Softmax + cross-entropy usually wants a smaller learning rate "
                                         "(try 0.1).");
    } else if (active) {
        app.ui.edit = e;
        app.ui.editing = true;
    } else {
        app.ui.editing = false;
    }
    if (!error.empty()) app.notify(error, true);
}

//-----------------------------------------------------------------------------
// [SECTION] Training: learning rate, batch, optimizer, decay, subset, order
//-----------------------------------------------------------------------------
// These keep the model: they apply from the next step, and the cost curve gets
// a marker where they changed. The rows of the table whose scope is training
// (or run: Stop after), in the table's order; an optimizer's own parameters
// show only while it is chosen.

void panel_training(AppCore& app) {
    app.panels_drawn.push_back("training");
    nlohmann::json changes = nlohmann::json::object();
    std::string error;
    Settings current = app.settings;
    current.train = app.trainer.train_config();
    if (ui::begin_form("training")) {
        for (const Setting& row : settings_table()) {
            const bool training = row.scope == SettingScope::Training || row.key == std::string_view("epochs");
            if (!training || !(row.doors & kDoorUi) || !row.applies_to(current.train.optimizer)) continue;
            // The batch slider ends at the images in use, the subset's at those loaded.
            double hi = NAN;
            if (row.key == std::string_view("batch")) hi = std::max(1, app.train_size());
            if (row.key == std::string_view("train_subset")) hi = std::max(1, app.subset_max());
            const SettingEdit e = setting_control(app, row, row.get(current), hi);
            // A new subset reshuffles the epoch: it applies when the slider is let go.
            const bool on_release = row.key == std::string_view("train_subset");
            if (on_release ? e.released : e.changed) changes[row.key] = e.value;
            if (!e.error.empty()) error = e.error;
        }
        ui::end_form();
    }
    if (!changes.empty()) {
        // A smaller subset takes the batch size down with it rather than be refused.
        if (changes.contains("train_subset")) {
            const int sub = changes["train_subset"].get<int>();
            const int in_use = sub > 0 ? std::min(sub, app.subset_max()) : app.subset_max();
            if (current.train.batch_size > in_use) changes["batch"] = in_use;
        }
        if (std::string err = app.configure(changes); !err.empty()) error = err;
    }
    if (!error.empty()) app.notify(error, true);
}

}  // namespace nnplay

namespace nnplay {

// The two sections under headers that say what a change does, so that no
// line of hint is needed under them.
void section_network(AppCore& app) {
    const bool open = ImGui::CollapsingHeader("Network (a change starts over)###network", ImGuiTreeNodeFlags_DefaultOpen);
    ui::tooltip("Changing the network starts over with new weights; the last run stays in the plot, greyed.");
    if (open) panel_network(app);
}

void section_training(AppCore& app) {
    const bool open = ImGui::CollapsingHeader("Training (changes keep the model)###training", ImGuiTreeNodeFlags_DefaultOpen);
    ui::tooltip("These apply from the next step and keep the model; the cost curve marks where they changed.");
    if (open) panel_training(app);
}

}  // namespace nnplay
