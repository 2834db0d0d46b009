// ui_renderer.h: draws Dear ImGui's draw data with OpenGL 3 (desktop) or
// WebGL2 (browser), written for this playground instead of Dear ImGui's own
// OpenGL3 backend because of what a software renderer charges. In headless
// Chromium (SwiftShader) every frame is rasterised on the CPU and read back
// before the page composites, so the page waits for all of it:
//   - solid shapes (frames, plot fills, lines) skip the texture fetch
//     (shaders/ui.frag), which about halves their cost per pixel;
//   - large opaque rectangles can be scissored clears (fill_callback);
//   - all windows' vertices and indices go up in one buffer each per frame;
//   - no GL state is read back (glGetIntegerv is a round trip to the GPU
//     process in a browser, about 0.2 ms each): this renderer owns the context.
//
// What it does not do: platform input (Dear ImGui's SDL backend does), or keep
// other code's GL state: it sets what it needs at the start of each render().
//
// Use (see web/main.cpp):
//   UiRenderer r;  if (!r.init(&error)) ...;    // a current GL context
//   after each App::setup_style: r.rebuild_font_texture();
//   each frame: ImGui::Render(); r.render(ImGui::GetDrawData(), clear_color);
//   images: id = r.upload_texture(previous_id, w, h, rgba)   (App::TextureUpload)
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

namespace nnplay {

class UiRenderer {
public:
    UiRenderer() = default;
    ~UiRenderer();
    UiRenderer(const UiRenderer&) = delete;
    UiRenderer& operator=(const UiRenderer&) = delete;

    // Compiles the shaders and makes the buffers. Needs a current GL context;
    // false with a message on failure.
    bool init(std::string* error);
    // (Re)makes the font texture from io.Fonts: after each App::setup_style,
    // before the next render(). Needs a current ImGui context.
    void rebuild_font_texture();
    // Deletes the GL objects (while the context is still current).
    void shutdown();
    // Clears the viewport to `clear`, draws every command list and flushes.
    void render(const ImDrawData* data, ImVec4 clear);
    // Makes (previous == nullptr) or refills a w x h RGBA8 texture sampled
    // NEAREST; returns its id for draw commands.
    ImTextureID upload_texture(ImTextureID previous, int w, int h, const unsigned char* rgba);

    // A draw callback that means "fill this command's clip rectangle with the
    // opaque color in UserCallbackData (an ImU32)". render() clears that
    // rectangle instead of drawing two triangles over it: SwiftShader clears
    // about three times faster than it blends. Give it to App::set_fill_callback.
    static void fill_callback(const ImDrawList* list, const ImDrawCmd* cmd);

    // Reads the RGBA pixels of a rectangle of the framebuffer just rendered
    // (framebuffer pixels, origin top left; clipped to it), rows bottom first
    // as GL gives them. After render(), before the buffers are swapped.
    bool read_pixels(int x, int y, int w, int h, std::vector<unsigned char>& rgba, int* out_w, int* out_h) const;

    // What the last render() drew.
    struct Stats {
        int triangles = 0;
        int draw_calls = 0;
    };
    const Stats& stats() const { return stats_; }

private:
    unsigned program_ = 0, vao_ = 0, vbo_ = 0, ibo_ = 0, font_texture_ = 0;
    void* fence_ = nullptr;           // GLsync of the last frame (see render())
    int loc_scale_ = -1, loc_origin_ = -1, loc_white_uv_ = -1, loc_texture_ = -1;
    ImVector<ImDrawVert> vertices_;   // every list's vertices, one after another
    ImVector<unsigned> indices_;      // rebased onto vertices_
    Stats stats_;
};

}  // namespace nnplay
