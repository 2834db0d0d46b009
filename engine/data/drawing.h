// drawing.h: a digit drawn by hand, made into a 28x28 image the way MNIST's
// were made (LeCun, Cortes and Burges, "The MNIST database"): the ink's
// bounding box scaled to fit a 20x20 box keeping its aspect ratio,
// anti-aliased to grey levels, and placed in the 28x28 field so that its
// centre of mass is at the field's centre.
//   InkCanvas      the drawing pad's ink: round-pen strokes, anti-aliased, in a
//                  w x h raster of coverage 0..1 (the strokes are kept too, so
//                  a UI can draw them).
//   mnist_from_ink the preprocessing, from any such raster.
//
// What it does not do: draw on screen or read input devices (the UI feeds
// points in canvas pixels), or classify (Mlp::inspect does, on the result).
//
// Coordinates: canvas pixels, x to the right, y down, pixel (i, j) covering
// [i, i+1) x [j, j+1) with its centre at (i + 0.5, j + 0.5). The 28x28 result
// is row-major, rows top to bottom, values 0 (paper) to 1 (ink), as Dataset's.
//
// Use:
//   InkCanvas pad(192, 192, 9.0f);
//   pad.begin_stroke(40, 30); pad.line_to(42, 150);      // pen down, moved...
//   float digit[784];
//   if (mnist_from_ink(pad.ink().data(), pad.width(), pad.height(), digit)) net.inspect(digit, -1);
#pragma once
#include <vector>

namespace nnplay {

struct InkPoint {
    float x = 0, y = 0;
};

class InkCanvas {
public:
    explicit InkCanvas(int width = 192, int height = 192, float pen_radius = 9.0f);

    void clear();
    // Pen down at (x, y): a dot of the pen's radius. Points outside the canvas
    // are kept (a stroke may leave and come back); only their ink inside counts.
    void begin_stroke(float x, float y);
    // Pen moved to (x, y) while down: a segment from the stroke's last point
    // (begins a stroke when none is open).
    void line_to(float x, float y);
    void end_stroke();

    int width() const { return w_; }
    int height() const { return h_; }
    float pen_radius() const { return radius_; }
    // Coverage 0..1 per pixel, (height, width) row-major. A pixel's coverage
    // by a stroke is clamp(r + 0.5 - d, 0, 1), d the distance from the
    // pixel's centre to the stroke's centre line: a one-pixel ramp at the edge.
    // Overlapping strokes keep the larger coverage.
    const std::vector<float>& ink() const { return ink_; }
    const std::vector<std::vector<InkPoint>>& strokes() const { return strokes_; }
    bool empty() const { return strokes_.empty(); }
    // Changes with every stroke, segment and clear (for caches).
    long long version() const { return version_; }

private:
    void segment(InkPoint a, InkPoint b);

    int w_, h_;
    float radius_;
    std::vector<float> ink_;
    std::vector<std::vector<InkPoint>> strokes_;
    bool open_ = false;
    long long version_ = 0;
};

// MNIST's preprocessing of a w x h ink raster (row-major, 0..1) into out[784]:
//  1. the bounding box of the pixels with ink (> 0), bw x bh pixels;
//  2. scale s = 20 / max(bw, bh): the box fits 20x20 keeping its aspect;
//  3. the ink's centre of mass (cx, cy), from the pixels' centres;
//  4. canvas point p maps to (p - c) * s + (14, 14): the centre of mass lands
//     on the field's centre exactly (fractional placement, no rounding);
//  5. anti-aliasing: each canvas pixel becomes an s x s square of its ink, and
//     each output pixel takes the ink area that falls on it (a box filter, so
//     an output pixel wholly inside solid ink is 1, and the ink's mass scales
//     by s^2 exactly), clamped to 1; ink beyond the field is dropped.
// Returns false (and zeros) when there is no ink.
bool mnist_from_ink(const float* ink, int w, int h, float* out);

}  // namespace nnplay
