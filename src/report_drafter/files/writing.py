"""Output files: safe names inside the output folder, atomic writes, edit protection.

A document is written to a hidden temporary file in the output folder and renamed
into place, so an interrupted run leaves every output complete or untouched. An
existing output is replaced only when its stored fingerprint shows nobody edited it,
judged when the document is rendered and again just before the rename if the file
changed in between. Nothing is ever written through a symbolic link, and one run at a
time holds an output folder (`folder_lock`), so a run only cleans its own leftovers.
"""

from __future__ import annotations

import os
import re
import stat
import time
import unicodedata
import zipfile
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

from report_drafter.docx import package
from report_drafter.errors import OutputPathError

TEMP_PREFIX = ".report-drafter-"
BACKUP_DIR = ".report-drafter-backups"  # beside the outputs; never an input of a batch
TEMP_SUFFIX = ".tmp"
LOCK_NAME = ".report-drafter.lock"  # only where the folder itself cannot be locked
STALE_WITHOUT_LOCK = 24 * 3600  # seconds: where no lock exists, older temporaries are stale
# Windows device names (with COM0/LPT0 and the superscript digits Windows also reserves)
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    "conin$",
    "conout$",
    "clock$",
    *(f"{port}{digit}" for port in ("com", "lpt") for digit in "0123456789¹²³"),
}
_PERIOD_SLUGS = {
    ("quarter", 1): "q1",
    ("quarter", 2): "q2",
    ("quarter", 3): "q3",
    ("quarter", 4): "q4",
    ("half", 1): "6t",
    ("half", 2): "6t-cuoi",
    ("nine_months", 0): "9t",
    ("year", 0): "nam",
}


class DocumentStatus(str, Enum):
    """What became of one input's document: `Outcome.status`, the `status` of `_summary.json`
    (the values are that file's words), the totals of a batch and the CLI's lines."""

    WRITTEN = "written"  # new file, or replaced an unedited one
    UNCHANGED = "unchanged"  # the same content was already there: not rewritten
    KEPT = "kept"  # an edited (or foreign) file is there: left alone
    OVERWRITTEN = "overwritten"  # an edited file was replaced because of --force
    UPDATED = "updated"  # an edited file received the new figures in place (`update`)
    FAILED = "failed"  # no document: the input, the template or the disk failed

    def __str__(self) -> str:
        return self.value

    __hash__ = str.__hash__  # a status read back from `_summary.json` finds its entry in a dict


WRITTEN, UNCHANGED, KEPT = DocumentStatus.WRITTEN, DocumentStatus.UNCHANGED, DocumentStatus.KEPT
OVERWRITTEN, UPDATED = DocumentStatus.OVERWRITTEN, DocumentStatus.UPDATED


def ascii_slug(text: str) -> str:
    """`Quận ủy Đồ Sơn` → `quan-uy-do-son`."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def default_stem(issuer_name: str, period_kind: str, period_index: int, year: int) -> str:
    """The output stem derived from issuer and period: `quan-uy-do-son-2019-6t`."""
    if period_kind == "month":
        return f"{ascii_slug(issuer_name)}-{year}-thang-{period_index:02d}"
    index = period_index if period_kind in ("quarter", "half") else 0
    return f"{ascii_slug(issuer_name)}-{year}-{_PERIOD_SLUGS[(period_kind, index)]}"


def check_stem(stem: str) -> str | None:
    """Why `stem` cannot name an output file, in Vietnamese; None when it can."""
    if not stem or not stem.strip():
        return "tên tệp kết quả trống"
    if "/" in stem or "\\" in stem or ":" in stem:
        return f'tên tệp "{stem}" chứa dấu phân cách thư mục; chỉ ghi tên tệp, ví dụ do-son-2019-6t'
    if stem in (".", "..") or stem.startswith("."):
        return f'tên tệp "{stem}" không được bắt đầu bằng dấu chấm'
    if any(ord(ch) < 32 for ch in stem) or any(ch in stem for ch in '<>"|?*'):
        return f'tên tệp "{stem}" chứa ký tự không được phép (< > " | ? * hoặc ký tự điều khiển)'
    hidden = [ch for ch in stem if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")]
    if hidden:
        return (
            f"tên tệp {stem!a} chứa ký tự ẩn U+{ord(hidden[0]):04X} (ký tự điều khiển hoặc đổi chiều "
            f"chữ, làm tên tệp hiện sai); hãy gõ lại tên chỉ bằng chữ, số và dấu gạch"
        )
    if stem.split(".")[0].strip().lower() in _RESERVED:
        return f'"{stem}" là tên dành riêng của Windows; hãy chọn tên khác'
    if len(stem.encode("utf-8")) > 150:
        return "tên tệp quá dài (tối đa 150 byte)"
    return None


def output_path(out_dir, stem: str, suffix: str = ".docx") -> str:
    """The output file for `stem` (a string path), guaranteed to stay inside `out_dir`.

    What is already at that name must be a plain file (or nothing): a symbolic link, a
    folder or a device there is refused, never followed.
    """
    reason = check_stem(stem)
    if reason:
        raise OutputPathError(reason)
    out_dir = os.path.realpath(out_dir)
    path = os.path.join(out_dir, stem + suffix)
    if os.path.dirname(os.path.normpath(path)) != out_dir:
        raise OutputPathError(f'tên tệp "{stem}" dẫn ra ngoài thư mục kết quả {out_dir}')
    check_target(path)
    return path


def check_target(path) -> None:
    """Refuse to write at `path` unless nothing or a plain file is there (OutputPathError)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    name = os.path.basename(path)
    if stat.S_ISLNK(info.st_mode):
        raise OutputPathError(
            f"{path} là một liên kết (symlink) tới {os.readlink(path)}; report-drafter không bao giờ "
            f"ghi qua liên kết: hãy xóa liên kết {name} hoặc dùng -o để ghi vào thư mục khác"
        )
    if stat.S_ISDIR(info.st_mode):
        raise OutputPathError(
            f"đã có một thư mục tên {name} trong thư mục kết quả; hãy đổi tên thư mục đó hoặc đặt khóa output khác"
        )
    if not stat.S_ISREG(info.st_mode):
        raise OutputPathError(
            f"{path} không phải tệp thường (FIFO, socket hoặc thiết bị); hãy xóa nó "
            f"hoặc dùng -o để ghi vào thư mục khác"
        )


