// numbers.cpp: see numbers.h.
#include "engine/util/numbers.h"

namespace nnplay {

std::string thousands(long long v) {
    // The magnitude as unsigned, so that the most negative value has one too.
    const unsigned long long u = v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    const std::string digits = std::to_string(u);
    std::string out = v < 0 ? "-" : "";
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace nnplay
