"""Many inputs: collect files and folders (batches), render them in parallel, summarise.

A folder is a batch: its `_defaults.yaml` is merged under every other file and other
files starting with `_` are skipped. Workers load, check, render and write each
document to a temporary file in the output folder; the parent renames them into place
once every input is known, so two inputs that would write the same file fail both,
and a run killed at any moment leaves each output complete or untouched. One bad file
never stops the others.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from report_drafter import job, output
from report_drafter.errors import Problem

DEFAULTS_NAME = "_defaults.yaml"
SUMMARY_NAME = "_summary.json"
INPUT_SUFFIXES = (".yaml", ".yml")
CHUNK = 16


@dataclass
class Item:
    """One input and its batch defaults, as strings (cheap to send to workers)."""

    path: str
    defaults: str | None = None
    figures: object = None           # figures.Overrides of this input (render --figures)


@dataclass
class Summary:
    outcomes: list = field(default_factory=list)

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def failed(self) -> int:
        return self.count(job.FAILED)

    def totals(self) -> dict:
        totals = {"inputs": len(self.outcomes), "written": self.count(output.WRITTEN, output.OVERWRITTEN),
                  "unchanged": self.count(output.UNCHANGED), "kept": self.count(output.KEPT),
                  "failed": self.failed}
        figures: dict[str, int] = {}
        for o in self.outcomes:
            for f in o.figures:
                figures[str(f.status)] = figures.get(str(f.status), 0) + 1
        if figures or self.count(output.UPDATED):
            totals["updated"] = self.count(output.UPDATED)
            totals["figures"] = figures
        return totals

    def line(self) -> str:
        t = self.totals()
        updated = f"cập nhật số liệu {t['updated']}, " if "updated" in t else ""
        return (f"Tổng cộng {t['inputs']} tệp: {updated}đã ghi {t['written']}, không đổi {t['unchanged']}, "
                f"giữ nguyên vì đã sửa {t['kept']}, lỗi {t['failed']}.")

    def as_dict(self) -> dict:
        return {"totals": self.totals(), "inputs": [o.as_dict() for o in self.outcomes]}


def collect(paths) -> tuple[list[Item], list[Problem]]:
    """Input files named directly or found in folders, in a stable order."""
    items: list[Item] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            defaults = path / DEFAULTS_NAME
            for child in sorted(path.iterdir()):
                if child.suffix.lower() in INPUT_SUFFIXES and not child.name.startswith("_") \
                        and child.is_file():
                    items.append(Item(str(child), str(defaults) if defaults.is_file() else None))
        elif path.is_file():
            defaults = path.parent / DEFAULTS_NAME
            use = defaults if defaults.is_file() and path.name != DEFAULTS_NAME else None
            items.append(Item(str(path), str(use) if use else None))
        else:
            problems.append(Problem(f"không tìm thấy tệp hoặc thư mục {raw}", file=str(raw),
                                    code="missing-input"))
    return items, problems


# --------------------------------------------------------------------- workers

def _prepare_builtins() -> None:
    """Prepare the built-in templates once, before workers fork (or in each worker)."""
    from report_drafter import render
    for _, path in render.list_builtin_templates():
        render.prepare(path)


def _render_one(item: Item, out_dir: Path, force: bool, task=None) -> job.Outcome:
    try:
        return (task or job.render_file)(item.path, out_dir, force, item.defaults, defer=True,
                                         figures=item.figures)
    except Exception as exc:          # a bug must not stop the batch: report it for this file
        message = f"lỗi không mong đợi khi xử lý tệp: {type(exc).__name__}: {exc}"
        return job.Outcome(str(item.path), message=message,
                           problems=[Problem(message, file=str(item.path), code="internal")])


def _render_chunk(items: list[Item], out_dir: str, force: bool, task=None) -> list[job.Outcome]:
    return [_render_one(item, out_dir, force, task) for item in items]


def _context():
    import multiprocessing
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


# ----------------------------------------------------------------------- a run

def run(items: list[Item], out_dir: Path, force: bool = False, jobs: int | None = None,
        on_progress=None, on_outcome=None, task=None) -> Summary:
    """Render every item; write `_summary.json`; return the summary.

    `task(path, out_dir, force, defaults, defer=True) -> Outcome` does one item
    (default `job.render_file`; a picklable callable, e.g. a partial of `job.update_file`).
    `on_progress(done, total)` is called as documents are rendered; `on_outcome(o)` once
    per input, in input order, after outputs are in place.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    output.remove_stale_temporaries(out_dir)
    jobs = max(1, jobs or os.cpu_count() or 1)
    outcomes: dict[int, job.Outcome] = {}

    def done(index: int, outcome: job.Outcome) -> None:
        outcomes[index] = outcome
        if on_progress:
            on_progress(len(outcomes), len(items))

    if jobs == 1 or len(items) <= 1:
        for i, item in enumerate(items):
            done(i, _render_one(item, out_dir, force, task))
    else:
        _run_pool(items, out_dir, force, jobs, done, task)

    ordered = [outcomes[i] for i in range(len(items))]
    _settle(ordered, out_dir)
    summary = Summary(ordered)
    for outcome in ordered:
        if on_outcome:
            on_outcome(outcome)
    output.write_atomic(out_dir / SUMMARY_NAME,
                        json.dumps(summary.as_dict(), ensure_ascii=False, indent=2).encode("utf-8"))
    return summary


