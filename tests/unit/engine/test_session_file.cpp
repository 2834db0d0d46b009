// A saved run (engine/io/session_file.h): restored on the same data, the next
// steps give bit-identical costs and weights for every optimizer; a damaged or
// foreign file is refused with a message and leaves the trainer as it was.
#include <doctest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "engine/io/session_file.h"
#include "engine/train/trainer.h"
#include "engine/util/rng.h"

using namespace nnplay;

namespace {

DatasetPtr bands(int n, uint32_t seed) {
    auto d = std::make_shared<Dataset>();
    d->count = n;
    d->pixels.resize(static_cast<std::size_t>(n) * 784);
    d->labels.resize(n);
    Mulberry32 rng(seed);
    for (int i = 0; i < n; ++i) {
        d->labels[i] = static_cast<uint8_t>(i % 10);
        float* p = d->pixels.data() + static_cast<std::size_t>(i) * 784;
        for (int k = 0; k < 784; ++k) p[k] = static_cast<float>(rng.next_unit() * 0.3);
        for (int k = 0; k < 78; ++k) p[(i % 10) * 78 + k] += 0.7f;
    }
    return d;
}

std::vector<uint8_t> save(const Trainer& t, const nlohmann::json& app = nlohmann::json::object()) {
    return serialize_session(t.model(), t.train_config(), t.save_state(), app);
}

// The batch costs of the next n steps.
std::vector<float> costs(Trainer& t, int n) {
    std::vector<float> c;
    for (int i = 0; i < n; ++i) {
        REQUIRE(t.train_steps(1) == 1);
        c.push_back(t.stats().batch_cost);
    }
    return c;
}

bool same_weights(const Mlp& a, const Mlp& b) {
    if (a.layers().size() != b.layers().size()) return false;
    for (std::size_t l = 0; l < a.layers().size(); ++l)
        if (a.layers()[l].W != b.layers()[l].W || a.layers()[l].b != b.layers()[l].b) return false;
    return true;
}

}  // namespace

TEST_CASE("a saved run continues with bit-identical costs, for every optimizer, mid-epoch and across epochs") {
    const DatasetPtr train = bands(230, 1), test = bands(50, 2);
    for (OptimizerKind kind : {OptimizerKind::SGD, OptimizerKind::Momentum, OptimizerKind::Nesterov,
                               OptimizerKind::RMSprop, OptimizerKind::Adam}) {
        CAPTURE(name_of(kind));
        NetConfig net;
        net.hidden = {12, 7};
        net.seed = 5;
        TrainConfig tc;
        tc.optimizer = kind;
        tc.batch_size = 16;  // 230 images: 14 full batches and one of 6 per epoch
        tc.learning_rate = kind == OptimizerKind::SGD ? 1.0f : 0.01f;
        tc.shuffle_seed = 9;
        Trainer a(net, tc);
        a.set_data(train, test);
        costs(a, 20);  // into the second epoch
        const std::vector<uint8_t> bytes = save(a);
        const std::vector<float> expected = costs(a, 40);  // crosses two more epoch ends

        Trainer b;  // another network altogether, then the saved run
        b.set_data(train, test);
        SessionData d;
        REQUIRE(parse_session(bytes.data(), bytes.size(), d) == "");
        REQUIRE(b.restore(std::move(d.net), d.train, std::move(d.trainer)) == "");
        CHECK(b.stats().step == 20);
        CHECK(b.stats().epoch == 1);
        CHECK(b.stats().samples_seen == 230 + 5 * 16);
        const std::vector<float> got = costs(b, 40);
        CHECK(std::memcmp(got.data(), expected.data(), got.size() * sizeof(float)) == 0);
        CHECK(same_weights(a.model(), b.model()));
        CHECK(a.stats().epoch == b.stats().epoch);
        CHECK(a.stats().samples_seen == b.stats().samples_seen);
    }
}

TEST_CASE("a saved run keeps the front end's part as it was given") {
    const DatasetPtr train = bands(40, 1), test = bands(20, 2);
    Trainer t;
    t.set_data(train, test);
    costs(t, 3);
    const nlohmann::json app = {{"settings", {{"lr", 0.5}}}, {"history", {1.5, "nan", nullptr}}};
    const auto bytes = save(t, app);
    SessionData d;
    REQUIRE(parse_session(bytes.data(), bytes.size(), d) == "");
    CHECK(d.app == app);
    CHECK(d.trainer.step == 3);
}

