// text.cpp: see text.h.
#include "web/app/text.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace nnplay::text {

std::string printf(const char* fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

std::string number(double v, int sig) {
    if (std::isnan(v)) return "–";
    return printf("%.*g", sig, v);
}

std::string percent(double fraction, int decimals) {
    if (std::isnan(fraction)) return "–";
    return printf("%.*f%%", decimals, fraction * 100.0);
}

std::string duration(double s) {
    if (!(s >= 0)) return "–";
    if (s < 10) return printf("%.1f s", s);
    if (s < 60) return printf("%.0f s", s);
    const long long t = static_cast<long long>(s);
    if (t < 3600) return printf("%lld min %02lld s", t / 60, t % 60);
    return printf("%lld h %02lld min", t / 3600, (t / 60) % 60);
}

}  // namespace nnplay::text
