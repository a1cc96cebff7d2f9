"""The size of a workbook, bounded before a reader sees it.

A reader of .xlsx (python-calamine) builds the whole used range of a sheet in memory: one
cell at `XFD1048576` asks for 512 GiB and aborts the process. `check(path)` looks into the
zip first — the parts' sizes (read, never trusted from the header), and in each worksheet
the `<dimension>`, the farthest cell and the number of rows and cells — and raises
`UserError` (Vietnamese) for a workbook larger than a collection workbook can be.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from report_drafter.errors import UserError

MAX_ROWS = 100_000  # 5,000 units × 20 indicators
MAX_COLUMNS = 256
MAX_CELLS = 4_000_000  # of the used rectangle
MAX_PART = 48 * 1024 * 1024  # bytes of one part, unpacked (a 100,000-row sheet is ~25 MB)
MAX_TOTAL = 128 * 1024 * 1024
MAX_MEMBERS = 1_000
_READ = (
    "xl/workbook.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
)
_REF = re.compile(rb"""\sr=["']([A-Za-z]{0,6})([0-9]{1,12})["']""")  # of <row> and <c>: nothing else has an r
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="[A-Z]{0,3}[0-9]{0,9}:?([A-Z]{0,4})([0-9]{0,10})"')


def check(path: str, sheet: str) -> None:
    """Raise `UserError` when the workbook at `path` is too large to read safely."""
    try:
        with zipfile.ZipFile(path) as book:
            members = book.infolist()
            if len(members) > MAX_MEMBERS:
                raise _too_large(path, sheet, f"có {len(members)} phần bên trong")
            total = 0
            for info in members:
                name = info.filename
                if name.startswith("xl/worksheets/") and name.endswith(".xml") or name in _READ:
                    data = _read(book, info, path, sheet)
                    total += len(data)
                    if total > MAX_TOTAL:
                        raise _too_large(path, sheet, "quá nhiều dữ liệu")
                    if name.startswith("xl/worksheets/"):
                        _check_sheet(data, path, sheet)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        zlib.error,
    ) as exc:
        raise UserError(
            f"không đọc được {path} như một bảng tính Excel (.xlsx): "
            f"{type(exc).__name__}; hãy mở tệp bằng Excel và lưu lại dạng .xlsx"
        ) from None


def _read(book: zipfile.ZipFile, info: zipfile.ZipInfo, path: str, sheet: str) -> bytes:
    if info.file_size > MAX_PART:
        raise _too_large(path, sheet, f"phần {info.filename[:60]} quá lớn")
    with book.open(info) as stream:
        data = stream.read(MAX_PART + 1)  # the header's size may lie: read at most one more
    if len(data) > MAX_PART:
        raise _too_large(path, sheet, f"phần {info.filename[:60]} quá lớn")
    return data


def _check_sheet(data: bytes, path: str, sheet: str) -> None:
    refs = _REF.findall(data)
    rows = max((int(digits) for _, digits in refs), default=0)
    columns = _column(max((letters for letters, _ in refs), key=lambda c: (len(c), c), default=b""))
    cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
    rows = max(rows, data.count(b"<row"))
    placed = sum(1 for letters, _ in refs if letters)
    if cells > placed:  # cells without `r` follow the one before them
        columns += cells - placed
    m = _DIMENSION.search(data, 0, 4096)
    if m and m.group(2):
        rows, columns = max(rows, int(m.group(2))), max(columns, _column(m.group(1)))
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise _too_large(path, sheet, f"vùng dữ liệu tới {_letters(columns)}{rows}", far=True)


def _column(letters: bytes) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ch - 64
    return number


def _letters(number: int) -> str:
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out or "A"


def _too_large(path: str, sheet: str, what: str, far: bool = False) -> UserError:
    fix = (
        "hãy xóa các dòng, cột thừa ở xa (trong Excel: Ctrl+End tới ô cuối, xóa các dòng và cột "
        "trống đến đó) rồi lưu lại"
        if far
        else "hãy dùng tệp do report-drafter sheet tạo ra"
    )
    most = f"{MAX_ROWS:,}".replace(",", ".")
    return UserError(
        f"{path}: bảng tính quá lớn để đọc ({what}; tối đa {most} dòng, {MAX_COLUMNS} cột trên trang {sheet}); {fix}"
    )
