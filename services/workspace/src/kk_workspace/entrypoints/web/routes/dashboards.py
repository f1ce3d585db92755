"""The dashboards: the nation, a region and a centre, each over a period, with the map
and the ranking by the indicator chosen. Every role lands on its own: the ministry on the
nation, an observatory on its region, a centre's staff and its supervisor on the centre.
Reporting decides what each may read; its printed annual report is passed through as it
is (HTML, PDF or CSV)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from kk_contracts.indicators import METRICS, number
from servicekit.auth import Role

from kk_workspace import dashboards as dash
from kk_workspace.entrypoints.web.deps import Services, SignedIn
from kk_workspace.figures import geo
from kk_workspace.forms import Form
from kk_workspace.pages import lang_of, render
from kk_workspace.platform import Platform
from kk_workspace.session import Staff
from kk_workspace.texts import TEXTS, Lang, text

router = APIRouter(prefix="/dashboards")
NATIONAL_ROLES = (Role.MINISTRY_ANALYST, Role.ADMIN)


@router.get("", name="dashboards")
async def home(request: Request, staff: SignedIn) -> Response:
    """Each role to its own dashboard."""
    who = staff.principal
    if who.role in NATIONAL_ROLES:
        target = "/dashboards/national"
    elif who.role == Role.REGIONAL_OBSERVATORY and who.region:
        target = f"/dashboards/regions/{who.region}"
    elif who.centre_id:
        target = f"/dashboards/centres/{who.centre_id}"
    elif who.municipality:
        target = f"/dashboards/centres/KK-{who.municipality}"
    else:
        return render(request, "pages/error.html", status=403, kind="forbidden")
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(target + query, status_code=303)


def _words(lang: Lang) -> dict[str, str]:
    return {key: text(key, lang) for key in TEXTS if key.startswith("dash_")}


def _keep(form: Form, *, indicator: bool) -> str:
    kept = f"from={form.value('from')}&to={form.value('to')}"
    return kept + (f"&indicator={form.value('indicator')}" if indicator else "")


async def _read(
    platform: Platform, staff: Staff, place: str, form: Form, **extra: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The place's overview and its months, asked for at once."""
    period = {"from": form.value("from"), "to": form.value("to")}
    overview, monthly = await asyncio.gather(
        platform.get(staff, "reporting", f"/indicators/{place}/overview", **period, **extra),
        platform.get(staff, "reporting", f"/indicators/{place}/monthly", **period),
    )
    return overview, monthly


def _shown(indicator: str, lang: Lang) -> Any:
    kind = METRICS[indicator].kind
    return lambda value: text("dash_no_value", lang) if value is None else number(value, kind, lang)


def _refused(request: Request, form: Form, **context: Any) -> Response:
    """The filters as the person set them, each problem beside its field, and no figures."""
    return render(
        request, "pages/dashboard.html", status=422, form=form, form_errors=form.errors,
        overview=None, **context,
    )  # fmt: skip


@router.get("/national")
async def national(request: Request, staff: SignedIn, platform: Services) -> Response:
    lang = lang_of(request)
    form = dash.period_form(request.query_params, today=date.today())
    here = "/dashboards/national"
    if not form.ok:
        return _refused(request, form, here=here, mapped=True, title=text("dash_national", lang))
    overview, monthly = await _read(platform, staff, "national", form)
    indicator = form.value("indicator")
    keep = _keep(form, indicator=True)
    links = {a["code"]: f"/dashboards/regions/{a['code']}?{keep}" for a in overview["areas"]}
    names = {a["code"]: a["name_el" if lang == "el" else "name_en"] for a in overview["areas"]}
    return _mapped(
        request, form, here, text("dash_national", lang), overview, monthly, links,
        shapes=geo.region_map(), values=dash.values_of(overview["areas"], indicator),
        names=names, map_links=links, map_key="dash_map_regions",
        caption_key="dash_regions_table",
    )  # fmt: skip


