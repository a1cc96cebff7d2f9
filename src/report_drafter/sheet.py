"""The collection workbook: one row per unit and indicator, pre-filled, for units to fill in.

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

from report_drafter import figures, output, vnformat
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
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

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

    head = WriteOnlyCell(ws)
    head.font = Font(bold=True)
    head.fill = PatternFill("solid", fgColor=HEADER_FILL)
    head.alignment = Alignment(wrap_text=True, vertical="center")
    unlocked = WriteOnlyCell(ws)
    unlocked.protection = Protection(locked=False)
    unlocked.fill = fill
    styles: dict = {}

    def styled(proto, value, fmt=None):
        cell = WriteOnlyCell(ws, value)
        if fmt is None:
            cell._style = copy.copy(proto._style)
            return cell
        if fmt not in styles:
            styles[fmt] = WriteOnlyCell(ws)
            styles[fmt]._style = copy.copy(unlocked._style)
            styles[fmt].number_format = fmt
        cell._style = copy.copy(styles[fmt]._style)
        return cell

    ws.append([styled(head, h) for h in headers])
    for row in flat:
        out = []
        for header, value in zip(headers, row):
            if header not in inputs or value is None:
                out.append(value)
            elif isinstance(value, Decimal):
                out.append(styled(unlocked, int(value) if value == value.to_integral_value() else float(value),
                                  number_format(value)))
            else:
                out.append(styled(unlocked, value))
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


def _print_setup(ws) -> None:
    """Landscape A4, one page wide, the header row on every page."""
    ws.print_title_rows = "1:1"
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
        row[:5] = [file, report.issuer.name, figures.indicator_key(ind, i), ind.name, ind.unit or None]
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
