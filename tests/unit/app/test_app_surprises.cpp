// What a new user ran into (issue 12, item 7), each checked headless at the
// size it was found at (1280x800): messages that moved the controls, combo
// boxes that kept Escape and the next click, numbers wrapped in the middle,
// y labels that repeat, the one-sample table under cross-entropy, Reset that
// replays the same run, and panels that need their own scrolling.
#include <doctest.h>

#include <string>
#include <vector>

#include "headless.h"
#include "web/app/app_core.h"
#include "web/app/plot.h"
#include "web/app/widgets.h"

using nnplay::App;
using nnplay::testing::Headless;
using nnplay::testing::load;
using nnplay::testing::str;
using json = nlohmann::json;

namespace {

const ImVec2 k1280(1280, 800);

// Where the controls are, by name: "train 32, speed 80, ...".
std::string control_rows(const App& app) {
    std::string out;
    const json w = app.state_json()["widgets"];
    for (const char* name : {"train", "speed", "layer1_width", "add_layer", "output", "init", "seed", "lr", "batch",
                             "optimizer"})
        if (w.contains(name)) out += std::string(name) + " " + std::to_string(int(w[name]["y"].get<float>())) + ", ";
    return out;
}

bool popup_open() { return GImGui->OpenPopupStack.Size > 0; }

// Moves the mouse to a widget's centre and clicks it over three frames.
void click_at(Headless& h, App& app, const std::string& widget) {
    const json w = app.state_json()["widgets"][widget];
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(w["x"].get<float>() + 0.5f * w["w"].get<float>(), w["y"].get<float>() + 0.5f * w["h"].get<float>());
    h.frame(app, k1280);
    io.MouseDown[0] = true;
    h.frame(app, k1280);
    io.MouseDown[0] = false;
    h.frame(app, k1280);
}

}  // namespace

TEST_CASE("messages never move the controls: a new network, a rejected value, a divergence") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 3, k1280);
    const std::string before = control_rows(app);
    REQUIRE(before.find("optimizer") != std::string::npos);

    REQUIRE(app.configure({{"seed", 7}}) == "");  // "New network 784-16-16-10 ...: fresh weights from seed 7"
    h.frames(app, 3, k1280);
    CHECK(str(app.state_json(), "notice").find("New network") != std::string::npos);
    json w = app.state_json()["widgets"];
    REQUIRE(w.contains("messages"));  // shown, in the message box
    CHECK(w["messages"]["visible"] == true);
    // The box floats over the cost plot, clear of the Controls column.
    CHECK(w["messages"]["x"].get<float>() >= w["cost_plot"]["x"].get<float>());
    CHECK(control_rows(app) == before);

    CHECK(app.configure({{"lr", -1}}) != "");  // refused: nothing changes, nothing moves
    app.train();
    h.frames(app, 3, k1280);
    CHECK(control_rows(app) == before);

    // Training diverges: the explanation goes to the box, the status line stays one line.
    REQUIRE(app.configure({{"activations", "identity"}, {"output", "softmax_ce"}, {"lr", 1000}}) == "");
    app.train();
    for (int i = 0; i < 200 && !app.state_json()["diverged"].get<bool>(); ++i) h.frame(app, k1280);
    REQUIRE(app.state_json()["diverged"] == true);
    h.frames(app, 2, k1280);
    CHECK(control_rows(app) == before);
    CHECK(app.state_json()["widgets"].contains("messages"));

    // The notice goes after its time; nothing moves then either.
    REQUIRE(app.configure({{"lr", 0.1}}) == "");
    h.now += nnplay::kWarningSeconds + 1;
    h.frames(app, 2, k1280);
    CHECK_FALSE(app.state_json()["widgets"].contains("messages"));
    CHECK(control_rows(app) == before);
}

TEST_CASE("Escape closes an open combo box, and a click outside one reaches what it was on") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 3, k1280);
    click_at(h, app, "output");
    REQUIRE(popup_open());
    h.key(app, ImGuiKey_Escape, k1280);
    CHECK_FALSE(popup_open());

    click_at(h, app, "optimizer");
    REQUIRE(popup_open());
    click_at(h, app, "train");  // one click: closes the list and presses Train
    CHECK_FALSE(popup_open());
    CHECK(app.state_json()["running"] == true);

    // A click on the open combo's own box still just closes it.
    click_at(h, app, "init");
    REQUIRE(popup_open());
    click_at(h, app, "init");
    CHECK_FALSE(popup_open());
}

TEST_CASE("text wraps at spaces, never inside a number") {
    App app;
    Headless h(app);
    h.frame(app, k1280);
    ImGui::NewFrame();
    ImGui::Begin("wrap test");
    const std::string text = "98.1% right on 2,000 test images (step 12,000). Loss −log 0.0749 = 2.5917.";
    for (float width : {40.0f, 90.0f, 150.0f, 260.0f}) {
        CAPTURE(width);
        const ImVec2 start = ImGui::GetCursorScreenPos();
        nnplay::ui::wrapped(text, width);
        const float lines = (ImGui::GetCursorScreenPos().y - start.y) / ImGui::GetTextLineHeightWithSpacing();
        // Each line holds whole words: as many lines as a word-by-word count says.
        int expect = 0;
        std::string line;
        for (std::size_t p = 0; p <= text.size();) {
            std::size_t q = text.find(' ', p);
            if (q == std::string::npos) q = text.size();
            const std::string word = text.substr(p, q - p);
            const std::string longer = line.empty() ? word : line + " " + word;
            if (!line.empty() && ImGui::CalcTextSize(longer.c_str()).x > width) {
                ++expect;
                line = word;
            } else {
                line = longer;
            }
            p = q + 1;
        }
        ++expect;
        CHECK(lines == doctest::Approx(expect).epsilon(0.01));
    }
    ImGui::End();
    ImGui::Render();
}

