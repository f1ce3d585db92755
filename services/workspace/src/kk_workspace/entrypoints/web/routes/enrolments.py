"""A file's enrolments in programmes: the list (decided on applications or direct), a
direct enrolment, and renewing or ending one. The referral service keeps them; its list is
built from its own events, so a new enrolment may take a moment to appear there."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.codes import ExitReason

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.entrypoints.web.routes.files import ask_reason
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import Platform, Refusal
from kk_workspace.reasons import kept_reason
from kk_workspace.session import Staff
from kk_workspace.texts import choices

router = APIRouter(prefix="/people/{file_id}/enrolments")
FIELDS = (
    "programme_id",
    "start_date-day", "start_date-month", "start_date-year",
    "renew_by-day", "renew_by-month", "renew_by-year",
)  # fmt: skip
STEPS = {"renewal", "exit"}


@router.get("")
async def enrolments_page(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID
) -> Response:
    if kept_reason(request.session, str(file_id)) is None:
        return ask_reason(file_id, request.url.path)
    today = date.today()
    form = Form(
        {
            "start_date-day": str(today.day),
            "start_date-month": str(today.month),
            "start_date-year": str(today.year),
        }
    )
    return await _page(request, staff, platform, file_id, form)


@router.post("")
async def enrol(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    """A direct enrolment: not through an application the centre supported."""
    form = Form.of(posted, FIELDS)
    if not form.value("programme_id"):
        form.errors["programme_id"] = "err_programme"
    start = form.may_date("start_date")
    if start is None and "start_date-day" not in form.errors:
        form.errors["start_date-day"] = "err_start_date"
    renew_by = form.may_date("renew_by")
    if start and renew_by and renew_by <= start:
        form.errors["renew_by-day"] = "err_renew_by_after"
    if not form.ok or start is None:
        return await _page(request, staff, platform, file_id, form, status=422)
    body = {
        "beneficiary_id": str(file_id),
        "programme_id": form.value("programme_id"),
        "start_date": start.isoformat(),
        "renew_by": renew_by.isoformat() if renew_by else None,
    }
    answer = await platform.post(staff, "referral", "/enrolments", body)
    if isinstance(answer, Refusal):
        return await _page(request, staff, platform, file_id, form, refusal=answer)
    return RedirectResponse(
        f"/people/{file_id}/enrolments?made={answer['enrolment_id']}", status_code=303
    )


@router.post("/{enrolment_id}/{step}")
async def enrolment_step(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, enrolment_id: UUID,
    step: str, posted: PostedForm,
) -> Response:  # fmt: skip
    """Renews (re-certifies) an enrolment, or records that the person left the programme."""
    if step not in STEPS:
        return render(request, "pages/error.html", status=404, kind="not_found_page")
    body: dict[str, Any] = (
        {"renew_by": str(posted.get("renew_by", ""))}
        if step == "renewal"
        else {"reason": str(posted.get("reason", ""))}
    )
    answer = await platform.post(staff, "referral", f"/enrolments/{enrolment_id}/{step}", body)
    if isinstance(answer, Refusal):
        return await _page(request, staff, platform, file_id, Form({}), refusal=answer)
    return RedirectResponse(f"/people/{file_id}/enrolments?made={enrolment_id}", status_code=303)


async def _page(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, form: Form, *,
    status: int = 200, refusal: Refusal | None = None,
) -> Response:  # fmt: skip
    lang = lang_of(request)
    listed, programmes = await asyncio.gather(
        platform.get(staff, "referral", f"/beneficiaries/{file_id}/enrolments"),
        platform.get(staff, "registry", "/programmes"),
    )
    names = {p["programme_id"]: p["name_el" if lang == "el" else "name_en"] for p in programmes}
    made = request.query_params.get("made")
    changed = request.query_params.get("changed")
    return render(
        request,
        "pages/enrolments.html",
        status=refusal.status if refusal else status,
        file_id=file_id,
        enrolments=listed,
        programme_names=names,
        programmes=[("", "—")] + [
            (p["programme_id"], names[p["programme_id"]]) for p in programmes
            if p.get("status", "active") == "active"
        ],
        exits=choices(ExitReason, lang),
        made=made,
        made_listed=any(str(e["enrolment_id"]) == made for e in listed),
        changed=changed,
        form=form,
        form_errors=form.errors,
        refusal=refusal,
    )  # fmt: skip
