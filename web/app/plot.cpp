// plot.cpp: see plot.h. Written by hand: ImPlot is not packaged on Debian, and
// these few charts need only ImGui's draw lists.
#include "web/app/plot.h"
#include "web/app/widgets.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace nnplay::plot {
namespace {

const double* at(const double* base, int i, int stride) {
    return reinterpret_cast<const double*>(reinterpret_cast<const char*>(base) +
                                           static_cast<std::ptrdiff_t>(i) * stride);
}
double sx(const Series& s, int i) { return *at(s.x, i, s.stride); }
double sy(const Series& s, int i) { return *at(s.y, i, s.stride); }

// Index of the point nearest to x in a series sorted by x.
int nearest(const Series& s, double x) {
    if (s.count <= 0) return -1;
    int lo = 0, hi = s.count - 1;
    while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        (sx(s, mid) < x ? lo : hi) = mid;
    }
    return std::fabs(sx(s, lo) - x) <= std::fabs(sx(s, hi) - x) ? lo : hi;
}

// 1, 2, 5 x 10^k steps, at most about max_ticks of them in [lo, hi].
std::vector<double> linear_ticks(double lo, double hi, int max_ticks) {
    std::vector<double> t;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return t;
    const double raw = (hi - lo) / std::max(1, max_ticks);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / mag;
    const double step = (norm <= 1 ? 1 : norm <= 2.5 ? 2 : norm <= 5 ? 5 : 10) * mag;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9 && t.size() < 50; v += step)
        t.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
    return t;
}

// Ticks for a log axis, returned as values (not logs); lo/hi are log10 values.
std::vector<double> log_ticks(double lo, double hi, int max_ticks) {
    std::vector<double> t;
    const double decades = hi - lo;
    if (decades < 0.6) {  // too narrow for decades: linear ticks in value space
        for (double v : linear_ticks(std::pow(10, lo), std::pow(10, hi), max_ticks))
            if (v > 0) t.push_back(v);
        return t;
    }
    const int every = std::max(1, static_cast<int>(std::ceil(decades / std::max(1, max_ticks))));
    for (int d = static_cast<int>(std::floor(lo)); d <= static_cast<int>(std::ceil(hi)); ++d) {
        const double base = std::pow(10.0, d);
        if (d % every == 0 && std::log10(base) >= lo && std::log10(base) <= hi) t.push_back(base);
        if (decades < 2.5) {
            for (double m : {2.0, 5.0}) {
                const double v = m * base;
                if (std::log10(v) >= lo && std::log10(v) <= hi) t.push_back(v);
            }
        }
    }
    std::sort(t.begin(), t.end());
    return t;
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}
std::string fmt(const char* f, double v, int precision) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, precision, v);
    return buf;
}

ImU32 with_alpha(ImU32 c, float a) {
    const unsigned alpha = static_cast<unsigned>(((c >> IM_COL32_A_SHIFT) & 0xFF) * a);
    return (c & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

ImVec2 resolve_size(ImVec2 size) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = std::max(avail.x + size.x, 40.0f);
    if (size.y <= 0) size.y = std::max(avail.y + size.y, 40.0f);
    return size;
}

// The dot sprites in the font atlas (add_dot_sprites / fill_dot_sprites).
struct DotSprite {
    int rect = -1;        // the atlas's custom rect id
    float radius_px = 0;  // the disc's radius in texels
    float half_px = 0;    // half the rect's side in texels
};
struct DotSprites {
    const ImFontAtlas* atlas = nullptr;
    float dpi = 1;
    DotSprite sizes[2];
    bool filled = false;
};
DotSprites g_dots;
ImDrawCallback g_fill = nullptr;

}  // namespace

void set_fill_callback(ImDrawCallback fill) { g_fill = fill; }

void fill_rect(ImDrawList* dl, ImVec2 p0, ImVec2 p1, ImU32 color) {
    if (!g_fill || ((color >> IM_COL32_A_SHIFT) & 0xFF) != 0xFF) {
        dl->AddRectFilled(p0, p1, color);
        return;
    }
    dl->PushClipRect(p0, p1, true);
    dl->AddCallback(g_fill, reinterpret_cast<void*>(static_cast<std::uintptr_t>(color)));
    dl->PopClipRect();
}

void add_dot_sprites(ImFontAtlas* atlas, float dpi) {
    g_dots = DotSprites{};
    g_dots.atlas = atlas;
    g_dots.dpi = dpi;
    const float radii[2] = {2.5f, 4.0f};  // the plots' point sizes (display units)
    for (int i = 0; i < 2; ++i) {
        DotSprite& d = g_dots.sizes[i];
        d.radius_px = radii[i] * dpi;
        const int side = int(std::ceil(2.0f * d.radius_px)) + 2;  // a transparent texel around it
        d.half_px = 0.5f * float(side);
        d.rect = atlas->AddCustomRectRegular(side, side);
    }
}

