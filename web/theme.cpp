#include "theme.hpp"

#include "palette.hpp"

namespace w2t::web {
namespace {

Theme dark_theme() {
    Theme t;
    t.light = false;
    t.background = ImVec4(palette::background.r, palette::background.g, palette::background.b, 1.0f);
    t.plot_bg = IM_COL32(255, 255, 255, 6);
    t.grid = IM_COL32(255, 255, 255, 22);
    t.minor_grid = IM_COL32(255, 255, 255, 10);
    t.axis = IM_COL32(200, 205, 212, 140);
    t.highlight = IM_COL32(255, 255, 255, 220);
    t.strong = IM_COL32(235, 235, 235, 255);
    t.hover_row = IM_COL32(255, 255, 255, 14);
    t.muted = ImVec4(0.62f, 0.65f, 0.70f, 1.0f);
    t.error = ImVec4(1.0f, 0.42f, 0.38f, 1.0f);
    t.good = ImVec4(0.40f, 0.80f, 0.62f, 1.0f);
    t.warn = ImVec4(0.92f, 0.62f, 0.36f, 1.0f);
    t.link = ImVec4(0.45f, 0.70f, 0.95f, 1.0f);
    t.bad_frame = ImVec4(0.45f, 0.12f, 0.12f, 1.0f);
    return t;
}

// Paper-white with ink-dark text; accents a shade darker than dark mode's so
// they keep contrast on white.
Theme light_theme() {
    Theme t;
    t.light = true;
    t.background = ImVec4(0.975f, 0.978f, 0.984f, 1.0f);
    t.plot_bg = IM_COL32(0, 0, 0, 5);
    t.grid = IM_COL32(0, 0, 0, 28);
    t.minor_grid = IM_COL32(0, 0, 0, 12);
    t.axis = IM_COL32(60, 66, 76, 170);
    t.highlight = IM_COL32(20, 24, 30, 220);
    t.strong = IM_COL32(30, 34, 40, 255);
    t.hover_row = IM_COL32(0, 0, 0, 14);
    t.muted = ImVec4(0.36f, 0.39f, 0.44f, 1.0f);
    t.error = ImVec4(0.75f, 0.16f, 0.12f, 1.0f);
    t.good = ImVec4(0.02f, 0.48f, 0.33f, 1.0f);
    t.warn = ImVec4(0.68f, 0.36f, 0.02f, 1.0f);
    t.link = ImVec4(0.08f, 0.38f, 0.74f, 1.0f);
    t.bad_frame = ImVec4(0.98f, 0.80f, 0.78f, 1.0f);
    return t;
}

// Made on first use, so panels' references to its members are safe at start-up.
Theme& current() {
    static Theme t = dark_theme();
    return t;
}

}  // namespace

const Theme& theme() { return current(); }

void apply_theme(bool light) {
    Theme& g_theme = current();
    g_theme = light ? light_theme() : dark_theme();
    if (light) ImGui::StyleColorsLight();
    else ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 0.0f;
    s.FrameRounding = 3.0f;
    s.GrabRounding = 3.0f;
    s.FramePadding = ImVec2(8.0f, 5.0f);
    s.ItemSpacing = ImVec2(8.0f, 7.0f);
    s.WindowPadding = ImVec2(14.0f, 12.0f);
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = g_theme.background;
    c[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
    if (light) {
        c[ImGuiCol_Text] = ImVec4(0.10f, 0.12f, 0.15f, 1.0f);
        c[ImGuiCol_TextDisabled] = ImVec4(0.42f, 0.45f, 0.50f, 1.0f);
        c[ImGuiCol_FrameBg] = ImVec4(0.89f, 0.91f, 0.93f, 1.0f);
        c[ImGuiCol_FrameBgHovered] = ImVec4(0.83f, 0.88f, 0.90f, 1.0f);
        c[ImGuiCol_FrameBgActive] = ImVec4(0.78f, 0.86f, 0.88f, 1.0f);
        c[ImGuiCol_SliderGrab] = ImVec4(0.08f, 0.50f, 0.45f, 1.0f);
        c[ImGuiCol_SliderGrabActive] = ImVec4(0.05f, 0.42f, 0.38f, 1.0f);
        c[ImGuiCol_CheckMark] = ImVec4(0.05f, 0.45f, 0.40f, 1.0f);
        c[ImGuiCol_Button] = ImVec4(0.84f, 0.88f, 0.90f, 1.0f);
        c[ImGuiCol_ButtonHovered] = ImVec4(0.72f, 0.85f, 0.83f, 1.0f);
        c[ImGuiCol_ButtonActive] = ImVec4(0.62f, 0.80f, 0.78f, 1.0f);
        c[ImGuiCol_Header] = ImVec4(0.80f, 0.88f, 0.87f, 1.0f);
        c[ImGuiCol_HeaderHovered] = ImVec4(0.72f, 0.85f, 0.83f, 1.0f);
        c[ImGuiCol_HeaderActive] = ImVec4(0.62f, 0.80f, 0.78f, 1.0f);
        c[ImGuiCol_Tab] = ImVec4(0.87f, 0.89f, 0.92f, 1.0f);
        c[ImGuiCol_TabActive] = ImVec4(0.70f, 0.86f, 0.83f, 1.0f);
        c[ImGuiCol_TabHovered] = ImVec4(0.78f, 0.90f, 0.88f, 1.0f);
        c[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.98f);
        c[ImGuiCol_TableRowBgAlt] = ImVec4(0.0f, 0.0f, 0.0f, 0.03f);
    } else {
        c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.18f, 0.22f, 1.0f);
        c[ImGuiCol_SliderGrab] = ImVec4(0.16f, 0.62f, 0.56f, 1.0f);
        c[ImGuiCol_SliderGrabActive] = ImVec4(0.25f, 0.75f, 0.68f, 1.0f);
        c[ImGuiCol_CheckMark] = ImVec4(0.25f, 0.75f, 0.68f, 1.0f);
        c[ImGuiCol_Tab] = ImVec4(0.14f, 0.16f, 0.20f, 1.0f);
        c[ImGuiCol_TabActive] = ImVec4(0.16f, 0.42f, 0.39f, 1.0f);
        c[ImGuiCol_TabHovered] = ImVec4(0.20f, 0.52f, 0.48f, 1.0f);
    }
}

}  // namespace w2t::web
