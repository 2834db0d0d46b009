// ui_renderer.cpp: see ui_renderer.h. Written here rather than taken from Dear
// ImGui's OpenGL3 backend because the backend saves and restores all GL state
// through glGetIntegerv (a synchronous round trip in a browser) and samples the
// font texture for every pixel, solid or not; see the header for the numbers.
#include "web/render/ui_renderer.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cmath>
#include <cstring>

#include "web/render/gl.h"

// shaders/ui.vert and shaders/ui.frag, embedded at build time (xxd -i).
#include "shader_ui_frag.h"
#include "shader_ui_vert.h"

namespace nnplay {
namespace {

static_assert(sizeof(ImDrawIdx) == 4, "web/web.cmake builds Dear ImGui with 32-bit indices");

GLuint as_gl(ImTextureID id) { return static_cast<GLuint>(reinterpret_cast<std::intptr_t>(id)); }
ImTextureID as_id(GLuint tex) { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(tex)); }

}  // namespace

UiRenderer::~UiRenderer() { shutdown(); }

bool UiRenderer::init(std::string* error) {
    std::string dummy;
    if (!error) error = &dummy;
    shutdown();
    static const char* const kAttributes[] = {"a_position", "a_uv", "a_color"};
    program_ = gl::link_program({nnplay_shader_ui_vert, nnplay_shader_ui_vert_len, "shaders/ui.vert"},
                                {nnplay_shader_ui_frag, nnplay_shader_ui_frag_len, "shaders/ui.frag"}, kAttributes, 3,
                                error);
    if (!program_) {
        shutdown();
        return false;
    }
    loc_scale_ = glGetUniformLocation(program_, "u_scale");
    loc_origin_ = glGetUniformLocation(program_, "u_origin");
    loc_white_uv_ = glGetUniformLocation(program_, "u_white_uv");
    loc_texture_ = glGetUniformLocation(program_, "u_texture");

    // One vertex array: ImDrawVert is pos (2 floats), uv (2 floats), col (RGBA8).
    glGenVertexArrays(1, &vao_);
    glGenBuffers(1, &vbo_);
    glGenBuffers(1, &ibo_);
    glBindVertexArray(vao_);
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, ibo_);  // part of the vertex array's state
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    const GLsizei stride = sizeof(ImDrawVert);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, reinterpret_cast<void*>(offsetof(ImDrawVert, col)));
    glBindVertexArray(0);
    return true;
}

void UiRenderer::rebuild_font_texture() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    if (!font_texture_) glGenTextures(1, &font_texture_);
    glBindTexture(GL_TEXTURE_2D, font_texture_);
    // LINEAR: glyphs are rasterised with horizontal oversampling and drawn at
    // fractional positions.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID(as_id(font_texture_));
}

ImTextureID UiRenderer::upload_texture(ImTextureID previous, int w, int h, const unsigned char* rgba) {
    GLuint tex = as_gl(previous);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    if (!tex) {
        glGenTextures(1, &tex);
        glBindTexture(GL_TEXTURE_2D, tex);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    } else {
        glBindTexture(GL_TEXTURE_2D, tex);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    }
    return as_id(tex);
}

