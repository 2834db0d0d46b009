// gl.h: the GL headers for the build's dialect, and building a program from
// the embedded shader sources, shared by the UI and diagram renderers.
// The dialect is a build setting (web/web.cmake): WebGL2 through Emscripten's
// GLES3 headers, or desktop OpenGL 3 linked from libGL; the shaders are
// GLSL ES 3.00 bodies without the version line, which is added here.
#pragma once

#include <string>

#if defined(NNPLAY_GLES3)
#include <GLES3/gl3.h>
#else
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif

namespace nnplay::gl {

// One shader source embedded by xxd -i (generated/shader_<name>_<ext>.h).
struct ShaderSource {
    const unsigned char* body;
    unsigned len;
    const char* name;  // for messages: "shaders/ui.vert"
};

// Compiles and links a program; attribute i is bound to the name
// attributes[i], the fragment output to "o_color". 0 and a message in *error
// ("cannot compile shaders/ui.vert: ...", "cannot link A with B: ...") on failure.
GLuint link_program(const ShaderSource& vs, const ShaderSource& fs, const char* const* attributes, int n_attributes,
                    std::string* error);

}  // namespace nnplay::gl
