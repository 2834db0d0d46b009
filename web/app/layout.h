// layout.h: where the playground's windows go for a given display size. The
// windows are fixed (no dragging, no overlap) and fill the display exactly:
//   wide/medium (landscape, at least 640 px wide): a left column of controls,
//     the cost curve top right, the lecture views bottom right;
//   column (portrait phones, narrow iframes): one window with everything
//     stacked vertically, scrolled as one column.
//
// What it does not do: draw. Plain arithmetic, so the tests can check it.
//
// Use: Layout l = compute_layout(io.DisplaySize.x, io.DisplaySize.y, font_px);
#pragma once

namespace nnplay {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    float right() const { return x + w; }
    float bottom() const { return y + h; }
};

enum class LayoutKind { Wide, Medium, Column };

struct Layout {
    LayoutKind kind = LayoutKind::Wide;
    Rect controls;   // Wide/Medium: the left column
    Rect cost;       // Wide/Medium: top right
    Rect views;      // Wide/Medium: bottom right
    Rect column;     // Column: the one scrolling window (the whole display)
    // Column: heights of the plot and the views inside the column.
    float column_plot_h = 0, column_views_h = 0;
    bool views_side_by_side = false;  // views large enough for three panels in a row
};

// font_px: the font's height in display units (ImGui::GetFontSize()).
Layout compute_layout(float width, float height, float font_px);

const char* name_of(LayoutKind k);

}  // namespace nnplay
