// Tests of safetensors model files (engine/io/model_file.h): a bit-identical
// round trip, the layout the safetensors format requires, and a rejection with
// a message for every kind of damaged or foreign file, built here in memory,
// with the caller's model left untouched.
#include <doctest.h>

#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/io/model_file.h"
#include "engine/util/rng.h"

using namespace nnplay;
using json = nlohmann::json;

namespace {

using Bytes = std::vector<uint8_t>;

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// A network whose weights are drawn afresh and salted with values that a
// lossy writer would change: negative zero, a subnormal, the largest float,
// and decimals that have no exact binary form.
Mlp make_net(const NetConfig& cfg, uint32_t salt) {
    Mlp net(cfg);
    Mulberry32 rng(salt);
    for (DenseLayer& L : net.layers()) {
        for (float& w : L.W) w = static_cast<float>(rng.next_unit() * 2 - 1) * 1.2345678f;
        for (float& b : L.b) b = static_cast<float>(rng.next_unit() - 0.5);
    }
    auto& W = net.layers()[0].W;
    W[0] = -0.0f;
    W[1] = std::numeric_limits<float>::denorm_min();
    W[2] = std::numeric_limits<float>::max();
    W[3] = 0.1f;
    net.layers().back().b[0] = -1e-30f;
    return net;
}

NetConfig wide_config() {
    NetConfig cfg;
    cfg.hidden = {32, 12, 20};
    cfg.activations = {Activation::ReLU, Activation::Tanh, Activation::LeakyReLU};
    cfg.output = OutputLoss::SoftmaxCrossEntropy;
    cfg.init = InitScheme::HeUniform;
    cfg.seed = 4000000000u;
    return cfg;
}

TrainConfig odd_train() {
    TrainConfig t;
    t.optimizer = OptimizerKind::Adam;
    t.learning_rate = 0.0123456789f;
    t.batch_size = 37;
    t.momentum = 0.87654321f;
    t.rho = 0.9512f;
    t.beta1 = 0.8999999f;
    t.beta2 = 0.99912345f;
    t.epsilon = 1.2345e-8f;
    t.weight_decay = 3.3333e-4f;
    t.shuffle_seed = 123456789u;
    t.train_subset = 5000;
    return t;
}

bool same_bits(const FloatVec& a, const FloatVec& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

bool same_bits(float a, float b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool same_weights(const Mlp& a, const Mlp& b) {
    if (a.layers().size() != b.layers().size()) return false;
    for (std::size_t l = 0; l < a.layers().size(); ++l) {
        const DenseLayer &x = a.layers()[l], &y = b.layers()[l];
        if (x.in != y.in || x.out != y.out || x.act != y.act) return false;
        if (!same_bits(x.W, y.W) || !same_bits(x.b, y.b)) return false;
    }
    return true;
}

// A safetensors file split into its header JSON and data buffer, so that tests
// can damage one part and put it back together.
struct Parts {
    json header;
    Bytes buffer;
};

Parts split_file(const Bytes& file) {
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | file[i];
    Parts p;
    p.header =
        json::parse(file.begin() + 8, file.begin() + 8 + static_cast<long>(n), nullptr, false);
    REQUIRE(p.header.is_object());
    p.buffer.assign(file.begin() + 8 + static_cast<long>(n), file.end());
    return p;
}

Bytes join(const std::string& header_text, const Bytes& buffer) {
    Bytes out;
    const uint64_t n = header_text.size();
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(n >> (8 * i)));
    out.insert(out.end(), header_text.begin(), header_text.end());
    out.insert(out.end(), buffer.begin(), buffer.end());
    return out;
}

Bytes join(const Parts& p) {
    return join(p.header.dump(), p.buffer);
}

std::string parse(const Bytes& file, LoadedModel& out) {
    return parse_model(file.data(), file.size(), out);
}

std::string temp_path(const std::string& name) {
    const char* tmp = std::getenv("TMPDIR");
    static unsigned counter = 0;
    auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    return std::string(tmp && *tmp ? tmp : "/tmp") + "/nnplay-model-" +
           std::to_string(static_cast<unsigned long long>(ticks)) + "-" +
           std::to_string(counter++) + "-" + name;
}

Bytes read_all(const std::string& path) {
    Bytes b;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return b;
    uint8_t buf[4096];
    std::size_t k;
    while ((k = std::fread(buf, 1, sizeof buf, f)) > 0) b.insert(b.end(), buf, buf + k);
    std::fclose(f);
    return b;
}

// Bytes this process has read from files so far (Linux's /proc/self/io
// "rchar"; under node, NODERAWFS reads through node's own process). -1 when
// it cannot be read.
long long bytes_read_so_far() {
    std::FILE* f = std::fopen("/proc/self/io", "r");
    if (!f) return -1;
    char line[128];
    long long v = -1;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "rchar: %lld", &v) == 1) break;
    std::fclose(f);
    return v;
}

