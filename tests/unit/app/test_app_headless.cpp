// The whole UI, headless, at the three display sizes of the issue, with
// training running: draw data, every panel, windows inside the display,
// commands, configure(), keyboard, hover readouts.
#include <doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "headless.h"
#include "web/app/plot.h"

using nnplay::App;
using nnplay::testing::Headless;
using nnplay::testing::load;
using nnplay::testing::str;
using json = nlohmann::json;

namespace {

const ImVec2 kSizes[] = {ImVec2(1920, 1080), ImVec2(800, 600), ImVec2(360, 640)};

bool drew(const App& app, const char* panel) {
    const auto p = app.panels_drawn();
    return std::find(p.begin(), p.end(), panel) != p.end();
}

// Every visible top-level window (not children, which their parents clip).
std::vector<ImGuiWindow*> top_windows() {
    std::vector<ImGuiWindow*> out;
    for (ImGuiWindow* w : GImGui->Windows)
        if (w->WasActive && !w->Hidden && !(w->Flags & ImGuiWindowFlags_ChildWindow)) out.push_back(w);
    return out;
}

}  // namespace

TEST_CASE("the font is Inter, rasterized for the pixel ratio") {
    App app;
    {
        Headless h(app, 1.0f);
        ImFontAtlas* atlas = ImGui::GetIO().Fonts;
        REQUIRE(atlas->Fonts.Size == 1);
        CHECK(atlas->Fonts[0]->FontSize == doctest::Approx(16.0f));
        CHECK(atlas->Fonts[0]->FindGlyphNoFallback('A') != nullptr);
        CHECK(atlas->Fonts[0]->FindGlyphNoFallback(0x03B2) != nullptr);  // β, used in the Adam settings
        CHECK(atlas->Fonts[0]->FindGlyphNoFallback(0x2192) != nullptr);  // →, used in change markers
        CHECK(ImGui::GetIO().FontGlobalScale == doctest::Approx(1.0f));
    }
    {
        Headless h(app, 2.0f);
        ImFontAtlas* atlas = ImGui::GetIO().Fonts;
        REQUIRE(atlas->Fonts.Size == 1);
        CHECK(atlas->Fonts[0]->FontSize == doctest::Approx(32.0f));
        CHECK(ImGui::GetIO().FontGlobalScale == doctest::Approx(0.5f));
        h.frame(app);
        CHECK(ImGui::GetFontSize() == doctest::Approx(16.0f));  // display units stay the same
    }
}

TEST_CASE("before the data arrives the App says it is loading, and runs frames") {
    App app;
    Headless h(app);
    app.set_loading("Loading MNIST", 0.4f);
    h.frames(app, 3);
    const json s = app.state_json();
    CHECK(str(s, "status") == "loading");
    CHECK(str(s, "status_line").find("40%") != std::string::npos);
    CHECK(s["architecture"] == "784-16-16-10");
    CHECK(s["parameters"] == 13002);
    app.train();  // refused: nothing to train on
    h.frame(app);
    CHECK(app.state_json()["running"] == false);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
}

TEST_CASE("every panel runs at 1920x1080, 800x600 and 360x640, inside the display") {
    App app;
    Headless h(app);
    load(app);
    app.train();
    for (const ImVec2 size : kSizes) {
        CAPTURE(size.x);
        CAPTURE(size.y);
        h.frames(app, 3, size);
        const ImDrawData* dd = ImGui::GetDrawData();
        REQUIRE(dd != nullptr);
        CHECK(dd->Valid);
        CHECK(dd->CmdListsCount > 0);
        CHECK(dd->TotalVtxCount > 1000);
        for (const char* p : {"run", "status", "network", "training", "cost"}) CHECK_MESSAGE(drew(app, p), p);

        const std::string layout = str(app.state_json(), "layout");
        if (size.x == 1920) {
            CHECK(layout == "wide");
            // Wide: the three lecture views side by side, every frame.
            for (const char* p : {"sample", "confusion", "weights"}) CHECK_MESSAGE(drew(app, p), p);
        } else {
            CHECK(layout == (size.x == 800 ? "medium" : "column"));
            // Narrow: tabs; each one can be selected (the page API's view setting).
            if (size.x == 360) {
                // One column: the views are at the bottom; scroll there (ImGui skips what is out of view).
                ImGuiWindow* col = ImGui::FindWindowByName("nnplay");
                REQUIRE(col != nullptr);
                ImGui::SetScrollY(col, col->ScrollMax.y);
                h.frames(app, 2, size);
                CHECK(col->Scroll.y > 0);
            }
            for (const char* v : {"confusion", "weights", "sample"}) {
                REQUIRE(app.configure({{"view", v}}) == "");
                h.frames(app, 2, size);
                CHECK_MESSAGE(drew(app, v), v);
                CHECK(app.state_json()["view"] == v);
            }
        }
        if (layout == "column") {
            CHECK(ImGui::FindWindowByName("nnplay") != nullptr);
            CHECK(ImGui::FindWindowByName("nnplay")->WasActive);
        } else {
            // 800x600: the views are tabs beside the curves, in one window.
            const bool tabbed = app.state_json()["windows"]["views_with_plots"].get<bool>();
            CHECK(tabbed == (size.x == 800));
            for (const char* w : {"Controls", "Cost and accuracy", "Inside the network"}) {
                if (tabbed && w == std::string("Inside the network")) continue;
                ImGuiWindow* win = ImGui::FindWindowByName(w);
                REQUIRE_MESSAGE(win != nullptr, w);
                CHECK_MESSAGE(win->WasActive, w);
            }
        }
        // No window reaches outside the display, and the tiled ones do not overlap.
        const auto wins = top_windows();
        CHECK(!wins.empty());
        for (ImGuiWindow* w : wins) {
            CAPTURE(w->Name);
            CHECK(w->Pos.x >= -0.5f);
            CHECK(w->Pos.y >= -0.5f);
            CHECK(w->Pos.x + w->Size.x <= size.x + 0.5f);
            CHECK(w->Pos.y + w->Size.y <= size.y + 0.5f);
        }
        float area = 0;
        for (ImGuiWindow* a : wins) {
            area += a->Size.x * a->Size.y;
            for (ImGuiWindow* b : wins) {
                if (a == b || (a->Flags & ImGuiWindowFlags_Tooltip) || (b->Flags & ImGuiWindowFlags_Tooltip)) continue;
                const float ox = std::min(a->Pos.x + a->Size.x, b->Pos.x + b->Size.x) - std::max(a->Pos.x, b->Pos.x);
                const float oy = std::min(a->Pos.y + a->Size.y, b->Pos.y + b->Size.y) - std::max(a->Pos.y, b->Pos.y);
                CHECK_MESSAGE(!(ox > 0.5f && oy > 0.5f), a->Name, " overlaps ", b->Name);
            }
        }
        CHECK(area == doctest::Approx(size.x * size.y).epsilon(0.001));  // they fill it
    }
    CHECK(app.state_json()["step"].get<long long>() > 0);  // and it trained all along
}

