"""The numbers of WCAG 2.x success criterion 2.3.1 "Three Flashes or Below Threshold".

Declared once; the analyser, the live guard, the docs and the tests all read them here.
"""

from __future__ import annotations

# General flash: opposing changes in relative luminance of at least GENERAL_DELTA where
# the darker state is below DARK_LIMIT.
GENERAL_DELTA = 0.1
DARK_LIMIT = 0.8

# Red flash: a state is saturated red when R / (R + G + B) >= RED_SATURATION; the red
# value is (R - G - B) * RED_SCALE with negatives clamped to 0; a red transition
# changes it by more than RED_DELTA.
RED_SATURATION = 0.8
RED_SCALE = 320.0
RED_DELTA = 20.0

# More than three flashes in any one second fail: seven or more transitions.
FAIL_TRANSITIONS = 7
# Sustained flashing just under the limit: 4-6 transitions per second ...
WARN_TRANSITIONS = 4
# ... held for at least EXTENDED_HOLD_S seconds of any EXTENDED_SPAN_S span.
EXTENDED_HOLD_S = 4.0
EXTENDED_SPAN_S = 5.0

# ... and only when the concurrently flashing area exceeds AREA_FRACTION of a 10°
# field of view: a FOV_WINDOW rectangle of a FOV_VIEW screen, scaled to the frame.
AREA_FRACTION = 0.25
FOV_WINDOW = (341, 256)
FOV_VIEW = (1024, 768)

# sRGB → linear and linear → relative luminance.
SRGB_THRESHOLD = 0.04045
LUMA_WEIGHTS = (0.2126, 0.7152, 0.0722)
