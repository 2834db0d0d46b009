// setting_controls.cpp: see setting_controls.h.
#include "web/app/setting_controls.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include <imgui.h>
#include <imgui_internal.h>  // GetActiveID: the slider being held

#include "web/app/a11y.h"
#include "web/app/app_core.h"
#include "web/app/widgets.h"

namespace nnplay {

namespace {

// Shorter labels for narrow combo boxes, by choice name (the dropdown and a
// tooltip show the table's full label).
struct Short {
    const char* name;
    const char* shorter;
    const char* shortest;
};
constexpr Short kShort[] = {
    {"leaky_relu", "Leaky", nullptr},
    {"identity", "Identity", "Linear"},
    {"sigmoid_mse", "Sigmoid + MSE", "Sig. + MSE"},
    {"softmax_ce", "Softmax + CE", "Softm. + CE"},
    {"glorot", "Glorot uniform", "Glorot"},
    {"he", "He", nullptr},
    {"normal", "Normal", nullptr},
    {"momentum", "Momentum", nullptr},
    {"nesterov", "Nesterov", nullptr},
};

ui::ComboLabels labels_of(const Setting& s, std::size_t i) {
    ui::ComboLabels c{i < s.choice_labels.size() ? s.choice_labels[i] : s.choices[i]};
    for (const Short& k : kShort)
        if (std::string_view(k.name) == s.choices[i]) {
            c.shorter = k.shorter;
            c.shortest = k.shortest;
        }
    return c;
}

nlohmann::json number_json(const Setting& s, double v) {
    if (s.type == SettingType::Float) return v;
    return static_cast<long long>(v);
}

// The text a typed field shows: the special value's label, or the value as
// the table writes it (the form it reads back).
std::string typed_text_of(const Setting& s, double v) {
    if (s.has_special() && v == s.special) return s.special_label;
    return setting_to_text(s, v);
}

// Reads a typed value through the table. For a list item (a layer's width)
// the item is checked as a one-item list, whose message names the list.
SettingEdit read_typed(const Setting& s, const std::string& text) {
    SettingEdit e;
    nlohmann::json v;
    if (s.type == SettingType::IntList) {
        e.error = setting_from_text(s, text, v);
        if (e.error.empty() && v.size() != 1) e.error = std::string(s.key) + ": type one number";
        if (e.error.empty()) v = v[0];
    } else {
        e.error = setting_from_text(s, text, v);
    }
    if (e.error.empty()) {
        e.changed = e.released = true;
        e.value = v;
    }
    return e;
}

// The name assistive technology gives the control: its form row's label, and
// the setting's own when the row is about something else ("Layer 1", widths).
std::string a11y_name(const Setting& s) {
    const std::string& row = ui::row_label();
    if (row.empty()) return s.label;
    if (row == s.label) return row;
    return row + ", " + s.label;
}

}  // namespace

std::string control_help(const AppCore& app, const Setting& s) {
    if (!app.locked(s.key)) return s.help;
    return std::string("Fixed by this lesson: the page locked it (lock=") + s.key + "). " + s.help;
}

SettingEdit number_control(AppCore& app, const Setting& s, double value, double hi, const std::string& name) {
    SettingEdit e;
    const bool slider = s.scale != SettingScale::None;
    const float em = ImGui::GetFontSize();
    // The typed field: wide enough for the longest text it shows.
    float box = 4.2f * em;
    if (s.has_special()) box = std::max(box, ImGui::CalcTextSize(s.special_label).x + 1.2f * em);
    const std::string help = control_help(app, s);
    ImGui::BeginDisabled(app.locked(s.key));
    ImGui::PushID(name.c_str());
    if (slider) {
        ImGui::SetNextItemWidth(std::max(2.0f * em, ImGui::GetContentRegionAvail().x - box -
                                                        ImGui::GetStyle().ItemSpacing.x));
        // While held, the slider keeps its own position (ImGui's storage):
        // a value that applies on release, or rounds to a whole number, does
        // not pull the knob back under the pointer.
        const ImGuiID sid = ImGui::GetID("##slider");
        ImGuiStorage* store = ImGui::GetStateStorage();
        float t = static_cast<float>(setting_to_slider(s, value, hi));
        if (ImGui::GetActiveID() == sid) t = store->GetFloat(sid, t);
        // No text on the slider: the typed field beside it says the value.
        if (ImGui::SliderFloat("##slider", &t, 0.0f, 1.0f, "",
                               ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_NoRoundToFormat)) {
            const double v = setting_from_slider(s, t, hi);
            if (v != value) {
                e.changed = true;
                e.value = number_json(s, v);
            }
        }
        if (a11y::building()) {
            a11y::note(a11y::Role::Slider, a11y_name(s));
            a11y::note_slider(setting_to_slider(s, value, hi), setting_display(s, number_json(s, value)) +
                                                                   (*s.unit ? std::string(" ") + s.unit : ""));
            a11y::note_setting(s.key, help);
        }
        // Assistive technology moved it: a drag let go there.
        if (double pos = 0; a11y::take_position(sid, &pos)) {
            e.changed = e.released = true;
            e.value = number_json(s, setting_from_slider(s, pos, hi));
        }
        app.mark(name);
        e.active = ImGui::IsItemActive();
        if (e.active) store->SetFloat(sid, t);
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            e.released = true;
            e.value = number_json(s, setting_from_slider(s, t, hi));
        }
        ui::tooltip(help.c_str());
        ImGui::SameLine();
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    std::string typed;
    const char kind = s.type == SettingType::Float ? 'f' : s.type == SettingType::Int ? 'i' : 't';
    if (ui::typed_text("##typed", typed_text_of(s, value), &typed, kind)) {
        SettingEdit t = read_typed(s, typed);
        if (!t.error.empty()) {
            e.error = t.error;
        } else if (t.value.get<double>() != value) {
            e.changed = e.released = true;
            e.value = t.value;
        }
    }
    if (a11y::building()) {
        a11y::note(a11y::Role::Textbox, slider ? a11y_name(s) + " (typed)" : a11y_name(s));
        a11y::note_setting(s.key, help);
    }
    app.mark(slider ? name + "_typed" : name);
    e.active |= ImGui::IsItemActive();
    if (!slider || app.locked(s.key)) ui::tooltip(help.c_str());
    ImGui::PopID();
    ImGui::EndDisabled();
    return e;
}

SettingEdit choice_control(AppCore& app, const Setting& s, const std::string& value, const std::string& name) {
    SettingEdit e;
    std::vector<ui::ComboLabels> items;
    int index = 0;
    for (std::size_t i = 0; i < s.choices.size(); ++i) {
        items.push_back(labels_of(s, i));
        if (value == s.choices[i]) index = static_cast<int>(i);
    }
    ui::Shown shown;
    ImGui::BeginDisabled(app.locked(s.key));
    ImGui::PushID(name.c_str());
    if (ui::combo("##choice", &index, items.data(), static_cast<int>(items.size()), &shown)) {
        e.changed = e.released = true;
        e.value = s.choices[static_cast<std::size_t>(index)];
    }
    if (a11y::building()) {
        a11y::note(a11y::Role::Combobox, a11y_name(s));
        a11y::note_setting(s.key, control_help(app, s));
    }
    app.mark(name, shown.text, shown.fits);
    if (app.locked(s.key)) ui::tooltip(control_help(app, s).c_str());
    ImGui::PopID();
    ImGui::EndDisabled();
    return e;
}

SettingEdit setting_control(AppCore& app, const Setting& s, const nlohmann::json& value, double hi,
                            const char* label, const std::string& name_in) {
    const std::string name = name_in.empty() ? std::string(s.key) : name_in;
    if (!app.shows(s.key)) return {};  // a lesson page hid it (the "controls" setting)
    const std::string help = control_help(app, s);
    ui::row(label ? label : s.label, help.c_str());
    switch (s.type) {
        case SettingType::Int:
        case SettingType::Float:
            return number_control(app, s, value.is_number() ? value.get<double>() : 0.0, hi, name);
        case SettingType::Choice:
            return choice_control(app, s, value.is_string() ? value.get<std::string>() : std::string(), name);
        case SettingType::Bool: {
            SettingEdit e;
            bool b = value.is_boolean() && value.get<bool>();
            ImGui::BeginDisabled(app.locked(s.key));
            if (ImGui::Checkbox(("##" + name).c_str(), &b)) {
                e.changed = e.released = true;
                e.value = b;
            }
            if (a11y::building()) {
                a11y::note(a11y::Role::Checkbox, a11y_name(s));
                a11y::note_setting(s.key, help);
            }
            app.mark(name);
            ui::tooltip(help.c_str());
            ImGui::EndDisabled();
            return e;
        }
        case SettingType::IntList:
        case SettingType::ChoiceList:
        case SettingType::Text: {
            // Lists have their own editors (the network panel's layers); a
            // plain typed field otherwise.
            SettingEdit e;
            std::string typed;
            ImGui::BeginDisabled(app.locked(s.key));
            if (ui::typed_text(("##" + name).c_str(), setting_to_text(s, value), &typed)) {
                nlohmann::json v;
                e.error = setting_from_text(s, typed, v);
                if (e.error.empty()) {
                    e.changed = e.released = true;
                    e.value = v;
                }
            }
            if (a11y::building()) {
                a11y::note(a11y::Role::Textbox, a11y_name(s));
                a11y::note_setting(s.key, help);
            }
            app.mark(name);
            ui::tooltip(help.c_str());
            ImGui::EndDisabled();
            return e;
        }
    }
    return {};
}

}  // namespace nnplay
