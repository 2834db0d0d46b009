// neuron.h: what one neuron computes for one sample, in the lecture's terms
// (a_j = σ(w_j,0 a_0 + w_j,1 a_1 + ... + w_j,n a_n + b_j)): its inputs' terms
// a_k·w_j,k, their sum, the bias, z and the activation's value. The neuron
// view and state().neuron read it.
//
// What it does not do: run the network (Mlp::inspect gives the activations)
// or draw anything.
#pragma once
#include <vector>

#include "engine/nn/network.h"

namespace nnplay {

struct NeuronTerm {
    int input = 0;   // k: the input's index in the layer before (a pixel for layer 1)
    float a = 0;     // a_k: that input's activation for this sample
    float w = 0;     // w_j,k: the weight from it
};

struct NeuronView {
    bool valid = false;
    int layer = 1;                 // 1 = the first hidden layer, the output layer last
    int index = 0;                 // j, from 0 as in the lecture's subscripts
    bool output = false;           // the output layer
    Activation act = Activation::Sigmoid;
    bool softmax = false;          // the output layer of a softmax network: act is Identity, p below
    int inputs = 0;                // n + 1 inputs
    float bias = 0;                // b_j
    double weighted_sum = 0;       // Σ_k w_j,k a_k (in double: the terms' exact sum)
    float z = 0;                   // weighted_sum + b_j, as the network computed it (float)
    float value = 0;               // act(z): what the neuron outputs (a logit for softmax)
    float probability = 0;         // softmax: the output's probability (from all ten logits)
    // Every term when inputs <= max_terms, in input order; otherwise the
    // max_terms largest |a·w|, largest first, and what the others add up to.
    std::vector<NeuronTerm> terms;
    bool all_terms = true;
    int rest_count = 0;
    double rest_sum = 0;
};

// Neuron `index` of `layer` (1-based: 1 = first hidden, the output layer last)
// for the sample whose activations `v` holds (Mlp::inspect on this network).
// Not valid when the layer or index does not exist or `v` is not this network's.
NeuronView inspect_neuron(const Mlp& net, const SampleView& v, int layer, int index, int max_terms = 32);

}  // namespace nnplay
