"""The Kubernetes chart (deploy/helm/kk) renders, lints and validates offline, and says what
the platform needs: helm lint --strict, helm template, kubeconform -strict against Kubernetes'
schemas (the kubernetes-validate wheel's) and the operators' CRD schemas kept beside the chart,
then the rendered objects read back: hardened, probed Deployments, a namespace that denies by
default, and Kafka topics, users and ACLs exactly as ``devstack.access`` has them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from devstack import access, kubernetes
from servicekit.kafka import KafkaSecurity, TopicDurability

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "rules"
SERVICES = ("registry", "intake", "referral", "reporting", "observatory")
WORKLOADS = {*SERVICES, *(f"{s}-worker" for s in SERVICES), "workspace"}


def _tools() -> None:
    for name in kubernetes.TOOLS:
        if kubernetes.tool(name) is None:
            pytest.fail(
                f"{name} is missing (make test builds it: deploy/scripts/install-tools.sh --checks)"
            )


@pytest.fixture(scope="module")
def manifests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _tools()
    rendered = kubernetes.render()
    assert rendered.returncode == 0, rendered.stderr
    path = tmp_path_factory.mktemp("chart") / "kk.yaml"
    path.write_text(rendered.stdout, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return kubernetes.kubernetes_schemas(tmp_path_factory.mktemp("schemas"))


@pytest.fixture(scope="module")
def objects(manifests: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(manifests.read_text(encoding="utf-8")) if d]


def _of(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def _containers(objects: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any], dict]]:  # type: ignore[type-arg]
    for o in objects:
        if o["kind"] in ("Deployment", "Job"):
            pod = o["spec"]["template"]["spec"]
            for container in pod["containers"]:
                yield o["metadata"]["name"], pod, container


def test_the_kafka_data_is_what_devstack_access_makes() -> None:
    """Topics, users and ACLs have one source; the chart's copy cannot drift from it."""
    committed = kubernetes.KAFKA_DATA.read_text(encoding="utf-8")
    assert committed == kubernetes.kafka_file(), "run: python -m devstack.kubernetes"


def test_the_chart_lints_strictly() -> None:
    _tools()
    linted = kubernetes.lint()
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_kubeconform_accepts_every_manifest_strictly(manifests: Path, schemas: Path) -> None:
    result = kubernetes.kubeconform(manifests, schemas)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Invalid: 0, Errors: 0, Skipped: 0" in result.stdout


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true"),  # a misspelt field
        ("patternType: prefix", "patternType: prefixed"),  # not a Strimzi pattern type
        ("instances: 3", "instances: three"),  # CloudNativePG wants a number
    ],
)
def test_kubeconform_rejects_a_broken_manifest(
    manifests: Path, schemas: Path, tmp_path: Path, old: str, new: str
) -> None:
    text = manifests.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = kubernetes.kubeconform(broken, schemas)
    assert result.returncode != 0
    assert "Invalid: 1," in result.stdout, result.stdout


def test_every_service_and_worker_runs_scaled_and_monitored(objects: list[dict[str, Any]]) -> None:
    deployments = _of(objects, "Deployment")
    assert set(deployments) == WORKLOADS
    autoscaled = _of(objects, "HorizontalPodAutoscaler")
    assert set(autoscaled) == WORKLOADS - {"observatory-worker"}
    assert all(h["spec"]["minReplicas"] >= 2 for h in autoscaled.values())
    # the observatories' processor: exactly one, never two even while it is replaced
    assert deployments["observatory-worker"]["spec"]["replicas"] == 1
    assert deployments["observatory-worker"]["spec"]["strategy"] == {"type": "Recreate"}
    assert set(_of(objects, "PodDisruptionBudget")) == WORKLOADS
    monitors = _of(objects, "ServiceMonitor")
    assert set(monitors) == WORKLOADS
    for monitor in monitors.values():  # the job the alerts know the platform's targets by
        (endpoint,) = monitor["spec"]["endpoints"]
        assert {"targetLabel": "job", "replacement": "kk-services"} in endpoint["relabelings"]
        assert endpoint["honorLabels"] is True  # "service" is the metrics' own, not the Service's
    for name, _, container in _containers(objects):
        env = {e["name"]: e.get("value") for e in container["env"]}
        if name in SERVICES:
            assert env["WORKER_MODE"] == "off", name
        if name.endswith("-worker"):
            assert container["command"][-1].endswith(".worker")


