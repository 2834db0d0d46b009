// The network diagram and the health of each layer: the neurons and edges a
// wide layer shows (the strongest incoming edges of each neuron), the
// lecture's network drawn whole, the colours, the draw callback the renderer
// hooks into, hover and click, how often it is built while training, and the
// status line's explanation of a stuck run.
#include <doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <set>

#include "engine/util/rng.h"
#include "headless.h"
#include "web/app/diagram.h"
#include "web/app/plot.h"
#include "web/app/stall.h"

using namespace nnplay;
using nnplay::testing::Headless;
using nnplay::testing::load;
using nnplay::testing::str;
using json = nlohmann::json;

namespace {

// The k inputs of largest |value| (ties: lower index), found by sorting all of them.
std::set<int> top_k_by_sorting(const std::vector<float>& v, int k) {
    std::vector<int> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](int a, int b) {
        return std::fabs(v[a]) != std::fabs(v[b]) ? std::fabs(v[a]) > std::fabs(v[b]) : a < b;
    });
    return std::set<int>(idx.begin(), idx.begin() + std::min<std::size_t>(idx.size(), std::size_t(k)));
}

std::vector<float> image(uint32_t seed) {
    std::vector<float> x(784, 0.0f);
    Mulberry32 r(seed);
    for (int i = 0; i < 784; ++i)
        if (r.next_unit() < 0.25) x[std::size_t(i)] = float(r.next_unit());
    return x;
}

uint32_t alpha(uint32_t c) { return c >> 24; }
bool orange(uint32_t c) { return (c & 0xFF) > ((c >> 16) & 0xFF); }  // more red than blue

}  // namespace

TEST_CASE("strongest() keeps the k largest magnitudes, ties to the lower index") {
    const float v[] = {0.1f, -0.9f, 0.5f, -0.5f, 0.0f, 0.9f};
    CHECK(strongest(v, 6, 2) == std::vector<int>{1, 5});
    CHECK(strongest(v, 6, 3) == std::vector<int>{1, 2, 5});  // 0.5 and -0.5 tie: index 2 first
    CHECK(strongest(v, 6, 4) == std::vector<int>{1, 2, 3, 5});
    CHECK(strongest(v, 6, 9) == std::vector<int>{0, 1, 2, 3, 4, 5});
    CHECK(strongest(v, 6, 0).empty());
}

TEST_CASE("a wide column shows its first and last neurons with a gap between") {
    int gap = 0;
    CHECK(shown_neurons(16, 32, &gap).size() == 16);
    CHECK(gap == -1);
    const std::vector<int> s = shown_neurons(128, 32, &gap);
    REQUIRE(s.size() == 32);
    CHECK(s.front() == 0);
    CHECK(s[15] == 15);
    CHECK(s[16] == 112);
    CHECK(s.back() == 127);
    CHECK(gap == 15);
}

TEST_CASE("the lecture's network is drawn whole: 784x16 input edges, 42 neurons") {
    Mlp net{NetConfig{}};
    const std::vector<float> x = image(5);
    DiagramOptions o;
    o.w = 700;
    o.h = 420;
    Diagram d;
    build_diagram(net, x.data(), 3, o, d);
    CHECK(d.total_edges == 12960);
    CHECK(d.shown_edges == 12960);
    CHECK(d.layer_shown == std::vector<long long>{12544, 256, 160});
    REQUIRE(d.columns.size() == 4);
    for (int c = 1; c <= 3; ++c) CHECK(d.columns[std::size_t(c)].gap_after == -1);
    CHECK(d.scene.neurons.size() == 42);
    REQUIRE(d.scene.edges.size() == 12960);
    // Every weight of the first layer appears once, coloured by its sign.
    std::set<std::pair<int, int>> seen;
    for (std::size_t k = 0; k < d.edges.size(); ++k) {
        const DiagramEdgeRef& e = d.edges[k];
        const float w = net.layers()[std::size_t(e.layer)].W[std::size_t(e.to) * std::size_t(net.layers()[std::size_t(e.layer)].in) + std::size_t(e.from)];
        CHECK(e.weight == w);
        CHECK(e.value == w);  // weights mode
        if (e.layer == 0) seen.insert({e.to, e.from});
        if (w != 0) CHECK(orange(d.scene.edges[k].color) == (w > 0));
        // Inside the rectangle.
        const DiagramEdge& s = d.scene.edges[k];
        CHECK(s.x0 >= 0);
        CHECK(s.x1 <= o.w);
        CHECK(s.y0 >= 0);
        CHECK(s.y1 <= o.h);
    }
    CHECK(seen.size() == 12544);
    // Stronger edges are drawn later (on top) within a layer, and more opaque.
    for (std::size_t k = 1; k < 12544; ++k) {
        CHECK(std::fabs(d.edges[k - 1].value) <= std::fabs(d.edges[k].value));
        CHECK(alpha(d.scene.edges[k - 1].color) <= alpha(d.scene.edges[k].color));
    }
    // The neurons are filled by their activation: white for 1, black for 0.
    const std::vector<float>& a1 = d.view.activations[1];
    for (int i = 0; i < 16; ++i) {
        const uint32_t g = d.scene.neurons[std::size_t(i)].fill & 0xFF;
        CHECK(std::abs(int(g) - int(std::lround(a1[std::size_t(i)] * 255.0f))) <= 1);
    }
}

