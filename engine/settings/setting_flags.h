// setting_flags.h: one command-line flag per setting of the table (the key
// with dashes: --lr, --train-subset), for the programs that take settings on
// their command line: nnplay-cli train (engine/cli) and the desktop nnplay
// (web/main.cpp). Each flag's help is the table's help, allowed values and
// default; the values stay text, read afterwards through the table
// (apply_flags, or the App's configure_text as the URL's are), so every door
// gives the same messages.
//
// What it does not do: check or apply values, or parse the command line.
// Header-only and native-only: CLI11 reports errors by exceptions, which the
// web build does not enable, so no engine .cpp includes it.
//
// Use:
//   SettingFlags flags;
//   add_setting_flags(*sub, flags, kDoorCli, defaults);
//   sub->parse(...);  // then:
//   std::vector<std::pair<std::string, std::string>> given = flags.given(*sub);  // {"lr", "0.5"}, ...
#pragma once
#include <CLI/CLI.hpp>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "engine/settings/settings.h"

namespace nnplay {

struct SettingFlags {
    // One entry per flag added: its row and the text CLI11 stores into (a
    // deque: CLI11 keeps a reference to each string).
    std::deque<std::pair<const Setting*, std::string>> flags;

    // The flags given on the command line, as (table key, text), in the table's order.
    std::vector<std::pair<std::string, std::string>> given(const CLI::App& app) const {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& [row, text] : flags)
            if (app.count(flag_of(*row)) > 0) out.emplace_back(row->key, text);
        return out;
    }
};

// The value's kind as the help shows it.
inline const char* flag_type_name(const Setting& s) {
    switch (s.type) {
        case SettingType::Int: return "INT";
        case SettingType::Float: return "NUMBER";
        case SettingType::Bool: return "BOOL";
        case SettingType::Choice: return "NAME";
        case SettingType::IntList: return "INT,...";
        case SettingType::ChoiceList: return "NAME,...";
        case SettingType::Text: return "TEXT";
    }
    return "TEXT";
}

// Adds a flag for each row of the table that any of `doors` takes, its help
// ending with the allowed values and the default in `defaults`.
inline void add_setting_flags(CLI::App& app, SettingFlags& out, unsigned doors, const Settings& defaults) {
    for (const Setting& s : settings_table()) {
        if (!(s.doors & doors)) continue;
        out.flags.emplace_back(&s, std::string());
        const std::string help = std::string(s.help) + " (" + setting_range_text(s) + "; default " +
                                 setting_display(s, s.get(defaults)) + ")";
        app.add_option(flag_of(s), out.flags.back().second, help)->type_name(flag_type_name(s));
    }
}

}  // namespace nnplay
