"""The one catalogue of the platform's code labels, Greek and English, keyed by (code type,
code): the workspace, the dashboards and the reports all read it. A code's label may
change; the code never does (``codes``).

The same value can be two codes (``other`` is a sex, a request category and three kinds of
reason), so a label is looked up by its type too."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Literal

from kk_contracts.codes import Region
from kk_contracts.labels.people import PEOPLE
from kk_contracts.labels.services import SERVICES
from kk_contracts.reference import regions

Lang = Literal["el", "en"]

# The table is split across two modules only to keep each file short; a code type
# belongs to exactly one of them, so merging them loses nothing.
LABELS: dict[type[StrEnum], dict[StrEnum, tuple[str, str]]] = {**PEOPLE, **SERVICES}


@cache
def _types() -> dict[str, type[StrEnum]]:
    kinds: list[type[StrEnum]] = [*LABELS, Region]
    return {kind.__name__: kind for kind in kinds}


def label(kind: type[StrEnum] | str, code: str, lang: Lang) -> str:
    """A code of a type (the type or its name) as people read it; an unknown code shows as
    itself, so that a page never fails on a code newer than its catalogue."""
    found = _types().get(kind) if isinstance(kind, str) else kind
    if found is Region:
        names = regions().get(str(code))
        return str(code) if names is None else names[0 if lang == "el" else 1]
    labels: tuple[str, str] | None = None
    if found is not None:
        labels = LABELS.get(found, {}).get(code)  # type: ignore[call-overload]
    if labels is None:
        return str(code)
    return labels[0] if lang == "el" else labels[1]


def label_of(code: StrEnum, lang: Lang) -> str:
    """A code member as people read it: its type is its own."""
    return label(type(code), code, lang)
