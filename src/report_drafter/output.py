"""Output files: safe names inside the output folder, atomic writes, edit protection.

A document is written to a hidden temporary file in the output folder and renamed
into place, so an interrupted run leaves every output complete or untouched. An
existing output is replaced only when its stored fingerprint shows nobody edited it.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
import unicodedata
import zipfile
from pathlib import Path

from report_drafter import package
from report_drafter.errors import OutputPathError

TEMP_PREFIX = ".report-drafter-"
BACKUP_DIR = ".report-drafter-backups"      # beside the outputs; never an input of a batch
TEMP_SUFFIX = ".tmp"
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}
_PERIOD_SLUGS = {("quarter", 1): "q1", ("quarter", 2): "q2", ("quarter", 3): "q3",
                 ("quarter", 4): "q4", ("half", 1): "6t", ("half", 2): "6t-cuoi",
                 ("nine_months", 0): "9t", ("year", 0): "nam"}

# statuses of one output
WRITTEN = "written"          # new file, or replaced an unedited one
UNCHANGED = "unchanged"      # the same content was already there: not rewritten
KEPT = "kept"                # an edited (or foreign) file is there: left alone
OVERWRITTEN = "overwritten"  # an edited file was replaced because of --force
UPDATED = "updated"          # an edited file received the new figures in place (`update`)


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
    if stem.split(".")[0].strip().lower() in _RESERVED:
        return f'"{stem}" là tên dành riêng của Windows; hãy chọn tên khác'
    if len(stem.encode("utf-8")) > 150:
        return "tên tệp quá dài (tối đa 150 byte)"
    return None


def output_path(out_dir, stem: str, suffix: str = ".docx") -> str:
    """The output file for `stem` (a string path), guaranteed to stay inside `out_dir`."""
    reason = check_stem(stem)
    if reason:
        raise OutputPathError(reason)
    out_dir = os.path.realpath(out_dir)
    path = os.path.realpath(os.path.join(out_dir, stem + suffix))
    if os.path.dirname(path) != out_dir:
        raise OutputPathError(f'tên tệp "{stem}" dẫn ra ngoài thư mục kết quả {out_dir}')
    return path


def write_temporary(path, data: bytes, sync: bool = True) -> str:
    """Write `data` completely to a hidden temporary file beside `path`; return its path.

    `sync=False` leaves flushing to disk to the caller (a batch syncs once before renaming).
    """
    folder, name = os.path.split(os.fspath(path))
    stem = os.path.splitext(name)[0]
    tmp = os.path.join(folder, f"{TEMP_PREFIX}{stem}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it into place."""
    tmp = write_temporary(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def _remove(path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def remove_stale_temporaries(out_dir: Path) -> int:
    """Delete temporary files a killed run left behind; returns how many."""
    count = 0
    for tmp in Path(out_dir).glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            tmp.unlink()
            count += 1
        except OSError:
            pass
    return count


def existing_fingerprint(path: Path) -> tuple[str, str]:
    """(state, fingerprint) of the file at `path`.

    state is "missing", "generated" (unedited output of ours, or only opened and saved:
    its text is what was generated), "edited" (ours, but its content no longer matches
    the fingerprint) or "foreign" (no fingerprint, or not a readable .docx).
    """
    if not os.path.exists(path):
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
    text = package.properties(contents).get(package.CONTENT_PROPERTY)
    if text:
        return ("generated" if package.content_digest(contents) == text else "edited"), stored
    same = package.fingerprint_of_contents(package.read_contents(path)) == stored
    return ("generated" if same else "edited"), stored


def pristine(path) -> bool:
    """Whether the file at `path` is byte for byte what was generated (its stored fingerprint
    matches every part), not only the same text (an open-and-save, a change of formatting)."""
    contents = package.read_contents(path)
    return package.fingerprint_of_contents(contents) == package.stored_fingerprint(contents)


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
    os.makedirs(target_dir, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = os.path.join(target_dir, f"{stem}.{stamp}{suffix}")
    n = 1
    while os.path.exists(target):
        n += 1
        target = os.path.join(target_dir, f"{stem}.{stamp}-{n}{suffix}")
    tmp = os.path.join(target_dir, f"{TEMP_PREFIX}{stem}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)
    except BaseException:
        _remove(tmp)
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
