"""The alerts load and are tested: promtool checks every rule file and runs every rule
test (each alert firing, and not firing), and every alert says how bad it is, what it means
and where its runbook is."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "deploy" / "prometheus"
RULES = sorted((PROMETHEUS / "rules").glob("*.yml"))
TESTS = sorted((PROMETHEUS / "tests").glob("*_test.yml"))


def _promtool(*args: str, cwd: Path = PROMETHEUS) -> subprocess.CompletedProcess[str]:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool is missing (make install puts Debian's prometheus package there)")
    return subprocess.run([promtool, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def _rules() -> list[dict[str, Any]]:
    return [
        rule
        for path in RULES
        for group in yaml.safe_load(path.read_text())["groups"]
        for rule in group["rules"]
    ]


def _alerts() -> list[dict[str, Any]]:
    return [rule for rule in _rules() if "alert" in rule]


def test_prometheus_loads_the_rule_files() -> None:
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    assert config["rule_files"] == ["rules/*.yml"]
    assert RULES, "no rule file under deploy/prometheus/rules"
    checked = _promtool("check", "rules", *(str(p.relative_to(PROMETHEUS)) for p in RULES))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_no_rule_file_lies_where_prometheus_does_not_load_it() -> None:
    """Compose mounts rules/ beside prometheus.yml; a rule file anywhere else is never read."""
    stray = {
        p.relative_to(PROMETHEUS).as_posix()
        for p in PROMETHEUS.rglob("*.y*ml")
        if p.parent.name not in ("rules", "tests") and p.name != "prometheus.yml"
    }
    assert stray == set()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    mounts = compose["services"]["prometheus"]["volumes"]
    assert "./deploy/prometheus/rules:/etc/prometheus/rules:ro" in mounts


def test_every_alert_fires_and_holds_in_promtools_tests() -> None:
    result = _promtool("test", "rules", *(str(p.relative_to(PROMETHEUS)) for p in TESTS))
    assert result.returncode == 0, result.stdout + result.stderr
    # each alert is shown firing at some time, and quiet at another
    seen: dict[str, set[bool]] = defaultdict(set)
    for path in TESTS:
        for test in yaml.safe_load(path.read_text())["tests"]:
            for case in test.get("alert_rule_test", []):
                seen[case["alertname"]].add(bool(case["exp_alerts"]))
    untested = [a["alert"] for a in _alerts() if seen[a["alert"]] != {True, False}]
    assert untested == []


def test_every_recorded_series_an_alert_reads_is_recorded() -> None:
    """Recording rules are named level:metric:operations; a typo would leave an alert that
    reads nothing and never fires."""
    recorded = {rule["record"] for rule in _rules() if "record" in rule}
    read = {
        name
        for alert in _alerts()
        for name in re.findall(r"[a-z_]+:[a-z_]+:[a-z_0-9]+", alert["expr"])
    }
    assert read, "no alert reads a recording rule"
    assert read - recorded == set()


@pytest.mark.parametrize("alert", _alerts(), ids=lambda a: a["alert"])
def test_every_alert_says_how_bad_what_and_where_to_read(alert: dict[str, Any]) -> None:
    assert alert["alert"].startswith("KK")
    assert alert["alert"].isalnum()
    assert alert["labels"]["severity"] in ("critical", "warning")
    annotations = alert["annotations"]
    assert annotations["summary"]
    assert annotations["description"]
    runbook = annotations["runbook_url"]
    assert runbook == f"docs/runbooks/{alert['alert']}.md"
    assert (ROOT / runbook).exists(), f"{runbook} is missing"


def test_a_broken_rule_test_fails(tmp_path: Path) -> None:
    """promtool's tests can fail: an alert expected where none fires is reported."""
    copy = tmp_path / "prometheus"
    shutil.copytree(PROMETHEUS, copy)
    test = copy / "tests" / "observatory_test.yml"
    original = test.read_text()
    quiet = "- eval_time: 10m\n        alertname: KKObservatoryLagging\n        exp_alerts: []"
    assert quiet in original
    test.write_text(
        original.replace(quiet, quiet.replace("exp_alerts: []", "exp_alerts: [{exp_labels: {}}]"))
    )
    result = _promtool("test", "rules", str(test), cwd=copy)
    assert result.returncode != 0