// Writes `head` to a new file and extends it with zeros (a sparse file, so
// that it takes no disk space) to `total` bytes.
void write_padded(const std::string& path, const Bytes& head, long long total) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    REQUIRE(std::fwrite(head.data(), 1, head.size(), f) == head.size());
    if (total > static_cast<long long>(head.size())) {
        REQUIRE(std::fseek(f, static_cast<long>(total - 1), SEEK_SET) == 0);
        REQUIRE(std::fputc(0, f) == 0);
    }
    REQUIRE(std::fclose(f) == 0);
}

}  // namespace

TEST_CASE("model file: round trip is bit-identical") {
    for (const NetConfig& cfg : {NetConfig{}, wide_config()}) {
        CAPTURE(cfg.architecture());
        Mlp net = make_net(cfg, 99);
        const TrainConfig train = odd_train();
        const long long step = 123456789012LL;
        Bytes file = serialize_model(net, train, step);

        LoadedModel m;
        REQUIRE(parse(file, m) == "");
        CHECK(m.warning == "");
        CHECK(m.net.config() == cfg);
        CHECK(same_weights(m.net, net));
        CHECK(m.step == step);
        CHECK(m.train.optimizer == train.optimizer);
        CHECK(same_bits(m.train.learning_rate, train.learning_rate));
        CHECK(m.train.batch_size == train.batch_size);
        CHECK(same_bits(m.train.momentum, train.momentum));
        CHECK(same_bits(m.train.beta1, train.beta1));
        CHECK(same_bits(m.train.beta2, train.beta2));
        CHECK(same_bits(m.train.epsilon, train.epsilon));
        CHECK(same_bits(m.train.weight_decay, train.weight_decay));
        CHECK(m.train.shuffle_seed == train.shuffle_seed);
        CHECK(m.train.train_subset == train.train_subset);

        // Saving the loaded model gives the same bytes again.
        CHECK(serialize_model(m.net, m.train, m.step) == file);
    }
}

