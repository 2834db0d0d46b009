// settings.cpp: the table of settings (see settings.h), its checks and
// messages, its text form, and the slider scales.
#include "engine/settings/settings.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iomanip>
#include <locale>
#include <sstream>

#include "engine/settings/presets.h"
#include "engine/util/number_text.h"
#include "engine/util/text_limits.h"

namespace nnplay {

using json = nlohmann::json;

namespace {

// ---- numbers as the messages write them ------------------------------------------

// 60000 -> "60,000"; 1e-5 -> "0.00001"; 0.999 -> "0.999"; 1e-12 -> "1e-12".
std::string human(double v) {
    if (std::floor(v) == v && std::fabs(v) < 1e15) return thousands(static_cast<long long>(v));
    const double a = std::fabs(v);
    if (a >= 1e-6 && a < 1e15) {
        std::ostringstream os;
        os.imbue(std::locale::classic());
        os << std::fixed << std::setprecision(12) << v;
        std::string t = os.str();
        while (!t.empty() && t.back() == '0') t.pop_back();
        if (!t.empty() && t.back() == '.') t.pop_back();
        double back = 0;
        if (parse_number(t, &back) && back == v) return t;
    }
    return shortest(v);
}

// JSON text that never throws: invalid UTF-8 (a command line, a URL) is
// replaced, not an exception (the web build cannot catch one).
std::string dump(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

// The value as the message quotes it: JSON, with each number written as the
// text form would give it (16, not 16.0). Written only as far as a message
// quotes it (`room` bytes), so that a huge or deeply nested value costs no
// more than a short one: lists stop at the room, strings are cut before dumping.
void compact(const json& v, std::string& out, std::size_t room) {
    if (out.size() > room) return;
    if (v.is_number()) {
        const double d = v.get<double>();
        if (std::floor(d) == d && std::fabs(d) < 1e15) out += std::to_string(static_cast<long long>(d));
        else out += shortest(d);
    } else if (v.is_array()) {
        out += "[";
        for (std::size_t i = 0; i < v.size() && out.size() <= room; ++i) {
            if (i) out += ",";
            compact(v[i], out, room);
        }
        out += "]";
    } else if (v.is_string()) {
        const std::string& t = v.get_ref<const std::string&>();
        out += dump(json(t.size() > room ? t.substr(0, room) : t));
    } else if (v.is_object()) {
        out += v.empty() ? "{}" : "{...}";
    } else {
        out += dump(v);
    }
}

std::string shown(const json& v) {
    std::string s;
    compact(v, s, 2 * kQuoteChars);
    return shortened(s, kQuoteChars);
}

std::string choice_list(const Setting& s) {
    std::string out;
    for (std::size_t i = 0; i < s.choices.size(); ++i) out += (i ? ", " : "") + std::string(s.choices[i]);
    return out;
}

bool is_choice(const Setting& s, const json& v) {
    if (!v.is_string()) return false;
    const std::string& name = v.get_ref<const std::string&>();
    return std::any_of(s.choices.begin(), s.choices.end(), [&](const char* c) { return name == c; });
}

// A number JSON value that is finite (and whole, for Int), in range or special.
bool number_ok(const Setting& s, const json& v) {
    if (!v.is_number()) return false;
    const double d = v.get<double>();
    if (!std::isfinite(d)) return false;
    if (s.type == SettingType::Int || s.type == SettingType::IntList) {
        if (std::floor(d) != d) return false;
    }
    if (s.has_special() && d == s.special) return true;
    return d >= s.min && d <= s.max;
}

// The float a TrainConfig field holds, as the JSON number its shortest text
// reads as (0.1f is 0.1, not 0.10000000149011612), so get/set round-trip.
json f32(float v) {
    double d = 0;
    parse_number(shortest(v), &d);
    return d;
}

template <class E>
std::vector<const char*> names(int count) {
    std::vector<const char*> v;
    for (int i = 0; i < count; ++i) v.push_back(name_of(static_cast<E>(i)));
    return v;
}
template <class E>
std::vector<const char*> labels(int count) {
    std::vector<const char*> v;
    for (int i = 0; i < count; ++i) v.push_back(label_of(static_cast<E>(i)));
    return v;
}

template <class E>
E parse_enum(const Setting& s, const json& v) {
    const std::string& name = v.get_ref<const std::string&>();
    for (std::size_t i = 0; i < s.choices.size(); ++i)
        if (name == s.choices[i]) return static_cast<E>(i);
    return E{};
}

// The views the playground can show, in the order its tabs list them.
const std::vector<const char*> kViews = {"sample", "confusion", "weights", "diagram", "neuron", "gradient", "draw", "gallery"};
const std::vector<const char*> kViewLabels = {"One sample", "Confusion matrix", "First layer", "Network diagram",
                                              "One neuron", "Gradient", "Draw a digit", "Test images"};

// The panels a lesson page can show or hide ("panels"): the two plots, the
// controls column, and every view by its name.
std::vector<const char*> panel_names() {
    std::vector<const char*> v = {"cost", "accuracy", "controls"};
    v.insert(v.end(), kViews.begin(), kViews.end());
    return v;
}
std::vector<const char*> panel_labels() {
    std::vector<const char*> v = {"Cost plot", "Accuracy plot", "Controls"};
    v.insert(v.end(), kViewLabels.begin(), kViewLabels.end());
    return v;
}
// The run buttons, which "controls" names beside the settings' keys.
const std::vector<const char*> kRunButtons = {"train", "step", "epoch", "reset", "new_seed", "share", "files"};

// A list of names as a JSON value, and back.
json name_list(const std::vector<std::string>& v) { return v; }
std::vector<std::string> names_from(const Setting& s, const json& v) {
    std::vector<std::string> out;
    if (v.is_string()) {
        const std::string& one = v.get_ref<const std::string&>();
        if (s.all_label && one == s.all_label) out.assign(s.choices.begin(), s.choices.end());
        else out.push_back(one);
        return out;
    }
    for (const json& x : v) {
        const std::string name = x.get<std::string>();
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    }
    return out;
}

unsigned only(std::initializer_list<OptimizerKind> kinds) {
    unsigned m = 0;
    for (OptimizerKind k : kinds) m |= 1u << unsigned(k);
    return m;
}

// A row's identity; the rest is filled field by field below.
Setting row(const char* key, SettingType type, SettingScope scope, unsigned doors, const char* label,
            const char* help, const char* unit = "") {
    Setting s;
    s.key = key;
    s.type = type;
    s.scope = scope;
    s.doors = doors;
    s.label = label;
    s.help = help;
    s.unit = unit;
    return s;
}

constexpr unsigned kEveryDoor = kDoorPage | kDoorUi | kDoorCli | kDoorModelFile;
constexpr double kMaxSeed = 4294967295.0;
constexpr double kMaxImages = 60000;  // MNIST's training set; the page loads 10,000

std::string trim(std::string_view s);

std::vector<Setting> make_table() {
    std::vector<Setting> t;
    auto add = [&](Setting s) { t.push_back(std::move(s)); };
    using T = SettingType;
    using Sc = SettingScale;
    using Scope = SettingScope;

    // ---- the lesson: loads a whole setup, so it comes first ---------------------------
    {
        Setting s = row("preset", T::Choice, Scope::Network, kDoorPage | kDoorUi | kDoorCli, "Lesson",
                  "Loads a lesson preset: a setup that makes one point of the lecture, with a text that says what "
                  "to watch for (README lists them). Keys given with it change that setup");
        for (const Preset& p : presets()) {
            s.choices.push_back(p.name);
            s.choice_labels.push_back(p.title);
        }
        s.get = [](const Settings& x) -> json { return x.preset; };
        s.set = [](Settings& x, const json& v) { load_preset(x, v.get<std::string>()); };
        add(s);
    }

    // ---- the network: changing it starts over with new weights --------------------
    {
        Setting s = row("architecture", T::Text, Scope::Network, kDoorPage | kDoorCli, "Architecture",
                  "The layer widths joined by '-', from the 784 inputs to the 10 outputs, e.g. 784-16-16-10");
        s.get = [](const Settings& x) -> json { return x.net.architecture(); };
        s.set_text = [](Settings& x, const std::string& text) { return x.net.set_architecture(text); };
        add(s);
    }
    {
        Setting s = row("hidden", T::IntList, Scope::Network, kEveryDoor, "Hidden layers",
                  "The widths of the hidden layers, input side first (none: the inputs feed the outputs directly)",
                  "neurons");
        s.min = 1;
        s.max = kMaxWidth;
        s.max_items = kMaxHiddenLayers;
        s.scale = Sc::Log;
        s.get = [](const Settings& x) -> json { return x.net.hidden; };
        s.set = [](Settings& x, const json& v) {
            x.net.hidden.clear();
            for (const json& w : v) x.net.hidden.push_back(w.get<int>());
        };
        add(s);
    }
    {
        Setting s = row("activations", T::ChoiceList, Scope::Network, kEveryDoor, "Activations",
                  "The activation function f in a = f(W x + b) of each hidden layer; one name sets them all");
        s.choices = names<Activation>(kActivationCount);
        s.choice_labels = labels<Activation>(kActivationCount);
        s.max_items = kMaxHiddenLayers;
        s.get = [](const Settings& x) -> json {
            json a = json::array();
            for (Activation f : x.net.activations) a.push_back(name_of(f));
            return a;
        };
        s.set = [](Settings& x, const json& v) {
            const Setting& me = *find_setting("activations");
            if (v.is_string()) {
                x.net.activations.assign(x.net.hidden.size(), parse_enum<Activation>(me, v));
                return;
            }
            x.net.activations.clear();
            for (const json& a : v) x.net.activations.push_back(parse_enum<Activation>(me, a));
        };
        add(s);
    }
    {
        Setting s = row("output", T::Choice, Scope::Network, kEveryDoor, "Output",
                  "The output layer and the loss it is trained with: sigmoid outputs and the mean squared "
                  "difference from the one-hot target (the lecture), or softmax and cross-entropy");
        s.choices = names<OutputLoss>(kOutputLossCount);
        s.choice_labels = labels<OutputLoss>(kOutputLossCount);
        s.get = [](const Settings& x) -> json { return name_of(x.net.output); };
        s.set = [](Settings& x, const json& v) { x.net.output = parse_enum<OutputLoss>(*find_setting("output"), v); };
        add(s);
    }
    {
        Setting s = row("init", T::Choice, Scope::Network, kEveryDoor, "Init", "How the first weights are drawn (from the seed)");
        s.choices = names<InitScheme>(kInitCount);
        s.choice_labels = labels<InitScheme>(kInitCount);
        s.get = [](const Settings& x) -> json { return name_of(x.net.init); };
        s.set = [](Settings& x, const json& v) { x.net.init = parse_enum<InitScheme>(*find_setting("init"), v); };
        add(s);
    }
    {
        Setting s = row("seed", T::Int, Scope::Network, kEveryDoor, "Seed", "The same seed gives the same first weights");
        s.max = kMaxSeed;
        s.get = [](const Settings& x) -> json { return x.net.seed; };
        s.set = [](Settings& x, const json& v) { x.net.seed = static_cast<uint32_t>(v.get<double>()); };
        add(s);
    }

    // ---- training: applies from the next step and keeps the model -----------------------
    {
        Setting s = row("optimizer", T::Choice, Scope::Training, kEveryDoor, "Optimizer",
                  "SGD: plain gradient descent. Momentum and Nesterov keep a running direction. RMSprop and "
                  "Adam adapt the step of each weight");
        s.choices = names<OptimizerKind>(kOptimizerCount);
        s.choice_labels = labels<OptimizerKind>(kOptimizerCount);
        s.get = [](const Settings& x) -> json { return name_of(x.train.optimizer); };
        s.set = [](Settings& x, const json& v) {
            x.train.optimizer = parse_enum<OptimizerKind>(*find_setting("optimizer"), v);
        };
        add(s);
    }
    {
        Setting s = row("lr", T::Float, Scope::Training, kEveryDoor, "Learning rate",
                  "How far each step moves the weights against the gradient: w <- w - lr * dC/dw. Too large "
                  "and training diverges or stalls");
        s.min = 1e-5;
        s.max = 1000;
        s.scale = Sc::Log;
        s.get = [](const Settings& x) -> json { return f32(x.train.learning_rate); };
        s.set = [](Settings& x, const json& v) { x.train.learning_rate = v.get<float>(); };
        add(s);
    }
    {
        Setting s = row("batch", T::Int, Scope::Training, kEveryDoor, "Batch size",
                  "Images per minibatch: each step averages the gradient over them", "images");
        s.min = 1;
        s.max = kMaxImages;
        s.scale = Sc::Log;
        s.get = [](const Settings& x) -> json { return x.train.batch_size; };
        s.set = [](Settings& x, const json& v) { x.train.batch_size = v.get<int>(); };
        add(s);
    }
    {
        Setting s = row("momentum", T::Float, Scope::Training, kEveryDoor, "Momentum",
                  "How much of the last step's direction carries on: v = momentum * v + g; w -= lr * v");
        s.max = 0.999;
        s.scale = Sc::LogOneMinus;
        s.optimizers = only({OptimizerKind::Momentum, OptimizerKind::Nesterov});
        s.get = [](const Settings& x) -> json { return f32(x.train.momentum); };
        s.set = [](Settings& x, const json& v) { x.train.momentum = v.get<float>(); };
        add(s);
    }
    {
        Setting s = row("rho", T::Float, Scope::Training, kEveryDoor, "ρ",
                  "RMSprop's decay of the mean squared gradient (PyTorch's alpha)");
        s.max = 0.999;
        s.scale = Sc::LogOneMinus;
        s.optimizers = only({OptimizerKind::RMSprop});
        s.get = [](const Settings& x) -> json { return f32(x.train.rho); };
        s.set = [](Settings& x, const json& v) { x.train.rho = v.get<float>(); };
        add(s);
    }
    {
        Setting s = row("beta1", T::Float, Scope::Training, kEveryDoor, "β1", "Adam's decay of the mean gradient");
        s.max = 0.999;
        s.scale = Sc::LogOneMinus;
        s.optimizers = only({OptimizerKind::Adam});
        s.get = [](const Settings& x) -> json { return f32(x.train.beta1); };
        s.set = [](Settings& x, const json& v) { x.train.beta1 = v.get<float>(); };
        add(s);
    }
    {
        Setting s = row("beta2", T::Float, Scope::Training, kEveryDoor, "β2", "Adam's decay of the mean squared gradient");
        s.max = 0.9999;
        s.scale = Sc::LogOneMinus;
        s.optimizers = only({OptimizerKind::Adam});
        s.get = [](const Settings& x) -> json { return f32(x.train.beta2); };
        s.set = [](Settings& x, const json& v) { x.train.beta2 = v.get<float>(); };
        add(s);
    }
    {
        Setting s = row("epsilon", T::Float, Scope::Training, kEveryDoor, "ε",
                  "Added to the root mean square in RMSprop's and Adam's step, so it never divides by zero");
        s.min = 1e-12;
        s.max = 1;
        s.scale = Sc::Log;
        s.optimizers = only({OptimizerKind::RMSprop, OptimizerKind::Adam});
        s.get = [](const Settings& x) -> json { return f32(x.train.epsilon); };
        s.set = [](Settings& x, const json& v) { x.train.epsilon = v.get<float>(); };
        add(s);
    }
    {
        Setting s = row("weight_decay", T::Float, Scope::Training, kEveryDoor, "L2 decay",
                  "Weight decay: adds decay * w to each weight's gradient, pulling the weights toward zero");
        s.min = 1e-6;
        s.max = 1;
        s.special = 0;
        s.special_label = "off";
        s.scale = Sc::Log;
        s.get = [](const Settings& x) -> json { return f32(x.train.weight_decay); };
        s.set = [](Settings& x, const json& v) { x.train.weight_decay = v.get<float>(); };
        add(s);
    }
    {
        Setting s = row("shuffle_seed", T::Int, Scope::Training, kEveryDoor, "Order seed",
                  "Seeds the shuffled order in which the images form minibatches");
        s.max = kMaxSeed;
        s.get = [](const Settings& x) -> json { return x.train.shuffle_seed; };
        s.set = [](Settings& x, const json& v) { x.train.shuffle_seed = static_cast<uint32_t>(v.get<double>()); };
        add(s);
    }
    {
        Setting s = row("train_subset", T::Int, Scope::Training, kEveryDoor, "Images",
                  "Train on the first N training images (all: every image loaded)", "images");
        s.min = 1;
        s.max = kMaxImages;
        s.special = 0;
        s.special_label = "all";
        s.special_at_max = true;
        s.scale = Sc::Log;
        s.get = [](const Settings& x) -> json { return x.train.train_subset; };
        s.set = [](Settings& x, const json& v) { x.train.train_subset = v.get<int>(); };
        add(s);
    }

    // ---- running ---------------------------------------------------------------------------
    {
        Setting s = row("epochs", T::Int, Scope::Run, kDoorPage | kDoorUi | kDoorCli, "Stop after",
                  "Pause when this many epochs (passes over the training images) are done", "epochs");
        s.min = 1;
        s.max = 1000;
        s.special = 0;
        s.special_label = "no limit";
        s.special_at_max = true;
        s.scale = Sc::Log;
        s.get = [](const Settings& x) -> json { return x.epochs; };
        s.set = [](Settings& x, const json& v) { x.epochs = v.get<int>(); };
        add(s);
    }
    {
        Setting s = row("speed", T::Float, Scope::Run, kDoorPage | kDoorUi, "Speed",
                  "Steps (minibatches) per second. Slow speeds let you follow each update; full speed trains "
                  "as fast as the page can while staying smooth",
                  "steps/s");
        s.min = 1;
        s.max = 10000;
        s.special = 0;
        s.special_label = "full speed";
        s.special_at_max = true;
        s.scale = Sc::Log;
        s.get = [](const Settings& x) -> json { return x.speed; };
        s.set = [](Settings& x, const json& v) { x.speed = v.get<double>(); };
        add(s);
    }

    // ---- what shows ----------------------------------------------------------------------
    {
        Setting s = row("view", T::Choice, Scope::View, kDoorPage | kDoorUi, "View",
                  "The view of the inside of the network shown: its tab (the wide layout shows sample, confusion and weights side by side)");
        s.choices = kViews;
        s.choice_labels = kViewLabels;
        s.get = [](const Settings& x) -> json { return x.view; };
        s.set = [](Settings& x, const json& v) { x.view = v.get<std::string>(); };
        add(s);
    }
    {
        Setting s = row("neuron", T::Text, Scope::View, kDoorPage | kDoorUi, "Neuron",
                  "The neuron the neuron view shows, as layer:index: layer 1 is the first hidden layer, the "
                  "output layer last; the index counts from 0, as the lecture's subscripts do (2:7 is a_7 of "
                  "layer 2)");
        s.get = [](const Settings& x) -> json {
            return std::to_string(x.neuron_layer) + ":" + std::to_string(x.neuron_index);
        };
        s.set_text = [](Settings& x, const std::string& text) -> std::string {
            const std::string t = trim(text);
            const std::size_t colon = t.find(':');
            int layer = 0, index = 0;
            auto whole = [](const std::string& s, int lo, int hi, int* out) {
                if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos) return false;
                *out = std::stoi(s);
                return *out >= lo && *out <= hi;
            };
            if (colon == std::string::npos || !whole(t.substr(0, colon), 1, kMaxHiddenLayers + 1, &layer) ||
                !whole(t.substr(colon + 1), 0, kMaxWidth - 1, &index))
                return "neuron must be layer:index, a layer from 1 to " + std::to_string(kMaxHiddenLayers + 1) +
                       " and an index from 0 to " + std::to_string(kMaxWidth - 1) + " (got \"" + t.substr(0, 40) +
                       "\")";
            x.neuron_layer = layer;
            x.neuron_index = index;
            return "";
        };
        add(s);
    }
    {
        Setting s = row("log_y", T::Bool, Scope::View, kDoorPage | kDoorUi, "Log scale",
                  "Draw the cost axis on a logarithmic scale");
        s.get = [](const Settings& x) -> json { return x.log_y; };
        s.set = [](Settings& x, const json& v) { x.log_y = v.get<bool>(); };
        add(s);
    }
    {
        Setting s = row("train_accuracy", T::Bool, Scope::View, kDoorPage | kDoorUi, "Training accuracy",
                  "Also measure the accuracy on the training images in use at each test; the accuracy plot "
                  "shows it beside the test accuracy, and a gap between them is overfitting");
        s.get = [](const Settings& x) -> json { return x.train_accuracy; };
        s.set = [](Settings& x, const json& v) { x.train_accuracy = v.get<bool>(); };
        add(s);
    }

    {
        Setting s = row("ui_scale", T::Float, Scope::View, kDoorPage | kDoorUi, "Text size",
                  "Text and controls this many times their size, the font drawn anew at that size (for a "
                  "projector, or for reading from further away)",
                  "x");
        s.min = 1;
        s.max = 3;
        s.scale = Sc::Linear;
        s.get = [](const Settings& x) -> json { return x.ui_scale; };
        s.set = [](Settings& x, const json& v) { x.ui_scale = v.get<double>(); };
        add(s);
    }
    {
        Setting s = row("theme", T::Choice, Scope::View, kDoorPage | kDoorUi, "Colors",
                  "The colors: dark, light, or projector (a light background, thick lines and larger text, "
                  "readable in a lit lecture hall)");
        s.choices = {"dark", "light", "projector"};
        s.choice_labels = {"Dark", "Light", "Projector"};
        s.get = [](const Settings& x) -> json { return x.theme; };
        s.set = [](Settings& x, const json& v) { x.theme = v.get<std::string>(); };
        add(s);
    }

    // ---- a lesson page's framing: what shows, what the student may change ----------------
    {
        Setting s = row("panels", T::ChoiceList, Scope::View, kDoorPage, "Panels",
                  "The panels shown: cost and accuracy (the plots), controls (the column of controls), and each "
                  "view of the inside of the network by its name. The shown ones share the room");
        s.choices = panel_names();
        s.choice_labels = panel_labels();
        s.min_items = 1;
        s.all_label = "all";
        s.get = [](const Settings& x) -> json { return name_list(x.panels); };
        s.set = [](Settings& x, const json& v) { x.panels = names_from(*find_setting("panels"), v); };
        add(s);
    }
    {
        Setting s = row("controls", T::ChoiceList, Scope::View, kDoorPage, "Controls",
                  "The controls shown: the run buttons (train, step, epoch, reset, new_seed, share, files) and each "
                  "setting's control by its key (preset: the Lesson choice); the status line always shows");
        s.all_label = "all";
        s.get = [](const Settings& x) -> json { return name_list(x.controls); };
        s.set = [](Settings& x, const json& v) { x.controls = names_from(*find_setting("controls"), v); };
        add(s);  // choices below, once every control's row is in
    }
    {
        Setting s = row("lock", T::ChoiceList, Scope::View, kDoorPage, "Locked",
                  "Settings the student cannot change: their controls show disabled, and configure(), the URL "
                  "and data-config refuse to change them. The page's own script can change lock itself");
        s.all_label = "all";
        s.get = [](const Settings& x) -> json { return name_list(x.lock); };
        s.set = [](Settings& x, const json& v) { x.lock = names_from(*find_setting("lock"), v); };
        add(s);  // choices below
    }
    // "controls": the run buttons and every setting with a control; "lock":
    // every setting the page takes but lock itself (which would lock for ever).
    Setting& controls = t[t.size() - 2];
    Setting& lock = t.back();
    controls.choices = kRunButtons;
    for (const Setting& r : t) {
        if (r.doors & kDoorUi) controls.choices.push_back(r.key);
        if ((r.doors & kDoorPage) && &r != &lock) lock.choices.push_back(r.key);
    }
    for (Setting* r : {&controls, &lock}) r->max_items = static_cast<int>(r->choices.size());
    Setting& panels = t[t.size() - 3];
    panels.max_items = static_cast<int>(panels.choices.size());
    return t;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return std::string(s.substr(a, b - a));
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t k = s.find(',', start);
        parts.push_back(trim(s.substr(start, k == std::string::npos ? std::string::npos : k - start)));
        if (k == std::string::npos) break;
        start = k + 1;
    }
    return parts;
}

// A number typed as text, or the text itself (then the check says why not).
json number_or_text(const Setting& s, const std::string& text) {
    if (s.has_special() && lower(text) == s.special_label) return s.special;
    double v = 0;
    if (parse_number(text, &v)) {
        if (std::floor(v) == v && std::fabs(v) < 9e15) return static_cast<long long>(v);
        return v;
    }
    return text;
}

std::string number_text(const Setting& s, double v) {
    const bool whole = std::floor(v) == v && std::fabs(v) < 9e15;
    if ((s.type == SettingType::Int || s.type == SettingType::IntList) && whole)
        return std::to_string(static_cast<long long>(v));
    // A whole float as digits ("300", not shortest()'s "3e+02", whose '+' a
    // URL would read as a space).
    if (whole && std::fabs(v) < 1e9) return std::to_string(static_cast<long long>(v));
    const float f = static_cast<float>(v);
    if (static_cast<double>(f) == v) return shortest(f);
    return shortest(v);
}

}  // namespace

