#pragma once
// Light and dark: the ImGui style plus the few colours the chart module and
// the panels draw with directly (grids, plot backgrounds, highlights, muted and
// error text). Series colours stay the same in both: they are picked to read on
// either background.
#include "imgui.h"

namespace w2t::web {

struct Theme {
    bool light = false;
    ImVec4 background;     // window and canvas clear colour
    ImU32 plot_bg = 0;     // inside a chart's frame
    ImU32 grid = 0, minor_grid = 0, axis = 0;
    ImU32 highlight = 0;   // outline of the hovered bar/point
    ImU32 strong = 0;      // a line or marker drawn in the text colour
    ImU32 hover_row = 0;   // a hovered table/bar row
    ImVec4 muted;          // secondary text
    ImVec4 error;          // error text, a bad value
    ImVec4 good;           // the better value, a pass
    ImVec4 warn;           // caveats (vendor claims, estimates, few samples)
    ImVec4 link;           // a source link
    ImVec4 bad_frame;      // an input field holding a rejected value
};

// The theme in use (dark until apply_theme says otherwise).
const Theme& theme();

// Panels name the text colours once, as references that follow the theme:
//   const ImVec4& kMutedColour = theme().muted;

// Sets ImGui's style and theme() for light or dark.
void apply_theme(bool light);

}  // namespace w2t::web
