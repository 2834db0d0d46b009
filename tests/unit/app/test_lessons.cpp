// Course pages (issue 9), the App's side, headless: lesson presets load with
// their text and stop after their epochs; panels= shows only the named
// panels and gives their room to the others; controls= shows only the named
// controls (and their keys); lock= leaves the controls disabled and every
// door refusing the change; the Share query reproduces the settings and the
// same steps give bit-identical costs; and frames of 480 to 800 px keep the
// curves and the learning rate in view together.
#include <doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "engine/settings/presets.h"
#include "headless.h"
#include "web/app/app_core.h"
#include "web/app/layout.h"

using namespace nnplay;
using namespace nnplay::testing;
using json = nlohmann::json;

namespace {

bool drew(const App& app, const char* panel) {
    const auto p = app.panels_drawn();
    return std::find(p.begin(), p.end(), panel) != p.end();
}

bool has_widget(const App& app, const char* name) { return app.state_json()["widgets"].contains(name); }

// The URL's query as configure_text's pairs ("a=1&b=2,3" -> {a: "1"}, {b: "2,3"}),
// decoding %XX as the page's URLSearchParams does.
std::vector<std::pair<std::string, std::string>> query_pairs(const std::string& q) {
    auto decode = [](const std::string& s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '%' && i + 2 < s.size()) {
                out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
                i += 2;
            } else {
                out += s[i] == '+' ? ' ' : s[i];
            }
        }
        return out;
    };
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start < q.size()) {
        std::size_t amp = q.find('&', start);
        if (amp == std::string::npos) amp = q.size();
        const std::string part = q.substr(start, amp - start);
        const std::size_t eq = part.find('=');
        out.emplace_back(decode(part.substr(0, eq)), eq == std::string::npos ? "" : decode(part.substr(eq + 1)));
        start = amp + 1;
    }
    return out;
}

// A widget's rectangle lies inside the display (fully in view).
bool in_view(const json& w, ImVec2 size) {
    return w["visible"].get<bool>() && w["x"].get<float>() >= 0 && w["y"].get<float>() >= 0 &&
           w["x"].get<float>() + w["w"].get<float>() <= size.x + 0.5f &&
           w["y"].get<float>() + w["h"].get<float>() <= size.y + 0.5f;
}

// Every visible top-level window (not children, which their parents clip).
std::vector<ImGuiWindow*> top_windows() {
    std::vector<ImGuiWindow*> out;
    for (ImGuiWindow* w : GImGui->Windows)
        if (w->WasActive && !w->Hidden && !(w->Flags & ImGuiWindowFlags_ChildWindow) &&
            !(w->Flags & (ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup)) && std::string(w->Name) != "##messages")
            out.push_back(w);
    return out;
}

// The tiled windows fill the display without overlapping.
void check_tiles(ImVec2 size) {
    float area = 0;
    const auto wins = top_windows();
    for (ImGuiWindow* a : wins) {
        CAPTURE(a->Name);
        CHECK(a->Pos.x >= -0.5f);
        CHECK(a->Pos.y >= -0.5f);
        CHECK(a->Pos.x + a->Size.x <= size.x + 0.5f);
        CHECK(a->Pos.y + a->Size.y <= size.y + 0.5f);
        area += a->Size.x * a->Size.y;
        for (ImGuiWindow* b : wins) {
            if (a == b) continue;
            const float ox = std::min(a->Pos.x + a->Size.x, b->Pos.x + b->Size.x) - std::max(a->Pos.x, b->Pos.x);
            const float oy = std::min(a->Pos.y + a->Size.y, b->Pos.y + b->Size.y) - std::max(a->Pos.y, b->Pos.y);
            CHECK_MESSAGE(!(ox > 0.5f && oy > 0.5f), a->Name, " overlaps ", b->Name);
        }
    }
    CHECK(area == doctest::Approx(size.x * size.y).epsilon(0.001));
}

}  // namespace

//-----------------------------------------------------------------------------
// Compact frames
//-----------------------------------------------------------------------------

