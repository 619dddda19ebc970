"""API shapes of the catalogue (pydantic via Django Ninja)."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema

from learningcity.catalogue.vocab import DeliveryMode, Kind, Sector, Setting, Status
from learningcity.core.api_types import InputSchema, RecordId

SectorCode = Literal[tuple(Sector.values)]  # type: ignore[valid-type]
KindCode = Literal[tuple(Kind.values)]  # type: ignore[valid-type]
SettingCode = Literal[tuple(Setting.values)]  # type: ignore[valid-type]
ModeCode = Literal[tuple(DeliveryMode.values)]  # type: ignore[valid-type]
StatusCode = Literal[tuple(Status.values)]  # type: ignore[valid-type]
Weekday = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# A wall-clock time in the city's time zone. Documented as HH:MM[:SS] because JSON Schema's "time" format
# (RFC 3339) requires a UTC offset, which a weekly class time does not have.
def _wall_clock(value: datetime.time) -> datetime.time:
    if value.tzinfo is not None:
        raise ValueError("Give the local time without a UTC offset, e.g. 10:00.")
    return value


LocalTime = Annotated[datetime.time, AfterValidator(_wall_clock), WithJsonSchema({
    "type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
    "description": "Local time in the city's time zone, HH:MM or HH:MM:SS", "examples": ["10:00"]})]


class ProviderOut(Schema):
    id: int
    slug: str
    name: str
    sector: SectorCode
    kind: str
    website: str
    district: str | None = Field(None, description="District slug")
    source_id: str | None


class VenueOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    district: str = Field(description="District slug")
    neighbourhood: str | None = Field(None, description="Neighbourhood code")
    latitude: float
    longitude: float
    location_approximate: bool = Field(description="True when the source gave no coordinates and the venue is "
                                                   "placed at its district's centre.")
    accessibility: list[str]
    provider_id: int | None
    source_id: str | None


class VenueIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field("", max_length=100)
    provider_id: RecordId | None = None
    address: str = Field("", max_length=300)
    district: str | None = Field(None, description="District slug; needed only when no coordinates are given")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    accessibility: list[str] = []
    capacity: int | None = Field(None, ge=0)
    phone: str = Field("", max_length=40)
    website: str = Field("", max_length=500)


class VenuePatch(InputSchema):
    """Only the fields sent change. New coordinates decide the district again."""

    name: str = Field(None, min_length=1, max_length=200)
    kind: str = Field(None, max_length=100)
    provider_id: RecordId | None = None
    address: str = Field(None, max_length=300)
    district: str | None = Field(None, description="District slug; with no coordinates the venue sits at its centre")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    accessibility: list[str] = None
    capacity: int | None = Field(None, ge=0)
    phone: str = Field(None, max_length=40)
    website: str = Field(None, max_length=500)


class RunOut(Schema):
    id: int
    opportunity_id: int
    status: StatusCode
    is_cancelled: bool
    venue: VenueOut | None
    room: str
    online_url: str
    start_date: datetime.date
    end_date: datetime.date
    start_time: LocalTime | None
    end_time: LocalTime | None
    weekdays: list[str]
    capacity: int | None
    enrolment_opens: datetime.datetime | None
    enrolment_closes: datetime.datetime | None
    instructor: str
    total_hours: float
    source_id: str | None


class RunIn(InputSchema):
    venue_id: RecordId | None = None
    room: str = Field("", max_length=200)
    online_url: str = Field("", max_length=500)
    start_date: datetime.date
    end_date: datetime.date
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    weekdays: list[Weekday] = []
    capacity: int | None = Field(None, ge=1, le=100_000)
    enrolment_opens: datetime.datetime | None = None
    enrolment_closes: datetime.datetime | None = None
    instructor: str = Field("", max_length=200)


class RunPatch(InputSchema):
    venue_id: RecordId | None = None
    room: str = Field(None, max_length=200)
    online_url: str = Field(None, max_length=500)
    start_date: datetime.date = None
    end_date: datetime.date = None
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    weekdays: list[Weekday] = None
    capacity: int | None = Field(None, ge=1, le=100_000)
    enrolment_opens: datetime.datetime | None = None
    enrolment_closes: datetime.datetime | None = None
    instructor: str = Field(None, max_length=200)


class OpportunityBase(InputSchema):
    kind: KindCode = "course"
    title: str = Field(max_length=300, min_length=1)
    description: str = Field("", max_length=20_000)
    topics: list[str] = Field([], description="Topic codes, see /topics")
    skills: list[str] = Field([], description="ESCO skill URIs")
    setting: SettingCode = "non_formal"
    isced_level: int | None = Field(None, ge=0, le=8)
    isced_field: str = Field("", max_length=4)
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    target_groups: list[str] = []
    languages: list[str] = []
    cost: Decimal = Field(Decimal(0), ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("KRW", min_length=3, max_length=3)
    is_free: bool = True
    delivery_mode: ModeCode = "in_person"
    accessibility: list[str] = []
    family_friendly: bool = False
    workplace: bool = False
    sustainability_tags: list[str] = []
    credential_awarded: str = Field("", max_length=200)
    url: str = Field("", max_length=500)
    enrolment_method: str = Field("", max_length=200)


class OpportunityIn(OpportunityBase):
    provider_id: RecordId


class OpportunityPatch(InputSchema):
    kind: KindCode = None
    title: str = Field(None, max_length=300, min_length=1)
    description: str = Field(None, max_length=20_000)
    topics: list[str] = None
    skills: list[str] = None
    setting: SettingCode = None
    isced_level: int | None = Field(None, ge=0, le=8)
    isced_field: str = Field(None, max_length=4)
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    target_groups: list[str] = None
    languages: list[str] = None
    cost: Decimal = Field(None, ge=0, max_digits=12, decimal_places=2)
    is_free: bool = None
    delivery_mode: ModeCode = None
    accessibility: list[str] = None
    family_friendly: bool = None
    workplace: bool = None
    sustainability_tags: list[str] = None
    credential_awarded: str = Field(None, max_length=200)
    url: str = Field(None, max_length=500)
    enrolment_method: str = Field(None, max_length=200)


class OpportunityOut(OpportunityBase):
    id: int
    provider: ProviderOut
    status: StatusCode
    source_id: str | None
    url_page: str = Field(description="The public page of this opportunity")
    runs: list[RunOut]


class OpportunitySummary(Schema):
    id: int
    title: str
    kind: KindCode
    provider: str
    topics: list[str]
    age_min: int | None
    age_max: int | None
    is_free: bool
    cost: Decimal
    delivery_mode: ModeCode
    next_start: datetime.date | None
    districts: list[str]
    url_page: str


class TopicOut(Schema):
    code: str
    name_ko: str
    name_en: str
    isced_field: str
    published: int
