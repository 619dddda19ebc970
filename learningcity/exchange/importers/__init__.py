"""Importers: one module per source, registered by name, all run by `learningcity import <source> <file>`.

An importer reads a file or URL (through `exchange.sources`, which enforces the size limit and decodes text),
turns each row into catalogue service calls (`*_upsert` with the row's source-namespaced id) and fills the
report. `runner.run_import` makes each file one atomic unit (feeds: each page); see `ImportContext`.

Writing a new importer: a class with `name`, `description`, `scope` ("file" or "page") and
`run(location, ctx)`; wrap each row in `ctx.row(file, line)` so a bad row is reported with its place and
reason; call `register(Importer())` at module level and add the module to `_MODULES`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable, Protocol

Progress = Callable[[str, int, int], None]


class Importer(Protocol):
    name: str
    description: str
    scope: str  # "file": the runner wraps the whole run in one transaction; "page": the importer uses ctx.unit()

    def run(self, location: str, ctx) -> None: ...


REGISTRY: dict[str, Importer] = {}
_MODULES = ("kr_lifelong_courses", "csv_template", "linked_events", "ical", "openactive_rpde")


def register(importer: Importer) -> Importer:
    REGISTRY[importer.name] = importer
    return importer


def get(name: str) -> Importer:
    load_all()
    if name not in REGISTRY:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]


def load_all() -> dict[str, Importer]:
    for module in _MODULES:
        import_module(f"learningcity.exchange.importers.{module}")
    return REGISTRY
