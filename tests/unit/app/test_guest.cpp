// A playground embedded in a course page is a guest: the page asks it, per key
// and per wheel turn, whether it has a use for them (App::wants_key,
// App::wants_wheel), and gives the page what it has none for. Checked headless
// here on the windows the App really lays out; the browser test
// (tests/browser/embed.mjs) checks the page side. (The share link's round
// trip is tested in test_lessons.cpp.)
#include <doctest.h>

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/settings/settings.h"
#include "headless.h"

using nnplay::App;
using nnplay::testing::Headless;
using nnplay::testing::load;
using json = nlohmann::json;

namespace {

ImVec2 centre(const App& app, const char* widget) {
    const json w = app.state_json()["widgets"][widget];
    REQUIRE(w.is_object());
    return ImVec2(w["x"].get<float>() + 0.5f * w["w"].get<float>(), w["y"].get<float>() + 0.5f * w["h"].get<float>());
}

}  // namespace

TEST_CASE("guest: the playground takes only the keys it uses") {
    App app;
    Headless h(app);
    load(app);
    const ImVec2 size(1280, 800);
    h.frames(app, 3, size);
    CHECK(app.wants_key(" ", false));
    CHECK(app.wants_key("s", false));
    CHECK(app.wants_key("R", false));
    for (const char* key : {"ArrowDown", "ArrowUp", "PageDown", "Home", "End", "Tab", "Escape", "x", "Enter"})
        CHECK_MESSAGE(!app.wants_key(key, false), key);
    CHECK(!app.wants_key("s", true));  // Ctrl+S, Alt+R, ...: the page's (or the browser's)
    CHECK(!app.wants_key(" ", true));

    SUBCASE("Escape while a list is open") {
        REQUIRE(h.click(app, "optimizer", size));
        REQUIRE(GImGui->OpenPopupStack.Size > 0);
        CHECK(app.wants_key("Escape", false));
        CHECK(!app.wants_key("ArrowDown", false));
    }
    SUBCASE("every key while a field is edited") {
        REQUIRE(h.click(app, "lr_typed", size));
        h.frame(app, size);
        REQUIRE(ImGui::GetIO().WantTextInput);
        for (const char* key : {"ArrowDown", "Tab", "Enter", "Backspace", "x", "Escape"})
            CHECK_MESSAGE(app.wants_key(key, false), key);
        CHECK(app.wants_key("a", true));  // Ctrl+A selects the field's text
    }
    SUBCASE("a key whose button a lesson page hides is the page's") {
        REQUIRE(app.configure({{"controls", {"step", "lr"}}}) == "");
        h.frames(app, 2, size);
        CHECK(app.wants_key("s", false));
        CHECK(!app.wants_key(" ", false));
        CHECK(!app.wants_key("r", false));
    }
}

TEST_CASE("guest: the wheel scrolls the playground only where something can scroll that way") {
    App app;
    Headless h(app);
    load(app);

    SUBCASE("1280x800: the controls fit, nothing scrolls") {
        const ImVec2 size(1280, 800);
        h.frames(app, 3, size);
        const ImVec2 controls = centre(app, "train"), plot = centre(app, "cost_plot");
        CHECK(!app.wants_wheel(controls.x, controls.y, 0, 100));
        CHECK(!app.wants_wheel(controls.x, controls.y, 0, -100));
        CHECK(!app.wants_wheel(plot.x, plot.y, 0, 100));
    }
    SUBCASE("800x600: the controls scroll down, then up, and the plot never") {
        const ImVec2 size(800, 600);
        h.frames(app, 3, size);
        const ImVec2 controls = centre(app, "train"), plot = centre(app, "cost_plot");
        CHECK(app.wants_wheel(controls.x, controls.y, 0, 100));    // room below
        CHECK(!app.wants_wheel(controls.x, controls.y, 0, -100));  // at the top already
        CHECK(!app.wants_wheel(plot.x, plot.y, 0, 100));
        CHECK(!app.wants_wheel(plot.x, plot.y, 0, -100));
        CHECK(!app.wants_wheel(-10, -10, 0, 100));                 // outside every window
        // Wheel the controls to their end.
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = controls;
        for (int i = 0; i < 60; ++i) {
            io.MouseWheel = -5.0f;
            h.frame(app, size);
        }
        io.MouseWheel = 0;
        h.frames(app, 2, size);
        CHECK(!app.wants_wheel(controls.x, controls.y, 0, 100));   // at the end: the page scrolls on
        CHECK(app.wants_wheel(controls.x, controls.y, 0, -100));
        // Ctrl+wheel zooms the browser's page, never the playground.
        io.KeyCtrl = true;
        CHECK(!app.wants_wheel(controls.x, controls.y, 0, -100));
        io.KeyCtrl = false;
    }
}


TEST_CASE("guest: full screen is a link beside About where the host allows it, and asks the page") {
    App app;
    Headless h(app);
    load(app);
    std::vector<std::string> asked;
    app.set_page_request([&](const std::string& what) { asked.push_back(what); });
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(360, 740)}) {
        CAPTURE(size.x);
        app.set_fullscreen(false, false);
        h.frames(app, 3, size);
        CHECK_FALSE(app.state_json()["widgets"].contains("fullscreen"));
        app.set_fullscreen(true, false);
        asked.clear();
        if (size.x < 500) {
            // The phone's column: the links come last.
            ImGuiWindow* col = ImGui::FindWindowByName("nnplay");
            REQUIRE(col);
            ImGui::SetScrollY(col, col->ScrollMax.y);
            h.frames(app, 2, size);
            ImGui::SetScrollY(col, col->ScrollMax.y);
        }
        REQUIRE(h.click(app, "fullscreen", size));
        CHECK(asked == std::vector<std::string>{"fullscreen"});
        // It does not sit on About.
        const nlohmann::json w = app.state_json()["widgets"];
        CHECK(w["fullscreen"]["x"].get<float>() + w["fullscreen"]["w"].get<float>() <= w["about"]["x"].get<float>());
    }
}
