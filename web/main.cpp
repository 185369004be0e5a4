// The platform side of the page: GLFW window on the canvas, Dear ImGui's GLFW
// and OpenGL3 (WebGL2) backends, and the browser's frame loop.
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/em_js.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "app.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "fonts.hpp"
#include "theme.hpp"
#include "wafer_renderer.hpp"

// The embed's "open the full calculator": this page without #embed, in a new tab (public/main.js).
EM_JS(void, js_open_full_calculator, (const char* fragment), {
    if (Module["w2tOpenFull"]) Module["w2tOpenFull"](UTF8ToString(fragment));
});

// The header's share and export buttons (public/main.js does the browser side).
EM_JS(void, js_copy_share_link, (const char* fragment), {
    if (Module["w2tCopyLink"]) Module["w2tCopyLink"](UTF8ToString(fragment));
});
EM_JS(void, js_download_file, (const char* name, const char* mime, const char* text), {
    if (Module["w2tDownload"]) Module["w2tDownload"](UTF8ToString(name), UTF8ToString(mime), UTF8ToString(text));
});
// Right after the frame is drawn, while the drawing buffer still holds it.
EM_JS(void, js_save_canvas_png, (const char* name), {
    if (Module["w2tSavePng"]) Module["w2tSavePng"](UTF8ToString(name));
});

namespace {

GLFWwindow* g_window = nullptr;
w2t::web::MapPainter g_painter;
// The canvas the app draws on: "#canvas" in index.html; createApp() in
// public/w2t.js passes another one's selector as `--canvas SELECTOR`.
std::string g_canvas_selector = "#canvas";
std::string g_png_requested;  // a file name: save the canvas after the next frame (capture_png)

// Power saving for pages that sit open (and blog embeds): after a spell with no
// input the loop stops drawing until an event, a resize or a state change wakes it.
constexpr int kFramesAfterWake = 30;  // lets ImGui settle hovers, tooltips and animations
int g_frames_to_draw = 2 * kFramesAfterWake;

EM_BOOL wake_on_event(int, const void*, void*) {
    w2t::web::request_redraw();
    return EM_FALSE;  // never swallow the event: GLFW and the page still get it
}

// Emscripten 3.1.6's GLFW hands the wheel's raw DOM deltas to the scroll
// callback (pixels, positive = down), where ImGui expects notches (positive =
// up): a wheel turn would scroll the wrong way by hundreds of steps. So the
// wheel goes to ImGui from here, in notches, and GLFW's callback is muted.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
    double per_notch = 1.0;  // DOM_DELTA_PAGE
    if (e->deltaMode == DOM_DELTA_PIXEL) per_notch = 100.0;
    else if (e->deltaMode == DOM_DELTA_LINE) per_notch = 3.0;
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheel -= static_cast<float>(std::clamp(e->deltaY / per_notch, -10.0, 10.0));
    io.MouseWheelH -= static_cast<float>(std::clamp(e->deltaX / per_notch, -10.0, 10.0));
    w2t::web::request_redraw();
    return EM_FALSE;
}

void ignore_glfw_scroll(GLFWwindow*, double, double) {}

// Touch: a one-finger drag that does not start on a widget scrolls the view
// under it (ImGui 1.86 has no touch scrolling of its own); on a slider it
// still drags the slider. Never prevents the browser's default, so a drag on
// an embed that has nothing to scroll scrolls the host page.
float g_touch_y = 0.0f;
bool g_touch_scrolling = false;

EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void*) {
    w2t::web::request_redraw();
    if (e->numTouches != 1) return EM_FALSE;
    const float y = static_cast<float>(e->touches[0].targetY);
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
        g_touch_y = y;
        g_touch_scrolling = false;
    } else if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
        const float dy = y - g_touch_y;
        g_touch_y = y;
        if (g_touch_scrolling || !ImGui::IsAnyItemActive()) {
            g_touch_scrolling = true;
            // ImGui scrolls 5 font heights a notch: the content moves with the finger.
            ImGui::GetIO().MouseWheel += dy / (5.0f * ImGui::GetFontSize());
        }
    }
    return EM_FALSE;
}

void listen_for_wake_events() {
    const char* doc = EMSCRIPTEN_EVENT_TARGET_DOCUMENT;
    emscripten_set_mousemove_callback(doc, nullptr, false, (em_mouse_callback_func)wake_on_event);
    emscripten_set_mousedown_callback(doc, nullptr, false, (em_mouse_callback_func)wake_on_event);
    emscripten_set_mouseup_callback(doc, nullptr, false, (em_mouse_callback_func)wake_on_event);
    emscripten_set_wheel_callback(g_canvas_selector.c_str(), nullptr, false, on_wheel);
    emscripten_set_keydown_callback(doc, nullptr, false, (em_key_callback_func)wake_on_event);
    emscripten_set_keyup_callback(doc, nullptr, false, (em_key_callback_func)wake_on_event);
    emscripten_set_touchstart_callback(g_canvas_selector.c_str(), nullptr, false, on_touch);
    emscripten_set_touchmove_callback(g_canvas_selector.c_str(), nullptr, false, on_touch);
    emscripten_set_touchend_callback(g_canvas_selector.c_str(), nullptr, false, on_touch);
    emscripten_set_focus_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false,
                                  (em_focus_callback_func)wake_on_event);
}

