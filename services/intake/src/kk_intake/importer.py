"""Bulk import of a centre's legacy individual files from CSV.

All or nothing: every row is checked first; if any row is wrong, nothing is imported and
the per-row error report says what to fix (row, column, rule). Idempotent: a person whose
AMKA already has a file at this centre is skipped, so running the same file again imports
nothing twice. The files are opened exactly as a registration opens them (same checks,
same events, same per-person keys, likely duplicates flagged), and written in one
transaction with COPY; the relay then publishes them like any other registration.
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import psycopg.errors
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Mapper, StoredEvent
from kk_contracts.codes import ConsentPurpose, LegalBasis, Sex, VulnerableGroup
from kk_contracts.reference import municipality_codes
from servicekit import correlation
from servicekit.eventstore import bulk_append, copy_rows
from servicekit.progress import bar
from servicekit.shredding import (
    PostgresSubjectKeys,
    StagedSubjectKeys,
    SubjectErasedError,
    SubjectKeyMapper,
)

from kk_intake.application import IntakeApplication
from kk_intake.bootstrap import bootstrap
from kk_intake.domain.beneficiary import Beneficiary, Consent, Contact, PersonDetails
from kk_intake.domain.exceptions import IntakeError
from kk_intake.domain.identity import EMAIL, NAME_MAX, PHONE, match_key
from kk_intake.domain.identity_index import Identity, NameMatch
from kk_intake.privacy import subject_of

REQUIRED = (
    "amka",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "municipality_code",
    "legal_basis",
    "consent_purposes",
)
OPTIONAL = (
    "afm",
    "citizenship",
    "languages",
    "phone",
    "email",
    "address",
    "vulnerable_groups",
    "disability_percent",
    "mgi_recipient",
    "registered_on",
)
LIST_SEPARATOR = "|"
Progress = Callable[[str, int, int], None]
T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header): nothing was imported."""


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    new: int = 0  # people not yet on file: imported, or would be by a dry run
    imported: int = 0
    skipped: int = 0  # already on file at this centre
    skipped_rows: list[int] = field(default_factory=list)
    events: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    person: PersonDetails
    legal_basis: str
    purposes: list[str]
    registered_on: date


