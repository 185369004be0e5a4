#version 300 es
// Full-screen triangle over the map's viewport; no vertex buffer needed.
precision highp float;
out vec2 v_uv;  // 0..1 across the viewport, y up
void main() {
    vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
    v_uv = corner;
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
