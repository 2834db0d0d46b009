// text_limits.cpp: see text_limits.h.
#include "engine/util/text_limits.h"

#include "engine/util/number_text.h"

namespace nnplay {

std::string shortened(std::string_view text, std::size_t max_chars) {
    std::size_t chars = 0, i = 0;
    // Count characters, not bytes: a UTF-8 continuation byte (10xxxxxx) belongs to the one before.
    for (; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (chars == max_chars) break;
        ++chars;
    }
    if (i >= text.size()) return std::string(text);
    return std::string(text.substr(0, i)) + "...";
}

std::string quote(std::string_view text, std::size_t max_chars) {
    std::string s = shortened(text, max_chars);
    if (s.size() == text.size()) return "\"" + s + "\"";
    return "\"" + s + "\" (" + thousands(static_cast<long long>(text.size())) + " bytes)";
}

int json_depth(std::string_view text, int stop_after) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest && (deepest = depth) > stop_after) return stop_after + 1;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

std::string check_json_text(std::string_view text, std::size_t max_bytes, int max_depth, const std::string& what) {
    if (text.size() > max_bytes)
        return what + " has " + thousands(static_cast<long long>(text.size())) + " bytes; at most " +
               thousands(static_cast<long long>(max_bytes)) + " are read";
    if (json_depth(text, max_depth) > max_depth)
        return what + " nests more than " + std::to_string(max_depth) + " levels of [ ] or { }; at most " +
               std::to_string(max_depth) + " are read";
    return "";
}

}  // namespace nnplay
