"""Small-cell suppression: outside a centre's own view every count from 1 to 4 is shown as
"<5", and where a row or a column of a table would then hide a single cell, the next
smallest beside it is hidden too, so that no total gives a hidden count back."""

from __future__ import annotations

from kk_contracts.minimisation import SMALL  # the regions' streams withhold the same

SUPPRESSED = "<5"
Cell = int | str


def suppress(
    rows: dict[str, dict[str, int]], columns: list[str] | None = None
) -> dict[str, dict[str, Cell]]:
    """Small-cell suppression of one indicator's table (dimension → month → count) with its
    totals: counts from 1 to 4 become "<5", and where a row or a column would then hide a
    single cell, the next smallest count beside it is hidden too, so that no total gives a
    hidden count back. ``columns``: every row gets each of them (0 where it has none)."""
    table = {d: _row(months, columns) for d, months in rows.items()}
    hidden = {(d, m) for d, row in table.items() for m, v in row.items() if 0 < v < SMALL}
    # Only a row or a month with a cell newly hidden can have come to hide a single one: the
    # others are looked at no more (a national table has hundreds of rows).
    new = hidden
    while new:
        more: set[tuple[str, str]] = set()
        for d in {d for d, _ in new}:  # each row against its total
            more |= _complement(hidden, [(d, m) for m in table[d]], table)
        for m in {m for _, m in new}:  # each month against the month's total
            more |= _complement(hidden, [(d, m) for d in table if m in table[d]], table)
        new = more - hidden
        hidden |= new
    shown: dict[str, dict[str, Cell]] = table  # type: ignore[assignment]
    for d, m in hidden:
        shown[d][m] = SUPPRESSED
    return shown


def _row(months: dict[str, int], columns: list[str] | None) -> dict[str, int]:
    row = dict(months) if columns is None else {m: months.get(m, 0) for m in columns}
    row["total"] = sum(row.values())
    return row


def _complement(
    hidden: set[tuple[str, str]], cells: list[tuple[str, str]], table: dict[str, dict[str, int]]
) -> set[tuple[str, str]]:
    """If exactly one of ``cells`` is hidden, the smallest other one: a non-zero one if there
    is one (hiding a zero hides little, but beats giving the cell back)."""
    if len(hidden.intersection(cells)) != 1:  # (the cells are distinct)
        return set()
    others = [c for c in cells if c not in hidden]
    if not others:
        return set()
    return {min(others, key=lambda c: (table[c[0]][c[1]] == 0, table[c[0]][c[1]]))}