TEST_CASE("every combo box shows a label that fits it, at every layout and for every choice") {
    App app;
    Headless h(app);
    load(app);
    const json choices[] = {
        {{"hidden", {16, 16}}, {"activations", {"sigmoid", "tanh"}}, {"output", "sigmoid_mse"}, {"init", "glorot"},
         {"optimizer", "sgd"}},
        {{"activations", {"relu", "leaky_relu"}}, {"output", "softmax_ce"}, {"init", "he"}, {"optimizer", "momentum"}},
        {{"activations", {"identity", "identity"}}, {"init", "normal"}, {"optimizer", "adam"}},
    };
    const ImVec2 sizes[] = {ImVec2(1920, 1080), ImVec2(1280, 800), ImVec2(800, 600), ImVec2(360, 640)};
    int combos = 0, shortened = 0;
    for (const json& c : choices) {
        REQUIRE(app.configure(c) == "");
        for (const ImVec2 size : sizes) {
            CAPTURE(size.x);
            h.frames(app, 3, size);
            const json w = app.state_json()["widgets"];
            for (const char* name : {"layer1_activation", "layer2_activation", "output", "init", "optimizer"}) {
                CAPTURE(name);
                REQUIRE(w.contains(name));
                REQUIRE(w[name].contains("label"));
                CAPTURE(w[name]["label"].get<std::string>());
                CHECK(w[name]["label_fits"] == true);
                ++combos;
                if (w[name]["label"] == "Sigmoid + MSE (lecture)" || w[name]["label"] == "Softmax + cross-entropy" ||
                    w[name]["label"] == "Glorot / Xavier uniform")
                    continue;
                if (std::string(name) == "output" || std::string(name) == "init") ++shortened;
            }
            if (size.x == 1920) {  // room for the full names there
                CHECK(w["output"]["label"].get<std::string>().find(" + ") != std::string::npos);
                CHECK(w["output"]["label"].get<std::string>().size() > 20);
            }
        }
    }
    CHECK(combos == 3 * 4 * 5);
    CHECK(shortened > 0);  // the narrow layouts did need the shorter names

    // A shortened box names the full choice in a tooltip.
    REQUIRE(app.configure({{"output", "softmax_ce"}}) == "");
    const ImVec2 small(800, 600);
    h.frames(app, 3, small);
    const json o = app.state_json()["widgets"]["output"];
    REQUIRE(o["label"] != "Softmax + cross-entropy");
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(o["x"].get<float>() + 10, o["y"].get<float>() + o["h"].get<float>() * 0.5f);
    h.frames(app, 3, small);
    bool tooltip = false;
    for (ImGuiWindow* t : top_windows())
        if (t->Flags & ImGuiWindowFlags_Tooltip) tooltip = true;
    CHECK(tooltip);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
}

TEST_CASE("training runs inside the frames: steps, evaluations, history, counters") {
    App app;
    Headless h(app);
    load(app);
    h.frame(app);
    CHECK(str(app.state_json(), "status") == "ready");
    app.train();
    for (int i = 0; i < 600 && app.state_json()["epoch"].get<int>() < 10; ++i) h.frame(app);
    const json s = app.state_json();
    CHECK(str(s, "status") == "training");
    CHECK(s["running"] == true);
    CHECK(s["step"].get<long long>() > 0);
    CHECK(s["samples_seen"].get<long long>() >= s["step"].get<long long>());
    CHECK(s["epoch"].get<int>() >= 10);
    CHECK(s["train_cost"].is_number());
    CHECK(s["test_accuracy"].is_number());
    CHECK(s["test_cost"].is_number());
    CHECK(s["evaluations"].get<int>() >= 10);  // at least one per epoch
    CHECK(s["train_ms"].get<double>() > 0);
    CHECK(s["draw_ms"].get<double>() > 0);
    CHECK(s["budget_ms"].get<double>() <= 15.0);
    CHECK(s["seconds_trained"].get<double>() > 0);
    // The synthetic digits are easy: ten epochs of the lecture's network learn them.
    CHECK(s["test_accuracy"].get<double>() > 0.5);
    CHECK(str(s, "status_line").rfind("Training: epoch", 0) == 0);
    app.pause();
    h.frame(app);
    CHECK(str(app.state_json(), "status") == "paused");
    CHECK(str(app.state_json(), "status_line").rfind("Paused", 0) == 0);
}