TEST_CASE("a wide layer keeps the strongest incoming edges of each shown neuron") {
    NetConfig c;
    c.hidden = {200, 64};
    c.activations = {Activation::ReLU, Activation::ReLU};
    c.init = InitScheme::HeUniform;
    Mlp net(c);
    const std::vector<float> x = image(9);
    for (EdgeMode mode : {EdgeMode::Weights, EdgeMode::Flow}) {
        CAPTURE(name_of(mode));
        DiagramOptions o;
        o.w = 800;
        o.h = 500;
        o.mode = mode;
        Diagram d;
        build_diagram(net, x.data(), 7, o, d);
        REQUIRE(d.columns.size() == 4);
        const DiagramColumn& h1 = d.columns[1];
        CHECK(h1.shown.size() == 24);   // 12 first, 12 last of 200
        CHECK(h1.gap_after == 11);
        CHECK(h1.shown[12] == 188);
        CHECK(d.columns[2].shown.size() == 24);
        CHECK(d.columns[3].shown.size() == 10);  // the ten outputs, always all
        // First layer: 12,544 / 24 = 522 of the 784 inputs of each shown neuron.
        CHECK(d.layer_shown[0] == 24 * 522);
        CHECK(d.layer_shown[1] == 24 * 24);
        CHECK(d.layer_shown[2] == 24 * 10);
        CHECK(d.total_edges == 784 * 200 + 200 * 64 + 64 * 10);
        CHECK(d.shown_edges == 24 * 522 + 24 * 24 + 240);
        const DenseLayer& L0 = net.layers()[0];
        for (int to : h1.shown) {
            std::vector<float> v(784);
            for (int i = 0; i < 784; ++i)
                v[std::size_t(i)] = L0.W[std::size_t(to) * 784 + std::size_t(i)] * (mode == EdgeMode::Flow ? x[std::size_t(i)] : 1.0f);
            std::set<int> chosen;
            for (const DiagramEdgeRef& e : d.edges)
                if (e.layer == 0 && e.to == to) chosen.insert(e.from);
            CHECK(chosen.size() == 522);
            CHECK(chosen == top_k_by_sorting(v, 522));
        }
        // Later layers: only between shown neurons.
        for (const DiagramEdgeRef& e : d.edges) {
            if (e.layer == 0) continue;
            const auto& from = d.columns[std::size_t(e.layer)].shown;
            CHECK(std::find(from.begin(), from.end(), e.from) != from.end());
        }
        if (mode == EdgeMode::Flow) {
            // An edge from a black pixel carries nothing: not drawn.
            for (std::size_t k = 0; k < d.edges.size(); ++k)
                if (d.edges[k].layer == 0 && x[std::size_t(d.edges[k].from)] == 0.0f) CHECK(alpha(d.scene.edges[k].color) == 0);
        }
        // ReLU columns are scaled to their largest activation.
        float m = 0;
        for (float a : d.view.activations[1]) m = std::max(m, a);
        CHECK(h1.scale == doctest::Approx(m));
    }
}

