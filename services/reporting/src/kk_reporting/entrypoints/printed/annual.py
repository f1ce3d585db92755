"""A centre's annual report (ετήσιος απολογισμός) for a calendar year: its indicators for the
year, month by month, its breakdowns and its staffing, as printable HTML, as PDF and as CSV.

The figures are those of the overview and the monthly indicators for January to December of
the year, read in one snapshot; outside the centre's own staff they are suppressed exactly as
on the dashboards. Nothing in it names or points to a person."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from kk_reporting.adapters.overview import Overview
from kk_reporting.application import Monthly
from kk_reporting.entrypoints.printed import pages
from kk_reporting.entrypoints.printed.text import METRICS, Lang, moment, number, word

FONTS = Path("/usr/share/fonts/truetype/dejavu")
MONTHLY_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("beneficiaries_registered", "all", "Νέοι ωφελούμενοι", "New beneficiaries"),
    ("requests_answered", "in_time", "Απαντήσεις εντός προθεσμίας", "Answered in time"),
    ("requests_answered", "late", "Απαντήσεις εκπρόθεσμα", "Answered late"),
    ("requests_overdue", "all", "Αιτήματα που έγιναν εκπρόθεσμα", "Requests gone overdue"),
    ("referrals_completed", "provided", "Παραπομπές: παρασχέθηκε", "Referrals: provided"),
    ("referrals_completed", "partly_provided", "Παραπομπές: εν μέρει", "Referrals: partly"),
    (
        "referrals_completed",
        "not_provided",
        "Παραπομπές: δεν παρασχέθηκε",
        "Referrals: not provided",
    ),
)
FIGURES = tuple(METRICS)  # every figure of the overview that has a name


class FontsMissingError(RuntimeError):
    """The PDF needs the DejaVu fonts (Debian's fonts-dejavu-core) for Greek text."""


@dataclass(frozen=True)
class AnnualReport:
    year: int
    centre_id: str
    overview: Overview
    monthly: Monthly

    def title(self, lang: Lang) -> str:
        name = self.overview.name_el if lang == "el" else self.overview.name_en
        return f"{word('annual', lang)} {self.year} · {name} ({self.centre_id})"

    def months(self) -> list[str]:
        return [f"{self.year}-{m:02d}" for m in range(1, 13)]

    def monthly_rows(self, lang: Lang) -> list[tuple[str, list[int | str]]]:
        rows = []
        for indicator, dimension, el, en in MONTHLY_ROWS:
            cells = self.monthly.indicators.get(indicator, {}).get(dimension, {})
            values = [cells.get(m, 0) for m in self.months()]
            total = cells.get("total", 0)
            rows.append((el if lang == "el" else en, [*values, total]))
        return rows

    def staffing(self, lang: Lang) -> list[tuple[str, str]]:
        f = self.overview.figures
        yes_no = ("ναι", "όχι") if lang == "el" else ("yes", "no")
        return [
            (word("positions", lang), f"{f.staff_positions} / {f.staff_positions_foreseen}"),
            (word("headed", lang), yes_no[0] if f.centres_headed_by_social_worker else yes_no[1]),
            (word("unreported", lang), yes_no[0] if f.centres_roster_unreported else yes_no[1]),
            (word("population", lang), number(f.population, "count", lang)),
        ]


def as_html(report: AnnualReport, lang: Lang) -> str:
    f = report.overview.figures
    return pages.annual_page(
        lang=lang,
        here=f"/reports/centres/{report.centre_id}/annual",
        params={"year": str(report.year)},
        title=report.title(lang),
        year=report.year,
        as_of=moment(report.overview.data_as_of, lang),
        note=word("own_note" if not report.overview.suppressed else "suppressed_note", lang),
        figures=[
            (key, METRICS[key].label(lang), number(getattr(f, key), METRICS[key].kind, lang))
            for key in FIGURES
        ],
        months=report.months(),
        monthly=[
            (row_label, [number(v, "count", lang) for v in values])
            for row_label, values in report.monthly_rows(lang)
        ],
        staffing=report.staffing(lang),
        breakdowns=pages.breakdowns(report.overview, lang),
    )


CSV_COLUMNS = ("section", "indicator", "dimension", "period", "value")


def as_csv(report: AnnualReport) -> str:
    """One figure a row, codes not words, so that tools read it; UTF-8 with a BOM so that a
    spreadsheet opens the Greek right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    f = report.overview.figures
    year = str(report.year)
    for key in FIGURES:
        value = getattr(f, key)
        writer.writerow(("figures", key, "", year, "" if value is None else value))
    for indicator, dimensions in sorted(report.monthly.indicators.items()):
        for dimension, cells in sorted(dimensions.items()):
            for month in [*report.months(), "total"]:
                writer.writerow(("monthly", indicator, dimension, month, cells.get(month, 0)))
    for name, counts in report.overview.breakdowns.items():
        for code, n in counts.items():
            writer.writerow(("breakdown", name, code, year, n))
    for key in (
        "staff_positions",
        "staff_positions_foreseen",
        "centres_headed_by_social_worker",
        "centres_roster_unreported",
        "population",
    ):
        writer.writerow(("staffing", key, "", year, getattr(f, key)))
    return "\ufeff" + out.getvalue()


def as_pdf(report: AnnualReport, lang: Lang) -> bytes:
    regular, bold = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise FontsMissingError(f"{regular} is missing: install Debian's fonts-dejavu-core")
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(report.title(lang))
    pdf.set_creator("Community Centres reporting")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, report.title(lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    stamp = f"{word('as_of', lang)}: {moment(report.overview.data_as_of, lang)}"
    pdf.multi_cell(0, 5, stamp, new_x="LMARGIN", new_y="NEXT")
    note = word("own_note" if not report.overview.suppressed else "suppressed_note", lang)
    pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    f = report.overview.figures
    _section(pdf, word("headline", lang))
    _table(
        pdf,
        [[METRICS[k].label(lang), number(getattr(f, k), METRICS[k].kind, lang)] for k in FIGURES],
        widths=[110, 40],
    )
    _section(pdf, word("trends", lang))
    head = [word("month", lang), *(m[5:] for m in report.months()), word("total", lang)]
    rows = [
        [label, *(number(v, "count", lang) for v in vals)]
        for label, vals in report.monthly_rows(lang)
    ]
    _table(pdf, [head, *rows], widths=[62] + [15] * 12 + [20], header=True)
    _section(pdf, word("staffing", lang))
    _table(pdf, [list(row) for row in report.staffing(lang)], widths=[110, 40])
    for title, counts in pages.breakdowns(report.overview, lang):
        _section(pdf, title)
        _table(pdf, [[row_label, n] for _code, row_label, n in counts], widths=[80, 30])
    return bytes(pdf.output())


def _section(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)


def _table(pdf: FPDF, rows: list[list[str]], *, widths: list[int], header: bool = False) -> None:
    for i, row in enumerate(rows):
        pdf.set_font("DejaVu", "B" if header and i == 0 else "", 8.5)
        for j, (text, width) in enumerate(zip(row, widths, strict=False)):
            pdf.cell(width, 5.5, str(text), border="B", align="L" if j == 0 else "R")
        pdf.ln(5.5)