TEST_CASE("the frame rate is measured from the frames' times, and training stays within its budget") {
    App app;
    Headless h(app);
    load(app);
    app.train();
    // Displays refreshing 30, 60 and 144 times a second (simulated time).
    for (const double hz : {30.0, 60.0, 144.0}) {
        CAPTURE(hz);
        h.dt = 1.0 / hz;
        h.frames(app, 90);
        CHECK(app.state_json()["fps"].get<double>() == doctest::Approx(hz).epsilon(0.03));
    }
    // Real time: the frames take what building the UI and training take, as
    // they come. The App's frame time, a mean over its last frames, must lie
    // within the shortest and longest of those frames as the test timed them.
    h.real_time = true;
    h.frames(app, 5);
    std::vector<double> ms;
    for (int i = 0; i < 120; ++i) {
        const double before = h.now;
        h.frame(app);
        ms.push_back(1000.0 * (h.now - before));
    }
    const json s = app.state_json();
    const double lo = *std::min_element(ms.begin(), ms.end()), hi = *std::max_element(ms.begin(), ms.end());
    CAPTURE(lo);
    CAPTURE(hi);
    CHECK(s["frame_ms"].get<double>() >= lo * 0.99);
    CHECK(s["frame_ms"].get<double>() <= hi * 1.01);
    CHECK(s["fps"].get<double>() == doctest::Approx(1000.0 / s["frame_ms"].get<double>()).epsilon(0.01));
    CHECK(s["running"] == true);
}

TEST_CASE("the speed setting limits steps per second") {
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure({{"speed", 10}}) == "");
    app.train();
    h.frame(app);
    const long long s0 = app.state_json()["step"];
    h.frames(app, 120);  // two seconds of app time
    const long long steps = app.state_json()["step"].get<long long>() - s0;
    CHECK(steps >= 17);
    CHECK(steps <= 23);
    CHECK(app.state_json()["speed"] == 10.0);
    REQUIRE(app.configure({{"speed", 0}}) == "");
    h.frames(app, 5);
    CHECK(app.state_json()["step"].get<long long>() - s0 - steps > 5);  // full speed is faster
}

TEST_CASE("step, epoch and reset") {
    App app;
    Headless h(app);
    load(app);
    h.frame(app);
    CHECK(app.step(3) == 3);
    json s = app.state_json();
    CHECK(s["step"] == 3);
    CHECK(s["samples_seen"] == 30);
    CHECK(s["running"] == false);
    h.frames(app, 3);
    CHECK(app.state_json()["test_evaluated_at_step"] == 3);  // a step is followed by an evaluation

    app.epoch();  // trains over frames to the end of epoch 1, then pauses
    for (int i = 0; i < 600 && app.state_json()["running"] == true; ++i) h.frame(app);
    s = app.state_json();
    CHECK(s["running"] == false);
    CHECK(s["epoch"] == 1);
    CHECK(s["epoch_progress"].get<double>() == doctest::Approx(1.0));
    CHECK(s["samples_seen"] == 200);
    h.frames(app, 3);
    CHECK(app.state_json()["test_evaluated_at_step"] == 20);

    app.reset();
    h.frame(app);
    s = app.state_json();
    CHECK(s["step"] == 0);
    CHECK(s["samples_seen"] == 0);
    CHECK(s["epoch"] == 0);
    CHECK(s["running"] == false);
    CHECK(str(s, "status") == "ready");
    CHECK(str(s, "notice").find("previous run") != std::string::npos);
}

TEST_CASE("configure rejects nonsense and changes nothing") {
    App app;
    Headless h(app);
    load(app);
    h.frame(app);
    app.step(2);
    const json before = app.state_json();
    const json bad[] = {
        json::array({1, 2}),
        {{"lr", "fast"}},
        {{"lr", -1}},
        {{"lr", 0}},
        {{"batch", 0}},
        {{"batch", 1.5}},
        {{"batch", 201}},  // more than the 200 training images
        {{"hidden", {0}}},
        {{"hidden", {2000}}},
        {{"hidden", {16, 16, 16, 16, 16, 16, 16, 16, 16}}},
        {{"hidden", "16"}},
        {{"activations", {"swish", "relu"}}},
        {{"activations", {"relu"}}},  // two hidden layers, one activation
        {{"output", "softmax"}},
        {{"optimizer", "adagrad"}},
        {{"init", 3}},
        {{"seed", -1}},
        {{"momentum", 1.0}},
        {{"weight_decay", -0.1}},
        {{"train_subset", -1}},
        {{"train_subset", 5000}},  // more than the 200 loaded
        {{"speed", 0.5}},
        {{"view", "network"}},
        {{"log_y", 1}},
        {{"architecture", "784-x-10"}},
        {{"learning_rate", 0.1}},  // unknown key
        {{"hidden", {32}}, {"lr", "x"}},  // one bad value spoils the whole change
    };
    for (const json& j : bad) {
        CAPTURE(j.dump());
        const std::string msg = app.configure(j);
        CHECK(!msg.empty());
        h.frame(app);
        const json now = app.state_json();
        CHECK(now["architecture"] == before["architecture"]);
        CHECK(now["lr"] == before["lr"]);
        CHECK(now["batch"] == before["batch"]);
        CHECK(now["step"] == before["step"]);
        CHECK(now["optimizer"] == before["optimizer"]);
        CHECK(now["speed"] == before["speed"]);
    }
    // The messages say what is wrong with which setting.
    CHECK(app.configure({{"lr", "fast"}}).find("lr") != std::string::npos);
    CHECK(app.configure({{"learning_rate", 0.1}}).find("unknown setting") != std::string::npos);
    CHECK(app.configure({{"hidden", {2000}}}).find("1,024") != std::string::npos);
}