void fill_dot_sprites(ImFontAtlas* atlas) {
    if (atlas != g_dots.atlas || !atlas->IsBuilt()) return;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    atlas->GetTexDataAsRGBA32(&pixels, &w, &h);
    for (const DotSprite& d : g_dots.sizes) {
        const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(d.rect);
        if (!r || !r->IsPacked()) return;
        for (int y = 0; y < r->Height; ++y)
            for (int x = 0; x < r->Width; ++x) {
                // Coverage of the texel by the disc, a one-texel ramp at the edge.
                const float dx = float(x) + 0.5f - d.half_px, dy = float(y) + 0.5f - d.half_px;
                const float a = std::clamp(d.radius_px + 0.5f - std::sqrt(dx * dx + dy * dy), 0.0f, 1.0f);
                unsigned char* p = pixels + (size_t(r->Y + y) * size_t(w) + size_t(r->X + x)) * 4;
                p[0] = p[1] = p[2] = 255;
                p[3] = static_cast<unsigned char>(a * 255.0f + 0.5f);
            }
    }
    g_dots.filled = true;
}

void dot(ImDrawList* dl, ImVec2 c, float radius, ImU32 color) {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!g_dots.filled || atlas != g_dots.atlas || radius <= 0) {
        dl->AddCircleFilled(c, radius, color, 10);
        return;
    }
    // The sprite drawn at the size closest above the one asked for, scaled.
    const DotSprite& d = radius * g_dots.dpi <= g_dots.sizes[0].radius_px + 0.01f ? g_dots.sizes[0] : g_dots.sizes[1];
    const ImFontAtlasCustomRect* r = atlas->GetCustomRectByIndex(d.rect);
    ImVec2 uv0, uv1;
    atlas->CalcCustomRectUV(r, &uv0, &uv1);
    const float half = d.half_px * radius / d.radius_px;  // display units, margin included
    dl->AddImage(atlas->TexID, ImVec2(c.x - half, c.y - half), ImVec2(c.x + half, c.y + half), uv0, uv1, color);
}

std::string compact(double v) {
    const double a = std::fabs(v);
    if (a >= 1e9) return fmt("%.3gG", v / 1e9);
    if (a >= 1e6) return fmt("%.3gM", v / 1e6);
    if (a >= 1e3) return fmt("%.3gk", v / 1e3);
    return fmt("%.3g", v);
}

