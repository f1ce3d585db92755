"""Forms: what the person typed, kept as typed, and the problem beside each field.

A form is read from the posted fields, checked here for what a person can get wrong
(formats, check digits, real dates) and shown again with their input and a message for
each wrong field; what only a service can tell (a closed centre, a file already open) comes
back from it as a refusal and is shown the same way."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kk_contracts.identifiers import amka_valid

NAME_MAX = 100


@dataclass
class Form:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    """Field → the key of its message in ``texts``."""

    @classmethod
    def of(cls, posted: Any, names: tuple[str, ...], *, many: tuple[str, ...] = ()) -> Form:
        """The posted fields; those in ``many`` (checkboxes) as their values joined by
        commas, which no code contains."""
        values = {name: str(posted.get(name, "")).strip() for name in names}
        values |= {name: ",".join(str(v) for v in posted.getlist(name)) for name in many}
        return cls(values)

    @property
    def ok(self) -> bool:
        return not self.errors

    def value(self, name: str) -> str:
        return self.values.get(name, "")

    def chosen(self, name: str) -> list[str]:
        return [v for v in self.value(name).split(",") if v]

    def need_choice(self, name: str, allowed: Iterable[str], problem: str) -> None:
        if self.value(name) not in set(allowed):
            self.errors[name] = problem

    def need_choices(self, name: str, allowed: Iterable[str], problem: str, *, least: int) -> None:
        chosen = self.chosen(name)
        if len(chosen) < least or not set(chosen) <= set(allowed):
            self.errors[name] = problem

    def may_match(self, name: str, pattern: re.Pattern[str], problem: str) -> None:
        """An optional field: empty, or in the form ``pattern`` describes."""
        if self.value(name) and not pattern.fullmatch(self.value(name)):
            self.errors[name] = problem

    def need_whole_number(self, name: str, low: int, high: int, problem: str) -> None:
        try:
            number = int(self.value(name))
        except ValueError:
            self.errors[name] = problem
            return
        if not low <= number <= high:
            self.errors[name] = problem

    def need_amka(self, name: str = "amka") -> None:
        amka = self.value(name).replace(" ", "")
        self.values[name] = amka
        if len(amka) != 11 or not amka.isdigit():
            self.errors[name] = "err_amka_digits"
        elif not amka_valid(amka):
            self.errors[name] = "err_amka_check"

    def need_name(self, name: str, missing: str) -> None:
        if not self.value(name):
            self.errors[name] = missing
        elif len(self.value(name)) > NAME_MAX:
            self.errors[name] = "err_name_long"

    def may_date(self, name: str) -> date | None:
        """An optional date from its three parts: none given is none; some, a real day."""
        if not any(self.value(f"{name}-{part}") for part in ("day", "month", "year")):
            return None
        try:
            return date(*[int(self.value(f"{name}-{p}")) for p in ("year", "month", "day")])
        except ValueError:
            self.errors[f"{name}-day"] = f"err_{name}"
            return None

    def need_past_date(self, name: str, *, today: date) -> date | None:
        """A date from its three parts (``name-day``, ``-month``, ``-year``), GOV.UK style;
        the error is reported on the day's box, where the summary's link lands."""
        try:
            parts = [int(self.value(f"{name}-{part}")) for part in ("year", "month", "day")]
            day = date(*parts)
        except ValueError:
            self.errors[f"{name}-day"] = f"err_{name}"
            return None
        if day >= today or day.year < 1900:
            self.errors[f"{name}-day"] = f"err_{name}_future"
            return None
        return day
