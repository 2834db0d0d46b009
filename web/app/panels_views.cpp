// panels_views.cpp: the panels that show what the network does: the cost and
// accuracy curves, and the lecture's views (one sample's outputs and squared
// differences, the confusion matrix, the first layer's weights). They read the
// plain structs the engine fills (TrainStats, EvalResult, SampleView, the
// model's layers) and the History; all drawing goes through plot.h.
//
// [SECTION] Cost and accuracy curves
// [SECTION] The lecture views, side by side or tabbed
// [SECTION] One sample: outputs, squared differences, loss
// [SECTION] Confusion matrix and per-class accuracy
// [SECTION] First layer's weights as images
#include <algorithm>
#include <cmath>
#include <vector>

#include <imgui.h>

#include "web/app/a11y.h"
#include "web/app/app_core.h"
#include "web/app/plot.h"
#include "web/app/setting_controls.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {

//-----------------------------------------------------------------------------
// [SECTION] Cost and accuracy curves
//-----------------------------------------------------------------------------

namespace {

struct CurveScratch {
    std::vector<double> smooth, prev_smooth, end_x, end_cost, end_pct;
    std::vector<plot::Marker> markers;
};

}  // namespace

void panel_cost(AppCore& app, float height) {
    app.panels_drawn.push_back("cost");
    static CurveScratch k;  // reused buffers: the UI is single-threaded
    const History& h = app.history;
    const History& p = app.previous;
    const bool show_prev = app.ui.show_previous && !p.empty();

    // What a lesson page shows ("panels": cost, accuracy; "controls": the
    // check boxes) and lets change ("lock").
    const bool show_cost = app.settings.shows("cost"), show_acc = app.settings.shows("accuracy");
    bool first = true;
    for (const char* key : {"log_y", "train_accuracy"}) {
        const Setting& row = *find_setting(key);
        if (!app.shows(key) || (key == std::string_view("log_y") ? !show_cost : !show_acc)) continue;
        if (!first) ImGui::SameLine();
        bool v = row.get(app.settings).get<bool>();
        ImGui::BeginDisabled(app.locked(key));
        if (ImGui::Checkbox(row.label, &v))
            if (std::string err = app.configure({{key, v}}); !err.empty()) app.notify(err, true);
        app.mark(key);
        ui::tooltip(control_help(app, row).c_str());
        ImGui::EndDisabled();
        first = false;
    }
    if (!p.empty()) {
        if (!first) ImGui::SameLine();
        ImGui::Checkbox("Previous run", &app.ui.show_previous);
        ui::tooltip(("Greyed: " + p.label).c_str());
        first = false;
    }
    // What the x axis counts, when it fits the row beside the Files button.
    const char* x_text = "x: training images seen";
    const float used = first ? 0 : ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetStyle().ItemSpacing.x;
    const float files_w = app.shows("files") ? files_button_width() + ImGui::GetStyle().ItemSpacing.x : 0.0f;
    if (used + ImGui::CalcTextSize(x_text).x + files_w <= ImGui::GetContentRegionMax().x) {
        if (!first) ImGui::SameLine();
        ImGui::TextDisabled("%s", x_text);
    } else if (first) {
        ImGui::TextDisabled("%s", x_text);
    }
    if (app.shows("files")) files_button(app);  // save, load, export, pictures: at the row's right end

    // Costs that blew up (a diverged run records some before the trainer goes
    // back to its last good weights) stay out of the smoothing and the y range.
    const double ceiling = cost_ceiling(h);
    const double prev_ceiling = show_prev ? cost_ceiling(p) : ceiling;
    smooth_costs(h.train.y(), ceiling, k.smooth);
    if (show_prev) smooth_costs(p.train.y(), prev_ceiling, k.prev_smooth);
    k.end_x.clear(); k.end_cost.clear(); k.end_pct.clear();
    for (const TestPoint& t : h.tests)
        if (t.epoch_end) {
            k.end_x.push_back(t.samples);
            k.end_cost.push_back(t.cost);
            k.end_pct.push_back(t.percent);
        }
    k.markers.clear();
    for (const ChangeMarker& m : h.markers) k.markers.push_back({m.samples, m.text.c_str()});

    // Images seen: before training an axis of 0..1 would read "0.2 images";
    // start with room for the first thousand.
    double x_max = 1000;
    if (h.train.size()) x_max = std::max(x_max, h.train.x().back());
    if (!h.tests.empty()) x_max = std::max(x_max, h.tests.back().samples);
    if (show_prev) {
        if (p.train.size()) x_max = std::max(x_max, p.train.x().back());
        if (!p.tests.empty()) x_max = std::max(x_max, p.tests.back().samples);
    }

    const ImU32 c_raw = IM_COL32(90, 150, 240, 70);
    const ImU32 c_train = IM_COL32(100, 165, 255, 255);
    const ImU32 c_test = IM_COL32(255, 160, 60, 255);
    const ImU32 c_prev = IM_COL32(150, 150, 160, 140);
    const int ts = sizeof(TestPoint);
    const double* tx = h.tests.empty() ? nullptr : &h.tests[0].samples;
    const double* ptx = p.tests.empty() ? nullptr : &p.tests[0].samples;

    std::vector<plot::Series> cost;
    if (show_prev) {
        plot::Series a{"previous", c_prev, p.train.x().data(), k.prev_smooth.data(), p.train.size()};
        a.thickness = 1.0f;
        a.in_readout = true;
        // The current run decides the scale once it has a curve (the previous one
        // may have used another loss); right after a reset, the previous one does.
        a.fit = h.train.size() >= 10 ? 0.0f : 1.0f;
        cost.push_back(a);
    }
    plot::Series raw{"", c_raw, h.train.x().data(), h.train.y().data(), h.train.size()};
    raw.thickness = 1.0f;
    raw.in_readout = false;
    raw.fit = 0.98f;  // a few very noisy minibatches do not flatten the curve
    raw.band = true;
    cost.push_back(raw);
    cost.push_back({"train (smoothed)", c_train, h.train.x().data(), k.smooth.data(), h.train.size()});
    plot::Series test{"test", c_test, tx, tx ? &h.tests[0].cost : nullptr, int(h.tests.size()), ts};
    test.points = h.tests.size() < 120;
    cost.push_back(test);
    plot::Series ends{"", c_test, k.end_x.data(), k.end_cost.data(), int(k.end_x.size())};
    ends.line = false;
    ends.points = true;
    ends.point_radius = 4.0f;
    ends.in_readout = false;
    cost.push_back(ends);

    const int n_train = std::max(1, app.train_size());
    plot::Axes ax;
    ax.log_y = app.settings.log_y;
    // The current run's ceiling decides; the previous run's only while this
    // one has no curve yet (right after a reset).
    ax.y_ceiling = h.train.size() >= 10 || !std::isfinite(prev_ceiling) ? ceiling
                   : std::isfinite(ceiling)                              ? std::max(ceiling, prev_ceiling)
                                                                         : prev_ceiling;
    ax.x_min = 0;
    ax.x_max = x_max;
    ax.cursor_x = app.ui.cursor_x;
    ax.x_text = [n_train](double x) {
        return text::thousands((long long)std::llround(std::max(0.0, x))) + " images · epoch " +
               text::printf("%.2f", x / n_train);
    };

    const float em = ImGui::GetFontSize();
    float total = height > 0 ? height - ImGui::GetFrameHeightWithSpacing() : ImGui::GetContentRegionAvail().y;
    total = std::max(total, 10 * em);
    // Both plots, or the one a lesson page shows, filling the height.
    const float cost_h = !show_acc ? total : !show_cost ? 0.0f : std::floor(total * 0.56f);
    plot::LinesResult h1;
    if (show_cost) {
        ax.title = "Cost";
        h1 = plot::lines("##cost", ImVec2(-1, cost_h), cost.data(), int(cost.size()), k.markers.data(),
                         int(k.markers.size()), ax);
        app.mark("cost_plot");
        app.ui.cost_axis = {h1.has_data, h1.y_min, h1.y_max, h1.off_scale, h1.off_scale_max, h1.ticks};
    }
    if (!show_acc) {
        app.ui.cursor_x = h1.active ? h1.x : NAN;
        return;
    }

    std::vector<plot::Series> acc;
    if (show_prev && ptx) {
        plot::Series a{"previous", c_prev, ptx, &p.tests[0].percent, int(p.tests.size()), ts};
        a.format = "%.1f";
        acc.push_back(a);
    }
    // The accuracy on the training images in use (train_accuracy), beside the
    // test accuracy: a gap between them is overfitting.
    bool any_train = false;
    for (const TestPoint& t : h.tests) any_train = any_train || std::isfinite(t.train_percent);
    if (any_train) {
        plot::Series tr{"training accuracy", c_train, tx, &h.tests[0].train_percent, int(h.tests.size()), ts};
        tr.points = h.tests.size() < 120;
        tr.format = "%.1f";
        acc.push_back(tr);
    }
    plot::Series ta{"test accuracy", c_test, tx, tx ? &h.tests[0].percent : nullptr, int(h.tests.size()), ts};
    ta.points = h.tests.size() < 120;
    ta.format = "%.1f";
    acc.push_back(ta);
    plot::Series te{"", c_test, k.end_x.data(), k.end_pct.data(), int(k.end_x.size())};
    te.line = false;
    te.points = true;
    te.point_radius = 4.0f;
    te.in_readout = false;
    acc.push_back(te);
    plot::Axes ay = ax;
    ay.log_y = false;
    ay.title = "Accuracy";
    ay.y_suffix = "%";
    ay.y_max = NAN;
    ay.y_ceiling = INFINITY;  // percentages: nothing blows up
    const float acc_h = show_cost ? total - cost_h - ImGui::GetStyle().ItemSpacing.y : total;
    const plot::LinesResult h2 = plot::lines("##accuracy", ImVec2(-1, std::max(acc_h, 5 * em)), acc.data(),
                                             int(acc.size()), k.markers.data(), int(k.markers.size()), ay);
    app.mark("accuracy_plot");
    app.ui.accuracy_axis = {h2.has_data, h2.y_min, h2.y_max, h2.off_scale, h2.off_scale_max, h2.ticks};
    app.ui.cursor_x = h1.active ? h1.x : h2.active ? h2.x : NAN;
}

