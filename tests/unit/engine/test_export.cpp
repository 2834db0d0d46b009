// Tests of the PyTorch export (engine/io/pytorch_export.h) and the zip writer
// (engine/io/zip_writer.h): the text of model.py for each architecture, output,
// activation and optimizer; the two exported files; and zips read back here by
// walking their records as an unzip tool does. (tests/export/ runs the exported
// model.py with PyTorch.)
#include <doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "engine/io/file_write.h"
#include "engine/io/model_file.h"
#include "engine/io/pytorch_export.h"
#include "engine/io/zip_writer.h"

using namespace nnplay;

namespace {

using Bytes = std::vector<uint8_t>;

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

int count_of(const std::string& s, const std::string& part) {
    int n = 0;
    for (std::size_t k = s.find(part); k != std::string::npos; k = s.find(part, k + 1)) ++n;
    return n;
}

std::string temp_dir(const std::string& name) {
    const char* tmp = std::getenv("TMPDIR");
    static unsigned counter = 0;
    auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    return std::string(tmp && *tmp ? tmp : "/tmp") + "/nnplay-export-" +
           std::to_string(static_cast<unsigned long long>(ticks)) + "-" +
           std::to_string(counter++) + "-" + name;
}

Bytes read_all(const std::string& path) {
    Bytes b;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return b;
    uint8_t buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) b.insert(b.end(), buf, buf + n);
    std::fclose(f);
    return b;
}

uint32_t le16(const Bytes& b, std::size_t at) { return b[at] | (b[at + 1] << 8); }
uint32_t le32(const Bytes& b, std::size_t at) {
    return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (uint32_t(b[at + 3]) << 24);
}

// Reads a zip as an unzip tool does: the end record, then each central
// directory record, then the local header it points to. Fails the test on any
// inconsistency; returns name -> data.
struct ZipFile {
    std::string name;
    Bytes data;
    uint16_t date = 0, time = 0;
};
std::vector<ZipFile> read_zip(const Bytes& z) {
    std::vector<ZipFile> files;
    REQUIRE(z.size() >= 22);
    const std::size_t end = z.size() - 22;
    REQUIRE(le32(z, end) == 0x06054b50u);
    const uint32_t count = le16(z, end + 10), dir_size = le32(z, end + 12), dir = le32(z, end + 16);
    CHECK(le16(z, end + 8) == count);
    REQUIRE(dir + dir_size == end);
    std::size_t at = dir;
    for (uint32_t i = 0; i < count; ++i) {
        REQUIRE(le32(z, at) == 0x02014b50u);
        CHECK(le16(z, at + 10) == 0);  // stored
        const uint32_t crc = le32(z, at + 16), csize = le32(z, at + 20), size = le32(z, at + 24);
        const uint32_t name_len = le16(z, at + 28), extra = le16(z, at + 30), comment = le16(z, at + 32);
        const uint32_t local = le32(z, at + 42);
        CHECK(csize == size);
        ZipFile f;
        f.name.assign(z.begin() + at + 46, z.begin() + at + 46 + name_len);
        f.time = static_cast<uint16_t>(le16(z, at + 12));
        f.date = static_cast<uint16_t>(le16(z, at + 14));
        // The local header repeats the same facts.
        REQUIRE(le32(z, local) == 0x04034b50u);
        CHECK(le16(z, local + 8) == 0);
        CHECK(le32(z, local + 14) == crc);
        CHECK(le32(z, local + 18) == csize);
        CHECK(le32(z, local + 22) == size);
        REQUIRE(le16(z, local + 26) == name_len);
        CHECK(std::string(z.begin() + local + 30, z.begin() + local + 30 + name_len) == f.name);
        const std::size_t data = local + 30 + name_len + le16(z, local + 28);
        REQUIRE(data + size <= dir);
        f.data.assign(z.begin() + data, z.begin() + data + size);
        CHECK(crc32(f.data.data(), f.data.size()) == crc);
        files.push_back(f);
        at += 46 + name_len + extra + comment;
    }
    CHECK(at == end);
    return files;
}

