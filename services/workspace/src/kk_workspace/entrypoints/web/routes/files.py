"""The individual file: opened with a stated reason, then its profile, consent and
requests."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.reference import municipality_names
from servicekit.auth import Role

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn, local_path
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import Forbidden, Platform, Refusal
from kk_workspace.reasons import CODED, keep_reason, kept_reason, stated_reason
from kk_workspace.session import Staff
from kk_workspace.timeline import timeline

router = APIRouter(prefix="/people")


@router.get("/{file_id}/reason")
async def reason_page(request: Request, staff: SignedIn, file_id: UUID) -> Response:
    then = local_path(request.query_params.get("next"), f"/people/{file_id}")
    return _reason_page(request, file_id, Form({"next": then}))


@router.post("/{file_id}/reason")
async def state_reason(
    request: Request, staff: SignedIn, file_id: UUID, posted: PostedForm
) -> Response:
    form = Form.of(posted, ("reason", "reason_text", "next"))
    reason = stated_reason(form)
    if reason is None:
        return _reason_page(request, file_id, form, status=422)
    keep_reason(request.session, str(file_id), reason)
    then = local_path(form.value("next"), f"/people/{file_id}")
    return RedirectResponse(then, status_code=303)


@router.get("/{file_id}/break-glass")
async def break_glass_page(request: Request, staff: SignedIn, file_id: UUID) -> Response:
    return render(request, "pages/break_glass.html", file_id=file_id, form=Form({}))


@router.post("/{file_id}/break-glass")
async def break_glass(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    form = Form.of(posted, ("reason",))
    if not 10 <= len(form.value("reason")) <= 300:
        form.errors["reason"] = "err_glass_reason"
        return render(
            request, "pages/break_glass.html", status=422, file_id=file_id, form=form,
            form_errors=form.errors,
        )  # fmt: skip
    answer = await platform.post(
        staff, "intake", f"/beneficiaries/{file_id}/break-glass", {"reason": form.value("reason")}
    )
    if isinstance(answer, Refusal):
        return render(
            request, "pages/break_glass.html", status=answer.status, file_id=file_id, form=form,
            refusal=answer,
        )  # fmt: skip
    keep_reason(
        request.session,
        str(file_id),
        f"έκτακτη πρόσβαση / emergency access: {form.value('reason')}",
    )
    return RedirectResponse(f"/people/{file_id}", status_code=303)


@router.post("/{file_id}/duplicate-review")
async def review_duplicate(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    """Two people who share names and birth date, or one person filed twice."""
    body = {"outcome": str(posted.get("outcome", ""))}
    await platform.post(staff, "intake", f"/beneficiaries/{file_id}/duplicate-review", body)
    return RedirectResponse(f"/people/{file_id}", status_code=303)


def ask_reason(file_id: UUID, then: str) -> Response:
    """The way to a page of the file when no reason was given for it yet."""
    return RedirectResponse(f"/people/{file_id}/reason?next={quote(then)}", status_code=303)


@router.get("/{file_id}", name="file")
async def file_page(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID
) -> Response:
    reason = kept_reason(request.session, str(file_id))
    if reason is None:
        return ask_reason(file_id, request.url.path)
    try:
        person = await platform.get(staff, "intake", f"/beneficiaries/{file_id}", reason=reason)
    except Forbidden:  # another centre's file: the way in is breaking the glass
        return render(request, "pages/file_forbidden.html", status=403, file_id=file_id)
    requests, referrals, enrolments, programmes, reads = await asyncio.gather(
        platform.get(staff, "intake", f"/beneficiaries/{file_id}/requests"),
        platform.get(staff, "referral", f"/beneficiaries/{file_id}/referrals"),
        platform.get(staff, "referral", f"/beneficiaries/{file_id}/enrolments"),
        platform.get(staff, "registry", "/programmes"),
        _reads(staff, platform, file_id),
    )
    lang = lang_of(request)
    names = {p["programme_id"]: p["name_el" if lang == "el" else "name_en"] for p in programmes}
    place = municipality_names().get(person["municipality_code"], ("", ""))
    return render(
        request,
        "pages/file.html",
        person=person,
        requests=requests,
        referrals=referrals,
        enrolments=enrolments,
        programme_names=names,
        events=timeline(person, requests, referrals, enrolments, names, lang),
        reads=reads,
        place=place,
    )


async def _reads(staff: Staff, platform: Platform, file_id: UUID) -> list[dict[str, Any]] | None:
    """Who opened the file and its referrals, newest first: for the centre's head only."""
    if staff.principal.role != Role.CENTRE_HEAD:
        return None
    of_file = await platform.get(staff, "intake", f"/beneficiaries/{file_id}/reads")
    of_referrals = await platform.get(staff, "referral", f"/beneficiaries/{file_id}/referral-reads")
    for read in of_referrals:
        read["what"] = "referral"
    # the two services write their times alike but not to the letter: compare them as times
    rows: list[dict[str, Any]] = sorted(
        [*of_file, *of_referrals], key=lambda r: datetime.fromisoformat(r["read_at"]), reverse=True
    )
    return rows


def _reason_page(request: Request, file_id: UUID, form: Form, *, status: int = 200) -> Response:
    return render(
        request,
        "pages/file_reason.html",
        status=status,
        file_id=file_id,
        form=form,
        form_errors=form.errors,
        reasons=CODED,
    )
