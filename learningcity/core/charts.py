"""Server-side SVG charts: no JavaScript, no inline style (CSP), readable by screen readers through a
title and description, and always shown next to a data table of the same numbers.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from learningcity.core.formats import number


def population_pyramid(bands: dict[str, dict[str, int]], *, width: int = 640, row: int = 16) -> SafeString:
    """Males to the left, females to the right, one row per 5-year band (oldest at the top)."""
    # Translated outside the f-strings below: xgettext cannot see calls inside f-strings.
    title, desc = _("Population by age band and sex"), _(
        "Males on the left, females on the right; the table below gives the numbers.")
    male, female, male_lc, female_lc = _("Male"), _("Female"), _("male"), _("female")
    order = list(bands.keys())[::-1]
    peak = max([max(v["M"], v["F"]) for v in bands.values()] + [1])
    label_w = 56
    half = (width - label_w) / 2
    height = row * len(order) + 40
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="pyr-title pyr-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="pyr-title">{escape(title)}</title>',
        f'<desc id="pyr-desc">{escape(desc)}</desc>',
        '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="5" height="5" fill="#c2185b"/><line x1="0" y1="0" x2="0" y2="5" stroke="#fff" stroke-width="2" '
        'stroke-opacity="0.5"/></pattern></defs>',
        f'<text x="{half / 2:.0f}" y="12" text-anchor="middle">{escape(male)}</text>',
        f'<text x="{half + label_w + half / 2:.0f}" y="12" text-anchor="middle">{escape(female)}</text>',
    ]
    for i, band in enumerate(order):
        y = 20 + i * row
        m, f = bands[band]["M"], bands[band]["F"]
        mw, fw = half * m / peak, half * f / peak
        parts.append(f'<rect class="bar-m" x="{half - mw:.1f}" y="{y}" width="{mw:.1f}" height="{row - 3}">'
                     f'<title>{escape(band)} {escape(male_lc)}: {number(m)}</title></rect>')
        parts.append(f'<rect fill="url(#hatch)" x="{half + label_w:.1f}" y="{y}" width="{fw:.1f}" height="{row - 3}">'
                     f'<title>{escape(band)} {escape(female_lc)}: {number(f)}</title></rect>')
        parts.append(f'<text x="{half + label_w / 2:.1f}" y="{y + row - 5}" text-anchor="middle">{escape(band)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(rows: list[tuple[str, float]], *, title: str, unit: str = "", width: int = 640,
              row: int = 22) -> SafeString:
    """Horizontal bars, one per (label, value); the caller shows the same rows in a table."""
    peak = max([v for _, v in rows] + [1])
    label_w = 170
    height = row * len(rows) + 10
    slug = "".join(ch for ch in title.lower() if ch.isalnum())[:20] or "chart"
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{slug}-t" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{slug}-t">{escape(title)}</title>']
    for i, (label, value) in enumerate(rows):
        y = 5 + i * row
        w = (width - label_w - 70) * value / peak
        parts.append(f'<text x="{label_w - 6}" y="{y + row - 8}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect class="bar-m" x="{label_w}" y="{y}" width="{w:.1f}" height="{row - 6}"/>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + row - 8}">{number(round(value))}{escape(unit)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