TEST_CASE("frames from 480 to 800 px wide keep the curves and the learning rate in view together") {
    // Two 640x480 iframes in a course page, and the sizes around them.
    for (const ImVec2 size : {ImVec2(480, 360), ImVec2(638, 480), ImVec2(640, 480), ImVec2(800, 600)}) {
        CAPTURE(size.x);
        CAPTURE(size.y);
        App app;
        Headless h(app);
        load(app);
        h.frames(app, 4, size);
        app.step(30);
        h.frames(app, 3, size);
        const json st = app.state_json();
        const json w = st["widgets"];
        // Without scrolling: every window at the top of its content.
        for (ImGuiWindow* win : top_windows()) {
            CAPTURE(win->Name);
            CHECK(win->Scroll.y == 0);
        }
        for (const char* name : {"train", "step", "lr", "lr_typed", "cost_plot"}) {
            CAPTURE(name);
            REQUIRE(w.contains(name));
            CHECK(in_view(w[name], size));
        }
        // The cost plot is a plot, not a sliver: at least 9 em tall and 40% of the width.
        CHECK(w["cost_plot"]["h"].get<float>() >= 9 * 16);
        CHECK(w["cost_plot"]["w"].get<float>() >= 0.4f * size.x);
        // The accuracy plot too, when the frame is tall enough for both.
        if (size.y >= 480) CHECK(in_view(w["accuracy_plot"], size));
        check_tiles(size);
        MESSAGE(size.x << "x" << size.y << ": layout " << st["layout"].get<std::string>() << ", lr at y "
                       << w["lr"]["y"].get<float>() << ", cost plot " << w["cost_plot"]["w"].get<float>() << " x "
                       << w["cost_plot"]["h"].get<float>() << " at y " << w["cost_plot"]["y"].get<float>());
    }
}

TEST_CASE("frames of 640x480 and 800x600 show the views as tabs beside the curves") {
    for (const ImVec2 size : {ImVec2(640, 480), ImVec2(800, 600)}) {
        App app;
        Headless h(app);
        load(app);
        h.frames(app, 3, size);
        CHECK(app.state_json()["windows"]["views_with_plots"] == true);
        CHECK(drew(app, "cost"));
        for (const char* v : {"confusion", "weights", "sample"}) {
            REQUIRE(app.configure({{"view", v}}) == "");
            h.frames(app, 3, size);
            CHECK_MESSAGE(drew(app, v), v);
            CHECK_FALSE(drew(app, "cost"));  // the view's tab, in the curves' place
        }
        // Back to the curves by their tab.
        REQUIRE(h.click(app, "tab_curves", size));
        h.frames(app, 2, size);
        CHECK(drew(app, "cost"));
    }
}

//-----------------------------------------------------------------------------
// Panels
//-----------------------------------------------------------------------------

TEST_CASE("layout: hidden panels give their room to the others") {
    LayoutParts only_plots;
    only_plots.controls = false;
    only_plots.views = 0;
    only_plots.lecture_views = 0;
    const Layout a = compute_layout(1280, 800, 16, only_plots);
    CHECK(a.controls.empty());
    CHECK(a.views.empty());
    CHECK(a.cost.x == 0);
    CHECK(a.cost.w == 1280);
    CHECK(a.cost.h == 800);
    LayoutParts no_controls;
    no_controls.controls = false;
    no_controls.views = 1;
    no_controls.lecture_views = 1;
    const Layout b = compute_layout(1280, 800, 16, no_controls);
    CHECK(b.cost.w == 1280);
    CHECK(b.views.w == 1280);
    CHECK(b.views_side_by_side);  // one view needs no tabs
    CHECK(compute_layout(640, 480, 16, no_controls).views_with_plots);  // too short: a tab beside the curves
    LayoutParts views_only;
    views_only.plots = 0;
    const Layout c = compute_layout(1280, 800, 16, views_only);
    CHECK(c.cost.empty());
    CHECK(c.views.y == 0);
    CHECK(c.views.h == 800);
    CHECK(c.views.x == c.controls.right());
    // A lesson strip sits over the right side (or the column) and takes its height from it.
    LayoutParts lesson;
    lesson.lesson_h = 100;
    const Layout d = compute_layout(1280, 800, 16, lesson);
    CHECK(d.lesson.x == d.controls.right());
    CHECK(d.lesson.h == 100);
    CHECK(d.cost.y == 100);
    CHECK(d.views.bottom() == 800);
    const Layout e = compute_layout(480, 360, 16, lesson);
    CHECK(e.kind == LayoutKind::Column);
    CHECK(e.lesson.w == 480);
    CHECK(e.column.y == 100);
    CHECK(e.column.bottom() == 360);
}

