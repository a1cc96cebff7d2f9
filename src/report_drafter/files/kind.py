"""What a file is, from its first bytes: the text encodings an input may come in, and the
documents people hand over by mistake (a Word file where a YAML file belongs, and back).

Reads at most the two ends of a file (`sniff`); every message is in Vietnamese and names the
command that takes the file.
"""

from __future__ import annotations

import codecs
import errno

SNIFF_BYTES = 4096  # enough to see a zip's first part name or an OLE signature

# Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """The text of an input file: UTF-8 (with or without a byte-order mark), or UTF-16 /
    UTF-32 carrying one (what Windows PowerShell 5.1 writes for `> tệp.yaml`).
    Raises UnicodeDecodeError for anything else."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    return data.decode("utf-8")


def sniff(fh, size: int) -> bytes:
    """The first bytes of an open binary file, and for a zip also its last 64 KB (where the
    central directory names every part: `word/document.xml`, `xl/workbook.xml`)."""
    head = fh.read(SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04") and size > SNIFF_BYTES:
        fh.seek(max(SNIFF_BYTES, size - 65536))
        head += fh.read()
    fh.seek(0)
    return head


def kind(head: bytes) -> str:
    """`docx`, `xlsx`, `pptx`, `zip`, `pdf`, `ole` (an old .doc/.xls), `rtf` or `text`."""
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head:
            return "docx"
        if b"xl/" in head:
            return "xlsx"
        if b"ppt/" in head:
            return "pptx"
        return "zip"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def not_yaml(head: bytes, name: str) -> str | None:
    """Why a file given as a YAML input is something else, and what to do; None for text."""
    found = kind(head)
    if found == "text":
        return None
    if found == "docx":
        return (
            "đây là văn bản Word (.docx), không phải tệp dữ liệu YAML; kiểm tra thể thức văn "
            f"bản này: report-drafter check {name}; đưa số liệu mới vào văn bản đã sửa: "
            "report-drafter update TỆP.yaml -o THƯ_MỤC_CHỨA_VĂN_BẢN (đưa tệp YAML đã tạo ra "
            "văn bản, không đưa tệp .docx)"
        )
    if found == "xlsx":
        return (
            "đây là bảng tính Excel (.xlsx), không phải tệp dữ liệu YAML; bảng số liệu do "
            f"lệnh sheet lập được đọc bằng --figures, ví dụ: report-drafter render THƯ_MỤC "
            f"--figures {name}"
        )
    return (
        f"đây là {_NAMES[found]}, không phải tệp dữ liệu YAML; tệp đầu vào là tệp chữ "
        "(.yaml) soạn bằng Notepad: bắt đầu bằng report-drafter new -o bao-cao.yaml"
    )


def not_docx(head: bytes, name: str) -> str | None:
    """Why a file given to `check` is not a Word .docx, and what to do; None when it may be one."""
    found = kind(head)
    if found in ("docx", "zip"):
        return None
    if found == "text":
        if not _looks_like_text(head):
            return None  # unknown bytes: the .docx reader says it cannot open them
        return (
            "đây là tệp chữ (có thể là tệp dữ liệu YAML), không phải văn bản Word .docx; "
            f"check kiểm tra văn bản .docx; kiểm tra tệp dữ liệu: report-drafter validate {name}"
        )
    if found == "ole":
        return (
            "đây là tệp Word dạng cũ (.doc); hãy mở trong Word, chọn Lưu thành… → Word "
            "Document (.docx), rồi kiểm tra tệp .docx đó"
        )
    return f"đây là {_NAMES[found]}, không phải văn bản Word .docx; hãy đưa tệp .docx"


def _looks_like_text(head: bytes) -> bool:
    """No NUL byte and the bytes read as text (a character cut at the end is allowed)."""
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    try:
        decode_text(head)
        return True
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3


_NAMES = {
    "pptx": "bài trình chiếu PowerPoint (.pptx)",
    "zip": "tệp nén (.zip)",
    "pdf": "tệp PDF",
    "ole": "tệp Word hoặc Excel dạng cũ (.doc, .xls)",
    "rtf": "văn bản RTF (.rtf)",
    "xlsx": "bảng tính Excel (.xlsx)",
    "docx": "văn bản Word (.docx)",
}


# ------------------------------------------------------------ system errors, in Vietnamese

_ERRNO = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đây là thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EEXIST: "đã có tệp hoặc thư mục cùng tên",
    errno.ENOSPC: "đĩa đã đầy",
    errno.EDQUOT: "đã hết hạn mức dung lượng được cấp",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.ELOOP: "liên kết (symlink) vòng lặp",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EBUSY: "tệp đang được chương trình khác dùng",
    errno.EIO: "lỗi đọc ghi đĩa",
    errno.EINVAL: "tên hoặc đường dẫn không hợp lệ",
    errno.EXDEV: "không chuyển được tệp sang ổ đĩa khác",
}


def os_reason(exc: Exception) -> str:
    """An operating system error in Vietnamese (`không có quyền truy cập`), never English."""
    number = getattr(exc, "errno", None) or 0
    if number in _ERRNO:
        return _ERRNO[number]
    return f"lỗi hệ thống số {number}" if number else "tệp không đọc hoặc ghi được"
