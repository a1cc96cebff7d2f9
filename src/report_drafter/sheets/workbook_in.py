"""Figures from a collection workbook (`report-drafter sheet`) in place of the inputs' own.

`load_workbook(path)` reads the rows of the sheet `Số liệu` into `Overrides` (its size
bounded first, `xlsxsize`); `overlay(file, overrides)` gives the loader a function that lays
the cells of `file`'s rows over its input tree as nodes carrying their cell
(`so-lieu.xlsx:Số liệu!F12`), so that the loader's one set of rules checks a cell exactly as
it checks the same value written in YAML. Rows are matched by file and indicator id; an
indicator without id is keyed by its position (`#3`). A number cell is spelled in the
input's notation, a text cell is read as the input would read that text. The workbook is
read with python-calamine (ten times faster than openpyxl's reader on a 14,000-row sheet).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from report_drafter import model
from report_drafter.errors import Problem, Severity, UserError
from report_drafter.files import kind as filekind
from report_drafter.input.yamltree import _MAP, _NULL_TAG, _SCALAR, _SEQ, Node, _is_null
from report_drafter.rules import book as layout
from report_drafter.sheets import xlsxsize
from report_drafter.vn import reading as parse

SHEET = "Số liệu"
FILE, UNIT, ID, NAME, MEASURE = "Tệp", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính"
ACTUAL, ESTIMATED, PREVIOUS = "Thực hiện", "Ước đạt", "Cùng kỳ"
# One meaning, one name (the report's appendix and the roll-up say the same): growth is the
# signed change (+11), ratio the figure as a percentage of last year's (111).
GROWTH, RATIO = layout.GROWTH_COLUMN.format(against="cùng kỳ"), layout.RATIO_COLUMN.format(against="cùng kỳ")
_ALIASES = {"Tăng, giảm so với cùng kỳ (%)": GROWTH, "Bằng % cùng kỳ": RATIO}  # workbooks of 2026
YES, NO = "có", "không"
_MODEL = {f.name for f in dataclasses.fields(model.Indicator)}
# number columns (header, Indicator field), those the model has
NUMBERS = tuple(
    (h, a) for h, a in ((ACTUAL, "actual"), (PREVIOUS, "previous"), (GROWTH, "growth"), (RATIO, "ratio")) if a in _MODEL
)
_SIGNIFICANT = 15  # what a spreadsheet keeps of a number


def target_label_header(n: int) -> str:
    return f"Kế hoạch {n}"


def target_value_header(n: int) -> str:
    return f"Số kế hoạch {n}"


def row_key(indicator: model.Indicator, index: int) -> str:
    """The key of an indicator's row in the figures sheet: its id, or `#n` (its position from 1).
    (Not `marks.indicator_key`, the bookmark name of its figures.)"""
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
    parts = [tuple(p for p in str(path).replace("\\", "/").split("/") if p not in ("", ".")) for path in paths]
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
    address: str  # "F12"
    value: object  # as read: float, int, str, bool, date or None


class Row(NamedTuple):  # tuples: a batch sends each input's rows to its worker
    number: int  # 1-based row of the sheet
    file: str
    key: str
    cells: dict  # header → Cell, figure columns only
    duplicate_of: int = 0  # an earlier row with the same file and id


@dataclass
class Overrides:
    """The rows of a workbook, by file text and indicator key."""

    workbook: str  # as the user named it, for messages
    rows: dict = field(default_factory=dict)  # file text → {indicator key → Row}
    targets: dict = field(default_factory=dict)  # n → header of each `Số kế hoạch n` column
    _index: dict = field(default_factory=dict, repr=False)

    def where(self, address: str) -> str:
        return f"{self.workbook}:{SHEET}!{address}"

    def match(self, file: str) -> str | None:
        """The `Tệp` text naming `file` (the longest matching tail of its path), if any."""
        if not self._index:
            for text in self.rows:
                self._index.setdefault(_parts(text)[-1:], []).append(text)
        mine = _parts(os.path.abspath(file))
        found = [t for t in self._index.get(mine[-1:], ()) if mine[-len(_parts(t)) :] == _parts(t)]
        return max(found, key=lambda t: len(_parts(t))) if found else None

    def only(self, file: str) -> Overrides:
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
                out.append(
                    Problem(
                        f'tệp "{text}" không có trong các tệp đầu vào của lần chạy này; '
                        f"{len(rows)} dòng của tệp đó không được dùng — hãy kiểm tra cột {FILE} "
                        f"hoặc thêm tệp đó vào lệnh",
                        "",
                        self.where(f"A{first.number}"),
                        severity=Severity.WARNING,
                        code="figures-unmatched",
                    )
                )
        return out


def load_workbook(path) -> tuple[Overrides, list[Problem]]:
    """The workbook's rows, and the problems of rows that belong to no indicator.

    Raises `UserError` when the file cannot be read as a collection workbook.
    """
    name = str(path)
    rows = _read_rows(name)
    if not rows or not any(str(v).strip() for v in rows[0]):
        raise UserError(f"{name}: trang {SHEET} không có dòng tiêu đề; hãy dùng tệp do report-drafter sheet tạo ra")
    headers = {str(v).strip(): i for i, v in enumerate(rows[0]) if str(v).strip()}
    for required in (FILE, ID):
        if required not in headers:
            raise UserError(
                f'{name}:{SHEET}!1: thiếu cột "{required}" ở dòng tiêu đề; hãy dùng tệp do '
                f"report-drafter sheet tạo ra (không xóa, không đổi tên cột)"
            )
    headers = {_ALIASES.get(h, h): i for h, i in headers.items()}
    targets = {n: h for h in headers if (n := target_number(h))}
    figure_columns = [(h, i) for h, i in headers.items() if h in _FIGURES or h in targets.values()]
    overrides = Overrides(name, targets=targets)
    problems: list[Problem] = [
        Problem(
            f'cột "{h[:60]}" không được đọc: cột số kế hoạch ghi "{target_value_header(1)}" … '
            f'"{target_value_header(99)}"; hãy sửa tên cột như bản do report-drafter sheet tạo ra',
            "",
            overrides.where(f"{column_letter(i)}1"),
            severity=Severity.WARNING,
            code="figures-header",
        )
        for h, i in headers.items()
        if h.startswith(target_value_header(0)[:-1]) and h not in targets.values()
    ]
    for r, values in enumerate(rows[1:], start=2):
        values = list(values) + [""] * (len(rows[0]) - len(values))
        file, key = _text(values[headers[FILE]]), _text(values[headers[ID]])
        cells = {h: Cell(f"{column_letter(i)}{r}", _blank(values[i])) for h, i in figure_columns}
        if not file or not key:
            if file or key or any(c.value is not None for c in cells.values()):
                missing, col = (FILE, headers[FILE]) if not file else (ID, headers[ID])
                problems.append(
                    Problem(
                        f"dòng có số liệu nhưng thiếu ô {missing}; hãy điền lại như bản do report-drafter sheet tạo ra",
                        "",
                        overrides.where(f"{column_letter(col)}{r}"),
                        code="figures-row",
                    )
                )
            continue
        by_key = overrides.rows.setdefault(file, {})
        earlier = by_key.get(key)
        by_key[key] = Row(r, file, key, cells, earlier.number if earlier else 0)
    return overrides, problems


def _read_rows(name: str) -> list:
    from python_calamine import CalamineError, CalamineWorkbook

    if not os.path.isfile(name):
        raise UserError(f"không tìm thấy tệp số liệu {name}")
    xlsxsize.check(name, SHEET)
    try:
        book = CalamineWorkbook.from_path(name)
        if SHEET not in book.sheet_names:
            raise UserError(
                f'{name}: không có trang "{SHEET}" (có: {", ".join(book.sheet_names)}); '
                f"hãy dùng tệp do report-drafter sheet tạo ra"
            )
        return book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    except OSError as exc:
        raise UserError(f"không đọc được {name}: {filekind.os_reason(exc)}") from None
    except (CalamineError, ValueError):
        raise UserError(
            f"không đọc được {name} như một bảng tính Excel (.xlsx); hãy mở tệp bằng Excel và lưu lại dạng .xlsx"
        ) from None
    except BaseException as exc:  # a panic of the Rust reader (pyo3's PanicException)
        if type(exc).__name__ != "PanicException":
            raise
        raise UserError(
            f"không đọc được {name} như một bảng tính Excel (.xlsx) (tệp hỏng); "
            f"hãy mở tệp bằng Excel và lưu lại dạng .xlsx"
        ) from None


_FIGURES = {ESTIMATED, *(h for h, _ in NUMBERS)}
_TARGET = re.compile(re.escape(target_value_header(0)[:-1]) + r"([1-9][0-9]?)")


def target_number(header: str) -> int:
    """`Số kế hoạch 3` → 3; 0 for any other header (`Số kế hoạch 999999999999` is no plan:
    at most 99 plans, read from the digits without building a number of any size)."""
    m = _TARGET.fullmatch(header)
    return int(m.group(1)) if m else 0


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def _blank(value):
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


# ------------------------------------------------------------------- applying


def overlay(file: str, overrides: Overrides):
    """`tree → (tree, problems)` for `load`: the workbook's cells of `file` laid over the
    input's figures as nodes that carry their cell, so that the loader's one set of rules
    checks them with the same messages as the same value written in YAML."""
    return lambda tree: lay_over(tree, file, overrides)


def lay_over(tree: Node, file: str, overrides: Overrides) -> tuple[Node, list[Problem]]:
    """The input tree with the figures of its rows in the workbook (see `overlay`)."""
    text = overrides.match(file)
    if text is None:
        return tree, [
            Problem(
                f"không có dòng nào của tệp này trong {overrides.workbook} (cột {FILE}); số liệu lấy từ tệp đầu vào",
                "",
                file,
                severity=Severity.WARNING,
                code="figures-missing",
            )
        ]
    rows = dict(overrides.rows[text])
    problems: list[Problem] = []
    entry = tree.value.get("indicators") if tree.kind == _MAP else None
    items = entry[1].value if entry is not None and entry[1].kind == _SEQ else []
    plain = _plain(tree)
    laid = []
    for i, item in enumerate(items):
        if item.kind != _MAP:
            laid.append(item)
            continue
        key = _node_key(item, i)
        row = rows.pop(key, None)
        if row is None:
            name = item.value.get("name", (None, None))[1]
            shown = parse.clean_text(name.value) if name is not None and name.kind == _SCALAR else ""
            problems.append(
                Problem(
                    f'chỉ tiêu "{key}" ({shown}) không có trong {overrides.workbook}; dùng số liệu trong tệp đầu vào',
                    f"indicators[{i}]",
                    file,
                    severity=Severity.WARNING,
                    code="figures-missing",
                )
            )
            laid.append(item)
        else:
            laid.append(_lay_row(item, row, f"indicators[{i}]", overrides, plain, problems))
    for key, row in rows.items():
        problems.append(
            Problem(
                f'tệp {file} không có chỉ tiêu mã "{key}"; dòng này không được dùng — hãy kiểm tra cột {ID}',
                "",
                overrides.where(f"C{row.number}"),
                severity=Severity.WARNING,
                code="figures-unmatched",
            )
        )
    if not laid:
        return tree, problems
    return _with(tree, "indicators", _copy(entry[1], laid)), problems


def _lay_row(item: Node, row: Row, path: str, overrides: Overrides, plain: bool, problems: list[Problem]) -> Node:
    """An indicator's node with the cells of its row in place of its figures."""

    def error(cell: Cell, attr: str, message: str, code: str = "figures-cell") -> None:
        problems.append(Problem(message, f"{path}.{attr}", overrides.where(cell.address), code=code))

    if row.duplicate_of:
        any_cell = next(iter(row.cells.values()), Cell(f"C{row.number}", None))
        error(
            any_cell,
            "id",
            f'mã "{row.key}" của tệp này đã có ở dòng {row.duplicate_of}; '
            f"mỗi chỉ tiêu chỉ một dòng — hãy xóa một trong hai dòng",
            "figures-duplicate",
        )
        return item
    for header, attr in NUMBERS:
        cell = row.cells.get(header)
        if cell is not None:
            item = _set_number(item, attr, cell, overrides, plain, lambda m, c=cell, a=attr: error(c, a, m))
    cell = row.cells.get(ESTIMATED)
    if cell is not None:
        try:
            flag = read_yes_no(cell.value)
            current = item.value.get("estimated", (None, None))[1]
            if flag or current is not None:
                item = _with(item, "estimated", _scalar("true" if flag else "false", overrides.where(cell.address)))
        except ValueError as exc:
            error(cell, "estimated", str(exc))
    targets_entry = item.value.get("targets")
    targets = list(targets_entry[1].value) if targets_entry and targets_entry[1].kind == _SEQ else []
    laid, dropped = list(targets), set()
    for n, header in sorted(overrides.targets.items()):
        cell = row.cells[header]
        if n > len(targets) or targets[n - 1].kind != _MAP:
            if cell.value is not None:
                error(
                    cell,
                    f"targets[{n - 1}].value",
                    f"chỉ tiêu này không có kế hoạch {n} trong tệp đầu "
                    f"vào; hãy thêm targets (label, value) vào tệp, hoặc "
                    f"xóa số ở ô này",
                )
            continue
        if cell.value is None:  # a blank plan cell: the unit has no such plan
            dropped.add(n - 1)
            continue
        laid[n - 1] = _set_number(
            targets[n - 1],
            "value",
            cell,
            overrides,
            plain,
            lambda m, c=cell, n=n: error(c, f"targets[{n - 1}].value", m),
        )
    if (
        targets_entry is not None
        and targets_entry[1].kind == _SEQ
        and (dropped or any(a is not b for a, b in zip(laid, targets)))
    ):
        kept = [t for j, t in enumerate(laid) if j not in dropped]
        item = _with(item, "targets", _copy(targets_entry[1], kept))
    return item


