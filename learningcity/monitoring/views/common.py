"""What every monitoring page needs: the latest snapshot, area names, number formatting."""

from __future__ import annotations

from django.utils.translation import get_language

from learningcity.monitoring import selectors


def area_names(meta: dict | None) -> dict[str, str]:
    """Area code → name in the current language (the city, then its districts)."""
    ko = (get_language() or "ko").startswith("ko")
    from django.conf import settings

    from learningcity.core.selectors import city_area_code

    names = {city_area_code() or "city": settings.CITY_NAME if not ko else "서울특별시"}
    for d in (meta or {}).get("districts", []):
        names[d["code"]] = d["name_ko"] if ko else d["name_en"]
    return names


def latest(keys: list[str]) -> tuple:
    snapshot = selectors.snapshot_latest()
    parts = selectors.snapshot_parts(snapshot=snapshot, keys=["meta", *keys]) if snapshot else {}
    return snapshot, parts


def fmt(value, digits: int = 1) -> str:
    """A number for a table: thousands separated; small non-zero values keep two significant decimals."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) >= 1000):
        return f"{int(value):,}"
    if digits and 0 < abs(value) < 1:
        digits = max(digits, 2)
    return f"{value:,.{digits}f}"
