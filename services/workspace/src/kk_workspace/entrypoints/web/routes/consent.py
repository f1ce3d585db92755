"""The person's consent: recording more, or withdrawing some or all. Every service
honours a withdrawal (intake publishes it)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.codes import ConsentPurpose, LegalBasis

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.entrypoints.web.routes.files import ask_reason
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import Platform, Refusal
from kk_workspace.reasons import kept_reason
from kk_workspace.session import Staff
from kk_workspace.texts import choices, label

router = APIRouter(prefix="/people/{file_id}/consent")
PURPOSES = [p.value for p in ConsentPurpose]


@router.get("")
async def consent_page(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID
) -> Response:
    if kept_reason(request.session, str(file_id)) is None:
        return ask_reason(file_id, request.url.path)
    return await _page(request, staff, platform, file_id, None)


@router.post("")
async def record(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    form = Form.of(posted, ("legal_basis",), many=("purposes",))
    form.need_choice("legal_basis", [b.value for b in LegalBasis], "err_legal_basis")
    form.need_choices("purposes", PURPOSES, "err_purposes", least=1)
    if not form.ok:
        return await _page(request, staff, platform, file_id, form, status=422)
    body = {"legal_basis": form.value("legal_basis"), "purposes": form.chosen("purposes")}
    return await _send(request, staff, platform, file_id, "consent", body, form)


@router.post("/withdrawal")
async def withdraw(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    form = Form.of(posted, (), many=("withdrawn",))
    form.need_choices("withdrawn", PURPOSES, "err_withdrawn", least=1)
    if not form.ok:
        return await _page(request, staff, platform, file_id, form, status=422)
    body = {"purposes": form.chosen("withdrawn")}
    return await _send(request, staff, platform, file_id, "consent/withdrawal", body, form)


async def _send(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, path: str,
    body: dict[str, Any], form: Form,
) -> Response:  # fmt: skip
    answer = await platform.post(
        staff, "intake", f"/beneficiaries/{file_id}/{path}", body, idempotency_key=str(uuid4())
    )
    if isinstance(answer, Refusal):
        return await _page(request, staff, platform, file_id, form, refusal=answer)
    return RedirectResponse(f"/people/{file_id}", status_code=303)


async def _page(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, form: Form | None, *,
    refusal: Refusal | None = None, status: int = 200,
) -> Response:  # fmt: skip
    reason = kept_reason(request.session, str(file_id)) or "συγκατάθεση / consent"
    person = await platform.get(staff, "intake", f"/beneficiaries/{file_id}", reason=reason)
    consent = person["consent"]
    current = Form({"legal_basis": consent["legal_basis"] or "",
                    "purposes": ",".join(consent["purposes"])})  # fmt: skip
    lang = lang_of(request)
    return render(
        request,
        "pages/consent.html",
        status=refusal.status if refusal else status,
        person=person,
        form=form or current,
        form_errors=form.errors if form else {},
        refusal=refusal,
        bases=choices(LegalBasis, lang),
        purposes=choices(ConsentPurpose, lang),
        given=[(p, label(ConsentPurpose, p, lang)) for p in consent["purposes"]],
    )
