"""Every metric a Grafana dashboard names is exported by a running service: the services,
the workspace and the observatory are scraped as Prometheus scrapes them, and the names
their /metrics gives are compared with those the committed dashboards read (recording rules
and Prometheus' own ``up`` left out; tests/unit/test_dashboards.py checks those offline).

prometheus_client writes a family's ``# HELP`` and ``# TYPE`` even before it has a sample
(a labelled counter no one has counted yet, a query gauge over an empty table), so a family
counts as exported from the first scrape; each family's series are named by its type
(a counter's ``_total``, a histogram's ``_bucket``, ``_sum`` and ``_count``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import promql_parser
import pytest
from devstack.kafka import free_port
from devstack.processes import OBSERVATORY
from devstack.stack import Stack
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import Platform
from tests.unit.test_dashboards import _bare, _boards, dashboard_metrics

pytestmark = pytest.mark.e2e
SERIES = {
    "counter": ("_total",),
    "histogram": ("_bucket", "_sum", "_count"),
    "summary": ("", "_sum", "_count"),
    "info": ("_info",),
}
SCRAPE_LABELS = {"job", "instance"}
"""What Prometheus adds to every series it scrapes."""


@pytest.fixture(scope="module")
def observatory(stack: Stack) -> Iterator[str]:
    """The observatory's API, which exports the processor's metrics (its worker not run:
    it would route the session's events to the regions' streams)."""
    process, url = stack.start_api(OBSERVATORY, port=free_port(), worker_mode="off")
    yield url
    process.stop()


@pytest.fixture(scope="module")
def scraped(platform: Platform, workspace: str, observatory: str) -> dict[str, Any]:
    urls = {**platform.urls, "workspace": workspace, "observatory": observatory}
    families = {}
    for service, url in urls.items():
        response = httpx.get(url + "/metrics", timeout=10)
        assert response.status_code == 200, f"{service}: {response.status_code}"
        families[service] = list(text_string_to_metric_families(response.text))
    return families


def _series_names(families: list[Any]) -> set[str]:
    names: set[str] = set()
    for family in families:
        names |= {family.name + suffix for suffix in SERIES.get(family.type, ("",))}
        names |= {sample.name for sample in family.samples}
    return names


def test_every_metric_a_dashboard_names_is_exported(scraped: dict[str, Any]) -> None:
    exported = set().union(*(_series_names(f) for f in scraped.values()))
    named = dashboard_metrics()
    assert {"kk_dependency_up", "kk_http_request_duration_seconds_bucket"} <= named
    missing = named - exported
    assert missing == set(), f"dashboards read metrics no running service exports: {missing}"


def test_each_service_exports_its_own_gauges(scraped: dict[str, Any]) -> None:
    """A gauge counted by one service only is read from that one (Prometheus would find it
    anyway, but a dashboard's text says whose it is)."""
    own = {
        "registry": {"kk_registry_centres", "kk_registry_centre_info"},
        "intake": {"kk_intake_requests_overdue", "kk_intake_duplicate_reviews_open"},
        "referral": {"kk_referral_referrals", "kk_referral_referrals_overdue"},
        "reporting": {"kk_reporting_centre_last_activity_timestamp_seconds"},
        "observatory": {"kk_observatory_lag_messages", "kk_observatory_transactions_total"},
    }
    for service, names in own.items():
        missing = names - _series_names(scraped[service])
        assert missing == set(), f"{service} does not export {missing}"


def _named(expr: str) -> tuple[set[str], set[str]]:
    """The metrics an expression reads, and every label it names: in its selectors'
    matchers, its by (...), on (...) and group_left (...)."""
    metrics: set[str] = set()
    labels: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            metrics.add(str(node.name))  # never None: the unit test checks every selector
            labels.update(m.name for m in node.matchers.matchers)
        elif isinstance(node, promql_parser.AggregateExpr) and node.modifier:
            labels.update(node.modifier.labels)
        elif isinstance(node, promql_parser.BinaryExpr) and node.modifier:
            if node.modifier.matching:
                labels.update(node.modifier.matching.labels)
            labels.update(node.modifier.group_labels or [])

    promql_parser.walk(promql_parser.parse(expr), visit)
    return metrics, labels


def _as_prometheus_stores(labels: dict[str, str]) -> set[str]:
    """A scraped series' labels in Prometheus: a label named like one of the target's
    becomes exported_<label>, and the target's are added."""
    return {f"exported_{n}" if n in SCRAPE_LABELS else n for n in labels} | SCRAPE_LABELS


def test_the_labels_dashboards_name_are_the_ones_exported(scraped: dict[str, Any]) -> None:
    """Every label a query names (selectors, grouping, matching, its legend) is one of the
    labels of the metrics it reads, where they all have samples: a misspelt label would
    select or group nothing, silently."""
    stored: dict[str, set[str]] = {"up": set(SCRAPE_LABELS)}
    for families in scraped.values():
        for family in families:
            for sample in family.samples:
                stored.setdefault(sample.name, set()).update(_as_prometheus_stores(sample.labels))
    checked, wrong = 0, set()
    for board in _boards():
        for panel in board["panels"]:
            for target in panel.get("targets", []):
                metrics, labels = _named(_bare(target["expr"]))
                labels |= set(re.findall(r"\{\{ *(\w+) *\}\}", target["legendFormat"]))
                if not metrics <= stored.keys():
                    continue  # a recording rule, or a metric with no sample yet
                checked += 1
                known = set().union(*(stored[m] for m in metrics))
                wrong |= {(board["uid"], target["expr"], label) for label in labels - known}
    assert wrong == set()
    assert checked > 50, "most queries read metrics the session's activity has given samples"
