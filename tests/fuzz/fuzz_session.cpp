// libFuzzer target: any bytes as a saved run (engine/io/session_file.h, what a
// page keeps in IndexedDB and the desktop in its data folder) must either
// restore onto a small data set and train on, or be refused with a message,
// never crash; a refused run leaves the trainer's run as it was.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "engine/io/session_file.h"
#include "engine/train/trainer.h"

namespace {
// 20 training and 10 test images of 784 pixels: the seeds were saved on these.
nnplay::DatasetPtr tiny(int n) {
    auto d = std::make_shared<nnplay::Dataset>();
    d->count = n;
    d->pixels.assign(static_cast<std::size_t>(n) * 784, 0.0f);
    d->labels.resize(n);
    for (int i = 0; i < n; ++i) {
        d->labels[i] = static_cast<uint8_t>(i % 10);
        d->pixels[static_cast<std::size_t>(i) * 784 + (i % 10) * 70] = 1.0f;
    }
    return d;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const nnplay::DatasetPtr train = tiny(20), test = tiny(10);
    nnplay::SessionData s;
    if (!nnplay::parse_session(data, size, s).empty()) return 0;
    nnplay::NetConfig small;
    small.hidden = {3};
    small.activations = {nnplay::Activation::ReLU};
    nnplay::Trainer t(small, nnplay::TrainConfig{});
    t.set_data(train, test);
    const long long before = t.stats().step;
    if (!t.restore(std::move(s.net), s.train, std::move(s.trainer)).empty()) {
        if (t.stats().step != before || t.model().config().hidden != small.hidden) std::abort();
        return 0;
    }
    // Restored: it trains on (the order and the optimizer's state fit the network and the data).
    t.train_steps(3);
    t.evaluate();
    return 0;
}
