"""Workbooks: the collection workbook (one row per unit and indicator, pre-filled, for units
to fill in) and the roll-up workbook `tong-hop.xlsx`.

Written with openpyxl (write-only, streamed). Headers and the sheet name come from
`figures`, which reads the workbook back. Number cells carry the format `#,##0.0…`
with as many decimals as the figure was written with: the file stores format codes in
Excel's neutral (US) form and Excel shows them with the computer's separators, so a
Vietnamese Windows shows `1.234,5`. Data validation refuses text in number cells; the
header row is frozen; only the figure cells are unlocked (sheet protection, no password).
"""

from __future__ import annotations

import copy
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from report_drafter import figures, output, rollup, vnformat
from report_drafter.figures import (ACTUAL, ESTIMATED, FILE, GROWTH, ID, MEASURE, NAME, NO, PREVIOUS,
                                    RATIO, SHEET, UNIT, YES)

HEADER_FILL = "DDEBF7"
INPUT_FILL = "FFF9E5"
MAX_WIDTH = 80
LIMIT = "1000000000000000"          # 10^15: a spreadsheet keeps 15 significant digits
GUIDE = "Hướng dẫn"
GUIDE_LINES = (
    "Bảng thu thập số liệu do report-drafter tạo ra.",
    f"Chỉ điền các ô nền vàng: {ACTUAL}, {ESTIMATED} ({YES}/{NO}), số kế hoạch, {PREVIOUS}, {GROWTH}.",
    "Số viết kiểu Việt Nam: dấu chấm tách hàng nghìn, dấu phẩy thập phân (1.250; 69,037).",
    "Máy đặt vùng Việt Nam thì Excel hiện số đúng kiểu đó; máy đặt vùng tiếng Anh thì Excel hiện 1,250.5 "
    "— số vẫn đúng, cũng có thể gõ số dạng chữ kiểu Việt Nam ('1.250,5).",
    "Để trống một ô là bỏ số đó. Không đổi tên trang, tên cột, cột Tệp và Mã chỉ tiêu.",
    "Các cột tên tệp, đơn vị, chỉ tiêu được khóa (Review → Unprotect Sheet để mở, không có mật khẩu).",
    "Gửi lại tệp; văn phòng chạy: report-drafter render … --figures tệp-này.xlsx",
)


def columns(reports) -> list[str]:
    """The headers, with as many target columns as the indicator with the most targets."""
    most = max((len(ind.targets) for r in reports for ind in r.indicators), default=0)
    targets = [h for n in range(1, most + 1)
               for h in (figures.target_label_header(n), figures.target_value_header(n))]
    changes = [h for h, _ in figures.NUMBERS if h in (GROWTH, RATIO)]
    return [FILE, UNIT, ID, NAME, MEASURE, ACTUAL, ESTIMATED, *targets, PREVIOUS, *changes]


