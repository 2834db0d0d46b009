// model_file.cpp: safetensors writer and validating reader (see model_file.h).
//
// The container is written by hand because no packaged C++ safetensors
// library exists here; it is small: an 8-byte little-endian header length N,
// N bytes of JSON (parsed with nlohmann-json, never with exceptions: the web
// build cannot catch them), then the data buffer. Offsets are relative to the
// buffer's start; the header is space-padded so that the buffer starts on an
// 8-byte boundary, as the reference implementation does.
#include "engine/io/model_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <utility>

#include "engine/settings/settings.h"
#include "engine/util/number_text.h"
#include "engine/util/text_limits.h"

namespace nnplay {
namespace {

using json = nlohmann::json;

constexpr uint64_t kMaxHeaderBytes = 100u * 1000u * 1000u;  // the reference implementation's limit
// nnplay's own headers: a few KB (the metadata and two entries per layer),
// nesting 3 levels (the header, a tensor's entry, its shape). A header is
// checked against these by a scan of its bytes before it is parsed, so that a
// crafted one never reaches the parser or a recursive copy (a header nested
// 100,000 deep overflowed the stack when its metadata was copied).
constexpr uint64_t kMaxModelHeaderBytes = 1024u * 1024u;
constexpr int kMaxHeaderDepth = 16;
constexpr std::size_t kPathChars = 200;  // a path in a message: long enough for real ones
// Largest file load_model reads: the biggest network NetConfig allows is far below this.
constexpr uint64_t kMaxFileBytes = 512ull * 1024 * 1024;
constexpr const char* kFormat = "nnplay";
constexpr const char* kFormatVersion = "2";

std::string tensor_name(int layer, bool weight) {
    return "layer" + std::to_string(layer + 1) + (weight ? ".weight" : ".bias");
}

void put_le32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint32_t le32(const uint8_t* p) {
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

uint64_t le64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

// The 8-byte header length n, with `avail` bytes after it: "" or why not.
std::string check_header_length(uint64_t n, uint64_t avail) {
    if (n < 2 || n > kMaxHeaderBytes)
        return "not a safetensors file: its first 8 bytes announce a header of " +
               std::to_string(n) + " bytes (expected 2 to " + std::to_string(kMaxHeaderBytes) + ")";
    if (n > kMaxModelHeaderBytes)
        return "not an nnplay model: its first 8 bytes announce a header of " + thousands(static_cast<long long>(n)) +
               " bytes, more than any nnplay model's (at most " +
               thousands(static_cast<long long>(kMaxModelHeaderBytes)) + ")";
    if (n > avail)
        return "truncated: the header announces " + std::to_string(n) + " bytes of JSON but only " +
               std::to_string(avail) + " bytes follow";
    return "";
}

std::string extra_data(uint64_t end, uint64_t buffer) {
    return "unexpected extra data: the tensors end at byte " + std::to_string(end) +
           " of a data buffer of " + std::to_string(buffer) + " bytes";
}

// The header's size and nesting, from its bytes, before any parse: "" or why not.
std::string check_header_json(const uint8_t* header, uint64_t n) {
    const std::string_view text(reinterpret_cast<const char*>(header), static_cast<std::size_t>(n));
    std::string err = check_json_text(text, kMaxModelHeaderBytes, kMaxHeaderDepth, "its JSON header");
    return err.empty() ? err : "corrupt header: " + err + " (nnplay's own nest 3)";
}

// The end of the data the header announces: the largest data_offsets end of
// its tensor entries (those that are malformed count as 0; parse_model says
// what is wrong with them). 0 when the header is not a JSON object.
uint64_t announced_data_end(const uint8_t* header, uint64_t n) {
    const char* text = reinterpret_cast<const char*>(header);
    const json h = json::parse(text, text + n, nullptr, /*allow_exceptions=*/false);
    uint64_t end = 0;
    if (!h.is_object()) return 0;
    for (auto it = h.begin(); it != h.end(); ++it) {
        if (it.key() == "__metadata__" || !it->is_object()) continue;
        auto off = it->find("data_offsets");
        if (off != it->end() && off->is_array() && off->size() == 2 && (*off)[1].is_number_unsigned())
            end = std::max(end, (*off)[1].get<uint64_t>());
    }
    return end;
}

// ---- metadata values (all strings in safetensors) -------------------------------
// Version 2 stores each setting of the table (engine/settings) whose doors
// include the model file under its key, in its text form; reading it goes
// through the table's text reader, so a refused value gets the table's
// message. Version 1 (nnplay's first files) named a few entries otherwise.

// Reads metadata key `key` (a string) into `value`; "" or a message.
std::string meta_string(const json& meta, const char* key, std::string& value) {
    auto it = meta.find(key);
    if (it == meta.end()) return std::string("the metadata has no \"") + key + "\" entry";
    if (!it->is_string()) return std::string("the metadata entry \"") + key + "\" is not a string";
    value = it->get_ref<const std::string&>();
    return "";
}

// Version 1's entries under version 2's keys: output_loss -> output,
// batch_size -> batch, eps -> epsilon, betas "0.9,0.999" -> beta1, beta2.
std::string upgrade_v1(json& meta) {
    auto rename = [&](const char* from, const char* to) {
        auto it = meta.find(from);
        if (it == meta.end()) return;
        meta[to] = *it;
        meta.erase(from);
    };
    rename("output_loss", "output");
    rename("batch_size", "batch");
    rename("eps", "epsilon");
    auto betas = meta.find("betas");
    if (betas != meta.end()) {
        const std::string b = betas->get<std::string>();
        const std::size_t comma = b.find(',');
        if (comma == std::string::npos)
            return "the metadata entry \"betas\" is " + quote(b) + "; expected two numbers such as \"0.9,0.999\"";
        meta["beta1"] = b.substr(0, comma);
        meta["beta2"] = b.substr(comma + 1);
        meta.erase("betas");
    }
    return "";
}

// Version 2 files hold every setting of the table's model-file door; a version
// 1 file lacks those added since (hidden, rho), which keep their defaults.
std::string read_configs(const json& meta, bool all_required, NetConfig& net, TrainConfig& train,
                         long long& step) {
    Settings s;
    std::string text, err;
    // The architecture first (widths, inputs and outputs), then every setting
    // the file holds, in the table's order.
    std::string arch;
    if (!(err = meta_string(meta, "architecture", arch)).empty()) return err;
    if (!(err = s.net.set_architecture(arch)).empty())
        return "the architecture " + quote(arch) + " is not usable: " + err;
    for (const Setting& row : settings_table()) {
        if (!(row.doors & kDoorModelFile) || (!all_required && !meta.contains(row.key))) continue;
        if (!(err = meta_string(meta, row.key, text)).empty()) return err;
        json value;
        if (!(err = setting_from_text(row, text, value)).empty())
            return std::string("the metadata entry \"") + row.key + "\" is " + quote(text) + ": " + err;
        row.set(s, value);
    }
    if (!(err = s.net.validate()).empty()) return "the network it describes is not usable: " + err;
    if (s.net.architecture() != arch)
        return "the metadata's architecture " + quote(arch) + " disagrees with its hidden layers " +
               quote(s.net.architecture());
    if (!(err = meta_string(meta, "step", text)).empty()) return err;
    double v = 0;
    if (!parse_number(text, &v) || v < 0 || v > 9e15 || std::floor(v) != v)
        return "the metadata entry \"step\" is " + quote(text) + "; expected a whole number of steps";
    step = static_cast<long long>(v);
    if (!(err = s.train.validate(0)).empty()) return "the training settings it holds are not usable: " + err;
    net = s.net;
    train = s.train;
    return "";
}

// The tensor names a file may hold, for messages: "layer1.weight, layer1.bias, ...".
std::string expected_names(int layers) {
    std::string s;
    for (int l = 0; l < layers; ++l) {
        if (!s.empty()) s += ", ";
        s += tensor_name(l, true) + ", " + tensor_name(l, false);
    }
    return s;
}

std::string list_tensors(const json& header) {
    std::string s;
    int n = 0;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__") continue;
        if (n++ == 6) {
            s += ", ...";
            break;
        }
        if (!s.empty()) s += ", ";
        s += quote(it.key());
    }
    return s.empty() ? "none" : s;
}

struct TensorSlot {
    std::string name;
    std::vector<uint64_t> shape;  // expected: (out, in) or (out)
    FloatVec* dst = nullptr;
    uint64_t begin = 0, end = 0;  // byte offsets in the data buffer
    bool seen = false;
};

}  // namespace

std::vector<uint8_t> serialize_model(const Mlp& net, const TrainConfig& train, long long step) {
    const NetConfig& cfg = net.config();
    json meta = json::object();
    meta["format"] = kFormat;
    meta["format_version"] = kFormatVersion;
    meta["architecture"] = cfg.architecture();
    Settings settings;
    settings.net = cfg;
    settings.train = train;
    for (const Setting& row : settings_table())
        if (row.doors & kDoorModelFile) meta[row.key] = setting_to_text(row, row.get(settings));
    meta["step"] = std::to_string(step);
    meta["pytorch_class"] = "SimpleNeuralNetwork";

    json header = json::object();
    header["__metadata__"] = meta;
    uint64_t offset = 0;
    const auto& layers = net.layers();
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const DenseLayer& L = layers[l];
        uint64_t wbytes = uint64_t(L.W.size()) * 4, bbytes = uint64_t(L.b.size()) * 4;
        header[tensor_name(static_cast<int>(l), true)] = {
            {"dtype", "F32"},
            {"shape", {L.out, L.in}},
            {"data_offsets", {offset, offset + wbytes}}};
        offset += wbytes;
        header[tensor_name(static_cast<int>(l), false)] = {
            {"dtype", "F32"}, {"shape", {L.out}}, {"data_offsets", {offset, offset + bbytes}}};
        offset += bbytes;
    }
    std::string text = header.dump();
    while ((8 + text.size()) % 8 != 0) text += ' ';

