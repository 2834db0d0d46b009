// The table of settings (engine/settings/settings.h) is the only place a
// setting's limits live: this test walks the table and, for every setting,
// offers each door the same values (each end of the range, just outside each
// end, the special value, a wrong type, an unknown choice, a list too long)
// and checks that every door that takes the setting accepts the same values
// and refuses the same ones with the same message:
//   - the engine's validation (NetConfig/TrainConfig::validate, validate_settings)
//   - the page's configure() (App::configure, JSON)
//   - the URL and data-config (App::configure_text, text)
//   - the model file's metadata (parse_model)
//   - nnplay-cli's flags (apply_flags, which main.cpp feeds from CLI11)
// It also drags every slider from end to end (the headless App) and checks it
// covers its setting's range.
#include <doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/io/model_file.h"
#include "engine/settings/settings.h"
#include "headless.h"
#include "web/app/app_core.h"

using namespace nnplay;
using namespace nnplay::testing;
using json = nlohmann::json;

namespace {

// As many training images as MNIST has, so that the largest batch and subset
// the table allows are in range for every door (the model file and the CLI
// know no data; the page knows what it loaded).
constexpr int kLoaded = 60000;

struct Case {
    json value;             // as configure() receives it
    std::string text;       // as the URL, data-config, a model file or a flag give it
    bool text_too = true;   // false: no text says the same (a list of one name reads as "every layer")
};

std::string text_of(const Setting& s, const json& v) { return v.is_string() ? v.get<std::string>() : setting_to_text(s, v); }

// Values around the edges of a setting's allowed values.
std::vector<Case> cases_for(const Setting& s) {
    std::vector<json> values;
    switch (s.type) {
        case SettingType::Int:
        case SettingType::Float: {
            const double step = s.type == SettingType::Int ? 1.0 : 0.0;
            auto below = [&](double v) { return step > 0 ? v - step : v - std::max(std::fabs(v) * 0.01, 1e-3); };
            auto above = [&](double v) { return step > 0 ? v + step : v + std::max(std::fabs(v) * 0.01, 1e-3); };
            values = {s.min, s.max, below(s.min), above(s.max), "x"};
            if (s.type == SettingType::Int) values.push_back(s.min + 0.5);
            if (s.has_special()) values.push_back(s.special);
            break;
        }
        case SettingType::Bool: values = {true, false, "maybe"}; break;
        case SettingType::Choice:
            for (const char* c : s.choices) values.push_back(c);
            values.push_back("no-such-choice");
            values.push_back(json::array({1}));
            break;
        case SettingType::IntList:
            values = {json::array(), json::array({s.min}), json::array({s.max, s.min}),
                      json::array({s.min - 1}), json::array({s.max + 1}), "x"};
            values.push_back(json(std::vector<int>(static_cast<std::size_t>(s.max_items), 3)));
            values.push_back(json(std::vector<int>(static_cast<std::size_t>(s.max_items + 1), 3)));
            break;
        case SettingType::ChoiceList:
            for (const char* c : s.choices) values.push_back(c);  // one name: every layer
            values.push_back(json::array({s.choices[0], s.choices.back()}));
            values.push_back(json::array({s.choices[0]}));       // one layer of two
            values.push_back("no-such-choice");
            values.push_back(json::array());                      // none: refused where one is needed
            values.push_back(json::array({s.choices[0], "no-such-choice"}));
            if (s.all_label) values.push_back(s.all_label);       // "all": every one
            break;
        case SettingType::Text:
            values = {"784-10", "784-32-10", "784-0-10", "700-10", "784-x-10", "784-1025-10"};
            break;
    }
    std::vector<Case> out;
    for (const json& v : values)
        out.push_back({v, text_of(s, v),
                       // JSON a text cannot say: a list where one value goes, a list of one name
                       !(v.is_array() && s.type != SettingType::IntList && s.type != SettingType::ChoiceList) &&
                           !(s.type == SettingType::ChoiceList && v.is_array() && v.size() == 1)});
    return out;
}

// The engine's own validation, for a value its structs can hold exactly.
bool engine_door(const Setting& s, const json& v, std::string* message) {
    if (s.type == SettingType::Text) return false;  // text: parsed by set_text, checked by the others
    const bool type_ok = (s.is_number() && v.is_number()) || (s.type == SettingType::Bool && v.is_boolean()) ||
                         (s.type == SettingType::Choice && v.is_string()) ||
                         (s.type == SettingType::IntList && v.is_array()) ||
                         (s.type == SettingType::ChoiceList && (v.is_array() || v.is_string()));
    if (!type_ok) return false;
    if ((s.type == SettingType::Choice || s.type == SettingType::ChoiceList) && !check_setting(s, v).empty())
        return false;  // an enum holds no unknown name
    if (s.type == SettingType::IntList)
        for (const json& x : v)
            if (!x.is_number_integer() || x.get<double>() < -2e9 || x.get<double>() > 2e9) return false;
    Settings st;
    s.set(st, v);
    if (s.key == std::string_view("hidden")) st.net.activations.resize(st.net.hidden.size(), Activation::Sigmoid);
    if (s.get(st) != v) return false;  // the struct cannot hold it exactly (a seed of -1)
    switch (s.scope) {
        case SettingScope::Network: *message = st.net.validate(); break;
        case SettingScope::Training: *message = st.train.validate(kLoaded); break;
        default: *message = validate_settings(st, kLoaded); break;
    }
    return true;
}

// The model file's door: a refused value in the metadata of a saved default
// model; an accepted one saved with a model of those settings and read back.
std::string model_door(const Setting& s, const Case& c, const std::string& expected) {
    Settings st;
    if (expected.empty()) {
        REQUIRE(apply_settings(st, json{{s.key, c.value}}, kLoaded, kDoorModelFile) == "");
        LoadedModel m;
        const auto bytes = serialize_model(Mlp(st.net), st.train, 3);
        const std::string err = parse_model(bytes.data(), bytes.size(), m);
        if (err.empty()) {
            CHECK(m.net.config() == st.net);
            CHECK(m.train == st.train);
        }
        return err;
    }
    auto bytes = serialize_model(Mlp(st.net), st.train, 3);
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | bytes[i];
    json header = json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<long>(n));
    header["__metadata__"][s.key] = c.text;
    std::string text = header.dump();
    while ((8 + text.size()) % 8) text += ' ';
    std::vector<uint8_t> file;
    for (int i = 0; i < 8; ++i) file.push_back(static_cast<uint8_t>(uint64_t(text.size()) >> (8 * i)));
    file.insert(file.end(), text.begin(), text.end());
    file.insert(file.end(), bytes.begin() + 8 + static_cast<long>(n), bytes.end());
    LoadedModel m;
    return parse_model(file.data(), file.size(), m);
}