def _set_number(item: Node, attr: str, cell: Cell, overrides: Overrides, plain: bool, refuse) -> Node:
    """`item` with `attr` taken from `cell`: the input's own node when the cell holds the same
    number (so `140,60` keeps its decimals), else a node written at the cell."""
    current = item.value.get(attr, (None, None))[1]
    if cell.value is None:  # a blank cell: as if the key were not written
        if current is None or _is_null(current):
            return item
        return _with(item, attr, Node(_SCALAR, "", overrides.where(cell.address), 0, 0, _NULL_TAG))
    try:
        text, number = _cell_value(cell.value, plain)
    except ValueError as exc:
        refuse(str(exc))
        return item
    if current is not None and current.kind == _SCALAR and not _is_null(current):
        if current.value == text:
            return item
        try:
            if parse.parse_number(current.value, plain) == (
                parse.parse_number(text, plain) if number is None else number
            ):
                return item
        except (ValueError, ArithmeticError):
            pass
    return _with(item, attr, _scalar(text, overrides.where(cell.address)))


def cell_text(value, plain: bool = False) -> str:
    """A cell's value as the input would write it: text as typed, a number in the input's
    notation (`1.234,5`, or `1234.5` with `number_format: plain`). Raises ValueError (Vietnamese)
    for what is no number at all: true/false, a date, a formula's error."""
    return _cell_value(value, plain)[0]


