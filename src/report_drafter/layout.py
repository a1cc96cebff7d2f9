"""The official layout as data, one profile per system.

Every number here is traceable to `shared/spec/official-format.md`:
**party** = Hướng dẫn 36-HD/VPTW (03/4/2018), **state** = Nghị định 30/2020/NĐ-CP,
Phụ lục I. `Range` holds the accepted span; `default` is what templates produce.
The template builder (tools/build_templates.py), the context and `check` all read
this module, so a rule is written once. Sizes are in points, lengths in millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

PARTY_SOURCE = "Hướng dẫn 36-HD/VPTW"
STATE_SOURCE = "Nghị định 30/2020/NĐ-CP, Phụ lục I"
FONT = "Times New Roman"
LANGUAGE = "vi-VN"


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
    caps: bool = False          # text must be upper case
    underline: bool = False
    practice: bool = False      # common practice, not the rule's text: check only warns


@dataclass(frozen=True)
class Page:
    width_mm: float = 210.0
    height_mm: float = 297.0
    top: Range = Range(20, 20, 25)
    bottom: Range = Range(20, 20, 25)
    left: Range = Range(30, 30, 35)
    right: Range = Range(15, 15, 20)


@dataclass(frozen=True)
class Body:
    size: Range
    first_line_cm: Range = Range(1.27, 1.0, 1.27)
    space_before_pt: float = 6.0            # ≥ 6 pt between paragraphs (before or after)
    line_spacing: Range = Range(1.15, 1.0, 1.5)


@dataclass(frozen=True)
class Profile:
    system: str
    source: str
    page: Page
    body: Body
    page_number: Element
    national: Tuple[str, ...]              # right-hand header lines, as printed
    national_elements: Tuple[Element, ...]
    date_line: Element
    parent: Element
    issuer: Element
    issuer_star: bool                       # a single "*" under the issuer (party)
    number: Element
    number_prefix: str                      # "Số " (party) / "Số: " (state)
    draft_mark: Element
    title_kind: Element
    title_summary: Element
    title_rule_text: str                    # "-----" (party, practice) or "" (a drawn rule)
    heading1: Element
    heading2: Element
    heading3: Element
    table: Element
    recipients_label: Element
    recipients_item: Element
    recipients_separator: str               # "," (party) / ";" (state); the last ends with "."
    signature_authority: Element
    signature_title: Element
    signature_name: Element
    signature_prefixes: dict                # role → prefix: on_behalf_of / by_order_of / deputy_for / authorised
    signature_blank_lines: int = 5


def _fixed(size: float, **flags) -> Element:
    return Element(Range(size, size, size), **flags)


PARTY = Profile(
    system="party",
    source=PARTY_SOURCE,
    page=Page(),
    body=Body(size=Range(14, 13, 15)),
    page_number=Element(Range(14, 13, 14)),
    national=("ĐẢNG CỘNG SẢN VIỆT NAM",),
    national_elements=(_fixed(15, bold=True, caps=True, underline=True),),
    date_line=Element(Range(14, 13, 14), italic=True),
    parent=Element(Range(14, 13, 14), caps=True),
    issuer=Element(Range(14, 13, 14), bold=True, caps=True),
    issuer_star=True,
    number=Element(Range(14, 13, 14)),
    number_prefix="Số ",
    draft_mark=_fixed(14, bold=True),
    title_kind=Element(Range(16, 15, 16), bold=True, caps=True),
    title_summary=Element(Range(14, 14, 15), bold=True),
    title_rule_text="-----",
    heading1=Element(Range(14, 13, 15), bold=True, caps=True),
    heading2=Element(Range(14, 13, 15), bold=True),
    heading3=Element(Range(14, 13, 15), bold=True, italic=True),
    table=Element(Range(13, 12, 13)),
    recipients_label=Element(Range(14, 14, 14), underline=True),
    recipients_item=Element(Range(12, 12, 12)),
    recipients_separator=",",
    signature_authority=Element(Range(14, 14, 14), bold=True, caps=True),
    signature_title=Element(Range(14, 14, 14), bold=True, caps=True),
    signature_name=Element(Range(14, 14, 14), bold=True),
    signature_prefixes={"on_behalf_of": "T/M", "by_order_of": "T/L",
                        "deputy_for": "K/T", "authorised": "T/UQ"},
)

STATE = Profile(
    system="state",
    source=STATE_SOURCE,
    page=Page(),
    body=Body(size=Range(14, 13, 14)),
    page_number=Element(Range(14, 13, 14)),
    national=("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    national_elements=(_fixed(13, bold=True, caps=True),
                       Element(Range(14, 13, 14), bold=True, underline=True)),
    date_line=Element(Range(14, 13, 14), italic=True),
    parent=Element(Range(13, 12, 13), caps=True),
    issuer=Element(Range(13, 12, 13), bold=True, caps=True),
    issuer_star=False,
    number=Element(Range(13, 13, 13)),
    number_prefix="Số: ",
    draft_mark=_fixed(14, bold=True),
    title_kind=Element(Range(14, 14, 14), bold=True, caps=True),
    title_summary=Element(Range(14, 14, 14), bold=True),
    title_rule_text="",
    heading1=Element(Range(14, 13, 14), bold=True, caps=True),
    heading2=Element(Range(14, 13, 14), bold=True),
    heading3=Element(Range(14, 13, 14), bold=True, italic=True),
    table=Element(Range(13, 12, 13)),
    recipients_label=Element(Range(12, 12, 12), bold=True, italic=True),
    recipients_item=Element(Range(11, 11, 11)),
    recipients_separator=";",
    signature_authority=Element(Range(14, 14, 14), bold=True, caps=True),
    signature_title=Element(Range(14, 14, 14), bold=True, caps=True),
    signature_name=Element(Range(14, 14, 14), bold=True),
    signature_prefixes={"on_behalf_of": "TM.", "by_order_of": "TL.",
                        "deputy_for": "KT.", "authorised": "TUQ."},
)

PROFILES = {"party": PARTY, "state": STATE}

# Fixed texts shared by both systems.
REPORT_KIND = "BÁO CÁO"
DRAFT_MARK = "DỰ THẢO"
RECIPIENTS_LABEL = "Nơi nhận:"
APPENDIX_TITLE = "PHỤ LỤC"
INDICATOR_TABLE_COLUMNS = ("TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện",
                           "So với kế hoạch (%)", "So với cùng kỳ (%)")
ASSESSMENT_HEADING = "Đánh giá chung"
ASSESSMENT_PARTS = (("strengths", "Ưu điểm"), ("limitations", "Hạn chế, tồn tại"),
                    ("causes", "Nguyên nhân"), ("lessons", "Bài học kinh nghiệm"))
# Fourth-level letters: the Vietnamese alphabet (Word's letter lists have no "đ").
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n",
           "o", "p", "q", "r", "s", "t", "u", "v", "x", "y")


def profile(system: str) -> Profile:
    return PROFILES[system]
