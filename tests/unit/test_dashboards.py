"""The Grafana dashboards, checked offline (Grafana does not run here): the committed JSON is
what ``devstack.dashboards`` makes, every dashboard and panel is identified once, every
query parses as PromQL and reads the provisioned datasource, and every metric a panel names
is one the platform defines or a recording rule (tests/e2e/test_dashboard_metrics.py checks
the running services export them)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import promql_parser
import pytest
import yaml
from devstack import dashboards, grafana

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
GRAFANA = ROOT / "deploy" / "grafana"
FILES = sorted((GRAFANA / "dashboards").glob("*.json"))
# Grafana's own variables, as long as a window they stand for (they are not PromQL)
BUILTINS = {"$__rate_interval": "1m", "$__interval": "15s", "$__range": "6h"}
PROMETHEUS_OWN = {"up"}
"""Series Prometheus writes itself, not scraped from a service."""


def _boards() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in FILES]


def _panels(board: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in board["panels"]:
        yield panel
        yield from panel.get("panels", [])  # a collapsed row holds its panels


def queries(board: dict[str, Any]) -> Iterator[str]:
    """Every PromQL expression of a dashboard: its panels' and its variables' selectors
    (label_values(selector, label)), Grafana's variables replaced by what they stand for."""
    for panel in _panels(board):
        for target in panel.get("targets", []):
            yield _bare(target["expr"])
    for var in board["templating"]["list"]:
        found = re.fullmatch(r"label_values\((.+), *\w+\)", var["query"])
        assert found, f"{var['name']}: label_values(selector, label) expected"
        yield _bare(found[1])


def _bare(expr: str) -> str:
    for name, value in BUILTINS.items():
        expr = expr.replace(name, value)
    return expr


def metric_names(expr: str) -> set[str]:
    """The metrics an expression reads: its selectors' names, by walking the parsed query."""
    names: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            assert node.name, f"a selector without a metric name in {expr}"
            names.add(node.name)

    promql_parser.walk(promql_parser.parse(expr), visit)
    return names


def dashboard_metrics() -> set[str]:
    """Every metric the committed dashboards name, recording rules and Prometheus' own
    series left out: what the running services must export."""
    named = {name for board in _boards() for q in queries(board) for name in metric_names(q)}
    return named - recorded() - PROMETHEUS_OWN


def recorded() -> set[str]:
    return {
        rule["record"]
        for path in sorted((ROOT / "deploy/prometheus/rules").glob("*.yml"))
        for group in yaml.safe_load(path.read_text())["groups"]
        for rule in group["rules"]
        if "record" in rule
    }


def _defined() -> set[str]:
    """The metric families the platform's code defines (prometheus_client's Counter, Gauge,
    Histogram, or a collector's *MetricFamily / QueryGauge), with the series names each
    gives; and the process_* and python_* families prometheus_client exports itself."""
    sources = [*ROOT.glob("libs/*/src/**/*.py"), *ROOT.glob("services/*/src/**/*.py")]
    pattern = re.compile(
        r"\b(Counter|Gauge|Histogram|GaugeMetricFamily|QueryGauge)\(\s*(?:[\w.]+,\s*)?"
        r'"([a-z_:][a-z0-9_:]*)"'
    )
    suffixes = {"Counter": ("_total",), "Histogram": ("_bucket", "_sum", "_count")}
    names = {
        "process_cpu_seconds_total",
        "process_resident_memory_bytes",
        "process_virtual_memory_bytes",
        "process_open_fds",
        "process_start_time_seconds",
    }
    for path in sources:
        for kind, name in pattern.findall(path.read_text(encoding="utf-8")):
            family = name.removesuffix("_total") if kind == "Counter" else name
            names |= {family + s for s in suffixes.get(kind, ("",))}
    return names


def test_the_committed_dashboards_are_what_the_generator_makes() -> None:
    committed = {path.name: path.read_text(encoding="utf-8") for path in FILES}
    assert committed == dashboards.rendered(), "run: python -m devstack.dashboards"


def test_every_dashboard_is_valid_json_with_a_unique_uid_and_a_greek_title() -> None:
    boards = _boards()
    uids = [board["uid"] for board in boards]
    assert len(set(uids)) == len(uids)
    for path, board in zip(FILES, boards, strict=True):
        assert path.name == f"{board['uid']}.json"
        assert re.fullmatch(r"kk-[a-z0-9-]+", board["uid"])
        assert len(board["uid"]) <= 40  # Grafana's limit
        greek, _, english = board["title"].partition(" / ")
        assert re.search("[α-ωΑ-Ω]", greek), board["title"]
        assert english, board["title"]
        assert board["schemaVersion"] >= 39
        assert "id" not in board, "provisioned dashboards are found by uid"
        assert board["description"]


