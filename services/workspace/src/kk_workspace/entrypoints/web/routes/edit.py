"""Editing a file's situation: residence and contact, groups, disability percentage and
the Minimum Guaranteed Income, on one page (the household, AFM, citizenship and languages
are kept as they are on file)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.codes import VulnerableGroup
from kk_contracts.reference import municipality_names

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.entrypoints.web.routes.files import ask_reason
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import Platform, Refusal
from kk_workspace.reasons import kept_reason
from kk_workspace.registration import BY_SLUG
from kk_workspace.session import Staff
from kk_workspace.texts import choices

router = APIRouter(prefix="/people/{file_id}/edit")
STEPS = (BY_SLUG["residence"], BY_SLUG["situation"])
KEPT = ("afm", "citizenship", "languages")
"""Parts of the situation this page does not show: sent back as they are on file."""


@router.get("")
async def edit_page(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID
) -> Response:
    if kept_reason(request.session, str(file_id)) is None:
        return ask_reason(file_id, request.url.path)
    person = await file_person(request, staff, platform, file_id)
    contact = person["contact"]
    form = Form(
        {
            "municipality_code": person["municipality_code"],
            "phone": contact.get("phone") or "",
            "email": contact.get("email") or "",
            "address": contact.get("address") or "",
            "vulnerable_groups": ",".join(person["vulnerable_groups"]),
            "disability_percent": str(person["disability_percent"] or ""),
            "mgi_recipient": "yes" if person["mgi_recipient"] else "no",
        }
    )
    return _page(request, person, form)


@router.post("")
async def save(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    person = await file_person(request, staff, platform, file_id)
    form = Form({})
    for step in STEPS:
        part = Form.of(posted, step.fields, many=step.many)
        step.check(part, date.today())
        form.values |= part.values
        form.errors |= part.errors
    if not form.ok:
        return _page(request, person, form, status=422)
    answer = await platform.put(
        staff,
        "intake",
        f"/beneficiaries/{file_id}/situation",
        _situation(person, form),
        idempotency_key=str(uuid4()),
    )
    if isinstance(answer, Refusal):
        return _page(request, person, form, refusal=answer)
    return RedirectResponse(f"/people/{file_id}", status_code=303)


def situation_on_file(person: dict[str, Any]) -> dict[str, Any]:
    """The file's situation as intake's PUT …/situation takes it back: what a page does not
    change is sent as it is on file."""
    household = [{k: v for k, v in m.items() if v is not None} for m in person["household"]]
    contact = {k: person["contact"].get(k) for k in ("phone", "email", "address")}
    names = ("municipality_code", "vulnerable_groups", "disability_percent", "mgi_recipient")
    return {
        **{name: person[name] for name in (*KEPT, *names)},
        "household": household,
        "contact": contact,
    }


def _situation(person: dict[str, Any], form: Form) -> dict[str, Any]:
    return situation_on_file(person) | {
        "municipality_code": form.value("municipality_code"),
        "contact": {k: form.value(k) or None for k in ("phone", "email", "address")},
        "vulnerable_groups": form.chosen("vulnerable_groups"),
        "disability_percent": int(form.value("disability_percent") or 0) or None,
        "mgi_recipient": form.value("mgi_recipient") == "yes",
    }


async def file_person(
    request: Request, staff: Staff, platform: Platform, file_id: UUID
) -> dict[str, Any]:
    reason = kept_reason(request.session, str(file_id)) or "διόρθωση φακέλου / editing the file"
    person: dict[str, Any] = await platform.get(
        staff, "intake", f"/beneficiaries/{file_id}", reason=reason
    )
    return person


def _page(
    request: Request, person: dict[str, Any], form: Form, *, refusal: Refusal | None = None,
    status: int = 200,
) -> Response:  # fmt: skip
    lang = lang_of(request)
    return render(
        request,
        "pages/edit.html",
        status=refusal.status if refusal else status,
        person=person,
        form=form,
        form_errors=form.errors,
        refusal=refusal,
        municipalities=municipality_names(),
        groups=choices(VulnerableGroup, lang),
    )