def same_name_key(path: str) -> str:
    """Names one file system may take for the same file (`Case`/`case`, NFC/NFD) share a key."""
    return unicodedata.normalize("NFC", path).casefold()


def write_temporary(path, data: bytes, sync: bool = True) -> str:
    """Write `data` completely to a hidden temporary file beside `path`; return its path.

    `sync=False` leaves flushing to disk to the caller (a batch syncs once before renaming).
    """
    folder, name = os.path.split(os.fspath(path))
    stem = os.path.splitext(name)[0]
    tmp = os.path.join(folder, f"{TEMP_PREFIX}{stem}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        remove_file(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    replace(write_temporary(path, data), os.fspath(path))


def write_own(path, data: bytes, sync: bool = True) -> None:
    """Write a file of report-drafter's own bookkeeping (`_summary.json`) atomically: whatever
    a person or program left at its name (a link, a FIFO) is replaced, never written through
    (a rename replaces the name itself). OSError when it cannot be written (a folder there)."""
    temp = write_temporary(path, data, sync)
    try:
        os.replace(temp, os.fspath(path))
    except BaseException:
        remove_file(temp)
        raise


def remove_file(path) -> None:
    """Delete `path` if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def remove_stale_temporaries(out_dir: Path, older_than: float = 0) -> int:
    """Delete temporary files and folders a killed run left behind; returns how many.

    Call it while holding `folder_lock` (every temporary then belongs to a dead run);
    without a lock, pass `older_than` seconds so that a live run's files are spared.
    """
    count = 0
    now = time.time()
    backups = Path(out_dir) / BACKUP_DIR  # a copy interrupted on its way to the backup folder
    found = [
        *Path(out_dir).glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"),
        *(backups.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}") if backups.is_dir() and not backups.is_symlink() else []),
    ]
    for tmp in found:
        try:
            info = tmp.lstat()
            if older_than and now - info.st_mtime < older_than:
                continue
            if stat.S_ISDIR(info.st_mode):
                import shutil

                shutil.rmtree(tmp)
            else:
                tmp.unlink()
            count += 1
        except OSError:
            pass
    return count


@contextmanager
def folder_lock(out_dir, on_wait=None):
    """Hold `out_dir` for one run; a second run into the same folder waits for the first.

    Yields True when the folder is locked, False where this system offers no lock (then
    clean temporaries with `older_than`). `on_wait()` is called once before waiting. The
    lock is the kernel's (flock): it ends with the process, even one killed by SIGKILL.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock
        yield False
        return
    try:
        fd = _flock(fcntl, out_dir, os.O_RDONLY, on_wait)
    except OSError:  # e.g. NFS: a folder cannot be locked, a file in it can
        fd = _flock(fcntl, os.path.join(out_dir, LOCK_NAME), os.O_RDWR | os.O_CREAT, on_wait)
    try:
        yield True
    finally:
        os.close(fd)


@contextmanager
def holding(out_dir, on_wait=None):
    """`folder_lock` on `out_dir` (made if missing) for a command writing there one file at a
    time (`brief`, `rollup`, `sheet`), with what a killed run left there cleaned up first."""
    os.makedirs(out_dir, exist_ok=True)
    with folder_lock(out_dir, on_wait) as locked:
        remove_stale_temporaries(out_dir, 0 if locked else STALE_WITHOUT_LOCK)
        yield locked


def _flock(fcntl, path, flags: int, on_wait) -> int:
    """Open `path` and lock it, waiting (after `on_wait()`) if another process holds it."""
    fd = os.open(path, flags, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:
        os.close(fd)
        raise
    return fd


def existing_fingerprint(path: Path) -> tuple[str, str]:
    """(state, fingerprint) of the file at `path`.

    state is "missing", "generated" (unedited output of ours, or only opened and saved:
    its text is what was generated), "edited" (ours, but its content no longer matches
    the fingerprint) or "foreign" (no fingerprint, or not a readable .docx).
    """
    if not os.path.lexists(path):
        return "missing", ""
    try:
        _, contents = package.read_members(path, only=package.STATE_PARTS)
        return state_of(path, contents)
    except (zipfile.BadZipFile, OSError, KeyError):
        return "foreign", ""


def state_of(path, contents: dict[str, bytes]) -> tuple[str, str]:
    """`existing_fingerprint` for a package whose `package.STATE_PARTS` are already read.

    The text digest decides (an open-and-save that changed no text is no edit); a
    document from before it was recorded is compared byte for byte.
    """
    stored = package.stored_fingerprint(contents)
    if not stored:
        return "foreign", ""
    props = package.properties(contents)
    text = props.get(package.CONTENT_PROPERTY)
    if text:
        if package.content_digest(contents) != text:
            return "edited", stored
        from report_drafter.docx import blocks

        fmt = props.get(blocks.FORMAT_PROPERTY)
        if fmt and _format_digest(contents.get("word/document.xml", b"")) != fmt:
            return "edited", stored  # bold, a page break… put in by hand
        return "generated", stored
    same = package.file_fingerprints(path)[1] == stored  # streamed: a zip bomb is not inflated
    return ("generated" if same else "edited"), stored


def _format_digest(document_xml: bytes) -> str:
    """blocks.format_digest of a document part ("" when it cannot be read)."""
    from report_drafter.docx import blocks

    return blocks.format_digest_of(document_xml)


def pristine(path) -> bool:
    """Whether the file at `path` is byte for byte what was generated (its stored fingerprint
    matches every part), not only the same text (an open-and-save, a change of formatting)."""
    stored, actual = package.file_fingerprints(path)
    return bool(stored) and stored == actual


def backup_unless_pristine(path) -> str:
    """Before replacing an existing output whose text is as generated: a backup copy when its
    bytes are not (someone saved it, maybe with a change of formatting); "" otherwise."""
    if not os.path.exists(path) or pristine(path):
        return ""
    return backup(path)


def backup(path) -> str:
    """Copy the file at `path` into the backup folder beside it (`name.YYYYmmdd-HHMMSS.docx`)."""
    folder, name = os.path.split(os.fspath(path))
    stem, suffix = os.path.splitext(name)
    target_dir = os.path.join(folder, BACKUP_DIR)
    if os.path.islink(target_dir):
        raise OutputPathError(
            f"{target_dir} là một liên kết (symlink); report-drafter không bao giờ ghi qua "
            f"liên kết: hãy xóa liên kết đó"
        )
    os.makedirs(target_dir, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = os.path.join(target_dir, f"{stem}.{stamp}{suffix}")
    n = 1
    while os.path.exists(target):
        n += 1
        target = os.path.join(target_dir, f"{stem}.{stamp}-{n}{suffix}")
    tmp = os.path.join(target_dir, f"{TEMP_PREFIX}{stem}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}")
    try:
        import shutil

        shutil.copyfile(path, tmp)
        os.replace(tmp, target)
    except BaseException:
        remove_file(tmp)
        raise
    return target


def decide(path: Path, new_fingerprint: str, force: bool) -> str:
    """What to do with the target: WRITTEN, UNCHANGED, KEPT or OVERWRITTEN."""
    state, stored = existing_fingerprint(path)
    if state == "missing":
        return WRITTEN
    if state == "generated":
        return UNCHANGED if stored == new_fingerprint else WRITTEN
    return OVERWRITTEN if force else KEPT


def snapshot(path) -> tuple | None:
    """What is at `path` now, cheaply: (inode, size, mtime_ns), or None when nothing is."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def place(temp: str, target: str, seen, judge) -> str | None:
    """Rename `temp` onto `target`, judging again if `target` changed since `seen` (`snapshot`).

    `judge()` returns the status for the target as it is now (e.g. a call of `decide`);
    when it says KEPT or UNCHANGED the temporary is removed instead. Returns the new
    status, or None when the target had not changed. Raises OutputPathError (temporary
    removed) when a link, folder or device appeared at the target.
    """
    if snapshot(target) == seen:
        replace(temp, target)
        return None
    try:
        check_target(target)
        status = judge()
    except BaseException:
        remove_file(temp)
        raise
    if status in (KEPT, UNCHANGED):
        remove_file(temp)
    else:
        replace(temp, target)
    return status


def replace(temp: str, target: str) -> None:
    """Rename `temp` onto `target` unless a link, folder or device is there (temporary removed)."""
    try:
        check_target(target)
        os.replace(temp, target)  # replaces a directory entry: never writes through a link
    except BaseException:
        remove_file(temp)
        raise
