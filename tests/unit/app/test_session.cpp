// Nothing lost (web/app/session.cpp): a run saved as bytes and restored in
// another App continues with bit-identical costs and keeps its history and
// settings; undo brings back the run a Reset, New seed, new network or lesson
// threw away; a saved run is offered back and continues on "Continue".
#include <doctest.h>

#include <cstring>

#include "engine/io/session_file.h"
#include "web/app/history.h"
#include "tests/unit/app/headless.h"

using namespace nnplay;
using namespace nnplay::testing;

namespace {
std::vector<double> step_costs(App& app, int n) {
    std::vector<double> c;
    for (int i = 0; i < n; ++i) {
        REQUIRE(app.step(1) == 1);
        c.push_back(app.state_json()["batch_cost"].get<double>());
    }
    return c;
}
}  // namespace

TEST_CASE("a saved run continues in another App with identical costs, history and settings") {
    App a;
    Headless h(a);
    load(a);
    REQUIRE(a.configure({{"lr", 0.5}, {"optimizer", "adam"}, {"hidden", {20}}, {"batch", 8}, {"view", "diagram"}}) == "");
    h.frames(a, 3);
    step_costs(a, 31);
    h.frames(a, 5);
    const nlohmann::json before = a.state_json();
    const std::vector<uint8_t> bytes = a.session_bytes();
    REQUIRE(!bytes.empty());
    const std::vector<double> expected = step_costs(a, 25);

    App b;
    Headless hb(b);
    load(b);
    hb.frames(b, 2);
    REQUIRE(b.restore_session(bytes.data(), bytes.size(), "the test run") == "");
    hb.frames(b, 3);
    const nlohmann::json after = b.state_json();
    CHECK(after["step"] == 31);
    CHECK(after["architecture"] == before["architecture"]);
    CHECK(after["optimizer"] == "adam");
    CHECK(after["lr"] == before["lr"]);
    CHECK(after["view"] == "diagram");
    CHECK(after["epoch"] == before["epoch"]);
    CHECK(after["samples_seen"] == before["samples_seen"]);
    CHECK(after["save_key"] != "");
    CHECK(b.history_csv() .size() > 100);
    const std::vector<double> got = step_costs(b, 25);
    CHECK(std::memcmp(got.data(), expected.data(), got.size() * sizeof(double)) == 0);
}

TEST_CASE("undo brings back the run Reset, New seed and a new network threw away") {
    App a;
    Headless h(a);
    load(a);
    h.frames(a, 2);
    step_costs(a, 12);
    h.frames(a, 5);  // the test evaluation at step 12
    const std::vector<uint8_t> at12 = a.session_bytes();
    const std::string csv12 = a.history_csv();
    a.reset();
    h.frames(a, 2);
    CHECK(a.state_json()["step"] == 0);
    CHECK(a.state_json()["undo"].size() == 1);
    CHECK(a.state_json()["undo"][0]["what"] == "Reset");
    CHECK(a.state_json()["widgets"].contains("undo"));
    REQUIRE(a.undo() == "");
    h.frames(a, 5);
    CHECK(a.state_json()["step"] == 12);
    CHECK(a.history_csv() == csv12);
    // Continuing after the undo is the run that was never reset.
    App ref;
    Headless hr(ref);
    load(ref);
    hr.frames(ref, 2);
    REQUIRE(ref.restore_session(at12.data(), at12.size(), "reference") == "");
    CHECK(step_costs(a, 5) == step_costs(ref, 5));

    // A new network (a configure() that changes the widths), then its undo.
    REQUIRE(a.configure({{"hidden", {8}}}) == "");
    CHECK(a.state_json()["architecture"] == "784-8-10");
    REQUIRE(a.undo() == "");
    CHECK(a.state_json()["architecture"] == "784-16-16-10");
    CHECK(a.state_json()["step"] == 17);
    // Nothing left to undo: a message, and the run stays.
    CHECK(a.undo() != "");
    CHECK(a.state_json()["step"] == 17);
}

TEST_CASE("the undo button undoes R") {
    App a;
    Headless h(a);
    load(a);
    h.frames(a, 2);
    step_costs(a, 6);
    h.type("r");  // R resets (a typed character, as the browser's keypress gives it)
    h.frames(a, 2);
    CHECK(a.state_json()["step"] == 0);
    REQUIRE(h.click(a, "undo"));
    CHECK(a.state_json()["step"] == 6);
}