TEST_CASE("panels= shows only the named panels, and they fill the frame") {
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(640, 480), ImVec2(480, 360)}) {
        CAPTURE(size.x);
        App app;
        Headless h(app);
        load(app);
        REQUIRE(app.configure_text({{"panels", "cost,sample"}}).empty());
        h.frames(app, 3, size);
        if (ImGuiWindow* col = ImGui::FindWindowByName("nnplay"); col && col->WasActive) {
            // One column: the view is under the curves; scroll there (ImGui skips what is out of view).
            ImGui::SetScrollY(col, col->ScrollMax.y);
            h.frames(app, 2, size);
        }
        CHECK(app.state_json()["panels"] == json({"cost", "sample"}));
        CHECK(drew(app, "cost"));
        // The one view: beside or under the curves, or a tab beside them (640x480).
        CHECK((drew(app, "sample") || has_widget(app, "tab_sample")));
        for (const char* p : {"run", "status", "network", "training", "confusion", "weights"}) CHECK_FALSE(drew(app, p));
        CHECK(has_widget(app, "cost_plot"));
        CHECK_FALSE(has_widget(app, "accuracy_plot"));
        CHECK_FALSE(has_widget(app, "train"));
        CHECK_FALSE(has_widget(app, "tab_confusion"));
        if (size.x >= 640) {
            const ImGuiWindow* controls = ImGui::FindWindowByName("Controls");
            CHECK((controls == nullptr || !controls->WasActive));
            check_tiles(size);
        }
        // The cost plot alone takes what the accuracy plot left.
        const json w = app.state_json()["widgets"];
        CHECK(w["cost_plot"]["h"].get<float>() >= 10 * 16);
    }
    // Every name alone, and "all".
    App app;
    Headless h(app);
    load(app);
    for (const char* p : {"cost", "accuracy", "controls", "sample", "confusion", "weights"}) {
        CAPTURE(p);
        REQUIRE(app.configure({{"panels", p}}) == "");
        h.frames(app, 2, ImVec2(1280, 800));
        const bool plots = drew(app, "cost");
        CHECK(plots == (p == std::string("cost") || p == std::string("accuracy")));
        CHECK(has_widget(app, "cost_plot") == (p == std::string("cost")));
        CHECK(has_widget(app, "accuracy_plot") == (p == std::string("accuracy")));
        CHECK(drew(app, "run") == (p == std::string("controls")));
        for (const char* v : {"sample", "confusion", "weights"}) CHECK(drew(app, v) == (p == std::string(v)));
        check_tiles(ImVec2(1280, 800));
    }
    REQUIRE(app.configure_text({{"panels", "all"}}).empty());
    CHECK(app.settings().panels == Settings{}.panels);
    // At least one panel: an empty list is refused with the table's message.
    const auto refused = app.configure_text({{"panels", ""}});
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].second.find("panels must be one or more names") == 0);
}

//-----------------------------------------------------------------------------
// Controls
//-----------------------------------------------------------------------------

