// The views of issue 10, headless at the three display sizes: every view by
// its name; one selected sample shared by the one-sample view, the gradient
// and the gallery (a test image or the drawn digit); the gradient view's list
// against the engine's gradient and the Step's report; a confusion cell
// opening the gallery on exactly its images; drawing with the mouse and by
// touch; the gallery's texture made once and its cost per frame.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "engine/data/drawing.h"
#include "engine/train/test_selection.h"
#include "headless.h"
#include "web/app/plot.h"

using nnplay::App;
using nnplay::testing::Headless;
using nnplay::testing::load;
using nnplay::testing::str;
using json = nlohmann::json;

namespace {

const ImVec2 kSizes[] = {ImVec2(1920, 1080), ImVec2(800, 600), ImVec2(360, 640)};
const char* kNames[] = {"sample", "confusion", "weights", "diagram", "neuron", "gradient", "draw", "gallery"};

bool drew(const App& app, const char* panel) {
    const auto p = app.panels_drawn();
    return std::find(p.begin(), p.end(), panel) != p.end();
}

// Shows `view` at `size`; on a phone, scrolls the column to the views at its bottom.
void show(Headless& h, App& app, const char* view, ImVec2 size) {
    REQUIRE(app.configure({{"view", view}}) == "");
    h.frames(app, 2, size);
    if (size.x == 360) h.scroll_to_views(app, size);  // the phone's column: the views after the curves
}

json widget(const App& app, const char* name) {
    const json w = app.state_json()["widgets"];
    return w.contains(name) ? w[name] : json();
}

ImVec2 centre(const json& w) {
    return ImVec2(w["x"].get<float>() + w["w"].get<float>() * 0.5f, w["y"].get<float>() + w["h"].get<float>() * 0.5f);
}

// A press, moves and release of the left button (a mouse, or SDL's touch-as-mouse).
void drag(Headless& h, App& app, const std::vector<ImVec2>& path, ImVec2 size) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = path.front();
    h.frame(app, size);
    io.MouseDown[0] = true;
    h.frame(app, size);
    for (size_t i = 1; i < path.size(); ++i) {
        io.MousePos = path[i];
        h.frame(app, size);
    }
    io.MouseDown[0] = false;
    h.frame(app, size);
}

void click_at(Headless& h, App& app, ImVec2 p, ImVec2 size) { drag(h, app, {p}, size); }

// The gradient view's list as (layer, neuron, input, value).
struct Listed { int layer, neuron, input; float value; };
std::vector<Listed> listed(const App& app) {
    std::vector<Listed> out;
    const json s = app.state_json();
    for (const json& c : s["gradient"]["components"])
        out.push_back({c["layer"].get<int>(), c["neuron"].get<int>(), c["input"].get<int>(), c["value"].get<float>()});
    return out;
}

void check_list_is(const std::vector<Listed>& got, const nnplay::Gradients& g) {
    const auto want = nnplay::largest_gradients(g, 12);
    REQUIRE(got.size() == want.size());
    REQUIRE(got.size() == 12);
    for (size_t i = 0; i < want.size(); ++i) {
        CAPTURE(i);
        CHECK(got[i].layer == want[i].layer);
        CHECK(got[i].neuron == want[i].neuron);
        CHECK(got[i].input == want[i].input);
        CHECK(got[i].value == want[i].value);
        const float direct = got[i].input < 0 ? g.bias(got[i].layer, got[i].neuron)
                                              : g.weight(got[i].layer, got[i].neuron, got[i].input);
        CHECK(got[i].value == direct);
    }
}

}  // namespace

TEST_CASE("every view has a name: configure, state().view and state().views, at the three sizes") {
    App app;
    Headless h(app);
    load(app);
    app.step(5);
    const json s = app.state_json();
    REQUIRE(s["views"].size() == std::size(kNames));
    for (std::size_t i = 0; i < std::size(kNames); ++i) CHECK(s["views"][i] == kNames[i]);
    for (const ImVec2 size : kSizes) {
        CAPTURE(size.x);
        for (const char* v : kNames) {
            CAPTURE(v);
            show(h, app, v, size);
            CHECK(drew(app, v));
            CHECK(app.state_json()["view"] == v);
            const json area = widget(app, "view_area");
            REQUIRE(area.is_object());
            CHECK(area["w"].get<float>() > 100);
            CHECK(area["h"].get<float>() > 100);
            // Each view's tab is in the tab bar (in the wide layout the lecture's three share one).
            CHECK(widget(app, (std::string("tab_") + v).c_str()).is_object());
            const ImDrawData* dd = ImGui::GetDrawData();
            CHECK(dd->TotalVtxCount < 200000);
        }
    }
    const std::string err = app.configure({{"view", "gradients"}});
    CHECK(err.find("gallery") != std::string::npos);  // the message lists the names
    CHECK(app.state_json()["view"] == "gallery");     // unchanged
}

