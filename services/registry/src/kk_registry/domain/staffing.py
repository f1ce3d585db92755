"""Staffing rules of a centre (ΦΕΚ 854 Β'/2016, as amended)."""

from __future__ import annotations

from dataclasses import dataclass

from kk_registry.domain.exceptions import MoreThanOneHeadError

SOCIAL_WORKER = "social_worker"


@dataclass(frozen=True, slots=True)
class Position:
    """A post on the roster: a role, and whether its holder heads the centre. No names."""

    role: str
    head: bool = False


def check_roster(positions: list[Position]) -> list[Position]:
    """The staffing band is the minimum staff, not a maximum: a roster larger than the band
    (an annex's extra staff) is accepted, one below it is shown as understaffed."""
    if sum(p.head for p in positions) > 1:
        raise MoreThanOneHeadError("only one position may head the centre")
    return positions


def headed_by_social_worker(positions: list[Position]) -> bool:
    """A centre complies when a social worker heads it (Κοινωνικός Λειτουργός, mandatory)."""
    return any(p.head and p.role == SOCIAL_WORKER for p in positions)
