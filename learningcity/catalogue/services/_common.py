"""Helpers the catalogue services share: applying field changes and tracking hand edits of imported rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from django.db import models

from learningcity.core.permissions import Actor


@dataclass
class UpsertResult:
    """What an import-style write did: created, updated or unchanged, and fields it left alone."""

    obj: Any
    outcome: str  # "created" | "updated" | "unchanged"
    kept_local_edits: list[str] = field(default_factory=list)


def current_values(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    out = {}
    for name in fields:
        f = instance._meta.get_field(name)
        out[name] = getattr(instance, name) if not f.many_to_many else None
    return out


def apply_changes(instance: models.Model, data: dict[str, Any], allowed: Iterable[str]) -> list[str]:
    """Set the allowed fields that differ; return the names that changed (many-to-many excluded)."""
    changed = []
    for name in allowed:
        if name not in data:
            continue
        value = data[name]
        f = instance._meta.get_field(name)
        if f.many_to_one:  # compare ids: the related row may not be loaded, or not set yet
            current = getattr(instance, f.attname)
            new = value.pk if value is not None else None
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def note_hand_edits(instance: models.Model, changed: list[str], by: Actor) -> None:
    """A person editing an imported record marks those fields, so the next import keeps their version."""
    if by is not None and getattr(instance, "source_id", None):
        merged = sorted(set(instance.edited_fields) | set(changed))
        if merged != instance.edited_fields:
            instance.edited_fields = merged


def differing(instance: models.Model, data: dict[str, Any], allowed: Iterable[str]) -> list[str]:
    """Names of allowed fields whose value in `data` differs from the instance (without changing it)."""
    out = []
    for name in allowed:
        if name in data:
            f = instance._meta.get_field(name)
            if f.many_to_one:
                if getattr(instance, f.attname) != (data[name].pk if data[name] is not None else None):
                    out.append(name)
            elif getattr(instance, name) != data[name]:
                out.append(name)
    return out