def number_format(value: Decimal) -> str:
    """`#,##0` for a whole number, `#,##0.0` / `#,##0.000` … for one written with decimals."""
    decimals = max(0, -value.as_tuple().exponent)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def build(units) -> bytes:
    """The workbook for `units`, a list of (file text, Report), as .xlsx bytes."""

    reports = [r for _, r in units]
    headers = columns(reports)
    book = Workbook(write_only=True)
    ws = book.create_sheet(SHEET)
    inputs = {ACTUAL, ESTIMATED, PREVIOUS, GROWTH, RATIO} | {
        h for h in headers if h.startswith(figures.target_value_header(0)[:-1])}
    rows = [_row(file, r, headers) for file, r in units]
    flat = [row for unit in rows for row in unit]
    last = len(flat) + 1
    fill = PatternFill("solid", fgColor=INPUT_FILL)
    for i, header in enumerate(headers):
        dim = ws.column_dimensions[figures.column_letter(i)]
        dim.width = _width(header, (row[i] for row in flat))
        if header in inputs:          # blank input cells take the column's style: unlocked
            dim.protection = Protection(locked=False)
            dim.fill = fill
            dim.number_format = "#,##0.###" if header != ESTIMATED else "@"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{figures.column_letter(len(headers) - 1)}{last}"
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = ws.protection.autoFilter = False
    ws.protection.sort = False
    _print_setup(ws)

    numbers = DataValidation(type="decimal", operator="between", formula1=f"-{LIMIT}", formula2=LIMIT,
                             allow_blank=True, showErrorMessage=True, errorStyle="stop",
                             errorTitle="Không phải số",
                             error="Ô này chỉ nhận số, ví dụ 1.250 hoặc 69,037 (dấu chấm tách hàng nghìn, "
                                   "dấu phẩy thập phân theo cài đặt vùng của máy).")
    yes_no = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True, showErrorMessage=True,
                            errorTitle="Chọn có hoặc không", error=f"Ước đạt: chọn {YES} hoặc {NO}.")
    for i, header in enumerate(headers):
        if header in inputs:
            letter = figures.column_letter(i)
            (yes_no if header == ESTIMATED else numbers).add(f"{letter}2:{letter}{last}")
    ws.data_validations.append(numbers)
    ws.data_validations.append(yes_no)

    cells = _Cells(ws)
    cells.style("head", font=Font(bold=True), fill=PatternFill("solid", fgColor=HEADER_FILL),
                alignment=Alignment(wrap_text=True, vertical="center"))
    cells.style("input", protection=Protection(locked=False), fill=fill)

    ws.row_dimensions[1].height = 32
    ws.append([cells.make(h, "head") for h in headers])
    for row in flat:
        out = []
        for header, value in zip(headers, row):
            if header not in inputs or value is None:
                out.append(cells.text(value))
            elif isinstance(value, Decimal):
                out.append(cells.make(_number(value), "input", number_format(value)))
            else:
                out.append(cells.make(value, "input"))
        ws.append(out)

    guide = book.create_sheet(GUIDE)
    guide.column_dimensions["A"].width = 110
    for line in GUIDE_LINES:
        guide.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(units, path) -> None:
    """Write the workbook for `units` to `path` atomically."""
    output.write_atomic(path, build(units))