// ---- the table -----------------------------------------------------------------------

const char* name_of(SettingScope s) {
    switch (s) {
        case SettingScope::Network: return "network";
        case SettingScope::Training: return "training";
        case SettingScope::Run: return "run";
        case SettingScope::View: return "view";
    }
    return "unknown";
}

bool Settings::operator==(const Settings& o) const {
    return preset == o.preset && net == o.net && train == o.train && epochs == o.epochs && speed == o.speed &&
           view == o.view && neuron_layer == o.neuron_layer && neuron_index == o.neuron_index && log_y == o.log_y &&
           train_accuracy == o.train_accuracy && ui_scale == o.ui_scale && theme == o.theme && panels == o.panels &&
           controls == o.controls && lock == o.lock;
}

namespace {
bool holds(const std::vector<std::string>& v, std::string_view name) {
    return std::find(v.begin(), v.end(), name) != v.end();
}
}  // namespace

bool Settings::shows(std::string_view panel) const { return holds(panels, panel); }
bool Settings::has_control(std::string_view name) const { return holds(controls, name); }
bool Settings::locked(std::string_view key) const { return holds(lock, key); }

std::vector<std::string> Settings::every_choice(std::string_view key) {
    const Setting* s = find_setting(key);
    return s ? std::vector<std::string>(s->choices.begin(), s->choices.end()) : std::vector<std::string>();
}

