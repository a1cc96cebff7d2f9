"""Build the default Word templates from the official layout (layout.py).

    python tools/build_templates.py

writes templates/party.docx and state.docx. Every size, margin
and fixed text comes from `report_drafter.rules.book`, which cites
the official format rules (docs/check-rules.md); the Jinja tags follow docs/context.md. Both files are
committed; a test checks they are up to date with this script.
"""

from __future__ import annotations

import datetime as dt
import sys
import zlib
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor, Twips
from docx.text.font import Font
from docx.text.parfmt import ParagraphFormat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from report_drafter import ooxml
from report_drafter.docx import package
from report_drafter.rules import book as layout
from report_drafter.text import marks

OUT = ROOT / "templates"
TEXT_WIDTH = layout.TEXT_WIDTH_TWIPS
HEADER_OUTDENT = Mm(8).twips  # the header table reaches 8 mm into the left margin
HEADER_WIDTH = TEXT_WIDTH + HEADER_OUTDENT
SIGN_LEFT = round(TEXT_WIDTH * 0.45)
NO_INDENT = Length(0)
ALIGN = {"both": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}


# ------------------------------------------------------------------- helpers
# python-docx's API sets fonts, paragraph formats and sections; raw OOXML is used only
# for what it lacks (numbering, borders, table header repeat, cell margins, fields, language).


def xml(proxy):
    """The lxml element behind a python-docx table, row, cell or run (its one private access)."""
    return proxy._element


def add_child(parent, tag: str, successors: str = "", **attrs):
    """Raw OOXML: a `w:` child of `parent`, placed before the first of its schema `successors`."""
    el = OxmlElement(f"w:{tag}", {qn(f"w:{k}"): str(v) for k, v in attrs.items()})
    insert_before(parent, el, successors)
    return el


def insert_before(parent, el, successors: str) -> None:
    after = {qn(t) for t in successors.split()}
    follower = next((c for c in parent if c.tag in after), None)
    if follower is None:
        parent.append(el)
    else:
        follower.addprevious(el)


def remove_children(el, *tags: str) -> None:
    """Drop every child of `el` with one of the given tags (before setting them anew)."""
    for tag in tags:
        for old in el.findall(qn(tag)):
            el.remove(old)


class _Defaults:
    """The document defaults (`w:docDefaults`) seen as a run/paragraph, for Font and ParagraphFormat."""

    def __init__(self, styles_el):
        remove_children(styles_el, "w:docDefaults")
        defaults = add_child(styles_el, "docDefaults", "w:latentStyles w:style")
        self.rPr = add_child(add_child(defaults, "rPrDefault"), "rPr")
        self.pPr = add_child(add_child(defaults, "pPrDefault"), "pPr")

    def get_or_add_rPr(self):
        return self.rPr

    def get_or_add_pPr(self):
        return self.pPr


def character_format(font: Font, holder, size: float, bold=False, italic=False, underline=False) -> None:
    """Times New Roman for every script, black, `size` pt, the flags, Vietnamese."""
    font.name = layout.FONT
    rfonts = holder.get_or_add_rPr().get_or_add_rFonts()
    for script in ("w:cs", "w:eastAsia"):
        rfonts.set(qn(script), layout.FONT)
    font.bold = font.cs_bold = bold
    font.italic = font.cs_italic = italic
    font.color.rgb = RGBColor(0, 0, 0)
    font.size = Pt(size)
    rpr = holder.get_or_add_rPr()
    remove_children(rpr, "w:szCs", "w:lang")
    add_child(
        rpr,
        "szCs",
        "w:highlight w:u w:effect w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em w:lang",
        val=ooxml.Pt(size).half_points,
    )
    font.underline = True if underline else None
    add_child(
        rpr,
        "lang",
        "w:eastAsianLayout w:specVanish w:oMath",
        val=layout.LANGUAGE,
        eastAsia=layout.LANGUAGE,
        bidi="ar-SA",
    )


