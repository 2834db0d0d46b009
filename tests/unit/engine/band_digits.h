// band_digits.h: a small synthetic data set the engine tests train on: n images
// of 784 pixels, label i % 10, noise in [0, 0.3) from mulberry32 plus a bright
// band of 78 pixels whose place is the label, so that a network learns them
// in a few steps. Deterministic for a seed.
#pragma once
#include <cstdint>
#include <memory>

#include "engine/data/dataset.h"
#include "engine/util/rng.h"

namespace nnplay::testing {

inline DatasetPtr band_digits(int n, uint32_t seed) {
    auto d = std::make_shared<Dataset>();
    d->count = n;
    d->pixels.resize(static_cast<std::size_t>(n) * 784);
    d->labels.resize(n);
    Mulberry32 rng(seed);
    for (int i = 0; i < n; ++i) {
        d->labels[i] = static_cast<uint8_t>(i % 10);
        float* p = d->pixels.data() + static_cast<std::size_t>(i) * 784;
        for (int k = 0; k < 784; ++k) p[k] = static_cast<float>(rng.next_unit() * 0.3);
        for (int k = 0; k < 78; ++k) p[(i % 10) * 78 + k] += 0.7f;
    }
    return d;
}

}  // namespace nnplay::testing
