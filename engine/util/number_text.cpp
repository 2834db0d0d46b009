// number_text.cpp: see number_text.h. Written with string streams imbued with
// the classic locale: std::to_chars for floating point would do, but the web
// build's C++ library (emscripten 3.1.6) has none.
#include "engine/util/number_text.h"

#include <cmath>
#include <locale>
#include <sstream>

namespace nnplay {

std::string thousands(long long v) {
    const unsigned long long m = v < 0 ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    std::string digits = std::to_string(m), out;
    const int n = static_cast<int>(digits.size());
    for (int i = 0; i < n; ++i) {
        out += digits[i];
        const int left = n - 1 - i;
        if (left > 0 && left % 3 == 0) out += ',';
    }
    return v < 0 ? "-" + out : out;
}

namespace {

template <class T>
std::string shortest_of(T v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (v == 0) return std::signbit(v) ? "-0" : "0";
    // Whole numbers as digits ("10", not the equally short "1e+01").
    if (std::floor(v) == v && std::fabs(v) < static_cast<T>(1e15))
        return std::to_string(static_cast<long long>(v));
    std::string text;
    for (int digits = 1; digits <= 17; ++digits) {
        std::ostringstream os;
        os.imbue(std::locale::classic());
        os.precision(digits);
        os << v;
        text = os.str();
        std::istringstream is(text);
        is.imbue(std::locale::classic());
        T back{};
        is >> back;
        if (back == v) break;
    }
    return text;
}

}  // namespace

std::string shortest(double v) { return shortest_of(v); }
std::string shortest(float v) { return shortest_of(v); }

bool parse_number(std::string_view text, double* out) {
    std::size_t a = 0, b = text.size();
    while (a < b && (text[a] == ' ' || text[a] == '\t')) ++a;
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t')) --b;
    if (a == b) return false;
    // Only the characters of a plain decimal number: no "nan", "inf", hex or ','.
    for (std::size_t i = a; i < b; ++i) {
        const char c = text[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return false;
    }
    std::istringstream is(std::string(text.substr(a, b - a)));
    is.imbue(std::locale::classic());
    double v = 0;
    is >> v;
    if (is.fail() || !is.eof() || !std::isfinite(v)) return false;
    *out = v;
    return true;
}

}  // namespace nnplay
