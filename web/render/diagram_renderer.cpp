// diagram_renderer.cpp: see diagram_renderer.h.
#include "web/render/diagram_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "web/app/diagram_scene.h"

#include "web/render/gl.h"

// shaders/diagram_*.{vert,frag}, embedded at build time (xxd -i).
#include "shader_diagram_edges_frag.h"
#include "shader_diagram_edges_vert.h"
#include "shader_diagram_hairlines_frag.h"
#include "shader_diagram_hairlines_vert.h"
#include "shader_diagram_layer_frag.h"
#include "shader_diagram_layer_vert.h"
#include "shader_diagram_neurons_frag.h"
#include "shader_diagram_neurons_vert.h"

namespace nnplay {
namespace {

DiagramRenderer* g_current = nullptr;

// The vertices each record is written out as.
struct EdgeVertex {      // shaders/diagram_edges.vert: four per edge
    DiagramEdge edge;    // a_ends, a_width, a_color
    float cx, cy;        // a_corner
};
struct HairlineVertex {  // shaders/diagram_hairlines.vert: two per edge
    float x, y;          // a_position
    uint32_t color;      // a_color
};
struct NeuronVertex {    // shaders/diagram_neurons.vert: four per neuron
    DiagramNeuron neuron;  // a_disc, a_fill, a_ring, a_ring_width
    float cx, cy;          // a_corner
};
const float kCorners[4][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};

// The embedded shaders (shaders/diagram_*), named for messages.
gl::ShaderSource source_edges_vert() {
    return {nnplay_shader_diagram_edges_vert, nnplay_shader_diagram_edges_vert_len, "shaders/diagram_edges.vert"};
}
gl::ShaderSource source_edges_frag() {
    return {nnplay_shader_diagram_edges_frag, nnplay_shader_diagram_edges_frag_len, "shaders/diagram_edges.frag"};
}
gl::ShaderSource source_hairlines_vert() {
    return {nnplay_shader_diagram_hairlines_vert, nnplay_shader_diagram_hairlines_vert_len, "shaders/diagram_hairlines.vert"};
}
gl::ShaderSource source_hairlines_frag() {
    return {nnplay_shader_diagram_hairlines_frag, nnplay_shader_diagram_hairlines_frag_len, "shaders/diagram_hairlines.frag"};
}
gl::ShaderSource source_neurons_vert() {
    return {nnplay_shader_diagram_neurons_vert, nnplay_shader_diagram_neurons_vert_len, "shaders/diagram_neurons.vert"};
}
gl::ShaderSource source_neurons_frag() {
    return {nnplay_shader_diagram_neurons_frag, nnplay_shader_diagram_neurons_frag_len, "shaders/diagram_neurons.frag"};
}
gl::ShaderSource source_layer_vert() {
    return {nnplay_shader_diagram_layer_vert, nnplay_shader_diagram_layer_vert_len, "shaders/diagram_layer.vert"};
}
gl::ShaderSource source_layer_frag() {
    return {nnplay_shader_diagram_layer_frag, nnplay_shader_diagram_layer_frag_len, "shaders/diagram_layer.frag"};
}

void attribute(GLuint index, GLint size, GLenum type, GLboolean normalized, GLsizei stride, std::size_t offset) {
    glEnableVertexAttribArray(index);
    glVertexAttribPointer(index, size, type, normalized, stride, reinterpret_cast<void*>(offset));
}

void blend_over() {
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

}  // namespace

DiagramRenderer::~DiagramRenderer() { shutdown(); }

bool DiagramRenderer::init(std::string* error) {
    std::string dummy;
    if (!error) error = &dummy;
    shutdown();
    static const char* const kEdge[] = {"a_corner", "a_ends", "a_width", "a_color"};
    static const char* const kHairline[] = {"a_position", "a_color"};
    static const char* const kNeuron[] = {"a_corner", "a_disc", "a_fill", "a_ring", "a_ring_width"};
    static const char* const kLayer[] = {"a_corner"};
    edge_program_ = gl::link_program(source_edges_vert(), source_edges_frag(), kEdge, 4, error);
    if (edge_program_)
        hairline_program_ = gl::link_program(source_hairlines_vert(), source_hairlines_frag(), kHairline, 2, error);
    if (hairline_program_)
        neuron_program_ = gl::link_program(source_neurons_vert(), source_neurons_frag(), kNeuron, 5, error);
    if (neuron_program_)
        layer_program_ = gl::link_program(source_layer_vert(), source_layer_frag(), kLayer, 1, error);
    if (!layer_program_) {
        shutdown();
        return false;
    }
    e_target_ = glGetUniformLocation(edge_program_, "u_target");
    e_px_ = glGetUniformLocation(edge_program_, "u_px");
    h_target_ = glGetUniformLocation(hairline_program_, "u_target");
    h_px_ = glGetUniformLocation(hairline_program_, "u_px");
    n_target_ = glGetUniformLocation(neuron_program_, "u_target");
    n_origin_ = glGetUniformLocation(neuron_program_, "u_origin");
    n_px_ = glGetUniformLocation(neuron_program_, "u_px");
    l_target_ = glGetUniformLocation(layer_program_, "u_target");
    l_rect_ = glGetUniformLocation(layer_program_, "u_rect");
    l_layer_ = glGetUniformLocation(layer_program_, "u_layer");

    glGenBuffers(1, &corner_vbo_);
    glBindBuffer(GL_ARRAY_BUFFER, corner_vbo_);
    glBufferData(GL_ARRAY_BUFFER, sizeof kCorners, kCorners, GL_STATIC_DRAW);
    glGenBuffers(1, &edge_vbo_);
    glGenBuffers(1, &hairline_vbo_);
    glGenBuffers(1, &neuron_vbo_);
    glGenBuffers(1, &quad_ibo_);

    // The element buffer is part of a vertex array's state: both quad arrays share it.
    glGenVertexArrays(1, &edge_vao_);
    glBindVertexArray(edge_vao_);
    glBindBuffer(GL_ARRAY_BUFFER, edge_vbo_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quad_ibo_);
    const GLsizei es = sizeof(EdgeVertex);
    attribute(0, 2, GL_FLOAT, GL_FALSE, es, offsetof(EdgeVertex, cx));
    attribute(1, 4, GL_FLOAT, GL_FALSE, es, offsetof(DiagramEdge, x0));
    attribute(2, 1, GL_FLOAT, GL_FALSE, es, offsetof(DiagramEdge, width));
    attribute(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, es, offsetof(DiagramEdge, color));

    glGenVertexArrays(1, &hairline_vao_);
    glBindVertexArray(hairline_vao_);
    glBindBuffer(GL_ARRAY_BUFFER, hairline_vbo_);
    const GLsizei hs = sizeof(HairlineVertex);
    attribute(0, 2, GL_FLOAT, GL_FALSE, hs, offsetof(HairlineVertex, x));
    attribute(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, hs, offsetof(HairlineVertex, color));

    glGenVertexArrays(1, &neuron_vao_);
    glBindVertexArray(neuron_vao_);
    glBindBuffer(GL_ARRAY_BUFFER, neuron_vbo_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quad_ibo_);
    const GLsizei ns = sizeof(NeuronVertex);
    attribute(0, 2, GL_FLOAT, GL_FALSE, ns, offsetof(NeuronVertex, cx));
    attribute(1, 3, GL_FLOAT, GL_FALSE, ns, offsetof(DiagramNeuron, x));
    attribute(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, ns, offsetof(DiagramNeuron, fill));
    attribute(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, ns, offsetof(DiagramNeuron, ring));
    attribute(4, 1, GL_FLOAT, GL_FALSE, ns, offsetof(DiagramNeuron, ring_width));

    glGenVertexArrays(1, &layer_vao_);
    glBindVertexArray(layer_vao_);
    glBindBuffer(GL_ARRAY_BUFFER, corner_vbo_);
    attribute(0, 2, GL_FLOAT, GL_FALSE, 0, 0);
    glBindVertexArray(0);
    g_current = this;
    return true;
}

void DiagramRenderer::shutdown() {
    if (g_current == this) g_current = nullptr;
    const GLuint programs[4] = {edge_program_, hairline_program_, neuron_program_, layer_program_};
    for (GLuint p : programs)
        if (p) glDeleteProgram(p);
    const GLuint buffers[5] = {corner_vbo_, edge_vbo_, hairline_vbo_, neuron_vbo_, quad_ibo_};
    for (GLuint b : buffers)
        if (b) glDeleteBuffers(1, &b);
    const GLuint arrays[4] = {edge_vao_, hairline_vao_, neuron_vao_, layer_vao_};
    for (GLuint a : arrays)
        if (a) glDeleteVertexArrays(1, &a);
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (layer_texture_) glDeleteTextures(1, &layer_texture_);
    if (fan_fbo_) glDeleteFramebuffers(1, &fan_fbo_);
    if (fan_texture_) glDeleteTextures(1, &fan_texture_);
    fan_fbo_ = fan_texture_ = 0;
    if (image_texture_) glDeleteTextures(1, &image_texture_);
    image_texture_ = 0;
    edge_program_ = hairline_program_ = neuron_program_ = layer_program_ = 0;
    corner_vbo_ = edge_vbo_ = hairline_vbo_ = neuron_vbo_ = quad_ibo_ = 0;
    edge_vao_ = hairline_vao_ = neuron_vao_ = layer_vao_ = fbo_ = layer_texture_ = 0;
    quad_indices_ = 0;
    layer_w_ = layer_h_ = 0;
    layer_ok_ = false;
    layer_version_ = fan_version_ = ~0ull;
    layer_scene_ = nullptr;
}

void DiagramRenderer::draw_callback(const ImDrawList*, const ImDrawCmd* cmd) {
    if (g_current && cmd && cmd->UserCallbackData)
        g_current->draw(*static_cast<const DiagramScene*>(cmd->UserCallbackData), *cmd);
}

void DiagramRenderer::quad_indices(std::size_t quads) {
    if (quads <= quad_indices_) return;
    quads = std::max(quads, quad_indices_ * 2);
    std::vector<unsigned> idx(quads * 6);
    for (std::size_t q = 0; q < quads; ++q) {
        const unsigned v = unsigned(q * 4);
        const unsigned tri[6] = {v, v + 1, v + 2, v + 1, v + 3, v + 2};
        std::copy(tri, tri + 6, idx.begin() + std::ptrdiff_t(q * 6));
    }
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, quad_ibo_);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, GLsizeiptr(idx.size() * sizeof(unsigned)), idx.data(), GL_STATIC_DRAW);
    quad_indices_ = quads;
}