def paragraph_format(
    pf: ParagraphFormat,
    align="both",
    first_line: Length = NO_INDENT,
    before=0.0,
    after=0.0,
    line=1.0,
    keep_next=False,
    left=0,
    right=0,
    page_break=False,
) -> None:
    """Alignment, indents (left/right in twips), spacing in pt, line spacing in lines."""
    pf.alignment = ALIGN[align]
    pf.left_indent, pf.right_indent = Twips(left), Twips(right)
    pf.first_line_indent = first_line
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing = line
    pf.keep_with_next = True if keep_next else None
    pf.page_break_before = True if page_break else None


def borders(style, *sides: str) -> None:
    """A solid black line on the given sides of the style's paragraphs (python-docx has no borders)."""
    ppr = style.element.get_or_add_pPr()
    box = add_child(ppr, "pBdr", "w:shd w:tabs w:suppressAutoHyphens w:spacing w:ind w:jc w:outlineLvl w:rPr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            add_child(box, side, val="single", sz=6, space=1, color="000000")


def reset(style) -> None:
    remove_children(style.element, "w:pPr", "w:rPr")


STYLE_NAMES: dict[str, str] = {}


def S(doc, style_id: str):
    """A style by the id this script gave it."""
    return doc.styles[STYLE_NAMES.get(style_id, style_id)]


def paragraph_style(
    doc,
    style_id: str,
    name: str,
    element: layout.Element,
    *,
    align="center",
    before=0.0,
    after=0.0,
    line=1.0,
    keep_next=False,
    underline=None,
    italic=None,
    left=0,
    right=0,
    page_break=False,
    rule=(),
):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    STYLE_NAMES[style_id] = name
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    reset(style)
    paragraph_format(style.paragraph_format, align, Length(0), before, after, line, keep_next, left, right, page_break)
    if rule:
        borders(style, *rule)
    character_format(
        style.font,
        style.element,
        element.size.default,
        element.bold,
        element.italic if italic is None else italic,
        element.underline if underline is None else underline,
    )
    return style


def add_text(paragraph, text: str, **fmt):
    run = paragraph.add_run(text)
    for key, value in fmt.items():
        setattr(run.font, key, value)
    return run


def tag_paragraph(container, text: str, style: str = "Normal"):
    """A paragraph holding one docxtpl `{%p … %}` tag (removed when rendering)."""
    p = container.add_paragraph(style=style)
    p.add_run(text)
    return p


TBL_PR_AFTER = "w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook w:tblCaption w:tblDescription"


def no_borders(table) -> None:
    tbl_pr = xml(table).tblPr
    remove_children(tbl_pr, "w:tblBorders")
    box = add_child(tbl_pr, "tblBorders", TBL_PR_AFTER.split(" ", 1)[1])
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        add_child(box, side, val="nil")


def fixed_widths(table, widths: list[int], indent: int = 0) -> None:
    """Column widths in twips, a fixed layout, and an optional indent from the margin."""
    table.autofit = False
    tbl_pr = xml(table).tblPr
    remove_children(tbl_pr, "w:tblW", "w:tblInd")
    add_child(tbl_pr, "tblW", "w:jc w:tblCellSpacing w:tblInd " + TBL_PR_AFTER, w=sum(widths), type="dxa")
    if indent:
        add_child(tbl_pr, "tblInd", TBL_PR_AFTER, w=indent, type="dxa")
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Twips(width)


def row_flags(row, *flags: str) -> None:
    """`cantSplit` (keep the row on one page) and `tblHeader` (repeat on each page)."""
    tr_pr = xml(row).get_or_add_trPr()
    if "cantSplit" in flags:
        add_child(tr_pr, "cantSplit", "w:trHeight w:tblHeader w:tblCellSpacing w:jc w:hidden")
    if "tblHeader" in flags:
        add_child(tr_pr, "tblHeader", "w:tblCellSpacing w:jc w:hidden")


def first_paragraph(cell, style: str):
    p = cell.paragraphs[0]
    p.style = style
    return p


# ---------------------------------------------------------------- styles, numbering


def base_styles(doc, profile: layout.Profile) -> None:
    body = profile.body
    defaults = _Defaults(doc.styles.element)
    character_format(Font(defaults), defaults, body.size.default)
    ParagraphFormat(defaults).space_after = Pt(0)
    ParagraphFormat(defaults).line_spacing = 1.0
    normal = doc.styles["Normal"]
    reset(normal)
    paragraph_format(
        normal.paragraph_format,
        "both",
        Cm(body.first_line_cm.default),
        body.space_before_pt,
        0,
        body.line_spacing.default,
    )
    character_format(normal.font, normal.element, body.size.default)
    for level, element in ((1, profile.heading1), (2, profile.heading2), (3, profile.heading3)):
        style = doc.styles[f"Heading {level}"]
        reset(style)
        paragraph_format(
            style.paragraph_format,
            "both",
            Cm(body.first_line_cm.default),
            body.space_before_pt,
            0,
            body.line_spacing.default,
            keep_next=True,
        )
        ppr = style.element.get_or_add_pPr()
        num_pr = ppr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level - 1
        num_pr.get_or_add_numId().val = NUM_ID
        ppr.get_or_add_outlineLvl().val = level - 1
        character_format(style.font, style.element, element.size.default, element.bold, element.italic)
    task_styles(doc, profile)
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        reset(style)
        paragraph_format(style.paragraph_format, "center")
        character_format(style.font, style.element, profile.page_number.size.default)


def task_styles(doc, profile: layout.Profile) -> None:
    """A task without sub-items is a numbered body paragraph, not a bold heading: styles that
    look like body text and count in the headings' list (`2.`, `2.1.` follow the sibling
    headings); and the lettered fourth level of a section (`a) …` before its paragraphs) in
    bold italic, so that it reads as a heading, not as body text."""
    body = profile.body
    for level, name in ((2, "Nhiệm vụ - Cấp 2"), (3, "Nhiệm vụ - Cấp 3")):
        style = paragraph_style(doc, f"Task{level}", name, layout.Element(body.size), align="both")
        style.base_style = doc.styles[f"Heading {level}"]  # its number, in the same list
        paragraph_format(
            style.paragraph_format,
            "both",
            Cm(body.first_line_cm.default),
            body.space_before_pt,
            0,
            body.line_spacing.default,
        )
        style.paragraph_format.keep_with_next = False
        character_format(style.font, style.element, body.size.default, False, False)
        style.font.bold = style.font.italic = False
    style = paragraph_style(
        doc,
        "Heading4Letter",
        "Đề mục - Cấp 4 (a, b)",
        layout.Element(body.size, bold=True, italic=True),
        align="both",
        keep_next=True,
    )
    paragraph_format(
        style.paragraph_format,
        "both",
        Cm(body.first_line_cm.default),
        body.space_before_pt,
        0,
        body.line_spacing.default,
        keep_next=True,
    )


NUM_ID = 90
ABSTRACT_ID = 90
HEADING_STYLES = ("Heading1", "Heading2", "Heading3")


def heading_numbering(doc, profile: layout.Profile) -> None:
    """One multilevel list bound to Heading 1–3, in the rule set's forms (`I.`, `1.` restarting, `1.1.`)."""
    numbering = doc.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum", {qn("w:abstractNumId"): str(ABSTRACT_ID)})
    add_child(abstract, "multiLevelType", val="multilevel")
    add_child(abstract, "name", val="Đề mục báo cáo")
    for i, (level, style) in enumerate(zip(profile.heading_numbers, HEADING_STYLES)):
        lvl = add_child(abstract, "lvl", ilvl=i)
        add_child(lvl, "start", val=1)
        add_child(lvl, "numFmt", val=level.format)
        if i:
            add_child(lvl, "lvlRestart", val=i)
        add_child(lvl, "pStyle", val=style)
        add_child(lvl, "suff", val="space")
        add_child(lvl, "lvlText", val=level.text)
        add_child(lvl, "lvlJc", val="left")
        add_child(add_child(lvl, "pPr"), "ind", left=0, firstLine=Mm(12.7).twips)
    insert_before(numbering, abstract, "w:num w:numIdMacAtCleanup")
    num = add_child(numbering, "num", "w:numIdMacAtCleanup", numId=NUM_ID)
    add_child(num, "abstractNumId", val=ABSTRACT_ID)


def element_styles(doc, p: layout.Profile) -> None:
    paragraph_style(
        doc,
        "DraftMark",
        "Dấu dự thảo",
        p.draft_mark,
        before=0,
        after=6,
        rule=("top", "left", "bottom", "right"),
        left=Mm(2).twips,
        right=TEXT_WIDTH - Mm(40).twips,
    )
    paragraph_style(doc, "HeaderParent", "Tiêu đề - Cơ quan cấp trên", p.parent)
    paragraph_style(doc, "HeaderIssuer", "Tiêu đề - Cơ quan ban hành", p.issuer)
    paragraph_style(doc, "HeaderStar", "Tiêu đề - Dấu sao", p.issuer)
    left_width = round(HEADER_WIDTH * p.header_left_share)
    paragraph_style(
        doc,
        "HeaderRule",
        "Tiêu đề - Đường kẻ",
        p.issuer,
        rule=("bottom",),
        line=0.5,
        left=round(left_width * 0.32),
        right=round(left_width * 0.32),
    )
    paragraph_style(doc, "HeaderNumber", "Tiêu đề - Số ký hiệu", p.number, before=4)
    paragraph_style(doc, "HeaderNational", "Tiêu đề - Quốc hiệu", p.national_elements[0])
    if len(p.national_elements) > 1:
        paragraph_style(doc, "HeaderMotto", "Tiêu đề - Tiêu ngữ", p.national_elements[1])
    paragraph_style(doc, "HeaderDate", "Tiêu đề - Địa danh, ngày tháng", p.date_line, before=p.date_space_before_pt)
    paragraph_style(doc, "TitleKind", "Tên loại văn bản", p.title_kind, before=18, keep_next=True)
    paragraph_style(doc, "TitleSummary", "Trích yếu", p.title_summary, keep_next=True)
    drawn = not p.title_rule_text
    paragraph_style(
        doc,
        "TitleRule",
        "Trích yếu - Đường kẻ",
        p.title_summary,
        after=6,
        rule=("bottom",) if drawn else (),
        line=0.5 if drawn else 1.0,
        left=round(TEXT_WIDTH * 0.4) if drawn else 0,
        right=round(TEXT_WIDTH * 0.4) if drawn else 0,
    )
    paragraph_style(doc, "RecipientsLabel", "Nơi nhận - Nhãn", p.recipients_label, align="left", underline=False)
    paragraph_style(doc, "RecipientsItem", "Nơi nhận - Danh sách", p.recipients_item, align="left")
    paragraph_style(doc, "SignAuthority", "Chữ ký - Thẩm quyền", p.signature_authority)
    paragraph_style(doc, "SignTitle", "Chữ ký - Chức vụ", p.signature_title)
    paragraph_style(doc, "SignSpace", "Chữ ký - Khoảng ký", p.signature_title)
    paragraph_style(doc, "SignName", "Chữ ký - Họ tên", p.signature_name)
    paragraph_style(doc, "AppendixTitle", "Phụ lục - Tiêu đề", p.heading1, before=0, page_break=True)
    paragraph_style(doc, "AppendixSubtitle", "Phụ lục - Tên bảng", p.heading2, after=0)
    paragraph_style(
        doc, "AppendixReference", "Phụ lục - Kèm theo", layout.Element(p.heading2.size, italic=True), after=6
    )
    paragraph_style(doc, "TableText", "Bảng - Nội dung", p.table, align="left", before=2, after=2)
    paragraph_style(
        doc,
        "TableCaption",
        "Bảng - Tên bảng",
        layout.Element(p.table.size, bold=True),
        before=6,
        after=3,
        keep_next=True,
    )
    paragraph_style(doc, "TableHeading", "Bảng - Đầu cột", layout.Element(p.table.size, bold=True), before=2, after=2)
    paragraph_style(doc, "TableNumber", "Bảng - Số", p.table, align="center", before=2, after=2)


# -------------------------------------------------------------------- document parts


def page_setup(doc, profile: layout.Profile) -> None:
    section = doc.sections[0]
    page = profile.page
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.top.default), Mm(page.bottom.default)
    section.left_margin, section.right_margin = Mm(page.left.default), Mm(page.right.default)
    section.header_distance = section.footer_distance = Mm(10)
    section.gutter = Mm(0)
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = doc.styles["Header"]
    page_field(p)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = doc.styles["Header"]


