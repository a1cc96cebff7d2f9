"""Many inputs: collect files and folders (batches), render them in parallel, summarise.

A folder is a batch: its `_defaults.yaml` is merged under every other file and other
files starting with `_` are skipped. Workers load, check, render and write each
document to a temporary file in the output folder; the parent renames them into place
once every input is known, so two inputs that would write the same file fail both,
and a run killed at any moment leaves each output complete or untouched. One bad file
never stops the others: a worker process that dies (a crash, `kill -9`) loses nothing,
because the inputs it may have held are made again, each in a process of its own.
Workers die with the run; one run at a time writes into an output folder.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from report_drafter.errors import Problem, UserError
from report_drafter.files import kind as filekind
from report_drafter.files import reading as safefile
from report_drafter.files import writing as output
from report_drafter.run import one_input as job

DEFAULTS_NAME = "_defaults.yaml"
SUMMARY_NAME = "_summary.json"
INPUT_SUFFIXES = (".yaml", ".yml")
CHUNK = 16
JOBS_PER_CPU = 4  # `-j` is capped at this many processes per CPU (and at the inputs)
POOL_RESTARTS = 3  # worker deaths tolerated before every remaining input is isolated


@dataclass
class Item:
    """One input and its batch defaults, as strings (cheap to send to workers)."""

    path: str
    defaults: str | None = None
    figures: object = None  # figures.Overrides of this input (render --figures)


@dataclass
class Summary:
    outcomes: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what happened to the run itself (worker deaths)

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def failed(self) -> int:
        return self.count(job.FAILED)

    def totals(self) -> dict:
        totals = {
            "inputs": len(self.outcomes),
            "written": self.count(output.WRITTEN, output.OVERWRITTEN),
            "unchanged": self.count(output.UNCHANGED),
            "kept": self.count(output.KEPT),
            "failed": self.failed,
        }
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
        return (
            f"Tổng cộng {t['inputs']} tệp: {updated}đã ghi {t['written']}, không đổi {t['unchanged']}, "
            f"giữ nguyên vì đã sửa {t['kept']}, lỗi {t['failed']}."
        )

    def as_dict(self) -> dict:
        return {"totals": self.totals(), "inputs": [o.as_dict() for o in self.outcomes], "notes": list(self.notes)}


# ------------------------------------------------------------------ collecting


def collect(paths) -> tuple[list[Item], list[Problem]]:
    """Input files named directly or found in folders, in a stable order, each once.

    Problems name what is wrong with a path: missing, a broken or looping link, not a
    plain file (FIFO, device), unreadable. The same file given twice is taken once.
    """
    items: list[Item] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(path: Path, defaults: Path | None) -> None:
        reason = _unusable(path)
        if reason:
            problems.append(Problem(reason, file=str(path), code="unreadable-input"))
            return
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            items.append(Item(str(path), str(defaults) if defaults else None))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            defaults = path / DEFAULTS_NAME
            for child in sorted(path.iterdir()):
                if child.suffix.lower() in INPUT_SUFFIXES and not child.name.startswith("_") and not child.is_dir():
                    add(child, defaults if defaults.is_file() else None)
        elif os.path.lexists(path):
            defaults = path.parent / DEFAULTS_NAME
            use = defaults if defaults.is_file() and path.name != DEFAULTS_NAME else None
            add(path, use)
        else:
            problems.append(Problem(f"không tìm thấy tệp hoặc thư mục {raw}", file=str(raw), code="missing-input"))
    return items, problems


def _unusable(path: Path) -> str:
    """Why `path` cannot be read as an input file, in Vietnamese; "" when it can."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if os.path.islink(path):
            target = os.readlink(path)
            if exc.errno == errno.ELOOP:
                return f"liên kết (symlink) tới {target} tạo thành vòng lặp; hãy sửa hoặc xóa liên kết"
            return f"liên kết (symlink) tới {target}, nơi không có tệp nào; hãy sửa hoặc xóa liên kết"
        return f"không đọc được ({filekind.os_reason(exc)})"
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "FIFO (ống dẫn)" if stat.S_ISFIFO(info.st_mode) else "socket" if stat.S_ISSOCK(info.st_mode) else "thiết bị"
        )
        return f"không phải tệp thường mà là một {kind}; hãy đưa đường dẫn tới tệp .yaml"
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        return "không có quyền đọc tệp; hãy cấp quyền đọc (chmod u+r) hoặc chép tệp sang chỗ khác"
    except OSError as exc:
        return f"không đọc được tệp ({filekind.os_reason(exc)})"
    return ""


