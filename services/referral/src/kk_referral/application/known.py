"""What the application asks its replicas of other services for: a person's file as
referral knows it, and a body."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KnownBeneficiary:
    centre_id: str
    purposes: frozenset[str]
    sharing_with: frozenset[str] | None = None  # kinds of body referral_sharing covers

    def may_share_with(self, category: str) -> bool:
        return "referral_sharing" in self.purposes and (
            self.sharing_with is None or category in self.sharing_with
        )


@dataclass(frozen=True)
class KnownBody:
    category: str
    accepts_referrals: bool
