"""Workbooks: the collection workbook (one row per unit and indicator, pre-filled, for units
to fill in) and the roll-up workbook `tong-hop.xlsx`.

Written with XlsxWriter in constant-memory mode (rows streamed to disk: three times faster
than openpyxl's write-only mode on 14,000 rows, native charts, data validation and sheet
protection all the same). Headers and the sheet name come from `figures`, which reads the
workbook back. Number cells show what was typed: `#,##0.######` (grouping, up to the six
decimals an input may have) and, by a conditional format, `#,##0` for a whole number, so
no separator dangles; the file stores format codes in Excel's neutral (US) form and Excel
shows them with the computer's separators, so a Vietnamese Windows shows `1.234,5`. Data
validation refuses text in number cells; the header row is frozen; only the figure cells
are unlocked (sheet protection, no password).
"""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from report_drafter.files import writing as output
from report_drafter.sheets import rollup
from report_drafter.sheets import workbook_in as figures
from report_drafter.sheets.workbook_in import (
    ACTUAL,
    ESTIMATED,
    FILE,
    GROWTH,
    ID,
    MEASURE,
    NAME,
    NO,
    PREVIOUS,
    RATIO,
    SHEET,
    UNIT,
    YES,
)

HEADER_FILL = "#DDEBF7"
INPUT_FILL = "#FFF9E5"
MAX_WIDTH = 80
LIMIT = 10**15  # a spreadsheet keeps 15 significant digits
TYPED = "#,##0.######"  # what was typed, grouped; whole numbers get WHOLE
WHOLE = "#,##0"
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
_OPTIONS = {
    "constant_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


def columns(reports) -> list[str]:
    """The headers, with as many target columns as the indicator with the most targets."""
    most = max((len(ind.targets) for r in reports for ind in r.indicators), default=0)
    targets = [h for n in range(1, most + 1) for h in (figures.target_label_header(n), figures.target_value_header(n))]
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
    inputs = {ACTUAL, ESTIMATED, PREVIOUS, GROWTH, RATIO} | {h for h in headers if figures.target_number(h)}
    rows = [row for file, r in units for row in _row(file, r, headers)]
    last = len(rows)  # 0-based index of the last row
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    ws = book.add_worksheet(SHEET)
    head = book.add_format({"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "vcenter"})
    number = book.add_format({"locked": False, "bg_color": INPUT_FILL, "num_format": TYPED})
    choice = book.add_format({"locked": False, "bg_color": INPUT_FILL, "num_format": "@"})
    whole = book.add_format({"num_format": WHOLE})
    for i, header in enumerate(headers):
        width = _width(header, (row[i] for row in rows))
        ws.set_column(i, i, width, (choice if header == ESTIMATED else number) if header in inputs else None)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(last, 1), len(headers) - 1)
    ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True, "sort": True})
    _print_setup(ws)
    ws.set_row(0, 32)
    for i, header in enumerate(headers):
        ws.write_string(0, i, header, head)
    for r, row in enumerate(rows, 1):
        for i, (header, value) in enumerate(zip(headers, row)):
            if value is None:
                continue  # a blank input cell takes its column's style: unlocked, yellow
            if isinstance(value, Decimal):
                ws.write_number(r, i, _number(value), number)
            elif header in inputs:
                ws.write_string(r, i, value, choice)
            else:
                ws.write_string(r, i, value)
    rows_at = max(last, 1)
    for i, header in enumerate(headers):
        if header not in inputs:
            continue
        cells = (1, i, rows_at, i)
        if header == ESTIMATED:
            ws.data_validation(
                *cells,
                {
                    "validate": "list",
                    "source": [YES, NO],
                    "ignore_blank": True,
                    "error_title": "Chọn có hoặc không",
                    "error_message": f"Ước đạt: chọn {YES} hoặc {NO}.",
                },
            )
            continue
        ws.data_validation(
            *cells,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": -LIMIT,
                "maximum": LIMIT,
                "ignore_blank": True,
                "error_type": "stop",
                "error_title": "Không phải số",
                "error_message": "Ô này chỉ nhận số, ví dụ 1.250 hoặc 69,037 (dấu chấm tách hàng nghìn, "
                "dấu phẩy thập phân theo cài đặt vùng của máy).",
            },
        )
        first = xl_rowcol_to_cell(1, i, col_abs=False, row_abs=False)
        ws.conditional_format(
            *cells, {"type": "formula", "criteria": f"=AND(ISNUMBER({first}),INT({first})={first})", "format": whole}
        )
    guide = book.add_worksheet(GUIDE)
    guide.set_column(0, 0, 110)
    for r, line in enumerate(GUIDE_LINES):
        guide.write_string(r, 0, line)
    book.close()
    return buffer.getvalue()


def write(units, path) -> None:
    """Write the workbook for `units` to `path` atomically."""
    output.write_atomic(path, build(units))


def _print_setup(ws, title_rows: tuple = (0, 0)) -> None:
    """Landscape A4, one page wide, the header row on every page."""
    ws.repeat_rows(*title_rows)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)


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
    """Wide enough for the longest value as shown (`1.234,5` is as long as `1,234.5`)."""
    longest = max(
        (len(f"{v:,}" if isinstance(v, Decimal) else str(v)) for v in set(values) if v is not None), default=0
    )
    return min(MAX_WIDTH, max(longest, min(len(header), 18)) + 2)


