"""Validation problems said in Greek, for each field."""

from __future__ import annotations

from datetime import date
from typing import Literal

import pytest
from pydantic import BaseModel, Field, ValidationError, model_validator
from servicekit.greek import invalid, problem_in_greek

pytestmark = pytest.mark.unit


class Form(BaseModel):
    name: str = Field(min_length=2, max_length=5)
    born: date
    count: int = Field(ge=1, le=3)
    kind: Literal["a", "b"]

    @model_validator(mode="after")
    def _rule(self) -> Form:
        if self.kind == "b" and self.count > 1:
            raise invalid("b comes alone", "Το b έρχεται μόνο του.")
        return self


def _greek(**data: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        Form.model_validate(data)
    return {".".join(map(str, e["loc"])): problem_in_greek(e) for e in caught.value.errors()}


def test_each_problem_is_said_in_greek_with_its_limits() -> None:
    said = _greek(name="x" * 9, born="1980-02-30", count=7, kind="c")
    assert said == {
        "name": "Πολύ μεγάλο: έως 5 χαρακτήρες.",
        "born": "Μη έγκυρη ημερομηνία: γράψτε την ως ΕΕΕΕ-ΜΜ-ΗΗ, π.χ. 1980-03-27.",
        "count": "Πρέπει να είναι το πολύ 3.",
        "kind": "Μη αποδεκτή τιμή· επιτρέπονται: 'a' ή 'b'.",
    }


def test_a_missing_field_and_a_rule_of_ours_say_what_to_do() -> None:
    assert _greek(name="ok", count=1, kind="a") == {"born": "Υποχρεωτικό πεδίο: συμπληρώστε το."}
    assert _greek(name="ok", born="1980-01-01", count=2, kind="b") == {"": "Το b έρχεται μόνο του."}
