// export_helper: what the PyTorch export test (test_pytorch_export.py) needs
// from the engine besides nnplay-cli:
//   export_helper outputs MODEL MNIST_DIR COUNT OUT   the engine's outputs for the first
//       COUNT test images, (COUNT, 10) little-endian float32, computed in chunks of
//       kEvalChunk as Trainer::evaluate computes them
//   export_helper init MODEL OUT    the model's initial weights (its architecture, init
//       and seed, step 0) with the same training settings, as a model file
//   export_helper zip MODEL OUT     the page's export: model.py + model.safetensors in one zip
// Exit code 0, or 1 with a message.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "engine/data/idx.h"
#include "engine/io/file_write.h"
#include "engine/io/model_file.h"
#include "engine/io/pytorch_export.h"

using namespace nnplay;

namespace {

int fail(const std::string& msg) {
    std::fprintf(stderr, "export_helper: %s\n", msg.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    const int want = mode == "outputs" ? 6 : 4;
    if ((mode != "outputs" && mode != "init" && mode != "zip") || argc != want)
        return fail("usage: export_helper outputs MODEL MNIST_DIR COUNT OUT | init MODEL OUT | zip MODEL OUT");
    LoadedModel m;
    if (std::string err = load_model(argv[2], m); !err.empty()) return fail(err);

    if (mode == "init") {
        const Mlp fresh(m.net.config());
        std::string err = save_model(argv[3], fresh, m.train, 0);
        return err.empty() ? 0 : fail(err);
    }
    if (mode == "zip") {
        std::vector<uint8_t> zip;
        std::string err = export_pytorch_zip(m.net, m.train, m.step, std::time(nullptr), zip);
        if (err.empty()) err = write_file(argv[3], zip);
        return err.empty() ? 0 : fail(err);
    }

    const std::string dir = argv[3];
    const int count = std::atoi(argv[4]);
    Dataset test;
    if (std::string err = load_idx_pair(dir + "/t10k-images-idx3-ubyte", dir + "/t10k-labels-idx1-ubyte",
                                        test, count);
        !err.empty())
        return fail(err);
    if (test.count != count) return fail("the test set has fewer than " + std::to_string(count) + " images");
    const int N = m.net.config().outputs;
    std::vector<float> out(static_cast<std::size_t>(count) * N);
    Workspace ws;
    for (int begin = 0; begin < count; begin += kEvalChunk) {
        const int c = std::min(kEvalChunk, count - begin);
        m.net.forward_loss(test.image(begin), test.labels.data() + begin, c, ws);
        std::memcpy(out.data() + static_cast<std::size_t>(begin) * N, ws.output(),
                    sizeof(float) * static_cast<std::size_t>(c) * N);
    }
    std::string err = write_file(argv[5], out.data(), out.size() * sizeof(float));  // x86, wasm: little-endian
    return err.empty() ? 0 : fail(err);
}
