// bench_epoch.h: one epoch of shared/BENCH.md's training benchmark, timed as
// the protocol says, and the JSON record both benchmark runners print for it
// (bench/train_bench.cpp for `make bench`, and `nnplay-cli bench --json`), with
// the same keys as bench/reference_torch.py's lines.
//
// What it does not do: choose a workload, load data, repeat or take medians
// (the runners and scripts/bench.sh do).
//
// Timed region: Trainer::train_epoch(), i.e. batch gathering, forward,
// backward and update. The epoch's order is drawn before it
// (Trainer::prepare_order) and the test set is evaluated after it.
//
// Use:
//   Trainer t(...); t.set_data(train, test);
//   for (int e = 1; e <= epochs; ++e) {
//       BenchEpoch r;
//       if (std::string err = run_bench_epoch(t, e, r); !err.empty()) fail(err);
//       std::puts(bench_epoch_json(r).dump().c_str());   // add "workload", "target", "isa"
//   }
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "engine/train/trainer.h"

namespace nnplay {

struct BenchEpoch {
    int epoch = 0;             // 1 for the first epoch of the run
    long long samples = 0;     // trained in the timed region
    double seconds = 0;        // the timed region
    double samples_per_s = 0;
    int test_correct = 0;      // after the epoch, on the trainer's test set
    double test_acc = 0;       // test_correct / test images
    double test_cost = 0;      // mean test loss
    double epoch_cost = 0;     // mean training cost over the epoch
};

// Trains the trainer's next epoch and evaluates it. Returns "" or why the
// epoch did not train (a divergence, no data).
std::string run_bench_epoch(Trainer& trainer, int epoch, BenchEpoch& out);

// {"epoch", "samples", "seconds", "samples_per_s", "test_acc", "test_correct",
//  "test_cost", "epoch_cost"}
nlohmann::json bench_epoch_json(const BenchEpoch& e);

}  // namespace nnplay
