// train_bench.cpp: the engine side of `make bench` (shared/BENCH.md). Trains one
// benchmark workload with the engine's public API (Trainer, the IDX reader)
// and prints one JSON line per epoch (engine/train/bench_epoch.h, as
// `nnplay-cli bench --json` does):
//   {"workload":"W1","target":"native","isa":"AVX2","epoch":1,"samples":10000,
//    "seconds":0.012,"samples_per_s":833333,"test_acc":0.6525,"test_correct":1305,...}
// scripts/bench.sh runs it natively and as WebAssembly under node, next to
// bench/reference_torch.py, which trains the same workloads with PyTorch from
// the same weights in the same minibatch order.
//
// What it does not do: choose threads (the engine is single-threaded), retry,
// or average: medians over processes are scripts/bench.sh's job.
//
// Timed region: Trainer::train_epoch() over the 10,000 training images, as
// engine/train/bench_epoch.h says (PyTorch's side also shuffles before its
// timed loop and evaluates after it).
//
// Use:
//   train-bench --workload W1 --epochs 5 --data .cache/mnist
//   node --no-experimental-fetch build/web/bin/train-bench.js --workload W2 --epochs 3 --data .cache/mnist
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "engine/cli/workloads.h"   // the workloads, shared with nnplay-cli bench
#include "engine/data/idx.h"
#include "engine/kernels/kernels.h"
#include "engine/nn/config.h"
#include "engine/train/bench_epoch.h"
#include "engine/train/trainer.h"

namespace {

constexpr int kTrainCount = nnplay::kBenchTrainImages;  // BENCH.md: the first 10,000 training images
constexpr int kTestCount = nnplay::kBenchTestImages;    // and the first 2,000 test images

#ifdef __EMSCRIPTEN__
constexpr const char* kTarget = "wasm";
#else
constexpr const char* kTarget = "native";
#endif

int usage(const char* why) {
    std::fprintf(stderr,
                 "train-bench: %s\n"
                 "usage: train-bench --workload W1|W2|W3 --epochs N --data DIR\n"
                 "  DIR holds MNIST's train-images-idx3-ubyte, train-labels-idx1-ubyte,\n"
                 "  t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte.\n",
                 why);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string workload, data;
    int epochs = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h") {
            usage("trains a shared/BENCH.md workload and prints one JSON line per epoch");
            return 0;
        }
        if (i + 1 >= argc) return usage(("missing value after " + a).c_str());
        const std::string v = argv[++i];
        if (a == "--workload") {
            workload = v;
        } else if (a == "--epochs") {
            char* end = nullptr;
            const long n = std::strtol(v.c_str(), &end, 10);
            if (end == v.c_str() || *end != '\0' || n < 1 || n > 1000)
                return usage(("--epochs takes a whole number from 1 to 1000, not \"" + v + "\"").c_str());
            epochs = static_cast<int>(n);
        } else if (a == "--data") {
            data = v;
        } else {
            return usage(("unknown option " + a).c_str());
        }
    }
    const nnplay::Workload* w = nnplay::find_workload(workload);
    if (workload.empty()) return usage("--workload is required");
    if (!w) return usage(("unknown workload \"" + workload + "\"").c_str());
    workload = w->id;   // "lecture" -> "W1"
    if (data.empty()) return usage("--data is required");

    auto train = std::make_shared<nnplay::Dataset>();
    auto test = std::make_shared<nnplay::Dataset>();
    std::string err = nnplay::load_mnist_dir(data, *train, *test, kTrainCount, kTestCount);
    if (!err.empty()) {
        std::fprintf(stderr, "train-bench: cannot read MNIST from %s: %s\n", data.c_str(), err.c_str());
        return 1;
    }
    if (train->count != kTrainCount || test->count != kTestCount) {
        std::fprintf(stderr, "train-bench: %s holds %d training and %d test images, the benchmark needs %d and %d\n",
                     data.c_str(), train->count, test->count, kTrainCount, kTestCount);
        return 1;
    }

    nnplay::Trainer trainer;
    err = trainer.set_net_config(w->net);
    if (err.empty()) err = trainer.set_train_config(w->train);
    if (!err.empty()) {
        std::fprintf(stderr, "train-bench: the engine refused workload %s: %s\n", workload.c_str(), err.c_str());
        return 1;
    }
    trainer.set_data(train, test);

    const char* isa = nnplay::kernels::name_of(nnplay::kernels::active_isa());
    for (int e = 1; e <= epochs; ++e) {
        nnplay::BenchEpoch r;
        err = nnplay::run_bench_epoch(trainer, e, r);
        if (err.empty() && r.samples != kTrainCount)
            err = "epoch " + std::to_string(e) + " trained " + std::to_string(r.samples) + " of " +
                  std::to_string(kTrainCount) + " samples";
        if (!err.empty()) {
            std::fprintf(stderr, "train-bench: %s\n", err.c_str());
            return 1;
        }
        nlohmann::json line = {{"workload", workload}, {"target", kTarget}, {"isa", isa}};
        line.update(nnplay::bench_epoch_json(r));
        std::printf("%s\n", line.dump().c_str());
        std::fflush(stdout);
    }
    return 0;
}
