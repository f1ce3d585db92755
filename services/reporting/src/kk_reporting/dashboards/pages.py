"""The dashboards' HTML: plain server-rendered pages that work without JavaScript, with the
keyboard and a screen reader. Every page says when its data are from, and offers the other
language and the period filter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape
from typing import Any
from urllib.parse import urlencode

from kk_reporting.dashboards import geo, svg
from kk_reporting.dashboards.text import (
    BREAKDOWN_TITLES,
    MAP_METRICS,
    METRICS,
    OUTCOME,
    Lang,
    moment,
    number,
    word,
)
from kk_reporting.entrypoints.api.routes.monthly import Monthly
from kk_reporting.facts import months_between
from kk_reporting.overview import Area, Figures, Overview

STYLE = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4d4d4d; --line: #c8c8c8;
  --accent: #08519c; --bg: #ffffff; --panel: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 "DejaVu Sans", system-ui, sans-serif; color: var(--ink);
  background: var(--bg); }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus, textarea:focus, path:focus {
  outline: 3px solid #ff9f1c; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px;
  background: #fff; padding: 4px 8px; z-index: 2; }
header { background: var(--accent); color: #fff; padding: 12px 20px; display: flex;
  flex-wrap: wrap; gap: 12px; align-items: baseline; justify-content: space-between; }
header a, header button { color: #fff; }
header nav { display: flex; gap: 16px; align-items: baseline; }
header form { display: inline; } header button { background: none; border: 1px solid #fff;
  padding: 2px 10px; font: inherit; cursor: pointer; }
main { padding: 16px 20px 40px; max-width: 1200px; }
h1 { font-size: 1.6rem; margin: 8px 0 4px; } h2 { font-size: 1.25rem; margin: 28px 0 8px; }
.as-of { color: var(--muted); margin: 0 0 12px; }
form.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end;
  background: var(--panel); padding: 12px; border: 1px solid var(--line); }
form.filters label { display: flex; flex-direction: column; font-size: .9rem; }
form.filters input, form.filters select, form.filters button { font: inherit; padding: 4px 6px; }
form.filters button { background: var(--accent); color: #fff; border: 0; padding: 6px 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px;
  list-style: none; padding: 0; margin: 0; }
.cards li { background: var(--panel); border: 1px solid var(--line); padding: 10px 12px; }
.cards .value { display: block; font-size: 1.5rem; font-weight: bold; }
.cards .label { font-size: .9rem; color: var(--muted); }
.note { color: var(--muted); font-size: .9rem; }
.two { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 24px; }
@media (max-width: 1000px) { .two { grid-template-columns: 1fr; } }
.scroll { overflow-x: auto; }
.cards-tables { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
  gap: 12px 24px; align-items: start; }
svg.map { width: 100%; height: auto; max-height: 75vh; background: #fff; }
svg.chart { width: 100%; max-width: 820px; height: auto; background: #fff; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr));
  gap: 8px 24px; } .charts h3 { font-size: 1rem; margin: 12px 0 4px; }
svg .tick { font-size: 11px; fill: var(--muted); }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 12px;
  font-size: .85rem; }
.swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #777;
  vertical-align: middle; margin-right: 4px; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: right; }
th:first-child, td:first-child, th.name, td.name { text-align: left; }
td.name { min-width: 13em; }
thead th { background: var(--panel); }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
footer { color: var(--muted); font-size: .8rem; padding: 12px 20px; border-top: 1px solid
  var(--line); }
@media print { header nav, form.filters, .skip { display: none; } }
"""


def link(path: str, **params: str | None) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{path}?{query}" if query else path


def layout(
    *,
    lang: Lang,
    title: str,
    body: str,
    here: str,
    params: Mapping[str, str | None],
    as_of: str | None = None,
    signed_in: bool = True,
    stamped: bool = True,
) -> str:
    other: Lang = "en" if lang == "el" else "el"
    switch = link(here, **{**params, "lang": other})
    sign_out = (
        f'<form method="post" action="/dashboards/sign-out"><button type="submit">'
        f"{word('sign_out', lang)}</button></form>"
        if signed_in
        else ""
    )
    stamp = (
        f'<p class="as-of" data-testid="as-of">{word("as_of", lang)}: '
        f"{escape(moment(as_of, lang))}</p>"
        if stamped
        else ""
    )
    return f"""<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · {word("platform", lang)}</title><style>{STYLE}</style></head>
<body><a class="skip" href="#content">{word("skip", lang)}</a>
<header><span><strong>{word("platform", lang)}</strong></span>
<nav aria-label="{word("platform", lang)}"><a href="{escape(switch)}" hreflang="{other}"
 lang="{other}" data-testid="language">{word("language", lang)}</a>{sign_out}</nav></header>
<main id="content"><h1>{escape(title)}</h1>{stamp}{body}</main>
<footer>{word("boundaries", lang)}: {escape(geo.CREDIT)}</footer>
</body></html>"""


def filters(
    lang: Lang, here: str, first: str, last: str, indicator: str | None, *, with_indicator: bool
) -> str:
    choice = ""
    if with_indicator:
        options = "".join(
            f'<option value="{key}"{" selected" if key == indicator else ""}>'
            f"{escape(METRICS[key].label(lang))}</option>"
            for key in MAP_METRICS
        )
        choice = (
            f'<label>{word("indicator", lang)}<select name="indicator">{options}</select></label>'
        )
    period = word("period", lang)
    return f"""<form class="filters" method="get" action="{here}" aria-label="{period}">
<input type="hidden" name="lang" value="{lang}">
<label>{word("from", lang)}<input type="month" name="from" value="{first}" required></label>
<label>{word("to", lang)}<input type="month" name="to" value="{last}" required></label>
{choice}<button type="submit">{word("apply", lang)}</button></form>"""


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


def sign_in(lang: Lang, *, error: str | None = None) -> str:
    problem = f'<p role="alert" class="note"><strong>{escape(error)}</strong></p>' if error else ""
    body = f"""{problem}<form class="filters" method="post" action="/dashboards/sign-in">
<input type="hidden" name="lang" value="{lang}">
<label style="flex:1">{word("token", lang)}
<textarea name="token" rows="4" required aria-describedby="token-help"></textarea></label>
<button type="submit">{word("sign_in", lang)}</button></form>
<p id="token-help" class="note">{escape(word("token_help", lang))}</p>"""
    return layout(
        lang=lang,
        title=word("sign_in", lang),
        body=body,
        here="/dashboards/sign-in",
        params={},
        signed_in=False,
        stamped=False,
    )


def error(lang: Lang, status: int, message: str, *, signed_in: bool) -> str:
    body = (
        f'<p role="alert" data-status="{status}">{escape(message)}</p>'
        f'<p><a href="/dashboards?lang={lang}">{word("back", lang)}</a></p>'
    )
    return layout(
        lang=lang,
        title=f"{word('error', lang)} {status}",
        body=body,
        here="/dashboards",
        params={},
        signed_in=signed_in,
        stamped=False,
    )
