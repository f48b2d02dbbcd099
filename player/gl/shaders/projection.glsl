// The scene main for every camera but the screen: pixel -> ray (camera) -> scene
// point p (surface). See player/gl/view.py for the conventions: world x right, y up,
// -z forward; p as the scenes know it (y from -1 at the top to +1 at the bottom).
uniform mat3 u_camera;      // eye camera: head orientation (camera -> world)
uniform vec4 u_span;        // eye: tangents left, right, down, up; equirect: lon0, lon1, lat0, lat1
const float PI = 3.14159265;

// The ray of a pixel, and the world direction the eye is offset along (per metre).
void camera_ray(vec2 uv, out vec3 o, out vec3 d, out vec3 right) {
#ifdef CAMERA_EYE
    vec2 tn = mix(u_span.xz, u_span.yw, uv);
    d = u_camera * normalize(vec3(tn, -1.0));
    right = u_camera[0];
#else
    // equirectangular, omni-directional stereo: each direction's eyes sit across it in
    // the horizontal plane, the offset tapering to nothing at the poles (no swirl there)
    float lon = mix(u_span.x, u_span.y, uv.x), lat = mix(u_span.z, u_span.w, uv.y);
    d = vec3(cos(lat) * sin(lon), sin(lat), -cos(lat) * cos(lon));
    right = vec3(cos(lon), 0.0, sin(lon)) * cos(lat);
#endif
    o = right * u_stereo.x;
}

// Where the ray meets the sphere of radius r around the head (from inside).
vec3 hit_sphere(vec3 o, vec3 d, float r) {
    float b = dot(o, d);
    return o + d * (-b + sqrt(max(b * b - dot(o, o) + r * r, 0.0)));
}

// The dome's chart: longitude and latitude, scaled; and its parallax per metre for a
// point q of the sphere of radius r seen along d (the eye offset across the ray).
vec2 belt(vec3 q, vec3 d, vec3 right, float r, float wrap, out vec2 parallax) {
    float lon = atan(q.x, -q.z), lat = asin(clamp(q.y / r, -1.0, 1.0));
    lon += wrap * 2.0 * PI * -sign(lon);
    vec3 delta = right - dot(right, d) * d;
    vec3 east = vec3(cos(lon), 0.0, sin(lon));
    vec3 north = vec3(-sin(lat) * sin(lon), cos(lat), sin(lat) * cos(lon));
    parallax = u_surface.x / r * vec2(dot(delta, east) / max(cos(lat), 0.2), -dot(delta, north));
    return u_surface.x * vec2(lon, -lat);
}

#ifdef SURFACE_SPHERE
const float CAP_FROM = 0.95, CAP_TO = 1.2;        // latitudes (rad) of the caps' crossfade
// A pole seen from inside: a gnomonic chart centred where the belt puts the pole,
// scaled to match the belt's scale in the crossfade.
vec2 cap(vec3 q, vec3 d, vec3 right, float r, out vec2 parallax) {
    vec3 n = q / r;
    float s = sign(n.y), ay = max(abs(n.y), 0.2);
    float c = u_surface.x * pow(sin(0.5 * (CAP_FROM + CAP_TO)), 2.0);
    vec2 flat_q = vec2(n.x, -s * n.z);
    vec3 delta = (right - dot(right, d) * d) / r;           // the direction's change
    parallax = c * (vec2(delta.x, -s * delta.z) / ay - flat_q * s * delta.y / (ay * ay));
    return vec2(0.0, s * -0.5 * PI * u_surface.x) + c * flat_q / ay;
}
#endif

vec3 surface_colour(vec3 o, vec3 d, vec3 right) {
    float r = max(u_stereo.y, 0.1);
#if defined(SURFACE_FLAT)
    // a screen r metres in front; darkness around it
    float ahead = step(d.z, -1e-3);
    vec3 q = o + d * ((-r - o.z) / min(d.z, -1e-3));
    vec2 p = vec2(q.x, -q.y) * u_surface.x;
    dl_parallax = vec2(right.x, -right.y) * u_surface.x;
    float edge = max(abs(p.x) - u_surface.y, abs(p.y) - 1.0);
    float w = ahead * smoothstep(0.015, -0.015, edge);
    return w > 0.0 ? scene(p, u_time) * w : vec3(0.0);
#elif defined(SURFACE_DOME)
    // the frame in front, fading into a dim surround, dark behind and at the poles
    vec3 q = hit_sphere(o, d, r);
    vec2 p = belt(q, d, right, r, 0.0, dl_parallax);
    float outside = max(abs(p.x) - u_surface.y, abs(p.y) - 1.0);
    float lon = abs(p.x / u_surface.x), lat = abs(p.y / u_surface.x);
    float w = mix(u_surface.z, 1.0, smoothstep(0.45, 0.0, outside));
    w *= smoothstep(2.7, 1.9, lon) * smoothstep(1.55, 1.15, lat);
    return w > 0.0 ? scene(p, u_time) * w : vec3(0.0);
#else
    // all around: the belt, its seam behind crossfaded with its own continuation, and
    // the poles as caps crossfaded in; one call site, so the scene is compiled once
    vec3 q = hit_sphere(o, d, r);
    float lat = asin(clamp(q.y / r, -1.0, 1.0)), lon = atan(q.x, -q.z);
    float capw = smoothstep(CAP_FROM, CAP_TO, abs(lat));
    float seam = 0.5 * smoothstep(PI - 0.5, PI, abs(lon));
    vec4 weights = vec4((1.0 - capw) * (1.0 - seam), (1.0 - capw) * seam, capw, 0.0);
    vec3 c = vec3(0.0);
    for (int i = 0; i < 3; i++) {
        float w = weights[i];
        if (w <= 0.0) continue;
        vec2 p = i < 2 ? belt(q, d, right, r, float(i), dl_parallax)
                       : cap(q, d, right, r, dl_parallax);
        c += w * scene(p, u_time);
    }
    return c;
#endif
}

void main() {
    vec3 o, d, right;
    camera_ray(v_uv, o, d, right);
    f_colour = vec4(surface_colour(o, d, right), 1.0);
}