TEST_CASE("controls= shows only the named controls, and keys follow their buttons") {
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure_text({{"controls", "train,lr"}}).empty());
    h.frames(app, 3, ImVec2(1280, 800));
    for (const char* w : {"train", "lr", "lr_typed"}) CHECK_MESSAGE(has_widget(app, w), w);
    for (const char* w : {"step", "epoch", "reset", "new_seed", "share", "speed", "batch", "optimizer", "layer1_width",
                          "layer1_activation", "add_layer", "output", "seed", "log_y", "preset", "epochs"})
        CHECK_MESSAGE(!has_widget(app, w), w);
    CHECK(drew(app, "status"));  // the status line always shows
    CHECK_FALSE(drew(app, "network"));
    CHECK_FALSE(drew(app, "training"));
    // S and R do nothing without their buttons; Space trains with Train shown.
    ImGuiIO& io = ImGui::GetIO();
    io.AddInputCharacter('s');
    h.frame(app, ImVec2(1280, 800));
    CHECK(app.state_json()["step"] == 0);
    io.AddInputCharacter(' ');
    h.frames(app, 3, ImVec2(1280, 800));
    CHECK(app.state_json()["running"] == true);
    CHECK(app.state_json()["step"].get<long long>() > 0);
    io.AddInputCharacter('r');
    h.frame(app, ImVec2(1280, 800));
    CHECK(app.state_json()["step"].get<long long>() > 0);
    // The training section shows with one of its controls.
    REQUIRE(app.configure({{"controls", {"batch"}}}) == "");
    h.frames(app, 2, ImVec2(1280, 800));
    CHECK(has_widget(app, "batch"));
    CHECK_FALSE(has_widget(app, "lr"));
    CHECK(drew(app, "training"));
    CHECK_FALSE(drew(app, "network"));
    // Unknown control names are refused by the table.
    CHECK(app.configure({{"controls", {"train", "fly"}}}).find("controls must be") == 0);
}

TEST_CASE("controls a page names show in a strip where panels leaves the column out, and state().view is the view shown") {
    // Issue 19: panels=cost,diagram&controls=train,lr showed neither the Train
    // button nor the learning rate and said nothing; state().view said sample
    // while only the diagram showed.
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(640, 480), ImVec2(480, 360)}) {
        CAPTURE(size.x);
        App app;
        Headless h(app);
        load(app);
        REQUIRE(app.configure_text({{"panels", "cost,diagram"}, {"controls", "train,lr"}}).empty());
        h.frames(app, 4, size);
        const json st = app.state_json();
        CHECK(st["view"] == "diagram");
        for (const char* w : {"train", "lr"}) {
            CAPTURE(w);
            REQUIRE(st["widgets"].contains(w));
            CHECK(in_view(st["widgets"][w], size));  // drawn, visible, inside the frame
        }
        for (const char* w : {"step", "epoch", "reset", "batch", "speed"}) CHECK_MESSAGE(!has_widget(app, w), w);
        CHECK(drew(app, "strip"));
        CHECK_FALSE(drew(app, "status"));  // a strip, not the column
        CHECK(has_widget(app, "strip_status"));  // with the status line, which always shows
        CHECK(st["warnings"].empty());
        CHECK(st["message"] == "");
        if (size.x >= 640) {
            CHECK(st["windows"]["strip"]["w"] == size.x);
            CHECK(st["windows"]["controls"]["w"] == 0);
            check_tiles(size);  // the strip takes its room from the others, overlapping none
        }
        // The button and the slider work.
        REQUIRE(h.click(app, "train", size));
        h.frames(app, 3, size);
        CHECK(app.state_json()["running"] == true);
        CHECK(app.state_json()["step"].get<long long>() > 0);
    }
    // panels alone: the view shown is the one state() names, whatever view was asked before.
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure({{"view", "confusion"}}) == "");
    REQUIRE(app.configure_text({{"panels", "cost,gradient"}}).empty());
    h.frames(app, 3, ImVec2(1280, 800));
    CHECK(app.state_json()["view"] == "gradient");
    CHECK(drew(app, "gradient"));
    CHECK_FALSE(has_widget(app, "train"));  // no controls named: no strip
    CHECK_FALSE(drew(app, "strip"));
    // Two views: the first the panels show, and a click on the other tab is what state() says.
    REQUIRE(app.configure_text({{"panels", "cost,diagram,draw"}}).empty());
    h.frames(app, 3, ImVec2(1280, 800));
    CHECK(app.state_json()["view"] == "diagram");
    REQUIRE(h.click(app, "tab_draw", ImVec2(1280, 800)));
    CHECK(app.state_json()["view"] == "draw");
}

