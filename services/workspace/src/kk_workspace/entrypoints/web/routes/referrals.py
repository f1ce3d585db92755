"""Referring a person to a body: choosing the body from the registry, following the
referral's status, giving the body its link, withdrawing it."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.codes import BodyCategory, RequestCategory, Urgency

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.entrypoints.web.routes.files import ask_reason
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import Platform, Refusal
from kk_workspace.reasons import kept_reason
from kk_workspace.session import Staff
from kk_workspace.texts import choices

router = APIRouter(prefix="/people/{file_id}/referrals")
FIELDS = ("body_id", "service", "urgency", "note", "idempotency_key")


@router.get("/new")
async def new_referral(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID
) -> Response:
    form = Form(
        {
            "urgency": Urgency.ROUTINE.value,
            "category": request.query_params.get("category", ""),
            "idempotency_key": str(uuid4()),
        }
    )
    return await _referral_form(request, staff, platform, file_id, form)


@router.post("/new")
async def send_referral(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    form = Form.of(posted, (*FIELDS, "category"))
    form.need_choice("service", [c.value for c in RequestCategory], "err_service")
    form.need_choice("urgency", [u.value for u in Urgency], "err_urgency")
    if not form.value("body_id"):
        form.errors["body_id"] = "err_body"
    if len(form.value("note")) > 2000:
        form.errors["note"] = "err_notes_long"
    if not form.ok:
        return await _referral_form(request, staff, platform, file_id, form, status=422)
    body = {k: form.value(k) for k in ("body_id", "service", "urgency", "note")}
    answer = await platform.post(
        staff,
        "referral",
        "/referrals",
        {"beneficiary_id": str(file_id), **body},
        idempotency_key=form.value("idempotency_key") or None,
    )
    if isinstance(answer, Refusal):
        return await _referral_form(
            request, staff, platform, file_id, form, status=answer.status, refusal=answer
        )
    return RedirectResponse(f"/people/{file_id}/referrals/{answer['referral_id']}", status_code=303)


@router.get("/{referral_id}")
async def referral_page(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, referral_id: UUID
) -> Response:
    if kept_reason(request.session, str(file_id)) is None:
        return ask_reason(file_id, request.url.path)
    return await _referral_page(request, staff, platform, file_id, referral_id)


@router.post("/{referral_id}/withdrawal")
async def withdraw(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, referral_id: UUID,
    posted: PostedForm,
) -> Response:  # fmt: skip
    form = Form.of(posted, ("reason",))
    if not 3 <= len(form.value("reason")) <= 500:
        form.errors["reason"] = "err_withdraw_reason"
        return await _referral_page(
            request, staff, platform, file_id, referral_id, form=form, status=422
        )
    answer = await platform.post(
        staff,
        "referral",
        f"/referrals/{referral_id}/withdrawal",
        {"reason": form.value("reason")},
        idempotency_key=str(uuid4()),
    )
    if isinstance(answer, Refusal):
        return await _referral_page(
            request, staff, platform, file_id, referral_id, refusal=answer, status=answer.status
        )
    return RedirectResponse(f"/people/{file_id}/referrals/{referral_id}", status_code=303)


async def _referral_page(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, referral_id: UUID, *,
    form: Form | None = None, refusal: Refusal | None = None, status: int = 200,
) -> Response:  # fmt: skip
    reason = kept_reason(request.session, str(file_id)) or "παρακολούθηση / follow-up"
    referral = await platform.get(staff, "referral", f"/referrals/{referral_id}", reason=reason)
    body = await platform.get(staff, "registry", f"/bodies/{referral['body_id']}")
    form = form or Form({})
    return render(
        request,
        "pages/referral.html",
        status=status,
        file_id=file_id,
        referral=referral,
        body=body,
        form=form,
        form_errors=form.errors,
        refusal=refusal,
    )


async def _referral_form(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, form: Form, *,
    status: int = 200, refusal: Refusal | None = None,
) -> Response:  # fmt: skip
    lang = lang_of(request)
    query: dict[str, Any] = {"accepts_referrals": "true"}
    if form.value("category") in {c.value for c in BodyCategory}:
        query["category"] = form.value("category")
    bodies = await platform.get(staff, "registry", "/bodies", **query)
    return render(
        request,
        "pages/referral_new.html",
        status=status,
        file_id=file_id,
        form=form,
        form_errors=form.errors,
        refusal=refusal,
        bodies=bodies,
        categories=[("", "—"), *choices(BodyCategory, lang)],
        services=[("", "—"), *choices(RequestCategory, lang)],
        urgencies=choices(Urgency, lang),
    )
