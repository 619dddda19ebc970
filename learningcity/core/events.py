"""Domain events: services announce what happened; other apps react without the writer knowing them.

`emit()` writes the event to the `DomainEvent` outbox inside the caller's transaction (so an event exists
exactly when its change committed) and runs in-process subscribers after commit. Work that other processes
must see (the search index of another app server, feeds) tails the outbox by id instead of relying on the
in-process call, so nothing depends on which process handled the request.

`announce()` is for changes whose own table is already an ordered log that other processes can tail (the
LRS's statements: row ids grow in commit order): it runs the in-process subscribers after commit the same
way, without a second copy in the outbox.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any, Callable

from django.db import transaction
from django.utils import timezone

from learningcity.core.models import DomainEvent

logger = logging.getLogger("learningcity.events")
Handler = Callable[[DomainEvent], None]
_subscribers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(name: str, handler: Handler) -> None:
    """Call `handler(event)` after commit for every event called `name` ("*" for all). Idempotent."""
    if handler not in _subscribers[name]:
        _subscribers[name].append(handler)


def emit(name: str, **payload: Any) -> DomainEvent:
    event = DomainEvent.objects.create(name=name, payload=payload)
    _dispatch_after_commit(event)
    return event


def announce(name: str, **payload: Any) -> DomainEvent:
    """Like `emit`, but the event is not stored in the outbox (its `pk` is None): the caller's own table is
    the durable, ordered record that other processes follow."""
    event = DomainEvent(at=timezone.now(), name=name, payload=payload)
    _dispatch_after_commit(event)
    return event


def _dispatch_after_commit(event: DomainEvent) -> None:
    for handler in [*_subscribers.get(event.name, ()), *_subscribers.get("*", ())]:
        transaction.on_commit(lambda h=handler: _run(h, event))


def _run(handler: Handler, event: DomainEvent) -> None:
    # A failing reaction must not undo or hide the committed change; whoever tails the outbox catches up.
    try:
        handler(event)
    except Exception:  # noqa: BLE001
        logger.exception("event handler %s failed for %s #%s", handler, event.name, event.pk)


def events_after(last_id: int, *, names: tuple[str, ...] = (), limit: int = 1000) -> list[DomainEvent]:
    """The outbox after `last_id`, oldest first: how another process catches up."""
    qs = DomainEvent.objects.filter(id__gt=last_id)
    if names:
        qs = qs.filter(name__in=names)
    return list(qs.order_by("id")[:limit])
