// png_writer.h: turns RGBA pixels into the bytes of a PNG file in memory, for
// "save the current view as a picture" (the UI reads the pixels back from the
// GPU; the page downloads the bytes, the desktop writes them with write_file).
// The encoder is stb_image_write (Debian's libstb-dev), compiled into this
// module only.
//
// What it does not do: read pixels, scale, or write files. Not thread-safe
// (stb's vertical-flip switch is one variable).
//
// Use:
//   std::vector<uint8_t> png;
//   std::string err = encode_png(pixels, w, h, 0, true, png);  // rows from glReadPixels: bottom first
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace nnplay {

inline constexpr int kMaxPngSide = 16384;

// pixels: height rows of width RGBA bytes each, stride_bytes apart (0: width * 4),
// the top row first, or the bottom row first when bottom_up (OpenGL's order).
// Returns "" and fills out, or a message (out is then left as it was).
std::string encode_png(const uint8_t* rgba, int width, int height, int stride_bytes,
                       bool bottom_up, std::vector<uint8_t>& out);

}  // namespace nnplay
