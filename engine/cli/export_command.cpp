// export_command.cpp: nnplay-cli export (see export_command.h).
#include "engine/cli/export_command.h"

#include <cstdio>

#include "engine/cli/commands.h"
#include "engine/io/model_file.h"
#include "engine/io/pytorch_export.h"

namespace nnplay::cli {

CLI::App* add_export_command(CLI::App& app, ExportOptions& o) {
    CLI::App* exp = app.add_subcommand(
        "export", "Write a saved model as a PyTorch project: DIR/model.safetensors and DIR/model.py");
    exp->add_option("--model", o.model_path, "a model saved by nnplay (.safetensors)")->required();
    exp->add_option("--out", o.out_dir, "the folder to write (created if missing)")->required();
    return exp;
}

int run_export(const ExportOptions& o) {
    LoadedModel m;
    if (std::string err = load_model(o.model_path, m); !err.empty()) {
        std::fprintf(stderr, "nnplay-cli: error: %s\n", err.c_str());
        return kExitFailure;
    }
    if (!m.warning.empty()) std::fprintf(stderr, "nnplay-cli: warning: %s\n", m.warning.c_str());
    if (std::string err = export_pytorch(o.out_dir, m.net, m.train, m.step); !err.empty()) {
        std::fprintf(stderr, "nnplay-cli: error: %s\n", err.c_str());
        return kExitFailure;
    }
    const std::string dir = o.out_dir.back() == '/' ? o.out_dir : o.out_dir + "/";
    std::printf("wrote %s%s and %s%s (%s)\nrun: python3 %s%s --weights %s%s --mnist DIR\n",
                dir.c_str(), kExportWeightsName, dir.c_str(), kExportModuleName,
                m.net.config().architecture().c_str(), dir.c_str(), kExportModuleName, dir.c_str(),
                kExportWeightsName);
    return kExitOk;
}

}  // namespace nnplay::cli