const std::vector<Setting>& settings_table() {
    static const std::vector<Setting> table = make_table();
    return table;
}

const Setting* find_setting(std::string_view key) {
    for (const Setting& s : settings_table())
        if (key == s.key) return &s;
    return nullptr;
}

std::string setting_keys(unsigned door) {
    std::string out;
    for (const Setting& s : settings_table())
        if (s.doors & door) out += (out.empty() ? "" : ", ") + std::string(s.key);
    return out;
}

// ---- checks and messages -------------------------------------------------------------------

std::string setting_range_text(const Setting& s) {
    switch (s.type) {
        case SettingType::Int:
        case SettingType::Float: {
            std::string r = std::string(s.type == SettingType::Int ? "a whole number" : "a number") + " from " +
                            human(s.min) + " to " + human(s.max);
            if (s.has_special()) r = human(s.special) + " (" + s.special_label + ") or " + r;
            return r;
        }
        case SettingType::Bool: return "true or false";
        case SettingType::Choice: return "one of " + choice_list(s);
        case SettingType::IntList:
            return "a list of at most " + std::to_string(s.max_items) + " whole numbers, each from " + human(s.min) +
                   " to " + human(s.max);
        case SettingType::ChoiceList: {
            std::string r = s.min_items > 0 ? "one or more names" : "a name or a list of names";
            r += ", each one of " + choice_list(s);
            if (s.all_label) r += " (" + std::string(s.all_label) + ": every one)";
            return r;
        }
        case SettingType::Text: return "text such as " + std::string(s.key == std::string_view("architecture") ? "784-16-16-10" : "...");
    }
    return "";
}

