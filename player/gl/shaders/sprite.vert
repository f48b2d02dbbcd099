// A screen-aligned textured rectangle (the overlay's text and panels), in pixels.
uniform vec4 u_rect;           // x, y (top-left), width, height in output pixels
uniform vec2 u_screen;         // output size in pixels
out vec2 v_uv;
void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
    vec2 px = u_rect.xy + corner * u_rect.zw;
    v_uv = corner;
    gl_Position = vec4(px.x / u_screen.x * 2.0 - 1.0, 1.0 - px.y / u_screen.y * 2.0, 0.0, 1.0);
}
