// panel_draw.cpp: "Draw a digit": a drawing pad (mouse, pen or finger: SDL
// hands touches and pens to Dear ImGui as the mouse), the digit made from it
// the way MNIST's were (engine/data/drawing.h), shown beside the pad as the
// network sees it, and the ten outputs as live bars while drawing. Clear;
// say which digit you meant (for a loss and a gradient); make it the selected
// sample that every view shows.
//
// The pad's ink lives in AppCore::drawn (an InkCanvas); here the strokes are
// drawn as lines and discs, a few hundred triangles, not the raster.
#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "web/app/app_core.h"
#include "web/app/plot.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {
namespace {

// The pad, side x side display units: pen input, then the strokes.
void drawing_pad(AppCore& app, float side) {
    DrawnDigit& d = app.drawn;
    InkCanvas& pad = d.pad;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##pad", ImVec2(side, side));
    app.mark("draw_pad");
    const float to_canvas = float(pad.width()) / side;
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 m = io.MousePos;
    const float cx = (m.x - p0.x) * to_canvas, cy = (m.y - p0.y) * to_canvas;
    if (ImGui::IsItemActivated()) {
        pad.begin_stroke(cx, cy);
        app.changed();
    } else if (ImGui::IsItemActive() && !pad.strokes().empty()) {
        const InkPoint last = pad.strokes().back().back();
        // A point per canvas pixel moved at most: fewer segments to draw.
        if (std::hypot(cx - last.x, cy - last.y) >= 1.0f) pad.line_to(cx, cy);
        app.changed();
    }
    if (ImGui::IsItemDeactivated()) pad.end_stroke();

    // Black paper and white ink, as MNIST's digits are stored.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p1(p0.x + side, p0.y + side);
    dl->AddRectFilled(p0, p1, IM_COL32(0, 0, 0, 255));
    dl->AddRect(p0, p1, ImGui::GetColorU32(ImGuiCol_Border));
    dl->PushClipRect(p0, p1, true);
    const float r = pad.pen_radius() / to_canvas;  // the pen in display units
    const ImU32 ink = IM_COL32(255, 255, 255, 255);
    for (const auto& stroke : pad.strokes()) {
        for (size_t i = 0; i < stroke.size(); ++i) {
            const ImVec2 a(p0.x + stroke[i].x / to_canvas, p0.y + stroke[i].y / to_canvas);
            dl->AddCircleFilled(a, r, ink, 12);
            if (i > 0) {
                const ImVec2 b(p0.x + stroke[i - 1].x / to_canvas, p0.y + stroke[i - 1].y / to_canvas);
                dl->AddLine(a, b, ink, 2 * r);
            }
        }
    }
    if (pad.empty()) {
        const char* t = "draw a digit here";
        const ImVec2 ts = ImGui::CalcTextSize(t);
        dl->AddText(ImVec2(p0.x + (side - ts.x) * 0.5f, p0.y + (side - ts.y) * 0.5f),
                    ImGui::GetColorU32(ImGuiCol_TextDisabled), t);
    }
    dl->PopClipRect();
}

}  // namespace

void panel_draw(AppCore& app) {
    app.panels_drawn.push_back("draw");
    DrawnDigit& d = app.drawn;
    const float em = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Wide: the pad, and beside it what the network sees and says. Narrow
    // (phones): a smaller pad with the 28x28 digit beside it, the outputs below.
    const bool wide = avail.x >= 30 * em;
    const float pad_side =
        std::floor(wide ? std::clamp(std::min(avail.x * 0.42f, avail.y - 4.5f * em), 8 * em, 22 * em)
                        : std::clamp(std::min(avail.x * 0.58f, std::max(avail.y * 0.85f, 9 * em)), 7 * em, 16 * em));
    ImGui::BeginGroup();
    drawing_pad(app, pad_side);
    d.update();
    const SampleView v = d.has_ink ? app.trainer.inspect(d.pixels, d.label) : SampleView{};
    auto buttons = [&] {
        if (ImGui::Button("Clear")) {
            d.pad.clear();
            d.update();
            if (app.ui.sample_source == SampleSource::Drawn) app.select_test_sample(app.ui.sample_index);
        }
        app.mark("draw_clear");
        ImGui::SameLine();
        const bool selected = app.sample_source() == SampleSource::Drawn;
        ImGui::BeginDisabled(!d.has_ink || selected);
        if (ImGui::Button(selected ? (wide ? "Shown in every view" : "Shown") : (wide ? "Show in every view" : "Show")))
            app.select_drawn_sample();
        ImGui::EndDisabled();
        app.mark("draw_select");
        ui::tooltip("Make your drawing the selected sample: One sample and the gradient show it");
    };
    if (wide) buttons();
    ImGui::EndGroup();
    ImGui::SameLine(0, (wide ? 1.0f : 0.6f) * em);

    ImGui::BeginGroup();
    ImGui::TextUnformatted(wide ? "What the network sees (28 × 28):" : "It sees:");
    const float room = wide ? avail.x - pad_side - 2 * em : avail.x - pad_side - 1 * em;
    const float cell = std::clamp(std::floor(std::min(room, wide ? 8 * em : pad_side * 0.55f) / 28 * 4) / 4,
                                  wide ? 2.0f : 1.5f, 4.0f);
    const ImVec2 img0 = ImGui::GetCursorScreenPos();
    if (plot::image_item("##seen", cell, d.pixels, 28, 28, plot::ColorMap::Gray, 1.0f, &app.atlas)) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        const int c = std::clamp(int((m.x - img0.x) / cell), 0, 27), r = std::clamp(int((m.y - img0.y) / cell), 0, 27);
        ui::tooltip_text(text::printf("pixel (%d, %d): %.2f", c, r, d.pixels[r * 28 + c]));
    }
    app.mark("draw_seen");
    static const float kZeros[10] = {};
    auto outputs = [&](float w, float h) {
        plot::bars("##draw_outputs", ImVec2(w, h), d.has_ink ? v.outputs : kZeros, 10, v.predicted, d.label);
        ui::tooltip("The ten outputs for your drawing, as you draw");
    };
    if (wide) {
        ImGui::SameLine();
        outputs(std::max(8 * em, avail.x - pad_side - 28 * cell - 3 * em), std::max(28 * cell, 9 * em));
    }
    if (d.has_ink && v.predicted >= 0)
        ImGui::Text(wide ? "The network says %d (%.2f)%s" : "Says %d (%.2f)%s", v.predicted, v.outputs[v.predicted],
                    d.label < 0 ? "" : v.predicted == d.label ? ": right" : ": wrong");
    else
        ImGui::TextDisabled(wide ? "The outputs appear as you draw." : "Draw!");
    auto label_row = [&] {
        ImGui::TextUnformatted("It is a:");
        ImGui::SameLine();
        int label = d.label;
        ImGui::BeginGroup();
        if (ui::digit_buttons("meant", &label, true)) d.label = label;
        ImGui::EndGroup();
        app.mark("draw_label");
        ui::tooltip("Which digit you meant: gives the drawing a loss and a gradient (? : not said)");
        ui::hint("Made the way MNIST's digits were: the ink's box scaled to fit 20 × 20 keeping its shape, "
                 "then placed in 28 × 28 by its centre of mass.");
    };
    if (wide) label_row();
    else buttons();
    ImGui::EndGroup();
    if (!wide) {
        outputs(avail.x, 9 * em);
        label_row();
    }
}

}  // namespace nnplay
