// gl.cpp: see gl.h.
#include "web/render/gl.h"

namespace nnplay::gl {
namespace {

#if defined(NNPLAY_GLES3)
const char kGlslVersion[] = "#version 300 es\n";
#else
const char kGlslVersion[] = "#version 130\n";
#endif

GLuint compile(GLenum type, const ShaderSource& src, std::string* error) {
    const GLchar* parts[2] = {kGlslVersion, reinterpret_cast<const GLchar*>(src.body)};
    const GLint lengths[2] = {GLint(sizeof kGlslVersion - 1), GLint(src.len)};
    const GLuint s = glCreateShader(type);
    glShaderSource(s, 2, parts, lengths);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (ok) return s;
    char log[1024] = "";
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    *error = std::string("cannot compile ") + src.name + ": " + log;
    while (!error->empty() && (error->back() == '\n' || error->back() == ' ')) error->pop_back();
    glDeleteShader(s);
    return 0;
}

}  // namespace

GLuint link_program(const ShaderSource& vs_src, const ShaderSource& fs_src, const char* const* attributes,
                    int n_attributes, std::string* error) {
    const GLuint vs = compile(GL_VERTEX_SHADER, vs_src, error);
    if (!vs) return 0;
    const GLuint fs = compile(GL_FRAGMENT_SHADER, fs_src, error);
    if (!fs) {
        glDeleteShader(vs);
        return 0;
    }
    const GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    for (int i = 0; i < n_attributes; ++i) glBindAttribLocation(p, GLuint(i), attributes[i]);
#if !defined(NNPLAY_GLES3)
    glBindFragDataLocation(p, 0, "o_color");
#endif
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (ok) return p;
    char log[1024] = "";
    glGetProgramInfoLog(p, sizeof log, nullptr, log);
    *error = std::string("cannot link ") + vs_src.name + " with " + fs_src.name + ": " + log;
    glDeleteProgram(p);
    return 0;
}

}  // namespace nnplay::gl
