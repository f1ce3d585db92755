"""The bodies of the centre's municipality (shelters, mental-health structures, social
groceries…), kept by the centre head so that referrals reach real local bodies."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.codes import BodyCategory
from servicekit.auth import Role

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import Forbidden, Refusal
from kk_workspace.registration import EMAIL
from kk_workspace.session import Staff
from kk_workspace.texts import choices

router = APIRouter(prefix="/bodies")
FIELDS = ("name_el", "name_en", "category", "accepts_referrals", "contact_phone",
          "contact_email", "postal_address", "website", "capacity")  # fmt: skip
PHONE = re.compile(r"\+?[0-9 ()-]{3,20}")


def _municipality(staff: Staff) -> str:
    if staff.principal.role != Role.CENTRE_HEAD or not staff.centre_id:
        raise Forbidden("only a centre head keeps the local bodies")
    return staff.centre_id.removeprefix("KK-")


@router.get("")
async def local_bodies(request: Request, staff: SignedIn, platform: Services) -> Response:
    municipality = _municipality(staff)
    bodies = await platform.get(
        staff, "registry", "/bodies", scope="municipality", area_code=municipality
    )
    return render(request, "pages/bodies.html", bodies=bodies, municipality=municipality)


@router.get("/new")
async def new_body(request: Request, staff: SignedIn) -> Response:
    _municipality(staff)
    return _form(
        request, Form({"accepts_referrals": "yes", "idempotency_key": str(uuid4())}), body_id=None
    )


@router.post("/new")
async def register(
    request: Request, staff: SignedIn, platform: Services, posted: PostedForm
) -> Response:
    municipality = _municipality(staff)
    form = _checked(posted)
    # the key is the form's, made when it was shown: a form sent twice registers one body
    key = str(posted.get("idempotency_key") or uuid4())
    form.values["idempotency_key"] = key
    if not form.ok:
        return _form(request, form, body_id=None, status=422)
    code = f"local-{municipality}-{str(key).replace('-', '')[:12]}"
    answer = await platform.post(
        staff, "registry", "/bodies", {"code": code, **_body(form, municipality)},
        idempotency_key=str(key),
    )  # fmt: skip
    if isinstance(answer, Refusal):
        return _form(request, form, body_id=None, refusal=answer)
    return RedirectResponse("/bodies", status_code=303)


@router.get("/{body_id}")
async def edit_body(
    request: Request, staff: SignedIn, platform: Services, body_id: UUID
) -> Response:
    _municipality(staff)
    body = await platform.get(staff, "registry", f"/bodies/{body_id}")
    contact = body.get("contact") or {}
    values = {k: str(body.get(k) or "") for k in ("name_el", "name_en", "category", "capacity")}
    values |= {k: str(contact.get(k) or "") for k in FIELDS[4:8]}
    values["accepts_referrals"] = "yes" if body.get("accepts_referrals") else "no"
    return _form(request, Form(values), body_id=body_id)


@router.post("/{body_id}")
async def update(
    request: Request, staff: SignedIn, platform: Services, body_id: UUID, posted: PostedForm
) -> Response:
    municipality = _municipality(staff)
    form = _checked(posted)
    if not form.ok:
        return _form(request, form, body_id=body_id, status=422)
    answer = await platform.put(
        staff, "registry", f"/bodies/{body_id}", _body(form, municipality),
        idempotency_key=str(uuid4()),
    )  # fmt: skip
    if isinstance(answer, Refusal):
        return _form(request, form, body_id=body_id, refusal=answer)
    return RedirectResponse("/bodies", status_code=303)


def _checked(posted: Any) -> Form:
    form = Form.of(posted, FIELDS)
    for name in ("name_el", "name_en"):
        if not 2 <= len(form.value(name)) <= 200:
            form.errors[name] = "err_body_name"
    form.need_choice("category", [c.value for c in BodyCategory], "err_body_category")
    form.need_choice("accepts_referrals", ("yes", "no"), "err_accepts_referrals")
    form.may_match("contact_phone", PHONE, "err_body_phone")
    form.may_match("contact_email", EMAIL, "err_email")
    if form.value("accepts_referrals") == "yes" and not (
        form.value("contact_phone") or form.value("contact_email")
    ):
        form.errors["contact_phone"] = "err_body_reachable"
    if form.value("capacity"):
        form.need_whole_number("capacity", 0, 100_000, "err_capacity")
    return form


def _body(form: Form, municipality: str) -> dict[str, Any]:
    contact = {k: form.value(k) or None for k in FIELDS[4:8]}
    return {
        "name_el": form.value("name_el"),
        "name_en": form.value("name_en"),
        "category": form.value("category"),
        "scope": "municipality",
        "area_code": municipality,
        "accepts_referrals": form.value("accepts_referrals") == "yes",
        "contact": contact if any(contact.values()) else None,
        "capacity": int(form.value("capacity")) if form.value("capacity") else None,
    }


def _form(
    request: Request, form: Form, *, body_id: UUID | None, refusal: Refusal | None = None,
    status: int = 200,
) -> Response:  # fmt: skip
    lang = lang_of(request)
    return render(
        request,
        "pages/body_form.html",
        status=refusal.status if refusal else status,
        form=form,
        form_errors=form.errors,
        refusal=refusal,
        body_id=body_id,
        categories=[("", "—"), *choices(BodyCategory, lang)],
    )
