// The guard's probe: linear-light means over blocks of the frame about to be shown
// (bloom included), at a small fixed size whatever the internal resolution.
uniform sampler2D u_comp;
uniform sampler2D u_bloom;
uniform vec2 u_probe;          // probe size in pixels
in vec2 v_uv;
out vec4 f_colour;
void main() {
    vec2 size = vec2(textureSize(u_comp, 0));
    float lod = max(0.0, log2(size.y / u_probe.y) - 1.0);
    vec2 q = 0.25 / u_probe;                 // 2×2 taps inside the block, one level finer
    vec3 c = textureLod(u_comp, v_uv + vec2(-q.x, -q.y), lod).rgb
           + textureLod(u_comp, v_uv + vec2(q.x, -q.y), lod).rgb
           + textureLod(u_comp, v_uv + vec2(-q.x, q.y), lod).rgb
           + textureLod(u_comp, v_uv + vec2(q.x, q.y), lod).rgb;
    f_colour = vec4(0.25 * c + texture(u_bloom, v_uv).rgb, 1.0);
}
