"""Search before create: finding a person's file by AMKA, or by names and birth date.

Both go through keyed indexes (the AMKA's and the folded names' keyed hashes), so no
identifier or name is ever stored in clear or scanned. A file at the searcher's own centre
is shown with the names and birth date it was opened with; a file at another centre only
as existing there, never its contents (registering the person here transfers it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from servicekit.auth import Principal
from servicekit.subject_keys import SubjectErasedError

from kk_intake.application import IntakeApplication, must_work_at
from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.identity import check_amka
from kk_intake.domain.identity_index import Identity, NameMatch


class MatchedBy(StrEnum):
    AMKA = "amka"
    NAMES = "names"


@dataclass(frozen=True)
class Names:
    given_name: str
    family_name: str
    birth_date: date


@dataclass(frozen=True)
class Found:
    matched_by: MatchedBy
    beneficiary: Beneficiary
    at_your_centre: bool


def find_files(
    app: IntakeApplication,
    *,
    staff: Principal,
    centre_id: str,
    amka: str | None = None,
    names: Names | None = None,
) -> list[Found]:
    """The files of the person searched for, at the searcher's centre or elsewhere."""
    must_work_at(staff, centre_id)
    if amka is not None:
        identity = _get(app, Identity.id_for(app.pseudonyms.keyed_hash(check_amka(amka))))
        ids = [identity.beneficiary_id] if isinstance(identity, Identity) else []
        matched_by = MatchedBy.AMKA
    elif names is not None:
        key = app.names_hash(names.given_name, names.family_name, names.birth_date)
        match = _get(app, NameMatch.id_for(key))
        ids = list(match.files) if isinstance(match, NameMatch) else []
        matched_by = MatchedBy.NAMES
    else:
        return []
    found = []
    for beneficiary_id in ids:
        beneficiary = _get(app, beneficiary_id)
        if isinstance(beneficiary, Beneficiary) and not beneficiary.erased:
            mine = beneficiary.centre_id == centre_id
            if mine:  # the names are shown: who looked the person up is on the record
                reason = f"αναζήτηση / search by {matched_by.value}"
                app.audit.file_read(beneficiary_id=beneficiary.id, by=staff, reason=reason)
            found.append(Found(matched_by, beneficiary, at_your_centre=mine))
    return found


def _get(app: IntakeApplication, aggregate_id: UUID) -> object | None:
    try:
        return app.repository.get(aggregate_id)
    except (AggregateNotFoundError, SubjectErasedError):
        return None


def names_at(
    app: IntakeApplication, *, staff: Principal, centre_id: str, ids: list[UUID]
) -> dict[UUID, tuple[str, str]]:
    """The family and given names of those of ``ids`` whose files the centre keeps: what its
    own staff see on their worklist (no other detail, so not a read of the file)."""
    must_work_at(staff, centre_id)
    names = {}
    for beneficiary_id in dict.fromkeys(ids):
        b = _get(app, beneficiary_id)
        if isinstance(b, Beneficiary) and b.centre_id == centre_id and not b.erased:
            names[beneficiary_id] = (b.family_name, b.given_name)
    return names
