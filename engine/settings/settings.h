// settings.h: the one table of settings. Every value a user can set is
// declared here once: its key, type, range or choices, label, one line of
// help, its scale for a slider, and whether changing it keeps the model. The
// default is the value a default-constructed Settings holds. Every door reads
// this table: the engine's validation (NetConfig/TrainConfig::validate), the
// UI's controls (web/app/setting_controls.cpp), the page's configure(), URL
// and data-config, the model file's metadata and nnplay-cli's flags (the key
// with dashes: weight_decay is --weight-decay). A refused value gets the same
// message from every door, because the message comes from here.
//
// What it does not do: apply anything to a running trainer (the App and the
// CLI do, from a checked Settings), or know what a view looks like (views are
// names here).
//
// Adding a setting: a field in Settings (or NetConfig/TrainConfig), one row in
// settings.cpp's table. Adding an optimizer: its enum value and names in
// nn/types, its update in kernels and nn/optimizer.cpp, and its parameters'
// rows list it in `optimizers`.
//
// Use:
//   Settings s;                                       // every default
//   nlohmann::json changes = {{"lr", 0.5}, {"hidden", {32}}};
//   std::string err = apply_settings(s, changes, 10000);   // all or nothing
//   const Setting* lr = find_setting("lr");
//   nlohmann::json v; err = setting_from_text(*lr, "0.5", v);  // URL, CLI, file
//   setting_to_text(*lr, lr->get(s));                 // "0.5"
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/nn/config.h"

namespace nnplay {

// Every settable value: the lesson, the network, its training, how long and
// how fast to run, what to show, and what a lesson page lets the student change.
struct Settings {
    std::string preset = "lecture";  // the lesson preset last loaded (engine/settings/presets.h)
    NetConfig net;
    TrainConfig train;
    int epochs = 0;              // stop after this many epochs; 0 = keep going
    double speed = 0;            // steps per second; 0 = as fast as the page allows
    std::string view = "sample"; // the lecture view shown (see the "view" row)
    int neuron_layer = 1;        // the neuron view's neuron ("neuron": layer:index; layer 1 = first hidden)
    int neuron_index = 0;
    bool log_y = false;          // the cost axis logarithmic
    bool train_accuracy = false; // also measure accuracy on the training images in use
    // How it looks (a reader's needs; a lesson keeps them): text and controls
    // this many times their size, and the colors ("dark", "light", "projector").
    double ui_scale = 1;
    std::string theme = "dark";
    // A lesson page's framing: the panels and the controls shown (every one by
    // default: the "panels" and "controls" rows' choices), and the settings the
    // student may not change (see check_locks).
    std::vector<std::string> panels = every_choice("panels");
    std::vector<std::string> controls = every_choice("controls");
    std::vector<std::string> lock;
    bool shows(std::string_view panel) const;       // panel is in `panels`
    bool has_control(std::string_view name) const;  // name is in `controls`
    bool locked(std::string_view key) const;        // key is in `lock`

    // Every choice of a ChoiceList row, in the table's order (the default of
    // "panels" and "controls").
    static std::vector<std::string> every_choice(std::string_view key);
    bool operator==(const Settings& o) const;
    bool operator!=(const Settings& o) const { return !(*this == o); }
};

enum class SettingType : uint8_t {
    Int,         // a whole number (JSON number without fraction)
    Float,       // a number
    Bool,        // true or false
    Choice,      // one name of `choices`
    IntList,     // a list of whole numbers (each in [min, max]), at most max_items
    ChoiceList,  // a list of names; one name alone means "every item"
    Text,        // text with its own syntax (parsed by the row's setter)
};

// How a slider maps its position t in [0, 1] onto the value.
enum class SettingScale : uint8_t {
    None,         // no slider: typed only (seeds), or not a number
    Linear,
    Log,          // v = min * (max / min)^t: each part of the slider multiplies
    LogOneMinus,  // 1 - v on a log scale: 0, 0.9, 0.99, 0.999 evenly spaced
};

// What a change does to the model.
enum class SettingScope : uint8_t {
    Network,   // new weights: the run starts over
    Training,  // applies from the next step and keeps the model
    Run,       // how long and how fast training runs
    View,      // what the playground shows
};
const char* name_of(SettingScope s);  // "network", "training", "run", "view"

// Which doors take a setting (bits).
enum SettingDoor : unsigned {
    kDoorPage = 1,       // configure(), the URL, data-config
    kDoorUi = 2,         // a control in the playground
    kDoorCli = 4,        // a flag of nnplay-cli train
    kDoorModelFile = 8,  // a metadata entry of saved models
};

struct Setting {
    const char* key = "";       // "weight_decay": the page's key; the CLI's --weight-decay
    SettingType type = SettingType::Int;
    SettingScope scope = SettingScope::View;
    unsigned doors = 0;         // SettingDoor bits
    const char* label = "";     // "L2 decay": what the UI calls it
    const char* help = "";      // one line: what it does
    const char* unit = "";      // "neurons", "images", "steps/s", ...
    // Numbers (and list items): allowed values are [min, max], plus `special`
    // when it is not NaN (0 for "off", "all", "full speed", "no limit").
    double min = 0, max = 0;
    double special = NAN;
    const char* special_label = "";
    bool special_at_max = false;  // where the slider puts the special value
    SettingScale scale = SettingScale::None;
    // Choices (Choice, ChoiceList): names and the UI's labels, index-aligned.
    std::vector<const char*> choices;
    std::vector<const char*> choice_labels;
    int max_items = 0;           // lists: at most this many items
    int min_items = 0;           // lists: at least this many items
    // ChoiceList: the word for "every choice" ("all"), read as every choice
    // and shown for a list that holds them all; nullptr for none.
    const char* all_label = nullptr;
    unsigned optimizers = 0;     // bit per OptimizerKind it applies to; 0 = always
    // The value as JSON (numbers, bools, names, lists), and setting it from a
    // value that check_setting accepted. Text rows parse in set_text.
    nlohmann::json (*get)(const Settings&) = nullptr;
    void (*set)(Settings&, const nlohmann::json&) = nullptr;
    std::string (*set_text)(Settings&, const std::string&) = nullptr;  // Text rows

