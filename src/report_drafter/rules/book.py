"""The rule book: the official layout as data, one rule set per regulation.

Each regulation is one data file in `report_drafter/rules/` (`<name>.json`); a file
may start from another with `"extends": "<name>"` and change only what differs.
Every element carries the range a regulation allows (`Range`: the value we produce,
the lowest and highest accepted) and its `source` (document, article or annex item).
The template builder (tools/build_templates.py), `context` and `check` all read this
module, so a rule is written once. Every field says its unit: `_mm`, `_cm`, `_pt` (a `Range`
without one is a size in points); `ooxml` turns them into typed lengths. The values live in the
JSON files only: the dataclasses below declare fields, not defaults.
"""

from __future__ import annotations

import json
import re
import string
import typing
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path

from report_drafter.ooxml import Length, Mm
from report_drafter.vn import writing as vnformat

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
# The regulation a system follows when the input names none.
DEFAULT_REGULATION = {"party": "hd36-2018", "state": "nd30-2020"}


@dataclass(frozen=True)
class Range:
    default: float
    low: float
    high: float

    def accepts(self, value: float, tolerance: float = 0.05) -> bool:
        return self.low - tolerance <= value <= self.high + tolerance


@dataclass(frozen=True)
class Element:
    """How one element is typeset: size in pt and the flags that must hold."""

    size: Range
    bold: bool = False
    italic: bool = False
    caps: bool = False  # text must be upper case
    underline: bool = False
    practice: bool = False  # common practice, not the rule's text: check only warns
    source: str = ""


@dataclass(frozen=True)
class Page:
    """The sheet and its margins, in millimetres."""

    width_mm: float
    height_mm: float
    top: Range
    bottom: Range
    left: Range
    right: Range
    source: str = ""

    @property
    def text_width(self) -> Length:
        """The sheet less the left and right margins we produce (A4: 210 − 30 − 15 mm)."""
        return Mm(self.width_mm - self.left.default - self.right.default)


@dataclass(frozen=True)
class Body:
    size: Range
    first_line_cm: Range
    space_before_pt: float  # ≥ 6 pt between paragraphs (before or after)
    line_spacing: Range  # in lines
    source: str = ""


@dataclass(frozen=True)
class Level:
    """One level of the heading numbering: Word's numFmt and lvlText (`%1.` = `I.`)."""

    format: str
    text: str
    accepted: tuple[str, ...] = ()  # every lvlText the regulation allows, the preferred first


