"""Vietnamese formatting: numbers, percentages, dates, periods, Roman numerals, case.

Pure functions, no I/O. Numbers are `Decimal` and keep the scale they were written
with; grouping uses `.` from four integer digits up, decimals use `,`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from report_drafter.model import Period

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


# ------------------------------------------------------------------------ numbers


def format_number(value: Decimal) -> str:
    """`Decimal('27278')` → `27.278`; `Decimal('4465.775')` → `4.465,775`."""
    if value == value.to_integral_value() and value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    if len(whole) >= 4:
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        whole = ".".join([whole, *groups])
    return sign + whole + ("," + frac if frac else "")


def format_decimal_1(value: Decimal) -> str:
    """A rounded figure without a trailing `,0`: `Decimal('112.0')` → `112`."""
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format_number(value)


def format_percent(value: Decimal) -> str:
    """`Decimal('49.1')` → `49,1%`; `Decimal('112.0')` → `112%`."""
    return format_decimal_1(value) + "%"


def two_digits(n: int) -> str:
    """A leading zero below 10: 5 → `05`."""
    return f"{n:02d}" if 0 <= n < 10 else str(n)


def roman(n: int) -> str:
    """1 → `I`, 4 → `IV`, 13 → `XIII`."""
    if not 0 < n < 4000:
        raise ValueError(f"roman numerals cover 1–3999, not {n}")
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


# ------------------------------------------------------------------------ periods


def period_text(period: Period, padded_months: tuple = (), with_year: bool = True) -> str:
    """`quý I năm 2021`, `6 tháng đầu năm 2019`, `9 tháng đầu năm 2019`, `năm 2019`, `tháng 01 năm 2027`
    (the rule book's `padded_months` take a leading zero, as in its date line)."""
    kind = period.kind
    if kind == "month":
        text = f"tháng {month_text(period.index, padded_months)}"
        return f"{text} năm {period.year}" if with_year else text
    if kind == "quarter":
        text = f"quý {roman(period.index)}"
        return f"{text} năm {period.year}" if with_year else text
    text = {
        "half": "6 tháng đầu năm" if period.index == 1 else "6 tháng cuối năm",
        "nine_months": "9 tháng đầu năm",
        "last_three_months": "3 tháng cuối năm",
        "year": "năm",
    }[kind]
    return f"{text} {period.year}" if with_year else text


def next_period(period: Period) -> Period:
    """The period a report plans for: quý IV 2021 → quý I 2022, 9 tháng → 3 tháng cuối năm."""
    kind, year, index = period.kind, period.year, period.index
    if kind == "quarter":
        return Period("quarter", year + 1, 1) if index == 4 else Period("quarter", year, index + 1)
    if kind == "half":
        return Period("half", year + 1, 1) if index == 2 else Period("half", year, 2)
    if kind == "nine_months":
        return Period("last_three_months", year)
    if kind == "month":
        return Period("month", year + 1, 1) if index == 12 else Period("month", year, index + 1)
    return Period("year", year + 1)


def month_text(month: int, padded_months: tuple) -> str:
    """A month as a date writes it: the `padded_months` (the rule book's: 1, 2) take a leading zero."""
    return f"{month:02d}" if month in padded_months else str(month)


def default_title(period: Period, padded_months: tuple = ()) -> str:
    """`sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2019`."""
    following = next_period(period)
    verb = {"year": "tổng kết", "month": "kết quả thực hiện nhiệm vụ"}.get(period.kind, "sơ kết")
    if period.kind != "year" and following.year == period.year:
        return (
            f"{verb} {period_text(period, padded_months, with_year=False)}, phương hướng, nhiệm vụ "
            f"{period_text(following, padded_months)}"
        )
    return (
        f"{verb} {period_text(period, padded_months)}, phương hướng, nhiệm vụ {period_text(following, padded_months)}"
    )


# ---------------------------------------------------------------------- text case

# Two tone placements are both in use: the new (ủy, hòa) and the old (uỷ, hoà). Pairs (new, old).
TONE_SPELLINGS = (
    ("ủy", "uỷ"),
    ("hóa", "hoá"),
    ("thủy", "thuỷ"),
    ("khỏe", "khoẻ"),
    ("tòa", "toà"),
    ("hòa", "hoà"),
    ("lũy", "luỹ"),
    ("thúy", "thuý"),
    ("xóa", "xoá"),
    ("họa", "hoạ"),
)
_TO_NEW_TONE = {change(old): change(new) for new, old in TONE_SPELLINGS for change in (str, str.capitalize, str.upper)}
_OLD_TONE = re.compile("(" + "|".join(_TO_NEW_TONE) + r")(?!\w)")  # a syllable's end: not `hoạch`


def new_tone(text: str) -> str:
    """The text with every old tone placement written the new way, in any case: `Uỷ ban`, `HOÀ`
    → `Ủy ban`, `HÒA`. Two spellings of one word compare equal after it."""
    return _OLD_TONE.sub(lambda m: _TO_NEW_TONE[m.group(1)], unicodedata.normalize("NFC", text))


def upper_vi(text: str) -> str:
    """Vietnamese-aware upper case, NFC: `Quận ủy Đồ Sơn` → `QUẬN ỦY ĐỒ SƠN`."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).upper())


def capitalize_first(text: str) -> str:
    """First letter upper-cased, the rest untouched."""
    return _change_first(text, str.upper)


def lower_first(text: str) -> str:
    """First letter lower-cased, the rest untouched."""
    return _change_first(text, str.lower)


def _change_first(text: str, change) -> str:
    text = unicodedata.normalize("NFC", text)
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + unicodedata.normalize("NFC", change(ch)) + text[i + 1 :]
    return text


# -------------------------------------------------------------------- inline marks

_INLINE = re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*|\*\*(?=\S)(.+?)(?<=\S)\*\*|\*(?=\S)(.+?)(?<=\S)\*")


def parse_inline(text: str) -> list[dict]:
    """`**đậm**` → bold run, `*nghiêng*` → italic run, `***x***` → both; the rest plain."""
    runs: list[dict] = []

    def add(chunk: str, bold: bool, italic: bool) -> None:
        if not chunk:
            return
        if runs and runs[-1]["bold"] == bold and runs[-1]["italic"] == italic:
            runs[-1]["text"] += chunk
        else:
            runs.append({"text": chunk, "bold": bold, "italic": italic})

    pos = 0
    for m in _INLINE.finditer(text):
        add(text[pos : m.start()], False, False)
        both, bold, italic = m.groups()
        if both is not None:
            add(both, True, True)
        elif bold is not None:
            add(bold, True, False)
        else:
            add(italic, False, True)
        pos = m.end()
    add(text[pos:], False, False)
    return runs