TEST_CASE("model file: the layout is safetensors with PyTorch's names") {
    Mlp net = make_net(NetConfig{}, 5);
    Bytes file = serialize_model(net, TrainConfig{}, 42);
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | file[i];
    CHECK((8 + n) % 8 == 0);  // the data buffer starts 8-byte aligned
    CHECK(file[8] == '{');
    Parts p = split_file(file);
    CHECK(p.buffer.size() == 13002u * 4u);  // the lecture's 13,002 parameters
    const json& meta = p.header["__metadata__"];
    CHECK(meta["format"] == "nnplay");
    CHECK(meta["architecture"] == "784-16-16-10");
    CHECK(meta["format_version"] == "2");
    CHECK(meta["hidden"] == "16,16");
    CHECK(meta["activations"] == "sigmoid,sigmoid");
    CHECK(meta["output"] == "sigmoid_mse");
    CHECK(meta["optimizer"] == "sgd");
    CHECK(meta["lr"] == "3");
    CHECK(meta["batch"] == "10");
    CHECK(meta["beta1"] == "0.9");  // the shortest text that reads back as the same float
    CHECK(meta["beta2"] == "0.999");
    CHECK(meta["epsilon"] == "1e-08");
    CHECK(meta["step"] == "42");
    for (auto it = meta.begin(); it != meta.end(); ++it) CHECK(it->is_string());
    CHECK(p.header.size() == 7);  // metadata + 3 weights + 3 biases
    CHECK(p.header["layer1.weight"]["dtype"] == "F32");
    CHECK(p.header["layer1.weight"]["shape"] == json::array({16, 784}));
    CHECK(p.header["layer1.bias"]["shape"] == json::array({16}));
    CHECK(p.header["layer3.weight"]["shape"] == json::array({10, 16}));
    CHECK(p.header["layer1.weight"]["data_offsets"] == json::array({0, 16 * 784 * 4}));
    // layer2.weight's first value, little-endian float32, at its offset.
    uint64_t off = p.header["layer2.weight"]["data_offsets"][0].get<uint64_t>();
    uint32_t bits = uint32_t(p.buffer[off]) | (uint32_t(p.buffer[off + 1]) << 8) |
                    (uint32_t(p.buffer[off + 2]) << 16) | (uint32_t(p.buffer[off + 3]) << 24);
    float v;
    std::memcpy(&v, &bits, 4);
    CHECK(same_bits(v, net.layers()[1].W[0]));
}

