// session.cpp: nothing lost. The whole run as bytes (engine/io/session_file.h)
// for the page's autosave and the desktop's file, a saved run offered back
// ("Continue the run from 10:42 ...?"), and undo for the commands that throw a
// run away (Reset, New seed, a new network, a loaded model, a lesson).
//
// What it does not do: store anything. The host keeps the bytes (the page in
// IndexedDB, web/page/nnplay-embed.js; the desktop in a file, web/main.cpp);
// the undo stack lives in memory and goes with the page.
#include <algorithm>
#include <cmath>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "engine/io/session_file.h"
#include "web/app/app_core.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {

namespace {
using json = nlohmann::json;
constexpr unsigned kEveryDoor = ~0u;

Settings current_settings(const AppCore& a) {
    Settings s = a.settings;
    s.net = a.trainer.net_config();
    s.train = a.trainer.train_config();
    return s;
}

// "epoch 12, step 4,210, 91.2% on the test images (784-16-16-10, SGD lr 3)"
std::string describe_run(const SessionData& d, const History& h) {
    std::string t = "epoch " + text::thousands(d.trainer.epoch) + ", step " + text::thousands(d.trainer.step);
    if (!h.tests.empty()) t += ", " + text::number(h.tests.back().percent, 3) + "% on the test images";
    return t + " (" + d.net.config().architecture() + ", " + label_of(d.train.optimizer) + " lr " +
           text::number(d.train.learning_rate, 4) + ")";
}
}  // namespace

std::string AppCore::save_key() const {
    if (offer.pending || !data_loaded) return "";  // nothing to save over the run on offer
    return std::to_string(model_changes) + "|" + std::to_string(history.markers.size()) + "|" +
           settings_query(current_settings(*this), false, kEveryDoor) + "|" + std::to_string(ui.sample_index);
}

std::vector<uint8_t> AppCore::session_bytes() const {
    if (!data_loaded || !train_set || !test_set) return {};
    const Settings cur = current_settings(*this);
    json settings_json = json::object();
    for (const Setting& row : settings_table()) settings_json[row.key] = row.get(cur);
    const json app = {{"settings", settings_json},
                      {"history", history.to_json()},
                      {"previous", previous.to_json()},
                      {"data", {{"train", train_set->count}, {"test", test_set->count}}},
                      {"sample", ui.sample_index}};
    return serialize_session(trainer.model(), trainer.train_config(), trainer.save_state(), app);
}

std::size_t AppCore::session_bytes_estimate() const {
    const std::size_t params = static_cast<std::size_t>(trainer.model().parameter_count());
    int states = 0;
    switch (trainer.train_config().optimizer) {
        case OptimizerKind::SGD: states = 0; break;
        case OptimizerKind::Momentum:
        case OptimizerKind::Nesterov:
        case OptimizerKind::RMSprop: states = 1; break;
        case OptimizerKind::Adam: states = 2; break;
    }
    return 4 * (params * (1 + states) + static_cast<std::size_t>(train_size()));
}

std::string AppCore::restore_session(const uint8_t* data, std::size_t size, const std::string& what) {
    settle();  // the run is changed here, on the App's exact copy (run_controller.h)
    auto refuse = [&](const std::string& why) {
        const std::string msg = "Could not continue " + what + ": " + why + ". The current run is unchanged.";
        notify(msg, true);
        return msg;
    };
    if (!data_loaded || !train_set || !test_set) return refuse("the training images are still loading");
    SessionData d;
    if (std::string err = parse_session(data, size, d); !err.empty()) return refuse(err);
    const json& app = d.app;
    // Read with comparisons and type checks: value() throws on a wrong type
    // (an abort in the web build), and these bytes come from storage.
    const json data_json = app.is_object() ? app.value("data", json()) : json();
    const json saved_train = data_json.is_object() ? data_json.value("train", json()) : json();
    const json saved_test = data_json.is_object() ? data_json.value("test", json()) : json();
    if (!saved_train.is_number_integer() || !saved_test.is_number_integer() || saved_train != train_set->count ||
        saved_test != test_set->count)
        return refuse("it was trained on another set of images (" +
                      (saved_train.is_number_integer() ? text::thousands(saved_train.get<long long>()) : "?") +
                      " training images; here " + text::thousands(train_set->count) + ")");
    // The settings: every key of the table this version knows, applied to the
    // defaults as the URL's are (preset first); the network and training
    // settings are the model's.
    const json saved = app.value("settings", json());
    if (!saved.is_object()) return refuse("its settings are missing");
    json known = json::object();
    for (const Setting& row : settings_table())
        if (saved.contains(row.key)) known[row.key] = saved[row.key];
    Settings next;
    if (std::string err = apply_settings(next, known, subset_max(), kEveryDoor); !err.empty())
        return refuse("its settings: " + err);
    next.net = d.net.config();
    next.train = d.train;
    History h, p;
    if (!h.from_json(app.value("history", json()))) return refuse("its history is damaged");
    if (!p.from_json(app.value("previous", json()))) p.clear();
    const std::string summary = describe_run(d, h);
    if (std::string err = trainer.restore(std::move(d.net), d.train, std::move(d.trainer)); !err.empty())
        return refuse(err);
    settings = next;
    history = std::move(h);
    previous = std::move(p);
    ui.edit = settings.net;
    ui.editing = false;
    ui.tab = view_tab(settings.view);
    ui.select_tab = true;
    if (app.contains("sample") && app["sample"].is_number_integer())
        ui.sample_index = std::clamp(app["sample"].get<int>(), 0, std::max(0, test_set->count - 1));
    pause();
    forget_old_network();
    ++model_changes;
    gallery_key = -1;
    restart_measuring();
    changed();
    notify("Continued " + what + ": " + summary + ".");
    return "";
}

