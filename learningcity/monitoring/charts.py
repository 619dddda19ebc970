"""Server-side SVG for the report (which must render without JavaScript, also in the PDF): a choropleth of
districts from their GeoJSON boundaries, and score bars. Each is shown next to a table of the same numbers."""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#f7f7f7", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
HATCH = ('<defs><pattern id="hatch-low" width="6" height="6" patternUnits="userSpaceOnUse" '
         'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#b3261e" stroke-width="1.5"/>'
         '</pattern></defs>')


def _rings(geometry: dict):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        yield polygon[0]


def choropleth(features: list[dict], values: dict[str, float | None], *, title: str, low_codes: set[str],
               width: int = 560) -> SafeString:
    """Districts coloured in 5 quantile classes (0 its own); `low_codes` also get a hatched overlay, so the
    lowest areas are marked by pattern as well as colour."""
    pts = [(x, y) for f in features for ring in _rings(f["geometry"]) for x, y, *_ in ring]
    if not pts:
        return mark_safe("")
    min_x, max_x = min(p[0] for p in pts), max(p[0] for p in pts)
    min_y, max_y = min(p[1] for p in pts), max(p[1] for p in pts)
    kx = math.cos(math.radians((min_y + max_y) / 2))
    scale = width / ((max_x - min_x) * kx)
    height = int((max_y - min_y) * scale) + 2
    positive = sorted(v for v in values.values() if v and v > 0)
    bounds = sorted({positive[max(0, math.ceil(len(positive) * i / 5) - 1)] for i in range(1, 6)}) if positive else []

    def cls(v):
        if not v or v <= 0:
            return 0
        return next((i for i, b in enumerate(bounds, start=1) if v <= b), len(bounds))

    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg">{HATCH}<title>{escape(title)}</title>']
    for f in features:
        code = f["properties"].get("code") or f.get("id")
        d = " ".join("M" + " L".join(f"{(x - min_x) * kx * scale:.1f},{(max_y - y) * scale:.1f}" for x, y, *_ in ring)
                     + " Z" for ring in _rings(f["geometry"]))
        value = values.get(code)
        label = escape(f'{f["properties"].get("name", code)}: {value if value is not None else "–"}')
        parts.append(f'<path d="{d}" fill="{COLOURS[cls(value)]}" stroke="#333" stroke-width="0.7">'
                     f'<title>{label}</title></path>')
        if code in low_codes:
            parts.append(f'<path d="{d}" fill="url(#hatch-low)" stroke="#b3261e" stroke-width="1.6"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def score_bars(rows: list[tuple[str, float | None]], *, title: str, width: int = 560, row: int = 20) -> SafeString:
    """Horizontal 0–100 bars with the number printed at the end of each bar."""
    label_w = 230
    height = row * len(rows) + 6
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    span = width - label_w - 50
    for i, (label, value) in enumerate(rows):
        y = 3 + i * row
        w = span * (value or 0) / 100
        parts.append(f'<text x="{label_w - 6}" y="{y + row - 7}" text-anchor="end" font-size="11">{escape(label)}</text>')
        parts.append(f'<rect class="score-track" fill="#e4e9ee" x="{label_w}" y="{y}" width="{span}" height="{row - 5}"/>')
        parts.append(f'<rect class="score-bar" fill="#0b5cab" x="{label_w}" y="{y}" width="{w:.1f}" height="{row - 5}"/>')
        parts.append(f'<text x="{label_w + span + 4}" y="{y + row - 7}" font-size="11">'
                     f'{"–" if value is None else f"{value:.0f}"}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
