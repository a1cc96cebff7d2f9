"""Figures from a collection workbook (`report-drafter sheet`) in place of the inputs' own.

`load_workbook(path)` reads the rows of the sheet `Số liệu` into `Overrides`;
`apply(report, file, overrides)` returns the report carrying the workbook's figures
(`dataclasses.replace`, nothing else changes) and every problem, each naming its cell
(`so-lieu.xlsx:Số liệu!F12: …`). Rows are matched by file and indicator id; an
indicator without id is keyed by its position (`#3`). A cell may hold a number or text
in Vietnamese notation (`1.250`, `69,037`). The workbook is read with python-calamine
(ten times faster than openpyxl's reader on a 14,000-row sheet).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from report_drafter import filekind, model, parse
from report_drafter.errors import Problem, Severity, UserError

SHEET = "Số liệu"
FILE, UNIT, ID, NAME, MEASURE = "Tệp", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính"
ACTUAL, ESTIMATED, PREVIOUS = "Thực hiện", "Ước đạt", "Cùng kỳ"
GROWTH, RATIO = "Tăng, giảm so với cùng kỳ (%)", "Bằng % cùng kỳ"
YES, NO = "có", "không"
_MODEL = {f.name for f in dataclasses.fields(model.Indicator)}
# number columns (header, Indicator field), those the model has
NUMBERS = tuple((h, a) for h, a in ((ACTUAL, "actual"), (PREVIOUS, "previous"), (GROWTH, "growth"),
                                    (RATIO, "ratio")) if a in _MODEL)
_SIGNIFICANT = 15                  # what a spreadsheet keeps of a number


def target_label_header(n: int) -> str:
    return f"Kế hoạch {n}"


def target_value_header(n: int) -> str:
    return f"Số kế hoạch {n}"


def indicator_key(indicator: model.Indicator, index: int) -> str:
    """The indicator's id, or `#n` (its position from 1) when it has none."""
    return indicator.id or f"#{index + 1}"


