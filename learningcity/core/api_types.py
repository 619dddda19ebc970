"""Types shared by every app's API schemas."""

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import field_validator, model_validator

# A database id: positive and within a 64-bit integer, so an absurd id is a 400 from the schema, not a
# database overflow (SQLite and PostgreSQL both refuse integers past 2**63 - 1).
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]


def holds_nul(value: Any) -> bool:
    """Whether a parsed JSON value has the NUL character in any string, key or value. PostgreSQL cannot store
    or compare text holding it, so it is refused on every database alike (a 400, never a 500)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any("\x00" in key or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False


def _no_nul(value: Any) -> Any:
    if holds_nul(value):
        raise ValueError("Text cannot contain the NUL character (\\u0000).")
    return value


class InputSchema(Schema):
    """Base of request bodies: text with a NUL character is refused up front (PostgreSQL cannot store it, and
    Django's forms refuse it too), so such input is a 400 naming the field, never a 500."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # A JSON array or scalar where an object is expected must not pass as "nothing to change". (Ninja
        # wraps whatever it gets in a DjangoGetter first, so look at what is inside.)
        inner = getattr(data, "_obj", data) if isinstance(data, DjangoGetter) else data
        if isinstance(inner, (list, tuple, str, int, float, bool)) or inner is None:
            raise ValueError("Send a JSON object with the fields to set.")
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        return _no_nul(value)
