#pragma once
// The page's state and its frame, apart from the platform (main.cpp) and the
// JS bindings (bindings.cpp). One panel file per view.
#include <cstdint>
#include <string>
#include <string_view>

#include "panel_hardware.hpp"
#include "panel_inference.hpp"
#include "panel_probe.hpp"
#include "panel_sources.hpp"
#include "panel_wafer.hpp"

namespace w2t::web {

struct App {
    WaferPanel wafer;
    InferencePanel inference;
    HardwarePanel hardware;  // "hardware" (and "validation": its measured-vs-model section)
    SourcesPanel sources;    // "sources"
    ProbePanel probe;
    std::string view = "dpw";     // the tab shown in the last frame: "dpw" or "inference"
    std::string requested_view;   // a tab to select in the next frame (set_view)
    uint64_t frames = 0;
};

App& app();

// Asks for a view ("dpw" or "inference") from the next frame on; false for an unknown name.
bool set_view(App& a, std::string_view name);

// Builds the UI for one frame (between ImGui::NewFrame and ImGui::Render).
void draw_app(App& a, const MapPainter& painter);

// Sets the style used by the page.
void apply_style();

// Asks the platform to draw the next frames (it idles when nothing happens).
// Defined by the platform: web/main.cpp in the page, a no-op in tests.
void request_redraw();

}  // namespace w2t::web
