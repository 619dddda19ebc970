"""The `format` parameter of GET /statements: `exact` returns the stored JSON untouched, `ids` keeps only
what identifies agents, groups, verbs and activities, `canonical` keeps one language per language map,
chosen by Accept-Language (xAPI 1.0.3 Part 3 §2.1.3).
"""

from __future__ import annotations

from typing import Any

from learningcity.lrs.identifiers import IFI_KEYS

FORMATS = ("exact", "ids", "canonical")
LANGUAGE_MAPS = ("display", "name", "description")


def _agent_ids(agent: dict[str, Any]) -> dict[str, Any]:
    reduced = {key: agent[key] for key in ("objectType", *IFI_KEYS) if key in agent}
    if agent.get("objectType") == "Group" and not any(key in agent for key in IFI_KEYS):
        reduced["member"] = [_agent_ids(member) for member in agent.get("member", ())]
    return reduced


def _object_ids(obj: dict[str, Any]) -> dict[str, Any]:
    kind = obj.get("objectType", "Activity")
    if kind in ("Agent", "Group"):
        return _agent_ids(obj)
    if kind == "Activity":
        return {"id": obj["id"]}
    if kind == "SubStatement":
        return _statement_ids(dict(obj))
    return obj


def _context_ids(context: dict[str, Any]) -> dict[str, Any]:
    context = dict(context)
    for key in ("instructor", "team"):
        if key in context:
            context[key] = _agent_ids(context[key])
    if "contextActivities" in context:
        context["contextActivities"] = {
            key: [_object_ids(activity) for activity in activities]
            for key, activities in context["contextActivities"].items()
        }
    if "contextAgents" in context:
        context["contextAgents"] = [
            {**item, "agent": _agent_ids(item["agent"])} for item in context["contextAgents"]
        ]
    if "contextGroups" in context:
        context["contextGroups"] = [
            {**item, "group": _agent_ids(item["group"])} for item in context["contextGroups"]
        ]
    return context


def _statement_ids(statement: dict[str, Any]) -> dict[str, Any]:
    statement["actor"] = _agent_ids(statement["actor"])
    statement["verb"] = {"id": statement["verb"]["id"]}
    statement["object"] = _object_ids(statement["object"])
    if "authority" in statement:
        statement["authority"] = _agent_ids(statement["authority"])
    if "context" in statement:
        statement["context"] = _context_ids(statement["context"])
    return statement


def parse_accept_language(header: str) -> list[str]:
    """Language ranges by preference (q-values honoured), lower-cased."""
    ranges = []
    for position, item in enumerate(header.split(",")):
        parts = item.strip().split(";")
        if not parts[0]:
            continue
        quality = 1.0
        for param in parts[1:]:
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranges.append((-quality, position, parts[0].strip().lower()))
    return [tag for _, _, tag in sorted(ranges)]


def _pick(language_map: dict[str, str], preferred: list[str]) -> dict[str, str]:
    if len(language_map) <= 1:
        return language_map
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in preferred:
        if wanted == "*":
            break
        if wanted in lowered:
            return {lowered[wanted]: language_map[lowered[wanted]]}
        for tag_lower, tag in lowered.items():
            if tag_lower.split("-")[0] == wanted.split("-")[0]:
                return {tag: language_map[tag]}
    tag = next(iter(language_map))
    return {tag: language_map[tag]}


def _canonical(value: Any, preferred: list[str], key: str | None = None) -> Any:
    if isinstance(value, dict):
        if key in LANGUAGE_MAPS and all(isinstance(v, str) for v in value.values()):
            return _pick(value, preferred)
        if key == "extensions":
            return value
        return {k: _canonical(v, preferred, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(item, preferred) for item in value]
    return value


def statement_format(statement: dict[str, Any], fmt: str, *, accept_language: str = "") -> dict[str, Any]:
    """`statement` (already parsed) in the requested format. `exact` returns it unchanged."""
    if fmt == "ids":
        return _statement_ids(statement)
    if fmt == "canonical":
        return _canonical(statement, parse_accept_language(accept_language))
    return statement
