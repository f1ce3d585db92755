"""Bulk import of legacy individual files: all or nothing, a per-row error report,
idempotent, and the imported files published like any registration."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import IMPORT_HEADER, eventually, legacy_rows, person, valid_amka

pytestmark = pytest.mark.e2e
CENTRE = "KK-2301"  # a centre of its own: the counts below are exact


def _import(platform: Platform, path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kk_intake.importer", str(path), "--centre", CENTRE,
         "--by", "import-operator", *extra],
        env=platform.stack.service_env(), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def _stored_events(platform: Platform) -> int:
    with psycopg.connect(platform.stack.database_url) as conn:
        row = conn.execute("SELECT count(*) FROM intake.intakeapplication_events").fetchone()
    return int(row[0]) if row else 0


def test_an_import_is_all_or_nothing_reports_each_bad_row_and_never_imports_twice(
    platform: Platform, tmp_path: Path
) -> None:
    municipality = CENTRE.removeprefix("KK-")
    good = legacy_rows(598, municipality)  # more than one chunk: the worker processes run
    twins = [  # same names and birth date, two AMKAs: the second is flagged for review
        f"{valid_amka()};;Ιφιγένεια;Σταυράκη;03/03/1961;female;{municipality};;όχι;;consent;"
        "case_management;",
        f"{valid_amka()};;ΙΦΙΓΕΝΕΙΑ;Σταυρακη;1961-03-03;female;{municipality};;όχι;;consent;"
        "case_management;",
    ]
    good += twins
    elsewhere = person("KK-6101")  # a person already filed at another centre
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-6101")
    assert platform.post("intake", "/beneficiaries", elsewhere, staff).status_code == 201
    wrong_digit = valid_amka()[:-1] + "x"
    bad = [
        good[0].replace(good[0].split(";")[0], wrong_digit, 1),  # row 2: AMKA not digits
        f"{valid_amka()};;Άννα;Λάμπρου;31/02/1970;female;{municipality};;όχι;;consent;"
        "case_management;",  # row 3: no such date
        f"{valid_amka()};;Άννα;Λάμπρου;01/02/1970;female;9999;astrology;όχι;;consent;"
        "case_management;",  # row 4: unknown municipality, unknown group
        f"{elsewhere['amka']};;Άννα;Λάμπρου;01/02/1970;female;{municipality};;όχι;;consent;"
        "case_management;",  # row 5: filed at another centre
        good[1],  # row 6: the same AMKA as row 7 (good[1] again below)
    ]
    file = tmp_path / "legacy.csv"
    file.write_text("\n".join([IMPORT_HEADER, *bad, *good[1:]]) + "\n", encoding="utf-8")
    before = _stored_events(platform)

    failed = _import(platform, file)

    assert failed.returncode == 1, failed.stderr
    assert _stored_events(platform) == before  # nothing half-imported
    with (tmp_path / "legacy.csv.errors.csv").open(encoding="utf-8-sig") as f:
        problems = {(int(r["row"]), r["column"]) for r in csv.DictReader(f)}
    assert problems == {
        (2, "amka"),
        (3, "birth_date"),
        (4, "vulnerable_groups"),
        (4, "municipality_code"),
        (5, "amka"),
        (7, "amka"),
    }, failed.stderr

    # with the bad rows left out, everything is imported in one go
    file.write_text("\n".join([IMPORT_HEADER, *good]) + "\n", encoding="utf-8")
    done = _import(platform, file)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "rows": 600,
        "new": 600,
        "imported": 600,
        "skipped_already_on_file": 0,
        # registered, consent, identity and name match for each, and the second twin's
        # flag (it joins the first twin's name match rather than starting one)
        "events": 600 * 4 + 1,
        "errors": 0,
    }
    assert "εγγραφή / writing" in done.stderr  # the progress bar

    # and published: the centre's count reaches 600, and the twin awaits review
    path = f"/indicators/centres/{CENTRE}"

    def counted() -> int:
        counts = platform.get("reporting", path).json()["counts"]
        return int(counts["beneficiaries_registered"])

    eventually(lambda: counted() >= 600, timeout=60)
    assert counted() == 600
    reviews = f"/centres/{CENTRE}/duplicate-reviews"
    queue = eventually(
        lambda: platform.get("intake", reviews, Role.SOCIAL_WORKER, centre_id=CENTRE).json()
    )
    assert len(queue) == 1

    # running it again imports nothing twice
    again = _import(platform, file)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["imported"] == 0
    assert json.loads(again.stdout)["skipped_already_on_file"] == 600