TEST_CASE("a light build keeps the first layer's fan and draws the rest from the new weights") {
    Mlp net{NetConfig{}};
    const std::vector<float> x = image(4);
    DiagramOptions o;
    o.w = 640;
    o.h = 400;
    Diagram d;
    CHECK_FALSE(build_diagram(net, x.data(), 2, o, d));
    REQUIRE(d.scene.hairlines == 12544);
    const std::vector<DiagramEdge> fan(d.scene.edges.begin(), d.scene.edges.begin() + 12544);
    const uint64_t fan_version = d.scene.fan_version, version = d.scene.edges_version;
    // The model moves on.
    for (auto& l : net.layers())
        for (float& w : l.W) w *= -1.5f;
    o.keep_fan = true;
    CHECK(build_diagram(net, x.data(), 2, o, d));
    CHECK(d.scene.fan_version == fan_version);
    CHECK(d.scene.edges_version == version + 1);
    REQUIRE(d.scene.edges.size() == 12960);
    CHECK(d.scene.hairlines == 12544);
    bool same = true;
    for (std::size_t k = 0; k < 12544; ++k)
        same = same && std::memcmp(&fan[k], &d.scene.edges[k], sizeof(DiagramEdge)) == 0;
    CHECK(same);
    // The later layers' edges and the neurons are the new model's.
    for (std::size_t k = 12544; k < d.edges.size(); ++k) {
        const DiagramEdgeRef& e = d.edges[k];
        const DenseLayer& L = net.layers()[std::size_t(e.layer)];
        CHECK(e.weight == L.W[std::size_t(e.to) * std::size_t(L.in) + std::size_t(e.from)]);
    }
    CHECK(d.view.outputs[0] == net.inspect(x.data(), 2).outputs[0]);
    // Another size, or a selection: the fan is drawn anew.
    o.h = 390;
    CHECK_FALSE(build_diagram(net, x.data(), 2, o, d));
    CHECK(d.scene.fan_version == fan_version + 1);
    o.selected_column = 1;
    o.selected_neuron = 0;
    CHECK_FALSE(build_diagram(net, x.data(), 2, o, d));
}

TEST_CASE("a clicked neuron's edges come last and stand out") {
    Mlp net{NetConfig{}};
    const std::vector<float> x = image(2);
    DiagramOptions o;
    o.w = 600;
    o.h = 400;
    o.selected_column = 2;  // layer 2
    o.selected_neuron = 4;
    Diagram d;
    build_diagram(net, x.data(), 1, o, d);
    // 16 edges in (from layer 1) and 10 out (to the outputs).
    const std::size_t n = d.edges.size();
    for (std::size_t k = n - 26; k < n; ++k) {
        const DiagramEdgeRef& e = d.edges[k];
        CHECK(((e.layer == 1 && e.to == 4) || (e.layer == 2 && e.from == 4)));
        CHECK(alpha(d.scene.edges[k].color) >= 89);  // at least 0.35 opaque
    }
    bool ring = false;
    for (const DiagramNeuron& dn : d.scene.neurons) ring = ring || dn.ring == 0xFFFFFFFFu;
    CHECK(ring);
}

