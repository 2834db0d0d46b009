// plot.h: the playground's charts, drawn with Dear ImGui's draw lists (ImPlot is
// not packaged here): line plots with a linear or logarithmic y axis, hover
// readouts and change markers; grayscale and diverging images (a digit, a
// neuron's 784 weights); a heat-map matrix (the confusion matrix); horizontal
// bars (the ten outputs). Every chart is one ImGui item of the given size, so
// it lays out like a widget.
//
// What it does not do: keep data between frames (the caller owns the arrays;
// an ImageAtlas keeps the pixels it last uploaded), or use any GL: images are
// draw-list rectangles, or one texture the renderer makes (ImageAtlas).
//
// Use:
//   plot::Series s{"train cost", color, xs.data(), ys.data(), (int)xs.size()};
//   plot::Axes ax; ax.log_y = true;
//   plot::lines("##cost", ImVec2(w, h), &s, 1, nullptr, 0, ax);
//
// The y range comes from the data, robustly: values that are not finite (or
// not positive on a log axis) are skipped, values above Axes::y_ceiling (e.g.
// the costs of a run that blew up) never stretch it, and a noisy series can
// leave its extreme few percent out (Series::fit). Points beyond the range are
// drawn on the plot's edge with a small tick, and the legend row says how far
// off the scale the largest one is.
#pragma once
#include <cmath>
#include <functional>
#include <string>
#include <vector>

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
    // A noisy series with more points than 2-pixel columns: draw each column's
    // range (joined to the previous column) as one bar instead of a zigzag
    // line: the same band, a tenth of the triangles.
    bool band = false;
    float point_radius = 2.5f;
    bool in_readout = true;          // listed in the hover readout
    const char* format = "%.4g";     // readout format for y
    // Share of the points that decide the y range: 1 all of them, 0.98 all but
    // the lowest and highest 1% (a noisy series whose odd extremes would flatten
    // the rest), 0 none: the series is drawn clipped to the others' range
    // (e.g. a previous run for comparison), with no off-scale ticks or text.
    float fit = 1.0f;
};

struct Marker {
    double x = 0;
    const char* text = "";
};

struct Axes {
    const char* title = nullptr;     // drawn top-left inside the plot, with the legend
    bool log_y = false;
    double y_min = NAN, y_max = NAN; // fixed range when finite, else from the data
    double y_ceiling = INFINITY;     // values above never widen the range (drawn clipped)
    double x_min = NAN, x_max = NAN; // shared x range when finite
    const char* y_suffix = "";       // e.g. "%"
    // Text for an x value in the readout (e.g. "step 120 · epoch 1.2"); default %g.
    std::function<std::string(double)> x_text;
    // Short tick labels for x (e.g. "12k"); default compact number.
    std::function<std::string(double)> x_tick;
    double cursor_x = NAN;           // draw a cursor here (hover in a linked plot)
};

// What lines() drew: the hover position and the y range it chose.
struct LinesResult {
    bool active = false;             // hovered
    double x = NAN;                  // data x under the mouse
    bool has_data = false;
    double y_min = NAN, y_max = NAN; // the y axis's range in data units (log axes too)
    int off_scale = 0;               // points of fitting series drawn on the edge, beyond the range
    double off_scale_max = NAN;      // the largest of them above the range (NaN if none)
    int ticks = 0;                   // labelled ticks on the y axis
};

// A line plot filling `size` (negative components: the rest of the content region).
LinesResult lines(const char* id, ImVec2 size, const Series* series, int n_series, const Marker* markers,
            int n_markers, const Axes& axes);

// Dots as sprites: a filled circle with anti-aliased edges is about 30
// triangles, a software renderer's dearest currency; a disc pre-drawn into the
// font atlas is one quad. add_dot_sprites(atlas, dpi) reserves the discs before
// the atlas is built, fill_dot_sprites(atlas) draws them after Build(), and
// dot() draws one (a circle when the sprites are not there, e.g. headless).
void add_dot_sprites(ImFontAtlas* atlas, float dpi);
void fill_dot_sprites(ImFontAtlas* atlas);
void dot(ImDrawList* dl, ImVec2 center, float radius, ImU32 color);

// Large opaque rectangles (a plot's background) through the renderer's fill
// callback when it has one (a draw callback meaning "fill this command's clip
// rectangle with the ImU32 color in UserCallbackData": a scissored clear, about
// three times cheaper than blending two triangles in a software renderer), or
// as a filled rectangle. set_fill_callback(nullptr) turns it off.
void set_fill_callback(ImDrawCallback fill);
void fill_rect(ImDrawList* dl, ImVec2 p0, ImVec2 p1, ImU32 opaque_color);

// Color maps for images.
enum class ColorMap { Gray, Diverging };
ImU32 color_of(ColorMap map, float t);   // Gray: t in 0..1; Diverging: t in -1..1

// Makes (previous == nullptr) or refills a texture of w x h RGBA8 pixels (rows
// top to bottom, 4 bytes R, G, B, A per pixel), sampled NEAREST, and returns
// its id for ImGui's draw commands. The renderer provides it (web/main.cpp, GL).
using TextureUpload = std::function<ImTextureID(ImTextureID previous, int w, int h, const unsigned char* rgba)>;

