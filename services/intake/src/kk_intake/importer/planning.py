"""Which rows of an import are new people, and what opening each one's file needs that the
database knows: a person already on file at this centre is skipped (so the same file
imported twice imports nothing twice), one at another centre or twice in the file is an
error; each new file's id is drawn, and who it likely duplicates (same names and birth
date, on file or earlier in the file) is found, so that the files can be opened apart from
one another, in worker processes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool
from servicekit.subject_keys import SubjectErasedError

from kk_intake.application import IntakeApplication
from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.identity import match_key
from kk_intake.domain.identity_index import Identity, NameMatch
from kk_intake.importer.checking import RowError, born_on


@dataclass(frozen=True)
class Job:
    """One row for a worker: its file's id and the files it likely duplicates are chosen
    beforehand, so workers need nothing from each other."""

    number: int
    values: dict[str, str]
    beneficiary_id: UUID
    amka_hash: str
    candidates: tuple[UUID, ...]
    names_hash: str | None  # set when this file is the first with its names: the worker
    # starts the name match, as nobody else in the file shares it


@dataclass
class Plan:
    jobs: list[Job]
    matches: list[NameMatch]  # name matches joined by new files, to seal here
    skipped_rows: list[int]  # already on file at this centre
    errors: list[RowError]


def plan(
    app: IntakeApplication,
    pool: ConnectionPool[Any],
    raw: list[tuple[int, dict[str, str]]],
    centre_id: str,
) -> Plan:
    out = Plan([], [], [], [])
    first_row_of: dict[str, int] = {}
    candidates = []
    for number, values in raw:
        amka = values.get("amka", "").strip()
        earlier = first_row_of.setdefault(amka, number)
        if amka and earlier != number:
            out.errors.append(
                RowError(
                    number,
                    "amka",
                    f"the same AMKA as row {earlier}",
                    f"Ο ίδιος ΑΜΚΑ με τη γραμμή {earlier}.",
                )
            )
            continue
        candidates.append((number, values, app.pseudonyms.keyed_hash(amka)))
    existing = existing_ids(app, pool, [Identity.id_for(h) for _, _, h in candidates])
    planned = []
    for number, values, amka_hash in candidates:
        identity_id = Identity.id_for(amka_hash)
        if identity_id not in existing:
            planned.append((number, values, amka_hash))
        elif (error := _on_file(app, identity_id, number, values, centre_id)) is not None:
            out.errors.append(error)
        else:
            out.skipped_rows.append(number)
    out.jobs, out.matches = _match_names(app, pool, planned)
    return out


def _on_file(
    app: IntakeApplication, identity_id: UUID, number: int, values: dict[str, str], centre: str
) -> RowError | None:
    """A person already on file: skipped (None) if at this centre under the same names and
    birth date, else an error saying why (a mistyped AMKA can be someone else's)."""
    identity: Identity = app.repository.get(identity_id)
    owner: Beneficiary | None
    try:
        owner = app.repository.get(identity.beneficiary_id)
    except SubjectErasedError:
        owner = None
    if owner is None or owner.erased:
        return RowError(
            number,
            "amka",
            "this person's file was erased: leave the row out",
            "Ο φάκελος αυτού του προσώπου διαγράφηκε: αφαιρέστε τη γραμμή.",
        )
    if not _same_person(owner, values):
        return RowError(
            number,
            "amka",
            "this AMKA is on file for someone with other names or birth date: check the AMKA",
            "Ο ΑΜΚΑ είναι στο αρχείο για άλλο πρόσωπο (άλλα ονόματα ή γέννηση): ελέγξτε τον.",
        )
    if owner.centre_id != centre:
        return RowError(
            number,
            "amka",
            f"this AMKA has a file at {owner.centre_id}: register the person at the centre "
            "to transfer it, or leave the row out",
            f"Ο ΑΜΚΑ έχει φάκελο στο {owner.centre_id}: καταχωρίστε το πρόσωπο στο κέντρο "
            "για μεταφορά, ή αφαιρέστε τη γραμμή.",
        )
    return None


def _match_names(
    app: IntakeApplication,
    pool: ConnectionPool[Any],
    planned: list[tuple[int, dict[str, str], str]],
) -> tuple[list[Job], list[NameMatch]]:
    names: dict[int, str] = {}
    for number, values, _ in planned:
        born = born_on(values)
        if born is not None:  # (else the worker reports it)
            names[number] = app.names_hash(
                values.get("given_name", ""), values.get("family_name", ""), born
            )
    found = existing_ids(app, pool, [NameMatch.id_for(h) for h in names.values()])
    matches: dict[UUID, NameMatch] = {m: app.repository.get(m) for m in found}
    in_file = Counter(names.values())
    jobs = []
    for number, values, amka_hash in planned:
        beneficiary_id, likely, first = Beneficiary.new_id(), list[UUID](), None
        names_hash = names.get(number)
        if names_hash is not None:
            match_id = NameMatch.id_for(names_hash)
            if match_id in matches:
                likely = matches[match_id].join(beneficiary_id)
            elif in_file[names_hash] == 1:
                first = names_hash  # the common case: nobody shares the names
            else:
                matches[match_id] = NameMatch.start(
                    keyed_hash=names_hash, beneficiary_id=beneficiary_id
                )
        jobs.append(Job(number, values, beneficiary_id, amka_hash, tuple(likely), first))
    return jobs, list(matches.values())


def existing_ids(app: IntakeApplication, pool: ConnectionPool[Any], ids: list[UUID]) -> set[UUID]:
    """Which of these aggregates exist, in one query."""
    recorder: Any = app.recorder
    table = f"{recorder.datastore.schema}.{recorder.events_table_name}"
    with pool.connection() as conn:
        found = conn.execute(
            f"SELECT originator_id FROM {table} "  # our own table's name
            "WHERE originator_id = ANY(%s) AND originator_version = 1",
            (ids,),
        ).fetchall()
    return {row["originator_id"] for row in found}


def _same_person(owner: Beneficiary, values: dict[str, str]) -> bool:
    born = born_on(values)
    if born is None:
        return False
    row = match_key(values.get("given_name", ""), values.get("family_name", ""), born)
    return row == match_key(owner.given_name, owner.family_name, owner.birth_date)
