#pragma once
// Colours shared by the shaders (as uniforms) and the ImGui legends, so a
// legend always matches what the map draws.
#include <cstdint>

namespace w2t::web::palette {

struct Rgb {
    float r, g, b;
    constexpr uint32_t imgui(uint8_t alpha = 255) const {  // ImGui's IM_COL32 layout (ABGR)
        return static_cast<uint32_t>(r * 255.0f + 0.5f) | static_cast<uint32_t>(g * 255.0f + 0.5f) << 8 |
               static_cast<uint32_t>(b * 255.0f + 0.5f) << 16 | static_cast<uint32_t>(alpha) << 24;
    }
};

inline constexpr Rgb background{0.086f, 0.098f, 0.118f};
inline constexpr Rgb wafer{0.30f, 0.33f, 0.38f};
inline constexpr Rgb edge_ring{0.22f, 0.23f, 0.27f};
inline constexpr Rgb scribe{0.17f, 0.18f, 0.21f};
inline constexpr Rgb whole_die{0.16f, 0.62f, 0.56f};
inline constexpr Rgb partial_die{0.78f, 0.46f, 0.18f};
inline constexpr Rgb killed_die{0.72f, 0.20f, 0.22f};  // the supply view: a whole die a sampled defect hit (state 3)

}  // namespace w2t::web::palette
