// file_write.cpp: see file_write.h.
#include "engine/io/file_write.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace nnplay {

std::string write_file(const std::string& path, const void* data, std::size_t size) {
    const std::string tmp = path + ".partial";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return path + ": cannot write: " + std::strerror(errno);
    bool ok = size == 0 || std::fwrite(data, 1, size, f) == size;
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) {
        std::remove(tmp.c_str());
        return path + ": write failed (disk full?)";
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(tmp.c_str());
        return path + ": cannot write: " + why;
    }
    return "";
}

std::string write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
    return write_file(path, bytes.data(), bytes.size());
}

std::string write_file(const std::string& path, const std::string& text) {
    return write_file(path, text.data(), text.size());
}

}  // namespace nnplay
