"""Images that work: each runs as a numeric user that is not root (so Kubernetes'
``runAsNonRoot`` can tell, and the chart's ``runAsUser`` is that user), and reporting's carries
the DejaVu fonts its annual reports' PDFs are set in. The Dockerfiles are read here; where a
docker daemon is available the tests also build the images, run each as the chart does
(read-only, no capabilities) and make an annual report's PDF in reporting's."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kk_reporting.entrypoints.printed import annual

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("registry", "intake", "referral", "reporting", "observatory", "workspace")
DOCKERFILES = {
    **{f"kk-{name}": ROOT / "services" / name / "Dockerfile" for name in SERVICES},
    "kk-kafka-setup": ROOT / "deploy" / "kafka" / "setup.Dockerfile",
}
# An annual report's PDF, from figures made up here: run in reporting's image, and here.
PDF_SCRIPT = """
import sys
from kk_reporting.adapters.overview import Figures, Overview
from kk_reporting.application import Monthly
from kk_reporting.entrypoints.printed.annual import AnnualReport, as_pdf

figures = Figures.model_validate({name: 7 for name in Figures.model_fields})
overview = Overview(
    level="centre", code="KK-6101", name_el="Κέντρο Κοινότητας Καλύμνου",
    name_en="Kalymnos Community Centre", first_month="2025-01", last_month="2025-12",
    suppressed=False, figures=figures, breakdowns={"beneficiaries_by_sex": {"female": 4}},
    areas=[], silent_centres=[], data_as_of="2025-12-31T12:00:00+00:00",
)
monthly = Monthly(
    scope="centre", code="KK-6101", first_month="2025-01", last_month="2025-12",
    suppressed=False, data_as_of=None,
    indicators={"beneficiaries_registered": {"all": {"2025-03": 7, "total": 7}}},
)
sys.stdout.buffer.write(as_pdf(AnnualReport(2025, "KK-6101", overview, monthly), "el"))
"""


def _instructions(path: Path) -> list[tuple[str, str]]:
    """The Dockerfile's instructions and their arguments, continuation lines joined."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [
        (op.upper(), args.strip())
        for op, _, args in (line.partition(" ") for line in lines if line and line[0] != "#")
    ]


def _chart_user() -> int:
    helpers = (ROOT / "deploy/helm/kk/templates/_helpers.tpl").read_text(encoding="utf-8")
    found = re.search(r"runAsUser: (\d+)", helpers)
    assert found, "the chart sets runAsUser"
    return int(found.group(1))


@pytest.mark.unit
def test_every_service_has_an_image() -> None:
    assert {p.parent.name for p in ROOT.glob("services/*/Dockerfile")} == set(SERVICES)


@pytest.mark.unit
@pytest.mark.parametrize("image", sorted(DOCKERFILES))
def test_every_image_ends_as_a_numeric_user_that_is_not_root(image: str) -> None:
    instructions = _instructions(DOCKERFILES[image])
    users = [args for op, args in instructions if op == "USER"]
    assert users, f"{image} runs as root"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit(), f"{image}: USER {users[-1]} is a name runAsNonRoot cannot check"
    assert int(uid) != 0
    assert not gid or (gid.isdigit() and int(gid) != 0)
    assert int(uid) == _chart_user(), "the chart runs the pods as the images' user"
    runs = " ".join(args for op, args in instructions if op == "RUN")
    assert f"--uid {uid}" in runs, "the user exists in the image (a home, a name in logs)"


@pytest.mark.unit
def test_reporting_image_carries_the_fonts_of_its_pdfs() -> None:
    runs = " ".join(args for op, args in _instructions(DOCKERFILES["kk-reporting"]) if op == "RUN")
    assert "fonts-dejavu-core" in runs
    # where Debian's fonts-dejavu-core puts them, and where the PDF looks for them
    assert Path("/usr/share/fonts/truetype/dejavu") == annual.FONTS


@pytest.mark.unit
def test_the_pdf_check_makes_an_annual_report_here() -> None:
    """The script the image test runs in reporting's image, run on this machine (whose fonts
    make install provides), so that it is known to work where no docker daemon is."""
    if not (annual.FONTS / "DejaVuSans.ttf").exists():
        pytest.fail("the DejaVu fonts are missing (make install adds fonts-dejavu-core)")
    made = subprocess.run(
        [sys.executable, "-c", PDF_SCRIPT], capture_output=True, timeout=120, check=False
    )
    assert made.returncode == 0, made.stderr.decode()
    assert made.stdout.startswith(b"%PDF-")
    assert b"DejaVu" in made.stdout


def _docker() -> str:
    docker = shutil.which("docker")
    if (
        docker is None
        or subprocess.run([docker, "info"], capture_output=True, timeout=60, check=False).returncode
    ):
        pytest.skip(
            "no docker daemon here (`docker info` fails): where one is available, these tests "
            "build the images and make the annual report's PDF in reporting's"
        )
    return docker


def _build(docker: str, image: str) -> str:
    tag = f"{image}:test"
    built = subprocess.run(
        [docker, "build", "-f", str(DOCKERFILES[image]), "-t", tag, str(ROOT)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-4000:]
    return tag


def _run_as_the_chart_does(docker: str, tag: str, *command: str) -> list[str]:
    return [
        docker, "run", "--rm", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
        "--security-opt", "no-new-privileges", tag, *command,
    ]  # fmt: skip


@pytest.mark.e2e
@pytest.mark.parametrize("image", sorted(DOCKERFILES))
def test_the_image_builds_and_runs_as_its_user(image: str) -> None:
    docker = _docker()
    tag = _build(docker, image)
    inspected = subprocess.run(
        [docker, "image", "inspect", "-f", "{{.Config.User}}", tag],
        capture_output=True,
        text=True,
        check=True,
    )
    assert inspected.stdout.strip() == f"{_chart_user()}:{_chart_user()}"
    who = subprocess.run(
        _run_as_the_chart_does(docker, tag, "id", "-u"), capture_output=True, text=True, check=True
    )
    assert who.stdout.strip() == str(_chart_user())


@pytest.mark.e2e
def test_reporting_image_makes_the_annual_report_pdf() -> None:
    docker = _docker()
    tag = _build(docker, "kk-reporting")
    made = subprocess.run(
        _run_as_the_chart_does(docker, tag, "python", "-c", PDF_SCRIPT),
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stderr.decode()
    assert made.stdout.startswith(b"%PDF-")
    assert b"DejaVu" in made.stdout
