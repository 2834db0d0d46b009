// main.cpp: the only file that knows SDL's loop. It opens a window with an
// OpenGL (desktop) or WebGL2 (browser) context, hands SDL's events to Dear
// ImGui, and each frame lets the App train and build its panels, then renders.
//
// The browser cannot block in a loop: it calls one frame per animation frame.
// That difference, and the page's data and API hooks, are in the one
// #ifdef __EMSCRIPTEN__ block below; everything else runs the same on both.
//
// Desktop usage: nnplay [--data DIR] [--train N] [--test N] [--load FILE] [--out DIR]
//                       [--preset overfitting] [--lr 1] ... (every setting of the table)   (nnplay --help)
//   DIR holds MNIST's four IDX files (default: $NNPLAY_DATA, else the
//   bootstrap's cache; the full 60,000 / 10,000 images).
#include <SDL.h>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_sdl.h"
#include "web/app/app.h"
#include "web/app/run_controller.h"
#include "web/render/diagram_renderer.h"
#include "web/render/ui_renderer.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/html5.h>
#include "web/page_api.h"
#include "web/worker_link.h"
// The window is the canvas, which the page sizes (CSS pixels): an embedded
// playground starts at its element's size, not at the desktop's 1280x800.
// (With several playgrounds in one page, "#canvas" is each module's own
// canvas: the page maps it through Module.specialHTMLTargets.)
static void initial_window_size(int* w, int* h) {
    double cw = 0, ch = 0;
    if (emscripten_get_element_css_size("#canvas", &cw, &ch) == EMSCRIPTEN_RESULT_SUCCESS && cw >= 1 && ch >= 1) {
        *w = static_cast<int>(cw);
        *h = static_cast<int>(ch);
    }
}
// The browser owns the loop: it calls one frame per requestAnimationFrame and
// run_loop never returns (simulate_infinite_loop).
static bool (*g_frame)() = nullptr;
static void run_loop(bool (*frame)()) {
    g_frame = frame;
    emscripten_set_main_loop([] { g_frame(); }, 0, true);
}
// An idle frame returns at once: the browser calls the next one at its pace.
static void wait_for_input() {}
// The page keeps the run itself (nnplay-embed.js's autosave, in IndexedDB).
static void autosave_tick(double) {}
#else
#include <sys/stat.h>
#include <ctime>
#include <filesystem>
#include <CLI/CLI.hpp>
#include "engine/io/file_write.h"
#include "engine/settings/setting_flags.h"

#include "engine/data/idx.h"
// The desktop owns the loop: run frames until the window closes.
static void run_loop(bool (*frame)()) {
    while (frame()) {
    }
}
// An idle frame would spin without vsync to pace it: sleep until input comes
// (it stays queued for the next frame) or a tenth of a second passes.
static void wait_for_input() { SDL_WaitEventTimeout(nullptr, 100); }
static void initial_window_size(int*, int*) {}  // the desktop's window opens at 1280x800
namespace {
void autosave_tick(double now);  // the run kept in the user's data folder (below)
}
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

// The Files section asked for a picture of part of this frame: read it from
// the framebuffer just rendered (display units times the pixel ratio).
void save_picture_if_asked() {
    nnplay::PictureRequest pic;
    if (!g.app->picture_requested(&pic)) return;
    const float s = g.dpi_scale;
    std::vector<unsigned char> rgba;
    int w = 0, h = 0;
    if (!g.renderer.read_pixels(static_cast<int>(pic.x * s), static_cast<int>(pic.y * s),
                                static_cast<int>(pic.w * s), static_cast<int>(pic.h * s), rgba, &w, &h))
        rgba.clear();
    g.app->deliver_picture(rgba.empty() ? nullptr : rgba.data(), w, h, true);
}

