"""PDF copies through LibreOffice: many files per call, one profile per worker, a timeout.

LibreOffice writes into a private temporary folder inside the output folder; each PDF is
then renamed into place like a .docx: never through a symbolic link, never half-written.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from report_drafter.errors import UserError
from report_drafter.files import kind as filekind
from report_drafter.files import writing as output

SECONDS_PER_FILE = 20
MINIMUM_SECONDS = 60
INSTALL_HINT = (
    "không tìm thấy LibreOffice (soffice) để xuất PDF; cài bằng: "
    "apt-get install libreoffice-writer-nogui (các tệp .docx vẫn được giữ)"
)


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
        failed = dict(convert(todo, staging, workers, command, discard=[str(staging)]))
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


def convert(
    documents: list[Path], out_dir: Path, workers: int = 1, command: str | None = None, discard=()
) -> list[tuple[Path, str]]:
    """Convert `documents` to PDF in `out_dir`; returns (document, reason) for each timeout.

    Each LibreOffice runs in a session of its own and is killed with everything it
    started on a timeout, Ctrl-C or SIGTERM, and, by a watchdog, when this process dies
    (even by SIGKILL); the watchdog then also deletes its profile and the `discard` folders.
    """
    if not documents:
        return []
    command = command or soffice()
    workers = max(1, min(workers, len(documents)))
    groups = [documents[i::workers] for i in range(workers)]
    running: list[subprocess.Popen] = []
    remove_stale_profiles()
    with tempfile.TemporaryDirectory(prefix=f"{PROFILE_PREFIX}{os.getpid()}-") as profiles:

        def run(index_group):
            index, group = index_group
            profile = Path(profiles) / f"profile-{index}"
            timeout = max(MINIMUM_SECONDS, SECONDS_PER_FILE * len(group))
            process = subprocess.Popen(
                [
                    command,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(out_dir),
                    *map(str, group),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            running.append(process)
            watcher = _watch(process, [profiles, *discard])
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                _kill(process)
                return [(d, f"LibreOffice quá thời gian ({timeout} giây)") for d in group]
            finally:
                if watcher:
                    watcher.kill()
                    watcher.wait()
            return []

        with ThreadPoolExecutor(workers) as pool:
            try:
                return [failure for failures in pool.map(run, enumerate(groups)) for failure in failures]
            except BaseException:
                for process in list(running):
                    _kill(process)
                raise


PROFILE_PREFIX = "report-drafter-lo-"  # + the pid of the run: LibreOffice profiles in the temporary folder
STALE_PROFILE_SECONDS = 24 * 3600  # a profile without a pid in its name is stale after this


def _watch(process: subprocess.Popen, folders: list[str]):
    """A watchdog (watchdog.py) that kills LibreOffice and deletes `folders` if this process
    dies first, even by SIGKILL; None where process groups do not exist (Windows)."""
    if not hasattr(os, "killpg"):
        return None
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "watchdog.py")
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-S", script, str(os.getpid()), str(process.pid), *folders],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None


def remove_stale_profiles() -> int:
    """Delete LibreOffice profile folders that runs which died left in the temporary folder."""
    count = 0
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{PROFILE_PREFIX}*"):
        pid = folder.name[len(PROFILE_PREFIX) :].split("-", 1)[0]
        try:
            if folder.is_symlink() or not folder.is_dir():
                continue
            if pid.isdigit():
                if _alive(int(pid)):
                    continue
            elif now - folder.lstat().st_mtime < STALE_PROFILE_SECONDS:
                continue
            shutil.rmtree(folder)
            count += 1
        except OSError:
            pass
    return count


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _kill(process: subprocess.Popen) -> None:
    """Kill LibreOffice and the processes it started (its session)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (OSError, AttributeError):  # already gone, or no process groups (Windows)
        process.kill()
    process.wait()
