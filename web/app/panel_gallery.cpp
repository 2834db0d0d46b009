// panel_gallery.cpp: "Test images": a scrolling grid of the test digits, each
// with the network's answer from the last test evaluation, mistakes framed in
// orange. Filters: all, mistakes, one true digit, one answered digit, a
// confusion-matrix cell (clicking a cell there opens this on it) and the most
// confident mistakes. Clicking (or tapping) a digit makes it the selected
// sample; dragging scrolls, on touch screens too.
//
// The digits come from one texture made once (plot::ImageSheet), one quad
// each, and only the rows in view are drawn: thousands of ImGui rectangles
// would sink a software renderer's frame rate. The selection is the engine's
// (select_test_images), remade when the filter or the evaluation changes.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <string>

#include <imgui.h>

#include "web/app/a11y.h"
#include "web/app/app_core.h"
#include "web/app/plot.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {
namespace {

const ImU32 kWrong = IM_COL32(255, 140, 60, 255);

struct FilterDef { TestFilter filter; const char* label; };
constexpr FilterDef kFilters[] = {
    {TestFilter::All, "All test images"},
    {TestFilter::Mistakes, "Mistakes"},
    {TestFilter::TrueDigit, "One true digit"},
    {TestFilter::PredictedDigit, "One answer"},
    {TestFilter::Cell, "True digit read as"},
    {TestFilter::ConfidentMistakes, "Most confident mistakes"},
};

void digit_combo(const char* id, int* digit) {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(3.2f * em);
    char preview[4];
    std::snprintf(preview, sizeof preview, "%d", *digit);
    if (a11y::building()) {  // for assistive technology: the box and its choices, and a choice it made
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const ImGuiID cid = ImGui::GetID(id);
        a11y::add_combo(std::strcmp(id, "##answer") == 0 ? "Answer" : "True digit", cid, p.x, p.y, 3.2f * em,
                        ImGui::GetFrameHeight(), {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, *digit);
        if (int k = 0; a11y::take_choice(cid, &k)) *digit = k;
    }
    if (ImGui::BeginCombo(id, preview, ImGuiComboFlags_HeightLarge)) {
        for (int k = 0; k < 10; ++k) {
            char b[4];
            std::snprintf(b, sizeof b, "%d", k);
            if (ImGui::Selectable(b, k == *digit)) *digit = k;
        }
        ImGui::EndCombo();
    }
}

// The filter row: what to show, and the digits it needs.
void filter_row(AppCore& app) {
    TestQuery& q = app.ui.gallery;
    const float em = ImGui::GetFontSize();
    int cur = 0;
    for (int i = 0; i < int(std::size(kFilters)); ++i)
        if (kFilters[i].filter == q.filter) cur = i;
    const float fw = std::min(13.0f * em, ImGui::GetContentRegionAvail().x);
    ImGui::SetNextItemWidth(fw);
    if (a11y::building()) {  // for assistive technology, as digit_combo
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const ImGuiID cid = ImGui::GetID("##filter");
        std::vector<std::string> names;
        for (const FilterDef& f : kFilters) names.push_back(f.label);
        a11y::add_combo("Gallery filter", cid, p.x, p.y, fw, ImGui::GetFrameHeight(), std::move(names), cur);
        if (int k = 0; a11y::take_choice(cid, &k) && k >= 0 && k < int(std::size(kFilters))) {
            q.filter = kFilters[k].filter;
            app.ui.gallery_scroll_top = true;
        }
    }
    if (ImGui::BeginCombo("##filter", kFilters[cur].label)) {
        for (int i = 0; i < int(std::size(kFilters)); ++i)
            if (ImGui::Selectable(kFilters[i].label, i == cur)) {
                q.filter = kFilters[i].filter;
                app.ui.gallery_scroll_top = true;
            }
        ImGui::EndCombo();
    }
    app.mark("gallery_filter", kFilters[cur].label);
    const TestQuery before = q;
    if (q.filter == TestFilter::TrueDigit || q.filter == TestFilter::Cell) {
        ImGui::SameLine();
        digit_combo("##digit", &q.digit);
        app.mark("gallery_digit");
        ui::tooltip("The true digit (the label)");
    }
    if (q.filter == TestFilter::Cell) {
        ImGui::SameLine();
        ImGui::TextUnformatted("as");
    }
    if (q.filter == TestFilter::PredictedDigit || q.filter == TestFilter::Cell) {
        ImGui::SameLine();
        digit_combo("##answer", &q.predicted);
        app.mark("gallery_answer");
        ui::tooltip("The network's answer");
    }
    if (q != before) app.ui.gallery_scroll_top = true;
}

}  // namespace

void panel_gallery(AppCore& app) {
    app.panels_drawn.push_back("gallery");
    const DatasetPtr& test = app.test_set;
    if (!test || test->count == 0) {
        ImGui::TextDisabled("The test images are not loaded yet.");
        return;
    }
    const float em = ImGui::GetFontSize();
    const ImGuiIO& io = ImGui::GetIO();
    filter_row(app);
    const EvalResult& e = app.trainer.last_eval();
    const std::vector<int>& items = app.gallery_selection();
    const bool have_answers = e.predicted.size() == size_t(test->count);
    if (!have_answers) {
        ImGui::TextWrapped("No test evaluation yet: press Train or Step, and the network's answers appear here.");
        return;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s images · answers at step %s", text::thousands(long(items.size())).c_str(),
                        text::thousands(e.at_step).c_str());
    ui::tooltip("Under each digit: the network's answer. Orange frame: a mistake. Click a digit to select it; "
                "drag to scroll.");
    const int sel = app.sample_test_index();
    if (sel >= 0) {
        ImGui::TextDisabled("Selected: %s, a %d, answered %d.", app.sample_name().c_str(), int(test->labels[size_t(sel)]),
                            int(e.predicted[size_t(sel)]));
        ImGui::SameLine();
        if (ImGui::SmallButton("Open in One sample")) app.select_view(name_of(ViewTab::Sample));
    }
    if (items.empty()) {
        ImGui::TextDisabled(app.ui.gallery.filter == TestFilter::All ? "No test images." : "None: nothing to show here.");
        return;
    }

    // The grid: cells of a 28x28 digit at `scale` and a line for the answer.
    const bool sheet = app.test_sheet.fill(app.texture_upload, test.get(), test->count, test->pixels.data(), 28, 28);
    ImGui::BeginChild("##grid", ImVec2(0, 0), false);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float scale = avail >= 30 * em ? 1.5f : 1.25f;
    const float img = 28 * scale, gap = 0.35f * em;
    const float pitch_x = img + gap, pitch_y = img + 1.05f * em + gap;
    const int cols = std::max(1, int((avail + gap) / pitch_x));
    const int n = int(items.size());
    const int rows = (n + cols - 1) / cols;
    if (app.ui.gallery_scroll_top) {
        ImGui::SetScrollY(0);
        app.ui.gallery_scroll_top = false;
    }
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##cells", ImVec2(cols * pitch_x, rows * pitch_y));
    const bool hovered = ImGui::IsItemHovered();
    // Touch and mouse: a drag scrolls, a press and release without moving selects.
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left))
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
    auto cell_at = [&](ImVec2 p) {
        const int c = int((p.x - origin.x) / pitch_x), r = int((p.y - origin.y) / pitch_y);
        if (p.x < origin.x || p.y < origin.y || c >= cols) return -1;
        const int k = r * cols + c;
        return k < n ? k : -1;
    };
    if (ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < io.MouseDragThreshold * io.MouseDragThreshold) {
        const int k = cell_at(io.MouseClickedPos[0]);
        if (k >= 0) app.select_test_sample(items[size_t(k)]);
    }

    // Only the rows in view.
    const ImVec2 clip0 = ImGui::GetWindowPos();
    const float view_h = ImGui::GetWindowHeight();
    const int r0 = std::max(0, int((clip0.y - origin.y) / pitch_y));
    const int r1 = std::min(rows - 1, int((clip0.y + view_h - origin.y) / pitch_y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const bool confident = app.ui.gallery.filter == TestFilter::ConfidentMistakes;
    for (int r = r0; r <= r1; ++r)
        for (int c = 0; c < cols; ++c) {
            const int k = r * cols + c;
            if (k >= n) break;
            const int i = items[size_t(k)];
            const ImVec2 a(origin.x + c * pitch_x, origin.y + r * pitch_y), b(a.x + img, a.y + img);
            ImTextureID tex;
            ImVec2 uv0, uv1;
            if (sheet && app.test_sheet.uv(i, &tex, &uv0, &uv1)) dl->AddImage(tex, a, b, uv0, uv1);
            else dl->AddRectFilled(a, b, IM_COL32(40, 40, 46, 255));  // no texture (headless): a tile
            const int label = test->labels[size_t(i)], answer = e.predicted[size_t(i)];
            const bool wrong = label != answer;
            if (wrong) dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), kWrong, 0, 0, 2.0f);
            if (i == sel) dl->AddRect(ImVec2(a.x - 3, a.y - 3), ImVec2(b.x + 3, b.y + 3), IM_COL32_WHITE, 0, 0, 1.5f);
            char t[24];
            if (confident) std::snprintf(t, sizeof t, "%d %.2f", answer, e.confidence[size_t(i)]);
            else std::snprintf(t, sizeof t, "%d", answer);
            dl->AddText(ImVec2(a.x + 1, b.y + 0.05f * em), wrong ? kWrong : dim, t);
            if (k < 2) {  // where the first cells are, for tests that click them
                app.widgets.push_back({"gallery_cell" + std::to_string(k),
                                       {a.x, a.y, img, img, b.y > clip0.y && a.y < clip0.y + view_h, "", true}});
            }
        }
    if (hovered) {
        const int k = cell_at(io.MousePos);
        if (k >= 0) {
            const int i = items[size_t(k)];
            const int label = test->labels[size_t(i)], answer = e.predicted[size_t(i)];
            if (ui::begin_tooltip()) {
                ImGui::Text("Test image %s: a %d, the network answered %d (output %.2f)%s", text::thousands(i).c_str(), label,
                            answer, e.confidence[size_t(i)], label == answer ? "" : ": wrong");
                ImGui::TextDisabled("%s to select it", ui::click_word());
                ui::end_tooltip();
            }
        }
    }
    ImGui::EndChild();
    app.mark("gallery_grid");
}

}  // namespace nnplay