NetConfig deep_softmax() {
    NetConfig n;
    n.hidden = {64, 32, 16, 8};
    n.activations = {Activation::ReLU, Activation::Tanh, Activation::LeakyReLU, Activation::Identity};
    n.output = OutputLoss::SoftmaxCrossEntropy;
    return n;
}

}  // namespace

// ---- model.py ------------------------------------------------------------------------

TEST_CASE("model.py for the lecture's network: three nn.Linear layers, sigmoids, MSE, SGD") {
    const std::string py = pytorch_module_source(NetConfig{}, TrainConfig{}, 1234);
    CHECK(contains(py, "class SimpleNeuralNetwork(nn.Module):\n"
                       "    def __init__(self):\n"
                       "        super(SimpleNeuralNetwork, self).__init__()\n"
                       "        self.layer1 = nn.Linear(784, 16)\n"
                       "        self.layer2 = nn.Linear(16, 16)\n"
                       "        self.layer3 = nn.Linear(16, 10)  # the output layer\n"));
    // forward() returns what the engine outputs: the output layer has a sigmoid too.
    CHECK(contains(py, "    def forward(self, x):\n"
                       "        x = torch.sigmoid(self.layer1(x))\n"
                       "        x = torch.sigmoid(self.layer2(x))\n"
                       "        x = torch.sigmoid(self.layer3(x))\n"
                       "        return x"));
    CHECK_FALSE(contains(py, "logits"));
    CHECK(contains(py, "targets = F.one_hot(labels, 10).float()\n"
                       "    return ((model(images) - targets) ** 2).mean()\n"));
    CHECK(contains(py, "    return torch.optim.SGD(model.parameters(), lr=3.0)\n"));
    CHECK(contains(py, "BATCH_SIZE = 10\n"));
    CHECK(contains(py, "SHUFFLE_SEED = 7 "));
    CHECK(contains(py, "trained 1,234 minibatch steps with SGD, learning rate 3, batch size 10"));
    CHECK(contains(py, "#   784-16-16-10: hidden layers sigmoid, sigmoid; sigmoid output"));
    // The loader, the reader, the command line.
    CHECK(contains(py, "def load_safetensors(path):"));
    CHECK(contains(py, "def save_safetensors(path, tensors, metadata):"));
    CHECK(contains(py, "def read_idx(path):"));
    CHECK(contains(py, "print(f\"accuracy {100 * accuracy(model, test_images, test_labels):.2f}%\")"));
    CHECK(contains(py, "\"--train-epochs\""));
    CHECK(contains(py, "if __name__ == \"__main__\":\n    main()\n"));
    // Only torch and the standard library; no tabs (Python's indentation is spaces).
    CHECK_FALSE(contains(py, "import numpy"));
    CHECK_FALSE(contains(py, "safetensors import"));
    CHECK_FALSE(contains(py, "\t"));
    CHECK(py.back() == '\n');
}

TEST_CASE("model.py for softmax + cross-entropy: logits(), softmax in forward(), every activation") {
    const std::string py = pytorch_module_source(deep_softmax(), TrainConfig{}, 0);
    CHECK(contains(py, "        self.layer1 = nn.Linear(784, 64)\n"
                       "        self.layer2 = nn.Linear(64, 32)\n"
                       "        self.layer3 = nn.Linear(32, 16)\n"
                       "        self.layer4 = nn.Linear(16, 8)\n"
                       "        self.layer5 = nn.Linear(8, 10)  # the output layer\n"));
    CHECK(contains(py, "    def logits(self, x):\n"));
    CHECK(contains(py, "        x = torch.relu(self.layer1(x))\n"
                       "        x = torch.tanh(self.layer2(x))\n"
                       "        x = F.leaky_relu(self.layer3(x), negative_slope=0.01)\n"
                       "        x = self.layer4(x)  # identity: no activation\n"
                       "        return self.layer5(x)\n"));
    CHECK(contains(py, "        return torch.softmax(self.logits(x), dim=1)\n"));
    // Stable cross-entropy from the logits, not log of the probabilities.
    CHECK(contains(py, "    return F.cross_entropy(model.logits(images), labels)\n"));
    CHECK_FALSE(contains(py, "torch.log("));
    CHECK_FALSE(contains(py, "one_hot"));
    CHECK(count_of(py, "torch.sigmoid") == 0);
    CHECK(contains(py, "hidden layers relu, tanh, leaky_relu, identity; softmax output, cross-entropy"));
}

