"""The main navigation, assembled from what each app registers in its AppConfig.ready().

Core knows no other app; apps add their own entries: `register("search", _("Find learning"), "search:page",
order=10)`. `visible(user)` hides entries a person cannot use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: object  # a lazy translation
    url_name: str
    order: int
    visible: Callable[[object], bool]
    menu: str


_items: dict[str, NavItem] = {}


def register(key: str, label, url_name: str, *, order: int = 50, menu: str = "main",
             visible: Callable[[object], bool] = lambda user: True) -> None:
    """Add or replace an entry (a later app can take over a key, e.g. search replaces browse).

    menu "main" is the site navigation; "account" lists links on the account page (passport, privacy...).
    """
    _items[key] = NavItem(key, label, url_name, order, visible, menu)


def items_for(user, menu: str = "main") -> list[dict]:
    out = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.key)):
        if item.menu != menu:
            continue
        if not item.visible(user):
            continue
        try:
            out.append({"key": item.key, "label": item.label, "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue
    return out
