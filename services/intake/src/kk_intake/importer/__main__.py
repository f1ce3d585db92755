"""``make import``: a CSV file of legacy individual files imported into a centre, with
progress, a summary as JSON on stdout, and the per-row error report beside the file."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from servicekit.progress import bar

from kk_intake.bootstrap import bootstrap
from kk_intake.importer import Importer, ImportFileError, ImportReport, RowError


def write_error_report(path: Path, errors: list[RowError]) -> None:
    """The problems, a row each: the row and column as the spreadsheet shows them, then
    what is wrong in Greek and in English."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["row", "column", "πρόβλημα", "problem"])
        writer.writerows((e.row, e.column, e.message_el, e.message) for e in errors)


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
            print(
                f"  γραμμή / row {error.row}, {error.column}: {error.message_el} / {error.message}",
                file=sys.stderr,
            )
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
