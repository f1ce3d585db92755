"""The folders are the architecture: these checks keep the dependencies pointing inwards."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
SERVICES = (
    "kk_intake",
    "kk_referral",
    "kk_registry",
    "kk_reporting",
    "kk_workspace",
    "kk_observatory",
)
# The domain may use the standard library, eventsourcing's domain module, pydantic, and the
# coded values of the published language (the shared vocabulary, enums only) - nothing else.
# the shared vocabulary: codes, the municipalities they refer to, and working days
DOMAIN_MAY_IMPORT = (
    "eventsourcing.domain",
    "pydantic",
    "kk_contracts.codes",
    "kk_contracts.reference",
    "kk_contracts.calendar",
    "kk_contracts.identifiers",
)
# Reporting's domain is the published language itself: what each integration event counts.
DOMAIN_ALSO_MAY_IMPORT = {
    "kk_reporting": ("kk_contracts",),
    # The observatories' domain is the published language, and the keyed hash that
    # pseudonymises it.
    "kk_observatory": ("kk_contracts", "cryptography"),
}
# The layers each service's package shows (the workspace, a front with no domain, aside).
LAYERS = ("domain", "adapters", "entrypoints")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _package_files(package: str) -> list[Path]:
    return sorted((ROOT / "services").glob(f"*/src/{package}/**/*.py"))


@pytest.mark.parametrize("package", SERVICES)
def test_services_never_import_each_other(package: str) -> None:
    others = [s for s in SERVICES if s != package]
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in _package_files(package)
        for name in _imports(path)
        if name.split(".")[0] in others
    }
    assert not offenders


@pytest.mark.parametrize("package", SERVICES)
def test_domain_imports_no_framework(package: str) -> None:
    offenders = set()
    for path in _package_files(package):
        if "domain" not in path.parts:
            continue
        for name in _imports(path):
            top = name.split(".")[0]
            allowed = (
                top in sys.stdlib_module_names
                or top == "__future__"
                or name.startswith(f"{package}.domain")
                or any(
                    name == a or name.startswith(a + ".")
                    for a in (*DOMAIN_MAY_IMPORT, *DOMAIN_ALSO_MAY_IMPORT.get(package, ()))
                )
            )
            if not allowed:
                offenders.add(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders


def test_shared_plumbing_and_contracts_know_no_service() -> None:
    shared = [*ROOT.glob("libs/servicekit/src/**/*.py"), *ROOT.glob("contracts/src/**/*.py")]
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in shared
        for name in _imports(path)
        if name.split(".")[0] in SERVICES
    }
    assert not offenders


def test_the_workspace_keeps_no_data_of_its_own() -> None:
    """It calls the services' APIs on the person's behalf: no database, no Kafka."""
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in _package_files("kk_workspace")
        for name in _imports(path)
        if name.split(".")[0] in ("psycopg", "psycopg_pool", "aiokafka", "confluent_kafka")
        or name.startswith(("servicekit.db", "servicekit.kafka", "servicekit.outbox"))
    }
    assert not offenders


@pytest.mark.parametrize("package", [s for s in SERVICES if s != "kk_workspace"])
def test_each_service_shows_its_layers(package: str) -> None:
    [root] = (ROOT / "services").glob(f"*/src/{package}")
    for layer in LAYERS:
        assert (root / layer / "__init__.py").exists(), f"{package} has no {layer}/"
    assert (root / "application.py").exists() or (root / "application" / "__init__.py").exists()


@pytest.mark.parametrize("package", [s for s in SERVICES if s != "kk_workspace"])
def test_dependencies_point_inwards(package: str) -> None:
    """The domain knows no other layer; the application and the adapters no entrypoint, nor
    the composition root that chooses the adapters."""
    outward = {
        "domain": ("application", "adapters", "entrypoints", "bootstrap"),
        "application": ("entrypoints", "bootstrap"),
        "adapters": ("entrypoints", "bootstrap"),
    }
    offenders = set()
    for path in _package_files(package):
        inside = path.parts[path.parts.index(package) + 1 :]
        layer = inside[0].removesuffix(".py")
        if layer not in outward:
            continue
        for name in _imports(path):
            if any(name.startswith(f"{package}.{far}") for far in outward[layer]):
                offenders.add(f"{path.relative_to(ROOT)}: {name}")
    assert not offenders


@pytest.mark.parametrize("package", SERVICES)
def test_route_modules_hold_no_sql(package: str) -> None:
    """The routes speak HTTP; what they read and write goes through the application."""
    offenders = set()
    for path in _package_files(package):
        if "routes" not in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for sign in (".execute(", ".connection()", "SELECT ", "INSERT INTO", "UPDATE "):
            if sign in text:
                offenders.add(f"{path.relative_to(ROOT)}: {sign}")
    assert not offenders