TEST_CASE("damaged, cut, foreign or deeply nested saved runs are refused and change nothing") {
    const DatasetPtr train = bands(40, 1), test = bands(20, 2);
    TrainConfig tc;
    tc.optimizer = OptimizerKind::Adam;
    tc.learning_rate = 0.01f;
    Trainer t(NetConfig{}, tc);
    t.set_data(train, test);
    costs(t, 5);
    const auto bytes = save(t);
    SessionData d;
    // Cut anywhere: refused (every prefix, sampled).
    for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 7) {
        CAPTURE(n);
        CHECK(parse_session(bytes.data(), n, d) != "");
    }
    // One byte more: the arrays no longer fill the file exactly.
    auto longer = bytes;
    longer.push_back(0);
    CHECK(parse_session(longer.data(), longer.size(), d).find("bytes") != std::string::npos);
    // A model file is not a saved run.
    CHECK(parse_session(bytes.data() + 16, bytes.size() - 16, d).find("not a saved nnplay run") == 0);

    // A damaged order (a repeated image) is refused by restore, and the trainer keeps its run.
    REQUIRE(parse_session(bytes.data(), bytes.size(), d) == "");
    Trainer u;
    u.set_data(train, test);
    costs(u, 2);
    const Mlp before = u.model();
    TrainerState s = d.trainer;
    REQUIRE(s.order.size() == 40);
    s.order[1] = s.order[0];
    CHECK(u.restore(d.net, d.train, s).find("damaged") != std::string::npos);
    // On other data (another number of images): refused too.
    Trainer w;
    w.set_data(bands(41, 1), test);
    CHECK(w.restore(d.net, d.train, d.trainer).find("41") != std::string::npos);
    CHECK(same_weights(u.model(), before));
    CHECK(u.stats().step == 2);

    // JSON nested 100,000 deep where the front end's part goes: refused before parsing.
    std::string deep(100000, '[');
    deep += std::string(100000, ']');
    const auto plain = save(t, nlohmann::json::array());
    // Splice the deep array in place of the app part's "[]" (the JSON's last bytes before "}").
    std::vector<uint8_t> crafted;
    {
        const std::string text(plain.begin(), plain.end());
        const std::size_t at = text.rfind("\"app\":[]");
        REQUIRE(at != std::string::npos);
        const uint64_t mlen = [&] { uint64_t v = 0; for (int i = 7; i >= 0; --i) v = (v << 8) | plain[8 + i]; return v; }();
        const std::size_t jpos = 16 + mlen;  // the JSON length's place
        uint64_t jlen = 0;
        for (int i = 7; i >= 0; --i) jlen = (jlen << 8) | plain[jpos + i];
        std::string json_text = text.substr(jpos + 8, jlen);
        const std::size_t in_json = json_text.rfind("\"app\":[]");
        json_text.replace(in_json, 8, "\"app\":" + deep);
        crafted.assign(plain.begin(), plain.begin() + jpos);
        for (int i = 0; i < 8; ++i) crafted.push_back(static_cast<uint8_t>(uint64_t(json_text.size()) >> (8 * i)));
        crafted.insert(crafted.end(), json_text.begin(), json_text.end());
        crafted.insert(crafted.end(), plain.begin() + jpos + 8 + jlen, plain.end());
    }
    CHECK(parse_session(crafted.data(), crafted.size(), d).find("nests more than 32") != std::string::npos);
}

TEST_CASE("a test pass gives the same cost however it was sliced (a continued run measures what an unbroken one does)") {
    const DatasetPtr train = bands(60, 1), test = bands(1000, 2);
    Trainer a, b;
    a.set_data(train, test);
    b.set_data(train, test);
    costs(a, 4);
    costs(b, 4);
    const EvalResult whole = a.evaluate();
    int slices = 0;
    while (!b.evaluate_slice(37)) ++slices;
    CHECK(slices > 1);
    CHECK(b.last_eval().cost == whole.cost);  // bit for bit
    CHECK(b.last_eval().accuracy == whole.accuracy);
}
