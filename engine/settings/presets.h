// presets.h: the lesson presets. Each is a named setup that makes one point of
// the lecture (a learning rate too large, a network too deep, ...): a few
// settings of the table over the defaults, a title, and a short text that
// says what to watch for, which the playground shows when the preset is
// loaded. A preset is loaded through the table's "preset" key (URL,
// data-config, configure(), the Lesson control, nnplay-cli --preset); the
// keys given with it change the preset's setup (preset=wide&lr=1).
//
// What it does not do: run anything or know the UI. The tests that check
// each preset shows what its text claims are in tests/unit/engine/test_presets.cpp.
//
// Adding a preset: one entry in presets.cpp (its settings end with `epochs`,
// so that its run stops once the point is made), a test in test_presets.cpp,
// then `make readme` (README lists the presets from presets_markdown()).
//
// Use:
//   const Preset* p = find_preset("too-large-learning-rate");
//   Settings s = preset_settings(*p);       // the defaults with the preset's changes
//   load_preset(current, "wide");            // what the "preset" key does
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/settings/settings.h"

namespace nnplay {

struct Preset {
    const char* name = "";   // "too-large-learning-rate": the value of the "preset" key
    const char* title = "";  // "Learning rate too large": the Lesson control and the lesson's heading
    const char* text = "";   // what to watch for, in the lecture's words
    nlohmann::json changes;  // settings of the table (key: value) over the defaults
    // The lesson's question without its figures or promised outcome (no
    // setting's value in it): what the playground shows in place of `text`
    // once the student changed the setup, when those figures no longer hold.
    const char* question = "";
};

// Every preset; the first, "lecture", is the defaults.
const std::vector<Preset>& presets();
const Preset* find_preset(std::string_view name);

// The defaults with the preset's changes applied, `preset` set to its name.
Settings preset_settings(const Preset& p);

// What the "preset" key does to a playground's settings: every setting
// becomes what the preset gives, except a lesson page's framing (panels,
// controls, lock), which stays as it was. An unknown name changes nothing
// (the table's check refuses it before).
void load_preset(Settings& s, std::string_view name);

// The presets as a Markdown table for the README (title and name, URL,
// settings, what to watch for): `nnplay-cli presets` prints it and a test keeps
// README.md equal to it. `page` is the URL's page ("index.html").
std::string presets_markdown(const std::string& page = "index.html");

}  // namespace nnplay