TEST_CASE("configure: a new architecture resets; lr keeps the model and the step counter") {
    App app;
    Headless h(app);
    load(app);
    h.frame(app);
    REQUIRE(app.configure({{"hidden", {32}}, {"activations", {"relu"}}}) == "");
    h.frame(app);
    json s = app.state_json();
    CHECK(s["architecture"] == "784-32-10");
    CHECK(s["parameters"] == 25450);
    CHECK(s["activations"] == json::array({"relu"}));
    CHECK(s["step"] == 0);

    app.step(5);
    const nnplay::FloatVec w0 = app.trainer().model().layers()[0].W;
    app.train();
    REQUIRE(app.configure({{"lr", 0.5}, {"batch", 20}, {"optimizer", "momentum"}, {"momentum", 0.8}}) == "");
    s = app.state_json();
    CHECK(s["lr"].get<double>() == doctest::Approx(0.5));
    CHECK(s["batch"] == 20);
    CHECK(s["optimizer"] == "momentum");
    CHECK(s["step"] == 5);                 // nothing lost
    CHECK(s["running"] == true);           // still training
    CHECK(app.trainer().model().layers()[0].W == w0);  // the same weights
    h.frames(app, 3);
    CHECK(app.state_json()["step"].get<long long>() > 5);  // and training continues from there

    // Adding widths alone keeps the activations, extended with the last one.
    REQUIRE(app.configure({{"hidden", {32, 8}}}) == "");
    CHECK(app.state_json()["activations"] == json::array({"relu", "relu"}));
    REQUIRE(app.configure({{"architecture", "784-10"}}) == "");
    CHECK(app.state_json()["parameters"] == 7850);
    REQUIRE(app.configure({{"output", "softmax_ce"}, {"init", "he"}, {"seed", 7}, {"view", "weights"},
                           {"log_y", true}, {"train_subset", 100}, {"weight_decay", 0.001}}) == "");
    s = app.state_json();
    CHECK(s["output"] == "softmax_ce");
    CHECK(s["init"] == "he");
    CHECK(s["seed"] == 7);
    CHECK(s["train_size"] == 100);
    CHECK(s["log_y"] == true);
    h.frames(app, 3, ImVec2(800, 600));
    CHECK(drew(app, "weights"));
}

TEST_CASE("divergence: a clear message, the model and history survive, a smaller lr continues") {
    App app;
    Headless h(app);
    load(app);
    h.frame(app);
    REQUIRE(app.configure({{"activations", "identity"}, {"output", "softmax_ce"}}) == "");
    app.step(3);
    REQUIRE(app.configure({{"lr", 1000}}) == "");
    app.train();
    for (int i = 0; i < 200 && !app.state_json()["diverged"].get<bool>(); ++i) h.frame(app);
    const json s = app.state_json();
    REQUIRE(s["diverged"] == true);
    CHECK(str(s, "status") == "diverged");
    CHECK(s["running"] == false);
    CHECK(str(s, "message").find("diverged") != std::string::npos);
    // Said once: what happened, that the weights went back, what to do.
    const std::string line = str(s, "status_line");
    auto count = [](const std::string& text, const std::string& what) {
        int n = 0;
        for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
        return n;
    };
    CHECK(line.rfind("Diverged at step ", 0) == 0);
    // Worded from the trainer's record, which the page API passes on as is.
    const json dv = s["divergence"];
    REQUIRE(dv.is_object());
    CHECK(dv["step"].get<long long>() == app.trainer().stats().divergence.step);
    CHECK(line.rfind("Diverged at step " + std::to_string(dv["step"].get<long long>()) + ": the ", 0) == 0);
    CHECK(line.find("went back to those of step " + std::to_string(dv["restored_step"].get<long long>()) + ".") !=
          std::string::npos);
    CHECK(dv["lr"].get<double>() == 1000);
    CHECK(str(dv, "kind") != "none");
    CHECK(count(line, "went back to those of step") == 1);
    CHECK(count(line, "earning rate") == 1);
    CHECK(line.find("press Train") != std::string::npos);
    CHECK(line.find("Reset") != std::string::npos);
    CHECK(line.find("..") == std::string::npos);
    CHECK(line.find("(now 1000)") != std::string::npos);  // the rate as typed, not 1e+06
    CHECK(str(s, "notice").find("diverged") == std::string::npos);  // no second copy below it
    CHECK(s["step"].get<long long>() >= 3);
    const long long at = s["step"];
    for (const auto& layer : app.trainer().model().layers())
        for (float w : layer.W) REQUIRE(std::isfinite(w));
    app.train();  // refused while diverged, with what to do (not the message again)
    h.frame(app);
    CHECK(app.state_json()["running"] == false);
    CHECK(str(app.state_json(), "notice").find("learning rate") != std::string::npos);
    CHECK(str(app.state_json(), "notice").find("diverged at") == std::string::npos);
    CHECK(app.step(1) == 0);  // so is a step
    CHECK(app.state_json()["step"] == at);
    REQUIRE(app.configure({{"lr", 0.01}}) == "");
    CHECK(app.state_json()["diverged"] == false);
    CHECK(app.state_json()["divergence"].is_null());
    CHECK(app.state_json()["step"] == at);
    app.train();
    h.frames(app, 3);
    CHECK(app.state_json()["step"].get<long long>() > at);
}

