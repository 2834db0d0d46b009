// panel_files.cpp: taking the network further: save and load models, export
// to PyTorch (model.safetensors + model.py in one zip), a picture of the
// curves or of the view shown, and the training history as CSV. The page
// downloads what is saved and offers a file picker (and drops on the canvas);
// the desktop writes into a folder and reads typed paths (and dropped files).
// How files travel is the host's business (FileHost in app.h): the App makes
// the bytes and reads them, all or nothing.
//
// [SECTION] AppCore: models in and out, the export, the history, pictures
// [SECTION] Panel: the Files section
#include <algorithm>
#include <cstdio>
#include <ctime>

#include <imgui.h>

#include "engine/io/model_file.h"
#include "engine/io/png_writer.h"
#include "engine/io/pytorch_export.h"
#include "web/app/app_core.h"
#include "web/app/text.h"
#include "web/app/widgets.h"

namespace nnplay {

//-----------------------------------------------------------------------------
// [SECTION] AppCore: models in and out, the export, the history, pictures
//-----------------------------------------------------------------------------

namespace {
// A model file larger than this is refused before it is read: the biggest
// network the settings allow (8 layers of 1,024) is about 33 MB.
constexpr std::size_t kMaxModelBytes = 64u * 1024u * 1024u;
}  // namespace

std::string AppCore::load_model(const uint8_t* data, std::size_t size, const std::string& name) {
    settle();  // the run is changed here, on the App's exact copy (run_controller.h)
    const std::string shown = name.empty() ? std::string("the file") : name;
    auto refuse = [&](const std::string& why) {
        const std::string msg = "Not loaded: " + shown + ": " + why + ". The current model is unchanged.";
        notify(msg, true);
        return msg;
    };
    if (size > kMaxModelBytes)
        return refuse("it has " + text::thousands(static_cast<long long>(size)) +
                      " bytes, far more than any network nnplay trains (at most " +
                      text::thousands(static_cast<long long>(kMaxModelBytes)) + ")");
    LoadedModel m;
    if (std::string err = parse_model(data, size, m); !err.empty()) return refuse(err);
    // A file trained on more images than this page loaded: its subset and
    // batch are brought within what is here, and said.
    std::string adapted;
    const int loaded = subset_max();
    if (loaded > 0 && m.train.train_subset > loaded) {
        adapted += " It trained on " + text::thousands(m.train.train_subset) + " images; here it uses all " +
                   text::thousands(loaded) + ".";
        m.train.train_subset = 0;
    }
    const int in_use = m.train.train_subset > 0 ? m.train.train_subset : loaded;
    if (in_use > 0 && m.train.batch_size > in_use) {
        adapted += " Its batch of " + text::thousands(m.train.batch_size) + " became " + text::thousands(in_use) + ".";
        m.train.batch_size = in_use;
    }
    if (std::string err = check_training_memory(m.net.config(), m.train.batch_size); !err.empty()) return refuse(err);
    const NetConfig cfg = m.net.config();
    const std::string old_label = run_label();
    const bool had_history = history.train.raw_count() > 0;
    const History kept = history;
    UndoPoint undo(*this, "Load model");
    if (std::string err = trainer.adopt(std::move(m.net), m.train, m.step); !err.empty()) {
        undo.cancel();
        history = kept;
        return refuse(err);
    }
    if (had_history) {
        previous = kept;
        previous.label = old_label;
    }
    pause();
    forget_old_network();
    settings.net = trainer.net_config();
    settings.train = trainer.train_config();
    history.clear();
    history.start_settings = settings_query(settings, false, kDoorUi);
    ui.edit = settings.net;
    ui.editing = false;
    restart_measuring();
    stop_at_epoch = -1;
    notify("Loaded " + shown + ": " + cfg.architecture() + " (" + text::thousands(cfg.parameter_count()) +
           " weights and biases), trained " + text::thousands(m.step) + " steps. Training continues from it." +
           adapted);
    changed();
    return "";
}

std::string AppCore::load_model_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        const std::string msg = "Not loaded: " + path + ": cannot open it. The current model is unchanged.";
        notify(msg, true);
        return msg;
    }
    std::vector<uint8_t> bytes;
    uint8_t buf[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        bytes.insert(bytes.end(), buf, buf + n);
        if (bytes.size() > kMaxModelBytes) break;  // load_model says why
    }
    std::fclose(f);
    const std::size_t slash = path.find_last_of('/');
    return load_model(bytes.data(), bytes.size(), slash == std::string::npos ? path : path.substr(slash + 1));
}

std::vector<uint8_t> AppCore::model_file() const {
    return serialize_model(trainer.model(), trainer.train_config(), trainer.stats().step);
}

std::vector<uint8_t> AppCore::pytorch_zip() const {
    std::vector<uint8_t> zip;
    export_pytorch_zip(trainer.model(), trainer.train_config(), trainer.stats().step, std::time(nullptr), zip);
    return zip;
}

std::string AppCore::history_csv() const { return nnplay::history_csv(history_rows(history)); }

void AppCore::save_file(const std::string& name, const std::string& mime, const std::vector<uint8_t>& bytes) {
    if (!files.save) {
        notify("Saving files is not available here.", true);
        return;
    }
    if (bytes.empty()) {
        notify("Nothing to save in " + name + ".", true);
        return;
    }
    const std::string err = files.save(name, mime, bytes);
    if (!err.empty()) notify("Not saved: " + err, true);
    else if (files.has_folder) notify("Saved " + save_folder + "/" + name + ".");
    else notify("Saved " + name + " (see your downloads).");
}

