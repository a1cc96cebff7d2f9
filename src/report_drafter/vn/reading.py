"""Scalars as clerks write them: Vietnamese numbers, dates, clean text. Pure functions.

Every failure is a `ValueError` whose message is Vietnamese and says what to write.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

_VN_NUMBER = re.compile(r"[+-]?\d{1,3}(\.\d{3})*(,\d+)?|[+-]?\d+(,\d+)?")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# C0 controls except tab, newline, carriage return; C1 controls; non-characters.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_EXPONENT = re.compile(r"[+-]?\d+([.,]\d+)?[eE][+-]?\d+")
_HEX = re.compile(r"[+-]?0[xX][0-9a-fA-F]+")
# More than a report can hold: trillions of đồng with a few decimals fit well within.
MAX_WHOLE_DIGITS = 15
MAX_DECIMALS = 6
MAX_INTEGER_DIGITS = 9


def parse_number(text: str, plain: bool = False) -> Decimal:
    """`69,037` → 69.037, `27.278` → 27278, `4.465,775` → 4465.775 (scale kept)."""
    raw = str(text).strip()
    if not raw:
        raise ValueError("thiếu số; hãy ghi một số, ví dụ 69,037")
    if plain:
        if not _PLAIN_NUMBER.fullmatch(raw):
            hint = raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else "69.037"
            raise ValueError(
                f'"{raw}" không phải số viết kiểu máy (number_format: plain: dấu chấm '
                f"thập phân, không tách nghìn); hãy viết {hint}"
            )
        return _bounded(raw, Decimal(raw))
    if _VN_NUMBER.fullmatch(raw):
        return _bounded(raw, Decimal(raw.replace(".", "").replace(",", ".")))
    raise ValueError(f'"{raw}" không phải số viết theo kiểu Việt Nam; hãy viết {_suggest(raw)}')


def _bounded(raw: str, value: Decimal) -> Decimal:
    """`value`, unless it has more digits than a report can hold (or compute with)."""
    digits, exponent = value.as_tuple()[1:]
    decimals = max(0, -exponent)
    whole = value.adjusted() + 1 if abs(value) >= 1 else 1  # never str(int(…)) of 5,000 digits
    if whole > MAX_WHOLE_DIGITS or decimals > MAX_DECIMALS:
        raw = raw if len(raw) <= 40 else f"{raw[:40]}…"
        raise ValueError(
            f'"{raw}" có quá nhiều chữ số (báo cáo ghi tối đa {MAX_WHOLE_DIGITS} chữ số '
            f"phần nguyên và {MAX_DECIMALS} chữ số thập phân); hãy làm tròn hoặc đổi sang "
            f"đơn vị lớn hơn (ví dụ tỷ đồng thay cho đồng)"
        )
    return value


def _suggest(raw: str) -> str:
    """A Vietnamese-notation spelling of what the clerk probably meant."""
    if _EXPONENT.fullmatch(raw):  # 1e3 → 1.000; 1e999 → no number
        return _written_out(raw, raw.replace(",", "."))
    if _HEX.fullmatch(raw):  # 0x1F → 31
        return _written_out(raw, str(int(raw, 16)))
    if re.fullmatch(r"[+-]?\d+\.\d+", raw):  # 12.5 → 12,5
        return raw.replace(".", ",")
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", raw):  # 1,250.5 → 1.250,5
        return raw.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if re.fullmatch(r"[+-]?\d+(\s\d{3})+(,\d+)?", raw):  # 1 250 → 1.250
        return raw.replace(" ", ".")
    cleaned = re.sub(r"[^\d,.+-]", "", raw)
    if cleaned and cleaned != raw:  # 10.2% → 10,2: the suggestion itself must be valid
        number = cleaned if _VN_NUMBER.fullmatch(cleaned) else _suggest(cleaned)
        if _VN_NUMBER.fullmatch(number):
            return f"{number} (chỉ ghi số, đơn vị ghi ở khóa unit)"
    return _EXAMPLE


_EXAMPLE = "số với dấu chấm tách hàng nghìn và dấu phẩy thập phân, ví dụ 1.250 hoặc 69,037"


def _written_out(raw: str, machine: str) -> str:
    """The Vietnamese spelling of a number written as a power of ten or in hexadecimal."""
    try:
        value = Decimal(machine)
        if value.adjusted() < MAX_WHOLE_DIGITS and -value.as_tuple().exponent <= MAX_DECIMALS:
            whole, _, decimals = f"{abs(value):f}".partition(".")
            sign = "-" if value < 0 else ""
            groups = f"{int(whole):,}".replace(",", ".")
            return f"{sign}{groups},{decimals}" if decimals else f"{sign}{groups}"
    except ArithmeticError:
        pass
    return f"một số thập phân đầy đủ, ví dụ 1.250 hoặc 69,037 ({raw} vượt quá số một báo cáo ghi được)"


def parse_date(text: str) -> dt.date:
    """ISO `2019-07-09` or Vietnamese `9/7/2019`, `09/07/2019`."""
    raw = str(text).strip()
    m = _ISO_DATE.fullmatch(raw)
    if m:
        year, month, day = map(int, m.groups())
    else:
        m = _VN_DATE.fullmatch(raw)
        if not m:
            raise ValueError(f'"{raw}" không phải ngày hợp lệ; hãy viết 2019-07-09 hoặc 9/7/2019')
        day, month, year = map(int, m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            f'ngày "{raw}" không có trên lịch (ngày {day} tháng {month} năm {year}); hãy viết 2019-07-09 hoặc 9/7/2019'
        ) from None


def parse_integer(text: str) -> int:
    """A plain whole number (`number`, `year`, `index`)."""
    raw = str(text).strip()
    if not re.fullmatch(r"\d+", raw):
        raise ValueError(f'"{raw}" không phải số nguyên; hãy viết một số nguyên không dấu, ví dụ 45')
    if len(raw.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise ValueError(f'"{raw[:20]}…" quá lớn; hãy viết một số nguyên tối đa {MAX_INTEGER_DIGITS} chữ số')
    return int(raw)


def clean_text(text: str) -> str:
    """NFC, characters XML cannot hold removed, white space collapsed to single spaces."""
    text = unicodedata.normalize("NFC", str(text))
    text = _BAD_CHARS.sub("", text)
    return " ".join(text.split())  # what `\s+` → " " and strip() give, in one pass


_SENTENCE_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NUMBERED = re.compile(r"(target|value|percent)([1-9]\d*)")
SENTENCE_FIELDS = ("name", "actual", "unit", "previous", "change", "compared_to")


def sentence_fields(text: str, targets: int) -> list[tuple[str, str]]:
    """An indicator's `sentence` as (literal, placeholder) pairs; `{{`/`}}` print a brace.

    Raises ValueError (Vietnamese, listing the known placeholders) for an unknown
    placeholder, a target number the indicator does not have, or a lone brace.
    """
    out, literal, pos = [], "", 0
    for m in _SENTENCE_TOKEN.finditer(text):
        literal += text[pos : m.start()]
        pos = m.end()
        token = m.group(0)
        if token in ("{{", "}}"):
            literal += token[0]
            continue
        name = (m.group(1) or "").strip() if m.group(1) is not None else None
        if name is None:
            raise ValueError(
                f'dấu "{token}" đứng lẻ trong câu; muốn in dấu ngoặc nhọn thì viết '
                f'"{token * 2}", còn chỗ điền số thì viết dạng {{actual}}'
            )
        numbered = _NUMBERED.fullmatch(name)
        if name not in SENTENCE_FIELDS and not (numbered and int(numbered.group(2)) <= targets):
            known = ", ".join(["{" + f + "}" for f in SENTENCE_FIELDS] + _numbered_names(targets))
            why = (
                "không có chỗ điền này"
                if not numbered
                else f"chỉ tiêu chỉ có {targets} mục targets"
                if targets
                else "chỉ tiêu không có targets"
            )
            raise ValueError(f'"{{{name}}}" trong câu: {why}; các chỗ điền dùng được: {known}')
        out.append((literal, name))
        literal = ""
    out.append((literal + text[pos:], ""))
    return out


def _numbered_names(targets: int) -> list[str]:
    names = ["{" + f"{kind}{n}" + "}" for n in range(1, targets + 1) for kind in ("target", "value", "percent")]
    return names or ["{target1}, {value1}, {percent1} … (khi có targets)"]
