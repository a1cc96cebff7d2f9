"""The .docx package as a zip: raw member copy, fast writing, the content fingerprint.

A prepared template keeps its unchanged parts as the compressed bytes found in the
template file; a render only deflates the parts it changed. The fingerprint is a
SHA-256 over every part except `docProps/*`, so it survives a change of document
properties but not an edit of text, styles or layout. Standard library only.

Every read is bounded (`MAX_PART`, `MAX_TOTAL`, `MAX_MEMBERS`), by the sizes a zip
declares and by the bytes it actually inflates to, so a zip bomb is refused, never
inflated; what is only hashed is streamed.
"""

from __future__ import annotations

import hashlib
import html
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from report_drafter.errors import ReportDrafterError, UserError
from report_drafter.ooxml import CUSTOM_PART, TEXT_PARTS

FINGERPRINT_PROPERTY = "report-drafter-fingerprint"
FINGERPRINT_PLACEHOLDER = "FINGERPRINT-PLACEHOLDER-0000000000000000000000000000000000000000000000000000000"
CONTENT_PROPERTY = "report-drafter-content"
STATE_PARTS = frozenset((*TEXT_PARTS, CUSTOM_PART))  # what tells a generated document from an edited one
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_TOKENS = re.compile(r"<w:p[ >/]|<w:(t|delText)(?: [^>]*)?>([^<]*)</w:\1>|<w:(drawing|commentReference)\b")
_PROPERTY = re.compile(r'<property [^>]*\bname="([^"]*)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>')
_PID = re.compile(r'\bpid="([0-9]{1,9})"')  # a longer (forged) pid is ignored, never parsed

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01: outputs are byte-stable
# A Word document's parts: text of a few MB, pictures of tens of MB. Far beyond any real one.
MAX_PART = 128 * 1024 * 1024
MAX_TOTAL = 512 * 1024 * 1024
MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024


