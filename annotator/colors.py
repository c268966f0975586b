"""Label colours: the default palette, how a colour is lightened behind text, and how far
apart two colours look, to people with usual colour vision and with the common colour
vision deficiencies.

A label's colour is drawn as the fill behind its words (``fill_color``): it is lightened
only as far as black text on it needs to stay legible (contrast at least
``MIN_CONTRAST`` to 1, WCAG's relative luminance), so a palette of light colours is
drawn as it is.

``PALETTE`` is safe for the common colour-vision deficiencies as far as 12 light colours
can be. It was searched among sRGB colours that black text reads on (contrast 6 to 1 or
more), of CIELAB chroma at most 60 (no glaring fills) and at least 12 from the white
page in every vision: a greedy clique search on a grid of 16 levels a channel, then
coordinate ascent on a grid of 52. Any two of its 12 colours are at least 20 apart in
CIEDE2000 as drawn, and at least 11.56 for a person with protanopia, 11.39 with
deuteranopia and 11.36 with tritanopia (each simulated with the matrices of Machado,
Oliveira and Fernandes 2009, severity 1); the previous palette was 6.7, 7.1 and 6.3.
Four random starts of the search reached 10.2 to 11.4 for the worst of the three; this
is the best. A dichromat sees a plane of colours, not a volume, so 12 light colours
cannot be as far apart for them as for usual vision (Paul Tol's colour-blind-safe
qualitative schemes stop at 7 to 10 colours for that reason). The threshold aimed at is
10, which all three pass: a CIEDE2000 difference near 1 is the just noticeable one, and
up to about 10 is the band usually called "perceptible at a glance", past which two
fills read as two colours; the tests hold the figures reached (11.5, 11.3, 11.3). The
order puts the most distinct first (the first four are at least 17.6 apart for all three
deficiencies, the first six 12.1), as the labels that come first are the most used, and
gives the two frames the two colours whose inks (their slots' lines) are farthest apart:
41 as drawn, 33 or more for each deficiency. Past 12 labels the colours repeat; the tags
written in the text tell labels apart, whatever the colours.

Pure Python, no Qt: the schema gives colours to new labels from ``PALETTE`` and the
tests check its distances.
"""

from __future__ import annotations

import math
from typing import Literal

Rgb = tuple[float, float, float]
"""sRGB components in 0..1."""
Lab = tuple[float, float, float]
Deficiency = Literal["protanopia", "deuteranopia", "tritanopia"]

PALETTE = (
    "#eeaa55",  # PER
    "#7382e1",  # ORG
    "#ccddff",  # LOC
    "#bbbbaa",  # GPE
    "#a5826e",  # FAC
    "#829119",  # NORP
    "#cdafc3",  # DATE
    "#e15f96",  # TIME
    "#8cffbe",  # QUANTITY
    "#009b96",  # EVENT
    "#fff078",  # QUOTE (its slots: CUE, SPEAKER, CONTENT)
    "#00befa",  # CASUALTY_CLAIM (its slots: TRIGGER, COUNT...)
)
"""The default colours of the news schema's ten entity labels and two frames, in order."""

MIN_CONTRAST = 6.0
"""Black text on a fill has at least this contrast ratio (WCAG AA asks 4.5)."""

DEFICIENCIES: tuple[Deficiency, ...] = ("protanopia", "deuteranopia", "tritanopia")

_MACHADO: dict[Deficiency, tuple[Rgb, Rgb, Rgb]] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
"""Linear-RGB matrices simulating each deficiency at full severity (Machado et al. 2009)."""

_XYZ = ((0.4124564, 0.3575761, 0.1804375), (0.2126729, 0.7151522, 0.0721750), (0.0193339, 0.1191920, 0.9503041))
_WHITE = tuple(sum(row) for row in _XYZ)


def parse_hex(color: str) -> Rgb:
    """``#rrggbb`` as sRGB components in 0..1."""
    value = color.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def to_hex(rgb: Rgb) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def _times(matrix: tuple[Rgb, Rgb, Rgb], vector: Rgb) -> Rgb:
    return tuple(sum(m * v for m, v in zip(row, vector)) for row in matrix)  # type: ignore[return-value]


def luminance(rgb: Rgb) -> float:
    """WCAG relative luminance."""
    return _times(_XYZ, tuple(map(_linear, rgb)))[1]  # type: ignore[arg-type]


def contrast_with_black(rgb: Rgb) -> float:
    return (luminance(rgb) + 0.05) / 0.05


def fill_color(color: str) -> str:
    """The colour drawn behind a label's words: ``color`` itself when black text on it has
    contrast ``MIN_CONTRAST``, else mixed with white just enough for that."""
    rgb = parse_hex(color)
    low, high = 0.0, 1.0
    if contrast_with_black(rgb) >= MIN_CONTRAST:
        return to_hex(rgb)
    for _ in range(20):  # bisect the share of white
        middle = (low + high) / 2
        mixed = tuple(c + (1 - c) * middle for c in rgb)
        low, high = (low, middle) if contrast_with_black(mixed) >= MIN_CONTRAST else (middle, high)  # type: ignore[arg-type]
    return to_hex(tuple(c + (1 - c) * high for c in rgb))  # type: ignore[arg-type]


def ink_color(color: str) -> str:
    """The colour of a label's lines and outlines: ``color`` darkened (mixed with black)
    until it stands out on white (contrast 4.5 to 1), so a light label still draws a
    visible bracket or underline."""
    rgb = parse_hex(color)
    for step in range(101):
        darker = to_hex(tuple(c * (1 - step / 100) for c in rgb))  # type: ignore[arg-type]
        if 1.05 / (luminance(parse_hex(darker)) + 0.05) >= 4.5:
            return darker
    return "#000000"


def simulate(rgb: Rgb, deficiency: Deficiency) -> Rgb:
    """How ``rgb`` looks to a person with ``deficiency``."""
    linear = tuple(map(_linear, rgb))
    return tuple(map(_gamma, _times(_MACHADO[deficiency], linear)))  # type: ignore[arg-type,return-value]


def lab(rgb: Rgb) -> Lab:
    """CIELAB (D65) of an sRGB colour."""
    x, y, z = (v / w for v, w in zip(_times(_XYZ, tuple(map(_linear, rgb))), _WHITE))  # type: ignore[arg-type]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def delta_e(first: Lab, second: Lab) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation)."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    r_t = -math.sin(math.radians(2 * rotation)) * r_c
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h))


def distance(first: str, second: str, deficiency: Deficiency | None = None) -> float:
    """CIEDE2000 between two ``#rrggbb`` colours as seen normally or with ``deficiency``."""
    a, b = parse_hex(first), parse_hex(second)
    if deficiency is not None:
        a, b = simulate(a, deficiency), simulate(b, deficiency)
    return delta_e(lab(a), lab(b))
