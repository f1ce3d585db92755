"""GDPR consent on an individual file: the checks a consent passes before it is recorded,
and what a withdrawal takes back."""

from __future__ import annotations

from typing import Any

from kk_intake.domain.exceptions import ConsentError
from kk_intake.domain.person import Consent


def consent_fields(consent: Consent) -> dict[str, Any]:
    """The checked consent, as the event recording it holds it: its legal basis, and its
    purposes and the kinds of body it may be shared with, sorted and without repeats."""
    if not consent.purposes:
        raise ConsentError("consent names at least one purpose")
    if consent.sharing_with is not None and "referral_sharing" not in consent.purposes:
        raise ConsentError(
            "sharing_with limits the purpose referral_sharing: give that purpose too",
            field="sharing_with",
        )
    return {
        "legal_basis": consent.legal_basis,
        "purposes": sorted(set(consent.purposes)),
        "sharing_with": sorted(set(consent.sharing_with))
        if consent.sharing_with is not None
        else None,
    }


def withdrawn_purposes(granted: set[str], purposes: list[str] | None) -> list[str]:
    """The purposes a withdrawal takes back, sorted: those asked that were granted, or all
    of them if none are named."""
    withdrawn = sorted(granted if purposes is None else set(purposes) & granted)
    if not withdrawn:
        listed = ", ".join(sorted(granted)) or "none"
        raise ConsentError(f"nothing to withdraw: consent is given for {listed}")
    return withdrawn