namespace {
// A w x h RGBA8 texture and a framebuffer drawing into it; false when the
// framebuffer is not complete.
bool make_target(GLuint* texture, GLuint* fbo, int w, int h) {
    if (!*texture) glGenTextures(1, texture);
    if (!*fbo) glGenFramebuffers(1, fbo);
    glBindTexture(GL_TEXTURE_2D, *texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindFramebuffer(GL_FRAMEBUFFER, *fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, *texture, 0);
    const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return ok;
}
}  // namespace

// The cached layer and the fan's, w x h pixels each.
bool DiagramRenderer::ensure_layer(int w, int h) {
    if (layer_texture_ && w == layer_w_ && h == layer_h_) return layer_ok_;
    layer_ok_ = make_target(&layer_texture_, &fbo_, w, h) && make_target(&fan_texture_, &fan_fbo_, w, h);
    layer_w_ = w;
    layer_h_ = h;
    layer_version_ = fan_version_ = ~0ull;
    return layer_ok_;
}

// Every neuron, one indexed call of quads, into a target of w x h pixels
// whose top-left corner is (x, y) pixels from the diagram's.
void DiagramRenderer::draw_neurons(const DiagramScene& s, int w, int h, int x, int y, float px) {
    if (s.neurons.empty()) return;
    scratch_.resize(s.neurons.size() * 4 * sizeof(NeuronVertex));
    auto* v = reinterpret_cast<NeuronVertex*>(scratch_.data());
    for (std::size_t i = 0; i < s.neurons.size(); ++i)
        for (int k = 0; k < 4; ++k) v[4 * i + std::size_t(k)] = {s.neurons[i], kCorners[k][0], kCorners[k][1]};
    blend_over();
    glUseProgram(neuron_program_);
    glUniform2f(n_target_, float(w), float(h));
    glUniform2f(n_origin_, float(x), float(y));
    glUniform1f(n_px_, px);
    glBindVertexArray(neuron_vao_);
    quad_indices(s.neurons.size());
    glBindBuffer(GL_ARRAY_BUFFER, neuron_vbo_);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(scratch_.size()), scratch_.data(), GL_STREAM_DRAW);
    glDrawElements(GL_TRIANGLES, GLsizei(s.neurons.size() * 6), GL_UNSIGNED_INT, nullptr);
}

