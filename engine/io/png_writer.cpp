// png_writer.cpp: see png_writer.h. stb_image_write's functions are static to
// this file (STB_IMAGE_WRITE_STATIC), and its file functions are left out.
#include "engine/io/png_writer.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>

namespace nnplay {
namespace {

void append(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* p = static_cast<const uint8_t*>(data);
    out->insert(out->end(), p, p + size);
}

}  // namespace

std::string encode_png(const uint8_t* rgba, int width, int height, int stride_bytes,
                       bool bottom_up, std::vector<uint8_t>& out) {
    if (width < 1 || height < 1 || width > kMaxPngSide || height > kMaxPngSide)
        return "cannot save a picture of " + std::to_string(width) + " x " +
               std::to_string(height) + " pixels (each side 1 to " + std::to_string(kMaxPngSide) +
               ")";
    if (!rgba) return "no pixels to save";
    if (stride_bytes == 0) stride_bytes = width * 4;
    if (stride_bytes < width * 4)
        return "the rows of pixels are " + std::to_string(stride_bytes) + " bytes apart, less than " +
               std::to_string(width * 4) + " for " + std::to_string(width) + " RGBA pixels";
    std::vector<uint8_t> png;
    stbi_flip_vertically_on_write(bottom_up ? 1 : 0);
    const int ok = stbi_write_png_to_func(append, &png, width, height, 4, rgba, stride_bytes);
    stbi_flip_vertically_on_write(0);
    if (!ok || png.empty()) return "the PNG encoder failed (out of memory?)";
    out.swap(png);
    return "";
}

}  // namespace nnplay
