#pragma once
// Screen rectangles of named widgets from the last frame, so browser tests can
// drive the real UI with the mouse (window.w2t.widgetRect(name)).
#include <optional>
#include <string>

namespace w2t::web {

struct WidgetRect {
    float x0, y0, x1, y1;  // CSS pixels, relative to the canvas
};

// Records the last ImGui item's interactive rectangle (a slider's frame) under `name`.
void note_widget_rect(const std::string& name);

// Records the last ImGui item's whole rectangle (for a group, e.g. an input
// with step buttons, all of it) under `name`.
void note_item_rect(const std::string& name);

std::optional<WidgetRect> widget_rect(const std::string& name);

}  // namespace w2t::web