TEST_CASE("model file: damaged and foreign files are rejected, the model untouched") {
    // The caller's model: loaded once, then every failed load must leave it alone.
    const Mlp original = make_net(wide_config(), 1);
    LoadedModel kept;
    REQUIRE(parse(serialize_model(original, odd_train(), 77), kept) == "");

    const Bytes good = serialize_model(make_net(NetConfig{}, 2), TrainConfig{}, 5);
    const Parts parts = split_file(good);
    const uint64_t n = good.size() - 8 - parts.buffer.size();
    std::string err;

    SUBCASE("empty file") {
        err = parse(Bytes{}, kept);
        CHECK(contains(err, "empty file"));
    }
    SUBCASE("truncated at several cut points") {
        const std::size_t h = static_cast<std::size_t>(8 + n);  // where the data starts
        const std::vector<std::size_t> cuts = {1,
                                               7,
                                               8,
                                               9,
                                               8 + (h - 8) / 2,
                                               h - 1,
                                               h,
                                               h + 3,
                                               h + 64 * 4,
                                               good.size() - 4,
                                               good.size() - 1};
        for (std::size_t cut : cuts) {
            CAPTURE(cut);
            Bytes t(good.begin(), good.begin() + static_cast<long>(cut));
            std::string e = parse(t, kept);
            CHECK(!e.empty());
            CHECK(contains(e, "truncated"));
        }
        err = "checked";
    }
    SUBCASE("absurd header length") {
        Bytes b = good;
        for (int i = 0; i < 8; ++i) b[i] = 0xFF;
        err = parse(b, kept);
        CHECK(contains(err, "not a safetensors file"));
        CHECK(contains(err, "18446744073709551615"));
        b = good;
        b[0] = 1;  // header length 1 (too small for any JSON object)
        for (int i = 1; i < 8; ++i) b[i] = 0;
        CHECK(contains(parse(b, kept), "not a safetensors file"));
    }
    SUBCASE("corrupt JSON") {
        std::string text = parts.header.dump();
        text[text.size() / 2] = '}';
        text[text.size() / 3] = '"';
        err = parse(join(text, parts.buffer), kept);
        CHECK(contains(err, "not valid JSON"));
        CHECK(contains(parse(join("[1,2,3]", parts.buffer), kept), "not an object"));
    }
    SUBCASE("wrong dtype") {
        Parts p = parts;
        p.header["layer2.weight"]["dtype"] = "F16";
        err = parse(join(p), kept);
        CHECK(contains(err, "layer2.weight has dtype F16"));
        CHECK(contains(err, "F32"));
    }
    SUBCASE("shape mismatch") {
        Parts p = parts;
        p.header["layer1.weight"]["shape"] = {784, 16};  // transposed
        err = parse(join(p), kept);
        CHECK(contains(
            err,
            "layer1.weight has shape [784, 16] but the architecture 784-16-16-10 needs [16, 784]"));
        p = parts;
        p.header["layer3.bias"]["shape"] = {-10};
        CHECK(contains(parse(join(p), kept), "shape of layer3.bias"));
    }
    SUBCASE("offsets out of range") {
        Parts p = parts;
        const uint64_t size = p.buffer.size();
        p.header["layer3.bias"]["data_offsets"] = {size, size + 40};
        err = parse(join(p), kept);
        CHECK(contains(err, "layer3.bias lies at bytes ["));
        p = parts;
        p.header["layer3.bias"]["data_offsets"] = {40, 0};
        CHECK(contains(parse(join(p), kept), "layer3.bias lies at bytes [40, 0)"));
        p = parts;
        p.header["layer3.bias"]["data_offsets"] = {0};
        CHECK(contains(parse(join(p), kept), "no valid data_offsets"));
    }
    SUBCASE("overlapping tensors and extra data") {
        Parts p = parts;
        p.header["layer2.bias"]["data_offsets"] = p.header["layer1.bias"]["data_offsets"];
        err = parse(join(p), kept);
        CHECK(contains(err, "do not tile"));
        p = parts;
        p.buffer.resize(p.buffer.size() + 8);
        CHECK(contains(parse(join(p), kept), "unexpected extra data"));
    }
    SUBCASE("a foreign safetensors file") {
        json h = {
            {"model.embed", {{"dtype", "F32"}, {"shape", {2, 2}}, {"data_offsets", {0, 16}}}}};
        err = parse(join(h.dump(), Bytes(16, 0)), kept);
        CHECK(contains(err, "not an nnplay model"));
        CHECK(contains(err, "no metadata"));
        CHECK(contains(err, "model.embed"));
        h["__metadata__"] = {{"format", "pt"}};
        err = parse(join(h.dump(), Bytes(16, 0)), kept);
        CHECK(contains(err, "says format \"pt\""));
        h["__metadata__"] = json::object();
        CHECK(contains(parse(join(h.dump(), Bytes(16, 0)), kept), "no \"format\" entry"));
    }
    SUBCASE("nnplay metadata, but a tensor nnplay does not know or one missing") {
        Parts p = parts;
        p.header["model.embed"] = {{"dtype", "F32"}, {"shape", {1}}, {"data_offsets", {0, 4}}};
        err = parse(join(p), kept);
        CHECK(contains(err, "tensor \"model.embed\" that is not part of a 784-16-16-10 network"));
        p = parts;
        p.header.erase("layer3.weight");
        CHECK(contains(parse(join(p), kept), "no tensor layer3.weight"));
    }
    SUBCASE("metadata that does not describe a usable model") {
        auto with = [&](const char* key, json value) {
            Parts p = parts;
            p.header["__metadata__"][key] = value;
            return parse(join(p), kept);
        };
        CHECK(contains(with("architecture", "784-0-10"), "not usable"));
        CHECK(contains(with("architecture", "784-16-10"), "disagrees with its hidden layers \"784-16-16-10\""));
        CHECK(contains(with("activations", "sigmoid,sigmoid,relu"), "2 layers, 3 activations"));
        CHECK(contains(with("activations", "sigmoid,swish"), "\"swish\""));
        CHECK(contains(with("optimizer", "adagrad"), "\"adagrad\""));
        CHECK(contains(with("lr", "fast"), "\"lr\" is \"fast\": lr must be a number from 0.00001 to 1,000"));
        CHECK(contains(with("lr", "nan"), "\"lr\" is \"nan\""));
        CHECK(contains(with("lr", "-1"), "lr must be a number"));
        CHECK(contains(with("momentum", "1.5"), "momentum must be a number from 0 to 0.999 (got 1.5)"));
        CHECK(contains(with("batch", "-3"), "\"batch\" is \"-3\""));
        CHECK(contains(with("seed", "99999999999"), "\"seed\""));
        CHECK(contains(with("step", 12), "\"step\" is not a string"));
        CHECK(contains(with("step", "-1"), "\"step\""));
        CHECK(contains(with("format_version", "3"), "format version \"3\""));
        Parts p = parts;
        p.header["__metadata__"].erase("lr");
        err = parse(join(p), kept);
        CHECK(contains(err, "no \"lr\" entry"));
    }
    REQUIRE(!err.empty());
    CHECK(same_weights(kept.net, original));
    CHECK(kept.net.config() == wide_config());
    CHECK(kept.step == 77);
    CHECK(same_bits(kept.train.learning_rate, odd_train().learning_rate));
}