@router.get("/regions/{code}")
async def region(code: str, request: Request, staff: SignedIn, platform: Services) -> Response:
    lang = lang_of(request)
    form = dash.period_form(request.query_params, today=date.today())
    here = f"/dashboards/regions/{code}"
    title = text("dash_regional", lang)
    if not form.ok:
        return _refused(request, form, here=here, mapped=True, title=title)
    overview, monthly = await _read(platform, staff, f"regions/{code}", form, inside="centre")
    indicator = form.value("indicator")
    keep = _keep(form, indicator=False)
    links = {a["code"]: f"/dashboards/centres/{a['code']}?{keep}" for a in overview["areas"]}
    values = dash.values_of(overview["areas"], indicator)
    by_municipality: dict[str, float | None] = {}
    names: dict[str, str] = {}
    municipality_links: dict[str, str] = {}
    for area in overview["areas"]:
        municipality = dash.municipality_of(area["code"])
        by_municipality[municipality] = values[area["code"]]
        names[municipality] = area["name_el" if lang == "el" else "name_en"]
        municipality_links[municipality] = links[area["code"]]
    name = overview["name_el" if lang == "el" else "name_en"]
    return _mapped(
        request, form, here, f"{title}: {name}", overview, monthly, links,
        shapes=geo.municipality_map(code), values=by_municipality, names=names,
        map_links=municipality_links, map_key="dash_map_municipalities",
        caption_key="dash_centres_ranked",
    )  # fmt: skip


def _mapped(
    request: Request, form: Form, here: str, title: str, overview: dict[str, Any],
    monthly: dict[str, Any], links: dict[str, str], *, shapes: geo.Map,
    values: dict[str, float | None], names: dict[str, str], map_links: dict[str, str],
    map_key: str, caption_key: str,
) -> Response:  # fmt: skip
    """A place's page with the places inside it mapped and ranked: the nation, a region."""
    lang = lang_of(request)
    indicator = form.value("indicator")
    drawing = dash.drawn_map(
        shapes, values, names, _shown(indicator, lang), label=text(map_key, lang),
        links=map_links,
    )  # fmt: skip
    return render(
        request, "pages/dashboard.html", form=form, here=here, mapped=True, title=title,
        overview=overview, charts=dash.trends(monthly, lang, _words(lang)), drawing=drawing,
        map_title_key=map_key, table_caption_key=caption_key,
        places=dash.ranked(overview["areas"], indicator), place_links=links,
        columns=dash.columns(indicator), indicator=indicator,
    )  # fmt: skip


@router.get("/centres/{centre_id}")
async def centre(centre_id: str, request: Request, staff: SignedIn, platform: Services) -> Response:
    lang = lang_of(request)
    form = dash.period_form(request.query_params, today=date.today())
    here = f"/dashboards/centres/{centre_id}"
    if not form.ok:
        return _refused(request, form, here=here, mapped=False, title=centre_id)
    (overview, monthly), overdue = await asyncio.gather(
        _read(platform, staff, f"centres/{centre_id}", form),
        platform.get(staff, "reporting", f"/indicators/centres/{centre_id}/overdue"),
    )
    name = overview["name_el" if lang == "el" else "name_en"]
    return render(
        request, "pages/dashboard.html", form=form, here=here, mapped=False,
        title=f"{name} ({centre_id})", overview=overview, overdue=overdue,
        charts=dash.trends(monthly, lang, _words(lang)), centre_id=centre_id,
        year=overview["last_month"][:4],
    )  # fmt: skip


@router.get("/centres/{centre_id}/annual")
async def annual(centre_id: str, request: Request, staff: SignedIn, platform: Services) -> Response:
    """Reporting's printed report, as reporting made it."""
    query = request.query_params
    params: dict[str, str] = {"lang": lang_of(request)}
    params |= {k: query[k] for k in ("year", "format") if query.get(k)}
    answer = await platform.fetch(
        staff, "reporting", f"/reports/centres/{centre_id}/annual", **params
    )
    if answer.status_code == 422:
        return render(request, "pages/error.html", status=404, kind="not_found_page")
    headers = {k: v for k, v in answer.headers.items() if k.lower() in ("content-disposition",)}
    return Response(answer.content, media_type=answer.headers.get("content-type"), headers=headers)
