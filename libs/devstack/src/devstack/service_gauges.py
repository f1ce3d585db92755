"""The gauges particular to each service, on its dashboard: the registry's centres, intake's
and referral's overdue work, reporting's silent centres; and the observatories' stream
processor, which serves no traffic to speak of and has a dashboard of its own."""

from __future__ import annotations

from devstack.grafana import RATE, Board, Q, thresholds
from devstack.processes import SERVICES, WORKSPACE
from devstack.service_dashboards import UP_STEPS, Extra, service_board


def observatory_board() -> Board:
    board = Board(
        uid="kk-observatory",
        title="Παρατηρητήρια / Observatories",
        description="The stream processor that routes the platform's events, minimised and "
        "pseudonymised, to each region's stream.",
        tags=("service",),
    )
    board.row("Ροές / Streams")
    board.add(
        "timeseries",
        "Υστέρηση / Lag by topic",
        "Messages of the platform's topics not yet routed. KKObservatoryLagging above 5,000.",
        [
            Q(
                "sum by (topic) (max by (topic, partition) (kk_observatory_lag_messages))",
                "{{topic}}",
            )
        ],
        unit="short",
        steps=thresholds(1000, 5000),
    )
    board.add(
        "timeseries",
        "Καθυστέρηση περιφέρειας / Region lag",
        "How long ago the last event routed to each region's stream was published.",
        [Q("max by (region) (kk_observatory_region_lag_seconds)", "{{region}}")],
        unit="s",
    )
    board.add(
        "timeseries",
        "Φρεσκάδα / Freshness p95",
        "95th percentile, by region, of the time from an event's publication to its "
        "record's commit on the region's stream.",
        [
            Q(
                "histogram_quantile(0.95, sum by (le, region) "
                f"(rate(kk_observatory_freshness_seconds_bucket[{RATE}])))",
                "{{region}}",
            )
        ],
        unit="s",
    )
    board.add(
        "timeseries",
        "Εγγραφές / Records and transactions",
        "Records written per second by region and entity, and the processor's "
        "transactions (none while messages wait: KKObservatoryStuck).",
        [
            Q(
                f"sum by (region, entity) (rate(kk_observatory_records_total[{RATE}]))",
                "{{region}} {{entity}}",
            ),
            Q(f"sum(rate(kk_observatory_transactions_total[{RATE}]))", "transactions"),
        ],
        unit="ops",
    )
    board.add(
        "timeseries",
        "Απορρίψεις / Dropped by rule, dead letters",
        "Events given to no observatory per second, by the minimisation rule that drops "
        "them; events that could not be read or routed, in the last hour.",
        [
            Q(f"sum by (rule) (rate(kk_observatory_dropped_total[{RATE}]))", "{{rule}}"),
            Q(
                "sum by (topic) (increase(kk_observatory_dead_letters_total[1h]))",
                "dead letters/h {{topic}}",
            ),
        ],
        unit="short",
    )
    board.add(
        "stat",
        "Kafka",
        "1 if Kafka answered the observatory's last readiness check.",
        [Q('min(kk_dependency_up{service="observatory"})', "kafka")],
        unit="bool_yes_no",
        steps=UP_STEPS,
    )
    return board


def _registry(board: Board) -> None:
    board.add(
        "table",
        "Κέντρα / Centres by status and staffing",
        "Centres by status and compliance (non_compliant: no head social worker).",
        [Q("max by (status, compliance) (kk_registry_centres)", instant=True, table=True)],
        unit="short",
    )
    board.add(
        "bargauge",
        "Κέντρα ανά περιφέρεια / Centres by region",
        "Centres registered in each region.",
        [
            Q(
                "count by (region) (max by (centre_id, region) (kk_registry_centre_info))",
                "{{region}}",
                instant=True,
            )
        ],
        unit="short",
    )


def _overdue(metric: str, what: str) -> Extra:
    def gauges(board: Board) -> None:
        board.add(
            "timeseries",
            f"Εκπρόθεσμα / Overdue {what}",
            f"Open {what} past their deadline, nationwide (each replica reports the same "
            "counts: the largest per centre).",
            [Q(f"sum(max by (centre_id) ({metric}))", "overdue")],
            unit="short",
        )
        board.add(
            "table",
            "Κέντρα / Centres with the most",
            f"The ten centres with the most overdue {what}.",
            [Q(f"topk(10, max by (centre_id) ({metric}))", instant=True, table=True)],
            unit="short",
        )

    return gauges


def _intake(board: Board) -> None:
    _overdue("kk_intake_requests_overdue", "requests")(board)
    board.add(
        "timeseries",
        "Πιθανά διπλότυπα / Duplicate reviews open",
        "Files flagged as likely duplicates (same names and birth date) awaiting review.",
        [Q("sum(max by (centre_id) (kk_intake_duplicate_reviews_open))", "open")],
        unit="short",
    )


def _referral(board: Board) -> None:
    _overdue("kk_referral_referrals_overdue", "referrals")(board)
    board.add(
        "timeseries",
        "Παραπομπές / Referrals by status",
        "Referrals by where they stand, all bodies' categories together.",
        [Q("sum by (status) (max by (body_category, status) (kk_referral_referrals))")],
        unit="short",
    )


def _reporting(board: Board) -> None:
    board.add(
        "table",
        "Σιωπηλά κέντρα / Longest silent centres",
        "The ten operating centres heard of longest ago: time since their latest fact.",
        [
            Q(
                "topk(10, max by (centre_id, region) "
                "(time() - kk_reporting_centre_last_activity_timestamp_seconds))",
                instant=True,
                table=True,
            )
        ],
        unit="s",
    )


def boards() -> list[Board]:
    gauges: dict[str, Extra] = {
        "registry": _registry,
        "intake": _intake,
        "referral": _referral,
        "reporting": _reporting,
    }
    made = [service_board(s.name, s.title, gauges.get(s.name)) for s in (*SERVICES, WORKSPACE)]
    return [*made, observatory_board()]
