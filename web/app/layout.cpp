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

namespace {

// Views in a row when one sample's column (a share of 1.15 against 1 for each
// other view) is wide enough for its digit, outputs and table side by side
// (33 em), or the row tall enough for them stacked (37 em); and every column
// has 18 em. One view alone needs no tabs. (The lecture's three small views
// share one tab side by side; the others have a tab each.)
bool side_by_side(float w, float h, int views, float em) {
    if (views <= 1) return true;
    const float sample_w = w * 1.15f / (1.15f + float(views - 1));
    return w >= 18 * em * float(views) && (sample_w >= 33 * em || h >= 37 * em);
}

}  // namespace

Layout compute_layout(float width, float height, float font_px, const LayoutParts& parts) {
    Layout l;
    const float W = std::max(1.0f, width), H = std::max(1.0f, height);
    const float em = std::max(8.0f, font_px);
    const bool views = parts.views > 0;
    const bool plots = parts.plots > 0;
    // The lesson strip: never more than a third of the height.
    const float lesson_h = std::floor(std::clamp(parts.lesson_h, 0.0f, H / 3));

    // Below 40 em (640 px at 16 px) a left column leaves too little room for the
    // curve; portrait screens read best as one column too.
    if (W < 40 * em || (W < H && W < 60 * em)) {
        l.kind = LayoutKind::Column;
        l.lesson = {0, 0, W, lesson_h};
        l.column = {0, lesson_h, W, H - lesson_h};
        // The first screen: the run buttons and the learning rate (about 5 em
        // with the window's padding), then the curves down to the bottom edge;
        // no taller than 85% of the width (a phone held upright), no less than 12 em.
        const float top = parts.controls ? 5.4f * em : parts.strip_h > 0 ? std::max(5.4f * em, parts.strip_h) : 0.8f * em;
        const float room = l.column.h - top;
        l.column_plot_h = std::floor(std::clamp(room, 12 * em, std::max(W * 0.85f, 14 * em)));
        // A short frame (480x360): the cost plot alone fills the first screen
        // under its toolbar (2 em), the accuracy plot (44% of the two) below it.
        if (room < 22 * em && parts.plots == 2) l.column_plot_h = std::floor(2 * em + (room - 2.5f * em) / 0.56f);
        if (!parts.controls && !views) l.column_plot_h = std::max(12 * em, std::floor(room));
        l.column_views_h = std::clamp(W * 1.25f, 24 * em, 40 * em);
        if (!plots && !parts.controls) l.column_views_h = std::max(l.column_views_h, std::floor(room));
        return l;
    }
    l.kind = W >= 75 * em ? LayoutKind::Wide : LayoutKind::Medium;
    // Controls: wide enough for a label and a slider and their one-line
    // hints (22 em at 1280 px), never more than about a quarter.
    const float cw = !parts.controls           ? 0.0f
                     : !plots && !views ? W  // the controls alone
                                              : std::floor(std::clamp(W * 0.275f, 18 * em, 28 * em));
    const float rw = W - cw;
    // The controls strip (no column, but controls named): across the width
    // under the lesson strip, at most a third of what is left.
    const float strip_h =
        parts.controls ? 0.0f : std::floor(std::clamp(parts.strip_h, 0.0f, (H - lesson_h) / 3));
    const float top = lesson_h + strip_h;  // where the curves and views start
    const float Hr = H - top;              // the right side under the strips
    // The lesson strip: over the right side on wide screens; across the whole
    // width on medium ones, where the right side alone would wrap its text
    // into twice the lines.
    if (l.kind == LayoutKind::Wide || !parts.controls) {
        if (parts.controls) l.controls = {0, 0, cw, H};
        l.lesson = {cw, 0, rw, lesson_h};
        if (strip_h > 0) l.strip = {0, lesson_h, W, strip_h};
    } else {
        l.controls = {0, lesson_h, cw, H - lesson_h};
        l.lesson = {0, 0, W, lesson_h};
    }
    if (plots && views) {
        // The curves take half the height, down to 40% when that lets the views
        // below have the 27 em one sample's digit, outputs and table need (a
        // 1280x800 laptop); on a screen too short for both, the curves keep theirs.
        const float share = l.kind == LayoutKind::Wide ? 0.52f : 0.56f;
        const bool views_fit = 0.6f * Hr >= 27 * em;
        const float plot_h = std::floor(views_fit ? std::clamp(Hr - 27 * em, 0.4f * Hr, share * Hr) : share * Hr);
        if (Hr - plot_h < 18 * em) {
            // Views that short would show a sliver each: tabs beside the curves instead.
            l.views_with_plots = true;
            l.cost = {cw, top, rw, Hr};
        } else {
            l.cost = {cw, top, rw, plot_h};
            l.views = {cw, top + plot_h, rw, Hr - plot_h};
        }
    } else if (plots) {
        l.cost = {cw, top, rw, Hr};
    } else if (views) {
        l.views = {cw, top, rw, Hr};
    }
    const Rect& v = l.views_with_plots ? l.cost : l.views;
    l.views_side_by_side = views && !l.views_with_plots && side_by_side(v.w, v.h, parts.lecture_views, em);
    return l;
}

}  // namespace nnplay