TEST_CASE("the gradient view lists the engine's gradient; a paused Step shows before -> after and its minibatch") {
    App app;
    Headless h(app);
    load(app, 300, 100);
    const ImVec2 size(1920, 1080);
    show(h, app, "gradient", size);
    CHECK(app.state_json()["gradient"]["valid"] == false);  // no step yet
    REQUIRE(app.step(3) == 3);
    h.frames(app, 2, size);
    json g = app.state_json()["gradient"];
    CHECK(g["mode"] == "minibatch");
    REQUIRE(g["valid"] == true);
    CHECK(g["step"] == 3);
    CHECK(g["parameters"] == 13002);
    check_list_is(listed(app), app.trainer().last_gradients());

    // The step report: the same components, before -> after by -lr * g (SGD, lr 3).
    const json r = app.state_json()["step_report"];
    REQUIRE(r.is_object());
    CHECK(r["step"] == 3);
    CHECK(r["shown"] == true);
    const auto& L = app.trainer().model().layers();
    REQUIRE(r["changes"].size() == 12);
    for (const json& c : r["changes"]) {
        const int l = c["layer"], n = c["neuron"], i = c["input"];
        const float now = i < 0 ? L[l].b[n] : L[l].W[size_t(n) * L[l].in + i];
        CHECK(c["after"].get<float>() == now);
        CHECK(c["after"].get<float>() ==
              doctest::Approx(c["before"].get<float>() - 3.0f * c["value"].get<float>()).epsilon(1e-5));
    }
    const std::vector<int> batch = app.trainer().last_batch();
    REQUIRE(r["batch"].size() == batch.size());
    for (size_t k = 0; k < batch.size(); ++k) {
        CHECK(r["batch"][k]["index"] == batch[k]);
        CHECK(r["batch"][k]["label"] == int(app.trainer().train_data()->labels[size_t(batch[k])]));
    }
    CHECK(r["cost_before"].get<float>() == doctest::Approx(app.trainer().stats().batch_cost).epsilon(1e-5));

    // While training the list follows the steps (a few times a second) and the report is not shown.
    app.train();
    h.frames(app, 40, size);
    CHECK(app.state_json()["step_report"]["shown"] == false);
    app.pause();
    h.frames(app, 2, size);
    g = app.state_json()["gradient"];
    REQUIRE(g["valid"] == true);
    CHECK(g["step"] == app.trainer().gradient_step());
    CHECK(g["step"].get<long long>() > 3);
    check_list_is(listed(app), app.trainer().last_gradients());

    // Every size draws it, with the heat maps' images through the atlas.
    for (const ImVec2 sz : kSizes) {
        show(h, app, "gradient", sz);
        CHECK(drew(app, "gradient"));
    }
}

TEST_CASE("one selected sample: the gallery, the one-sample view and the gradient show the same one") {
    App app;
    Headless h(app);
    load(app, 300, 100);
    app.step(30);
    const ImVec2 size(1920, 1080);
    show(h, app, "gallery", size);
    h.frames(app, 3, size);  // the evaluation the step asked for
    json gal = app.state_json()["gallery"];
    REQUIRE(gal["count"] == 100);
    // Click the second digit of the grid.
    const json cell = widget(app, "gallery_cell1");
    REQUIRE(cell.is_object());
    REQUIRE(cell["visible"] == true);
    click_at(h, app, centre(cell), size);
    const int chosen = gal["first"][1].get<int>();
    json s = app.state_json()["sample"];
    CHECK(s["source"] == "test");
    CHECK(s["index"] == chosen);
    const nnplay::SampleView v = app.trainer().inspect_test(chosen);
    CHECK(s["label"] == v.label);
    CHECK(s["predicted"] == v.predicted);
    for (int k = 0; k < 10; ++k) CHECK(s["outputs"][k].get<float>() == v.outputs[k]);

    // The one-sample view and the gradient's "selected sample" mode show the same image.
    show(h, app, "sample", ImVec2(800, 600));
    CHECK(drew(app, "sample"));
    CHECK(app.state_json()["sample"]["index"] == chosen);
    show(h, app, "gradient", size);
    REQUIRE(h.click(app, "gradient_sample", size));
    h.frames(app, 2, size);
    const json g = app.state_json()["gradient"];
    CHECK(g["mode"] == "sample");
    REQUIRE(g["valid"] == true);
    nnplay::Gradients sg;
    const nnplay::DatasetPtr test = nnplay::testing::synthetic(100, 2);
    app.trainer().sample_gradient(test->image(chosen), test->labels[size_t(chosen)], sg);
    check_list_is(listed(app), sg);

    // The sample view's arrows move the selection, and every view follows.
    show(h, app, "sample", size);
    REQUIRE(h.click(app, "gallery_cell0", size) == false);  // the gallery is not shown now
    show(h, app, "gallery", size);
    h.frames(app, 2, size);
    CHECK(app.state_json()["sample"]["index"] == chosen);   // still the same
}

