// The Files section (web/app/panel_files.cpp): save then load gives the same
// model and predictions; every malformed file is refused with its own message
// and leaves the running model and its history as they were; the buttons hand
// the host a model file, a PyTorch zip, a CSV and PNG pictures that hold what
// they claim.
#include <doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb_image.h>

#include "engine/io/model_file.h"
#include "headless.h"

using namespace nnplay;
using namespace nnplay::testing;
using json = nlohmann::json;

namespace {

struct Saved {
    std::string name, mime;
    std::vector<uint8_t> bytes;
};

// A host that keeps what the App saves.
FileHost recording_host(std::vector<Saved>& saved) {
    FileHost host;
    host.save = [&saved](const std::string& name, const std::string& mime, const std::vector<uint8_t>& bytes) {
        saved.push_back({name, mime, bytes});
        return std::string();
    };
    return host;
}

bool same_weights(const Mlp& a, const Mlp& b) {
    if (a.layers().size() != b.layers().size()) return false;
    for (std::size_t l = 0; l < a.layers().size(); ++l)
        if (a.layers()[l].W != b.layers()[l].W || a.layers()[l].b != b.layers()[l].b) return false;
    return true;
}

// Trains a few steps and lets the evaluation that follows finish.
void train_a_little(App& app, Headless& h, int steps) {
    app.step(steps);
    for (int i = 0; i < 20; ++i) h.frame(app);
}

std::vector<std::string> csv_lines(const std::string& csv) {
    std::vector<std::string> lines;
    std::size_t a = 0;
    while (a < csv.size()) {
        std::size_t b = csv.find("\r\n", a);
        if (b == std::string::npos) b = csv.size();
        lines.push_back(csv.substr(a, b - a));
        a = b + 2;
    }
    return lines;
}

}  // namespace

TEST_CASE("files: a saved model loads back with the same weights, settings and predictions") {
    App a;
    Headless h(a);
    load(a);
    h.frame(a);
    REQUIRE(a.configure({{"hidden", {24, 12}}, {"activations", {"relu", "tanh"}}, {"output", "softmax_ce"},
                         {"optimizer", "adam"}, {"lr", 0.003}, {"batch", 16}}) == "");
    train_a_little(a, h, 30);
    const std::vector<uint8_t> file = a.model_file();
    const json sa = a.state_json();
    REQUIRE(sa["test_accuracy"].is_number());

    App b;
    Headless hb(b);
    load(b);
    hb.frame(b);
    train_a_little(b, hb, 5);  // a run of its own, which the load replaces
    REQUIRE(b.load_model(file.data(), file.size(), "m.safetensors") == "");
    for (int i = 0; i < 20; ++i) hb.frame(b);
    const json sb = b.state_json();
    CHECK(same_weights(a.trainer().model(), b.trainer().model()));
    CHECK(sb["architecture"] == "784-24-12-10");
    for (const char* k : {"activations", "output", "optimizer", "lr", "batch", "step"}) CHECK(sb[k] == sa[k]);
    // The Samples and Epoch counters agree with the step, as the run that saved it counted them
    // (they once restarted at 0).
    CHECK(sb["samples_seen"] == sa["samples_seen"]);
    CHECK(sb["epoch_progress"].get<double>() == doctest::Approx(sa["epoch_progress"].get<double>()));
    // The same model on the same test images: the same predictions, to the bit.
    CHECK(sb["test_accuracy"] == sa["test_accuracy"]);
    CHECK(sb["test_cost"] == sa["test_cost"]);
    CHECK(str(sb, "notice").find("Loaded m.safetensors: 784-24-12-10") == 0);
    // Training goes on from it.
    train_a_little(b, hb, 3);
    CHECK(b.state_json()["step"] == sa["step"].get<long long>() + 3);
}

TEST_CASE("files: every malformed model file is refused with its own message, the model and history kept") {
    App app;
    Headless h(app);
    load(app);
    h.frame(app);
    train_a_little(app, h, 12);
    const Mlp before = app.trainer().model();
    const json s0 = app.state_json();
    const std::string csv0 = app.history_csv();

    std::vector<uint8_t> good = app.model_file();
    std::vector<uint8_t> too_big(65u * 1024u * 1024u, 0);
    std::vector<uint8_t> foreign = good;  // a safetensors file of someone else's
    const std::string nn = "\"nnplay\"";
    auto at = std::search(foreign.begin(), foreign.end(), nn.begin(), nn.end());
    REQUIRE(at != foreign.end());
    std::memcpy(&*at, "\"pt\"    ", 8);  // same length: the header stays valid JSON
    std::vector<uint8_t> bad_json = good;
    bad_json[9] = '[';
    std::vector<uint8_t> bad_shape = good;  // one weight's shape changed in the header
    const std::string sh = "[16,784]";
    auto at2 = std::search(bad_shape.begin(), bad_shape.end(), sh.begin(), sh.end());
    REQUIRE(at2 != bad_shape.end());
    std::memcpy(&*at2, "[16,783]", 8);

    struct Bad { const char* what; std::vector<uint8_t> bytes; const char* says; };
    const Bad bad[] = {
        {"empty", {}, "empty file"},
        {"truncated", std::vector<uint8_t>(good.begin(), good.begin() + 5), "truncated"},
        {"cut", std::vector<uint8_t>(good.begin(), good.end() - 100), "truncated"},
        {"foreign", foreign, "not an nnplay model"},
        {"corrupt", bad_json, "corrupt header"},
        {"wrong shape", bad_shape, "has shape [16, 783]"},
        {"too large", too_big, "far more than any network"},
    };
    std::vector<std::string> messages;
    for (const Bad& b : bad) {
        CAPTURE(b.what);
        const std::string err = app.load_model(b.bytes.data(), b.bytes.size(), std::string(b.what) + ".safetensors");
        h.frame(app);
        CHECK(err.find(b.says) != std::string::npos);
        CHECK(err.find("The current model is unchanged") != std::string::npos);
        CHECK(str(app.state_json(), "notice") == err);
        CHECK(same_weights(before, app.trainer().model()));
        CHECK(app.state_json()["step"] == s0["step"]);
        CHECK(app.state_json()["architecture"] == s0["architecture"]);
        CHECK(app.history_csv() == csv0);
        messages.push_back(err);
    }
    // Each says something of its own.
    for (std::size_t i = 0; i < messages.size(); ++i)
        for (std::size_t j = i + 1; j < messages.size(); ++j) CHECK(messages[i] != messages[j]);
}

