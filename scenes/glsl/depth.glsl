// Stereo depth: a scene places a layer at a distance with ``at_depth(p, metres)``.
//
// Per eye the layer's coordinates shift sideways by the parallax its depth implies
// relative to the surface the scene is shown on (the screen, the dome), which has no
// disparity. The vergence difference from the surface is compressed smoothly into
// +-comfort (about 1 degree), so stars "at infinity" and a near firefly stay easy to
// fuse. With the eye offset 0 (a mono picture) at_depth returns p exactly.
uniform vec4 u_stereo;      // eye offset (m, - left, + right), surface distance (m),
                            // comfort limit (radians), interpupillary distance (m)
uniform vec4 u_surface;     // x: scene units per metre (flat) or per radian (dome, sphere),
                            // y: frame aspect, z: dim surround level
vec2 dl_parallax;           // scene units per metre of eye offset here (set by the main)

vec2 at_depth(vec2 p, float metres) {
    float z = max(metres, 0.05);
    float d = max(u_stereo.y, 0.1);
    float x = clamp(u_stereo.w * (1.0 / d - 1.0 / z) / max(u_stereo.z, 1e-3), -9.0, 9.0);
    float ratio = abs(x) > 1e-4 ? tanh(x) / x : 1.0;
    return p - dl_parallax * (u_stereo.x * (1.0 - d / z) * ratio);
}