# --------------------------------------------------------------------- workers


def _safely(task, item: Item, out_dir: str, force: bool) -> job.Outcome:
    try:
        return (task or job.render_file)(item.path, out_dir, force, item.defaults, defer=True, figures=item.figures)
    except Exception as exc:  # a bug must not stop the batch: report it for this file
        message = f"lỗi không mong đợi khi xử lý tệp: {type(exc).__name__}: {exc}"
        return job.Outcome(
            str(item.path), message=message, problems=[Problem(message, file=str(item.path), code="internal")]
        )


def _run_chunk(task, items: list[Item], out_dir: str, force: bool) -> list[job.Outcome]:
    return [_safely(task, item, out_dir, force) for item in items]


_SYSTEM = re.compile(r"^system:[ \t]*['\"]?(party|state)['\"]?[ \t]*(?:#.*)?$", re.M)
_TEMPLATE = re.compile(r"^template:[ \t]*['\"]?([^'\"#\n]*?)['\"]?[ \t]*(?:#.*)?$", re.M)


def _first_template(item: Item) -> str | None:
    """The built-in template the first input most likely uses, read from its top-level
    `system:` and `template:` lines (nothing is parsed: a hostile input is left to a worker)."""
    from report_drafter.document import render

    texts = []
    for path in (item.path, item.defaults):
        try:
            if path and os.path.getsize(path) <= 2 * 1024 * 1024:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    texts.append(fh.read())
        except OSError:
            pass
    system = next((m.group(1) for t in texts if (m := _SYSTEM.search(t))), None)
    template = next((m.group(1).strip() for t in texts if (m := _TEMPLATE.search(t))), "")
    if template in render.BUILTIN_TEMPLATES:
        return str(render.builtin_template(template))
    if template in render.DEFAULT_TEMPLATE_NAMES and system:
        return str(render.builtin_template(system))
    return None


def _prepare_first(item: Item) -> None:
    """Prepare the built-in template of the first input before workers fork: they inherit
    it. Any other template is prepared by each worker when it first needs it."""
    from report_drafter.document import render

    path = _first_template(item)
    if path:
        try:
            render.prepare(path)
        except Exception:  # noqa: BLE001 — a worker says what is wrong, per input
            pass


def _worker_setup(parent: int) -> None:
    """In each worker: die with the parent; leave Ctrl-C and SIGTERM to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when the parent dies (Linux), or watch for it."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, int(signal.SIGKILL), 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    import threading

    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def max_jobs() -> int:
    """The most worker processes a run starts, whatever `-j` says."""
    return JOBS_PER_CPU * (os.cpu_count() or 1)


def worker_count(jobs: int | None, inputs: int) -> int:
    """Workers for `inputs` documents: `jobs` (default: CPUs), at most one per input and `max_jobs()`."""
    return max(1, min(jobs or os.cpu_count() or 1, inputs, max_jobs()))


# ----------------------------------------------------------------------- a run


def run(
    items: list[Item],
    out_dir: Path,
    force: bool = False,
    jobs: int | None = None,
    on_progress=None,
    on_outcome=None,
    on_wait=None,
    task=None,
    finish=None,
) -> Summary:
    """Render every item; write `_summary.json`; return the summary.

    `task(path, out_dir, force, defaults, defer=True, figures=…) -> Outcome` does one item
    (default `job.render_file`; a picklable callable, e.g. a partial of `job.update_file`);
    a task that records `Outcome.seen` has its target judged again before the rename if
    the target changed meanwhile. `on_progress(done, total)` is called
    as documents are made; `on_outcome(o)` once per input, in input order, after outputs
    are in place; `on_wait()` if another run holds the folder and this one waits for it;
    `finish(summary)` at the end while the folder is still held (e.g. PDF export).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    outcomes: dict[int, job.Outcome] = {}
    with output.folder_lock(out_dir, on_wait) as locked:
        output.remove_stale_temporaries(out_dir, 0 if locked else output.STALE_WITHOUT_LOCK)
        try:
            summary = _run_held(items, out_dir, force, jobs, task, outcomes, on_progress)
        except BaseException:  # Ctrl-C, SIGTERM: workers are gone; leave no temporary
            for outcome in outcomes.values():
                if outcome.temp:
                    output.remove_file(outcome.temp)
            if locked:
                output.remove_stale_temporaries(out_dir)
            raise
        if locked:  # a dead worker's half-made documents
            output.remove_stale_temporaries(out_dir)
        for outcome in summary.outcomes:
            if on_outcome:
                on_outcome(outcome)
        if finish:
            finish(summary)
    return summary


