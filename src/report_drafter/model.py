"""The typed, immutable input model: what one YAML file describes.

Field names follow the input reference (docs/input-format.md) exactly. Figures are `Decimal`
values that keep the scale they were written with (`69,037` → Decimal('69.037')).
Texts are NFC-normalised strings that may hold inline `**bold**` / `*italic*`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

SYSTEMS = ("party", "state")
PERIOD_KINDS = ("quarter", "half", "nine_months", "year", "month")
COMPARE_STYLES = ("growth", "ratio")
INDICATOR_TABLE_MODES = ("appendix", "none")
AGGREGATES = ("none", "sum")
DIRECTIONS = ("up", "down")  # down: lower is better (accidents, poor households)
MEETING_TIMES = ("sáng", "chiều", "tối")
YEARS = (1900, 2999)  # the years an input may name (period, review, --year)


@dataclass(frozen=True)
class Issuer:
    name: str  # cơ quan ban hành: "Quận ủy Đồ Sơn", "Ủy ban nhân dân quận Hải An"
    abbreviation: str  # ký hiệu: "QU", "UBND"
    place: str  # địa danh of the date line: "Đồ Sơn"
    parent: str = ""  # cơ quan cấp trên: "Đảng bộ thành phố Hải Phòng"


@dataclass(frozen=True)
class Period:
    kind: str  # one of PERIOD_KINDS
    year: int
    index: int = 0  # quarter 1–4, half 1–2, month 1–12; 0 for nine_months and year


@dataclass(frozen=True)
class Review:
    """A thematic review (sơ kết thực hiện một văn bản), given instead of a period."""

    subject: str  # "Nghị quyết số 06-NQ/TU ngày 15/3/2023 của Ban Thường vụ Thành ủy về …"
    short: str  # how the text refers to it afterwards: "Nghị quyết"
    from_: int  # `from`: the year it took effect
    to: int = 0  # the year reviewed up to (the loader fills in the year of `date`)


@dataclass(frozen=True)
class Target:
    label: str  # "dự toán thành phố"
    value: Decimal


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str = ""
    id: str = ""
    actual: Decimal | None = None
    estimated: bool = False
    targets: tuple[Target, ...] = ()
    previous: Decimal | None = None
    growth: Decimal | None = None
    compare: str = "growth"  # one of COMPARE_STYLES
    ratio: Decimal | None = None  # % OF the same period ("bằng 112% so với cùng kỳ")
    compared_to: str = ""  # label of `previous` instead of "cùng kỳ": "năm 2023"
    sentence: str = ""  # the office's own wording with {placeholders}
    aggregate: str = "none"  # one of AGGREGATES (roll-ups across units)
    in_body: bool = True  # False: printed only in the appendix table (unless a section lists it)
    direction: str = "up"  # one of DIRECTIONS: "down" never reads "đạt 7 vụ"
    verb: str = ""  # the word before the figure instead of "đạt": "xảy ra"


@dataclass(frozen=True)
class Table:
    """A table inside a section: cells are text printed as written."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    caption: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    indicators: tuple[str, ...] = ()  # ids of indicators whose sentences open the section
    paragraphs: tuple[str, ...] = ()  # a paragraph starting with "- " is a dash item
    sections: tuple[Section, ...] = ()
    table: Table | None = None


PART_PLACES = ("before_results", "before_tasks", "after_tasks")


@dataclass(frozen=True)
class Part:
    """A further part of the report ("III. KIẾN NGHỊ, ĐỀ XUẤT"): a heading and section content."""

    heading: str
    place: str = "after_tasks"  # one of PART_PLACES
    indicators: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    table: Table | None = None


@dataclass(frozen=True)
class Task:
    text: str
    items: tuple[Task, ...] = ()
    paragraphs: tuple[str, ...] = ()  # plain body paragraphs under the task heading


@dataclass(frozen=True)
class Tasks:
    items: tuple[Task, ...] = ()
    intro: str = ""


@dataclass(frozen=True)
class Assessment:
    strengths: tuple[str, ...] = ()
    limitations: tuple[str, ...] = ()
    causes: tuple[str, ...] = ()
    lessons: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.strengths or self.limitations or self.causes or self.lessons)


@dataclass(frozen=True)
class Signature:
    title: str  # chức vụ người ký: "Bí thư", "Phó Chủ tịch"
    name: str
    on_behalf_of: str = ""  # T/M, TM.
    by_order_of: str = ""  # T/L, TL.
    deputy_for: str = ""  # K/T, KT.


@dataclass(frozen=True)
class Person:
    name: str
    title: str = ""


@dataclass(frozen=True)
class Meeting:
    name: str = ""
    date: _dt.date | None = None
    chair: Person | None = None
    attendees: tuple[str, ...] = ()
    time: str = ""  # one of MEETING_TIMES, or ""
    place: str = ""
    conclusion: tuple[str, ...] = ()  # the chair's concluding directions


@dataclass(frozen=True)
class Parts:
    results: str = ""  # override of the Part I heading
    tasks: str = ""  # override of the Part II heading


@dataclass(frozen=True)
class Report:
    system: str  # "party" | "state"
    issuer: Issuer
    date: _dt.date
    signature: Signature
    period: Period | None = None  # exactly one of `period` and `review` is set
    review: Review | None = None
    number: int | None = None  # None → blank, for the văn thư to fill
    template: str = ""
    draft: bool = False
    output: str = ""
    title: str = ""
    parts: Parts = field(default_factory=Parts)
    indicator_table: str = "appendix"
    opening: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    results: tuple[Section, ...] = ()
    assessment: Assessment = field(default_factory=Assessment)
    tasks: Tasks = field(default_factory=Tasks)
    recipients: tuple[str, ...] = ()
    results_intro: tuple[str, ...] = ()  # paragraphs under the Part I heading, before section 1
    more_parts: tuple[Part, ...] = ()  # further parts before Part I, between I and II, after II
    closing: tuple[str, ...] = ()  # closing paragraphs after the last part ("Trên đây là …")
    meeting: Meeting | None = None
    regulation: str = ""  # name of the rule set the document follows