TEST_CASE("y-axis labels of a narrow range say different numbers") {
    using nnplay::plot::tick_labels;
    const std::vector<std::string> a = tick_labels({2.38, 2.385, 2.39, 2.395});
    CHECK(a == std::vector<std::string>{"2.38", "2.385", "2.39", "2.395"});
    CHECK(tick_labels({0, 0.5, 1, 1.5}) == std::vector<std::string>{"0", "0.5", "1", "1.5"});
    CHECK(tick_labels({20, 40, 60, 80, 100}) == std::vector<std::string>{"20", "40", "60", "80", "100"});
    CHECK(tick_labels({0.0991, 0.0992, 0.0993}) == std::vector<std::string>{"0.0991", "0.0992", "0.0993"});
    CHECK(tick_labels({1000.5, 1001, 1001.5}) == std::vector<std::string>{"1000.5", "1001", "1001.5"});
    CHECK(tick_labels({0.02, 0.05, 0.1, 0.2}) == std::vector<std::string>{"0.02", "0.05", "0.1", "0.2"});
}

namespace {
// The column names of the one-sample table ("diffs") as last drawn.
std::string diffs_columns() {
    for (int i = 0; i < GImGui->Tables.GetMapSize(); ++i)
        if (ImGuiTable* t = GImGui->Tables.TryGetMapData(i))
            if (t->ColumnsCount == 4 && std::string(t->ColumnsNames.c_str(), t->ColumnsNames.size()).rfind("digit", 0) == 0)
                return std::string(t->ColumnsNames.c_str(), t->ColumnsNames.size());
    return "";
}
}  // namespace

TEST_CASE("the one-sample table shows the loss in use: squared differences, or -log p under cross-entropy") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 3);
    std::string cols = diffs_columns();
    CHECK(cols.find("(out − target)²") != std::string::npos);
    REQUIRE(app.configure({{"output", "softmax_ce"}, {"lr", 0.1}}) == "");
    h.frames(app, 3);
    cols = diffs_columns();
    CHECK(cols.find("(out − target)²") == std::string::npos);
    CHECK(cols.find("log out") != std::string::npos);
}

TEST_CASE("Reset says it repeats the run; New seed starts a different one") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 3, k1280);
    const unsigned seed = app.state_json()["seed"];
    app.step(5);
    std::vector<float> first;
    for (const auto& l : app.trainer().model().layers()) first.insert(first.end(), l.W.begin(), l.W.end());
    app.reset();
    h.frames(app, 2, k1280);
    std::string notice = str(app.state_json(), "notice");
    CHECK(notice.find("same training repeats") != std::string::npos);
    CHECK(notice.find("new weights") == std::string::npos);
    CHECK(app.state_json()["seed"] == seed);

    app.step(5);
    click_at(h, app, "new_seed");
    const json s = app.state_json();
    CHECK(s["seed"] != seed);
    CHECK(s["step"] == 0);
    CHECK(s["running"] == false);
    CHECK(str(s, "notice").find("New seed " + std::to_string(s["seed"].get<unsigned>())) != std::string::npos);
    app.step(5);
    std::vector<float> second;
    for (const auto& l : app.trainer().model().layers()) second.insert(second.end(), l.W.begin(), l.W.end());
    CHECK(second != first);
}

namespace {
std::string scroll_report(const ImGuiWindow* w) {
    return std::string(w->Name) + " needs " + std::to_string(int(w->ScrollMax.y)) + " px of scrolling (content " +
           std::to_string(int(w->ContentSize.y)) + " px, window " + std::to_string(int(w->Size.x)) + " x " +
           std::to_string(int(w->Size.y)) + ")";
}
}  // namespace

TEST_CASE("at 1280x800 and 1920x1080 the controls and the one-sample view fit without scrolling") {
    for (const ImVec2 size : {k1280, ImVec2(1920, 1080)}) {
        CAPTURE(size.x);
        App app;
        Headless h(app);
        load(app);
        h.frames(app, 4, size);
        for (const char* name : {"Controls", "Cost and accuracy", "Inside the network"}) {
            ImGuiWindow* w = ImGui::FindWindowByName(name);
            REQUIRE(w != nullptr);
            const std::string why = scroll_report(w);
            CHECK_MESSAGE(w->ScrollMax.y == 0, why);
        }
        // The one sample is the tallest view, in a tab or in a column of its own.
        int samples = 0;
        for (ImGuiWindow* w : GImGui->Windows)
            if ((w->Flags & ImGuiWindowFlags_ChildWindow) && w->WasActive &&
                std::string(w->Name).find("One sample") != std::string::npos) {
                ++samples;
                const std::string why = scroll_report(w);
                CHECK_MESSAGE(w->ScrollMax.y == 0, why);
            }
        CHECK(samples == 1);
    }
}
