"""A file being opened, kept between its question pages in a cookie of its own, encrypted
(Fernet: AES with an HMAC) under a key derived from the session key: the person's details
never sit readable in the browser, and nothing is kept on the server before the file is
opened. The cookie lives an hour, only on the pages of the flow."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken

if TYPE_CHECKING:
    from fastapi import Request, Response

COOKIE = "kk_draft"
PATH = "/people/new"
LIFETIME_SECONDS = 3600


class Drafts:
    def __init__(self, session_key: str, *, secure: bool) -> None:
        digest = hashlib.sha256(b"kk-workspace-drafts:" + session_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))
        self._secure = secure

    def read(self, request: Request) -> dict[str, str]:
        sealed = request.cookies.get(COOKIE)
        if not sealed:
            return {}
        try:
            plain = self._fernet.decrypt(sealed.encode(), ttl=LIFETIME_SECONDS)
        except InvalidToken:  # lapsed, or not ours
            return {}
        values: dict[str, str] = json.loads(plain)
        return values

    def keep(self, response: Response, values: dict[str, str]) -> None:
        sealed = self._fernet.encrypt(json.dumps(values, ensure_ascii=False).encode()).decode()
        response.set_cookie(
            COOKIE,
            sealed,
            max_age=LIFETIME_SECONDS,
            path=PATH,
            httponly=True,
            samesite="lax",
            secure=self._secure,
        )

    def forget(self, response: Response) -> None:
        response.delete_cookie(COOKIE, path=PATH)
