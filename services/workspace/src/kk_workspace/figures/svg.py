"""Charts drawn on the server as SVG: a map coloured by an indicator, and stacked columns by
month. What is worked out here is the geometry and the words; ``components/svg.html`` draws
them (autoescaped, as every page). Every shape carries a <title> with its name and value,
every chart a text alternative, and the same figures are in a table beside it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kk_workspace.figures.geo import Map

Cell = int | str
"""A count, or "<5" where reporting suppressed it."""

# ColorBrewer "Blues", 5 classes: dark enough at the top for white text, light at the bottom
SHADES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_VALUE = "url(#kk-hatch)"


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


@dataclass(frozen=True)
class Area:
    code: str
    path: str
    fill: str
    title: str  # its name and value
    href: str | None


@dataclass(frozen=True)
class MapDrawing:
    width: float
    height: float
    label: str
    linked: bool  # a map whose areas are links is a group of links, each named; else an image
    areas: list[Area]
    legend: list[tuple[str, str]]  # (shade, the lower edge shown)
    no_value: str  # how a missing value is shown


def choropleth(
    shape_map: Map,
    values: dict[str, float | None],
    names: dict[str, str],
    shown: Callable[[float | None], str],
    *,
    label: str,
    link: Callable[[str], str | None] = lambda code: None,
) -> MapDrawing:
    """The map, each area shaded by its value (hatched where there is none), with a legend."""
    scale = bins([v for v in values.values() if v is not None])
    areas = []
    for shape in shape_map.shapes:
        value = values.get(shape.code)
        fill = scale.shade(value) if value is not None and scale else NO_VALUE
        title = f"{names.get(shape.code, shape.code)}: {shown(value)}"
        areas.append(Area(shape.code, shape.path, fill, title, link(shape.code)))
    legend = (
        [(SHADES[i], f"≥ {shown(edge)}") for i, edge in enumerate(scale.edges)] if scale else []
    )
    return MapDrawing(
        shape_map.width,
        shape_map.height,
        label,
        any(area.href for area in areas),
        areas,
        legend,
        shown(None),
    )


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    cells: dict[str, Cell]  # month (YYYY-MM) → count or "<5"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True)
class Column:
    bars: list[Bar]
    label: tuple[float, str] | None  # (x, MM/YY), on every month when there are few


@dataclass(frozen=True)
class ChartDrawing:
    label: str
    width: int = 640
    height: int = 220
    left: int = 44
    bottom: int = 28
    top: int = 10
    gridlines: list[tuple[float, int]] = field(default_factory=list)  # (y, the tick's count)
    columns: list[Column] = field(default_factory=list)  # a month each
    key: list[tuple[str, str]] = field(default_factory=list)  # (colour, the series' label)


def columns(months: Sequence[str], series: Sequence[Series], *, label: str) -> ChartDrawing:
    """Stacked columns, one per month. A "<5" cell is drawn hatched at the height of 2.5,
    the middle of what it may be, so that it neither vanishes nor claims a number."""
    chart = ChartDrawing(label, key=[(s.colour, s.label) for s in series])
    totals = [sum(_height_of(s.cells.get(m, 0)) for s in series) for m in months]
    peak = max([*totals, 1.0])
    plot_h = chart.height - chart.bottom - chart.top
    step = (chart.width - chart.left - 8) / max(len(months), 1)
    bar = max(step * 0.7, 2)
    for tick in _ticks(peak):
        chart.gridlines.append((chart.top + plot_h - tick / peak * plot_h, tick))
    for i, month in enumerate(months):
        x = chart.left + i * step + (step - bar) / 2
        y: float = chart.top + plot_h
        bars = []
        for s in series:
            cell = s.cells.get(month, 0)
            h = _height_of(cell) / peak * plot_h
            if h <= 0:
                continue
            y -= h
            fill = NO_VALUE if isinstance(cell, str) else s.colour
            bars.append(Bar(x, y, bar, h, fill, f"{month} · {s.label}: {cell}"))
        labelled = len(months) <= 13 or i % max(len(months) // 12, 1) == 0
        label_at = (x + bar / 2, f"{month[2:4]}/{month[5:]}") if labelled else None
        chart.columns.append(Column(bars, label_at))
    return chart


def _height_of(cell: Cell) -> float:
    return 2.5 if isinstance(cell, str) else float(cell)


def _ticks(peak: float) -> list[int]:
    raw = peak / 4
    magnitude = 10 ** max(len(str(int(raw))) - 1, 0)
    step = max(int(-(-raw // magnitude) * magnitude), 1)
    return list(range(0, int(peak) + 1, step))