// The input image, as one textured quad into the cached layer.
void DiagramRenderer::draw_image(const DiagramScene& s, int w, int h, float px) {
    const DiagramImage& im = s.image;
    if (im.rows <= 0 || im.cols <= 0 || im.gray.size() != std::size_t(im.rows) * std::size_t(im.cols)) return;
    // RGBA rows from the bottom up: the layer shader reads the texture's last
    // row at the quad's top (diagram_layer.vert).
    scratch_.resize(im.gray.size() * 4);
    for (int r = 0; r < im.rows; ++r)
        for (int c = 0; c < im.cols; ++c) {
            const uint8_t g = im.gray[std::size_t(r) * std::size_t(im.cols) + std::size_t(c)];
            unsigned char* p = &scratch_[(std::size_t(im.rows - 1 - r) * std::size_t(im.cols) + std::size_t(c)) * 4];
            p[0] = p[1] = p[2] = g;
            p[3] = 255;
        }
    if (!image_texture_) glGenTextures(1, &image_texture_);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, image_texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, im.cols, im.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, scratch_.data());
    glDisable(GL_BLEND);
    glUseProgram(layer_program_);
    glUniform2f(l_target_, float(w), float(h));
    glUniform4f(l_rect_, std::round(im.x * px), std::round(im.y * px), std::round(float(im.cols) * im.cell * px),
                std::round(float(im.rows) * im.cell * px));
    glUniform1i(l_layer_, 0);
    glBindVertexArray(layer_vao_);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
}

