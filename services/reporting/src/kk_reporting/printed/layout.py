"""The printed report's page frame: plain HTML that prints well, works without JavaScript,
with the keyboard and a screen reader, and says when its data are from."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from urllib.parse import urlencode

from kk_reporting.printed.text import Lang, moment, word

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
    stamped: bool = True,
) -> str:
    other: Lang = "en" if lang == "el" else "el"
    switch = link(here, **{**params, "lang": other})
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
 lang="{other}" data-testid="language">{word("language", lang)}</a></nav></header>
<main id="content"><h1>{escape(title)}</h1>{stamp}{body}</main>
</body></html>"""
