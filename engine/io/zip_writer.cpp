// zip_writer.cpp: a stored zip (see zip_writer.h for why it is written here).
// Layout (PKWARE's APPNOTE): for each entry a local file header and the bytes,
// then the central directory (one record per entry), then the end record.
// All numbers are little-endian.
#include "engine/io/zip_writer.h"

#include <array>
#include <set>

namespace nnplay {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kEndRecord = 0x06054b50;
constexpr uint16_t kVersion = 20;         // 2.0: what stored entries in folders need
constexpr uint16_t kUtf8Names = 1 << 11;  // general purpose flag bit 11
constexpr uint16_t kStored = 0;           // compression method

void put16(std::vector<uint8_t>& out, uint16_t v) {
    out.push_back(static_cast<uint8_t>(v));
    out.push_back(static_cast<uint8_t>(v >> 8));
}

void put32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// MS-DOS date and time, local time, 2-second resolution, years 1980..2107.
void dos_time(std::time_t when, uint16_t& date, uint16_t& time) {
    date = (1 << 5) | 1;  // 1980-01-01
    time = 0;
    std::tm tm{};
    if (when <= 0 || !localtime_r(&when, &tm) || tm.tm_year < 80 || tm.tm_year > 207) return;
    date = static_cast<uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
    time = static_cast<uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
}

}  // namespace

uint32_t crc32(const uint8_t* data, std::size_t size, uint32_t crc) {
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

std::string make_zip(const std::vector<ZipEntry>& entries, std::time_t when,
                     std::vector<uint8_t>& out) {
    if (entries.size() > 0xFFFF)
        return "too many files for a zip: " + std::to_string(entries.size()) + " (at most 65,535)";
    std::set<std::string> names;
    uint64_t total = 22;
    for (const ZipEntry& e : entries) {
        if (e.name.empty() || e.name.size() > 0xFFFF)
            return "a file in a zip needs a name of 1 to 65,535 bytes";
        if (!names.insert(e.name).second) return "the zip would hold \"" + e.name + "\" twice";
        total += 30 + 46 + 2 * e.name.size() + e.data.size();
    }
    if (total > 0xFFFFFFFFull)
        return "the files are too large for a zip without zip64 (" + std::to_string(total) +
               " bytes; at most 4 GiB)";

    uint16_t date = 0, time = 0;
    dos_time(when, date, time);
    std::vector<uint8_t> zip;
    zip.reserve(static_cast<std::size_t>(total));
    std::vector<uint32_t> offsets, crcs;
    for (const ZipEntry& e : entries) {
        offsets.push_back(static_cast<uint32_t>(zip.size()));
        crcs.push_back(crc32(e.data.data(), e.data.size()));
        const uint32_t size = static_cast<uint32_t>(e.data.size());
        put32(zip, kLocalHeader);
        put16(zip, kVersion);
        put16(zip, kUtf8Names);
        put16(zip, kStored);
        put16(zip, time);
        put16(zip, date);
        put32(zip, crcs.back());
        put32(zip, size);  // compressed size = size: stored
        put32(zip, size);
        put16(zip, static_cast<uint16_t>(e.name.size()));
        put16(zip, 0);  // no extra field
        zip.insert(zip.end(), e.name.begin(), e.name.end());
        zip.insert(zip.end(), e.data.begin(), e.data.end());
    }
    const uint32_t directory = static_cast<uint32_t>(zip.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const ZipEntry& e = entries[i];
        const uint32_t size = static_cast<uint32_t>(e.data.size());
        put32(zip, kCentralHeader);
        put16(zip, kVersion);  // made by: MS-DOS attributes, version 2.0
        put16(zip, kVersion);  // needed to extract
        put16(zip, kUtf8Names);
        put16(zip, kStored);
        put16(zip, time);
        put16(zip, date);
        put32(zip, crcs[i]);
        put32(zip, size);
        put32(zip, size);
        put16(zip, static_cast<uint16_t>(e.name.size()));
        put16(zip, 0);  // extra field length
        put16(zip, 0);  // comment length
        put16(zip, 0);  // disk number
        put16(zip, 0);  // internal attributes
        put32(zip, 0);  // external attributes
        put32(zip, offsets[i]);
        zip.insert(zip.end(), e.name.begin(), e.name.end());
    }
    const uint32_t directory_size = static_cast<uint32_t>(zip.size()) - directory;
    put32(zip, kEndRecord);
    put16(zip, 0);  // this disk
    put16(zip, 0);  // the disk where the directory starts
    put16(zip, static_cast<uint16_t>(entries.size()));
    put16(zip, static_cast<uint16_t>(entries.size()));
    put32(zip, directory_size);
    put32(zip, directory);
    put16(zip, 0);  // comment length
    out.swap(zip);
    return "";
}

}  // namespace nnplay
