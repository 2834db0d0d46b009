// text.h: numbers as the playground writes them: "13,002", "3.2k", "91.2%",
// "1 min 12 s". Plain functions, no ImGui.
#pragma once
#include <string>

#include "engine/util/number_text.h"

namespace nnplay::text {

using nnplay::thousands;                     // 13002 -> "13,002" (the engine's, engine/util/number_text.h)
std::string number(double v, int sig = 4);   // %.4g without trailing noise
std::string percent(double fraction, int decimals = 1);  // 0.912 -> "91.2%"
std::string duration(double seconds);        // "0.8 s", "12 s", "3 min 05 s", "1 h 02 min"
std::string printf(const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

}  // namespace nnplay::text