std::string AppCore::undo() {
    if (undo_stack.empty()) {
        notify("Nothing to undo.", true);
        return "nothing to undo";
    }
    UndoEntry e = std::move(undo_stack.back());
    undo_stack.pop_back();
    const std::string err = restore_session(e.bytes.data(), e.bytes.size(), "the run from before " + e.what);
    if (!err.empty()) return err;
    notify("Undone: " + e.what + ". Back at step " + text::thousands(e.step) + ", with its history.");
    undo_at = -1e9;
    return "";
}

void AppCore::offer_restore(std::vector<uint8_t> bytes, const std::string& when, bool automatic) {
    SessionData d;
    std::string err = parse_session(bytes.data(), bytes.size(), d);
    History h;
    if (err.empty() && !h.from_json(d.app.is_object() ? d.app.value("history", json()) : json()))
        err = "its history is damaged";
    if (!err.empty()) {
        notify("The run kept from " + when + " could not be read (" + err + "): starting fresh.", true);
        if (forget_saved) forget_saved();
        offer = RestoreOffer{};
        return;
    }
    offer.bytes = std::move(bytes);
    offer.when = when;
    offer.automatic = automatic;
    offer.pending = true;
    offer.summary = describe_run(d, h);
    changed();
}

void AppCore::answer_offer(bool continue_run) {
    if (!offer.pending) return;
    RestoreOffer o = std::move(offer);
    offer = RestoreOffer{};
    if (!continue_run) {
        if (forget_saved) forget_saved();
        notify("Starting fresh. (The run from " + o.when + " is no longer kept.)");
        return;
    }
    if (!restore_session(o.bytes.data(), o.bytes.size(), "the run from " + o.when).empty() && forget_saved)
        forget_saved();
}

UndoPoint::UndoPoint(AppCore& app, const char* what) : app_(app), what_(what) {
    // Whether the run would be too big to keep, told without making it.
    if (app_.undo_depth++ == 0 && app_.data_loaded && app_.session_bytes_estimate() <= kMaxUndoEntryBytes) {
        bytes_ = app_.session_bytes();
        step_ = app_.trainer.stats().step;
    }
}

UndoPoint::~UndoPoint() {
    if (--app_.undo_depth != 0 || cancelled_ || bytes_.empty()) return;
    // A run too big to keep in memory twice is not kept (the biggest networks).
    if (bytes_.size() > kMaxUndoEntryBytes) return;
    app_.undo_stack.push_back({what_, std::move(bytes_), step_});
    std::size_t total = 0;
    for (const UndoEntry& e : app_.undo_stack) total += e.bytes.size();
    while (static_cast<int>(app_.undo_stack.size()) > kMaxUndo || total > kMaxUndoBytes) {
        total -= app_.undo_stack.front().bytes.size();
        app_.undo_stack.pop_front();
    }
    app_.undo_at = app_.now;
}

//-----------------------------------------------------------------------------
// The offer and the Undo button
//-----------------------------------------------------------------------------

namespace {
constexpr ImGuiWindowFlags kSmall = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing;
}  // namespace

void draw_restore_offer(AppCore& app) {
    if (!app.offer.pending || !app.data_loaded) return;
    if (app.offer.automatic) {
        app.answer_offer(true);
        return;
    }
    const ImGuiIO& io = ImGui::GetIO();
    const float em = ImGui::GetFontSize();
    const float width = std::min(io.DisplaySize.x - 2 * em, 30 * em);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, 3 * em), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(width, io.DisplaySize.y));
    ImGui::SetNextWindowBgAlpha(0.97f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    if (ImGui::Begin("##restore_offer", nullptr, kSmall)) {
        ui::wrapped("Continue the run from " + app.offer.when + "?", width - 2 * em);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ui::wrapped(app.offer.summary, width - 2 * em);
        ImGui::PopStyleColor();
        bool yes = ImGui::Button("Continue");
        app.mark("restore_continue");
        ImGui::SameLine();
        bool no = ImGui::Button("Start fresh");
        app.mark("restore_fresh");
        if (yes || no) app.answer_offer(yes);
    }
    ImGui::End();
    ImGui::PopStyleVar();
}

void draw_undo(AppCore& app) {
    if (app.undo_stack.empty() || app.now - app.undo_at > kUndoButtonSeconds || app.offer.pending) return;
    const Layout& l = app.layout;
    const float em = ImGui::GetFontSize();
    // The bottom left of the curves (or of what the page shows instead), where
    // it covers the least of them.
    const Rect& r = l.kind == LayoutKind::Column ? l.column : !l.cost.empty() ? l.cost : !l.views.empty() ? l.views : l.controls;
    ImGui::SetNextWindowPos(ImVec2(r.x + 1.2f * em, r.bottom() - 1.2f * em), ImGuiCond_Always, ImVec2(0.0f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.94f);
    if (ImGui::Begin("##undo", nullptr, kSmall)) {
        const std::string label = "Undo " + app.undo_stack.back().what;
        if (ImGui::Button(label.c_str())) app.undo();
        app.mark("undo");
        ui::tooltip("Bring back the run from before it: its weights, its place in the epoch and its history.");
    }
    ImGui::End();
}

}  // namespace nnplay