// The images of one frame (the digit, the weight images) packed into one small
// texture, so that each draws as one textured quad instead of up to rows x cols
// rectangles: 16 noisy weight images are about 50,000 vertices, most of a
// software renderer's frame (SwiftShader). Without an upload function, or for
// an image that does not fit a slot, image() draws rectangles.
// Use: atlas.set_upload(f); each frame: begin_frame(), image(..., &atlas), end_frame().
class ImageAtlas {
public:
    static constexpr int kSize = 256;   // the texture: kSize x kSize pixels
    static constexpr int kSlot = 32;    // one image per slot of kSlot x kSlot: 64 images a frame

    void set_upload(TextureUpload upload);
    bool enabled() const { return static_cast<bool>(upload_); }
    void begin_frame();
    // Copies rows x cols colors into a free slot; false when disabled, too big or full.
    bool place(const ImU32* colors, int rows, int cols, ImTextureID* tex, ImVec2* uv0, ImVec2* uv1);
    // Uploads the atlas if its pixels changed since the last upload.
    void end_frame();

    int placed() const { return next_; }           // images placed this frame
    long long uploads() const { return uploads_; } // uploads so far

private:
    TextureUpload upload_;
    ImTextureID tex_ = nullptr;
    std::vector<ImU32> pixels_, uploaded_;
    int next_ = 0;
    long long uploads_ = 0;
};

// Many fixed images in one texture, uploaded once (the gallery's 2,000 test
// digits: an atlas slot each frame would be 2,000 copies; rectangles, millions
// of vertices). Gray images (values 0..1), rows x cols each, side by side in a
// sheet kWidth wide; each then draws as one quad. A sheet keeps its texture's
// size: a later fill that needs a taller one makes a new texture (the old one
// stays with the renderer; datasets load once).
// Use: sheet.fill(upload, key, n, images, 28, 28); if (sheet.uv(i, &t, &a, &b)) dl->AddImage(t, p0, p1, a, b);
class ImageSheet {
public:
    static constexpr int kWidth = 2048;
    static constexpr int kMaxHeight = 4096;
    // Makes and uploads the sheet unless it already holds `key`'s images (the
    // caller's identity for them, e.g. the dataset's address and count).
    // False without an upload function.
    bool fill(const TextureUpload& upload, const void* key, int n, const float* images, int rows, int cols);
    int count() const { return count_; }    // images in the sheet (fewer than n if too tall)
    bool uv(int i, ImTextureID* tex, ImVec2* uv0, ImVec2* uv1) const;
    long long uploads() const { return uploads_; }

private:
    const void* key_ = nullptr;
    int key_n_ = -1;
    ImTextureID tex_ = nullptr;
    int w_ = 0, h_ = 0, rows_ = 0, cols_ = 0, per_row_ = 0, count_ = 0;
    long long uploads_ = 0;
};

// An image of rows x cols values at `pos`, `cell` pixels per value. Gray maps
// 0..1; Diverging maps -scale..scale. Through `atlas` when it can take it (one
// textured quad), else as rectangles, runs of equal color merged.
void image(ImDrawList* dl, ImVec2 pos, float cell, const float* values, int rows, int cols,
           ColorMap map, float scale = 1.0f, ImageAtlas* atlas = nullptr);
// The same as an ImGui item (for layout and hover), drawn only when visible;
// returns true when hovered.
bool image_item(const char* id, float cell, const float* values, int rows, int cols, ColorMap map,
                float scale = 1.0f, ImageAtlas* atlas = nullptr);

// A rows x cols matrix of counts as a heat map with the numbers written in when
// the cells are big enough. `row_label`/`col_label` are the axis titles;
// `row_values` (0..1, optional) adds a column of percentages, one per row.
// Returns the hovered cell (row*cols+col) or -1.
// `grid`, if given, receives the cells' area {x, y, w, h} (display units), so
// that a caller (or a test) can find a cell.
int matrix(const char* id, ImVec2 size, const int* counts, int rows, int cols, const char* row_label,
           const char* col_label, const float* row_values = nullptr, const char* values_label = nullptr,
           ImVec4* grid = nullptr);

// A colour bar for a map: `map` from lo to hi across `size`, the two ends and
// the middle labelled (e.g. "−0.03", "0", "0.03") with `format`. An ImGui item;
// hovering it shows the value under the mouse.
void legend(const char* id, ImVec2 size, ColorMap map, float lo, float hi, const char* format = "%.2g");

// Horizontal bars, one per value in 0..1, labelled 0..n-1; `highlight` (or -1)
// gets the accent color, `target` (or -1) a marker at 1.0.
void bars(const char* id, ImVec2 size, const float* values, int n, int highlight, int target);

// Compact number for ticks: 950, 1.2k, 34k, 1.5M.
std::string compact(double v);

// Labels for the y axis's ticks (ascending values): as short as possible
// while no two neighbours read the same ("2.385", "2.39", "2.395").
std::vector<std::string> tick_labels(const std::vector<double>& ticks);

}  // namespace nnplay::plot
