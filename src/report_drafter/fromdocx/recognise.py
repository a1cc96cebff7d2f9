"""What a line of a report written in Word is: its numbering, a header field, an indicator sentence.

Pure functions on text, used by `importdocx`: no I/O, no python-docx. Every figure an
indicator gets is either read from the sentence or computed back from figures read there
(`derived` says which), so the import never invents a number.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from report_drafter.model import Indicator, Period, Target
from report_drafter.text import compute
from report_drafter.vn import reading as parse
from report_drafter.vn import writing as vnformat

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"

# ------------------------------------------------------------------ numbering

_NUMBERINGS = (
    ("part", re.compile(rf"^(?:PHẦN|Phần)\s+(?:THỨ\s+\S+|{_ROMAN}|\d+)\s*[.:\-–]?\s*(?=\S)")),
    ("roman", re.compile(rf"^(?=[IVX])({_ROMAN})\s*[.\-–]\s*(?=\S)")),
    ("decimal3", re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s*[.\-–]?\s*(?=\S)")),
    ("decimal2", re.compile(r"^\d{1,2}\.\d{1,2}(?!\d)\s*[.\-–)]?\s*(?=\S)")),
    ("arabic", re.compile(r"^\d{1,2}\s*[.\-–)]\s*(?=[^\d\s])")),
    ("letter", re.compile(r"^[a-zđ]\s*[).]\s*(?=\S)")),
    ("paren", re.compile(r"^\(\d{1,2}\)\s*(?=\S)")),
    ("ordinal", re.compile(r"^(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là\s*[,:]\s*(?=\S)")),
)
_DASH = re.compile(r"^[-–—+•]\s*(?=\S)")


def numbering(text: str) -> tuple[str, str, str] | None:
    """(kind, the typed number, the text after it) of a numbered line, or None.

    Kinds: part (`Phần I`), roman (`I.`, `I-`), arabic (`1.`, `1-`), decimal2 (`1.1.`),
    decimal3 (`1.1.1.`), letter (`a)`), paren (`(1)`), ordinal (`Một là,`)."""
    for kind, rx in _NUMBERINGS:
        m = rx.match(text)
        if m and (kind != "roman" or m.group(1)):
            if kind == "arabic" and re.match(r"^\d{1,2}\s*\.\s*\d", text):
                continue
            return kind, m.group(0).strip(), text[m.end() :]
    return None


def is_dash(text: str) -> bool:
    return bool(_DASH.match(text))


def list_kind(number_text: str, number_format: str) -> str | None:
    """The kind of a Word list level from its level text (`%1.`, `%1.%2.`) and format."""
    if not number_format or number_format in ("bullet", "none"):
        return "dash" if number_format == "bullet" else None
    depth = number_text.count("%")
    if number_format in ("upperRoman", "lowerRoman"):
        return "roman"
    if number_format in ("lowerLetter", "upperLetter"):
        return "letter"
    if depth >= 3:
        return "decimal3"
    if depth == 2:
        return "decimal2"
    return "paren" if number_text.startswith("(") else "arabic"


# ------------------------------------------------------------------ header

_PARTY_NUMBER = re.compile(r"^Số\s*:?\s*(\d*)\s*[-–]\s*BC\s*/\s*([\wĐđ-]+)\s*$", re.I)
_STATE_NUMBER = re.compile(r"^Số\s*:?\s*(\d*)\s*/\s*BC\s*[-–]\s*([\wĐđ-]+)\s*$", re.I)
_ANY_NUMBER = re.compile(r"^Số\s*:?\s*(\d*)\s*[-/–]\s*([A-ZĐ]+)\s*[-/–]\s*([\wĐđ-]+)", re.I)
_DATE = re.compile(r"^(.*?),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)


def number_line(text: str) -> tuple[str, int | None, str, str] | None:
    """(system, number or None, abbreviation, kind) of `Số 45-BC/QU` / `Số: 112/BC-UBND`."""
    t = " ".join(text.split())
    for system, rx in (("party", _PARTY_NUMBER), ("state", _STATE_NUMBER)):
        m = rx.match(t)
        if m:
            return system, (int(m.group(1)) if m.group(1) else None), m.group(2), "BC"
    m = _ANY_NUMBER.match(t)
    if m:
        return "", (int(m.group(1)) if m.group(1) else None), m.group(3), m.group(2).upper()
    return None


def date_line(text: str) -> tuple[str, _dt.date] | None:
    """(place, date) of `Đồ Sơn, ngày 09 tháng 7 năm 2019`."""
    m = _DATE.match(" ".join(text.split()))
    if not m:
        return None
    try:
        return m.group(1).strip(), _dt.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
    except ValueError:
        return None


_LOWER_WORDS = {
    "ủy",
    "uỷ",
    "ban",
    "nhân",
    "dân",
    "bộ",
    "thường",
    "vụ",
    "chấp",
    "hành",
    "văn",
    "phòng",
    "hội",
    "đồng",
    "mặt",
    "trận",
    "tổ",
    "quốc",
    "sở",
    "chi",
    "cơ",
    "khối",
    "các",
    "quan",
    "và",
    "doanh",
    "nghiệp",
    "tài",
    "chính",
    "kế",
    "hoạch",
    "nội",
    "tuyên",
    "giáo",
    "vận",
    "kiểm",
    "tra",
    "chức",
}
_PLACES = ("thành phố", "thị xã", "thị trấn", "đặc khu", "quận", "huyện", "tỉnh", "phường", "xã")
_ACRONYMS = {"UBND", "HĐND", "MTTQ", "TP", "VN"}


def name_case(upper: str, known: tuple[str, ...] = ()) -> str:
    """`QUẬN ỦY ĐỒ SƠN` → `Quận ủy Đồ Sơn`: common words lower, place names capitalised.

    A spelling in `known` (the place of the date line, the document's author) wins."""
    text = " ".join(upper.split())
    for k in known:
        if k and k.upper() == text.upper():
            return k
    low = [w.lower() for w in text.split(" ")]
    out, proper, i = [], False, 0
    while i < len(low):
        lw, w = low[i], text.split(" ")[i]
        two = " ".join(low[i : i + 2])
        after = low[i + 2] if two in _PLACES else (low[i + 1] if i + 1 < len(low) else "")
        if w in _ACRONYMS:
            out.append(w)
            proper = proper or w == "UBND"
        elif (two in _PLACES or lw in _PLACES) and after not in ("ủy", "uỷ"):
            n = 2 if two in _PLACES else 1
            out.extend(low[i : i + n])
            i, proper = i + n, True
            continue
        elif lw == "đảng":
            out.append("Đảng")
        elif proper or (i and low[i - 1] in ("ủy", "uỷ") and lw not in _LOWER_WORDS):
            out.append(w[:1] + w[1:].lower())
            proper = True
        else:
            out.append(lw)
        i += 1
    result = " ".join(out)
    for k in known:  # a known place keeps its own spelling
        if k:
            result = re.sub(re.escape(k), k, result, flags=re.I)
    return vnformat.capitalize_first(result)


# ------------------------------------------------------------------ period, review

_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4}