def page_field(paragraph) -> None:
    """A PAGE field showing `2` until Word updates it (python-docx has no fields)."""
    add_child(xml(paragraph.add_run()), "fldChar", fldCharType="begin")
    instr = add_child(xml(paragraph.add_run()), "instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    add_child(xml(paragraph.add_run()), "fldChar", fldCharType="separate")
    paragraph.add_run("2")
    add_child(xml(paragraph.add_run()), "fldChar", fldCharType="end")


def header_block(doc, profile: layout.Profile) -> None:
    tag_paragraph(doc, "{%p if draft %}")
    doc.add_paragraph(layout.DRAFT_MARK, style=S(doc, "DraftMark"))
    tag_paragraph(doc, "{%p endif %}")
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left_width = round(HEADER_WIDTH * profile.header_left_share)
    fixed_widths(table, [left_width, HEADER_WIDTH - left_width], -HEADER_OUTDENT)
    left, right = table.rows[0].cells
    first_paragraph(left, S(doc, "Normal")).add_run("{%p if header.parent %}")
    left.add_paragraph(style=S(doc, "HeaderParent")).add_run("{{ header.parent }}")
    tag_paragraph(left, "{%p endif %}")
    tag_paragraph(left, "{%p for line in header.issuer_lines %}")
    left.add_paragraph(style=S(doc, "HeaderIssuer")).add_run("{{ line }}")
    tag_paragraph(left, "{%p endfor %}")
    if profile.issuer_star:
        left.add_paragraph("*", style=S(doc, "HeaderStar"))
    else:
        left.add_paragraph(style=S(doc, "HeaderRule"))
    left.add_paragraph(style=S(doc, "HeaderNumber")).add_run("{{r header.number_runs|runs }}")
    p = first_paragraph(right, S(doc, "HeaderNational"))
    p.add_run(profile.national[0])
    if len(profile.national) > 1:
        right.add_paragraph(profile.national[1], style=S(doc, "HeaderMotto"))
    right.add_paragraph(style=S(doc, "HeaderDate")).add_run("{{r header.date_runs|runs }}")


def title_block(doc, profile: layout.Profile) -> None:
    doc.add_paragraph(style=S(doc, "TitleKind")).add_run("{{ title.kind }}")
    doc.add_paragraph(style=S(doc, "TitleSummary")).add_run("{{ title.summary }}")
    doc.add_paragraph(profile.title_rule_text, style=S(doc, "TitleRule"))


def body_block(doc) -> None:
    tag_paragraph(doc, "{%p for p in opening %}")
    doc.add_paragraph(style="Normal").add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, "{%p endfor %}")
    # Headings keep with next (their style) unless `p.keep` is false: a heading followed by a
    # sibling heading must not chain a whole part onto the next page. The last paragraph
    # keeps with the signature (`p.keep` on body text).
    tag_paragraph(doc, "{%p for p in body %}")
    first = True
    for level in (2, 3):  # a task without sub-items: numbered, in body text
        for keep in (True, False):
            test = f'p.plain is defined and p.style == "h{level}" and {"" if keep else "not "}p.keep'
            tag_paragraph(doc, f"{{%p {'if' if first else 'elif'} {test} %}}")
            first = False
            paragraph = doc.add_paragraph(style=S(doc, f"Task{level}"))
            paragraph.paragraph_format.keep_with_next = True if keep else None
            paragraph.add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, '{%p elif p.style == "h4" %}')
    doc.add_paragraph(style=S(doc, "Heading4Letter")).add_run("{{r p.runs|runs }}")
    for level in (1, 2, 3):
        for keep in (True, False):
            test = f'p.style == "h{level}" and {"" if keep else "not "}p.keep'
            tag_paragraph(doc, f"{{%p {'if' if first else 'elif'} {test} %}}")
            first = False
            paragraph = doc.add_paragraph(style=f"Heading {level}")
            paragraph.paragraph_format.keep_with_next = None if keep else False
            paragraph.add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, '{%p elif p.style == "caption" %}')
    doc.add_paragraph(style=S(doc, "TableCaption")).add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, '{%p elif p.style == "table" %}')
    doc.add_paragraph(style="Normal").add_run("{{p p.table|table }}")
    tag_paragraph(doc, "{%p elif p.keep %}")
    paragraph = doc.add_paragraph(style="Normal")
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, "{%p else %}")
    doc.add_paragraph(style="Normal").add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, "{%p endif %}")
    tag_paragraph(doc, "{%p endfor %}")


