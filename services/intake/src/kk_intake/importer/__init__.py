"""Bulk import of a centre's legacy individual files from CSV.

All or nothing: every row is checked first; if any row is wrong, nothing is imported and
the per-row error report says what to fix (row, column, problem in Greek and English).
Idempotent: a person whose AMKA already has a file at this centre is skipped, so running
the same file again imports nothing twice. Each row is checked by the API's registration
model and its file opened by the registration's own step (``sealing``), with the same
events, per-person keys and likely duplicates; everything is written in one transaction
with COPY (``writing``), and the relay publishes it like any other registration.

The steps, each a module: ``reading`` the file, ``planning`` who is new, ``checking`` and
``sealing`` each row in worker processes, ``writing``; ``__main__`` is the command line.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from servicekit.shredding import SubjectKeyMapper
from servicekit.subject_keys import PostgresSubjectKeys

from kk_intake.application import IntakeApplication
from kk_intake.domain.privacy import subject_of
from kk_intake.importer.checking import RowError
from kk_intake.importer.planning import plan
from kk_intake.importer.reading import ImportFileError, read_rows
from kk_intake.importer.sealing import Work, seal_all
from kk_intake.importer.writing import ImportConflictError, write

__all__ = ["ImportConflictError", "ImportFileError", "ImportReport", "Importer", "RowError"]
Progress = Callable[[str, int, int], None]


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


class Importer:
    """Imports one CSV file of legacy individual files into one centre."""

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
        self.workers = workers or os.cpu_count() or 1

    def run(
        self, path: Path, *, centre_id: str, imported_by: str, dry_run: bool = False
    ) -> ImportReport:
        if not self.app.centres.exists(centre_id):
            raise ImportFileError(f"no open centre {centre_id!r} is registered")
        header, rows, digest = read_rows(path)
        report, raw = ImportReport(), []
        for number, values in rows:
            report.rows += 1
            if any(v for h, v in itertools.zip_longest(header, values) if not h):
                # cells beyond the header, or under a column without a name
                report.errors.append(
                    RowError(
                        number,
                        "(row)",
                        f"{len(values)} cells for {len(header)} columns: a value holding the "
                        "separator must be put in double quotes",
                        f"{len(values)} κελιά για {len(header)} στήλες: μια τιμή που περιέχει "
                        "το διαχωριστικό μπαίνει σε διπλά εισαγωγικά",
                    )
                )
                continue
            raw.append((number, dict(zip(header, values, strict=False))))
        planned = plan(self.app, self.keys.pool, raw, centre_id)
        report.new, report.errors = len(planned.jobs), report.errors + planned.errors
        report.skipped, report.skipped_rows = len(planned.skipped_rows), planned.skipped_rows
        staged = self.keys.stager()
        mapper = self.app.mapper
        inner = mapper.inner if isinstance(mapper, SubjectKeyMapper) else mapper
        work = Work(
            SubjectKeyMapper(inner, staged, subject_of),
            staged,
            centre_id,
            self.app.today(),
            f"import-{digest[:16]}",
            planned.jobs,
        )
        sealed = seal_all(
            work,
            planned.matches,
            self.workers,
            lambda done, total: self.progress(
                "  έλεγχος, κρυπτογράφηση / checking, sealing", done, total
            ),
        )
        report.errors = sorted(report.errors + sealed.errors, key=lambda e: e.row)
        if report.errors or dry_run:
            return report
        report.events = write(
            self.keys.pool,
            self.app.recorder,
            sealed,
            {
                "centre_id": centre_id,
                "file_sha256": digest,
                "imported_by": imported_by,
                "rows": report.rows,
                "imported": len(planned.jobs),
                "skipped": report.skipped,
            },
            lambda done: self.progress("  εγγραφή / writing", done, sealed.events),
        )
        report.imported = len(planned.jobs)
        return report
