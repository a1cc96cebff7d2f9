"""Outputs without a fingerprint of their own (news briefs, the roll-up files): a record,
in the output folder, of the bytes report-drafter wrote at each name.

A file at that name whose bytes are not the recorded ones was edited since, or was not
written by this command (a document rendered under the same name, a file of someone
else's): it is kept, or with `force` copied to the backup folder before it is replaced,
as `render` does for its documents. Callers hold `output.folder_lock` on the folder.
"""

from __future__ import annotations

import hashlib
import json
import os

from report_drafter.files import reading as safefile
from report_drafter.files import writing as output

RECORD_NAME = ".report-drafter-written.json"
MAX_RECORD_BYTES = 8 * 1024 * 1024


def write(path, data: bytes, force: bool = False) -> tuple[str, str]:
    """Write `data` at `path` unless an edited or foreign file is there: (status, backup path).

    status is output.WRITTEN, UNCHANGED, KEPT or OVERWRITTEN (edited file backed up first).
    Raises OutputPathError when a link, folder or device is at `path`, OSError on I/O errors.
    """
    path = os.fspath(path)
    folder, name = os.path.split(path)
    output.check_target(path)
    records = _load(folder)
    new = hashlib.sha256(data).hexdigest()
    status, backup = output.WRITTEN, ""
    current = _digest(path)
    if current is not None:
        if records.get(name) != current:  # edited since, or never written by us
            if not force:
                return output.KEPT, ""
            backup, status = output.backup(path), output.OVERWRITTEN
        elif current == new:
            return output.UNCHANGED, ""
    output.write_atomic(path, data)
    records[name] = new
    try:
        output.write_own(
            os.path.join(folder, RECORD_NAME),
            json.dumps({"files": records}, ensure_ascii=False, indent=1).encode("utf-8"),
        )
    except OSError:  # the file is written; unrecorded, the next run keeps it (safe side)
        pass
    return status, backup


def kept_message(path) -> str:
    """Why a brief or roll-up file was left alone, and what to do."""
    return (
        f"{path} đã được sửa sau khi tạo (hoặc không do lệnh này tạo) nên được giữ nguyên; "
        f"chạy lại với --force để ghi đè (bản cũ được sao lưu), hoặc -o để ghi vào thư mục khác"
    )


def _digest(path: str) -> str | None:
    """SHA-256 of the plain file at `path`; None when nothing is there."""
    try:
        with safefile.open_regular(path) as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def _load(folder: str) -> dict[str, str]:
    """The record of `folder` ({} when missing, damaged or not a plain file: everything there
    then counts as not ours, so nothing is lost)."""
    try:
        data = json.loads(safefile.read_regular(os.path.join(folder, RECORD_NAME), MAX_RECORD_BYTES))
    except (OSError, ValueError, RecursionError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}
