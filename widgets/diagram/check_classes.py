"""The gradient check's three classes of relative error, shared by the edges that show
them (diagram.check) and the legend's key (diagram.legend).

Colours the diverging map does not use (Okabe & Ito's bluish green and reddish purple, and
a red, wider): agree (≤ 10⁻⁷), close (≤ 10⁻⁵, the command line's tolerance) and wrong
(above it, or not finite).
"""

from __future__ import annotations

import math

from model.gradcheck import TOLERANCE
from model.notation import num

AGREE = 1e-7
CLASSES = (  # (upper bound of the relative error, colour, pen width in px, words)
    (AGREE, (0, 158, 115), 3.0, f"≤ {num(AGREE)}"),
    (TOLERANCE, (204, 121, 167), 4.0, f"≤ {num(TOLERANCE)}"),
    (math.inf, (220, 20, 20), 5.0, f"> {num(TOLERANCE)}"),
)
