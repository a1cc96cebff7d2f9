"""PDF copies through LibreOffice: many files per call, one profile per worker, a timeout."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from report_drafter.errors import UserError

SECONDS_PER_FILE = 20
MINIMUM_SECONDS = 60
INSTALL_HINT = ("không tìm thấy LibreOffice (soffice) để xuất PDF; cài bằng: "
                "apt-get install libreoffice-writer-nogui (các tệp .docx vẫn được giữ)")


def soffice() -> str:
    """The LibreOffice command, or a UserError saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise UserError(INSTALL_HINT)
    return found


def needs_pdf(docx: Path) -> bool:
    pdf = docx.with_suffix(".pdf")
    return not pdf.exists() or pdf.stat().st_mtime < docx.stat().st_mtime


def convert(documents: list[Path], out_dir: Path, workers: int = 1) -> list[tuple[Path, str]]:
    """Convert `documents` to PDF in `out_dir`; returns (document, reason) for each failure."""
    if not documents:
        return []
    command = soffice()
    workers = max(1, min(workers, len(documents)))
    groups = [documents[i::workers] for i in range(workers)]
    with tempfile.TemporaryDirectory(prefix="report-drafter-lo-") as profiles:
        def run(index_group):
            index, group = index_group
            profile = Path(profiles) / f"profile-{index}"
            timeout = max(MINIMUM_SECONDS, SECONDS_PER_FILE * len(group))
            try:
                subprocess.run([command, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                                "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, group)],
                               capture_output=True, timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                return [(d, f"LibreOffice quá thời gian ({timeout} giây)") for d in group]
            return [(d, "LibreOffice không tạo được PDF") for d in group
                    if not (out_dir / (d.stem + ".pdf")).exists() or needs_pdf(out_dir / d.name)]
        with ThreadPoolExecutor(workers) as pool:
            return [failure for failures in pool.map(run, enumerate(groups)) for failure in failures]
