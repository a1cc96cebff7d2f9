"""The command line with faults injected into document work: for the runtime-safety tests only.

Run as `python tests/fault_harness.py render ...`. An input whose file name starts with
`crash-` kills the process making it (SIGKILL, as a segmentation fault or `kill -9`
would); one starting with `hold-` waits until the file named by $HOLD_UNTIL exists, so
that a test can act while a batch is certainly still running. With $FULL_DISK set, every
file the run writes whose path contains it fails as on a full disk (ENOSPC).
"""

import errno
import os
import signal
import sys
import time

from report_drafter import cli
from report_drafter.run import one_input as job

_real = job.render_file


def render_file(path, *args, **kwargs):
    name = os.path.basename(str(path))
    if name.startswith("crash-"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("hold-"):
        while not os.path.exists(os.environ["HOLD_UNTIL"]):
            time.sleep(0.02)
    return _real(path, *args, **kwargs)


def full_disk(path, *args, **kwargs):
    if os.environ["FULL_DISK"] in str(path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return _write_temporary(path, *args, **kwargs)


job.render_file = render_file
if os.environ.get("FULL_DISK"):
    from report_drafter.files import writing as output

    _write_temporary = output.write_temporary
    output.write_temporary = full_disk
raise SystemExit(cli.main(sys.argv[1:]))
