"""Mints development tokens: ``python -m servicekit.tokens --role social_worker --centre KK-6101``.

Reads the signing key from ``JWT_SECRET`` (``make run`` writes it to ``.state/secrets.env``).
For development and tests only: production tokens come from the ministry's identity provider.
"""

from __future__ import annotations

import argparse
import os
import sys

from servicekit.auth import Principal, Role, TokenCodec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role", required=True, choices=[r.value for r in Role])
    parser.add_argument("--sub", default="dev-user", help="who the token speaks for")
    parser.add_argument("--centre", dest="centre_id", help="centre id, e.g. KK-6101")
    parser.add_argument("--municipality", help="ELSTAT municipality code, e.g. 6101")
    parser.add_argument("--region", help="NUTS-2 region code, e.g. EL30")
    parser.add_argument("--hours", type=float, default=8.0, help="validity in hours")
    args = parser.parse_args(argv)
    secret = os.environ.get("JWT_SECRET")
    if not secret:
        print(
            "JWT_SECRET is not set: run `source .state/secrets.env` after `make run`.",
            file=sys.stderr,
        )
        return 2
    principal = Principal(
        subject=args.sub,
        role=Role(args.role),
        centre_id=args.centre_id,
        municipality=args.municipality,
        region=args.region,
    )
    codec = TokenCodec(secret, os.environ.get("JWT_ALGORITHM", "HS256"))
    print(codec.mint(principal, ttl_seconds=int(args.hours * 3600)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
