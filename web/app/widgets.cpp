// widgets.cpp: see widgets.h.
#include "web/app/widgets.h"

#include "web/app/a11y.h"

#include <imgui_internal.h>  // GetActiveID: the field typed in

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <cstring>
#include <string>

#include <imgui_internal.h>  // the popup stack, to close a combo box's list

namespace nnplay::ui {

namespace {
std::string g_row_label;  // the form row's label, which names the typed field in it
std::vector<TypedField> g_fields, g_last_fields;
struct Pending { ImGuiID id = 0; std::string text; } g_pending;
bool g_touch = false;

void record_field(ImGuiID id, const std::string& text, char kind, const char* widget_id) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    if (!ImGui::IsItemVisible()) return;
    std::string label = g_row_label;
    if (label.empty()) {
        label = widget_id;
        const std::size_t hash = label.find("##");
        label = hash == std::string::npos ? label : label.substr(hash + 2);
    }
    g_fields.push_back({id, a.x, a.y, b.x - a.x, b.y - a.y, text, kind, label});
}

// A number typed on a phone: the whole text must be one (a decimal comma is
// read as a point), integers whole.
bool parse_number(const std::string& text, char kind, double* out) {
    std::string t = text;
    for (char& c : t)
        if (c == ',') c = '.';
    const char* s = t.c_str();
    while (*s == ' ') ++s;
    if (!*s) return false;
    char* end = nullptr;
    const double v = std::strtod(s, &end);
    while (end && *end == ' ') ++end;
    if (!end || *end || !std::isfinite(v)) return false;
    if ((kind == 'i' || kind == 'u') && (v != std::floor(v) || std::fabs(v) > 2e9)) return false;
    if (kind == 'u' && v < 0) return false;
    *out = v;
    return true;
}
}  // namespace


bool begin_form(const char* id) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit)) return false;
    const float em = ImGui::GetFontSize();
    const float label_w = std::min(7.2f * em, ImGui::GetContentRegionAvail().x * 0.36f);
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, label_w);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

void end_form() {
    ImGui::EndTable();
    g_row_label.clear();
}

// The tooltip drawn in the frame under way or last drawn ("" when none; a
// rich tooltip's text is not kept, only that one showed: "(shown)").
std::string g_tooltip;

void begin_frame_fields() {
    g_last_fields.swap(g_fields);
    g_fields.clear();
    g_tooltip.clear();
}

const std::string& last_tooltip() { return g_tooltip; }

const std::vector<TypedField>& typed_fields() { return g_last_fields; }

std::string apply_typed(unsigned id, const std::string& text) {
    for (const TypedField& f : g_last_fields) {
        if (f.id != id) continue;
        double v = 0;
        if (f.kind != 't' && !parse_number(text, f.kind, &v))
            return "\"" + text + "\" is not " + (f.kind == 'f' ? "a number" : "a whole number") + " (" + f.label + ")";
        // What the field is handed is what it would have been typed: a
        // decimal comma becomes a point.
        std::string t = text;
        if (f.kind != 't')
            for (char& c : t)
                if (c == ',') c = '.';
        g_pending = {id, t};
        return "";
    }
    return "that field is no longer shown";
}

void set_touch(bool on) { g_touch = on; }
bool touch() { return g_touch; }
const char* click_word(bool capital) { return g_touch ? (capital ? "Tap" : "tap") : (capital ? "Click" : "click"); }

const std::string& row_label() { return g_row_label; }

void row(const char* label, const char* help) {
    g_row_label = label ? label : "";
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (label && *label) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(label);
        if (help) tooltip(help);
    }
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-FLT_MIN);
}

float slider_width(float box_em) {
    const float box = box_em * ImGui::GetFontSize();
    return std::max(2.0f * ImGui::GetFontSize(),
                    ImGui::GetContentRegionAvail().x - box - ImGui::GetStyle().ItemSpacing.x);
}

