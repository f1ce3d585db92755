"""Every published event type and version the platform knows how to read."""

from __future__ import annotations

from kk_contracts.base import IntegrationEvent
from kk_contracts.events.intake import (
    ApplicationSubmitted,
    BeneficiaryErased,
    BeneficiaryInformed,
    BeneficiaryRegistered,
    BeneficiarySituationChanged,
    BeneficiaryTransferred,
    ConsentRecorded,
    ConsentRecordedV1,
    ConsentWithdrawn,
    DuplicateReviewed,
    LikelyDuplicateFlagged,
    RequestLogged,
    RequestOverdue,
    RequestStatusChanged,
)
from kk_contracts.events.referral import (
    ProgramEnrolled,
    ProgramExited,
    ProgramRejected,
    ProgramRenewed,
    ReferralAccepted,
    ReferralCompleted,
    ReferralExpired,
    ReferralOverdue,
    ReferralReceived,
    ReferralRedirected,
    ReferralRefused,
    ReferralSent,
    ReferralSentV1,
    ReferralServiceStarted,
    ReferralWithdrawn,
)
from kk_contracts.events.registry import (
    AnnexOpened,
    BodyRegistered,
    BodyRegisteredV1,
    BodyUpdated,
    CentreComplianceRestored,
    CentreFlaggedNonCompliant,
    CentreOpeningHoursSet,
    CentreRegistered,
    CentreStaffChanged,
    CentreStatusChanged,
    LocalHolidayDeclared,
    MobileUnitOpened,
    ProgramClosed,
    ProgramRegistered,
    ProgramRegisteredV1,
    ProgramUpdated,
)

_EVENTS: tuple[type[IntegrationEvent], ...] = (
    CentreRegistered,
    CentreStaffChanged,
    CentreFlaggedNonCompliant,
    CentreComplianceRestored,
    AnnexOpened,
    MobileUnitOpened,
    CentreStatusChanged,
    CentreOpeningHoursSet,
    LocalHolidayDeclared,
    BodyRegisteredV1,
    BodyRegistered,
    BodyUpdated,
    ProgramRegisteredV1,
    ProgramRegistered,
    ProgramUpdated,
    ProgramClosed,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
    BeneficiarySituationChanged,
    BeneficiaryErased,
    LikelyDuplicateFlagged,
    DuplicateReviewed,
    ConsentRecordedV1,
    ConsentRecorded,
    ConsentWithdrawn,
    RequestLogged,
    RequestStatusChanged,
    BeneficiaryInformed,
    RequestOverdue,
    ApplicationSubmitted,
    ReferralSentV1,
    ReferralSent,
    ReferralReceived,
    ReferralAccepted,
    ReferralRefused,
    ReferralRedirected,
    ReferralServiceStarted,
    ReferralCompleted,
    ReferralExpired,
    ReferralWithdrawn,
    ReferralOverdue,
    ProgramEnrolled,
    ProgramRejected,
    ProgramRenewed,
    ProgramExited,
)

CATALOGUE: dict[tuple[str, int], type[IntegrationEvent]] = {
    (cls.event_type, cls.schema_version): cls for cls in _EVENTS
}


LATEST: dict[str, int] = {}
for _type, _version in CATALOGUE:
    LATEST[_type] = max(_version, LATEST.get(_type, 0))


def latest(event: IntegrationEvent) -> IntegrationEvent:
    """Upgrades an event read in an older schema version to the latest one."""
    while event.schema_version < LATEST[event.event_type]:
        event = event.upgrade()
    return event


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