class PackageError(ReportDrafterError, zipfile.BadZipFile):
    """A zip that is refused before it is inflated; `message` says why, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f}".replace(",", ".")


def checked_infos(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members of `archive`, after checking the sizes they declare."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageError(
            f"tệp nén có {len(infos):,} phần (tối đa {MAX_MEMBERS:,}); đây không phải "
            f"một văn bản Word bình thường".replace(",", ".")
        )
    total = 0
    for info in infos:
        _check_size(info.filename, info.file_size)
        total += info.file_size
        if total > MAX_TOTAL:
            raise PackageError(
                f"giải nén ra quá {_mb(MAX_TOTAL)} MB: tệp có thể là bom nén (zip bomb) hoặc bị hỏng; không mở tệp này"
            )
    return infos


def _check_size(name: str, size: int) -> None:
    if size > MAX_PART:
        raise PackageError(
            f"phần {name} giải nén ra {_mb(size)} MB, quá giới hạn {_mb(MAX_PART)} MB: "
            f"tệp có thể là bom nén (zip bomb) hoặc bị hỏng; không mở tệp này"
        )


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The inflated bytes of one member, chunk by chunk, never more than `MAX_PART`."""
    seen = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                seen += len(chunk)
                _check_size(info.filename, seen)
                yield chunk
    except (zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise PackageError(
            f"phần {info.filename} không giải nén được ({type(exc).__name__}): tệp nén "
            f"bị hỏng hoặc dùng kiểu nén, mật khẩu mà Word không dùng"
        ) from exc


def read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The content of one member, bounded."""
    return b"".join(_chunks(archive, info))


def verify(path) -> None:
    """Refuse a zip whose declared sizes are beyond a Word document (zipfile never inflates
    a member past its declared size, so this bounds any later reader of the file). A file
    that is no zip at all passes: its reader says what is wrong in its own words."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        checked_infos(archive)


@dataclass(frozen=True)
class Member:
    """One part of the package, ready to be written."""

    name: str
    crc: int
    size: int
    method: int  # zipfile.ZIP_DEFLATED or zipfile.ZIP_STORED
    payload: bytes  # compressed bytes as they go into the zip
    digest: bytes  # SHA-256 of the uncompressed content


def member_from_bytes(name: str, data: bytes, level: int = 3) -> Member:
    """A member built from uncompressed `data` (raw deflate; level 3 is three times faster
    than 6 on document XML for a part about 10% larger)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    payload = compressor.compress(data) + compressor.flush()
    return Member(name, zlib.crc32(data), len(data), zipfile.ZIP_DEFLATED, payload, hashlib.sha256(data).digest())


def read_members(path, only=None) -> tuple[list[Member], dict[str, bytes]]:
    """Every member of a zip with its compressed payload, and the uncompressed texts.

    With `only` (part names), only those parts are uncompressed and the others carry no
    digest (for a caller that copies them and needs no byte fingerprint).
    """
    members: list[Member] = []
    contents: dict[str, bytes] = {}
    with zipfile.ZipFile(path) as archive, open(path, "rb") as raw:
        for info in checked_infos(archive):
            wanted = only is None or info.filename in only
            data = (
                read_part(archive, info)
                if wanted or info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED)
                else b""
            )
            if wanted:
                contents[info.filename] = data
            if info.compress_type not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
                members.append(member_from_bytes(info.filename, data))
                continue
            raw.seek(info.header_offset)
            header = raw.read(30)
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            raw.seek(info.header_offset + 30 + name_len + extra_len)
            payload = raw.read(info.compress_size)
            members.append(
                Member(
                    info.filename,
                    info.CRC,
                    info.file_size,
                    info.compress_type,
                    payload,
                    hashlib.sha256(data).digest() if wanted else b"",
                )
            )
    return members, contents


def write_zip(members: Iterable[Member], out: BinaryIO) -> None:
    """Write `members` as a zip archive to the binary stream `out`."""
    central = []
    offset = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0x800 if not m.name.isascii() else 0
        header = _LOCAL.pack(0x04034B50, 20, flags, m.method, 0, _DOS_DATE, m.crc, len(m.payload), m.size, len(name), 0)
        out.write(header)
        out.write(name)
        out.write(m.payload)
        central.append(
            _CENTRAL.pack(
                0x02014B50,
                20,
                20,
                flags,
                m.method,
                0,
                _DOS_DATE,
                m.crc,
                len(m.payload),
                m.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
        offset += len(header) + len(name) + len(m.payload)
    directory = b"".join(central)
    out.write(directory)
    out.write(_END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0))


def fingerprint(members: Iterable[Member]) -> str:
    """SHA-256 over every part's name and content digest, `docProps/*` excluded."""
    h = hashlib.sha256()
    for m in sorted(members, key=lambda m: m.name):
        if m.name.startswith("docProps/"):
            continue
        h.update(m.name.encode("utf-8") + b"\0" + m.digest)
    return h.hexdigest()


def stored_fingerprint(contents: dict[str, bytes]) -> str:
    """The fingerprint recorded in the custom properties, or "" when there is none."""
    custom = contents.get(CUSTOM_PART, b"").decode("utf-8", "replace")
    marker = f'name="{FINGERPRINT_PROPERTY}"'
    at = custom.find(marker)
    if at < 0:
        return ""
    start = custom.find("<vt:lpwstr>", at)
    end = custom.find("</vt:lpwstr>", start)
    if start < 0 or end < 0:
        return ""
    value = custom[start + len("<vt:lpwstr>") : end].strip()
    return "" if value == FINGERPRINT_PLACEHOLDER else value


def read_contents(path) -> dict[str, bytes]:
    """Uncompressed content of every part of the zip at `path` (bounded)."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: read_part(archive, info) for info in checked_infos(archive)}


def file_fingerprints(path) -> tuple[str, str]:
    """(stored, actual) fingerprint of the .docx at `path`, hashing its parts as streams."""
    h = hashlib.sha256()
    custom = {}
    with zipfile.ZipFile(path) as archive:
        latest = {info.filename: info for info in checked_infos(archive)}  # as read_contents
        for name in sorted(latest):
            info = latest[name]
            if info.filename == CUSTOM_PART:
                custom[CUSTOM_PART] = read_part(archive, info)
            if info.filename.startswith("docProps/"):
                continue
            part = hashlib.sha256()
            for chunk in _chunks(archive, info):
                part.update(chunk)
            h.update(info.filename.encode("utf-8") + b"\0" + part.digest())
    return stored_fingerprint(custom), h.hexdigest()


def content_digest(contents: dict[str, bytes]) -> str:
    """SHA-256 of what a reader sees: each non-empty paragraph's text (deleted text marked),
    pictures and comment anchors, in the body and the comments and notes. Re-saving a
    document in Word or LibreOffice rewrites its XML but not this."""
    h = hashlib.sha256()
    for name in TEXT_PARTS:
        data = contents.get(name)
        if data is None:
            continue
        h.update(name.encode("utf-8") + b"\0")
        paragraph: list[str] = []
        add = paragraph.append
        for kind, text, other in _TOKENS.findall(data.decode("utf-8", "replace")):
            if other:
                add(f"\0{other}\0")
            elif kind:
                if "&" in text:
                    text = html.unescape(text)
                add(text if kind == "t" else f"\0del\0{text}")
            elif paragraph:
                _flush(h, paragraph)
        _flush(h, paragraph)
    return h.hexdigest()


def _flush(h, paragraph: list[str]) -> None:
    text = "".join(paragraph)
    if text:
        h.update(text.encode("utf-8") + b"\n")
    paragraph.clear()


def bookmark_names(xml: bytes, prefix: str, strip: int = 0) -> list[str]:
    """Names of the bookmarks in `xml` that start with `prefix` (less `strip` characters)."""
    pattern = re.compile(rb'<w:bookmarkStart [^>]*\bw:name="' + re.escape(prefix.encode()) + rb'([^"]*)"')
    return [(prefix + m.group(1).decode("utf-8"))[strip:] for m in pattern.finditer(xml)]


def properties(contents: dict[str, bytes]) -> dict[str, str]:
    """Text custom properties of a package, by name."""
    custom = contents.get(CUSTOM_PART, b"").decode("utf-8", "replace")
    return {html.unescape(name): html.unescape(value) for name, value in _PROPERTY.findall(custom)}


def add_properties(custom_xml: bytes, pairs, remove_prefix: str = "") -> bytes:
    """`custom_xml` with text properties `pairs` ((name, value)) appended; with
    `remove_prefix`, properties whose name starts with it are removed first."""
    try:
        text = custom_xml.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(
            f"phần {CUSTOM_PART} (thuộc tính riêng) của văn bản không phải văn bản UTF-8: tệp "
            f"đã bị sửa bằng một công cụ khác hoặc bị hỏng; hãy mở tệp trong Word, lưu lại rồi "
            f"chạy lại"
        ) from None
    if remove_prefix:
        text = re.sub(
            r'<property [^>]*\bname="([^"]*)"[^>]*>.*?</property>',
            lambda m: "" if html.unescape(m.group(1)).startswith(remove_prefix) else m.group(0),
            text,
            flags=re.S,
        )
    pid = max((int(p) for p in _PID.findall(text)), default=1)
    added = []
    for name, value in pairs:
        pid += 1
        added.append(
            f'<property fmtid="{_FMTID}" pid="{pid}" name="{html.escape(name)}">'
            f"<vt:lpwstr>{html.escape(value, quote=False)}</vt:lpwstr></property>"
        )
    end = text.rfind("</Properties>")
    if end < 0:
        return custom_xml
    return (text[:end] + "".join(added) + text[end:]).encode("utf-8")