class _RowProblems(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]], str]:
    """The header, the rows (numbered as in a spreadsheet) and the file's SHA-256.
    Comma or semicolon separated (Greek spreadsheets save with semicolons); UTF-8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFileError(
            f"{path.name} is not UTF-8 (byte {e.start}): save it as 'CSV UTF-8' and retry"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # newline="" keeps line breaks inside quoted cells (an address on two lines)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c and c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(f"missing columns: {', '.join(missing)}")
        if unknown:
            problems.append(f"unknown columns: {', '.join(unknown)}")
        raise ImportFileError(
            f"{'; '.join(problems)}. The columns are {', '.join(REQUIRED)} (required) and "
            f"{', '.join(OPTIONAL)} (optional)"
        )
    rows = ((number, row) for number, row in enumerate(reader, start=2) if any(row))
    return header, rows, hashlib.sha256(data).hexdigest()


def _parse_date(text: str) -> date:
    """ISO (2026-11-22) or as Greek spreadsheets write it (22/11/2026)."""
    if "/" in text:
        day, month, year = text.split("/")  # ValueError unless exactly three parts
        if len(year) != 4:
            raise ValueError(text)
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)


def _parse_row(number: int, values: dict[str, str], today: date) -> _Row:
    errors: list[RowError] = []

    def cell(column: str) -> str | None:
        value = values.get(column, "").strip()
        if not value and column in REQUIRED:
            errors.append(RowError(number, column, "required"))
        return value or None

    def required(column: str) -> str:
        return cell(column) or ""

    def parsed(column: str, parse: Callable[[str], T], rule: str) -> T | None:
        value = cell(column)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError:  # (the value is not repeated: reports end up in e-mails)
            errors.append(RowError(number, column, f"not {rule}"))
            return None

    def coded(column: str, codes: type[E]) -> list[E]:
        value = cell(column)
        if value is None:
            return []
        found = []
        for item in value.split(LIST_SEPARATOR):
            if not item.strip():
                continue
            try:
                found.append(codes(item.strip()))
            except ValueError:
                allowed = ", ".join(c.value for c in codes)
                errors.append(RowError(number, column, f"unknown code {item!r} (codes: {allowed})"))
        return found

    amka, afm = required("amka"), cell("afm")
    given_name, family_name = required("given_name"), required("family_name")
    municipality = required("municipality_code")
    birth_date = parsed("birth_date", _parse_date, "a date: write 1980-01-31 or 31/01/1980")
    registered_on = parsed("registered_on", _parse_date, "a date: write 2019-05-31 or 31/05/2019")
    sexes = coded("sex", Sex)
    bases = coded("legal_basis", LegalBasis)
    purposes = coded("consent_purposes", ConsentPurpose)
    groups = coded("vulnerable_groups", VulnerableGroup)
    percent = parsed("disability_percent", int, "a whole number from 1 to 100")
    mgi = parsed("mgi_recipient", _parse_bool, "yes or no (ναι / όχι)")
    citizenship = parsed("citizenship", _country, "a two-letter country code, e.g. GR")
    languages = parsed("languages", _languages, "two-letter language codes joined by |")
    if municipality and municipality not in municipality_codes():
        # (the registration checks it too; here so that one pass reports every problem)
        errors.append(RowError(number, "municipality_code", f"no municipality {municipality!r}"))
    if registered_on and registered_on > today:
        errors.append(RowError(number, "registered_on", "is in the future"))
    for column, found in (("sex", sexes), ("legal_basis", bases), ("consent_purposes", purposes)):
        if not found and not any(e.column == column for e in errors):
            errors.append(RowError(number, column, "required"))
    for column, found in (("sex", sexes), ("legal_basis", bases)):
        if len(found) > 1:
            errors.append(RowError(number, column, "one code only"))
    for column in ("given_name", "family_name"):
        if len(values.get(column, "").strip()) > NAME_MAX:
            errors.append(RowError(number, column, f"longer than {NAME_MAX} characters"))
    for column, pattern, rule in (
        ("phone", PHONE, "a phone number of 10 to 16 digits, e.g. +30 2101234567"),
        ("email", EMAIL, "an e-mail address such as name@example.gr"),
    ):
        value = values.get(column, "").strip()
        if value and not pattern.fullmatch(value):
            errors.append(RowError(number, column, rule))
    if registered_on and birth_date and registered_on < birth_date:
        errors.append(RowError(number, "registered_on", "is before the birth date"))
    if errors or birth_date is None:
        raise _RowProblems(errors)
    person = PersonDetails(
        amka=amka,
        given_name=given_name,
        family_name=family_name,
        birth_date=birth_date,
        sex=sexes[0],
        municipality_code=municipality,
        vulnerable_groups=tuple(groups),
        mgi_recipient=bool(mgi),
        afm=afm,
        citizenship=citizenship,
        languages=tuple(languages or ()),
        contact=Contact(phone=cell("phone"), email=cell("email"), address=cell("address")),
        disability_percent=percent,
    )
    return _Row(number, person, bases[0].value, [p.value for p in purposes], registered_on or today)


def _parse_bool(text: str) -> bool:
    answers = {"yes": True, "true": True, "1": True, "ναι": True}
    answers |= {"no": False, "false": False, "0": False, "όχι": False, "οχι": False}
    try:
        return answers[text.casefold()]
    except KeyError:
        raise ValueError(text) from None


def _country(text: str) -> str:
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise ValueError(text)
    return text.upper()


def _languages(text: str) -> tuple[str, ...]:
    codes = tuple(c.strip().lower() for c in text.split(LIST_SEPARATOR) if c.strip())
    if not all(len(c) == 2 and c.isascii() and c.isalpha() for c in codes):
        raise ValueError(text)
    return codes


@dataclass(frozen=True)
class _Job:
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
class _Sealed:
    """A chunk's events, encoded for COPY, with the new keys and the rows' problems."""

    chunks: list[tuple[int, bytes]] = field(default_factory=list)
    keys: list[tuple[UUID, bytes]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def events(self) -> int:
        return sum(count for count, _ in self.chunks)


@dataclass(frozen=True)
class _Work:
    mapper: Mapper[Any]  # seals with staged keys only: workers never touch the database
    keys: StagedSubjectKeys
    centre_id: str
    today: date
    correlation_id: str
    jobs: list[_Job]


# What worker processes work on: set in the parent just before they are forked (so the
# rows are not sent to them; only which slice to take is).
_WORK: _Work | None = None


def _open_and_seal(start: int, stop: int) -> _Sealed:
    """Checks each row as a registration would, opens the file (with its consent, likely
    duplicates and AMKA index entry) and seals the events, each person's with a new key of
    their own. Pure computation: it runs in worker processes."""
    work = _WORK
    if work is None:  # pragma: no cover - set before the workers start
        raise RuntimeError("no import is running")
    out = _Sealed()
    gc.disable()  # short-lived objects only: collecting mid-chunk costs time, frees nothing
    try:
        _open_and_seal_rows(work, start, stop, out)
    finally:
        gc.enable()
    return out


def _open_and_seal_rows(work: _Work, start: int, stop: int, out: _Sealed) -> None:
    mapper, stored = work.mapper, list[StoredEvent]()
    with correlation.bound(work.correlation_id):
        for job in work.jobs[start:stop]:
            try:
                row = _parse_row(job.number, job.values, work.today)
                beneficiary = Beneficiary.register(
                    centre_id=work.centre_id,
                    person=row.person,
                    today=row.registered_on,
                    beneficiary_id=job.beneficiary_id,
                )
                beneficiary.record_consent(
                    Consent(row.legal_basis, row.purposes), on=row.registered_on
                )
            except _RowProblems as problems:
                out.errors.extend(problems.errors)
                continue
            except IntakeError as e:
                out.errors.append(RowError(job.number, e.field or "(row)", str(e)))
                continue
            beneficiary.flag_likely_duplicates(list(job.candidates))
            opened: list[Aggregate] = [
                beneficiary,
                Identity.claim(keyed_hash=job.amka_hash, beneficiary_id=beneficiary.id),
            ]
            if job.names_hash:
                opened.append(
                    NameMatch.start(keyed_hash=job.names_hash, beneficiary_id=job.beneficiary_id)
                )
            work.keys.stage(beneficiary.id)
            stored += [mapper.to_stored_event(e) for a in opened for e in a.collect_events()]
    out.chunks.append((len(stored), copy_rows(stored)))
    out.keys += work.keys.wrapped
    work.keys.wrapped.clear()


def _open_and_seal_slice(bounds: tuple[int, int]) -> _Sealed:
    return _open_and_seal(*bounds)


class Importer:
    """Imports one CSV file of legacy individual files into one centre.

    The rows are checked, opened and sealed in worker processes (one per core), chunk by
    chunk; this process matches identities and names, and writes everything at the end in
    one transaction."""

    CHUNK = 250  # small, so that no worker idles long while the other finishes

    def __init__(
        self,
        app: IntakeApplication,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> None:
        if not isinstance(app.keys, PostgresSubjectKeys):
            raise ImportFileError("an import writes to the intake service's PostgreSQL")
        self.app = app
        self.keys = app.keys
        self.progress = progress or (lambda _label, _done, _total: None)
        self.pool = app.keys.pool
        self.workers = workers or os.cpu_count() or 1

    def run(
        self, path: Path, *, centre_id: str, imported_by: str, dry_run: bool = False
    ) -> ImportReport:
        if not self.app.centres.exists(centre_id):
            raise ImportFileError(f"no open centre {centre_id!r} is registered")
        header, raw_rows, digest = read_rows(path)
        report, raw = ImportReport(), []
        for number, values in raw_rows:
            report.rows += 1
            stray = [v for h, v in itertools.zip_longest(header, values) if not h and v]
            if stray:  # cells beyond the header, or under a column without a name
                report.errors.append(
                    RowError(
                        number,
                        "(row)",
                        f"{len(values)} cells for {len(header)} columns: a value holding the "
                        "separator must be put in double quotes",
                    )
                )
                continue
            raw.append((number, dict(zip(header, values, strict=False))))
        jobs, matches = self._plan(raw, centre_id, report)
        report.new = len(jobs)
        sealed = self._open_and_seal(jobs, matches, centre_id, f"import-{digest[:16]}")
        report.errors += sealed.errors
        report.errors.sort(key=lambda e: e.row)
        if not report.errors and not dry_run:
            self._write(sealed, len(jobs), centre_id, imported_by, digest, report)
        return report

    def _plan(
        self, raw: list[tuple[int, dict[str, str]]], centre_id: str, report: ImportReport
    ) -> tuple[list[_Job], list[NameMatch]]:
        """Which rows are new people (one at this centre already is skipped; one at
        another centre, or twice in the file, is an error), their ids, and who each one
        likely duplicates (same names and birth date, earlier in the file or on file)."""
        pseudonyms, first_row_of = self.app.pseudonyms, dict[str, int]()
        candidates = []
        for number, values in raw:
            amka = values.get("amka", "").strip()
            earlier = first_row_of.setdefault(amka, number)
            if amka and earlier != number:
                report.errors.append(RowError(number, "amka", f"the same AMKA as row {earlier}"))
                continue
            candidates.append((number, values, pseudonyms.keyed_hash(amka)))
        existing = self._existing([Identity.id_for(h) for _, _, h in candidates])
        planned = []
        for number, values, amka_hash in candidates:
            identity_id = Identity.id_for(amka_hash)
            if identity_id in existing:
                self._on_file(identity_id, number, values, centre_id, report)
            else:
                planned.append((number, values, amka_hash))
        return self._match_names(planned)

    def _on_file(
        self,
        identity_id: UUID,
        number: int,
        values: dict[str, str],
        centre_id: str,
        report: ImportReport,
    ) -> None:
        """A person already on file: skipped if at this centre under the same names and
        birth date, else an error saying why (a mistyped AMKA can be someone else's)."""
        identity: Identity = self.app.repository.get(identity_id)
        owner: Beneficiary | None
        try:
            owner = self.app.repository.get(identity.beneficiary_id)
        except SubjectErasedError:
            owner = None
        if owner is None or owner.erased:
            report.errors.append(
                RowError(number, "amka", "this person's file was erased: leave the row out")
            )
        elif not _same_person(owner, values):
            report.errors.append(
                RowError(
                    number,
                    "amka",
                    "this AMKA is on file for someone with other names or birth date: check "
                    "the AMKA",
                )
            )
        elif owner.centre_id == centre_id:
            report.skipped += 1
            report.skipped_rows.append(number)
        else:
            report.errors.append(
                RowError(
                    number,
                    "amka",
                    f"this AMKA has a file at {owner.centre_id}: register the person at the "
                    "centre to transfer it, or leave the row out",
                )
            )

    def _match_names(
        self, planned: list[tuple[int, dict[str, str], str]]
    ) -> tuple[list[_Job], list[NameMatch]]:
        names = dict[int, str]()
        for number, values, _ in planned:
            try:
                born = _parse_date(values.get("birth_date", "").strip())
            except ValueError:
                continue  # the worker reports it
            names[number] = self.app.names_hash(
                values.get("given_name", ""), values.get("family_name", ""), born
            )
        existing = self._existing([NameMatch.id_for(h) for h in names.values()])
        matches: dict[UUID, NameMatch] = {m: self.app.repository.get(m) for m in existing}
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
            jobs.append(_Job(number, values, beneficiary_id, amka_hash, tuple(likely), first))
        return jobs, list(matches.values())

    def _existing(self, ids: list[UUID]) -> set[UUID]:
        """Which of these aggregates exist, in one query."""
        recorder: Any = self.app.recorder
        table = f"{recorder.datastore.schema}.{recorder.events_table_name}"
        with self.pool.connection() as conn:
            found = conn.execute(
                f"SELECT originator_id FROM {table} "  # our own table's name
                "WHERE originator_id = ANY(%s) AND originator_version = 1",
                (ids,),
            ).fetchall()
        return {row["originator_id"] for row in found}

    def _open_and_seal(
        self, jobs: list[_Job], matches: list[NameMatch], centre_id: str, correlation_id: str
    ) -> _Sealed:
        """The rows in chunks, on worker processes when there are enough of them; meanwhile
        this process seals the name matches."""
        global _WORK
        staged = self.keys.stager()
        mapper = self.app.mapper
        inner = mapper.inner if isinstance(mapper, SubjectKeyMapper) else mapper
        _WORK = _Work(
            SubjectKeyMapper(inner, staged, subject_of),
            staged,
            centre_id,
            self.app.today(),
            correlation_id,
            jobs,
        )
        bounds = [(i, min(i + self.CHUNK, len(jobs))) for i in range(0, len(jobs), self.CHUNK)]
        sealed = _Sealed()
        try:
            if self.workers > 1 and len(bounds) > 1:
                gc.freeze()  # the workers share the parent's objects instead of copying them
                with multiprocessing.get_context("fork").Pool(self.workers) as workers:
                    results = workers.imap(_open_and_seal_slice, bounds)
                    sealed.chunks.append(self._seal_matches(matches, correlation_id))
                    for (_, stop), result in zip(bounds, results, strict=True):
                        self._gather(sealed, result, stop, len(jobs))
            else:
                sealed.chunks.append(self._seal_matches(matches, correlation_id))
                for start, stop in bounds:
                    self._gather(sealed, _open_and_seal(start, stop), stop, len(jobs))
        finally:
            _WORK = None
            gc.unfreeze()
        return sealed

    def _seal_matches(self, matches: list[NameMatch], correlation_id: str) -> tuple[int, bytes]:
        with correlation.bound(correlation_id):
            stored = [
                self.app.mapper.to_stored_event(e) for m in matches for e in m.collect_events()
            ]
        return len(stored), copy_rows(stored)

    def _gather(self, sealed: _Sealed, result: _Sealed, done: int, total: int) -> None:
        sealed.chunks += result.chunks
        sealed.keys += result.keys
        sealed.errors += result.errors
        self.progress("  έλεγχος, κρυπτογράφηση / checking, sealing", done, total)

    def _write(
        self,
        sealed: _Sealed,
        imported: int,
        centre_id: str,
        imported_by: str,
        digest: str,
        report: ImportReport,
    ) -> None:
        """One transaction: the keys, the events and the record of the import."""

        def written(done: int) -> None:
            self.progress("  εγγραφή / writing", done, sealed.events)

        try:
            with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
                PostgresSubjectKeys.write_staged(cur, sealed.keys)
                events = bulk_append(
                    cur,
                    self.app.recorder,  # type: ignore[arg-type]
                    sealed.chunks,
                    progress=written,
                )
                cur.execute(
                    "INSERT INTO imports (centre_id, file_sha256, imported_by, rows, imported, "
                    "skipped, events) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (centre_id, digest, imported_by, report.rows, imported, report.skipped, events),
                )
        except psycopg.errors.LockNotAvailable as e:
            raise ImportFileError(
                "the event store stayed busy for 30 s; nothing was imported: try again"
            ) from e
        except Exception as e:
            if _is_conflict(e):
                raise ImportConflictError(
                    "someone registered one of these people while the import ran; nothing "
                    "was imported: run it again (it skips whoever is already on file)"
                ) from e
            raise
        report.imported, report.events = imported, events


def _same_person(owner: Beneficiary, values: dict[str, str]) -> bool:
    try:
        born = _parse_date(values.get("birth_date", "").strip())
    except ValueError:
        return False
    row = match_key(values.get("given_name", ""), values.get("family_name", ""), born)
    return row == match_key(owner.given_name, owner.family_name, owner.birth_date)


class ImportConflictError(ImportFileError):
    pass


def _is_conflict(error: Exception) -> bool:
    return isinstance(error, IntegrityError | psycopg.errors.UniqueViolation)


def write_error_report(path: Path, errors: list[RowError]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["row", "column", "problem"])
        writer.writerows((e.row, e.column, e.message) for e in errors)


def summary(report: ImportReport) -> dict[str, Any]:
    return {
        "rows": report.rows,
        "new": report.new,
        "imported": report.imported,
        "skipped_already_on_file": report.skipped,
        "events": report.events,
        "errors": len(report.errors),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kk_intake.importer",
        description="Εισαγωγή ατομικών φακέλων από CSV / Import legacy individual files (CSV)",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--centre", required=True, help="the centre, e.g. KK-6101")
    parser.add_argument("--by", required=True, help="who imports (kept with the import)")
    parser.add_argument("--dry-run", action="store_true", help="check only, import nothing")
    parser.add_argument(
        "--report", type=Path, help="where the per-row error report goes (default: FILE.errors.csv)"
    )
    args = parser.parse_args(argv)
    service = bootstrap()
    try:
        importer = Importer(service.app, progress=bar)
        report = importer.run(
            args.file, centre_id=args.centre, imported_by=args.by, dry_run=args.dry_run
        )
    except ImportFileError as e:
        print(f"η εισαγωγή απέτυχε / import failed: {e}", file=sys.stderr)
        return 2
    finally:
        service.close()
    print(json.dumps(summary(report)))
    if report.errors:
        out = args.report or args.file.with_name(args.file.name + ".errors.csv")
        write_error_report(out, report.errors)
        print(
            f"{len(report.errors)} σφάλματα, δεν εισήχθη τίποτα / {len(report.errors)} errors, "
            f"nothing was imported: see {out}",
            file=sys.stderr,
        )
        for error in report.errors[:10]:
            print(f"  row {error.row}, {error.column}: {error.message}", file=sys.stderr)
        return 1
    verb = "θα εισαχθούν / would import" if args.dry_run else "εισήχθησαν / imported"
    print(
        f"{verb}: {report.new}, ήδη στο αρχείο / already on file: {report.skipped}", file=sys.stderr
    )
    if report.skipped_rows:
        rows = ", ".join(str(n) for n in report.skipped_rows[:30])
        more = " …" if len(report.skipped_rows) > 30 else ""
        print(f"  γραμμές ήδη στο αρχείο / rows already on file: {rows}{more}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
