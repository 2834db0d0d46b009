// commands.h: what nnplay-cli's subcommands do, once main.cpp has parsed the
// command line into these plain option structs.
//
// What it does not do: parse arguments (main.cpp, with CLI11) or draw
// anything beyond text on stdout/stderr. Each command returns the process's
// exit code: 0 done, 1 a file, data or training problem, 2 bad settings, 130
// interrupted (the model is still saved when --save was given).
//
// Use:
//   TrainOptions o; o.epochs = 3; o.save_path = "m.safetensors";
//   return run_train(o);
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "engine/settings/settings.h"

namespace nnplay::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

// train: the settings given on the command line as (table key, text), read
// through the table of settings (engine/settings/settings.h) on top of
// cli_defaults(), and what to load and where to save.
struct TrainOptions {
    std::vector<std::pair<std::string, std::string>> settings;  // e.g. {"lr", "0.5"}
    int train_images = 10000;  // first N training images; 0 = all 60,000
    int test_images = 2000;    // first N test images; 0 = all 10,000
    std::string data_dir;      // "" = default_mnist_dir() (engine/data/idx.h)
    std::string save_path;     // "" = do not save
};

// The table's defaults, except that the CLI trains 1 epoch unless told otherwise.
nnplay::Settings cli_defaults();

struct EvalOptions {
    std::string model_path;
    int test_images = 0;  // 0 = all 10,000
    std::string data_dir;
};

struct BenchOptions {
    std::vector<std::string> workloads{"W1", "W2", "W3"};
    int epochs = 3;
    std::string data_dir;
    bool json = false;  // one JSON object per workload instead of text
    std::string isa;    // kernel variant ("scalar", "avx2", ...); "" = the best available
};

int run_train(const TrainOptions& o);
int run_eval(const EvalOptions& o);
int run_bench(const BenchOptions& o);

}  // namespace nnplay::cli