TEST_CASE("after a blow-up the cost axis still shows the real curve, this run's and the previous one's") {
    App app;
    Headless h(app);
    load(app);
    h.frame(app);
    REQUIRE(app.configure({{"hidden", {64}}, {"activations", {"leaky_relu"}}, {"output", "softmax_ce"},
                           {"lr", 0.05}}) == "");
    h.frames(app, 2);
    REQUIRE(app.state_json()["test_evaluated_at_step"] == 0);
    const double start = app.state_json()["test_cost"];  // the untrained network's
    app.step(20);
    // Grow the learning rate until a step's cost is huge but still finite (the
    // minibatches before the one the trainer refuses), as in the browser test.
    double worst = 0;
    for (double lr : {30.0, 100.0, 300.0, 1e3, 3e3, 1e4, 1e5, 1e6}) {
        REQUIRE(app.configure({{"lr", lr}}) == "");
        for (int i = 0; i < 40 && !app.state_json()["diverged"].get<bool>(); ++i) {
            app.step(1);
            const json c = app.state_json()["batch_cost"];
            if (c.is_number()) worst = std::max(worst, c.get<double>());
        }
        if (worst > 1e6) break;
    }
    REQUIRE(worst > 1e6);  // the history holds costs that blew up
    REQUIRE(app.configure({{"lr", 0.01}}) == "");
    h.frames(app, 3);
    for (const bool log_y : {false, true}) {
        CAPTURE(log_y);
        REQUIRE(app.configure({{"log_y", log_y}}) == "");
        h.frames(app, 2);
        const json ax = app.state_json()["cost_axis"];
        REQUIRE(ax["has_data"] == true);
        CHECK(ax["max"].get<double>() <= 10 * start * 1.5);  // the ceiling, not 1e36
        CHECK(ax["max"].get<double>() >= start);             // the start is in view
        CHECK(ax["off_scale"].get<int>() > 0);
        CHECK(ax["off_scale_max"].get<double>() > 1e6);
    }
    // A new network: the blown-up run becomes the greyed previous one, and the
    // new run's axis is its own.
    REQUIRE(app.configure({{"log_y", false}, {"hidden", {16, 16}}, {"activations", {"sigmoid", "sigmoid"}},
                           {"output", "sigmoid_mse"}, {"lr", 3}}) == "");
    app.train();
    h.frames(app, 30);
    const json ax = app.state_json()["cost_axis"];
    REQUIRE(ax["has_data"] == true);
    CHECK(ax["max"].get<double>() < 1.0);  // sigmoid + MSE costs are below 1: the greyed
                                           // cross-entropy run is drawn clipped to that
    CHECK(ax["off_scale_max"].is_null());  // nothing of this run blew up
    const json acc = app.state_json()["accuracy_axis"];
    CHECK(acc["off_scale"] == 0);          // percentages have no ceiling
    CHECK(acc["max"].get<double>() >= app.state_json()["test_accuracy"].get<double>() * 100);

    // The browser test's case: a run that blows up within a few steps of its
    // start, with a long previous run greyed behind it.
    REQUIRE(app.configure({{"hidden", {64}}, {"activations", {"leaky_relu"}}, {"output", "softmax_ce"},
                           {"lr", 1000}}) == "");
    app.train();
    for (int i = 0; i < 100 && !app.state_json()["diverged"].get<bool>(); ++i) h.frame(app);
    REQUIRE(app.state_json()["diverged"] == true);
    h.frames(app, 2);
    const json bx = app.state_json()["cost_axis"];
    CHECK(bx["max"].get<double>() < 30);  // about the untrained cross-entropy (2.3), not 1e36
    REQUIRE(bx["off_scale_max"].is_number());
    CHECK(bx["off_scale_max"].get<double>() > 1e6);  // it did blow up, and the plot says so
}

namespace {
// Draws one 600x400 plot in a window of a headless frame; returns what it drew
// and checks that every vertex of the window is a finite point inside it.
nnplay::plot::LinesResult draw_plot(const nnplay::plot::Series* s, int n, const nnplay::plot::Axes& ax) {
    ImGui::GetIO().DisplaySize = ImVec2(800, 600);
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(10, 10));
    ImGui::SetNextWindowSize(ImVec2(620, 440));
    ImGui::Begin("plot test", nullptr, ImGuiWindowFlags_NoSavedSettings);
    const nnplay::plot::LinesResult r = nnplay::plot::lines("##p", ImVec2(600, 400), s, n, nullptr, 0, ax);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const ImDrawVert& v : dl->VtxBuffer) {
        REQUIRE(std::isfinite(v.pos.x));
        REQUIRE(std::isfinite(v.pos.y));
        CHECK(v.pos.y >= 0);
        CHECK(v.pos.y <= 460);
    }
    ImGui::End();
    ImGui::Render();
    return r;
}
}  // namespace

TEST_CASE("plot: costs that blew up neither flatten the curve nor leave the plot, linear and log") {
    App app;
    Headless h(app);
    // A cost curve from 2.3 down, then three minibatches of 1e36 (a diverging
    // run, before the trainer went back to its last good weights), a NaN and an infinity.
    std::vector<double> x, y;
    for (int i = 0; i < 300; ++i) {
        x.push_back(i);
        y.push_back(2.3 * std::exp(-i / 50.0));
    }
    for (double v : {1e36, 1.5e36, 1e36, double(NAN), double(INFINITY)}) {
        x.push_back(double(x.size()));
        y.push_back(v);
    }
    nnplay::plot::Series raw{"raw", IM_COL32(90, 150, 240, 70), x.data(), y.data(), int(x.size())};
    raw.fit = 0.98f;
    for (const bool log_y : {false, true}) {
        CAPTURE(log_y);
        nnplay::plot::Axes ax;
        ax.log_y = log_y;
        ax.y_ceiling = 23;  // 10x the untrained cost
        const auto r = draw_plot(&raw, 1, ax);
        REQUIRE(r.has_data);
        CHECK(r.y_max < (log_y ? 4 : 3));     // not 1e36: the real curve fills the plot
        CHECK(r.y_max > 2.3);                 // and all of it is in range
        CHECK(r.y_min < 2.3 * std::exp(-299 / 50.0) + 0.01);
        if (log_y) CHECK(r.y_min > 1e-3);
        CHECK(r.off_scale >= 3);              // the blow-up is drawn on the edge...
        CHECK(r.off_scale_max == doctest::Approx(1.5e36));  // ...and said
        // The same without a ceiling: what the student saw before (0..1e36).
        ax.y_ceiling = INFINITY;
        raw.fit = 1.0f;
        CHECK(draw_plot(&raw, 1, ax).y_max >= 1e36);
        raw.fit = 0.98f;
    }
    // Noise: a few minibatches far above the rest do not flatten a noisy curve
    // whose fit leaves out its extreme 2%; they sit on the edge.
    std::vector<double> nx, ny;
    for (int i = 0; i < 1000; ++i) {
        nx.push_back(i);
        ny.push_back(i % 125 == 7 ? 50.0 : 0.5 + 0.4 * std::sin(i * 0.37));  // 8 spikes
    }
    nnplay::plot::Series noisy{"noisy", IM_COL32_WHITE, nx.data(), ny.data(), int(nx.size())};
    noisy.fit = 0.98f;
    nnplay::plot::Axes ax;
    ax.y_ceiling = 100;
    auto r = draw_plot(&noisy, 1, ax);
    CHECK(r.y_max < 2);
    CHECK(r.off_scale == 8);
    CHECK(r.off_scale_max == 50);
    noisy.fit = 1.0f;
    r = draw_plot(&noisy, 1, ax);
    CHECK(r.y_max >= 50);
    CHECK(r.off_scale == 0);
}

