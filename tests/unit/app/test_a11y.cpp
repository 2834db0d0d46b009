// test_a11y.cpp: issue 16 in the headless App: the list of controls for
// assistive technology (App::a11y_tree, web/app/a11y.h) names every control
// with its role and value, changes version only when the controls do, and
// operating a control through it (activate, choose, position, a typed value)
// changes the App as the mouse would. Also the ui_scale and theme settings.
//
// What it does not do: the page's DOM nodes, axe-core and Chromium's
// accessibility tree (tests/browser/a11y.mjs).
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <string>

#include "tests/unit/app/headless.h"
#include "web/app/a11y.h"

using namespace nnplay;
using namespace nnplay::testing;

namespace {
// The list as the page gets it: asked for, then built in the next frame.
nlohmann::json tree(App& app, Headless& h) {
    app.a11y_tree(-1);
    h.frame(app);
    return nlohmann::json::parse(app.a11y_tree(-1));
}

nlohmann::json find(const nlohmann::json& t, const std::string& role, const std::string& name) {
    for (const auto& i : t["items"])
        if (i["role"] == role && i["name"].get<std::string>().rfind(name, 0) == 0) return i;
    return nullptr;
}
}  // namespace

TEST_CASE("a11y: every control of the default page is listed with role, name and value") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 4);
    const nlohmann::json t = tree(app, h);
    REQUIRE(t["items"].size() > 20);
    for (const auto& i : t["items"]) CHECK_MESSAGE(!i["name"].get<std::string>().empty(), i.dump());
    const nlohmann::json lr = find(t, "slider", "Learning rate");
    REQUIRE(lr.is_object());
    CHECK(lr["key"] == "lr");
    CHECK(lr["value"].get<std::string>().find(setting_display(*find_setting("lr"), app.settings().train.learning_rate)) == 0);
    CHECK(!lr["description"].get<std::string>().empty());
    CHECK(find(t, "textbox", "Learning rate").is_object());
    CHECK(find(t, "button", "Train").is_object());
    const nlohmann::json opt = find(t, "combobox", "Optimizer");
    REQUIRE(opt.is_object());
    CHECK(opt["choices"].size() == find_setting("optimizer")->choices.size());
    CHECK(find(t, "button", "Previous test image").is_object());
    // Text size and colors: a button whose popup holds them.
    const nlohmann::json aa = find(t, "button", "Text size and colors");
    REQUIRE(aa.is_object());
    REQUIRE(app.a11y_act(aa["id"].get<unsigned>(), "activate", 0).empty());
    h.frames(app, 2);
    const nlohmann::json t2 = tree(app, h);
    CHECK(find(t2, "combobox", "Colors").is_object());
    CHECK(find(t2, "slider", "Text size").is_object());
}

TEST_CASE("a11y: the version changes with the controls, not with every frame") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 4);
    const uint64_t v = tree(app, h)["version"].get<uint64_t>();
    h.frames(app, 3);
    CHECK(app.a11y_tree(double(v)).empty());  // nothing changed: "" for the page's poll
    REQUIRE(app.configure({{"lr", 0.25}}).empty());
    h.frames(app, 2);
    CHECK(!app.a11y_tree(double(v)).empty());
}

TEST_CASE("a11y: activate, choose, position and a typed value act as the mouse would") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 4);
    nlohmann::json t = tree(app, h);
    // A button: Train.
    REQUIRE(app.a11y_act(find(t, "button", "Train")["id"].get<unsigned>(), "activate", 0).empty());
    h.frames(app, 3);
    CHECK(app.state().running);
    app.pause();
    // A combo box's choice: the optimizer.
    const nlohmann::json opt = find(t, "combobox", "Optimizer");
    const auto& choices = find_setting("optimizer")->choices;
    int adam = -1;
    for (int i = 0; i < int(choices.size()); ++i)
        if (std::string(choices[std::size_t(i)]) == "adam") adam = i;
    REQUIRE(adam >= 0);
    REQUIRE(app.a11y_act(opt["id"].get<unsigned>(), "choose", adam).empty());
    h.frames(app, 3);
    CHECK(app.state_json()["optimizer"] == "adam");
    // A slider's position: the learning rate at the top of its scale.
    t = tree(app, h);
    REQUIRE(app.a11y_act(find(t, "slider", "Learning rate")["id"].get<unsigned>(), "position", 1.0).empty());
    h.frames(app, 3);
    CHECK(app.settings().train.learning_rate == doctest::Approx(find_setting("lr")->max));
    // A typed value, through the phones' path.
    t = tree(app, h);
    REQUIRE(app.apply_text_field(find(t, "textbox", "Learning rate")["id"].get<unsigned>(), "0.5").empty());
    h.frames(app, 3);
    CHECK(app.settings().train.learning_rate == doctest::Approx(0.5));
    // A tab: the gallery.
    t = tree(app, h);
    nlohmann::json gallery = find(t, "tab", "Test images");  // the wide layout's title
    if (gallery.is_null()) gallery = find(t, "tab", "Gallery");
    REQUIRE(gallery.is_object());
    CHECK(app.a11y_act(gallery["id"].get<unsigned>(), "activate", 0).empty());
    h.frames(app, 3);
    CHECK(app.state_json()["view"] == "gallery");
    // Refused: a control that is not there, an unknown action, a position off the track.
    CHECK(!app.a11y_act(12345u, "activate", 0).empty());
    CHECK(!app.a11y_act(gallery["id"].get<unsigned>(), "dance", 0).empty());
    CHECK(!app.a11y_act(find(t, "slider", "Learning rate")["id"].get<unsigned>(), "position", 2.0).empty());
}