def _print_setup(ws, title_rows: str = "1:1") -> None:
    """Landscape A4, one page wide, the header row on every page."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"                 # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _row(file: str, report, headers: list[str]) -> list[list]:
    """The rows of one unit, in `headers` order (Decimal for figures, text otherwise)."""
    position = {h: i for i, h in enumerate(headers)}
    out = []
    for i, ind in enumerate(report.indicators):
        row = [None] * len(headers)
        row[:5] = [file, report.issuer.name, figures.row_key(ind, i), ind.name, ind.unit or None]
        row[position[ACTUAL]] = ind.actual
        row[position[ESTIMATED]] = YES if ind.estimated else NO
        for n, target in enumerate(ind.targets, 1):
            row[position[figures.target_label_header(n)]] = target.label
            row[position[figures.target_value_header(n)]] = target.value
        row[position[PREVIOUS]] = ind.previous
        for header, attr in figures.NUMBERS:
            if header in (GROWTH, RATIO):
                row[position[header]] = getattr(ind, attr)
        out.append(row)
    return out


def _width(header: str, values) -> float:
    longest = max((len(_shown(v)) for v in values if v is not None), default=0)
    return min(MAX_WIDTH, max(longest, min(len(header), 18)) + 2)


def _shown(value) -> str:
    if isinstance(value, Decimal):
        return vnformat.format_number(value)
    return str(value)


# --------------------------------------------------------------------- roll-up

UNITS_SHEET = "Đơn vị"
PERCENT_FORMAT = "0.0"
CHANGE_FORMAT = "+0.0;-0.0;0"


def build_rollup(result) -> bytes:
    """`tong-hop.xlsx` for a `rollup.RollUp`: a list of units, then one sheet per indicator
    (its table, a total row for summed indicators, and a native bar chart of the units' figures)."""
    book = Workbook(write_only=True)
    ws = book.create_sheet(UNITS_SHEET)
    cells = _Cells(ws)
    cells.style("bold", font=Font(bold=True))
    cells.style("head", font=Font(bold=True), fill=PatternFill("solid", fgColor=HEADER_FILL),
                alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"))
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 6, 40
    ws.column_dimensions["C"].width = 60
    ws.append([cells.make(h, "head") for h in ("TT", "Đơn vị / tệp", "Tình trạng")])
    for i, name in enumerate(result.units, 1):
        ws.append([i, cells.text(name), "đã tổng hợp"])
    for j, failed in enumerate(result.failed, len(result.units) + 1):
        ws.append([j, cells.text(failed.path), f"lỗi, chưa tổng hợp: {failed.reason}"])
    ws.freeze_panes = "A2"

    for n, table in enumerate(result.tables, 1):
        ws = cells.ws = book.create_sheet(_sheet_title(n, table.name))
        cols = rollup.headers(table)
        ws.column_dimensions["A"].width = 6
        ws.column_dimensions["B"].width = min(MAX_WIDTH, max(len(line.unit) for line in table.lines) + 2)
        for i in range(2, len(cols)):
            ws.column_dimensions[figures.column_letter(i)].width = min(24, max(12, len(cols[i]) // 2 + 2))
        ws.append([cells.make(f"{n}. {table.name}" + (f" ({table.measure})" if table.measure else ""),
                              "bold")])
        ws.row_dimensions[2].height = 48          # before the row: write-only rows go out at once
        ws.append([cells.make(h, "head") for h in cols])
        kinds = _kinds(table)
        rows = list(enumerate(table.lines, 1))
        if table.total:
            rows.append((None, table.total))
        for tt, line in rows:
            values = rollup.cells(line)
            style = "bold" if line is table.total else ""
            out = [cells.make(tt, style), cells.make(line.unit, style)]
            for kind, value in zip(kinds, values):
                if value is None:
                    out.append(None)
                else:
                    fmt = {"number": number_format(value), "percent": PERCENT_FORMAT,
                           "change": CHANGE_FORMAT}[kind]
                    out.append(cells.make(_number(value), style, fmt))
            ws.append(out)
        for note in table.notes:
            ws.append([None, f"Ghi chú: {note}"])
        ws.freeze_panes = "C3"
        _print_setup(ws, title_rows="2:2")
        ws.add_chart(_chart(ws, table, len(cols)), f"B{len(rows) + len(table.notes) + 4}")   # under the table
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _chart(ws, table, columns: int):
    """A native bar chart of the units' figures (actual, or the change when no unit has one)."""
    chart = BarChart()
    chart.type, chart.style, chart.legend = "col", 10, None
    actual = any(line.actual is not None for line in table.lines)
    chart.title = table.name if actual else f"{table.name}: so với cùng kỳ (%)"
    chart.y_axis.title = (table.measure or None) if actual else "%"
    chart.y_axis.numFmt = "#,##0.0"
    chart.x_axis.delete = chart.y_axis.delete = False      # Excel hides axes otherwise
    last = 2 + len(table.lines)
    chart.add_data(Reference(ws, min_col=3 if actual else columns, min_row=2, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=3, max_row=last))
    chart.width, chart.height = max(16, min(40, 2 + len(table.lines) * 0.8)), 9
    return chart


def _kinds(table) -> list[str]:
    return ["number"] + ["number", "percent"] * len(table.labels) + ["number", "change"]


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet_title(n: int, name: str) -> str:
    """`3. Thu ngân sách…`: at most 31 characters, none of `[]:*?/\\` (the number keeps it unique)."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in name)
    return f"{n}. {clean}"[:31].rstrip()


class _Cells:
    """Write-only cells from a few named styles: copying a prepared style is far cheaper than
    setting font, fill and format on every one of 100,000 cells."""

    def __init__(self, ws):
        self.ws = ws
        self.styles: dict = {}

    def style(self, name: str, **attributes) -> None:
        cell = WriteOnlyCell(self.ws)
        for key, value in attributes.items():
            setattr(cell, key, value)
        self.styles[(name, None)] = cell._style

    def text(self, value):
        """`value` as it is, or as a text cell when it starts with `=`: input text never
        becomes a formula."""
        return self.make(value) if isinstance(value, str) and value.startswith("=") else value

    def make(self, value, name: str = "", fmt: str | None = None):
        cell = WriteOnlyCell(self.ws, value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
        if name or fmt:
            if (name, fmt) not in self.styles:
                proto = WriteOnlyCell(self.ws)
                if name:
                    proto._style = copy.copy(self.styles[(name, None)])
                if fmt:
                    proto.number_format = fmt
                self.styles[(name, fmt)] = proto._style
            cell._style = copy.copy(self.styles[(name, fmt)])
        return cell