def period_of(summary: str) -> Period | None:
    """The period a report summary speaks of first (`sơ kết 6 tháng đầu năm … 2019`)."""
    s = " ".join(summary.lower().split())
    year = re.search(r"năm\s+(\d{4})", s)
    if not year:
        return None
    y = int(year.group(1))
    m = re.search(r"6 tháng (đầu|cuối) năm|9 tháng đầu năm|quý\s+(iv|iii|ii|i)\b|tháng\s+(\d{1,2})\b", s) or re.search(
        r"(?:tổng kết|kết quả|tình hình)[^,]*?năm\s+\d{4}", s
    )
    if not m:
        return None
    if m.re.groups == 0:
        first = re.search(r"năm\s+(\d{4})", m.group(0))
        return Period("year", int(first.group(1)) if first else y)
    if m.group(0).startswith("6 tháng"):
        return Period("half", y, 1 if m.group(1) == "đầu" else 2)
    if m.group(0).startswith("9 tháng"):
        return Period("nine_months", y)
    if m.group(2):
        return Period("quarter", y, _ROMAN_VALUES[m.group(2).upper()])
    if m.group(3) and 1 <= int(m.group(3)) <= 12:
        return Period("month", y, int(m.group(3)))
    return None


_REVIEW = re.compile(r"^(?:báo cáo\s+)?sơ kết\s+(\d{1,2})\s+năm\s+(?:thực hiện|triển khai thực hiện)\s+(.+)$", re.I)
_SHORTS = ("Nghị quyết", "Chỉ thị", "Kết luận", "Đề án", "Kế hoạch", "Chương trình", "Quy định", "Nghị định")