//-----------------------------------------------------------------------------
// [SECTION] The lecture views, side by side or tabbed
//-----------------------------------------------------------------------------

namespace {
using PanelFn = void (*)(AppCore&);
// title: the tab's label where there is room; short_title on narrow layouts.
// lecture: one of the three small views the wide layout shows side by side in one tab.
struct ViewDef { ViewTab tab; const char* title; const char* short_title; PanelFn fn; bool lecture; };
constexpr ViewDef kViews[] = {
    {ViewTab::Sample, "One sample", "Sample", panel_sample, true},
    {ViewTab::Confusion, "Confusion matrix", "Confusion", panel_confusion, true},
    {ViewTab::Weights, "First layer", "Weights", panel_weights, true},
    {ViewTab::Diagram, "Network diagram", "Network", panel_diagram, false},
    {ViewTab::Neuron, "One neuron", "Neuron", panel_neuron, false},
    {ViewTab::Gradient, "Gradient", "Gradient", panel_gradient, false},
    {ViewTab::Draw, "Draw a digit", "Draw", panel_draw, false},
    {ViewTab::Gallery, "Test images", "Gallery", panel_gallery, false},
};

// The views a page shows (the "panels" setting), in the tabs' order.
std::vector<const ViewDef*> shown_views(const AppCore& app) {
    std::vector<const ViewDef*> v;
    for (const ViewDef& d : kViews)
        if (app.settings.shows(name_of(d.tab))) v.push_back(&d);
    return v;
}

// Opens one tab of a views' tab bar, showing the views `tabs` (one, or the
// wide layout's lecture three); true when it is the tab shown. It is selected
// when asked for (configure's view), and then sets the settings' view. While
// the view is locked, the tabs without the locked view are disabled.
bool begin_view_tab(AppCore& app, const std::string& label, const std::vector<ViewTab>& tabs, bool* curves_tab) {
    auto holds = [&](ViewTab t) { return std::find(tabs.begin(), tabs.end(), t) != tabs.end(); };
    bool has_setting = false;
    for (ViewTab t : tabs) has_setting = has_setting || app.settings.view == name_of(t);
    const bool fixed = app.locked("view") && !has_setting;
    const bool force = app.ui.select_tab && holds(app.ui.tab);
    ImGui::BeginDisabled(fixed);
    const bool open = ImGui::BeginTabItem(label.c_str(), nullptr, force ? ImGuiTabItemFlags_SetSelected : 0);
    for (ViewTab t : tabs) app.mark(std::string("tab_") + name_of(t));
    if (fixed) ui::tooltip("Fixed by this lesson: the page locked the view (lock=view).");
    ImGui::EndDisabled();
    if (!open) return false;
    if (!app.ui.select_tab || force) {
        if (!holds(app.ui.tab)) app.ui.tab = tabs.front();
        if (!app.locked("view")) app.settings.view = name_of(app.ui.tab);
        app.ui.select_tab = false;
        if (curves_tab) *curves_tab = false;
    }
    return true;
}

// One view's tab with its panel in it.
void view_tab_item(AppCore& app, const ViewDef& v, bool short_title, bool* curves_tab) {
    const std::string label = std::string(short_title ? v.short_title : v.title) + "###" + name_of(v.tab);
    if (!begin_view_tab(app, label, {v.tab}, curves_tab)) return;
    ImGui::BeginChild(v.title, ImVec2(0, 0), false);
    v.fn(app);
    ImGui::EndChild();
    app.mark("view_area");
    ImGui::EndTabItem();
}

// The wide layout's first tab: the lecture's small views that the page shows, side by side.
void lecture_views_side_by_side(AppCore& app, const std::vector<const ViewDef*>& views) {
    if (ImGui::BeginTable("lecture", int(views.size()), ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp)) {
        for (const ViewDef* v : views)
            ImGui::TableSetupColumn(name_of(v->tab), ImGuiTableColumnFlags_WidthStretch,
                                    v->tab == ViewTab::Sample ? 1.15f : 1.0f);
        for (const ViewDef* v : views) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(v->title);
            ImGui::Separator();
            // The rest of the window less the cell's bottom padding, which
            // would otherwise make the window scroll by that much.
            const float h = ImGui::GetContentRegionAvail().y - ImGui::GetStyle().CellPadding.y;
            ImGui::BeginChild(v->title, ImVec2(0, std::max(1.0f, h)), false);
            v->fn(app);
            ImGui::EndChild();
        }
        ImGui::EndTable();
    }
}

