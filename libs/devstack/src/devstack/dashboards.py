"""The platform's Grafana dashboards, written to deploy/grafana/dashboards/<uid>.json:
``python -m devstack.dashboards`` after changing them here (tests/unit/test_dashboards.py
fails while the committed files differ). Grafana provisions them read-only."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from devstack import business_dashboard, service_gauges
from devstack.grafana import CALLERS, RATE, Board, Q, thresholds, variable
from devstack.paths import REPO_ROOT
from devstack.service_dashboards import AVAILABILITY, LATENCY, UP_STEPS, slo_panels

DASHBOARDS_DIR = REPO_ROOT / "deploy" / "grafana" / "dashboards"
SERVICE = 'service=~"$service"'


def overview() -> Board:
    board = Board(
        uid="kk-overview",
        title="Επισκόπηση πλατφόρμας / Platform overview",
        description="Every service's objectives (99.5% of requests without a server error, "
        "99% within 1 s, over 30 days), traffic, errors and latency, and whether it is up.",
        variables=[
            variable(
                "service",
                "Service",
                "label_values(kk_http_request_duration_seconds_count, service)",
            )
        ],
    )
    board.row("Στόχοι / Service level objectives")
    slo_panels(board, SERVICE, "{{service}}")
    board.row("Κίνηση και σφάλματα / Traffic and errors")
    board.add(
        "timeseries",
        "Κίνηση / Requests",
        "Callers' requests per second by service, over 5 minutes (probes and scrapes left "
        "out: the recording rule service:kk_http_requests:rate5m).",
        [Q(f"service:kk_http_requests:rate5m{{{SERVICE}}}", "{{service}}")],
        unit="reqps",
        w=8,
    )
    board.add(
        "timeseries",
        "Σφάλματα / Server-error ratio",
        "Share of requests answered with a 5xx over 5 minutes; the objective allows 0.5%.",
        [Q(f"service:kk_http_errors:ratio_rate5m{{{SERVICE}}}", "{{service}}")],
        unit="percentunit",
        w=8,
        steps=thresholds(AVAILABILITY, 14.4 * AVAILABILITY),
    )
    board.add(
        "timeseries",
        "Αργά / Slow ratio",
        "Share of requests slower than 1 s over 5 minutes; the objective allows 1%.",
        [Q(f"service:kk_http_slow:ratio_rate5m{{{SERVICE}}}", "{{service}}")],
        unit="percentunit",
        w=8,
        steps=thresholds(LATENCY, 14.4 * LATENCY),
    )
    board.row("Καθυστέρηση / Latency")
    for q in (0.5, 0.95, 0.99):
        board.add(
            "timeseries",
            f"p{round(q * 100)}",
            f"The {round(q * 100)}th percentile of the time to answer, by service (from the "
            "histogram's buckets, so no finer than them).",
            [
                Q(
                    f"histogram_quantile({q}, sum by (le, service) (rate("
                    f"kk_http_request_duration_seconds_bucket{{{SERVICE}, {CALLERS}}}[{RATE}])))",
                    "{{service}}",
                )
            ],
            unit="s",
            w=8,
            steps=thresholds(0.5, 1),
        )
    board.row("Διεργασίες / Processes")
    board.add(
        "stat",
        "Σε λειτουργία / Up",
        "1 if Prometheus scraped the instance's /metrics last time (KKServiceDown after 2 "
        "minutes of 0).",
        [Q('up{job="kk-services"}', "{{instance}}")],
        unit="bool_yes_no",
        w=24,
        h=4,
        steps=UP_STEPS,
    )
    board.add(
        "timeseries",
        "Μνήμη / Resident memory",
        "Each instance's resident memory.",
        [Q('process_resident_memory_bytes{job="kk-services"}', "{{instance}}")],
        unit="bytes",
    )
    board.add(
        "timeseries",
        "CPU",
        "CPU seconds each instance uses per second (1 = one core).",
        [Q(f'rate(process_cpu_seconds_total{{job="kk-services"}}[{RATE}])', "{{instance}}")],
        unit="short",
    )
    return board


def kafka_postgresql() -> Board:
    board = Board(
        uid="kk-kafka-postgresql",
        title="Kafka και PostgreSQL / Kafka and PostgreSQL",
        description="The broker and the database as the platform sees them: no exporter runs "
        "beside them, so these are the services' own readiness checks, outbox relays and "
        "consumers. The brokers' and the server's internals need their own exporters.",
        tags=("infrastructure",),
    )
    board.row("Προσβασιμότητα / Reachability")
    for dependency in ("postgresql", "kafka"):
        board.add(
            "stat",
            f"{dependency}: reached by",
            f"1 if {dependency} answered each service's last readiness check (asked at every "
            "scrape): the worst replica's answer.",
            [
                Q(
                    f'min by (service) (kk_dependency_up{{dependency="{dependency}"}})',
                    "{{service}}",
                )
            ],
            unit="bool_yes_no",
            steps=UP_STEPS,
            h=4,
        )
    board.row("Kafka")
    board.add(
        "timeseries",
        "Δημοσιεύσεις / Published by topic",
        "Integration events the outbox relays had acknowledged by Kafka, per second.",
        [Q(f"sum by (topic) (rate(kk_relay_published_total[{RATE}]))", "{{topic}}")],
        unit="ops",
    )
    board.add(
        "timeseries",
        "Εφαρμογή / Applied by topic",
        "Messages the consumer groups applied to their read models, per second.",
        [Q(f"sum by (topic) (rate(kk_consumer_applied_total[{RATE}]))", "{{topic}}")],
        unit="ops",
    )
    board.add(
        "table",
        "Υστέρηση / Lag by group, topic and partition",
        "The partitions a consumer group has not caught up with, and how many messages it "
        "has still to apply (the consumers' view of the log end offsets).",
        [
            Q(
                "max by (service, group, topic, partition) (kk_consumer_lag_messages) > 0",
                instant=True,
                table=True,
            )
        ],
        unit="short",
    )
    board.add(
        "timeseries",
        "Παρατηρητήρια / Observatory lag by topic",
        "Messages of each platform topic the observatories' processor has not routed yet.",
        [
            Q(
                "sum by (topic) (max by (topic, partition) (kk_observatory_lag_messages))",
                "{{topic}}",
            )
        ],
        unit="short",
    )
    board.add(
        "timeseries",
        "Νεκρά γράμματα / Dead letters by topic",
        "Messages set aside on a dead-letter topic in the last hour, by their topic.",
        [
            Q("sum by (topic) (increase(kk_consumer_dead_letters_total[1h]))", "{{topic}}"),
            Q(
                "sum by (topic) (increase(kk_observatory_dead_letters_total[1h]))",
                "{{topic}} (obs.)",
            ),
        ],
        unit="short",
    )
    board.add(
        "timeseries",
        "Σφάλματα relay / Relay errors",
        "Relay rounds per second that Kafka did not acknowledge (retried).",
        [Q(f"sum by (service) (rate(kk_relay_errors_total[{RATE}]))", "{{service}}")],
        unit="ops",
    )
    board.row("PostgreSQL")
    board.add(
        "timeseries",
        "Καταχωρίσεις / Events appended",
        "Events written to each service's event store per second: the database's writes.",
        [Q(f"sum by (service) (rate(kk_events_appended_total[{RATE}]))", "{{service}}")],
        unit="ops",
        w=8,
    )
    board.add(
        "timeseries",
        "Outbox",
        "Events stored that no relay has published yet, counted in the database.",
        [Q("max by (service) (kk_outbox_unpublished_events)", "{{service}}")],
        unit="short",
        w=8,
        steps=thresholds(100, 1000),
    )
    board.add(
        "timeseries",
        "Εγγραφές p99 / Writes p99",
        "99th percentile of the time to answer a write (POST, PUT, PATCH, DELETE): the "
        "event store's append is most of it.",
        [
            Q(
                "histogram_quantile(0.99, sum by (le, service) (rate("
                f'kk_http_request_duration_seconds_bucket{{method=~"POST|PUT|PATCH|DELETE", '
                f"{CALLERS}}}[{RATE}])))",
                "{{service}}",
            )
        ],
        unit="s",
        w=8,
    )
    board.add(
        "timeseries",
        "503",
        "Requests per second answered 503: what a database out of reach looks like to the "
        "callers (the services stay up and say so).",
        [
            Q(
                "sum by (service) (rate(kk_http_request_duration_seconds_count"
                f'{{status="503", {CALLERS}}}[{RATE}]))',
                "{{service}}",
            )
        ],
        unit="reqps",
    )
    board.add(
        "timeseries",
        "Μισθώσεις / Leases held",
        "Jobs run by one replica at a time hold a PostgreSQL advisory lock: which instance "
        "holds each.",
        [
            Q(
                "max by (service, lease, instance) (kk_worker_lease_held) > 0",
                "{{service}} {{lease}} {{instance}}",
            )
        ],
        unit="short",
    )
    return board


def boards() -> list[Board]:
    return [
        overview(),
        *service_gauges.boards(),
        kafka_postgresql(),
        business_dashboard.business(),
    ]


def rendered() -> dict[str, str]:
    """Each dashboard's file name and text, as committed."""
    return {
        f"{b.uid}.json": json.dumps(b.json(), indent=2, ensure_ascii=False) + "\n" for b in boards()
    }


def write(directory: Path = DASHBOARDS_DIR) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for stale in set(p.name for p in directory.glob("*.json")) - set(rendered()):
        (directory / stale).unlink()
    for name, text in rendered().items():
        (directory / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else DASHBOARDS_DIR)