def test_the_expected_dashboards_are_there() -> None:
    uids = {board["uid"] for board in _boards()}
    services = {"registry", "intake", "referral", "reporting", "observatory", "workspace"}
    assert {"kk-overview", "kk-kafka-postgresql", "kk-business"} | {
        f"kk-{s}" for s in services
    } <= uids


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_panel_is_identified_once_described_and_measured(path: Path) -> None:
    board = json.loads(path.read_text(encoding="utf-8"))
    panels = list(_panels(board))
    ids = [panel["id"] for panel in panels]
    assert len(set(ids)) == len(ids)
    taken: set[tuple[int, int]] = set()
    for panel in panels:
        pos = panel["gridPos"]
        assert pos["x"] >= 0, panel["title"]
        assert pos["x"] + pos["w"] <= 24, panel["title"]
        cells = {(pos["x"] + i, pos["y"] + j) for i in range(pos["w"]) for j in range(pos["h"])}
        assert not cells & taken, f"{panel['title']} overlaps another panel"
        taken |= cells
        if panel["type"] == "row":
            continue
        assert panel["description"], panel["title"]
        assert panel["fieldConfig"]["defaults"]["unit"], panel["title"]
        assert panel["targets"], panel["title"]
        refs = [t["refId"] for t in panel["targets"]]
        assert len(set(refs)) == len(refs)


def _datasource_uids(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("datasource"), dict):
            yield node["datasource"]["uid"]
        elif "datasource" in node:
            yield str(node["datasource"])
        for value in node.values():
            yield from _datasource_uids(value)
    elif isinstance(node, list):
        for value in node:
            yield from _datasource_uids(value)


def test_every_query_reads_the_provisioned_datasource() -> None:
    provisioned = {
        source["uid"]: source
        for path in (GRAFANA / "provisioning" / "datasources").glob("*.yml")
        for source in yaml.safe_load(path.read_text())["datasources"]
    }
    assert provisioned[grafana.DATASOURCE_UID]["type"] == "prometheus"
    assert provisioned[grafana.DATASOURCE_UID]["url"] == "http://prometheus:9090"
    for board in _boards():
        assert set(_datasource_uids(board)) == {grafana.DATASOURCE_UID}, board["uid"]


def test_grafana_provisions_the_dashboards_folder_compose_mounts() -> None:
    providers = yaml.safe_load((GRAFANA / "provisioning/dashboards/kk.yml").read_text())
    [provider] = providers["providers"]
    assert provider["type"] == "file"
    assert provider["allowUiUpdates"] is False
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["grafana"]
    assert f"./deploy/grafana/dashboards:{provider['options']['path']}:ro" in compose["volumes"]
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in compose["volumes"]
    assert compose["image"].startswith("grafana/grafana-oss:")
    assert compose["image"].rsplit(":", 1)[1][0].isdigit(), "a pinned version, not latest"
    assert "prometheus" in compose["depends_on"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_query_parses_and_its_variables_are_defined(path: Path) -> None:
    board = json.loads(path.read_text(encoding="utf-8"))
    defined = {var["name"] for var in board["templating"]["list"]}
    for query in queries(board):
        try:
            promql_parser.parse(query)
        except ValueError as error:
            pytest.fail(f"{board['uid']}: {query}: {error}")
        used = set(re.findall(r"\$(\w+)", query))
        assert used <= defined, f"{board['uid']}: {query} uses undefined {used - defined}"


def test_every_metric_named_is_defined_by_the_platform_or_a_recording_rule() -> None:
    rules = recorded()
    assert {f"service:kk_http_requests:rate{w}" for w in ("5m", "30m", "1h", "6h", "3d")} <= rules
    named = {name for board in _boards() for q in queries(board) for name in metric_names(q)}
    assert named & rules, "the objectives' panels read the recording rules"
    assert dashboard_metrics() - _defined() == set()


def test_a_metric_no_one_defines_is_caught() -> None:
    assert metric_names('sum by (region) (kk_nothing * on (c) group_left (region) x{a="$b"})') == {
        "kk_nothing",
        "x",
    }
    assert "kk_http_request_duration_seconds_bucket" in _defined()
    assert "kk_nothing" not in _defined()
    with pytest.raises(ValueError, match=r"."):
        promql_parser.parse("sum by (region (kk_intake_requests_overdue)")
