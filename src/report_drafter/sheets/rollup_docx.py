"""`tong-hop.docx`: the roll-up tables in the official layout, to attach to a city-level report.

Times New Roman, A4 with the official margins (`layout`), a heading per indicator, the
header row repeated on every page, numbers right-aligned in Vietnamese notation. Written
with python-docx; the rows of a table are copies of one prepared row (thousands of rows
stay fast).
"""

from __future__ import annotations

import copy
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from report_drafter.rules import book as layout
from report_drafter.sheets import rollup
from report_drafter.vn import writing as vnformat

WIDE = 7  # more columns than this: landscape pages
TT_MM, UNIT_MM = 10, 45  # widths of the first two columns; the figures share the rest


def build(result: rollup.RollUp, system: str = "state") -> bytes:
    """The document for `result` as .docx bytes."""
    profile = layout.profile(system)
    size = Pt(profile.table.size.low)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = layout.FONT, Pt(profile.body.size.default)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), layout.FONT)
    normal.paragraph_format.space_after = Pt(0)
    _page(doc.sections[0], profile.page, any(len(rollup.headers(t)) > WIDE for t in result.tables))

    _para(doc, layout.APPENDIX_TITLE, bold=True, center=True)
    _para(doc, "TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA CÁC ĐƠN VỊ", bold=True, center=True)
    counted = f"(Tổng hợp từ {len(result.units)} đơn vị"
    counted += f"; {len(result.failed)} đơn vị chưa tổng hợp được, xem cuối phụ lục)" if result.failed else ")"
    _para(doc, counted, italic=True, center=True)
    section = doc.sections[0]
    width_mm = (section.page_width - section.left_margin - section.right_margin) / Mm(1)
    for n, table in enumerate(result.tables, 1):
        measure = f" ({table.measure})" if table.measure else ""
        _para(doc, f"{n}. {table.name}{measure}", bold=True, before=12)
        _table(doc, table, size, width_mm)
        for note in table.notes:
            _para(doc, f"Ghi chú: {note}.", italic=True, size=size)
    if result.failed:
        _para(doc, "Đơn vị chưa tổng hợp được (tệp đầu vào có lỗi)", bold=True, before=12)
        for failed in result.failed:
            _para(doc, f"- {failed.path}: {failed.reason}", size=size)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page(section, page, wide: bool) -> None:
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    if wide:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin, section.bottom_margin = Mm(page.top.default), Mm(page.bottom.default)
    section.left_margin, section.right_margin = Mm(page.left.default), Mm(page.right.default)


def _para(doc, text: str, bold=False, italic=False, center=False, before=0, size=None):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = size
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(before)
    return p


def _table(doc, table: rollup.Table, size, width_mm: float) -> None:
    headers = rollup.headers(table)
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    rest = (width_mm - TT_MM - UNIT_MM) / (len(headers) - 2)
    widths = [Mm(TT_MM), Mm(UNIT_MM)] + [Mm(rest)] * (len(headers) - 2)
    for column, width in zip(grid.columns, widths):
        column.width = width
    head = grid.rows[0]
    head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
    for cell, text, width in zip(head.cells, headers, widths):
        _cell(cell, text, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.width = width
    aligns = [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.RIGHT] * (len(headers) - 2)
    plain = grid.add_row()
    for cell, align, width in zip(plain.cells, aligns, widths):
        _cell(cell, "", size, align=align)
        cell.width = width
    plain_tr = plain._tr
    plain_tr.getparent().remove(plain_tr)
    bold_tr = copy.deepcopy(plain_tr)
    for r in bold_tr.iter(qn("w:rPr")):
        r.insert(0, OxmlElement("w:b"))
    rows = [(str(i), line, plain_tr) for i, line in enumerate(table.lines, 1)]
    if table.total:
        rows.append(("", table.total, bold_tr))
    kinds = ["number"] + ["number", "percent"] * len(table.labels) + ["number", "change"]
    tbl = grid._tbl
    for tt, line, proto in rows:
        tr = copy.deepcopy(proto)
        texts = [tt, line.unit] + [_text(kind, value) for kind, value in zip(kinds, rollup.cells(line))]
        for t, text in zip(tr.iter(qn("w:t")), texts):
            t.text = text
        tbl.append(tr)


def _cell(cell, text: str, size, bold=False, align=None) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    run = p.add_run(text)
    run.font.size = size
    run.bold = bold or None
    if not text:  # keep an empty w:t to fill in copies
        run._r.append(OxmlElement("w:t"))


def _text(kind: str, value) -> str:
    if value is None:
        return ""
    if kind == "number":
        return vnformat.format_number(value)
    if kind == "change":
        return rollup.change_text(value)
    return vnformat.format_decimal_1(value)