LinesResult lines(const char* id, ImVec2 size, const Series* series, int n_series, const Marker* markers,
                  int n_markers, const Axes& axes) {
    size = resolve_size(size);
    ImGui::InvisibleButton(id, size);
    const bool hovered = ImGui::IsItemHovered();
    const ImVec2 r0 = ImGui::GetItemRectMin(), r1 = ImGui::GetItemRectMax();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float em = ImGui::GetFontSize();
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 dim_col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 grid_col = with_alpha(ImGui::GetColorU32(ImGuiCol_Border), 0.6f);
    auto drawable = [&](double y) { return std::isfinite(y) && !(axes.log_y && y <= 0); };
    auto T = [&](double y) { return axes.log_y ? std::log10(y) : y; };  // axis space

    // Data ranges. x: every drawable point. y: the points that may decide it
    // (Series::fit), never those above the ceiling.
    double x0 = axes.x_min, x1 = axes.x_max;
    const bool fixed_x = std::isfinite(x0) && std::isfinite(x1) && x1 > x0;
    double y0 = INFINITY, y1 = -INFINITY;
    if (!fixed_x) { x0 = INFINITY; x1 = -INFINITY; }
    bool any_point = false;
    std::vector<double> fit;
    for (int k = 0; k < n_series; ++k) {
        const Series& s = series[k];
        fit.clear();
        for (int i = 0; i < s.count; ++i) {
            const double x = sx(s, i), y = sy(s, i);
            if (!std::isfinite(x) || !drawable(y)) continue;
            if (fixed_x && (x < x0 || x > x1)) continue;
            if (!fixed_x) { x0 = std::min(x0, x); x1 = std::max(x1, x); }
            any_point = true;
            if (s.fit > 0 && y <= axes.y_ceiling) fit.push_back(T(y));
        }
        if (fit.empty()) continue;
        if (s.fit >= 1) {
            const auto [lo, hi] = std::minmax_element(fit.begin(), fit.end());
            y0 = std::min(y0, *lo);
            y1 = std::max(y1, *hi);
        } else {
            // The share `fit` of the points in the middle: quantiles.
            const double out = (1.0 - std::clamp(double(s.fit), 0.0, 1.0)) * 0.5 * double(fit.size() - 1);
            const auto lo = fit.begin() + std::ptrdiff_t(std::floor(out));
            const auto hi = fit.begin() + std::ptrdiff_t(std::ceil(double(fit.size() - 1) - out));
            std::nth_element(fit.begin(), lo, fit.end());
            y0 = std::min(y0, *lo);
            std::nth_element(fit.begin(), hi, fit.end());
            y1 = std::max(y1, *hi);
        }
    }
    // Every point above the ceiling (or no series that fits): nothing decides
    // the range, so an empty one says "no scale" rather than a made-up one.
    const bool has_data = any_point;
    if (std::isfinite(axes.y_min)) y0 = axes.log_y ? std::log10(std::max(axes.y_min, 1e-30)) : axes.y_min;
    if (std::isfinite(axes.y_max)) y1 = axes.log_y ? std::log10(std::max(axes.y_max, 1e-30)) : axes.y_max;
    if (!(x1 > x0)) { x1 = (std::isfinite(x0) ? x0 : 0) + 1; if (!std::isfinite(x0)) x0 = 0; }
    if (!(y1 > y0)) {
        double c = std::isfinite(y0) ? y0 : std::isfinite(y1) ? y1 : 0;
        if (!std::isfinite(y0) && !std::isfinite(y1) && std::isfinite(axes.y_ceiling) && axes.y_ceiling > 0)
            c = T(axes.y_ceiling);  // all off the scale: show up to the ceiling
        const double pad = axes.log_y ? 0.5 : std::max(1e-3, std::fabs(c) * 0.1);
        y0 = c - pad;
        y1 = c + pad;
    } else if (!std::isfinite(axes.y_min) || !std::isfinite(axes.y_max)) {
        const double pad = (y1 - y0) * 0.06;
        if (!std::isfinite(axes.y_min)) y0 -= pad;
        if (!std::isfinite(axes.y_max)) y1 += pad;
    }
    LinesResult result;
    result.has_data = has_data;
    result.y_min = axes.log_y ? std::pow(10.0, y0) : y0;
    result.y_max = axes.log_y ? std::pow(10.0, y1) : y1;

    // Plot area: room for y tick labels on the left and x tick labels below.
    // No data: an empty frame with a message, no made-up scale.
    // At least three labelled ticks, however small the plot (a lesson's "test
    // stalls near 62%" must be readable off the axis): asked for more until
    // the 1-2-5 steps give three.
    std::vector<double> yt;
    if (has_data) {
        int n = std::max(2, int(size.y / (2.2f * em)));
        auto ticks = [&](int k) { return axes.log_y ? log_ticks(y0, y1, k) : linear_ticks(y0, y1, k); };
        yt = ticks(n);
        while (yt.size() < 3 && n < 12) yt = ticks(++n);
    }
    result.ticks = int(yt.size());
    float label_w = 0;
    std::vector<std::string> yl = tick_labels(yt);
    for (std::string& t : yl) {
        t += axes.y_suffix;
        label_w = std::max(label_w, ImGui::CalcTextSize(t.c_str()).x);
    }
    // A row for the title and legend above the plot area, so they never hide data.
    const ImVec2 p0(r0.x + label_w + 0.5f * em, r0.y + 1.4f * em);
    const ImVec2 p1(r1.x - 0.5f * em, r1.y - 1.4f * em);
    if (p1.x - p0.x < 10 || p1.y - p0.y < 10) return result;
    auto X = [&](double x) { return float(p0.x + (x - x0) / (x1 - x0) * (p1.x - p0.x)); };
    // Screen y of a drawable value, on the plot's edge when beyond the range
    // (huge values would otherwise make coordinates a float cannot draw).
    auto Y = [&](double y) {
        const double py = p1.y - (T(y) - y0) / (y1 - y0) * (p1.y - p0.y);
        return float(std::clamp(py, double(p0.y), double(p1.y)));
    };
    auto data_x = [&](float px) { return x0 + (px - p0.x) / (p1.x - p0.x) * (x1 - x0); };

    fill_rect(dl, p0, p1, ImGui::GetColorU32(ImGuiCol_FrameBg));
    for (std::size_t i = 0; i < yt.size(); ++i) {
        const float y = Y(yt[i]);
        dl->AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), grid_col);
        const ImVec2 ts = ImGui::CalcTextSize(yl[i].c_str());
        dl->AddText(ImVec2(p0.x - ts.x - 0.25f * em, y - ts.y * 0.5f), dim_col, yl[i].c_str());
    }
    const int max_xt = std::max(2, int((p1.x - p0.x) / (5.0f * em)));
    for (double v : has_data ? linear_ticks(x0, x1, max_xt) : std::vector<double>{}) {
        const float x = X(v);
        dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), grid_col);
        const std::string s = axes.x_tick ? axes.x_tick(v) : compact(v);
        const float tw = ImGui::CalcTextSize(s.c_str()).x;
        const float tx = std::clamp(x - tw * 0.5f, r0.x, r1.x - tw);
        dl->AddText(ImVec2(tx, p1.y + 0.15f * em), dim_col, s.c_str());
    }

    dl->PushClipRect(p0, p1, true);
    std::vector<ImVec2> pts;
    const double above = y1 + (y1 - y0) * 1e-9, below = y0 - (y1 - y0) * 1e-9;
    bool beyond_ceiling = false;
    for (int k = 0; k < n_series; ++k) {
        const Series& s = series[k];
        pts.clear();
        // Off-scale ticks: a small triangle on the edge, at most one per 5 px.
        const ImU32 tick_col = with_alpha(s.color | IM_COL32_A_MASK, 0.85f);
        float last_up = -1e9f, last_down = -1e9f;
        auto off_scale = [&](float px, double y) {
            if (s.fit <= 0) return;  // drawn clipped to the others' range, silently
            const double ty = T(y);
            if (ty > above) {
                ++result.off_scale;
                if (!(result.off_scale_max >= y)) result.off_scale_max = y;
                beyond_ceiling = beyond_ceiling || y > axes.y_ceiling;
                if (px - last_up >= 5) {
                    dl->AddTriangleFilled(ImVec2(px, p0.y), ImVec2(px + 3, p0.y + 5), ImVec2(px - 3, p0.y + 5), tick_col);
                    last_up = px;
                }
            } else if (ty < below) {
                ++result.off_scale;
                if (px - last_down >= 5) {
                    dl->AddTriangleFilled(ImVec2(px, p1.y), ImVec2(px - 3, p1.y - 5), ImVec2(px + 3, p1.y - 5), tick_col);
                    last_down = px;
                }
            }
        };
        auto flush = [&] {
            if (s.line && pts.size() >= 2) dl->AddPolyline(pts.data(), int(pts.size()), s.color, 0, s.thickness);
            pts.clear();
        };
        // Dots on a line only while they stay apart; a dot-only series always has them.
        const bool dots = s.points && (!s.line || s.count * 3.0f * s.point_radius <= p1.x - p0.x);
        // More points than columns: keep each column's lowest and highest
        // point, in their order (the band a noisy curve fills anyway), so a
        // curve costs at most two points per column: every triangle costs a
        // software renderer (SwiftShader) time, every frame. A column is as
        // wide as the line is thick (a band's: 2 px), finer would not show.
        const float colw = s.band ? 2.0f : std::max(1.0f, std::floor(s.thickness));
        const bool envelope = s.line && !dots && s.count > (s.band ? 1.0f : 2.0f) * (p1.x - p0.x) / colw;
        int col = INT_MIN;
        ImVec2 lo, hi;
        int lo_i = 0, hi_i = 0;
        float band_last = NAN;  // band: the screen y the previous column ended on
        auto emit_column = [&] {
            if (col == INT_MIN) return;
            const ImVec2 a = lo_i <= hi_i ? lo : hi, b = lo_i <= hi_i ? hi : lo;
            if (s.band) {
                // One bar from the previous column's last point through this
                // column's extremes, at least a pixel tall: about what the zigzag
                // line between them would cover, without its thin triangles.
                float top = hi.y, bottom = lo.y;
                if (std::isfinite(band_last)) { top = std::min(top, band_last); bottom = std::max(bottom, band_last); }
                if (bottom - top < 1.0f) { const float mid = 0.5f * (top + bottom); top = mid - 0.5f; bottom = mid + 0.5f; }
                dl->AddRectFilled(ImVec2(float(col) * colw, top), ImVec2(float(col + 1) * colw, bottom), s.color);
                band_last = b.y;
            } else {
                pts.push_back(a);
                if (std::fabs(b.y - a.y) >= 0.5f) pts.push_back(b);
            }
            col = INT_MIN;
        };
        for (int i = 0; i < s.count; ++i) {
            const double x = sx(s, i), y = sy(s, i);
            if (!std::isfinite(x) || !drawable(y)) {
                emit_column();
                flush();
                band_last = NAN;  // a gap: the band does not join across it
                continue;
            }
            const ImVec2 p(X(x), Y(y));
            off_scale(p.x, y);
            if (envelope) {
                const int c = int(std::floor(p.x / colw));
                if (c != col) {
                    emit_column();
                    col = c;
                    lo = hi = p;
                    lo_i = hi_i = i;
                }
                if (p.y > lo.y) { lo = p; lo_i = i; }   // screen y grows downwards
                if (p.y < hi.y) { hi = p; hi_i = i; }
                continue;
            }
            // Skip points on the same pixel as the previous one.
            if (!pts.empty() && std::fabs(p.x - pts.back().x) < 0.5f && std::fabs(p.y - pts.back().y) < 0.5f)
                continue;
            pts.push_back(p);
            if (dots) dot(dl, p, s.point_radius, s.color);
        }
        emit_column();
        flush();
    }
    // Change markers: dashed vertical lines with a small flag at the top.
    const ImU32 marker_col = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
    for (int m = 0; m < n_markers; ++m) {
        const float x = X(markers[m].x);
        if (x < p0.x - 1 || x > p1.x + 1) continue;
        for (float y = p0.y; y < p1.y; y += 6) dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 3, p1.y)), marker_col);
        dl->AddTriangleFilled(ImVec2(x - 4, p0.y), ImVec2(x + 4, p0.y), ImVec2(x, p0.y + 6), marker_col);
    }
    if (std::isfinite(axes.cursor_x) && !hovered) {
        const float x = X(axes.cursor_x);
        dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), with_alpha(text_col, 0.5f));
    }
    dl->PopClipRect();

    // Title and legend along the top edge.
    ImVec2 lp(p0.x, r0.y + 0.1f * em);
    if (axes.title) {
        dl->AddText(lp, text_col, axes.title);
        lp.x += ImGui::CalcTextSize(axes.title).x + 0.8f * em;
    }
    for (int k = 0; k < n_series; ++k) {
        if (!series[k].label || !*series[k].label) continue;
        const float tw = ImGui::CalcTextSize(series[k].label).x;
        if (lp.x + tw + em > r1.x) break;
        dl->AddRectFilled(ImVec2(lp.x, lp.y + 0.35f * em), ImVec2(lp.x + 0.6f * em, lp.y + 0.65f * em), series[k].color);
        dl->AddText(ImVec2(lp.x + 0.8f * em, lp.y), dim_col, series[k].label);
        lp.x += tw + 1.8f * em;
    }
    // Values beyond the ceiling (numbers that blew up) are news: say how large.
    if (beyond_ceiling && std::isfinite(result.off_scale_max)) {
        const std::string t = "↑ off the scale, up to " + fmt("%.3g", result.off_scale_max);
        const float tw = ImGui::CalcTextSize(t.c_str()).x;
        const float tx = std::max(lp.x, r1.x - 0.5f * em - tw);
        if (tx + tw <= r1.x) dl->AddText(ImVec2(tx, r0.y + 0.1f * em), IM_COL32(255, 150, 90, 255), t.c_str());
    }
    if (!has_data) {
        const char* msg = "no data yet";
        const ImVec2 ts = ImGui::CalcTextSize(msg);
        dl->AddText(ImVec2((p0.x + p1.x - ts.x) * 0.5f, (p0.y + p1.y - ts.y) * 0.5f), dim_col, msg);
    }

    LinesResult& h = result;
    if (!hovered) return h;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (mouse.x < p0.x || mouse.x > p1.x) return h;
    h.active = true;
    h.x = data_x(mouse.x);
    dl->AddLine(ImVec2(mouse.x, p0.y), ImVec2(mouse.x, p1.y), with_alpha(text_col, 0.5f));
    if (ui::begin_tooltip()) {
        ImGui::TextUnformatted((axes.x_text ? axes.x_text(h.x) : fmt("%g", h.x)).c_str());
        for (int k = 0; k < n_series; ++k) {
            const Series& s = series[k];
            if (!s.in_readout || s.count == 0) continue;
            const int i = nearest(s, h.x);
            if (i < 0) continue;
            const double y = sy(s, i);
            // Only points near the cursor: a sparse series far away says nothing here.
            if (std::fabs(X(sx(s, i)) - mouse.x) > std::max(12.0f, (p1.x - p0.x) * 0.05f)) continue;
            if (drawable(y)) dl->AddCircle(ImVec2(X(sx(s, i)), Y(y)), 4, s.color, 12, 1.5f);
            ImGui::ColorButton(s.label, ImGui::ColorConvertU32ToFloat4(s.color),
                               ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoBorder, ImVec2(em * 0.6f, em * 0.6f));
            ImGui::SameLine();
            ImGui::Text("%s: %s%s", s.label, fmt(s.format, y).c_str(), axes.y_suffix);
        }
        for (int m = 0; m < n_markers; ++m) {
            if (std::fabs(X(markers[m].x) - mouse.x) <= 5) {
                ImGui::TextColored(ui::readable(ImGui::ColorConvertU32ToFloat4(marker_col)), "%s", markers[m].text);
            }
        }
        ui::end_tooltip();
    }
    return h;
}

