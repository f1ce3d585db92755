"""The dashboards' figures as pages show them: the period and indicator chosen, the places
ranked by it, its values by map area, and the monthly series of the trend charts. The
figures are reporting's, read through its JSON API with the person's own token, so each
person sees exactly what reporting lets them see, suppression included."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kk_contracts.indicators import MAP_METRICS, METRICS, Lang

from kk_workspace.figures import geo, svg
from kk_workspace.forms import Form

PLACE_COLUMNS = (
    "beneficiaries_new",
    "new_per_1000",
    "share_answered_in_time",
    "requests_overdue_now",
    "acceptance_rate",
    "median_days_to_acceptance",
    "referrals_overdue_now",
)
HEADLINE = (
    "beneficiaries_new",
    "beneficiaries_active",
    "new_per_1000",
    "requests_logged",
    "share_answered_in_time",
    "requests_overdue_now",
    "referrals_sent",
    "acceptance_rate",
    "median_days_to_acceptance",
    "median_days_to_completion",
    "referrals_overdue_now",
    "enrolments",
    "exits",
    "transfers_in",
    "transfers_out",
)
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_MONTHS = 120
OUTCOME_COLOURS = (("provided", "#31a354"), ("partly_provided", "#fdae6b"),
                   ("not_provided", "#de2d26"))  # fmt: skip


def period_form(query: Any, *, today: date) -> Form:
    """The period and indicator asked for, checked as a form: a year to this month unless
    the person chose otherwise."""
    last = today.replace(day=1)
    first = date(last.year - 1, last.month, 1)
    form = Form(
        {
            "from": str(query.get("from") or first.strftime("%Y-%m")).strip(),
            "to": str(query.get("to") or last.strftime("%Y-%m")).strip(),
            "indicator": str(query.get("indicator") or MAP_METRICS[0]),
        }
    )
    for name in ("from", "to"):
        form.may_match(name, MONTH, "dash_bad_month")
    form.need_choice("indicator", MAP_METRICS, "dash_bad_indicator")
    if form.ok:
        start, end = form.value("from"), form.value("to")
        months = _months(start, end)
        if start > end:
            form.errors["to"] = "dash_ends_before"
        elif months > MAX_MONTHS:
            form.errors["to"] = "dash_too_long"
        elif end > last.strftime("%Y-%m"):
            form.errors["to"] = "dash_in_future"
    return form


def _months(first: str, last: str) -> int:
    (y1, m1), (y2, m2) = (map(int, m.split("-")) for m in (first, last))
    return (y2 - y1) * 12 + (m2 - m1) + 1


def months_of(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    for _ in range(_months(first, last)):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def ranked(areas: Sequence[dict[str, Any]], indicator: str) -> list[dict[str, Any]]:
    """Known values first, best first (the largest, unless less is better); then "<5", then
    none."""
    better = METRICS[indicator].better

    def key(area: dict[str, Any]) -> tuple[int, float]:
        value = area.get(indicator)
        if value is None:
            return (2, 0.0)
        if isinstance(value, str):
            return (1, 0.0)
        return (0, float(value) if better == "lower" else -float(value))

    return sorted(areas, key=key)


def columns(indicator: str) -> tuple[str, ...]:
    return PLACE_COLUMNS if indicator in PLACE_COLUMNS else (indicator, *PLACE_COLUMNS)


@dataclass(frozen=True)
class Chart:
    title_key: str
    months: list[str]
    series: list[svg.Series]

    def drawing(self, title: str) -> svg.ChartDrawing:
        return svg.columns(self.months, self.series, label=title)


def trends(monthly: dict[str, Any], lang: Lang, words: dict[str, str]) -> list[Chart]:
    months = months_of(monthly["first_month"], monthly["last_month"])
    found = monthly["indicators"]

    def cells(indicator: str, dimension: str) -> dict[str, Any]:
        return dict(found.get(indicator, {}).get(dimension, {}))

    return [
        Chart("dash_registered_month", months, [
            svg.Series(METRICS["beneficiaries_new"].label(lang), "#3182bd",
                       cells("beneficiaries_registered", "all")),
        ]),
        Chart("dash_answered_month", months, [
            svg.Series(words["dash_in_time"], "#3182bd", cells("requests_answered", "in_time")),
            svg.Series(words["dash_late"], "#e6550d", cells("requests_answered", "late")),
        ]),
        Chart("dash_completed_month", months, [
            svg.Series(words[f"dash_outcome_{o}"], colour, cells("referrals_completed", o))
            for o, colour in OUTCOME_COLOURS
        ]),
    ]  # fmt: skip


def values_of(areas: Sequence[dict[str, Any]], indicator: str) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for area in areas:
        value = area.get(indicator)
        out[area["code"]] = float(value) if isinstance(value, int | float) else None
    return out


def municipality_of(centre_id: str) -> str:
    """A centre's municipality: its code is ``KK-`` and the municipality's ELSTAT code."""
    return centre_id.removeprefix("KK-")


def drawn_map(
    shapes: geo.Map,
    values: dict[str, float | None],
    names: dict[str, str],
    shown: Any,
    *,
    label: str,
    links: dict[str, str],
) -> svg.MapDrawing:
    return svg.choropleth(shapes, values, names, shown, label=label, link=links.get)
