"""The dashboards' sections: headline figures, trends, places ranked and mapped,
breakdowns and overdue items, each with a text alternative and its figures in a table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

from kk_reporting.dashboards import geo, svg
from kk_reporting.dashboards.text import (
    BREAKDOWN_TITLES,
    METRICS,
    OUTCOME,
    Lang,
    number,
    word,
)
from kk_reporting.entrypoints.api.routes.monthly import Monthly
from kk_reporting.facts import months_between
from kk_reporting.overview import Area, Figures, Overview

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


def shown(figures: Figures, key: str, lang: Lang) -> str:
    return number(getattr(figures, key), METRICS[key].kind, lang)


def headline(figures: Figures, lang: Lang) -> str:
    cards = "".join(
        f'<li data-metric="{key}"><span class="value">{escape(shown(figures, key, lang))}</span>'
        f'<span class="label">{escape(METRICS[key].label(lang))}</span></li>'
        for key in HEADLINE
    )
    staffing = (
        f'<li data-metric="centres"><span class="value">{number(figures.centres, "count", lang)}'
        f'</span><span class="label">{word("centres", lang)}</span></li>'
        f'<li data-metric="silent"><span class="value">'
        f"{number(figures.centres_silent_48h, 'count', lang)}</span>"
        f'<span class="label">{word("silent", lang)}</span></li>'
        f'<li data-metric="headed"><span class="value">'
        f"{number(figures.centres_headed_by_social_worker, 'count', lang)} / "
        f"{number(figures.centres, 'count', lang)}</span>"
        f'<span class="label">{word("headed", lang)}</span></li>'
        f'<li data-metric="positions"><span class="value">'
        f"{number(figures.staff_positions, 'count', lang)} / "
        f"{number(figures.staff_positions_foreseen, 'count', lang)}</span>"
        f'<span class="label">{word("positions", lang)}</span></li>'
    )
    return f'<h2>{word("headline", lang)}</h2><ul class="cards">{cards}{staffing}</ul>'


def trends(monthly: Monthly, lang: Lang) -> str:
    first, last = (date.fromisoformat(f"{m}-01") for m in (monthly.first_month, monthly.last_month))
    months = [m.strftime("%Y-%m") for m in months_between(first, last)]
    found = monthly.indicators

    def cells(indicator: str, dimension: str) -> dict[str, Any]:
        return dict(found.get(indicator, {}).get(dimension, {}))

    charts = [
        (
            word("registered_month", lang),
            [svg.Series(METRICS["beneficiaries_new"].label(lang), "#3182bd",
                        cells("beneficiaries_registered", "all"))],
        ),
        (
            word("answered_month", lang),
            [
                svg.Series(word("in_time", lang), "#3182bd", cells("requests_answered", "in_time")),
                svg.Series(word("late", lang), "#e6550d", cells("requests_answered", "late")),
            ],
        ),
        (
            word("completed_month", lang),
            [
                svg.Series(OUTCOME[o][0 if lang == "el" else 1], colour,
                           cells("referrals_completed", o))
                for o, colour in (("provided", "#31a354"), ("partly_provided", "#fdae6b"),
                                  ("not_provided", "#de2d26"))
            ],
        ),
    ]  # fmt: skip
    out = [f"<h2>{word('trends', lang)}</h2>"]
    for title, series in charts:
        out.append(f"<h3>{escape(title)}</h3>")
        out.append(svg.columns(months, series, label=title))
        out.append(_series_table(title, months, series, lang))
    return "".join(out)


def _series_table(
    title: str, months: Sequence[str], series: Sequence[svg.Series], lang: Lang
) -> str:
    head = "".join(f'<th scope="col">{escape(s.label)}</th>' for s in series)
    rows = "".join(
        f'<tr><th scope="row">{m}</th>'
        + "".join(f"<td>{escape(number(s.cells.get(m, 0), 'count', lang))}</td>" for s in series)
        + "</tr>"
        for m in months
    )
    return (
        f"<details><summary>{escape(title)}: {word('month', lang)} / {word('total', lang)}"
        f'</summary><table><thead><tr><th scope="col">{word("month", lang)}</th>{head}</tr>'
        f"</thead><tbody>{rows}</tbody></table></details>"
    )


def places_table(
    areas: Sequence[Area],
    indicator: str,
    lang: Lang,
    *,
    caption: str,
    href: Any = None,
    ranked: bool = False,
) -> str:
    columns: tuple[str, ...] = (
        "beneficiaries_new",
        "new_per_1000",
        "share_answered_in_time",
        "requests_overdue_now",
        "acceptance_rate",
        "median_days_to_acceptance",
        "referrals_overdue_now",
    )
    if indicator not in columns:
        columns = (indicator, *columns)
    rows = list(areas)
    if ranked:
        rows.sort(key=lambda a: _sort_key(getattr(a, indicator), METRICS[indicator].better))
    sorted_by = ' aria-sort="descending"'
    head = "".join(
        f'<th scope="col"{sorted_by if ranked and c == indicator else ""}>'
        f"{escape(METRICS[c].label(lang))}</th>"
        for c in columns
    )
    body = []
    for i, area in enumerate(rows, 1):
        name = area.name_el if lang == "el" else area.name_en
        target = href(area) if href else None
        label = f'<a href="{escape(target)}">{escape(name)}</a>' if target else escape(name)
        rank = f"<td>{i}</td>" if ranked else ""
        cells = "".join(f"<td>{escape(shown(area, c, lang))}</td>" for c in columns)
        body.append(
            f'<tr data-code="{escape(area.code)}">{rank}<td class="name">{label}</td>'
            f"<td>{number(area.centres, 'count', lang)}</td>{cells}</tr>"
        )
    rank_head = f'<th scope="col">{word("rank", lang)}</th>' if ranked else ""
    return (
        f'<div class="scroll"><table><caption>{escape(caption)}</caption><thead><tr>{rank_head}'
        f'<th scope="col" class="name">{word("name", lang)}</th>'
        f'<th scope="col">{word("centres", lang)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _sort_key(value: Any, better: str) -> tuple[int, float]:
    """Known values first, best first (the largest, unless less is better); then "<5", then
    none."""
    if value is None:
        return (2, 0.0)
    if isinstance(value, str):
        return (1, 0.0)
    return (0, float(value) if better == "lower" else -float(value))


def area_values(areas: Sequence[Area], indicator: str) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for area in areas:
        value = getattr(area, indicator)
        out[area.code] = float(value) if isinstance(value, int | float) else None
    return out


def map_block(
    shape_map: geo.Map,
    values: dict[str, float | None],
    names: dict[str, str],
    indicator: str,
    lang: Lang,
    *,
    title: str,
    link_to: Any = lambda code: None,
) -> str:
    metric = METRICS[indicator]

    def show(value: float | None) -> str:
        return word("no_value", lang) if value is None else number(value, metric.kind, lang)

    label = f"{title}: {metric.label(lang)}"
    return (
        f'<h2>{escape(title)}</h2><p class="note">{escape(metric.label(lang))}</p>'
        + svg.choropleth(shape_map, values, names, show, label=label, link=link_to)
    )


def breakdowns(overview: Overview, lang: Lang) -> str:
    parts = [f'<h2>{word("breakdowns", lang)}</h2><div class="cards-tables">']
    for name, counts in overview.breakdowns.items():
        if not counts:
            continue
        title = BREAKDOWN_TITLES[name][0 if lang == "el" else 1]
        rows = "".join(
            f'<tr><th scope="row">{escape(code)}</th>'
            f"<td>{escape(number(n, 'count', lang))}</td></tr>"
            for code, n in counts.items()
        )
        parts.append(f"<table><caption>{escape(title)}</caption><tbody>{rows}</tbody></table>")
    parts.append("</div>")
    return "".join(parts)


def overdue_block(ages: dict[str, dict[str, int]], lang: Lang) -> str:
    buckets = ("days_0_7", "days_8_30", "days_31")
    head = "".join(f'<th scope="col">{word(b, lang)}</th>' for b in buckets)
    rows = "".join(
        f'<tr data-kind="{kind}"><th scope="row">{word(f"overdue_{kind}s", lang)}</th>'
        + "".join(f"<td>{number(ages[kind][b], 'count', lang)}</td>" for b in buckets)
        + f"<td>{number(sum(ages[kind].values()), 'count', lang)}</td></tr>"
        for kind in ("request", "referral")
    )
    return (
        f'<h2>{word("overdue", lang)}</h2><table data-testid="overdue"><thead><tr>'
        f'<th scope="col">{word("overdue_age", lang)}</th>{head}'
        f'<th scope="col">{word("total", lang)}</th></tr></thead><tbody>{rows}</tbody></table>'
    )