def signoff_block(doc, profile: layout.Profile) -> None:
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    fixed_widths(table, [SIGN_LEFT, TEXT_WIDTH - SIGN_LEFT])
    row_flags(table.rows[0], "cantSplit")
    margins = add_child(xml(table).tblPr, "tblCellMar", "w:tblLook w:tblCaption w:tblDescription")
    add_child(margins, "top", w=240, type="dxa")
    left, right = table.rows[0].cells
    p = first_paragraph(left, S(doc, "RecipientsLabel"))
    label = layout.RECIPIENTS_LABEL.rstrip(":")
    add_text(p, label, underline=profile.recipients_label.underline or None)
    p.add_run(":")
    tag_paragraph(left, "{%p for r in recipients %}", S(doc, "RecipientsItem"))
    left.add_paragraph(style=S(doc, "RecipientsItem")).add_run("{{ r }}")
    tag_paragraph(left, "{%p endfor %}", S(doc, "RecipientsItem"))
    p = first_paragraph(right, S(doc, "SignAuthority"))
    p.add_run("{%p for line in signature.lines[:-1] %}")
    right.add_paragraph(style=S(doc, "SignAuthority")).add_run("{{ line }}")
    tag_paragraph(right, "{%p endfor %}", S(doc, "SignAuthority"))
    right.add_paragraph(style=S(doc, "SignTitle")).add_run("{{ signature.lines[-1] }}")
    for _ in range(profile.signature_blank_lines):
        right.add_paragraph(style=S(doc, "SignSpace"))
    right.add_paragraph(style=S(doc, "SignName")).add_run("{{ signature.name }}")


