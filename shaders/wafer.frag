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

const vec3 kBackground = vec3(0.086, 0.098, 0.118);
const vec3 kWafer      = vec3(0.30, 0.33, 0.38);
const vec3 kEdgeRing   = vec3(0.22, 0.23, 0.27);
const vec3 kScribe     = vec3(0.17, 0.18, 0.21);
const vec3 kWhole      = vec3(0.16, 0.62, 0.56);
const vec3 kPartial    = vec3(0.78, 0.46, 0.18);

bool inside_usable(vec2 p) { return dot(p, p) <= u_usable_radius * u_usable_radius * (1.0 + 1e-7); }

void main() {
    vec2 p = (v_uv - 0.5) * u_view_size_mm;  // wafer centre in the middle
    float r = length(p);
    float wafer_alpha = 1.0 - smoothstep(u_wafer_radius - u_mm_per_px, u_wafer_radius, r);
    if (wafer_alpha <= 0.0) { frag_color = vec4(kBackground, 1.0); return; }

    vec2 cell = floor((p - u_offset) / u_pitch);
    vec2 lower_left = u_offset + cell * u_pitch;
    vec2 local = p - lower_left;
    vec3 color;
    if (r > u_usable_radius) {
        color = kEdgeRing;
    } else {
        color = kWafer;
    }
    if (local.x <= u_die.x && local.y <= u_die.y) {
        vec2 upper_right = lower_left + u_die;
        bool whole = inside_usable(lower_left) && inside_usable(upper_right) &&
                     inside_usable(vec2(lower_left.x, upper_right.y)) &&
                     inside_usable(vec2(upper_right.x, lower_left.y));
        if (whole) {
            color = kWhole;
        } else if (r <= u_usable_radius) {
            color = kPartial;
        } else {
            color = mix(kPartial, kEdgeRing, 0.6);
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
        color = mix(color, kScribe, 0.8);
    }
    // The usable edge as a faint circle.
    float ring = 1.0 - smoothstep(0.0, 1.2 * u_mm_per_px, abs(r - u_usable_radius));
    color = mix(color, vec3(0.9), 0.35 * ring);
    frag_color = vec4(mix(kBackground, color, wafer_alpha), 1.0);
}
