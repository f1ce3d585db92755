"""Checking a row of a legacy export by the API's own registration model: the row's cells
are turned into what ``POST /beneficiaries`` takes (a spreadsheet's ways of writing dates,
yes and no, and lists read as such), then validated by ``RegisterBeneficiary``, each
problem named by the row's column, in Greek and in English, as the API names it by field.

What only an import has, the legacy registration date, is checked here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from servicekit.greek import problem_in_greek

from kk_intake.entrypoints.api.schemas import RegisterBeneficiary

LIST_SEPARATOR = "|"
_YES = {"yes", "true", "1", "ναι"}
_NO = {"no", "false", "0", "όχι", "οχι"}
# The model's fields that are not the row's columns of the same name.
_COLUMN_OF = {
    ("consent", "legal_basis"): "legal_basis",
    ("consent", "purposes"): "consent_purposes",
    ("consent",): "consent_purposes",
}


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str
    message_el: str


class RowProblems(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class CheckedRow:
    number: int
    registration: RegisterBeneficiary
    registered_on: date  # the legacy file's date, or the import's


def check_row(number: int, values: dict[str, str], centre_id: str, today: date) -> CheckedRow:
    """The row as a registration, or ``RowProblems`` naming every problem by its column."""
    cells = {column: value.strip() for column, value in values.items() if value.strip()}
    errors: list[RowError] = []
    registration = None
    try:
        registration = RegisterBeneficiary.model_validate(_as_registration(cells, centre_id))
    except ValidationError as invalid:
        errors += _named(number, invalid)
    registered_on = today
    if "registered_on" in cells:
        try:
            registered_on = _date(cells["registered_on"])
        except ValueError:
            errors.append(
                RowError(
                    number,
                    "registered_on",
                    "not a date: write 2019-05-31 or 31/05/2019",
                    "Μη έγκυρη ημερομηνία: γράψτε 2019-05-31 ή 31/05/2019.",
                )
            )
        else:
            errors += _registered_on(number, registered_on, born_on(values), today)
    if errors or registration is None:
        raise RowProblems(errors)
    return CheckedRow(number, registration, registered_on)


def _as_registration(cells: dict[str, str], centre_id: str) -> dict[str, Any]:
    """The cells as the API's body: dates as spreadsheets write them made ISO, yes and no
    (in Greek too) made booleans, lists split on ``|``; what the row leaves empty, left
    out."""
    body: dict[str, Any] = {"centre_id": centre_id}
    for column in ("amka", "afm", "given_name", "family_name", "sex", "municipality_code"):
        if column in cells:
            body[column] = cells[column]
    if "birth_date" in cells:
        body["birth_date"] = _iso(cells["birth_date"])
    if "citizenship" in cells:
        body["citizenship"] = cells["citizenship"].upper()
    if "languages" in cells:
        body["languages"] = [c.lower() for c in _listed(cells["languages"])]
    if "vulnerable_groups" in cells:
        body["vulnerable_groups"] = _listed(cells["vulnerable_groups"])
    if "disability_percent" in cells:
        body["disability_percent"] = cells["disability_percent"]
    if "mgi_recipient" in cells:
        body["mgi_recipient"] = _yes_or_no(cells["mgi_recipient"])
    contact = {c: cells[c] for c in ("phone", "email", "address") if c in cells}
    if contact:
        body["contact"] = contact
    consent: dict[str, Any] = {"purposes": _listed(cells.get("consent_purposes", ""))}
    if "legal_basis" in cells:
        consent["legal_basis"] = cells["legal_basis"]
    body["consent"] = consent
    return body


def _named(number: int, invalid: ValidationError) -> list[RowError]:
    """The model's problems, each once, by the row's column. (The value is not repeated:
    reports end up in e-mails.)"""
    named: dict[tuple[str, str], RowError] = {}
    for error in invalid.errors():
        location = tuple(str(part) for part in error["loc"] if not isinstance(part, int))
        if not location:  # the row as a whole
            column = "(row)"
        elif (known := _COLUMN_OF.get(location[:2]) or _COLUMN_OF.get(location[:1])) is not None:
            column = known
        else:
            column = location[-1] if location[0] == "contact" else location[0]
        message = str(error["msg"])
        named.setdefault(
            (column, message), RowError(number, column, message, problem_in_greek(error))
        )
    return list(named.values())


def _registered_on(number: int, on: date, born: date | None, today: date) -> list[RowError]:
    if on > today:
        return [RowError(number, "registered_on", "is in the future", "Είναι μελλοντική.")]
    if born is not None and on < born:
        return [
            RowError(
                number,
                "registered_on",
                "is before the birth date",
                "Είναι πριν από την ημερομηνία γέννησης.",
            )
        ]
    return []


def born_on(values: dict[str, str]) -> date | None:
    """The row's birth date, if it is one (before the row is checked)."""
    try:
        return _date(values.get("birth_date", "").strip())
    except ValueError:
        return None


def _date(text: str) -> date:
    return date.fromisoformat(_iso(text))


def _iso(text: str) -> str:
    """``31/01/1980`` as ``1980-01-31``; anything else as it is (the model judges it)."""
    parts = text.split("/")
    if len(parts) == 3 and len(parts[2]) == 4 and all(p.isdigit() for p in parts):
        day, month, year = parts
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text


def _yes_or_no(text: str) -> bool | str:
    word = text.casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    return text  # the model says what it takes


def _listed(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