TEST_CASE("model file: version 1 files (output_loss, batch_size, betas, eps) still load") {
    const Mlp net = make_net(wide_config(), 21);
    TrainConfig t = odd_train();
    Parts p = split_file(serialize_model(net, t, 9));
    json& meta = p.header["__metadata__"];
    meta["format_version"] = "1";
    meta["output_loss"] = meta["output"];
    meta["batch_size"] = meta["batch"];
    meta["eps"] = meta["epsilon"];
    meta["betas"] = meta["beta1"].get<std::string>() + "," + meta["beta2"].get<std::string>();
    for (const char* k : {"output", "batch", "epsilon", "beta1", "beta2", "hidden", "rho"}) meta.erase(k);
    LoadedModel m;
    REQUIRE(parse(join(p), m) == "");
    CHECK(m.net.config() == wide_config());
    t.rho = TrainConfig{}.rho;  // version 1 had no RMSprop
    CHECK(m.train == t);
    CHECK(m.step == 9);
    meta["betas"] = "0.9";
    CHECK(contains(parse(join(p), m), "\"betas\""));
}

TEST_CASE("model file: values that are not finite load with a warning") {
    Mlp net = make_net(NetConfig{}, 3);
    net.layers()[1].W[5] = std::nanf("");
    net.layers()[1].W[6] = -INFINITY;
    LoadedModel m;
    REQUIRE(parse(serialize_model(net, TrainConfig{}, 1), m) == "");
    CHECK(contains(m.warning, "layer2.weight has 2 values that are not finite"));
    CHECK(std::isnan(m.net.layers()[1].W[5]));
}

TEST_CASE("model file: save and load through files") {
    Mlp net = make_net(wide_config(), 8);
    const std::string path = temp_path("m.safetensors");
    REQUIRE(save_model(path, net, odd_train(), 9) == "");
    CHECK(read_all(path) == serialize_model(net, odd_train(), 9));
    LoadedModel m;
    REQUIRE(load_model(path, m) == "");
    CHECK(same_weights(m.net, net));
    CHECK(m.step == 9);

    // Overwriting keeps one complete file, and no partial file is left behind.
    Mlp other = make_net(NetConfig{}, 4);
    REQUIRE(save_model(path, other, TrainConfig{}, 10) == "");
    REQUIRE(load_model(path, m) == "");
    CHECK(same_weights(m.net, other));
    struct stat st;
    CHECK(::stat((path + ".partial").c_str(), &st) != 0);

    // A damaged file on disk: the message names the file; m stays as it was.
    Bytes damaged = read_all(path);
    damaged.resize(damaged.size() - 10);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    std::fwrite(damaged.data(), 1, damaged.size(), f);
    std::fclose(f);
    std::string err = load_model(path, m);
    CHECK(contains(err, path + ": truncated"));
    CHECK(same_weights(m.net, other));
    std::remove(path.c_str());

    CHECK(contains(load_model(path, m), path + ": cannot open"));
    CHECK(contains(save_model("/nonexistent-nnplay-folder/m.safetensors", net, TrainConfig{}, 0),
                   "cannot write"));
    const std::string dir = path.substr(0, path.rfind('/'));
    CHECK(contains(load_model(dir, m), "is a folder"));
}

