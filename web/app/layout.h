// layout.h: where the playground's windows go for a given display size and
// the panels a page shows. The windows are fixed (no dragging, no overlap)
// and fill the display exactly:
//   wide/medium (landscape, at least 640 px wide): a left column of controls,
//     the cost curves top right, the lecture views bottom right; when the
//     views would get less than 18 em of height (800x600, a 640x480 iframe),
//     they become tabs beside the curves in one window, so the curves keep
//     the whole right side and the learning rate (under the run buttons)
//     stays in view with them;
//   column (portrait phones, frames under 640 px wide): one window with
//     everything stacked vertically, scrolled as one column; its first
//     screen holds the run buttons, the learning rate and the curves.
// A lesson's text, when one is shown, takes a strip at the top of the right
// side (wide), of the whole width (medium) or of the column. Panels a page hides (the "panels" setting) give
// their room to the others. When a page leaves the controls column out but
// names controls (panels=cost,diagram&controls=train,lr), those controls get
// a strip of their own across the top, under the lesson's (the column layout
// puts them at the top of its column).
//
// What it does not do: draw. Plain arithmetic, so the tests can check it.
//
// Use: Layout l = compute_layout(io.DisplaySize.x, io.DisplaySize.y, font_px, parts);
#pragma once

namespace nnplay {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool empty() const { return w <= 0 || h <= 0; }
};

enum class LayoutKind { Wide, Medium, Column };

// What there is to place.
struct LayoutParts {
    bool controls = true;   // the controls column
    int plots = 2;          // the plots shown: the cost plot and the accuracy plot (0 to 2)
    int views = 7;          // how many views show (0: none)
    int lecture_views = 3;  // how many of them are the lecture's small three (sample, confusion, weights)
    float lesson_h = 0;     // the lesson strip's height (0: no lesson shown)
    float strip_h = 0;      // the controls strip's height, when the column is hidden (0: no strip)
};

struct Layout {
    LayoutKind kind = LayoutKind::Wide;
    Rect lesson;     // the lesson strip (empty when none)
    Rect controls;   // Wide/Medium: the left column (empty when hidden)
    Rect strip;      // Wide/Medium: the controls strip (empty unless LayoutParts::strip_h and no column)
    Rect cost;       // Wide/Medium: the curves (and the views' tabs when views_with_plots)
    Rect views;      // Wide/Medium: the views (empty when hidden or tabbed with the curves)
    Rect column;     // Column: the one scrolling window (below the lesson strip)
    // Column: heights of the plots and the views inside the column.
    float column_plot_h = 0, column_views_h = 0;
    bool views_side_by_side = false;  // the views all in a row (each wide or tall enough)
    bool views_with_plots = false;    // Wide/Medium: the views are tabs beside the curves
};

// font_px: the font's height in display units (ImGui::GetFontSize()).
Layout compute_layout(float width, float height, float font_px, const LayoutParts& parts = {});

const char* name_of(LayoutKind k);

}  // namespace nnplay