TEST_CASE("keyboard: Space trains and pauses, S steps, R resets") {
    App app;
    Headless h(app);
    load(app);
    h.frame(app);
    ImGuiIO& io = ImGui::GetIO();
    io.AddInputCharacter(' ');
    h.frame(app);
    CHECK(app.state_json()["running"] == true);
    h.frames(app, 2);
    io.AddInputCharacter(' ');
    h.frame(app);
    CHECK(app.state_json()["running"] == false);
    const long long s0 = app.state_json()["step"];
    CHECK(s0 > 0);
    io.AddInputCharacter('s');
    h.frame(app);
    CHECK(app.state_json()["step"] == s0 + 1);
    io.AddInputCharacter('R');
    h.frame(app);
    CHECK(app.state_json()["step"] == 0);
    io.AddInputCharacter('x');  // other keys do nothing
    h.frame(app);
    CHECK(app.state_json()["running"] == false);
}

TEST_CASE("hovering the cost curve shows a readout") {
    App app;
    Headless h(app);
    load(app);
    app.train();
    h.frames(app, 30);
    app.pause();
    ImGuiWindow* w = ImGui::FindWindowByName("Cost and accuracy");
    REQUIRE(w != nullptr);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(w->Pos.x + w->Size.x * 0.6f, w->Pos.y + w->Size.y * 0.35f);
    h.frames(app, 3);
    bool tooltip = false;
    for (ImGuiWindow* t : top_windows())
        if (t->Flags & ImGuiWindowFlags_Tooltip) tooltip = true;
    CHECK(tooltip);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    h.frames(app, 2);
}

TEST_CASE("clicking Train and Reset with the mouse") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 2);
    ImGuiWindow* controls = ImGui::FindWindowByName("Controls");
    REQUIRE(controls != nullptr);
    // The Train button is the first item under the title bar, at the left.
    const ImVec2 at(controls->Pos.x + 30, controls->Pos.y + controls->TitleBarHeight() + 20);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = at;
    h.frame(app);
    io.MouseDown[0] = true;
    h.frame(app);
    io.MouseDown[0] = false;
    h.frame(app);
    CHECK(app.state_json()["running"] == true);
}

TEST_CASE("on a phone, dragging the column's background scrolls it (touch)") {
    App app;
    Headless h(app);
    load(app);
    const ImVec2 phone(360, 640);
    h.frames(app, 3, phone);
    ImGuiWindow* col = ImGui::FindWindowByName("nnplay");
    REQUIRE(col != nullptr);
    REQUIRE(col->ScrollMax.y > 200);
    CHECK(col->Scroll.y == 0);
    // Press on the column's left margin low on the screen (no widget there:
    // its background; the counters are below the views now), then drag upwards.
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(3, 560);
    h.frame(app, phone);
    io.MouseDown[0] = true;
    h.frame(app, phone);
    for (int i = 0; i < 10; ++i) {
        io.MousePos.y -= 12;
        h.frame(app, phone);
    }
    io.MouseDown[0] = false;
    h.frames(app, 2, phone);
    CHECK(col->Scroll.y > 60);
    CHECK(app.state_json()["running"] == false);  // the press pressed nothing
}

// The build gives Dear ImGui 32-bit draw indices (web/web.cmake): WebGL2 draws
// them, and a window's draw list may pass 65,536 vertices.
static_assert(sizeof(ImDrawIdx) == 4, "ImDrawIdx is unsigned int (web/web.cmake)");

TEST_CASE("a wide network and a long history keep the draw data within the index type and bounded") {
    // With 16-bit indices and no vertex offsets (WebGL2) a window's draw list
    // must stay under 65,536 vertices; with 32-bit ones, the number of vertices
    // still costs every frame (a software renderer rasterizes them all), so it
    // stays under a budget.
    constexpr int kMaxVertices = sizeof(ImDrawIdx) == 2 ? 65536 : 200000;
    App app;
    Headless h(app);
    load(app);
    auto check_sizes = [&] {
        for (const ImVec2 size : kSizes) {
            h.frames(app, 2, size);
            if (size.x == 360) {  // the views are at the bottom of the column
                ImGuiWindow* col = ImGui::FindWindowByName("nnplay");
                REQUIRE(col != nullptr);
                ImGui::SetScrollY(col, col->ScrollMax.y);
            }
            for (const char* v : {"weights", "sample", "confusion", "diagram"}) {
                REQUIRE(app.configure({{"view", v}}) == "");
                h.frames(app, 3, size);
                CAPTURE(size.x);
                CAPTURE(v);
                CHECK(drew(app, v));
                const ImDrawData* dd = ImGui::GetDrawData();
                for (int i = 0; i < dd->CmdListsCount; ++i) CHECK(dd->CmdLists[i]->VtxBuffer.Size < kMaxVertices);
                CHECK(dd->TotalVtxCount < kMaxVertices);
            }
        }
    };
    // A long, noisy curve (batch 1: 10,000 steps, more points than pixels)...
    REQUIRE(app.configure({{"architecture", "784-10"}, {"batch", 1}, {"lr", 0.5}}) == "");
    REQUIRE(app.step(10000) == 10000);
    check_sizes();
    // ...then the widest first layer (a full page of weight images), training,
    // with that curve kept as the previous run.
    REQUIRE(app.configure({{"hidden", {1024, 64}}, {"activations", {"relu", "relu"}}, {"output", "softmax_ce"},
                           {"lr", 0.05}, {"batch", 4}}) == "");
    app.train();
    h.frames(app, 20);
    CHECK(app.state_json()["step"].get<long long>() > 0);
    check_sizes();
}

