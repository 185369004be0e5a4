#pragma once
// The UI font (embedded Roboto subset), baked for the display's pixel ratio so
// text stays sharp on high-density screens.

namespace w2t::web {

// (Re)builds the font atlas for `pixel_ratio`; returns false if the embedded font failed to load.
bool load_fonts(float pixel_ratio);

}  // namespace w2t::web