// The fan's texture: the background, the hairlines (one GL_LINES call) and
// the input image over them.
void DiagramRenderer::draw_fan(const DiagramScene& s, int w, int h, float px) {
    glBindFramebuffer(GL_FRAMEBUFFER, fan_fbo_);
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(s.background);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    const std::size_t hair = std::min(s.hairlines, s.edges.size());
    if (hair > 0) {
        scratch_.resize(hair * 2 * sizeof(HairlineVertex));
        auto* v = reinterpret_cast<HairlineVertex*>(scratch_.data());
        for (std::size_t i = 0; i < hair; ++i) {
            const DiagramEdge& e = s.edges[i];
            v[2 * i] = {e.x0, e.y0, e.color};
            v[2 * i + 1] = {e.x1, e.y1, e.color};
        }
        blend_over();
        glUseProgram(hairline_program_);
        glUniform2f(h_target_, float(w), float(h));
        glUniform1f(h_px_, px);
        glBindVertexArray(hairline_vao_);
        glBindBuffer(GL_ARRAY_BUFFER, hairline_vbo_);
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(scratch_.size()), scratch_.data(), GL_STREAM_DRAW);
        glDrawArrays(GL_LINES, 0, GLsizei(hair * 2));
    }
    draw_image(s, w, h, px);
    ++stats_.fan_draws;
}

// The whole picture into the cached layer: a copy of the fan's texture, the
// anti-aliased edges (one indexed call of quads), the neurons on top.
void DiagramRenderer::draw_layer(const DiagramScene& s, int w, int h, float px) {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fan_fbo_);
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo_);
    glDisable(GL_SCISSOR_TEST);
    glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, w, h);
    const std::size_t hair = std::min(s.hairlines, s.edges.size());
    const std::size_t quads = s.edges.size() - hair;
    if (quads > 0) {
        scratch_.resize(quads * 4 * sizeof(EdgeVertex));
        auto* v = reinterpret_cast<EdgeVertex*>(scratch_.data());
        for (std::size_t i = 0; i < quads; ++i)
            for (int k = 0; k < 4; ++k) v[4 * i + std::size_t(k)] = {s.edges[hair + i], kCorners[k][0], kCorners[k][1]};
        blend_over();
        glUseProgram(edge_program_);
        glUniform2f(e_target_, float(w), float(h));
        glUniform1f(e_px_, px);
        glBindVertexArray(edge_vao_);
        quad_indices(quads);
        glBindBuffer(GL_ARRAY_BUFFER, edge_vbo_);
        glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(scratch_.size()), scratch_.data(), GL_STREAM_DRAW);
        glDrawElements(GL_TRIANGLES, GLsizei(quads * 6), GL_UNSIGNED_INT, nullptr);
    }
    draw_neurons(s, w, h, 0, 0, px);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    ++stats_.layer_draws;
}