namespace {
// The area of every triangle in the frame's draw data, over the display's: how
// many times a renderer fills each pixel on average (clipping ignored).
double overdraw(ImVec2 display) {
    const ImDrawData* dd = ImGui::GetDrawData();
    double area = 0;
    for (int l = 0; l < dd->CmdListsCount; ++l) {
        const ImDrawList* dl = dd->CmdLists[l];
        for (const ImDrawCmd& cmd : dl->CmdBuffer)
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImVec2 a = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[cmd.IdxOffset + i]].pos;
                const ImVec2 b = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[cmd.IdxOffset + i + 1]].pos;
                const ImVec2 c = dl->VtxBuffer[cmd.VtxOffset + dl->IdxBuffer[cmd.IdxOffset + i + 2]].pos;
                area += std::fabs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) * 0.5;
            }
    }
    return area / (double(display.x) * display.y);
}

int window_vertices(const char* name) {
    ImGuiWindow* w = ImGui::FindWindowByName(name);
    if (!w) return -1;
    int n = w->DrawList->VtxBuffer.Size;
    for (ImGuiWindow* c : GImGui->Windows)
        if (c != w && c->RootWindow == w && c->WasActive) n += c->DrawList->VtxBuffer.Size;
    return n;
}
}  // namespace

TEST_CASE("cheap to draw: no full-window backgrounds, images as one texture when the renderer makes one") {
    // A software renderer (SwiftShader, in a browser without a GPU) pays for
    // every pixel filled and every triangle: the frame's clear paints the
    // panels, the tiled windows add no background over it.
    const ImVec4 bg = App::background_color();
    CHECK(bg.w == 1.0f);
    App app;
    Headless h(app);
    load(app);
    app.train();
    const ImVec2 size(1920, 1080);  // the three views side by side
    h.frames(app, 20, size);
    app.pause();
    h.frames(app, 2, size);
    CHECK(ImGui::GetStyle().Colors[ImGuiCol_WindowBg].w == 0.0f);
    const double fill = overdraw(size);
    CHECK(fill > 0.2);   // the plots, frames, text and images are there...
    CHECK(fill < 0.9);   // ...but not a second coat over the whole display
    // Without a texture: up to 784 rectangles per image.
    const int rect_vertices = window_vertices("Inside the network");
    CHECK(rect_vertices > 20000);

    // The renderer's texture function (as web/main.cpp gives it with GL).
    struct Fake { int calls = 0; std::vector<unsigned char> pixels; int w = 0, h = 0; } fake;
    const ImTextureID kTex = reinterpret_cast<ImTextureID>(intptr_t(7));
    app.set_texture_upload([&](ImTextureID prev, int w, int hh, const unsigned char* rgba) {
        CHECK((prev == nullptr) == (fake.calls == 0));  // made once, then refilled
        ++fake.calls;
        fake.w = w;
        fake.h = hh;
        fake.pixels.assign(rgba, rgba + size_t(w) * hh * 4);
        return kTex;
    });
    h.frames(app, 2, size);
    const int tex_vertices = window_vertices("Inside the network");
    CHECK(tex_vertices < rect_vertices / 4);
    int quads = 0;
    for (int l = 0; l < ImGui::GetDrawData()->CmdListsCount; ++l)
        for (const ImDrawCmd& cmd : ImGui::GetDrawData()->CmdLists[l]->CmdBuffer)
            if (cmd.TextureId == kTex) quads += int(cmd.ElemCount) / 6;
    CHECK(quads == 17);  // the 16 first-layer images and the digit, one quad each
    REQUIRE(fake.w == 256);
    // The digit's pixels are in the texture, gray as the rectangles drew them.
    const nnplay::DatasetPtr test = nnplay::testing::synthetic(100, 2);
    bool found = false;
    for (int slot = 0; slot < 64 && !found; ++slot) {
        const int x0 = (slot % 8) * 32, y0 = (slot / 8) * 32;
        bool same = true;
        for (int p = 0; p < 784 && same; ++p) {
            const unsigned char* px = &fake.pixels[(size_t(y0 + p / 28) * 256 + x0 + p % 28) * 4];
            const ImU32 want = nnplay::plot::color_of(nnplay::plot::ColorMap::Gray, test->image(0)[p]);
            same = px[0] == (want & 0xFF) && px[1] == ((want >> 8) & 0xFF) && px[2] == ((want >> 16) & 0xFF) &&
                   px[3] == 255;
        }
        found = same;
    }
    CHECK(found);
    // The network diagram's input digit is one quad too (without a diagram
    // renderer, which would draw it into its own picture).
    REQUIRE(app.configure({{"view", "diagram"}}) == "");
    h.frames(app, 2, size);
    quads = 0;
    for (int l = 0; l < ImGui::GetDrawData()->CmdListsCount; ++l)
        for (const ImDrawCmd& cmd : ImGui::GetDrawData()->CmdLists[l]->CmdBuffer)
            if (cmd.TextureId == kTex) quads += int(cmd.ElemCount) / 6;
    CHECK(quads == 1);
    REQUIRE(app.configure({{"view", "sample"}}) == "");
    h.frames(app, 2, size);
    // Paused, nothing changes: no upload. Training changes the weights: uploads.
    const int calls = fake.calls;
    h.frames(app, 5, size);
    CHECK(fake.calls == calls);
    app.train();
    h.frames(app, 5, size);
    CHECK(fake.calls > calls);
    CHECK(overdraw(size) < 0.9);
}

