// test_neuron_view.cpp: the neuron view (issue 18): state().neuron agrees
// with the model, the "neuron" setting picks it (and refuses nonsense), and a
// weight set by hand changes the answer at once, leaves a marker in the
// history, is undone by Undo and refused while the page locks the network.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "tests/unit/app/headless.h"

using namespace nnplay;
using namespace nnplay::testing;
using json = nlohmann::json;

TEST_CASE("neuron view: state().neuron is the model's arithmetic for the selected sample") {
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure({{"view", "neuron"}, {"neuron", "2:7"}}) == "");
    app.step(5);
    h.frames(app, 3);
    json n = app.state_json()["neuron"];
    REQUIRE(n.is_object());
    CHECK(n["layer"] == 2);
    CHECK(n["index"] == 7);
    CHECK(n["activation"] == "sigmoid");
    CHECK(n["inputs"] == 16);
    CHECK(n["terms"].size() == 16);  // all of them: at most 32 inputs
    double sum = 0;
    for (const json& t : n["terms"]) sum += t["a"].get<double>() * t["w"].get<double>();
    CHECK(sum == doctest::Approx(n["weighted_sum"].get<double>()).epsilon(1e-6));
    const double z = n["weighted_sum"].get<double>() + n["bias"].get<double>();
    CHECK(n["value"].get<double>() == doctest::Approx(1.0 / (1.0 + std::exp(-z))).epsilon(1e-4));
    const auto drawn = app.panels_drawn();
    CHECK(std::find(drawn.begin(), drawn.end(), "neuron") != drawn.end());
    // The output layer's neuron 7 is the output the sample view shows for 7.
    REQUIRE(app.configure({{"neuron", "3:7"}}) == "");
    h.frames(app, 2);
    n = app.state_json()["neuron"];
    CHECK(n["output"] == true);
    CHECK(n["value"].get<double>() == doctest::Approx(app.state_json()["sample"]["outputs"][7].get<double>()).epsilon(1e-5));
    // The first layer: 784 pixels, the 32 largest terms listed.
    REQUIRE(app.configure({{"neuron", "1:3"}}) == "");
    h.frames(app, 2);
    n = app.state_json()["neuron"];
    CHECK(n["inputs"] == 784);
    CHECK(n["terms"].size() == 32);
    CHECK(n["rest_count"] == 752);
    // A neuron this network does not have is shown as the nearest one it has.
    REQUIRE(app.configure({{"neuron", "5:40"}}) == "");
    h.frames(app, 2);
    n = app.state_json()["neuron"];
    CHECK(n["layer"] == 3);
    CHECK(n["index"] == 9);
    // Nonsense is refused with the table's message; the setting stays.
    for (const char* bad : {"x:1", "2", "2:-1", "0:1", "2:1024", ":", "2:7:1"}) {
        CAPTURE(bad);
        CHECK(app.configure({{"neuron", bad}}).find("neuron must be layer:index") != std::string::npos);
    }
    CHECK(app.state_json()["neuron"]["index"] == 9);
}

TEST_CASE("neuron view: a weight set by hand changes the answer, is marked, undone, and refused when locked") {
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure({{"view", "neuron"}, {"neuron", "3:4"}}) == "");
    app.step(3);
    h.frames(app, 3);
    const json before = app.state_json()["neuron"];
    const double b0 = before["bias"].get<double>();
    const int evaluations = app.state_json()["evaluations"].get<int>();
    REQUIRE(app.set_weight(3, 4, -1, b0 + 6.0) == "");
    h.frames(app, 5);
    // The test images are measured again at once (same step, other weights).
    CHECK(app.state_json()["evaluations"].get<int>() > evaluations);
    CHECK(app.state_json()["test_accuracy"].is_number());
    const json after = app.state_json()["neuron"];
    CHECK(after["bias"].get<double>() == doctest::Approx(b0 + 6.0));
    CHECK(after["value"].get<double>() > before["value"].get<double>());
    CHECK(app.state_json()["sample"]["outputs"][4].get<double>() == doctest::Approx(after["value"].get<double>()).epsilon(1e-5));
    CHECK(app.history_csv().find("by hand") != std::string::npos);
    // A weight of the first layer, by its pixel.
    REQUIRE(app.set_weight(1, 0, 400, 0.75) == "");
    CHECK(app.trainer().model().layers()[0].W[400] == 0.75f);
    // Undo: first the pixel's weight, then the bias.
    CHECK(app.undo() == "");
    CHECK(app.trainer().model().layers()[0].W[400] != 0.75f);
    CHECK(app.undo() == "");
    h.frames(app, 2);
    CHECK(app.state_json()["neuron"]["bias"].get<double>() == doctest::Approx(b0));
    // Refused: nonsense, and while the page locks the network or the seed.
    CHECK(app.set_weight(3, 4, -1, NAN) != "");
    CHECK(app.set_weight(3, 10, -1, 1.0) != "");
    CHECK(app.set_weight(1, 0, 784, 1.0) != "");
    CHECK(app.set_weight(4, 0, 0, 1.0) != "");
    REQUIRE(app.configure({{"lock", "seed"}}) == "");
    const std::string why = app.set_weight(3, 4, -1, 1.0);
    CHECK(why.find("locked") != std::string::npos);
    h.frames(app, 2);
    CHECK(app.state_json()["neuron"]["bias"].get<double>() == doctest::Approx(b0));
}
