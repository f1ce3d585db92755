"""What a request's validation found wrong, said in Greek for each field.

Pydantic names each problem by a stable type (``missing``, ``string_too_long``…) with its
limits in the context; the Greek sentence is made from those. A validator of ours raises
``invalid(english, greek)``, which carries its own Greek sentence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import PydanticCustomError

_BY_TYPE: dict[str, str] = {
    "missing": "Υποχρεωτικό πεδίο: συμπληρώστε το.",
    "string_too_short": "Πολύ σύντομο: τουλάχιστον {min_length} χαρακτήρες.",
    "string_too_long": "Πολύ μεγάλο: έως {max_length} χαρακτήρες.",
    "string_pattern_mismatch": "Δεν έχει τη σωστή μορφή.",
    "string_type": "Πρέπει να είναι κείμενο.",
    "enum": "Μη αποδεκτή τιμή· επιτρέπονται: {expected}.",
    "literal_error": "Μη αποδεκτή τιμή· επιτρέπονται: {expected}.",
    "date_parsing": "Μη έγκυρη ημερομηνία: γράψτε την ως ΕΕΕΕ-ΜΜ-ΗΗ, π.χ. 1980-03-27.",
    "date_from_datetime_parsing": (
        "Μη έγκυρη ημερομηνία: γράψτε την ως ΕΕΕΕ-ΜΜ-ΗΗ, π.χ. 1980-03-27."
    ),
    "date_from_datetime_inexact": "Δώστε μόνο ημερομηνία, χωρίς ώρα.",
    "date_type": "Πρέπει να είναι ημερομηνία (ΕΕΕΕ-ΜΜ-ΗΗ).",
    "int_parsing": "Πρέπει να είναι ακέραιος αριθμός.",
    "int_type": "Πρέπει να είναι ακέραιος αριθμός.",
    "int_from_float": "Πρέπει να είναι ακέραιος αριθμός.",
    "float_parsing": "Πρέπει να είναι αριθμός.",
    "greater_than": "Πρέπει να είναι μεγαλύτερο από {gt}.",
    "greater_than_equal": "Πρέπει να είναι τουλάχιστον {ge}.",
    "less_than": "Πρέπει να είναι μικρότερο από {lt}.",
    "less_than_equal": "Πρέπει να είναι το πολύ {le}.",
    "bool_parsing": "Πρέπει να είναι true ή false.",
    "bool_type": "Πρέπει να είναι true ή false.",
    "uuid_parsing": "Μη έγκυρο αναγνωριστικό (UUID).",
    "uuid_type": "Μη έγκυρο αναγνωριστικό (UUID).",
    "extra_forbidden": "Άγνωστο πεδίο: αφαιρέστε το.",
    "too_short": "Χρειάζεται τουλάχιστον {min_length}.",
    "too_long": "Το πολύ {max_length}.",
    "list_type": "Πρέπει να είναι λίστα.",
    "dict_type": "Πρέπει να είναι αντικείμενο JSON.",
    "model_attributes_type": "Πρέπει να είναι αντικείμενο JSON.",
    "model_type": "Πρέπει να είναι αντικείμενο JSON.",
    "json_invalid": "Το σώμα του αιτήματος δεν είναι έγκυρο JSON.",
}
_FALLBACK = "Μη έγκυρη τιμή."


def invalid(message: str, message_el: str) -> PydanticCustomError:
    """The error a validator of ours raises: what is wrong, in English and in Greek."""
    return PydanticCustomError("invalid", "{message}", {"message": message, "el": message_el})


def problem_in_greek(error: Mapping[str, Any]) -> str:
    """One validation problem (an item of ``ValidationError.errors()``) in Greek."""
    context = error.get("ctx") or {}
    if "el" in context:
        return str(context["el"])
    template = _BY_TYPE.get(str(error.get("type", "")), _FALLBACK)
    context = {k: _shown(v) for k, v in context.items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template.split(":")[0].rstrip(".") + "."


def _shown(value: Any) -> str:
    # pydantic lists an enum's values as "'a', 'b' or 'c'"
    return str(value).replace(" or ", " ή ")