// Drags a slider the App reported in state_json()["widgets"] from its middle
// to beyond its left or right end, and lets go. False when it is not shown.
bool drag_to_end(Headless& h, App& app, const std::string& widget, bool right, ImVec2 size) {
    h.frames(app, 2, size);
    const json w = app.state_json()["widgets"];
    if (!w.contains(widget) || !w[widget]["visible"].get<bool>()) return false;
    const float x = w[widget]["x"].get<float>(), y = w[widget]["y"].get<float>() + w[widget]["h"].get<float>() * 0.5f;
    const float width = w[widget]["w"].get<float>();
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x + width * 0.5f, y);
    h.frame(app, size);
    io.MouseDown[0] = true;
    h.frame(app, size);
    io.MousePos = ImVec2(right ? x + width + 60 : x - 60, y);
    h.frames(app, 2, size);
    io.MouseDown[0] = false;
    h.frames(app, 2, size);
    return true;
}

// Puts the App back to the defaults after a case.
void restore(App& app) {
    json all = json::object();
    const Settings defaults;
    for (const Setting& s : settings_table())
        if ((s.doors & kDoorPage) && s.type != SettingType::Text) all[s.key] = s.get(defaults);
    REQUIRE(app.configure(all) == "");
}

}  // namespace

TEST_CASE("settings: every door accepts and refuses the same values with the table's message") {
    App app;
    Headless h(app);
    app.set_data(synthetic(kLoaded, 1), synthetic(100, 2), "synthetic");
    h.frame(app);
    int compared = 0;
    for (const Setting& s : settings_table()) {
        for (const Case& c : cases_for(s)) {
            const std::string key = s.key;
            CAPTURE(key);
            CAPTURE(c.value.dump());
            CAPTURE(c.text);
            // What the table says: one setting, changed alone from the defaults.
            Settings base;
            const std::string expected = apply_settings(base, json{{s.key, c.value}}, kLoaded, s.doors);
            // A refused value's message comes from the table: it names the key.
            if (!expected.empty()) CHECK(expected.find(s.key) != std::string::npos);

            if (s.doors & kDoorPage) {
                CHECK(app.configure(json{{s.key, c.value}}) == expected);
                restore(app);
            }
            if ((s.doors & kDoorPage) && c.text_too) {
                const auto refused = app.configure_text({{s.key, c.text}});
                if (expected.empty()) {
                    CHECK(refused.empty());
                } else {
                    REQUIRE(refused.size() == 1);
                    CHECK(refused[0].first == s.key);
                    CHECK(refused[0].second == expected);
                }
                restore(app);
                compared += 2;
            }
            if ((s.doors & kDoorCli) && c.text_too) {
                Settings cli;
                const std::string err = apply_flags(cli, {{s.key, c.text}});
                if (expected.empty()) {
                    CHECK(err == "");
                } else {
                    // The flag, then the table's message (a text setting's says its key once).
                    std::string core = expected;
                    if (core.rfind(std::string(s.key) + ": ", 0) == 0) core.erase(0, std::string(s.key).size() + 2);
                    const bool per_value = err.rfind(flag_of(s) + ": ", 0) == 0;
                    CHECK(err == (per_value ? flag_of(s) + ": " + core : expected));
                }
                ++compared;
            }
            if ((s.doors & kDoorModelFile) && c.text_too) {
                const std::string err = model_door(s, c, expected);
                if (expected.empty()) CHECK(err == "");
                else CHECK(err.find(expected) != std::string::npos);
                ++compared;
            }
            std::string engine;
            if (engine_door(s, c.value, &engine)) {
                CHECK(engine == expected);
                ++compared;
            }
        }
    }
    MESSAGE(compared << " comparisons over " << settings_table().size() << " settings");
    CHECK(compared > 600);
    // The course pages' settings are among them (issue 9).
    for (const char* key : {"preset", "panels", "controls", "lock", "train_accuracy", "epochs"})
        CHECK_MESSAGE(find_setting(key) != nullptr, key);
}

