"""Greek personal identifiers and the coded facts derived from a person's details."""

from __future__ import annotations

from datetime import date

from kk_contracts.codes import AgeBand

from kk_intake.domain.exceptions import InvalidPersonDetailsError


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def check_amka(amka: str) -> str:
    """AMKA (social security number): 11 digits, the last a Luhn check digit."""
    if len(amka) != 11 or not amka.isdigit():
        raise InvalidPersonDetailsError("AMKA must be exactly 11 digits", field="amka")
    if not luhn_valid(amka):
        raise InvalidPersonDetailsError(
            "AMKA check digit is wrong: please re-check the number on the card", field="amka"
        )
    return amka


def check_birth_date(birth_date: date, today: date) -> date:
    if birth_date > today:
        raise InvalidPersonDetailsError("birth date is in the future", field="birth_date")
    if today.year - birth_date.year > 120:
        raise InvalidPersonDetailsError("birth date is more than 120 years ago", field="birth_date")
    return birth_date


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
