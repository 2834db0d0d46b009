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
    // Controls: wide enough for a label and a slider and their one-line
    // hints (22 em at 1280 px), never more than about a quarter.
    const float cw = std::floor(std::clamp(W * 0.275f, 18 * em, 28 * em));
    const float rw = W - cw;
    // The curves take half the height, down to 40% when that lets the views
    // below have the 27 em one sample's digit, outputs and table need (a
    // 1280x800 laptop); on a screen too short for both, the curves keep theirs.
    const float share = l.kind == LayoutKind::Wide ? 0.52f : 0.56f;
    const bool views_fit = 0.6f * H >= 27 * em;
    const float plot_h = std::floor(views_fit ? std::clamp(H - 27 * em, 0.4f * H, share * H) : share * H);
    l.controls = {0, 0, cw, H};
    l.cost = {cw, 0, rw, plot_h};
    l.views = {cw, plot_h, rw, H - plot_h};
    // Three views in a row when one sample's column (a share of 1.15 in 3.15)
    // is wide enough for its digit, outputs and table side by side (33 em),
    // or tall enough for them stacked (37 em); else tabs, each the full width.
    const float sample_w = rw * 1.15f / 3.15f;
    l.views_side_by_side = rw >= 54 * em && (sample_w >= 33 * em || H - plot_h >= 37 * em);
    return l;
}

}  // namespace nnplay
