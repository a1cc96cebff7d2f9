"""The served folder: safe paths inside it, and its reports with their states.

Every path a request names is relative to FOLDER; each part is checked with lstat, so a
symbolic link (file or folder) is refused, and nothing outside FOLDER is ever read or written.
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from report_drafter.errors import UserError
from report_drafter.files import writing as output
from report_drafter.run import batch
from report_drafter.run import one_input as job

OUTPUTS = "outputs"  # documents rendered by the web app: FOLDER/outputs/
PRIVATE = ".report-drafter"  # accounts: FOLDER/.report-drafter/
INPUT_SUFFIXES = (".yaml", ".yml")

STATES = {
    "valid": "hợp lệ",
    "errors": "có lỗi",
    "up_to_date": "văn bản đã cập nhật",
    "edited": "văn bản đã được sửa",
    "not_rendered": "chưa tạo văn bản",
}


class Refused(UserError):
    """A path outside FOLDER, through a link, or not an input."""


def safe_path(root: Path, rel: str, suffixes=INPUT_SUFFIXES, must_exist: bool = True, folder: bool = False) -> Path:
    """FOLDER/rel, checked part by part: no '..', no hidden part, no link, no other suffix."""
    parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or any(p == ".." or p.startswith(".") or "\0" in p for p in parts) or rel.startswith("/"):
        raise Refused(f"đường dẫn không hợp lệ: {rel}")
    if suffixes and not parts[-1].lower().endswith(tuple(suffixes)):
        raise Refused(f"{rel}: chỉ làm việc với tệp {', '.join(suffixes)}")
    path = root
    for i, part in enumerate(parts):
        path = path / part
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            if must_exist or i < len(parts) - 1:
                raise Refused(f"không tìm thấy {rel}") from None
            return path
        if stat.S_ISLNK(st.st_mode):
            raise Refused(f"{rel}: là một liên kết (symlink); ứng dụng không đọc, ghi qua liên kết")
        last = i == len(parts) - 1
        if not last and not stat.S_ISDIR(st.st_mode):
            raise Refused(f"không tìm thấy {rel}")
        if last and must_exist and not (stat.S_ISDIR if folder else stat.S_ISREG)(st.st_mode):
            raise Refused(f"{rel}: không phải {'thư mục' if folder else 'tệp thường'}")
    return path


def safe_folder(root: Path, rel: str) -> Path:
    """A batch folder FOLDER/rel (no link, no hidden part)."""
    return safe_path(root, rel, suffixes=(), folder=True)


def defaults_of(path: Path) -> str | None:
    d = path.parent / batch.DEFAULTS_NAME
    return str(d) if d.is_file() and not d.is_symlink() and path.name != batch.DEFAULTS_NAME else None


def rel_of(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def inputs_in(folder: Path) -> list[Path]:
    """The input files directly in `folder` (no `_defaults.yaml`, no links, no hidden files)."""
    found = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    for e in entries:
        if e.name.startswith((".", "_")) or not e.name.lower().endswith(INPUT_SUFFIXES):
            continue
        if e.is_symlink() or not e.is_file(follow_symlinks=False):
            continue
        found.append(Path(e.path))
    return found


def batches(root: Path) -> list[Path]:
    """Sub-folders of FOLDER that hold inputs (a batch each); links and hidden folders skipped."""
    out = []
    for e in sorted(os.scandir(root), key=lambda e: e.name):
        if e.name.startswith(".") or e.name == OUTPUTS or e.is_symlink() or not e.is_dir(follow_symlinks=False):
            continue
        if inputs_in(Path(e.path)):
            out.append(Path(e.path))
    return out


@dataclass
class Entry:
    path: str  # relative to FOLDER
    batch: str  # the batch folder ("" for a single input)
    state: str
    errors: int = 0
    warnings: int = 0
    document: str = ""  # FOLDER-relative path of the rendered document
    name: str = ""  # issuer and period, for the list

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "batch": self.batch or None,
            "state": self.state,
            "state_text": STATES[self.state],
            "errors": self.errors,
            "warnings": self.warnings,
            "document": self.document or None,
            "name": self.name,
        }


class States:
    """States of the folder's reports; a fresh render's fingerprint is kept per file version."""

    def __init__(self, root: Path):
        self.root = root
        self._fingerprints: dict = {}
        self._loaded: dict = {}  # (input, its version, defaults' version) → _judged(...)
        self._lock = threading.Lock()

    def all(self) -> list[Entry]:
        out = [self.entry(p) for p in inputs_in(self.root)]
        for folder in batches(self.root):
            out += [self.entry(p) for p in inputs_in(folder)]
        return out

    def entry(self, path: Path) -> Entry:
        from report_drafter.document import render
        from report_drafter.text import context

        rel = rel_of(self.root, path)
        b = rel_of(self.root, path.parent) if path.parent != self.root else ""
        defaults = defaults_of(path)
        key = (rel, _stamp(path), _stamp(defaults) if defaults else None)
        with self._lock:
            known = self._loaded.get(key)
        if known is None:
            known = _judged(job.validate_file(str(path), defaults))
            if known[3]:
                with self._lock:
                    self._loaded[key] = known
        report, errors, warnings, _ = known
        entry = Entry(rel, b, "errors", errors, warnings)
        if report is None or errors:
            entry.errors = max(errors, 1)
            return entry
        entry.name = report.issuer.name
        try:
            if (self.root / OUTPUTS).is_symlink():
                raise Refused(f"{OUTPUTS} là một liên kết")
            target = Path(output.output_path(self.root / OUTPUTS, job.stem_of(report)))
        except UserError:
            entry.state = "valid"
            return entry
        entry.document = rel_of(self.root, target)
        state, stored = output.existing_fingerprint(target)
        if state == "missing":
            entry.state = "not_rendered"
        elif state in ("edited", "foreign"):
            entry.state = "edited"
        else:
            with self._lock:
                fingerprint = self._fingerprints.get(key)
            if fingerprint is None:
                template = render.prepare(render.resolve_template(report.template, report.system, str(path.parent)))
                fingerprint = template.render(context.build_context(report)).fingerprint
                if known[3]:
                    with self._lock:
                        self._fingerprints[key] = fingerprint
            entry.state = "up_to_date" if fingerprint == stored else "valid"
        return entry


def _judged(loaded) -> tuple:
    """(report or None, errors, warnings, whether it may be kept): an input that names its own
    template (which may change without the input changing) is judged again every time."""
    from report_drafter.document import render

    errors = sum(p.is_error for p in loaded.problems)
    report = loaded.report if loaded.report is not None and not errors else None
    own_template = (
        report is not None and report.template not in render.DEFAULT_TEMPLATE_NAMES + tuple(render.BUILTIN_TEMPLATES)
    ) or any(p.path == "template" for p in loaded.problems)
    return report, errors, len(loaded.problems) - errors, not own_template


def _stamp(path) -> tuple:
    st = os.stat(path)
    return (st.st_mtime_ns, st.st_size)
