"""Small-cell suppression: outside a centre's own view every count from 1 to 4 is shown as
"<5", and where a row or a column of a table would then hide a single cell, the next
smallest beside it is hidden too, so that no total gives a hidden count back."""

from __future__ import annotations

SUPPRESSED = "<5"
SMALL = 5
Cell = int | str


def suppress(rows: dict[str, dict[str, int]]) -> dict[str, dict[str, Cell]]:
    """Small-cell suppression of one indicator's table (dimension → month → count) with its
    totals: counts from 1 to 4 become "<5", and where a row or a column would then hide a
    single cell, the next smallest count beside it is hidden too, so that no total gives a
    hidden count back."""
    table: dict[str, dict[str, Cell]] = {d: dict(months) for d, months in rows.items()}
    for row in table.values():
        row["total"] = sum(v for v in row.values() if isinstance(v, int))
    hidden = {(d, m) for d, row in table.items() for m, v in row.items() if _small(v)}
    if not hidden:
        return table  # nothing hidden, so nothing to give back (most national tables)
    months = sorted({m for row in rows.values() for m in row})
    while True:
        more = set()
        for d, row in table.items():  # each row against its total
            more |= _complement(hidden, [(d, m) for m in row], table)
        for m in [*months, "total"]:  # each month against the month's total
            more |= _complement(hidden, [(d, m) for d in table if m in table[d]], table)
        if not more - hidden:
            break
        hidden |= more
    for d, m in hidden:
        table[d][m] = SUPPRESSED
    return table


def _small(value: Cell) -> bool:
    return isinstance(value, int) and 0 < value < SMALL


def _complement(
    hidden: set[tuple[str, str]], cells: list[tuple[str, str]], table: dict[str, dict[str, Cell]]
) -> set[tuple[str, str]]:
    """If exactly one of ``cells`` is hidden, the smallest other one: a non-zero one if there
    is one (hiding a zero hides little, but beats giving the cell back)."""
    if sum(cell in hidden for cell in cells) != 1:
        return set()
    others = [c for c in cells if c not in hidden]
    if not others:
        return set()
    return {min(others, key=lambda c: (int(table[c[0]][c[1]]) == 0, int(table[c[0]][c[1]])))}
