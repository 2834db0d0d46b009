// number_text.h: numbers as text, the same on every machine and in every
// locale: "60,000", "0.001", "1e-05". Used wherever a number is written for a
// person or a file (settings messages, model-file metadata, the CLI).
//
// What it does not do: format for the UI's narrow columns (web/app/text.h
// rounds to a few significant digits).
//
// Use:
//   thousands(13002)          // "13,002"
//   shortest(0.1f)            // "0.1": the fewest digits that read back as the same float
//   parse_number("2.5e3", &v) // true, v = 2500; false for "", "1.5x", "nan"
#pragma once
#include <string>
#include <string_view>

namespace nnplay {

std::string thousands(long long v);
// The shortest decimal text that reads back as exactly v (as a double), in
// the "C" locale's form: "3", "0.05", "1e-08", "4294967295".
std::string shortest(double v);
// The shortest text that reads back as exactly the float v.
std::string shortest(float v);
// A whole finite number written in the "C" locale's form (sign, digits, one
// '.', exponent); surrounding blanks are allowed. False for anything else.
bool parse_number(std::string_view text, double* out);

}  // namespace nnplay
