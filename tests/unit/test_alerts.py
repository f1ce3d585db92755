"""The alerts load and are tested: promtool checks every rule file and runs every rule
test (each alert firing, and not firing), and every alert says how bad it is, what it means
and where its runbook is."""

from __future__ import annotations

import shutil
import subprocess
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


def _alerts() -> list[dict[str, Any]]:
    return [
        rule
        for path in RULES
        for group in yaml.safe_load(path.read_text())["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]


def test_prometheus_loads_the_rule_files() -> None:
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    assert config["rule_files"] == ["rules/*.yml"]
    assert RULES, "no rule file under deploy/prometheus/rules"
    checked = _promtool("check", "rules", *(str(p.relative_to(PROMETHEUS)) for p in RULES))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_alert_fires_and_holds_in_promtools_tests() -> None:
    result = _promtool("test", "rules", *(str(p.relative_to(PROMETHEUS)) for p in TESTS))
    assert result.returncode == 0, result.stdout + result.stderr
    tested = "\n".join(p.read_text() for p in TESTS)
    untested = [a["alert"] for a in _alerts() if f"alertname: {a['alert']}" not in tested]
    assert untested == []


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
