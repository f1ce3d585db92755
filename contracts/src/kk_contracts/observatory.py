"""The records of the regional observatories' streams (law 4445/2016).

Each region's observatory reads topics of its own, ``kk.observatory.<NUTS-2>.<entity>.v1``.
Their records are what the platform's events become once minimised and pseudonymised for
that region alone (``docs/observatories.md`` holds the policy table):

- every person, request, referral and enrolment is a pseudonym, ``HMAC-SHA256`` of the
  platform's id under the region's key: stable within the region, unrelated across regions;
- a residence is a municipality only where the municipality has at least
  ``AREA_THRESHOLD`` inhabitants, else its regional unit;
- no names, AMKA, AFM, contact, free text, staff or body contacts, no body or programme ids;
- special categories of data (GDPR Art. 9: ethnic origin, health, disability, trafficking,
  domestic violence, international protection) are never on a person's records, only in
  the monthly counts, where counts from 1 to 4 are withheld.

The CloudEvents attributes travel as headers, as on the platform's own topics, with one
extension more: ``pseudonymkeyversion``, the version of the key the pseudonyms were made
with.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from kk_contracts.codes import (
    AgeBand,
    Axis,
    Channel,
    ExitReason,
    RefusalReason,
    RejectionReason,
    RequestCategory,
    RequestStatus,
    ServiceOutcome,
    Sex,
    VulnerableGroup,
)

OBSERVATORY_SOURCE = "/kk/observatory"
KEY_VERSION_HEADER = "ce_pseudonymkeyversion"
Pseudonym = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9_-]{43}$",
        description="HMAC-SHA256 of the platform's id under the region's key (base64url, "
        "unpadded): the same within the region, unrelated to any other region's",
    ),
]
Centre = Annotated[str, Field(pattern=r"^KK-\d{4}$", description="The centre (a public office)")]
Region = Annotated[str, Field(pattern=r"^EL\d{2}$", description="NUTS-2 code of a region")]
Area = Annotated[
    str,
    Field(
        pattern=r"^\d{2}(\d{2})?$",
        description="Residence: the municipality's ELSTAT code (4 digits), or its regional "
        "unit's (2 digits) where the municipality is small",
    ),
]
AreaLevel = Literal["municipality", "regional_unit"]
Withheld = (
    "a category that would reveal the person's health (psychosocial support, health "
    "prevention) is given as `other`"
)


class Entity(StrEnum):
    """The topics of a region's stream, one per entity."""

    PEOPLE = "people"
    REQUESTS = "requests"
    REFERRALS = "referrals"
    ENROLMENTS = "enrolments"
    MONTHLY = "monthly"


def observatory_topic(region: str, entity: Entity) -> str:
    return f"kk.observatory.{region}.{entity.value}.v1"


def observatory_prefix(region: str) -> str:
    """What a region's topics and its observatory's consumer groups begin with."""
    return f"kk.observatory.{region}."