// One frame: events, panels, render, training budget, present. Returns false to quit.
bool frame() {
    SDL_Event e;
    bool keep_going = true, input = false;
    while (SDL_PollEvent(&e)) {
        ImGui_ImplSDL2_ProcessEvent(&e);
        if (e.type == SDL_QUIT) keep_going = false;
        if (e.type == SDL_DROPFILE && e.drop.file) {  // a model dropped on the window
            g.app->load_model_file(e.drop.file);
            SDL_free(e.drop.file);
        }
        input = true;
    }
    float scale = framebuffer_scale();
    if (scale != g.dpi_scale || g.app->style_changed()) {  // first frame, or moved to a screen with another pixel ratio
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
    save_picture_if_asked();
    g.app->work();  // trains while the GPU (or SwiftShader on the other core) draws the frame
    SDL_GL_SwapWindow(g.window);
    const nnplay::UiRenderer::Stats& drawn = g.renderer.stats();
    g.app->report_render(render_ms, drawn.triangles, drawn.draw_calls);
    autosave_tick(now);
    return keep_going;
}

#ifndef __EMSCRIPTEN__
// ---- desktop only: the command line, the display, the data ----------------------------
struct DesktopOptions {
    std::string data;  // "" = default_mnist_dir()
    int train = 0, test = 0;
    std::string load;  // a model file to start from
    std::string out = ".";  // where saved files go
    std::string restore = "ask";  // the run kept from last time: ask, auto (continue it) or off (keep none)
    // The table's settings given as flags, (key, text): applied as the URL's
    // are (App::configure_text), after the data and the model are in.
    std::vector<std::pair<std::string, std::string>> settings;
};

// Parses the command line. Returns -1 to go on, else the exit code: 0 after
// --help, 2 (with a message) for an unknown option or a bad value (a
// setting's value is read through the table here, before a window opens;
// what depends on the data, e.g. a batch larger than the images, is said
// when the settings apply).
int parse_options(int argc, char** argv, DesktopOptions& o) {
    CLI::App cli{"nnplay: a neural network learns MNIST, live (the playground's desktop program).\n"
                 "MNIST is read from --data, else $NNPLAY_DATA, else the bootstrap's .cache/mnist.",
                 "nnplay"};
    cli.add_option("--data", o.data, "folder with MNIST's four IDX files");
    cli.add_option("--train", o.train, "train on the first N training images (0 = all)")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    cli.add_option("--test", o.test, "test on the first N test images (0 = all)")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    cli.add_option("--load", o.load, "start from a model saved by nnplay (.safetensors)")->check(CLI::ExistingFile);
    cli.add_option("--out", o.out, "folder for saved models, exports, pictures and histories")
        ->check(CLI::ExistingDirectory)->capture_default_str();
    cli.add_option("--restore", o.restore,
                   "the run kept from last time (in $XDG_DATA_HOME/nnplay): ask whether to continue it, "
                   "continue it (auto), or keep nothing (off); --load or a setting's flag starts fresh")
        ->check(CLI::IsMember({"ask", "auto", "off"}))->capture_default_str();
    // Every setting of the table, as nnplay-cli train and the page's URL take them.
    nnplay::SettingFlags flags;
    nnplay::add_setting_flags(cli, flags, nnplay::kDoorPage | nnplay::kDoorCli, nnplay::Settings{});
    cli.failure_message([](const CLI::App*, const CLI::Error& e) {
        return "nnplay: error: " + std::string(e.what()) + "\nRun 'nnplay --help' for the options.\n";
    });
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }
    o.settings = flags.given(cli);
    for (const auto& [key, text] : o.settings) {
        nlohmann::json value;
        if (std::string err = nnplay::setting_from_text(*nnplay::find_setting(key), text, value); !err.empty()) {
            std::fprintf(stderr, "nnplay: error: %s: %s\nRun 'nnplay --help' for the options.\n",
                         nnplay::flag_of(*nnplay::find_setting(key)).c_str(), err.c_str());
            return 2;
        }
    }
    return -1;
}

// The settings flags, each on its own as the URL's: a refused one keeps its
// value and is said on stderr (the playground shows the rest applied).
void apply_desktop_settings(const DesktopOptions& o) {
    if (o.settings.empty()) return;
    for (const auto& [key, message] : g.app->configure_text(o.settings)) {
        const nnplay::Setting* row = nnplay::find_setting(key);
        std::fprintf(stderr, "nnplay: %s%s%s\n", row ? nnplay::flag_of(*row).c_str() : "", row ? ": " : "",
                     message.c_str());
    }
}

// SDL falls back to its "offscreen" or "dummy" video driver when there is no
// display: the program would then train busily in a window nobody sees. Say
// so instead, unless SDL_VIDEODRIVER asked for that driver on purpose.
bool has_display() {
    const char* driver = SDL_GetCurrentVideoDriver();
    const char* asked = SDL_getenv("SDL_VIDEODRIVER");
    if (asked && *asked) return true;
    return driver && std::strcmp(driver, "offscreen") != 0 && std::strcmp(driver, "dummy") != 0 &&
           std::strcmp(driver, "evdev") != 0;
}

// Loads MNIST into the App, or shows why not (the window stays open to say it).
void load_desktop_data(const DesktopOptions& o) {
    const std::string dir = o.data.empty() ? nnplay::default_mnist_dir() : o.data;
    auto train = std::make_shared<nnplay::Dataset>();
    auto test = std::make_shared<nnplay::Dataset>();
    g.app->set_loading("MNIST from " + dir, 0.0f);
    std::string err = nnplay::load_mnist_dir(dir, *train, *test, o.train, o.test);
    if (!err.empty()) {
        std::fprintf(stderr, "nnplay: %s\n", err.c_str());
        g.app->set_error(err + " (give the folder with MNIST's IDX files: nnplay --data DIR)");
        return;
    }
    char source[160];
    std::snprintf(source, sizeof source, "MNIST %d training / %d test images", train->count, test->count);
    g.app->set_data(train, test, source);
}