void DiagramRenderer::draw(const DiagramScene& s, const ImDrawCmd& cmd) {
    const ImDrawData* data = ImGui::GetDrawData();
    if (!data || s.w <= 0 || s.h <= 0) return;
    const ImVec2 scale = data->FramebufferScale, origin = data->DisplayPos;
    const int fb_w = int(data->DisplaySize.x * scale.x), fb_h = int(data->DisplaySize.y * scale.y);
    if (fb_w <= 0 || fb_h <= 0) return;
    const float px = scale.x;
    // The diagram's rectangle in whole framebuffer pixels, and its clip rectangle.
    const int rx = int(std::lround((s.x - origin.x) * scale.x)), ry = int(std::lround((s.y - origin.y) * scale.y));
    const int rw = std::max(1, int(std::lround(s.w * scale.x))), rh = std::max(1, int(std::lround(s.h * scale.y)));
    const int cx0 = int(std::lround((cmd.ClipRect.x - origin.x) * scale.x));
    const int cy0 = int(std::lround((cmd.ClipRect.y - origin.y) * scale.y));
    const int cx1 = int(std::lround((cmd.ClipRect.z - origin.x) * scale.x));
    const int cy1 = int(std::lround((cmd.ClipRect.w - origin.y) * scale.y));
    if (cx1 <= cx0 || cy1 <= cy0) return;
    stats_.edges = int(s.edges.size());
    stats_.neurons = int(s.neurons.size());

    if (ensure_layer(rw, rh) && (layer_version_ != s.edges_version || layer_scene_ != &s)) {
        if (fan_version_ != s.fan_version || layer_scene_ != &s) {
            draw_fan(s, rw, rh, px);
            fan_version_ = s.fan_version;
        }
        draw_layer(s, rw, rh, px);
        layer_version_ = s.edges_version;
        layer_scene_ = &s;
    }
    glViewport(0, 0, fb_w, fb_h);
    glEnable(GL_SCISSOR_TEST);
    glScissor(cx0, fb_h - cy1, cx1 - cx0, cy1 - cy0);  // GL counts y from the bottom
    if (layer_ok_) {
        // The cached layer as an opaque quad: no blending, every pixel written
        // once. (A glBlitFramebuffer copy looked cheaper alone, but it splits
        // the frame's drawing in two: in the page, the quad kept more frames
        // per second, about 0.95 to 1.0 of the one-sample view's against 0.87
        // to 0.91 with the copy, measured in turn on one machine.)
        glDisable(GL_BLEND);
        glUseProgram(layer_program_);
        glUniform2f(l_target_, float(fb_w), float(fb_h));
        glUniform4f(l_rect_, float(rx), float(ry), float(rw), float(rh));
        glUniform1i(l_layer_, 0);
        glActiveTexture(GL_TEXTURE0);
        glBindTexture(GL_TEXTURE_2D, layer_texture_);
        glBindVertexArray(layer_vao_);
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    } else {
        // No framebuffer to cache the picture in (RGBA8 is always renderable in
        // WebGL2 and OpenGL 3, so this is not expected): the background, as a
        // clear, and the neurons without their edges (and no image).
        const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(s.background);
        const int x0 = std::max(cx0, rx), y0 = std::max(cy0, ry);
        const int x1 = std::min(cx1, rx + rw), y1 = std::min(cy1, ry + rh);
        if (x1 > x0 && y1 > y0) {
            glScissor(x0, fb_h - y1, x1 - x0, y1 - y0);
            glClearColor(bg.x, bg.y, bg.z, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            glScissor(cx0, fb_h - cy1, cx1 - cx0, cy1 - cy0);
        }
    }
    if (!layer_ok_) draw_neurons(s, fb_w, fb_h, rx, ry, px);  // the layer has them otherwise
    glBindVertexArray(0);
}

}  // namespace nnplay
