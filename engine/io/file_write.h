// file_write.h: writes bytes to a file so that a failed write loses nothing:
// the bytes go to a neighbour file "<path>.partial", which is renamed over the
// target only once it is complete (what save_model does for model files).
//
// What it does not do: create folders, or write anywhere in the web build
// but Emscripten's in-memory file system (the page downloads bytes instead).
//
// Use:
//   if (std::string err = write_file("view.png", png_bytes); !err.empty()) show(err);
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nnplay {

// "" or a message that names the file ("out/model.py: cannot write: Permission denied").
std::string write_file(const std::string& path, const void* data, std::size_t size);
std::string write_file(const std::string& path, const std::vector<uint8_t>& bytes);
std::string write_file(const std::string& path, const std::string& text);

}  // namespace nnplay
