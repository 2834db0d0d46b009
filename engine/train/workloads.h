// workloads.h: the three benchmark workloads of shared/BENCH.md as engine
// configurations, so that `nnplay-cli bench` and the side-by-side benchmark
// train exactly the same thing.
//
// What it does not do: load data or time anything (cli/commands.cpp and
// bench/train_bench.cpp do). It lives beside the trainer so that both take it
// from below.
// Every workload uses the first 10,000 training and first 2,000 test images,
// initial weights from seed 42 and the minibatch order from seed 7.
//
// Use:
//   for (const Workload& w : bench_workloads()) { Trainer t(w.net, w.train); ... }
//   const Workload* w = find_workload("W2");   // nullptr when unknown
#pragma once
#include <string>
#include <vector>

#include "engine/nn/config.h"

namespace nnplay {

struct Workload {
    std::string id;     // "W1"
    std::string title;  // "lecture"
    NetConfig net;
    TrainConfig train;
};

inline constexpr int kBenchTrainImages = 10000;
inline constexpr int kBenchTestImages = 2000;

inline std::vector<Workload> bench_workloads() {
    std::vector<Workload> all;
    {  // W1 'lecture': 784-16-16-10 sigmoid everywhere, MSE, SGD lr 3, batch 10.
        Workload w{"W1", "lecture", NetConfig{}, TrainConfig{}};
        w.net.hidden = {16, 16};
        w.net.activations = {Activation::Sigmoid, Activation::Sigmoid};
        w.net.output = OutputLoss::SigmoidMSE;
        w.net.init = InitScheme::GlorotUniform;
        w.train.optimizer = OptimizerKind::SGD;
        w.train.learning_rate = 3.0f;
        w.train.batch_size = 10;
        all.push_back(w);
    }
    {  // W2 'wide': 784-128-64-10 ReLU, softmax + CE, momentum 0.9 lr 0.05, batch 64.
        Workload w{"W2", "wide", NetConfig{}, TrainConfig{}};
        w.net.hidden = {128, 64};
        w.net.activations = {Activation::ReLU, Activation::ReLU};
        w.net.output = OutputLoss::SoftmaxCrossEntropy;
        w.net.init = InitScheme::HeUniform;
        w.train.optimizer = OptimizerKind::Momentum;
        w.train.momentum = 0.9f;
        w.train.learning_rate = 0.05f;
        w.train.batch_size = 64;
        all.push_back(w);
    }
    {  // W3 'big': 784-512-512-10 ReLU, softmax + CE, SGD lr 0.05, batch 256.
        Workload w{"W3", "big", NetConfig{}, TrainConfig{}};
        w.net.hidden = {512, 512};
        w.net.activations = {Activation::ReLU, Activation::ReLU};
        w.net.output = OutputLoss::SoftmaxCrossEntropy;
        w.net.init = InitScheme::HeUniform;
        w.train.optimizer = OptimizerKind::SGD;
        w.train.learning_rate = 0.05f;
        w.train.batch_size = 256;
        all.push_back(w);
    }
    for (Workload& w : all) {
        w.net.seed = 42;
        w.train.shuffle_seed = 7;
        w.train.train_subset = 0;  // the loaded 10,000 images
    }
    return all;
}

inline const Workload* find_workload(const std::string& id) {
    static const std::vector<Workload> all = bench_workloads();
    for (const Workload& w : all)
        if (w.id == id || w.title == id) return &w;
    return nullptr;
}

}  // namespace nnplay