@dataclass(frozen=True)
class Profile:
    """One regulation's rule set (historical name: a profile per system)."""

    name: str  # regulation id, e.g. "hd36-2018"
    system: str  # "party" | "state"
    title: str  # the regulation's full name
    source: str  # short citation appended to findings
    page: Page
    body: Body
    page_number: Element
    national: tuple[str, ...]  # right-hand header lines, as printed
    national_elements: tuple[Element, ...]
    date_line: Element
    date_format: str  # "{place}, ngày {day} tháng {month} năm {year}"
    date_padded_months: tuple[int, ...]  # months written with a leading zero (1, 2)
    parent: Element
    issuer: Element
    issuer_star: bool  # a single "*" under the issuer (party)
    issuer_two_lines_prefix: str  # "ủy ban nhân dân": the name is split after it (state)
    number: Element
    number_prefix: str  # "Số " (party) / "Số: " (state)
    number_forms: dict  # kind of form → "Số {number}-{kind}/{issuer}"; "source"
    number_padded_below: int  # numbers below it take a leading zero
    kinds: dict  # kind of document (upper case) → its abbreviation: "BÁO CÁO" → "BC"
    kind_forms: dict  # kind → accepted number forms, preferred first (default: ["default"])
    kinds_source: str
    draft_mark: Element
    title_kind: Element
    title_summary: Element
    summary_case: str  # "lower" (party) / "capital" (state)
    summary_case_practice: bool
    title_rule_text: str  # "-----" (party, practice) or "" (a drawn rule)
    heading1: Element
    heading2: Element
    heading3: Element
    heading_numbers: tuple[Level, ...]  # Word multilevel list, levels 1–3
    heading_numbers_source: str
    letter_suffix: str  # the fourth level: "a)"
    table: Element
    recipients_label: Element
    recipients_item: Element
    recipients_separator: str  # "," (party) / ";" (state); the last ends with "."
    signature_authority: Element
    signature_title: Element
    signature_name: Element
    signature_prefixes: dict  # role → prefix: on_behalf_of / by_order_of / deputy_for / authorised
    signature_prefixes_source: str
    header_left_share: float  # share of the header table's left column (template layout)
    date_space_before_pt: float  # room above the date line (template layout)
    signature_blank_lines: int  # empty lines for the signature
    extends: str = ""
    parent_exempt: tuple[str, ...] = ()  # issuers (lower case, by how the name starts) with no parent line
    parent_exempt_words: tuple[str, ...] = ()  # … or containing one of these words
    parent_exempt_source: str = ""
    deputy_warning_issuers: tuple[str, ...] = ()  # K/T under an issuer containing one of these: a warning
    rules: dict = field(default_factory=dict)  # finding code → {clause, fix, from, to}

    def needs_parent(self, issuer: str, above: str = "") -> bool:
        """Whether the header names a parent body above `issuer` (Party: every committee
        but a province's or the centre's; `above` is any text the header has above it)."""
        if not self.issuer_star:
            return False
        name, more = fold(issuer), fold(above)
        return not (
            name.startswith(tuple(self.parent_exempt)) or any(w in name or w in more for w in self.parent_exempt_words)
        )

    def deputy_under_committee(self, issuer: str) -> bool:
        """Whether signing K/T (`deputy_for`) is questionable for `issuer`: a Party committee's
        documents are signed T/M by the secretary or a deputy secretary."""
        name = fold(issuer)
        return bool(name) and any(w in name for w in self.deputy_warning_issuers)

    def rule(self, code: str) -> dict:
        """The rule record for a finding code: its legal clause, fix policy and dates in force."""
        return self.rules.get(code, {})

    def number_line(self, number: str, kind: str, issuer: str, form: str = "default", year: str = "") -> str:
        """The number line in this regulation's form, e.g. `Số 45-BC/QU`."""
        return self.number_forms[form].format(number=number, kind=kind, issuer=issuer, year=year)

    def forms_for(self, kind: str) -> list:
        """The number-line forms a document of `kind` may use, the preferred first."""
        return list(self.kind_forms.get(kind, ["default"]))

    def date_text(self, place: str, day: int, month: int, year: int) -> str:
        """`Đồ Sơn, ngày 09 tháng 7 năm 2019`: day below 10 and the padded months take a zero."""
        return self.date_format.format(
            place=place, day=vnformat.two_digits(day), month=self.month_text(month), year=year
        )

    def month_text(self, month: int) -> str:
        """A month as the date line writes it: `7`, `02`."""
        return vnformat.month_text(month, self.date_padded_months)

    def short_date(self, day: int, month: int, year: int) -> str:
        """`09/7/2019`: the date line's day and month, written with slashes (a reference, a meeting)."""
        return f"{vnformat.two_digits(day)}/{self.month_text(month)}/{year}"

    def document_number(self, n: int) -> str:
        """`05`, `45`, `1234`: numbers below `number_padded_below` take a leading zero, none is grouped."""
        return f"{n:02d}" if n < self.number_padded_below else str(n)

    def date_line_pattern(self) -> re.Pattern:
        """The date line as a reader finds it: `date_format` with the groups `place`, `day`, `month`,
        `year`, any run of spaces for a space (for `check`, and anyone reading a document back)."""
        return _pattern(self.date_format, {"place": r".+?", "day": r"\d{1,2}", "month": r"\d{1,2}", "year": r"\d{4}"})

    def number_line_patterns(self) -> dict:
        """Form → the number line as a reader finds it: `number_forms` with the groups `number`, `kind`,
        `issuer`, `year` (a blank number is spaces)."""
        fields = {"number": r"\d*", "kind": r"[^\s/-]+", "issuer": r"[^\s/]+(?:-[^\s/]+)*", "year": r"\d{4}"}
        return {form: _pattern(text, fields) for form, text in self.number_forms.items() if form != "source"}

    def number_without_prefix(self, line: str) -> str:
        """`Số 45-BC/QU` → ` 45-BC/QU`, `Số: 112/BC-UBND` → ` 112/BC-UBND` (what follows `số` in a sentence)."""
        prefix = self.number_prefix.rstrip()
        return line[len(prefix) :] if line.startswith(prefix) else line

    def heading_number(self, level: int, counters: typing.Sequence[int]) -> str:
        """The number shown before a heading of `level` (1–3), e.g. `I.`, `2.`, `1.2.`."""
        text = self.heading_numbers[level - 1].text
        for i, value in enumerate(counters[:level], start=1):
            fmt = self.heading_numbers[i - 1].format
            text = text.replace(f"%{i}", vnformat.roman(value) if fmt == "upperRoman" else str(value))
        return text

    def letter(self, i: int) -> str:
        """The fourth-level mark for the i-th item (from 0): `a)`, `b)` … `đ)`."""
        n = len(LETTERS)
        base = LETTERS[i] if i < n else LETTERS[i // n - 1] + LETTERS[i % n]
        return base + self.letter_suffix


def _pattern(template: str, fields: dict) -> re.Pattern:
    """`template` (`str.format` fields) as an anchored regex: each field a named group, the
    literal text escaped, a space any run of white space or none (a reader forgives spacing)."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(template):
        out.append(r"\s*".join(re.escape(part) for part in literal.split(" ")))
        if name:
            out.append(f"(?P<{name}>{fields[name]})")
    return re.compile("^" + "".join(out) + "$")


def fold(text: str) -> str:
    """Lower case, NFC, one spelling of the movable tone marks (`uỷ` → `ủy`, `hoà` → `hòa`)."""
    import unicodedata

    out = " ".join(unicodedata.normalize("NFC", text or "").lower().split())
    for old, new in SPELLING_PAIRS:
        out = out.replace(old, new)
    return out


# (old, new) tone placements: the one list is vnformat.TONE_SPELLINGS (as (new, old)).
SPELLING_PAIRS = tuple((old, new) for new, old in vnformat.TONE_SPELLINGS)


# ------------------------------------------------------------------ loading the data files


def _build(cls, data):
    """A dataclass (or Range, tuple) from the JSON value `data`."""
    if cls is Range:
        return Range(*data)
    hints = typing.get_type_hints(cls)
    values = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        values[f.name] = _value(hints[f.name], data[f.name])
    return cls(**values)


def _value(hint, value):
    if hint in (Range, Element, Page, Body, Level):
        return _build(hint, value)
    if typing.get_origin(hint) is tuple:
        (item,) = {a for a in typing.get_args(hint) if a is not Ellipsis}
        return tuple(_value(item, v) for v in value)
    return value


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return out


# Folders holding rule-set files: the bundled ones first (a test or a site may add its own).
RULE_DIRS: list = [Path(__file__).parent]  # (importlib.resources costs 40 ms at start-up)


def _file(name: str):
    return next(d.joinpath(f"{name}.json") for d in RULE_DIRS if d.joinpath(f"{name}.json").is_file())


def _raw(name: str, seen: tuple = ()) -> dict:
    if name in seen:
        raise ValueError(f"rule set {name} extends itself")
    data = json.loads(_file(name).read_text("utf-8"))
    if data.get("extends"):
        data = _merge(_raw(data["extends"], seen + (name,)), data)
    return data


@cache
def regulation(name: str) -> Profile:
    """The rule set called `name` (a file `rules/<name>.json`)."""
    if name not in regulation_names():
        raise KeyError(name)
    return _build(Profile, _raw(name))


@cache
def regulation_names() -> tuple:
    """Every bundled rule set, by name."""
    return tuple(sorted({p.name[:-5] for d in RULE_DIRS for p in d.iterdir() if p.name.endswith(".json")}))


def regulations_for(system: str) -> tuple:
    return tuple(n for n in regulation_names() if regulation(n).system == system)


def profile(system: str, regulation_name: str | None = None) -> Profile:
    """The rule set for `system`: the named regulation, or the system's default."""
    return regulation(regulation_name or DEFAULT_REGULATION[system])


def heading_number(system: str, level: int, counters, regulation_name: str | None = None) -> str:
    """The number shown before a heading (`I-`, `2.`, `1.2.`) in a system's rule set, for any writer
    (templates, the news brief)."""
    return profile(system, regulation_name).heading_number(level, counters)


def clear_cache() -> None:
    """Forget loaded rule sets (after RULE_DIRS changed)."""
    regulation.cache_clear()
    regulation_names.cache_clear()


PARTY = profile("party")
STATE = profile("state")
PROFILES = {"party": PARTY, "state": STATE}
PARTY_SOURCE = PARTY.source
STATE_SOURCE = STATE.source

# Fixed texts shared by both systems.
REPORT_KIND = "BÁO CÁO"
DRAFT_MARK = "DỰ THẢO"
RECIPIENTS_LABEL = "Nơi nhận:"
APPENDIX_TITLE = "PHỤ LỤC"
TEXT_WIDTH_TWIPS = STATE.page.text_width.twips  # A4 less the left and right margins
# One meaning, one name in every table (report appendix, roll-up): a ratio (118,7: the figure is
# 118,7 % of the other) is "So với …"; a signed change (+18,7) is "Tăng/giảm so với …".
RATIO_COLUMN = "So với {against} (%)"
GROWTH_COLUMN = "Tăng/giảm so với {against} (%)"
INDICATOR_TABLE_COLUMNS = (
    "TT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Kế hoạch",
    "Thực hiện",
    RATIO_COLUMN.format(against="kế hoạch"),
    RATIO_COLUMN.format(against="cùng kỳ"),
)
# The appendix table's columns, as the context names them (docs/context.md: appendix.rows).
APPENDIX_FIELDS = ("no", "name", "unit", "plan", "actual", "vs_plan", "vs_previous")
ASSESSMENT_HEADING = "Đánh giá chung"
ASSESSMENT_PARTS = (
    ("strengths", "Ưu điểm"),
    ("limitations", "Hạn chế, tồn tại"),
    ("causes", "Nguyên nhân"),
    ("lessons", "Bài học kinh nghiệm"),
)
# Fourth-level letters: the Vietnamese alphabet (Word's letter lists have no "đ").
LETTERS = (
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
)
