// page_api.cpp: the C functions behind each playground's API (web build only;
// web/page/nnplay-embed.js calls them, one module instance per playground).
// Strings returned point into a buffer that stays valid until the next call.
#include "web/page_api.h"

#include <emscripten/heap.h>
#include <malloc.h>
#include <SDL.h>
#include <emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/data/idx.h"
#include "engine/settings/settings.h"
#include "engine/util/text_limits.h"
#include "web/app/a11y.h"

namespace {
nnplay::App* g_app = nullptr;
std::string g_reply;
std::vector<uint8_t> g_bytes;  // the last file asked for (nnplay_file_bytes)

const char* reply(std::string s) {
    g_reply = std::move(s);
    return g_reply.c_str();
}

// The page's JSON is checked for size and nesting before it is parsed (a
// settings object nests 2 levels: {"hidden": [32]}), so that a huge or deeply
// nested one is refused with a message and never reaches the parser.
constexpr std::size_t kMaxPageJsonBytes = 64 * 1024;
constexpr int kMaxPageJsonDepth = 8;

}  // namespace

// The App's requests to the page (About, Share) go to this playground's own
// module: the page set Module.nnplayRequest when it created the instance.
EM_JS(void, nnplay_page_request_js, (const char* what), {
    if (Module["nnplayRequest"]) Module["nnplayRequest"](UTF8ToString(what));
});
// Files for the user: the page's handler (Module.nnplaySaveFile), if it set
// one, downloads them; without one, a plain download link.
EM_JS(void, nnplay_js_save_file, (const char* name, const char* mime, const uint8_t* data, int size), {
    const bytes = HEAPU8.slice(data, data + size);
    const n = UTF8ToString(name), m = UTF8ToString(mime);
    if (Module["nnplaySaveFile"]) { Module["nnplaySaveFile"](n, m, bytes); return; }
    const url = URL.createObjectURL(new Blob([bytes], { type: m }));
    const a = document.createElement("a");
    a.href = url;
    a.download = n;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
});
// The page's file picker for a model (Module.nnplayPickModel).
EM_JS(void, nnplay_js_pick_model, (), {
    if (Module["nnplayPickModel"]) Module["nnplayPickModel"]();
});

// The Share button asks the page for its link: Module.nnplayShareLink(query),
// when the page defines it, returns {url, copied, shown} (the full-window
// page's URL with the query, whether it went to the clipboard, whether the
// page showed it in a dialog of its own); without it the link is
// "index.html?" + the query, relative to the page. *flags: 1 copied, 2 shown.
EM_JS(char*, nnplay_js_share_link, (const char* query, int* flags), {
    var q = UTF8ToString(query);
    var r = typeof Module["nnplayShareLink"] === "function" ? Module["nnplayShareLink"](q) : null;
    var url = r && r.url ? String(r.url) : "index.html?" + q;
    HEAP32[flags >> 2] = (r && r.copied ? 1 : 0) | (r && r.shown ? 2 : 0);
    var n = lengthBytesUTF8(url) + 1;
    var p = _malloc(n);
    stringToUTF8(url, p, n);
    return p;
});

