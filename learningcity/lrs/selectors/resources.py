"""The Activities and Agents resources: the LRS's canonical view of an activity and of a person."""

from __future__ import annotations

from typing import Any

from learningcity.lrs.identifiers import agent_key, person_from_keys
from learningcity.lrs.models import Activity, Agent


def activity_get(*, activity_id: str) -> dict[str, Any]:
    """The activity with its canonical definition; a bare activity when the LRS has never seen it."""
    activity = Activity.objects.filter(iri=activity_id).first()
    result: dict[str, Any] = {"objectType": "Activity", "id": activity_id}
    if activity is not None and activity.definition:
        result["definition"] = activity.definition
    return result


def agent_person(*, agent: dict[str, Any]) -> dict[str, Any]:
    """The Person object for an agent. Identifiers are not linked across agents here, so a person is the
    identifier asked about plus the names seen with it."""
    key = agent_key(agent)
    known = Agent.objects.filter(ifi=key).first() if key else None
    names = (
        [known.name] if known is not None and known.name else ([agent["name"]] if agent.get("name") else [])
    )
    return person_from_keys([key] if key else [], names)
