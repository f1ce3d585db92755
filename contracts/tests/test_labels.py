"""The one catalogue of code labels: every code of every type has a Greek and an English
label, and a value shared by two types reads as each type's own."""

from __future__ import annotations

from enum import StrEnum

import kk_contracts.codes as codes
from kk_contracts.codes import ExitReason, Region, RequestCategory, Sex
from kk_contracts.labels import LABELS, label, label_of

CODE_TYPES = sorted(
    (
        kind
        for kind in vars(codes).values()
        if isinstance(kind, type) and issubclass(kind, StrEnum) and kind is not StrEnum
    ),
    key=lambda kind: kind.__name__,
)


def test_every_code_has_both_labels() -> None:
    missing = [
        f"{kind.__name__}.{member.name}"
        for kind in CODE_TYPES
        for member in kind
        for lang in ("el", "en")
        if label(kind, member, lang) == member.value  # type: ignore[arg-type]
    ]
    assert missing == []


def test_greek_labels_are_greek() -> None:
    latin_only = [
        f"{kind.__name__}.{code}"
        for kind, labels in LABELS.items()
        for code, (el, _en) in labels.items()
        if not any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in el)
    ]
    assert latin_only == []


def test_a_shared_value_reads_as_its_own_type() -> None:
    assert label("Sex", "other", "el") == "Άλλο"
    assert label(RequestCategory, "other", "el") == "Άλλο αίτημα"
    assert label_of(ExitReason.OTHER, "en") == "Another reason"
    assert label_of(Sex.OTHER, "en") == "Other"


def test_regions_read_as_their_names() -> None:
    assert label(Region, "EL42", "el") == "Νότιο Αιγαίο"
    assert label("Region", "EL30", "en") == "Attica"


def test_an_unknown_code_shows_as_itself() -> None:
    assert label("Sex", "a_code_from_the_future", "el") == "a_code_from_the_future"
    assert label("NoSuchType", "female", "en") == "female"