def _run_pool(items, out_dir, force, jobs, done, task=None) -> None:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    ctx = _context()
    if ctx.get_start_method() == "fork":
        _prepare_builtins()          # workers inherit the prepared templates
        import gc
        gc.collect()
        gc.freeze()                  # the collector then leaves inherited pages shared (no copy-on-write)
        initializer = None
    else:
        initializer = _prepare_builtins
    chunks = _chunks(len(items), jobs)
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=initializer) as pool:
        pending = {}
        queue = iter(chunks)
        try:
            for indexes in queue:        # keep a bounded number of chunks in flight
                pending[pool.submit(_render_chunk, [items[i] for i in indexes], str(out_dir), force, task)] = indexes
                if len(pending) >= jobs * 2:
                    _collect(pending, done, items)
            while pending:
                _collect(pending, done, items)
        except BrokenProcessPool as exc:
            for indexes in [*pending.values(), *queue]:
                for i in indexes:
                    done(i, job.Outcome(str(items[i].path), message=f"tiến trình con bị dừng đột ngột ({exc})"))


def _collect(pending: dict, done, items) -> None:
    from concurrent.futures import FIRST_COMPLETED, wait
    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
    for future in finished:
        indexes = pending.pop(future)
        for i, outcome in zip(indexes, future.result()):
            done(i, outcome)


def _chunks(count: int, jobs: int) -> list[list[int]]:
    """Indexes in chunks of up to CHUNK, smaller towards the end so that workers finish together."""
    size = max(1, min(CHUNK, count // (jobs * 4) or 1))
    tail = max(0, count - size * jobs * 2)          # the last two rounds go in quarter chunks
    out = [list(range(i, min(i + size, tail))) for i in range(0, tail, size)]
    small = max(1, size // 4)
    return out + [list(range(i, min(i + small, count))) for i in range(tail, count, small)]


def sync_folder(folder) -> None:
    """Flush the file system holding `folder` to disk: Linux `syncfs`, else a system-wide sync."""
    try:
        import ctypes
        fd = os.open(folder, os.O_RDONLY)
        try:
            if ctypes.CDLL(None, use_errno=True).syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    except (OSError, AttributeError):
        pass
    if hasattr(os, "sync"):
        os.sync()


def _settle(outcomes: list[job.Outcome], out_dir) -> None:
    """Move rendered documents into place; two inputs naming one output both fail."""
    by_target: dict[str, list[job.Outcome]] = {}
    for o in outcomes:
        if o.output and o.status != job.FAILED:
            by_target.setdefault(o.output, []).append(o)
    for target, group in by_target.items():
        if len(group) < 2:
            continue
        for o in group:
            others = ", ".join(x.input for x in group if x is not o)
            o.status = job.FAILED
            o.message = f"tệp kết quả {os.path.basename(target)} trùng với {others}; hãy đặt khóa output khác nhau"
            o.problems.append(Problem(o.message, "output", o.input, code="duplicate-output"))
    if any(o.temp for o in outcomes):
        sync_folder(out_dir)         # every document on disk before any rename (power-loss safety)
    for o in outcomes:
        if not o.temp:
            continue
        if o.status == job.FAILED:
            os.unlink(o.temp)
        else:
            os.replace(o.temp, o.output)
        o.temp = ""
