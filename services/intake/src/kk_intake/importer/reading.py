"""Reading a legacy CSV export: the header checked, the rows numbered as a spreadsheet
numbers them, and the file's SHA-256 (kept with the import)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

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


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header): nothing was imported."""


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
