"""The dashboards as web pages: national, regional and per centre, Greek by default with an
English switch, filtered by period and by the indicator the map and ranking show.

A browser signs in once with its token (kept in an HttpOnly, same-site cookie) and
then sees what the token's role may see, exactly as the JSON API decides: the same access
rule, the same figures, the same suppression."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from servicekit.auth import Principal, Role, TokenCodec
from servicekit.errors import ApiError

from kk_reporting.access import NATIONAL_ROLES
from kk_reporting.bootstrap import ReportingService
from kk_reporting.dashboards import geo, layout, sections
from kk_reporting.dashboards.text import MAP_METRICS, Lang, word
from kk_reporting.entrypoints.api.routes.indicators import Reporting
from kk_reporting.entrypoints.api.routes.monthly import Monthly, period, scoped
from kk_reporting.entrypoints.api.routes.overview import answer
from kk_reporting.overview import Overview, overdue_ages

router = APIRouter(prefix="/dashboards", include_in_schema=False)
COOKIE = "kk_dashboard_token"
SESSION_SECONDS = 8 * 3600


def _lang(request: Request) -> Lang:
    return "en" if request.query_params.get("lang") == "en" else "el"


def signed_in(request: Request) -> Principal | None:
    """Who the browser signed in as, if it did and the token still holds."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    codec: TokenCodec = request.app.state.token_codec
    try:
        return codec.read(token)
    except ApiError:
        return None


def _page(request: Request, draw: Callable[[Principal, Lang], str]) -> Response:
    """A page for the signed-in browser, or the way to sign in; an error as a page too."""
    lang = _lang(request)
    who = signed_in(request)
    if who is None:
        return RedirectResponse(f"/dashboards/sign-in?lang={lang}", status_code=303)
    try:
        return HTMLResponse(draw(who, lang))
    except ApiError as exc:
        message = exc.message_el if lang == "el" else exc.message
        return HTMLResponse(layout.error(lang, exc.status, message, signed_in=True), exc.status)


def _filters(request: Request) -> tuple[str | None, str | None, str]:
    q = request.query_params
    indicator = q.get("indicator") or MAP_METRICS[0]
    if indicator not in MAP_METRICS:
        raise ApiError(
            422,
            "invalid_indicator",
            f"Unknown indicator {indicator!r}; choose one of: {', '.join(MAP_METRICS)}.",
            message_el="Άγνωστος δείκτης· επιλέξτε έναν από τη λίστα.",
        )
    return q.get("from"), q.get("to"), indicator


def _period_text(first: str | None, last: str | None) -> tuple[str, str]:
    start, end = period(first, last)
    return start.strftime("%Y-%m"), end.strftime("%Y-%m")


@router.get("")
def home(request: Request, service: Reporting) -> Response:
    """Each role to its own dashboard."""
    lang = _lang(request)
    who = signed_in(request)
    if who is None:
        return RedirectResponse(f"/dashboards/sign-in?lang={lang}", status_code=303)
    if who.role in NATIONAL_ROLES:
        target = "/dashboards/national"
    elif who.role == Role.REGIONAL_OBSERVATORY and who.region:
        target = f"/dashboards/regions/{who.region}"
    elif who.centre_id:
        target = f"/dashboards/centres/{who.centre_id}"
    elif who.municipality and (centre := _centre_of(service, who.municipality)):
        target = f"/dashboards/centres/{centre}"
    else:
        message = word("error", lang)
        return HTMLResponse(layout.error(lang, 403, message, signed_in=True), 403)
    return RedirectResponse(f"{target}?lang={lang}", status_code=303)


