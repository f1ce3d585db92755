"""What intake's use cases ask of what lies outside them (the registry's replica, the
requests waiting, the keyed hashes, the audit trail), and what some of them take and give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from servicekit.auth import Principal

from kk_intake.domain.beneficiary import Beneficiary


class CentreDirectory(Protocol):
    """What intake knows of the registry, from its replica."""

    def exists(self, centre_id: str) -> bool: ...
    def local_holidays(self, centre_id: str) -> list[date]: ...
    def open_programme_documents(self, programme_id: UUID) -> list[str] | None: ...


class RequestCandidates(Protocol):
    def waiting_past(self, today: date) -> list[UUID]: ...


@dataclass(frozen=True)
class Registration:
    beneficiary: Beneficiary
    transferred_from: str | None = None


@dataclass(frozen=True)
class RequestDetails:
    axis: str
    category: str
    channel: str
    notes: str = ""
    programme_id: UUID | None = None
    logged_on: date | None = None


class Pseudonyms(Protocol):
    def keyed_hash(self, identifier: str) -> str:
        """The same value always gives the same hash; without the key, nobody can compute
        or reverse it."""


class AuditTrail(Protocol):
    def file_read(
        self, *, beneficiary_id: UUID, by: Principal, reason: str, allowed: bool = True
    ) -> None: ...
    def reads_of(self, beneficiary_id: UUID) -> list[dict[str, Any]]: ...
    def glass_broken(self, beneficiary_id: UUID, by: Principal) -> bool: ...
    def break_glass(
        self, *, beneficiary_id: UUID, by: Principal, reason: str, hours: float
    ) -> datetime: ...