std::vector<std::string> tick_labels(const std::vector<double>& ticks) {
    // Enough significant digits to tell the closest two ticks apart: 2.385 and
    // 2.39 need 4, where a fixed 3 would write "2.39" for both.
    double gap = INFINITY, largest = 0;
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        largest = std::max(largest, std::fabs(ticks[i]));
        if (i > 0 && ticks[i] != ticks[i - 1]) gap = std::min(gap, std::fabs(ticks[i] - ticks[i - 1]));
    }
    int sig = 3;
    if (std::isfinite(gap) && gap > 0 && largest > 0) {
        const int digits = int(std::floor(std::log10(largest)));  // 2 for 100
        sig = std::clamp(digits - int(std::floor(std::log10(gap))) + 1, 1, 12);
        if (digits < 7) sig = std::max(sig, digits + 1);  // whole numbers in full: 100, not 1e+02
    }
    std::vector<std::string> out;
    for (double v : ticks) {
        std::string t = fmt("%.*g", v, sig);
        // The gap's digit may round up (0.0996 as "0.1" next to "0.0995"): one more.
        for (int extra = 1; extra <= 3 && !out.empty() && t == out.back(); ++extra) t = fmt("%.*g", v, sig + extra);
        out.push_back(t);
    }
    return out;
}

