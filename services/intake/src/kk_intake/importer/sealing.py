"""Opening and sealing the files of an import, chunk by chunk, in worker processes (one per
core): each row checked by the API's model (``checking``), its file opened by the same step
as a registration (``Beneficiary.open``), with its AMKA's index entry, likely duplicates and
name match, and its events encrypted with a new key of the person's own, encoded for COPY.
Pure computation: the workers never touch the database (the keys are staged, and written
with the events)."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Mapper, StoredEvent
from servicekit import correlation
from servicekit.eventstore import copy_rows
from servicekit.subject_keys import StagedSubjectKeys

from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.exceptions import IntakeError
from kk_intake.domain.identity_index import Identity, NameMatch
from kk_intake.importer.checking import RowError, RowProblems, check_row
from kk_intake.importer.planning import Job

CHUNK = 250  # rows a worker takes at a time: small, so that no worker idles long at the end


@dataclass
class Sealed:
    """Events encoded for COPY (with how many in each chunk), the new keys, the problems."""

    chunks: list[tuple[int, bytes]] = field(default_factory=list)
    keys: list[tuple[UUID, bytes]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def events(self) -> int:
        return sum(count for count, _ in self.chunks)

    def add(self, other: Sealed) -> None:
        self.chunks += other.chunks
        self.keys += other.keys
        self.errors += other.errors


@dataclass(frozen=True)
class Work:
    mapper: Mapper[Any]  # seals with staged keys only
    keys: StagedSubjectKeys
    centre_id: str
    today: date
    correlation_id: str
    jobs: list[Job]


# What worker processes work on: set in the parent just before they are forked (so the
# rows are not sent to them; only which slice to take is).
_WORK: Work | None = None


def seal_all(
    work: Work,
    matches: list[NameMatch],
    workers: int,
    progress: Callable[[int, int], None],
) -> Sealed:
    """Every job opened and sealed, on worker processes when there are enough of them;
    meanwhile this process seals the name matches the jobs joined."""
    global _WORK
    total = len(work.jobs)
    bounds = [(i, min(i + CHUNK, total)) for i in range(0, total, CHUNK)]
    sealed = Sealed()
    _WORK = work
    try:
        if workers > 1 and len(bounds) > 1:
            gc.freeze()  # the workers share the parent's objects instead of copying them
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                results = pool.imap(_seal_slice, bounds)
                sealed.chunks.append(_seal_matches(work, matches))
                for (_, stop), result in zip(bounds, results, strict=True):
                    sealed.add(result)
                    progress(stop, total)
        else:
            sealed.chunks.append(_seal_matches(work, matches))
            for start, stop in bounds:
                sealed.add(_seal_slice((start, stop)))
                progress(stop, total)
    finally:
        _WORK = None
        gc.unfreeze()
    return sealed


def _seal_matches(work: Work, matches: list[NameMatch]) -> tuple[int, bytes]:
    with correlation.bound(work.correlation_id):
        stored = [work.mapper.to_stored_event(e) for m in matches for e in m.collect_events()]
    return len(stored), copy_rows(stored)


def _seal_slice(bounds: tuple[int, int]) -> Sealed:
    work = _WORK
    if work is None:  # pragma: no cover - set before the workers start
        raise RuntimeError("no import is running")
    out = Sealed()
    gc.disable()  # short-lived objects only: collecting mid-chunk costs time, frees nothing
    try:
        _seal_rows(work, *bounds, out)
    finally:
        gc.enable()
    return out


def _seal_rows(work: Work, start: int, stop: int, out: Sealed) -> None:
    stored: list[StoredEvent] = []
    with correlation.bound(work.correlation_id):
        for job in work.jobs[start:stop]:
            opened = _open(work, job, out.errors)
            if opened is None:
                continue
            work.keys.stage(job.beneficiary_id)
            stored += [work.mapper.to_stored_event(e) for a in opened for e in a.collect_events()]
    out.chunks.append((len(stored), copy_rows(stored)))
    out.keys += work.keys.wrapped
    work.keys.wrapped.clear()


def _open(work: Work, job: Job, errors: list[RowError]) -> list[Aggregate] | None:
    """The row's file, its AMKA's index entry and (if it is the first with its names) its
    name match; None, with the row's problems in ``errors``, if the row is wrong."""
    try:
        row = check_row(job.number, job.values, work.centre_id, work.today)
        registration = row.registration
        beneficiary = Beneficiary.open(
            centre_id=work.centre_id,
            person=registration.person(),
            consent=registration.consent.consent(),
            on=row.registered_on,
            beneficiary_id=job.beneficiary_id,
        )
    except RowProblems as problems:
        errors.extend(problems.errors)
        return None
    except IntakeError as e:
        column = (e.field or "(row)").split(".")[-1]
        errors.append(RowError(job.number, column, str(e), e.message_el or str(e)))
        return None
    beneficiary.flag_likely_duplicates(list(job.candidates))
    opened: list[Aggregate] = [
        beneficiary,
        Identity.claim(keyed_hash=job.amka_hash, beneficiary_id=beneficiary.id),
    ]
    if job.names_hash:
        opened.append(NameMatch.start(keyed_hash=job.names_hash, beneficiary_id=beneficiary.id))
    return opened