std::string check_setting(const Setting& s, const json& v) {
    bool ok = false;
    switch (s.type) {
        case SettingType::Int:
        case SettingType::Float: ok = number_ok(s, v); break;
        case SettingType::Bool: ok = v.is_boolean(); break;
        case SettingType::Choice: ok = is_choice(s, v); break;
        case SettingType::IntList:
            ok = v.is_array() && static_cast<int>(v.size()) <= s.max_items &&
                 std::all_of(v.begin(), v.end(), [&](const json& x) { return number_ok(s, x); });
            break;
        case SettingType::ChoiceList:
            ok = is_choice(s, v) || (s.all_label && v == s.all_label) ||
                 (v.is_array() && static_cast<int>(v.size()) <= s.max_items &&
                  static_cast<int>(v.size()) >= s.min_items &&
                  std::all_of(v.begin(), v.end(), [&](const json& x) { return is_choice(s, x); }));
            break;
        case SettingType::Text: {
            if (!v.is_string()) break;
            Settings scratch;
            const std::string err = s.set_text(scratch, v.get<std::string>());
            if (!err.empty()) return std::string(s.key) + ": " + err;
            ok = true;
            break;
        }
    }
    if (ok) return "";
    return std::string(s.key) + " must be " + setting_range_text(s) + " (got " + shown(v) + ")";
}