// The phone's views: a button per view, wrapped onto as many rows as it
// takes, so every view is one tap away (a tab bar that scrolls hides most of
// them behind arrows 12 px wide). Each button is at least 24 px square
// (WCAG 2.5.8).
void view_buttons(AppCore& app, const std::vector<const ViewDef*>& views, float height) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float right = ImGui::GetContentRegionMax().x;
    bool shown_ok = false;
    for (const ViewDef* v : views) shown_ok = shown_ok || v->tab == app.ui.tab;
    if (!shown_ok) app.ui.tab = views.front()->tab;
    app.ui.select_tab = false;
    const float h = std::max(24.0f, ImGui::GetFrameHeight());
    for (std::size_t i = 0; i < views.size(); ++i) {
        const ViewDef& v = *views[i];
        const float w = std::max(h, ImGui::CalcTextSize(v.short_title).x + 2 * st.FramePadding.x);
        if (i > 0) {
            ImGui::SameLine(0, st.ItemSpacing.x * 0.5f);
            if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
        }
        const bool on = app.ui.tab == v.tab;
        const bool fixed = app.locked("view") && app.settings.view != name_of(v.tab);
        ImGui::BeginDisabled(fixed);
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(on ? ImGuiCol_TabActive : ImGuiCol_Tab));
        if (ImGui::Button((std::string(v.short_title) + "###" + name_of(v.tab)).c_str(), ImVec2(w, h)) && !on) {
            app.ui.tab = v.tab;
            if (!app.locked("view")) app.settings.view = name_of(v.tab);
        }
        a11y::note(a11y::Role::Tab);
        a11y::note_checked(on);
        ImGui::PopStyleColor();
        app.mark(std::string("tab_") + name_of(v.tab));
        if (fixed) ui::tooltip("Fixed by this lesson: the page locked the view (lock=view).");
        ImGui::EndDisabled();
    }
    for (const ViewDef* v : views) {
        if (v->tab != app.ui.tab) continue;
        const float rest = height > 0 ? height - (ImGui::GetCursorPosY()) : 0;
        ImGui::BeginChild(v->title, ImVec2(0, std::max(8 * ImGui::GetFontSize(), rest)), false);
        v->fn(app);
        ImGui::EndChild();
        app.mark("view_area");
    }
}
}  // namespace