def column_letter(index: int) -> str:
    """0 → `A`, 26 → `AA`."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ------------------------------------------------------------------ file names

def _parts(path: str) -> tuple:
    text = unicodedata.normalize("NFC", str(path)).replace("\\", "/").casefold()
    return tuple(p for p in text.split("/") if p not in ("", "."))


def file_labels(paths: list[str]) -> list[str]:
    """For the `Tệp` column: the shortest tail of each path that no other path shares."""
    parts = [tuple(p for p in str(path).replace("\\", "/").split("/") if p not in ("", "."))
             for path in paths]
    labels = []
    for mine in parts:
        for k in range(1, len(mine) + 1):
            tail = mine[-k:]
            if sum(1 for other in parts if other[-k:] == tail) == 1 or k == len(mine):
                labels.append("/".join(tail))
                break
    return labels


# ---------------------------------------------------------------- the workbook

class Cell(NamedTuple):
    address: str                   # "F12"
    value: object                  # as read: float, int, str, bool, date or None


class Row(NamedTuple):             # tuples: a batch sends each input's rows to its worker
    number: int                    # 1-based row of the sheet
    file: str
    key: str
    cells: dict                    # header → Cell, figure columns only
    duplicate_of: int = 0          # an earlier row with the same file and id


@dataclass
class Overrides:
    """The rows of a workbook, by file text and indicator key."""

    workbook: str                  # as the user named it, for messages
    rows: dict = field(default_factory=dict)       # file text → {indicator key → Row}
    targets: int = 0               # how many `Số kế hoạch n` columns the sheet has
    _index: dict = field(default_factory=dict, repr=False)

    def where(self, address: str) -> str:
        return f"{self.workbook}:{SHEET}!{address}"

    def match(self, file: str) -> str | None:
        """The `Tệp` text naming `file` (the longest matching tail of its path), if any."""
        if not self._index:
            for text in self.rows:
                self._index.setdefault(_parts(text)[-1:], []).append(text)
        mine = _parts(os.path.abspath(file))
        found = [t for t in self._index.get(mine[-1:], ()) if mine[-len(_parts(t)):] == _parts(t)]
        return max(found, key=lambda t: len(_parts(t))) if found else None

    def only(self, file: str) -> "Overrides":
        """The rows of one file: small enough to send to a worker with its input."""
        key = self.match(file)
        return Overrides(self.workbook, {key: self.rows[key]} if key else {}, self.targets)

    def unmatched(self, files: list[str]) -> list[Problem]:
        """A warning for each file text of the workbook that names none of `files`."""
        used = {self.match(f) for f in files}
        out = []
        for text, rows in self.rows.items():
            if text not in used:
                first = min(rows.values(), key=lambda r: r.number)
                out.append(Problem(f'tệp "{text}" không có trong các tệp đầu vào của lần chạy này; '
                                   f"{len(rows)} dòng của tệp đó không được dùng — hãy kiểm tra cột {FILE} "
                                   f"hoặc thêm tệp đó vào lệnh", "", self.where(f"A{first.number}"),
                                   severity=Severity.WARNING, code="figures-unmatched"))
        return out


def load_workbook(path) -> tuple[Overrides, list[Problem]]:
    """The workbook's rows, and the problems of rows that belong to no indicator.

    Raises `UserError` when the file cannot be read as a collection workbook.
    """
    name = str(path)
    rows = _read_rows(name)
    if not rows or not any(str(v).strip() for v in rows[0]):
        raise UserError(f"{name}: trang {SHEET} không có dòng tiêu đề; hãy dùng tệp do "
                        f"report-drafter sheet tạo ra")
    headers = {str(v).strip(): i for i, v in enumerate(rows[0]) if str(v).strip()}
    for required in (FILE, ID):
        if required not in headers:
            raise UserError(f"{name}:{SHEET}!1: thiếu cột \"{required}\" ở dòng tiêu đề; hãy dùng tệp do "
                            f"report-drafter sheet tạo ra (không xóa, không đổi tên cột)")
    figure_columns = [(h, i) for h, i in headers.items() if _is_figure(h)]
    overrides = Overrides(name, targets=max((_target_number(h) for h in headers), default=0))
    problems: list[Problem] = []
    for r, values in enumerate(rows[1:], start=2):
        values = list(values) + [""] * (len(rows[0]) - len(values))
        file, key = _text(values[headers[FILE]]), _text(values[headers[ID]])
        cells = {h: Cell(f"{column_letter(i)}{r}", _blank(values[i])) for h, i in figure_columns}
        if not file or not key:
            if file or key or any(c.value is not None for c in cells.values()):
                missing, col = (FILE, headers[FILE]) if not file else (ID, headers[ID])
                problems.append(Problem(f"dòng có số liệu nhưng thiếu ô {missing}; hãy điền lại như bản "
                                        f"do report-drafter sheet tạo ra", "",
                                        overrides.where(f"{column_letter(col)}{r}"), code="figures-row"))
            continue
        by_key = overrides.rows.setdefault(file, {})
        earlier = by_key.get(key)
        by_key[key] = Row(r, file, key, cells, earlier.number if earlier else 0)
    return overrides, problems


def _read_rows(name: str) -> list:
    from python_calamine import CalamineError, CalamineWorkbook
    if not os.path.isfile(name):
        raise UserError(f"không tìm thấy tệp số liệu {name}")
    try:
        book = CalamineWorkbook.from_path(name)
        if SHEET not in book.sheet_names:
            raise UserError(f"{name}: không có trang \"{SHEET}\" (có: {', '.join(book.sheet_names)}); "
                            f"hãy dùng tệp do report-drafter sheet tạo ra")
        return book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    except OSError as exc:
        raise UserError(f"không đọc được {name}: {filekind.os_reason(exc)}") from None
    except (CalamineError, ValueError):
        raise UserError(f"không đọc được {name} như một bảng tính Excel (.xlsx); "
                        f"hãy mở tệp bằng Excel và lưu lại dạng .xlsx") from None


def _is_figure(header: str) -> bool:
    return header in (ESTIMATED, *(h for h, _ in NUMBERS)) or header.startswith(target_value_header(0)[:-1])


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def _blank(value):
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


# ------------------------------------------------------------------- applying

def apply(report: model.Report, file: str, overrides: Overrides) -> tuple[model.Report, list[Problem]]:
    """`report` with the workbook's figures for `file`, and the problems found doing it."""
    text = overrides.match(file)
    if text is None:
        return report, [Problem(f"không có dòng nào của tệp này trong {overrides.workbook} (cột {FILE}); "
                                f"số liệu lấy từ tệp đầu vào", "", file, severity=Severity.WARNING,
                                code="figures-missing")]
    rows = dict(overrides.rows[text])
    problems: list[Problem] = []
    indicators = []
    for i, ind in enumerate(report.indicators):
        key = indicator_key(ind, i)
        row = rows.pop(key, None)
        path = f"indicators[{i}]"
        if row is None:
            problems.append(Problem(f'chỉ tiêu "{key}" ({ind.name}) không có trong {overrides.workbook}; '
                                    f"dùng số liệu trong tệp đầu vào", path, file,
                                    severity=Severity.WARNING, code="figures-missing"))
            indicators.append(ind)
            continue
        new, found = _replace(ind, row, path, overrides)
        problems.extend(found)
        indicators.append(new)
    for key, row in rows.items():
        problems.append(Problem(f'tệp {file} không có chỉ tiêu mã "{key}"; dòng này không được dùng — '
                                f"hãy kiểm tra cột {ID}", "", overrides.where(f"C{row.number}"),
                                severity=Severity.WARNING, code="figures-unmatched"))
    return dataclasses.replace(report, indicators=tuple(indicators)), problems


