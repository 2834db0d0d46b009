// diagram_scene.h: what the network diagram hands to the GPU: plain instance
// data, one record per edge and per neuron, in display units. The App builds
// it (web/app/diagram.h) without any GL, so it runs headless in the tests;
// the renderer (web/render/diagram_renderer.h) draws it from a Dear ImGui draw
// callback, with the project's own shaders (shaders/diagram_*).
//
// What it does not do: know about the network (the builder turned weights and
// activations into colours and widths) or draw anything itself.
//
// Use (the App side):
//   scene.edges = ...; scene.neurons = ...; scene.image = ...; ++scene.edges_version;   // when they change
//   scene.x, y, w, h = where the diagram is this frame
//   draw_list->AddCallback(renderer_callback, &scene);
//   draw_list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nnplay {

// A line from (x0, y0) to (x1, y1), in display units from the scene's
// top-left corner; `width` in display units (under a pixel: drawn a pixel
// wide, fainter). color is RGBA8 with R in the lowest byte (Dear ImGui's
// ImU32); alpha 0 means "not drawn" (the GPU culls it).
struct DiagramEdge {
    float x0, y0, x1, y1;
    float width;
    uint32_t color;
};
static_assert(sizeof(DiagramEdge) == 24, "the renderer's vertex layout reads 24-byte edges");

// A disc at (x, y) of `radius` (display units, from the scene's top-left),
// filled with `fill` and edged by a ring of `ring_width` in `ring`.
struct DiagramNeuron {
    float x, y, radius;
    uint32_t fill, ring;
    float ring_width;
};
static_assert(sizeof(DiagramNeuron) == 24, "the renderer's vertex layout reads 24-byte neurons");

// The input image: rows x cols gray levels (0 black .. 255 white, row 0 at
// the top), its top-left corner at (x, y) and `cell` display units per pixel.
struct DiagramImage {
    float x = 0, y = 0, cell = 0;
    int rows = 0, cols = 0;
    std::vector<uint8_t> gray;
};

struct DiagramScene {
    float x = 0, y = 0, w = 0, h = 0;  // the diagram's rectangle this frame (display units)
    uint32_t background = 0xFF000000u; // opaque: the renderer fills the rectangle with it
    std::vector<DiagramEdge> edges;    // drawn in order: the last on top
    // The first `hairlines` edges are drawn as one-pixel lines, their width
    // shown by their opacity (thousands of overlapping first-layer edges,
    // where a software renderer would pay for wide anti-aliased ones); the
    // others anti-aliased at their width.
    std::size_t hairlines = 0;
    std::vector<DiagramNeuron> neurons;
    DiagramImage image;                // drawn over the edges, under the neurons
    // Changes whenever anything above (or w, h) changes. Drawing ten thousand
    // edges costs a software renderer a lot, so the renderer draws the whole
    // picture once into a texture of the rectangle's size and only draws it
    // again when this changes; every frame it copies that texture.
    uint64_t edges_version = 0;
    // Changes when the hairlines or the image (or w, h) change: the costly
    // part, which the renderer keeps in a texture of its own. A build that
    // changes only the rest (the neurons, the later layers' edges) leaves it.
    uint64_t fan_version = 0;
};

}  // namespace nnplay
