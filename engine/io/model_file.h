// model_file.h: saves and loads a model as safetensors: an 8-byte little-endian
// header length, a JSON header, then little-endian float32 tensors named as
// PyTorch names them in the exported SimpleNeuralNetwork (layer1.weight (out,in),
// layer1.bias, layer2.weight, ...). The header's "__metadata__" holds the
// architecture, activations, loss, init, seed, optimizer, hyperparameters and
// step count (safetensors metadata values are strings).
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
};

std::vector<uint8_t> serialize_model(const Mlp& net, const TrainConfig& train, long long step);
std::string parse_model(const uint8_t* data, std::size_t size, LoadedModel& out);
std::string save_model(const std::string& path, const Mlp& net, const TrainConfig& train,
                       long long step);
std::string load_model(const std::string& path, LoadedModel& out);

}  // namespace nnplay
