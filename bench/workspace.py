"""The staff workspace with the nation's files in place: the server time of the pages a
social worker opens most (the worklist, a file, a search) beside the time of the services'
own API calls behind each page, measured in the same run, and the weight of a page's CSS
and JavaScript.

The nation's files are ten years of registrations at every centre (as many as
``bench.national`` generates, each centre by its share), imported into intake; the
measured centre's working set (its people, their requests, some overdue, and their
referrals) is made through the APIs, as staff make it. A person signs in at the real
identity provider, through its login form, like a browser."""

from __future__ import annotations

import html
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from kk_intake.bootstrap import bootstrap
from kk_intake.config import Settings
from kk_intake.importer import Importer
from kk_workspace.entrypoints.web.routes.work import NAMES_AT_ONCE, OPEN
from servicekit.progress import Throttled

from bench.national.centres import real_centres
from tests.support import IMPORT_HEADER, eventually, legacy_rows, person

LOGIN_FORM = re.compile(r'<form[^>]*id="kc-form-login"[^>]*>', re.S)
ACTION = re.compile(r'action="([^"]+)"')
SERVING = "Εξυπηρέτηση του ατόμου / Serving the person"
"""The reason the workspace states for a file opened to serve the person."""
ASSET = re.compile(r'<(?:link[^>]*rel="stylesheet"[^>]*href|script[^>]*src)="([^"]+)"')


def import_nation(
    settings: Settings, *, centres: int, years: int, per_centre_year: float
) -> dict[str, Any]:
    """Every centre's ten years of new files, by its share of the nation's, through the
    CSV import (one file per centre), so that intake's tables and indexes are the nation's."""
    rng = random.Random(2026)
    service = bootstrap(settings)
    plan = [(c.centre_id, round(per_centre_year * years * c.share)) for c in real_centres(centres)]
    total = sum(rows for _, rows in plan)
    bar = Throttled("  files imported", total, every=0.5)
    done, started = 0, time.perf_counter()
    try:
        importer = Importer(service.app)
        with tempfile.TemporaryDirectory() as folder:
            for centre, rows in plan:
                path = Path(folder) / f"{centre}.csv"
                lines = [IMPORT_HEADER, *legacy_rows(rows, centre.removeprefix("KK-"), rng)]
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                report = importer.run(path, centre_id=centre, imported_by="bench")
                if not report.ok:
                    raise RuntimeError(f"import at {centre} failed: {report.errors[:3]}")
                done += rows
                bar(done)
    finally:
        service.close()
    return {"files": total, "centres": len(plan), "seconds": time.perf_counter() - started}


def working_set(
    urls: dict[str, str], headers: dict[str, str], centre: str, *, people: int
) -> dict[str, Any]:
    """The centre's own day: people registered, each with a request (a third of them logged
    weeks ago, so overdue now), and a referral for a quarter of them."""
    intake, referral = urls["intake"], urls["referral"]
    weeks_ago = (date.today() - timedelta(days=40)).isoformat()
    registered: list[dict[str, Any]] = []
    with httpx.Client(headers=headers, timeout=30) as http:
        bodies = http.get(urls["registry"] + "/bodies", params={"category": "welfare_benefits"})
        body_id = bodies.json()[0]["body_id"]
        for i in range(people):
            one = person(centre)
            answer = http.post(intake + "/beneficiaries", json=one)
            answer.raise_for_status()
            registered.append({**one, **answer.json()})
            request = {"axis": "C", "category": "housing", "channel": "phone"}
            if i % 3 == 0:
                request["logged_on"] = weeks_ago
            path = f"/beneficiaries/{answer.json()['beneficiary_id']}/requests"
            http.post(intake + path, json=request).raise_for_status()
        for one in registered[: people // 4]:
            referral_body = {
                "beneficiary_id": one["beneficiary_id"],
                "body_id": body_id,
                "service": "application_support",
                "note": "Βοήθεια με την αίτηση.",
            }
            # once the referral service has heard of the person (from intake's topic)
            eventually(
                lambda b=referral_body: (
                    http.post(referral + "/referrals", json=b).status_code == 201 or None
                ),
                timeout=60,
            )
    return {"people": people, "searched": registered[-1]}


def signed_in(workspace: str, username: str, password: str) -> httpx.Client:
    """A client that signed in as a browser does: the workspace sends it to the identity
    provider's login form, which sends it back with a session."""
    client = httpx.Client(base_url=workspace, follow_redirects=True, timeout=60)

    def loopback_is_secure(_: httpx.Response) -> None:
        # Browsers count http://127.0.0.1 as a secure context and send it Secure cookies
        # (the identity provider's login cookies are Secure); httpx sends them over https only.
        for cookie in client.cookies.jar:
            if cookie.domain in ("127.0.0.1", "localhost.local"):
                cookie.secure = False

    client.event_hooks["response"].append(loopback_is_secure)
    login = client.get("/")
    form = LOGIN_FORM.search(login.text)
    action = ACTION.search(form.group(0)) if form else None
    if action is None:
        raise RuntimeError(f"no login form at {login.url}")
    back = client.post(
        html.unescape(action.group(1)), data={"username": username, "password": password}
    )
    if str(back.url).rstrip("/") != workspace.rstrip("/"):
        said = re.findall(r"(?:kc-feedback-text|input-error)[^>]*>([^<]+)<", back.text)
        cookies = [(c.name, c.domain, c.secure) for c in client.cookies.jar]
        raise RuntimeError(f"sign-in ended at {back.url}: {said} {cookies}")
    return client


def access_token(issuer: str, username: str, password: str) -> dict[str, str]:
    """The same person's token for the scripts' client: the services' own time is measured
    with the identity the workspace forwards."""
    answer = httpx.post(
        f"{issuer}/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": "kk-scripts",
            "username": username,
            "password": password,
        },
    )
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def csrf(client: httpx.Client) -> str:
    page = client.get("/people/search").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if found is None:
        raise RuntimeError("no CSRF token on the search page")
    return found.group(1)


