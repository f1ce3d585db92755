"""Opening a file: question pages, "check your answers", then the confirmation.

The answers travel in the encrypted draft cookie; each page is a GET that shows the
draft and a POST that checks its answers and moves on (post, redirect, get: the back
button never resends a form). The final POST carries an ``Idempotency-Key`` made when the
check page was shown, so a double click or a resent form opens one file, not two."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.codes import (
    ConsentPurpose,
    LegalBasis,
    NoAmkaReason,
    OtherIdKind,
    Sex,
    VulnerableGroup,
)
from kk_contracts.reference import municipality_names

from kk_workspace.drafts import Drafts
from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import Refusal
from kk_workspace.registration import (
    BY_SLUG,
    DONE,
    FIELD_STEP,
    STEPS,
    after,
    answered,
    first_unanswered,
    registration_body,
    seeded,
)
from kk_workspace.texts import choices

router = APIRouter(prefix="/people/new")
SEARCH_TERMS = ("amka", "family_name", "given_name", "birth_date")


def _drafts(request: Request) -> Drafts:
    drafts: Drafts = request.app.state.drafts
    return drafts


def _go(path: str, draft: dict[str, str] | None = None, *, request: Request) -> Response:
    response = RedirectResponse(path, status_code=303)
    if draft is not None:
        _drafts(request).keep(response, draft)
    return response


@router.get("")
async def start_blank(request: Request, staff: SignedIn) -> Response:
    return _go("/people/new/identity", {}, request=request)


@router.post("")
async def start(request: Request, staff: SignedIn, posted: PostedForm) -> Response:
    """A new file, with what was searched for filled in."""
    terms = {name: str(posted.get(name, "")) for name in SEARCH_TERMS}
    return _go("/people/new/identity", seeded(terms), request=request)


@router.get("/check", name="check_answers")
async def check_page(request: Request, staff: SignedIn) -> Response:
    draft = _drafts(request).read(request)
    missing = first_unanswered(draft)
    if missing:
        return _go(f"/people/new/{missing}", request=request)
    return _check_answers(request, draft)


@router.post("/check")
async def open_file(
    request: Request, staff: SignedIn, platform: Services, posted: PostedForm
) -> Response:
    draft = _drafts(request).read(request)
    if first_unanswered(draft) or staff.centre_id is None:
        return _go("/people/new/identity", request=request)
    answer = await platform.post(
        staff,
        "intake",
        "/beneficiaries",
        registration_body(draft, staff.centre_id),
        idempotency_key=str(posted.get("idempotency_key", "")) or None,
    )
    if isinstance(answer, Refusal):
        return _check_answers(request, draft, refusal=answer)
    response = _go(
        f"/people/new/done?file={answer['beneficiary_id']}"
        f"&transferred={'1' if answer.get('transferred_from') else ''}"
        f"&duplicate={'1' if answer.get('likely_duplicate') else ''}",
        request=request,
    )
    _drafts(request).forget(response)
    return response


@router.get("/done")
async def done(request: Request, staff: SignedIn) -> Response:
    return render(
        request,
        "pages/new_done.html",
        file_id=request.query_params.get("file", ""),
        transferred=bool(request.query_params.get("transferred")),
        duplicate=bool(request.query_params.get("duplicate")),
    )


@router.get("/{slug}")
async def question(request: Request, staff: SignedIn, slug: str) -> Response:
    step = BY_SLUG.get(slug)
    if step is None:
        return render(request, "pages/error.html", status=404, kind="not_found_page")
    draft = _drafts(request).read(request)
    if staff.centre_id:  # most people live where their centre is
        draft.setdefault("municipality_code", staff.centre_id.removeprefix("KK-"))
    draft.setdefault("has_amka", "yes")  # as most people do
    return _question(request, slug, Form(draft))


@router.post("/{slug}")
async def answer(request: Request, staff: SignedIn, slug: str, posted: PostedForm) -> Response:
    step = BY_SLUG.get(slug)
    if step is None:
        return render(request, "pages/error.html", status=404, kind="not_found_page")
    form = Form.of(posted, step.fields, many=step.many)
    step.check(form, date.today())
    if not form.ok:
        return _question(request, slug, form, status=422)
    draft = _drafts(request).read(request) | form.values
    draft[DONE] = ",".join(dict.fromkeys([*answered(draft), slug]))
    changing = posted.get("change") == "1"
    following = None if changing else after(slug)
    target = f"/people/new/{following}" if following else "/people/new/check"
    return _go(target, draft, request=request)


def _question(request: Request, slug: str, form: Form, *, status: int = 200) -> Response:
    position = [s.slug for s in STEPS].index(slug)
    lang = lang_of(request)
    return render(
        request,
        f"pages/new_{slug}.html",
        status=status,
        step=BY_SLUG[slug],
        form=form,
        form_errors=form.errors,
        position=position + 1,
        steps=len(STEPS),
        back=f"/people/new/{STEPS[position - 1].slug}" if position else "/people/search",
        changing=request.query_params.get("change") == "1",
        municipalities=municipality_names(),
        sexes=choices(Sex, lang),
        groups=choices(VulnerableGroup, lang),
        bases=choices(LegalBasis, lang),
        purposes=choices(ConsentPurpose, lang),
        no_amka_reasons=choices(NoAmkaReason, lang),
        other_id_kinds=choices(OtherIdKind, lang),
    )


def _check_answers(
    request: Request, draft: dict[str, str], *, refusal: Refusal | None = None
) -> Response:
    problems = {}
    if refusal is not None:
        greek = lang_of(request) == "el"
        problems = {
            f"/people/new/{FIELD_STEP.get(field, 'identity')}?change=1#{field}": said[greek]
            for field, said in refusal.problems.items()
        }
    return render(
        request,
        "pages/new_check.html",
        status=409 if refusal and refusal.status == 409 else 422 if refusal else 200,
        draft=Form(draft),
        refusal=refusal,
        problems=problems,
        form_errors=problems,
        idempotency_key=str(uuid4()),
        municipalities=municipality_names(),
    )
