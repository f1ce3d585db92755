"""Signed, expiring links for receiving bodies, which need no account.

A link names one referral, the body it was sent to and when it was sent to that body, until
a date, and is signed with the service's key (HMAC-SHA256): it cannot be made up or
altered. A redirect makes the old body's link useless (the referral no longer names that
body, or names it from a later day: A → B → A does not revive A's first link), and closing
the referral or passing the date makes it gone (410).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from kk_referral.domain.exceptions import LinkInvalidError

LINK_DAYS = 180
"""How long a body's link works at least: long enough to answer and serve."""
AFTER_COMPLETION_DAYS = 30
"""And, once accepted, until a month after the service's completion deadline."""
_EPOCH = date(2000, 1, 1)
_PAYLOAD = struct.Struct("!16s16sII")


@dataclass(frozen=True)
class Link:
    referral_id: UUID
    body_id: UUID
    linked_on: date
    valid_until: date

    def expired(self, today: date) -> bool:
        return self.valid_until < today


def valid_until(linked_on: date, complete_by: date | None) -> date:
    until = linked_on + timedelta(days=LINK_DAYS)
    if complete_by is not None:
        until = max(until, complete_by + timedelta(days=AFTER_COMPLETION_DAYS))
    return until


class LinkSigner:
    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def issue(self, link: Link) -> str:
        payload = _PAYLOAD.pack(
            link.referral_id.bytes,
            link.body_id.bytes,
            (link.linked_on - _EPOCH).days,
            (link.valid_until - _EPOCH).days,
        )
        return _b64(payload) + "." + _b64(self._sign(payload))

    def verify(self, token: str) -> Link:
        """The link a token stands for, if the service signed it (expired or not)."""
        try:
            encoded, signature = token.split(".")
            payload = _unb64(encoded)
            valid = hmac.compare_digest(_unb64(signature), self._sign(payload))
            referral, body, linked, until = _PAYLOAD.unpack(payload)
        except (ValueError, struct.error):
            raise LinkInvalidError("this is not a referral link of the platform") from None
        if not valid:
            raise LinkInvalidError("this is not a referral link of the platform")
        return Link(
            UUID(bytes=referral),
            UUID(bytes=body),
            _EPOCH + timedelta(days=linked),
            _EPOCH + timedelta(days=until),
        )

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:20]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