TEST_CASE("the App hooks the renderer's callback with the scene, builds rarely while training, hovers and clicks") {
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure({{"view", "diagram"}}) == "");
    static int calls = 0;
    const ImDrawCallback fake = [](const ImDrawList*, const ImDrawCmd*) { ++calls; };
    app.set_diagram_callback(fake);
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1280, 800), ImVec2(800, 600), ImVec2(360, 640)}) {
        CAPTURE(size.x);
        h.frames(app, 3, size);
        if (size.x == 360) h.scroll_to_views(app, size);  // the phone's column: the views after the curves
        const json s = app.state_json();
        CHECK(s["view"] == "diagram");
        CHECK(std::find(app.panels_drawn().begin(), app.panels_drawn().end(), "diagram") != app.panels_drawn().end());
        CHECK(s["diagram"]["shown_edges"] == 12960);
        CHECK(s["diagram"]["total_edges"] == 12960);
        CHECK(s["diagram"]["neurons_drawn"] == 42);
        CHECK(s["diagram"]["renderer"] == true);
        const json r = s["widgets"]["diagram"];
        CHECK(r["visible"] == true);
        CHECK(r["w"].get<float>() > 250);
        CHECK(r["h"].get<float>() > 150);
        CHECK(r["x"].get<float>() + r["w"].get<float>() <= size.x + 0.5f);
        // The draw list calls the renderer with the scene, then gives ImGui its state back.
        int found = 0;
        const ImDrawData* dd = ImGui::GetDrawData();
        for (int l = 0; l < dd->CmdListsCount; ++l) {
            const ImVector<ImDrawCmd>& cmds = dd->CmdLists[l]->CmdBuffer;
            for (int i = 0; i < cmds.Size; ++i)
                if (cmds[i].UserCallback == fake) {
                    ++found;
                    const auto* scene = static_cast<const DiagramScene*>(cmds[i].UserCallbackData);
                    REQUIRE(scene != nullptr);
                    CHECK(scene->edges.size() == 12960);
                    CHECK(scene->w == doctest::Approx(r["w"].get<float>()));
                    CHECK(scene->x == doctest::Approx(r["x"].get<float>()));
                    REQUIRE(i + 1 < cmds.Size);
                    CHECK((cmds[i + 1].UserCallback == ImDrawCallback_ResetRenderState));
                }
        }
        CHECK(found == 1);
        // Not thousands of ImGui lines: the views' window stays small.
        CHECK(dd->TotalVtxCount < 40000);
    }
    (void)calls;

    // While training: built a few times a second, not every frame.
    const ImVec2 size(1280, 800);
    h.frames(app, 3, size);
    app.train();
    const long long b0 = app.state_json()["diagram"]["builds"];
    h.frames(app, 120, size);  // two seconds of App time
    const long long built = app.state_json()["diagram"]["builds"].get<long long>() - b0;
    CHECK(built >= 4);
    CHECK(built <= 20);
    // Paused, a Step draws the new weights at once.
    app.pause();
    h.frames(app, 3, size);
    const long long b1 = app.state_json()["diagram"]["builds"];
    h.frames(app, 5, size);
    CHECK(app.state_json()["diagram"]["builds"] == b1);  // nothing changed: nothing built
    app.step(1);
    h.frame(app, size);
    CHECK(app.state_json()["diagram"]["builds"].get<long long>() == b1 + 1);

    // Hover the first neuron of layer 1, then click it: its edges are highlighted.
    const json r = app.state_json()["widgets"]["diagram"];
    const json cols = app.state_json()["diagram"]["columns"];
    REQUIRE(cols.size() == 4);
    // Where layer 1's first neuron is: the App's own geometry (rebuilt here with the same options).
    DiagramOptions o;
    o.w = r["w"].get<float>();
    o.h = r["h"].get<float>();
    o.em = ImGui::GetFontSize();
    Diagram d;
    const DatasetPtr test = nnplay::testing::synthetic(100, 2);
    build_diagram(app.trainer().model(), test->image(0), test->labels[0], o, d);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r["x"].get<float>() + d.columns[1].x, r["y"].get<float>() + d.columns[1].y[0]);
    h.frames(app, 2, size);
    json s = app.state_json();
    CHECK(s["diagram"]["hovered"]["column"] == 1);
    CHECK(s["diagram"]["hovered"]["neuron"] == 0);
    io.MouseDown[0] = true;
    h.frame(app, size);
    io.MouseDown[0] = false;
    h.frames(app, 2, size);
    s = app.state_json();
    CHECK(s["diagram"]["selected"]["column"] == 1);
    CHECK(s["diagram"]["selected"]["neuron"] == 0);
    // Switch to weight x activation.
    REQUIRE(app.state_json()["widgets"].contains("diagram_flow"));
    io.MousePos = ImVec2(-100, -100);
    REQUIRE(h.click(app, "diagram_flow", size));
    CHECK(app.state_json()["diagram"]["mode"] == "flow");
}

TEST_CASE("without a renderer the diagram draws its neurons with ImGui; a renderer error is shown") {
    App app;
    Headless h(app);
    load(app);
    REQUIRE(app.configure({{"view", "diagram"}}) == "");
    h.frames(app, 3);
    CHECK(app.state_json()["diagram"]["renderer"] == false);
    CHECK(app.state_json()["diagram"]["neurons_drawn"] == 42);
    app.set_diagram_error("cannot compile shaders/diagram_edges.frag: ERROR: 0:3: syntax error");
    h.frames(app, 3);
    CHECK(str(app.state_json()["diagram"], "error").find("diagram_edges.frag") != std::string::npos);
    // The message is on screen, where the diagram is.
    const json w = app.state_json()["widgets"];
    REQUIRE(w.contains("diagram_error"));
    CHECK(w["diagram_error"]["visible"] == true);
    CHECK(w["diagram_error"]["h"].get<float>() >= ImGui::GetTextLineHeight());
    CHECK(w["diagram"]["visible"] == true);
}

