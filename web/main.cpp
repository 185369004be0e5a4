// The platform side of the page: GLFW window on the canvas, Dear ImGui's GLFW
// and OpenGL3 (WebGL2) backends, and the browser's frame loop.
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "wafer_renderer.hpp"

namespace {

GLFWwindow* g_window = nullptr;
w2t::web::MapPainter g_painter;

// Power saving for pages that sit open (and blog embeds): after a spell with no
// input the loop stops drawing until an event, a resize or a state change wakes it.
constexpr int kFramesAfterWake = 30;  // lets ImGui settle hovers, tooltips and animations
int g_frames_to_draw = 2 * kFramesAfterWake;

EM_BOOL wake_on_event(int, const void*, void*) {
    w2t::web::request_redraw();
    return EM_FALSE;  // never swallow the event: GLFW and the page still get it
}

void listen_for_wake_events() {
    const char* doc = EMSCRIPTEN_EVENT_TARGET_DOCUMENT;
    emscripten_set_mousemove_callback(doc, nullptr, false, (em_mouse_callback_func)wake_on_event);
    emscripten_set_mousedown_callback(doc, nullptr, false, (em_mouse_callback_func)wake_on_event);
    emscripten_set_mouseup_callback(doc, nullptr, false, (em_mouse_callback_func)wake_on_event);
    emscripten_set_wheel_callback(doc, nullptr, false, (em_wheel_callback_func)wake_on_event);
    emscripten_set_keydown_callback(doc, nullptr, false, (em_key_callback_func)wake_on_event);
    emscripten_set_keyup_callback(doc, nullptr, false, (em_key_callback_func)wake_on_event);
    emscripten_set_touchstart_callback(doc, nullptr, false, (em_touch_callback_func)wake_on_event);
    emscripten_set_touchmove_callback(doc, nullptr, false, (em_touch_callback_func)wake_on_event);
    emscripten_set_touchend_callback(doc, nullptr, false, (em_touch_callback_func)wake_on_event);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false,
                                  (em_focus_callback_func)wake_on_event);
}

// The canvas is sized by CSS; keep its drawing buffer in step with it.
void fit_canvas_to_css() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const int w = css_w > 1 ? static_cast<int>(css_w) : 1;
    const int h = css_h > 1 ? static_cast<int>(css_h) : 1;
    int cur_w = 0, cur_h = 0;
    glfwGetWindowSize(g_window, &cur_w, &cur_h);
    if (w != cur_w || h != cur_h) {
        glfwSetWindowSize(g_window, w, h);
        w2t::web::request_redraw();
    }
}

void frame() {
    fit_canvas_to_css();
    if (g_frames_to_draw <= 0) return;
    --g_frames_to_draw;
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (ImGui::GetIO().DeltaTime <= 0.0f) ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    w2t::web::wafer_renderer_begin_frame();
    w2t::web::draw_app(w2t::web::app(), g_painter);
    ImGui::Render();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(g_window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.086f, 0.098f, 0.118f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++w2t::web::app().frames;
}

}  // namespace

namespace w2t::web {
void request_redraw() { g_frames_to_draw = std::max(g_frames_to_draw, kFramesAfterWake); }
}  // namespace w2t::web

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "wafer2token: glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_window = glfwCreateWindow(1280, 800, "wafer2token", nullptr, nullptr);
    if (!g_window) {
        std::fprintf(stderr, "wafer2token: WebGL2 is not available in this browser\n");
        return 1;
    }
    glfwMakeContextCurrent(g_window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing is written to storage behind the user's back
    w2t::web::apply_style();
    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    std::string error;
    if (!w2t::web::init_wafer_renderer(&error)) {
        std::fprintf(stderr, "wafer2token: %s\n", error.c_str());
    } else {
        g_painter = w2t::web::wafer_map_painter();
    }
    listen_for_wake_events();
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
