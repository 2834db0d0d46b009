// text_limits.h: limits on text that comes from outside (a URL, a page's
// script, a file), applied before the text costs anything:
//   - quote(): user text as a message quotes it: at most 60 characters, cut
//     on a UTF-8 character boundary, with "..." and the full length when cut,
//     so that a 1 MB value never makes a 1 MB message;
//   - check_json_text(): JSON text's size and nesting depth, checked by one
//     scan of its bytes (brackets outside strings) BEFORE it is parsed, so that
//     a parser, a copy or a message never recurses as deep as a crafted input
//     nests.
//
// What it does not do: parse JSON or judge whether it is valid (nlohmann-json
// does that afterwards); a text that passes may still be refused by the parser.
//
// Use:
//   err = "unknown setting " + quote(key);
//   if (std::string e = check_json_text(text, 64 * 1024, 32, "configure()'s object"); !e.empty()) return e;
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace nnplay {

inline constexpr std::size_t kQuoteChars = 60;

// "text" in double quotes, or "first 60 characters..." (N bytes) when longer.
std::string quote(std::string_view text, std::size_t max_chars = kQuoteChars);

// At most max_chars characters of text (on a UTF-8 boundary), "..." added when cut; no quotes.
std::string shortened(std::string_view text, std::size_t max_chars = kQuoteChars);

// The deepest nesting of [ and { outside strings in `text`, stopping early
// once it passes `stop_after` (then it returns stop_after + 1).
int json_depth(std::string_view text, int stop_after);

// "" when `text` has at most max_bytes bytes and nests at most max_depth
// levels; else a message naming `what` ("the model file's header").
std::string check_json_text(std::string_view text, std::size_t max_bytes, int max_depth, const std::string& what);

}  // namespace nnplay