TEST_CASE("a confusion-matrix cell opens the gallery on exactly that cell's images") {
    App app;
    Headless h(app);
    load(app, 300, 200);
    app.step(8);
    const ImVec2 size(1920, 1080);
    show(h, app, "confusion", size);
    h.frames(app, 3, size);
    const nnplay::EvalResult e = app.trainer().last_eval();
    REQUIRE(e.samples == 200);
    // The fullest wrong cell, else the fullest right one.
    int br = 0, bc = 0, best = -1;
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 10; ++c) {
            const int score = e.confusion[r][c] + (r != c ? 1000 : 0) * (e.confusion[r][c] > 0);
            if (score > best) { best = score; br = r; bc = c; }
        }
    const json grid = widget(app, "confusion_cells");
    REQUIRE(grid.is_object());
    const float cw = grid["w"].get<float>() / 10, ch = grid["h"].get<float>() / 10;
    click_at(h, app, ImVec2(grid["x"].get<float>() + (bc + 0.5f) * cw, grid["y"].get<float>() + (br + 0.5f) * ch), size);
    h.frames(app, 2, size);
    const json s = app.state_json();
    CHECK(s["view"] == "gallery");
    CHECK(drew(app, "gallery"));
    CHECK(s["gallery"]["filter"] == "cell");
    CHECK(s["gallery"]["digit"] == br);
    CHECK(s["gallery"]["predicted"] == bc);
    CHECK(s["gallery"]["count"] == e.confusion[br][bc]);
    nnplay::TestQuery q;
    q.filter = nnplay::TestFilter::Cell;
    q.digit = br;
    q.predicted = bc;
    const auto want = nnplay::select_test_images(e, *app.trainer().test_data(), q);
    REQUIRE(s["gallery"]["first"].size() == std::min<size_t>(want.size(), 100));
    for (size_t i = 0; i < s["gallery"]["first"].size(); ++i) {
        const int idx = s["gallery"]["first"][i];
        CHECK(idx == want[i]);
        CHECK(int(app.trainer().test_data()->labels[size_t(idx)]) == br);
        CHECK(int(e.predicted[size_t(idx)]) == bc);
    }
}

