// Stereo depth: a scene places a layer at a distance with ``at_depth(p, metres)``.
//
// Per eye the layer's coordinates shift sideways by the parallax its depth implies
// relative to the surface the scene is shown on (the screen, the dome), which has no
// disparity. Vergence differences from the surface are scaled so that infinity lies
// ``comfort`` (about 1 degree) behind it, and layers in front are softly limited to the
// same, so stars and a near firefly stay easy to fuse, and layers keep their order and
// spacing. With the eye offset 0 (a mono picture) at_depth returns p exactly.
uniform vec4 u_stereo;      // eye offset (m, - left, + right), surface distance (m),
                            // comfort limit (radians), interpupillary distance (m)
uniform vec4 u_surface;     // x: scene units per metre (flat) or per radian (dome, sphere),
                            // y: frame aspect, z: dim surround level
vec2 dl_parallax;           // scene units per metre of eye offset here (set by the main)

vec2 at_depth(vec2 p, float metres) {
    float z = max(metres, 0.05);
    float d = max(u_stereo.y, 0.1);
    float comfort = max(u_stereo.z, 1e-3);
    float scale = min(1.0, comfort * d / max(u_stereo.w, 1e-3));    // infinity -> comfort
    float x = clamp(scale * u_stereo.w * (1.0 / d - 1.0 / z) / comfort, -9.0, 0.0);
    float ratio = scale * (x < -1e-4 ? tanh(x) / x : 1.0);           // in front: limited
    return p - dl_parallax * (u_stereo.x * (1.0 - d / z) * ratio);
}
