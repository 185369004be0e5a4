#pragma once
// The page's state and its frame, apart from the platform (main.cpp) and the
// JS bindings (bindings.cpp). One panel file per view.
#include <cstdint>
#include <string>
#include <string_view>

#include "panel_cost.hpp"
#include "panel_hardware.hpp"
#include "panel_inference.hpp"
#include "panel_compare.hpp"
#include "panel_probe.hpp"
#include "panel_sources.hpp"
#include "panel_supply.hpp"
#include "panel_wafer.hpp"

namespace w2t::web {

struct App {
    WaferPanel wafer;
    InferencePanel inference;
    HardwarePanel hardware;  // "hardware" (and "validation": its measured-vs-model section)
    SourcesPanel sources;    // "sources"
    ProbePanel probe;
    ComparePanel compare;    // "compare"
    CostPanel cost;          // "cost"
    SupplyPanel supply;      // "supply"
    std::string view = "dpw";     // the tab shown in the last frame (a name in views(), web/scenario.hpp)
    std::string requested_view;   // a tab to select in the next frame (set_view)
    uint64_t frames = 0;
    // The page around the views: `embed` (#embed=1) shows one view without the
    // header and tabs; `theme` is "light", "dark" or "" (follow the system).
    bool embed = false;
    std::string theme;
    bool system_prefers_light = false;  // set by the page from prefers-color-scheme
    float content_height = 0;           // embed: the height the view needs (CSS px)
    double link_copied_at = -1;         // ImGui time of the last "Share link" (for its note)
};

App& app();

// Asks for a view (a name in views(), or "validation": the hardware view at its
// measured-vs-model section) from the next frame on; false for an unknown name.
bool set_view(App& a, std::string_view name);

// Builds the UI for one frame (between ImGui::NewFrame and ImGui::Render).
void draw_app(App& a, const MapPainter& painter);

// Sets the style used by the page.
void apply_style();

// Opens the full calculator (this page without #embed) at `fragment`, in a new
// tab. Defined by the platform like request_redraw.
void open_full_calculator(const std::string& fragment);

// The header's share and export buttons: copy this page's link with `fragment`
// to the clipboard; save text as a file; save the canvas as PNG after the next
// frame. Defined by the platform like request_redraw.
void copy_share_link(const std::string& fragment);
void download_file(const std::string& name, const std::string& mime, const std::string& text);
void capture_png(const std::string& name);

// Light or dark: the app's choice, else the system's.
bool effective_light_theme(const App& a);

// Asks the platform to draw the next frames (it idles when nothing happens).
// Defined by the platform: web/main.cpp in the page, a no-op in tests.
void request_redraw();

}  // namespace w2t::web
