"""Greek personal identifiers' check digits, known to every part of the platform that reads
them from a person: intake's domain and the staff workspace's forms."""

from __future__ import annotations


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def amka_valid(amka: str) -> bool:
    """AMKA (social security number): 11 digits, the last a Luhn check digit."""
    return len(amka) == 11 and amka.isdigit() and luhn_valid(amka)
