"""The dashboards' words, Greek first, English second, and how their numbers are written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

Lang = Literal["el", "en"]
ATHENS = ZoneInfo("Europe/Athens")


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

WORDS: dict[str, tuple[str, str]] = {
    "platform": ("Κέντρα Κοινότητας", "Community Centres"),
    "national": ("Εθνική εικόνα", "National overview"),
    "regional": ("Περιφέρεια", "Region"),
    "centre": ("Κέντρο Κοινότητας", "Community Centre"),
    "period": ("Περίοδος", "Period"),
    "from": ("Από", "From"),
    "to": ("Έως", "To"),
    "indicator": ("Δείκτης χάρτη και κατάταξης", "Indicator for the map and ranking"),
    "apply": ("Εφαρμογή", "Apply"),
    "as_of": ("Στοιχεία έως", "Data as of"),
    "no_data_yet": ("δεν έχουν καταγραφεί ακόμη συμβάντα", "no events recorded yet"),
    "skip": ("Μετάβαση στο περιεχόμενο", "Skip to content"),
    "headline": ("Βασικά μεγέθη", "Headline figures"),
    "map_regions": ("Χάρτης περιφερειών", "Map of the regions"),
    "map_municipalities": ("Χάρτης δήμων", "Map of the municipalities"),
    "trends": ("Εξέλιξη ανά μήνα", "Trends by month"),
    "regions_table": ("Οι περιφέρειες", "The regions"),
    "centres_ranked": (
        "Τα κέντρα, κατά τον επιλεγμένο δείκτη",
        "The centres, ranked by the chosen indicator",
    ),
    "rank": ("Σειρά", "Rank"),
    "name": ("Όνομα", "Name"),
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
    "no_value": ("χωρίς τιμή", "no value"),
    "legend": ("Υπόμνημα", "Legend"),
    "silent": ("Κέντρα χωρίς συμβάντα για 48 ώρες", "Centres with no events for 48 hours"),
    "staffing": ("Στελέχωση", "Staffing"),
    "headed": ("Με επικεφαλής κοινωνικό λειτουργό", "Headed by a social worker"),
    "positions": (
        "Θέσεις στελεχών (δηλωμένες / προβλεπόμενες)",
        "Staff positions (reported / foreseen)",
    ),
    "unreported": ("Χωρίς δηλωμένη στελέχωση", "No staff roster reported"),
    "overdue": ("Εκπρόθεσμα, τώρα", "Overdue now"),
    "overdue_requests": ("Αιτήματα", "Requests"),
    "overdue_referrals": ("Παραπομπές", "Referrals"),
    "overdue_age": ("Πόσο καιρό", "For how long"),
    "days_0_7": ("έως 7 ημέρες", "up to 7 days"),
    "days_8_30": ("8–30 ημέρες", "8–30 days"),
    "days_31": ("πάνω από 30 ημέρες", "over 30 days"),
    "breakdowns": ("Αναλύσεις της περιόδου", "Breakdowns for the period"),
    "total": ("Σύνολο", "Total"),
    "month": ("Μήνας", "Month"),
    "in_time": ("εντός προθεσμίας", "in time"),
    "late": ("εκπρόθεσμα", "late"),
    "registered_month": ("Νέοι ωφελούμενοι ανά μήνα", "New beneficiaries by month"),
    "answered_month": ("Απαντήσεις σε αιτήματα ανά μήνα", "Requests answered by month"),
    "completed_month": ("Ολοκληρωμένες παραπομπές ανά μήνα", "Referrals completed by month"),
    "sign_in": ("Είσοδος", "Sign in"),
    "sign_out": ("Έξοδος", "Sign out"),
    "token": ("Διακριτικό πρόσβασης (token)", "Access token"),
    "token_help": (
        "Επικολλήστε το διακριτικό που σας δόθηκε (π.χ. από `make token`).",
        "Paste the token you were given (e.g. from `make token`).",
    ),
    "bad_token": (
        "Το διακριτικό δεν είναι έγκυρο ή έχει λήξει.",
        "The token is not valid or has expired.",
    ),
    "error": ("Σφάλμα", "Error"),
    "back": ("Επιστροφή", "Back"),
    "open_regional": ("Άνοιγμα της περιφέρειας", "Open the region"),
    "annual": ("Ετήσιος απολογισμός", "Annual report"),
    "language": ("English", "Ελληνικά"),
    "boundaries": ("Όρια", "Boundaries"),
}
OUTCOME = {
    "provided": ("παρασχέθηκε", "provided"),
    "partly_provided": ("εν μέρει", "partly provided"),
    "not_provided": ("δεν παρασχέθηκε", "not provided"),
}
BREAKDOWN_TITLES: dict[str, tuple[str, str]] = {
    "beneficiaries_by_sex": ("Ωφελούμενοι κατά φύλο", "Beneficiaries by sex"),
    "beneficiaries_by_age": ("Ωφελούμενοι κατά ηλικία", "Beneficiaries by age band"),
    "beneficiaries_by_group": (
        "Ωφελούμενοι κατά ευάλωτη ομάδα",
        "Beneficiaries by vulnerable group",
    ),
    "requests_by_axis": ("Αιτήματα κατά άξονα", "Requests by axis"),
    "requests_by_category": ("Αιτήματα κατά κατηγορία", "Requests by category"),
    "referrals_sent_by_body": ("Παραπομπές κατά φορέα", "Referrals by kind of body"),
    "referrals_refused_by_reason": ("Αρνήσεις κατά λόγο", "Refusals by reason"),
    "referrals_completed_by_outcome": ("Ολοκληρώσεις κατά έκβαση", "Completions by outcome"),
    "enrolments_by_programme": ("Εντάξεις κατά πρόγραμμα", "Enrolments by programme"),
    "exits_by_programme": ("Έξοδοι κατά πρόγραμμα", "Exits by programme"),
}


def word(key: str, lang: Lang) -> str:
    el, en = WORDS[key]
    return el if lang == "el" else en


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


def moment(iso: str | None, lang: Lang) -> str:
    if iso is None:
        return word("no_data_yet", lang)
    at = datetime.fromisoformat(iso).astimezone(ATHENS)
    return at.strftime("%d/%m/%Y %H:%M") + (" (ώρα Ελλάδας)" if lang == "el" else " (Athens time)")