namespace {

// The value being typed lives in ImGui's per-window storage under the field's
// id (key) and key+1 (a flag), so panels need no state of their own for it.
template <class T>
bool typed(const char* id, ImGuiDataType type, T current, T* out, const char* format) {
    static_assert(sizeof(T) == 4, "stored as 32 bits");
    ImGuiStorage* st = ImGui::GetStateStorage();
    const ImGuiID key = ImGui::GetID(id);
    T v = current;
    if (st->GetBool(key + 1, false)) {
        const int bits = st->GetInt(key, 0);
        std::memcpy(&v, &bits, 4);
    }
    ImGui::InputScalar(id, type, &v, nullptr, nullptr, format);
    const bool active = ImGui::IsItemActive();
    bool done = ImGui::IsItemDeactivatedAfterEdit();
    const char kind = type == ImGuiDataType_Float ? 'f' : type == ImGuiDataType_U32 ? 'u' : 'i';
    char shown[64];
    ImGui::DataTypeFormatString(shown, sizeof shown, type, &v, format);
    record_field(key, shown, kind, id);
    a11y::note(a11y::Role::Textbox, "", shown);
    // A value typed in the page's own input (a phone's keyboard).
    double typed_value = 0;
    if (g_pending.id == key && parse_number(g_pending.text, kind, &typed_value)) {
        v = static_cast<T>(typed_value);
        done = true;
    }
    if (g_pending.id == key) g_pending = {};
    if (active) {
        int bits;
        std::memcpy(&bits, &v, 4);
        st->SetInt(key, bits);
        st->SetBool(key + 1, true);
    } else {
        st->SetBool(key + 1, false);
    }
    if (done) *out = v;
    return done;
}

}  // namespace

bool typed_int(const char* id, int current, int* out) { return typed(id, ImGuiDataType_S32, current, out, "%d"); }
bool typed_u32(const char* id, uint32_t current, uint32_t* out) {
    return typed(id, ImGuiDataType_U32, current, out, "%u");
}
bool typed_float(const char* id, float current, float* out, const char* format) {
    return typed(id, ImGuiDataType_Float, current, out, format);
}

bool typed_text(const char* id, const std::string& shown, std::string* out, char kind) {
    // One field is typed in at a time: its text lives here from the first
    // keystroke until the frame after it is left, when it is handed out.
    static ImGuiID editing_id = 0;
    static std::string editing;
    const ImGuiID key = ImGui::GetID(id);
    char buf[128];
    const std::string& src = editing_id == key ? editing : shown;
    const std::size_t n = std::min(src.size(), sizeof buf - 1);
    std::memcpy(buf, src.data(), n);
    buf[n] = 0;
    // Typed characters and Enter may come in one frame: the field is then left
    // during this call, with the text in buf.
    const bool was_active = ImGui::GetActiveID() == key;
    ImGui::InputText(id, buf, sizeof buf, ImGuiInputTextFlags_AutoSelectAll);
    const bool active = ImGui::IsItemActive();
    if (active || was_active) {
        editing_id = key;
        editing = buf;
    }
    record_field(key, src, kind, id);
    a11y::note(a11y::Role::Textbox, "", src);
    if (g_pending.id == key) {
        *out = g_pending.text;
        g_pending = {};
        return true;
    }
    const bool done = ImGui::IsItemDeactivatedAfterEdit();
    if (done) *out = editing_id == key ? editing : std::string(buf);
    if (!active && !was_active && editing_id == key) editing_id = 0;
    return done;
}

bool released_slider_int(const char* id, int current, int* out, int lo, int hi, const char* format,
                         ImGuiSliderFlags flags) {
    ImGuiStorage* st = ImGui::GetStateStorage();
    const ImGuiID key = ImGui::GetID(id);
    int v = st->GetBool(key + 1, false) ? st->GetInt(key, current) : current;
    ImGui::SliderInt(id, &v, lo, hi, format, flags | ImGuiSliderFlags_AlwaysClamp);
    if (a11y::building()) a11y::note_slider(hi > lo ? double(v - lo) / (hi - lo) : 0.0, std::to_string(v));
    const bool active = ImGui::IsItemActive();
    bool done = ImGui::IsItemDeactivatedAfterEdit();
    double pos = 0;
    if (a11y::take_position(key, &pos)) {  // assistive technology moved it
        v = lo + int(std::lround(pos * (hi - lo)));
        done = true;
    }
    st->SetInt(key, v);
    st->SetBool(key + 1, active);
    if (done) *out = v;
    return done;
}

namespace {
// The box of the combo whose list is open (close_popups_on_escape_or_click_outside).
ImRect g_open_combo;
}  // namespace

