// plot.h: the playground's charts, drawn with Dear ImGui's draw lists (ImPlot is
// not packaged here): line plots with a linear or logarithmic y axis, hover
// readouts and change markers; grayscale and diverging images (a digit, a
// neuron's 784 weights); a heat-map matrix (the confusion matrix); horizontal
// bars (the ten outputs). Every chart is one ImGui item of the given size, so
// it lays out like a widget.
//
// What it does not do: keep data or state between frames (the caller owns the
// arrays), or use any GL: images are draw-list rectangles.
//
// Use:
//   plot::Series s{"train cost", color, xs.data(), ys.data(), (int)xs.size()};
//   plot::Axes ax; ax.log_y = true;
//   plot::lines("##cost", ImVec2(w, h), &s, 1, nullptr, 0, ax);
#pragma once
#include <cmath>
#include <functional>
#include <string>

#include <imgui.h>

namespace nnplay::plot {

struct Series {
    const char* label = "";
    ImU32 color = IM_COL32_WHITE;
    const double* x = nullptr;       // ascending
    const double* y = nullptr;
    int count = 0;
    int stride = sizeof(double);     // bytes from one point to the next (x and y alike)
    float thickness = 2.0f;          // whole pixels draw cheapest (textured anti-aliasing)
    bool line = true;                // join the points
    bool points = false;             // a dot at every point (sparse series)
    float point_radius = 2.5f;
    bool in_readout = true;          // listed in the hover readout
    const char* format = "%.4g";     // readout format for y
};

struct Marker {
    double x = 0;
    const char* text = "";
};

struct Axes {
    const char* title = nullptr;     // drawn top-left inside the plot, with the legend
    bool log_y = false;
    double y_min = NAN, y_max = NAN; // fixed range when finite, else from the data
    double x_min = NAN, x_max = NAN; // shared x range when finite
    const char* y_suffix = "";       // e.g. "%"
    // Text for an x value in the readout (e.g. "step 120 · epoch 1.2"); default %g.
    std::function<std::string(double)> x_text;
    // Short tick labels for x (e.g. "12k"); default compact number.
    std::function<std::string(double)> x_tick;
    double cursor_x = NAN;           // draw a cursor here (hover in a linked plot)
};

struct Hover {
    bool active = false;
    double x = NAN;                  // data x under the mouse
};

// A line plot filling `size` (negative components: the rest of the content region).
Hover lines(const char* id, ImVec2 size, const Series* series, int n_series, const Marker* markers,
            int n_markers, const Axes& axes);

// Color maps for images.
enum class ColorMap { Gray, Diverging };
ImU32 color_of(ColorMap map, float t);   // Gray: t in 0..1; Diverging: t in -1..1

// An image of rows x cols values at `pos`, `cell` pixels per value. Gray maps
// 0..1; Diverging maps -scale..scale. Runs of equal color merge into one rectangle.
void image(ImDrawList* dl, ImVec2 pos, float cell, const float* values, int rows, int cols,
           ColorMap map, float scale = 1.0f);
// The same as an ImGui item (for layout and hover); returns true when hovered.
bool image_item(const char* id, float cell, const float* values, int rows, int cols, ColorMap map,
                float scale = 1.0f);

// A rows x cols matrix of counts as a heat map with the numbers written in when
// the cells are big enough. `row_label`/`col_label` are the axis titles;
// `row_values` (0..1, optional) adds a column of percentages, one per row.
// Returns the hovered cell (row*cols+col) or -1.
int matrix(const char* id, ImVec2 size, const int* counts, int rows, int cols, const char* row_label,
           const char* col_label, const float* row_values = nullptr, const char* values_label = nullptr);

// Horizontal bars, one per value in 0..1, labelled 0..n-1; `highlight` (or -1)
// gets the accent color, `target` (or -1) a marker at 1.0.
void bars(const char* id, ImVec2 size, const float* values, int n, int highlight, int target);

// Compact number for ticks: 950, 1.2k, 34k, 1.5M.
std::string compact(double v);

}  // namespace nnplay::plot