TEST_CASE("a control whose plot or view panels leaves out is warned about, once, naming the conflict") {
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure_text({{"panels", "diagram"}, {"controls", "train,log_y,files"}}).empty());
    h.frames(app, 3, ImVec2(1280, 800));
    json st = app.state_json();
    REQUIRE(st["warnings"].size() == 1);
    const std::string w = st["warnings"][0].get<std::string>();
    CHECK(w.find("controls names log_y, which sits on the cost plot, but panels leaves it out") != std::string::npos);
    CHECK(w.find("files, which sits on the plots") != std::string::npos);
    CHECK(st["message"] == w);  // the notice says it
    CHECK(has_widget(app, "train"));  // what can show, shows
    // Said once: another change does not repeat it, and it stays in warnings.
    REQUIRE(app.configure({{"lr", 0.5}}) == "");
    CHECK(app.state_json()["warnings"].size() == 1);
    app.state_json();
    // Once the plots show, nothing is left to warn about.
    REQUIRE(app.configure_text({{"panels", "cost,accuracy,diagram"}}).empty());
    h.frames(app, 3, ImVec2(1280, 800));
    st = app.state_json();
    CHECK(st["warnings"].empty());
    CHECK(has_widget(app, "log_y"));
    // A locked view the panels leave out.
    REQUIRE(app.configure_text({{"view", "sample"}, {"lock", "view"}, {"panels", "cost,diagram"}}).empty());
    st = app.state_json();
    REQUIRE(st["warnings"].size() == 1);
    CHECK(st["warnings"][0].get<std::string>().find("lock fixes the view sample, but panels leaves it out") !=
          std::string::npos);
}

//-----------------------------------------------------------------------------
// Locks
//-----------------------------------------------------------------------------

TEST_CASE("lock= shows the controls disabled and every door refuses the change") {
    App app;
    Headless h(app);
    load(app);
    const ImVec2 size(1280, 800);
    REQUIRE(app.configure_text({{"lr", "0.5"}, {"lock", "lr,hidden,seed,view"}}).empty());
    h.frames(app, 3, size);
    const json w = app.state_json()["widgets"];
    for (const char* name : {"lr", "lr_typed", "layer1_width", "add_layer", "layer1_remove", "new_seed", "seed"}) {
        CAPTURE(name);
        REQUIRE(w.contains(name));
        CHECK(w[name]["disabled"] == true);
    }
    CHECK(w["batch"]["disabled"] == false);
    CHECK(w["train"]["disabled"] == false);
    // configure(), the URL's text and the engine's table say the same.
    const std::string msg = "lr is fixed by this lesson (lock=lr,hidden,seed,view): it stays 0.5";
    CHECK(app.configure({{"lr", 2}}) == msg);
    const auto refused = app.configure_text({{"lr", "2"}, {"batch", "20"}});
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].first == "lr");
    CHECK(refused[0].second == msg);
    CHECK(app.settings().train.batch_size == 20);  // the other key applied
    Settings s = app.settings();
    CHECK(apply_settings(s, {{"lr", 2}}, 10000) == msg);
    // A change that would move a locked value another way: a preset, an architecture.
    CHECK(app.configure({{"preset", "wide"}}).find("is fixed by this lesson") != std::string::npos);
    CHECK(app.configure({{"architecture", "784-32-10"}}).find("hidden is fixed by this lesson") == 0);
    CHECK(app.configure({{"view", "weights"}}).find("view is fixed") == 0);
    // The mouse: dragging the locked slider, clicking New seed and Add a layer change nothing.
    ImGuiIO& io = ImGui::GetIO();
    const json lr = w["lr"];
    io.MousePos = ImVec2(lr["x"].get<float>() + 5, lr["y"].get<float>() + 5);
    h.frame(app, size);
    io.MouseDown[0] = true;
    h.frame(app, size);
    io.MousePos.x += 80;
    h.frames(app, 2, size);
    io.MouseDown[0] = false;
    h.frames(app, 2, size);
    CHECK(app.settings().train.learning_rate == 0.5f);
    REQUIRE(h.click(app, "new_seed", size));
    REQUIRE(h.click(app, "add_layer", size));
    CHECK(app.settings().net.seed == 42);
    CHECK(app.settings().net.hidden == std::vector<int>{16, 16});
    // The locked view's other tabs are disabled (at 800x600, where the views are tabs).
    h.frames(app, 3, ImVec2(800, 600));
    CHECK(app.state_json()["widgets"]["tab_weights"]["disabled"] == true);
    CHECK(app.state_json()["widgets"]["tab_sample"]["disabled"] == false);
    // The page's own script may lift the locks (lock is not lockable), then change.
    CHECK(find_setting("lock")->choices.end() ==
          std::find_if(find_setting("lock")->choices.begin(), find_setting("lock")->choices.end(),
                       [](const char* c) { return std::string(c) == "lock"; }));
    REQUIRE(app.configure({{"lock", json::array()}}) == "");
    CHECK(app.configure({{"lr", 2}}) == "");
    // A value given and locked in one go (data-config="lr=300&lock=lr") holds.
    REQUIRE(app.configure_text({{"lock", "lr"}, {"lr", "300"}}).empty());
    CHECK(app.settings().train.learning_rate == 300.0f);
    CHECK(app.settings().lock == std::vector<std::string>{"lr"});
}