std::string setting_from_text(const Setting& s, std::string_view text_in, json& out) {
    const std::string text = trim(text_in);
    json v;
    switch (s.type) {
        case SettingType::Int:
        case SettingType::Float: v = number_or_text(s, text); break;
        case SettingType::Bool: {
            const std::string t = lower(text);
            if (t == "true" || t == "1" || t == "yes" || t == "on") v = true;
            else if (t == "false" || t == "0" || t == "no" || t == "off") v = false;
            else v = text;
            break;
        }
        case SettingType::Choice: v = text; break;
        case SettingType::IntList:
            v = json::array();
            if (!text.empty())
                for (const std::string& part : split_commas(text)) {
                    const json item = number_or_text(s, part);
                    if (item.is_string()) {  // not a list of numbers: quoted whole, as JSON text would be
                        v = text;
                        break;
                    }
                    v.push_back(item);
                }
            break;
        case SettingType::ChoiceList: {
            const std::vector<std::string> parts = split_commas(text);
            if (s.all_label && lower(text) == s.all_label) {
                v = json(std::vector<std::string>(s.choices.begin(), s.choices.end()));
            } else if (text.empty()) {
                v = json::array();
            } else if (parts.size() == 1) {
                v = parts[0];
            } else {
                v = json::array();
                for (const std::string& p : parts) v.push_back(p);
            }
            break;
        }
        case SettingType::Text: v = text; break;
    }
    std::string err = check_setting(s, v);
    if (err.empty()) out = std::move(v);
    return err;
}

