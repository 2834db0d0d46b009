// pytorch_export.h: writes a trained network as a PyTorch project a student can
// run: model.safetensors (the engine's model file, model_file.h) and model.py,
// a readable module in the lecture's style:
//
//   class SimpleNeuralNetwork(nn.Module):
//       def __init__(self):
//           self.layer1 = nn.Linear(784, 16) ...
//       def forward(self, x):
//           x = torch.sigmoid(self.layer1(x)) ...
//
// forward() returns what the engine's network outputs: sigmoid activations
// (sigmoid_mse) or softmax probabilities (softmax_ce; logits() gives the raw
// values the cross-entropy is computed from). The tensor names are the model
// file's (layer1.weight (out, in), layer1.bias, ...), so the weights load
// with load_state_dict as they are. model.py also holds a safetensors reader
// and writer that need only torch and Python's standard library, an MNIST IDX
// reader (plain or .gz), the loss and the optimizer with the settings the
// network was trained with, and a command line:
//   python3 model.py --weights model.safetensors --mnist DIR       -> "accuracy 91.23%"
//   python3 model.py ... --train-epochs N [--save more.safetensors] (continues training)
//
// What it does not do: save the optimizer's state (the model file has none,
// so training in PyTorch starts with fresh momentum / Adam moments), or pick
// the minibatch order the engine would (PyTorch shuffles with its own
// generator, seeded with the shuffle seed).
//
// Use:
//   std::string py = pytorch_module_source(net.config(), train_cfg, step);
//   std::string err = export_pytorch("out", net, train_cfg, step);  // out/model.{py,safetensors}
//   std::vector<uint8_t> zip;
//   err = export_pytorch_zip(net, train_cfg, step, time(nullptr), zip);  // both files, one zip
#pragma once
#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "engine/nn/network.h"

namespace nnplay {

inline constexpr const char* kExportWeightsName = "model.safetensors";
inline constexpr const char* kExportModuleName = "model.py";

// The text of model.py for this network and these training settings (step:
// how many minibatches it has been trained, for the comment at the top).
std::string pytorch_module_source(const NetConfig& net, const TrainConfig& train, long long step);

// Writes dir/model.safetensors and dir/model.py, creating dir (one level) if
// needed. Returns "" or a message naming the file that could not be written;
// either file is replaced only once its new content is complete.
std::string export_pytorch(const std::string& dir, const Mlp& net, const TrainConfig& train,
                           long long step);

// Both files in one zip (for the page's download), dated `when` (0: 1980-01-01).
std::string export_pytorch_zip(const Mlp& net, const TrainConfig& train, long long step,
                               std::time_t when, std::vector<uint8_t>& out);

}  // namespace nnplay
