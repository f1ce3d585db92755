"""The bench's report: each figure beside its target and its raw baseline, as ``make bench``
prints it."""

from __future__ import annotations

from bench import endtoend

REBUILD_RATIO, REBUILD_RSS_MB = 0.5, 1024
OBSERVATORY_RATIO = 0.3


def _rate(label: str, rate: float, target: int, baseline: str, raw: float) -> None:
    """One throughput line: the rate, its target, and its ratio to the raw baseline."""
    mark = "✓" if rate >= target else "✗"
    print(
        f"  {label:<42} {rate:>11,.0f} events/s   {mark} target ≥ {target:,}"
        f"   = {rate / raw:.2f} × {baseline}"
    )


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def report(r: dict[str, object]) -> None:
    raw = r["raw"]
    assert isinstance(raw, dict)
    print("\n  Benchmark — Community Centres platform  (" + str(r["cpus"]) + " CPUs)\n")
    print(f"  raw PostgreSQL COPY (events-shaped rows)  {raw['copy_rows_per_s']:>12,.0f} rows/s")
    print(f"  raw aiokafka produce (idempotent, all)    {raw['kafka_produce_per_s']:>12,.0f} msg/s")
    print(f"  raw aiokafka consume                      {raw['kafka_consume_per_s']:>12,.0f} msg/s")
    if "national_rows" in raw:
        runs = ", ".join(f"{x:,.0f}" for x in raw["copy_national_runs_rows_per_s"])
        print(
            f"  raw COPY of as many rows as the national activity's events"
            f" ({raw['national_rows']:,}): {raw['copy_national_rows_per_s']:,.0f} rows/s"
            f" (the faster of {runs})"
        )
    if "kafka_consume_national_per_s" in raw:
        print(
            "  raw aiokafka consume of the national activity's topics"
            f"  {raw['kafka_consume_national_per_s']:,.0f} msg/s"
        )
    start, end = r["python_loop_s"]  # type: ignore[misc]
    print(
        f"  machine speed: a fixed loop of plain Python took {start:.2f} s at the start of the"
        f" run and {end:.2f} s at its end, on {r['python']}"
    )
    print()
    if "relay" in r:
        rel = r["relay"]
        assert isinstance(rel, dict)
        _rate(
            "outbox relay (decrypt, translate, publish)",
            rel["events_per_s"],
            10_000,
            "raw produce",
            raw["kafka_produce_per_s"],
        )
        runs = ", ".join(f"{x:,.0f}" for x in rel["runs_events_per_s"])
        print(f"    (median of three runs: {runs})")
    if "import" in r:
        imp = r["import"]
        assert isinstance(imp, dict)
        _rate(
            "bulk import (check, seal, COPY)",
            imp["events_per_s"],
            20_000,
            "raw COPY",
            raw["copy_rows_per_s"],
        )
        runs = ", ".join(f"{x:,.0f}" for x in imp["runs_events_per_s"])
        print(
            f"    (median of three files of {imp['rows_per_run']:,} people, 4 events each: {runs})"
        )
    if "paced_50_per_s" in r:
        _report_end_to_end(r, raw)
    if "rebuild" in r:
        _report_rebuild(r, raw)
    if "dashboard" in r:
        _report_dashboard(r)
    if "observatory" in r:
        _report_observatory(r, raw)
    if "workspace" in r:
        _report_workspace(r)