std::string setting_to_text(const Setting& s, const json& v) {
    switch (s.type) {
        case SettingType::Int:
        case SettingType::Float: return v.is_number() ? number_text(s, v.get<double>()) : dump(v);
        case SettingType::Bool: return v.is_boolean() && v.get<bool>() ? "true" : "false";
        case SettingType::Choice:
        case SettingType::Text: return v.is_string() ? v.get<std::string>() : dump(v);
        case SettingType::IntList:
        case SettingType::ChoiceList: {
            if (v.is_string()) return v.get<std::string>();
            if (v.is_number()) return number_text(s, v.get<double>());  // one item
            if (!v.is_array()) return dump(v);
            std::string out;
            for (std::size_t i = 0; i < v.size(); ++i)
                out += (i ? "," : "") + (v[i].is_string() ? v[i].get<std::string>() : number_text(s, v[i].get<double>()));
            return out;
        }
    }
    return dump(v);
}

std::string setting_display(const Setting& s, const json& v) {
    if (s.is_number() && v.is_number()) {
        const double d = v.get<double>();
        if (s.has_special() && d == s.special) return s.special_label;
        if (s.type == SettingType::Int) return thousands(static_cast<long long>(d));
        std::ostringstream os;
        os.imbue(std::locale::classic());
        os << std::setprecision(4) << d;
        return os.str();
    }
    if (s.type == SettingType::ChoiceList && s.all_label && v.is_array() && v.size() == s.choices.size() &&
        std::equal(v.begin(), v.end(), s.choices.begin(), [](const json& a, const char* b) { return a == b; }))
        return s.all_label;
    if (s.type == SettingType::IntList || s.type == SettingType::ChoiceList) {
        std::string t = setting_to_text(s, v);
        std::string out;
        for (char c : t) out += c == ',' ? std::string(", ") : std::string(1, c);
        return out.empty() ? "none" : out;
    }
    return setting_to_text(s, v);
}

