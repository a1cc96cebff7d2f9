"""PDF copies through LibreOffice: many files per call, one profile per worker, a timeout.

LibreOffice writes into a private temporary folder inside the output folder; each PDF is
then renamed into place like a .docx: never through a symbolic link, never half-written.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from report_drafter import filekind, output
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


def stale(docx: Path) -> bool:
    """Whether the PDF beside `docx` is missing or not newer than the .docx."""
    try:
        return os.lstat(docx.with_suffix(".pdf")).st_mtime_ns <= os.stat(docx).st_mtime_ns
    except FileNotFoundError:
        return True


def export(documents: list[Path], out_dir: Path, workers: int = 1) -> list[tuple[Path, str]]:
    """PDF copies of `documents` beside them in `out_dir`; returns (document, reason) per failure."""
    failures, todo = [], []
    for doc in documents:
        try:
            output.check_target(doc.with_suffix(".pdf"))
            todo.append(doc)
        except UserError as exc:
            failures.append((doc, exc.message))
    if not todo:
        return failures
    command = soffice()
    staging = Path(tempfile.mkdtemp(prefix=f"{output.TEMP_PREFIX}pdf-", suffix=output.TEMP_SUFFIX, dir=out_dir))
    try:
        failed = dict(convert(todo, staging, workers, command))
        for doc in todo:
            made = staging / (doc.stem + ".pdf")
            if doc not in failed and not made.is_file():
                failed[doc] = "LibreOffice không tạo được PDF"
            if doc in failed:
                continue
            try:
                output.replace(str(made), str(doc.with_suffix(".pdf")))
            except UserError as exc:
                failed[doc] = exc.message
            except OSError as exc:
                failed[doc] = f"không ghi được tệp PDF ({filekind.os_reason(exc)})"
        return failures + list(failed.items())
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def convert(documents: list[Path], out_dir: Path, workers: int = 1,
            command: str | None = None) -> list[tuple[Path, str]]:
    """Convert `documents` to PDF in `out_dir`; returns (document, reason) for each timeout.

    Each LibreOffice runs in a session of its own and is killed with everything it
    started on a timeout, Ctrl-C or SIGTERM.
    """
    if not documents:
        return []
    command = command or soffice()
    workers = max(1, min(workers, len(documents)))
    groups = [documents[i::workers] for i in range(workers)]
    running: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="report-drafter-lo-") as profiles:
        def run(index_group):
            index, group = index_group
            profile = Path(profiles) / f"profile-{index}"
            timeout = max(MINIMUM_SECONDS, SECONDS_PER_FILE * len(group))
            process = subprocess.Popen([command, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                                        "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, group)],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
            running.append(process)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                _kill(process)
                return [(d, f"LibreOffice quá thời gian ({timeout} giây)") for d in group]
            return []
        with ThreadPoolExecutor(workers) as pool:
            try:
                return [failure for failures in pool.map(run, enumerate(groups)) for failure in failures]
            except BaseException:
                for process in list(running):
                    _kill(process)
                raise


def _kill(process: subprocess.Popen) -> None:
    """Kill LibreOffice and the processes it started (its session)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (OSError, AttributeError):      # already gone, or no process groups (Windows)
        process.kill()
    process.wait()
