"""One error shape for every API, and the handlers that produce it.

Every 4xx answer is ``{"error": code, "message": English, "message_el": Greek,
"problems": [{"field", "message", "message_el"}]}`` so a person (or the UI) can see what to
fix, in Greek first.
Services map their domain exceptions to a status in one place (``DomainErrorMap``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError
from eventsourcing.persistence import InterfaceError as StoreInterfaceError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from servicekit.greek import problem_in_greek

log = logging.getLogger(__name__)

_GREEK_BY_STATUS = {
    400: "Το αίτημα δεν είναι έγκυρο.",
    401: "Απαιτείται ταυτοποίηση.",
    403: "Δεν έχετε δικαίωμα για αυτή την ενέργεια.",
    404: "Δεν βρέθηκε.",
    405: "Η μέθοδος δεν επιτρέπεται.",
    409: "Η ενέργεια συγκρούεται με την τρέχουσα κατάσταση.",
    422: "Τα στοιχεία δεν είναι έγκυρα.",
    503: "Η υπηρεσία δεν είναι διαθέσιμη προσωρινά.",
}

DomainErrorMap = Mapping[type[Exception], tuple[int, str]]
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    psycopg.OperationalError,  # the server gone, restarting, or the pool's wait timed out
    psycopg.InterfaceError,  # a connection that broke under us
    StoreOperationalError,  # the same, as the event store reports them
    StoreInterfaceError,
)
RETRY_AFTER_SECONDS = 5


def database_unavailable_body() -> dict[str, Any]:
    return error_body(
        "database_unavailable",
        "The database cannot be reached just now; nothing was lost. Send the request again "
        "in a few seconds, with the same Idempotency-Key if it was a write.",
        "Η βάση δεδομένων δεν είναι διαθέσιμη αυτή τη στιγμή· δεν χάθηκε τίποτα. Στείλτε το "
        "αίτημα ξανά σε λίγα δευτερόλεπτα, με το ίδιο Idempotency-Key αν ήταν εγγραφή.",
    )


class ApiError(Exception):
    """An error the API answers with directly (authentication, authorisation, lookups)."""

    def __init__(
        self, status: int, code: str, message: str, *, message_el: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.message_el = message_el or _GREEK_BY_STATUS.get(status, "Σφάλμα.")


def error_body(
    code: str, message: str, message_el: str, problems: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    return {"error": code, "message": message, "message_el": message_el, "problems": problems or []}


def _validation_problems(exc: RequestValidationError) -> list[dict[str, str]]:
    problems = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        field = ".".join(loc[1:] if loc and loc[0] in {"body", "query", "path"} else loc)
        message = str(err.get("msg", "invalid"))
        if err.get("type") == "json_invalid":
            field, message = (
                "(body)",
                f"the body is not valid JSON: {err.get('ctx', {}).get('error', '')}",
            )
        problems.append(
            {"field": field or "(body)", "message": message, "message_el": problem_in_greek(err)}
        )
    return problems


def install_error_handlers(app: FastAPI, domain_errors: DomainErrorMap) -> None:
    async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = _validation_problems(exc)
        summary = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        summary_el = "; ".join(f"{p['field']}: {p['message_el']}" for p in problems)
        body = error_body(
            "validation_failed",
            f"Invalid request: {summary}",
            f"Τα στοιχεία δεν είναι έγκυρα. {summary_el}",
            problems,
        )
        return JSONResponse(body, status_code=422)

    async def on_api_error(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        body = error_body(exc.code, exc.message, exc.message_el)
        return JSONResponse(body, status_code=exc.status, headers=headers)

    async def on_http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        greek = _GREEK_BY_STATUS.get(exc.status_code, "Σφάλμα.")
        body = error_body(f"http_{exc.status_code}", str(exc.detail), greek)
        return JSONResponse(body, status_code=exc.status_code)

    async def on_domain_error(_: Request, exc: Exception) -> JSONResponse:
        status, code = next(v for k, v in domain_errors.items() if isinstance(exc, k))
        greek = getattr(exc, "message_el", None) or _GREEK_BY_STATUS.get(status, "Σφάλμα.")
        field = getattr(exc, "field", None)
        problems = [{"field": field, "message": str(exc), "message_el": greek}] if field else []
        return JSONResponse(error_body(code, str(exc), greek, problems), status_code=status)

    async def on_conflict(_: Request, exc: IntegrityError) -> JSONResponse:
        # two writers changed the same record at once; the second one's write is refused
        body = error_body(
            "concurrent_change",
            "Someone else changed this record, or registered the same person, at the same "
            "moment; nothing of yours was saved. Send it again.",
            "Κάποιος άλλος άλλαξε την ίδια εγγραφή, ή καταχώρισε το ίδιο πρόσωπο, την ίδια "
            "στιγμή· δεν αποθηκεύτηκε τίποτα. Στείλτε το ξανά.",
        )
        return JSONResponse(body, status_code=409)

    async def on_database_unavailable(_: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable: %s: %s", type(exc).__name__, exc)
        return JSONResponse(
            database_unavailable_body(),
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )

    for unavailable in DATABASE_UNAVAILABLE:
        app.add_exception_handler(unavailable, on_database_unavailable)
    app.add_exception_handler(IntegrityError, on_conflict)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(ApiError, on_api_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http_error)  # type: ignore[arg-type]
    for exc_type in domain_errors:
        app.add_exception_handler(exc_type, on_domain_error)