std::string validate_settings(const Settings& s, int train_images_loaded) {
    if (std::string err = s.net.validate(); !err.empty()) return err;
    if (std::string err = s.train.validate(train_images_loaded); !err.empty()) return err;
    for (const Setting& row : settings_table()) {
        if (row.scope != SettingScope::Run && row.scope != SettingScope::View) continue;
        if (std::string err = check_setting(row, row.get(s)); !err.empty()) return err;
    }
    return check_training_memory(s.net, s.train.batch_size);
}

std::string apply_settings(Settings& s, const json& changes, int train_images_loaded, unsigned door) {
    if (!changes.is_object())
        return "settings come as an object of key: value, e.g. {\"lr\": 0.5} (got " + shown(changes) + ")";
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        const Setting* row = find_setting(it.key());
        if (!row || !(row->doors & door))
            return "unknown setting " + quote(it.key()) + " (known: " + setting_keys(door) + ")";
        if (std::string err = check_setting(*row, it.value()); !err.empty()) return err;
    }
    Settings next = s;
    bool widths_given = false, activation_list_given = false;
    for (const Setting& row : settings_table()) {
        auto it = changes.find(row.key);
        if (it == changes.end()) continue;
        if (row.type == SettingType::Text) {
            if (std::string err = row.set_text(next, it->get<std::string>()); !err.empty())
                return std::string(row.key) + ": " + err;
        } else {
            row.set(next, *it);
        }
        if (row.key == std::string_view("architecture") || row.key == std::string_view("hidden")) widths_given = true;
        if (row.key == std::string_view("activations") && it->is_array()) activation_list_given = true;
    }
    if (widths_given && !activation_list_given) {
        // New widths: each layer keeps its activation; new layers take the last one.
        const Activation fill = next.net.activations.empty() ? Activation::Sigmoid : next.net.activations.back();
        next.net.activations.resize(next.net.hidden.size(), fill);
    }
    if (std::string err = validate_settings(next, train_images_loaded); !err.empty()) return err;
    if (std::string err = check_locks(s, next); !err.empty()) return err;
    s = std::move(next);
    return "";
}

std::string check_locks(const Settings& before, const Settings& after) {
    for (const Setting& row : settings_table()) {
        if (!before.locked(row.key)) continue;
        const json was = row.get(before);
        if (was == row.get(after)) continue;
        return std::string(row.key) + " is fixed by this lesson (lock=" + setting_to_text(*find_setting("lock"), before.lock) +
               "): it stays " + setting_display(row, was);
    }
    return "";
}

namespace {
// Text as a URL's query value: letters, digits and -._~, kept (a list's
// commas too, which URLSearchParams reads back); every other byte %XX.
std::string url_encode(const std::string& text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == ',') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}
}  // namespace

std::string settings_query(const Settings& s, bool only_changed, unsigned door) {
    const Settings defaults;
    std::string q;
    for (const Setting& row : settings_table()) {
        if (!(row.doors & door) || row.type == SettingType::Text) continue;  // hidden says the architecture
        const json v = row.get(s);
        if (only_changed && v == row.get(defaults)) continue;
        q += (q.empty() ? "" : "&") + std::string(row.key) + "=" + url_encode(setting_to_text(row, v));
    }
    return q;
}

std::string share_query(const Settings& s) {
    const Preset* p = find_preset(s.preset);
    const Settings base = p ? preset_settings(*p) : Settings{};
    std::string q;
    auto add = [&](const Setting& row) {
        q += (q.empty() ? "" : "&") + std::string(row.key) + "=" + url_encode(setting_to_text(row, row.get(s)));
    };
    if (s.preset != Settings{}.preset) add(*find_setting("preset"));
    for (const Setting& row : settings_table()) {
        // Text rows repeat others (architecture: hidden); the preset is above.
        if (!(row.doors & kDoorPage) || row.type == SettingType::Text || row.key == std::string_view("preset")) continue;
        const bool seed = row.key == std::string_view("seed") || row.key == std::string_view("shuffle_seed");
        if (seed || row.get(s) != row.get(base)) add(row);
    }
    return q;
}

std::string flag_of(const Setting& s) {
    std::string f = std::string("--") + s.key;
    for (char& c : f) c = c == '_' ? '-' : c;
    return f;
}

std::string apply_flags(Settings& s, const std::vector<std::pair<std::string, std::string>>& flags) {
    json changes = json::object();
    for (const auto& [key, text] : flags) {
        const Setting* row = find_setting(key);
        if (!row || !(row->doors & kDoorCli))
            return "unknown setting " + quote(key) + " (known: " + setting_keys(kDoorCli) + ")";
        json value;
        if (std::string err = setting_from_text(*row, text, value); !err.empty()) {
            // The flag names the setting: "--architecture: the input layer ..."
            if (err.rfind(key + ": ", 0) == 0) err.erase(0, key.size() + 2);
            return flag_of(*row) + ": " + err;
        }
        changes[key] = value;
    }
    return apply_settings(s, changes, 0, kDoorCli);
}

