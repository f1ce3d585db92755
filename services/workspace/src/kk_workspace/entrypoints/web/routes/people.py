"""Find a person, search first: by AMKA, or by names and birth date."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.forms import Form
from kk_workspace.pages import render
from kk_workspace.platform import Refusal

router = APIRouter(prefix="/people")
AMKA_FIELDS = ("amka",)
NAME_FIELDS = ("family_name", "given_name", "birth_date-day", "birth_date-month", "birth_date-year")


@router.get("/search", name="search")
async def search_page(request: Request, staff: SignedIn) -> Response:
    return _page(request, Form({}), Form({}))


@router.post("/search")
async def search(
    request: Request, staff: SignedIn, platform: Services, posted: PostedForm
) -> Response:
    by_amka = posted.get("way") == "amka"
    form = Form.of(posted, AMKA_FIELDS if by_amka else NAME_FIELDS)
    terms = _checked_terms(form, by_amka)
    if terms is None:
        empty = Form({})
        forms = (form, empty) if by_amka else (empty, form)
        return _page(request, *forms, status=422)
    answer = await platform.post(
        staff, "intake", "/beneficiaries/search", {"centre_id": staff.centre_id, **terms}
    )
    if isinstance(answer, Refusal):
        form.errors = {f: "err_search_way" for f in answer.problems} or {"amka": "err_search_way"}
        return _page(request, form, Form({}), status=422)
    return render(
        request,
        "pages/search.html",
        amka_form=form if by_amka else Form({}),
        names_form=Form({}) if by_amka else form,
        searched=True,
        by_amka=by_amka,
        terms=terms,
        matches=answer["matches"],
        here=[m for m in answer["matches"] if m["at_your_centre"]],
        elsewhere=[m for m in answer["matches"] if not m["at_your_centre"]],
    )


def _checked_terms(form: Form, by_amka: bool) -> dict[str, Any] | None:
    if by_amka:
        form.need_amka()
        return {"amka": form.value("amka")} if form.ok else None
    form.need_name("family_name", "err_family_name")
    form.need_name("given_name", "err_given_name")
    born = form.need_past_date("birth_date", today=date.today())
    if not form.ok or born is None:
        return None
    return {
        "family_name": form.value("family_name"),
        "given_name": form.value("given_name"),
        "birth_date": born.isoformat(),
    }


def _page(request: Request, amka_form: Form, names_form: Form, *, status: int = 200) -> Response:
    return render(
        request,
        "pages/search.html",
        status=status,
        amka_form=amka_form,
        names_form=names_form,
        form_errors={**amka_form.errors, **names_form.errors},
        searched=False,
    )
