"""Keyed hashes of identifiers: the same AMKA always gives the same hash, and without the
key nobody can compute or reverse it (HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac


class Pseudonymiser:
    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def keyed_hash(self, identifier: str) -> str:
        return hmac.new(self._key, identifier.encode(), hashlib.sha256).hexdigest()