ImU32 color_of(ColorMap map, float t) {
    if (map == ColorMap::Gray) {
        const int v = int(std::clamp(t, 0.0f, 1.0f) * 255.0f + 0.5f);
        return IM_COL32(v, v, v, 255);
    }
    // Diverging: blue for negative, orange for positive, a dark neutral at zero.
    t = std::clamp(t, -1.0f, 1.0f);
    const float a = std::fabs(t);
    const float n[3] = {34, 36, 42};
    const float neg[3] = {80, 150, 255};
    const float pos[3] = {255, 150, 40};
    const float* c = t < 0 ? neg : pos;
    return IM_COL32(int(n[0] + (c[0] - n[0]) * a), int(n[1] + (c[1] - n[1]) * a), int(n[2] + (c[2] - n[2]) * a), 255);
}

void ImageAtlas::set_upload(TextureUpload upload) {
    upload_ = std::move(upload);
    tex_ = nullptr;
    uploaded_.clear();
}

void ImageAtlas::begin_frame() { next_ = 0; }

bool ImageAtlas::place(const ImU32* colors, int rows, int cols, ImTextureID* tex, ImVec2* uv0, ImVec2* uv1) {
    constexpr int per_row = kSize / kSlot;
    if (!upload_ || rows > kSlot || cols > kSlot || rows <= 0 || cols <= 0 || next_ >= per_row * per_row) return false;
    if (pixels_.empty()) pixels_.assign(size_t(kSize) * kSize, IM_COL32(0, 0, 0, 255));
    const int x0 = (next_ % per_row) * kSlot, y0 = (next_ / per_row) * kSlot;
    for (int r = 0; r < rows; ++r)
        std::copy(colors + size_t(r) * cols, colors + size_t(r + 1) * cols, pixels_.begin() + (y0 + r) * kSize + x0);
    ++next_;
    if (!tex_) {  // the first image ever: make the texture now, so draw commands can name it
        tex_ = upload_(nullptr, kSize, kSize, reinterpret_cast<const unsigned char*>(pixels_.data()));
        uploaded_ = pixels_;
        ++uploads_;
    }
    *tex = tex_;
    *uv0 = ImVec2(float(x0) / kSize, float(y0) / kSize);
    *uv1 = ImVec2(float(x0 + cols) / kSize, float(y0 + rows) / kSize);
    return true;
}