def review_of(summary: str) -> tuple[int, str, str] | None:
    """(years, subject, short) of `sơ kết 3 năm thực hiện Nghị quyết số 06-NQ/TU …`."""
    m = _REVIEW.match(" ".join(summary.split()))
    if not m:
        return None
    subject = m.group(2).strip()
    short = next((s for s in _SHORTS if subject.lower().startswith(s.lower())), subject.split(" số ")[0])
    return int(m.group(1)), subject, short


# ------------------------------------------------------------------ signature

_PREFIXES = {
    "on_behalf_of": ("T/M", "TM."),
    "by_order_of": ("T/L", "TL."),
    "deputy_for": ("K/T", "KT."),
    "authorised": ("T/UQ", "TUQ."),
}


def signature_line(text: str) -> tuple[str, str] | None:
    """(role, body) of `T/M BAN THƯỜNG VỤ`, `KT. CHỦ TỊCH`; None for a title line."""
    t = " ".join(text.split())
    for role, prefixes in _PREFIXES.items():
        for p in prefixes:
            if t.upper().startswith(p + " ") or (p.endswith(".") and t.upper().startswith(p)):
                return role, t[len(p) :].strip()
    return None


def title_case(upper: str) -> str:
    """`BÍ THƯ` → `Bí thư`, `PHÓ CHỦ TỊCH` → `Phó Chủ tịch`, `BAN THƯỜNG VỤ` → `Ban Thường vụ`."""
    low = " ".join(upper.split()).lower()
    for a, b in (
        ("chủ tịch", "Chủ tịch"),
        ("bí thư", "Bí thư"),
        ("thường vụ", "Thường vụ"),
        ("ủy ban nhân dân", "Ủy ban nhân dân"),
        ("uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("thường trực", "Thường trực"),
        ("chánh văn phòng", "Chánh Văn phòng"),
    ):
        low = low.replace(a, b)
    return vnformat.capitalize_first(low)


# ------------------------------------------------------------------ indicator sentences

_VERB = re.compile(
    rf"(?P<verb>ước đạt|ước tính đạt|ước thực hiện|ước tính|ước|đạt|thực hiện được|thực hiện)"
    rf"\s*:?\s*(?P<actual>{NUM})(?P<unit>%|\s+[^\d,;.():%]{{1,30}}?)?(?=\s*[,;.]|\s*$)"
)
_TARGET = re.compile(
    rf"(?:(?P<lead>đạt|bằng)\s+)?(?P<pct>{NUM})%\s+(?P<label>(?:so với\s+)?(?:dự toán|kế hoạch|"
    rf"mục tiêu|chỉ tiêu|KH|NQ|nghị quyết|Nghị quyết)[^,;.]*?)(?=\s*[,;.]|\s*$)"
)
_CHANGE = re.compile(rf"(?P<word>tăng|giảm)\s+(?P<pct>{NUM})%\s+so với\s+(?P<to>[^,;.]+?)(?=\s*[,;.]|\s*$)")
_RATIO = re.compile(rf"bằng\s+(?P<pct>{NUM})%\s+(?:so với\s+)?(?P<to>(?:cùng kỳ|năm|đầu)[^,;.]*?)(?=\s*[,;.]|\s*$)")
_BARE = re.compile(
    rf"^(?P<name>[^:;]{{3,200}}):\s*(?P<est>ước\s+)?(?P<actual>{NUM})(?P<unit>%|\s+[^\d,;.():%]{{1,30}})?\.$"
)
_EQUAL = re.compile(r"bằng\s+(?P<to>cùng kỳ|năm \d{4}|đầu nhiệm kỳ)(?=\s*[,;.]|\s*$)")
_GROWTH_ONLY = re.compile(
    rf"^(?P<name>[^;:]{{3,160}}?)\s+(?P<word>tăng|giảm)\s+(?P<pct>{NUM})%\s+so với\s+"
    rf"(?P<to>[^,;.]+?)\.?$"
)


@dataclass
class Recognised:
    """An indicator read from a sentence, and what was computed rather than read."""

    indicator: Indicator
    derived: dict = field(default_factory=dict)  # field → how it was computed
    figures: list = field(default_factory=list)  # every figure read from the text


def _num(text: str) -> Decimal:
    return parse.parse_number(text)


def back_value(actual: Decimal, pct: Decimal) -> Decimal | None:
    """The smallest-scale figure x with `percent(actual, x)` == pct (x = actual × 100 / pct)."""
    if not pct:
        return None
    raw = actual * 100 / pct
    start = max(0, -actual.as_tuple().exponent)
    for places in range(start, start + 5):
        x = raw.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if x > 0 and compute.percent(actual, x) == pct:
            short = x.normalize()
            short = x.quantize(Decimal(1)) if short.as_tuple().exponent > 0 else short
            return short if short.as_tuple().exponent <= 0 and compute.percent(actual, short) == pct else x
    return None


def _previous_back(actual: Decimal, change: Decimal) -> Decimal | None:
    if change == -100:
        return None
    return back_value(actual, change + 100)


def indicator_in(text: str) -> Recognised | None:
    """The indicator a paragraph states (`X ước đạt 69,037 tỷ đồng, đạt 49,1% dự toán …,
    tăng 23,7% so với cùng kỳ.`), with the paragraph itself as its `sentence` when the
    standard wording differs; None when the paragraph is not one figure of one indicator, or
    when the figures would not print back exactly as written."""
    text = text.strip()
    bare = _BARE.match(text)
    if bare:
        ind = Indicator(
            name=bare.group("name").strip(),
            unit=(bare.group("unit") or "").strip(),
            actual=_num(bare.group("actual")),
            estimated=bool(bare.group("est")),
        )
        if compute.indicator_sentence(ind) == text:
            return Recognised(ind, {}, [bare.group("actual")])
    m = next((v for v in _VERB.finditer(text) if _whole_figure(text, v)), None)
    growth_only = None if m else _GROWTH_ONLY.match(text)
    if m is None and growth_only is None:
        return None
    spans: list[tuple[int, int, str]] = []
    derived: dict[str, str] = {}
    figures: list[str] = []
    if growth_only:
        name = growth_only.group("name").strip()
        rest_from = growth_only.start("word")
        actual, unit, estimated = None, "", False
    else:
        head = text[: m.start()]
        cuts = [(head.rfind(c), len(c)) for c in (". ", "; ", ": ", "như ", "…", "...")]
        at, size = max(cuts)
        name = head[at + size :] if at >= 0 else head
        name = re.sub(r"^[-–+•]\s*", "", name).strip().rstrip(":").strip()
        if not name or len(name) > 160 or not re.search(r"[^\W\d_]", name):
            return None
        actual = _num(m.group("actual"))
        unit = (m.group("unit") or "").strip()
        if unit.endswith("%") and unit != "%":
            return None
        estimated = m.group("verb").startswith("ước")
        spans.append((m.start("actual"), m.end("actual"), "{actual}"))
        figures.append(m.group("actual"))
        rest_from = m.end()
    if name.endswith(" đạt") or name.endswith(" ước"):
        return None
    targets, n = [], 0
    tail = text[rest_from:]
    change = ratio = None
    compared_to = ""
    for t in _TARGET.finditer(tail):
        if actual is None:
            break
        pct = _num(t.group("pct"))
        value = back_value(actual, pct)
        if value is None:  # no plan gives this percentage (0%): the words stay as written
            continue
        n += 1
        label = t.group("label").strip()
        targets.append(Target(label, value))
        derived[f"targets[{n - 1}].value"] = f"tính ngược từ {t.group('pct')}% và số thực hiện {m.group('actual')}"
        figures.append(t.group("pct"))
        spans.append((rest_from + t.start("pct"), rest_from + t.end("pct") + 1, f"{{percent{n}}}"))
    c = _CHANGE.search(tail)
    r = _RATIO.search(tail) if c is None else None
    e = _EQUAL.search(tail) if c is None and r is None else None
    if c:
        pct = _num(c.group("pct"))
        change = -pct if c.group("word") == "giảm" else pct
        compared_to = c.group("to").strip()
        figures.append(c.group("pct"))
        spans.append((rest_from + c.start("word"), rest_from + c.end("pct") + 1, "{change}"))
    elif r:
        ratio = _num(r.group("pct"))
        compared_to = r.group("to").strip()
        figures.append(r.group("pct"))
        spans.append((rest_from + r.start(), rest_from + r.end("pct") + 1, "{change}"))
    elif e:
        change = Decimal(0)
        compared_to = e.group("to").strip()
        spans.append((rest_from + e.start(), rest_from + e.start() + len("bằng"), "{change}"))
    if actual is None and change is None:
        return None
    previous = None
    if actual is not None and (change is not None or ratio is not None):
        previous = _previous_back(actual, change) if change is not None else back_value(actual, ratio)
        if previous is not None:
            derived["previous"] = (
                f"tính ngược từ {'tỷ lệ so với' if ratio is not None else 'mức tăng, giảm so với'}"
                f" {compared_to} và số thực hiện {m.group('actual')}"
            )
    base = dict(
        name=name,
        unit=unit,
        actual=actual,
        estimated=estimated,
        targets=tuple(targets),
        previous=previous,
        growth=change if ratio is None else None,
        ratio=ratio,
        compare="ratio" if ratio is not None else "growth",
        compared_to="" if compared_to in ("", compute.SAME_PERIOD) else compared_to,
    )
    ind = Indicator(**base)
    if compute.indicator_sentence(ind) == text:
        return Recognised(ind, derived, figures)
    sentence = _template(text, spans)
    ind = Indicator(**base, sentence=sentence)
    try:
        parse.sentence_fields(sentence, len(targets))
    except ValueError:
        return None
    if compute.indicator_sentence(ind) != text:
        return None
    return Recognised(ind, derived, figures)


def _whole_figure(text: str, m) -> bool:
    """The verb's figure is a whole number as written (not `64` of `64,3%`), and not the
    percentage of a plan (`đạt 49,1% dự toán`)."""
    after = text[m.end("actual") :]
    if re.match(r"[.,]?\d", after) or (not m.group("unit") and after.startswith("%")):
        return False
    return not (m.group("unit") == "%" and _TARGET.match(text, m.start("actual")))


def _template(text: str, spans) -> str:
    out, at = [], 0
    for start, end, holder in sorted(spans):
        if start < at:
            continue
        out.append(_escape(text[at:start]))
        out.append(holder)
        at = end
    out.append(_escape(text[at:]))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


# ------------------------------------------------------------------ numbers in text

_NUMBER_IN_TEXT = re.compile(r"\d[\d.,]*")


def numbers_in(text: str) -> set[Decimal]:
    """Every number written in `text`, read the Vietnamese way (and the plain way)."""
    out = set()
    for raw in _NUMBER_IN_TEXT.findall(unicodedata.normalize("NFC", text)):
        raw = raw.rstrip(".,")
        for candidate in (raw, raw.replace(".", "").replace(",", ".")):
            try:
                out.add(
                    Decimal(candidate.replace(",", "."))
                    if candidate.count(",") <= 1 and "." not in candidate
                    else Decimal(candidate)
                )
            except Exception:
                pass
        try:
            out.add(parse.parse_number(raw))
        except ValueError:
            pass
    return out
