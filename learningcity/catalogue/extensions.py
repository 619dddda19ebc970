"""Extension points other apps fill in their AppConfig.ready(), so catalogue pages can show what they add
(an enrolment box, a calendar link, reviews) without catalogue importing them.

A panel is a callable `(request, obj) -> dict | None`; the dict has "template" and "context". None means
"nothing to show here".
"""

from __future__ import annotations

from typing import Any, Callable

Panel = Callable[[Any, Any], dict | None]
# "manage-run" is the staff's page of one of their runs (the learners app links its roster there).
_panels: dict[str, list[Panel]] = {"run": [], "opportunity": [], "venue": [], "district": [], "manage-run": []}


def add_panel(page: str, panel: Panel) -> None:
    if panel not in _panels[page]:
        _panels[page].append(panel)


def panels_for(page: str, request, obj) -> list[dict]:
    out = []
    for panel in _panels[page]:
        result = panel(request, obj)
        if result:
            out.append(result)
    return out