TEST_CASE("a saved run is offered back: Continue restores it, Start fresh forgets it") {
    App a;
    Headless h(a);
    load(a);
    h.frames(a, 2);
    step_costs(a, 9);
    const std::vector<uint8_t> bytes = a.session_bytes();

    App b;
    Headless hb(b);
    std::vector<std::string> requests;
    b.set_forget_saved([&] { requests.push_back("discard_saved"); });
    b.offer_restore(bytes, "10:42", false);  // before the data: it waits
    load(b);
    hb.frames(b, 2);
    const nlohmann::json s = b.state_json();
    REQUIRE(s["restore_offer"].is_object());
    CHECK(s["restore_offer"]["when"] == "10:42");
    CHECK(str(s["restore_offer"], "summary").find("step 9") != std::string::npos);
    REQUIRE(hb.click(b, "restore_continue"));
    CHECK(b.state_json()["step"] == 9);
    CHECK(b.state_json()["restore_offer"].is_null());

    App c;
    Headless hc(c);
    c.set_forget_saved([&] { requests.push_back("discard_saved"); });
    load(c);
    c.offer_restore(bytes, "10:42", false);
    REQUIRE(hc.click(c, "restore_fresh"));
    CHECK(c.state_json()["step"] == 0);
    CHECK(requests == std::vector<std::string>{"discard_saved"});

    // Automatic: continues by itself; unreadable bytes: a warning, and asks the host to forget them.
    App d;
    Headless hd(d);
    d.set_forget_saved([&] { requests.push_back("discard_saved"); });
    load(d);
    d.offer_restore(bytes, "10:42", true);
    hd.frames(d, 2);
    CHECK(d.state_json()["step"] == 9);
    std::vector<uint8_t> broken(bytes.begin(), bytes.begin() + bytes.size() / 2);
    d.offer_restore(broken, "10:43", false);
    CHECK(d.state_json()["restore_offer"].is_null());
    CHECK(str(d.state_json(), "notice").find("could not be read") != std::string::npos);
    CHECK(requests.back() == "discard_saved");
    CHECK(d.state_json()["step"] == 9);
}

TEST_CASE("a saved run on other data is refused and the current run stays") {
    App a;
    Headless h(a);
    load(a, 200, 100);
    h.frames(a, 2);
    step_costs(a, 4);
    const std::vector<uint8_t> bytes = a.session_bytes();
    App b;
    Headless hb(b);
    load(b, 300, 100);
    hb.frames(b, 2);
    step_costs(b, 2);
    const std::string err = b.restore_session(bytes.data(), bytes.size(), "the run");
    CHECK(err.find("another set of images") != std::string::npos);
    CHECK(b.state_json()["step"] == 2);
}

TEST_CASE("a saved run whose front-end part has the wrong types is refused, never thrown on") {
    App a;
    Headless h(a);
    load(a, 200, 100);
    h.frames(a, 2);
    step_costs(a, 3);
    SessionData good;
    const std::vector<uint8_t> bytes = a.session_bytes();
    REQUIRE(parse_session(bytes.data(), bytes.size(), good) == "");
    const nlohmann::json app = good.app;
    auto with = [&](const char* path, const nlohmann::json& v) {
        nlohmann::json j = app;
        j[nlohmann::json::json_pointer(path)] = v;
        SessionData d;
        REQUIRE(parse_session(bytes.data(), bytes.size(), d) == "");
        return serialize_session(d.net, d.train, d.trainer, j);
    };
    for (const auto& bad : {with("/data/train", "200"), with("/data", 7), with("/settings", "lr=3"),
                            with("/history/train/capacity", "4096"), with("/history/tests", {{1, 2}}),
                            with("/history", nullptr), with("/settings/lr", "fast")}) {
        const std::string err = a.restore_session(bad.data(), bad.size(), "a damaged run");
        CHECK(err != "");
        CHECK(a.state_json()["step"] == 3);
    }
    // The whole app part not an object at all.
    SessionData d;
    REQUIRE(parse_session(bytes.data(), bytes.size(), d) == "");
    const auto odd = serialize_session(d.net, d.train, d.trainer, nlohmann::json::array({1, "x"}));
    CHECK(a.restore_session(odd.data(), odd.size(), "an odd run") != "");
    a.offer_restore(odd, "10:44", false);
    CHECK(a.state_json()["step"] == 3);
}

TEST_CASE("a saved history keeps which test points were quick checks; a run saved before that reads as whole passes") {
    History h;
    TestPoint quick;
    quick.samples = 100;
    quick.step = 10;
    quick.cost = 0.2;
    quick.accuracy = 0.5;
    quick.images = 128;
    h.add_test(quick);
    TestPoint whole = quick;
    whole.samples = 200;
    whole.step = 20;
    whole.images = 0;
    h.add_test(whole);
    nlohmann::json j = h.to_json();
    History back;
    REQUIRE(back.from_json(j));
    REQUIRE(back.tests.size() == 2);
    CHECK(back.tests[0].images == 128);
    CHECK(back.tests[1].images == 0);
    // The older form: 7 fields per point.
    for (nlohmann::json& p : j["tests"]) p.erase(7);
    History old;
    REQUIRE(old.from_json(j));
    REQUIRE(old.tests.size() == 2);
    CHECK(old.tests[0].images == 0);
    // A nonsense count is refused, not taken.
    j["tests"][0].push_back(-5);
    CHECK_FALSE(History().from_json(j));
}
