// commands.cpp: nnplay-cli's train, eval and bench (see commands.h).
#include "engine/cli/commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/cli/workloads.h"
#include "engine/data/idx.h"
#include "engine/io/model_file.h"
#include "engine/kernels/kernels.h"
#include "engine/train/bench_epoch.h"
#include "engine/train/trainer.h"
#include "engine/util/number_text.h"

namespace nnplay::cli {
namespace {

// ---- small helpers -----------------------------------------------------------------

// 1234567 -> "1,234,567": the engine's thousands separators (engine/util/number_text.h).
constexpr auto& grouped = thousands;

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

int fail(int code, const std::string& msg) {
    std::fprintf(stderr, "nnplay-cli: error: %s\n", msg.c_str());
    return code;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Ctrl-C stops training after the current slice, so the model can still be
// saved; a second Ctrl-C ends the process at once.
volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_sigint(int) {
    if (g_interrupted) std::_Exit(kExitInterrupted);
    g_interrupted = 1;
}

// ---- data ---------------------------------------------------------------------------

std::string missing_dir_hint(const std::string& dir, bool from_option) {
    struct stat st;
    if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return "";
    const char* env = std::getenv("NNPLAY_DATA");
    const std::string source = from_option     ? " (from --data)"
                               : (env && *env) ? " (from NNPLAY_DATA)"
                                               : " (the default)";
    return "MNIST folder " + dir + source +
           " not found; give one with --data DIR or the environment variable NNPLAY_DATA "
           "(scripts/bootstrap.sh fetches MNIST into .cache/mnist)";
}

// Loads the first max_train / max_test images (0: all); the training images only when asked.
std::string load_data(const std::string& option, int max_train, int max_test, bool want_train,
                      DatasetPtr& train, DatasetPtr& test) {
    const std::string dir = option.empty() ? default_mnist_dir() : option;
    if (std::string hint = missing_dir_hint(dir, !option.empty()); !hint.empty()) return hint;
    auto tr = std::make_shared<Dataset>();
    auto te = std::make_shared<Dataset>();
    const std::string err = want_train ? load_mnist_dir(dir, *tr, *te, max_train, max_test)
                                       : load_mnist_test_dir(dir, *te, max_test);
    if (!err.empty()) return err;
    if (want_train) train = tr;
    test = te;
    return "";
}

// ---- progress -----------------------------------------------------------------------

// A one-line progress bar redrawn in place on a terminal; nothing on a pipe or
// file (the per-epoch lines carry the same information there).
class Progress {
public:
    Progress() : tty_(::isatty(::fileno(stdout)) != 0) {}
    bool tty() const { return tty_; }

    void draw(int epoch, int epochs, double fraction, float cost, double samples_per_s) {
        if (!tty_) return;
        constexpr int kWidth = 30;
        const int filled = std::clamp(static_cast<int>(fraction * kWidth + 0.5), 0, kWidth);
        std::string bar(filled, '#');
        bar += std::string(kWidth - filled, '-');
        std::printf("\r\033[Kepoch %d/%d [%s] %3d%%  cost %s  %s samples/s", epoch, epochs,
                    bar.c_str(), static_cast<int>(fraction * 100 + 0.5),
                    std::isfinite(cost) ? fmt("%.4f", cost).c_str() : "-",
                    grouped(static_cast<long long>(samples_per_s)).c_str());
        std::fflush(stdout);
    }
    void clear() {
        if (!tty_) return;
        std::printf("\r\033[K");
        std::fflush(stdout);
    }

private:
    bool tty_;
};

std::string describe(const NetConfig& net) {
    std::string acts;
    for (std::size_t i = 0; i < net.activations.size(); ++i)
        acts += (i ? "," : "") + std::string(name_of(net.activations[i]));
    return net.architecture() + " (" + (acts.empty() ? "no hidden layer" : acts) + "; " +
           name_of(net.output) + "), " + grouped(net.parameter_count()) + " parameters";
}

// "sgd lr 3, batch 10": the optimizer, then each of its parameters (from the
// table: the rows that apply to it), decay when on, the batch.
std::string describe(const TrainConfig& t) {
    Settings s;
    s.train = t;
    std::string out = std::string(name_of(t.optimizer)) + " lr " + shortest(t.learning_rate);
    for (const Setting& row : settings_table())
        if (row.optimizers != 0 && row.applies_to(t.optimizer))
            out += std::string(" ") + row.key + " " + setting_to_text(row, row.get(s));
    if (t.weight_decay > 0) out += " weight decay " + shortest(t.weight_decay);
    return out + ", batch " + std::to_string(t.batch_size);
}

void print_eval(const EvalResult& e) {
    std::printf("test cost %.6f, accuracy %.2f%% (%s of %s test images)\n", e.cost,
                100.0 * e.accuracy,
                grouped(static_cast<long long>(e.accuracy * e.samples + 0.5)).c_str(),
                grouped(e.samples).c_str());
    std::printf("\nconfusion matrix (rows: true digit, columns: predicted digit)\n      ");
    for (int p = 0; p < 10; ++p) std::printf("%6d", p);
    std::printf("  accuracy\n");
    for (int t = 0; t < 10; ++t) {
        std::printf("  %d | ", t);
        for (int p = 0; p < 10; ++p) std::printf("%6d", e.confusion[t][p]);
        std::printf("  %6.2f%%\n", 100.0 * e.class_accuracy[t]);
    }
}

// ---- building the configuration from the options --------------------------------

// The settings given on the command line, read through the table of settings
// (apply_flags: the same messages as the page's), on top of cli_defaults().
std::string build_settings(const TrainOptions& o, Settings& out) {
    out = cli_defaults();
    if (std::string err = apply_flags(out, o.settings); !err.empty()) return err;
    if (o.train_images < 0 || o.test_images < 0)
        return "--train and --test take a number of images (0 = all)";
    return "";
}

}  // namespace

Settings cli_defaults() {
    Settings s;
    s.epochs = 1;
    return s;
}

// ---- train ------------------------------------------------------------------------------

int run_train(const TrainOptions& o) {
    Settings settings;
    if (std::string err = build_settings(o, settings); !err.empty()) return fail(kExitUsage, err);
    const NetConfig& net = settings.net;
    const TrainConfig& train = settings.train;
    // --epochs 0 (no limit) trains until Ctrl-C, which still saves.
    const int epochs = settings.epochs > 0 ? settings.epochs : std::numeric_limits<int>::max();

    DatasetPtr train_set, test_set;
    if (std::string err =
            load_data(o.data_dir, o.train_images, o.test_images, true, train_set, test_set);
        !err.empty())
        return fail(kExitFailure, err);

    Trainer t;
    t.set_data(train_set, test_set);
    if (std::string err = t.set_net_config(net); !err.empty()) return fail(kExitUsage, err);
    if (std::string err = t.set_train_config(train); !err.empty()) return fail(kExitUsage, err);

    if (settings.epochs == 0)
        std::printf("training %s\n  %s, on %s training images, testing on %s, until Ctrl-C\n",
                    describe(net).c_str(), describe(train).c_str(), grouped(train_set->count).c_str(),
                    grouped(test_set->count).c_str());
    else
    std::printf("training %s\n  %s, on %s training images, testing on %s, %d epoch%s\n",
                describe(net).c_str(), describe(train).c_str(), grouped(train_set->count).c_str(),
                grouped(test_set->count).c_str(), settings.epochs, settings.epochs == 1 ? "" : "s");
    std::fflush(stdout);

    g_interrupted = 0;
    auto old_handler = std::signal(SIGINT, on_sigint);
    Progress progress;
    int code = kExitOk;
    for (int e = 1; e <= epochs && code == kExitOk; ++e) {
        const int done_before = t.stats().epoch;
        const long long seen0 = t.stats().samples_seen;
        const auto t0 = std::chrono::steady_clock::now();
        while (t.stats().epoch == done_before) {
            const TrainStats& s = t.stats();
            const long long left = std::max<long long>(s.train_size - s.samples_in_epoch, 1);
            const int steps_left =
                static_cast<int>((left + train.batch_size - 1) / train.batch_size);
            if (t.train_for(0.1, steps_left) == 0) {
                progress.clear();
                std::fprintf(stderr, "nnplay-cli: training stopped: %s\n",
                             t.stats().message.empty() ? "no step could be applied"
                                                       : t.stats().message.c_str());
                code = kExitFailure;
                break;
            }
            const double frac =
                static_cast<double>(t.stats().samples_in_epoch) / std::max(t.stats().train_size, 1);
            progress.draw(e, epochs, t.stats().epoch != done_before ? 1.0 : frac,
                          t.stats().running_cost, t.stats().samples_per_s);
            if (g_interrupted) {
                progress.clear();
                std::fprintf(stderr, "nnplay-cli: interrupted during epoch %d\n", e);
                code = kExitInterrupted;
                break;
            }
        }
        if (code != kExitOk) break;
        const double secs = seconds_since(t0);
        const long long samples = t.stats().samples_seen - seen0;
        const EvalResult& r = t.evaluate();
        progress.clear();
        std::printf(
            "epoch %d/%d  train cost %.4f  test cost %.4f  accuracy %.2f%%  "
            "(%s samples in %.2f s, %s samples/s)\n",
            e, epochs, t.stats().epoch_cost, r.cost, 100.0 * r.accuracy, grouped(samples).c_str(),
            secs, grouped(static_cast<long long>(samples / std::max(secs, 1e-9))).c_str());
        std::fflush(stdout);
    }
    std::signal(SIGINT, old_handler);

    if (!o.save_path.empty()) {
        if (std::string err = save_model(o.save_path, t.model(), t.train_config(), t.stats().step);
            !err.empty())
            return fail(kExitFailure, err);
        std::printf("saved %s (step %s)\n", o.save_path.c_str(), grouped(t.stats().step).c_str());
    }
    return code;
}

// ---- eval -------------------------------------------------------------------------------

int run_eval(const EvalOptions& o) {
    if (o.model_path.empty()) return fail(kExitUsage, "eval needs --model FILE");
    if (o.test_images < 0) return fail(kExitUsage, "--test takes a number of images (0 = all)");
    LoadedModel m;
    if (std::string err = load_model(o.model_path, m); !err.empty()) return fail(kExitFailure, err);
    if (!m.warning.empty()) std::fprintf(stderr, "nnplay-cli: warning: %s\n", m.warning.c_str());

    DatasetPtr none, test_set;
    if (std::string err = load_data(o.data_dir, 0, o.test_images, false, none, test_set);
        !err.empty())
        return fail(kExitFailure, err);

    Trainer t;
    const NetConfig net = m.net.config();
    if (std::string err = t.adopt(std::move(m.net), m.train, m.step); !err.empty())
        return fail(kExitFailure, o.model_path + ": " + err);
    t.set_data(nullptr, test_set);
    std::printf("model %s: %s, trained %s steps (%s)\n", o.model_path.c_str(),
                describe(net).c_str(), grouped(m.step).c_str(), describe(m.train).c_str());
    print_eval(t.evaluate());
    return kExitOk;
}

// ---- bench ------------------------------------------------------------------------------

int run_bench(const BenchOptions& o) {
    if (o.epochs < 1) return fail(kExitUsage, "--epochs must be at least 1");
    std::vector<const Workload*> chosen;
    for (const std::string& id : o.workloads) {
        std::string key = id;
        for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const Workload* w = find_workload(key);
        if (!w) w = find_workload(id);  // by title: "lecture", "wide", "big"
        if (!w)
            return fail(kExitUsage,
                        "unknown workload \"" + id + "\"; use W1 (lecture), W2 (wide) or W3 (big)");
        chosen.push_back(w);
    }

    if (!o.isa.empty()) {
        std::string names;
        bool found = false;
        for (kernels::Isa i : kernels::available_isas()) {
            names += (names.empty() ? "" : ", ") + std::string(kernels::name_of(i));
            if (o.isa == kernels::name_of(i)) found = kernels::try_set_isa(i);
        }
        if (!found)
            return fail(kExitUsage, "--isa: \"" + o.isa + "\" is not available here; use " + names);
    }

    DatasetPtr train_set, test_set;
    if (std::string err =
            load_data(o.data_dir, kBenchTrainImages, kBenchTestImages, true, train_set, test_set);
        !err.empty())
        return fail(kExitFailure, err);

    const char* isa = kernels::name_of(kernels::active_isa());
    if (!o.json)
        std::printf("nnplay engine, kernels %s, one thread; %s training / %s test images\n", isa,
                    grouped(train_set->count).c_str(), grouped(test_set->count).c_str());
    for (const Workload* w : chosen) {
        Trainer t;
        t.set_data(train_set, test_set);
        if (std::string err = t.set_net_config(w->net); !err.empty())
            return fail(kExitFailure, err);
        if (std::string err = t.set_train_config(w->train); !err.empty())
            return fail(kExitFailure, err);
        if (!o.json)
            std::printf("%s '%s': %s\n  %s\n", w->id.c_str(), w->title.c_str(),
                        describe(w->net).c_str(), describe(w->train).c_str());
        nlohmann::json epochs = nlohmann::json::array();
        std::vector<double> rates;
        for (int e = 1; e <= o.epochs; ++e) {
            BenchEpoch r;  // timed as shared/BENCH.md says (engine/train/bench_epoch.h)
            if (std::string err = run_bench_epoch(t, e, r); !err.empty())
                return fail(kExitFailure, w->id + ": " + err);
            rates.push_back(r.samples_per_s);
            if (!o.json)
                std::printf("  epoch %d: %10s samples/s  (%.3f s)  test accuracy %.4f  cost %.4f\n",
                            e, grouped(static_cast<long long>(r.samples_per_s)).c_str(), r.seconds,
                            r.test_acc, r.test_cost);
            epochs.push_back(bench_epoch_json(r));
            std::fflush(stdout);
        }
        std::vector<double> later(rates.begin() + 1, rates.end());
        double median = 0;
        if (!later.empty()) {
            std::sort(later.begin(), later.end());
            const std::size_t k = later.size();
            median = k % 2 ? later[k / 2] : 0.5 * (later[k / 2 - 1] + later[k / 2]);
        }
        if (o.json) {
            nlohmann::json j = {{"workload", w->id},
                                {"title", w->title},
                                {"architecture", w->net.architecture()},
                                {"isa", isa},
                                {"train_images", train_set->count},
                                {"test_images", test_set->count},
                                {"first_epoch_samples_per_s", rates.front()},
                                {"median_later_samples_per_s",
                                 later.empty() ? nlohmann::json(nullptr) : nlohmann::json(median)},
                                {"epochs", epochs}};
            std::printf("%s\n", j.dump().c_str());
        } else {
            std::printf("  first epoch %s samples/s",
                        grouped(static_cast<long long>(rates[0])).c_str());
            if (!later.empty())
                std::printf(", median of later epochs %s samples/s",
                            grouped(static_cast<long long>(median)).c_str());
            std::printf("\n");
        }
        std::fflush(stdout);
    }
    return kExitOk;
}

}  // namespace nnplay::cli