def timings(call: Callable[[], Any], *, count: int, warm_up: int = 10) -> dict[str, float]:
    """p50, p95 and p99 of ``count`` sequential runs of ``call`` (after ``warm_up``)."""
    for _ in range(warm_up):
        call()
    times = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)

    def at(q: float) -> float:
        return ordered[max(int(len(ordered) * q) - 1, 0)]

    return {
        "p50_ms": statistics.median(ordered),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "count": count,
    }


def ok(response: httpx.Response) -> httpx.Response:
    response.raise_for_status()
    return response


def measure(
    workspace: httpx.Client,
    urls: dict[str, str],
    headers: dict[str, str],
    centre: str,
    searched: dict[str, Any],
    *,
    count: int,
) -> dict[str, Any]:
    """Each page, and the services' calls behind it made one after another with the same
    person's token (what the page would cost if it asked them in turn; it asks at once)."""
    api = httpx.Client(headers=headers, timeout=60)
    file_id = searched["beneficiary_id"]
    token = csrf(workspace)
    # the file is opened with a reason once, as the workspace asks; the session keeps it
    reason = {"csrf_token": token, "reason": "reason_serving"}
    ok(workspace.post(f"/people/{file_id}/reason", data=reason))
    born = date.fromisoformat(searched["birth_date"])
    search_form = {
        "csrf_token": token,
        "way": "names",
        "family_name": searched["family_name"],
        "given_name": searched["given_name"],
        "birth_date-day": str(born.day),
        "birth_date-month": str(born.month),
        "birth_date-year": str(born.year),
    }
    intake, referral, registry = urls["intake"], urls["referral"], urls["registry"]

    def worklist_apis() -> None:
        calls = [
            (intake + f"/centres/{centre}/requests", {"overdue": "true"}),
            (intake + f"/centres/{centre}/requests", {"due_within": "2"}),
            (intake + f"/centres/{centre}/duplicate-reviews", {}),
            (referral + f"/centres/{centre}/referrals", {"status": list(OPEN)}),
            (referral + f"/centres/{centre}/applications", {}),
            (registry + "/programmes", {}),
        ]
        ids: list[str] = []
        for url, params in calls:
            rows = ok(api.get(url, params=params)).json()
            ids += [str(r["beneficiary_id"]) for r in rows if "beneficiary_id" in r]
        ids = list(dict.fromkeys(ids))
        for i in range(0, len(ids), NAMES_AT_ONCE):  # (the page asks for these at once)
            names = {"beneficiary_ids": ids[i : i + NAMES_AT_ONCE]}
            ok(api.post(intake + f"/centres/{centre}/names", json=names))

    def file_apis() -> None:
        ok(api.get(intake + f"/beneficiaries/{file_id}", params={"reason": SERVING}))
        ok(api.get(intake + f"/beneficiaries/{file_id}/requests"))
        ok(api.get(referral + f"/beneficiaries/{file_id}/referrals"))
        ok(api.get(referral + f"/beneficiaries/{file_id}/enrolments"))
        ok(api.get(registry + "/programmes"))

    def search_api() -> None:
        terms = {k: searched[k] for k in ("family_name", "given_name", "birth_date")}
        found = ok(api.post(intake + "/beneficiaries/search", json={"centre_id": centre, **terms}))
        assert len(found.json()["matches"]) == 1

    def search_page() -> None:
        page = ok(workspace.post("/people/search", data=search_form))
        assert searched["family_name"] in page.text

    pages: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
        "worklist": (lambda: ok(workspace.get("/")), worklist_apis),
        "file": (lambda: ok(workspace.get(f"/people/{file_id}")), file_apis),
        "search": (search_page, search_api),
    }
    out: dict[str, Any] = {
        "floor": timings(lambda: ok(workspace.get("/health/live")), count=count),
    }
    for name, (page, apis) in pages.items():
        out[name] = {"page": timings(page, count=count), "apis": timings(apis, count=count)}
    out["assets_bytes"] = assets(workspace)
    api.close()
    return out


def assets(workspace: httpx.Client) -> dict[str, int]:
    """The CSS and JavaScript a page loads, by file, as served (uncompressed)."""
    page = ok(workspace.get("/")).text
    return {href: len(ok(workspace.get(href)).content) for href in ASSET.findall(page)}