std::string settings_markdown() {
    const Settings defaults;
    auto cell = [](std::string t) {
        std::string out;
        for (char c : t) out += c == '|' ? std::string("\\|") : std::string(1, c);
        return out;
    };
    std::string md =
        "| key | allowed values | default | what it does | a change | set from |\n"
        "|---|---|---|---|---|---|\n";
    for (const Setting& s : settings_table()) {
        std::string doors;
        auto door = [&](unsigned bit, const char* name) {
            if (s.doors & bit) doors += (doors.empty() ? "" : ", ") + std::string(name);
        };
        door(kDoorPage, "page, URL");
        door(kDoorUi, "controls");
        door(kDoorCli, "CLI");
        door(kDoorModelFile, "model file");
        std::string help = s.help;
        if (s.optimizers != 0) {
            std::string which;
            for (int k = 0; k < kOptimizerCount; ++k)
                if (s.applies_to(OptimizerKind(k))) which += (which.empty() ? "" : ", ") + std::string(name_of(OptimizerKind(k)));
            help += " (" + which + ")";
        }
        const char* change = s.scope == SettingScope::Network ? "new weights" : "keeps the model";
        md += "| `" + std::string(s.key) + "` | " + cell(setting_range_text(s)) + " | " +
              cell(setting_display(s, s.get(defaults))) + " | " + cell(help) + " | " + change + " | " + doors +
              " |\n";
    }
    return md;
}

const char* name_of(SettingType t) {
    switch (t) {
        case SettingType::Int: return "int";
        case SettingType::Float: return "float";
        case SettingType::Bool: return "bool";
        case SettingType::Choice: return "choice";
        case SettingType::IntList: return "int_list";
        case SettingType::ChoiceList: return "choice_list";
        case SettingType::Text: return "text";
    }
    return "unknown";
}

json settings_json() {
    const Settings defaults;
    json out = json::array();
    for (const Setting& s : settings_table()) {
        json j = {{"key", s.key},
                  {"type", name_of(s.type)},
                  {"label", s.label},
                  {"help", s.help},
                  {"allowed", setting_range_text(s)},
                  {"default", s.get(defaults)},
                  {"scope", name_of(s.scope)},
                  {"keeps_model", s.keeps_model()},
                  {"page", (s.doors & kDoorPage) != 0},
                  {"cli", (s.doors & kDoorCli) != 0},
                  {"model_file", (s.doors & kDoorModelFile) != 0},
                  {"ui", (s.doors & kDoorUi) != 0}};
        if (!s.choices.empty()) j["choices"] = s.choices;
        if (!s.choice_labels.empty()) j["choice_labels"] = s.choice_labels;
        if (s.is_number() || s.type == SettingType::IntList) {
            j["min"] = s.min;
            j["max"] = s.max;
        }
        if (s.has_special()) j["special"] = {{"value", s.special}, {"label", s.special_label}};
        out.push_back(j);
    }
    return out;
}

// ---- slider scales ------------------------------------------------------------------
// A setting with a special value (0: off, all, full speed, no limit) gives the
// range kRangeShare of the slider and the special value the end beyond it.
namespace {
constexpr double kRangeShare = 0.95;
}  // namespace

double setting_to_slider(const Setting& s, double v, double hi) {
    if (!s.is_number() && s.type != SettingType::IntList) return 0;
    const double lo = s.min;
    hi = std::isfinite(hi) ? std::clamp(hi, lo, s.max) : s.max;
    if (s.has_special() && v == s.special) return s.special_at_max ? 1.0 : 0.0;
    if (!(hi > lo)) return 0;
    v = std::clamp(v, lo, hi);
    double t = 0;
    switch (s.scale) {
        case SettingScale::Log: t = (lo > 0) ? std::log(v / lo) / std::log(hi / lo) : (v - lo) / (hi - lo); break;
        case SettingScale::LogOneMinus: t = std::log1p(-v) / std::log1p(-hi); break;
        default: t = (v - lo) / (hi - lo); break;
    }
    // A special value owns its end of the slider: the range fills the rest.
    if (s.has_special()) t = s.special_at_max ? t * kRangeShare : (1 - kRangeShare) + t * kRangeShare;
    return std::clamp(t, 0.0, 1.0);
}

double setting_from_slider(const Setting& s, double t, double hi) {
    const double lo = s.min;
    hi = std::isfinite(hi) ? std::clamp(hi, lo, s.max) : s.max;
    t = std::clamp(t, 0.0, 1.0);
    if (s.has_special()) {
        const double edge = (1 - kRangeShare) / 2;  // halfway into the special's end
        if (s.special_at_max ? t > 1 - edge : t < edge) return s.special;
        t = s.special_at_max ? t / kRangeShare : (t - (1 - kRangeShare)) / kRangeShare;
        t = std::clamp(t, 0.0, 1.0);
    }
    double v = lo;
    switch (s.scale) {
        case SettingScale::Log: v = (lo > 0) ? lo * std::pow(hi / lo, t) : lo + t * (hi - lo); break;
        case SettingScale::LogOneMinus: v = -std::expm1(t * std::log1p(-hi)); break;
        default: v = lo + t * (hi - lo); break;
    }
    if (s.type == SettingType::Int || s.type == SettingType::IntList) v = std::round(v);
    return std::clamp(v, lo, hi);
}

}  // namespace nnplay
