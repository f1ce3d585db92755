"""Greek personal identifiers and the coded facts derived from a person's details."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from kk_contracts.codes import AgeBand
from kk_contracts.identifiers import luhn_valid

from kk_intake.domain.exceptions import InvalidPersonDetailsError

NAME_MAX = 100
PHONE = re.compile(r"\+?[0-9 ]{10,16}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def check_amka(amka: str, *, field: str = "amka") -> str:
    """AMKA (social security number): 11 digits, the last a Luhn check digit."""
    if len(amka) != 11 or not amka.isdigit():
        raise InvalidPersonDetailsError(
            "AMKA must be exactly 11 digits",
            field=field,
            message_el="Ο ΑΜΚΑ έχει ακριβώς 11 ψηφία.",
        )
    if not luhn_valid(amka):
        raise InvalidPersonDetailsError(
            "AMKA check digit is wrong: please re-check the number on the card",
            field=field,
            message_el="Ο ΑΜΚΑ δεν είναι έγκυρος: ελέγξτε τον ξανά στην κάρτα.",
        )
    return amka


def afm_valid(afm: str) -> bool:
    """AFM (tax number): 9 digits; the weighted sum of the first eight (weights 2^8 .. 2^1)
    modulo 11, then modulo 10, is the last digit. All zeros is not a number."""
    if len(afm) != 9 or not afm.isdigit() or afm == "000000000":
        return False
    total = sum(int(d) << (8 - i) for i, d in enumerate(afm[:8]))
    return total % 11 % 10 == int(afm[8])


def check_afm(afm: str | None) -> str | None:
    if afm is None:
        return None
    if len(afm) != 9 or not afm.isdigit():
        raise InvalidPersonDetailsError(
            "AFM must be exactly 9 digits", field="afm", message_el="Ο ΑΦΜ έχει ακριβώς 9 ψηφία."
        )
    if not afm_valid(afm):
        raise InvalidPersonDetailsError(
            "AFM check digit is wrong: please re-check the tax number",
            field="afm",
            message_el="Ο ΑΦΜ δεν είναι έγκυρος: ελέγξτε τον ξανά.",
        )
    return afm


def check_birth_date(birth_date: date, today: date, *, field: str = "birth_date") -> date:
    if birth_date > today:
        raise InvalidPersonDetailsError(
            "birth date is in the future",
            field=field,
            message_el="Η ημερομηνία γέννησης είναι στο μέλλον.",
        )
    if today.year - birth_date.year > 120:
        raise InvalidPersonDetailsError(
            "birth date is more than 120 years ago",
            field=field,
            message_el="Η ημερομηνία γέννησης είναι πριν από περισσότερα από 120 χρόνια.",
        )
    return birth_date


def match_key(given_name: str, family_name: str, birth_date: date) -> str:
    """Names and birth date as compared for likely duplicates: case, accents (τόνοι) and
    spacing do not count, so "Παπαδοπούλου  ελένη" matches "ΠΑΠΑΔΟΠΟΥΛΟΥ Ελενη"."""

    def fold(name: str) -> str:
        decomposed = unicodedata.normalize("NFD", name.casefold())
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
        return " ".join(bare.replace("ς", "σ").split())

    return f"{fold(family_name)}|{fold(given_name)}|{birth_date.isoformat()}"


_BANDS = (
    (18, AgeBand.UNDER_18),
    (25, AgeBand.FROM_18),
    (35, AgeBand.FROM_25),
    (45, AgeBand.FROM_35),
    (55, AgeBand.FROM_45),
    (65, AgeBand.FROM_55),
    (75, AgeBand.FROM_65),
)


def age_on(birth_date: date, day: date) -> int:
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def age_band(birth_date: date, day: date) -> AgeBand:
    age = age_on(birth_date, day)
    return next((band for limit, band in _BANDS if age < limit), AgeBand.FROM_75)
