"""The person's household: its members, added or removed one at a time (sent to intake as
the file's whole situation, the rest as it is on file)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.entrypoints.web.routes.edit import file_person, situation_on_file
from kk_workspace.entrypoints.web.routes.files import ask_reason
from kk_workspace.forms import Form
from kk_workspace.pages import render
from kk_workspace.platform import Platform, Refusal
from kk_workspace.reasons import kept_reason
from kk_workspace.session import Staff

router = APIRouter(prefix="/people/{file_id}/household")
RELATIONS = ("spouse", "partner", "child", "parent", "sibling", "grandparent", "grandchild",
             "other")  # fmt: skip
FIELDS = ("relation", "given_name", "family_name", "amka",
          "birth_date-day", "birth_date-month", "birth_date-year", "idempotency_key")  # fmt: skip


@router.get("")
async def household_page(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID
) -> Response:
    if kept_reason(request.session, str(file_id)) is None:
        return ask_reason(file_id, request.url.path)
    person = await file_person(request, staff, platform, file_id)
    return _page(request, person, Form({"idempotency_key": str(uuid4())}))


@router.post("")
async def add_member(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    person = await file_person(request, staff, platform, file_id)
    form = Form.of(posted, FIELDS)
    form.need_choice("relation", RELATIONS, "err_household_relation")
    form.need_name("given_name", "err_given_name")
    if form.value("amka"):
        form.need_amka()
    born = form.may_date("birth_date")
    if born is not None and born >= date.today():
        form.errors["birth_date-day"] = "err_birth_date_future"
    if not form.ok:
        return _page(request, person, form, status=422)
    member = {k: form.value(k) or None for k in ("relation", "given_name", "family_name", "amka")}
    member["birth_date"] = born.isoformat() if born else None
    members = [*situation_on_file(person)["household"], {k: v for k, v in member.items() if v}]
    return await _save(
        request, staff, platform, file_id, person, members, form,
        key=form.value("idempotency_key") or str(uuid4()),
    )  # fmt: skip


@router.post("/removal")
async def remove_member(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    person = await file_person(request, staff, platform, file_id)
    members = situation_on_file(person)["household"]
    index = str(posted.get("member", ""))
    if index.isdigit() and int(index) < len(members):
        del members[int(index)]
    return await _save(
        request, staff, platform, file_id, person, members, Form({}), key=str(uuid4())
    )


async def _save(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, person: dict[str, Any],
    members: list[dict[str, Any]], form: Form, *, key: str,
) -> Response:  # fmt: skip
    situation = situation_on_file(person) | {"household": members}
    answer = await platform.put(
        staff, "intake", f"/beneficiaries/{file_id}/situation", situation, idempotency_key=key
    )
    if isinstance(answer, Refusal) and answer.code == "idempotency_key_reused":
        # the same form sent twice (a double click): its member was added the first time
        return RedirectResponse(f"/people/{file_id}/household", status_code=303)
    if isinstance(answer, Refusal):
        return _page(request, person, form, refusal=answer)
    return RedirectResponse(f"/people/{file_id}/household", status_code=303)


def _page(
    request: Request, person: dict[str, Any], form: Form, *, refusal: Refusal | None = None,
    status: int = 200,
) -> Response:  # fmt: skip
    return render(
        request,
        "pages/household.html",
        status=refusal.status if refusal else status,
        person=person,
        form=form,
        form_errors=form.errors,
        refusal=refusal,
        relations=[(r, f"rel_{r}") for r in RELATIONS],
    )
