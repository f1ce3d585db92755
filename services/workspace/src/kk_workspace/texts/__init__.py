"""Every word the workspace shows, in Greek first and English second. The labels of the
platform's codes come from ``kk_contracts.labels``, the one catalogue of them."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from kk_contracts.indicators import FIGURE_WORDS
from kk_contracts.labels import label

from kk_workspace.texts import casework, dashboards, files, frame

Lang = Literal["el", "en"]
__all__ = ["LANGS", "TEXTS", "Lang", "choices", "label", "text"]
LANGS: tuple[Lang, ...] = ("el", "en")

TEXTS: dict[str, tuple[str, str]] = {
    **frame.TEXTS,
    **files.TEXTS,
    **casework.TEXTS,
    **dashboards.TEXTS,
}
TEXTS |= {f"dash_{key}": words for key, words in FIGURE_WORDS.items()}


def text(key: str, lang: Lang) -> str:
    el, en = TEXTS[key]
    return el if lang == "el" else en


def choices(kind: type[StrEnum], lang: Lang) -> list[tuple[str, str]]:
    """A code type's codes as a form's options: (code, label)."""
    return [(code.value, label(kind, code, lang)) for code in kind]
