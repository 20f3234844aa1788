"""House colours made safe to read: WCAG contrast against white, darkened when needed.

A gemeente may choose a light brand colour; text and thin lines in that colour must still
reach 4.5:1 (text) or 3:1 (graphics) against the white page. ``readable`` darkens a colour
step by step, keeping its hue, until it does.
"""

from __future__ import annotations


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str = "#FFFFFF") -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(hex_colour: str, minimum: float = 4.5) -> str:
    """``hex_colour`` darkened until its contrast against white is at least ``minimum``."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    colour = hex_colour.upper()
    factor = 1.0
    while contrast(colour) < minimum and factor > 0:
        factor -= 0.05
        colour = "#{:02X}{:02X}{:02X}".format(*(max(0, int(c * factor)) for c in (r, g, b)))
    return colour
