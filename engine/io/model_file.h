// model_file.h: saves and loads a model as safetensors: an 8-byte little-endian
// header length, a JSON header, then little-endian float32 tensors named as
// PyTorch names them in the exported SimpleNeuralNetwork (layer1.weight (out,in),
// layer1.bias, layer2.weight, ...). The header's "__metadata__" holds the
// architecture, activations, loss, init, seed, optimizer, hyperparameters and
// step count (safetensors metadata values are strings):
//   format "nnplay", format_version "1", architecture "784-16-16-10",
//   activations "sigmoid,sigmoid" (hidden layers), output_loss, init, seed,
//   optimizer, lr, batch_size, momentum, betas "0.9,0.999", eps, weight_decay,
//   shuffle_seed, train_subset, step, pytorch_class "SimpleNeuralNetwork".
// Floats are written with 9 significant digits, so everything round-trips
// bit-identically. The header is space-padded so the data starts 8-byte aligned.
//
// Loading validates everything: header length against the file size, the
// JSON, nnplay's metadata (a foreign safetensors file is named as such), dtype
// F32 only, shapes against the architecture, offsets that tile the data buffer
// exactly. Values that are not finite load, with LoadedModel::warning set.
//
// What it does not do: save optimizer state or training history.
// Loading is all-or-nothing: a corrupt, truncated or foreign file returns a
// message and leaves the caller's model untouched.
//
// Use:
//   std::string err = save_model("m.safetensors", net, train_cfg, step);
//   LoadedModel m; err = load_model("m.safetensors", m);  // then adopt m.net
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/nn/network.h"

namespace nnplay {

struct LoadedModel {
    Mlp net;
    TrainConfig train;
    long long step = 0;
    std::string warning;  // "" or e.g. "layer2.weight has 3 values that are not finite ..."
};

std::vector<uint8_t> serialize_model(const Mlp& net, const TrainConfig& train, long long step);
std::string parse_model(const uint8_t* data, std::size_t size, LoadedModel& out);
std::string save_model(const std::string& path, const Mlp& net, const TrainConfig& train,
                       long long step);
std::string load_model(const std::string& path, LoadedModel& out);

}  // namespace nnplay