    std::vector<uint8_t> out;
    out.reserve(8 + text.size() + offset);
    const uint64_t n = text.size();
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(n >> (8 * i)));
    out.insert(out.end(), text.begin(), text.end());
    for (const DenseLayer& L : layers) {
        for (float v : L.W) {
            uint32_t bits;
            std::memcpy(&bits, &v, 4);
            put_le32(out, bits);
        }
        for (float v : L.b) {
            uint32_t bits;
            std::memcpy(&bits, &v, 4);
            put_le32(out, bits);
        }
    }
    return out;
}

std::string parse_model(const uint8_t* data, std::size_t size, LoadedModel& out) {
    if (size == 0) return "empty file (0 bytes); expected a safetensors model saved by nnplay";
    if (size < 8)
        return "truncated: the file has " + std::to_string(size) +
               " bytes but a safetensors file starts with an 8-byte header length";
    const uint64_t n = le64(data);
    const uint64_t avail = size - 8;
    if (std::string err = check_header_length(n, avail); !err.empty()) return err;

    if (std::string err = check_header_json(data + 8, n); !err.empty()) return err;
    const char* text = reinterpret_cast<const char*>(data + 8);
    json header = json::parse(text, text + n, nullptr, /*allow_exceptions=*/false);
    if (header.is_discarded())
        return "corrupt header: the " + std::to_string(n) +
               " bytes after the length are not valid JSON";
    if (!header.is_object()) return "corrupt header: the JSON header is not an object";

    // Is it ours?
    auto mit = header.find("__metadata__");
    std::string format;
    if (mit != header.end() && mit->is_object()) {
        auto f = mit->find("format");
        if (f != mit->end() && f->is_string()) format = f->get_ref<const std::string&>();
    }
    if (format != kFormat) {
        std::string why = mit == header.end() || !mit->is_object() ? "it has no metadata"
                          : format.empty() ? "its metadata has no \"format\" entry"
                                           : "its metadata says format " + quote(format);
        return "not an nnplay model: this is a safetensors file, but " + why +
               " (nnplay writes \"format\": \"nnplay\") and it holds tensors " +
               list_tensors(header) +
               "; nnplay loads only the multilayer perceptrons it saved itself";
    }
    json meta = *mit;
    for (auto it = meta.begin(); it != meta.end(); ++it)
        if (!it->is_string())
            return "corrupt header: the metadata entry " + quote(it.key()) + " is not a string";
    std::string version;
    if (!meta_string(meta, "format_version", version).empty())
        return "corrupt header: the nnplay metadata has no \"format_version\" entry";
    std::string err;
    if (version == "1") err = upgrade_v1(meta);
    else if (version != kFormatVersion)
        return "this model file has format version " + quote(version) + "; this nnplay reads versions 1 and " +
               kFormatVersion;
    if (!err.empty()) return err;

    LoadedModel m;
    NetConfig cfg;
    err = read_configs(meta, version == kFormatVersion, cfg, m.train, m.step);
    if (!err.empty()) return err;
    m.net = Mlp(cfg);
    std::vector<DenseLayer>& layers = m.net.layers();
    const int L = static_cast<int>(layers.size());

    // The tensors the architecture requires, each exactly once.
    std::vector<TensorSlot> slots;
    for (int l = 0; l < L; ++l) {
        DenseLayer& d = layers[l];
        slots.push_back({tensor_name(l, true), {uint64_t(d.out), uint64_t(d.in)}, &d.W});
        slots.push_back({tensor_name(l, false), {uint64_t(d.out)}, &d.b});
    }
    const uint64_t buffer = avail - n;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        if (name == "__metadata__") continue;
        auto slot = std::find_if(slots.begin(), slots.end(),
                                 [&](const TensorSlot& s) { return s.name == name; });
        if (slot == slots.end())
            return "the file holds a tensor " + quote(name) + " that is not part of a " +
                   cfg.architecture() + " network (expected " + expected_names(L) + ")";
        const json& t = *it;
        if (!t.is_object()) return "corrupt header: the entry for " + name + " is not an object";
        auto dt = t.find("dtype");
        if (dt == t.end() || !dt->is_string()) return "corrupt header: " + name + " has no dtype";
        if (dt->get_ref<const std::string&>() != "F32")
            return name + " has dtype " + shortened(dt->get_ref<const std::string&>()) +
                   "; nnplay models hold F32 (float32) tensors only";
        auto sh = t.find("shape");
        if (sh == t.end() || !sh->is_array()) return "corrupt header: " + name + " has no shape";
        std::vector<uint64_t> shape;
        std::string shape_text;
        for (const json& d : *sh) {
            if (!d.is_number_unsigned())
                return "corrupt header: the shape of " + name + " is not a list of sizes";
            shape.push_back(d.get<uint64_t>());
            shape_text += (shape_text.empty() ? "" : ", ") + std::to_string(shape.back());
        }
        if (shape != slot->shape) {
            std::string want;
            for (uint64_t d : slot->shape) want += (want.empty() ? "" : ", ") + std::to_string(d);
            return name + " has shape [" + shape_text + "] but the architecture " +
                   cfg.architecture() + " needs [" + want + "]";
        }
        auto off = t.find("data_offsets");
        if (off == t.end() || !off->is_array() || off->size() != 2 ||
            !(*off)[0].is_number_unsigned() || !(*off)[1].is_number_unsigned())
            return "corrupt header: " + name + " has no valid data_offsets [begin, end]";
        slot->begin = (*off)[0].get<uint64_t>();
        slot->end = (*off)[1].get<uint64_t>();
        uint64_t count = 1;
        for (uint64_t d : shape) count *= d;  // at most kMaxWidth^2: no overflow
        if (slot->begin > slot->end || slot->end > buffer)
            return "truncated or corrupt: " + name + " lies at bytes [" +
                   std::to_string(slot->begin) + ", " + std::to_string(slot->end) +
                   ") of a data buffer of " + std::to_string(buffer) + " bytes";
        if (slot->end - slot->begin != count * 4)
            return "corrupt header: " + name + " spans " + std::to_string(slot->end - slot->begin) +
                   " bytes but its shape needs " + std::to_string(count * 4);
        slot->seen = true;
    }
    for (const TensorSlot& s : slots)
        if (!s.seen)
            return "the file has no tensor " + s.name + " (a " + cfg.architecture() +
                   " network needs " + expected_names(L) + ")";

    // The tensors must tile the buffer exactly: no gap, no overlap, nothing after.
    std::vector<const TensorSlot*> order;
    for (const TensorSlot& s : slots) order.push_back(&s);
    std::sort(order.begin(), order.end(),
              [](const TensorSlot* a, const TensorSlot* b) { return a->begin < b->begin; });
    uint64_t pos = 0;
    for (const TensorSlot* s : order) {
        if (s->begin != pos)
            return "corrupt: the tensors do not tile the data buffer (" + s->name +
                   " starts at byte " + std::to_string(s->begin) + ", expected " +
                   std::to_string(pos) + ")";
        pos = s->end;
    }
    if (pos != buffer)
        return extra_data(pos, buffer);

    // Copy, little-endian float32, and count values that are not finite.
    const uint8_t* base = data + 8 + n;
    std::string warning;
    for (TensorSlot& s : slots) {
        const uint64_t count = (s.end - s.begin) / 4;
        s.dst->resize(count);
        long long bad = 0;
        for (uint64_t k = 0; k < count; ++k) {
            uint32_t bits = le32(base + s.begin + 4 * k);
            float v;
            std::memcpy(&v, &bits, 4);
            (*s.dst)[k] = v;
            bad += !std::isfinite(v);
        }
        if (bad)
            warning += (warning.empty() ? "" : "; ") + s.name + " has " + std::to_string(bad) +
                       " values that are not finite (NaN or infinite)";
    }
    m.warning = warning;
    out = std::move(m);
    return "";
}

