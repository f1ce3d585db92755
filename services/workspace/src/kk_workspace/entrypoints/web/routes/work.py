"""«Η δουλειά μου»: what is waiting for the centre today."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from servicekit.auth import CENTRE_STAFF

from kk_workspace.entrypoints.web.deps import Services, SignedIn
from kk_workspace.pages import render
from kk_workspace.platform import Platform, Refusal
from kk_workspace.session import Staff

router = APIRouter()
DUE_SOON_WORKING_DAYS = 2
WAITING = ("sent", "received")
"""Referrals waiting for the body's answer."""
OPEN = ("sent", "received", "accepted", "in_service")
NAMES_AT_ONCE = 500
"""The most ids intake names in one call."""


@router.get("/", name="work")
async def my_work(request: Request, staff: SignedIn, platform: Services) -> Response:
    if staff.principal.role not in CENTRE_STAFF or staff.centre_id is None:
        # the ministry, an observatory, a supervisor: their work is the figures
        return RedirectResponse("/dashboards", status_code=303)
    centre = staff.centre_id
    overdue, due_soon, duplicates, referrals, applications, programmes = await asyncio.gather(
        platform.get(staff, "intake", f"/centres/{centre}/requests", overdue="true"),
        platform.get(
            staff, "intake", f"/centres/{centre}/requests", due_within=DUE_SOON_WORKING_DAYS
        ),
        platform.get(staff, "intake", f"/centres/{centre}/duplicate-reviews"),
        # the open ones only: a centre's years of referrals are tens of thousands
        platform.get(staff, "referral", f"/centres/{centre}/referrals", status=list(OPEN)),
        platform.get(staff, "referral", f"/centres/{centre}/applications"),
        platform.get(staff, "registry", "/programmes"),
    )
    rows = [*overdue, *due_soon, *duplicates, *referrals, *applications]
    ids = list(dict.fromkeys(str(r["beneficiary_id"]) for r in rows))
    names = await worklist_names(platform, staff, centre, ids)
    return render(
        request,
        "pages/work.html",
        centre_id=centre,
        overdue=overdue,
        due_soon=due_soon,
        duplicates=duplicates,
        referrals_overdue=[r for r in referrals if r["overdue"] and r["status"] in OPEN],
        referrals_waiting=[r for r in referrals if r["status"] in WAITING and not r["overdue"]],
        applications=applications,
        programme_names={p["programme_id"]: (p["name_el"], p["name_en"]) for p in programmes},
        names={} if isinstance(names, Refusal) else names,
    )


async def worklist_names(
    platform: Platform, staff: Staff, centre: str, ids: list[str]
) -> dict[str, Any] | Refusal:
    """The names of the people ``ids``, asked of intake at most ``NAMES_AT_ONCE`` at a
    time, all at once: a large centre's lists name more people than one call may."""
    chunks = [ids[i : i + NAMES_AT_ONCE] for i in range(0, len(ids), NAMES_AT_ONCE)]
    answers = await asyncio.gather(
        *(
            platform.post(staff, "intake", f"/centres/{centre}/names", {"beneficiary_ids": chunk})
            for chunk in chunks
        )
    )
    names: dict[str, Any] = {}
    for answer in answers:
        if isinstance(answer, Refusal):
            return answer
        names.update(answer)
    return names