void attach_page_api(nnplay::App& app) {
    g_app = &app;
    nnplay::FileHost host;
    host.save = [](const std::string& name, const std::string& mime, const std::vector<uint8_t>& bytes) {
        nnplay_js_save_file(name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
        return std::string();
    };
    host.pick_model = [] { nnplay_js_pick_model(); };
    app.set_file_host(host);
    app.set_share_handler([](const std::string& query) {
        int flags = 0;
        char* url = nnplay_js_share_link(query.c_str(), &flags);
        nnplay::App::ShareLink link{url ? url : "", (flags & 1) != 0, (flags & 2) != 0};
        std::free(url);
        return link;
    });
    app.set_page_request([](const std::string& what) { nnplay_page_request_js(what.c_str()); });
    app.set_forget_saved([] { nnplay_page_request_js("discard_saved"); });
}

extern "C" {

// window.nnplay.state(): the App's state as a JSON object, plus the page's
// memory: "memory": {"heap_size" (the WebAssembly memory now: it grows and
// never shrinks), "heap_max" (the most it may grow to), "heap_in_use" (bytes
// the allocator has handed out and not got back)}.
const char* nnplay_state_json() {
    if (!g_app) return reply("{\"status\":\"starting\"}");
    nlohmann::json j = g_app->state_json();
    const struct mallinfo m = mallinfo();
    j["memory"] = {{"heap_size", emscripten_get_heap_size()},
                   {"heap_max", emscripten_get_heap_max()},
                   {"heap_in_use", static_cast<std::size_t>(m.uordblks) + static_cast<std::size_t>(m.hblkhd)}};
    return reply(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void nnplay_train() { if (g_app) g_app->train(); }
void nnplay_pause() { if (g_app) g_app->pause(); }
void nnplay_reset() { if (g_app) g_app->reset(); }
void nnplay_epoch() { if (g_app) g_app->epoch(); }
int nnplay_step(int n) { return g_app ? g_app->step(n) : 0; }

// window.nnplay.configure({...}): "" when applied, else a message (nothing changed).
const char* nnplay_configure(const char* json_text) {
    if (!g_app) return reply("the playground is still starting");
    const std::string_view text = json_text ? json_text : "";
    if (std::string err = nnplay::check_json_text(text, kMaxPageJsonBytes, kMaxPageJsonDepth, "configure()'s object");
        !err.empty())
        return reply(err);
    nlohmann::json changes = nlohmann::json::parse(text, nullptr, false);
    if (changes.is_discarded() || !changes.is_object())
        return reply("configure() takes an object, e.g. {\"lr\": 0.5, \"hidden\": [32]}");
    return reply(g_app->configure(changes));
}

// The URL's (and data-config's) settings as text: a JSON object of
// key -> text, each key applied on its own. Returns a JSON array of
// {"key", "message"} for the keys that were refused (each keeps its value).
const char* nnplay_configure_text(const char* json_pairs) {
    if (!g_app) return reply("[{\"key\":\"\",\"message\":\"the playground is still starting\"}]");
    const std::string_view text = json_pairs ? json_pairs : "";
    if (std::string err = nnplay::check_json_text(text, kMaxPageJsonBytes, kMaxPageJsonDepth, "the settings' text");
        !err.empty()) {
        nlohmann::json refused = nlohmann::json::array();
        refused.push_back({{"key", ""}, {"message", err}});
        return reply(refused.dump());
    }
    nlohmann::json pairs = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::pair<std::string, std::string>> list;
    if (pairs.is_object())
        for (auto it = pairs.begin(); it != pairs.end(); ++it)
            list.emplace_back(it.key(), it->is_string() ? it->get<std::string>() : it->dump());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, message] : g_app->configure_text(list)) out.push_back({{"key", key}, {"message", message}});
    return reply(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// settingsTable(): the table of settings as JSON (engine/settings: key, type,
// label, help, allowed, default, choices, min, max, ...).
const char* nnplay_settings_table() { return reply(nnplay::settings_json().dump()); }

// A guest's manners (nnplay-embed.js asks per event): 1 when the playground
// has a use for this key (KeyboardEvent.key) or this wheel turn at (x, y) in
// CSS pixels of the canvas; 0 lets the page have it.
int nnplay_wants_key(const char* key, int modified) {
    return g_app && g_app->wants_key(key ? key : "", modified != 0) ? 1 : 0;
}
int nnplay_wants_wheel(float x, float y, float dx, float dy) {
    return g_app && g_app->wants_wheel(x, y, dx, dy) ? 1 : 0;
}

// Touch (nnplay-embed.js decides what a finger means): a vertical swipe
// scrolls the window under (x, y) by dy (returns how far it moved, the page
// scrolls by the rest); 1 when the item there takes drags itself (the draw
// pad); the page says whether touch is the input in use.
float nnplay_touch_scroll(float x, float y, float dy) { return g_app ? g_app->touch_scroll(x, y, dy) : 0.0f; }
int nnplay_wants_touch_drag(float x, float y) { return g_app && g_app->wants_touch_drag(x, y) ? 1 : 0; }
void nnplay_set_touch(int on) {
    if (g_app) g_app->set_touch(on != 0);
}
// Whether the host lets the page fill the screen, and whether it does now.
void nnplay_set_fullscreen(int available, int on) {
    if (g_app) g_app->set_fullscreen(available != 0, on != 0);
}

// Typed fields in a real text input of the page (a phone's keyboard): the
// field at (x, y) as JSON, or ""; a value typed there: "" or why not.
const char* nnplay_text_field_at(float x, float y) { return reply(g_app ? g_app->text_field_at(x, y) : ""); }
const char* nnplay_apply_text_field(unsigned id, const char* text) {
    if (!g_app) return reply("the playground is still starting");
    return reply(g_app->apply_text_field(id, text ? text : ""));
}

// The playground's element changed size (CSS pixels): the window, and with it
// the canvas's drawing buffer (times devicePixelRatio), follows.
void nnplay_resize(int width, int height) {
    SDL_Window* window = SDL_GL_GetCurrentWindow();
    if (!window || width < 1 || height < 1) return;
    int w = 0, h = 0;
    SDL_GetWindowSize(window, &w, &h);
    if (w != width || h != height) SDL_SetWindowSize(window, width, height);
    if (g_app) g_app->note_input();
}

// A model file's bytes (the page's file picker, a drop on the canvas, or
// nnplay.loadModel): "" when it replaced the model, else why not (the model
// and its history are untouched).
const char* nnplay_load_model(const uint8_t* data, int size, const char* name) {
    if (!g_app) return reply("the playground is still starting");
    return reply(g_app->load_model(data, static_cast<std::size_t>(size < 0 ? 0 : size), name ? name : ""));
}

// Files as bytes for the page API (nnplay.saveModel() and friends): kind is
// "model", "pytorch" or "history"; returns a pointer to the bytes, their
// count in *size (valid until the next call).
const uint8_t* nnplay_file_bytes(const char* kind, int* size) {
    std::vector<uint8_t>().swap(g_bytes);
    const std::string k = kind ? kind : "";
    if (g_app) {
        if (k == "model") g_bytes = g_app->model_file();
        else if (k == "pytorch") g_bytes = g_app->pytorch_zip();
        else if (k == "session") g_bytes = g_app->session_bytes();
        else if (k == "history") {
            const std::string csv = g_app->history_csv();
            g_bytes.assign(csv.begin(), csv.end());
        }
    }
    *size = static_cast<int>(g_bytes.size());
    return g_bytes.data();
}

// shareUrl(): the query behind the full-window page's URL that reproduces
// this playground's setup: every setting that differs from its default,
// seeds always, as key=value pairs ("preset=wide&lr=0.5&seed=42&shuffle_seed=7").
// The page puts it after its index.html's address.
const char* nnplay_share_query() {
    if (!g_app) return reply("");
    return reply(g_app->share_query());
}

// The page fetched and unpacked the four IDX files; parse them into datasets.
// Returns "" or a message (which the App also shows).
const char* nnplay_provide_data(const uint8_t* train_images, int train_images_size,
                                const uint8_t* train_labels, int train_labels_size,
                                const uint8_t* test_images, int test_images_size,
                                const uint8_t* test_labels, int test_labels_size) {
    if (!g_app) return reply("the playground is still starting");
    auto train = std::make_shared<nnplay::Dataset>();
    auto test = std::make_shared<nnplay::Dataset>();
    std::string err = nnplay::parse_idx_pair(train_images, static_cast<std::size_t>(train_images_size),
                                             train_labels, static_cast<std::size_t>(train_labels_size), *train);
    if (err.empty())
        err = nnplay::parse_idx_pair(test_images, static_cast<std::size_t>(test_images_size), test_labels,
                                     static_cast<std::size_t>(test_labels_size), *test);
    if (!err.empty()) {
        g_app->set_error("The MNIST data could not be read: " + err);
        return reply(err);
    }
    std::string source = "MNIST subset: " + std::to_string(train->count) + " training / " +
                         std::to_string(test->count) + " test images";
    g_app->set_data(train, test, source);
    return reply("");
}

// The page copied the bytes nnplay_file_bytes gave: their buffer goes back to
// the allocator now (a big network's saved run is tens of MB).
void nnplay_file_bytes_release() { std::vector<uint8_t>().swap(g_bytes); }
// Nothing lost (nnplay-embed.js's autosave): a key that changes whenever the
// saved run would ("" while nothing should be saved), the run's bytes come
// from nnplay_file_bytes("session"); a run kept from before is offered back
// (automatic: continued without asking); undo() brings back the last run a
// command threw away. Each returns "" or a message.
const char* nnplay_save_key() { return reply(g_app ? g_app->save_key() : std::string()); }
const char* nnplay_offer_restore(const uint8_t* data, int size, const char* when, int automatic) {
    if (!g_app) return reply("the playground is still starting");
    std::vector<uint8_t> bytes(data, data + (size > 0 ? size : 0));
    g_app->offer_restore(std::move(bytes), when ? when : "", automatic != 0);
    return reply("");
}
const char* nnplay_undo() { return reply(g_app ? g_app->undo() : std::string("the playground is still starting")); }
// A weight by hand (layer from 1, the output layer last; input -1: the bias):
// "" or why it was refused.
const char* nnplay_set_weight(int layer, int neuron, int input, double value) {
    return reply(g_app ? g_app->set_weight(layer, neuron, input, value) : std::string("the playground is still starting"));
}

// ---- accessibility (web/page/nnplay-a11y.js) ---------------------------------------
// The controls of the last frame as JSON, or "" while their version is still
// `since`; operating one ("activate", "choose", "position"): "" or why not.
const char* nnplay_a11y_tree(double since) { return reply(g_app ? g_app->a11y_tree(since) : std::string()); }
const char* nnplay_a11y_act(unsigned id, const char* action, double value) {
    if (!g_app) return reply("the playground is still starting");
    return reply(g_app->a11y_act(id, action ? action : "", value));
}

// Off (0): no list is built, so a measurement can compare frames with and without it.
void nnplay_a11y_enable(int on) { nnplay::a11y::set_enabled(on != 0); }

void nnplay_set_loading(const char* what, float fraction) {
    if (g_app) g_app->set_loading(what ? what : "", fraction);
}

void nnplay_set_error(const char* message) {
    if (g_app) g_app->set_error(message ? message : "unknown error");
}

// ---- step(n) that never holds the page (issue 17; web/app/run_controller.h) -------------
// nnplay_step_async: the steps taken now (cheap ones), or -1: they run beside
// the page, and nnplay_steps_running() is 1 until they are done (or paused);
// nnplay_step_count() is the run's step, for how many were taken.
int nnplay_step_async(int n) { return g_app ? g_app->step_async(n) : 0; }
int nnplay_steps_running() { return g_app && g_app->state().running ? 1 : 0; }
double nnplay_step_count() { return g_app ? double(g_app->trainer().stats().step) : 0.0; }

}  // extern "C"
