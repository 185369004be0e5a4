#include "fonts.hpp"

#include "imgui.h"
#include "w2t_ui_font.hpp"

namespace w2t::web {
namespace {

constexpr float kFontSizeCssPx = 15.0f;

// Keep in step with UI_FONT_UNICODES in web/CMakeLists.txt.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x007E, 0x00A0, 0x00FF, 0x03C0, 0x03C0, 0x2009, 0x2009, 0x2013, 0x2014,
    0x2018, 0x201D, 0x2022, 0x2022, 0x2026, 0x2026, 0x202F, 0x202F, 0x2190, 0x2193,
    0x2212, 0x2212, 0x221A, 0x221A, 0x2248, 0x2248, 0x2264, 0x2265, 0,
};

}  // namespace

bool load_fonts(float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;  // the bytes live in the binary
    config.OversampleH = 2;
    config.PixelSnapH = false;
    void* data = const_cast<unsigned char*>(embedded::ui_font_ttf);
    ImFont* font = io.Fonts->AddFontFromMemoryTTF(data, static_cast<int>(embedded::ui_font_ttf_size),
                                                  kFontSizeCssPx * pixel_ratio, &config, kGlyphRanges);
    if (!font) {
        io.Fonts->AddFontDefault();
        io.FontGlobalScale = 1.0f;
        return false;
    }
    io.FontGlobalScale = 1.0f / pixel_ratio;  // baked at device pixels, laid out in CSS pixels
    return true;
}

}  // namespace w2t::web
