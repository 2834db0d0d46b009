// panels_controls.cpp: the panels that change things: run buttons and speed,
// the status line and counters, the network editor, the training settings.
// One function per panel; what a panel remembers lives in UiState (app_core.h)
// or in ImGui's own storage, next to its widgets.
//
// [SECTION] Run: Train/Pause, Step, Epoch, Reset, New seed; the learning rate; speed
// [SECTION] Lesson: the lesson's choice and text, Share
// [SECTION] Status: the status line, notices, counters
// [SECTION] Network: layers, widths, activations, output/loss, init, seed
// [SECTION] Training: learning rate, batch, optimizer, decay, subset, order
#include <algorithm>
#include <cmath>
#include <iterator>
#include <string_view>

#include <imgui.h>

#include <nlohmann/json.hpp>

#include "engine/settings/presets.h"
#include "web/app/a11y.h"
#include "web/app/app_core.h"
#include "web/app/setting_controls.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {

//-----------------------------------------------------------------------------
// [SECTION] Run: Train/Pause, Step, Epoch, Reset, New seed; the learning rate; speed
//-----------------------------------------------------------------------------
// The buttons a lesson page hides (the "controls" setting) are not drawn, and
// their keys do nothing (AppCore::handle_keys).

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
    // The buttons a page shows ("controls"), in a row, each as wide as its
    // label plus a share of the rest, when the labels fit; else three above
    // the others.
    struct Button { const char* name; const char* label; };
    const Button all[5] = {{"train", app.running ? "Pause" : "Train"}, {"step", "Step"}, {"epoch", "Epoch"},
                           {"reset", "Reset"}, {"new_seed", "New seed"}};
    Button shown[5];
    int n = 0;
    for (const Button& b : all)
        if (app.shows(b.name)) shown[n++] = b;
    float text_w[5], total = 0;
    for (int i = 0; i < n; ++i) {
        text_w[i] = (shown[i].name == std::string_view("train")
                         ? std::max(ImGui::CalcTextSize("Train").x, ImGui::CalcTextSize("Pause").x)  // alike
                         : ImGui::CalcTextSize(shown[i].label).x) + pad;
        total += text_w[i];
    }
    const bool one_row = total + (n - 1) * sp <= avail;
    const float h = 1.9f * em;
    ImGui::BeginDisabled(!app.data_loaded);
    for (int i = 0; i < n; ++i) {
        const int in_row = one_row ? n : i < 3 ? std::min(n, 3) : n - 3;
        const ImVec2 size = one_row ? ImVec2(std::floor(text_w[i] + (avail - (n - 1) * sp - total) / n), h)
                                    : ImVec2(std::floor((avail - (in_row - 1) * sp) / in_row), h);
        if (i > 0 && (one_row || i != 3)) ImGui::SameLine();
        const std::string_view name = shown[i].name;
        if (name == "train") {
            if (primary_button(shown[i].label, size, !app.running)) app.toggle();
            app.mark("train");
            ui::tooltip(app.running ? "Pause training (Space)" : "Train continuously (Space)");
        } else if (name == "step") {
            if (ImGui::Button("Step", size)) app.step(1);
            app.mark("step");
            ui::tooltip("Apply one minibatch, then pause (S)");
        } else if (name == "epoch") {
            if (ImGui::Button("Epoch", size)) app.epoch();
            app.mark("epoch");
            ui::tooltip("Train to the end of this epoch, then pause");
        } else if (name == "reset") {
            if (ImGui::Button("Reset", size)) app.reset();
            app.mark("reset");
            const std::string seed = std::to_string(app.trainer.net_config().seed);
            ui::tooltip(("Start over from the first weights of seed " + seed +
                         ": the same seed gives the same weights, so the run repeats exactly. The history starts "
                         "over (R).").c_str());
        } else {
            ImGui::BeginDisabled(app.locked("seed"));
            if (ImGui::Button("New seed", size)) app.new_seed();
            app.mark("new_seed");
            ui::tooltip(app.locked("seed") ? "Fixed by this lesson: the page locked the seed (lock=seed)."
                                           : "Start over from different first weights: picks a new seed (shown "
                                             "under Network), so the next run differs from this one.");
            ImGui::EndDisabled();
        }
    }
    ImGui::EndDisabled();

    // The learning rate, the lecture's main knob, right under the buttons:
    // every layout keeps it in view with the curves.
    const Setting& lr = *find_setting("lr");
    if (app.shows("lr") && ui::begin_form("main")) {
        Settings current = app.settings;
        current.train = app.trainer.train_config();
        const SettingEdit e = setting_control(app, lr, lr.get(current));
        std::string error = e.error;
        if (e.changed)
            if (std::string err = app.configure({{"lr", e.value}}); !err.empty()) error = err;
        if (!error.empty()) app.notify(error, true);
        ui::end_form();
    }
}

