// presets.cpp: the lesson presets (see presets.h). The figures in the texts
// are what tests/unit/engine/test_presets.cpp measures on the page's MNIST
// subset (the first 10,000 training and 2,000 test images) with the default
// seeds; the test checks each claim.
#include "engine/settings/presets.h"

namespace nnplay {

namespace {

using json = nlohmann::json;

std::vector<Preset> make_presets() {
    std::vector<Preset> p;
    p.push_back({"lecture", "The lecture's network",
                 "784-16-16-10 sigmoid neurons, 13,002 weights and biases, trained by stochastic gradient "
                 "descent (learning rate 3, minibatches of 10 images) to lower the cost, the mean squared "
                 "difference from the right answer. Watch the test accuracy, on images it never trains on, "
                 "climb to about 87% in four epochs.",
                 json::object(),
                 "How the lecture's network learns: watch the cost fall and the test accuracy, on images it "
                 "never trains on, climb."});
    p.push_back({"relu-softmax", "ReLU and softmax",
                 "The lecture's network with ReLU hidden neurons and a softmax output trained on cross-entropy "
                 "(learning rate 0.1). After one epoch the test accuracy is about 80%, where the lecture's "
                 "sigmoid network is near 55%; after 5 epochs, near 90%.",
                 {{"activations", "relu"}, {"output", "softmax_ce"}, {"init", "he"}, {"lr", 0.1}, {"epochs", 5}},
                 "ReLU hidden neurons and a softmax output trained on cross-entropy, in place of the lecture's "
                 "sigmoids and squared error: how fast does the test accuracy climb?"});
    p.push_back({"too-large-learning-rate", "Learning rate too large",
                 "The lecture's network with learning rate 300 instead of 3. The first step overshoots so far "
                 "that every sigmoid saturates: all ten outputs sit near 0 for every image, the gradient "
                 "vanishes, and the cost stays flat at 0.1 with the test accuracy near chance (12%).",
                 {{"lr", 300}, {"epochs", 3}},
                 "What a learning rate far too large does: does the cost fall or stay flat, and do the sigmoids "
                 "saturate (the One sample and Diagram views)?"});
    p.push_back({"tiny-learning-rate", "Learning rate too small",
                 "The lecture's network with learning rate 0.3, a tenth of 3: each step moves the weights a "
                 "tenth as far, so learning takes about ten times as long. After 10 epochs the test accuracy is "
                 "near 55%, where the lecture's network is after one.",
                 {{"lr", 0.3}, {"epochs", 10}},
                 "What a learning rate far too small does: watch how slowly the test accuracy climbs."});
    p.push_back({"batch-size-one", "One image per step",
                 "Each step's gradient comes from one image instead of the mean over ten: stochastic gradient "
                 "descent at its most stochastic. An epoch is now 10,000 steps, and the pale band of "
                 "single-step costs is much wider. It still learns, to about 85% in 3 epochs.",
                 {{"batch", 1}, {"epochs", 3}},
                 "Each step's gradient from fewer images: watch the width of the pale band of single-step costs, and "
                 "whether it still learns."});
    p.push_back({"no-hidden-layer", "No hidden layer: a linear classifier",
                 "The 784 pixels feed the 10 sigmoid outputs directly: 7,850 weights and biases, one 28x28 "
                 "template per digit (the First layer view). It levels off near 88%; the lecture's hidden "
                 "layers reach 89% in the same 10 epochs, the wide preset 92%.",
                 {{"hidden", json::array()}, {"view", "weights"}, {"epochs", 10}},
                 "The pixels feed the outputs directly, one 28x28 template per digit (the First layer view): how far "
                 "does a linear classifier get?"});
    p.push_back({"wide", "A wider network",
                 "784-128-64-10: 109,386 weights and biases instead of 13,002, with the lecture's sigmoids, "
                 "cost and learning rate. It reaches about 92% after 10 epochs, where the lecture's network has "
                 "89%, but each step does about eight times the arithmetic.",
                 {{"hidden", {128, 64}}, {"epochs", 10}},
                 "A wider network: more weights and more arithmetic per step. Does it reach a higher test accuracy "
                 "than the lecture's?"});
    p.push_back({"deep-sigmoid", "Deep sigmoid network: vanishing gradients",
                 "Six hidden layers of 16 sigmoids. On its way back through each layer the gradient is "
                 "multiplied by the sigmoid's slope (at most 0.25), so the first layer gets thousands of times "
                 "less than the last and hardly changes (First layer view): the cost sits near 0.09, the test "
                 "accuracy near chance.",
                 {{"hidden", {16, 16, 16, 16, 16, 16}}, {"view", "weights"}, {"epochs", 5}},
                 "Many sigmoid layers: the gradient shrinks on its way back through each. Does the first layer learn "
                 "(the First layer and Gradient views)?"});
    p.push_back({"overfitting", "Overfitting: test on these",
                 "The wide network trained on only 100 images for 200 epochs. The accuracy plot shows the "
                 "accuracy on those 100 training images beside the test accuracy: training reaches 100% while "
                 "the test accuracy stalls near 62%. It learned these images, not digits: that is why the "
                 "lecture tests on images it was not trained on.",
                 {{"hidden", {128, 64}}, {"train_subset", 100}, {"train_accuracy", true}, {"epochs", 200}},
                 "Few training images, many epochs: watch the accuracy on the training images beside the test "
                 "accuracy."});
    return p;
}

}  // namespace

const std::vector<Preset>& presets() {
    static const std::vector<Preset> list = make_presets();
    return list;
}

const Preset* find_preset(std::string_view name) {
    for (const Preset& p : presets())
        if (name == p.name) return &p;
    return nullptr;
}

Settings preset_settings(const Preset& p) {
    Settings s;
    // The presets are this file's: a test checks that each applies cleanly.
    apply_settings(s, p.changes, 0);
    s.preset = p.name;
    return s;
}

void load_preset(Settings& s, std::string_view name) {
    const Preset* p = find_preset(name);
    if (!p) return;
    Settings next = preset_settings(*p);
    next.panels = s.panels;
    next.controls = s.controls;
    next.lock = s.lock;
    // How the playground looks is the reader's, not the lesson's.
    next.ui_scale = s.ui_scale;
    next.theme = s.theme;
    s = std::move(next);
}

std::string presets_markdown(const std::string& page) {
    std::string md =
        "| preset | URL | what it sets | what to watch for |\n"
        "|---|---|---|---|\n";
    for (const Preset& p : presets()) {
        std::string sets;
        for (const Setting& row : settings_table()) {
            auto it = p.changes.find(row.key);
            if (it == p.changes.end()) continue;
            sets += (sets.empty() ? "" : ", ") + std::string("`") + row.key + "=" + setting_to_text(row, *it) + "`";
        }
        if (sets.empty()) sets = "the defaults";
        md += "| **" + std::string(p.title) + "** `" + p.name + "` | `" + page + "?preset=" + p.name + "` | " + sets +
              " | " + p.text + " |\n";
    }
    return md;
}

}  // namespace nnplay
