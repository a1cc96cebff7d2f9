"""Kill a LibreOffice run when the report-drafter process that started it dies.

Run as a script (`python watchdog.py PARENT GROUP FOLDER...`, no imports from the package):
while PARENT lives and process group GROUP has members it waits; if PARENT dies first
(even by SIGKILL, which no handler sees), it kills the group and deletes FOLDERs (the
LibreOffice profile, the PDF staging folder), so nothing keeps writing for a dead run.
"""

import os
import shutil
import signal
import sys
import time

POLL_SECONDS = 0.2
GONE_SECONDS = 30  # at most this long waiting for the killed processes to be gone (a loaded machine is slow)
RETRIES = 150  # deleting the folders: up to 30 s while a dying process still writes


def watch(parent: int, group: int, folders: list[str]) -> None:
    while os.getppid() == parent:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:  # LibreOffice finished: nothing to watch
            return
        except PermissionError:
            return
        time.sleep(POLL_SECONDS)
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass
    deadline = time.monotonic() + GONE_SECONDS
    while time.monotonic() < deadline:  # a dying process may still write into the folders
        try:
            os.killpg(group, 0)
        except OSError:
            break
        time.sleep(POLL_SECONDS / 4)
    for _ in range(RETRIES):
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        if not any(os.path.lexists(folder) for folder in folders):
            return
        time.sleep(POLL_SECONDS)


if __name__ == "__main__":
    watch(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:])
