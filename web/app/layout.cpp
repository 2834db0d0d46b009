// layout.cpp: see layout.h.
#include "web/app/layout.h"

#include <algorithm>
#include <cmath>

namespace nnplay {

const char* name_of(LayoutKind k) {
    switch (k) {
        case LayoutKind::Wide: return "wide";
        case LayoutKind::Medium: return "medium";
        case LayoutKind::Column: return "column";
    }
    return "?";
}

Layout compute_layout(float width, float height, float font_px) {
    Layout l;
    const float W = std::max(1.0f, width), H = std::max(1.0f, height);
    const float em = std::max(8.0f, font_px);
    // Below ~40 em (640 px at 16 px) a left column leaves too little room for the
    // curve; portrait screens read best as one column too.
    if (W < 40 * em || (W < H && W < 60 * em)) {
        l.kind = LayoutKind::Column;
        l.column = {0, 0, W, H};
        l.column_plot_h = std::clamp(W * 0.85f, 14 * em, 28 * em);
        l.column_views_h = std::clamp(W * 1.25f, 24 * em, 40 * em);
        return l;
    }
    l.kind = W >= 75 * em ? LayoutKind::Wide : LayoutKind::Medium;
    // Controls: wide enough for a label and a slider, never more than a quarter.
    const float cw = std::floor(std::clamp(W * 0.24f, 18 * em, 28 * em));
    const float rw = W - cw;
    const float plot_h = std::floor(H * (l.kind == LayoutKind::Wide ? 0.52f : 0.56f));
    l.controls = {0, 0, cw, H};
    l.cost = {cw, 0, rw, plot_h};
    l.views = {cw, plot_h, rw, H - plot_h};
    l.views_side_by_side = rw >= 54 * em;
    return l;
}

}  // namespace nnplay
