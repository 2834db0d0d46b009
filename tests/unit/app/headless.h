// headless.h: runs the App's frames without a window or GPU, the way Dear
// ImGui's example_null does: a context, a built font atlas, a display size, and
// NewFrame / App::frame / Render. The draw data is produced but never drawn.
// Also makes small synthetic datasets, so these tests need no MNIST files.
#pragma once
#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include "engine/data/dataset.h"
#include "web/app/app.h"

namespace nnplay::testing {

// One ImGui context per test, destroyed at the end of the scope.
struct Headless {
    ImGuiContext* ctx;
    double now = 100.0;  // App time in seconds
    // Each frame moves App time by dt (a display refreshing 1/dt times a
    // second), or, with real_time, to the steady clock's reading (the App then
    // measures how long its frames really take, training included).
    double dt = 1.0 / 60.0;
    bool real_time = false;
    explicit Headless(App& app, float dpi = 1.0f) : ctx(ImGui::CreateContext()) {
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1920, 1080);
        app.setup_style(dpi);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Headless() { ImGui::DestroyContext(ctx); }
    Headless(const Headless&) = delete;
    Headless& operator=(const Headless&) = delete;

    // One frame at the given display size; app time moves by dt (or to the clock).
    void frame(App& app, ImVec2 size = ImVec2(1920, 1080)) {
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = size;
        if (real_time) {
            const double t = std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
            io.DeltaTime = float(std::max(1e-6, t - now));
            now = t;
        } else {
            io.DeltaTime = float(dt);
        }
        ImGui::NewFrame();
        app.frame(now);
        ImGui::Render();
        app.work();
        if (!real_time) now += dt;
    }
    void frames(App& app, int n, ImVec2 size = ImVec2(1920, 1080)) {
        for (int i = 0; i < n; ++i) frame(app, size);
    }
    // Clicks the centre of a widget the App reported in state_json()["widgets"].
    // Returns false when it was not drawn or not visible.
    bool click(App& app, const std::string& widget, ImVec2 size = ImVec2(1920, 1080)) {
        frames(app, 2, size);  // let the layout settle (a new notice moves what is below it)
        const nlohmann::json w = app.state_json()["widgets"];
        if (!w.contains(widget) || !w[widget]["visible"].get<bool>()) return false;
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(w[widget]["x"].get<float>() + w[widget]["w"].get<float>() * 0.5f,
                             w[widget]["y"].get<float>() + w[widget]["h"].get<float>() * 0.5f);
        frame(app, size);
        io.MouseDown[0] = true;
        frame(app, size);
        io.MouseDown[0] = false;
        frame(app, size);
        return true;
    }
    // Presses a key given by its ImGuiKey (mapped to the same index for the test).
    void key(App& app, ImGuiKey k, ImVec2 size = ImVec2(1920, 1080)) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyMap[k] = 100 + k;
        io.KeysDown[100 + k] = true;
        frame(app, size);
        io.KeysDown[100 + k] = false;
        frame(app, size);
    }
    void type(const char* text) { ImGui::GetIO().AddInputCharactersUTF8(text); }
    // The phone's column (LayoutKind::Column): scrolls it so that the views'
    // buttons are at its top (the views come after the curves, before the
    // other controls).
    void scroll_to_views(App& app, ImVec2 size) {
        frames(app, 2, size);
        ImGuiWindow* col = ImGui::FindWindowByName("nnplay");
        const nlohmann::json w = app.state_json()["widgets"];
        if (!col || !w.contains("tab_sample")) return;
        ImGui::SetScrollY(col, std::clamp(col->Scroll.y + w["tab_sample"]["y"].get<float>() - col->Pos.y - 10.0f, 0.0f,
                                          col->ScrollMax.y));
        frames(app, 2, size);
    }
};

// n images of 28x28 in which each digit class lights its own band of rows
// (plus noise), so that a network can learn them quickly.
inline DatasetPtr synthetic(int n, uint32_t seed) {
    auto d = std::make_shared<Dataset>();
    d->count = n;
    d->pixels.assign(size_t(n) * 784, 0.0f);
    d->labels.resize(n);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> noise(0.0f, 0.3f);
    for (int i = 0; i < n; ++i) {
        const int label = i % 10;
        d->labels[i] = uint8_t(label);
        float* img = d->pixels.data() + size_t(i) * 784;
        for (int p = 0; p < 784; ++p) img[p] = noise(rng);
        for (int r = 2 + label * 2; r < 4 + label * 2; ++r)
            for (int c = 4; c < 24; ++c) img[r * 28 + c] = 1.0f;
    }
    return d;
}

inline void load(App& app, int train = 200, int test = 100) {
    app.set_data(synthetic(train, 1), synthetic(test, 2), "synthetic");
}

inline std::string str(const nlohmann::json& j, const char* k) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
}

}  // namespace nnplay::testing
