// nnplay-cli: trains, evaluates and benchmarks nnplay's networks from the
// command line (native builds only: CLI11 reports parse errors by exception).
//
//   nnplay-cli train [--architecture 784-16-16-10] [--activations sigmoid]
//                    [--output sigmoid_mse] [--optimizer sgd] [--lr 3] [--batch 10]
//                    [--epochs 1] [--train 10000] [--test 2000] [--seed 42]
//                    [--data DIR] [--save m.safetensors] ...
//                    (every setting of the table: engine/settings/settings.h)
//   nnplay-cli eval --model m.safetensors [--test 0] [--data DIR]
//   nnplay-cli bench [--workload W1,W2,W3] [--epochs 3] [--json] [--isa avx2]
//   nnplay-cli export --model m.safetensors --out DIR
//   nnplay-cli settings [--json]
//
// This file only maps the command line onto commands.h's option structs.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "engine/cli/commands.h"
#include "engine/cli/export_command.h"
#include "engine/settings/presets.h"
#include "engine/settings/setting_flags.h"
#include "engine/settings/settings.h"

using namespace nnplay::cli;

int main(int argc, char** argv) {
    CLI::App app{
        "nnplay-cli: train, evaluate and benchmark multilayer perceptrons on MNIST.\n"
        "MNIST is read from --data, else $NNPLAY_DATA, else ./.cache/mnist.",
        "nnplay-cli"};
    app.require_subcommand(1);
    app.failure_message([](const CLI::App* failed, const CLI::Error& err) {
        return "nnplay-cli: error: " + std::string(err.what()) + "\nRun '" +
               failed->get_display_name() + " --help' for the options.\n";
    });
    app.set_version_flag("--version", "nnplay-cli 1");

    // ---- train ----
    TrainOptions t;
    CLI::App* train =
        app.add_subcommand("train",
                           "Train a network; the defaults are the lecture's (784-16-16-10 sigmoid, "
                           "MSE, SGD lr 3, batch 10, 10,000 training / 2,000 test images), for 1 epoch");
    // One flag per setting of the table (engine/settings/setting_flags.h, as
    // the desktop program's). Values stay text here; run_train reads them
    // through the table.
    nnplay::SettingFlags setting_flags;
    nnplay::add_setting_flags(*train, setting_flags, nnplay::kDoorCli, cli_defaults());
    train->add_option("--train", t.train_images, "load the first N training images (0 = all 60,000)")
        ->capture_default_str();
    train->add_option("--test", t.test_images, "load the first N test images (0 = all 10,000)")
        ->capture_default_str();
    train->add_option("--data", t.data_dir, "folder with MNIST's four IDX files");
    train->add_option("--save", t.save_path, "write the trained model here (.safetensors)");

    // ---- eval ----
    EvalOptions e;
    CLI::App* eval = app.add_subcommand(
        "eval", "Report a saved model's test cost, accuracy and confusion matrix");
    eval->add_option("--model", e.model_path, "a model saved by nnplay (.safetensors)")->required();
    eval->add_option("--test", e.test_images, "first N test images (0 = all 10,000)")
        ->capture_default_str();
    eval->add_option("--data", e.data_dir, "folder with MNIST's four IDX files");

    // ---- bench ----
    BenchOptions b;
    CLI::App* bench = app.add_subcommand(
        "bench", "Training throughput on the workloads of BENCH.md (10,000 training images)");
    bench->add_option("--workload", b.workloads, "W1 (lecture), W2 (wide), W3 (big); comma list")
        ->delimiter(',')
        ->capture_default_str();
    bench->add_option("--epochs", b.epochs, "epochs per workload")->capture_default_str();
    bench->add_flag("--json", b.json, "one JSON object per workload");
    bench->add_option("--isa", b.isa, "kernel variant: scalar, sse4.1, avx2, avx512");
    bench->add_option("--data", b.data_dir, "folder with MNIST's four IDX files");

    // ---- export ----
    ExportOptions x;
    CLI::App* exp = add_export_command(app, x);

    // ---- settings ----
    bool settings_json = false;
    CLI::App* settings = app.add_subcommand(
        "settings", "Print the table of settings (every key the page, the URL, this CLI and model files take) "
                    "as Markdown, as README.md shows it");
    settings->add_flag("--json", settings_json, "as JSON instead");

    // ---- presets ----
    CLI::App* presets = app.add_subcommand(
        "presets", "Print the lesson presets (train --preset NAME, the page's preset=NAME) as Markdown, as "
                   "README.md lists them");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        const int code = app.exit(err);  // prints help, the version, or the error
        return code == 0 ? kExitOk : kExitUsage;
    }
    if (*settings) {
        std::fputs(settings_json ? (nnplay::settings_json().dump(2) + "\n").c_str() : nnplay::settings_markdown().c_str(),
                   stdout);
        return kExitOk;
    }
    if (*presets) {
        std::fputs(nnplay::presets_markdown().c_str(), stdout);
        return kExitOk;
    }
    if (*train) {
        t.settings = setting_flags.given(*train);
        return run_train(t);
    }
    if (*eval) return run_eval(e);
    if (*bench) return run_bench(b);
    if (*exp) return run_export(x);
    return kExitUsage;
}
