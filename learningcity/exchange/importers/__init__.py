"""Importers: one module per source, registered by name, all run by `learningcity import <source> <file>`.

An importer reads a file (or URL), turns each row into catalogue service calls (`*_upsert` with the row's
source-namespaced id) and fills a `Report`. `run_import` wraps the whole file in one transaction: any error
rolls everything back, and `--dry-run` rolls back on purpose after reporting.
"""

from __future__ import annotations

from typing import Callable, Protocol

from learningcity.core.reports import Report

Progress = Callable[[str, int, int], None]


class Importer(Protocol):
    name: str
    description: str

    def run(self, source: str, *, provider=None, progress: Progress, report: Report) -> None: ...


REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    REGISTRY[importer.name] = importer
    return importer


def get(name: str) -> Importer:
    _load_all()
    if name not in REGISTRY:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]


def _load_all() -> None:
    from learningcity.exchange.importers import kr_lifelong_courses  # noqa: F401