// The views as tabs, every layout. Wide: the first tab shows the lecture's
// three small views side by side (the tab of sample, confusion and weights
// alike), the others one view each. Medium: one tab per view, with short
// titles, scrolling and a list button when they do not fit. Column (phones):
// a wrapped row of buttons, every view one tap away (view_buttons).
void panel_views(AppCore& app, float height) {
    if (height <= 0) height = ImGui::GetContentRegionAvail().y;
    const std::vector<const ViewDef*> views = shown_views(app);
    if (views.empty()) return;
    const bool side_by_side = app.layout.kind != LayoutKind::Column && app.layout.views_side_by_side;
    std::vector<const ViewDef*> lecture;
    std::vector<ViewTab> lecture_tabs;
    for (const ViewDef* v : views)
        if (side_by_side && v->lecture) {
            lecture.push_back(v);
            lecture_tabs.push_back(v->tab);
        }
    app.ui.select_curves = false;  // no curves' tab here
    ImGui::BeginChild("##views", ImVec2(0, height), false, ImGuiWindowFlags_NoScrollbar);
    if (app.layout.kind == LayoutKind::Column) {
        app.ui.views_bar = 0;
        view_buttons(app, views, height);
        ImGui::EndChild();
        return;
    }
    const ImGuiTabBarFlags bar_flags =
        side_by_side ? ImGuiTabBarFlags_None : ImGuiTabBarFlags_FittingPolicyScroll | ImGuiTabBarFlags_TabListPopupButton;
    // Another layout draws another tab bar, which would open on its first tab:
    // open it on the view shown before.
    const unsigned bar = ImGui::GetID(side_by_side ? "views_wide" : "views");
    if (bar != app.ui.views_bar) {
        app.ui.views_bar = bar;
        app.ui.select_tab = true;
    }
    if (ImGui::BeginTabBar("views", bar_flags)) {
        bool unused = false;  // no curves' tab in this bar
        bool* curves = &unused;
        // Wide: one tab for the lecture's small views (those the page shows).
        if (!lecture.empty()) {
            std::string title;
            for (const ViewDef* v : lecture) title += (title.empty() ? "" : " · ") + std::string(v->title);
            if (begin_view_tab(app, title + "###lecture", lecture_tabs, curves)) {
                ImGui::BeginChild("##lecture", ImVec2(0, 0), false);
                lecture_views_side_by_side(app, lecture);
                ImGui::EndChild();
                app.mark("view_area");
                ImGui::EndTabItem();
            }
        }
        for (const ViewDef* v : views)
            if (!(side_by_side && v->lecture)) view_tab_item(app, *v, !side_by_side, curves);
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
}

// The curves and the views as tabs of one window (Layout::views_with_plots):
// the curves' tab first. configure()'s view selects that view's tab.
void panel_curves_and_views(AppCore& app) {
    // Coming from another layout's tab bar: open on what was shown there (the
    // curves, or the view last chosen).
    const unsigned bar = ImGui::GetID("curves_and_views");
    if (bar != app.ui.views_bar) {
        app.ui.views_bar = bar;
        if (app.ui.curves_tab) app.ui.select_curves = true;
        else app.ui.select_tab = true;
    }
    if (!ImGui::BeginTabBar("curves_and_views", ImGuiTabBarFlags_FittingPolicyScroll | ImGuiTabBarFlags_TabListPopupButton)) return;
    const bool force_curves = app.ui.select_curves;  // a lesson was loaded: its curves first
    if (force_curves) app.ui.select_tab = false;
    if (ImGui::BeginTabItem("Curves", nullptr, force_curves ? ImGuiTabItemFlags_SetSelected : 0)) {
        app.mark("tab_curves");
        if (!app.ui.select_tab || force_curves) app.ui.curves_tab = true;
        app.ui.select_curves = false;
        panel_cost(app, -1);
        ImGui::EndTabItem();
    } else {
        app.mark("tab_curves");
    }
    for (const ViewDef* v : shown_views(app)) view_tab_item(app, *v, true, &app.ui.curves_tab);
    ImGui::EndTabBar();
}

//-----------------------------------------------------------------------------
// [SECTION] One sample: outputs, squared differences, loss
//-----------------------------------------------------------------------------
// The lecture's slide, live, for the selected sample (a test digit or the
// drawn one): the ten outputs against the one-hot
// target, each (output - target)^2, their sum, and the loss (the sum divided by
// the ten outputs for the lecture's MSE; -log p for cross-entropy).

namespace {
// The next test image (after `from`, wrapping) the network gets wrong, or -1.
// Looks for at most 50 ms, so that a click never stalls the page (a wide
// network may need that long for a few hundred images).
int next_mistake(const Trainer& t, int from, int count, int* searched) {
    const double until = clock_s() + 0.05;
    int k = 1;
    for (; k < count && (k < 8 || clock_s() < until); ++k) {
        const int i = (from + k) % count;
        const SampleView v = t.inspect_test(i);
        if (v.label >= 0 && v.predicted != v.label) return i;
    }
    *searched = k - 1;
    return -1;
}
}  // namespace

void panel_sample(AppCore& app) {
    app.panels_drawn.push_back("sample");
    const DatasetPtr& test = app.test_set;
    const bool drawn = app.sample_source() == SampleSource::Drawn;
    const bool have_tests = test && test->count > 0;
    if (!drawn && !have_tests) {
        ImGui::TextDisabled("The test images are not loaded yet.");
        return;
    }
    const float em = ImGui::GetFontSize();
    // Browse the test images; with a drawn digit selected, these go back to them.
    if (have_tests) {
        const int idx = std::clamp(app.ui.sample_index, 0, test->count - 1);
        if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) app.select_test_sample((idx + test->count - 1) % test->count);
        a11y::name_last("Previous test image");
        ImGui::SameLine();
        if (ImGui::ArrowButton("##next", ImGuiDir_Right)) app.select_test_sample((idx + 1) % test->count);
        a11y::name_last("Next test image");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(4.5f * em);
        int typed = 0;
        if (ui::typed_int("##index", idx, &typed)) {
            if (typed < 0 || typed >= test->count)
                app.notify("Test images are numbered 0 to " + text::thousands(test->count - 1) + ".", true);
            app.select_test_sample(typed);
        }
        a11y::name_last("Test image number");
        ui::tooltip("Which test image to look at");
        ImGui::SameLine();
        if (ImGui::Button("Next mistake")) {
            int searched = 0;
            const int m = next_mistake(app.trainer, idx, test->count, &searched);
            if (m >= 0) {
                app.select_test_sample(m);
            } else {
                app.notify("No wrong answer among the next " + text::thousands(searched) + " test images.");
                app.select_test_sample((idx + searched) % test->count);
            }
        }
        ui::tooltip("Jump to the next test image the network gets wrong");
    }
    if (drawn) {
        ImGui::TextColored(ui::readable(ImVec4(0.55f, 0.75f, 1.0f, 1)), "Showing your drawing (from Draw a digit).");
        if (have_tests) ui::tooltip("The arrows and the number go back to the test images");
    }

    const SampleView v = app.sample_view();
    const float* pixels = app.sample_pixels();
    if (v.predicted < 0 || !pixels) {
        ImGui::TextDisabled(drawn ? "The drawing pad is empty." : "This image does not fit the network.");
        return;
    }
    bool finite = true;
    for (float o : v.outputs) finite = finite && std::isfinite(o);
    if (!finite) {
        ImGui::PushStyleColor(ImGuiCol_Text, ui::readable(ImVec4(1.0f, 0.55f, 0.35f, 1)));
        ui::wrapped("The outputs for this image are not numbers: the weights have grown too large (the learning "
                    "rate was too high). " + app.too_large_advice());
        ImGui::PopStyleColor();
        return;
    }
    const int label = app.sample_label();
    if (label >= 0) {
        const bool right = v.predicted == label;
        ImGui::TextColored(ui::readable(right ? ImVec4(0.45f, 0.85f, 0.50f, 1) : ImVec4(1.0f, 0.55f, 0.35f, 1)),
                           "%s %d · network says %d (%.2f)%s", drawn ? "You meant" : "Label", label, v.predicted,
                           v.outputs[v.predicted], right ? "" : " · wrong");
    } else {
        ImGui::Text("Network says %d (%.2f)", v.predicted, v.outputs[v.predicted]);
        ui::tooltip("Say which digit you meant (in Draw a digit) to see the loss");
    }

    // The digit and the ten outputs side by side when there is room, and the
    // table beside them when there is room for all three (31 em).
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool wide = avail >= 31 * em;
    const float left = wide ? std::floor(std::max(avail * 0.5f, 17 * em)) : avail;  // digit and bars
    const bool side = left >= 17 * em;
    const float img = std::floor(std::min(side ? left * 0.42f : left, 11.0f * em) / 28.0f) * 28.0f;
    const float cell = std::max(1.0f, img / 28.0f);
    const float bars_h = std::max(cell * 28, 10 * em);
    ImGui::BeginGroup();
    if (plot::image_item("##digit", cell, pixels, 28, 28, plot::ColorMap::Gray, 1.0f, &app.atlas)) {
        const ImVec2 p0 = ImGui::GetItemRectMin();
        const ImVec2 m = ImGui::GetIO().MousePos;
        const int c = std::clamp(int((m.x - p0.x) / cell), 0, 27), r = std::clamp(int((m.y - p0.y) / cell), 0, 27);
        ui::tooltip_text(text::printf("%s, pixel (%d, %d): %.2f", app.sample_name().c_str(), c, r, pixels[r * 28 + c]));
    }
    if (side) ImGui::SameLine();
    plot::bars("##outputs", ImVec2(side ? left - img - ImGui::GetStyle().ItemSpacing.x : left, bars_h), v.outputs, 10,
               v.predicted, label);
    ui::tooltip(label >= 0 ? "The ten outputs: the accent bar is the network's answer, the outlined one the right digit"
                           : "The ten outputs: the accent bar is the network's answer");
    ImGui::EndGroup();
    if (label < 0) {
        ui::hint("Without the digit you meant there is no target, so no squared differences and no loss.");
        return;
    }
    if (wide) ImGui::SameLine();

    // The loss the network is trained with, term by term: the lecture's squared
    // differences, or for softmax + cross-entropy -target_i log(out_i), which
    // only the right digit's row has.
    const NetConfig& n = app.trainer.net_config();
    const bool mse = n.output == OutputLoss::SigmoidMSE;
    ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(ImGui::GetStyle().CellPadding.x, 1.0f));
    if (ImGui::BeginTable("diffs", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                                          ImGuiTableFlags_BordersInnerH)) {
        // Widths in proportion to the headers, so "(out − target)²" fits a narrow column.
        ImGui::TableSetupColumn("digit", ImGuiTableColumnFlags_WidthStretch, 0.7f);
        ImGui::TableSetupColumn("output", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("target", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn(mse ? "(out − target)²" : "−target · log out", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableHeadersRow();
        for (int i = 0; i < 10; ++i) {
            ImGui::TableNextRow();
            const bool mark = i == label || i == v.predicted;
            if (mark)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1,
                                       i == label ? IM_COL32(60, 110, 70, 110) : IM_COL32(140, 80, 30, 110));
            ImGui::TableNextColumn();
            ImGui::Text("%d", i);
            ImGui::TableNextColumn();
            ImGui::Text("%.3f", v.outputs[i]);
            ImGui::TableNextColumn();
            ImGui::Text("%d", i == label ? 1 : 0);
            ImGui::TableNextColumn();
            if (mse) ImGui::Text("%.4f", v.squared_diff[i]);
            else if (i == label) ImGui::Text("%.4f", v.loss);
            else ImGui::TextDisabled("0");
        }
        ImGui::EndTable();
    }
    ImGui::PopStyleVar();
    if (mse) {
        ui::wrapped("Sum of the squared differences " + text::printf("%.4f", v.sum_squared) + "; divided by the " +
                    std::to_string(n.outputs) + " outputs: this image's loss " + text::printf("%.4f", v.loss) + ".");
    } else {
        ui::wrapped("Cross-entropy: only the right digit's output counts. This image's loss −log out(" +
                    std::to_string(label) + ") = −log " + text::printf("%.4f", v.outputs[label]) + " = " +
                    text::printf("%.4f", v.loss) + ".");
    }
    ui::hint("The cost is the mean of this loss over the training images.");
}

//-----------------------------------------------------------------------------
// [SECTION] Confusion matrix and per-class accuracy
//-----------------------------------------------------------------------------

void panel_confusion(AppCore& app) {
    app.panels_drawn.push_back("confusion");
    const EvalResult& e = app.trainer.last_eval();
    const float em = ImGui::GetFontSize();
    if (e.samples == 0) ImGui::TextDisabled("No test evaluation yet: press Train or Step.");
    else
        ui::wrapped(text::percent(e.accuracy) + " right on " + text::thousands(e.samples) + " test images (step " +
                    text::thousands(e.at_step) + ").");
    int counts[100];
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 10; ++c) counts[r * 10 + c] = e.confusion[r][c];
    // The matrix fills the panel; its last column is each digit's accuracy.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(std::max(avail.x, 12 * em), std::max(std::min(avail.y, avail.x), 12 * em));
    const float* per_class = e.samples > 0 ? e.class_accuracy.data() : nullptr;
    ImVec4 grid;
    const int hovered =
        plot::matrix("##confusion", size, counts, 10, 10, "true", "predicted", per_class, "right", &grid);
    const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    // The cells' area, so that tests can click a cell (cell r, c is at row r, column c of 10).
    app.widgets.push_back({"confusion_cells", {grid.x, grid.y, grid.z, grid.w, ImGui::IsItemVisible(), "", true}});
    // The keyboard's and a screen reader's pick of a cell (a click on one for the pointer): a
    // list of the 100 cells over the matrix, index true x 10 + answer, which opens the gallery
    // on that cell's images.
    {
        const ImGuiID cid = ImGui::GetID("##a11y_cells");
        if (a11y::building()) {
            std::vector<std::string> names;
            for (int r = 0; r < 10; ++r)
                for (int c = 0; c < 10; ++c)
                    names.push_back(r == c ? std::to_string(counts[r * 10 + c]) + " images of a " + std::to_string(r) + " read right"
                                           : std::to_string(counts[r * 10 + c]) + " images of a " + std::to_string(r) +
                                                 " read as " + std::to_string(c));
            a11y::add_combo("Confusion matrix cell: show its images", cid, grid.x, grid.y, grid.z, grid.w,
                            std::move(names), -1);
        }
        if (int k = 0; a11y::take_choice(cid, &k) && k >= 0 && k < 100 && e.samples > 0) {
            TestQuery q;
            q.filter = TestFilter::Cell;
            q.digit = k / 10;
            q.predicted = k % 10;
            app.open_gallery(q);
        }
    }
    if (hovered >= 0) {
        const int r = hovered / 10, c = hovered % 10;
        int total = 0;
        for (int k = 0; k < 10; ++k) total += counts[r * 10 + k];
        if (ui::begin_tooltip()) {
            if (r == c) ImGui::Text("%d of the %d test images of a %d read right", counts[hovered], total, r);
            else ImGui::Text("%d of the %d test images of a %d read as %d", counts[hovered], total, r, c);
            if (e.samples > 0) ImGui::TextDisabled("%s to see them in the gallery", ui::click_word());
            ui::end_tooltip();
        }
        if (clicked && e.samples > 0) {
            TestQuery q;
            q.filter = TestFilter::Cell;
            q.digit = r;
            q.predicted = c;
            app.open_gallery(q);
        }
    }
}