def test_every_container_is_probed_limited_and_unprivileged(
    objects: list[dict[str, Any]],
) -> None:
    seen = set()
    for name, pod, container in _containers(objects):
        seen.add(name)
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] >= 10000, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert pod["automountServiceAccountToken"] is False, name
        security = container["securityContext"]
        assert security["runAsNonRoot"] is True, name
        assert security["readOnlyRootFilesystem"] is True, name
        assert security["allowPrivilegeEscalation"] is False, name
        assert security["capabilities"] == {"drop": ["ALL"]}, name
        assert security["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert container["resources"]["requests"]["cpu"], name
        assert container["resources"]["requests"]["memory"], name
        assert container["resources"]["limits"]["memory"], name
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        volumes = {v["name"]: v for v in pod["volumes"]}
        assert "emptyDir" in volumes[mounts["/tmp"]], name
        if pod.get("restartPolicy") in (None, "Always"):  # Deployments; a Job ends by itself
            assert container["livenessProbe"]["httpGet"]["path"] == "/health/live", name
            assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready", name
    assert seen == WORKLOADS | {"registry-seed-1"}


def test_the_namespace_denies_by_default_and_each_pod_has_its_allowances(
    objects: list[dict[str, Any]],
) -> None:
    policies = _of(objects, "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    selected = {
        p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component")
        for p in policies.values()
    }
    assert selected >= WORKLOADS
    workspace = policies["workspace"]["spec"]
    called = {
        peer["podSelector"]["matchLabels"]["app.kubernetes.io/component"]
        for rule in workspace["egress"]
        for peer in rule["to"]
        if "podSelector" in peer
    }
    assert called == {"registry", "intake", "referral", "reporting"}
    # the observatory's processor reaches Kafka and nothing else (no database, no provider)
    egress = policies["observatory-worker"]["spec"]["egress"]
    assert [r["ports"] for r in egress] == [[{"protocol": "TCP", "port": 9093}]]
    for name in ("registry", "intake", "referral", "reporting"):
        sources = [peer for rule in policies[name]["spec"]["ingress"] for peer in rule["from"]]
        assert {"podSelector": {"matchLabels": {
            "app.kubernetes.io/name": "kk", "app.kubernetes.io/instance": "kk",
            "app.kubernetes.io/component": "workspace",
        }}} in sources  # fmt: skip


def _acls(rules: list[dict[str, Any]]) -> set[tuple[str, str, str, str]]:
    return {
        (r["resource"]["type"], r["resource"]["name"], r["resource"]["patternType"], op)
        for r in rules
        for op in r["operations"]
    }


def test_each_kafka_user_has_exactly_its_principals_acls(objects: list[dict[str, Any]]) -> None:
    users = _of(objects, "KafkaUser")
    assert set(users) == {p.lower() for p in access.principals()}
    kinds = {"TOPIC": "topic", "GROUP": "group", "TRANSACTIONAL_ID": "transactionalId"}
    patterns = {"LITERAL": "literal", "PREFIXED": "prefix"}
    for principal, granted in access.principals().items():
        user = users[principal.lower()]["spec"]
        assert user["authentication"] == {"type": "scram-sha-512"}
        assert user["authorization"]["type"] == "simple"
        wanted = {
            (kinds[b.restype.name], b.name, patterns[b.resource_pattern_type.name],
             b.operation.name.title())
            for b in access.bindings(principal, granted)
        }  # fmt: skip
        assert _acls(user["authorization"]["acls"]) == wanted, principal
        assert all(r["host"] == "*" for r in user["authorization"]["acls"])


def test_every_topic_has_three_replicas_two_in_sync(objects: list[dict[str, Any]]) -> None:
    topics = {t["spec"]["topicName"]: t["spec"] for t in _of(objects, "KafkaTopic").values()}
    assert set(topics) == set(access.topics())
    for name, spec in access.topics().items():
        assert topics[name]["partitions"] == spec["partitions"], name
        assert topics[name]["replicas"] == 3, name
        assert topics[name]["config"] == {**spec["config"], "min.insync.replicas": 2}, name
    kafka = _of(objects, "Kafka")["kk"]["spec"]["kafka"]
    assert kafka["authorization"] == {"type": "simple"}
    assert kafka["config"]["min.insync.replicas"] == 2
    assert kafka["config"]["default.replication.factor"] == 3
    assert kafka["config"]["auto.create.topics.enable"] is False
    assert [(x["tls"], x["authentication"]) for x in kafka["listeners"]] == [
        (True, {"type": "scram-sha-512"})
    ]
    pools = {p["spec"]["roles"][0]: p["spec"] for p in _of(objects, "KafkaNodePool").values()}
    assert pools["broker"]["replicas"] == 3  # KRaft: brokers and controllers, no ZooKeeper
    assert pools["controller"]["replicas"] == 3


def test_services_read_kafka_security_and_secrets_by_reference(
    objects: list[dict[str, Any]],
) -> None:
    assert not _of(objects, "Secret"), "the chart makes no Secret: operators and admins do"
    for name, pod, container in _containers(objects):
        env = {e["name"]: e for e in container["env"]}
        for variable, entry in env.items():
            if variable.endswith(("_SECRET", "_KEY", "_PASSWORD")) or variable == "DATABASE_URL":
                assert "value" not in entry, variable
                assert "secretKeyRef" in entry["valueFrom"], variable
        if "KAFKA_USERNAME" not in env:
            continue
        user = env["KAFKA_USERNAME"]["value"]
        assert env["KAFKA_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
            "name": user,
            "key": "password",
        }, "Strimzi's Secret of the service's own KafkaUser"
        plain = {k: e["value"] for k, e in env.items() if "value" in e}
        security = KafkaSecurity.from_env({**plain, "KAFKA_PASSWORD": "from-the-secret"})
        assert (security.protocol, security.mechanism) == ("SASL_SSL", "SCRAM-SHA-512")
        assert access.bindings(user, access.principals()[user]), user
        mount = next(m for m in container["volumeMounts"] if m["name"] == "kafka-ca")
        assert security.ca_file == os.path.join(mount["mountPath"], "ca.crt")
        ca = next(v for v in pod["volumes"] if v["name"] == "kafka-ca")["secret"]
        assert ca["secretName"] == "kk-cluster-ca-cert"
        assert TopicDurability.from_env(plain) == TopicDurability(3, 2), name
        if "DATABASE_URL" in env:
            assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {
                "name": "kk-db-app",
                "key": "uri",
            }


def test_the_identity_provider_is_configuration(objects: list[dict[str, Any]]) -> None:
    values = yaml.safe_load(kubernetes.CI_VALUES.read_text())["oidc"]
    for name, _, container in _containers(objects):
        if name.startswith("observatory"):
            continue  # it checks no token
        env = {e["name"]: e.get("value") for e in container["env"]}
        assert env["OIDC_ISSUER"] == values["issuer"], name
        assert env["OIDC_DISCOVERY_URL"] == values["discoveryUrl"], name
        assert env["KK_ENV"] == "production", name


def test_the_services_may_reach_the_identity_provider_where_it_is_configured(
    objects: list[dict[str, Any]],
) -> None:
    """The port of the discovery URL (8080 in the example) is open, whatever the list says."""
    port = urlsplit(yaml.safe_load(kubernetes.CI_VALUES.read_text())["oidc"]["discoveryUrl"]).port
    policies = _of(objects, "NetworkPolicy")
    for name in ("intake", "referral", "registry", "reporting", "workspace"):  # the APIs
        egress = policies[name]["spec"]["egress"]
        assert port in {p["port"] for rule in egress for p in rule["ports"]}, name


def test_the_chart_names_what_is_missing(tmp_path: Path) -> None:
    _tools()
    values = yaml.safe_load(kubernetes.CI_VALUES.read_text())
    values["oidc"]["issuer"] = ""
    without = tmp_path / "values.yaml"
    without.write_text(yaml.safe_dump(values))
    rendered = kubernetes.render(without)
    assert rendered.returncode != 0
    assert "oidc.issuer is required" in rendered.stderr


def test_postgres_runs_three_instances_backed_up_nightly(objects: list[dict[str, Any]]) -> None:
    cluster = _of(objects, "Cluster")["kk-db"]["spec"]
    assert cluster["instances"] == 3
    store = cluster["backup"]["barmanObjectStore"]
    assert store["destinationPath"].startswith("s3://")
    assert store["s3Credentials"]["accessKeyId"]["name"] == "kk-backup-s3"
    (backup,) = _of(objects, "ScheduledBackup").values()
    assert backup["spec"]["cluster"] == {"name": "kk-db"}
    assert backup["spec"]["method"] == "barmanObjectStore"


# The most connections one process of a service may open: the event store's pool at a
# burst (5 + 10 overflow), servicekit's pool (4), its leases (2) and a migration's (1).
CONNECTIONS_PER_PROCESS = 15 + 4 + 2 + 1


def test_postgres_admits_every_process_at_the_autoscalers_maximum(
    objects: list[dict[str, Any]],
) -> None:
    autoscaled = _of(objects, "HorizontalPodAutoscaler")
    deployments = _of(objects, "Deployment")
    using_the_database = [
        name
        for name, d in deployments.items()
        if any(
            e.get("name") == "DATABASE_URL"
            for c in d["spec"]["template"]["spec"]["containers"]
            for e in c.get("env", [])
        )
    ]
    most = sum(
        autoscaled[n]["spec"]["maxReplicas"] if n in autoscaled else 1 for n in using_the_database
    )
    allowed = int(
        _of(objects, "Cluster")["kk-db"]["spec"]["postgresql"]["parameters"]["max_connections"]
    )
    assert most >= 20  # the APIs and workers of four services, at their most
    assert allowed >= most * CONNECTIONS_PER_PROCESS, (most, allowed)


def test_grafana_gets_every_dashboard_and_the_datasource_they_name(
    objects: list[dict[str, Any]],
) -> None:
    maps = _of(objects, "ConfigMap")
    dashboards = sorted((ROOT / "deploy" / "grafana" / "dashboards").glob("*.json"))
    assert dashboards
    uids = set()
    for path in dashboards:
        shipped = maps[f"{path.stem}-dashboard"]
        assert shipped["metadata"]["labels"]["grafana_dashboard"] == "1"
        assert shipped["data"][path.name] == path.read_text().rstrip("\n")
        uids |= {
            target["datasource"]["uid"]
            for panel in json.loads(path.read_text())["panels"]
            for target in panel.get("targets", [])
        }
    source = maps["kk-grafana-datasource"]
    assert source["metadata"]["labels"]["grafana_datasource"] == "1"
    (datasource,) = yaml.safe_load(source["data"]["kk-prometheus.yaml"])["datasources"]
    assert uids == {datasource["uid"]}


def test_the_prometheus_rule_carries_every_rule_file(objects: list[dict[str, Any]]) -> None:
    """The chart reads deploy/prometheus/rules through a link, so a new rule file there is
    in the next release without a copy to keep in step."""
    link = kubernetes.CHART / "files" / "rules"
    assert link.is_symlink()
    assert link.resolve() == RULES.resolve()
    groups = [
        g for p in sorted(RULES.glob("*.yml")) for g in yaml.safe_load(p.read_text())["groups"]
    ]
    (rule,) = _of(objects, "PrometheusRule").values()
    assert groups
    assert rule["spec"]["groups"] == groups


def test_the_install_step_builds_the_pinned_tools() -> None:
    script = (ROOT / "deploy" / "scripts" / "install-tools.sh").read_text()
    for name, (module, version) in kubernetes.TOOLS.items():
        assert f"{name.upper()}_VERSION={version}" in script, name
        assert f"{module}/cmd/{name}" in script, name
