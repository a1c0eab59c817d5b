"""Readable colours on any theme: the contrast ratio, and a colour pushed until it is readable.

Some built-in light themes draw their accent, warning and success colours, or
muted text, too pale on their own surface. Rather than a rule per theme, the
lists push each such colour towards black or white (whichever contrasts more
with the background) until it reaches the WCAG ratio asked for.
"""

from __future__ import annotations

from textual.color import Color

#: WCAG 2 ratios: body text, and large text or symbols (★ ● ✓).
TEXT_CONTRAST = 4.5
SYMBOL_CONTRAST = 3.0


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast_ratio(first: Color, second: Color) -> float:
    """The WCAG contrast ratio of two opaque colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(color: Color, background: Color, minimum: float) -> Color:
    """``color``, or the nearest mix of it with black or white reaching ``minimum``."""
    if contrast_ratio(color, background) >= minimum:
        return color
    target = Color(0, 0, 0) if _luminance(background) > 0.18 else Color(255, 255, 255)
    for step in range(1, 11):
        mixed = color.blend(target, step / 10)
        if contrast_ratio(mixed, background) >= minimum:
            return mixed
    return target
