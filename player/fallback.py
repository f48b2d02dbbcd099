"""The safe picture shown in place of a scene that failed.

Deliberately simple — a dusky vertical gradient with a slow, faint swell — so that it
cannot fail itself, and calm enough that the patient barely notices the change.
"""

from __future__ import annotations

from scenes.base import ShaderScene

FADE_S = 4.0        # crossfade from the failed scene's last good frame, and back
RETRY_S = 20.0      # first retry of a failed scene after this long; doubles each time


class Fallback(ShaderScene):
    name = "fallback"
    description = "a dusky gradient shown in place of a scene that failed"
    shader = """
        vec3 scene(vec2 p, float t) {
            float swell = 0.04 * sin(t * 6.2831853 / 40.0);
            return palette((p.y + 1.0) * 0.25 + 0.18 + swell);
        }
    """
