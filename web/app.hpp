#pragma once
// The page's state and its frame, apart from the platform (main.cpp) and the
// JS bindings (bindings.cpp). One panel file per view.
#include <cstdint>
#include <string>

#include "panel_wafer.hpp"

namespace w2t::web {

struct App {
    WaferPanel wafer;
    uint64_t frames = 0;
};

App& app();

// Builds the UI for one frame (between ImGui::NewFrame and ImGui::Render).
void draw_app(App& a, const MapPainter& painter);

// Sets the style used by the page.
void apply_style();

// Asks the platform to draw the next frames (it idles when nothing happens).
// Defined by the platform: web/main.cpp in the page, a no-op in tests.
void request_redraw();

}  // namespace w2t::web
