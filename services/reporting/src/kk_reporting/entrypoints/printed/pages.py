"""The printed report as a page: a Jinja2 template (autoescape on) that prints well, works
without JavaScript, with the keyboard and a screen reader, and says when its data are from.
Its figures are given to it already written as people read them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from kk_contracts.indicators import BREAKDOWNS
from kk_contracts.labels import label

from kk_reporting.adapters.overview import Overview
from kk_reporting.entrypoints.printed.text import Lang, number, word

_ENVIRONMENT = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
)


def breakdowns(overview: Overview, lang: Lang) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Each breakdown's title, and its rows: the code, its label, its count as written."""
    out = []
    for name, counts in overview.breakdowns.items():
        if not counts:
            continue
        breakdown = BREAKDOWNS[name]
        rows = [
            (code, label(breakdown.code_type, code, lang), number(n, "count", lang))
            for code, n in counts.items()
        ]
        out.append((breakdown.title(lang), rows))
    return out


def annual_page(*, lang: Lang, here: str, params: Mapping[str, str], **context: Any) -> str:
    """The annual report's page; ``here`` and ``params`` make its other language's link."""
    other: Lang = "en" if lang == "el" else "el"
    query = urlencode({**params, "lang": other})
    return _ENVIRONMENT.get_template("annual.html").render(
        lang=lang,
        other=other,
        switch=f"{here}?{query}",
        word=lambda key: word(key, lang),
        **context,
    )
