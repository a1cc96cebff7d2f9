"""Figures from an indicator: ratios to targets, change from the same period.

Decimal arithmetic only, rounded half-up to one decimal. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from report_drafter import vnformat
from report_drafter.model import Indicator

_CTX = Context(prec=40)
_TENTH = Decimal("0.1")
_HUNDRED = Decimal(100)
_TOLERANCE = Decimal("0.1")


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    """`numerator / denominator × 100`, rounded half-up to 0,1."""
    return _round(_CTX.multiply(_CTX.divide(numerator, denominator), _HUNDRED))


def _round(value: Decimal) -> Decimal:
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


def _raw_change(actual: Decimal, previous: Decimal) -> Decimal:
    return _CTX.multiply(_CTX.subtract(_CTX.divide(actual, previous), Decimal(1)), _HUNDRED)


@dataclass(frozen=True)
class IndicatorFigures:
    """The computed figures of one indicator (percentages, rounded)."""

    target_ratios: tuple = ()                 # ((label, percent), ...)
    change: Decimal | None = None             # signed % change vs cùng kỳ
    ratio_to_previous: Decimal | None = None  # actual / previous × 100
    compare: str = "growth"


def indicator_figures(ind: Indicator) -> IndicatorFigures:
    """Ratios to each non-zero target and the change from the same period."""
    ratios = ()
    if ind.actual is not None:
        ratios = tuple((t.label, percent(ind.actual, t.value)) for t in ind.targets if t.value)
    change = ratio = None
    if ind.actual is not None and ind.previous:
        change = _round(_raw_change(ind.actual, ind.previous))
        ratio = percent(ind.actual, ind.previous)
    elif ind.growth is not None:
        change = _round(ind.growth)
        ratio = _round(_CTX.add(_HUNDRED, ind.growth))
    return IndicatorFigures(ratios, change, ratio, ind.compare)


def comparison_phrase(figs: IndicatorFigures) -> str:
    """`tăng 23,7% so với cùng kỳ`, `giảm 5,2% …`, `bằng cùng kỳ`, `bằng 112% so với cùng kỳ`."""
    if figs.compare == "ratio" and figs.ratio_to_previous is not None:
        return f"bằng {vnformat.format_percent(figs.ratio_to_previous)} so với cùng kỳ"
    if figs.change is None:
        return ""
    if figs.change == 0:
        return "bằng cùng kỳ"
    word = "tăng" if figs.change > 0 else "giảm"
    return f"{word} {vnformat.format_percent(abs(figs.change))} so với cùng kỳ"


def indicator_sentence(ind: Indicator, figs: IndicatorFigures | None = None) -> str:
    """`{name} {ước đạt|đạt} {actual} {unit}, đạt {p1}% {label1}; {p2}% {label2}, {tăng|giảm} {g}% so với cùng kỳ.`"""
    figs = figs or indicator_figures(ind)
    parts = []
    head = ind.name
    if ind.actual is not None:
        verb = "ước đạt" if ind.estimated else "đạt"
        amount = " ".join(x for x in (vnformat.format_number(ind.actual), ind.unit) if x)
        head = f"{ind.name} {verb} {amount}"
        if figs.target_ratios:
            parts.append("đạt " + "; ".join(f"{vnformat.format_percent(p)} {label}"
                                             for label, p in figs.target_ratios))
    comparison = comparison_phrase(figs)
    if comparison:
        parts.append(comparison)
    if ind.actual is None:
        return f"{head} {comparison}." if comparison else f"{head}."
    return ", ".join([head, *parts]) + "."


def consistency_warnings(ind: Indicator) -> list[str]:
    """A message when `growth` disagrees with the change computed from `previous`."""
    if ind.actual is None or not ind.previous or ind.growth is None:
        return []
    computed = _raw_change(ind.actual, ind.previous)
    if abs(_CTX.subtract(computed, ind.growth)) <= _TOLERANCE:
        return []
    return [f"tăng trưởng ghi {vnformat.format_percent(ind.growth)} nhưng tính từ cùng kỳ "
            f"({vnformat.format_number(ind.previous)}) ra {vnformat.format_percent(_round(computed))}; "
            f"hãy kiểm tra lại previous hoặc growth"]
