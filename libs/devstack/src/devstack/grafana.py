"""Grafana dashboards as plain data: the few panel kinds the platform's dashboards use, laid
out left to right in Grafana's 24-column grid. ``devstack.dashboards`` describes the
dashboards with them and writes deploy/grafana/dashboards/*.json, which Grafana provisions
(deploy/grafana/provisioning). JSON written here rather than with grafana-foundation-sdk:
no new dependency for a few panel kinds, and the committed files are what a reviewer reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DATASOURCE_UID = "kk-prometheus"
"""The Prometheus datasource's uid, as deploy/grafana/provisioning/datasources names it."""
DATASOURCE = {"type": "prometheus", "uid": DATASOURCE_UID}
SCHEMA_VERSION = 41
TAG = "kk"
"""Every dashboard's tag: each links to the others through it."""
CALLERS = 'route!~"/metrics|/health/.*"'
"""The requests callers make: probes and scrapes left out, as the SLO rules leave them out."""
RATE = "$__rate_interval"
"""Grafana's window for rate(): at least four scrapes (the datasource's timeInterval)."""
THRESHOLD_COLOURS = ("green", "yellow", "red")

JSON = dict[str, Any]


@dataclass(frozen=True)
class Q:
    """One query of a panel: a PromQL expression and how its series are named."""

    expr: str
    legend: str = ""
    instant: bool = False
    table: bool = False


def thresholds(*steps: float, colours: tuple[str, ...] = THRESHOLD_COLOURS) -> JSON:
    """Colours from the first up to each step: green, then yellow from steps[0], red from
    steps[1]; reversed colours for values where more is better."""
    levels: list[JSON] = [{"color": colours[0], "value": None}]
    levels += [{"color": c, "value": v} for c, v in zip(colours[1:], steps, strict=False)]
    return {"mode": "absolute", "steps": levels}


def variable(name: str, label: str, query: str, *, multi: bool = True) -> JSON:
    """A template variable of label values (label_values(selector, label)), all by default."""
    return {
        "name": name,
        "label": label,
        "type": "query",
        "datasource": DATASOURCE,
        "definition": query,
        "query": query,
        "refresh": 2,  # on time range change: labels of series that came since load
        "sort": 1,
        "multi": multi,
        "includeAll": multi,
        "allValue": ".*",
        "current": {"text": ["All"], "value": ["$__all"]} if multi else {},
        "hide": 0,
        "regex": "",
    }


def _target(ref: str, query: Q) -> JSON:
    return {
        "refId": ref,
        "datasource": DATASOURCE,
        "expr": query.expr,
        "legendFormat": query.legend or "__auto",
        "instant": query.instant,
        "range": not query.instant,
        "format": "table" if query.table else "time_series",
    }


_OPTIONS: dict[str, JSON] = {
    "timeseries": {
        "legend": {"displayMode": "table", "placement": "bottom", "calcs": ["lastNotNull", "max"]},
        "tooltip": {"mode": "multi", "sort": "desc"},
    },
    "stat": {
        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
        "colorMode": "background",
        "graphMode": "none",
        "textMode": "value_and_name",
        "orientation": "auto",
    },
    "bargauge": {
        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
        "displayMode": "gradient",
        "orientation": "horizontal",
        "showUnfilled": True,
    },
    "table": {"showHeader": True, "sortBy": [{"displayName": "Value", "desc": True}]},
}


@dataclass
class Board:
    """One dashboard, its panels placed in reading order: a panel that does not fit beside
    the previous ones starts a new line; a row starts a new line."""

    uid: str
    title: str
    description: str
    variables: list[JSON] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    panels: list[JSON] = field(default_factory=list)
    _x: int = 0
    _y: int = 0
    _line: int = 0

    def _place(self, w: int, h: int) -> JSON:
        if self._x + w > 24:
            self._newline()
        spot = {"x": self._x, "y": self._y, "w": w, "h": h}
        self._x += w
        self._line = max(self._line, h)
        return spot

    def _newline(self) -> None:
        self._x, self._y, self._line = 0, self._y + self._line, 0

    def row(self, title: str) -> None:
        self._newline()
        self.panels.append(
            {
                "type": "row",
                "id": len(self.panels) + 1,
                "title": title,
                "collapsed": False,
                "gridPos": self._place(24, 1),
                "panels": [],
            }
        )
        self._newline()

    def add(
        self,
        kind: str,
        title: str,
        description: str,
        queries: list[Q],
        *,
        unit: str,
        w: int = 12,
        h: int = 8,
        steps: JSON | None = None,
        decimals: int | None = None,
        minimum: float | None = None,
    ) -> None:
        defaults: JSON = {"unit": unit}
        if steps is not None:
            defaults["thresholds"] = steps
            defaults["color"] = {"mode": "thresholds"}
        if decimals is not None:
            defaults["decimals"] = decimals
        if minimum is not None:
            defaults["min"] = minimum
        if kind == "timeseries":
            defaults["custom"] = {"fillOpacity": 10, "showPoints": "never", "spanNulls": True}
            if steps is not None:
                defaults["custom"]["thresholdsStyle"] = {"mode": "dashed"}
                defaults["color"] = {"mode": "palette-classic"}
        self.panels.append(
            {
                "type": kind,
                "id": len(self.panels) + 1,
                "title": title,
                "description": description,
                "datasource": DATASOURCE,
                "gridPos": self._place(w, h),
                "fieldConfig": {"defaults": defaults, "overrides": []},
                "options": _OPTIONS[kind],
                "targets": [_target(chr(ord("A") + i), q) for i, q in enumerate(queries)],
            }
        )

    def json(self) -> JSON:
        return {
            "uid": self.uid,
            "title": self.title,
            "description": self.description,
            "tags": [TAG, *self.tags],
            "editable": False,  # provisioned: changed in the repository, not in the UI
            "graphTooltip": 1,
            "schemaVersion": SCHEMA_VERSION,
            "version": 1,
            "timezone": "browser",
            "time": {"from": "now-6h", "to": "now"},
            "refresh": "1m",
            "links": [
                {
                    "type": "dashboards",
                    "title": "Πίνακες / Dashboards",
                    "tags": [TAG],
                    "asDropdown": True,
                    "includeVars": False,
                    "keepTime": True,
                }
            ],
            "annotations": {"list": []},
            "templating": {"list": self.variables},
            "panels": self.panels,
        }
