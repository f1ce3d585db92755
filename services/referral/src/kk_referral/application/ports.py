"""What referral's use cases ask of what lies outside them (the replicas of other services,
the referrals past their deadlines, the links' audit), and what some of them take."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from servicekit.auth import Principal

from kk_referral.application.known import KnownBeneficiary, KnownBody


class Directory(Protocol):
    """What referral knows of other services' facts, from its replicas."""

    def beneficiary(self, beneficiary_id: UUID) -> KnownBeneficiary | None: ...
    def body(self, body_id: UUID) -> KnownBody | None: ...
    def programme_category(self, programme_id: UUID) -> str | None: ...
    def local_holidays(self, centre_id: str) -> list[date]: ...


class DeadlineCandidates(Protocol):
    def past_deadline(self, today: date) -> list[UUID]: ...


class LinkAudit(Protocol):
    """The audit trail: every use of a body's link, and every read of a referral by staff."""

    def used(self, *, referral_id: UUID, body_id: UUID, action: str, allowed: bool) -> None: ...
    def referral_read(
        self, *, referral_id: UUID, beneficiary_id: UUID, by: Principal, reason: str,
        allowed: bool,
    ) -> None: ...  # fmt: skip
    def reads_of(self, beneficiary_id: UUID) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class EnrolmentDecision:
    beneficiary_id: UUID
    programme_id: UUID
    start_date: date | None = None
    renew_by: date | None = None
    request_id: UUID | None = None


@dataclass(frozen=True)
class ReferralDetails:
    beneficiary_id: UUID
    body_id: UUID
    service: str
    urgency: str
    note: str = ""
    employment_type: str | None = None
