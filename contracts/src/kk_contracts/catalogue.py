"""Every published event type and version the platform knows how to read."""

from __future__ import annotations

from kk_contracts.base import IntegrationEvent
from kk_contracts.events.intake import BeneficiaryRegistered
from kk_contracts.events.referral import ProgramEnrolled, ReferralSent
from kk_contracts.events.registry import BodyRegistered, CentreRegistered, ProgramRegistered

_EVENTS: tuple[type[IntegrationEvent], ...] = (
    CentreRegistered,
    BodyRegistered,
    ProgramRegistered,
    BeneficiaryRegistered,
    ReferralSent,
    ProgramEnrolled,
)

CATALOGUE: dict[tuple[str, int], type[IntegrationEvent]] = {
    (cls.event_type, cls.schema_version): cls for cls in _EVENTS
}


class UnknownEventTypeError(LookupError):
    """A message names an event type or version this platform does not know."""


def model_for(event_type: str, schema_version: int) -> type[IntegrationEvent]:
    try:
        return CATALOGUE[(event_type, schema_version)]
    except KeyError:
        known = sorted({t for t, _ in CATALOGUE})
        raise UnknownEventTypeError(
            f"unknown event type {event_type!r} version {schema_version}; known types: {known}"
        ) from None
