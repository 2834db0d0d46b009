// session_file.cpp: the run file's writer and its checking reader (see
// session_file.h). The container is ours (a few length-prefixed parts); its
// pieces are the model file and JSON (nlohmann-json, without exceptions: the
// web build cannot catch them).
#include "engine/io/session_file.h"

#include <cmath>
#include <cstring>
#include <utility>

#include "engine/io/model_file.h"
#include "engine/util/text_limits.h"

namespace nnplay {
namespace {

using json = nlohmann::json;
constexpr char kMagic[8] = {'n', 'n', 'p', 'l', 'a', 'y', 'R', '1'};

void put_le64(std::vector<uint8_t>& out, uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint64_t le64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}
void put_values(std::vector<uint8_t>& out, const void* data, std::size_t count) {
    // 4-byte values, little-endian on every target nnplay builds for (x86, wasm).
    const auto* p = static_cast<const uint8_t*>(data);
    out.insert(out.end(), p, p + count * 4);
}
// JSON has no NaN: a float that is not finite is written as null.
json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double number_of(const json& v) { return v.is_number() ? v.get<double>() : NAN; }

// The optimizer's vectors in a fixed order: s1W0, s1b0, s1W1, ..., then s2W0, ...
template <class F>
void for_each_state(std::vector<FloatVec>* sW1, std::vector<FloatVec>* sb1, std::vector<FloatVec>* sW2,
                    std::vector<FloatVec>* sb2, F f) {
    for (std::size_t l = 0; l < sW1->size(); ++l) {
        f("s1W" + std::to_string(l), (*sW1)[l]);
        f("s1b" + std::to_string(l), (*sb1)[l]);
    }
    for (std::size_t l = 0; l < sW2->size(); ++l) {
        f("s2W" + std::to_string(l), (*sW2)[l]);
        f("s2b" + std::to_string(l), (*sb2)[l]);
    }
}

}  // namespace

std::vector<uint8_t> serialize_session(const Mlp& net, const TrainConfig& train, const TrainerState& s,
                                       const json& app) {
    const std::vector<uint8_t> model = serialize_model(net, train, s.step);
    OptimizerState opt = s.optimizer;  // a copy, to walk its vectors in order
    json arrays = json::array();
    arrays.push_back({"order", s.order.size()});
    for_each_state(&opt.s1W, &opt.s1b, &opt.s2W, &opt.s2b,
                   [&](const std::string& name, const FloatVec& v) { arrays.push_back({name, v.size()}); });
    json j = {{"format", "nnplay-run"},
              {"version", 1},
              {"trainer",
               {{"order_rng", s.order_rng},
                {"need_shuffle", s.need_shuffle},
                {"epoch", s.epoch},
                {"step", s.step},
                {"samples_seen", s.samples_seen},
                {"samples_in_epoch", s.samples_in_epoch},
                {"running_cost", number_or_null(s.running_cost)},
                {"epoch_cost", number_or_null(s.epoch_cost)},
                {"seconds_trained", s.seconds_trained},
                {"epoch_cost_sum", s.epoch_cost_sum},
                {"epoch_samples", s.epoch_samples},
                {"optimizer", name_of(opt.kind)},
                {"optimizer_t", opt.t},
                {"optimizer_states", opt.s1W.empty() ? 0 : opt.s2W.empty() ? 1 : 2},
                {"arrays", arrays}}},
              {"app", app}};
    const std::string text = j.dump();
    std::size_t floats = s.order.size();
    for_each_state(&opt.s1W, &opt.s1b, &opt.s2W, &opt.s2b,
                   [&](const std::string&, const FloatVec& v) { floats += v.size(); });
    std::vector<uint8_t> out;
    out.reserve(24 + model.size() + text.size() + 4 * floats);  // exactly: no spare capacity to hold on to
    out.insert(out.end(), kMagic, kMagic + 8);
    put_le64(out, model.size());
    out.insert(out.end(), model.begin(), model.end());
    put_le64(out, text.size());
    out.insert(out.end(), text.begin(), text.end());
    put_values(out, s.order.data(), s.order.size());
    for_each_state(&opt.s1W, &opt.s1b, &opt.s2W, &opt.s2b,
                   [&](const std::string&, const FloatVec& v) { put_values(out, v.data(), v.size()); });
    return out;
}

std::string parse_session(const uint8_t* data, std::size_t size, SessionData& out) {
    const std::string bad = "not a saved nnplay run: ";
    if (!data || size < 24 || std::memcmp(data, kMagic, 8) != 0) return bad + "it does not start with nnplay's mark";
    std::size_t pos = 8;
    const uint64_t m = le64(data + pos);
    pos += 8;
    if (m > size - pos) return bad + "its model part is cut short";
    LoadedModel model;
    if (std::string err = parse_model(data + pos, static_cast<std::size_t>(m), model); !err.empty())
        return "the saved run's model: " + err;
    pos += static_cast<std::size_t>(m);
    if (size - pos < 8) return bad + "it ends before its settings";
    const uint64_t jn = le64(data + pos);
    pos += 8;
    if (jn > size - pos) return bad + "its settings part is cut short";
    const char* text = reinterpret_cast<const char*>(data + pos);
    if (std::string err = check_json_text(std::string_view(text, static_cast<std::size_t>(jn)), kMaxSessionJsonBytes,
                                          kMaxSessionJsonDepth, "its settings part");
        !err.empty())
        return bad + err;
    json j = json::parse(text, text + jn, nullptr, /*allow_exceptions=*/false);
    pos += static_cast<std::size_t>(jn);
    // (value() would throw on a wrong type, which the web build cannot catch: compared instead.)
    if (!j.is_object() || !j.contains("format") || j["format"] != "nnplay-run")
        return bad + "its settings part is not nnplay's";
    if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() != 1)
        return "the saved run was written by another version of nnplay";
    const json& t = j.contains("trainer") ? j["trainer"] : json();
    auto integer = [&](const char* key, long long lo, long long hi, long long& v) -> bool {
        auto it = t.is_object() ? t.find(key) : t.end();
        if (!t.is_object() || it == t.end() || !it->is_number_integer()) return false;
        v = it->get<long long>();
        return v >= lo && v <= hi;
    };
    TrainerState s;
    long long v = 0;
    const long long big = 1LL << 60;
    if (!integer("order_rng", 0, 0xffffffffLL, v)) return bad + "its order stream is missing";
    s.order_rng = static_cast<uint32_t>(v);
    if (!integer("epoch", 0, 1LL << 31, v)) return bad + "its epoch count is missing";
    s.epoch = static_cast<int>(v);
    if (!integer("step", 0, big, s.step) || !integer("samples_seen", 0, big, s.samples_seen) ||
        !integer("samples_in_epoch", 0, big, s.samples_in_epoch) || !integer("epoch_samples", 0, big, s.epoch_samples) ||
        !integer("optimizer_t", 0, big, s.optimizer.t))
        return bad + "its counters are missing or out of range";
    if (s.step != model.step) return bad + "its model and its counters disagree on the step";
    if (!t.contains("need_shuffle") || !t["need_shuffle"].is_boolean()) return bad + "its order flag is missing";
    s.need_shuffle = t["need_shuffle"].get<bool>();
    s.running_cost = static_cast<float>(number_of(t.value("running_cost", json())));
    s.epoch_cost = static_cast<float>(number_of(t.value("epoch_cost", json())));
    s.seconds_trained = std::max(0.0, number_of(t.value("seconds_trained", json())));
    if (!std::isfinite(s.seconds_trained)) s.seconds_trained = 0;
    s.epoch_cost_sum = number_of(t.value("epoch_cost_sum", json()));
    if (!std::isfinite(s.epoch_cost_sum)) s.epoch_cost_sum = 0;
    const json opt_name = t.value("optimizer", json());
    const auto kind = parse_optimizer(opt_name.is_string() ? opt_name.get<std::string>() : std::string());
    if (!kind) return bad + "its optimizer is unknown";
    s.optimizer.kind = *kind;
    if (!integer("optimizer_states", 0, 2, v)) return bad + "its optimizer's state count is missing";
    const int states = static_cast<int>(v);
    // The arrays: names and counts as this network needs them, then the bytes.
    const auto& layers = model.net.layers();
    std::vector<std::pair<std::string, std::size_t>> expected;
    const auto* arr = t.contains("arrays") ? &t["arrays"] : nullptr;
    if (!arr || !arr->is_array() || arr->empty()) return bad + "its list of arrays is missing";
    const json& first = (*arr)[0];
    if (!first.is_array() || first.size() != 2 || first[0] != "order" || !first[1].is_number_unsigned())
        return bad + "its image order is missing";
    const uint64_t order_count = first[1].get<uint64_t>();
    if (order_count > (size - pos) / 4) return bad + "its image order is cut short";
    expected.push_back({"order", static_cast<std::size_t>(order_count)});
    for (int k = 1; k <= states; ++k) {
        for (std::size_t l = 0; l < layers.size(); ++l) {
            expected.push_back({"s" + std::to_string(k) + "W" + std::to_string(l), layers[l].W.size()});
            expected.push_back({"s" + std::to_string(k) + "b" + std::to_string(l), layers[l].b.size()});
        }
    }
    if (arr->size() != expected.size()) return bad + "its optimizer state does not match its network";
    uint64_t total = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const json& e = (*arr)[i];
        if (!e.is_array() || e.size() != 2 || e[0] != expected[i].first || !e[1].is_number_unsigned() ||
            e[1].get<uint64_t>() != expected[i].second)
            return bad + "its array \"" + expected[i].first + "\" does not match its network";
        total += expected[i].second * 4;
    }
    if (total != size - pos)
        return bad + "its arrays take " + std::to_string(size - pos) + " bytes where " + std::to_string(total) +
               " were announced";
    s.order.resize(expected[0].second);
    // (An empty vector's data() may be null, which memcpy may not be given
    // even for no bytes: a run saved before its first step has no order.)
    if (!s.order.empty()) std::memcpy(s.order.data(), data + pos, s.order.size() * 4);
    pos += s.order.size() * 4;
    auto take = [&](std::vector<FloatVec>& into, std::size_t count) {
        into.emplace_back(count);
        if (count > 0) std::memcpy(into.back().data(), data + pos, count * 4);
        pos += count * 4;
    };
    for (int k = 1; k <= states; ++k) {
        auto& W = k == 1 ? s.optimizer.s1W : s.optimizer.s2W;
        auto& b = k == 1 ? s.optimizer.s1b : s.optimizer.s2b;
        for (std::size_t l = 0; l < layers.size(); ++l) {
            take(W, layers[l].W.size());
            take(b, layers[l].b.size());
        }
    }
    out.net = std::move(model.net);
    out.train = model.train;
    out.trainer = std::move(s);
    out.app = j.contains("app") ? std::move(j["app"]) : json::object();
    return "";
}

}  // namespace nnplay