TEST_CASE("model file: load_model checks the length and the header before reading more") {
    // Big files that are not models (or carry data after one) are refused
    // after reading their header, not read whole first.
    const long long big = 300ll * 1024 * 1024;
    const long long before = bytes_read_so_far();
    REQUIRE_MESSAGE(before >= 0, "/proc/self/io is needed to count the bytes read");
    LoadedModel m;
    m.step = -7;

    // A length that no safetensors file has.
    const std::string junk = temp_path("junk.bin");
    write_padded(junk, Bytes{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, big);
    long long r0 = bytes_read_so_far();
    CHECK(contains(load_model(junk, m), junk + ": not a safetensors file"));
    CHECK(bytes_read_so_far() - r0 < 1024 * 1024);
    std::remove(junk.c_str());

    // A plausible length followed by text that is not JSON.
    const std::string text = temp_path("text.bin");
    Bytes head = join("this is not JSON at all, just words", Bytes{});
    write_padded(text, head, big);
    r0 = bytes_read_so_far();
    CHECK(contains(load_model(text, m), text + ": corrupt header"));
    CHECK(bytes_read_so_far() - r0 < 1024 * 1024);
    std::remove(text.c_str());

    // A real model with 300 MiB after it: only the model's bytes are read.
    const Mlp net = make_net(NetConfig{}, 21);
    const Bytes model = serialize_model(net, TrainConfig{}, 5);
    const std::string tail = temp_path("tail.safetensors");
    write_padded(tail, model, big);
    r0 = bytes_read_so_far();
    const std::string err = load_model(tail, m);
    CHECK(contains(err, tail + ": unexpected extra data: the tensors end at byte " +
                            std::to_string(13002 * 4) + " of a data buffer of "));
    CHECK(bytes_read_so_far() - r0 < 1024 * 1024);
    CHECK(m.step == -7);  // untouched
    std::remove(tail.c_str());

    // The same model alone loads (the stepwise reading stops at its end).
    const std::string alone = temp_path("alone.safetensors");
    write_padded(alone, model, static_cast<long long>(model.size()));
    REQUIRE(load_model(alone, m) == "");
    CHECK(same_weights(m.net, net));
    CHECK(m.step == 5);
    std::remove(alone.c_str());
}

TEST_CASE("model file: random damage to the header never crashes and never half-loads") {
    const Mlp original = make_net(NetConfig{}, 11);
    const Bytes good = serialize_model(original, TrainConfig{}, 3);
    const std::size_t header_end = good.size() - 13002u * 4u;  // 8 + N
    LoadedModel kept;
    REQUIRE(parse(good, kept) == "");
    Mulberry32 rng(2024);
    int rejected = 0;
    for (int trial = 0; trial < 1500; ++trial) {
        Bytes b = good;
        const int flips = 1 + static_cast<int>(rng.next_below(4));
        for (int f = 0; f < flips; ++f) {
            const std::size_t at = rng.next_below(static_cast<uint32_t>(header_end));
            b[at] = static_cast<uint8_t>(rng.next_u32());
        }
        if (rng.next_below(4) == 0) b.resize(rng.next_below(static_cast<uint32_t>(b.size())));
        LoadedModel m;
        m.step = -1;
        const std::string err = parse(b, m);
        if (err.empty()) {
            // Accepted: a complete, consistent model (a flip that kept the header valid).
            CHECK(m.net.config().validate() == "");
            CHECK(m.step >= 0);
        } else {
            ++rejected;
            CHECK(m.step == -1);  // untouched
            CHECK(m.net.layers().empty());
        }
    }
    CHECK(rejected > 1000);
}

TEST_CASE("model file: a header nested 100,000 deep is refused before it is parsed, the model untouched") {
    // A crafted header once killed the playground: its metadata was copied
    // recursively, one stack frame per level. The scan refuses it first.
    const Mlp original = make_net(NetConfig{}, 12);
    const Bytes good = serialize_model(original, TrainConfig{}, 4);
    LoadedModel kept;
    REQUIRE(parse(good, kept) == "");
    const int deep = 100000;
    const std::string nest = std::string(deep, '[') + std::string(deep, ']');
    // Where the copy happened (an entry of nnplay's metadata), a tensor's
    // entry, the whole header; a string full of brackets is not nesting.
    const std::string inside_metadata = "{\"__metadata__\": {\"format\": \"nnplay\", \"x\": " + nest + "}}";
    const std::string inside_tensor = "{\"layer1.weight\": {\"shape\": " + nest + "}}";
    for (const std::string& header : {inside_metadata, inside_tensor, nest}) {
        const std::string err = parse(join(header, Bytes(64, 0)), kept);
        CHECK(contains(err, "corrupt header: its JSON header nests more than 16 levels"));
        CHECK(err.size() < 200);
    }
    CHECK(same_weights(kept.net, original));
    CHECK(kept.step == 4);
    // Brackets inside strings (escaped quotes too) do not count.
    Parts p = split_file(good);
    p.header["__metadata__"]["note"] = "\\\"" + nest;
    CHECK(parse(join(p), kept) == "");
    // The same through a file: refused after reading the header only.
    const std::string path = temp_path("deep.safetensors");
    write_padded(path, join(inside_metadata, Bytes{}), 8 + static_cast<long long>(inside_metadata.size()));
    CHECK(contains(load_model(path, kept), path + ": corrupt header: its JSON header nests more than 16"));
    std::remove(path.c_str());
    CHECK(kept.step == 4);
}

TEST_CASE("model file: a header larger than any nnplay model's is refused before it is read") {
    Bytes head(8, 0);
    const uint64_t n = 5u * 1000u * 1000u;  // 5 MB of header announced
    for (int i = 0; i < 8; ++i) head[i] = static_cast<uint8_t>(n >> (8 * i));
    LoadedModel kept;
    kept.step = 9;
    const std::string err = parse_model(head.data(), head.size(), kept);
    CHECK(contains(err, "not an nnplay model: its first 8 bytes announce a header of 5,000,000 bytes"));
    CHECK(contains(err, "at most 1,048,576"));
    CHECK(kept.step == 9);
}

TEST_CASE("model file: a 1 MB value is quoted short in the message") {
    const Mlp original = make_net(NetConfig{}, 13);
    Parts p = split_file(serialize_model(original, TrainConfig{}, 2));
    const std::string huge(1000000, 'x');
    LoadedModel kept;
    for (const char* key : {"lr", "architecture", "format_version", "format"}) {
        CAPTURE(key);
        Parts q = p;
        q.header["__metadata__"][key] = huge;
        const std::string err = parse(join(q), kept);
        CHECK(!err.empty());
        CHECK(err.size() < 400);
        CHECK(contains(err, "\"" + std::string(60, 'x') + "...\" (1,000,000 bytes)"));
    }
    Parts q = p;
    q.header[huge] = {{"dtype", "F32"}, {"shape", {1}}, {"data_offsets", {0, 4}}};  // a foreign tensor's name
    const std::string err = parse(join(q), kept);
    CHECK(contains(err, "xxx...\" (1,000,000 bytes)"));
    CHECK(err.size() < 400);
    CHECK(kept.net.layers().empty());
}