TEST_CASE("the first test point is the untrained model at step 0") {
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure({{"speed", 1}}) == "");  // one step per second: the first frame takes none
    app.train();
    h.frame(app);
    CHECK(app.state_json()["test_evaluated_at_step"] == 0);
    CHECK(app.state_json()["test_accuracy"].is_number());
    h.frames(app, 70);
    CHECK(app.state_json()["step"] == 1);
}

TEST_CASE("the mouse edits the network: add a layer, remove one, type a width") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 2);
    REQUIRE(h.click(app, "add_layer"));
    json s = app.state_json();
    CHECK(s["architecture"] == "784-16-16-16-10");
    CHECK(s["parameters"] == 13274);
    CHECK(str(s, "notice").find("New network 784-16-16-16-10") != std::string::npos);
    REQUIRE(h.click(app, "layer1_remove"));
    CHECK(app.state_json()["architecture"] == "784-16-16-10");

    // Type 32 into layer 1's width box: applied when the field is left (Enter).
    REQUIRE(h.click(app, "layer1_width_typed"));
    h.type("32");
    h.frame(app);
    CHECK(app.state_json()["architecture"] == "784-16-16-10");  // not while typing
    CHECK(app.state_json()["parameters"] == 13002);
    h.key(app, ImGuiKey_Enter);
    h.frame(app);
    CHECK(app.state_json()["architecture"] == "784-32-16-10");
    CHECK(app.state_json()["parameters"] == 784 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10);

    // A width out of range is refused with the table's message; the layer keeps its width.
    REQUIRE(h.click(app, "layer2_width_typed"));
    h.type("5000");
    h.key(app, ImGuiKey_Enter);
    h.frame(app);
    CHECK(app.state_json()["architecture"] == "784-32-16-10");
    CHECK(str(app.state_json(), "notice") ==
          "hidden must be a list of at most 8 whole numbers, each from 1 to 1,024 (got [5000])");
}

TEST_CASE("the mouse drives training: Train, Step, the lr slider while training, tabs") {
    App app;
    Headless h(app);
    load(app, 2000, 200);
    h.frames(app, 2);
    REQUIRE(h.click(app, "step"));
    CHECK(app.state_json()["step"] == 1);
    REQUIRE(h.click(app, "train"));
    CHECK(app.state_json()["running"] == true);
    const long long s0 = app.state_json()["step"];
    // Drag the learning-rate slider to the left while training.
    const json r = app.state_json()["widgets"]["lr"];
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r["x"].get<float>() + r["w"].get<float>() * 0.8f, r["y"].get<float>() + 5);
    h.frame(app);
    io.MouseDown[0] = true;
    for (int i = 0; i < 10; ++i) {
        io.MousePos.x -= r["w"].get<float>() * 0.05f;
        h.frame(app);
    }
    io.MouseDown[0] = false;
    h.frames(app, 3);
    const json s = app.state_json();
    CHECK(s["lr"].get<double>() < 3.0);
    CHECK(s["lr"].get<double>() > 1e-4);
    CHECK(s["running"] == true);
    CHECK(s["step"].get<long long>() > s0);  // training went on during and after the drag
    CHECK(s["architecture"] == "784-16-16-10");

    const ImVec2 mid(800, 600);
    h.frames(app, 2, mid);
    REQUIRE(h.click(app, "tab_confusion", mid));
    CHECK(app.state_json()["view"] == "confusion");
    CHECK(drew(app, "confusion"));
    REQUIRE(h.click(app, "tab_weights", mid));
    CHECK(drew(app, "weights"));
    REQUIRE(h.click(app, "train", mid));  // now "Pause"
    CHECK(app.state_json()["running"] == false);
}

TEST_CASE("keys typed into a text field do not drive training") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 2);
    REQUIRE(h.click(app, "seed"));
    h.type("1 s r ");  // into the seed field: not Space/S/R commands
    h.frames(app, 2);
    json s = app.state_json();
    CHECK(s["running"] == false);
    CHECK(s["step"] == 0);
    h.key(app, ImGuiKey_Escape);  // leave the field without applying
    h.frames(app, 2);
    CHECK(app.state_json()["seed"] == 42);
    h.type(" ");  // now Space trains
    h.frame(app);
    CHECK(app.state_json()["running"] == true);
}

TEST_CASE("every training setting of the table leaves a history marker when it changes (rho too)") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 2);
    REQUIRE(app.configure(nlohmann::json{{"optimizer", "rmsprop"}, {"lr", 0.01}}) == "");
    app.step(3);
    REQUIRE(app.configure(nlohmann::json{{"rho", 0.9}}) == "");
    app.step(3);
    REQUIRE(app.configure(nlohmann::json{{"lr", 0.005}, {"train_subset", 100}}) == "");
    const std::string csv = app.history_csv();
    CHECK(csv.find("optimizer SGD → RMSprop") != std::string::npos);
    CHECK(csv.find("RMSprop ρ 0.99 → 0.9") != std::string::npos);
    CHECK(csv.find("learning rate 0.01 → 0.005") != std::string::npos);
    CHECK(csv.find("training subset all → 100") != std::string::npos);
}
