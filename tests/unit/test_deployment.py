"""docker-compose.yml describes the same platform as ``make run``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from devstack import access
from devstack.identity import KEYCLOAK_VERSION
from devstack.kafka import SERVER_PROPERTIES
from devstack.processes import OBSERVATORY, SERVICES, WORKSPACE
from devstack.realm import import_file

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:  # type: ignore[type-arg]
    loaded: dict = yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # type: ignore[type-arg]
    return loaded


def test_compose_runs_every_service_on_its_port_with_kafka_postgres_and_prometheus() -> None:
    services = _compose()["services"]
    assert {"kafka", "postgres", "prometheus"} <= set(services)
    for spec in (*SERVICES, OBSERVATORY, WORKSPACE):
        service = services[spec.name]
        assert service["build"]["dockerfile"] == f"services/{spec.name}/Dockerfile"
        assert (ROOT / service["build"]["dockerfile"]).exists()
        assert service["ports"] == [f"{spec.port}:{spec.port}"]


def test_compose_imports_the_same_realm_as_make_run() -> None:
    """The committed realm file is what ``devstack.realm`` makes (its secrets placeholders),
    so the identity provider of compose and of ``make run`` cannot drift apart."""
    committed = (ROOT / "deploy/keycloak/realm-kk.json").read_text(encoding="utf-8")
    assert committed == import_file(), (
        "run: python -m devstack.realm > deploy/keycloak/realm-kk.json"
    )
    keycloak = _compose()["services"]["keycloak"]
    assert "--import-realm" in keycloak["command"]
    assert any("realm-kk.json:/opt/keycloak/data/import/" in v for v in keycloak["volumes"])
    assert keycloak["image"].endswith(":" + KEYCLOAK_VERSION)


def test_prometheus_scrapes_every_service() -> None:
    config = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    targets = {
        t for job in config["scrape_configs"] for c in job["static_configs"] for t in c["targets"]
    }
    assert targets == {f"{spec.name}:{spec.port}" for spec in (*SERVICES, OBSERVATORY, WORKSPACE)}


def _kafka_passwords() -> list[str]:
    return [
        "KAFKA_ADMIN_PASSWORD",
        "KAFKA_CONTROLLER_PASSWORD",
        *(access.password_variable(name) for name in access.principals()),
    ]


def test_compose_kafka_authenticates_and_authorises_as_make_runs_does() -> None:
    """The compose broker takes the same security settings as make run's, its setup step
    makes every principal, and each service connects as itself."""
    script = (ROOT / "deploy/kafka/compose-start.sh").read_text()
    for line in SERVER_PROPERTIES.splitlines():
        if line.startswith(("authorizer.", "allow.everyone", "super.users", "sasl.")):
            assert line in script, line
    assert "--add-scram" in script
    services = _compose()["services"]
    setup = services["kafka-setup"]["environment"]
    assert set(_kafka_passwords()) - {"KAFKA_CONTROLLER_PASSWORD"} <= set(setup) | {
        "KAFKA_ADMIN_PASSWORD"
    }
    for name in ("registry", "intake", "referral", "reporting", "observatory"):
        env = services[name]["environment"]
        assert env["KAFKA_USERNAME"] == name
        assert env["KAFKA_SECURITY_PROTOCOL"] == "SASL_PLAINTEXT"
        assert access.password_variable(name) in env["KAFKA_PASSWORD"]


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_accepts_the_file() -> None:
    command = _compose_command()
    if command is None:
        pytest.skip("no docker compose on this machine (make install adds it where docker is)")
    env = {
        "JWT_SECRET": "x" * 48,
        "INTAKE_CIPHER_KEY": "k",
        "INTAKE_PSEUDONYM_KEY": "k",
        "REFERRAL_CIPHER_KEY": "k",
        "REFERRAL_LINK_KEY": "k",
        "OIDC_CLIENT_SECRET": "k",
        "KEYCLOAK_ADMIN_PASSWORD": "k",
        "KK_DEV_USERS_PASSWORD": "k",
        "WORKSPACE_SESSION_KEY": "x" * 48,
        "OBSERVATORY_MASTER_SECRET": "x" * 48,
        **{v: "k" for v in _kafka_passwords()},
        "PATH": "/usr/local/bin:/usr/bin:/bin",
    }
    result = subprocess.run(
        [*command, "config", "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_docker_compose_refuses_to_start_without_secrets() -> None:
    command = _compose_command()
    if command is None:
        pytest.skip("no docker compose on this machine (make install adds it where docker is)")
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin"}
    result = subprocess.run(
        [*command, "config", "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "in .env" in result.stderr, "it names the secret to set"