def _replace(ind: model.Indicator, row: Row, path: str, overrides: Overrides):
    problems: list[Problem] = []

    def error(cell: Cell, attr: str, message: str, code: str = "figures-cell") -> None:
        problems.append(Problem(message, f"{path}.{attr}", overrides.where(cell.address), code=code))

    if row.duplicate_of:
        any_cell = next(iter(row.cells.values()), Cell(f"C{row.number}", None))
        error(any_cell, "id", f'mã "{row.key}" của tệp này đã có ở dòng {row.duplicate_of}; '
                              f"mỗi chỉ tiêu chỉ một dòng — hãy xóa một trong hai dòng", "figures-duplicate")
        return ind, problems
    changes: dict = {}
    for header, attr in NUMBERS:
        cell = row.cells.get(header)
        if cell is not None:
            try:
                changes[attr] = read_number(cell.value, getattr(ind, attr))
            except ValueError as exc:
                error(cell, attr, str(exc))
    cell = row.cells.get(ESTIMATED)
    if cell is not None:
        try:
            changes["estimated"] = read_yes_no(cell.value)
        except ValueError as exc:
            error(cell, "estimated", str(exc))
    targets = list(ind.targets)
    for n in range(1, 1 + max(len(targets), overrides.targets)):
        cell = row.cells.get(target_value_header(n))
        if cell is None:
            continue
        attr = f"targets[{n - 1}].value"
        try:
            value = read_number(cell.value, targets[n - 1].value if n <= len(targets) else None)
        except ValueError as exc:
            error(cell, attr, str(exc))
            continue
        if n > len(ind.targets):
            if value is not None:
                error(cell, attr, f"chỉ tiêu này không có kế hoạch {n} trong tệp đầu vào; hãy thêm "
                                  f"targets (label, value) vào tệp, hoặc xóa số ở ô này")
        elif value == 0:
            error(cell, attr, "kế hoạch bằng 0 thì không tính được tỷ lệ; hãy ghi số khác 0 hoặc để trống ô")
        else:
            targets[n - 1] = None if value is None else dataclasses.replace(targets[n - 1], value=value)
    changes["targets"] = tuple(t for t in targets if t is not None)
    if all(getattr(ind, attr) == value for attr, value in changes.items()):
        return ind, problems                   # the workbook agrees with the input
    new = dataclasses.replace(ind, **changes)
    actual_cell, previous_cell = row.cells.get(ACTUAL), row.cells.get(PREVIOUS)
    if new.previous == 0 and previous_cell:
        error(previous_cell, "previous", "số cùng kỳ bằng 0 thì không tính được tăng, giảm; hãy để trống "
                                         "ô này hoặc ghi tăng, giảm (%)")
    if new.actual is None and actual_cell and (new.previous is not None or not _has_change(new)):
        error(actual_cell, "actual", "ô thực hiện trống; hãy ghi số thực hiện (hoặc để trống cả ô cùng kỳ "
                                     "và ghi tăng, giảm (%))")
    if getattr(new, "ratio", None) is not None and new.growth is not None:
        error(row.cells.get(RATIO) or actual_cell, "ratio", "chỉ ghi một trong hai ô tăng, giảm (%) và "
                                                            "bằng % cùng kỳ")
    return new, problems


def _has_change(ind: model.Indicator) -> bool:
    return ind.growth is not None or getattr(ind, "ratio", None) is not None


def _target_number(header: str) -> int:
    prefix = target_value_header(0)[:-1]
    tail = header[len(prefix):]
    return int(tail) if header.startswith(prefix) and tail.isdigit() else 0


def read_number(value, current: Decimal | None = None) -> Decimal | None:
    """A cell as a figure: a number, or text in Vietnamese notation; blank is None.

    A value equal to `current` returns `current` itself, so unchanged figures keep the
    decimals they were written with (`140,60` stays `140,60`).
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("ô chứa giá trị đúng/sai, không phải số; hãy ghi một số, ví dụ 1.250 hoặc 69,037")
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise ValueError("ô đang là ngày tháng, không phải số (Excel tự đổi khi gõ 9.7 hay 9/7); hãy định "
                         "dạng ô là Số (Number) rồi gõ lại, ví dụ 9,7")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("ô không chứa một số hữu hạn; hãy ghi một số")
        number = _from_float(value)
    else:
        text = unicodedata.normalize("NFC", str(value)).strip()
        if text.startswith("#"):
            raise ValueError(f'ô báo lỗi công thức "{text}"; hãy sửa công thức hoặc ghi số trực tiếp')
        number = parse.parse_number(text)
    return current if current is not None and current == number else number


def _from_float(value: float) -> Decimal:
    number = Decimal(repr(value))
    digits = len(number.as_tuple().digits)
    if digits > _SIGNIFICANT:
        number = round(number, _SIGNIFICANT - digits - number.as_tuple().exponent)
        number = number.normalize() if number == number.to_integral_value() else number
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def read_yes_no(value) -> bool:
    """`có` / `không` (blank is `không`)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFC", str(value)).strip().casefold()
    if text in (YES, "co", "x", "true"):
        return True
    if text in (NO, "khong", "false"):
        return False
    raise ValueError(f'"{value}" không phải {YES} hoặc {NO}; hãy chọn {YES} (ước đạt) hoặc {NO}')
