"""The person's proxy (πληρεξούσιος): who may act for them, on what authorisation, until
when. A request made through a proxy needs one valid on the day."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.entrypoints.web.routes.files import ask_reason
from kk_workspace.forms import Form
from kk_workspace.pages import render
from kk_workspace.platform import Platform, Refusal
from kk_workspace.reasons import kept_reason
from kk_workspace.session import Staff

router = APIRouter(prefix="/people/{file_id}/proxy")
AUTHORISATIONS = ("notarial", "certified_signature", "gov_gr", "court_guardian")
DATES = tuple(f"{d}-{p}" for d in ("issued_on", "valid_until") for p in ("day", "month", "year"))
FIELDS = ("given_name", "family_name", "id_document", "relation", "authorisation",
          "reference", *DATES)  # fmt: skip


@router.get("")
async def proxy_page(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID
) -> Response:
    if kept_reason(request.session, str(file_id)) is None:
        return ask_reason(file_id, request.url.path)
    return await _page(request, staff, platform, file_id, Form({}))


@router.post("")
async def authorise(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    form = Form.of(posted, FIELDS)
    body = _checked(form)
    if body is None:
        return await _page(request, staff, platform, file_id, form, status=422)
    answer = await platform.put(
        staff, "intake", f"/beneficiaries/{file_id}/proxy", body, idempotency_key=str(uuid4())
    )
    if isinstance(answer, Refusal):
        return await _page(request, staff, platform, file_id, form, refusal=answer)
    return RedirectResponse(f"/people/{file_id}", status_code=303)


@router.post("/revocation")
async def revoke(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, _: PostedForm
) -> Response:
    answer = await platform.delete(staff, "intake", f"/beneficiaries/{file_id}/proxy")
    if isinstance(answer, Refusal):
        return await _page(request, staff, platform, file_id, Form({}), refusal=answer)
    return RedirectResponse(f"/people/{file_id}", status_code=303)


def _checked(form: Form) -> dict[str, Any] | None:
    form.need_name("given_name", "err_given_name")
    form.need_name("family_name", "err_family_name")
    if not 4 <= len(form.value("id_document")) <= 20:
        form.errors["id_document"] = "err_id_document"
    if not 2 <= len(form.value("relation")) <= 60:
        form.errors["relation"] = "err_relation"
    form.need_choice("authorisation", AUTHORISATIONS, "err_authorisation")
    if not 1 <= len(form.value("reference")) <= 60:
        form.errors["reference"] = "err_reference"
    # issued on or before today: "in the past" counted from tomorrow
    issued = form.need_past_date("issued_on", today=date.today() + timedelta(days=1))
    until = form.may_date("valid_until")
    if not form.ok or issued is None:
        return None
    return {
        **{k: form.value(k) for k in FIELDS[:6]},
        "issued_on": issued.isoformat(),
        "valid_until": until.isoformat() if until else None,
    }


async def _page(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, form: Form, *,
    refusal: Refusal | None = None, status: int = 200,
) -> Response:  # fmt: skip
    reason = kept_reason(request.session, str(file_id)) or "πληρεξούσιος / proxy"
    person = await platform.get(staff, "intake", f"/beneficiaries/{file_id}", reason=reason)
    return render(
        request,
        "pages/proxy.html",
        status=refusal.status if refusal else status,
        person=person,
        form=form,
        form_errors=form.errors,
        refusal=refusal,
        authorisations=[(a, f"auth_{a}") for a in AUTHORISATIONS],
    )