void AppCore::ask_picture(const std::string& name, float x, float y, float w, float h) {
    picture_pending = true;
    picture_wait = 2;  // the Files menu closes first: read the frame after next
    picture = PictureRequest{x, y, w, h, name};
    changed();  // the next frame is drawn, then read
}

void AppCore::deliver_picture(const uint8_t* rgba, int width, int height, bool bottom_up) {
    picture_pending = false;
    std::vector<uint8_t> png;
    if (std::string err = encode_png(rgba, width, height, 0, bottom_up, png); !err.empty()) {
        notify("No picture: " + err, true);
        return;
    }
    save_file(picture.name, "image/png", png);
}

//-----------------------------------------------------------------------------
// [SECTION] Panel: the Files section
//-----------------------------------------------------------------------------

namespace {
// "784-16-16-10-step1234": names that say which model a file holds.
std::string file_stem(const AppCore& app) {
    return "nnplay-" + app.trainer.net_config().architecture() + "-step" + std::to_string(app.trainer.stats().step);
}

std::vector<uint8_t> bytes_of(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }
}  // namespace

void panel_files(AppCore& app) {
    app.panels_drawn.push_back("files");
    const float sp = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 half((ImGui::GetContentRegionAvail().x - sp) / 2, 0);
    ImGui::BeginDisabled(!app.data_loaded);
    // Each action closes the Files menu (a picture is taken once it is gone).
    if (ImGui::Button("Save model", half)) {
        app.save_file(file_stem(app) + ".safetensors", "application/octet-stream", app.model_file());
        ImGui::CloseCurrentPopup();
    }
    app.mark("save_model");
    ui::tooltip("The weights and every setting, as a .safetensors file (PyTorch's names). Load it here later "
                "to go on training, or in Python with model.py.");
    ImGui::SameLine();
    if (ImGui::Button("Export to PyTorch", half)) {
        app.save_file(file_stem(app) + "-pytorch.zip", "application/zip", app.pytorch_zip());
        ImGui::CloseCurrentPopup();
    }
    app.mark("export_pytorch");
    ui::tooltip("model.safetensors and model.py in one zip: the same network as a PyTorch module in the "
                "lecture's style. python3 model.py --weights model.safetensors --mnist DIR tests it; "
                "--train-epochs N trains it further.");
    if (ImGui::Button("Picture of the curves", half)) {
        const Rect& r = app.layout.kind == LayoutKind::Column ? app.layout.column : app.layout.cost;
        app.ask_picture(file_stem(app) + "-curves.png", r.x, r.y, r.w, r.h);
        ImGui::CloseCurrentPopup();
    }
    app.mark("picture_curves");
    ui::tooltip("Saves the cost and accuracy curves as a PNG picture");
    ImGui::SameLine();
    if (ImGui::Button("Picture of the view", half)) {
        const Rect& r = app.layout.kind == LayoutKind::Column ? app.layout.column : app.layout.views;
        app.ask_picture(file_stem(app) + "-" + app.settings.view + ".png", r.x, r.y, r.w, r.h);
        ImGui::CloseCurrentPopup();
    }
    app.mark("picture_view");
    ui::tooltip("Saves the view shown (one sample, the confusion matrix, the weights, ...) as a PNG picture");
    if (ImGui::Button("History (CSV)", half)) {
        app.save_file(file_stem(app) + "-history.csv", "text/csv", bytes_of(app.history_csv()));
        ImGui::CloseCurrentPopup();
    }
    app.mark("history_csv");
    ui::tooltip("Every step's cost, every test evaluation and every settings change, as a table for a "
                "spreadsheet or pandas");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (app.files.pick_model) {
        if (ImGui::Button("Load model…", half)) {
            app.files.pick_model();
            ImGui::CloseCurrentPopup();
        }
        app.mark("load_model");
        ui::tooltip("Opens a model saved by nnplay (.safetensors); you can also drop one on the playground. "
                    "Its network and settings replace these, and training continues from it.");
    } else {
        ImGui::NewLine();
        if (ui::begin_form("files")) {
            ui::row("Load", "A model saved by nnplay (.safetensors); you can also drop one on the window");
            std::string path;
            if (ui::typed_text("##load_path", app.load_path, &path)) {
                app.load_path = path;
                if (!path.empty()) app.load_model_file(path);
            }
            app.mark("load_path");
            if (app.files.has_folder) {
                ui::row("Save to", "The folder saved files go to");
                std::string folder;
                if (ui::typed_text("##save_folder", app.save_folder, &folder) && !folder.empty())
                    app.save_folder = folder;
                app.mark("save_folder");
            }
            ui::end_form();
        }
    }
}

namespace {
const char* kFilesLabel = "Files…";
}  // namespace

float files_button_width() { return ImGui::CalcTextSize(kFilesLabel).x + 2 * ImGui::GetStyle().FramePadding.x; }

void files_button(AppCore& app) {
    const char* label = kFilesLabel;
    const float w = files_button_width();
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
    if (ImGui::Button(label)) ImGui::OpenPopup("files");
    app.mark("files");
    ui::tooltip("Save the model, load one, export it to PyTorch, save pictures and the history");
    ImGui::SetNextWindowSize(ImVec2(22.0f * ImGui::GetFontSize(), 0));
    if (ImGui::BeginPopup("files")) {
        panel_files(app);
        ImGui::EndPopup();
    }
}

}  // namespace nnplay
