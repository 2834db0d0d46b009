// pytorch_export.cpp: model.py's text and the export of both files (see
// pytorch_export.h). The fixed parts of model.py are raw strings below; only
// the header comment, the layers, forward(), the loss and the optimizer
// depend on the network.
#include "engine/io/pytorch_export.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/io/file_write.h"
#include "engine/io/model_file.h"
#include "engine/io/zip_writer.h"

namespace nnplay {
namespace {

// The shortest decimal that reads back as the same float32, as a Python float
// literal: 3.0, 0.001, 1e-08.
std::string py_float(float v) {
    char buf[32];
    for (int digits = 1; digits <= 9; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(v));
        if (std::strtof(buf, nullptr) == v) break;
    }
    std::string s = buf;
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
}

// For comments: 3, 0.001, 1e-08.
std::string plain(float v) {
    std::string s = py_float(v);
    return s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0 ? s.substr(0, s.size() - 2) : s;
}

// 1234567 -> "1,234,567"
std::string grouped(long long v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    const int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        out += digits[i];
        if ((n - 1 - i) > 0 && (n - 1 - i) % 3 == 0) out += ',';
    }
    return v < 0 ? "-" + out : out;
}

// `x = torch.sigmoid(self.layer1(x))` for one hidden layer.
std::string activation_line(Activation a, const std::string& layer) {
    const std::string z = "self." + layer + "(x)";
    switch (a) {
        case Activation::Sigmoid: return "x = torch.sigmoid(" + z + ")";
        case Activation::Tanh: return "x = torch.tanh(" + z + ")";
        case Activation::ReLU: return "x = torch.relu(" + z + ")";
        case Activation::LeakyReLU: return "x = F.leaky_relu(" + z + ", negative_slope=0.01)";
        case Activation::Identity: return "x = " + z + "  # identity: no activation";
    }
    return "x = " + z;
}

std::string optimizer_call(const TrainConfig& t) {
    std::string args = "model.parameters(), lr=" + py_float(t.learning_rate);
    std::string call;
    switch (t.optimizer) {
        case OptimizerKind::SGD: call = "torch.optim.SGD(" + args; break;
        case OptimizerKind::Momentum:
            call = "torch.optim.SGD(" + args + ", momentum=" + py_float(t.momentum);
            break;
        case OptimizerKind::Nesterov:
            call = "torch.optim.SGD(" + args + ", momentum=" + py_float(t.momentum) +
                   ", nesterov=True";
            break;
        case OptimizerKind::RMSprop:
            call = "torch.optim.RMSprop(" + args + ", alpha=" + py_float(t.rho) +
                   ", eps=" + py_float(t.epsilon);
            break;
        case OptimizerKind::Adam:
            call = "torch.optim.Adam(" + args + ", betas=(" + py_float(t.beta1) + ", " +
                   py_float(t.beta2) + "), eps=" + py_float(t.epsilon);
            break;
    }
    if (t.weight_decay != 0.0f) call += ", weight_decay=" + py_float(t.weight_decay);
    return call + ")";
}

const char* optimizer_words(OptimizerKind o) {
    switch (o) {
        case OptimizerKind::SGD: return "SGD";
        case OptimizerKind::Momentum: return "SGD with momentum";
        case OptimizerKind::Nesterov: return "SGD with Nesterov momentum";
        case OptimizerKind::RMSprop: return "RMSprop";
        case OptimizerKind::Adam: return "Adam";
    }
    return "?";
}

const char* kImports = R"PY(#
# Needs PyTorch and Python's standard library only.
import argparse
import array
import gzip
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

)PY";

const char* kSafetensors = R"PY(

# ---- weights: safetensors, read and written with the standard library ----------

def load_safetensors(path):
    """A safetensors file: 8 bytes giving the header's length (little-endian), a JSON
    header with each tensor's dtype, shape and byte range, then the tensors' bytes."""
    with open(path, "rb") as f:
        data = f.read()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_length])
    metadata = header.pop("__metadata__", {})
    start = 8 + header_length
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            sys.exit(f"{path}: {name} is {info['dtype']}; this reader takes float32 (F32) only")
        begin, end = info["data_offsets"]
        values = array.array("f", data[start + begin:start + end])
        if sys.byteorder == "big":
            values.byteswap()  # the file is little-endian
        tensors[name] = torch.frombuffer(values, dtype=torch.float32).reshape(info["shape"])
    return tensors, metadata


def save_safetensors(path, tensors, metadata):
    """Writes tensors (name -> float32 tensor) and metadata (text -> text) as safetensors."""
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name, tensor in tensors.items():
        values = array.array("f", tensor.detach().flatten().tolist())
        if sys.byteorder == "big":
            values.byteswap()
        raw = values.tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)  # so that the tensors start 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


# ---- MNIST: IDX files, plain or .gz ----------------------------------------------

