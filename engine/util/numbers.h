// numbers.h: whole numbers written for people, with thousands separators:
// 13002 -> "13,002", -1234567 -> "-1,234,567". The engine's messages, the CLI
// and the playground's panels all write them with this one function.
//
// What it does not do: decimals, units or locales (the separator is always a
// comma, as in the lecture's slides).
//
// Use: std::string s = nnplay::thousands(60000);   // "60,000"
#pragma once
#include <string>

namespace nnplay {

std::string thousands(long long v);

}  // namespace nnplay
