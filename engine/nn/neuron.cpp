// neuron.cpp: see neuron.h.
#include "engine/nn/neuron.h"

#include <algorithm>
#include <cmath>

#include "engine/kernels/kernels.h"

namespace nnplay {

NeuronView inspect_neuron(const Mlp& net, const SampleView& v, int layer, int index, int max_terms) {
    NeuronView n;
    const auto& L = net.layers();
    if (layer < 1 || layer > int(L.size()) || v.activations.size() != L.size() + 1) return n;
    const DenseLayer& d = L[std::size_t(layer - 1)];
    const std::vector<float>& in = v.activations[std::size_t(layer - 1)];
    if (index < 0 || index >= d.out || int(in.size()) != d.in) return n;
    n.valid = true;
    n.layer = layer;
    n.index = index;
    n.output = layer == int(L.size());
    n.act = d.act;
    n.softmax = n.output && net.config().output == OutputLoss::SoftmaxCrossEntropy;
    n.inputs = d.in;
    n.bias = d.b[std::size_t(index)];
    const float* w = d.W.data() + std::size_t(index) * std::size_t(d.in);
    std::vector<NeuronTerm> all(std::size_t(d.in));
    double sum = 0;
    float zf = 0;
    for (int k = 0; k < d.in; ++k) {
        all[std::size_t(k)] = {k, in[std::size_t(k)], w[k]};
        sum += double(in[std::size_t(k)]) * double(w[k]);
        zf += in[std::size_t(k)] * w[k];
    }
    n.weighted_sum = sum;
    n.z = zf + n.bias;
    kernels::activation_forward(d.act, &n.z, &n.value, 1);
    if (n.softmax) n.probability = v.outputs[index];
    // The neuron's own output as the network computed it (the GEMM sums in
    // another order): the view shows that one, so that it matches the next
    // layer's input and the outputs' bars.
    const std::vector<float>& out = v.activations[std::size_t(layer)];
    if (!n.softmax && int(out.size()) == d.out) n.value = out[std::size_t(index)];
    const int keep = std::max(0, max_terms);
    if (d.in <= keep) {
        n.terms = std::move(all);
        return n;
    }
    std::partial_sort(all.begin(), all.begin() + keep, all.end(), [](const NeuronTerm& x, const NeuronTerm& y) {
        const float ax = std::fabs(x.a * x.w), ay = std::fabs(y.a * y.w);
        return ax != ay ? ax > ay : x.input < y.input;
    });
    n.terms.assign(all.begin(), all.begin() + keep);
    n.all_terms = false;
    n.rest_count = d.in - keep;
    for (std::size_t k = std::size_t(keep); k < all.size(); ++k) n.rest_sum += double(all[k].a) * double(all[k].w);
    return n;
}

}  // namespace nnplay