def _run_held(items, out_dir: Path, force, jobs, task, outcomes, on_progress) -> Summary:
    summary = Summary()

    def done(index: int, outcome: job.Outcome) -> None:
        outcomes[index] = outcome
        if on_progress:
            on_progress(len(outcomes), len(items))

    if len(items) <= 1:
        for i, item in enumerate(items):
            done(i, _safely(task, item, str(out_dir), force))
    else:
        _run_pool(items, str(out_dir), force, worker_count(jobs, len(items)), done, task, summary.notes)
    summary.outcomes = [outcomes[i] for i in range(len(items))]
    _settle(summary.outcomes, out_dir, force)
    _mark_stale(summary.outcomes, _previous_outputs(out_dir / SUMMARY_NAME), out_dir)
    try:  # whatever is at its name (a link, a FIFO) is replaced, not followed
        output.write_own(
            out_dir / SUMMARY_NAME, json.dumps(summary.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")
        )
    except OSError as exc:  # a full disk: the documents' report is still printed
        summary.notes.append(f"không ghi được {out_dir / SUMMARY_NAME}: {filekind.os_reason(exc)}")
    return summary


MAX_SUMMARY_BYTES = 64 * 1024 * 1024


def _previous_outputs(summary_path: Path) -> dict[str, str]:
    """Input → output of the last run's `_summary.json` in this folder ({} when unreadable:
    missing, damaged, nested too deep, or not a plain file, e.g. a link or a FIFO)."""
    try:
        data = json.loads(safefile.read_regular(summary_path, MAX_SUMMARY_BYTES))
        return {
            str(e["input"]): str(e["output"])
            for e in data.get("inputs", [])
            if isinstance(e, dict) and e.get("input") and e.get("output")
        }
    except (OSError, ValueError, TypeError, AttributeError, KeyError, RecursionError):
        return {}


def _mark_stale(outcomes: list[job.Outcome], previous: dict[str, str], out_dir) -> None:
    """A failed input whose document from an earlier run is still in the folder: say so, since
    that document looks current but does not carry this run's input. (Only a file in the
    folder: a `_summary.json` left there may name any path.)"""
    folder = os.path.realpath(out_dir)
    for o in outcomes:
        if o.status != job.FAILED:
            continue
        for candidate in (o.output, previous.get(o.input, "")):
            if (
                candidate
                and os.path.dirname(os.path.realpath(candidate)) == folder
                and os.path.isfile(candidate)
                and not os.path.islink(candidate)
            ):
                o.stale = candidate
                break


def _run_pool(items, out_dir: str, force, jobs, done, task, notes) -> None:
    """Chunks of inputs in a pool of workers; if one dies, what it may have held is isolated."""
    left = list(range(len(items)))
    for _attempt in range(POOL_RESTARTS + 1):
        if not left:
            return
        suspects, left = _pool_pass(items, left, out_dir, force, jobs, done, task)
        if suspects or left:
            redo = (
                f"{len(suspects)} tệp đang xử lý dở được làm lại, mỗi tệp trong một tiến trình riêng"
                if suspects
                else "các tệp còn lại được làm tiếp trong tiến trình mới"
            )
            notes.append(f"một tiến trình con bị dừng đột ngột; {redo}")
            _isolate(items, suspects, out_dir, force, jobs, done, task)
    _isolate(items, left, out_dir, force, jobs, done, task)


def _pool_pass(items, indexes, out_dir, force, jobs, done, task) -> tuple[list[int], list[int]]:
    """Run `indexes` in a fresh pool. Returns ([], []) or, when a worker died, the inputs
    that were in flight (any of them may be the cause) and those never submitted."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ctx = _context()
    forked = ctx.get_start_method() == "fork"
    if forked:
        _prepare_first(items[indexes[0]])  # workers inherit the prepared template
        import gc

        gc.collect()
        gc.freeze()  # the collector then leaves inherited pages shared (no copy-on-write)
    jobs = min(jobs, len(indexes))
    chunks = [[indexes[i] for i in part] for part in _chunks(len(indexes), jobs)]
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_setup, initargs=(os.getpid(),))
    pending: dict = {}  # future → the input indexes it holds
    sent = 0
    try:
        try:
            while sent < len(chunks) or pending:
                while sent < len(chunks) and len(pending) < jobs * 2:  # a bounded number in flight
                    part = chunks[sent]
                    pending[pool.submit(_run_chunk, task, [items[i] for i in part], out_dir, force)] = part
                    sent += 1
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    results = future.result()  # BrokenProcessPool if a worker died
                    for i, outcome in zip(pending.pop(future), results):
                        done(i, outcome)
        except BrokenProcessPool:
            for future in [f for f in pending if f.done() and f.exception() is None]:
                for i, outcome in zip(pending.pop(future), future.result()):
                    done(i, outcome)
            return [i for part in pending.values() for i in part], [i for part in chunks[sent:] for i in part]
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True)
    return [], []


def _stop(pool) -> None:
    """Kill a pool's workers now (Ctrl-C, SIGTERM) instead of waiting for their work."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.kill()
            process.join(5)
        except (OSError, ValueError, AssertionError):
            pass


def _isolate(items, indexes, out_dir: str, force, jobs, done, task) -> None:
    """Each input in a process of its own, `jobs` at a time: a crash loses only its input."""
    from multiprocessing.connection import wait

    ctx = _context()
    waiting = list(indexes)
    running: dict = {}  # reader → (index, process)
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                i = waiting.pop(0)
                reader, writer = ctx.Pipe(duplex=False)
                process = ctx.Process(
                    target=_isolated, args=(writer, task, items[i], out_dir, force, os.getpid()), daemon=True
                )
                process.start()
                writer.close()
                running[reader] = (i, process)
            for reader in wait(list(running)):
                i, process = running.pop(reader)
                try:
                    outcome = reader.recv()
                except (EOFError, OSError):
                    outcome = None
                reader.close()
                process.join()
                done(i, outcome or _crashed(items[i], process.exitcode))
    except BaseException:
        for _, process in running.values():
            process.kill()
            process.join(5)
        raise


def _isolated(writer, task, item: Item, out_dir: str, force: bool, parent: int) -> None:
    _worker_setup(parent)
    writer.send(_safely(task, item, out_dir, force))
    writer.close()


def _crashed(item: Item, exitcode) -> job.Outcome:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"tín hiệu {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"tín hiệu {-exitcode}"
    else:
        how = f"mã thoát {exitcode}"
    message = (
        f"tiến trình xử lý tệp này bị dừng đột ngột ({how}) nên tệp không được ghi; các tệp khác "
        f"không bị ảnh hưởng. Nếu lặp lại, hãy kiểm tra tệp (độ lồng, kích thước) hoặc báo lỗi kèm tệp"
    )
    return job.Outcome(item.path, message=message, problems=[Problem(message, file=item.path, code="worker-died")])


def _chunks(count: int, jobs: int) -> list[list[int]]:
    """Indexes in chunks of up to CHUNK, smaller towards the end so that workers finish together."""
    size = max(1, min(CHUNK, count // (jobs * 4) or 1))
    tail = max(0, count - size * jobs * 2)  # the last two rounds go in quarter chunks
    out = [list(range(i, min(i + size, tail))) for i in range(0, tail, size)]
    small = max(1, size // 4)
    return out + [list(range(i, min(i + small, count))) for i in range(tail, count, small)]


@dataclass
class Checked:
    """What `validate` tells of one input (the report itself stays in the worker)."""

    path: str
    problems: list
    ok: bool  # a report was built (there may still be warnings)


VALIDATE_SERIAL_BELOW = 8  # inputs; fewer are checked faster than workers start


def validate_all(items: list[Item], jobs: int | None = None):
    """Check every item as `validate` does (a custom template compiled once per process and
    test-rendered once per input; nothing written), in parallel like `render`; yields
    `Checked` in input order as results come in."""
    jobs = worker_count(jobs, len(items))
    if jobs < 2 or len(items) < VALIDATE_SERIAL_BELOW:
        yield from (_check(item) for item in items)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = _context()
    if ctx.get_start_method() == "fork":
        import gc

        gc.collect()
        gc.freeze()
    chunks = [[items[i] for i in part] for part in _chunks(len(items), jobs)]
    done = 0
    pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_setup, initargs=(os.getpid(),))
    try:
        for results in pool.map(_check_chunk, chunks):
            done += len(results)
            yield from results
    except BrokenProcessPool:  # a worker died: the rest are checked here, one by one
        pool.shutdown(wait=True)
        yield from (_check(item) for item in items[done:])
    except BaseException:  # Ctrl-C, SIGTERM, or the caller stopped reading
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True)


def _check_chunk(items: list[Item]) -> list[Checked]:
    return [_check(item) for item in items]


def _check(item: Item) -> Checked:
    try:
        loaded = job.validate_file(item.path, item.defaults, item.figures, dry_run=True)
    except Exception as exc:  # a bug must not stop the others: report it for this file
        message = f"lỗi không mong đợi khi kiểm tra tệp: {type(exc).__name__}: {exc}"
        return Checked(item.path, [Problem(message, file=item.path, code="internal")], False)
    return Checked(item.path, loaded.problems, loaded.report is not None)


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


FSYNC_UP_TO = 4  # documents; more are flushed by one syncfs of their file system


def _flush(paths: list[str], folder) -> None:
    """Every document on disk before any rename (power-loss safety): a few by `fsync` each,
    a batch by one `syncfs` (a few ms per `fsync` adds up; one `syncfs` also waits for
    whatever else is pending on that file system)."""
    if len(paths) > FSYNC_UP_TO:
        sync_folder(folder)
        return
    try:
        for path in paths:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except OSError:
        sync_folder(folder)


def _settle(outcomes: list[job.Outcome], out_dir, force: bool) -> None:
    """Move rendered documents into place; two inputs naming one output both fail.

    Names that differ only in case or Unicode form count as one (they are one file on
    Windows and macOS). Edit safety is decided again for a target that changed since
    its document was rendered (a secretary saved it meanwhile).
    """
    by_target: dict[str, list[job.Outcome]] = {}
    for o in outcomes:
        if o.output and o.status != job.FAILED:
            by_target.setdefault(output.same_name_key(o.output), []).append(o)
    for group in by_target.values():
        if len(group) < 2:
            continue
        for o in group:
            others = ", ".join(
                x.input if x.output == o.output else f"{x.input} ({os.path.basename(x.output)})"
                for x in group
                if x is not o
            )
            o.status = job.FAILED
            o.message = f"tệp kết quả {os.path.basename(o.output)} trùng với {others}; hãy đặt khóa output khác nhau"
            if any(x.output != o.output for x in group):
                o.message += " (tên chỉ khác chữ hoa/thường là một tệp trên Windows và macOS)"
            o.problems.append(Problem(o.message, "output", o.input, code="duplicate-output"))
    _flush([o.temp for o in outcomes if o.temp], out_dir)
    for o in outcomes:
        if not o.temp:
            continue
        temp, o.temp = o.temp, ""
        if o.status == job.FAILED:
            output.remove_file(temp)
            continue
        try:
            if o.seen == job.UNSEEN:
                output.replace(temp, o.output)
                status = None
            else:
                status = output.place(temp, o.output, o.seen, lambda o=o: _judge_again(o, force))
        except UserError as exc:
            o.status, o.message = job.FAILED, exc.message
            o.problems.append(Problem(exc.message, "output", o.input, code="output-path"))
            continue
        except OSError as exc:
            o.status, o.message = job.FAILED, f"không ghi được tệp: {filekind.os_reason(exc)}"
            o.problems.append(Problem(o.message, file=o.input, code="io"))
            o.figures = []  # nothing was written: no figure was placed
            if o.backup and os.path.exists(o.output):
                output.remove_file(o.backup)  # the document in place is the one backed up
                o.backup = ""
            continue
        if status:
            o.status = status


def _judge_again(o: job.Outcome, force: bool) -> str:
    """The fate of a target that changed while its document was being made."""
    if o.status == output.UPDATED:  # figures were placed into the version read before: keep the newer one
        o.message = f"{o.output} được lưu lại trong lúc đang cập nhật nên được giữ nguyên; hãy chạy lại lệnh update"
        if o.backup:  # a copy of a version that was not replaced
            output.remove_file(o.backup)
            o.backup = ""
        o.figures = []  # nothing of this run is in the document
        return output.KEPT
    status = output.decide(o.output, o.fingerprint, force)
    if status == output.OVERWRITTEN:
        o.backup = output.backup(o.output)  # the version saved meanwhile is the one to keep a copy of
    o.message = job.kept_message(o.output) if status == output.KEPT else ""
    return status
