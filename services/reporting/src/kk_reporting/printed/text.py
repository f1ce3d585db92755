"""The printed reports' words, Greek first, English second; the indicators' names and how a
figure is written are ``kk_contracts.indicators``'."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from kk_contracts.indicators import METRICS, Lang, number

__all__ = ["METRICS", "WORDS", "Lang", "moment", "number", "word"]
ATHENS = ZoneInfo("Europe/Athens")


WORDS: dict[str, tuple[str, str]] = {
    "platform": ("Κέντρα Κοινότητας", "Community Centres"),
    "as_of": ("Στοιχεία έως", "Data as of"),
    "no_data_yet": ("δεν έχουν καταγραφεί ακόμη συμβάντα", "no events recorded yet"),
    "skip": ("Μετάβαση στο περιεχόμενο", "Skip to content"),
    "headline": ("Βασικά μεγέθη", "Headline figures"),
    "trends": ("Εξέλιξη ανά μήνα", "Trends by month"),
    "centres": ("Κέντρα", "Centres"),
    "population": ("Πληθυσμός (απογραφή)", "Population (census)"),
    "suppressed_note": (
        "Τιμές από 1 έως 4 εμφανίζονται ως «<5» για την προστασία των προσώπων· ποσοστά και "
        "διάμεσοι δεν υπολογίζονται σε λιγότερες από 5 περιπτώσεις.",
        "Counts from 1 to 4 are shown as \u201c<5\u201d to protect the people behind them; rates "
        "and medians are not worked out on fewer than 5 cases.",
    ),
    "own_note": (
        "Η δική σας μονάδα: όλες οι τιμές εμφανίζονται ακριβώς. Μόνο πλήθη, κανένα όνομα.",
        "Your own centre: every value is shown exactly. Counts only, no names.",
    ),
    "staffing": ("Στελέχωση", "Staffing"),
    "headed": ("Με επικεφαλής κοινωνικό λειτουργό", "Headed by a social worker"),
    "positions": (
        "Θέσεις στελεχών (δηλωμένες / προβλεπόμενες)",
        "Staff positions (reported / foreseen)",
    ),
    "unreported": ("Χωρίς δηλωμένη στελέχωση", "No staff roster reported"),
    "breakdowns": ("Αναλύσεις της περιόδου", "Breakdowns for the period"),
    "total": ("Σύνολο", "Total"),
    "month": ("Μήνας", "Month"),
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
