"""One dashboard per service: its objectives, its routes' traffic, errors and latency, the
events it stores and relays, the consumers of its read models, then its own gauges
(devstack.service_gauges). The overview reuses the objectives' panels."""

from __future__ import annotations

from collections.abc import Callable

from devstack.grafana import CALLERS, RATE, Board, Q, thresholds, variable
from devstack.processes import SERVICES

PRODUCERS = tuple(spec.name for spec in SERVICES if spec.produces)
CONSUMERS = ("registry", "intake", "referral", "reporting")
"""Those that keep read models from the topics (the registry's catalogue is one too)."""
AVAILABILITY, LATENCY = 0.005, 0.01
"""The error budgets of the objectives (deploy/prometheus/rules/slo.yml): 99.5% answered
without a server error, 99% within 1 s."""


def budget_left(ratio: str, budget: float, selector: str) -> str:
    """The share of the 30 days' error budget left: the hourly ratios weighed by the hourly
    traffic, over 30 days of hours (as much as Prometheus keeps). An hour without requests
    has no ratio (0/0, NaN, which would spoil the sum): ``>= 0`` leaves it out."""
    requests = f"service:kk_http_requests:rate1h{{{selector}}}"
    ratios = f"(service:{ratio}:ratio_rate1h{{{selector}}} >= 0)"
    return (
        f"1 - (sum_over_time(({ratios} * {requests})[30d:1h])"
        f" / sum_over_time({requests}[30d:1h])) / {budget}"
    )


def burn(ratio: str, budget: float, selector: str, by: str) -> list[Q]:
    """How many times faster than the objective allows the budget burns: 14.4 over an hour
    and 6 over six hours page (the alerts' thresholds, drawn dashed)."""
    return [
        Q(f"service:{ratio}:ratio_rate{w}{{{selector}}} / {budget}", f"{by} {w}")
        for w in ("1h", "6h")
    ]


BURN_STEPS = thresholds(6, 14.4)
BUDGET_STEPS = thresholds(0, 0.25, colours=("red", "yellow", "green"))
UP_STEPS = thresholds(1, colours=("red", "green"))


def slo_panels(board: Board, selector: str, by: str) -> None:
    for name, ratio, budget in (
        ("Διαθεσιμότητα / Availability", "kk_http_errors", AVAILABILITY),
        ("Καθυστέρηση / Latency", "kk_http_slow", LATENCY),
    ):
        board.add(
            "stat",
            f"{name}: budget left (30 d)",
            "Share of the 30 days' error budget not yet spent (below 0: the objective is "
            "missed). Availability: 99.5% of requests without a server error; latency: 99% "
            "within 1 s.",
            [Q(budget_left(ratio, budget, selector), by)],
            unit="percentunit",
            w=6,
            steps=BUDGET_STEPS,
            decimals=1,
        )
        board.add(
            "timeseries",
            f"{name}: burn rate",
            "The budget's burn rate over 1 h and 6 h (1 = spent in exactly 30 days); the "
            "alerts page at 14.4 (1 h) and 6 (6 h).",
            burn(ratio, budget, selector, by),
            unit="x",
            w=6,
            steps=BURN_STEPS,
        )


def http_panels(board: Board, sel: str) -> None:
    """A service's routes, $route chosen; sel selects its series."""
    count = f"kk_http_request_duration_seconds_count{{{sel}, {CALLERS}}}"
    errors = f'kk_http_request_duration_seconds_count{{{sel}, {CALLERS}, status=~"5.."}}'
    buckets = f"kk_http_request_duration_seconds_bucket{{{sel}, {CALLERS}}}"
    board.row("HTTP")
    board.add(
        "timeseries",
        "Αιτήματα / Requests by route",
        "Requests per second by method and route template (probes and scrapes left out).",
        [Q(f"sum by (method, route) (rate({count}[{RATE}]))", "{{method}} {{route}}")],
        unit="reqps",
    )
    board.add(
        "timeseries",
        "Απαντήσεις / Responses by status",
        "Responses per second by status code: 4xx are the callers' mistakes, 5xx the "
        "service's (they spend the availability budget; 503 when a dependency is away).",
        [Q(f"sum by (status) (rate({count}[{RATE}]))", "{{status}}")],
        unit="reqps",
    )
    board.add(
        "timeseries",
        "Σφάλματα / Server errors by route",
        "Share of each route's requests answered with a 5xx.",
        [
            Q(
                f"sum by (route) (rate({errors}[{RATE}])) / sum by (route) (rate({count}[{RATE}]))",
                "{{route}}",
            )
        ],
        unit="percentunit",
        steps=thresholds(AVAILABILITY, 0.05),
    )
    board.add(
        "timeseries",
        "Καθυστέρηση / Latency p95 by route",
        "95th percentile of the time to answer, by route (from the histogram's buckets; "
        "the objective is 99% within 1 s).",
        [
            Q(
                f"histogram_quantile(0.95, sum by (le, route) (rate({buckets}[{RATE}])))",
                "{{route}}",
            )
        ],
        unit="s",
        steps=thresholds(0.5, 1),
    )


