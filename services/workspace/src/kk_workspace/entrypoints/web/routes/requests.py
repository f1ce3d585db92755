"""A file's requests: logging one, and following it to its answer (documents, the
person informed, the application submitted, its status)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.codes import (
    Axis,
    Channel,
    ExitReason,
    RejectionReason,
    RequestCategory,
    RequestStatus,
)

from kk_workspace.entrypoints.web.deps import PostedForm, Services, SignedIn
from kk_workspace.entrypoints.web.routes.files import ask_reason
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import NotFound, Platform, Refusal, ServiceName
from kk_workspace.reasons import kept_reason
from kk_workspace.session import Staff
from kk_workspace.texts import choices

router = APIRouter(prefix="/people/{file_id}/requests")
NEEDS_PROGRAMME = (RequestCategory.PROGRAMME_INFORMATION, RequestCategory.APPLICATION_SUPPORT)
FIELDS = ("axis", "category", "channel", "programme_id", "notes", "idempotency_key")


@router.get("/new")
async def new_request(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID
) -> Response:
    form = Form({"axis": "A", "channel": "in_person", "idempotency_key": str(uuid4())})
    return await _request_form(request, staff, platform, file_id, form)


@router.post("/new")
async def log_request(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, posted: PostedForm
) -> Response:
    form = Form.of(posted, FIELDS)
    form.need_choice("axis", [a.value for a in Axis], "err_axis")
    form.need_choice("category", [c.value for c in RequestCategory], "err_category")
    form.need_choice("channel", [c.value for c in Channel], "err_channel")
    if form.value("category") in NEEDS_PROGRAMME and not form.value("programme_id"):
        form.errors["programme_id"] = "err_programme"
    if len(form.value("notes")) > 4000:
        form.errors["notes"] = "err_notes_long"
    if not form.ok:
        return await _request_form(request, staff, platform, file_id, form, status=422)
    body: dict[str, Any] = {k: form.value(k) for k in ("axis", "category", "channel", "notes")}
    body["programme_id"] = form.value("programme_id") or None
    answer = await platform.post(
        staff,
        "intake",
        f"/beneficiaries/{file_id}/requests",
        body,
        idempotency_key=form.value("idempotency_key") or None,
    )
    if isinstance(answer, Refusal):
        form.errors = {f: "err_refused" for f in answer.problems} or {"category": "err_refused"}
        return await _request_form(
            request, staff, platform, file_id, form, status=answer.status, refusal=answer
        )
    return RedirectResponse(f"/people/{file_id}/requests/{answer['request_id']}", status_code=303)


@router.get("/{request_id}")
async def request_page(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, request_id: UUID
) -> Response:
    reason = kept_reason(request.session, str(file_id))
    if reason is None:
        return ask_reason(file_id, request.url.path)
    return await _request_page(request, staff, platform, file_id, request_id, reason=reason)


@router.post("/{request_id}/enrolment/{step}")
async def enrolment_step(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, request_id: UUID,
    step: str, posted: PostedForm,
) -> Response:  # fmt: skip
    """Renews (re-certifies) the enrolment the application led to, or records an exit."""
    enrolment = str(posted.get("enrolment_id", ""))
    bodies: dict[str, dict[str, Any]] = {
        "renewal": {"renew_by": str(posted.get("renew_by", ""))},
        "exit": {"reason": str(posted.get("reason", ""))},
    }
    if step not in bodies:
        return render(request, "pages/error.html", status=404, kind="not_found_page")
    answer = await _act(
        platform, staff, f"/enrolments/{enrolment}/{step}", bodies[step], "referral"
    )
    return await _shown(request, staff, platform, file_id, request_id, answer)


@router.post("/{request_id}/decision")
async def decide(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, request_id: UUID,
    posted: PostedForm,
) -> Response:  # fmt: skip
    """The programme's decision on an application the centre supported."""
    decision = str(posted.get("decision", ""))
    body: dict[str, Any] = {"decision": decision}
    if decision == "rejected":
        body["reason"] = str(posted.get("rejection_reason", "")) or None
    answer = await _act(platform, staff, f"/applications/{request_id}/decision", body, "referral")
    return await _shown(request, staff, platform, file_id, request_id, answer)