TEST_CASE("model.py without hidden layers") {
    NetConfig n;
    n.hidden.clear();
    n.activations.clear();
    const std::string py = pytorch_module_source(n, TrainConfig{}, 0);
    CHECK(contains(py, "        self.layer1 = nn.Linear(784, 10)  # the output layer\n\n"));
    CHECK(contains(py, "    def forward(self, x):\n        x = torch.sigmoid(self.layer1(x))\n"));
    CHECK_FALSE(contains(py, "layer2"));
    CHECK(contains(py, "784-10: no hidden layer;"));
}

TEST_CASE("model.py's optimizer: PyTorch's class and arguments for each of nnplay's") {
    struct Case {
        OptimizerKind kind;
        float lr, wd;
        const char* call;
    };
    const Case cases[] = {
        {OptimizerKind::SGD, 0.1f, 0.0f, "torch.optim.SGD(model.parameters(), lr=0.1)"},
        {OptimizerKind::SGD, 3.0f, 0.0005f,
         "torch.optim.SGD(model.parameters(), lr=3.0, weight_decay=0.0005)"},
        {OptimizerKind::Momentum, 0.05f, 0.0f,
         "torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.85)"},
        {OptimizerKind::Nesterov, 0.05f, 1e-4f,
         "torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.85, nesterov=True, "
         "weight_decay=0.0001)"},
        {OptimizerKind::RMSprop, 0.001f, 0.0f,
         "torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.95, eps=1e-07)"},
        {OptimizerKind::Adam, 0.001f, 0.01f,
         "torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.8, 0.995), eps=1e-07, "
         "weight_decay=0.01)"},
    };
    for (const Case& c : cases) {
        TrainConfig t;
        t.optimizer = c.kind;
        t.learning_rate = c.lr;
        t.weight_decay = c.wd;
        t.momentum = 0.85f;
        t.rho = 0.95f;
        t.beta1 = 0.8f;
        t.beta2 = 0.995f;
        t.epsilon = 1e-7f;
        t.batch_size = 64;
        t.shuffle_seed = 99;
        const std::string py = pytorch_module_source(NetConfig{}, t, 0);
        CAPTURE(c.call);
        CHECK(contains(py, std::string("    return ") + c.call + "\n"));
        CHECK(contains(py, "BATCH_SIZE = 64\n"));
        CHECK(contains(py, "SHUFFLE_SEED = 99 "));
        CHECK(contains(py, "(weight decay: L2, added to the gradient)") == (c.wd != 0.0f));
    }
}

// ---- the exported files ----------------------------------------------------------------

TEST_CASE("export_pytorch writes the engine's model file and model.py; a file in the way is named") {
    Mlp net(deep_softmax());
    TrainConfig t;
    t.optimizer = OptimizerKind::Adam;
    t.learning_rate = 0.002f;
    const std::string dir = temp_dir("out");
    REQUIRE(export_pytorch(dir, net, t, 77) == "");
    const Bytes st = read_all(dir + "/model.safetensors");
    const Bytes py = read_all(dir + "/model.py");
    CHECK(st == serialize_model(net, t, 77));
    const std::string want = pytorch_module_source(net.config(), t, 77);
    CHECK(std::string(py.begin(), py.end()) == want);
    // The model file loads back as the same network.
    LoadedModel back;
    REQUIRE(load_model(dir + "/model.safetensors", back) == "");
    CHECK(back.net.layers()[2].W == net.layers()[2].W);
    CHECK(back.step == 77);
    // Exporting again replaces both files.
    REQUIRE(export_pytorch(dir + "/", net, t, 78) == "");
    CHECK(read_all(dir + "/model.safetensors") == serialize_model(net, t, 78));

    // A file where the folder should be: a message, nothing written.
    const std::string file = temp_dir("plain-file");
    REQUIRE(write_file(file, std::string("not a folder")) == "");
    const std::string err = export_pytorch(file, net, t, 1);
    CHECK(contains(err, "exists and is not a folder"));
    CHECK(contains(err, file));
    CHECK(contains(export_pytorch(dir + "/no/such/parent", net, t, 1), "cannot create the folder"));
    CHECK(export_pytorch("", net, t, 1) != "");
    std::remove((dir + "/model.safetensors").c_str());
    std::remove((dir + "/model.py").c_str());
    ::rmdir(dir.c_str());
    std::remove(file.c_str());
}

