"""Figures from an indicator: ratios to targets, change from the same period.

Decimal arithmetic only, rounded half-up to one decimal. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from report_drafter.model import Indicator
from report_drafter.text import marks
from report_drafter.vn import reading as parse
from report_drafter.vn import writing as vnformat

_CTX = Context(prec=40)
_TENTH = Decimal("0.1")
_HUNDRED = Decimal(100)
_TOLERANCE = Decimal("0.1")
SAME_PERIOD = "cùng kỳ"
# A percentage outside is most likely a figure read 1 000 times too large (`85.426` meant
# 85,426): over 1 000 %, or under 0,25 % (a true 250 % read a thousand times too small).
PLAUSIBLE = (Decimal("0.25"), Decimal(1000))


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

    target_ratios: tuple = ()  # ((label, percent), ...)
    change: Decimal | None = None  # signed % change vs the previous figure
    ratio_to_previous: Decimal | None = None  # actual / previous × 100
    compare: str = "growth"
    compared_to: str = SAME_PERIOD  # what the change is measured against


def indicator_figures(ind: Indicator) -> IndicatorFigures:
    """Ratios to each non-zero target and the change from the previous figure."""
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
    elif ind.ratio is not None:
        change = _round(_CTX.subtract(ind.ratio, _HUNDRED))
        ratio = _round(ind.ratio)
    return IndicatorFigures(ratios, change, ratio, ind.compare, ind.compared_to or SAME_PERIOD)


def change_words(figs: IndicatorFigures) -> str:
    """`{change}` of a sentence: `tăng 23,7%`, `giảm 5,2%`, `bằng 112%` (ratio), `bằng` (no change)."""
    if figs.compare == "ratio" and figs.ratio_to_previous is not None:
        return f"bằng {vnformat.format_percent(figs.ratio_to_previous)}"
    if figs.change is None:
        return ""
    if figs.change == 0:
        return "bằng"
    word = "tăng" if figs.change > 0 else "giảm"
    return f"{word} {vnformat.format_percent(abs(figs.change))}"


def comparison_phrase(figs: IndicatorFigures) -> str:
    """`tăng 23,7% so với cùng kỳ`, `giảm 5,2% …`, `bằng cùng kỳ`, `bằng 112% so với năm 2023`."""
    words = change_words(figs)
    if not words:
        return ""
    if words == "bằng":
        return f"bằng {figs.compared_to}"
    return f"{words} so với {figs.compared_to}"


def sentence_values(ind: Indicator, figs: IndicatorFigures | None = None) -> dict:
    """The placeholders of a `sentence` this indicator can fill, as finished text."""
    figs = figs or indicator_figures(ind)
    values = {"name": ind.name, "unit": ind.unit, "compared_to": figs.compared_to}
    if ind.actual is not None:
        values["actual"] = vnformat.format_number(ind.actual)
    if ind.previous is not None:
        values["previous"] = vnformat.format_number(ind.previous)
    if change_words(figs):
        values["change"] = change_words(figs)
    ratios = dict(figs.target_ratios)
    for n, target in enumerate(ind.targets, 1):
        values[f"target{n}"] = target.label
        values[f"value{n}"] = vnformat.format_number(target.value)
        if target.label in ratios:
            values[f"percent{n}"] = vnformat.format_percent(ratios[target.label])
    return values


# ------------------------------------------------ wording by the indicator's kind (issue 21)


def verb(ind: Indicator) -> str:
    """The words before the actual figure: `đạt`, `ước đạt`, the indicator's own `verb`
    (`xảy ra`, `ước giải ngân`); none for a lower-is-better indicator without a verb (a count of
    accidents is not "achieved": `Số vụ tai nạn giao thông: 7 vụ`)."""
    word = ind.verb or ("" if ind.direction == "down" else "đạt")
    return f"ước {word}".strip() if ind.estimated else word


def target_word(ind: Indicator) -> str:
    """How the share of a target is said: `đạt 49,1% dự toán`; `bằng 98,5% chỉ tiêu năm` for a
    figure that is itself a percentage (no "đạt 93,6%, đạt 98,5%") or a lower-is-better one."""
    return "bằng" if ind.direction == "down" or ind.unit.strip() == "%" else "đạt"


# The codes of a sentence's marked phrases (marks.py says what each holds).
VERB, ACTUAL, BARE, CHANGE = marks.VERB, marks.ACTUAL, marks.BARE, marks.CHANGE
CHANGE_WORDS, PREVIOUS = marks.CHANGE_WORDS, marks.PREVIOUS


def _opening(ind: Indicator, number: str, unit: str) -> list[tuple[str | None, str]]:
    """`{name} {verb} {actual}{unit}`, or `{name}: {actual}{unit}` when there is no verb."""
    word = verb(ind)
    if word:
        return [(None, f"{ind.name} "), (VERB, word), (None, " "), (ACTUAL, number), (None, unit)]
    return [(None, f"{ind.name}: "), (ACTUAL, number), (None, unit)]


def indicator_segments(ind: Indicator, figs: IndicatorFigures | None = None) -> list[tuple[str | None, str]]:
    """The indicator's sentence as segments: (None, plain text) and (code, variable phrase).

    The office's `sentence` filled in, or the standard one:
    `{name} {ước đạt|đạt} {actual} {unit}, đạt {p1}% {label1}; {p2}% {label2}, {tăng|giảm} {g}% so với cùng kỳ.`
    A bare figure (no target, no comparison) reads `{name}: {ước }{actual} {unit}.`
    The joined text is `indicator_sentence`; `render` marks each coded phrase and `update`
    compares phrase with phrase: no figure is ever looked for in finished text.
    """
    figs = figs or indicator_figures(ind)
    if ind.sentence:
        return _office_segments(ind, figs)
    comparison = comparison_phrase(figs)
    if ind.actual is None:
        if not comparison:
            return [(None, f"{ind.name}.")]
        return [(None, f"{ind.name} "), (CHANGE, comparison), (None, ".")]
    number = vnformat.format_number(ind.actual)
    unit = ind.unit if ind.unit == "%" else f" {ind.unit}" if ind.unit else ""  # 62,5%
    if not figs.target_ratios and not comparison:
        if ind.verb:
            return _joined([*_opening(ind, number, unit), (None, ".")])
        return [(None, f"{ind.name}: "), (BARE, f"{'ước ' if ind.estimated else ''}{number}"), (None, f"{unit}.")]
    out = _opening(ind, number, unit)
    for n, (label, p) in enumerate(figs.target_ratios):
        out += [
            (None, f", {target_word(ind)} " if n == 0 else "; "),
            (target_code(label), vnformat.format_percent(p)),
            (None, f" {label}"),
        ]
    if comparison:
        out += [(None, ", "), (CHANGE, comparison)]
    out.append((None, "."))
    return _joined(out)


def target_code(label: str) -> str:
    """The code of a target's percentage: stable when targets are added or reordered."""
    return marks.target_field(label)


