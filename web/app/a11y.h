// a11y.h: the playground's controls as a plain list, for assistive technology.
// Every frame Dear ImGui reports each interactive item it draws to its "test
// engine" hooks (IMGUI_ENABLE_TEST_ENGINE: ItemAdd gives the id and rectangle,
// ItemInfo the label and the checkable/checked/openable flags); a11y.cpp
// defines those hooks and keeps one Item per control, in the order they are
// drawn (the layout's reading order). The hooks know no role beyond that and
// no value: the program's own widget wrappers (widgets.cpp,
// setting_controls.cpp) add them with note() right after drawing the widget,
// so every panel is covered once, by the widgets it already uses. The page
// mirrors the list as transparent DOM nodes over the canvas
// (web/page/nnplay-a11y.js), the way Flutter's web engine does.
//
// Operating a control from assistive technology goes the way a mouse user's
// does, through the widget itself: activate() presses a button, checkbox, tab
// or header through Dear ImGui's own ActivateItem (as a keyboard's Enter
// would), and choose()/set_position() hand a combo box its choice or a slider
// its position, which the wrapper takes next frame as if picked or dragged
// and let go. Typed fields use the phones' path (ui::apply_typed).
//
// What it does not do: draw anything, or know the engine. Items scrolled out
// of their window are not drawn and so not listed. Internal to web/app/.
//
// Use (App::frame): a11y::begin_frame(tree) before the panels, end_frame()
// after; tree.version changes when the list does (a hash). The list is built
// only in frames after someone asked for it (tree.wanted: the page polls a
// few times a second) or when a request waits for its widget: other frames
// pay nothing (the hooks are off).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace nnplay::a11y {

enum class Role : uint8_t { Button, Checkbox, Radio, Tab, Slider, Combobox, Textbox, Header };
const char* name_of(Role r);  // "button", "checkbox", "radio", "tab", "slider", "combobox", "textbox", "header"

struct Item {
    unsigned id = 0;                 // Dear ImGui's item id (for typed fields, ui::TypedField::id)
    Role role = Role::Button;
    float x = 0, y = 0, w = 0, h = 0;  // display units (CSS pixels of the canvas)
    std::string name;                // the label, or the form row's, or a name the panel gave
    std::string description;         // a setting's help
    std::string key;                 // the setting it edits ("lr"), if any
    std::string value;               // what it shows: "0.5", "ReLU" (sliders: the value text)
    double position = 0;             // sliders: 0..1 along the track
    std::vector<std::string> choices;  // combo boxes: every choice's label
    int chosen = -1;                 // combo boxes: the chosen one
    bool checked = false;            // checkboxes, radios; tabs: selected; headers: open
    bool disabled = false;
};

struct Tree {
    std::vector<Item> items;  // the last complete frame's
    uint64_t version = 0;     // changes whenever `items` does
    uint64_t hash = 0;
    bool wanted = true;       // build it in the next frame
    std::vector<Item> building;  // this frame's so far
    // Requests from the page, taken by the widgets next frame.
    unsigned choose_id = 0;
    int choose_index = -1;
    unsigned slide_id = 0;
    double slide_to = 0;
};

void begin_frame(Tree& tree);  // enables the hooks on the current ImGui context
// Off: no list is built (to measure what building it costs a frame).
void set_enabled(bool on);
void end_frame();
// Whether this frame builds the list: the notes below cost nothing otherwise,
// but their arguments do (a value's text, a combo box's choices): guard those.
bool building();

// Amends the item just drawn (ImGui's last item; a combo box, which reports
// no ItemInfo, is added here). Empty strings and defaults keep what the hook saw.
void note(Role role, const std::string& name = "", const std::string& value = "");
void note_setting(const std::string& key, const std::string& description);
void note_slider(double position, const std::string& value_text);
void note_choices(std::vector<std::string> choices, int chosen);
void note_checked(bool checked);
// A combo box, before BeginCombo (whose item an open list hides): its id
// (ImGui::GetID(label)), box, and choices; its name ("": the form row's).
void add_combo(const std::string& name, unsigned id, float x, float y, float w, float h, std::vector<std::string> choices, int chosen);
void name_last(const std::string& name);  // a name for an item without a readable label ("##prev")

// The page's requests. "" or why not.
std::string activate(Tree& tree, unsigned id);
std::string choose(Tree& tree, unsigned id, int index);
std::string set_position(Tree& tree, unsigned id, double position);
// The widgets' side: whether the page chose for the item `id`, once.
bool take_choice(unsigned id, int* index);
bool take_position(unsigned id, double* position);

// The list as JSON: {"version", "items": [{id, role, name, x, y, w, h, ...}]}.
std::string tree_json(const Tree& tree);

}  // namespace nnplay::a11y
