"""Every input of a batch loaded at once, in parallel, for the commands that need them all
(`sheet`, `rollup`); a wrong file is kept as a unit without a report, never dropped. Also
`in_parallel`, to build the two roll-up files at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from report_drafter.errors import Problem
from report_drafter.run import one_input as job

SERIAL_BELOW = 40  # inputs; fewer load faster than a worker pool starts


@dataclass
class Unit:
    """One input: its report (None when it has errors) and every problem found."""

    path: str
    report: object = None
    problems: list = field(default_factory=list)


def load_all(items, jobs: int | None = None, blank: bool = False) -> list[Unit]:
    """Load (and check) every item, with its workbook figures; in input order.
    With `blank`, indicators may have no figures yet (the collection workbook)."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(items) < SERIAL_BELOW:
        return [_load(item, blank) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    size = max(1, len(items) // (jobs * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
        return [unit for chunk in pool.map(_load_chunk, chunks, [blank] * len(chunks)) for unit in chunk]


def in_parallel(first, *others):
    """Run the calls (function, args…) at once, `first` here and the others in forked
    processes; return their results in order. Where fork is missing, one after another."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        return [fn(*args) for fn, *args in (first, *others)]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(len(others), mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(fn, *args) for fn, *args in others]
        here = first[0](*first[1:])
        return [here, *(f.result() for f in futures)]


def _load_chunk(items, blank: bool = False) -> list[Unit]:
    return [_load(item, blank) for item in items]


def _load(item, blank: bool = False) -> Unit:
    try:
        loaded = job.validate_file(item.path, item.defaults, item.figures, blank=blank)
    except Exception as exc:  # a bug must not stop the others: report it for this file
        message = f"lỗi không mong đợi khi đọc tệp: {type(exc).__name__}: {exc}"
        return Unit(item.path, None, [Problem(message, file=item.path, code="internal")])
    return Unit(item.path, loaded.report if loaded.ok else None, loaded.problems)
