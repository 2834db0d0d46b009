// style.cpp: App::setup_style: the font and the colors. Inter (Debian's
// fonts-inter) reads well at small sizes; the build embeds Inter-Regular.otf
// as a C array (web/web.cmake). The settings ui_scale (fonts rasterized anew
// at that size, spacing scaled) and theme (dark, light, projector) choose the
// size and the colors; text keeps a contrast of at least 4.5:1 with the
// panels in each theme (the grey hints included).
// What it does not do: recolor the plots' own data colors (blue, orange,
// purple series read on both backgrounds).
#include <algorithm>
#include <string>

#include <imgui.h>

#include "web/app/app.h"
#include "web/app/plot.h"
#include "web/app/widgets.h"

extern "C" unsigned char nnplay_font_inter[];
extern "C" unsigned int nnplay_font_inter_len;

namespace nnplay {
namespace {

constexpr float kFontPx = 16.0f;  // in display units (CSS pixels on the web)

// Latin-1 plus the few symbols the UI writes: Greek letters (β1, ε, η),
// dashes, ellipsis, arrows, ∂, minus, approximately, ≤ ≥, bullet.
const ImWchar kGlyphs[] = {
    0x0020, 0x00FF, 0x0391, 0x03C9, 0x2013, 0x2014, 0x2022, 0x2022, 0x2026, 0x2026,
    0x2190, 0x2193, 0x2202, 0x2202, 0x2212, 0x2212, 0x2248, 0x2248, 0x2264, 0x2265, 0,
};

// The panels' color. The renderer clears each frame to it (App::background_color)
// and the tiled windows are transparent over it: an opaque window background
// would fill every pixel of the display once more per frame, which costs a
// software renderer (SwiftShader, in browsers without a GPU) about a third of
// its frame time.
const ImVec4 kPanel(0.09f, 0.10f, 0.12f, 1.0f);
ImVec4 g_panel = kPanel;  // the current theme's (the renderer clears to it)

// Light and projector: near-black text on white; the projector's borders
// are thicker and its hints darker, for a washed-out image in a lit hall.
void light_colors(ImGuiStyle& s, bool projector) {
    ImGui::StyleColorsLight(&s);
    ImVec4* c = s.Colors;
    const ImVec4 accent = projector ? ImVec4(0.0f, 0.25f, 0.70f, 1.0f) : ImVec4(0.10f, 0.36f, 0.80f, 1.0f);
    g_panel = projector ? ImVec4(1, 1, 1, 1) : ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
    c[ImGuiCol_Text] = projector ? ImVec4(0, 0, 0, 1) : ImVec4(0.08f, 0.09f, 0.11f, 1.0f);
    c[ImGuiCol_TextDisabled] = projector ? ImVec4(0.22f, 0.22f, 0.25f, 1.0f) : ImVec4(0.32f, 0.34f, 0.38f, 1.0f);
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 0.99f);
    c[ImGuiCol_Border] = projector ? ImVec4(0.15f, 0.15f, 0.18f, 1.0f) : ImVec4(0.45f, 0.47f, 0.52f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.90f, 0.91f, 0.93f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.84f, 0.87f, 0.92f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.78f, 0.83f, 0.92f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.86f, 0.88f, 0.92f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.76f, 0.82f, 0.92f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.66f, 0.76f, 0.93f, 1.0f);
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = accent;
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_Tab] = ImVec4(0.88f, 0.89f, 0.92f, 1.0f);
    c[ImGuiCol_TabHovered] = ImVec4(0.76f, 0.82f, 0.92f, 1.0f);
    c[ImGuiCol_TabActive] = ImVec4(0.70f, 0.79f, 0.95f, 1.0f);
    c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = c[ImGuiCol_TitleBgCollapsed] = ImVec4(0.92f, 0.93f, 0.95f, 1.0f);
    c[ImGuiCol_PlotLines] = accent;
    c[ImGuiCol_PlotLinesHovered] = ImVec4(0.80f, 0.35f, 0.0f, 1.0f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.42f, 0.26f, 0.78f, 1.0f);
}