TEST_CASE("a stuck run is explained: saturated sigmoids, dead ReLUs; a healthy or improving one is not") {
    History h;
    EvalResult e;
    e.samples = 2000;
    LayerHealth sig;
    sig.act = Activation::Sigmoid;
    sig.neurons = 16;
    sig.images = 2000;
    sig.saturated = 0.5f;
    LayerHealth out = sig;
    out.neurons = 10;
    out.saturated = 1.0f;
    e.health = {sig, sig, out};
    for (int i = 0; i <= 20; ++i) h.add_test({i * 1000.0, i * 100.0, 0, 0.1, 0.117, 11.7, false});
    Stall s = diagnose_stall(h, e, {1e-17f, 2e-16f, 5e-16f});
    CHECK(s.cause == Stall::Cause::Saturated);
    CHECK(s.layer == 2);
    CHECK(s.output_layer);
    CHECK(s.share == 1.0f);
    CHECK(s.gradient == doctest::Approx(5e-16f));
    CHECK(s.flat_for == 20000);
    const std::string t = describe(s, 500);
    CHECK(t.find("0.100") != std::string::npos);
    CHECK(t.find("11.7%") != std::string::npos);
    CHECK(t.find("saturated") != std::string::npos);
    CHECK(t.find("output layer") != std::string::npos);
    CHECK(t.find("now 500") != std::string::npos);

    // Dead ReLUs come first.
    LayerHealth relu;
    relu.act = Activation::ReLU;
    relu.neurons = 16;
    relu.images = 2000;
    relu.dead = 15;
    e.health = {relu, relu, out};
    s = diagnose_stall(h, e, {});
    CHECK(s.cause == Stall::Cause::Dead);
    CHECK(s.layer == 0);
    CHECK(describe(s, 50).find("15 of the 16 ReLU neurons of layer 1 are dead") != std::string::npos);

    // Too early (less than the window of training images), still improving, or good: nothing to say.
    History early;
    for (int i = 0; i <= 4; ++i) early.add_test({i * 1000.0, i * 100.0, 0, 0.1, 0.117, 11.7, false});
    CHECK(diagnose_stall(early, e, {}).cause == Stall::Cause::None);
    History improving;
    for (int i = 0; i <= 20; ++i) improving.add_test({i * 1000.0, 0, 0, 0.1, 0.1 + i * 0.01, 0, false});
    CHECK(diagnose_stall(improving, e, {}).cause == Stall::Cause::None);
    History good;
    for (int i = 0; i <= 20; ++i) good.add_test({i * 1000.0, 0, 0, 0.01, 0.93, 93, false});
    CHECK(diagnose_stall(good, e, {}).cause == Stall::Cause::None);
    // Stuck, but no layer is saturated or dead: no cause to give.
    e.health = {sig, sig, sig};
    CHECK(diagnose_stall(h, e, {}).cause == Stall::Cause::None);
}

TEST_CASE("the App says why the lecture's network at learning rate 500 is stuck") {
    App app;
    Headless h(app);
    load(app, 400, 100);
    REQUIRE(app.configure({{"lr", 500}}) == "");
    app.train();
    json s;
    for (int i = 0; i < 2000; ++i) {
        h.frame(app);
        s = app.state_json();
        if (s["stall"]["cause"] != "none" || s["samples_seen"].get<long long>() > 60000) break;
    }
    MESSAGE("after " << s["samples_seen"] << " images: " << str(s, "status_line"));
    CHECK(s["running"] == true);
    CHECK(s["stall"]["cause"] == "saturated");
    CHECK(str(s, "status_line").find("Stuck") != std::string::npos);
    CHECK(str(s, "status_line").find("saturated") != std::string::npos);
    CHECK(s["diagram"]["health"].size() == 3);
    // Reset: the history starts over, and so does the judgement.
    app.reset();
    h.frames(app, 3);
    CHECK(str(app.state_json(), "status_line").find("Stuck") == std::string::npos);
}

TEST_CASE("with a renderer, neither edges nor neurons are ImGui shapes: the panel costs about what the one-sample view does") {
    App app;
    Headless h(app);
    load(app);
    // As web/main.cpp sets it up: images in one texture, the diagram drawn by its renderer.
    app.set_texture_upload([](ImTextureID, int, int, const unsigned char*) { return reinterpret_cast<ImTextureID>(intptr_t(7)); });
    app.set_diagram_callback([](const ImDrawList*, const ImDrawCmd*) {});
    const ImVec2 size(1280, 800);
    auto views_triangles = [&](const char* view) {
        REQUIRE(app.configure({{"view", view}}) == "");
        h.frames(app, 4, size);
        ImGuiWindow* w = ImGui::FindWindowByName("Inside the network");
        REQUIRE(w != nullptr);
        int n = w->DrawList->IdxBuffer.Size;
        for (ImGuiWindow* c : GImGui->Windows)
            if (c != w && c->RootWindow == w && c->WasActive) n += c->DrawList->IdxBuffer.Size;
        return n / 3;
    };
    const int sample = views_triangles("sample");
    const int lecture = views_triangles("diagram");
    REQUIRE(app.configure({{"hidden", {128, 64}}, {"activations", {"relu", "relu"}}}) == "");
    const int wide = views_triangles("diagram");
    MESSAGE("triangles in the views window: one sample " << sample << ", diagram " << lecture << " (784-16-16-10), "
                                                         << wide << " (784-128-64-10)");
    CHECK(lecture < 2 * sample);           // labels and the health table: text, not shapes
    CHECK(std::abs(wide - lecture) < 200); // 13,888 edges and 58 neurons cost ImGui nothing more than 12,960 and 42
}