TEST_CASE("drawing with the mouse: the pad's digit, its live outputs, and it becomes the selected sample") {
    App app;
    Headless h(app);
    load(app, 300, 100);
    app.step(40);
    for (const ImVec2 size : kSizes) {
        CAPTURE(size.x);
        show(h, app, "draw", size);
        REQUIRE(h.click(app, "draw_clear", size));
        CHECK(app.state_json()["drawing"]["has_ink"] == false);
        const json pad = widget(app, "draw_pad");
        REQUIRE(pad.is_object());
        REQUIRE(pad["visible"] == true);
        const float x0 = pad["x"], y0 = pad["y"], side = pad["w"];
        CHECK(pad["h"].get<float>() == side);
        // A "7": across the top, then down to the left.
        std::vector<ImVec2> path;
        for (int i = 0; i <= 10; ++i) path.push_back(ImVec2(x0 + side * (0.3f + 0.04f * i), y0 + side * 0.25f));
        for (int i = 1; i <= 12; ++i) path.push_back(ImVec2(x0 + side * (0.7f - 0.025f * i), y0 + side * (0.25f + 0.05f * i)));
        for (ImVec2& p : path) p = ImVec2(std::floor(p.x), std::floor(p.y));  // Dear ImGui floors the mouse position
        const float column_scroll = size.x == 360 ? ImGui::FindWindowByName("nnplay")->Scroll.y : 0.0f;
        drag(h, app, path, size);
        if (size.x == 360) CHECK(ImGui::FindWindowByName("nnplay")->Scroll.y == column_scroll);  // drawing is not scrolling
        const json d = app.state_json()["drawing"];
        REQUIRE(d["has_ink"] == true);
        CHECK(d["strokes"] == 1);
        // The same stroke through the engine's pad and preprocessing gives the outputs the view shows.
        nnplay::InkCanvas ref(192, 192, 9.0f);
        const float k = 192.0f / side;
        ref.begin_stroke((path[0].x - x0) * k, (path[0].y - y0) * k);
        for (size_t i = 1; i < path.size(); ++i) ref.line_to((path[i].x - x0) * k, (path[i].y - y0) * k);
        float digit[784];
        REQUIRE(nnplay::mnist_from_ink(ref.ink().data(), 192, 192, digit));
        const nnplay::SampleView v = app.trainer().inspect(digit, -1);
        CHECK(d["predicted"] == v.predicted);
        for (int i = 0; i < 10; ++i) CHECK(d["outputs"][i].get<float>() == doctest::Approx(v.outputs[i]).epsilon(1e-6));

        // Make it the selected sample: One sample and the gradient read it.
        REQUIRE(h.click(app, "draw_select", size));
        json s = app.state_json()["sample"];
        CHECK(s["source"] == "drawn");
        CHECK(s["index"].is_null());
        CHECK(s["label"].is_null());
        CHECK(s["loss"].is_null());
        CHECK(s["predicted"] == v.predicted);
        show(h, app, "sample", size);
        CHECK(drew(app, "sample"));
        CHECK(app.state_json()["sample"]["source"] == "drawn");
        // Without the digit it is meant to be there is no loss, so no gradient.
        show(h, app, "gradient", size);
        REQUIRE(h.click(app, "gradient_sample", size));
        CHECK(app.state_json()["gradient"]["valid"] == false);
        REQUIRE(h.click(app, "gradient_minibatch", size));
    }
}

TEST_CASE("drawing: naming the digit gives it a loss and a gradient; Clear goes back to the test images") {
    App app;
    Headless h(app);
    load(app, 300, 100);
    app.step(40);
    const ImVec2 size(1920, 1080);
    show(h, app, "draw", size);
    const json pad = widget(app, "draw_pad");
    const float x0 = pad["x"], y0 = pad["y"], side = pad["w"];
    std::vector<ImVec2> path = {ImVec2(x0 + side * 0.5f, y0 + side * 0.2f), ImVec2(x0 + side * 0.5f, y0 + side * 0.5f),
                                ImVec2(x0 + side * 0.5f, y0 + side * 0.8f)};
    for (ImVec2& p : path) p = ImVec2(std::floor(p.x), std::floor(p.y));  // Dear ImGui floors the mouse position
    drag(h, app, path, size);
    REQUIRE(h.click(app, "draw_select", size));
    // "It is a:" and a row of buttons "?", "0", ..., "9": press "7", the ninth.
    const json row = widget(app, "draw_label");
    REQUIRE(row.is_object());
    REQUIRE(row["visible"] == true);
    const float bw = row["w"].get<float>() / 11;
    click_at(h, app, ImVec2(row["x"].get<float>() + 8.5f * bw, row["y"].get<float>() + row["h"].get<float>() * 0.5f), size);
    const bool labelled = app.state_json()["drawing"]["label"] == 7;
    REQUIRE(labelled);
    const int label = app.state_json()["drawing"]["label"];
    json s = app.state_json()["sample"];
    CHECK(s["source"] == "drawn");
    CHECK(s["label"] == label);
    REQUIRE(s["loss"].is_number());
    show(h, app, "gradient", size);
    REQUIRE(h.click(app, "gradient_sample", size));
    h.frames(app, 2, size);
    REQUIRE(app.state_json()["gradient"]["valid"] == true);
    // The gradient of that drawing's loss against a 7, made again from the same stroke.
    nnplay::InkCanvas ref(192, 192, 9.0f);
    const float k = 192.0f / side;
    ref.begin_stroke((path[0].x - x0) * k, (path[0].y - y0) * k);
    for (size_t i = 1; i < path.size(); ++i) ref.line_to((path[i].x - x0) * k, (path[i].y - y0) * k);
    float digit[784];
    REQUIRE(nnplay::mnist_from_ink(ref.ink().data(), 192, 192, digit));
    nnplay::Gradients dg;
    app.trainer().sample_gradient(digit, 7, dg);
    check_list_is(listed(app), dg);
    // Clear: the pad empties and the selection goes back to the test image.
    show(h, app, "draw", size);
    REQUIRE(h.click(app, "draw_clear", size));
    s = app.state_json()["sample"];
    CHECK(s["source"] == "test");
    CHECK(s["index"].is_number());
    CHECK(app.state_json()["drawing"]["has_ink"] == false);
}