void UiRenderer::render(const ImDrawData* data, ImVec4 clear) {
    stats_ = Stats{};
    const int fb_w = int(data->DisplaySize.x * data->FramebufferScale.x);
    const int fb_h = int(data->DisplaySize.y * data->FramebufferScale.y);
    if (fb_w <= 0 || fb_h <= 0 || !program_) return;

    glViewport(0, 0, fb_w, fb_h);
    glDisable(GL_SCISSOR_TEST);  // a scissor would limit the clear
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);

    // Every list's vertices and indices in one upload each, the indices rebased.
    vertices_.resize(data->TotalVtxCount);
    indices_.resize(data->TotalIdxCount);
    std::size_t vtx = 0, idx = 0;
    for (int n = 0; n < data->CmdListsCount; ++n) {
        const ImDrawList* list = data->CmdLists[n];
        std::memcpy(vertices_.Data + vtx, list->VtxBuffer.Data, list->VtxBuffer.Size * sizeof(ImDrawVert));
        const unsigned base = unsigned(vtx);
        for (int i = 0; i < list->IdxBuffer.Size; ++i) indices_.Data[idx + i] = list->IdxBuffer.Data[i] + base;
        vtx += list->VtxBuffer.Size;
        idx += list->IdxBuffer.Size;
    }
    if (idx == 0) return;

    // The whole pipeline state, every frame: nothing is read back.
    const auto set_state = [&] {
        glEnable(GL_BLEND);
        glBlendEquation(GL_FUNC_ADD);
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        glDisable(GL_CULL_FACE);
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_STENCIL_TEST);
        glEnable(GL_SCISSOR_TEST);
        glUseProgram(program_);
        glUniform2f(loc_scale_, 2.0f / data->DisplaySize.x, 2.0f / data->DisplaySize.y);
        glUniform2f(loc_origin_, data->DisplayPos.x, data->DisplayPos.y);
        glUniform1i(loc_texture_, 0);
        glActiveTexture(GL_TEXTURE0);
        glBindVertexArray(vao_);
    };
    set_state();
    glBindBuffer(GL_ARRAY_BUFFER, vbo_);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(vtx * sizeof(ImDrawVert)), vertices_.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(idx * sizeof(unsigned)), indices_.Data, GL_STREAM_DRAW);

    const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
    const ImVec2 origin = data->DisplayPos, scale = data->FramebufferScale;
    GLuint bound = ~0u;
    std::size_t list_idx = 0;
    for (int n = 0; n < data->CmdListsCount; ++n) {
        const ImDrawList* list = data->CmdLists[n];
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback == &UiRenderer::fill_callback) {
                // Pixels whose centres are inside the rectangle, as triangles would cover.
                const ImVec4 c = ImGui::ColorConvertU32ToFloat4(
                    ImU32(reinterpret_cast<std::uintptr_t>(cmd.UserCallbackData)));
                const int x0 = int(std::lround((cmd.ClipRect.x - origin.x) * scale.x));
                const int y0 = int(std::lround((cmd.ClipRect.y - origin.y) * scale.y));
                const int x1 = int(std::lround((cmd.ClipRect.z - origin.x) * scale.x));
                const int y1 = int(std::lround((cmd.ClipRect.w - origin.y) * scale.y));
                if (x1 > x0 && y1 > y0) {
                    glScissor(x0, fb_h - y1, x1 - x0, y1 - y0);
                    glClearColor(c.x, c.y, c.z, 1.0f);
                    glClear(GL_COLOR_BUFFER_BIT);
                    ++stats_.draw_calls;
                }
                continue;
            }
            if (cmd.UserCallback) {
                if (cmd.UserCallback == ImDrawCallback_ResetRenderState) {
                    set_state();
                    bound = ~0u;
                } else {
                    cmd.UserCallback(list, &cmd);
                }
                continue;
            }
            const float x0 = (cmd.ClipRect.x - origin.x) * scale.x, y0 = (cmd.ClipRect.y - origin.y) * scale.y;
            const float x1 = (cmd.ClipRect.z - origin.x) * scale.x, y1 = (cmd.ClipRect.w - origin.y) * scale.y;
            if (x1 <= x0 || y1 <= y0 || cmd.ElemCount == 0) continue;
            const GLuint tex = as_gl(cmd.GetTexID());
            if (tex != bound) {
                glBindTexture(GL_TEXTURE_2D, tex);
                // Only the font atlas has a white pixel: other textures always sample.
                const bool font = tex == font_texture_;
                glUniform2f(loc_white_uv_, font ? white.x : -1.0f, font ? white.y : -1.0f);
                bound = tex;
            }
            glScissor(int(x0), int(fb_h - y1), int(x1 - x0), int(y1 - y0));  // GL counts y from the bottom
            glDrawElements(GL_TRIANGLES, GLsizei(cmd.ElemCount), GL_UNSIGNED_INT,
                           reinterpret_cast<void*>((list_idx + cmd.IdxOffset) * sizeof(unsigned)));
            stats_.triangles += int(cmd.ElemCount / 3);
            ++stats_.draw_calls;
        }
        list_idx += list->IdxBuffer.Size;
    }
    glBindVertexArray(0);
    // Hand the frame to the GPU now, so it draws while the caller trains.
    // Chromium's WebGL (ANGLE) lets a bare glFlush wait until the page reads
    // the canvas back; a fence makes it submit the frame to the rasteriser at
    // once (seen in a trace: one submission per frame without it, two with).
#if defined(NNPLAY_GLES3)
    if (fence_) glDeleteSync(static_cast<GLsync>(fence_));
    fence_ = glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
#endif
    glFlush();
}

void UiRenderer::fill_callback(const ImDrawList*, const ImDrawCmd*) {
    // Never called: render() recognises this function's address and clears.
}

void UiRenderer::shutdown() {
    if (font_texture_) glDeleteTextures(1, &font_texture_);
    if (vbo_) glDeleteBuffers(1, &vbo_);
    if (ibo_) glDeleteBuffers(1, &ibo_);
    if (vao_) glDeleteVertexArrays(1, &vao_);
    if (program_) glDeleteProgram(program_);
#if defined(NNPLAY_GLES3)
    if (fence_) glDeleteSync(static_cast<GLsync>(fence_));
#endif
    fence_ = nullptr;
    program_ = vao_ = vbo_ = ibo_ = font_texture_ = 0;
}

bool UiRenderer::read_pixels(int x, int y, int w, int h, std::vector<unsigned char>& rgba, int* out_w,
                             int* out_h) const {
    GLint vp[4] = {0, 0, 0, 0};
    glGetIntegerv(GL_VIEWPORT, vp);  // once per picture, not per frame
    const int fb_w = vp[2], fb_h = vp[3];
    const int x0 = std::max(0, x), y0 = std::max(0, y);
    const int x1 = std::min(fb_w, x + w), y1 = std::min(fb_h, y + h);
    if (x1 <= x0 || y1 <= y0) return false;
    const int cw = x1 - x0, ch = y1 - y0;
    rgba.resize(static_cast<std::size_t>(cw) * ch * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    // GL's rows start at the bottom.
    glReadPixels(x0, fb_h - y1, cw, ch, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    // The frame is opaque where drawn; make every pixel so in the picture.
    for (std::size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 255;
    *out_w = cw;
    *out_h = ch;
    return glGetError() == GL_NO_ERROR;
}

}  // namespace nnplay