// Text size and colors (ui_scale, theme): a reader's own, applied once the
// slider is let go (each size rebuilds the font).
// In a popup of the lesson strip's "Aa" button: the controls column had no room left at 1280x800.
static void display_rows(AppCore& app) {
    ImGui::Dummy(ImVec2(20 * ImGui::GetFontSize(), 0));  // the popup takes the width of what is in it
    if (!ui::begin_form("display")) return;
    for (const char* key : {"ui_scale", "theme"}) {
        const Setting& row = *find_setting(key);
        const SettingEdit e = setting_control(app, row, row.get(app.settings));
        if (e.released)
            if (std::string err = app.configure({{key, e.value}}); !err.empty()) app.notify(err, true);
        if (!e.error.empty()) app.notify(e.error, true);
    }
    ui::end_form();
}

void panel_speed(AppCore& app) {
    app.panels_drawn.push_back("speed");
    // Speed: from one step per second (to follow each update) to full speed,
    // then what it measures.
    const Setting& speed = *find_setting("speed");
    if (app.shows("speed") && ui::begin_form("run")) {
        const SettingEdit e = setting_control(app, speed, speed.get(app.settings));
        if (e.changed) {
            if (std::string err = app.configure({{"speed", e.value}}); !err.empty()) app.notify(err, true);
        }
        if (!e.error.empty()) app.notify(e.error, true);
        ui::end_form();
    }
    // Says what it measures: the pace now, not the run's total (beside a
    // loaded model's "Compute 0.1 s" a bare "6,442 samples/s" read as a
    // contradiction).
    const std::string measured = "Pace now: " + text::thousands((long long)std::llround(app.samples_per_s)) +
                                 " images/s";
    ImGui::TextDisabled("%s", measured.c_str());
    app.mark("pace");
    ui::tooltip("Training images per second of wall time, measured over the last second (0 while paused)");
}

//-----------------------------------------------------------------------------
// [SECTION] Lesson: the lesson's choice and text, Share
//-----------------------------------------------------------------------------
// A strip across the top of the curves' side: the lesson loaded (a choice of
// the lesson presets), a button that shows or hides what to watch for, and
// Share. The text shows when a lesson is loaded, until hidden.