std::string save_model(const std::string& path, const Mlp& net, const TrainConfig& train,
                       long long step) {
    const std::string shown = shortened(path, kPathChars);  // what messages quote
    if (net.layers().empty()) return shown + ": nothing to save: the model has no layers";
    std::vector<uint8_t> bytes = serialize_model(net, train, step);
    // Write a neighbour file and rename it over the target: a failed write never
    // destroys an earlier model.
    const std::string tmp = path + ".partial";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return shown + ": cannot write: " + std::strerror(errno);
    bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) {
        std::remove(tmp.c_str());
        return shown + ": write failed (disk full?)";
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::string why = std::strerror(errno);
        std::remove(tmp.c_str());
        return shown + ": cannot write: " + why;
    }
    return "";
}

std::string load_model(const std::string& path, LoadedModel& out) {
    const std::string shown = shortened(path, kPathChars);  // what messages quote
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return shown + ": cannot open: " + std::strerror(errno);
    if (S_ISDIR(st.st_mode)) return shown + ": is a folder, not a model file";
    if (!S_ISREG(st.st_mode)) return shown + ": is not a regular file";
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size > kMaxFileBytes)
        return shown + ": the file has " + std::to_string(size) +
               " bytes, far more than any nnplay model (at most " + std::to_string(kMaxFileBytes) +
               ")";
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return shown + ": cannot open: " + std::strerror(errno);
    // Read in steps, checking each before reading more: the 8-byte length, the
    // header it announces, then only the data the header's tensors announce. A
    // file that is not a model is refused after a few bytes, never read whole.
    std::vector<uint8_t> bytes;
    auto read_to = [&](uint64_t total) {
        const std::size_t have = bytes.size();
        if (total <= have) return true;
        bytes.resize(static_cast<std::size_t>(total));
        return std::fread(bytes.data() + have, 1, bytes.size() - have, f) == bytes.size() - have;
    };
    auto finish = [&](std::string err) {
        std::fclose(f);
        return err.empty() ? err : shown + ": " + err;
    };
    if (!read_to(std::min<uint64_t>(size, 8))) return finish("read error");
    if (size < 8) return finish(parse_model(bytes.data(), bytes.size(), out));
    const uint64_t n = le64(bytes.data());
    if (std::string err = check_header_length(n, size - 8); !err.empty()) return finish(err);
    if (!read_to(8 + n)) return finish("read error");
    if (std::string err = check_header_json(bytes.data() + 8, n); !err.empty()) return finish(err);
    const uint64_t buffer = size - 8 - n;
    const uint64_t announced = announced_data_end(bytes.data() + 8, n);
    if (!read_to(8 + n + std::min(buffer, announced))) return finish("read error");
    // What was read is the whole file, or the file up to where its tensors end.
    LoadedModel m;
    std::string err = parse_model(bytes.data(), bytes.size(), m);
    if (err.empty() && buffer > announced)
        err = extra_data(announced, buffer);
    if (err.empty()) out = std::move(m);
    return finish(err);
}

}  // namespace nnplay
