// diagram_renderer.h: draws the network diagram (web/app/diagram_scene.h)
// with the project's own shaders (shaders/diagram_*), from a Dear ImGui draw
// callback: ten thousand edges in one draw call instead of ten thousand ImGui
// lines.
//
// The App hands one record per edge and per neuron (instance data). They are
// not drawn as GL instances: SwiftShader, the software renderer of browsers
// without a GPU, draws instances one by one, about 40 us each (12,544
// instanced edges took about a second). The renderer writes each record out as
// the vertices of its line or quad and draws them in one call: the same edges
// took 40 to 80 ms. The first layer's dense fan (DiagramScene::hairlines) is
// drawn as one-pixel lines, a third of the cost of anti-aliased quads.
//
// The picture changes only when the App builds the diagram again, and drawing
// the edges is the costly part. So it is drawn into a texture of the
// diagram's size when DiagramScene::edges_version changes, and every frame
// that texture is drawn to the screen as one opaque quad. The costliest
// part, the background, the first layer's fan of hairlines and the input
// image, has a texture of its own, drawn again only when fan_version changes:
// a build that moves the neurons and the later layers' edges costs a copy of
// it and a few hundred quads. The App builds less often when
// builds make frames slow (DiagramPanel::refresh_s).
//
// What it does not do: decide what the diagram shows (the App does), or keep
// GL state for others: the App follows each callback with
// ImDrawCallback_ResetRenderState, and UiRenderer sets its state again then.
//
// Use (see web/main.cpp), with the GL context current:
//   DiagramRenderer d;
//   std::string err;
//   if (d.init(&err)) app.set_diagram_callback(&DiagramRenderer::draw_callback);
//   else app.set_diagram_error(err);        // the panel says so; the rest works
//   ...
//   d.shutdown();
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

namespace nnplay {

struct DiagramScene;

class DiagramRenderer {
public:
    DiagramRenderer() = default;
    ~DiagramRenderer();
    DiagramRenderer(const DiagramRenderer&) = delete;
    DiagramRenderer& operator=(const DiagramRenderer&) = delete;

    // Compiles the shaders, makes the buffers and becomes the renderer that
    // draw_callback uses. False with a message (naming the shader and the
    // compiler's log) on failure.
    bool init(std::string* error);
    void shutdown();

    // The ImGui draw callback: UserCallbackData is a const DiagramScene*; the
    // command's clip rectangle limits the drawing. Calls the renderer of the
    // last successful init().
    static void draw_callback(const ImDrawList* list, const ImDrawCmd* cmd);

    struct Stats {
        long long layer_draws = 0;   // times the picture was drawn into the cached layer
        long long fan_draws = 0;     // ... of them, with the fan drawn again
        int edges = 0, neurons = 0;  // instances in the last scene drawn
    };
    const Stats& stats() const { return stats_; }

private:
    void draw(const DiagramScene& scene, const ImDrawCmd& cmd);
    bool ensure_layer(int w, int h);
    void draw_fan(const DiagramScene& scene, int w, int h, float px);
    void draw_layer(const DiagramScene& scene, int w, int h, float px);
    void draw_image(const DiagramScene& scene, int w, int h, float px);
    void draw_neurons(const DiagramScene& scene, int w, int h, int x, int y, float px);

    void quad_indices(std::size_t quads);  // 6 per quad in quad_ibo_, for at least `quads`

    unsigned edge_program_ = 0, hairline_program_ = 0, neuron_program_ = 0, layer_program_ = 0;
    unsigned corner_vbo_ = 0, edge_vbo_ = 0, hairline_vbo_ = 0, neuron_vbo_ = 0, quad_ibo_ = 0;
    unsigned edge_vao_ = 0, hairline_vao_ = 0, neuron_vao_ = 0, layer_vao_ = 0;
    std::size_t quad_indices_ = 0;    // quads quad_ibo_ has indices for
    std::vector<unsigned char> scratch_;  // the vertices being written out
    unsigned fbo_ = 0, layer_texture_ = 0, image_texture_ = 0;
    unsigned fan_fbo_ = 0, fan_texture_ = 0;  // the background, hairlines and image
    int layer_w_ = 0, layer_h_ = 0;
    bool layer_ok_ = false;
    uint64_t layer_version_ = ~0ull;  // the scene's edges_version in the layer
    uint64_t fan_version_ = ~0ull;    // the scene's fan_version in the fan
    const void* layer_scene_ = nullptr;
    // Uniform locations.
    int e_target_ = -1, e_px_ = -1, h_target_ = -1, h_px_ = -1;
    int n_target_ = -1, n_origin_ = -1, n_px_ = -1;
    int l_target_ = -1, l_rect_ = -1, l_layer_ = -1;
    Stats stats_;
};

}  // namespace nnplay
