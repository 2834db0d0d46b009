// libFuzzer target: the settings parser (engine/settings/settings.h) on any
// bytes, through each of its doors: configure()'s JSON, the URL's and
// data-config's key=value text, and the CLI's flags. Each must either refuse
// with a message and leave the settings as they were, or give settings that
// validate and that survive a round trip through their own URL text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/settings/settings.h"

namespace {

using nnplay::Settings;
using json = nlohmann::json;

// key=value pairs split at '&' and the first '=' (no percent-decoding: the
// page's URLSearchParams does that before the engine sees them).
std::vector<std::pair<std::string, std::string>> pairs_of(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t a = 0;
    while (a <= text.size()) {
        std::size_t b = text.find('&', a);
        if (b == std::string::npos) b = text.size();
        const std::string part = text.substr(a, b - a);
        const std::size_t eq = part.find('=');
        if (!part.empty()) out.emplace_back(part.substr(0, eq), eq == std::string::npos ? "" : part.substr(eq + 1));
        a = b + 1;
    }
    return out;
}

// What an accepted change must give: valid settings whose query reads back to them.
void check_accepted(const Settings& s, int loaded) {
    if (!nnplay::validate_settings(s, loaded).empty()) std::abort();
    Settings back;
    json changes = json::object();
    for (const auto& [key, text] : pairs_of(nnplay::settings_query(s, false))) {
        const nnplay::Setting* row = nnplay::find_setting(key);
        if (!row) std::abort();
        json v;
        if (!nnplay::setting_from_text(*row, text, v).empty()) std::abort();
        changes[key] = v;
    }
    if (!nnplay::apply_settings(back, changes, loaded).empty() || back != s) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const int door = data[0] % 3;
    const int loaded = (data[0] & 0x80) ? 60000 : 0;  // data loaded or not yet
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    Settings s;
    const Settings before = s;
    std::string err;
    if (door == 0) {  // configure({...})
        const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
        err = nnplay::apply_settings(s, j, loaded);
    } else if (door == 1) {  // the URL: each key alone, as App::configure_text does
        for (const auto& [key, value] : pairs_of(text)) {
            const nnplay::Setting* row = nnplay::find_setting(key);
            json v;
            if (!row || !nnplay::setting_from_text(*row, value, v).empty()) continue;
            Settings trial = s;
            if (nnplay::apply_settings(trial, json{{key, v}}, loaded).empty()) s = trial;
        }
    } else {  // nnplay-cli's flags
        err = nnplay::apply_flags(s, pairs_of(text));
    }
    if (!err.empty()) {
        if (s != before) std::abort();  // a refusal changes nothing
        return 0;
    }
    check_accepted(s, loaded);
    return 0;
}
