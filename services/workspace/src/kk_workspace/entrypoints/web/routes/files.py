"""The individual file: opened with a stated reason, then its profile, consent and
requests."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.reference import municipality_names

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.forms import Form
from kk_workspace.pages import render
from kk_workspace.reasons import CODED, keep_reason, kept_reason, stated_reason

router = APIRouter(prefix="/people")


@router.get("/{file_id}/reason")
async def reason_page(request: Request, staff: SignedIn, file_id: UUID) -> Response:
    return _reason_page(request, file_id, Form({}))


@router.post("/{file_id}/reason")
async def state_reason(
    request: Request, staff: SignedIn, file_id: UUID, posted: PostedForm
) -> Response:
    form = Form.of(posted, ("reason", "reason_text"))
    reason = stated_reason(form)
    if reason is None:
        return _reason_page(request, file_id, form, status=422)
    keep_reason(request.session, str(file_id), reason)
    return RedirectResponse(f"/people/{file_id}", status_code=303)


@router.get("/{file_id}", name="file")
async def file_page(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID
) -> Response:
    reason = kept_reason(request.session, str(file_id))
    if reason is None:
        return RedirectResponse(f"/people/{file_id}/reason", status_code=303)
    person = await platform.get(staff, "intake", f"/beneficiaries/{file_id}", reason=reason)
    requests = await platform.get(staff, "intake", f"/beneficiaries/{file_id}/requests")
    referrals = await platform.get(staff, "referral", f"/beneficiaries/{file_id}/referrals")
    place = municipality_names().get(person["municipality_code"], ("", ""))
    return render(
        request,
        "pages/file.html",
        person=person,
        requests=requests,
        referrals=referrals,
        place=place,
    )


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