TEST_CASE("the gallery: one texture for the digits, made once; a drag scrolls it on a phone; bounded vertices") {
    App app;
    Headless h(app);
    load(app, 300, 1000);
    struct Fake { int sheet = 0, atlas = 0; } fake;
    int next_id = 10;
    app.set_texture_upload([&](ImTextureID prev, int w, int, const unsigned char*) {
        (w == nnplay::plot::ImageSheet::kWidth ? fake.sheet : fake.atlas)++;
        return prev ? prev : reinterpret_cast<ImTextureID>(intptr_t(next_id++));
    });
    app.step(20);
    for (const ImVec2 size : kSizes) {
        CAPTURE(size.x);
        show(h, app, "gallery", size);
        h.frames(app, 3, size);
        CHECK(drew(app, "gallery"));
        CHECK(app.state_json()["gallery"]["count"] == 1000);
        CHECK(ImGui::GetDrawData()->TotalVtxCount < 60000);
    }
    CHECK(fake.sheet == 1);  // the 1,000 digits went up once
    app.train();
    ImVec2 phone(360, 640);
    show(h, app, "gallery", phone);
    h.frames(app, 30, phone);
    CHECK(fake.sheet == 1);  // training changes the answers, not the digits
    app.pause();
    // On the phone, a drag on the grid scrolls the grid, not the column.
    const json grid = widget(app, "gallery_grid");
    REQUIRE(grid.is_object());
    ImGuiWindow* column = ImGui::FindWindowByName("nnplay");
    const float column_before = column->Scroll.y;
    ImGuiWindow* g = nullptr;
    for (ImGuiWindow* c : GImGui->Windows)
        if (c->WasActive && std::strstr(c->Name, "##grid")) g = c;
    REQUIRE(g != nullptr);
    const float before = g->Scroll.y;
    const ImVec2 c = centre(grid);
    const int sel_before = app.state_json()["sample"]["index"];
    drag(h, app, {c, ImVec2(c.x, c.y - 20), ImVec2(c.x, c.y - 40), ImVec2(c.x, c.y - 60), ImVec2(c.x, c.y - 80)}, phone);
    CHECK(g->Scroll.y > before + 30);
    CHECK(column->Scroll.y == column_before);
    CHECK(app.state_json()["sample"]["index"] == sel_before);  // a drag is not a tap
}

TEST_CASE("a wide network: the gradient, drawing and gallery views stay within the vertex budget at every size") {
    App app;
    Headless h(app);
    load(app, 300, 400);
    REQUIRE(app.configure({{"hidden", {1024, 64}}, {"activations", {"relu", "relu"}}, {"output", "softmax_ce"},
                           {"lr", 0.05}, {"batch", 4}}) == "");
    REQUIRE(app.step(5) == 5);
    for (const ImVec2 size : kSizes) {
        CAPTURE(size.x);
        for (const char* v : {"gradient", "draw", "gallery"}) {
            CAPTURE(v);
            show(h, app, v, size);
            CHECK(drew(app, v));
            const ImDrawData* dd = ImGui::GetDrawData();
            CHECK(dd->TotalVtxCount < 200000);
        }
        // The gradient lists this network's components, in its shapes.
        const json g = app.state_json()["gradient"];
        REQUIRE(g["valid"] == true);
        CHECK(g["parameters"] == app.trainer().model().parameter_count());
        check_list_is(listed(app), app.trainer().last_gradients());
    }
}

TEST_CASE("the gradient view never shows a gradient of another network (architecture changed while training)") {
    App app;
    Headless h(app);
    load(app, 300, 100);
    const ImVec2 size(1920, 1080);
    show(h, app, "gradient", size);
    app.train();
    h.frames(app, 10, size);
    REQUIRE(app.state_json()["gradient"]["valid"] == true);
    for (const json& arch : {json::array(), json::array({7}), json::array({16, 16, 16})}) {
        REQUIRE(app.configure({{"hidden", arch}}) == "");
        app.train();
        for (int i = 0; i < 12; ++i) {
            h.frame(app, size);
            const json g = app.state_json()["gradient"];
            if (g["valid"] == true) CHECK(g["parameters"] == app.trainer().model().parameter_count());
        }
        CHECK(drew(app, "gradient"));
        app.pause();
        h.frames(app, 2, size);
        REQUIRE(app.state_json()["gradient"]["valid"] == true);
        check_list_is(listed(app), app.trainer().last_gradients());
    }
}