//-----------------------------------------------------------------------------
// Presets
//-----------------------------------------------------------------------------

TEST_CASE("a preset loads with its text, from its first weights, and stops after its epochs") {
    App app;
    Headless h(app);
    load(app, 200, 100);  // 20 steps an epoch at batch 10
    h.frame(app);
    app.step(15);
    const auto refused = app.configure_text({{"preset", "too-large-learning-rate"}});
    CHECK(refused.empty());
    h.frames(app, 3, ImVec2(1280, 800));
    json st = app.state_json();
    CHECK(st["preset"] == "too-large-learning-rate");
    CHECK(st["lesson"]["shown"] == true);
    CHECK(st["lesson"]["title"] == "Learning rate too large");
    CHECK(st["lesson"]["text"].get<std::string>().find("300") != std::string::npos);
    CHECK(st["lr"] == 300);
    CHECK(st["epochs"] == 3);
    CHECK(st["step"] == 0);  // the lesson starts from its first weights
    CHECK(drew(app, "lesson"));
    CHECK(has_widget(app, "preset"));
    CHECK(st["windows"]["lesson"]["h"].get<float>() >= 3 * 16);  // the text has room
    // The run ends with the point made: paused after 3 epochs.
    app.train();
    for (int i = 0; i < 400 && app.state_json()["running"] == true; ++i) h.frame(app, ImVec2(1280, 800));
    st = app.state_json();
    CHECK(st["running"] == false);
    CHECK(st["epoch"] == 3);
    // Hiding the text keeps the lesson's row; the page's own keys change the lesson's setup.
    REQUIRE(h.click(app, "lesson_text", ImVec2(1280, 800)));
    CHECK(app.state_json()["lesson"]["shown"] == false);
    REQUIRE(app.configure_text({{"preset", "wide"}, {"epochs", "2"}}).empty());
    CHECK(app.settings().net.hidden == std::vector<int>{128, 64});
    CHECK(app.settings().epochs == 2);
    CHECK(app.state_json()["lesson"]["shown"] == true);
    // Each preset loads through every door and shows its text.
    for (const Preset& p : presets()) {
        CAPTURE(p.name);
        REQUIRE(app.configure({{"preset", p.name}}) == "");
        h.frames(app, 2, ImVec2(1280, 800));
        CHECK(app.settings() == preset_settings(p));
        CHECK(app.state_json()["lesson"]["text"] == p.text);
    }
    // An unknown preset is refused with the table's message, and nothing changes.
    const auto bad = app.configure_text({{"preset", "nope"}});
    REQUIRE(bad.size() == 1);
    CHECK(bad[0].second.find("preset must be one of lecture, relu-softmax,") == 0);
}

TEST_CASE("the Lesson control loads a preset, and the overfitting one measures the training accuracy") {
    App app;
    Headless h(app);
    load(app, 300, 100);
    const ImVec2 size(1280, 800);
    h.frames(app, 3, size);
    CHECK(app.state_json()["lesson"]["shown"] == false);  // the default page: a row, no text
    CHECK(has_widget(app, "preset"));
    CHECK(app.state_json()["train_set_accuracy"].is_null());
    REQUIRE(app.configure({{"preset", "overfitting"}}) == "");
    CHECK(app.state_json()["train_size"] == 100);
    app.step(50);  // 5 epochs of 100 images
    h.frames(app, 5, size);
    const json st = app.state_json();
    REQUIRE(st["train_set_accuracy"].is_number());
    CHECK(st["train_set_accuracy"].get<double>() >= 0.0);
    CHECK(st["train_set_accuracy"].get<double>() <= 1.0);
    CHECK(st["test_evaluated_at_step"] == 50);
    // Turning it off stops measuring it.
    REQUIRE(app.configure({{"train_accuracy", false}}) == "");
    CHECK(app.state_json()["train_set_accuracy"].is_null());
}