def _cell_value(value, plain: bool = False) -> tuple[str, Decimal | None]:
    """`cell_text`, and the number of a number cell (None for a text cell)."""
    if isinstance(value, bool):
        raise ValueError("ô chứa giá trị đúng/sai, không phải số; hãy ghi một số, ví dụ 1.250 hoặc 69,037")
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise ValueError(
            "ô đang là ngày tháng, không phải số (Excel tự đổi khi gõ 9.7 hay 9/7); hãy định "
            "dạng ô là Số (Number) rồi gõ lại, ví dụ 9,7"
        )
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise ValueError("ô không chứa một số hữu hạn; hãy ghi một số")
        number = Decimal(value) if isinstance(value, int) else _from_float(value)
        return spell(number, plain), number
    text = unicodedata.normalize("NFC", str(value)).strip()
    if text.startswith("#"):
        raise ValueError(f'ô báo lỗi công thức "{text[:40]}"; hãy sửa công thức hoặc ghi số trực tiếp')
    return text, None


def spell(number: Decimal, plain: bool = False) -> str:
    """`Decimal('-1234.5')` → `-1.234,5` (plain: `-1234.5`): what a clerk would type."""
    whole, _, decimals = f"{abs(number):f}".partition(".")
    sign = "-" if number < 0 else ""
    if plain:
        return f"{sign}{whole}" + (f".{decimals}" if decimals else "")
    head = len(whole) % 3 or 3
    groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return sign + ".".join(groups) + (f",{decimals}" if decimals else "")