void ImageAtlas::end_frame() {
    if (!upload_ || !tex_ || next_ == 0 || pixels_ == uploaded_) return;  // paused: nothing changed
    tex_ = upload_(tex_, kSize, kSize, reinterpret_cast<const unsigned char*>(pixels_.data()));
    uploaded_ = pixels_;
    ++uploads_;
}

bool ImageSheet::fill(const TextureUpload& upload, const void* key, int n, const float* images, int rows, int cols) {
    if (!upload || n <= 0 || rows <= 0 || cols <= 0 || cols > kWidth) return false;
    if (tex_ && key == key_ && n == key_n_ && rows == rows_ && cols == cols_) return true;
    const int per_row = kWidth / cols;
    const int count = std::min(n, per_row * (kMaxHeight / rows));
    const int h = (count + per_row - 1) / per_row * rows;
    std::vector<ImU32> px(size_t(kWidth) * h, IM_COL32(0, 0, 0, 255));
    for (int i = 0; i < count; ++i) {
        const float* img = images + size_t(i) * rows * cols;
        const int x0 = (i % per_row) * cols, y0 = (i / per_row) * rows;
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                px[size_t(y0 + r) * kWidth + x0 + c] = color_of(ColorMap::Gray, img[r * cols + c]);
    }
    // The texture keeps its size: refill it when the new sheet fits, else make another.
    ImTextureID prev = tex_ && h <= h_ ? tex_ : nullptr;
    if (prev && h < h_) px.resize(size_t(kWidth) * h_, IM_COL32(0, 0, 0, 255));
    const int th = prev ? h_ : h;
    tex_ = upload(prev, kWidth, th, reinterpret_cast<const unsigned char*>(px.data()));
    ++uploads_;
    w_ = kWidth;
    h_ = th;
    rows_ = rows;
    cols_ = cols;
    per_row_ = per_row;
    count_ = count;
    key_ = key;
    key_n_ = n;
    return tex_ != nullptr;
}

bool ImageSheet::uv(int i, ImTextureID* tex, ImVec2* uv0, ImVec2* uv1) const {
    if (!tex_ || i < 0 || i >= count_) return false;
    const int x0 = (i % per_row_) * cols_, y0 = (i / per_row_) * rows_;
    *tex = tex_;
    *uv0 = ImVec2(float(x0) / w_, float(y0) / h_);
    *uv1 = ImVec2(float(x0 + cols_) / w_, float(y0 + rows_) / h_);
    return true;
}

