"""Charts drawn on the server as SVG: a map coloured by an indicator, and stacked columns by
month. Every shape carries a <title> with its name and value, every chart a text
alternative, and the same figures are in a table beside it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from kk_workspace.figures.geo import Map

Cell = int | str
"""A count, or "<5" where reporting suppressed it."""

# ColorBrewer "Blues", 5 classes: dark enough at the top for white text, light at the bottom
SHADES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_VALUE = "url(#kk-hatch)"
HATCH = (
    '<defs><pattern id="kk-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2"/></pattern></defs>'
)


@dataclass(frozen=True)
class Bins:
    edges: tuple[float, ...]  # the lower edge of each class

    def shade(self, value: float) -> str:
        index = sum(value >= edge for edge in self.edges[1:])
        return SHADES[index]


def bins(values: Sequence[float]) -> Bins | None:
    """Five classes of equal width over the values there are (quantiles mislead with 13)."""
    if not values:
        return None
    low, high = min(values), max(values)
    if high == low:
        return Bins((low,))
    step = (high - low) / len(SHADES)
    return Bins(tuple(low + i * step for i in range(len(SHADES))))


def choropleth(
    shape_map: Map,
    values: dict[str, float | None],
    names: dict[str, str],
    shown: Callable[[float | None], str],
    *,
    label: str,
    link: Callable[[str], str | None] = lambda code: None,
) -> str:
    """The map, each area shaded by its value (hatched where there is none), with a legend."""
    found = [v for v in values.values() if v is not None]
    scale = bins(found)
    # A map whose areas are links is a group of links, each named; one without is an image.
    linked = any(link(shape.code) for shape in shape_map.shapes)
    parts = [
        f'<svg class="map" viewBox="0 0 {shape_map.width} {shape_map.height}" '
        f'role="{"group" if linked else "img"}" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        HATCH,
    ]
    for shape in shape_map.shapes:
        value = values.get(shape.code)
        fill = scale.shade(value) if value is not None and scale else NO_VALUE
        title = f"{names.get(shape.code, shape.code)}: {shown(value)}"
        path = (
            f'<path d="{shape.path}" fill="{fill}" stroke="#4a4a4a" stroke-width="0.6" '
            f'data-code="{escape(shape.code)}"><title>{escape(title)}</title></path>'
        )
        href = link(shape.code)
        parts.append(
            f'<a href="{escape(href)}" aria-label="{escape(title)}">{path}</a>' if href else path
        )
    parts.append("</svg>")
    return "".join(parts) + _legend(scale, shown)


def _legend(scale: Bins | None, shown: Callable[[float | None], str]) -> str:
    items = []
    if scale:
        for i, edge in enumerate(scale.edges):
            items.append(
                f'<li><span class="swatch" style="background:{SHADES[i]}"></span>'
                f"≥ {escape(shown(edge))}</li>"
            )
    items.append(
        '<li><svg width="16" height="16" aria-hidden="true">' + HATCH
        + '<rect width="16" height="16" fill="url(#kk-hatch)"/></svg> '
        + escape(shown(None))
        + "</li>"
    )  # fmt: skip
    return '<ul class="legend">' + "".join(items) + "</ul>"


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    cells: dict[str, Cell]  # month (YYYY-MM) → count or "<5"


def columns(months: Sequence[str], series: Sequence[Series], *, label: str) -> str:
    """Stacked columns, one per month. A "<5" cell is drawn hatched at the height of 2.5,
    the middle of what it may be, so that it neither vanishes nor claims a number."""
    width, height, left, bottom, top = 640, 220, 44, 28, 10
    totals = [sum(_height_of(s.cells.get(m, 0)) for s in series) for m in months]
    peak = max([*totals, 1.0])
    plot_h = height - bottom - top
    step = (width - left - 8) / max(len(months), 1)
    bar = max(step * 0.7, 2)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        HATCH,
    ]
    for tick in _ticks(peak):
        y = top + plot_h - tick / peak * plot_h
        parts.append(
            f'<line x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d0d0"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick:,}</text>'
        )
    for i, month in enumerate(months):
        x = left + i * step + (step - bar) / 2
        y = top + plot_h
        for s in series:
            cell = s.cells.get(month, 0)
            h = _height_of(cell) / peak * plot_h
            if h <= 0:
                continue
            y -= h
            fill = NO_VALUE if isinstance(cell, str) else s.colour
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{fill}">'
                f"<title>{escape(f'{month} · {s.label}: {cell}')}</title></rect>"
            )
        if len(months) <= 13 or i % max(len(months) // 12, 1) == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - 10}" text-anchor="middle" '
                f'class="tick">{month[2:4]}/{month[5:]}</text>'
            )
    parts.append("</svg>")
    key = "".join(
        f'<li><span class="swatch" style="background:{s.colour}"></span>{escape(s.label)}</li>'
        for s in series
    )
    return "".join(parts) + f'<ul class="legend">{key}</ul>'


def _height_of(cell: Cell) -> float:
    return 2.5 if isinstance(cell, str) else float(cell)


def _ticks(peak: float) -> list[int]:
    raw = peak / 4
    magnitude = 10 ** max(len(str(int(raw))) - 1, 0)
    step = max(int(-(-raw // magnitude) * magnitude), 1)
    return list(range(0, int(peak) + 1, step))
