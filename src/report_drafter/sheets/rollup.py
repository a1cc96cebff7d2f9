"""The roll-up across units: per indicator, every unit's figures side by side, with totals.

Pure: reports in, tables of `Decimal` out (no I/O). Indicators are matched across units
by id (by name when they have none); target columns by label. A total row is made for
an indicator that a unit marks `aggregate: sum`, when every unit gives it in the same
unit of measure: the sums, and percentages computed from the sums with the same rules
as a single indicator (`compute`), never averaged. A percentage of the total uses only
the units that have both figures, and says so when that is not every unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from report_drafter import model
from report_drafter.rules import book as layout
from report_drafter.text import compute
from report_drafter.vn import writing as vnformat

SUM = "sum"


@dataclass(frozen=True)
class Line:
    """One unit's figures for one indicator (or the total)."""

    unit: str
    actual: Decimal | None = None
    estimated: bool = False
    targets: tuple = ()  # value per target column (None when the unit has none)
    percents: tuple = ()  # actual / target × 100 per target column
    previous: Decimal | None = None
    change: Decimal | None = None  # % change from `previous` (signed)


@dataclass(frozen=True)
class Table:
    key: str  # indicator id, or its name
    name: str
    measure: str  # đơn vị tính
    labels: tuple  # target column labels
    lines: tuple  # Line per unit that reports the indicator
    total: Line | None = None
    notes: tuple = ()  # how the total was made, or why there is none


@dataclass(frozen=True)
class Failed:
    path: str
    reason: str


@dataclass(frozen=True)
class RollUp:
    tables: tuple
    units: tuple  # names of the units rolled up
    failed: tuple  # Failed: inputs that could not be loaded


def build(units) -> RollUp:
    """`units`: (path, Report or None, reason) per input, in order."""
    found: dict[str, list] = {}
    names, failed = [], []
    for path, report, reason in units:
        if report is None:
            failed.append(Failed(path, reason))
            continue
        names.append(report.issuer.name)
        for ind in report.indicators:
            found.setdefault(ind.id or ind.name, []).append((report.issuer.name, ind))
    return RollUp(tuple(_table(key, pairs) for key, pairs in found.items()), tuple(names), tuple(failed))


def _table(key: str, pairs: list) -> Table:
    labels = tuple(dict.fromkeys(t.label for _, ind in pairs for t in ind.targets))
    lines = tuple(_line(unit, ind, labels) for unit, ind in pairs)
    first = pairs[0][1]
    notes: list[str] = []
    total = None
    if any(ind.aggregate == SUM for _, ind in pairs):
        measures = sorted({ind.unit for _, ind in pairs})
        if len(measures) > 1:
            notes.append(
                "không cộng tổng vì các đơn vị dùng đơn vị tính khác nhau: "
                + ", ".join(m or "(trống)" for m in measures)
            )
        else:
            total, notes = _total([ind for _, ind in pairs], labels, len(pairs))
    return Table(key, first.name, first.unit, labels, lines, total, tuple(notes))


def _line(unit: str, ind: model.Indicator, labels: tuple) -> Line:
    figs = compute.indicator_figures(ind)
    by_label = {t.label: t.value for t in ind.targets}
    percents = dict(figs.target_ratios)
    return Line(
        unit,
        ind.actual,
        ind.estimated,
        tuple(by_label.get(label) for label in labels),
        tuple(percents.get(label) for label in labels),
        ind.previous,
        figs.change,
    )


def _total(inds: list, labels: tuple, count: int) -> tuple[Line, list[str]]:
    with_actual = [ind for ind in inds if ind.actual is not None]
    notes = []
    if len(with_actual) < count:
        notes.append(f"tổng thực hiện cộng {len(with_actual)}/{count} đơn vị có số thực hiện")
    targets, percents = [], []
    for label in labels:
        pairs = [(ind.actual, t.value) for ind in with_actual for t in ind.targets if t.label == label]
        target_sum = sum((v for _, v in pairs), Decimal(0)) if pairs else None
        percent = None
        if pairs and target_sum:
            percent = compute.indicator_figures(
                model.Indicator(
                    "", actual=sum((a for a, _ in pairs), Decimal(0)), targets=(model.Target(label, target_sum),)
                )
            ).target_ratios[0][1]
        if pairs and len(pairs) < len(with_actual):
            notes.append(f"tỷ lệ so với {label} tính trên {len(pairs)} đơn vị có cả hai số")
        targets.append(target_sum)
        percents.append(percent)
    compared = [ind for ind in with_actual if ind.previous]
    previous = change = None
    if compared:
        previous = sum((ind.previous for ind in compared), Decimal(0))
        change = compute.indicator_figures(
            model.Indicator("", actual=sum((ind.actual for ind in compared), Decimal(0)), previous=previous)
        ).change
        if len(compared) < len(with_actual):
            notes.append(f"tăng/giảm so với cùng kỳ tính trên {len(compared)} đơn vị có số cùng kỳ")
    actual = sum((ind.actual for ind in with_actual), Decimal(0)) if with_actual else None
    return Line("Tổng cộng", actual, False, tuple(targets), tuple(percents), previous, change), notes


# ------------------------------------------------------------------ shared texts


def headers(table: Table) -> list[str]:
    """Column headings of a roll-up table, as both the workbook and the document print them."""
    measure = f" ({table.measure})" if table.measure else ""
    cols = ["TT", "Đơn vị", f"Thực hiện{measure}"]
    for label in table.labels:
        cols += [vnformat.capitalize_first(label) + measure, layout.RATIO_COLUMN.format(against=label)]
    return cols + [f"Cùng kỳ{measure}", layout.GROWTH_COLUMN.format(against="cùng kỳ")]  # signed: "So với …" is a ratio


def cells(line: Line) -> list:
    """The figures of a line in `headers` order after TT and Đơn vị (Decimal or None)."""
    out = [line.actual]
    for value, percent in zip(line.targets, line.percents):
        out += [value, percent]
    return out + [line.previous, line.change]


def change_text(value: Decimal | None) -> str:
    """`+23,7`, `-5,2`, `0` (a signed percentage as the tables print it)."""
    if value is None:
        return ""
    text = vnformat.format_decimal_1(abs(value))
    return ("+" if value > 0 else "-" if value < 0 else "") + text