bool combo(const char* id, int* index, const ComboLabels* items, int count, Shown* shown) {
    const int cur = std::clamp(*index, 0, count - 1);
    const ImVec2 box_min = ImGui::GetCursorScreenPos();
    const ImRect box(box_min, ImVec2(box_min.x + ImGui::CalcItemWidth(), box_min.y + ImGui::GetFrameHeight()));
    const ComboLabels& c = items[cur];
    // The text area: the box less its arrow button (a square) and padding.
    const ImGuiStyle& st = ImGui::GetStyle();
    const float room = ImGui::CalcItemWidth() - ImGui::GetFrameHeight() - 2.0f * st.FramePadding.x;
    Shown s{c.full, true};
    for (const char* t : {c.full, c.shorter, c.shortest}) {
        if (!t) break;
        s.text = t;
        s.fits = ImGui::CalcTextSize(t).x <= room;
        if (s.fits) break;
    }
    bool changed = false;
    if (a11y::building()) {
        std::vector<std::string> names;
        for (int i = 0; i < count; ++i) names.push_back(items[i].full);
        const ImGuiID cid = ImGui::GetID(id);
        a11y::add_combo("", cid, box.Min.x, box.Min.y, box.GetWidth(), box.GetHeight(), std::move(names), cur);
        int k = 0;
        if (a11y::take_choice(cid, &k) && k != cur && k >= 0 && k < count) {  // assistive technology chose
            *index = k;
            changed = true;
        }
    }
    // Up to 20 items without a scroll (ImGui's regular list shows 8: the
    // ninth lesson needed a scroll nothing hinted at); a longer list, or a
    // short screen, gets its scrollbar.
    if (ImGui::BeginCombo(id, s.text, ImGuiComboFlags_HeightLarge)) {
        g_open_combo = box;
        for (int i = 0; i < count; ++i) {
            const bool selected = i == cur;
            if (ImGui::Selectable(items[i].full, selected) && !selected) {
                *index = i;
                changed = true;
            }
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    if (s.text != c.full) tooltip(c.full);
    if (shown) *shown = s;
    return changed;
}

bool digit_buttons(const char* id, int* digit, bool allow_none) {
    ImGui::PushID(id);
    bool changed = false;
    const float em = ImGui::GetFontSize();
    const float side = std::max(ImGui::GetFrameHeight(), 1.6f * em);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float sp = ImGui::GetStyle().ItemSpacing.x * 0.5f;
    const int n = allow_none ? 11 : 10;
    // One row when it fits, else two.
    const int per_row = (side + sp) * n - sp <= avail ? n : (n + 1) / 2;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(sp, sp));
    for (int k = 0; k < n; ++k) {
        const int d = allow_none ? k - 1 : k;
        if (k % per_row) ImGui::SameLine();
        const bool on = *digit == d;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        char label[8];
        std::snprintf(label, sizeof label, "%s##%d", d < 0 ? "?" : std::to_string(d).c_str(), k);
        if (ImGui::Button(label, ImVec2(side, side)) && !on) {
            *digit = d;
            changed = true;
        }
        if (on) ImGui::PopStyleColor();
    }
    ImGui::PopStyleVar();
    ImGui::PopID();
    return changed;
}

namespace {
// A long press's tooltip stays after the finger lifts, until the next touch
// begins (then that touch decides again). Updated once per frame.
bool g_long_pressed = false;
int g_long_press_frame = -1;
// Seconds a still finger is down before its tooltip shows. The page
// (nnplay-embed.js) already holds a still finger back 450 ms before handing it
// over, so this adds little to what a student waits.
constexpr float kLongPress = 0.2f;
}  // namespace

bool tooltip_allowed() {
    if (!g_touch) return true;
    const ImGuiIO& io = ImGui::GetIO();
    if (g_long_press_frame != ImGui::GetFrameCount()) {
        g_long_press_frame = ImGui::GetFrameCount();
        if (io.MouseClicked[0]) g_long_pressed = false;  // a new touch: the last one's tooltip goes
        if (io.MouseDown[0] && io.MouseDownDuration[0] > kLongPress && io.MouseDragMaxDistanceSqr[0] < 64.0f)
            g_long_pressed = true;
    }
    // After a long press the finger's last place still counts as hovered
    // (the emulated mouse stays there) until the next touch.
    return g_long_pressed;
}

std::string touch_words(std::string t) {
    if (!g_touch) return t;
    // A phone has no Space, S or R to press: the keys' hints go.
    for (auto [from, to] : {std::pair<const char*, const char*>{"Click", "Tap"}, {"click", "tap"}, {" (Space)", ""},
                            {" (S)", ""}, {" (R)", ""}})
        for (std::size_t at = t.find(from); at != std::string::npos; at = t.find(from, at))
            t.replace(at, std::strlen(from), to);
    return t;
}

bool begin_tooltip() {
    if (!tooltip_allowed()) return false;
    // Within the screen: at most the display's width less a margin each side
    // (ImGui keeps a box that narrow inside the display).
    const ImGuiIO& io = ImGui::GetIO();
    const float em = ImGui::GetFontSize();
    const float most = io.DisplaySize.x - 2 * em - 2 * ImGui::GetStyle().WindowPadding.x;
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(std::max(6 * em, most), FLT_MAX));
    ImGui::BeginTooltip();
    g_tooltip = "(shown)";
    return true;
}