// The canvas is sized by CSS; its drawing buffer follows at the device pixel
// ratio, and ImGui works in CSS pixels with a framebuffer scale. (GLFW's own
// window size is left alone: Emscripten's glfwSetWindowSize asks for
// fullscreen when the size equals the screen's.)
struct CanvasSize {
    float css_w = 1, css_h = 1;
    int fb_w = 1, fb_h = 1;
    float pixel_ratio = 1;
};
CanvasSize g_canvas;
float g_font_ratio = 0;  // pixel ratio the font atlas was baked for

void fit_canvas_to_css() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size(g_canvas_selector.c_str(), &css_w, &css_h);
    const double ratio = std::clamp(emscripten_get_device_pixel_ratio(), 1.0, 3.0);
    CanvasSize next;
    next.css_w = static_cast<float>(std::max(css_w, 1.0));
    next.css_h = static_cast<float>(std::max(css_h, 1.0));
    next.pixel_ratio = static_cast<float>(ratio);
    next.fb_w = std::max(1, static_cast<int>(std::lround(css_w * ratio)));
    next.fb_h = std::max(1, static_cast<int>(std::lround(css_h * ratio)));
    int cur_w = 0, cur_h = 0;
    emscripten_get_canvas_element_size(g_canvas_selector.c_str(), &cur_w, &cur_h);
    if (cur_w != next.fb_w || cur_h != next.fb_h) {
        emscripten_set_canvas_element_size(g_canvas_selector.c_str(), next.fb_w, next.fb_h);
        w2t::web::request_redraw();
    }
    if (next.css_w != g_canvas.css_w || next.css_h != g_canvas.css_h) w2t::web::request_redraw();
    g_canvas = next;
}

// After the GLFW backend's NewFrame: CSS-pixel display, device-pixel framebuffer,
// and the mouse (which Emscripten reports in drawing-buffer pixels) back in CSS pixels.
void apply_canvas_to_imgui() {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(g_canvas.css_w, g_canvas.css_h);
    const float sx = static_cast<float>(g_canvas.fb_w) / g_canvas.css_w;
    const float sy = static_cast<float>(g_canvas.fb_h) / g_canvas.css_h;
    io.DisplayFramebufferScale = ImVec2(sx, sy);
    if (io.MousePos.x > -FLT_MAX / 2 && io.MousePos.y > -FLT_MAX / 2)
        io.MousePos = ImVec2(io.MousePos.x / sx, io.MousePos.y / sy);
    if (g_canvas.pixel_ratio != g_font_ratio) {
        if (!w2t::web::load_fonts(g_canvas.pixel_ratio))
            std::fprintf(stderr, "wafer2token: the embedded UI font did not load\n");
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        g_font_ratio = g_canvas.pixel_ratio;
    }
}

void frame() {
    fit_canvas_to_css();
    if (g_frames_to_draw <= 0) return;
    --g_frames_to_draw;
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    apply_canvas_to_imgui();
    if (ImGui::GetIO().DeltaTime <= 0.0f) ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    w2t::web::wafer_renderer_begin_frame();
    w2t::web::draw_app(w2t::web::app(), g_painter);
    ImGui::Render();
    glViewport(0, 0, g_canvas.fb_w, g_canvas.fb_h);
    const ImVec4 bg = w2t::web::theme().background;
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    // The menu that asked for it closed this frame, so the picture shows the view alone.
    if (!g_png_requested.empty() && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
        js_save_canvas_png(g_png_requested.c_str());
        g_png_requested.clear();
    }
    ++w2t::web::app().frames;
}

}  // namespace

namespace w2t::web {
void request_redraw() { g_frames_to_draw = std::max(g_frames_to_draw, kFramesAfterWake); }
void open_full_calculator(const std::string& fragment) { js_open_full_calculator(fragment.c_str()); }
void copy_share_link(const std::string& fragment) { js_copy_share_link(fragment.c_str()); }
void download_file(const std::string& name, const std::string& mime, const std::string& text) {
    js_download_file(name.c_str(), mime.c_str(), text.c_str());
}
void capture_png(const std::string& name) {
    g_png_requested = name;
    request_redraw();
}
}  // namespace w2t::web

int main(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--canvas") g_canvas_selector = argv[i + 1];
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
    glfwSetScrollCallback(g_window, ignore_glfw_scroll);  // after ImGui's: see on_wheel
    listen_for_wake_events();
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
