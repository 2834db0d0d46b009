// setting_controls.h: the control of one setting, made from its row in the
// table of settings (engine/settings/settings.h): a slider on the row's scale
// (logarithmic for the learning rate, widths and batch size, on 1 - x for the
// decay rates) with the typed value beside it, a combo box of its choices, a
// checkbox, or a typed field alone (seeds). Label and help come from the row.
// A typed value is read by the table's text reader, so a refused one gets the
// same message as in the URL, the CLI or a model file.
//
// What it does not do: apply anything. It reports what the user did; the
// panel decides when a change applies (a network change when the slider is
// released, a learning rate while it is dragged).
//
// Use (inside a ui::begin_form table; the control calls ui::row itself):
//   const Setting& lr = *find_setting("lr");
//   SettingEdit e = setting_control(app, lr, lr.get(app.settings));
//   if (e.changed) app.configure({{lr.key, e.value}});
//   if (!e.error.empty()) app.notify(e.error, true);
#pragma once
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/settings/settings.h"

namespace nnplay {

struct AppCore;

struct SettingEdit {
    bool changed = false;    // `value` is new this frame (a drag, a choice, a typed value)
    bool released = false;   // the slider was let go, or the typed value entered, after a change
    bool active = false;     // a slider or typed field is held
    nlohmann::json value;    // the new value (when changed or released)
    std::string error;       // a typed value the table refused: its message
};

// A setting a lesson page locked (the "lock" setting) is drawn disabled, its
// tooltip saying that the lesson fixed it; one it hid (the "controls"
// setting) is not drawn: setting_control returns at once.
//
// One form row: the row's label (or `label` when given), then its control.
// `name` is what app.mark records ("lr" for the slider and "lr_typed" for the
// typed field; default: the key). `hi` bounds a slider tighter than the
// table's max (the batch: the images in use; NAN: the table's).
SettingEdit setting_control(AppCore& app, const Setting& s, const nlohmann::json& value, double hi = NAN,
                            const char* label = nullptr, const std::string& name = "");

// A number on the row's scale, slider and typed field, without the form row:
// for one item of a list (a hidden layer's width).
SettingEdit number_control(AppCore& app, const Setting& s, double value, double hi, const std::string& name);

// A combo box of the row's choices (one item of a list of names too).
SettingEdit choice_control(AppCore& app, const Setting& s, const std::string& value, const std::string& name);

// The control's tooltip: the row's help, after "Fixed by this lesson" when locked.
std::string control_help(const AppCore& app, const Setting& s);

}  // namespace nnplay