void legend(const char* id, ImVec2 size, ColorMap map, float lo, float hi, const char* format) {
    size = resolve_size(size);
    ImGui::InvisibleButton(id, size);
    const ImVec2 r0 = ImGui::GetItemRectMin();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float em = ImGui::GetFontSize();
    const float bar_h = std::max(4.0f, size.y - 1.1f * em);
    // The bar as a few dozen flat steps: a smooth enough ramp for a legend.
    const int steps = std::clamp(int(size.x / 4), 2, 64);
    const float span = map == ColorMap::Diverging ? 1.0f : 0.0f;
    for (int k = 0; k < steps; ++k) {
        const float t = (k + 0.5f) / steps;
        const float v = map == ColorMap::Diverging ? -span + 2 * span * t : t;
        dl->AddRectFilled(ImVec2(r0.x + size.x * k / steps, r0.y), ImVec2(r0.x + size.x * (k + 1) / steps, r0.y + bar_h),
                          color_of(map, v));
    }
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const std::string a = fmt(format, lo), b = fmt(format, hi), m = fmt(format, 0.5 * (lo + hi));
    const float ty = r0.y + bar_h + 0.05f * em;
    dl->AddText(ImVec2(r0.x, ty), dim, a.c_str());
    const float mw = ImGui::CalcTextSize(m.c_str()).x, bw = ImGui::CalcTextSize(b.c_str()).x;
    if (size.x > ImGui::CalcTextSize(a.c_str()).x + mw + bw + 2 * em)
        dl->AddText(ImVec2(r0.x + (size.x - mw) * 0.5f, ty), dim, m.c_str());
    dl->AddText(ImVec2(r0.x + size.x - bw, ty), dim, b.c_str());
    if (ImGui::IsItemHovered()) {
        const float t = std::clamp((ImGui::GetIO().MousePos.x - r0.x) / size.x, 0.0f, 1.0f);
        ui::tooltip_text(fmt(format, lo + (hi - lo) * t));
    }
}

void image(ImDrawList* dl, ImVec2 pos, float cell, const float* values, int rows, int cols, ColorMap map,
           float scale, ImageAtlas* atlas) {
    const float inv = scale > 0 ? 1.0f / scale : 1.0f;
    static std::vector<ImU32> colors;  // reused: the UI is single-threaded
    colors.resize(size_t(rows) * cols);
    for (size_t i = 0; i < colors.size(); ++i) colors[i] = color_of(map, values[i] * inv);
    ImTextureID tex = nullptr;
    ImVec2 uv0, uv1;
    if (atlas && atlas->place(colors.data(), rows, cols, &tex, &uv0, &uv1)) {
        dl->AddImage(tex, pos, ImVec2(pos.x + cols * cell, pos.y + rows * cell), uv0, uv1);
        return;
    }
    for (int r = 0; r < rows; ++r) {
        const ImU32* row = colors.data() + size_t(r) * cols;
        const float y0 = pos.y + r * cell, y1 = pos.y + (r + 1) * cell;
        int start = 0;
        for (int c = 1; c <= cols; ++c) {
            if (c < cols && row[c] == row[start]) continue;
            dl->AddRectFilled(ImVec2(pos.x + start * cell, y0), ImVec2(pos.x + c * cell, y1), row[start]);
            start = c;
        }
    }
}

bool image_item(const char* id, float cell, const float* values, int rows, int cols, ColorMap map, float scale,
                ImageAtlas* atlas) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(cell * cols, cell * rows));
    // Up to rows x cols rectangles, or an atlas slot: only when some of it is on screen.
    if (ImGui::IsItemVisible()) image(ImGui::GetWindowDrawList(), pos, cell, values, rows, cols, map, scale, atlas);
    return ImGui::IsItemHovered();
}