MARKED_CELLS = tuple(marks.APPENDIX_FIELDS)  # figures: runs with their marks


def appendix_block(doc) -> None:
    tag_paragraph(doc, "{%p if appendix.show %}")
    doc.add_paragraph(style=S(doc, "AppendixTitle")).add_run("{{ appendix.title }}")
    doc.add_paragraph(style=S(doc, "AppendixSubtitle")).add_run("{{ appendix.subtitle }}")
    doc.add_paragraph(style=S(doc, "AppendixReference")).add_run("{{ appendix.reference }}")
    widths = [Mm(w).twips for w in (10, 52, 18, 30, 20, 18, 17)]
    table = doc.add_table(rows=4, cols=7)
    table.style = doc.styles["Table Grid"]
    fixed_widths(table, widths)
    header, loop_start, data, loop_end = table.rows
    last = len(layout.INDICATOR_TABLE_COLUMNS) - 1  # "So với cùng kỳ (%)" or `compared_to`
    for i, (cell, text) in enumerate(zip(header.cells, layout.INDICATOR_TABLE_COLUMNS)):
        first_paragraph(cell, S(doc, "TableHeading")).add_run(
            f"{{{{ appendix.columns[{last}] }}}}" if i == last else text
        )
    row_flags(header, "tblHeader")
    first_paragraph(loop_start.cells[0], S(doc, "TableText")).add_run("{%tr for row in appendix.rows %}")
    first_paragraph(loop_end.cells[0], S(doc, "TableText")).add_run("{%tr endfor %}")
    for cell, name in zip(data.cells, layout.APPENDIX_FIELDS):
        style = S(doc, "TableText" if name in ("name", "plan") else "TableNumber")
        tag = f"{{{{r row.runs.{name}|runs }}}}" if name in MARKED_CELLS else f"{{{{ row.{name} }}}}"
        first_paragraph(cell, style).add_run(tag)
    for row in table.rows:
        row_flags(row, "cantSplit")
    widths_from_context(table, "appendix.widths")
    tag_paragraph(doc, "{%p endif %}")


