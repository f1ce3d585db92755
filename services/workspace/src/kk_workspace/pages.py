"""Pages: one Jinja2 environment (autoescape on), the view model every page gets, and the
language the person reads in (Greek unless they chose English)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2_fragments import render_block
from kk_contracts.indicators import BREAKDOWNS, MAP_METRICS, METRICS, number
from markupsafe import Markup

from kk_workspace.dashboards import HEADLINE
from kk_workspace.texts import Lang, label, text

TEMPLATES = Path(__file__).parent / "templates"
LANG_COOKIE = "kk_lang"
VARY = {"Vary": "HX-Request"}
"""A page and its fragment share an address: caches must tell them apart."""
ATHENS = ZoneInfo("Europe/Athens")

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"], default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def lang_of(request: Request) -> Lang:
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "el"


def _date(value: date | str | None, lang: Lang) -> str:
    if value is None or value == "":
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def _moment(value: datetime | str | None) -> str:
    """A time as people in Greece read it: Athens time, day first."""
    if not value:
        return ""
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.astimezone(ATHENS).strftime("%d/%m/%Y %H:%M")


def render(
    request: Request,
    template: str,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The page for this request, in the person's language."""
    lang = lang_of(request)
    view = {
        "lang": lang,
        "t": lambda key: text(key, lang),
        "label": lambda kind, code: label(kind, code, lang),
        "metric": lambda key: METRICS[key].label(lang),
        "figure": lambda value, key: number(value, METRICS[key].kind, lang),
        "count": lambda value: number(value, "count", lang),
        "breakdown_of": BREAKDOWNS.__getitem__,
        "headline_metrics": HEADLINE,
        "indicator_options": MAP_METRICS,
        "as_date": lambda value: _date(value, lang),
        "as_moment": _moment,
        "path": request.url.path,
        "here_now": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "csrf_token": request.session.get("csrf", ""),
        "signed_in_name": request.session.get("name"),
        "signed_in_role": request.session.get("role"),
        "form": None,
        **context,
    }
    page = environment.get_template(template)
    if not _boosted(request):
        return HTMLResponse(page.render(view), status_code=status, headers=VARY)
    if "content" in page.blocks and "title" in page.blocks:
        # a boosted navigation: the content block and what of the frame changes, no more
        parts = {
            name: Markup(render_block(environment, template, name, view))
            for name in ("title", "content")
        }
        fragment = environment.get_template("fragment.html").render({**view, **parts})
        return HTMLResponse(fragment, status_code=status, headers=VARY)
    # a page whose content block is its parent's (the question pages): swapped in whole
    return HTMLResponse(
        page.render(view), status_code=status, headers={**VARY, "HX-Retarget": "body"}
    )


def _boosted(request: Request) -> bool:
    """htmx asking for a page it will swap in (not restoring one from its history)."""
    headers = request.headers
    return (
        headers.get("HX-Boosted") == "true" and headers.get("HX-History-Restore-Request") != "true"
    )