void colors(ImGuiStyle& s) {
    g_panel = kPanel;
    ImGui::StyleColorsDark(&s);
    ImVec4* c = s.Colors;
    const ImVec4 bg(0.065f, 0.072f, 0.088f, 1.0f);
    const ImVec4 accent(0.29f, 0.56f, 0.95f, 1.0f);
    c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = ImVec4(0.09f, 0.10f, 0.12f, 0.97f);
    c[ImGuiCol_Border] = ImVec4(0.22f, 0.24f, 0.29f, 1.0f);
    c[ImGuiCol_TitleBg] = bg;
    c[ImGuiCol_TitleBgActive] = bg;
    c[ImGuiCol_TitleBgCollapsed] = bg;
    c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.175f, 0.21f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.21f, 0.23f, 0.28f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.24f, 0.27f, 0.33f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.19f, 0.21f, 0.26f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.25f, 0.29f, 0.37f, 1.0f);
    c[ImGuiCol_ButtonActive] = accent;
    c[ImGuiCol_Header] = ImVec4(0.17f, 0.19f, 0.235f, 1.0f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.22f, 0.25f, 0.31f, 1.0f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.26f, 0.30f, 0.38f, 1.0f);
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = ImVec4(0.45f, 0.68f, 1.0f, 1.0f);
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_Tab] = ImVec4(0.15f, 0.165f, 0.20f, 1.0f);
    c[ImGuiCol_TabHovered] = ImVec4(0.25f, 0.29f, 0.37f, 1.0f);
    c[ImGuiCol_TabActive] = ImVec4(0.22f, 0.32f, 0.50f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.58f, 0.61f, 0.67f, 1.0f);  // readable: used for hints
    c[ImGuiCol_PlotLines] = accent;
    c[ImGuiCol_PlotLinesHovered] = ImVec4(1.0f, 0.62f, 0.20f, 1.0f);  // highlight (the prediction)
    c[ImGuiCol_PlotHistogram] = ImVec4(0.62f, 0.50f, 0.95f, 1.0f);    // bars and change markers
    c[ImGuiCol_PlotHistogramHovered] = ImVec4(0.75f, 0.65f, 1.0f, 1.0f);
    c[ImGuiCol_TableBorderLight] = ImVec4(0.20f, 0.22f, 0.26f, 1.0f);
}

}  // namespace

ImVec4 App::background_color() { return g_panel; }

// App::setup_style (app.cpp) with the settings' ui_scale and theme.
void setup_style_for(float dpi_scale, double ui_scale, const std::string& theme) {
    const float dpi = std::clamp(dpi_scale > 0 ? dpi_scale : 1.0f, 0.5f, 4.0f);
    const bool projector = theme == "projector";
    // The projector's text is a quarter larger again: read from the back rows.
    const float ui = std::clamp(float(ui_scale), 1.0f, 3.0f) * (projector ? 1.25f : 1.0f);
    const float px = kFontPx * ui;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;          // the array lives in the binary
    cfg.OversampleH = dpi >= 2 ? 1 : 2;        // at 2x pixels are small enough already
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    io.Fonts->AddFontFromMemoryTTF(nnplay_font_inter, int(nnplay_font_inter_len), px * dpi, &cfg, kGlyphs);
    io.FontGlobalScale = 1.0f / dpi;           // rasterized at dpi x, drawn in display units
    plot::add_dot_sprites(io.Fonts, dpi);      // the plots' dots, one quad each
    io.Fonts->Build();
    plot::fill_dot_sprites(io.Fonts);

    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    if (theme == "light" || projector) light_colors(s, projector);
    else colors(s);
    ui::set_background(g_panel);
    s.WindowRounding = 0;       // tiled windows meet edge to edge
    s.WindowBorderSize = 1;
    s.ChildRounding = 0;
    s.FrameRounding = 0;
    s.GrabRounding = 0;
    s.PopupRounding = 4;
    s.TabRounding = 0;
    s.ScrollbarRounding = 0;
    s.ScrollbarSize = 14;
    s.GrabMinSize = 12;
    s.WindowPadding = ImVec2(10, 8);
    s.FramePadding = ImVec2(7, 4);
    s.ItemSpacing = ImVec2(8, 6);
    s.ItemInnerSpacing = ImVec2(6, 4);
    s.CellPadding = ImVec2(4, 3);
    s.WindowTitleAlign = ImVec2(0.0f, 0.5f);
    if (projector) {  // thick lines
        s.WindowBorderSize = 2;
        s.FrameBorderSize = 1;
        s.TabBorderSize = 1;
    }
    if (ui != 1.0f) s.ScaleAllSizes(ui);
}

}  // namespace nnplay
