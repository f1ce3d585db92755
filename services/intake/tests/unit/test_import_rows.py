"""Reading a legacy CSV: the file as a whole, and each row checked by the API's registration
model, its problems named by column in Greek and English."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from kk_contracts.codes import VulnerableGroup
from kk_intake.importer.checking import RowProblems, check_row
from kk_intake.importer.reading import ImportFileError, read_rows

pytestmark = pytest.mark.unit
TODAY = date(2026, 11, 22)
ROW = {
    "amka": "01018012342",
    "given_name": "Ελένη",
    "family_name": "Παπαδοπούλου",
    "birth_date": "31/01/1980",
    "sex": "female",
    "municipality_code": "6101",
    "legal_basis": "consent",
    "consent_purposes": "case_management|referral_sharing",
}


def _problems(**overrides: str) -> list[tuple[str, str]]:
    with pytest.raises(RowProblems) as caught:
        check_row(7, ROW | overrides, "KK-6101", TODAY)
    assert all(e.row == 7 for e in caught.value.errors)
    assert all(e.message_el for e in caught.value.errors), "each problem in Greek too"
    return [(e.column, e.message) for e in caught.value.errors]


def test_a_greek_spreadsheet_export_is_read(tmp_path: Path) -> None:
    file = tmp_path / "legacy.csv"
    header = ";".join(ROW)
    file.write_bytes(("\ufeff" + header + "\n" + ";".join(ROW.values()) + "\n\n").encode())
    columns, rows, digest = read_rows(file)
    assert columns == list(ROW)
    assert [(n, dict(zip(columns, r, strict=True))) for n, r in rows] == [(2, ROW)]
    assert len(digest) == 64


def test_missing_and_unknown_columns_are_named(tmp_path: Path) -> None:
    file = tmp_path / "legacy.csv"
    file.write_text("amka,given_name,nickname\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="missing columns: family_name") as caught:
        read_rows(file)
    assert "unknown columns: nickname" in str(caught.value)


def test_a_file_not_in_utf8_says_how_to_save_it(tmp_path: Path) -> None:
    file = tmp_path / "legacy.csv"
    file.write_bytes("amka;Ελένη\n".encode("cp1253"))
    with pytest.raises(ImportFileError, match="CSV UTF-8"):
        read_rows(file)


def test_a_good_row_becomes_a_registration_with_the_legacy_date() -> None:
    row = check_row(
        2,
        ROW | {"vulnerable_groups": "poverty|elderly", "mgi_recipient": "ναι",
               "registered_on": "15/05/2019", "citizenship": "gr"},
        "KK-6101",
        TODAY,
    )  # fmt: skip
    person = row.registration.person()
    assert person.birth_date == date(1980, 1, 31)
    assert person.vulnerable_groups == (VulnerableGroup.POVERTY, VulnerableGroup.ELDERLY)
    assert person.mgi_recipient is True
    assert person.citizenship == "GR"
    assert row.registered_on == date(2019, 5, 15)
    assert row.registration.consent.consent().purposes == ["case_management", "referral_sharing"]


def test_every_problem_of_a_row_is_named_by_its_column() -> None:
    problems = _problems(
        birth_date="31/02/1980",
        sex="",
        vulnerable_groups="poverty|astrology",
        mgi_recipient="perhaps",
        municipality_code="9999",
        registered_on="2031-01-01",
    )
    columns = [column for column, _ in problems]
    assert sorted(columns) == sorted(
        ["birth_date", "sex", "vulnerable_groups", "mgi_recipient", "municipality_code",
         "registered_on"]
    )  # fmt: skip
    messages = dict(problems)
    assert messages["sex"] == "Field required"
    assert "'poverty'" in messages["vulnerable_groups"]  # the codes it could have been
    assert "astrology" not in messages["vulnerable_groups"], "values stay out of reports"
    assert "9999" in messages["municipality_code"]
    assert messages["registered_on"] == "is in the future"


def test_separators_alone_or_values_too_long_are_reported_not_crashed_on() -> None:
    problems = dict(
        _problems(
            sex="|",
            consent_purposes="|",
            given_name="Α" * 101,
            phone="12",
            registered_on="1979-12-31",
        )
    )
    assert set(problems) == {"sex", "consent_purposes", "given_name", "phone", "registered_on"}
    assert "at least 1 item" in problems["consent_purposes"]
    assert "at most 100 characters" in problems["given_name"]
    assert problems["registered_on"] == "is before the birth date"


def test_a_quoted_cell_keeps_its_line_break(tmp_path: Path) -> None:
    file = tmp_path / "legacy.csv"
    file.write_text(
        ";".join([*ROW, "address"]) + "\n" + ";".join(ROW.values()) + ';"Οδός 1\nΑθήνα"\n',
        encoding="utf-8",
    )
    columns, rows, _ = read_rows(file)
    [(number, values)] = list(rows)
    assert number == 2
    assert dict(zip(columns, values, strict=True))["address"] == "Οδός 1\nΑθήνα"
