"""The printed report's breakdowns: each code by its label, its count beside it."""

from __future__ import annotations

from html import escape

from kk_contracts.indicators import BREAKDOWNS
from kk_contracts.labels import label

from kk_reporting.overview import Overview
from kk_reporting.printed.text import Lang, number, word


def breakdowns(overview: Overview, lang: Lang) -> str:
    parts = [f'<h2>{word("breakdowns", lang)}</h2><div class="cards-tables">']
    for name, counts in overview.breakdowns.items():
        if not counts:
            continue
        breakdown = BREAKDOWNS[name]
        title = breakdown.title(lang)
        rows = "".join(
            f'<tr data-code="{escape(code)}"><th scope="row">'
            f"{escape(label(breakdown.code_type, code, lang))}</th>"
            f"<td>{escape(number(n, 'count', lang))}</td></tr>"
            for code, n in counts.items()
        )
        parts.append(f"<table><caption>{escape(title)}</caption><tbody>{rows}</tbody></table>")
    parts.append("</div>")
    return "".join(parts)
