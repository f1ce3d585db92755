"""The dashboards."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the dashboards
    "nav_dashboards": ("Πίνακες δεικτών", "Dashboards"),
    "dash_national": ("Εθνική εικόνα", "National overview"),
    "dash_regional": ("Περιφέρεια", "Region"),
    "dash_period": ("Περίοδος και δείκτης", "Period and indicator"),
    "dash_from": ("Από μήνα", "From month"),
    "dash_to": ("Έως μήνα", "To month"),
    "dash_month_hint": ("Για παράδειγμα 2026-01", "For example 2026-01"),
    "dash_indicator": ("Δείκτης χάρτη και κατάταξης", "Indicator for the map and ranking"),
    "dash_apply": ("Εμφάνιση", "Show"),
    "dash_bad_month": (
        "Γράψτε τον μήνα ως έτος-μήνας, για παράδειγμα 2026-01",
        "Enter the month as year-month, for example 2026-01",
    ),
    "dash_bad_indicator": ("Επιλέξτε δείκτη από τη λίστα", "Choose an indicator from the list"),
    "dash_ends_before": (
        "Ο τελευταίος μήνας πρέπει να είναι ίδιος ή μετά τον πρώτο",
        "The last month must be the same as or after the first",
    ),
    "dash_too_long": (
        "Η περίοδος μπορεί να είναι έως 120 μήνες",
        "The period can be at most 120 months",
    ),
    "dash_in_future": (
        "Ο τελευταίος μήνας δεν μπορεί να είναι στο μέλλον",
        "The last month cannot be in the future",
    ),
    "dash_silent": ("Κέντρα χωρίς συμβάντα για 48 ώρες", "Centres with no events for 48 hours"),
    "dash_map_regions": ("Χάρτης περιφερειών", "Map of the regions"),
    "dash_map_municipalities": ("Χάρτης δήμων", "Map of the municipalities"),
    "dash_regions_table": ("Οι περιφέρειες", "The regions"),
    "dash_centres_ranked": (
        "Τα κέντρα, κατά τον επιλεγμένο δείκτη",
        "The centres, ranked by the chosen indicator",
    ),
    "dash_rank": ("Σειρά", "Rank"),
    "dash_name": ("Όνομα", "Name"),
    "dash_no_value": ("χωρίς τιμή", "no value"),
    "dash_figures_of": ("Οι τιμές ανά μήνα", "The figures by month"),
    "dash_in_time": ("εντός προθεσμίας", "in time"),
    "dash_late": ("εκπρόθεσμα", "late"),
    "dash_outcome_provided": ("παρασχέθηκε", "provided"),
    "dash_outcome_partly_provided": ("εν μέρει", "partly provided"),
    "dash_outcome_not_provided": ("δεν παρασχέθηκε", "not provided"),
    "dash_registered_month": ("Νέοι ωφελούμενοι ανά μήνα", "New beneficiaries by month"),
    "dash_answered_month": ("Απαντήσεις σε αιτήματα ανά μήνα", "Requests answered by month"),
    "dash_completed_month": ("Ολοκληρωμένες παραπομπές ανά μήνα", "Referrals completed by month"),
    "dash_overdue": ("Εκπρόθεσμα, τώρα", "Overdue now"),
    "dash_overdue_requests": ("Αιτήματα", "Requests"),
    "dash_overdue_referrals": ("Παραπομπές", "Referrals"),
    "dash_overdue_age": ("Πόσο καιρό", "For how long"),
    "dash_days_0_7": ("έως 7 ημέρες", "up to 7 days"),
    "dash_days_8_30": ("8–30 ημέρες", "8–30 days"),
    "dash_days_31": ("πάνω από 30 ημέρες", "over 30 days"),
    "dash_open_work": ("Άνοιγμα της λίστας «Η δουλειά μου»", "Open «My work»"),
    "dash_annual": ("Ετήσιος απολογισμός", "Annual report"),
    "dash_annual_formats": ("Και ως", "Also as"),
    "dash_boundaries": ("Όρια", "Boundaries"),
}
