"""Build the default Word templates from the official layout (layout.py).

    python tools/build_templates.py

writes src/report_drafter/templates/party.docx and state.docx. Every size, margin
and fixed text comes from `report_drafter.layout`, which cites
shared/spec/official-format.md; the Jinja tags follow docs/context.md. Both files are
committed; a test checks they are up to date with this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from report_drafter import layout, package  # noqa: E402

OUT = ROOT / "src" / "report_drafter" / "templates"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MM = 56.6929                      # twips per millimetre
TEXT_WIDTH = round((210 - 30 - 15) * MM)
HEADER_OUTDENT = round(8 * 56.6929)    # the header table reaches 8 mm into the left margin
HEADER_WIDTH = TEXT_WIDTH + HEADER_OUTDENT
HEADER_SPLIT = {"party": 0.5, "state": 0.4}   # share of the left column: the State motto needs room
SIGN_LEFT = round(TEXT_WIDTH * 0.45)
FIXED_DATE = "2026-01-01T00:00:00Z"


# ------------------------------------------------------------------- XML helpers

def twips(mm: float) -> int:
    return round(mm * MM)


def rpr(size: float, bold=False, italic=False, underline=False, caps=False) -> str:
    parts = [f'<w:rFonts w:ascii="{layout.FONT}" w:hAnsi="{layout.FONT}" w:cs="{layout.FONT}" '
             f'w:eastAsia="{layout.FONT}"/>']
    parts.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    parts.append("<w:i/><w:iCs/>" if italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
    parts.append('<w:color w:val="000000"/>')
    half = round(size * 2)
    parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    parts.append(f'<w:lang w:val="{layout.LANGUAGE}" w:eastAsia="{layout.LANGUAGE}" w:bidi="ar-SA"/>')
    return f"<w:rPr {nsdecls('w')}>{''.join(parts)}</w:rPr>"


def ppr(align="both", first_line_mm=0.0, before_pt=0.0, after_pt=0.0, line=240,
        keep_next=False, extra="") -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    ind = "" if "<w:ind" in extra else f'<w:ind w:left="0" w:right="0" w:firstLine="{twips(first_line_mm)}"/>'
    indent = ""
    if "<w:ind" in extra:                       # keep schema order: pBdr … spacing, ind, jc
        extra, indent = extra[:extra.index("<w:ind")], extra[extra.index("<w:ind"):]
    return (f"<w:pPr {nsdecls('w')}>{keep}{extra}"
            f'<w:spacing w:before="{round(before_pt * 20)}" w:after="{round(after_pt * 20)}" '
            f'w:line="{line}" w:lineRule="auto"/>{ind}{indent}<w:jc w:val="{align}"/></w:pPr>')


def remove_children(el, *tags: str) -> None:
    """Drop every child of `el` with one of the given tags (before setting them anew)."""
    for tag in tags:
        for old in el.findall(qn(tag)):
            el.remove(old)


def set_props(style, paragraph_xml: str | None, run_xml: str) -> None:
    el = style.element
    remove_children(el, "w:pPr", "w:rPr")
    if paragraph_xml:
        el.append(parse_xml(paragraph_xml))
    el.append(parse_xml(run_xml))


STYLE_NAMES: dict[str, str] = {}


def S(doc, style_id: str):
    """A style by the id this script gave it."""
    return doc.styles[STYLE_NAMES.get(style_id, style_id)]


def paragraph_style(doc, style_id: str, name: str, element: layout.Element, *, align="center",
                    before=0.0, after=0.0, line=240, keep_next=False, extra="", underline=None,
                    italic=None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = style_id
    STYLE_NAMES[style_id] = name
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    u = element.underline if underline is None else underline
    i = element.italic if italic is None else italic
    set_props(style, ppr(align, 0, before, after, line, keep_next, extra),
              rpr(element.size.default, element.bold, i, u))
    return style


def border(side: str) -> str:
    return f'<w:{side} w:val="single" w:sz="6" w:space="1" w:color="000000"/>'


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


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    remove_children(tbl_pr, "w:tblBorders")
    tbl_pr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>' + "".join(
        f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"))


def fixed_widths(table, widths: list[int], indent: int = 0) -> None:
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    remove_children(tbl_pr, "w:tblW", "w:tblLayout", "w:tblInd")
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(widths)}" w:type="dxa"/>'))
    if indent:
        tbl_pr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="{indent}" w:type="dxa"/>'))
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            tc_pr = cell._tc.get_or_add_tcPr()
            remove_children(tc_pr, "w:tcW")
            tc_pr.insert(0, parse_xml(f'<w:tcW {nsdecls("w")} w:w="{width}" w:type="dxa"/>'))


def first_paragraph(cell, style: str):
    p = cell.paragraphs[0]
    p.style = style
    return p


# ---------------------------------------------------------------- styles, numbering

def base_styles(doc, profile: layout.Profile) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        styles_el.remove(defaults)
    body = profile.body
    styles_el.insert(0, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault>{rpr(body.size.default)}</w:rPrDefault>'
        f'<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"</w:pPrDefault></w:docDefaults>"))
    line = round(body.line_spacing.default * 240)
    set_props(doc.styles["Normal"],
              ppr("both", body.first_line_cm.default * 10, body.space_before_pt, 0, line),
              rpr(body.size.default))
    for level, element in ((1, profile.heading1), (2, profile.heading2), (3, profile.heading3)):
        style = doc.styles[f"Heading {level}"]
        numpr = (f'<w:numPr><w:ilvl w:val="{level - 1}"/><w:numId w:val="{NUM_ID}"/></w:numPr>'
                 f'<w:outlineLvl w:val="{level - 1}"/>')
        set_props(style, ppr("both", body.first_line_cm.default * 10, body.space_before_pt, 0, line,
                             keep_next=True, extra=numpr),
                  rpr(element.size.default, element.bold, element.italic))
    for name in ("Header", "Footer"):
        set_props(doc.styles[name], ppr("center"), rpr(profile.page_number.size.default))


NUM_ID = 90
ABSTRACT_ID = 90


def heading_numbering(doc) -> None:
    """One multilevel list bound to Heading 1–3: `I.`, `1.` (restarting), `1.1.`."""
    numbering = doc.part.numbering_part.element
    levels = (("upperRoman", "%1.", "Heading1", ""), ("decimal", "%2.", "Heading2", '<w:lvlRestart w:val="1"/>'),
              ("decimal", "%2.%3.", "Heading3", '<w:lvlRestart w:val="2"/>'))
    lvl_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{restart}'
        f'<w:pStyle w:val="{style}"/><w:suff w:val="space"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="{twips(12.7)}"/></w:pPr></w:lvl>'
        for i, (fmt, text, style, restart) in enumerate(levels))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_ID}">'
                         f'<w:multiLevelType w:val="multilevel"/><w:name w:val="Đề mục báo cáo"/>'
                         f"{lvl_xml}</w:abstractNum>")
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{NUM_ID}">'
                               f'<w:abstractNumId w:val="{ABSTRACT_ID}"/></w:num>'))


def element_styles(doc, p: layout.Profile) -> None:
    rule_under = f"<w:pBdr>{border('bottom')}</w:pBdr>"
    paragraph_style(doc, "DraftMark", "Dấu dự thảo", p.draft_mark, before=0, after=6,
                    extra=f"<w:pBdr>{border('top')}{border('left')}{border('bottom')}{border('right')}</w:pBdr>"
                          f'<w:ind w:left="{twips(2)}" w:right="{TEXT_WIDTH - twips(40)}" w:firstLine="0"/>')
    paragraph_style(doc, "HeaderParent", "Tiêu đề - Cơ quan cấp trên", p.parent)
    paragraph_style(doc, "HeaderIssuer", "Tiêu đề - Cơ quan ban hành", p.issuer)
    paragraph_style(doc, "HeaderStar", "Tiêu đề - Dấu sao", p.issuer)
    left_width = round(HEADER_WIDTH * HEADER_SPLIT[p.system])
    paragraph_style(doc, "HeaderRule", "Tiêu đề - Đường kẻ", p.issuer, extra=rule_under + (
        f'<w:ind w:left="{round(left_width * 0.32)}" w:right="{round(left_width * 0.32)}" w:firstLine="0"/>'), line=120)
    paragraph_style(doc, "HeaderNumber", "Tiêu đề - Số ký hiệu", p.number, before=4)
    paragraph_style(doc, "HeaderNational", "Tiêu đề - Quốc hiệu", p.national_elements[0])
    if len(p.national_elements) > 1:
        paragraph_style(doc, "HeaderMotto", "Tiêu đề - Tiêu ngữ", p.national_elements[1])
    paragraph_style(doc, "HeaderDate", "Tiêu đề - Địa danh, ngày tháng", p.date_line,
                    before=14 if p.system == "party" else 8)
    paragraph_style(doc, "TitleKind", "Tên loại văn bản", p.title_kind, before=18, keep_next=True)
    paragraph_style(doc, "TitleSummary", "Trích yếu", p.title_summary, keep_next=True)
    paragraph_style(doc, "TitleRule", "Trích yếu - Đường kẻ", p.title_summary, after=6,
                    extra="" if p.title_rule_text else rule_under + (
                        f'<w:ind w:left="{round(TEXT_WIDTH * 0.4)}" w:right="{round(TEXT_WIDTH * 0.4)}" w:firstLine="0"/>'),
                    line=120 if not p.title_rule_text else 240)
    paragraph_style(doc, "RecipientsLabel", "Nơi nhận - Nhãn", p.recipients_label, align="left",
                    underline=False)
    paragraph_style(doc, "RecipientsItem", "Nơi nhận - Danh sách", p.recipients_item, align="left")
    paragraph_style(doc, "SignAuthority", "Chữ ký - Thẩm quyền", p.signature_authority)
    paragraph_style(doc, "SignTitle", "Chữ ký - Chức vụ", p.signature_title)
    paragraph_style(doc, "SignSpace", "Chữ ký - Khoảng ký", p.signature_title)
    paragraph_style(doc, "SignName", "Chữ ký - Họ tên", p.signature_name)
    paragraph_style(doc, "AppendixTitle", "Phụ lục - Tiêu đề", p.heading1, before=0,
                    extra='<w:pageBreakBefore/>')
    paragraph_style(doc, "AppendixSubtitle", "Phụ lục - Tên bảng", p.heading2, after=6)
    paragraph_style(doc, "TableText", "Bảng - Nội dung", p.table, align="left", before=2, after=2)
    paragraph_style(doc, "TableHeading", "Bảng - Đầu cột", layout.Element(p.table.size, bold=True),
                    before=2, after=2)
    paragraph_style(doc, "TableNumber", "Bảng - Số", p.table, align="center", before=2, after=2)


# -------------------------------------------------------------------- document parts

def page_setup(doc, profile: layout.Profile) -> None:
    section = doc.sections[0]
    page = profile.page
    sect = section._sectPr
    remove_children(sect, "w:pgSz", "w:pgMar", "w:titlePg")
    sect.append(parse_xml(f'<w:pgSz {nsdecls("w")} w:w="{twips(page.width_mm)}" w:h="{twips(page.height_mm)}"/>'))
    sect.append(parse_xml(
        f'<w:pgMar {nsdecls("w")} w:top="{twips(page.top.default)}" w:right="{twips(page.right.default)}" '
        f'w:bottom="{twips(page.bottom.default)}" w:left="{twips(page.left.default)}" '
        f'w:header="{twips(10)}" w:footer="{twips(10)}" w:gutter="0"/>'))
    sect.append(parse_xml(f'<w:titlePg {nsdecls("w")}/>'))
    # keep schema order: pgSz, pgMar … titlePg after cols/docGrid is accepted by Word and LibreOffice
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = doc.styles["Header"]
    run = p.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = p.add_run()
    run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>'))
    run = p.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    p.add_run("2")
    run = p.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = doc.styles["Header"]


def header_block(doc, profile: layout.Profile) -> None:
    tag_paragraph(doc, "{%p if draft %}")
    doc.add_paragraph(layout.DRAFT_MARK, style=S(doc, "DraftMark"))
    tag_paragraph(doc, "{%p endif %}")
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left_width = round(HEADER_WIDTH * HEADER_SPLIT[profile.system])
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
    tag_paragraph(doc, "{%p for p in body %}")
    tag_paragraph(doc, '{%p if p.style == "h1" %}')
    doc.add_paragraph(style="Heading 1").add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, '{%p elif p.style == "h2" %}')
    doc.add_paragraph(style="Heading 2").add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, '{%p elif p.style == "h3" %}')
    doc.add_paragraph(style="Heading 3").add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, "{%p else %}")
    doc.add_paragraph(style="Normal").add_run("{{r p.runs|runs }}")
    tag_paragraph(doc, "{%p endif %}")
    tag_paragraph(doc, "{%p endfor %}")


def signoff_block(doc, profile: layout.Profile) -> None:
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    fixed_widths(table, [SIGN_LEFT, TEXT_WIDTH - SIGN_LEFT])
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    table._tbl.tblPr.append(parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:top w:w="240" w:type="dxa"/>'
                                      f"</w:tblCellMar>"))
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


MARKED_CELLS = ("plan", "actual", "vs_plan", "vs_previous")     # figures: runs with their marks


def appendix_block(doc) -> None:
    tag_paragraph(doc, "{%p if appendix.show %}")
    doc.add_paragraph(style=S(doc, "AppendixTitle")).add_run("{{ appendix.title }}")
    doc.add_paragraph(style=S(doc, "AppendixSubtitle")).add_run("{{ appendix.subtitle }}")
    widths = [twips(w) for w in (10, 52, 18, 30, 20, 18, 17)]
    table = doc.add_table(rows=4, cols=7)
    table.style = doc.styles["Table Grid"]
    fixed_widths(table, widths)
    header, loop_start, data, loop_end = table.rows
    for cell, text in zip(header.cells, layout.INDICATOR_TABLE_COLUMNS):
        first_paragraph(cell, S(doc, "TableHeading")).add_run(text)
    header._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    first_paragraph(loop_start.cells[0], S(doc, "TableText")).add_run("{%tr for row in appendix.rows %}")
    first_paragraph(loop_end.cells[0], S(doc, "TableText")).add_run("{%tr endfor %}")
    fields = ("no", "name", "unit", "plan", "actual", "vs_plan", "vs_previous")
    for cell, name in zip(data.cells, fields):
        style = S(doc, "TableText" if name in ("name", "plan") else "TableNumber")
        tag = f"{{{{r row.runs.{name}|runs }}}}" if name in MARKED_CELLS else f"{{{{ row.{name} }}}}"
        first_paragraph(cell, style).add_run(tag)
    for row in table.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    tag_paragraph(doc, "{%p endif %}")


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
    import datetime as dt
    fixed = dt.datetime(2026, 1, 1)
    core.created = fixed
    core.modified = fixed
    # custom properties: the fingerprint placeholder the renderer fills in
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" '
            f'name="{package.FINGERPRINT_PROPERTY}"><vt:lpwstr>{package.FINGERPRINT_PLACEHOLDER}</vt:lpwstr>'
            f"</property></Properties>").encode("utf-8")
    pkg = doc.part.package
    part = Part(PackURI("/" + package.CUSTOM_PART),
                "application/vnd.openxmlformats-officedocument.custom-properties+xml", blob, pkg)
    pkg.relate_to(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties")
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rid]


# Child order required by the OOXML schema (Word refuses some files that break it).
SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
           "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
           "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
           "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
           "rPr sectPr pPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
             "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
            "tblCellSpacing jc hidden ins del trPrChange",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
              "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
              "docGrid printerSettings sectPrChange",
}


def schema_order(root) -> None:
    """Sort the children of pPr, tblPr, trPr and sectPr into schema order."""
    for local, names in SCHEMA_ORDER.items():
        rank = {qn(f"w:{n}"): i for i, n in enumerate(names.split())}
        for el in root.iter(qn(f"w:{local}")):
            children = list(el)
            children.sort(key=lambda c: rank.get(c.tag, len(rank)))
            for c in children:
                el.append(c)


def build(system: str, target: Path) -> None:
    profile = layout.profile(system)
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    heading_numbering(doc)
    base_styles(doc, profile)
    element_styles(doc, profile)
    page_setup(doc, profile)
    header_block(doc, profile)
    title_block(doc, profile)
    body_block(doc)
    signoff_block(doc, profile)
    appendix_block(doc)
    properties(doc, profile)
    schema_order(doc.element)
    schema_order(doc.styles.element)
    doc.save(target)
    # re-pack with fixed member dates so that the same script gives the same bytes
    members, _ = package.read_members(target)
    members = [m for m in members if m.name != "docProps/thumbnail.jpeg"]
    with open(target, "wb") as fh:
        package.write_zip(members, fh)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for system in layout.PROFILES:
        target = OUT / f"{system}.docx"
        build(system, target)
        print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