TEST_CASE("a11y: ui_scale and theme are settings that a lesson keeps, and the style follows them") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 2);
    CHECK(!app.style_changed());
    CHECK(!app.configure({{"ui_scale", 5}}).empty());  // out of range: refused
    REQUIRE(app.configure({{"ui_scale", 2}, {"theme", "projector"}}).empty());
    CHECK(app.style_changed());
    app.setup_style(1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, hh = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &hh);
    h.frame(app);
    CHECK(!app.style_changed());
    CHECK(ImGui::GetFontSize() > 2 * 16.0f);  // 16 px x 2 x the projector's 1.25, once the font is rebuilt
    REQUIRE(app.configure({{"preset", "wide"}}).empty());
    CHECK(app.settings().ui_scale == 2);
    CHECK(app.settings().theme == "projector");
    // The projector is light: text dark on a light background, hints too (>= 4.5:1).
    const ImVec4 bg = App::background_color();
    CHECK(bg.x > 0.9f);
    auto lum = [](ImVec4 c) {
        auto ch = [](float v) { return v <= 0.03928f ? v / 12.92f : std::pow((v + 0.055f) / 1.055f, 2.4f); };
        return 0.2126f * ch(c.x) + 0.7152f * ch(c.y) + 0.0722f * ch(c.z);
    };
    const ImVec4 hint = ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
    CHECK((lum(bg) + 0.05f) / (lum(hint) + 0.05f) >= 4.5f);
}

TEST_CASE("a11y: what building the list costs a frame (printed; the browser test checks the page)") {
    App app;
    Headless h(app);
    h.real_time = false;
    load(app);
    h.frames(app, 10);
    auto time_frames = [&](bool ask) {
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < 120; ++i) {
            if (ask) app.a11y_tree(-1);  // built in every frame: the worst case
            h.frame(app);
        }
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / 120;
    };
    double with_list = 0, without = 0;
    for (int round = 0; round < 3; ++round) {
        with_list += time_frames(true);
        without += time_frames(false);
    }
    MESSAGE("a frame: " << without / 3 << " ms; with the list built in it: " << with_list / 3
            << " ms; the page asks 4 times a second (one frame in 15 at 60 Hz): " << 100 * (with_list - without) / without / 15
            << "% of the UI's time");
    CHECK(without < with_list);  // building costs something, and frames not asked for do not pay it
}

TEST_CASE("a11y: the views' pointer picks have keyboard equivalents (a confusion cell, a neuron of the diagram)") {
    App app;
    Headless h(app);
    load(app);
    app.step(5);
    h.frames(app, 4);
    nlohmann::json t = tree(app, h);
    const nlohmann::json cells = find(t, "combobox", "Confusion matrix cell");
    REQUIRE(cells.is_object());
    CHECK(cells["choices"].size() == 100);
    REQUIRE(app.a11y_act(cells["id"].get<unsigned>(), "choose", 3 * 10 + 5).empty());
    h.frames(app, 3);
    CHECK(app.state_json()["view"] == "gallery");
    CHECK(app.state_json()["gallery"]["digit"] == 3);
    CHECK(app.state_json()["gallery"]["predicted"] == 5);
    REQUIRE(app.configure({{"view", "diagram"}}).empty());
    h.frames(app, 4);
    t = tree(app, h);
    const nlohmann::json neurons = find(t, "combobox", "Neuron to follow");
    REQUIRE(neurons.is_object());
    REQUIRE(neurons["choices"].size() > 10);
    REQUIRE(app.a11y_act(neurons["id"].get<unsigned>(), "choose", 2).empty());
    h.frames(app, 3);
    CHECK(app.state_json()["diagram"]["selected"]["column"].get<int>() >= 1);
}
