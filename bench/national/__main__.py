"""``python -m bench.national --bootstrap 127.0.0.1:9092``: the national activity alone,
against a broker of your own, reported on the terminal."""

from __future__ import annotations

import argparse
import sys

from bench.national.generated import report
from bench.national.processes import produce


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.national", description="Synthetic national activity to Kafka"
    )
    parser.add_argument("--bootstrap", required=True, help="host:port of the broker")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--centres", type=int, default=250)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-centre-year", type=float, default=150)
    parser.add_argument("--processes", type=int, default=None)
    args = parser.parse_args(argv)
    generated = produce(
        args.bootstrap,
        seed=args.seed,
        centres=args.centres,
        years=args.years,
        per_centre_year=args.per_centre_year,
        processes=args.processes,
    )
    report(generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
