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
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/train/workloads.h"
#include "engine/data/idx.h"
#include "engine/io/model_file.h"
#include "engine/kernels/kernels.h"
#include "engine/train/trainer.h"

namespace nnplay::cli {
namespace {

// ---- small helpers -----------------------------------------------------------------

// 1234567 -> "1,234,567"
std::string grouped(long long v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    const int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        out += digits[i];
        const int left = n - 1 - i;
        if (left > 0 && left % 3 == 0) out += ',';
    }
    return v < 0 ? "-" + out : out;
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

int fail(int code, const std::string& msg) {
    std::fprintf(stderr, "nnplay-cli: error: %s\n", msg.c_str());
    return code;
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t k = s.find(',', start);
        parts.push_back(s.substr(start, k == std::string::npos ? std::string::npos : k - start));
        if (k == std::string::npos) break;
        start = k + 1;
    }
    return parts;
}

// "sigmoid, tanh, relu, leaky_relu or identity"
template <class E, int N>
std::string choices() {
    std::string s;
    for (int i = 0; i < N; ++i) {
        if (i) s += (i == N - 1) ? " or " : ", ";
        s += name_of(static_cast<E>(i));
    }
    return s;
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

std::string data_dir_or_default(const std::string& dir) {
    return dir.empty() ? default_data_dir() : dir;
}

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

// Loads the first max_train / max_test images (0: all). Either may be skipped.
std::string load_data(const std::string& option, int max_train, int max_test, bool want_train,
                      DatasetPtr& train, DatasetPtr& test) {
    const std::string dir = data_dir_or_default(option);
    if (std::string hint = missing_dir_hint(dir, !option.empty()); !hint.empty()) return hint;
    const std::string base = dir.back() == '/' ? dir : dir + "/";
    auto te = std::make_shared<Dataset>();
    std::string err = load_idx_pair(base + "t10k-images-idx3-ubyte",
                                    base + "t10k-labels-idx1-ubyte", *te, max_test);
    if (!err.empty()) return err;
    if (want_train) {
        auto tr = std::make_shared<Dataset>();
        err = load_idx_pair(base + "train-images-idx3-ubyte", base + "train-labels-idx1-ubyte", *tr,
                            max_train);
        if (!err.empty()) return err;
        train = tr;
    }
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

std::string describe(const TrainConfig& t) {
    std::string s = std::string(name_of(t.optimizer)) + " lr " + fmt("%g", t.learning_rate);
    if (t.optimizer == OptimizerKind::Momentum) s += " momentum " + fmt("%g", t.momentum);
    if (t.optimizer == OptimizerKind::Adam)
        s += " betas " + fmt("%g", t.beta1) + "," + fmt("%g", t.beta2) + " eps " +
             fmt("%g", t.epsilon);
    if (t.weight_decay > 0) s += " weight decay " + fmt("%g", t.weight_decay);
    return s + ", batch " + std::to_string(t.batch_size);
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

std::string build_configs(const TrainOptions& o, NetConfig& net, TrainConfig& train) {
    net = NetConfig{};
    if (std::string err = net.set_architecture(o.architecture); !err.empty())
        return "--arch: " + err;
    std::vector<std::string> names = split_commas(o.activations);
    const std::size_t hidden = net.hidden.size();
    if (names.size() == 1) names.assign(hidden, names[0]);
    if (names.size() != hidden)
        return "--act: " + std::to_string(names.size()) + " activations for " +
               std::to_string(hidden) + " hidden layers; give one name for all of them or " +
               "one per hidden layer, comma-separated";
    net.activations.clear();
    for (const std::string& n : names) {
        auto a = parse_activation(n);
        if (!a)
            return "--act: unknown activation \"" + n + "\"; use " +
                   choices<Activation, kActivationCount>();
        net.activations.push_back(*a);
    }
    auto loss = parse_output_loss(o.loss);
    if (!loss)
        return "--loss: unknown \"" + o.loss + "\"; use " + choices<OutputLoss, kOutputLossCount>();
    net.output = *loss;
    auto init = parse_init(o.init);
    if (!init)
        return "--init: unknown \"" + o.init + "\"; use " + choices<InitScheme, kInitCount>();
    net.init = *init;
    net.seed = o.seed;
    if (std::string err = net.validate(); !err.empty()) return err;

    train = TrainConfig{};
    auto opt = parse_optimizer(o.optimizer);
    if (!opt)
        return "--optimizer: unknown \"" + o.optimizer + "\"; use " +
               choices<OptimizerKind, kOptimizerCount>();
    train.optimizer = *opt;
    train.learning_rate = o.lr;
    train.batch_size = o.batch;
    train.momentum = o.momentum;
    train.beta1 = o.beta1;
    train.beta2 = o.beta2;
    train.epsilon = o.eps;
    train.weight_decay = o.weight_decay;
    train.shuffle_seed = o.shuffle_seed;
    train.train_subset = 0;  // the subset is what is loaded (--train)
    if (std::string err = train.validate(0); !err.empty()) return err;
    if (o.epochs < 1) return "--epochs must be at least 1";
    if (o.train_images < 0 || o.test_images < 0)
        return "--train and --test take a number of images (0 = all)";
    return "";
}

}  // namespace

std::string default_data_dir() {
    const char* env = std::getenv("NNPLAY_DATA");
    return env && *env ? std::string(env) : std::string("./.cache/mnist");
}

// ---- train ------------------------------------------------------------------------------

int run_train(const TrainOptions& o) {
    NetConfig net;
    TrainConfig train;
    if (std::string err = build_configs(o, net, train); !err.empty()) return fail(kExitUsage, err);

    DatasetPtr train_set, test_set;
    if (std::string err =
            load_data(o.data_dir, o.train_images, o.test_images, true, train_set, test_set);
        !err.empty())
        return fail(kExitFailure, err);

    Trainer t;
    t.set_data(train_set, test_set);
    if (std::string err = t.set_net_config(net); !err.empty()) return fail(kExitUsage, err);
    if (std::string err = t.set_train_config(train); !err.empty()) return fail(kExitUsage, err);

    std::printf("training %s\n  %s, on %s training images, testing on %s, %d epoch%s\n",
                describe(net).c_str(), describe(train).c_str(), grouped(train_set->count).c_str(),
                grouped(test_set->count).c_str(), o.epochs, o.epochs == 1 ? "" : "s");
    std::fflush(stdout);

    g_interrupted = 0;
    auto old_handler = std::signal(SIGINT, on_sigint);
    Progress progress;
    int code = kExitOk;
    for (int e = 1; e <= o.epochs && code == kExitOk; ++e) {
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
            progress.draw(e, o.epochs, t.stats().epoch != done_before ? 1.0 : frac,
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
            e, o.epochs, t.stats().epoch_cost, r.cost, 100.0 * r.accuracy, grouped(samples).c_str(),
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
            const long long seen0 = t.stats().samples_seen;
            // Timed: one epoch of batch gathering, forward, backward and update
            // (the trainer shuffles the 10,000 indices at the epoch's start too).
            const auto t0 = std::chrono::steady_clock::now();
            t.train_epoch();
            const double secs = seconds_since(t0);
            const long long samples = t.stats().samples_seen - seen0;
            if (samples == 0)
                return fail(kExitFailure, w->id + ": training stopped: " + t.stats().message);
            const double rate = samples / std::max(secs, 1e-9);
            rates.push_back(rate);
            const EvalResult& r = t.evaluate();  // not timed
            if (!o.json)
                std::printf("  epoch %d: %10s samples/s  (%.3f s)  test accuracy %.4f  cost %.4f\n",
                            e, grouped(static_cast<long long>(rate)).c_str(), secs, r.accuracy,
                            r.cost);
            epochs.push_back({{"epoch", e},
                              {"seconds", secs},
                              {"samples", samples},
                              {"samples_per_s", rate},
                              {"test_accuracy", r.accuracy},
                              {"test_cost", r.cost},
                              {"train_cost", t.stats().epoch_cost}});
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
                                {"kernels", isa},
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
