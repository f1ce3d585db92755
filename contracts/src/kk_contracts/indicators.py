"""The platform's published indicators as people read them: each one's Greek and English
name and kind, the breakdowns and the code type of their rows, and how a figure is written.
The workspace's dashboards and reporting's printed reports both read them here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["el", "en"]


@dataclass(frozen=True)
class Metric:
    el: str
    en: str
    kind: Literal["count", "rate", "per_1000", "days"]
    better: Literal["higher", "lower", "neither"] = "neither"

    def label(self, lang: Lang) -> str:
        return self.el if lang == "el" else self.en


METRICS: dict[str, Metric] = {
    "beneficiaries_new": Metric("Νέοι ωφελούμενοι", "New beneficiaries", "count"),
    "beneficiaries_active": Metric("Ενεργοί φάκελοι", "Files held", "count"),
    "new_per_1000": Metric(
        "Νέοι ωφελούμενοι ανά 1.000 κατοίκους",
        "New beneficiaries per 1,000 inhabitants",
        "per_1000",
    ),
    "active_per_1000": Metric(
        "Ενεργοί φάκελοι ανά 1.000 κατοίκους", "Files held per 1,000 inhabitants", "per_1000"
    ),
    "requests_logged": Metric("Αιτήματα", "Requests logged", "count"),
    "share_answered_in_time": Metric(
        "Αιτήματα που απαντήθηκαν εντός 10 εργάσιμων",
        "Requests answered within 10 working days",
        "rate",
        "higher",
    ),
    "requests_overdue_now": Metric(
        "Εκπρόθεσμα αιτήματα τώρα", "Requests overdue now", "count", "lower"
    ),
    "referrals_sent": Metric("Παραπομπές", "Referrals sent", "count"),
    "acceptance_rate": Metric(
        "Ποσοστό αποδοχής παραπομπών", "Referral acceptance rate", "rate", "higher"
    ),
    "refusal_rate": Metric("Ποσοστό άρνησης παραπομπών", "Referral refusal rate", "rate", "lower"),
    "median_days_to_acceptance": Metric(
        "Διάμεσες ημέρες έως την αποδοχή", "Median days to acceptance", "days", "lower"
    ),
    "median_days_to_completion": Metric(
        "Διάμεσες ημέρες έως την ολοκλήρωση", "Median days to completion", "days", "lower"
    ),
    "referrals_overdue_now": Metric(
        "Εκπρόθεσμες παραπομπές τώρα", "Referrals overdue now", "count", "lower"
    ),
    "enrolments": Metric("Εντάξεις σε προγράμματα", "Programme enrolments", "count"),
    "exits": Metric("Έξοδοι από προγράμματα", "Programme exits", "count"),
    "transfers_in": Metric("Μεταφορές από άλλα κέντρα", "Transfers in", "count"),
    "transfers_out": Metric("Μεταφορές σε άλλα κέντρα", "Transfers out", "count"),
}
MAP_METRICS = (
    "new_per_1000",
    "active_per_1000",
    "share_answered_in_time",
    "acceptance_rate",
    "median_days_to_acceptance",
    "median_days_to_completion",
    "requests_overdue_now",
    "referrals_overdue_now",
    "beneficiaries_new",
)


FIGURE_WORDS: dict[str, tuple[str, str]] = {
    "as_of": ("Στοιχεία έως", "Data as of"),
    "no_data_yet": ("δεν έχουν καταγραφεί ακόμη συμβάντα", "no events recorded yet"),
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
    "headline": ("Βασικά μεγέθη", "Headline figures"),
    "centres": ("Κέντρα", "Centres"),
    "headed": ("Με επικεφαλής κοινωνικό λειτουργό", "Headed by a social worker"),
    "positions": (
        "Θέσεις στελεχών (δηλωμένες / προβλεπόμενες)",
        "Staff positions (reported / foreseen)",
    ),
    "trends": ("Εξέλιξη ανά μήνα", "Trends by month"),
    "month": ("Μήνας", "Month"),
    "total": ("Σύνολο", "Total"),
    "breakdowns": ("Αναλύσεις της περιόδου", "Breakdowns for the period"),
}
"""The words around the figures, Greek and English, that the dashboards and the printed
reports share: what a "<5" means, whose figures are exact, the sections' headings."""


@dataclass(frozen=True)
class Breakdown:
    el: str
    en: str
    code_type: str
    """The code type of its rows, by which ``kk_contracts.labels`` names them."""

    def title(self, lang: Lang) -> str:
        return self.el if lang == "el" else self.en


BREAKDOWNS: dict[str, Breakdown] = {
    "beneficiaries_by_sex": Breakdown("Ωφελούμενοι κατά φύλο", "Beneficiaries by sex", "Sex"),
    "beneficiaries_by_age": Breakdown(
        "Ωφελούμενοι κατά ηλικία", "Beneficiaries by age band", "AgeBand"
    ),
    "beneficiaries_by_group": Breakdown(
        "Ωφελούμενοι κατά ευάλωτη ομάδα", "Beneficiaries by vulnerable group", "VulnerableGroup"
    ),
    "requests_by_axis": Breakdown("Αιτήματα κατά άξονα", "Requests by axis", "Axis"),
    "requests_by_category": Breakdown(
        "Αιτήματα κατά κατηγορία", "Requests by category", "RequestCategory"
    ),
    "referrals_sent_by_body": Breakdown(
        "Παραπομπές κατά φορέα", "Referrals by kind of body", "BodyCategory"
    ),
    "referrals_refused_by_reason": Breakdown(
        "Αρνήσεις κατά λόγο", "Refusals by reason", "RefusalReason"
    ),
    "referrals_completed_by_outcome": Breakdown(
        "Ολοκληρώσεις κατά έκβαση", "Completions by outcome", "ServiceOutcome"
    ),
    "enrolments_by_programme": Breakdown(
        "Εντάξεις κατά κατηγορία προγράμματος",
        "Enrolments by programme category",
        "ProgrammeCategory",
    ),
    "exits_by_programme": Breakdown(
        "Έξοδοι κατά κατηγορία προγράμματος", "Exits by programme category", "ProgrammeCategory"
    ),
}


def number(value: int | float | str | None, kind: str, lang: Lang) -> str:
    """A figure as people read it: 12.345 or 12,345; 87,5% or 87.5%; "<5" as it is."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if kind == "rate":
        text = f"{value * 100:,.1f}%"
    elif kind in ("per_1000", "days"):
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    if lang == "el":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