def _office_segments(ind: Indicator, figs: IndicatorFigures) -> list[tuple[str | None, str]]:
    """The office's `sentence`: its literals plain, each figure placeholder a coded phrase
    (name, unit, labels and `compared_to` are the input's own words: plain)."""
    values = sentence_values(ind, figs)
    labels = {f"percent{n}": t.label for n, t in enumerate(ind.targets, 1)}
    labels.update({f"value{n}": t.label for n, t in enumerate(ind.targets, 1)})
    out: list[tuple[str | None, str]] = []
    for literal, name in parse.sentence_fields(ind.sentence, len(ind.targets)):
        out.append((None, literal))
        if not name:
            continue
        text = values.get(name, "")
        if name == "actual":
            out.append((ACTUAL, text))
        elif name == "previous":
            out.append((PREVIOUS, text))
        elif name == "change":
            out.append((CHANGE_WORDS, text))
        elif name.startswith("percent"):
            out.append((target_code(labels[name]), text))
        elif name.startswith("value"):
            out.append(("k" + target_code(labels[name])[1:], text))
        else:
            out.append((None, text))
    return _joined(out)


def _joined(segments) -> list[tuple[str | None, str]]:
    """Adjacent plain segments as one; empty plain segments dropped."""
    out: list[tuple[str | None, str]] = []
    for code, text in segments:
        if code is None:
            if not text:
                continue
            if out and out[-1][0] is None:
                out[-1] = (None, out[-1][1] + text)
                continue
        out.append((code, text))
    return out


def indicator_sentence(ind: Indicator, figs: IndicatorFigures | None = None) -> str:
    """The indicator's sentence as text (see `indicator_segments`)."""
    return "".join(text for _, text in indicator_segments(ind, figs))


def missing_placeholders(ind: Indicator) -> list[str]:
    """Placeholders of the indicator's `sentence` it has no figure for (e.g. `{previous}`)."""
    if not ind.sentence:
        return []
    values = sentence_values(ind)
    return [name for _, name in parse.sentence_fields(ind.sentence, len(ind.targets)) if name and name not in values]


def consistency_warnings(ind: Indicator) -> list[tuple[str, str]]:
    """(field, message) when `growth` or `ratio` disagrees with the figure computed from `previous`."""
    if ind.actual is None or not ind.previous:
        return []
    out = []
    computed = _raw_change(ind.actual, ind.previous)
    if ind.growth is not None and abs(_CTX.subtract(computed, ind.growth)) > _TOLERANCE:
        out.append(
            (
                "growth",
                f"tăng trưởng ghi {vnformat.format_percent(ind.growth)} nhưng tính từ cùng kỳ "
                f"({vnformat.format_number(ind.previous)}) ra {vnformat.format_percent(_round(computed))}; "
                f"hãy kiểm tra lại previous hoặc growth",
            )
        )
    computed = _CTX.add(computed, _HUNDRED)
    if ind.ratio is not None and abs(_CTX.subtract(computed, ind.ratio)) > _TOLERANCE:
        out.append(
            (
                "ratio",
                f"tỷ lệ so với cùng kỳ ghi {vnformat.format_percent(ind.ratio)} nhưng tính từ cùng kỳ "
                f"({vnformat.format_number(ind.previous)}) ra {vnformat.format_percent(_round(computed))}; "
                f"hãy kiểm tra lại previous hoặc ratio",
            )
        )
    return out