void end_tooltip() { ImGui::EndTooltip(); }

void tooltip_text(const std::string& text) {
    if (!begin_tooltip()) return;
    const float em = ImGui::GetFontSize();
    const float most = ImGui::GetIO().DisplaySize.x - 2 * em - 2 * ImGui::GetStyle().WindowPadding.x;
    g_tooltip = touch_words(text);
    wrapped(g_tooltip, std::max(6 * em, std::min(24 * em, most)));
    end_tooltip();
}

void tooltip(const char* text) {
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
    // A finger held still on a button to read what it does: the lift that
    // follows must not press it (as a long press on a phone never does).
    if (g_touch && tooltip_allowed() && ImGui::IsItemActive() && ImGui::GetIO().MouseDown[0] &&
        ImGui::GetIO().MouseDragMaxDistanceSqr[0] < 64.0f)
        ImGui::ClearActiveID();
    tooltip_text(text);
}

namespace {
ImVec4 g_background(0.09f, 0.10f, 0.12f, 1.0f);
float luminance(const ImVec4& c) {
    auto ch = [](float v) { return v <= 0.03928f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); };
    return 0.2126f * ch(c.x) + 0.7152f * ch(c.y) + 0.0722f * ch(c.z);
}
float contrast(const ImVec4& a, const ImVec4& b) {
    const float la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}
}  // namespace

void set_background(ImVec4 bg) { g_background = bg; }

ImVec4 readable(ImVec4 c) {
    const bool light = luminance(g_background) > 0.4f;
    for (int i = 0; i < 20 && contrast(c, g_background) < 4.5f; ++i) {
        const float t = light ? 0.0f : 1.0f;  // towards black on light, white on dark
        c.x += (t - c.x) * 0.15f;
        c.y += (t - c.y) * 0.15f;
        c.z += (t - c.z) * 0.15f;
    }
    return c;
}

void hint(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped(text);
    ImGui::PopStyleColor();
}

namespace {
// The end of the line that starts at s: the longest run of whole words that
// fits `width` (at least one word), or a line break.
const char* line_end_of(const char* s, const char* end, float width) {
    const char* line_end = nullptr;
    for (const char* p = s;;) {
        const char* w = p;
        while (w < end && *w != ' ' && *w != '\n') ++w;
        if (line_end && ImGui::CalcTextSize(s, w).x > width) break;
        line_end = w;
        if (w >= end || *w == '\n') break;
        p = w + 1;
    }
    return line_end;
}
const char* next_line(const char* s, const char* end) {
    if (s < end && *s == '\n') return s + 1;
    while (s < end && *s == ' ') ++s;
    return s;
}
}  // namespace

void wrapped(const std::string& text, float width) {
    if (width <= 0) width = ImGui::GetContentRegionAvail().x;
    width = std::max(width, 1.0f);
    const char* s = text.c_str();
    const char* const end = s + text.size();
    if (s == end) ImGui::TextUnformatted("");
    while (s < end) {
        const char* line_end = line_end_of(s, end, width);
        ImGui::TextUnformatted(s, line_end);
        s = next_line(line_end, end);
    }
}

int wrapped_lines(const std::string& text, float width) {
    width = std::max(width, 1.0f);
    const char* s = text.c_str();
    const char* const end = s + text.size();
    int lines = 0;
    while (s < end) {
        s = next_line(line_end_of(s, end, width), end);
        ++lines;
    }
    return std::max(lines, 1);
}

void close_popups_on_escape_or_click_outside() {
    ImGuiContext& g = *GImGui;
    if (g.OpenPopupStack.Size == 0) return;
    const ImGuiIO& io = ImGui::GetIO();
    const int esc = ImGui::GetKeyIndex(ImGuiKey_Escape);
    const bool escape = esc >= 0 && esc < IM_ARRAYSIZE(io.KeysDown) && ImGui::IsKeyPressed(esc, false);
    bool outside = false;
    if (io.MouseClicked[0] || io.MouseClicked[1]) {
        // On a popup (the list itself), or on the open combo's box (which
        // closes it by itself), the click is the popup's business.
        const ImGuiWindow* hovered = g.HoveredWindow;
        const bool on_popup = hovered && (hovered->RootWindow->Flags & ImGuiWindowFlags_Popup);
        outside = !on_popup && !g_open_combo.Contains(io.MousePos);
    }
    if (escape || outside) ImGui::ClosePopupToLevel(0, true);
}

void help_marker(const char* text) {
    ImGui::TextDisabled("(?)");
    tooltip(text);
}

}  // namespace nnplay::ui