def read_idx(path):
    """An IDX file: a magic number whose last byte is the number of dimensions,
    one 4-byte big-endian size per dimension, then the values as unsigned bytes."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    shape = struct.unpack(f">{ndim}I", data[4:4 + 4 * ndim])
    return torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8).reshape(shape)


def load_mnist(folder, prefix):
    """prefix "t10k" (the test images) or "train". Returns images (N, 784) as
    pixel / 255 in [0, 1], the network's input, and labels (N) as integers."""
    if not os.path.isdir(folder):
        sys.exit(f"{folder}: no such folder")
    prefixes = (prefix, "test") if prefix == "t10k" else (prefix,)

    def find(kind):
        for name in sorted(os.listdir(folder)):
            if name.startswith(tuple(f"{p}-{kind}" for p in prefixes)):
                return os.path.join(folder, name)
        sys.exit(f"{folder}: no {prefix}-{kind}-idx?-ubyte file (plain or .gz)")

    images, labels = read_idx(find("images")), read_idx(find("labels"))
    return images.reshape(len(images), -1).float() / 255, labels.long()


# ---- testing and training ----------------------------------------------------------

def accuracy(model, images, labels):
    """The share of images whose largest output is at the right digit."""
    with torch.no_grad():
        predicted = model(images).argmax(dim=1)
    return (predicted == labels).float().mean().item()


def train(model, images, labels, epochs):
    """Minibatch training as nnplay does it: each epoch visits every image once in
    a new random order; the last minibatch may be smaller. Returns the steps taken."""
    optimizer = make_optimizer(model)  # starts afresh: nnplay's files hold no optimizer state
    generator = torch.Generator().manual_seed(SHUFFLE_SEED)
    steps = 0
    for epoch in range(1, epochs + 1):
        order = torch.randperm(len(images), generator=generator)
        total = 0.0
        for start in range(0, len(images), BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            optimizer.zero_grad()
            loss = loss_fn(model, images[batch], labels[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
            steps += 1
        print(f"epoch {epoch}/{epochs}: train cost {total / len(images):.4f}")
    return steps


def main():
    parser = argparse.ArgumentParser(
        description="A network trained in nnplay, in PyTorch: test it on MNIST, or train it further.")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--weights", default=os.path.join(here, "model.safetensors"),
                        help="the weights nnplay saved (default: model.safetensors beside model.py)")
    parser.add_argument("--mnist", required=True, metavar="DIR",
                        help="folder with MNIST's IDX files (t10k-images-idx3-ubyte, ...; plain or .gz)")
    parser.add_argument("--train-epochs", type=int, default=0, metavar="N",
                        help="train N epochs on all of DIR's training images, then test again")
    parser.add_argument("--save", metavar="FILE",
                        help="write the weights to FILE (safetensors) at the end")
    args = parser.parse_args()

    if not os.path.isfile(args.weights):
        sys.exit(f"{args.weights}: no such file")
    model = SimpleNeuralNetwork()
    tensors, metadata = load_safetensors(args.weights)
    model.load_state_dict(tensors)
    test_images, test_labels = load_mnist(args.mnist, "t10k")
    print(f"accuracy {100 * accuracy(model, test_images, test_labels):.2f}%")
    if args.train_epochs > 0:
        train_images, train_labels = load_mnist(args.mnist, "train")
        steps = train(model, train_images, train_labels, args.train_epochs)
        metadata["step"] = str(int(metadata.get("step", "0")) + steps)
        print(f"accuracy {100 * accuracy(model, test_images, test_labels):.2f}%")
    if args.save:
        save_safetensors(args.save, model.state_dict(), metadata)
        print(f"saved {args.save}")


if __name__ == "__main__":
    main()
)PY";

}  // namespace