TEST_CASE("settings: a locked setting is refused by every door with the same message, and holds") {
    App app;
    Headless h(app);
    app.set_data(synthetic(kLoaded, 1), synthetic(100, 2), "synthetic");
    h.frame(app);
    int refused = 0;
    for (const Setting& s : settings_table()) {
        if (!(s.doors & kDoorPage) || s.key == std::string_view("lock")) continue;
        // A value the setting takes that differs from its default.
        const Settings defaults;
        const Case* other = nullptr;
        std::vector<Case> cases = cases_for(s);
        for (const Case& c : cases) {
            Settings t;
            if (c.text_too && apply_settings(t, json{{s.key, c.value}}, kLoaded) == "" && s.get(t) != s.get(defaults)) {
                other = &c;
                break;
            }
        }
        if (!other) continue;
        const std::string key = s.key;
        CAPTURE(key);
        REQUIRE(app.configure({{"lock", {s.key}}}) == "");
        Settings locked = defaults;
        locked.lock = {s.key};
        const std::string expected = apply_settings(locked, json{{s.key, other->value}}, kLoaded);
        CHECK(expected == key + " is fixed by this lesson (lock=" + key + "): it stays " +
                              setting_display(s, s.get(defaults)));
        CHECK(app.configure(json{{s.key, other->value}}) == expected);
        const auto text = app.configure_text({{s.key, other->text}});
        REQUIRE(text.size() == 1);
        CHECK(text[0].first == key);
        CHECK(text[0].second == expected);
        CHECK(app.state_json()[s.key] == s.get(defaults));  // it held
        REQUIRE(app.configure({{"lock", json::array()}}) == "");
        ++refused;
    }
    MESSAGE(refused << " settings locked and refused through configure() and the URL's text");
    CHECK(refused >= 20);
}

TEST_CASE("settings: the text form reads back to the same value, and every view name is a view") {
    const Settings defaults;
    for (const Setting& s : settings_table()) {
        CAPTURE(s.key);
        json back;
        REQUIRE(setting_from_text(s, setting_to_text(s, s.get(defaults)), back) == "");
        if (s.type == SettingType::Text) CHECK(back == s.get(defaults));
        else CHECK(back == s.get(defaults));
        CHECK(std::string(s.label).size() > 0);
        CHECK(std::string(s.help).size() > 10);
    }
    // The App's views and the table's "view" choices are the same names.
    const Setting& view = *find_setting("view");
    CHECK(int(view.choices.size()) == kViewTabCount);
    for (const char* name : view.choices) CHECK(std::string(name_of(view_tab(name))) == name);
}

