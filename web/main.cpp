// main.cpp: the only file that knows SDL's loop. It opens a window with an
// OpenGL (desktop) or WebGL2 (browser) context, hands SDL's events to Dear
// ImGui, and each frame lets the App train and build its panels, then renders.
//
// The browser cannot block in a loop: it calls one frame per animation frame.
// That difference, and the page's data and API hooks, are in the one
// #ifdef __EMSCRIPTEN__ block below; everything else runs the same on both.
//
// Desktop usage: nnplay [--data DIR] [--train N] [--test N]
//   DIR holds MNIST's four IDX files (default: the bootstrap's cache, full 60,000/10,000).
#include <SDL.h>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "imgui.h"
#include "imgui_impl_sdl.h"
#include "web/app/app.h"
#include "web/render/diagram_renderer.h"
#include "web/render/ui_renderer.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include "web/page_api.h"
// The browser owns the loop: it calls one frame per requestAnimationFrame and
// run_loop never returns (simulate_infinite_loop).
static bool (*g_frame)() = nullptr;
static void run_loop(bool (*frame)()) {
    g_frame = frame;
    emscripten_set_main_loop([] { g_frame(); }, 0, true);
}
// An idle frame returns at once: the browser calls the next one at its pace.
static void wait_for_input() {}
#else
#include "engine/data/idx.h"
// The desktop owns the loop: run frames until the window closes.
static void run_loop(bool (*frame)()) {
    while (frame()) {
    }
}
// An idle frame would spin without vsync to pace it: sleep until input comes
// (it stays queued for the next frame) or a tenth of a second passes.
static void wait_for_input() { SDL_WaitEventTimeout(nullptr, 100); }
#endif

namespace {

struct Main {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    std::unique_ptr<nnplay::App> app;
    nnplay::UiRenderer renderer;
    nnplay::DiagramRenderer diagram;  // the network diagram's edges and neurons
    float dpi_scale = 0;
};
Main g;

// The framebuffer-to-window ratio (2 on a typical HiDPI screen): fonts are
// rasterised at that scale so text stays sharp.
float framebuffer_scale() {
    int w = 0, h = 0, fw = 0, fh = 0;
    SDL_GetWindowSize(g.window, &w, &h);
    SDL_GL_GetDrawableSize(g.window, &fw, &fh);
    return w > 0 ? static_cast<float>(fw) / static_cast<float>(w) : 1.0f;
}

// One frame: events, panels, render, training budget, present. Returns false to quit.
bool frame() {
    SDL_Event e;
    bool keep_going = true, input = false;
    while (SDL_PollEvent(&e)) {
        ImGui_ImplSDL2_ProcessEvent(&e);
        if (e.type == SDL_QUIT) keep_going = false;
        input = true;
    }
    float scale = framebuffer_scale();
    if (scale != g.dpi_scale) {  // first frame, or moved to a screen with another pixel ratio
        g.dpi_scale = scale;
        g.app->setup_style(scale);
        g.renderer.rebuild_font_texture();
        input = true;
    }
    if (input) g.app->note_input();
    const double now = SDL_GetTicks64() / 1000.0;
    if (!g.app->wants_frame(now)) {  // idle: the last frame stays on screen
        wait_for_input();
        return keep_going;
    }
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    g.app->frame(now);
    ImGui::Render();

    Uint64 t0 = SDL_GetPerformanceCounter();
    g.renderer.render(ImGui::GetDrawData(), nnplay::App::background_color());  // submitted and flushed
    const double render_ms = 1000.0 * (SDL_GetPerformanceCounter() - t0) / SDL_GetPerformanceFrequency();
    g.app->work();  // trains while the GPU (or SwiftShader on the other core) draws the frame
    SDL_GL_SwapWindow(g.window);
    const nnplay::UiRenderer::Stats& drawn = g.renderer.stats();
    g.app->report_render(render_ms, drawn.triangles, drawn.draw_calls);
    return keep_going;
}

#ifndef __EMSCRIPTEN__
// Desktop: load MNIST from --data DIR, $NNPLAY_DATA, or the bootstrap's cache.
void load_desktop_data(int argc, char** argv) {
    std::string dir;
    int max_train = 0, max_test = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--data")) dir = argv[i + 1];
        else if (!std::strcmp(argv[i], "--train")) max_train = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--test")) max_test = std::atoi(argv[i + 1]);
    }
    if (dir.empty() && std::getenv("NNPLAY_DATA")) dir = std::getenv("NNPLAY_DATA");
#ifdef NNPLAY_DEFAULT_DATA_DIR
    if (dir.empty()) dir = NNPLAY_DEFAULT_DATA_DIR;
#endif
    auto train = std::make_shared<nnplay::Dataset>();
    auto test = std::make_shared<nnplay::Dataset>();
    g.app->set_loading("MNIST from " + dir, 0.0f);
    std::string err = nnplay::load_mnist_dir(dir, *train, *test, max_train, max_test);
    if (!err.empty()) {
        std::fprintf(stderr, "nnplay: %s\n", err.c_str());
        g.app->set_error(err + " (give the folder with MNIST's IDX files: nnplay --data DIR)");
        return;
    }
    char source[160];
    std::snprintf(source, sizeof source, "MNIST %d training / %d test images", train->count, test->count);
    g.app->set_data(train, test, source);
}
#endif

}  // namespace

int main(int argc, char** argv) {
    (void)argc;
    (void)argv;
#ifdef __EMSCRIPTEN__
    // Keys go to the canvas only, so that a course page around it keeps its own.
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#endif
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "nnplay: cannot start SDL: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);  // 2D only: no depth buffer to allocate and clear
    auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    g.window = SDL_CreateWindow("nnplay: a neural network learns MNIST", SDL_WINDOWPOS_CENTERED,
                                SDL_WINDOWPOS_CENTERED, 1280, 800, flags);
    if (!g.window || !(g.gl = SDL_GL_CreateContext(g.window))) {
        std::fprintf(stderr, "nnplay: cannot open an OpenGL window: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_MakeCurrent(g.window, g.gl);
    SDL_GL_SetSwapInterval(1);  // vsync

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // the layout is computed, nothing to save
    ImGui_ImplSDL2_InitForOpenGL(g.window, g.gl);
    std::string gl_error;
    if (!g.renderer.init(&gl_error)) {
        std::fprintf(stderr, "nnplay: %s\n", gl_error.c_str());
        return 1;
    }

    g.app = std::make_unique<nnplay::App>();
    g.app->set_texture_upload([](ImTextureID previous, int w, int h, const unsigned char* rgba) {
        return g.renderer.upload_texture(previous, w, h, rgba);
    });
    g.app->set_fill_callback(&nnplay::UiRenderer::fill_callback);
    // The diagram's shaders failing is not fatal: the panel says why, the rest works.
    std::string diagram_error;
    if (g.diagram.init(&diagram_error)) {
        g.app->set_diagram_callback(&nnplay::DiagramRenderer::draw_callback);
    } else {
        std::fprintf(stderr, "nnplay: the network diagram cannot be drawn: %s\n", diagram_error.c_str());
        g.app->set_diagram_error(diagram_error);
    }
#ifdef __EMSCRIPTEN__
    attach_page_api(*g.app);  // the page's JS feeds the data and drives window.nnplay
#else
    load_desktop_data(argc, argv);
#endif
    run_loop(frame);

    // Desktop only: the browser never returns from run_loop.
    g.app.reset();
    g.diagram.shutdown();
    g.renderer.shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(g.gl);
    SDL_DestroyWindow(g.window);
    SDL_Quit();
    return 0;
}