def _plain(tree: Node) -> bool:
    entry = tree.value.get("number_format") if tree.kind == _MAP else None
    return entry is not None and entry[1].kind == _SCALAR and str(entry[1].value).strip() == "plain"


def _node_key(item: Node, index: int) -> str:
    """The key the workbook gives an indicator node: as `row_key` gives the loaded one."""
    entry = item.value.get("id")
    ind_id = parse.clean_text(entry[1].value) if entry and entry[1].kind == _SCALAR and not _is_null(entry[1]) else ""
    return ind_id or f"#{index + 1}"


def _scalar(text: str, place: str) -> Node:
    return Node(_SCALAR, text, place, 0, 0, "tag:yaml.org,2002:str")


def _with(node: Node, name: str, value: Node) -> Node:
    """A copy of mapping `node` with `name` set to `value` (nodes are never changed in place:
    the batch's `_defaults.yaml` tree is shared by every input)."""
    items = dict(node.value)
    key = items[name][0] if name in items else _scalar(name, value.file)
    items[name] = (key, value)
    return dataclasses.replace(node, value=items)


def _copy(node: Node, values: list) -> Node:
    return dataclasses.replace(node, value=values)


def read_number(value, current: Decimal | None = None) -> Decimal | None:
    """A cell as a figure, read as the input reads it (`cell_text`, then the notation's rules);
    blank is None. A value equal to `current` returns `current` itself (its decimals kept)."""
    if value is None:
        return None
    number = parse.parse_number(cell_text(value))
    return current if current is not None and current == number else number


def _from_float(value: float) -> Decimal:
    """What a spreadsheet keeps of a float: 15 significant digits (`0.1 + 0.2` is 0,3)."""
    number = Decimal(repr(value))
    digits = len(number.as_tuple().digits)
    if number.adjusted() > _SIGNIFICANT + 3:  # far beyond any figure: the rules refuse it as is
        return number
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
