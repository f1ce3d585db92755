"""``make bench``: the platform's throughput, freshness and memory, each with the raw
baseline measured in the same run on the same machine, and the ratio between them.

Starts its own Kafka, PostgreSQL and identity provider in a fresh folder (never the one of
``make run``). What each section measures, its target and the variables that shrink or grow
it (``BENCH_ONLY``, ``BENCH_SCALE``, ``BENCH_PROFILE``, ``BENCH_WORKERS=separate``…) are in
``docs/benchmarks.md``; results are kept in ``bench/results/``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime

import psutil
from devstack.kafka import free_port
from devstack.paths import REPO_ROOT
from devstack.processes import SERVICES, WORKSPACE
from devstack.stack import Stack, throwaway_stack
from kk_contracts import Topic
from kk_intake.config import Settings as IntakeSettings
from servicekit.auth import Role

from bench import (
    baselines,
    endtoend,
    importer,
    national,
    observatory,
    relay,
    reporting,
    workspace,
)
from bench.report import report
from tests.support import eventually, token

RELAY_EVENTS = int(os.environ.get("BENCH_RELAY_EVENTS", "30000"))
RAW_MESSAGES = int(os.environ.get("BENCH_RAW_MESSAGES", "30000"))
PACED_SECONDS = float(os.environ.get("BENCH_PACED_SECONDS", "20"))
BURST_COMMANDS = int(os.environ.get("BENCH_BURST_COMMANDS", "1500"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
CENTRES = int(os.environ.get("BENCH_CENTRES", "250"))
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
PER_CENTRE_YEAR = float(os.environ.get("BENCH_PER_CENTRE_YEAR", "150")) * SCALE
SEED = int(os.environ.get("BENCH_SEED", "2026"))
PROFILE = os.environ.get("BENCH_PROFILE", "") not in ("", "0")
DASHBOARD_REQUESTS = int(os.environ.get("BENCH_DASHBOARD_REQUESTS", "200"))
ONLY = {s.strip() for s in os.environ.get("BENCH_ONLY", "").split(",") if s.strip()}
WORKSPACE_PEOPLE = int(os.environ.get("BENCH_WORKSPACE_PEOPLE", "200"))
WORKSPACE_REQUESTS = int(os.environ.get("BENCH_WORKSPACE_REQUESTS", "200"))
SECTIONS = ("e2e", "relay", "import", "rebuild", "dashboard", "observatory", "workspace")
MB = 1024 * 1024


def wanted(section: str) -> bool:
    return not ONLY or section in ONLY


def main() -> int:
    unknown = ONLY - set(SECTIONS)
    if unknown:
        print(f"BENCH_ONLY: no section {', '.join(sorted(unknown))} (of {SECTIONS})")
        return 2
    results: dict[str, object] = {
        "when": datetime.now(UTC).isoformat(),
        "cpus": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}"
        f" ({sys._base_executable})",
    }
    results["python_loop_s"] = [baselines.python_loop_seconds()]
    print("▸ infrastructure", file=sys.stderr)
    with throwaway_stack("bench-") as stack:
        results["raw"] = baselines.raw(stack, RAW_MESSAGES)
        if wanted("e2e"):
            results.update(_end_to_end(stack))
        for process in stack.processes:  # the relay runs alone, as in production
            process.stop()
        if wanted("relay"):
            results["relay"] = _relay(stack)
        if wanted("import"):
            results["import"] = _import(stack)
        if wanted("rebuild") or wanted("dashboard") or wanted("observatory"):
            results["national"] = _national(stack)
        if wanted("rebuild"):
            results["raw"].update(baselines.copy_national(stack, results["national"], RAW_MESSAGES))  # type: ignore[attr-defined]
        if wanted("rebuild") or wanted("dashboard"):  # the dashboards read what it rebuilt
            results["rebuild"] = _rebuild(stack)
        if wanted("dashboard"):
            results["dashboard"] = _dashboard(stack, results["national"])  # type: ignore[arg-type]
        if wanted("observatory"):
            results["raw"].update(baselines.consume_national(stack, results["national"]))  # type: ignore[attr-defined]
            print("▸ observatories: the national activity routed to the regions", file=sys.stderr)
            group = f"observatory.bench-{uuid.uuid4().hex[:8]}"
            results["observatory"] = observatory.backfill(stack, group)
            print("▸ observatories: freshness at 50 registrations/s", file=sys.stderr)
            results["observatory"]["paced_50_per_s"] = observatory.freshness(  # type: ignore[index]
                stack, group, rate=50, seconds=PACED_SECONDS, centre="KK-6101"
            )
        if wanted("workspace"):
            results["workspace"] = _workspace(stack)
    results["python_loop_s"].append(baselines.python_loop_seconds())  # type: ignore[attr-defined]
    report(results)
    out = REPO_ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(json.dumps(results, indent=2))
    return 0


def _relay(stack: Stack) -> dict[str, float]:
    print(f"▸ outbox relay: {RELAY_EVENTS:,} stored events", file=sys.stderr)
    settings = IntakeSettings(  # type: ignore[call-arg]
        **{k.lower(): v for k, v in stack.service_env().items() if not k.startswith("INTAKE_")},
        INTAKE_CIPHER_KEY=stack.secrets["INTAKE_CIPHER_KEY"],
        INTAKE_PSEUDONYM_KEY=stack.secrets["INTAKE_PSEUDONYM_KEY"],
        db_schema="bench_relay",
    )
    relay.store_events(settings, RELAY_EVENTS)
    rates = relay.relay_rates(settings, RELAY_EVENTS, repeats=3)
    return {
        "events": RELAY_EVENTS,
        "runs_events_per_s": rates,
        "events_per_s": statistics.median(rates),
    }


def _import(stack: Stack) -> dict[str, object]:
    if not endtoend.replica_ready(stack):  # run alone (BENCH_ONLY=import): centres first
        endtoend.seed_centres_alone(stack)
    print(f"▸ bulk import: 3 files of {IMPORT_ROWS:,} legacy files each", file=sys.stderr)
    settings = IntakeSettings(  # type: ignore[call-arg]
        **{k.lower(): v for k, v in stack.service_env().items() if not k.startswith("INTAKE_")},
        INTAKE_CIPHER_KEY=stack.secrets["INTAKE_CIPHER_KEY"],
        INTAKE_PSEUDONYM_KEY=stack.secrets["INTAKE_PSEUDONYM_KEY"],
    )
    return importer.import_rates(settings, centre="KK-6101", rows=IMPORT_ROWS, runs=3)


def _end_to_end(stack: Stack) -> dict[str, object]:
    print("▸ services", file=sys.stderr)
    urls: dict[str, str] = {}
    pids: dict[str, list[int]] = {}
    split = os.environ.get("BENCH_WORKERS", "embedded") == "separate"
    for spec in SERVICES:
        mode = "off" if split else "embedded"
        process, urls[spec.name] = stack.start_api(spec, port=free_port(), worker_mode=mode)
        assert process.process is not None
        pids[spec.name] = [process.process.pid]
        if split:
            worker = stack.start_worker(spec)
            assert worker.process is not None
            pids[spec.name].append(worker.process.pid)
    stack.run_once("registry-seed", [sys.executable, "-m", "kk_registry.entrypoints.seed"])
    time.sleep(3)  # let start-up work settle before calling the services idle
    idle = {
        name: [psutil.Process(pid).memory_info().rss / MB for pid in group]
        for name, group in pids.items()
    }
    centre = "KK-6101"
    headers = token(stack.secrets["JWT_SECRET"], Role.SOCIAL_WORKER, centre_id=centre)
    eventually(lambda: endtoend.replica_ready(stack), timeout=60)
    print("▸ freshness at 50 commands/s", file=sys.stderr)
    paced = endtoend.paced(
        urls["intake"], headers, stack.database_url, rate=50, seconds=PACED_SECONDS, centre=centre
    )
    print("▸ end-to-end burst", file=sys.stderr)
    burst = endtoend.burst(
        urls["intake"], headers, stack.database_url, total=BURST_COMMANDS, clients=8, centre=centre
    )
    return {"idle_rss_mb": idle, "paced_50_per_s": vars(paced), "burst": vars(burst)}


def _national(stack: Stack) -> dict[str, object]:
    print(
        f"▸ national activity: {YEARS} years, {CENTRES} centres,"
        f" {PER_CENTRE_YEAR:g} new people per centre a year",
        file=sys.stderr,
    )
    generated = national.produce(
        stack.bootstrap_servers,
        seed=SEED,
        centres=CENTRES,
        years=YEARS,
        per_centre_year=PER_CENTRE_YEAR,
    )
    national.report(generated)
    return generated.summary(seed=SEED, years=YEARS, per_centre_year=PER_CENTRE_YEAR)


def _rebuild(stack: Stack) -> dict[str, object]:
    print(
        f"  settled in {baselines.settle(stack):.1f} s (CHECKPOINT, sync, CPUs idle)",
        file=sys.stderr,
    )
    print("▸ rebuild of reporting's read models from the topics", file=sys.stderr)
    settings = reporting.prepare(stack.service_env())
    rebuilt = reporting.rebuild(settings)
    if PROFILE:
        print("▸ rebuild again, its parts timed", file=sys.stderr)
        rebuilt["profile"] = reporting.profiled_rebuild(settings)
    return rebuilt


def _dashboard(stack: Stack, generated: dict[str, object]) -> dict[str, object]:
    print("▸ dashboards: the reporting API alone, on the rebuilt read models", file=sys.stderr)
    spec = next(s for s in SERVICES if s.name == "reporting")
    process, url = stack.start_api(spec, port=free_port())
    centres = generated["centres"]
    assert isinstance(centres, list)
    centre = "KK-4501" if "KK-4501" in centres else str(centres[0])
    this = date.today().replace(day=1)
    first = date(this.year - (this.month < 12), (this.month % 12) + 1, 1)  # 12 months
    period = f"from={first:%Y-%m}&to={this:%Y-%m}"
    paths = [
        f"/indicators/national/overview?{period}",
        f"/indicators/national/monthly?{period}",
        f"/indicators/regions/EL30/overview?{period}",
        f"/indicators/regions/EL30/monthly?{period}",
        f"/indicators/centres/{centre}/overview?{period}",
    ]
    headers = token(stack.secrets["JWT_SECRET"], Role.MINISTRY_ANALYST)
    try:
        floor = reporting.latencies(url, {}, ["/health/live"], count=DASHBOARD_REQUESTS)
        answers = reporting.latencies(url, headers, paths, count=DASHBOARD_REQUESTS)
        assert process.process is not None
        rss = psutil.Process(process.process.pid).memory_info().rss / MB
    finally:
        process.stop()
    return {
        "period": period,
        "centre": centre,
        "floor": floor["/health/live"],
        "endpoints": answers,
        "api_rss_mb": rss,
    }


def _workspace(stack: Stack) -> dict[str, object]:
    print("▸ workspace: services, and a centre's working set through the APIs", file=sys.stderr)
    urls: dict[str, str] = {}
    workers = []
    for spec in SERVICES:
        _, urls[spec.name] = stack.start_api(spec, port=free_port(), worker_mode="off")
        workers.append(stack.start_worker(spec))
    endtoend.seed_centres(stack)
    # referral hears of the people from intake's topic, which may hold the national activity
    endtoend.wait_caught_up(stack, "referral", "referral.replicas", str(Topic.BENEFICIARIES))
    centre, username = "KK-4501", "kl.athens"  # the largest centre, and its social worker
    password = stack.secrets["KK_DEV_USERS_PASSWORD"]
    headers = workspace.access_token(stack.issuer, username, password)
    made = workspace.working_set(urls, headers, centre, people=WORKSPACE_PEOPLE)
    for worker in workers:  # the pages are measured on a quiet platform, as the APIs are
        worker.stop()
    print(
        f"▸ workspace: the nation's files, {YEARS} years at {CENTRES} centres, imported",
        file=sys.stderr,
    )
    settings = IntakeSettings(  # type: ignore[call-arg]
        **{k.lower(): v for k, v in stack.service_env().items() if not k.startswith("INTAKE_")},
        INTAKE_CIPHER_KEY=stack.secrets["INTAKE_CIPHER_KEY"],
        INTAKE_PSEUDONYM_KEY=stack.secrets["INTAKE_PSEUDONYM_KEY"],
    )
    nation = workspace.import_nation(
        settings, centres=CENTRES, years=YEARS, per_centre_year=PER_CENTRE_YEAR
    )
    print(f"  settled in {baselines.settle(stack):.1f} s", file=sys.stderr)
    print("▸ workspace: pages, and the services' calls behind them", file=sys.stderr)
    env = {f"{name.upper()}_URL": url for name, url in urls.items()}
    process, url = stack.start_api(WORKSPACE, port=free_port(), **env)
    try:
        client = workspace.signed_in(url, username, password)
        try:
            measured = workspace.measure(
                client, urls, headers, centre, made["searched"], count=WORKSPACE_REQUESTS
            )
        finally:
            client.close()
    finally:
        process.stop()
        for running in stack.processes:
            running.stop()
    return {"nation": nation, "centre": centre, "working_set": made["people"], **measured}


if __name__ == "__main__":
    sys.exit(main())