int matrix(const char* id, ImVec2 size, const int* counts, int rows, int cols, const char* row_label,
           const char* col_label, const float* row_values, const char* values_label, ImVec4* grid) {
    size = resolve_size(size);
    ImGui::InvisibleButton(id, size);
    const ImVec2 r0 = ImGui::GetItemRectMin();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float em = ImGui::GetFontSize();
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    // Axis titles take one line above and a column on the left; digits one more.
    const float left = 2.2f * em, top = 2.2f * em;
    const float extra = row_values ? 3.2f * em : 0.0f;  // the per-row column, after a gap
    const float cell = std::max(2.0f, std::min((size.x - left - extra) / cols, (size.y - top) / rows));
    const ImVec2 g0(r0.x + left, r0.y + top);
    if (grid) *grid = ImVec4(g0.x, g0.y, cols * cell, rows * cell);
    dl->AddText(ImVec2(g0.x, r0.y), dim, col_label);
    dl->AddText(ImVec2(r0.x, r0.y), dim, row_label);
    if (row_values && values_label) dl->AddText(ImVec2(g0.x + cols * cell + 0.4f * em, g0.y - 1.1f * em), dim, values_label);
    for (int c = 0; c < cols; ++c) {
        char b[16];
        std::snprintf(b, sizeof b, "%d", c);
        const float tw = ImGui::CalcTextSize(b).x;
        dl->AddText(ImVec2(g0.x + (c + 0.5f) * cell - tw * 0.5f, g0.y - 1.1f * em), dim, b);
    }
    int hovered = -1;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool item_hovered = ImGui::IsItemHovered();
    for (int r = 0; r < rows; ++r) {
        char b[16];
        std::snprintf(b, sizeof b, "%d", r);
        dl->AddText(ImVec2(g0.x - 1.0f * em, g0.y + (r + 0.5f) * cell - 0.5f * em), dim, b);
        int total = 0;
        for (int c = 0; c < cols; ++c) total += counts[r * cols + c];
        if (row_values) {
            // The row's value (e.g. accuracy for that digit) as a percentage, tinted:
            // the lower, the redder.
            const float v = std::clamp(row_values[r], 0.0f, 1.0f);
            char t[16];
            std::snprintf(t, sizeof t, "%.0f%%", v * 100.0f);
            const ImU32 col = total > 0 ? IM_COL32(255, int(120 + 135 * v), int(90 + 165 * v), 255) : dim;
            dl->AddText(ImVec2(g0.x + cols * cell + 0.4f * em, g0.y + (r + 0.5f) * cell - 0.5f * em), col,
                        total > 0 ? t : "–");
        }
        for (int c = 0; c < cols; ++c) {
            const int n = counts[r * cols + c];
            const float frac = total > 0 ? float(n) / total : 0.0f;
            // Diagonal (right answers) in green by share; errors in orange, boosted
            // so that a 5% confusion stands out.
            ImU32 col;
            if (r == c) {
                col = IM_COL32(int(30 + 20 * frac), int(40 + 140 * frac), int(40 + 60 * frac), 255);
            } else {
                const float t = std::min(1.0f, frac * 5.0f);
                col = IM_COL32(int(30 + 225 * t), int(32 + 110 * t), int(38 + 2 * t), 255);
            }
            const ImVec2 a(g0.x + c * cell, g0.y + r * cell), z(a.x + cell - 1, a.y + cell - 1);
            dl->AddRectFilled(a, z, col);
            if (item_hovered && mouse.x >= a.x && mouse.x < a.x + cell && mouse.y >= a.y && mouse.y < a.y + cell) {
                hovered = r * cols + c;
                dl->AddRect(a, z, IM_COL32_WHITE);
            }
            if (n > 0) {
                // Every count readable: in smaller type when it does not fit
                // (the diagonal's hundreds were left out, blank green squares),
                // down to 55% of the font; below that hundreds as "1.2h"
                // (the tooltip gives the full number).
                char t[16];
                std::snprintf(t, sizeof t, "%d", n);
                ImVec2 ts = ImGui::CalcTextSize(t);
                float scale = std::min({1.0f, (cell - 2) / std::max(ts.x, 1.0f), cell / std::max(ts.y, 1.0f)});
                if (scale < 0.55f && n >= 100) {
                    std::snprintf(t, sizeof t, n >= 1000 ? "%.0fh" : "%.1fh", n / 100.0);
                    ts = ImGui::CalcTextSize(t);
                    scale = std::min({1.0f, (cell - 2) / std::max(ts.x, 1.0f), cell / std::max(ts.y, 1.0f)});
                }
                if (scale >= 0.55f)
                    dl->AddText(ImGui::GetFont(), em * scale,
                                ImVec2(a.x + (cell - ts.x * scale) * 0.5f, a.y + (cell - ts.y * scale) * 0.5f),
                                frac > 0.5f || r != c ? IM_COL32_WHITE : IM_COL32(220, 220, 220, 255), t);
            }
        }
    }
    return hovered;
}

void bars(const char* id, ImVec2 size, const float* values, int n, int highlight, int target) {
    size = resolve_size(size);
    ImGui::InvisibleButton(id, size);
    const ImVec2 r0 = ImGui::GetItemRectMin();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float em = ImGui::GetFontSize();
    const float row = size.y / std::max(1, n);
    const float label_w = 1.2f * em, value_w = 3.2f * em;
    const float bw = std::max(4.0f, size.x - label_w - value_w);
    const ImU32 base = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
    const ImU32 accent = ImGui::GetColorU32(ImGuiCol_PlotLinesHovered);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (int i = 0; i < n; ++i) {
        const float y = r0.y + i * row;
        char b[32];
        std::snprintf(b, sizeof b, "%d", i);
        dl->AddText(ImVec2(r0.x, y + (row - em) * 0.5f), text, b);
        const ImVec2 a(r0.x + label_w, y + row * 0.15f), z(a.x + bw, y + row * 0.85f);
        dl->AddRectFilled(a, z, ImGui::GetColorU32(ImGuiCol_FrameBg));
        const float v = std::clamp(values[i], 0.0f, 1.0f);
        dl->AddRectFilled(a, ImVec2(a.x + bw * v, z.y), i == highlight ? accent : base);
        if (i == target) dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(z.x + 1, z.y + 1), text);
        std::snprintf(b, sizeof b, "%.2f", values[i]);
        dl->AddText(ImVec2(z.x + 0.3f * em, y + (row - em) * 0.5f), text, b);
    }
}

}  // namespace nnplay::plot
