"""The workspace's forms, words and redirects, without a browser."""

from __future__ import annotations

from datetime import date

import pytest
from kk_contracts.codes import Sex, VulnerableGroup
from kk_workspace.entrypoints.web.deps import local_path
from kk_workspace.forms import Form
from kk_workspace.texts import TEXTS, choices, label

pytestmark = pytest.mark.unit
TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("typed", "kept", "problem"),
    [
        ("0101 8012 342", "01018012342", None),
        ("0101801234", "0101801234", "err_amka_digits"),
        ("01018012343", "01018012343", "err_amka_check"),
        ("0101801234x", "0101801234x", "err_amka_digits"),
    ],
)
def test_an_amka_is_eleven_digits_with_a_right_check_digit(
    typed: str, kept: str, problem: str | None
) -> None:
    form = Form({"amka": typed})
    form.need_amka()
    assert form.value("amka") == kept
    assert form.errors.get("amka") == problem


@pytest.mark.parametrize(
    ("day", "month", "year", "problem"),
    [
        ("27", "3", "1980", None),
        ("30", "2", "1980", "err_birth_date"),
        ("", "3", "1980", "err_birth_date"),
        ("7", "12", "2026", "err_birth_date_future"),
        ("1", "1", "1850", "err_birth_date_future"),
    ],
)
def test_a_birth_date_is_a_real_day_in_the_past(
    day: str, month: str, year: str, problem: str | None
) -> None:
    form = Form({"born-day": day, "born-month": month, "born-year": year})
    born = form.need_past_date("born", today=TODAY)
    assert form.errors.get("born-day") == (problem and problem.replace("birth_date", "born"))
    assert (born is None) == (problem is not None)


def test_a_name_is_required_and_not_endless() -> None:
    form = Form({"family_name": "", "given_name": "Α" * 101})
    form.need_name("family_name", "err_family_name")
    form.need_name("given_name", "err_given_name")
    assert form.errors == {"family_name": "err_family_name", "given_name": "err_name_long"}


@pytest.mark.parametrize(
    ("candidate", "goes_to"),
    [
        ("/people/search", "/people/search"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        (None, "/"),
    ],
)
def test_going_back_after_sign_in_stays_on_this_site(candidate: str | None, goes_to: str) -> None:
    assert local_path(candidate) == goes_to


def test_every_word_is_in_greek_and_in_english() -> None:
    for key, (greek, english) in TEXTS.items():
        assert greek.strip(), key
        assert english.strip(), key
        assert greek != english or key == "amka", key


def test_a_forms_options_are_its_codes_by_their_labels() -> None:
    assert choices(Sex, "el")[0] == ("female", "Γυναίκα")
    assert ("roma", "Roma") in choices(VulnerableGroup, "en")
    assert label("VulnerableGroup", "roma", "el") == "Ρομά"