def widths_from_context(table, name: str) -> None:
    """Column widths as template tags (`{{ appendix.widths[2] }}`): the context works them out
    from the content, so that no number is broken over two lines."""
    for i, col in enumerate(xml(table).tblGrid.findall(qn("w:gridCol"))):
        col.set(qn("w:w"), f"{{{{ {name}[{i}] }}}}")
    for tr in xml(table).findall(qn("w:tr")):
        for i, tc in enumerate(tr.findall(qn("w:tc"))):
            tc.tcPr.find(qn("w:tcW")).set(qn("w:w"), f"{{{{ {name}[{i}] }}}}")


FIXED_DATE = dt.datetime(2026, 1, 1)  # replaced by a tag once saved (see `dated`)


def properties(doc, profile: layout.Profile) -> None:
    core = doc.core_properties
    core.title = "{{ properties.title }}"
    core.subject = "{{ properties.subject }}"
    core.author = "{{ properties.author }}"
    core.language = layout.LANGUAGE
    core.keywords = f"báo cáo; {profile.source}"
    core.comments = "Tạo bởi report-drafter"
    core.last_modified_by = "report-drafter"
    core.revision = 1
    core.created = FIXED_DATE
    core.modified = FIXED_DATE
    # custom properties: the fingerprint placeholder the renderer fills in
    blob = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" '
        f'name="{package.FINGERPRINT_PROPERTY}"><vt:lpwstr>{package.FINGERPRINT_PLACEHOLDER}</vt:lpwstr>'
        f"</property></Properties>"
    ).encode()
    pkg = doc.part.package
    part = Part(
        PackURI("/" + package.CUSTOM_PART),
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        blob,
        pkg,
    )
    pkg.relate_to(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties")
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rid]


def build(system: str, target: Path) -> None:
    profile = layout.profile(system)
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    heading_numbering(doc, profile)
    base_styles(doc, profile)
    element_styles(doc, profile)
    page_setup(doc, profile)
    header_block(doc, profile)
    title_block(doc, profile)
    body_block(doc)
    signoff_block(doc, profile)
    appendix_block(doc)
    properties(doc, profile)
    doc.save(target)
    # re-pack with fixed member dates so that the same script gives the same bytes
    members, _ = package.read_members(target)
    members = [dated(m) for m in members if m.name != "docProps/thumbnail.jpeg"]
    with open(target, "wb") as fh:
        package.write_zip(members, fh)


def dated(member: package.Member) -> package.Member:
    """Created and modified dates of a document are the report's date (`properties.created`)."""
    if member.name != ooxml.CORE_PART:
        return member
    xml_text = zlib.decompress(member.payload, -15) if member.method else member.payload
    fixed = FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    assert xml_text.count(fixed) == 2, "created and modified"
    return package.member_from_bytes(member.name, xml_text.replace(fixed, b"{{ properties.created }}"))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for system in layout.PROFILES:
        target = OUT / f"{system}.docx"
        build(system, target)
        print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
