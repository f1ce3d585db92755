"""The printed reports' words, Greek first, English second; the indicators' names and how a
figure is written are ``kk_contracts.indicators``'."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from kk_contracts.indicators import FIGURE_WORDS, METRICS, Lang, number

__all__ = ["METRICS", "WORDS", "Lang", "moment", "number", "word"]
ATHENS = ZoneInfo("Europe/Athens")


WORDS: dict[str, tuple[str, str]] = {
    **FIGURE_WORDS,
    "platform": ("Κέντρα Κοινότητας", "Community Centres"),
    "skip": ("Μετάβαση στο περιεχόμενο", "Skip to content"),
    "population": ("Πληθυσμός (απογραφή)", "Population (census)"),
    "staffing": ("Στελέχωση", "Staffing"),
    "unreported": ("Χωρίς δηλωμένη στελέχωση", "No staff roster reported"),
    "annual": ("Ετήσιος απολογισμός", "Annual report"),
    "language": ("English", "Ελληνικά"),
}


def word(key: str, lang: Lang) -> str:
    el, en = WORDS[key]
    return el if lang == "el" else en


def moment(iso: str | None, lang: Lang) -> str:
    if iso is None:
        return word("no_data_yet", lang)
    at = datetime.fromisoformat(iso).astimezone(ATHENS)
    return at.strftime("%d/%m/%Y %H:%M") + (" (ώρα Ελλάδας)" if lang == "el" else " (Athens time)")
