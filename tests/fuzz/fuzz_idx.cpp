// libFuzzer target: any bytes as an IDX image file and a label file must give
// either a dataset whose sizes agree or a message, never a crash or an
// over-read (built with AddressSanitizer by `make fuzz`).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "engine/data/idx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The first byte chooses where the image file ends and the label file starts.
    if (size < 1) return 0;
    const size_t split = 1 + (size - 1) * data[0] / 255;
    nnplay::Dataset d;
    const std::string err = nnplay::parse_idx_pair(data + 1, split - 1, data + split, size - split, d);
    if (err.empty() &&
        (d.labels.size() != static_cast<size_t>(d.count) ||
         d.pixels.size() != static_cast<size_t>(d.count) * d.dim))
        std::abort();
    return 0;
}
