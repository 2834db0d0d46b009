// widgets.h: small ImGui helpers the panels share: a two-column form (labels
// left, widgets filling the right), numbers typed into a field that apply when
// the field is left rather than at every keystroke, and tooltips.
// What it does not do: know about the engine. Internal to web/app/.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

namespace nnplay::ui {

// A form: begin_form(), then row("Label") before each widget; end_form().
bool begin_form(const char* id);
void end_form();
void row(const char* label, const char* help = nullptr);
// The current form row's label ("" outside a form): it names the row's widgets
// for assistive technology (web/app/a11y.h).
const std::string& row_label();
// Width for a slider that shares its row with a typed box of `box_em` ems.
float slider_width(float box_em);

// Typed numbers: returns true once, when the field is left (Enter, Tab, a click
// elsewhere) after an edit, with the value in *out. While typing, the field
// shows what is typed; otherwise `current`.
bool typed_int(const char* id, int current, int* out);
bool typed_u32(const char* id, uint32_t current, uint32_t* out);
bool typed_float(const char* id, float current, float* out, const char* format = "%g");

// The typed fields drawn this frame, so that a page can put a real text input
// over one (a phone's keyboard opens only for a DOM input, and an
// accessibility layer can give it a name): where it is (display units), what
// it shows, what it takes ('i' integer, 'u' unsigned, 'f' number, 't' text)
// and the label of its row. apply_typed() hands a value typed there to the
// field, which returns it next frame as if it had been typed and left.
struct TypedField {
    unsigned id = 0;
    float x = 0, y = 0, w = 0, h = 0;
    std::string text;
    char kind = 't';
    std::string label;
};
void begin_frame_fields();                      // once per frame, before the panels
const std::vector<TypedField>& typed_fields();  // the last frame's (and this one's so far)
// Checks `text` against the field's kind: "" and the value is handed over
// next frame, or why not (the field keeps its value).
std::string apply_typed(unsigned id, const std::string& text);

// Touch input (a phone): tooltips show on a long press only, and say "tap".
void set_touch(bool on);
bool touch();
// "Click" or "Tap", as the input in use says it.
const char* click_word(bool capital = true);

// Typed text (a setting's value as the table writes it): returns true once,
// when the field is left after an edit, with the text in *out. While typing,
// the field keeps what is typed; otherwise it shows `shown`.
// `kind` says what the field takes, for a page's own input ('f' a number,
// 'i' a whole number, 't' text; see TypedField).
bool typed_text(const char* id, const std::string& shown, std::string* out, char kind = 't');

// A slider whose value applies when released (for settings that restart
// something): returns true on release with the value in *out.
bool released_slider_int(const char* id, int current, int* out, int lo, int hi, const char* format,
                         ImGuiSliderFlags flags = 0);

// A combo box choosing one of `count` items by index. Each item has up to
// three labels, longest first (nullptr ends the list): the box shows the
// longest that fits its width, the dropdown always the full one, and when the
// box shows a shorter one its tooltip names the full one. Returns true when
// the choice changed (*index set). `shown`, if given, receives what the box
// shows and whether it fits (for tests).
struct ComboLabels { const char* full; const char* shorter = nullptr; const char* shortest = nullptr; };
struct Shown { const char* text = ""; bool fits = true; };
bool combo(const char* id, int* index, const ComboLabels* items, int count, Shown* shown = nullptr);

// Which digit: a row of buttons "?" (none, when allow_none) and 0..9, the
// chosen one highlighted, big enough for a finger. True when *digit changed.
bool digit_buttons(const char* id, int* digit, bool allow_none);

// A text color that keeps a contrast of at least 4.5:1 (WCAG AA) with the
// panels' background: `c` itself when it does, else c darkened (on a light
// theme) or lightened (on the dark one) until it does. The panels' own
// colored words (a status, a warning) go through it, so every theme reads.
ImVec4 readable(ImVec4 c);
void set_background(ImVec4 bg);  // the theme's (App::setup_style)

// Tooltips. With a mouse they show on hover; on touch on a long press only,
// staying after the finger lifts until the next touch; they keep within the
// display's width and say "tap" for "click". Every tooltip goes through these.
void tooltip(const char* text);   // for the last item, when hovered
// For a hover the caller decided (a cell, a point): the text, wrapped.
void tooltip_text(const std::string& text);
// Rich tooltips: `if (ui::begin_tooltip()) { ...; ui::end_tooltip(); }`.
bool begin_tooltip();
void end_tooltip();
bool tooltip_allowed();                      // whether a tooltip may show now
// The tooltip the last frame drew: its text, "(shown)" for a rich one, or "".
const std::string& last_tooltip();
std::string touch_words(std::string text);   // "Click" -> "Tap" on touch
void hint(const char* text);      // a quiet, wrapped line of explanation
// Text wrapped at spaces only, to `width` (0: the rest of the line). Dear
// ImGui's TextWrapped also breaks after '.' and ',', i.e. inside numbers
// ("12,|000", "0.|0749"). In the current text color.
void wrapped(const std::string& text, float width = 0);
// How many lines wrapped() draws `text` in at `width` (for sizing a window to it).
int wrapped_lines(const std::string& text, float width);

// Combo boxes and other popups: Escape closes an open one, and a click outside
// it closes it and still reaches what it was on (Dear ImGui 1.86 spends that
// click on closing: a click on Train did nothing). Call once per frame, after
// ImGui::NewFrame() and before the windows.
void close_popups_on_escape_or_click_outside();
void help_marker(const char* text);  // a "(?)" with a tooltip

}  // namespace nnplay::ui