def event_panels(board: Board, service: str) -> None:
    sel = f'service="{service}"'
    board.row("Γεγονότα / Events")
    board.add(
        "timeseries",
        "Καταχωρίσεις / Events appended",
        "Domain events stored in the service's event store per second, by type.",
        [Q(f"sum by (event_type) (rate(kk_events_appended_total{{{sel}}}[{RATE}]))")],
        unit="ops",
    )
    board.add(
        "timeseries",
        "Εκκρεμή / Waiting for the relay",
        "Events stored and not yet published: counted in the database by the API (even "
        "with no relay running) and by the relay itself. KKRelayLagging above 1,000.",
        [
            Q(f"max(kk_outbox_unpublished_events{{{sel}}})", "in the database"),
            Q(f"max(kk_relay_lag_events{{{sel}}})", "as the relay sees it"),
        ],
        unit="short",
        steps=thresholds(100, 1000),
    )
    board.add(
        "timeseries",
        "Δημοσιεύσεις / Published to Kafka",
        "Integration events acknowledged by Kafka per second, by topic.",
        [Q(f"sum by (topic) (rate(kk_relay_published_total{{{sel}}}[{RATE}]))", "{{topic}}")],
        unit="ops",
    )
    board.add(
        "timeseries",
        "Σφάλματα relay / Relay errors, lease",
        "Failed relay rounds per second (retried), and which replica holds each job's "
        "lease (one at a time runs the relay).",
        [
            Q(f"sum(rate(kk_relay_errors_total{{{sel}}}[{RATE}]))", "failed rounds/s"),
            Q(
                f"max by (lease, instance) (kk_worker_lease_held{{{sel}}})",
                "{{lease}} {{instance}}",
            ),
        ],
        unit="short",
    )


def consumer_panels(board: Board, service: str) -> None:
    sel = f'service="{service}"'
    board.row("Καταναλωτές / Consumers")
    board.add(
        "timeseries",
        "Υστέρηση / Consumer lag",
        "Messages not yet applied to the read models, by group and topic (one replica per "
        "partition). KKConsumerLagging above 5,000.",
        [
            Q(
                "sum by (group, topic) (max by (group, topic, partition) "
                f"(kk_consumer_lag_messages{{{sel}}}))",
                "{{group}} {{topic}}",
            )
        ],
        unit="short",
        steps=thresholds(1000, 5000),
    )
    board.add(
        "timeseries",
        "Εφαρμογή / Applied, duplicates, dead letters",
        "Messages applied per second by group and topic; duplicates skipped (delivered "
        "again, applied once); messages set aside on the dead-letter topic in the last hour.",
        [
            Q(
                f"sum by (group, topic) (rate(kk_consumer_applied_total{{{sel}}}[{RATE}]))",
                "applied {{group}} {{topic}}",
            ),
            Q(
                f"sum by (group) (rate(kk_consumer_duplicates_total{{{sel}}}[{RATE}]))",
                "duplicates {{group}}",
            ),
            Q(
                f"sum by (topic) (increase(kk_consumer_dead_letters_total{{{sel}}}[1h]))",
                "dead letters/h {{topic}}",
            ),
        ],
        unit="short",
    )


Extra = Callable[[Board], None]


def service_board(name: str, title: str, gauges: Extra | None = None) -> Board:
    sel = f'service="{name}"'
    board = Board(
        uid=f"kk-{name}",
        title=title,
        description=f"The {name} service: its objectives, routes, events and read models.",
        variables=[
            variable(
                "route",
                "Route",
                f"label_values(kk_http_request_duration_seconds_count{{{sel}}}, route)",
            )
        ],
        tags=("service",),
    )
    board.row("Κατάσταση / Health")
    slo_panels(board, sel, name)
    board.add(
        "stat",
        "Εξαρτήσεις / Dependencies",
        "1 if the dependency answered the service's last readiness check (asked at every "
        "scrape), 0 if not: the worst replica's answer.",
        [Q(f"min by (dependency) (kk_dependency_up{{{sel}}})", "{{dependency}}")],
        unit="bool_yes_no",
        w=24,
        h=4,
        steps=UP_STEPS,
    )
    http_panels(board, f'{sel}, route=~"$route"')
    if name in PRODUCERS:
        event_panels(board, name)
    if name in CONSUMERS:
        consumer_panels(board, name)
    if gauges:
        board.row("Μετρήσεις / The service's own gauges")
        gauges(board)
    return board