//-----------------------------------------------------------------------------
// [SECTION] First layer's weights as images
//-----------------------------------------------------------------------------
// Row k of the first weight matrix W (out, 784) is what neuron k "looks for":
// drawn as a 28x28 image, orange where a bright pixel raises its input, blue
// where it lowers it, each image scaled to its own largest weight.

void panel_weights(AppCore& app) {
    app.panels_drawn.push_back("weights");
    const auto& layers = app.trainer.model().layers();
    if (layers.empty() || layers[0].in != 28 * 28) {
        ImGui::TextDisabled("No first layer to show.");
        return;
    }
    const DenseLayer& L = layers[0];
    const float em = ImGui::GetFontSize();
    // Each image is up to 784 rectangles (4 vertices each). With 16-bit draw
    // indices (WebGL2 has no vertex offsets) a window's draw list must stay
    // under 65,536 vertices: 16 images; the build's 32-bit indices allow more
    // per page (web/web.cmake).
    constexpr int kPerPage = sizeof(ImDrawIdx) >= 4 ? 36 : 16;
    const int pages = (L.out + kPerPage - 1) / kPerPage;
    int& page = app.ui.weights_page;
    page = std::clamp(page, 0, pages - 1);
    const int first = page * kPerPage, count = std::min(kPerPage, L.out - first);

    ImGui::TextWrapped("Each image is one %s neuron's 784 weights: orange pixels raise its input, blue ones lower it.",
                       layers.size() == 1 ? "output" : "first-layer");
    if (layers.size() == 1) ui::hint("With no hidden layer these are the output neurons: one template per digit.");
    if (pages > 1) {
        if (ImGui::ArrowButton("##wprev", ImGuiDir_Left)) page = std::max(0, page - 1);
        a11y::name_last("Previous neurons");
        ImGui::SameLine();
        if (ImGui::ArrowButton("##wnext", ImGuiDir_Right)) page = std::min(pages - 1, page + 1);
        a11y::name_last("Next neurons");
        ImGui::SameLine();
        ImGui::Text("neurons %d to %d of %d", first + 1, first + count, L.out);
    }
    // The largest square images that fit the area, all neurons of the page visible.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = 3;
    float best = 0;
    int cols = 1;
    for (int c = 1; c <= count; ++c) {
        const int rows = (count + c - 1) / c;
        const float s = std::min((avail.x - (c - 1) * gap) / c, (avail.y - (rows - 1) * gap) / rows);
        if (s > best) { best = s; cols = c; }
    }
    const float cell = std::max(1.0f, std::floor(std::max(best, 28.0f) / 28.0f * 4.0f) / 4.0f);
    cols = std::max(1, std::min(cols, int((avail.x + gap) / (28 * cell + gap))));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    for (int k = 0; k < count; ++k) {
        const int neuron = first + k;
        const float* w = L.W.data() + size_t(neuron) * L.in;
        float m = 0;
        for (int i = 0; i < L.in; ++i) m = std::max(m, std::fabs(w[i]));
        ImGui::PushID(neuron);
        if (k % cols) ImGui::SameLine();
        if (plot::image_item("##w", cell, w, 28, 28, plot::ColorMap::Diverging, m > 0 ? m : 1.0f, &app.atlas)) {
            const ImVec2 p0 = ImGui::GetItemRectMin(), mouse = ImGui::GetIO().MousePos;
            const int x = std::clamp(int((mouse.x - p0.x) / cell), 0, 27), y = std::clamp(int((mouse.y - p0.y) / cell), 0, 27);
            if (ui::begin_tooltip()) {
                ImGui::Text("Neuron %d, weight from pixel (%d, %d): %.3g", neuron + 1, x, y, w[y * 28 + x]);
                ImGui::TextDisabled("weights %.3g to %.3g (scale ±%.3g), bias %.3g", *std::min_element(w, w + L.in),
                                    *std::max_element(w, w + L.in), m, L.b[neuron]);
                ui::end_tooltip();
            }
        }
        ImGui::PopID();
    }
    ImGui::PopStyleVar();
    (void)em;
}

}  // namespace nnplay
