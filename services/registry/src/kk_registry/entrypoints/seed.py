"""``python -m kk_registry.entrypoints.seed``: registers the centres, bodies and programmes that the
reference data call for. Idempotent: a second run registers nothing."""

from __future__ import annotations

import sys

from servicekit.progress import bar

from kk_registry.bootstrap import bootstrap


def _progress(done: int, total: int) -> None:
    bar("  κέντρα / centres", done, total)


def main() -> int:
    service = bootstrap()
    try:
        census = service.settings.census_year
        report = service.app.seed(census=census, progress=_progress)
    finally:
        service.close()
    print(
        f"registry seeded (census {census}): "
        f"{report.centres_registered} new of {report.centres_required} centres, "
        f"{report.bodies_registered} new bodies, {report.programmes_registered} new programmes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