@router.get("/sign-in")
def sign_in_form(request: Request) -> HTMLResponse:
    return HTMLResponse(layout.sign_in(_lang(request)))


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    lang: Lang = "en" if form.get("lang", [""])[0] == "en" else "el"
    token = form.get("token", [""])[0].strip().removeprefix("Bearer ").strip()
    codec: TokenCodec = request.app.state.token_codec
    try:
        codec.read(token)
    except ApiError:
        return HTMLResponse(layout.sign_in(lang, error=word("bad_token", lang)), 401)
    response = RedirectResponse(f"/dashboards?lang={lang}", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_SECONDS,
        path="/",  # the dashboards and their reports; the JSON API reads bearer tokens only
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    response = RedirectResponse(f"/dashboards/sign-in?lang={_lang(request)}", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/national")
def national(request: Request, service: Reporting) -> Response:
    def draw(who: Principal, lang: Lang) -> str:
        first, last, indicator = _filters(request)
        ov = answer(service, who, "national", None, first, last)
        mo = scoped(service, who, "national", None, period(first, last))
        names = {a.code: a.name_el if lang == "el" else a.name_en for a in ov.areas}

        def region_link(code: str) -> str:
            return layout.link(f"/dashboards/regions/{code}", lang=lang, **_keep(ov, indicator))

        return _mapped_page(
            lang,
            title=word("national", lang),
            here="/dashboards/national",
            ov=ov,
            mo=mo,
            indicator=indicator,
            shapes=geo.region_map(),
            values=sections.area_values(ov.areas, indicator),
            names=names,
            map_title=word("map_regions", lang),
            map_link=region_link,
            table_caption=word("regions_table", lang),
            row_link=region_link,
        )

    return _page(request, draw)


@router.get("/regions/{code}")
def region(code: str, request: Request, service: Reporting) -> Response:
    def draw(who: Principal, lang: Lang) -> str:
        first, last, indicator = _filters(request)
        ov = answer(service, who, "region", code, first, last, inside="centre")
        mo = scoped(service, who, "region", code, period(first, last))
        municipality_of = _municipalities(service, code)
        by_municipality: dict[str, float | None] = {}
        names: dict[str, str] = {}
        values = sections.area_values(ov.areas, indicator)
        for area in ov.areas:
            m = municipality_of.get(area.code)
            if m and m not in by_municipality:
                by_municipality[m] = values[area.code]
                names[m] = area.name_el if lang == "el" else area.name_en
        centre_of = {m: c for c, m in municipality_of.items()}

        def centre_link(centre: str) -> str:
            return layout.link(f"/dashboards/centres/{centre}", lang=lang, **_keep(ov, None))

        def municipality_link(m: str) -> str | None:
            return centre_link(centre_of[m]) if m in centre_of else None

        return _mapped_page(
            lang,
            title=f"{word('regional', lang)}: {ov.name_el if lang == 'el' else ov.name_en}",
            here=f"/dashboards/regions/{code}",
            ov=ov,
            mo=mo,
            indicator=indicator,
            shapes=geo.municipality_map(code),
            values=by_municipality,
            names=names,
            map_title=word("map_municipalities", lang),
            map_link=municipality_link,
            table_caption=word("centres_ranked", lang),
            row_link=centre_link,
        )

    return _page(request, draw)


@router.get("/centres/{centre_id}")
def centre(centre_id: str, request: Request, service: Reporting) -> Response:
    def draw(who: Principal, lang: Lang) -> str:
        first, last, _ = _filters(request)
        ov = answer(service, who, "centre", centre_id, first, last)
        mo = scoped(service, who, "centre", centre_id, period(first, last))
        with service.pool.connection() as conn, conn.cursor() as cur:
            ages = overdue_ages(cur, centre_id)
        note = "own_note" if not ov.suppressed else "suppressed_note"
        annual = layout.link(
            f"/reports/centres/{centre_id}/annual", year=ov.last_month[:4], lang=lang
        )
        body = "".join(
            [
                layout.filters(lang, f"/dashboards/centres/{centre_id}", ov.first_month,
                              ov.last_month, None, with_indicator=False),
                f'<p class="note">{word(note, lang)}</p>',
                f'<p><a href="{annual}">{word("annual", lang)} {ov.last_month[:4]}</a></p>',
                sections.headline(ov.figures, lang),
                sections.overdue_block(ages, lang),
                sections.trends(mo, lang),
                sections.breakdowns(ov, lang),
            ]
        )  # fmt: skip
        title = f"{ov.name_el if lang == 'el' else ov.name_en} ({centre_id})"
        return layout.layout(
            lang=lang,
            title=title,
            body=body,
            here=f"/dashboards/centres/{centre_id}",
            params=_keep(ov, None),
            as_of=ov.data_as_of,
        )

    return _page(request, draw)


def _mapped_page(
    lang: Lang,
    *,
    title: str,
    here: str,
    ov: Overview,
    mo: Monthly,
    indicator: str,
    shapes: geo.Map,
    values: dict[str, float | None],
    names: dict[str, str],
    map_title: str,
    map_link: Callable[[str], str | None],
    table_caption: str,
    row_link: Callable[[str], str],
) -> str:
    """A place's page with its places inside it mapped and ranked: nation and region."""
    body = "".join(
        [
            layout.filters(lang, here, ov.first_month, ov.last_month, indicator,
                          with_indicator=True),
            f'<p class="note">{word("suppressed_note", lang)}</p>',
            sections.headline(ov.figures, lang),
            '<div class="two"><section>',
            sections.map_block(shapes, values, names, indicator, lang, title=map_title,
                            link_to=map_link),
            "</section><section>",
            sections.places_table(ov.areas, indicator, lang, caption=table_caption,
                               href=lambda a: row_link(a.code), ranked=True),
            "</section></div>",
            sections.trends(mo, lang),
            sections.breakdowns(ov, lang),
        ]
    )  # fmt: skip
    return layout.layout(
        lang=lang,
        title=title,
        body=body,
        here=here,
        params=_keep(ov, indicator),
        as_of=ov.data_as_of,
    )


def _keep(ov: Overview, indicator: str | None) -> dict[str, str]:
    kept = {"from": ov.first_month, "to": ov.last_month}
    return {**kept, "indicator": indicator} if indicator else kept


def _municipalities(service: ReportingService, region_code: str) -> dict[str, str]:
    with service.pool.connection() as conn:
        rows = conn.execute(
            "SELECT centre_id, municipality_code FROM centre_dim WHERE region_code = %s "
            "ORDER BY centre_id",
            (region_code,),
        ).fetchall()
    return {r["centre_id"]: r["municipality_code"] for r in rows}


def _centre_of(service: ReportingService, municipality: str) -> str | None:
    with service.pool.connection() as conn:
        row = conn.execute(
            "SELECT centre_id FROM centre_dim WHERE municipality_code = %s ORDER BY centre_id "
            "LIMIT 1",
            (municipality,),
        ).fetchone()
    return cast("str | None", row["centre_id"] if row else None)
