// dataset.cpp: Dataset::head, a copy of the first n samples (see dataset.h).
#include "engine/data/dataset.h"

#include <algorithm>

namespace nnplay {

Dataset Dataset::head(int n) const {
    Dataset d;
    d.rows = rows;
    d.cols = cols;
    d.dim = dim;
    d.count = std::clamp(n, 0, count);
    const std::size_t floats = static_cast<std::size_t>(d.count) * static_cast<std::size_t>(dim);
    d.pixels.assign(pixels.begin(), pixels.begin() + static_cast<std::ptrdiff_t>(floats));
    d.labels.assign(labels.begin(), labels.begin() + d.count);
    return d;
}

}  // namespace nnplay
