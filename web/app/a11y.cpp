// a11y.cpp: see a11y.h. Also defines Dear ImGui's test-engine hooks (the
// build defines IMGUI_ENABLE_TEST_ENGINE for Dear ImGui and the App).
#include "web/app/a11y.h"

#include <cstring>

#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json.hpp>

#include "web/app/widgets.h"

namespace nnplay::a11y {

namespace {
Tree* g_tree = nullptr;     // the App whose frame is being built
bool g_enabled = true;
ImGuiID g_add_id = 0;       // the last ItemAdd: ItemInfo follows it for the same item
ImRect g_add_bb;

// "Train##run" -> "Train"; "##slider" -> "".
std::string visible_label(const char* label) {
    if (!label) return "";
    const char* end = std::strstr(label, "##");
    return end ? std::string(label, end) : std::string(label);
}

Item* last_item() {
    if (!g_tree) return nullptr;
    const ImGuiID id = ImGui::GetItemID();
    if (id == 0) return nullptr;
    for (auto it = g_tree->building.rbegin(); it != g_tree->building.rend() && it - g_tree->building.rbegin() < 4; ++it)
        if (it->id == id) return &*it;
    return nullptr;
}

uint64_t fnv(uint64_t h, const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}
uint64_t fnv(uint64_t h, const std::string& s) { return fnv(h, s.data(), s.size() + 1); }
}  // namespace

const char* name_of(Role r) {
    switch (r) {
        case Role::Button: return "button";
        case Role::Checkbox: return "checkbox";
        case Role::Radio: return "radio";
        case Role::Tab: return "tab";
        case Role::Slider: return "slider";
        case Role::Combobox: return "combobox";
        case Role::Textbox: return "textbox";
        case Role::Header: return "header";
    }
    return "button";
}

void set_enabled(bool on) { g_enabled = on; }

void begin_frame(Tree& tree) {
    const bool build = g_enabled && (tree.wanted || tree.choose_id || tree.slide_id);
    GImGui->TestEngineHookItems = build;
    if (!build) return;
    g_tree = &tree;
    tree.wanted = false;
    tree.building.clear();
}

bool building() { return g_tree != nullptr; }

void end_frame() {
    if (!g_tree) return;
    Tree& t = *g_tree;
    // Rectangles to whole pixels: a sub-pixel jitter is no change for the page.
    uint64_t h = 1469598103934665603ull;
    for (const Item& i : t.building) {
        const int nums[] = {int(i.id), int(i.role), int(i.x), int(i.y), int(i.w), int(i.h), i.chosen,
                            int(i.position * 1000), int(i.checked) | int(i.disabled) << 1};
        h = fnv(h, nums, sizeof nums);
        h = fnv(fnv(fnv(h, i.name), i.value), i.key);
    }
    t.items.swap(t.building);
    if (h != t.hash) {
        t.hash = h;
        ++t.version;
    }
    g_tree = nullptr;
}

// The last item, or a new one for it: combo boxes and arrow buttons report no
// ItemInfo, so their item is added here.
static Item* last_or_new() {
    Item* it = last_item();
    if (!it) {
        const ImGuiID id = ImGui::GetItemID();
        if (id == 0 || !ImGui::IsItemVisible()) return nullptr;
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        Item n;
        n.id = id;
        n.x = a.x, n.y = a.y, n.w = b.x - a.x, n.h = b.y - a.y;
        n.name = ui::row_label();
        n.disabled = (GImGui->LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0;
        g_tree->building.push_back(n);
        it = &g_tree->building.back();
    }
    return it;
}

void note(Role role, const std::string& name, const std::string& value) {
    if (!g_tree) return;
    Item* it = last_or_new();
    if (!it) return;
    it->role = role;
    if (!name.empty()) it->name = name;
    if (!value.empty()) it->value = value;
}

void note_setting(const std::string& key, const std::string& description) {
    if (Item* it = last_item()) {
        it->key = key;
        it->description = description;
    }
}
void note_slider(double position, const std::string& value_text) {
    if (Item* it = last_item()) {
        it->role = Role::Slider;
        it->position = position;
        it->value = value_text;
    }
}
void note_choices(std::vector<std::string> choices, int chosen) {
    if (Item* it = last_item()) {
        it->choices = std::move(choices);
        it->chosen = chosen;
        if (chosen >= 0 && chosen < int(it->choices.size())) it->value = it->choices[std::size_t(chosen)];
    }
}
void add_combo(const std::string& name, unsigned id, float x, float y, float w, float h, std::vector<std::string> choices, int chosen) {
    if (!g_tree || !ImGui::IsRectVisible(ImVec2(x, y), ImVec2(x + w, y + h))) return;
    Item n;
    n.id = id;
    n.role = Role::Combobox;
    n.x = x, n.y = y, n.w = w, n.h = h;
    n.name = name.empty() ? ui::row_label() : name;
    n.disabled = (GImGui->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
    n.choices = std::move(choices);
    n.chosen = chosen;
    if (chosen >= 0 && chosen < int(n.choices.size())) n.value = n.choices[std::size_t(chosen)];
    g_tree->building.push_back(std::move(n));
}
void note_checked(bool checked) {
    if (Item* it = last_item()) it->checked = checked;
}
void name_last(const std::string& name) {
    if (!g_tree) return;
    if (Item* it = last_or_new()) it->name = name;  // a new one is a button (an arrow button)
}

namespace {
const Item* find(const Tree& t, unsigned id) {
    for (const Item& i : t.items)
        if (i.id == id) return &i;
    return nullptr;
}
}  // namespace

std::string activate(Tree& tree, unsigned id) {
    const Item* i = find(tree, id);
    if (!i) return "that control is no longer shown";
    if (i->disabled) return "\"" + i->name + "\" is disabled";
    ImGui::ActivateItem(id);  // pressed next frame, as by a keyboard's Enter
    tree.wanted = true;
    return "";
}

std::string choose(Tree& tree, unsigned id, int index) {
    const Item* i = find(tree, id);
    if (!i || i->role != Role::Combobox) return "that list is no longer shown";
    if (i->disabled) return "\"" + i->name + "\" is disabled";
    if (index < 0 || index >= int(i->choices.size())) return "no such choice";
    tree.choose_id = id;
    tree.choose_index = index;
    tree.wanted = true;
    return "";
}

std::string set_position(Tree& tree, unsigned id, double position) {
    const Item* i = find(tree, id);
    if (!i || i->role != Role::Slider) return "that slider is no longer shown";
    if (i->disabled) return "\"" + i->name + "\" is disabled";
    if (!(position >= 0 && position <= 1)) return "a slider's position is from 0 to 1";
    tree.slide_id = id;
    tree.slide_to = position;
    tree.wanted = true;
    return "";
}

bool take_choice(unsigned id, int* index) {
    if (!g_tree || g_tree->choose_id != id || id == 0) return false;
    *index = g_tree->choose_index;
    g_tree->choose_id = 0;
    return true;
}

bool take_position(unsigned id, double* position) {
    if (!g_tree || g_tree->slide_id != id || id == 0) return false;
    *position = g_tree->slide_to;
    g_tree->slide_id = 0;
    return true;
}

std::string tree_json(const Tree& tree) {
    nlohmann::json items = nlohmann::json::array();
    for (const Item& i : tree.items) {
        nlohmann::json j = {{"id", i.id}, {"role", name_of(i.role)}, {"name", i.name},
                            {"x", i.x}, {"y", i.y}, {"w", i.w}, {"h", i.h}};
        if (!i.description.empty()) j["description"] = i.description;
        if (!i.key.empty()) j["key"] = i.key;
        if (!i.value.empty()) j["value"] = i.value;
        if (i.role == Role::Slider) j["position"] = i.position;
        if (i.role == Role::Combobox) {
            j["choices"] = i.choices;
            j["chosen"] = i.chosen;
        }
        if (i.role == Role::Checkbox || i.role == Role::Radio || i.role == Role::Tab || i.role == Role::Header)
            j["checked"] = i.checked;
        if (i.disabled) j["disabled"] = true;
        items.push_back(std::move(j));
    }
    return nlohmann::json{{"version", tree.version}, {"items", items}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace nnplay::a11y

//-----------------------------------------------------------------------------
// [SECTION] Dear ImGui's test-engine hooks
//-----------------------------------------------------------------------------
using nnplay::a11y::Item;
using nnplay::a11y::Role;

void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) {
    // Every item with an id passes here, visible or not: keep it cheap.
    nnplay::a11y::g_add_id = id;
    nnplay::a11y::g_add_bb = bb;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    using namespace nnplay::a11y;
    if (!g_tree) return;
    ImGuiContext& g = *ctx;
    const ImRect bb = id == g_add_id ? g_add_bb : g.LastItemData.Rect;
    // Only what can be seen (ItemInfo comes after the clipping test, but a
    // window's own clip rectangle may hide part of it).
    if (g.CurrentWindow && !g.CurrentWindow->ClipRect.Overlaps(bb)) return;
    Item it;
    it.id = id;
    it.x = bb.Min.x, it.y = bb.Min.y, it.w = bb.GetWidth(), it.h = bb.GetHeight();
    it.name = visible_label(label);
    if (it.name.empty()) it.name = nnplay::ui::row_label();
    it.disabled = (g.LastItemData.InFlags & ImGuiItemFlags_Disabled) != 0;
    if (g.CurrentTabBar && ImGui::TabBarFindTabByID(g.CurrentTabBar, id)) {
        it.role = Role::Tab;
        it.checked = g.CurrentTabBar->VisibleTabId == id || g.CurrentTabBar->SelectedTabId == id;
    } else if (flags & ImGuiItemStatusFlags_Checkable) {
        it.role = Role::Checkbox;
        it.checked = (flags & ImGuiItemStatusFlags_Checked) != 0;
    } else if (flags & ImGuiItemStatusFlags_Openable) {
        it.role = Role::Header;
        it.checked = (flags & ImGuiItemStatusFlags_Opened) != 0;
    } else if (g.LastItemData.InFlags & ImGuiItemFlags_Inputable) {
        it.role = Role::Textbox;  // sliders say so through note_slider
    }
    // Items inside an open combo box's list: the combo box itself offers them.
    if (g.CurrentWindow && (g.CurrentWindow->Flags & ImGuiWindowFlags_Popup) &&
        (g.CurrentWindow->Flags & ImGuiWindowFlags_ChildMenu) == 0 && std::strncmp(g.CurrentWindow->Name, "##Combo", 7) == 0)
        return;
    g_tree->building.push_back(std::move(it));
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
