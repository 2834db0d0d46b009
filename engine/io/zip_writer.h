// zip_writer.h: packs a few files into one zip archive in memory, stored
// (uncompressed), for downloads from the page (model.safetensors + model.py).
//
// Why by hand: the web build has no zlib (emscripten 3.1.6's ports are frozen),
// Debian's minizip and libzip need zlib compiled for WebAssembly, and npm's
// zip packages (jszip, fflate) would add a third-party script to a page that
// loads none and must work as one file under a strict CSP. A stored zip is a
// few headers and a CRC-32; trained float32 weights shrink by only about 8%
// under deflate (gzip -9 on exported models) anyway.
//
// What it does not do: compress, encrypt, read zips, or write zip64 (every
// entry and the whole archive must stay under 4 GiB, at most 65,535 entries).
// Names are written as given, flagged UTF-8; use '/' between folders.
//
// Use:
//   std::vector<uint8_t> zip;
//   std::string err = make_zip({{"model.py", py_bytes}, {"model.safetensors", st}}, time(nullptr), zip);
#pragma once
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace nnplay {

struct ZipEntry {
    std::string name;           // path inside the archive, e.g. "model.py"
    std::vector<uint8_t> data;
};

// CRC-32 as zip, gzip and PNG use it (reflected polynomial 0xEDB88320);
// crc32(buf, n, crc32(a, m)) continues a running value.
uint32_t crc32(const uint8_t* data, std::size_t size, uint32_t crc = 0);

// Every entry dated `when` in local time (0, or any time before 1980: 1980-01-01
// 00:00, the earliest a zip can say). Returns "" and fills out, or a message
// (an empty or over-long name, a duplicate, too large); out is then left as it was.
std::string make_zip(const std::vector<ZipEntry>& entries, std::time_t when,
                     std::vector<uint8_t>& out);

}  // namespace nnplay
