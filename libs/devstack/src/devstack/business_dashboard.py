"""The centres' work as the platform sees it, by region: overdue requests and referrals,
silent centres, centres without a head social worker. The services count per centre; the
registry's kk_registry_centre_info{centre_id, region} places each centre in its region.
Every replica exports the same counts (read from the database): the largest per centre, never
their sum."""

from __future__ import annotations

from devstack.grafana import Board, Q, thresholds, variable

SILENT_AFTER = 48 * 3600
"""A centre that has recorded nothing for 48 hours is silent here; the alert KKCentreSilent
counts working days instead (72 h on Saturday, 96 h from Sunday to Tuesday)."""
REGION = 'region=~"$region"'
INFO = f"max by (centre_id, region) (kk_registry_centre_info{{{REGION}}})"
SILENT = (
    f"max by (centre_id, region) (time() - "
    f"kk_reporting_centre_last_activity_timestamp_seconds{{{REGION}}}) > {SILENT_AFTER}"
)
HEADLESS = 'max(kk_registry_centres{status="operating", compliance="non_compliant"})'


def in_regions(metric: str) -> str:
    """A per-centre count summed by region, $region chosen."""
    return (
        f"sum by (region) (max by (centre_id) ({metric}) "
        f"* on (centre_id) group_left (region) {INFO})"
    )


OVERDUE = {
    "requests": "kk_intake_requests_overdue",
    "referrals": "kk_referral_referrals_overdue",
}
WHAT = {
    "requests": "Requests past their 10-working-day due date with no answer to the citizen",
    "referrals": "Accepted referrals past their completion deadline",
}
GREEK = {"requests": "Εκπρόθεσμα αιτήματα", "referrals": "Εκπρόθεσμες παραπομπές"}


def business() -> Board:
    board = Board(
        uid="kk-business",
        title="Κέντρα Κοινότητας / Community Centres at work",
        description="Overdue requests and referrals by region, silent centres and centres "
        "without a head social worker: what regional directorates and the ministry follow.",
        variables=[
            variable(
                "region", "Περιφέρεια / Region", "label_values(kk_registry_centre_info, region)"
            )
        ],
        tags=("business",),
    )
    board.row("Σύνοψη / Summary")
    for key, metric in OVERDUE.items():
        board.add(
            "stat",
            f"{GREEK[key]} / Overdue {key}",
            f"{WHAT[key]}, in the regions chosen.",
            [Q(f"sum({in_regions(metric)}) or vector(0)", key)],
            unit="short",
            w=6,
            steps=thresholds(1, 50),
        )
    board.add(
        "stat",
        "Σιωπηλά κέντρα / Silent centres",
        "Operating centres that have recorded nothing (no registration, request, referral or "
        "enrolment) for more than 48 hours, in the regions chosen. Weekends make some.",
        [Q(f"count({SILENT}) or vector(0)", "silent")],
        unit="short",
        w=6,
        steps=thresholds(1, 10),
    )
    board.add(
        "stat",
        "Χωρίς κοινωνικό λειτουργό / Without a head social worker",
        "Operating centres with no social worker at their head, which the law requires: "
        "nationwide (the registry counts them without a region).",
        [Q(f"{HEADLESS} or vector(0)", "centres")],
        unit="short",
        w=6,
        steps=thresholds(1, 5),
    )
    board.row("Ανά περιφέρεια / By region")
    for key, metric in OVERDUE.items():
        board.add(
            "bargauge",
            f"{GREEK[key]} ανά περιφέρεια / Overdue {key} by region",
            f"{WHAT[key]}, by region now. A region with none is not listed.",
            [Q(in_regions(metric), "{{region}}", instant=True)],
            unit="short",
            steps=thresholds(10, 50),
        )
    for key, metric in OVERDUE.items():
        board.add(
            "timeseries",
            f"{GREEK[key]} / Overdue {key} over time",
            f"{WHAT[key]}, by region over time: a rising line is a region falling behind.",
            [Q(in_regions(metric), "{{region}}")],
            unit="short",
        )
    board.row("Σιωπηλά κέντρα / Silent centres")
    board.add(
        "table",
        "Σιωπηλά κέντρα / Silent centres",
        "Each operating centre that has recorded nothing for more than 48 hours, with how "
        "long it has been silent (its latest fact, or its registration if none).",
        [Q(SILENT, instant=True, table=True)],
        unit="s",
        h=10,
    )
    board.add(
        "timeseries",
        "Σιωπηλά ανά περιφέρεια / Silent centres by region",
        "How many operating centres of each region had been silent for 48 hours, over time.",
        [Q(f"count by (region) ({SILENT})", "{{region}}")],
        unit="short",
        h=10,
    )
    board.row("Στελέχωση και παραπομπές / Staffing and referrals")
    board.add(
        "timeseries",
        "Χωρίς κοινωνικό λειτουργό / Without a head social worker",
        "Operating centres without a head social worker over time (KKCentresWithoutHead"
        "SocialWorker after a day).",
        [Q(HEADLESS, "operating, non compliant")],
        unit="short",
        steps=thresholds(1, 5),
    )
    board.add(
        "timeseries",
        "Παραπομπές / Referrals by status",
        "Referrals nationwide by where they stand (sent, accepted, in service, completed...).",
        [Q("sum by (status) (max by (body_category, status) (kk_referral_referrals))")],
        unit="short",
    )
    board.add(
        "bargauge",
        "Παραπομπές ανά φορέα / Referrals by body category",
        "Referrals nationwide by the receiving body's category.",
        [
            Q(
                "sum by (body_category) (max by (body_category, status) (kk_referral_referrals))",
                "{{body_category}}",
                instant=True,
            )
        ],
        unit="short",
    )
    board.add(
        "bargauge",
        "Πιθανά διπλότυπα / Duplicate reviews open by region",
        "Files flagged as likely duplicates awaiting a social worker's review, by region.",
        [Q(in_regions("kk_intake_duplicate_reviews_open"), "{{region}}", instant=True)],
        unit="short",
    )
    return board