# --------------------------------------------------------------------- roll-up

UNITS_SHEET = "Đơn vị"
PERCENT_FORMAT = "0.0"
CHANGE_FORMAT = "+0.0;-0.0;0"


def build_rollup(result) -> bytes:
    """`tong-hop.xlsx` for a `rollup.RollUp`: a list of units, then one sheet per indicator
    (its table, a total row for summed indicators, and a native bar chart of the units' figures)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    styles = _Styles(book)
    ws = book.add_worksheet(UNITS_SHEET)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 60)
    for i, h in enumerate(("TT", "Đơn vị / tệp", "Tình trạng")):
        ws.write_string(0, i, h, styles.get("head"))
    r = 0
    for r, name in enumerate(result.units, 1):
        ws.write_number(r, 0, r)
        ws.write_string(r, 1, name)
        ws.write_string(r, 2, "đã tổng hợp")
    for r, failed in enumerate(result.failed, r + 1):
        ws.write_number(r, 0, r)
        ws.write_string(r, 1, failed.path)
        ws.write_string(r, 2, f"lỗi, chưa tổng hợp: {failed.reason}")
    ws.freeze_panes(1, 0)
    _print_setup(ws)

    for n, table in enumerate(result.tables, 1):
        ws = book.add_worksheet(_sheet_title(n, table.name))
        cols = rollup.headers(table)
        ws.set_column(0, 0, 6)
        ws.set_column(1, 1, min(MAX_WIDTH, max(len(line.unit) for line in table.lines) + 2))
        for i in range(2, len(cols)):
            ws.set_column(i, i, min(24, max(12, len(cols[i]) // 2 + 2)))
        ws.write_string(
            0, 0, f"{n}. {table.name}" + (f" ({table.measure})" if table.measure else ""), styles.get("bold")
        )
        ws.set_row(1, 48)
        for i, h in enumerate(cols):
            ws.write_string(1, i, h, styles.get("head"))
        kinds = _kinds(table)
        rows = list(enumerate(table.lines, 1))
        if table.total:
            rows.append((None, table.total))
        for r, (tt, line) in enumerate(rows, 2):
            style = "bold" if line is table.total else ""
            if tt is not None:
                ws.write_number(r, 0, tt, styles.get(style))
            ws.write_string(r, 1, line.unit, styles.get(style))
            for i, (kind, value) in enumerate(zip(kinds, rollup.cells(line)), 2):
                if value is not None:
                    fmt = {"number": number_format(value), "percent": PERCENT_FORMAT, "change": CHANGE_FORMAT}[kind]
                    ws.write_number(r, i, _number(value), styles.get(style, fmt))
        for r, note in enumerate(table.notes, 2 + len(rows)):
            ws.write_string(r, 1, f"Ghi chú: {note}")
        ws.freeze_panes(2, 2)
        _print_setup(ws, title_rows=(1, 1))
        ws.insert_chart(len(rows) + len(table.notes) + 3, 1, _chart(book, ws.name, table, len(cols)))
    book.close()
    return buffer.getvalue()


def _chart(book, sheet: str, table, columns: int):
    """A native bar chart of the units' figures (actual, or the change when no unit has one)."""
    chart = book.add_chart({"type": "column"})
    actual = any(line.actual is not None for line in table.lines)
    col, last = (2 if actual else columns - 1), 1 + len(table.lines)
    chart.add_series(
        {"name": [sheet, 1, col], "values": [sheet, 2, col, last, col], "categories": [sheet, 2, 1, last, 1]}
    )
    chart.set_style(10)
    chart.set_legend({"none": True})
    chart.set_title({"name": _literal(table.name if actual else f"{table.name}: tăng/giảm so với cùng kỳ (%)")})
    axis = {"num_format": "#,##0.0"}
    name = (table.measure or "") if actual else "%"
    if name:
        axis["name"] = _literal(name)
    chart.set_y_axis(axis)
    width_cm = max(16, min(40, 2 + len(table.lines) * 0.8))
    chart.set_size({"width": round(width_cm * 37.8), "height": round(9 * 37.8)})
    return chart


def _literal(text: str) -> str:
    """A chart title taken as text: XlsxWriter reads a leading `=` as a cell reference."""
    return text.lstrip("=") or "-"


def _kinds(table) -> list[str]:
    return ["number"] + ["number", "percent"] * len(table.labels) + ["number", "change"]


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _sheet_title(n: int, name: str) -> str:
    """`3. Thu ngân sách…`: at most 31 characters, none of `[]:*?/\\` (the number keeps it unique)."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in name)
    return f"{n}. {clean}"[:31].rstrip().rstrip("'")


class _Styles:
    """A few named styles, each with a number format, made once: a format per cell would
    make the workbook's style table as long as the sheet."""

    BASE = {
        "": {},
        "bold": {"bold": True},
        "head": {"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "vcenter", "align": "center"},
    }

    def __init__(self, book):
        self.book = book
        self.made: dict = {}

    def get(self, name: str = "", fmt: str | None = None):
        if not name and not fmt:
            return None
        key = (name, fmt)
        if key not in self.made:
            self.made[key] = self.book.add_format({**self.BASE[name], **({"num_format": fmt} if fmt else {})})
        return self.made[key]