//-----------------------------------------------------------------------------
// Share
//-----------------------------------------------------------------------------

namespace {
// Steps `n` minibatches one at a time and records each minibatch's cost.
std::vector<float> costs(App& app, int n) {
    std::vector<float> c;
    for (int i = 0; i < n; ++i) {
        REQUIRE(app.step(1) == 1);
        c.push_back(app.trainer().stats().batch_cost);
    }
    return c;
}
}  // namespace

TEST_CASE("share: the query of a fresh App names the seeds only") {
    App app;
    CHECK(app.share_query() == "seed=42&shuffle_seed=7");
}

TEST_CASE("share: the query applied to a fresh App gives the same settings and bit-identical costs") {
    struct Setup { const char* what; std::vector<std::pair<std::string, std::string>> pairs; };
    const Setup setups[] = {
        {"settings by hand", {{"hidden", "32,12"}, {"activations", "relu,tanh"}, {"output", "softmax_ce"},
                              {"init", "he"}, {"seed", "123456"}, {"optimizer", "adam"}, {"lr", "0.003"},
                              {"batch", "7"}, {"beta2", "0.99"}, {"weight_decay", "0.0001"}, {"shuffle_seed", "99"},
                              {"train_subset", "150"}, {"view", "weights"}, {"log_y", "true"}}},
        {"a preset changed", {{"preset", "relu-softmax"}, {"lr", "0.07"}, {"panels", "cost,controls,confusion"},
                              {"controls", "train,lr"}, {"lock", "lr"}}},
        {"a preset whose batch outgrows its subset", {{"preset", "overfitting"}, {"train_subset", "160"}, {"batch", "128"}}},
    };
    for (const Setup& s : setups) {
        const std::string what = s.what;
        CAPTURE(what);
        App a;
        Headless h(a);
        load(a, 300, 60);
        REQUIRE(a.configure_text(s.pairs).empty());
        const std::vector<float> first = costs(a, 20);
        const std::string query = a.share_query();
        MESSAGE(what << ": " << query);

        App b;  // no frames needed: commands and settings only
        {
            load(b, 300, 60);
            const auto refused = b.configure_text(query_pairs(query));
            for (const auto& [k, m] : refused) MESSAGE(k << ": " << m);
            CHECK(refused.empty());
            CHECK(b.settings() == a.settings());
            const std::vector<float> again = costs(b, 20);
            REQUIRE(again.size() == first.size());
            for (std::size_t i = 0; i < first.size(); ++i) {
                CAPTURE(i);
                CHECK(std::memcmp(&again[i], &first[i], sizeof(float)) == 0);  // bit-identical
            }
            CHECK(b.share_query() == query);
        }
    }
    // New seed picks a seed the link carries.
    App a;
    Headless h(a);
    load(a);
    REQUIRE(h.click(a, "new_seed"));
    const uint32_t seed = a.settings().net.seed;
    CHECK(seed != 42);
    CHECK(a.share_query() == "seed=" + std::to_string(seed) + "&shuffle_seed=7");
}

TEST_CASE("share: the button shows the link, made by the page's handler when there is one") {
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure({{"lr", 0.5}}) == "");
    std::string asked;
    app.set_share_handler([&](const std::string& q) {
        asked = q;
        return App::ShareLink{"https://example.org/nnplay/index.html?" + q, true};
    });
    REQUIRE(h.click(app, "share", ImVec2(1280, 800)));
    h.frames(app, 2, ImVec2(1280, 800));
    CHECK(asked == "seed=42&lr=0.5&shuffle_seed=7");  // in the table's order
    CHECK(has_widget(app, "share_link"));
    REQUIRE(h.click(app, "share_close", ImVec2(1280, 800)));
    h.frames(app, 2, ImVec2(1280, 800));
    CHECK_FALSE(has_widget(app, "share_link"));
}
