// The table of settings' own functions (engine/settings/settings.h): text
// forms, messages for bytes no door should send, the share query, and the
// numbers the messages and files write (engine/util/number_text.h).
// tests/unit/app/test_settings_doors.cpp walks the table through every door.
#include <doctest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/settings/settings.h"
#include "engine/util/number_text.h"
#include "engine/util/text_limits.h"

using namespace nnplay;
using json = nlohmann::json;

TEST_CASE("settings: bytes that are not UTF-8 are refused with a message, never an exception") {
    // Found by the settings fuzzer: a command line or a URL may hold any bytes,
    // and quoting them in a message once threw (the web build would abort).
    const std::string junk = "0.\xcb\xdb";
    json v;
    const std::string err = setting_from_text(*find_setting("lr"), junk, v);
    CHECK(err.find("lr must be a number") == 0);
    Settings s;
    CHECK(apply_flags(s, {{"optimizer", "\xff\xfe"}}).find("--optimizer: optimizer must be one of") == 0);
    CHECK(apply_settings(s, json{{"view", junk}}, 0).find("view must be one of") == 0);
    CHECK(s == Settings{});
}

TEST_CASE("settings: the share query holds what differs from the defaults and reads back") {
    Settings s;
    CHECK(settings_query(s, true).empty());
    REQUIRE(apply_settings(s, json{{"hidden", {32, 8}}, {"activations", {"relu", "tanh"}}, {"lr", 0.1},
                                   {"seed", 7}, {"weight_decay", 1e-4}, {"view", "confusion"}},
                           10000) == "");
    const std::string q = settings_query(s, true);
    CHECK(q == "hidden=32,8&activations=relu,tanh&seed=7&lr=0.1&weight_decay=0.0001&view=confusion");
    // Every setting, read back through the text door, gives the same settings.
    Settings back;
    json changes = json::object();
    std::size_t a = 0;
    const std::string all = settings_query(s, false);
    while (a < all.size()) {
        std::size_t b = all.find('&', a);
        if (b == std::string::npos) b = all.size();
        const std::string part = all.substr(a, b - a);
        const std::size_t eq = part.find('=');
        const Setting* row = find_setting(part.substr(0, eq));
        REQUIRE(row != nullptr);
        json value;
        REQUIRE(setting_from_text(*row, part.substr(eq + 1), value) == "");
        changes[row->key] = value;
        a = b + 1;
    }
    REQUIRE(apply_settings(back, changes, 10000) == "");
    CHECK(back == s);
}

TEST_CASE("number_text: the same digits in every locale, shortest that reads back") {
    CHECK(thousands(0) == "0");
    CHECK(thousands(60000) == "60,000");
    CHECK(thousands(-1234567) == "-1,234,567");
    CHECK(shortest(0.1f) == "0.1");
    CHECK(shortest(10.0) == "10");
    CHECK(shortest(1e-5) == "1e-05");
    CHECK(shortest(0.999f) == "0.999");
    CHECK(shortest(3.0f) == "3");
    double v = 0;
    CHECK(parse_number(" 2.5e3 ", &v));
    CHECK(v == 2500);
    for (const char* bad : {"", "1,5", "nan", "inf", "0x10", "1.5x", "-", "1e999"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_number(bad, &v));
    }
}

TEST_CASE("settings: a 1 MB value comes back quoted short in the message") {
    const std::string huge(1000000, '7');
    const std::string word(1000000, 'w');
    Settings s;
    json v;
    // Through each door: configure()'s JSON (a value, a key, a list), the text
    // form (the URL's), the CLI's flags, the architecture's own parser.
    const std::vector<std::string> messages = {
        apply_settings(s, json{{"optimizer", word}}, 0),
        apply_settings(s, json{{word, 1}}, 0),
        apply_settings(s, json{{"hidden", json(std::vector<int>(200000, 5))}}, 0),
        apply_settings(s, json{{"lr", json::array({json::array({json::array({word})})})}}, 0),
        setting_from_text(*find_setting("lr"), huge, v),
        setting_from_text(*find_setting("architecture"), "784-" + word, v),
        apply_flags(s, {{"optimizer", word}}),
        apply_flags(s, {{word, "1"}}),
    };
    for (const std::string& m : messages) {
        CAPTURE(m.substr(0, 300));
        CHECK(!m.empty());
        CHECK(m.size() < 700);  // the message's words, the allowed values, and at most 60 characters of the value
    }
    CHECK(messages[1].find("unknown setting \"" + std::string(60, 'w') + "...\" (1,000,000 bytes)") == 0);
    CHECK(s == Settings{});
}

TEST_CASE("text limits: quotes cut on a character boundary, JSON depth outside strings") {
    CHECK(quote("lr") == "\"lr\"");
    CHECK(quote(std::string(60, 'a')) == "\"" + std::string(60, 'a') + "\"");
    CHECK(quote(std::string(61, 'a')) == "\"" + std::string(60, 'a') + "...\" (61 bytes)");
    // 70 two-byte characters: cut after 60 of them, never inside one.
    std::string accents;
    for (int i = 0; i < 70; ++i) accents += "\xc3\xa9";
    CHECK(shortened(accents) == accents.substr(0, 120) + "...");
    CHECK(json_depth("{\"a\": [1, {\"b\": []}]}", 10) == 4);
    CHECK(json_depth("\"[[[[\\\"[[[\"", 10) == 0);
    CHECK(json_depth(std::string(100000, '['), 32) == 33);
    CHECK(check_json_text(std::string(100000, '['), 1 << 20, 32, "it").find("it nests more than 32 levels") == 0);
    CHECK(check_json_text(std::string(70000, ' '), 65536, 32, "it") == "it has 70,000 bytes; at most 65,536 are read");
    CHECK(check_json_text("{\"hidden\": [32]}", 65536, 8, "it") == "");
}
