"""Structural validation of one xAPI statement, for either version of the specification.

`statement_validate(statement, version=...)` checks every property the specification defines, rejects
properties it does not define (extensions are the one open place) and normalises the few things an LRS must
return differently from what it received (context activities always as arrays; in 2.0 timestamps converted
to UTC). It mutates the statement in place and returns it, so the caller serialises it once.
"""

from __future__ import annotations

from typing import Any, Callable

from learningcity.lrs.validation import values as v

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
INTERACTION_TYPES = frozenset(
    {
        "choice",
        "sequencing",
        "likert",
        "matching",
        "performance",
        "true-false",
        "fill-in",
        "long-fill-in",
        "numeric",
        "other",
    }
)
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
CONTEXT_ACTIVITY_KEYS = frozenset({"parent", "grouping", "category", "other"})

STATEMENT_KEYS = frozenset(
    {
        "id",
        "actor",
        "verb",
        "object",
        "result",
        "context",
        "timestamp",
        "stored",
        "authority",
        "version",
        "attachments",
    }
)
SUBSTATEMENT_KEYS = frozenset(
    {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
)
AGENT_KEYS = frozenset({"objectType", "name", *IFI_KEYS})
GROUP_KEYS = AGENT_KEYS | {"member"}
ACTIVITY_KEYS = frozenset({"objectType", "id", "definition"})
DEFINITION_KEYS = frozenset(
    {
        "name",
        "description",
        "type",
        "moreInfo",
        "extensions",
        "interactionType",
        "correctResponsesPattern",
        *COMPONENT_LISTS,
    }
)
RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
CONTEXT_KEYS_103 = frozenset(
    {
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    }
)
CONTEXT_KEYS_2 = CONTEXT_KEYS_103 | {"contextAgents", "contextGroups"}
ATTACHMENT_KEYS = frozenset(
    {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}
)


def statement_validate(statement: Any, *, version: str) -> dict:
    """Validate a statement as received under `version` ("1.0.3" or "2.0.0"); raises StatementInvalid."""
    statement = v.check_object(statement, "statement")
    v.check_keys(statement, "statement", STATEMENT_KEYS, ("actor", "verb", "object"))
    if "id" in statement:
        v.check_uuid(statement["id"], "id")
    _check_core(statement, "statement", version, substatement=False)
    if "stored" in statement:
        v.parse_timestamp(statement["stored"], "stored")
    if "authority" in statement:
        _check_authority(statement["authority"])
    if "version" in statement:
        _check_version(statement["version"], version)
    return statement


def _check_core(st: dict, path: str, version: str, *, substatement: bool) -> None:
    check_actor(st["actor"], f"{path}.actor")
    verb = _check_verb(st["verb"], f"{path}.verb")
    obj = _check_object(st["object"], f"{path}.object", version, substatement=substatement)
    if verb == VOIDED_VERB and obj.get("objectType") != "StatementRef":
        v.fail(f"{path}.object", "a voiding statement's object must be a StatementRef")
    if "result" in st:
        _check_result(st["result"], f"{path}.result")
    if "context" in st:
        _check_context(st["context"], f"{path}.context", version, object_is_activity=_is_activity(obj))
    if "timestamp" in st:
        moment = v.parse_timestamp(st["timestamp"], f"{path}.timestamp")
        if version.startswith("2"):
            # IEEE 9274.1.1 §4.2.4.2: an LRS converts timestamps that are not in UTC.
            if not st["timestamp"].endswith(("Z", "z")):
                st["timestamp"] = v.format_timestamp(moment)
    if "attachments" in st:
        _check_attachments(st["attachments"], f"{path}.attachments")


def _is_activity(obj: dict) -> bool:
    return obj.get("objectType", "Activity") == "Activity"


def check_actor(value: Any, path: str) -> dict:
    value = v.check_object(value, path)
    kind = value.get("objectType", "Agent")
    if kind == "Group":
        _check_group(value, path)
    elif kind == "Agent":
        _check_agent(value, path)
    else:
        v.fail(f"{path}.objectType", "must be 'Agent' or 'Group'")
    return value


def _ifis(value: dict) -> list[str]:
    return [key for key in IFI_KEYS if key in value]


def _check_agent(value: dict, path: str) -> None:
    v.check_keys(value, path, AGENT_KEYS)
    ifis = _ifis(value)
    if len(ifis) != 1:
        v.fail(path, "an Agent needs exactly one inverse functional identifier")
    _check_ifi(value, ifis[0], path)
    if "name" in value:
        v.check_string(value["name"], f"{path}.name")


def _check_group(value: dict, path: str) -> None:
    v.check_keys(value, path, GROUP_KEYS)
    ifis = _ifis(value)
    if len(ifis) > 1:
        v.fail(path, "a Group has at most one inverse functional identifier")
    if ifis:
        _check_ifi(value, ifis[0], path)
    elif "member" not in value:
        v.fail(path, "an anonymous Group must list its members")
    if "name" in value:
        v.check_string(value["name"], f"{path}.name")
    if "member" in value:
        members = value["member"]
        if not isinstance(members, list):
            v.fail(f"{path}.member", "must be an array of Agents")
        if not ifis and not members:
            v.fail(f"{path}.member", "an anonymous Group needs at least one member")
        for index, member in enumerate(members):
            member = v.check_object(member, f"{path}.member[{index}]")
            if member.get("objectType", "Agent") != "Agent":
                v.fail(f"{path}.member[{index}]", "members must be Agents")
            _check_agent(member, f"{path}.member[{index}]")


def _check_ifi(value: dict, key: str, path: str) -> None:
    ifi = value[key]
    if key == "mbox":
        v.check_mbox(ifi, f"{path}.mbox")
    elif key == "mbox_sha1sum":
        v.check_sha1(ifi, f"{path}.mbox_sha1sum")
    elif key == "openid":
        v.check_iri(ifi, f"{path}.openid")
    else:
        account = v.check_object(ifi, f"{path}.account")
        v.check_keys(account, f"{path}.account", frozenset({"homePage", "name"}), ("homePage", "name"))
        v.check_iri(account["homePage"], f"{path}.account.homePage")
        v.check_identifier_size(
            v.check_string(account["name"], f"{path}.account.name"), f"{path}.account.name"
        )


def _check_verb(value: Any, path: str) -> str:
    value = v.check_object(value, path)
    v.check_keys(value, path, frozenset({"id", "display"}), ("id",))
    v.check_iri(value["id"], f"{path}.id")
    if "display" in value:
        v.check_language_map(value["display"], f"{path}.display")
    return value["id"]


def _check_object(value: Any, path: str, version: str, *, substatement: bool) -> dict:
    value = v.check_object(value, path)
    kind = value.get("objectType", "Activity")
    if kind == "Activity":
        check_activity(value, path)
    elif kind in ("Agent", "Group"):
        check_actor(value, path)
    elif kind == "StatementRef":
        check_statement_ref(value, path)
    elif kind == "SubStatement":
        if substatement:
            v.fail(path, "a SubStatement cannot contain another SubStatement")
        v.check_keys(value, path, SUBSTATEMENT_KEYS, ("actor", "verb", "object"))
        _check_core(value, path, version, substatement=True)
    else:
        v.fail(f"{path}.objectType", "is not an xAPI object type")
    return value


def check_statement_ref(value: Any, path: str) -> None:
    value = v.check_object(value, path)
    v.check_keys(value, path, frozenset({"objectType", "id"}), ("objectType", "id"))
    if value["objectType"] != "StatementRef":
        v.fail(f"{path}.objectType", "must be 'StatementRef'")
    v.check_uuid(value["id"], f"{path}.id")


def check_activity(value: Any, path: str) -> None:
    value = v.check_object(value, path)
    v.check_keys(value, path, ACTIVITY_KEYS, ("id",))
    if value.get("objectType", "Activity") != "Activity":
        v.fail(f"{path}.objectType", "must be 'Activity'")
    v.check_iri(value["id"], f"{path}.id")
    if "definition" in value:
        _check_definition(value["definition"], f"{path}.definition")


def _check_optional(value: dict, path: str, checks: dict[str, Callable[[Any, str], Any]]) -> None:
    """Run `checks[key]` on each optional property present."""
    for key, check in checks.items():
        if key in value:
            check(value[key], f"{path}.{key}")


DEFINITION_CHECKS = {
    "name": v.check_language_map,
    "description": v.check_language_map,
    "type": v.check_iri,
    "moreInfo": v.check_iri,
    "extensions": v.check_extensions,
}
RESULT_CHECKS = {
    "success": v.check_bool,
    "completion": v.check_bool,
    "response": v.check_string,
    "duration": v.check_duration,
    "extensions": v.check_extensions,
}


def _check_definition(value: Any, path: str) -> None:
    value = v.check_object(value, path)
    v.check_keys(value, path, DEFINITION_KEYS)
    _check_optional(value, path, DEFINITION_CHECKS)
    interaction = value.get("interactionType")
    if "interactionType" in value and (
        not isinstance(interaction, str) or interaction not in INTERACTION_TYPES
    ):
        v.fail(f"{path}.interactionType", "is not an xAPI interaction type")
    if "correctResponsesPattern" in value:
        pattern = value["correctResponsesPattern"]
        if not isinstance(pattern, list) or not all(isinstance(item, str) for item in pattern):
            v.fail(f"{path}.correctResponsesPattern", "must be an array of strings")
    used = [key for key in ("correctResponsesPattern", *COMPONENT_LISTS) if key in value]
    if used and interaction is None:
        v.fail(path, f"{used[0]} needs an interactionType")
    for key in COMPONENT_LISTS:
        if key in value:
            _check_components(value[key], f"{path}.{key}")


def _check_components(value: Any, path: str) -> None:
    if not isinstance(value, list):
        v.fail(path, "must be an array of interaction components")
    seen: set[str] = set()
    for index, component in enumerate(value):
        here = f"{path}[{index}]"
        component = v.check_object(component, here)
        v.check_keys(component, here, frozenset({"id", "description"}), ("id",))
        v.check_string(component["id"], f"{here}.id")
        if component["id"] in seen:
            v.fail(here, "interaction component ids must be distinct")
        seen.add(component["id"])
        if "description" in component:
            v.check_language_map(component["description"], f"{here}.description")


def _check_result(value: Any, path: str) -> None:
    value = v.check_object(value, path)
    v.check_keys(value, path, RESULT_KEYS)
    if "score" in value:
        score = v.check_object(value["score"], f"{path}.score")
        v.check_keys(score, f"{path}.score", SCORE_KEYS)
        for key in SCORE_KEYS & score.keys():
            v.check_number(score[key], f"{path}.score.{key}")
        if "scaled" in score and not -1 <= score["scaled"] <= 1:
            v.fail(f"{path}.score.scaled", "must be between -1 and 1")
        low, high, raw = score.get("min"), score.get("max"), score.get("raw")
        if low is not None and high is not None and low >= high:
            v.fail(f"{path}.score", "min must be less than max")
        if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
            v.fail(f"{path}.score.raw", "must lie between min and max")
    _check_optional(value, path, RESULT_CHECKS)


def _check_context(value: Any, path: str, version: str, *, object_is_activity: bool) -> None:
    value = v.check_object(value, path)
    v.check_keys(value, path, CONTEXT_KEYS_2 if version.startswith("2") else CONTEXT_KEYS_103)
    if "registration" in value:
        v.check_uuid(value["registration"], f"{path}.registration")
    if "instructor" in value:
        check_actor(value["instructor"], f"{path}.instructor")
    if "team" in value:
        team = v.check_object(value["team"], f"{path}.team")
        if team.get("objectType") != "Group":
            v.fail(f"{path}.team", "must be a Group")
        check_actor(team, f"{path}.team")
    if "contextActivities" in value:
        _check_context_activities(value, f"{path}.contextActivities")
    for key in ("revision", "platform"):
        if key in value:
            v.check_string(value[key], f"{path}.{key}")
            if not object_is_activity:
                v.fail(f"{path}.{key}", "may only be used when the object is an Activity")
    if "language" in value:
        v.check_language_tag(value["language"], f"{path}.language")
    if "statement" in value:
        check_statement_ref(value["statement"], f"{path}.statement")
    if "extensions" in value:
        v.check_extensions(value["extensions"], f"{path}.extensions")
    if "contextAgents" in value:
        _check_context_members(value["contextAgents"], f"{path}.contextAgents", "contextAgent", "agent")
    if "contextGroups" in value:
        _check_context_members(value["contextGroups"], f"{path}.contextGroups", "contextGroup", "group")


def _check_context_activities(context: dict, path: str) -> None:
    activities = v.check_object(context["contextActivities"], path)
    v.check_keys(activities, path, CONTEXT_ACTIVITY_KEYS)
    for key, items in activities.items():
        # A single activity is accepted and returned as a one-element array (xAPI 1.0.3 Data 2.4.6.2).
        if isinstance(items, dict):
            items = activities[key] = [items]
        if not isinstance(items, list):
            v.fail(f"{path}.{key}", "must be an Activity or an array of Activities")
        for index, item in enumerate(items):
            check_activity(item, f"{path}.{key}[{index}]")


def _check_context_members(value: Any, path: str, object_type: str, member_key: str) -> None:
    if not isinstance(value, list):
        v.fail(path, "must be an array")
    for index, item in enumerate(value):
        here = f"{path}[{index}]"
        item = v.check_object(item, here)
        v.check_keys(
            item, here, frozenset({"objectType", member_key, "relevantTypes"}), ("objectType", member_key)
        )
        if item["objectType"] != object_type:
            v.fail(f"{here}.objectType", f"must be '{object_type}'")
        member = check_actor(item[member_key], f"{here}.{member_key}")
        if member_key == "group" and member.get("objectType") != "Group":
            v.fail(f"{here}.group", "must be a Group")
        if member_key == "agent" and member.get("objectType", "Agent") != "Agent":
            v.fail(f"{here}.agent", "must be an Agent")
        if "relevantTypes" in item:
            types = item["relevantTypes"]
            if not isinstance(types, list) or not types:
                v.fail(f"{here}.relevantTypes", "must be a non-empty array of IRIs")
            for position, iri in enumerate(types):
                v.check_iri(iri, f"{here}.relevantTypes[{position}]")


def _check_authority(value: Any) -> None:
    authority = check_actor(value, "authority")
    if authority.get("objectType") == "Group":
        # A Group authority is the OAuth pair (application and user): two Agents, nothing else.
        members = authority.get("member") or []
        if _ifis(authority) or len(members) != 2:
            v.fail("authority", "a Group authority must be an anonymous Group of exactly two Agents")


def _check_version(value: Any, version: str) -> None:
    text = v.check_string(value, "version")
    allowed = ("1.0.",) if not version.startswith("2") else ("1.0.", "2.0.")
    if not (
        text == "1.0"
        or text == "2.0"
        and version.startswith("2")
        or any(text.startswith(p) and text[len(p) :].isdigit() for p in allowed)
    ):
        v.fail("version", f"{text!r} is not a version this request may use")


def _check_attachments(value: Any, path: str) -> None:
    if not isinstance(value, list):
        v.fail(path, "must be an array")
    for index, item in enumerate(value):
        here = f"{path}[{index}]"
        item = v.check_object(item, here)
        v.check_keys(item, here, ATTACHMENT_KEYS, ("usageType", "display", "contentType", "length", "sha2"))
        v.check_iri(item["usageType"], f"{here}.usageType")
        v.check_language_map(item["display"], f"{here}.display")
        if "description" in item:
            v.check_language_map(item["description"], f"{here}.description")
        v.check_media_type(item["contentType"], f"{here}.contentType")
        if isinstance(item["length"], bool) or not isinstance(item["length"], int) or item["length"] < 0:
            v.fail(f"{here}.length", "must be a non-negative integer")
        v.check_string(item["sha2"], f"{here}.sha2")
        if "fileUrl" in item:
            v.check_iri(item["fileUrl"], f"{here}.fileUrl")