TEST_CASE("export_pytorch_zip: model.py and model.safetensors in one zip, dated") {
    Mlp net(NetConfig{});
    const TrainConfig t;
    std::tm when_tm{};
    when_tm.tm_year = 2025 - 1900;
    when_tm.tm_mon = 2;  // March
    when_tm.tm_mday = 14;
    when_tm.tm_hour = 15;
    when_tm.tm_min = 9;
    when_tm.tm_sec = 26;
    when_tm.tm_isdst = -1;
    const std::time_t when = std::mktime(&when_tm);
    Bytes zip;
    REQUIRE(export_pytorch_zip(net, t, 5, when, zip) == "");
    const std::vector<ZipFile> files = read_zip(zip);
    REQUIRE(files.size() == 2);
    CHECK(files[0].name == "model.py");
    const std::string py = pytorch_module_source(net.config(), t, 5);
    CHECK(files[0].data == Bytes(py.begin(), py.end()));
    CHECK(files[1].name == "model.safetensors");
    CHECK(files[1].data == serialize_model(net, t, 5));
    // MS-DOS date and time (local): 2025-03-14 15:09:26.
    CHECK(files[0].date == (((2025 - 1980) << 9) | (3 << 5) | 14));
    CHECK(files[0].time == ((15 << 11) | (9 << 5) | (26 / 2)));

    Bytes untouched{1, 2, 3};
    CHECK(export_pytorch_zip(Mlp{}, t, 0, when, untouched) != "");
    CHECK(untouched == Bytes{1, 2, 3});
}

// ---- the zip writer ------------------------------------------------------------------

TEST_CASE("crc32: the standard check value, and continuing a running value") {
    const char* check = "123456789";
    const auto* p = reinterpret_cast<const uint8_t*>(check);
    CHECK(crc32(p, 9) == 0xCBF43926u);
    CHECK(crc32(p + 4, 5, crc32(p, 4)) == 0xCBF43926u);
    CHECK(crc32(p, 0) == 0u);
}

TEST_CASE("make_zip: entries read back; empty files, folders, every byte value; bad input refused") {
    Bytes every(256 * 3);
    for (std::size_t i = 0; i < every.size(); ++i) every[i] = static_cast<uint8_t>(i * 7 + 3);
    const std::vector<ZipEntry> entries{
        {"a.txt", Bytes{'h', 'i', '\n'}}, {"empty", {}}, {"folder/bytes.bin", every}};
    Bytes zip;
    REQUIRE(make_zip(entries, 0, zip) == "");
    const std::vector<ZipFile> files = read_zip(zip);
    REQUIRE(files.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(files[i].name == entries[i].name);
        CHECK(files[i].data == entries[i].data);
        CHECK(files[i].date == ((1 << 5) | 1));  // no time given: 1980-01-01
        CHECK(files[i].time == 0);
    }
    // Stored: the archive is the data plus headers, nothing more.
    CHECK(zip.size() == 3 + 0 + every.size() + 3 * (30 + 46) + 2 * (5 + 5 + 16) + 22);

    Bytes none;
    REQUIRE(make_zip({}, 0, none) == "");
    CHECK(read_zip(none).empty());

    Bytes kept{9};
    CHECK(make_zip({{"x", {}}, {"x", {}}}, 0, kept) == "the zip would hold \"x\" twice");
    CHECK(contains(make_zip({{"", {}}}, 0, kept), "name"));
    CHECK(kept == Bytes{9});
}
