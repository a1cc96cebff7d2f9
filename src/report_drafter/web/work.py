"""Work the app does outside a request's data: LibreOffice conversions queued (never more at
once than the machine's cores), page images by pdftoppm, and files kept for download in the
app's private temporary folder."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from report_drafter.document import pdf
from report_drafter.errors import UserError

PREVIEW_DPI = 60
PDFTOPPM_SECONDS = 60
KEEP_SECONDS = 2 * 3600  # previews and downloads older than this are removed


class Work:
    def __init__(self, slots: int | None = None):
        self.dir = Path(tempfile.mkdtemp(prefix="report-drafter-web-"))
        self.slots = max(1, slots or os.cpu_count() or 1)
        self._queue = threading.BoundedSemaphore(self.slots)
        self._lock = threading.Lock()
        self._pages: dict[str, tuple[str, list[Path]]] = {}

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def new_dir(self) -> tuple[str, Path]:
        """A new private folder (its token names it in download links); old ones are pruned."""
        self.prune()
        token = secrets.token_urlsafe(16)
        path = self.dir / token
        path.mkdir()
        return token, path

    def prune(self, older_than: float = KEEP_SECONDS) -> None:
        limit = time.time() - older_than
        for entry in os.scandir(self.dir):
            try:
                if entry.stat(follow_symlinks=False).st_mtime < limit:
                    shutil.rmtree(entry.path, ignore_errors=True)
            except OSError:
                pass

    def find(self, token: str, name: str) -> Path | None:
        """A file kept for download: its token folder and plain name only."""
        if not token or not name or "/" in token or "/" in name or token.startswith(".") or name.startswith("."):
            return None
        path = self.dir / token / name
        return path if path.is_file() and not path.is_symlink() else None

    def to_pdf(self, docx: Path) -> Path:
        """The PDF beside `docx`, made by LibreOffice in turn with the other conversions."""
        with self._queue:
            failures = pdf.export([docx], docx.parent, 1)
        if failures:
            raise UserError(f"không xuất được PDF: {failures[0][1]}")
        return docx.with_suffix(".pdf")

    @staticmethod
    def can_draw_pages() -> bool:
        """Whether pdftoppm is here (Windows offices often lack it: the page shows the PDF instead)."""
        return shutil.which("pdftoppm") is not None

    def pages_of(self, stem: str, data: bytes) -> tuple[str, list[Path]]:
        """(token, page images) of a rendered document; the same document is converted once
        (a save that changed nothing in the document costs no LibreOffice run)."""
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            known = self._pages.get(digest)
        if known and all(p.is_file() for p in known[1]):
            return known
        token, where = self.new_dir()
        docx = where / f"{stem}.docx"
        docx.write_bytes(data)
        found = (token, self.pages(docx) if self.can_draw_pages() else [self.to_pdf(docx)])
        with self._lock:
            self._pages[digest] = found
        return found

    def pages(self, docx: Path) -> list[Path]:
        """Page images (PNG) of `docx`: PDF by LibreOffice, then pdftoppm."""
        made = self.to_pdf(docx)
        tool = shutil.which("pdftoppm")
        if not tool:
            raise UserError("không tìm thấy pdftoppm để xem trang; cài bằng: apt-get install poppler-utils")
        prefix = docx.parent / "trang"
        with self._queue:
            try:
                subprocess.run(
                    [tool, "-png", "-r", str(PREVIEW_DPI), str(made), str(prefix)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=PDFTOPPM_SECONDS,
                    check=True,
                )
            except (subprocess.SubprocessError, OSError) as exc:
                raise UserError(f"không tạo được hình các trang ({exc})") from None
        return sorted(docx.parent.glob("trang-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
