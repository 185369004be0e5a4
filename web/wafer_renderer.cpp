#include "wafer_renderer.hpp"

#include <GLES3/gl3.h>

#include <deque>
#include <vector>

#include "imgui.h"
#include "palette.hpp"
#include "theme.hpp"
#include "w2t_shaders.hpp"

namespace w2t::web {
namespace {

struct Uniforms {
    GLint view_size_mm, mm_per_px, wafer_radius, usable_radius, die, pitch, offset, hover_mm;
    GLint background, wafer, edge_ring, scribe, whole, partial;
    GLint states, first_cell;
    GLint killed;  // set apart: the supply view's state 3
};

GLuint g_program = 0;
GLuint g_vao = 0;
GLuint g_states_texture = 0;
const DieGrid* g_uploaded_grid = nullptr;  // which grid, at which version, the texture holds
uint64_t g_uploaded_version = 0;
std::vector<uint8_t> g_upload;
Uniforms g_u{};
std::deque<WaferMapParams> g_queued;  // stable addresses until the frame is rendered

GLuint compile(GLenum type, const char* source, std::string* error) {
    GLuint shader = glCreateShader(type);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = {};
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        *error = std::string(type == GL_VERTEX_SHADER ? "wafer.vert: " : "wafer.frag: ") + log;
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

// One byte per die cell, uploaded only when the grid changed.
void upload_states(const WaferMapParams& p) {
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, g_states_texture);
    if (g_uploaded_grid == p.grid && g_uploaded_version == p.grid_version) return;
    const DieGrid& grid = *p.grid;
    g_upload.resize(grid.cells.size());
    for (size_t i = 0; i < grid.cells.size(); ++i) g_upload[i] = static_cast<uint8_t>(grid.cells[i]);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8UI, grid.cols, grid.rows, 0, GL_RED_INTEGER,
                 GL_UNSIGNED_BYTE, g_upload.data());
    g_uploaded_grid = p.grid;
    g_uploaded_version = p.grid_version;
}

void render_map(const ImDrawList*, const ImDrawCmd* cmd) {
    const auto* p = static_cast<const WaferMapParams*>(cmd->UserCallbackData);
    const ImGuiIO& io = ImGui::GetIO();
    const float sx = io.DisplayFramebufferScale.x, sy = io.DisplayFramebufferScale.y;
    const float fb_height = io.DisplaySize.y * sy;
    const int width_px = static_cast<int>((p->x1 - p->x0) * sx);
    const int height_px = static_cast<int>((p->y1 - p->y0) * sy);
    if (width_px <= 0 || height_px <= 0) return;
    glViewport(static_cast<int>(p->x0 * sx), static_cast<int>(fb_height - p->y1 * sy), width_px,
               height_px);
    // Clip to the window the map sits in (GL's y axis points up).
    const ImVec4 clip = cmd->ClipRect;
    glEnable(GL_SCISSOR_TEST);
    glScissor(static_cast<int>(clip.x * sx), static_cast<int>(fb_height - clip.w * sy),
              static_cast<int>((clip.z - clip.x) * sx), static_cast<int>((clip.w - clip.y) * sy));
    glDisable(GL_BLEND);
    glUseProgram(g_program);
    glBindVertexArray(g_vao);
    upload_states(*p);
    glUniform1i(g_u.states, 0);
    glUniform2i(g_u.first_cell, static_cast<GLint>(p->grid->first_col),
                static_cast<GLint>(p->grid->first_row));
    glUniform2f(g_u.view_size_mm, p->view_mm, p->view_mm * static_cast<float>(height_px) / width_px);
    glUniform1f(g_u.mm_per_px, p->view_mm / static_cast<float>(width_px));
    glUniform1f(g_u.wafer_radius, p->wafer_radius_mm);
    glUniform1f(g_u.usable_radius, p->usable_radius_mm);
    glUniform2f(g_u.die, p->die_w_mm, p->die_h_mm);
    glUniform2f(g_u.pitch, p->pitch_x_mm, p->pitch_y_mm);
    glUniform2f(g_u.offset, p->offset_x_mm, p->offset_y_mm);
    glUniform2f(g_u.hover_mm, p->hover_x_mm, p->hover_y_mm);
    auto colour = [](GLint at, palette::Rgb c) { glUniform3f(at, c.r, c.g, c.b); };
    const ImVec4 bg = theme().background;  // the page's, light or dark
    glUniform3f(g_u.background, bg.x, bg.y, bg.z);
    colour(g_u.wafer, palette::wafer);
    colour(g_u.edge_ring, palette::edge_ring);
    colour(g_u.scribe, palette::scribe);
    colour(g_u.whole, palette::whole_die);
    colour(g_u.partial, palette::partial_die);
    colour(g_u.killed, palette::killed_die);
    glDrawArrays(GL_TRIANGLES, 0, 3);
}

void paint(ImDrawList* list, const WaferMapParams& params) {
    if (!g_program || !params.grid || params.grid->cells.empty()) return;
    g_queued.push_back(params);
    list->AddCallback(render_map, &g_queued.back());
    list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

}  // namespace

bool init_wafer_renderer(std::string* error) {
    GLuint vs = compile(GL_VERTEX_SHADER, shaders::wafer_vert, error);
    if (!vs) return false;
    GLuint fs = compile(GL_FRAGMENT_SHADER, shaders::wafer_frag, error);
    if (!fs) return false;
    g_program = glCreateProgram();
    glAttachShader(g_program, vs);
    glAttachShader(g_program, fs);
    glLinkProgram(g_program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(g_program, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[1024] = {};
        glGetProgramInfoLog(g_program, sizeof log, nullptr, log);
        *error = std::string("wafer program link: ") + log;
        glDeleteProgram(g_program);
        g_program = 0;
        return false;
    }
    g_u = {glGetUniformLocation(g_program, "u_view_size_mm"),
           glGetUniformLocation(g_program, "u_mm_per_px"),
           glGetUniformLocation(g_program, "u_wafer_radius"),
           glGetUniformLocation(g_program, "u_usable_radius"),
           glGetUniformLocation(g_program, "u_die"),
           glGetUniformLocation(g_program, "u_pitch"),
           glGetUniformLocation(g_program, "u_offset"),
           glGetUniformLocation(g_program, "u_hover_mm"),
           glGetUniformLocation(g_program, "u_background"),
           glGetUniformLocation(g_program, "u_wafer"),
           glGetUniformLocation(g_program, "u_edge_ring"),
           glGetUniformLocation(g_program, "u_scribe"),
           glGetUniformLocation(g_program, "u_whole"),
           glGetUniformLocation(g_program, "u_partial"),
           glGetUniformLocation(g_program, "u_states"),
           glGetUniformLocation(g_program, "u_first_cell")};
    g_u.killed = glGetUniformLocation(g_program, "u_killed");
    glGenTextures(1, &g_states_texture);
    glGenVertexArrays(1, &g_vao);  // empty: the vertex shader makes its own triangle
    return true;
}

void wafer_renderer_begin_frame() { g_queued.clear(); }

MapPainter wafer_map_painter() { return MapPainter{paint}; }

}  // namespace w2t::web
