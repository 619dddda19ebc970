"""Limit/offset pages for list endpoints: the database does the slicing, serialisation sees only one page."""

from typing import Any, Callable

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import create_model

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT}).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


_schemas: dict[type, type] = {}


def page_schema(item: type) -> type:
    """`{count, limit, offset, items: [item]}` as a named schema (one per item type, for OpenAPI)."""
    if item not in _schemas:
        _schemas[item] = create_model(f"{item.__name__}Page", __base__=Schema, count=(int, ...), limit=(int, ...),
                                      offset=(int, ...), items=(list[item], ...))
    return _schemas[item]


def page_of(qs: QuerySet, params: PageParams, serialize: Callable[[Any], dict]) -> dict:
    return {
        "count": qs.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [serialize(obj) for obj in qs[params.offset: params.offset + params.limit]],
    }
