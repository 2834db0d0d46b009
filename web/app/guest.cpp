// guest.cpp: the playground as a guest in someone else's page. The page asks,
// per key and per wheel turn, whether the playground has a use for it
// (App::wants_key, App::wants_wheel); what it has none for goes to the page
// around (Space and the arrows scroll it, Tab moves the focus on). The page's
// requests (Share, About) go out through App::set_page_request, and the About
// item lives here too.
//
// What it does not do: listen to the browser (web/page/nnplay-embed.js does,
// and asks through web/page_api.cpp), or decide anything from the engine.
//
// [SECTION] Keys and wheel
// [SECTION] Touch and typed fields
// [SECTION] Requests to the page, the About item
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include <imgui.h>
#include <imgui_internal.h>  // the windows and their scroll limits, as ImGui's own wheel handling reads them

#include "web/app/app.h"
#include "web/app/app_core.h"
#include "web/app/widgets.h"

#include <nlohmann/json.hpp>

namespace nnplay {

//-----------------------------------------------------------------------------
// [SECTION] Keys and wheel
//-----------------------------------------------------------------------------

Shortcut shortcut_of(unsigned c) {
    switch (c) {
        case ' ': return Shortcut::TrainPause;
        case 's': case 'S': return Shortcut::Step;
        case 'r': case 'R': return Shortcut::Reset;
        default: return Shortcut::None;
    }
}

const char* control_of(Shortcut k) {
    switch (k) {
        case Shortcut::TrainPause: return "train";
        case Shortcut::Step: return "step";
        case Shortcut::Reset: return "reset";
        case Shortcut::None: break;
    }
    return "";
}

bool App::wants_key(const std::string& key, bool modified) const {
    if (!GImGui) return false;
    const ImGuiIO& io = ImGui::GetIO();
    // Typing into a field: every key (Tab moves to the next field, Escape
    // leaves it, Ctrl+A/C/V edit).
    if (io.WantTextInput) return true;
    if (key == "Escape") return GImGui->OpenPopupStack.Size > 0;  // closes an open list
    if (modified || key.size() != 1) return false;
    // A shortcut, while its button shows (a lesson page may hide it).
    const Shortcut k = shortcut_of(static_cast<unsigned char>(key[0]));
    return k != Shortcut::None && settings().has_control(control_of(k));
}

namespace {

// Whether ImGui's wheel handling (ImGui::UpdateMouseWheel, 1.86) would move
// something from `window` on along one axis (0: x, 1: y) in direction `d`
// (> 0: towards the end): it climbs from a child that cannot scroll to its
// parent, then scrolls that window if it takes the wheel.
bool would_scroll(ImGuiWindow* window, int axis, float d) {
    const ImGuiWindowFlags skip = ImGuiWindowFlags_NoScrollWithMouse;
    while ((window->Flags & ImGuiWindowFlags_ChildWindow) && window->ParentWindow &&
           (window->ScrollMax[axis] == 0.0f ||
            ((window->Flags & skip) && !(window->Flags & ImGuiWindowFlags_NoMouseInputs))))
        window = window->ParentWindow;
    if (window->Flags & (skip | ImGuiWindowFlags_NoMouseInputs)) return false;
    // Half a pixel of slack: a window scrolled to its end sits at ScrollMax.
    return d > 0 ? window->Scroll[axis] < window->ScrollMax[axis] - 0.5f : window->Scroll[axis] > 0.5f;
}

}  // namespace

bool App::wants_wheel(float x, float y, float dx, float dy) const {
    if (!GImGui) return false;
    ImGuiContext& g = *GImGui;
    if (g.IO.KeyCtrl) return false;  // Ctrl+wheel zooms the page; ImGui ignores it
    // A widget that takes the wheel itself (ImGui's SetItemUsingMouseWheel).
    if (g.HoveredIdPreviousFrame != 0 && g.HoveredIdPreviousFrameUsingMouseWheel) return true;
    // The front-most window under (x, y), as ImGui's FindHoveredWindow picks it
    // (windows are in display order, back to front).
    const ImVec2 at(x, y);
    ImGuiWindow* hovered = nullptr;
    for (int i = g.Windows.Size - 1; i >= 0 && !hovered; --i) {
        ImGuiWindow* w = g.Windows[i];
        if (!w->Active || w->Hidden || (w->Flags & ImGuiWindowFlags_NoMouseInputs)) continue;
        if (w->OuterRectClipped.Contains(at)) hovered = w;
    }
    if (!hovered || hovered->Collapsed) return false;
    return (dy != 0.0f && would_scroll(hovered, 1, dy)) || (dx != 0.0f && would_scroll(hovered, 0, dx));
}

//-----------------------------------------------------------------------------
// [SECTION] Touch and typed fields
//-----------------------------------------------------------------------------

namespace {

// The front-most window under (x, y), as ImGui's FindHoveredWindow picks it
// (windows are in display order, back to front); its child windows count.
ImGuiWindow* window_at(ImGuiContext& g, const ImVec2& at) {
    ImGuiWindow* found = nullptr;
    for (int i = g.Windows.Size - 1; i >= 0; --i) {
        ImGuiWindow* w = g.Windows[i];
        if (!w->Active || w->Hidden || (w->Flags & ImGuiWindowFlags_NoMouseInputs)) continue;
        if (!w->OuterRectClipped.Contains(at)) continue;
        // Children are listed after their parents: the first hit from the
        // back of the list is the innermost window drawn on top.
        found = w;
        break;
    }
    return found;
}

}  // namespace

float touch_scroll(AppCore& app, float x, float y, float dy) {
    if (!GImGui || dy == 0.0f) return 0.0f;
    ImGuiWindow* w = window_at(*GImGui, ImVec2(x, y));
    if (!w || w->Collapsed) return 0.0f;
    // From the window under the finger out to its root: the first that can
    // still move this way takes it (a list scrolled to its end hands the
    // swipe on to the column around it).
    for (; w; w = (w->Flags & ImGuiWindowFlags_ChildWindow) ? w->ParentWindow : nullptr) {
        if (w->Flags & ImGuiWindowFlags_NoMouseInputs) continue;
        // Moves asked for earlier in this frame count: touchmove events come
        // faster than frames.
        const float base = w->ScrollTarget.y < FLT_MAX ? w->ScrollTarget.y : w->Scroll.y;
        const float to = std::clamp(base + dy, 0.0f, w->ScrollMax.y);
        if (std::fabs(to - base) < 0.01f) continue;
        ImGui::SetScrollY(w, to);
        app.changed();
        return to - base;
    }
    return 0.0f;
}

bool wants_touch_drag(const AppCore& app, float x, float y) {
    for (const auto& [name, r] : app.widgets)
        if (name == "draw_pad" && r.visible && x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) return true;
    return false;
}

void set_touch(AppCore& app, bool on) {
    if (app.touch == on) return;
    app.touch = on;
    ui::set_touch(on);
    app.changed();
}

std::string text_field_at(float x, float y) {
    for (const ui::TypedField& f : ui::typed_fields()) {
        if (x < f.x || x >= f.x + f.w || y < f.y || y >= f.y + f.h) continue;
        const char* kind = f.kind == 't' ? "text" : f.kind == 'f' ? "number" : "int";
        return nlohmann::json{{"id", f.id}, {"x", f.x}, {"y", f.y}, {"w", f.w}, {"h", f.h}, {"text", f.text},
                              {"kind", kind}, {"label", f.label}}
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return "";
}

std::string apply_text_field(AppCore& app, unsigned id, const std::string& text) {
    app.changed();
    std::string err = ui::apply_typed(id, text);
    if (!err.empty()) app.notify("Not applied: " + err + ".", true);
    return err;
}

//-----------------------------------------------------------------------------
// [SECTION] Requests to the page, the About item
//-----------------------------------------------------------------------------

namespace {

constexpr const char* kAboutText =
    "nnplay, a neural-network playground, is free software under the MIT licence.\n\n"
    "It carries Dear ImGui (MIT licence), SDL2 (zlib licence) and the Inter font "
    "(SIL Open Font License 1.1). The web page also carries a subset of the MNIST "
    "digits by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, made from NIST's "
    "data; it is commonly cited as available under Creative Commons Attribution-Share "
    "Alike 3.0.\n\n"
    "The full texts: LICENSE in the source, and about.html beside the web page.";

// A link: quiet text that brightens and is underlined when hovered.
bool link(const char* label, const char* id, const char* help) {
    const ImVec2 size = ImGui::CalcTextSize(label);
    const bool clicked = ImGui::InvisibleButton(id, size);
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 a = ImGui::GetItemRectMin();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 col = ImGui::GetColorU32(hovered ? ImGuiCol_Text : ImGuiCol_TextDisabled);
    dl->AddText(a, col, label);
    if (hovered) {
        dl->AddLine(ImVec2(a.x, a.y + size.y), ImVec2(a.x + size.x, a.y + size.y), col);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ui::tooltip(help);
    }
    return clicked;
}

// "Full screen" (where the host allows it) then "About": the links at the
// right end of a row, `about_label` being "About" or "About nnplay".
bool links_row(AppCore& app, const char* about_label) {
    const char* full = app.fullscreen_on ? "Exit full screen" : "Full screen";
    if (app.fullscreen_available) {
        if (link(full, "##fullscreen", app.fullscreen_on ? "Back to the page (Escape works too)"
                                                          : "The playground fills the screen (for a projector)"))
            if (app.page_request) app.page_request("fullscreen");
        app.mark("fullscreen");
        ImGui::SameLine(0, 1.5f * ImGui::GetFontSize());
    }
    const bool clicked = link(about_label, "##about", "The licences of nnplay and of what it carries");
    app.mark("about");
    return clicked;
}

float links_width(const AppCore& app, const char* about_label) {
    float w = ImGui::CalcTextSize(about_label).x;
    if (app.fullscreen_available)
        w += ImGui::CalcTextSize(app.fullscreen_on ? "Exit full screen" : "Full screen").x + 1.5f * ImGui::GetFontSize();
    return w;
}

}  // namespace

void about_item(AppCore& app, bool in_title_bar) {
    bool clicked = false;
    if (in_title_bar) {
        // At the right end of the window's title bar, which has room to spare:
        // no row of the controls moves for it.
        ImGuiWindow* win = ImGui::GetCurrentWindow();
        const ImRect bar = win->TitleBarRect();
        const ImVec2 size(links_width(app, "About"), ImGui::GetFontSize());
        const ImVec2 cursor = ImGui::GetCursorScreenPos();
        ImGui::PushClipRect(bar.Min, bar.Max, false);
        ImGui::SetCursorScreenPos(ImVec2(bar.Max.x - size.x - ImGui::GetStyle().WindowPadding.x,
                                         bar.Min.y + 0.5f * (bar.GetHeight() - size.y)));
        clicked = links_row(app, "About");
        ImGui::PopClipRect();
        ImGui::SetCursorScreenPos(cursor);
    } else {
        ImGui::Spacing();
        const float w = links_width(app, "About nnplay");
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - w));
        clicked = links_row(app, "About nnplay");
    }
    if (clicked) {
        if (app.page_request) app.page_request("about");
        else ImGui::OpenPopup("##about_popup");
    }
    if (ImGui::BeginPopup("##about_popup")) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        ImGui::TextUnformatted(kAboutText);
        ImGui::PopTextWrapPos();
        ImGui::EndPopup();
    }
}

}  // namespace nnplay
