// bench_epoch.cpp: see bench_epoch.h.
#include "engine/train/bench_epoch.h"

#include <chrono>

namespace nnplay {

std::string run_bench_epoch(Trainer& t, int epoch, BenchEpoch& out) {
    const long long seen0 = t.stats().samples_seen;
    t.prepare_order();  // shuffling stays outside the timed region
    const auto t0 = std::chrono::steady_clock::now();
    t.train_epoch();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long long samples = t.stats().samples_seen - seen0;
    if (samples == 0 || t.stats().diverged)
        return "epoch " + std::to_string(epoch) + " stopped after " + std::to_string(samples) +
               " samples: " + (t.stats().message.empty() ? "no training data" : t.stats().message);
    const EvalResult& ev = t.evaluate();  // outside the timed region
    BenchEpoch r;
    r.epoch = epoch;
    r.samples = samples;
    r.seconds = seconds;
    r.samples_per_s = samples / (seconds > 0 ? seconds : 1e-9);
    r.test_correct = static_cast<int>(ev.accuracy * ev.samples + 0.5f);
    r.test_acc = ev.samples > 0 ? static_cast<double>(r.test_correct) / ev.samples : 0.0;
    r.test_cost = ev.cost;
    r.epoch_cost = t.stats().epoch_cost;
    out = r;
    return "";
}

nlohmann::json bench_epoch_json(const BenchEpoch& e) {
    return {{"epoch", e.epoch},           {"samples", e.samples},         {"seconds", e.seconds},
            {"samples_per_s", e.samples_per_s}, {"test_acc", e.test_acc}, {"test_correct", e.test_correct},
            {"test_cost", e.test_cost},   {"epoch_cost", e.epoch_cost}};
}

}  // namespace nnplay
