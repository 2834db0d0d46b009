// configure.cpp: the page API's configure(): a partial set of settings as JSON,
// checked completely before anything changes (see App::configure in app.h).
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

#include "web/app/app_core.h"
#include "web/app/text.h"

namespace nnplay {
namespace {

using nlohmann::json;

constexpr const char* kKnown =
    "hidden, activations, architecture, output, init, seed, optimizer, lr, batch, momentum, beta1, beta2, "
    "epsilon, weight_decay, shuffle_seed, train_subset, speed, view, log_y";

std::string shown(const json& v) {
    std::string s = v.dump();
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

// A whole number in [lo, hi] (JSON 32 and 32.0 both count), or a message.
std::string get_int(const json& v, const char* key, double lo, double hi, long long& out) {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || std::floor(v.get<double>()) != v.get<double>())
        return std::string(key) + " must be a whole number (got " + shown(v) + ")";
    const double d = v.get<double>();
    if (d < lo || d > hi)
        return std::string(key) + " must be " + text::thousands((long long)lo) + " to " +
               text::thousands((long long)hi) + " (got " + shown(v) + ")";
    out = (long long)d;
    return "";
}

std::string get_num(const json& v, const char* key, double& out) {
    if (!v.is_number() || !std::isfinite(v.get<double>()))
        return std::string(key) + " must be a number (got " + shown(v) + ")";
    out = v.get<double>();
    return "";
}

template <class E>
std::string get_enum(const json& v, const char* key, std::optional<E> (*parse)(std::string_view), E& out,
                     const char* choices) {
    std::optional<E> e;
    if (v.is_string()) e = parse(v.get<std::string>());
    if (!e) return std::string(key) + " must be one of " + choices + " (got " + shown(v) + ")";
    out = *e;
    return "";
}

}  // namespace

std::string AppCore::configure(const json& changes) {
    if (!changes.is_object())
        return "configure() takes an object of settings, e.g. {\"lr\": 0.5} (got " + shown(changes) + ")";
    NetConfig net = trainer.net_config();
    TrainConfig tc = trainer.train_config();
    double new_speed = speed;
    std::optional<ViewTab> view;
    std::optional<bool> log_y;
    bool hidden_given = false, acts_given = false;
    std::string err;
    long long i = 0;
    double d = 0;

    for (auto it = changes.begin(); it != changes.end() && err.empty(); ++it) {
        const std::string& key = it.key();
        const json& v = it.value();
        if (key == "hidden") {
            if (!v.is_array()) { err = "hidden must be an array of layer widths, e.g. [16, 16] (got " + shown(v) + ")"; break; }
            if (v.size() > size_t(kMaxHiddenLayers)) {
                err = "at most " + std::to_string(kMaxHiddenLayers) + " hidden layers (got " + std::to_string(v.size()) + ")";
                break;
            }
            net.hidden.clear();
            for (const json& w : v) {
                if (!(err = get_int(w, "each hidden layer's width", 1, kMaxWidth, i)).empty()) break;
                net.hidden.push_back(int(i));
            }
            hidden_given = true;
        } else if (key == "architecture") {
            if (!v.is_string()) { err = "architecture must be text such as \"784-32-10\" (got " + shown(v) + ")"; break; }
            err = net.set_architecture(v.get<std::string>());
            hidden_given = true;
        } else if (key == "activations") {
            std::vector<Activation> acts;
            if (v.is_string() || v.is_array()) {
                const json list = v.is_string() ? json::array({v}) : v;
                for (const json& a : list) {
                    Activation x{};
                    if (!(err = get_enum<Activation>(a, "each activation", parse_activation, x,
                                                     "sigmoid, tanh, relu, leaky_relu, identity")).empty())
                        break;
                    acts.push_back(x);
                }
            } else {
                err = "activations must be an array of names such as [\"relu\", \"relu\"] (got " + shown(v) + ")";
            }
            if (!err.empty()) break;
            if (v.is_string()) {
                net.activations.assign(net.hidden.size(), acts.front());  // one name for every layer
            } else {
                net.activations = acts;
                acts_given = true;
            }
        } else if (key == "output") {
            err = get_enum<OutputLoss>(v, "output", parse_output_loss, net.output, "sigmoid_mse, softmax_ce");
        } else if (key == "init") {
            err = get_enum<InitScheme>(v, "init", parse_init, net.init, "glorot, he, normal");
        } else if (key == "seed") {
            if ((err = get_int(v, "seed", 0, 4294967295.0, i)).empty()) net.seed = uint32_t(i);
        } else if (key == "optimizer") {
            err = get_enum<OptimizerKind>(v, "optimizer", parse_optimizer, tc.optimizer, "sgd, momentum, nesterov, rmsprop, adam");
        } else if (key == "lr") {
            if ((err = get_num(v, "lr", d)).empty()) {
                if (!(d > 0 && d <= 1e6)) err = "lr must be above 0 and at most 1,000,000 (got " + shown(v) + ")";
                else tc.learning_rate = float(d);
            }
        } else if (key == "batch") {
            if ((err = get_int(v, "batch", 1, 1e9, i)).empty()) tc.batch_size = int(i);
        } else if (key == "momentum" || key == "beta1" || key == "beta2") {
            if ((err = get_num(v, key.c_str(), d)).empty()) {
                if (!(d >= 0 && d < 1)) err = key + " must be at least 0 and below 1 (got " + shown(v) + ")";
                else (key == "momentum" ? tc.momentum : key == "beta1" ? tc.beta1 : tc.beta2) = float(d);
            }
        } else if (key == "epsilon") {
            if ((err = get_num(v, "epsilon", d)).empty()) {
                if (!(d > 0 && d <= 1)) err = "epsilon must be above 0 and at most 1 (got " + shown(v) + ")";
                else tc.epsilon = float(d);
            }
        } else if (key == "weight_decay") {
            if ((err = get_num(v, "weight_decay", d)).empty()) {
                if (!(d >= 0 && d <= 1)) err = "weight_decay must be 0 to 1 (got " + shown(v) + ")";
                else tc.weight_decay = float(d);
            }
        } else if (key == "shuffle_seed") {
            if ((err = get_int(v, "shuffle_seed", 0, 4294967295.0, i)).empty()) tc.shuffle_seed = uint32_t(i);
        } else if (key == "train_subset") {
            const int loaded = subset_max();
            if ((err = get_int(v, "train_subset", 0, loaded > 0 ? loaded : 1e9, i)).empty()) {
                if (i != 0 && i < 100 && !(loaded > 0 && i == loaded))
                    err = "train_subset must be 0 (all " + text::thousands(loaded) + " images) or 100 to " +
                          text::thousands(loaded) + " (got " + shown(v) + ")";
                else tc.train_subset = int(i == loaded ? 0 : i);
            }
        } else if (key == "speed") {
            if ((err = get_num(v, "speed", d)).empty()) {
                if (!(d == 0 || (d >= 1 && d <= 1e6)))
                    err = "speed is in steps per second: 0 (as fast as possible) or 1 to 1,000,000 (got " + shown(v) + ")";
                else new_speed = d;
            }
        } else if (key == "view") {
            for (int t = 0; t < kViewTabCount; ++t)
                if (v.is_string() && v.get<std::string>() == name_of(ViewTab(t))) view = ViewTab(t);
            if (!view) err = "view must be one of diagram, sample, confusion, weights (got " + shown(v) + ")";
        } else if (key == "log_y") {
            if (!v.is_boolean()) err = "log_y must be true or false (got " + shown(v) + ")";
            else log_y = v.get<bool>();
        } else {
            err = "unknown setting \"" + key + "\" (known: " + kKnown + ")";
        }
    }
    if (err.empty() && hidden_given && !acts_given && net.activations.size() != net.hidden.size()) {
        // New widths without activations: keep each layer's, extend with the last one.
        const Activation fill = net.activations.empty() ? Activation::Sigmoid : net.activations.back();
        net.activations.resize(net.hidden.size(), fill);
    }
    if (err.empty() && net.activations.size() != net.hidden.size())
        err = "give one activation per hidden layer: " + std::to_string(net.hidden.size()) + " layers, " +
              std::to_string(net.activations.size()) + " activations";
    if (err.empty()) err = net.validate();
    if (err.empty()) err = tc.validate(subset_max());
    if (err.empty()) err = check_training_memory(net, tc.batch_size);
    if (!err.empty()) return err;

    // Everything checked: apply, training settings first (they keep the model).
    const TrainConfig old_tc = trainer.train_config();
    const auto old_markers = history.markers;
    if (!(err = apply_train(tc)).empty()) return err;
    if (net != trainer.net_config() && !(err = apply_net(net)).empty()) {
        trainer.set_train_config(old_tc);
        history.markers = old_markers;
        return err;
    }
    if (new_speed != speed) set_speed(new_speed);
    if (view) {
        ui.tab = *view;
        ui.select_tab = true;
    }
    if (log_y) ui.log_y = *log_y;
    return "";
}

}  // namespace nnplay
