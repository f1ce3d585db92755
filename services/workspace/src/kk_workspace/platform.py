"""The platform's services, called on behalf of the signed-in person.

Every call forwards the person's own access token, so each service decides what they may
do exactly as it would for any other client; the workspace holds no data of its own. A
service that cannot be reached, or fails, is ``ServiceUnavailable`` (a Greek page, the
form kept), never a stack trace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from servicekit import correlation

from kk_workspace.config import Settings
from kk_workspace.session import SignInRequired, Staff

ServiceName = Literal["registry", "intake", "referral", "reporting"]


class ServiceUnavailable(Exception):
    def __init__(self, service: str, why: str) -> None:
        super().__init__(f"{service} is unavailable: {why}")
        self.service = service


class Forbidden(Exception):
    """The service refused: another centre's record, or a role that may not."""


class NotFound(Exception):
    pass


@dataclass(frozen=True)
class Refusal:
    """A 4xx answer the person can act on: the service's messages and each field's problem."""

    status: int
    code: str
    message: str
    message_el: str
    problems: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Field → what is wrong with it, in English and in Greek."""

    def said(self, lang: str) -> str:
        return self.message_el if lang == "el" and self.message_el else self.message


class Platform:
    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self.http = http
        self.urls: dict[str, str] = {
            "registry": settings.registry_url,
            "intake": settings.intake_url,
            "referral": settings.referral_url,
            "reporting": settings.reporting_url,
        }

    async def get(self, staff: Staff, service: ServiceName, path: str, **params: Any) -> Any:
        return await self._read(staff, service, path, params)

    async def post(
        self, staff: Staff, service: ServiceName, path: str, body: dict[str, Any], *,
        idempotency_key: str | None = None,
    ) -> Any | Refusal:  # fmt: skip
        """The service's answer, or its refusal for the form to show."""
        return await self._write(staff, service, "POST", path, body, idempotency_key)

    async def put(
        self, staff: Staff, service: ServiceName, path: str, body: dict[str, Any], *,
        idempotency_key: str | None = None,
    ) -> Any | Refusal:  # fmt: skip
        return await self._write(staff, service, "PUT", path, body, idempotency_key)

    async def delete(self, staff: Staff, service: ServiceName, path: str) -> Any | Refusal:
        return await self._send(staff, service, "DELETE", path)

    async def _write(
        self, staff: Staff, service: ServiceName, method: str, path: str, body: dict[str, Any],
        idempotency_key: str | None,
    ) -> Any | Refusal:  # fmt: skip
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        return await self._send(staff, service, method, path, json=body, headers=headers)

    async def public(self, service: ServiceName, path: str) -> Any:
        """Open data, which needs no one's token (a receiving body has none)."""
        return await self._read(None, service, path, {})

    async def _read(
        self, staff: Staff | None, service: ServiceName, path: str, params: dict[str, Any]
    ) -> Any:
        """What a page shows: a refusal to a read is the service's fault, not the person's."""
        answer = await self._send(staff, service, "GET", path, params=params or None)
        if isinstance(answer, Refusal):
            raise ServiceUnavailable(service, f"{answer.status} {answer.message}")
        return answer

    async def as_body(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> Any | Refusal:
        """A receiving body's call to referral's link API: its signed link is its credential,
        so no one's token goes with it. Every answer is returned, a refusal (the link expired
        or was used up, a reason missing) included."""
        try:
            return await self._send(None, "referral", method, path, json=body)
        except (Forbidden, NotFound):
            return Refusal(status=410, code="link_gone", message="", message_el="")

    async def fetch(
        self, staff: Staff, service: ServiceName, path: str, **params: Any
    ) -> httpx.Response:
        """A file as the service made it (a printed report): its bytes and type, untouched."""
        return await self._request(staff, service, "GET", path, params=params or None)

    async def _send(
        self, staff: Staff | None, service: ServiceName, method: str, path: str, **options: Any
    ) -> Any | Refusal:
        response = await self._request(staff, service, method, path, **options)
        if response.status_code >= 400:
            return _refusal(response)
        return response.json()

    async def _request(
        self, staff: Staff | None, service: ServiceName, method: str, path: str, **options: Any
    ) -> httpx.Response:
        headers = dict(options.pop("headers", {}))
        if staff is not None:
            headers["Authorization"] = f"Bearer {staff.access_token}"
        if correlation_id := correlation.current():  # one id from the click to the event
            headers[correlation.HEADER] = correlation_id
        try:
            response = await self.http.request(
                method, self.urls[service] + path, headers=headers, **options
            )
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(service, str(exc) or type(exc).__name__) from None
        if response.status_code >= 500:
            raise ServiceUnavailable(service, f"answered {response.status_code}")
        if response.status_code == 401:
            raise SignInRequired(expired=True)
        if response.status_code == 403:
            raise Forbidden(response.text)
        if response.status_code in (404, 410):  # 410: the person's file was erased
            raise NotFound(path)
        return response


def _refusal(response: httpx.Response) -> Refusal:
    try:
        body = response.json()
    except ValueError:
        body = {}
    problems = {
        str(p.get("field")): (str(p.get("message")), str(p.get("message_el") or p.get("message")))
        for p in body.get("problems", [])
    }
    return Refusal(
        status=response.status_code,
        code=str(body.get("error", "")),
        message=str(body.get("message", response.text[:300])),
        message_el=str(body.get("message_el", "")),
        problems=problems,
    )
