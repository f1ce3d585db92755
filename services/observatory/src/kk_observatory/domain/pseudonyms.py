"""Pseudonyms per recipient: ENISA's keyed-hash technique, one pseudonymisation domain
(EDPB) per region.

Each region's key is derived from one master secret (HKDF-SHA256, the region and the key's
version as its context), and every platform id on a region's stream becomes
``HMAC-SHA256(key of the region, id)``. Within a region a person keeps one pseudonym, so an
observatory can follow them; across regions the pseudonyms share nothing, and without the
master secret none leads back to the platform's id. A new key version gives every id a new
pseudonym (``docs/observatories.md``: rotating a key).
"""

from __future__ import annotations

import base64
import hmac
from uuid import UUID

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SALT = b"kk-observatory-pseudonyms"
MINIMUM_SECRET = 32
RECENT = 200_000  # pseudonyms kept at hand: a few tens of MB at most


class Pseudonymiser:
    """The pseudonyms of every region under one version of the master secret."""

    def __init__(self, master_secret: bytes, version: int) -> None:
        if len(master_secret) < MINIMUM_SECRET:
            raise ValueError(f"the master secret needs at least {MINIMUM_SECRET} bytes")
        if version < 1:
            raise ValueError("key versions start at 1")
        self.version = version
        self._master = master_secret
        self._keys: dict[str, bytes] = {}
        self._recent: dict[tuple[str, int], str] = {}

    def key(self, region: str) -> bytes:
        key = self._keys.get(region)
        if key is None:
            info = f"region={region};version={self.version}".encode()
            hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=info)
            key = self._keys[region] = hkdf.derive(self._master)
        return key

    def of(self, region: str, platform_id: UUID) -> str:
        """The id's pseudonym in ``region``: 43 characters of base64url."""
        key = (region, platform_id.int)  # an int hashes in C, a UUID in Python
        known = self._recent.get(key)
        if known is not None:  # a person's or a request's next event
            return known
        digest = hmac.digest(self.key(region), platform_id.bytes, "sha256")
        pseudonym = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if len(self._recent) >= RECENT:
            self._recent.clear()
        self._recent[key] = pseudonym
        return pseudonym

    def record_id(self, region: str, event_id: UUID, index: int) -> str:
        """The id of the ``index``-th record an event makes in ``region`` (22 characters of
        base64url): the same at every replay, and no more the platform's than a pseudonym."""
        digest = hmac.digest(self.key(region), event_id.bytes + index.to_bytes(2, "big"), "sha256")
        return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()