std::string pytorch_module_source(const NetConfig& net, const TrainConfig& train, long long step) {
    const int layers = static_cast<int>(net.hidden.size()) + 1;
    const bool softmax = net.output == OutputLoss::SoftmaxCrossEntropy;
    auto layer = [](int l) { return "layer" + std::to_string(l + 1); };

    // ---- what it is, and how to run it
    std::string acts;
    for (std::size_t i = 0; i < net.activations.size(); ++i)
        acts += (i ? ", " : "") + std::string(name_of(net.activations[i]));
    std::string py = "# model.py: a network trained in nnplay, as a PyTorch module.\n";
    py += "#   " + net.architecture() + ": " +
          (acts.empty() ? std::string("no hidden layer") : "hidden layers " + acts) + "; " +
          (softmax ? "softmax output, cross-entropy loss\n"
                   : "sigmoid output, mean squared error loss\n");
    py += "#   trained " + grouped(step) + " minibatch steps with " +
          optimizer_words(train.optimizer) + ", learning rate " + plain(train.learning_rate) +
          ", batch size " + std::to_string(train.batch_size) + "\n";
    py += "# The weights are in model.safetensors (layer1.weight, layer1.bias, ...).\n#\n";
    py += "#   python3 model.py --weights model.safetensors --mnist DIR\n";
    py += "#       tests it on DIR's MNIST test images and prints \"accuracy 91.23%\"\n";
    py += "#   python3 model.py --mnist DIR --train-epochs 1 --save more.safetensors\n";
    py += "#       trains it further on DIR's training images with nnplay's settings, tests it "
          "again\n";
    py += "#       and saves the weights (nnplay loads them too)\n";
    py += kImports;
    py += "BATCH_SIZE = " + std::to_string(train.batch_size) + "\n";
    py += "SHUFFLE_SEED = " + std::to_string(train.shuffle_seed) +
          "  # PyTorch's shuffling, not nnplay's order of minibatches\n\n\n";

    // ---- the module
    py += "class SimpleNeuralNetwork(nn.Module):\n";
    py += "    def __init__(self):\n";
    py += "        super(SimpleNeuralNetwork, self).__init__()\n";
    int in = net.inputs;
    for (int l = 0; l < layers; ++l) {
        const int out = l + 1 < layers ? net.hidden[l] : net.outputs;
        py += "        self." + layer(l) + " = nn.Linear(" + std::to_string(in) + ", " +
              std::to_string(out) + ")" + (l + 1 == layers ? "  # the output layer" : "") + "\n";
        in = out;
    }
    py += "\n";
    std::string hidden_lines;
    for (int l = 0; l + 1 < layers; ++l)
        hidden_lines += "        " + activation_line(net.activations[l], layer(l)) + "\n";
    const std::string last = "self." + layer(layers - 1) + "(x)";
    if (softmax) {
        py += "    def logits(self, x):\n";
        py += "        \"\"\"The output layer's raw values, before the softmax.\"\"\"\n";
        py += hidden_lines;
        py += "        return " + last + "\n\n";
        py += "    def forward(self, x):\n";
        py += "        # " + std::to_string(net.outputs) +
              " probabilities that sum to 1: what nnplay's output layer shows\n";
        py += "        return torch.softmax(self.logits(x), dim=1)\n\n\n";
        py += "def loss_fn(model, images, labels):\n";
        py += "    # nnplay's cost: cross-entropy -log p[label], mean over the batch. F.cross_entropy\n";
        py += "    # works on the logits (a stable log-softmax), so it stays finite where log(p) "
              "would not.\n";
        py += "    return F.cross_entropy(model.logits(images), labels)\n";
    } else {
        py += "    def forward(self, x):\n";
        py += hidden_lines;
        py += "        x = torch.sigmoid(" + last + ")\n";
        py += "        return x  # " + std::to_string(net.outputs) +
              " outputs in (0, 1): the output layer has a sigmoid too\n\n\n";
        py += "def loss_fn(model, images, labels):\n";
        py += "    # nnplay's cost: (output - one-hot target)^2, mean over the " +
              std::to_string(net.outputs) + " outputs, then over the batch\n";
        py += "    targets = F.one_hot(labels, " + std::to_string(net.outputs) + ").float()\n";
        py += "    return ((model(images) - targets) ** 2).mean()\n";
    }
    py += "\n\ndef make_optimizer(model):\n";
    py += "    # nnplay's optimizer and its settings";
    py += train.weight_decay != 0.0f ? " (weight decay: L2, added to the gradient)\n" : "\n";
    py += "    return " + optimizer_call(train) + "\n";
    py += kSafetensors;
    return py;
}

std::string export_pytorch(const std::string& dir, const Mlp& net, const TrainConfig& train,
                           long long step) {
    if (dir.empty()) return "no output folder given";
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0) {
        if (::mkdir(dir.c_str(), 0777) != 0)
            return dir + ": cannot create the folder: " + std::strerror(errno);
    } else if (!S_ISDIR(st.st_mode)) {
        return dir + ": exists and is not a folder";
    }
    const std::string base = dir.back() == '/' ? dir : dir + "/";
    if (std::string err = save_model(base + kExportWeightsName, net, train, step); !err.empty())
        return err;
    return write_file(base + kExportModuleName, pytorch_module_source(net.config(), train, step));
}

std::string export_pytorch_zip(const Mlp& net, const TrainConfig& train, long long step,
                               std::time_t when, std::vector<uint8_t>& out) {
    if (net.layers().empty()) return "nothing to export: the model has no layers";
    const std::string py = pytorch_module_source(net.config(), train, step);
    std::vector<ZipEntry> entries{
        {kExportModuleName, std::vector<uint8_t>(py.begin(), py.end())},
        {kExportWeightsName, serialize_model(net, train, step)}};
    return make_zip(entries, when, out);
}

}  // namespace nnplay