def _report_end_to_end(r: dict[str, object], raw: dict[str, float]) -> None:
    paced, burst, idle = r["paced_50_per_s"], r["burst"], r["idle_rss_mb"]
    for part in (paced, burst, idle):
        assert isinstance(part, dict)
    mark = _mark
    print(
        f"\n  freshness at 50 commands/s ({paced['count']} commands)"
        f"   p50 {paced['p50_ms']:.0f} ms   p99 {paced['p99_ms']:.0f} ms"
        f"   max {paced['max_ms']:.0f} ms"
        f"   {mark(paced['p99_ms'] < 1000)} target p99 < 1 s"
    )
    print(
        f"  registration (HTTP) at 50 commands/s       p50 {paced['request_p50_ms']:.1f} ms"
        f"   p99 {paced['request_p99_ms']:.1f} ms   {mark(paced['request_p99_ms'] < 50)}"
        f" target p99 < 50 ms   = {paced['request_p99_ms'] / paced['commit_p99_ms']:.1f}"
        " × raw commit p99"
    )
    print(
        f"  raw durable INSERT + COMMIT, same period    p50 {paced['commit_p50_ms']:.1f} ms"
        f"   p99 {paced['commit_p99_ms']:.1f} ms   (the disk's floor under every write)"
    )
    print(
        f"  end-to-end burst, 8 clients ({burst['count']} commands)"
        f"   {burst['throughput']:,.0f} commands/s   p99 {burst['p99_ms']:.0f} ms"
        f"   = {burst['throughput'] / raw['copy_rows_per_s']:.4f} × raw COPY"
    )
    print("\n  idle resident memory of each service (its API, with its worker inside or beside it)")
    for name, parts in idle.items():
        mb = sum(parts)
        detail = " + ".join(f"{p:.0f}" for p in parts)
        print(f"    {name:<10} {mb:6.0f} MB   {mark(mb < 150)} target < 150 MB   ({detail})")
    print(
        f"\n  (freshness is observed by polling every {endtoend.POLL_SECONDS * 1000:.0f} ms;"
        f" the paced run measures after {endtoend.WARM_UP} warm-up commands)"
    )


def _report_rebuild(r: dict[str, object], raw: dict[str, float]) -> None:
    gen, reb = r["national"], r["rebuild"]
    assert isinstance(gen, dict)
    assert isinstance(reb, dict)
    print(
        f"\n  national activity: {gen['events']:,} events for {gen['beneficiaries']:,} people"
        f" at {len(gen['centres'])} centres, {gen['first_month']} to {gen['last_month']}"
    )
    print(
        f"    generated and produced at {gen['events_per_s']:,.0f} events/s"
        f" ({gen['seconds']:.0f} s, {gen['processes']} processes)"
    )
    ratio = reb["events_per_s"] / raw["copy_rows_per_s"]
    print(
        f"  rebuild of reporting's read models         {reb['events_per_s']:>11,.0f} events/s"
        f"   = {ratio:.2f} × raw COPY   {_mark(ratio >= REBUILD_RATIO)} target ≥ {REBUILD_RATIO}"
        f" × raw COPY"
    )
    if "copy_national_rows_per_s" in raw:
        print(
            f"    = {reb['events_per_s'] / raw['copy_national_rows_per_s']:.2f} × a raw COPY of"
            " as many rows as it has events"
        )
    print(
        f"    peak resident {reb['peak_rss_mb']:,.0f} MB (this process and its workers)"
        f"   {_mark(reb['peak_rss_mb'] < REBUILD_RSS_MB)} target < {REBUILD_RSS_MB:,} MB"
    )
    print(
        f"    ({reb['events']:,} events in {reb['seconds']:.1f} s,"
        f" {reb['duplicates']:,} duplicates, {reb['unreadable']:,} unreadable,"
        f" {reb['parked']:,} parked;"
        f" peak RSS {reb['peak_rss_mb']:.0f} MB, {reb['rss_before_mb']:.0f} MB before;"
        f" {reb['rows']['monthly_facts']:,} monthly facts)"
    )
    steps = reb.get("steps") or {}
    if steps:
        print("    steps: " + ", ".join(f"{step} {sec:.1f} s" for step, sec in steps.items()))
    profile = reb.get("profile")
    if isinstance(profile, dict):
        print(
            f"    where a timed rebuild's {profile['seconds']:.1f} s went"
            f" ({profile['events_per_s']:,.0f} events/s with the timers):"
        )
        for part in profile["parts"]:
            print(f"      {part['part']:<46} {part['seconds']:7.1f} s   {part['calls']:>10,} calls")