void panel_lesson(AppCore& app) {
    app.panels_drawn.push_back("lesson");
    const Preset* p = find_preset(app.settings.preset);
    const ImGuiStyle& st = ImGui::GetStyle();
    const float em = ImGui::GetFontSize();
    const float sp = st.ItemSpacing.x;
    const bool share = app.shows("share");
    const float share_w = share ? ImGui::CalcTextSize("Share").x + 2 * st.FramePadding.x : 0;
    // Text size and colors: a small "Aa" button before Share, its rows in a popup.
    const bool display = app.shows("ui_scale") || app.shows("theme");
    const float aa_w = display ? ImGui::CalcTextSize("Aa").x + 2 * st.FramePadding.x : 0;
    const float right = ImGui::GetContentRegionMax().x;
    // Narrow strips (a 640x480 frame) drop the "Lesson" word and shorten the
    // text button, so the lesson's title keeps its room.
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool narrow = avail < 34 * em;
    const char* toggle = app.ui.lesson_visible ? (narrow ? "×" : "Hide text") : (narrow ? "?" : "What to watch");
    const float toggle_w = p ? std::max(ImGui::CalcTextSize(toggle).x + 2 * st.FramePadding.x, ImGui::GetFrameHeight()) : 0;
    bool first = true;
    if (app.shows("preset")) {
        if (!narrow) {
            ImGui::AlignTextToFramePadding();
            ImGui::TextDisabled("Lesson");
            ImGui::SameLine();
        }
        const float room = right - ImGui::GetCursorPosX() - (p ? toggle_w + sp : 0) - (share ? share_w + sp : 0) -
                           (display ? aa_w + sp : 0);
        ImGui::SetNextItemWidth(std::max(4 * em, std::min(22 * em, room)));
        const Setting& row = *find_setting("preset");
        const SettingEdit e = choice_control(app, row, app.settings.preset, "preset");
        if (!app.locked("preset"))
            ui::tooltip("Lessons: each sets up one point of the lecture and says what to watch for");
        if (e.changed)
            if (std::string err = app.configure({{"preset", e.value}}); !err.empty()) app.notify(err, true);
        first = false;
    } else if (p && app.ui.lesson_visible) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(ui::readable(ImVec4(0.55f, 0.75f, 1.0f, 1.0f)), "%s", p->title);
        first = false;
    }
    if (p && !first) {
        ImGui::SameLine();
        if (ImGui::Button(toggle, ImVec2(toggle_w, 0))) app.ui.lesson_visible = !app.ui.lesson_visible;
        app.mark("lesson_text");
        ui::tooltip(app.ui.lesson_visible ? "Hide the lesson's text" : "What this lesson shows, and what to watch for");
    }
    // A setup changed since the lesson was loaded says so beside its title.
    if (p && !first) {
        const std::string changed = app.lesson_changes_text();
        if (!changed.empty()) {
            const std::string full = "changed: " + changed;
            // The whole list when it fits, else the word (the text below says it all).
            const float room = right - (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x) - 2 * sp -
                               (share ? share_w + sp : 0) - (display ? aa_w + sp : 0);
            const char* shown = ImGui::CalcTextSize(full.c_str()).x <= room ? full.c_str()
                                : ImGui::CalcTextSize("changed").x <= room ? "changed" : nullptr;
            if (shown) {
                ImGui::SameLine();
                ImGui::AlignTextToFramePadding();
                ImGui::TextColored(ui::readable(ImVec4(1.0f, 0.72f, 0.40f, 1.0f)), "%s", shown);
                app.mark("lesson_changed");
                ui::tooltip("This setup is no longer the lesson's: its text was written for the lesson's own setup");
            }
        }
    }
    if (display) {
        if (!first) ImGui::SameLine(std::max(ImGui::GetCursorPosX(), right - (share ? share_w + sp : 0) - aa_w));
        if (ImGui::Button("Aa###display")) ImGui::OpenPopup("display");
        a11y::name_last("Text size and colors");
        app.mark("display");
        ui::tooltip("Text size and colors: larger text, a light theme, the projector's");
        if (ImGui::BeginPopup("display")) {
            display_rows(app);
            ImGui::EndPopup();
        }
        first = false;
    }
    if (share) {
        if (!first) ImGui::SameLine(std::max(ImGui::GetCursorPosX(), right - share_w));
        ImGui::BeginDisabled(!app.data_loaded);
        if (ImGui::Button("Share")) app.share();
        app.mark("share");
        ui::tooltip("A link to the full-window playground with these settings, seeds included: opening it and "
                    "taking the same steps gives the same costs");
        ImGui::EndDisabled();
    }
    if (p && app.ui.lesson_visible) ui::wrapped(app.lesson_text());
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
    ImGui::PushStyleColor(ImGuiCol_Text, ui::readable(status_color(st)));
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
        {"Compute", text::duration(s.seconds_trained),
         "Time this playground spent computing training steps since the last reset or loaded model (a model "
         "trained elsewhere brings its steps, not its time): not drawing, not evaluating, not paused. "
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
        app.mark("counters");
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

    // What a lesson page shows ("controls") and lets change ("lock"): the
    // widths with "hidden", the activations with "activations"; adding or
    // removing a layer changes both.
    const bool show_widths = app.shows("hidden"), show_acts = app.shows("activations");
    const bool fixed_layers = app.locked("hidden") || app.locked("activations");
    if (ui::begin_form("network")) {
        for (int i = 0; i < int(e.hidden.size()) && (show_widths || show_acts); ++i) {
            ImGui::PushID(i);
            const std::string label = "Layer " + std::to_string(i + 1);
            const std::string name = "layer" + std::to_string(i + 1);
            ui::row(label.c_str(), "A hidden layer: its width (neurons) and activation function");
            if (show_widths) {
                const SettingEdit w = number_control(app, widths, e.hidden[i], NAN, name + "_width");
                if (w.changed || w.released) e.hidden[i] = w.value.get<int>();
                active |= w.active;
                commit |= w.released;
                if (!w.error.empty()) error = w.error;
                if (show_acts) ui::row("");
            } else {
                ImGui::AlignTextToFramePadding();
                ImGui::Text("%d neurons", e.hidden[i]);
                ImGui::SameLine();
            }
            bool remove = false;
            if (show_acts) {
                ImGui::SetNextItemWidth(std::max(4.0f * em, ImGui::GetContentRegionAvail().x - 2.2f * em));
                const SettingEdit a = choice_control(app, acts, name_of(e.activations[i]), name + "_activation");
                a11y::name_last(label + ", " + acts.label);
                if (a.changed) {
                    e.activations[i] = *parse_activation(a.value.get<std::string>());
                    commit = true;
                }
                ui::tooltip(control_help(app, acts).c_str());
            }
            if (show_widths) {
                if (show_acts) ImGui::SameLine();
                ImGui::BeginDisabled(fixed_layers);
                remove = ImGui::Button("×", ImVec2(show_acts ? -FLT_MIN : 2.2f * em, 0));
                a11y::name_last("Remove " + label);
                app.mark(name + "_remove");
                ui::tooltip(fixed_layers ? "Fixed by this lesson: the page locked the layers." : "Remove this layer");
                ImGui::EndDisabled();
            }
            if (remove) {
                e.hidden.erase(e.hidden.begin() + i);
                e.activations.erase(e.activations.begin() + i);
                commit = true;
                ImGui::PopID();
                break;
            }
            ImGui::PopID();
        }
        if (show_widths) {
            ui::row("");
            ImGui::BeginDisabled(int(e.hidden.size()) >= widths.max_items || fixed_layers);
            if (ImGui::Button("Add a hidden layer", ImVec2(-FLT_MIN, 0))) {
                e.hidden.push_back(e.hidden.empty() ? 16 : e.hidden.back());
                e.activations.push_back(e.activations.empty() ? Activation::Sigmoid : e.activations.back());
                commit = true;
            }
            app.mark("add_layer");
            if (fixed_layers) ui::tooltip("Fixed by this lesson: the page locked the layers.");
            else if (e.hidden.empty()) ui::tooltip("No hidden layer: the inputs connect straight to the outputs.");
            ImGui::EndDisabled();
        }

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
            if (row.key == std::string_view("lr")) continue;  // under the run buttons (panel_run)
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
namespace {
// Whether a lesson page shows any control of these rows ("controls").
bool shows_any(const AppCore& app, SettingScope scope, const char* also = nullptr, const char* except = nullptr) {
    for (const Setting& row : settings_table())
        if ((row.scope == scope || (also && row.key == std::string_view(also))) && (row.doors & kDoorUi) &&
            !(except && row.key == std::string_view(except)) && row.key != std::string_view("preset") &&
            app.shows(row.key))
            return true;
    return false;
}
}  // namespace

void section_network(AppCore& app) {
    if (!shows_any(app, SettingScope::Network)) return;
    const bool open = ImGui::CollapsingHeader("Network (a change starts over)###network", ImGuiTreeNodeFlags_DefaultOpen);
    ui::tooltip("Changing the network starts over with new weights; the last run stays in the plot, greyed.");
    if (open) panel_network(app);
}

void section_training(AppCore& app) {
    if (shows_any(app, SettingScope::Training, "epochs", "lr")) {
        const bool open =
            ImGui::CollapsingHeader("Training (changes keep the model)###training", ImGuiTreeNodeFlags_DefaultOpen);
        ui::tooltip("These apply from the next step and keep the model; the cost curve marks where they changed.");
        if (open) panel_training(app);
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Controls strip: what a page names when its panels leave the column out
//-----------------------------------------------------------------------------
// panels=cost,diagram&controls=train,lr: the Train button and the learning
// rate in a strip across the top (layout.h), drawn by the column's own
// panels (each draws only the controls the page names). The run buttons and
// the learning rate take a column of at most 28 em (buttons across a whole
// 1280 px strip would be absurdly wide); the speed, network and training
// settings named go beside them when the strip is wide enough, else below.
// The status line shows there too (as the controls setting promises it
// always does), as one line: the status and the main counters.
// The strip's height is what this drew (UiState::strip_h, for the next frame's layout).
namespace {
void strip_status(AppCore& app) {
    const std::string st = app.status();
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, ui::readable(status_color(st)));
    ImGui::TextUnformatted(app.status_word().c_str());
    ImGui::PopStyleColor();
    if (st == "error") return;  // the word says it all
    const EvalResult& e = app.trainer.last_eval();
    const std::string counters = "Epoch " + text::printf("%.2f", app.epochs_done()) + " · Step " +
                                 text::thousands(app.trainer.stats().step) + " · Accuracy " +
                                 (e.samples > 0 ? text::percent(e.accuracy) : std::string("–"));
    // Beside the status when it fits (a 640 px frame has it on a line of its own).
    const float sp = ImGui::GetStyle().ItemSpacing.x;
    if (ImGui::GetItemRectMax().x + sp + ImGui::CalcTextSize(counters.c_str()).x <=
        ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x)
        ImGui::SameLine();
    ImGui::TextDisabled("%s", counters.c_str());
    app.mark("strip_status");
}
}  // namespace

void panel_controls_strip(AppCore& app) {
    app.panels_drawn.push_back("strip");
    const float em = ImGui::GetFontSize();
    bool run = app.shows("lr");
    for (const char* b : {"train", "step", "epoch", "reset", "new_seed"}) run = run || app.shows(b);
    const bool speed = app.shows("speed");
    const bool network = shows_any(app, SettingScope::Network);
    const bool training = shows_any(app, SettingScope::Training, "epochs", "lr");
    const bool rest = speed || network || training;
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool two = run && avail >= 52 * em;
    const float top = ImGui::GetCursorPosY();
    auto rest_panels = [&] {
        if (speed && ui::begin_form("strip_speed")) {
            const Setting& row = *find_setting("speed");
            const SettingEdit e = setting_control(app, row, row.get(app.settings));
            if (e.changed)
                if (std::string err = app.configure({{"speed", e.value}}); !err.empty()) app.notify(err, true);
            if (!e.error.empty()) app.notify(e.error, true);
            ui::end_form();
        }
        section_network(app);
        section_training(app);
    };
    if (ImGui::BeginTable("strip", two ? 2 : 1, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("run", ImGuiTableColumnFlags_WidthFixed, std::min(avail, 28 * em));
        if (two) ImGui::TableSetupColumn("rest", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableNextColumn();
        if (run) panel_run(app);
        if (two) ImGui::TableNextColumn();
        strip_status(app);
        if (rest) rest_panels();
        ImGui::EndTable();
    }
    app.ui.strip_h = std::ceil(ImGui::GetCursorPosY() - top + 2 * ImGui::GetStyle().WindowPadding.y);
}

}  // namespace nnplay
