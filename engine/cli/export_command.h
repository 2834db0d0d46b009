// export_command.h: nnplay-cli's `export` subcommand: a saved model becomes a
// PyTorch project, DIR/model.safetensors and DIR/model.py (engine/io/pytorch_export.h).
//
//   nnplay-cli export --model m.safetensors --out DIR
//
// What it does not do: train or evaluate (python3 DIR/model.py does, see the
// file's first lines). Exit codes as commands.h: 0 done, 1 a file problem.
//
// Use (main.cpp):
//   ExportOptions x;
//   CLI::App* exp = add_export_command(app, x);
//   ... if (*exp) return run_export(x);
#pragma once
#include <CLI/CLI.hpp>
#include <string>

namespace nnplay::cli {

struct ExportOptions {
    std::string model_path;  // a model saved by nnplay
    std::string out_dir;     // created (one level) if missing
};

CLI::App* add_export_command(CLI::App& app, ExportOptions& o);
int run_export(const ExportOptions& o);

}  // namespace nnplay::cli