@router.post("/{request_id}/documents")
async def tick_documents(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, request_id: UUID,
    posted: PostedForm,
) -> Response:  # fmt: skip
    """Each document whose tick changed is recorded; the others are left as they were."""
    ticked = set(posted.getlist("document"))
    shown = set(posted.getlist("shown"))
    path = f"/requests/{request_id}"
    item = await platform.get(staff, "intake", path, reason=_reason(request, file_id))
    for document, collected in item["checklist"].items():
        if document in shown and (document in ticked) != collected:
            body = {"document": document, "collected": document in ticked}
            await _act(platform, staff, f"{path}/documents", body)
    return _back(file_id, request_id)


@router.post("/{request_id}/{action}")
async def act(
    request: Request, staff: SignedIn, platform: Services, file_id: UUID, request_id: UUID,
    action: str, posted: PostedForm,
) -> Response:  # fmt: skip
    """Records that the person was informed, moves the status on, or submits the
    application; a refusal (say, documents still missing) is shown on the request's page."""
    bodies: dict[str, Callable[[], dict[str, Any]]] = {
        "informed": lambda: {"channel": str(posted.get("channel", ""))},
        "status": lambda: {
            "status": str(posted.get("status", "")),
            "reason": str(posted.get("reason", "")),
        },
        "application": lambda: {},
    }
    if action not in bodies:
        return render(request, "pages/error.html", status=404, kind="not_found_page")
    answer = await _act(platform, staff, f"/requests/{request_id}/{action}", bodies[action]())
    return await _shown(request, staff, platform, file_id, request_id, answer)


async def _act(
    platform: Platform, staff: Staff, path: str, body: dict[str, Any],
    service: ServiceName = "intake",
) -> Any:  # fmt: skip
    return await platform.post(staff, service, path, body, idempotency_key=str(uuid4()))


async def _shown(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, request_id: UUID,
    answer: Any,
) -> Response:  # fmt: skip
    """After an action on the request: back to its page, or its page with the refusal."""
    if isinstance(answer, Refusal):
        return await _request_page(
            request, staff, platform, file_id, request_id, reason=_reason(request, file_id),
            refusal=answer,
        )  # fmt: skip
    return _back(file_id, request_id)


def _reason(request: Request, file_id: UUID) -> str:
    return kept_reason(request.session, str(file_id)) or "παρακολούθηση αιτήματος / follow-up"


def _back(file_id: UUID, request_id: UUID) -> Response:
    return RedirectResponse(f"/people/{file_id}/requests/{request_id}", status_code=303)


async def _request_page(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, request_id: UUID, *,
    reason: str, refusal: Refusal | None = None,
) -> Response:  # fmt: skip
    lang = lang_of(request)
    item = await platform.get(staff, "intake", f"/requests/{request_id}", reason=reason)
    programme = application = None
    if item["programme_id"]:
        programme = await platform.get(staff, "registry", f"/programmes/{item['programme_id']}")
    if item["application_submitted_on"]:
        try:  # the referral service hears of it from Kafka, a moment later
            application = await platform.get(staff, "referral", f"/applications/{request_id}")
        except NotFound:
            application = None
    return render(
        request,
        "pages/request.html",
        status=refusal.status if refusal else 200,
        file_id=file_id,
        item=item,
        programme=programme,
        application=application,
        statuses=choices(RequestStatus, lang),
        channels=choices(Channel, lang),
        rejections=choices(RejectionReason, lang),
        exits=choices(ExitReason, lang),
        refusal=refusal,
        form_errors={},
    )


async def _request_form(
    request: Request, staff: Staff, platform: Platform, file_id: UUID, form: Form, *,
    status: int = 200, refusal: Refusal | None = None,
) -> Response:  # fmt: skip
    lang = lang_of(request)
    programmes = await platform.get(staff, "registry", "/programmes", status="active")
    return render(
        request,
        "pages/request_new.html",
        status=status,
        file_id=file_id,
        form=form,
        form_errors=form.errors,
        refusal=refusal,
        axes=choices(Axis, lang),
        categories=choices(RequestCategory, lang),
        channels=choices(Channel, lang),
        programmes=[("", "—")]
        + [(p["programme_id"], p["name_el"] if lang == "el" else p["name_en"]) for p in programmes],
    )
