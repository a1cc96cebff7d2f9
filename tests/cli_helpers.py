"""Run the command line as a user does: a real process, its output as text."""

import subprocess
import sys


def cli(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", *map(str, args)], capture_output=True, text=True, **kw
    )