TEST_CASE("settings: every slider covers its setting's range, end to end") {
    // Two layouts in which the whole Controls column shows without scrolling.
    for (ImVec2 size : {ImVec2(1920, 1080), ImVec2(1280, 1400)}) {
        CAPTURE(size.x);
        App app;
        Headless h(app);
        app.set_data(synthetic(1000, 1), synthetic(100, 2), "synthetic");
        h.frame(app, size);
        struct Slider { const char* widget; const char* key; double lo, hi; };
        // The batch ends at the 1,000 images in use; the subset's right end is "all" (0).
        const Slider sliders[] = {
            {"lr", "lr", 1e-5, 1000},           {"batch", "batch", 1, 1000},
            {"weight_decay", "weight_decay", 0, 1}, {"train_subset", "train_subset", 1, 0},
            {"epochs", "epochs", 1, 0},         {"speed", "speed", 1, 0},
            {"layer1_width", "hidden", 1, 1024},
        };
        for (const Slider& sl : sliders) {
            const std::string widget = sl.widget;
            CAPTURE(widget);
            for (int end = 0; end < 2; ++end) {
                REQUIRE(drag_to_end(h, app, sl.widget, end == 1, size));
                const json st = app.state_json();
                const json v = sl.key == std::string("hidden") ? st["hidden"][0] : st[sl.key];
                CHECK(v.get<double>() == doctest::Approx(end ? sl.hi : sl.lo).epsilon(1e-6));
            }
            restore(app);
            h.frame(app, size);
        }
        // The optimizers' own parameters show when their optimizer is chosen.
        REQUIRE(app.configure({{"optimizer", "adam"}}) == "");
        h.frame(app, size);
        for (const char* key : {"beta1", "beta2", "epsilon"}) {
            CAPTURE(key);
            const Setting& s = *find_setting(key);
            for (int end = 0; end < 2; ++end) {
                REQUIRE(drag_to_end(h, app, key, end == 1, size));
                CHECK(app.state_json()[key].get<double>() == doctest::Approx(end ? s.max : s.min).epsilon(1e-6));
            }
        }
        REQUIRE(app.configure({{"optimizer", "rmsprop"}}) == "");
        h.frame(app, size);
        REQUIRE(drag_to_end(h, app, "rho", true, size));
        CHECK(app.state_json()["rho"].get<double>() == doctest::Approx(0.999));
        REQUIRE(app.configure({{"optimizer", "nesterov"}}) == "");
        h.frame(app, size);
        REQUIRE(drag_to_end(h, app, "momentum", false, size));
        CHECK(app.state_json()["momentum"] == 0);
    }
}

TEST_CASE("settings: slider scales are monotone and put the special value at its end") {
    for (const Setting& s : settings_table()) {
        if (s.scale == SettingScale::None) continue;
        CAPTURE(s.key);
        double last = -1e300;
        for (int i = 0; i <= 200; ++i) {
            const double t = i / 200.0;
            const double v = setting_from_slider(s, t, NAN);
            if (s.has_special() && v == s.special) {
                CHECK((s.special_at_max ? t > 0.9 : t < 0.1));
                continue;
            }
            CHECK(v >= last);
            CHECK(check_setting(s, s.type == SettingType::IntList ? json::array({v}) : json(v)) == "");
            last = v;
            // Positions read back (the value's own position gives the value again).
            CHECK(setting_from_slider(s, setting_to_slider(s, v, NAN), NAN) == doctest::Approx(v).epsilon(1e-6));
        }
    }
}

TEST_CASE("a 1 MB value or key through the page's doors comes back quoted short, the playground unharmed") {
    App app;
    Headless h(app);
    load(app);
    h.frames(app, 2);
    const std::string huge(1000000, 'q');
    const auto refused = app.configure_text({{"lr", huge}, {huge, "1"}, {"preset", huge}});
    REQUIRE(refused.size() == 3);
    for (const auto& [key, message] : refused) {
        CHECK(key.size() <= 64);
        CHECK(message.size() < 700);
        CHECK((message.find("(1,000,000 bytes)") != std::string::npos || message.find("...") != std::string::npos));
    }
    const std::string err = app.configure({{"optimizer", huge}});
    CHECK(err.find("optimizer must be one of") == 0);
    CHECK(err.size() < 400);
    // Still training as before.
    REQUIRE(app.configure({{"lr", 0.5}}) == "");
    CHECK(app.step(2) == 2);
}