def _report_dashboard(r: dict[str, object]) -> None:
    dash = r["dashboard"]
    assert isinstance(dash, dict)
    floor = dash["floor"]
    print(
        f"\n  dashboards' JSON over {dash['period']}, {floor['count']} sequential requests each"
        f" (reporting API {dash['api_rss_mb']:.0f} MB resident)"
    )
    print(
        f"    {'/health/live (raw HTTP floor)':<52} p50 {floor['p50_ms']:6.1f} ms"
        f"   p99 {floor['p99_ms']:6.1f} ms"
    )
    for path, t in dash["endpoints"].items():
        print(
            f"    {path.split('?')[0]:<52} p50 {t['p50_ms']:6.1f} ms   p99 {t['p99_ms']:6.1f} ms"
            f"   {_mark(t['p99_ms'] < 30)} target p99 < 30 ms"
            f"   = {t['p99_ms'] / floor['p99_ms']:5.1f} × floor   ({t['bytes'] / 1024:,.0f} KB)"
        )


def _report_workspace(r: dict[str, object]) -> None:
    w = r["workspace"]
    assert isinstance(w, dict)
    nation, floor = w["nation"], w["floor"]
    print(
        f"\n  workspace, {nation['files']:,} files of {nation['centres']} centres in intake"
        f" (imported in {nation['seconds']:.1f} s), {w['working_set']} people at {w['centre']};"
        f" {floor['count']} sequential requests each"
    )
    print(
        f"    {'/health/live (raw HTTP floor)':<38} p50 {floor['p50_ms']:6.1f} ms"
        f"   p95 {floor['p95_ms']:6.1f} ms"
    )
    for name in ("worklist", "file", "search"):
        page, apis = w[name]["page"], w[name]["apis"]
        print(
            f"    {name + ' page':<38} p50 {page['p50_ms']:6.1f} ms   p95 {page['p95_ms']:6.1f} ms"
            f"   {_mark(page['p95_ms'] < 150)} target p95 < 150 ms"
        )
        print(
            f"    {'  its API calls, one after another':<38} p50 {apis['p50_ms']:6.1f} ms"
            f"   p95 {apis['p95_ms']:6.1f} ms"
            f"   page = {page['p95_ms'] / apis['p95_ms']:4.2f} × APIs"
        )
    weight = sum(w["assets_bytes"].values())
    files = ", ".join(
        f"{k.rsplit('/', 1)[-1]} {v / 1024:.0f} KB" for k, v in w["assets_bytes"].items()
    )
    print(
        f"    a page's CSS and JavaScript: {weight / 1024:.0f} KB ({files})"
        f"   {_mark(weight < 250 * 1024)} target < 250 KB"
    )


def _report_observatory(r: dict[str, object], raw: dict[str, float]) -> None:
    obs = r["observatory"]
    assert isinstance(obs, dict)
    ratio = obs["events_per_s"] / raw["kafka_consume_per_s"]
    print(
        f"\n  observatories' backfill (route, pseudonymise, commit) {obs['events_per_s']:>9,.0f}"
        f" events/s   = {ratio:.2f} × raw consume   {_mark(ratio >= OBSERVATORY_RATIO)}"
        f" target ≥ {OBSERVATORY_RATIO} × raw consume"
    )
    print(f"    ({obs['events']:,} events in {obs['seconds']:.1f} s, one process)")
    if "kafka_consume_national_per_s" in raw:
        print(
            f"    = {obs['events_per_s'] / raw['kafka_consume_national_per_s']:.2f} × a raw"
            " consume of the same topics"
        )
    fresh = obs.get("paced_50_per_s")
    if fresh:
        print(
            f"  observatories' freshness at 50 registrations/s ({fresh['count']} registrations)"
            f"   p50 {fresh['p50_ms']:.0f} ms   p99 {fresh['p99_ms']:.0f} ms"
            f"   {_mark(fresh['p99_ms'] < 1000)} target p99 < 1 s"
        )
