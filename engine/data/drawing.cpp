// drawing.cpp: the drawing pad's ink and MNIST's preprocessing (see drawing.h).
// Written by hand: no packaged library rasterises strokes into coverage and
// resamples with MNIST's centring (stb_image_resize resamples whole images,
// with no centre-of-mass placement).
#include "engine/data/drawing.h"

#include <algorithm>
#include <cmath>

namespace nnplay {

InkCanvas::InkCanvas(int width, int height, float pen_radius)
    : w_(std::max(1, width)), h_(std::max(1, height)), radius_(std::max(0.5f, pen_radius)) {
    ink_.assign(static_cast<std::size_t>(w_) * h_, 0.0f);
}

void InkCanvas::clear() {
    std::fill(ink_.begin(), ink_.end(), 0.0f);
    strokes_.clear();
    open_ = false;
    ++version_;
}

void InkCanvas::begin_stroke(float x, float y) {
    strokes_.push_back({InkPoint{x, y}});
    open_ = true;
    segment(InkPoint{x, y}, InkPoint{x, y});
}

void InkCanvas::line_to(float x, float y) {
    if (!open_ || strokes_.empty()) {
        begin_stroke(x, y);
        return;
    }
    const InkPoint a = strokes_.back().back();
    if (a.x == x && a.y == y) return;
    strokes_.back().push_back(InkPoint{x, y});
    segment(a, InkPoint{x, y});
}

void InkCanvas::end_stroke() { open_ = false; }

// Coverage of the pixels near the segment a-b (a == b: a dot).
void InkCanvas::segment(InkPoint a, InkPoint b) {
    ++version_;
    const float r = radius_;
    const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - r - 1)));
    const int x1 = std::min(w_ - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + r + 1)));
    const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - r - 1)));
    const int y1 = std::min(h_ - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + r + 1)));
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len2 = dx * dx + dy * dy;
    for (int j = y0; j <= y1; ++j)
        for (int i = x0; i <= x1; ++i) {
            const float px = static_cast<float>(i) + 0.5f, py = static_cast<float>(j) + 0.5f;
            // The nearest point of the segment: a + t (b - a), t clamped to [0, 1].
            float t = len2 > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / len2 : 0.0f;
            t = std::clamp(t, 0.0f, 1.0f);
            const float ex = px - (a.x + t * dx), ey = py - (a.y + t * dy);
            const float c = std::clamp(r + 0.5f - std::sqrt(ex * ex + ey * ey), 0.0f, 1.0f);
            float& v = ink_[static_cast<std::size_t>(j) * w_ + i];
            v = std::max(v, c);
        }
}

namespace {
// Length of the overlap of [a0, a1) and [b0, b1).
inline double overlap(double a0, double a1, double b0, double b1) {
    return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}
}  // namespace

bool mnist_from_ink(const float* ink, int w, int h, float* out) {
    constexpr int N = 28;
    std::fill(out, out + N * N, 0.0f);
    if (!ink || w <= 0 || h <= 0) return false;
    // 1. bounding box and 3. centre of mass (pixel centres), in one pass.
    int bx0 = w, bx1 = -1, by0 = h, by1 = -1;
    double mass = 0, mx = 0, my = 0;
    for (int j = 0; j < h; ++j)
        for (int i = 0; i < w; ++i) {
            const double v = ink[static_cast<std::size_t>(j) * w + i];
            if (!(v > 0)) continue;
            bx0 = std::min(bx0, i);
            bx1 = std::max(bx1, i);
            by0 = std::min(by0, j);
            by1 = std::max(by1, j);
            mass += v;
            mx += v * (i + 0.5);
            my += v * (j + 0.5);
        }
    if (bx1 < 0 || !(mass > 0)) return false;
    const double cx = mx / mass, cy = my / mass;
    // 2. the scale that fits the box into 20x20, keeping its aspect.
    const double s = 20.0 / std::max(bx1 - bx0 + 1, by1 - by0 + 1);
    // 4 and 5: each inked pixel's s x s square, split over the output pixels it covers.
    std::vector<double> acc(N * N, 0.0);
    for (int j = by0; j <= by1; ++j) {
        const double y0 = (j - cy) * s + N / 2, y1 = y0 + s;
        const int r0 = std::max(0, static_cast<int>(std::floor(y0)));
        const int r1 = std::min(N - 1, static_cast<int>(std::ceil(y1)) - 1);
        if (r0 > r1) continue;
        for (int i = bx0; i <= bx1; ++i) {
            const double v = ink[static_cast<std::size_t>(j) * w + i];
            if (!(v > 0)) continue;
            const double x0 = (i - cx) * s + N / 2, x1 = x0 + s;
            const int c0 = std::max(0, static_cast<int>(std::floor(x0)));
            const int c1 = std::min(N - 1, static_cast<int>(std::ceil(x1)) - 1);
            for (int r = r0; r <= r1; ++r) {
                const double oy = overlap(y0, y1, r, r + 1);
                if (oy <= 0) continue;
                for (int c = c0; c <= c1; ++c) acc[r * N + c] += v * oy * overlap(x0, x1, c, c + 1);
            }
        }
    }
    for (int k = 0; k < N * N; ++k) out[k] = static_cast<float>(std::min(1.0, acc[k]));
    return true;
}

}  // namespace nnplay