TEST_CASE("files: the buttons save a model, a PyTorch zip, the history and pictures through the host") {
    App app;
    Headless h(app);
    std::vector<Saved> saved;
    app.set_file_host(recording_host(saved));
    load(app);
    h.frame(app);
    train_a_little(app, h, 10);
    REQUIRE(app.configure({{"lr", 0.5}}) == "");
    train_a_little(app, h, 10);
    REQUIRE(h.click(app, "files"));  // opens the Files menu
    REQUIRE(h.click(app, "save_model"));
    REQUIRE(saved.size() == 1);
    CHECK(saved[0].name == "nnplay-784-16-16-10-step20.safetensors");
    LoadedModel m;
    REQUIRE(parse_model(saved[0].bytes.data(), saved[0].bytes.size(), m) == "");
    CHECK(same_weights(m.net, app.trainer().model()));

    REQUIRE(h.click(app, "files"));
    REQUIRE(h.click(app, "export_pytorch"));
    REQUIRE(saved.size() == 2);
    CHECK(saved[1].mime == "application/zip");
    REQUIRE(saved[1].bytes.size() > 4);
    CHECK(std::memcmp(saved[1].bytes.data(), "PK\x03\x04", 4) == 0);
    const std::string zip(saved[1].bytes.begin(), saved[1].bytes.end());
    CHECK(zip.find("model.py") != std::string::npos);
    CHECK(zip.find("class SimpleNeuralNetwork(nn.Module)") != std::string::npos);  // stored, not compressed

    REQUIRE(h.click(app, "files"));
    REQUIRE(h.click(app, "history_csv"));
    REQUIRE(saved.size() == 3);
    const std::vector<std::string> lines =
        csv_lines(std::string(saved[2].bytes.begin(), saved[2].bytes.end()));
    REQUIRE(lines.size() > 5);
    CHECK(lines[0] == "step,epoch,samples,train_cost,test_cost,test_accuracy,settings_change,settings");
    CHECK(lines[1].find("0,0,0,,,,start,\"preset=lecture&hidden=16,16&activations=sigmoid,sigmoid&") == 0);
    int train_rows = 0, test_rows = 0, change_rows = 0;
    for (std::size_t i = 2; i < lines.size(); ++i) {
        if (lines[i].find("learning rate 3 → 0.5") != std::string::npos) {
            ++change_rows;
            CHECK(lines[i].find("&lr=0.5&") != std::string::npos);  // every setting from there on
        }
        // Columns 4 and 5 (train_cost, test_cost): which kind of row this is.
        std::vector<std::string> cells;
        std::size_t a = 0;
        for (int c = 0; c < 6; ++c) {
            const std::size_t b = lines[i].find(',', a);
            cells.push_back(lines[i].substr(a, b - a));
            a = b + 1;
        }
        train_rows += !cells[3].empty();
        test_rows += !cells[4].empty();
    }
    CHECK(train_rows == 20);  // one per step: far below the curve's capacity
    CHECK(test_rows >= 2);
    CHECK(change_rows == 1);

    // A picture: asked for in a frame, read by the main loop after a frame
    // without the Files menu.
    REQUIRE(h.click(app, "files"));
    REQUIRE(h.click(app, "picture_curves"));
    PictureRequest pic;
    CHECK_FALSE(app.picture_requested(&pic));  // not while the menu is still drawn
    h.frames(app, 2);
    REQUIRE(app.picture_requested(&pic));
    CHECK_FALSE(app.state_json()["widgets"].contains("picture_curves"));  // the menu closed
    CHECK(pic.w > 100);
    CHECK(pic.name == "nnplay-784-16-16-10-step20-curves.png");
    const int w = 40, hgt = 30;
    std::vector<uint8_t> rgba(static_cast<std::size_t>(w) * hgt * 4);
    for (int y = 0; y < hgt; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = &rgba[(static_cast<std::size_t>(y) * w + x) * 4];
            p[0] = uint8_t(y * 8);  // bottom-up rows: the first row is the picture's bottom
            p[1] = uint8_t(x * 6);
            p[2] = 7;
            p[3] = 255;
        }
    app.deliver_picture(rgba.data(), w, hgt, true);
    CHECK_FALSE(app.picture_requested(nullptr));
    REQUIRE(saved.size() == 4);
    CHECK(saved[3].mime == "image/png");
    int pw = 0, ph = 0, ch = 0;
    unsigned char* png = stbi_load_from_memory(saved[3].bytes.data(), int(saved[3].bytes.size()), &pw, &ph, &ch, 4);
    REQUIRE(png != nullptr);
    CHECK(pw == w);
    CHECK(ph == hgt);
    CHECK(png[0] == uint8_t((hgt - 1) * 8));  // the top row of the picture is GL's last
    CHECK(png[(5 * w + 3) * 4 + 1] == 3 * 6);
    stbi_image_free(png);
}
