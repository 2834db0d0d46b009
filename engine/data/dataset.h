// dataset.h: images and labels in memory, ready for the trainer.
// What it does not do: read files (data/idx.h does) or shuffle (the trainer does).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/util/aligned.h"

namespace nnplay {

struct Dataset {
    int count = 0;             // number of samples
    int rows = 28, cols = 28;  // image size
    int dim = 784;             // rows * cols
    FloatVec pixels;           // (count, dim) row-major, pixel / 255 in [0, 1]
    std::vector<uint8_t> labels;  // (count), 0..9

    const float* image(int i) const { return pixels.data() + static_cast<std::size_t>(i) * dim; }
    // The first n samples (n clamped to count).
    Dataset head(int n) const;
};

using DatasetPtr = std::shared_ptr<const Dataset>;

}  // namespace nnplay
