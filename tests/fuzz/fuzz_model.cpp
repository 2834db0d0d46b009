// libFuzzer target: any bytes as a model file must either load a network whose
// weights have the shapes of its architecture or give a message, never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "engine/io/model_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    nnplay::LoadedModel m;
    const std::string err = nnplay::parse_model(data, size, m);
    if (err.empty() && m.net.parameter_count() != m.net.config().parameter_count()) std::abort();
    return 0;
}
