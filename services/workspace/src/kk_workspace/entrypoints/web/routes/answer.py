"""The receiving body's page, behind the signed link the centre gave it: no account, no
sign-in; the link is the credential. Opening the page changes nothing (mail scanners open
links too); each button is a POST, and the body's first answer records that it received the
referral. The page shows what the referral shares, never the person's file."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.codes import BodyCategory, RefusalReason, ServiceOutcome
from kk_contracts.reference import regional_units

from kk_workspace.entrypoints.web.deps import Services
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import Platform, Refusal
from kk_workspace.texts import Lang, choices, label

router = APIRouter(prefix="/answer/{token}")
STEPS = {
    "acceptance": (),
    "service": (),
    "refusal": ("reason", "detail"),
    "completion": ("outcome", "feedback"),
    "redirection": ("body_id",),
}


@router.get("")
async def answer_page(request: Request, token: str, platform: Services) -> Response:
    return await _page(request, token, platform, Form({}))


@router.post("/{step}")
async def answer(request: Request, token: str, step: str, platform: Services) -> Response:
    if step not in STEPS:
        return render(request, "pages/error.html", status=404, kind="not_found_page")
    form = Form.of(await request.form(), STEPS[step])
    if step == "refusal":
        form.need_choice("reason", [r.value for r in RefusalReason], "err_refusal_reason")
        if form.value("reason") == RefusalReason.OTHER.value and not form.value("detail"):
            form.errors["detail"] = "err_refusal_detail"
    if step == "completion":
        form.need_choice("outcome", [o.value for o in ServiceOutcome], "err_outcome")
    if step == "redirection" and not form.value("body_id"):
        form.errors["body_id"] = "err_body"
    if not form.ok:
        return await _page(request, token, platform, form, status=422)
    done = await platform.as_body("POST", f"/links/{token}/{step}", form.values)
    if isinstance(done, Refusal):
        return await _page(request, token, platform, form, refusal=done, status=done.status)
    if step == "redirection":  # this link is now the other body's business: it is gone
        return render(request, "pages/answer_gone.html", redirected=True)
    return RedirectResponse(f"/answer/{token}?done={step}", status_code=303)


async def _page(
    request: Request, token: str, platform: Platform, form: Form, *,
    refusal: Refusal | None = None, status: int = 200,
) -> Response:  # fmt: skip
    shared = await platform.as_body("GET", f"/links/{token}")
    if isinstance(shared, Refusal):
        return render(request, "pages/answer_gone.html", status=410)
    lang = lang_of(request)
    others = []
    if "redirected" in shared["next_steps"]:
        others = await _bodies_near(platform, str(shared["centre_id"]), lang)
    return render(
        request,
        "pages/answer.html",
        status=status,
        token=token,
        shared=shared,
        form=form,
        form_errors=form.errors,
        refusal=refusal,
        done=request.query_params.get("done"),
        reasons=choices(RefusalReason, lang),
        outcomes=choices(ServiceOutcome, lang),
        others=others,
    )


async def _bodies_near(platform: Platform, centre_id: str, lang: Lang) -> list[tuple[str, str]]:
    """Bodies a referral may be sent on to: those taking referrals nationally, or in the
    region, regional unit or municipality of the referring centre (from open data: the
    body has no token)."""
    municipality = centre_id.removeprefix("KK-")
    unit = municipality[:2]
    region = regional_units().get(unit, ("", ""))[1]
    bodies = await platform.public("registry", "/open-data/bodies.json")
    near = [
        b for b in bodies
        if b.get("accepts_referrals")
        and (b.get("scope") == "national" or b.get("area_code") in (municipality, unit, region))
    ]  # fmt: skip
    return [
        (str(b["body_id"]), f"{b['name_el'] if lang == 'el' else b['name_en']} · "
         f"{label(BodyCategory, str(b['category']), lang)}")
        for b in near
    ]  # fmt: skip
