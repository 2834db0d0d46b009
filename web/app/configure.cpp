// configure.cpp: settings from outside the panels. The page's configure()
// takes JSON and applies all of it or nothing; the URL and data-config take
// text, each key on its own. Both read the table of settings
// (engine/settings/settings.h), so a refused value gets the same message here
// as in the CLI or a model file.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/util/text_limits.h"
#include "web/app/app_core.h"

namespace nnplay {

std::string AppCore::configure(const nlohmann::json& changes) {
    Settings next = settings;
    next.net = trainer.net_config();
    next.train = trainer.train_config();
    // The table's checks, the locks included (apply_settings).
    if (std::string err = apply_settings(next, changes, subset_max(), kDoorPage); !err.empty()) return err;
    return apply(next, changes.contains("preset"));
}

std::vector<std::pair<std::string, std::string>> AppCore::configure_text(
    const std::vector<std::pair<std::string, std::string>>& pairs) {
    // In the table's order (the lesson first, the widths before the
    // activations), each key alone: a refused one is reported and keeps its
    // value, the rest apply. A key refused because of another one's value (a
    // batch larger than a subset given later) gets a second try once the
    // others are in.
    auto rank = [](const std::string& key) {
        const auto& t = settings_table();
        for (std::size_t i = 0; i < t.size(); ++i)
            if (key == t[i].key) return i;
        return t.size();
    };
    std::vector<std::pair<std::string, std::string>> ordered = pairs;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
    Settings next = settings;
    next.net = trainer.net_config();
    next.train = trainer.train_config();
    bool lesson = false;
    std::vector<std::pair<std::string, std::string>> warnings;
    std::vector<std::pair<std::string, nlohmann::json>> retry;
    auto try_one = [&](const std::string& key, const nlohmann::json& value) {
        Settings trial = next;
        std::string err = apply_settings(trial, nlohmann::json{{key, value}}, subset_max(), kDoorPage);
        if (err.empty()) {
            next = std::move(trial);
            lesson = lesson || key == "preset";
        }
        return err;
    };
    for (const auto& [key, text] : ordered) {
        const Setting* row = find_setting(key);
        if (!row || !(row->doors & kDoorPage)) {
            warnings.emplace_back(shortened(key), "unknown setting " + quote(key) + " (known: " + setting_keys(kDoorPage) + ")");
            continue;
        }
        nlohmann::json value;
        if (std::string err = setting_from_text(*row, text, value); !err.empty()) {
            warnings.emplace_back(key, err);
            continue;
        }
        if (!try_one(key, value).empty()) retry.emplace_back(key, value);
    }
    for (const auto& [key, value] : retry)
        if (std::string err = try_one(key, value); !err.empty()) warnings.emplace_back(key, err);
    if (std::string err = apply(next, lesson); !err.empty()) warnings.emplace_back("", err);
    return warnings;
}

}  // namespace nnplay
