// style.cpp: App::setup_style: the font and the colors. Inter (Debian's
// fonts-inter) reads well at small sizes; the build embeds Inter-Regular.otf
// as a C array (web/web.cmake).
#include <algorithm>

#include <imgui.h>

#include "web/app/app.h"
#include "web/app/plot.h"

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

void colors(ImGuiStyle& s) {
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

ImVec4 App::background_color() { return kPanel; }

void App::setup_style(float dpi_scale) {
    const float dpi = std::clamp(dpi_scale > 0 ? dpi_scale : 1.0f, 0.5f, 4.0f);
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;          // the array lives in the binary
    cfg.OversampleH = dpi >= 2 ? 1 : 2;        // at 2x pixels are small enough already
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    io.Fonts->AddFontFromMemoryTTF(nnplay_font_inter, int(nnplay_font_inter_len), kFontPx * dpi, &cfg, kGlyphs);
    io.FontGlobalScale = 1.0f / dpi;           // rasterized at dpi x, drawn in display units
    plot::add_dot_sprites(io.Fonts, dpi);      // the plots' dots, one quad each
    io.Fonts->Build();
    plot::fill_dot_sprites(io.Fonts);

    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    colors(s);
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
}

}  // namespace nnplay