class ObservatoryRecord(BaseModel):
    """A record on a region's stream: frozen, no field beyond those allowed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_type: ClassVar[str]
    entity: ClassVar[Entity]
    key_field: ClassVar[str]

    def key(self) -> str:
        return str(getattr(self, self.key_field))


class _Person(ObservatoryRecord):
    entity = Entity.PEOPLE
    key_field = "person"

    person: Pseudonym


class _Profile(_Person):
    centre: Centre
    age_band: AgeBand
    sex: Sex
    area: Area
    area_level: AreaLevel
    mgi_recipient: bool = Field(description="Receives the Minimum Guaranteed Income (ΕΕΕ)")
    groups: tuple[VulnerableGroup, ...] = Field(
        description="Vulnerable groups, special categories left out (they are counted only "
        "on the monthly topic)"
    )


class PersonRegistered(_Profile):
    """A person of the region has a file at one of its centres."""

    record_type = "gr.kk.observatory.PersonRegistered"
    registered_on: date


class PersonArrived(_Profile):
    """A person's file moved to a centre of this region from another region's."""

    record_type = "gr.kk.observatory.PersonArrived"
    arrived_on: date
    from_region: Region


class PersonLeft(_Person):
    """A person's file moved to another region's centre: this region hears no more of them,
    and keeps what it has (the arrival there carries a pseudonym of that region's)."""

    record_type = "gr.kk.observatory.PersonLeft"
    centre: Centre
    left_on: date
    to_region: Region


class PersonMoved(_Person):
    """A person's file moved between two centres of this region."""

    record_type = "gr.kk.observatory.PersonMoved"
    centre: Centre
    moved_on: date


class PersonSituationChanged(_Person):
    record_type = "gr.kk.observatory.PersonSituationChanged"
    area: Area
    area_level: AreaLevel
    mgi_recipient: bool
    groups: tuple[VulnerableGroup, ...]
    changed_on: date


class PersonErased(_Person):
    """The person's data were erased at the platform (GDPR Art. 17): delete every record of
    this pseudonym, on every topic of the region. Monthly counts stay."""

    record_type = "gr.kk.observatory.PersonErased"
    erased_on: date


class _Request(ObservatoryRecord):
    entity = Entity.REQUESTS
    key_field = "request"

    request: Pseudonym
    person: Pseudonym
    centre: Centre


class RequestLogged(_Request):
    record_type = "gr.kk.observatory.RequestLogged"
    axis: Axis
    category: RequestCategory = Field(description=Withheld)
    channel: Channel
    logged_on: date
    due_on: date


class RequestStatusChanged(_Request):
    record_type = "gr.kk.observatory.RequestStatusChanged"
    status: RequestStatus
    changed_on: date


class PersonInformed(_Request):
    """The person heard how the request stands (the 10-working-day right to information)."""

    record_type = "gr.kk.observatory.PersonInformed"
    informed_on: date
    channel: Channel
    within_deadline: bool


class RequestOverdue(_Request):
    record_type = "gr.kk.observatory.RequestOverdue"
    due_on: date
    detected_on: date


class ApplicationSubmitted(_Request):
    record_type = "gr.kk.observatory.ApplicationSubmitted"
    submitted_on: date
    documents: int = Field(ge=0)


class _Referral(ObservatoryRecord):
    entity = Entity.REFERRALS
    key_field = "referral"

    referral: Pseudonym
    person: Pseudonym
    centre: Centre


class ReferralSent(_Referral):
    record_type = "gr.kk.observatory.ReferralSent"
    service: RequestCategory | None = Field(description=f"What for, if given; {Withheld}")
    sent_on: date
    respond_by: date | None


ReferralStep = Literal[
    "received",
    "accepted",
    "refused",
    "redirected",
    "service_started",
    "completed",
    "expired",
    "withdrawn",
    "overdue",
]


class ReferralProgressed(_Referral):
    """A step of a referral after its sending."""

    record_type = "gr.kk.observatory.ReferralProgressed"
    step: ReferralStep
    on: date
    refusal_reason: RefusalReason | None = None
    outcome: ServiceOutcome | None = None


class EnrolmentDecided(ObservatoryRecord):
    """A decision on a person's enrolment in a programme."""

    record_type = "gr.kk.observatory.EnrolmentDecided"
    entity = Entity.ENROLMENTS
    key_field = "enrolment"

    enrolment: Pseudonym
    person: Pseudonym
    centre: Centre
    decision: Literal["enrolled", "rejected", "renewed", "exited"]
    on: date
    rejection_reason: RejectionReason | None = None
    exit_reason: ExitReason | None = None


class MonthlyCount(ObservatoryRecord):
    """How many of something the region's centres recorded in a month, by one dimension;
    the latest record of a key holds the count (the topic is compacted). Counts from 1 to 4
    are withheld, and where a month's indicator would then withhold a single count, the
    next smallest beside it is withheld too (so no total gives it back)."""

    record_type = "gr.kk.observatory.MonthlyCount"
    entity = Entity.MONTHLY
    key_field = "cell"

    cell: str = Field(description="month|indicator|dimension: the record's key")
    month: str = Field(pattern=r"^\d{4}-\d{2}$")
    indicator: Literal[
        "registrations_by_group",
        "registrations_by_age_band",
        "registrations_by_sex",
        "requests_by_category",
        "referrals_by_body_category",
        "enrolments_by_programme_category",
    ]
    dimension: str
    count: int | None = Field(ge=0, description="null: withheld (from 1 to 4)")


RECORDS: tuple[type[ObservatoryRecord], ...] = (
    PersonRegistered,
    PersonArrived,
    PersonLeft,
    PersonMoved,
    PersonSituationChanged,
    PersonErased,
    RequestLogged,
    RequestStatusChanged,
    PersonInformed,
    RequestOverdue,
    ApplicationSubmitted,
    ReferralSent,
    ReferralProgressed,
    EnrolmentDecided,
    MonthlyCount,
)
