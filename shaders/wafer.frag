#version 300 es
// Wafer map, computed per pixel: the die grid at the chosen offset, whole dies
// (all four corners inside the usable radius) and partial dies (cut by the
// usable edge) in different colours, scribe lanes, the edge-exclusion ring.
precision highp float;

in vec2 v_uv;
out vec4 frag_color;

uniform vec2 u_view_size_mm;   // wafer-space size of the viewport
uniform float u_mm_per_px;     // for anti-aliasing edges
uniform float u_wafer_radius;  // mm
uniform float u_usable_radius; // mm
uniform vec2 u_die;            // die width, height (mm)
uniform vec2 u_pitch;          // die + scribe (mm)
uniform vec2 u_offset;         // lower-left corner of die (0,0) (mm)
uniform vec2 u_hover_mm;       // cursor position in wafer space (far away when none)
uniform highp usampler2D u_states;  // per die cell: 0 outside, 1 partial, 2 whole (from the core)
uniform ivec2 u_first_cell;    // grid index of texel (0, 0)

// Colours come from web/palette.hpp so the legend always matches.
uniform vec3 u_background, u_wafer, u_edge_ring, u_scribe, u_whole, u_partial;
uniform vec3 u_killed;  // state 3: a whole die a sampled defect hit (the supply view)

// The core classified each die in double precision; looking the state up
// keeps the map identical to the count even where a corner touches the edge.
uint die_state(vec2 cell) {
    ivec2 texel = ivec2(cell) - u_first_cell;
    ivec2 size = textureSize(u_states, 0);
    if (any(lessThan(texel, ivec2(0))) || any(greaterThanEqual(texel, size))) return 0u;
    return texelFetch(u_states, texel, 0).r;
}

void main() {
    vec2 p = (v_uv - 0.5) * u_view_size_mm;  // wafer centre in the middle
    float r = length(p);
    float wafer_alpha = 1.0 - smoothstep(u_wafer_radius - u_mm_per_px, u_wafer_radius, r);
    if (wafer_alpha <= 0.0) { frag_color = vec4(u_background, 1.0); return; }

    vec2 cell = floor((p - u_offset) / u_pitch);
    vec2 lower_left = u_offset + cell * u_pitch;
    vec2 local = p - lower_left;
    vec3 color;
    if (r > u_usable_radius) {
        color = u_edge_ring;
    } else {
        color = u_wafer;
    }
    if (local.x <= u_die.x && local.y <= u_die.y) {
        uint state = die_state(cell);
        if (state == 2u) {
            color = u_whole;
        } else if (state == 3u) {
            color = u_killed;
        } else if (state == 1u && r <= u_usable_radius) {
            color = u_partial;
        } else if (state == 1u) {
            color = mix(u_partial, u_edge_ring, 0.6);
        }
        // A thin darker rim keeps neighbouring dies apart when the scribe is thinner than a pixel.
        vec2 to_edge = min(local, u_die - local);
        float rim = 1.0 - smoothstep(0.0, 1.5 * u_mm_per_px, min(to_edge.x, to_edge.y));
        color = mix(color, color * 0.7, rim);
        // Highlight the die under the cursor.
        vec2 hover_local = u_hover_mm - lower_left;
        if (all(greaterThanEqual(hover_local, vec2(0.0))) && all(lessThanEqual(hover_local, u_die))) {
            color = mix(color, vec3(1.0), 0.25);
        }
    } else {
        color = mix(color, u_scribe, 0.8);
    }
    // The usable edge as a faint circle.
    float ring = 1.0 - smoothstep(0.0, 1.2 * u_mm_per_px, abs(r - u_usable_radius));
    color = mix(color, vec3(0.9), 0.35 * ring);
    frag_color = vec4(mix(u_background, color, wafer_alpha), 1.0);
}
