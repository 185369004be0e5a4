#pragma once
// The wafer map's GL side: compiles shaders/wafer.{vert,frag} and renders the
// map inside ImGui's draw list through a draw callback.
#include <string>

#include "panel_wafer.hpp"

namespace w2t::web {

// Compiles and links the map program; on failure returns the GL info log.
bool init_wafer_renderer(std::string* error);

// Forgets last frame's queued maps; call once per frame before the UI.
void wafer_renderer_begin_frame();

MapPainter wafer_map_painter();

}  // namespace w2t::web
