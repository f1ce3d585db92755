"""Signed, expiring links for receiving bodies, which need no account.

A link names one referral and the body it was sent to, until a date, and is signed with
the service's key (HMAC-SHA256): it cannot be made up or altered. A redirect makes the old
body's link useless (the referral no longer names that body), and closing the referral or
passing the date makes it gone (410).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from kk_referral.domain.exceptions import LinkGoneError, LinkInvalidError

LINK_DAYS = 180
"""How long a body's link works: long enough to answer, serve and complete."""
_EPOCH = date(2000, 1, 1)
_PAYLOAD = struct.Struct("!16s16sI")


@dataclass(frozen=True)
class Link:
    referral_id: UUID
    body_id: UUID
    valid_until: date


class LinkSigner:
    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def issue(self, referral_id: UUID, body_id: UUID, on: date) -> str:
        until = on + timedelta(days=LINK_DAYS)
        payload = _PAYLOAD.pack(referral_id.bytes, body_id.bytes, (until - _EPOCH).days)
        return _b64(payload) + "." + _b64(self._sign(payload))

    def verify(self, token: str, today: date) -> Link:
        try:
            encoded, signature = token.split(".")
            payload = _unb64(encoded)
            valid = hmac.compare_digest(_unb64(signature), self._sign(payload))
            referral, body, days = _PAYLOAD.unpack(payload)
        except (ValueError, struct.error):
            raise LinkInvalidError("this is not a referral link of the platform") from None
        if not valid:
            raise LinkInvalidError("this is not a referral link of the platform")
        link = Link(UUID(bytes=referral), UUID(bytes=body), _EPOCH + timedelta(days=days))
        if link.valid_until < today:
            raise LinkGoneError(
                f"this link expired on {link.valid_until.isoformat()}: ask the centre for a new one"
            )
        return link

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:20]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