// ---- desktop only: the run kept across restarts, as the page keeps it ----------------
// $XDG_DATA_HOME/nnplay/autosave.nnplay-run (else ~/.local/share/...): written
// every few seconds while the run changes and at exit; offered back at start.
struct Autosave {
    std::string path;      // "" when there is nowhere to keep it (--restore off, no home)
    std::string saved_key;
    double last = -1e9;
};
Autosave g_autosave;

std::string autosave_path() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    std::string dir = xdg && *xdg ? std::string(xdg) : home && *home ? std::string(home) + "/.local/share" : "";
    if (dir.empty()) return "";
    dir += "/nnplay";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);  // a failure shows when the first save fails
    return dir + "/autosave.nnplay-run";
}

void autosave_now() {
    if (g_autosave.path.empty() || !g.app) return;
    const std::string key = g.app->save_key();
    if (key.empty() || key == g_autosave.saved_key) return;
    const std::vector<uint8_t> bytes = g.app->session_bytes();
    if (bytes.empty()) return;
    if (std::string err = nnplay::write_file(g_autosave.path, bytes); !err.empty()) {
        std::fprintf(stderr, "nnplay: cannot keep the run: %s\n", err.c_str());
        g_autosave.path.clear();  // said once
        return;
    }
    g_autosave.saved_key = key;
}

void autosave_tick(double now) {
    if (now - g_autosave.last < 5.0) return;
    g_autosave.last = now;
    autosave_now();
}

// At start: keeps the run from now on, and offers last time's back (or
// continues it: --restore auto) when `offer`.
void start_autosave(const DesktopOptions& o, bool offer) {
    if (o.restore == "off") return;
    g_autosave.path = autosave_path();
    if (g_autosave.path.empty()) return;
    g.app->set_forget_saved([] {
        std::remove(g_autosave.path.c_str());
        g_autosave.saved_key.clear();
    });
    if (!offer) return;
    std::FILE* f = std::fopen(g_autosave.path.c_str(), "rb");
    if (!f) return;
    std::vector<uint8_t> bytes;
    unsigned char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0 && bytes.size() < (512u << 20);)
        bytes.insert(bytes.end(), buf, buf + n);
    std::fclose(f);
    struct stat st {};
    char when[64] = "last time";
    if (::stat(g_autosave.path.c_str(), &st) == 0) {
        std::tm tm {};
        localtime_r(&st.st_mtime, &tm);
        std::strftime(when, sizeof when, "%H:%M on %d %b", &tm);
    }
    g.app->offer_restore(std::move(bytes), when, o.restore == "auto");
}
#endif

}  // namespace

int main(int argc, char** argv) {
#ifdef __EMSCRIPTEN__
    (void)argc;
    (void)argv;
    // Keys go to the canvas only, so that a course page around it keeps its own.
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
    DesktopOptions options;
    if (const int code = parse_options(argc, argv, options); code >= 0) return code;
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#endif
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "nnplay: cannot open a window (%s): is there a display (DISPLAY, WAYLAND_DISPLAY)?\n",
                     SDL_GetError());
        return 1;
    }
#ifndef __EMSCRIPTEN__
    if (!has_display()) {
        std::fprintf(stderr, "nnplay: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set). "
                             "Run it in a desktop session, or use the web playground (make play) "
                             "or nnplay-cli on a machine without one.\n");
        SDL_Quit();
        return 1;
    }
#endif
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);  // 2D only: no depth buffer to allocate and clear
    auto flags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    int width = 1280, height = 800;
    initial_window_size(&width, &height);
    g.window = SDL_CreateWindow("nnplay: a neural network learns MNIST", SDL_WINDOWPOS_CENTERED,
                                SDL_WINDOWPOS_CENTERED, width, height, flags);
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
    attach_worker_link(*g.app);  // training in the page's Web Worker, when it starts (web/worker_link.cpp)
#else
    // Training on its own thread, beside the frames (web/app/run_controller.h).
    g.app->set_run_link(nnplay::make_thread_link());
    // Files go to the folder the user said (--out, or typed in the Files section).
    nnplay::FileHost host;
    host.has_folder = true;
    host.save = [](const std::string& name, const std::string&, const std::vector<uint8_t>& bytes) {
        return nnplay::write_file(g.app->save_folder() + "/" + name, bytes);
    };
    g.app->set_file_host(host);
    g.app->set_save_folder(options.out);
    load_desktop_data(options);
    if (!options.load.empty()) {
        if (std::string err = g.app->load_model_file(options.load); !err.empty())
            std::fprintf(stderr, "nnplay: %s\n", err.c_str());
    }
    apply_desktop_settings(options);  // after the model: --load m.safetensors --lr 0.1 trains it at 0.1
    // Last time's run is offered back unless the command line asked for a
    // model or settings of its own (as a page whose config changed starts fresh).
    start_autosave(options, options.load.empty() && options.settings.empty());
#endif
    run_loop(frame);
#ifndef __EMSCRIPTEN__
    autosave_now();  // the run as the window closed
#endif

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