    bool applies_to(OptimizerKind k) const { return optimizers == 0 || (optimizers >> unsigned(k) & 1u); }
    bool keeps_model() const { return scope != SettingScope::Network; }
    bool has_special() const { return !std::isnan(special); }
    bool is_number() const { return type == SettingType::Int || type == SettingType::Float; }
};

// The table, in the order settings apply and are listed (README, state()).
const std::vector<Setting>& settings_table();
const Setting* find_setting(std::string_view key);
// "hidden, activations, ..." for messages: the keys a door takes.
std::string setting_keys(unsigned door);

// Checks one value for a setting. "" or the table's message, e.g.
// "lr must be a number from 0.00001 to 1,000 (got 5000)".
std::string check_setting(const Setting& s, const nlohmann::json& value);
// Reads text (URL, data-config, CLI, model file) into the setting's JSON
// value and checks it: "" or the message check_setting gives for that value.
// Numbers, "true"/"false"/"1"/"0", names, lists joined by ',' (an empty text
// is an empty list), and a special value's label ("off", "all", ...).
std::string setting_from_text(const Setting& s, std::string_view text, nlohmann::json& out);
// The inverse: text that setting_from_text reads back to the same value
// (floats with the fewest digits that round-trip exactly).
std::string setting_to_text(const Setting& s, const nlohmann::json& value);
// A value as a person reads it: "0.5", "16", "off", "all", "relu, relu".
std::string setting_display(const Setting& s, const nlohmann::json& value);
// "a number from 0.00001 to 1,000", "0 (off) or a number from ...": the
// allowed values, as the messages and the README say them.
std::string setting_range_text(const Setting& s);

// What no single setting can check: one activation per hidden layer, a batch
// no larger than the training images in use, a subset no larger than those
// loaded (train_images_loaded; 0 = not known yet, unchecked), and the memory
// training would take. "" or a message.
std::string validate_settings(const Settings& s, int train_images_loaded);

// Applies `changes` (an object of key -> value) to `s`: unknown keys and
// refused values return a message and change nothing; the changes are applied
// in the table's order (architecture before activations), then the whole is
// validated, and last the locks of `s` (check_locks). New widths without
// activations keep each layer's activation and extend with the last; a single
// activation name applies to every layer. "preset" comes first in the table:
// it loads a whole lesson, and the other keys given with it change that.
std::string apply_settings(Settings& s, const nlohmann::json& changes, int train_images_loaded,
                           unsigned door = kDoorPage);

// Locks (the "lock" row): a lesson page fixes settings the student may not
// change. "" when every setting `before` locks has the same value in `after`,
// else the table's message for the first that differs, e.g.
// "lr is fixed by this lesson (lock=lr): it stays 300". Locks in force are
// those of `before`: one change may set a value and lock it, and unlocking
// (changing `lock`, which no lock can name) comes before changing.
// apply_settings checks it, so every door refuses the same changes.
std::string check_locks(const Settings& before, const Settings& after);

// The settings as a URL query that reproduces them (the page's Share link):
// "preset=wide&lr=0.5&seed=42&shuffle_seed=7": the preset when it is not the
// default, then every other setting the page takes whose value differs from
// what that preset gives, and both seeds always, each as setting_to_text
// writes it (percent-encoded where a URL needs it). Applied to a fresh
// playground (App::configure_text, in the table's order) it gives `s` again.
std::string share_query(const Settings& s);

// The settings as a URL query: "hidden=32&activations=relu&lr=0.5", in the
// table's order, each value in its text form (URL-encoded where needed), for
// the settings the page takes (`door`). only_changed: just those that differ
// from the defaults (a share link needs share_query instead: it starts from the preset), seeds included when they do.
std::string settings_query(const Settings& s, bool only_changed, unsigned door = kDoorPage);

// The CLI's door: a setting's flag is its key with dashes ("--weight-decay").
std::string flag_of(const Setting& s);
// Flags as nnplay-cli gives them, (key, text) pairs: each read with
// setting_from_text (a refused value's message is prefixed with its flag:
// "--weight-decay: weight_decay must be ..."), then applied together with
// apply_settings. "" or a message; on error `s` is unchanged.
std::string apply_flags(Settings& s, const std::vector<std::pair<std::string, std::string>>& flags);

// The table as Markdown for the README (key, allowed values, default, what it
// does, what a change does, where it can be set): `nnplay-cli settings`
// prints it and a test keeps README.md equal to it.
std::string settings_markdown();
// The table as JSON (one object per setting: key, type, label, help, allowed,
// default, scope, doors, choices, min, max, special), for pages and tools.
nlohmann::json settings_json();
const char* name_of(SettingType t);  // "int", "float", "bool", "choice", "int_list", "choice_list", "text"

// Slider positions (t in [0, 1]) for numbers, on the setting's scale; `hi`
// replaces max when the UI knows a tighter bound (the batch: images in use).
// The special value owns the last 5% at one end (special_at_max: the right).
double setting_to_slider(const Setting& s, double value, double hi);
double setting_from_slider(const Setting& s, double t, double hi);

}  // namespace nnplay
