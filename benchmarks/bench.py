"""Speed and memory of report-drafter, each figure against its baseline measured in the same run.

Run:  python benchmarks/bench.py            (full: the counts of docs/performance.md; about 10 min)
      python benchmarks/bench.py --quick    (smaller counts, one run each; what CI prints)
      python benchmarks/bench.py --only batch|single|rate|validate|sheets|update|memory|pdf|big

Every figure is measured side by side with its baseline, alternating (ours, baseline, ours,
baseline …) so that a busy machine slows both alike; medians of the runs. Wall time and CPU
time (user + system of the command and its workers) are both recorded: on a shared machine the
CPU time shows the work done even when other jobs slow the wall clock, and the load average at
each measure is printed with it. Nothing here asserts a speed: the table is printed and written
to benchmarks/results/bench.json (bench-quick.json with --quick).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "ubnd-hai-an-2020-6t.yaml"  # four pages as rendered, 20 indicators
RESULTS = ROOT / "benchmarks" / "results"
FULL = {
    "batch": 400,
    "rate": (400, 4000),
    "validate": 700,
    "units": 700,
    "update": 400,
    "big": 10_000,
    "memory": (100, 5000),
    "pdf": 20,
    "single_runs": 9,
    "runs": 3,
}
QUICK = {
    "batch": 100,
    "rate": (100, 400),
    "validate": 150,
    "units": 100,
    "update": 100,
    "big": 1000,
    "memory": (100, 400),
    "pdf": 4,
    "single_runs": 5,
    "runs": 1,
}


def make_inputs(folder: Path, count: int, source: Path = EXAMPLE) -> list[Path]:
    """`count` copies of the example, each with its own output name."""
    folder.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        p = folder / f"bao-cao-{i:05d}.yaml"
        p.write_text(f"output: bao-cao-{i:05d}\n" + _without_output(text), encoding="utf-8")
        paths.append(p)
    return paths


def _without_output(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("output:")) + "\n"


def cli(*args, check: bool = True) -> tuple[float, float]:
    """Wall time and CPU time (user + system of the command and its workers) of one
    `report-drafter` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "report_drafter", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if check and run.returncode != 0:
        raise SystemExit(f"report-drafter {' '.join(map(str, args))} failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return wall, _cpu(before, after)


def _cpu(before, after) -> float:
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed(fn) -> tuple[float, float]:
    """Wall and CPU time (this process and the children it waited for) of `fn()`."""
    before_self, before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    fn()
    wall = time.perf_counter() - start
    return wall, _cpu(before_self, resource.getrusage(resource.RUSAGE_SELF)) + _cpu(
        before, resource.getrusage(resource.RUSAGE_CHILDREN)
    )


def side_by_side(ours, baseline, runs: int) -> dict:
    """Run `ours` and `baseline` (each returns (wall, cpu)) alternately `runs` times; medians."""
    a, b = [], []
    loads = [os.getloadavg()[0]]
    for _ in range(runs):
        a.append(ours())
        b.append(baseline())
        loads.append(os.getloadavg()[0])
    med = lambda xs, i: statistics.median(x[i] for x in xs)  # noqa: E731
    return {
        "ours_s": round(med(a, 0), 3),
        "ours_cpu_s": round(med(a, 1), 3),
        "baseline_s": round(med(b, 0), 3),
        "baseline_cpu_s": round(med(b, 1), 3),
        "runs": runs,
        "load_average": [round(min(loads), 1), round(max(loads), 1)],
    }


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    return folder


# ----------------------------------------------------------------- plain docxtpl


def _docxtpl_worker(args):
    paths, out_dir = args
    from docxtpl import DocxTemplate

    from report_drafter.document import render
    from report_drafter.input import schema as load
    from report_drafter.text import context

    env = render.make_environment()
    for p in paths:
        loaded = load.load_file(p)
        ctx = context.build_context(loaded.report)
        tpl = DocxTemplate(str(render.builtin_template(loaded.report.system)))
        tpl.render(ctx, jinja_env=env)
        tpl.save(str(Path(out_dir) / (Path(p).stem + ".docx")))
    return len(paths)


def plain_docxtpl(paths: list[Path], out_dir: Path, workers: int) -> None:
    """Plain docxtpl over all cores: a new DocxTemplate per document, render (the sandboxed
    environment custom templates get), save. The inputs are read by our loader in both."""
    import multiprocessing as mp

    out_dir.mkdir(parents=True, exist_ok=True)
    chunks = [(paths[i::workers], out_dir) for i in range(workers)]
    with mp.get_context("fork").Pool(workers) as pool:
        assert sum(pool.map(_docxtpl_worker, chunks)) == len(paths)


# ------------------------------------------------------------------------ figures


def batch_figures(work: Path, count: int, runs: int, workers: int) -> dict:
    """A batch of `count` four-page documents: ours against plain docxtpl."""
    inputs = work / f"batch-{count}"
    paths = make_inputs(inputs, count)
    out = side_by_side(
        lambda: cli("render", inputs, "-o", fresh(work / "batch-ours"), "-j", workers),
        lambda: timed(lambda: plain_docxtpl(paths, fresh(work / "batch-docxtpl"), workers)),
        runs,
    )
    out.update(
        documents=count,
        workers=workers,
        docs_per_s=round(count / out["ours_s"], 1),
        baseline_docs_per_s=round(count / out["baseline_s"], 1),
        speedup=round(out["baseline_s"] / out["ours_s"], 2),
        speedup_cpu=round(out["baseline_cpu_s"] / out["ours_cpu_s"], 2),
    )
    return out


def single_figures(work: Path, runs: int) -> dict:
    """One document from the command line against `python -c "import docxtpl"`."""
    target = work / "single"
    cli("render", EXAMPLE, "-o", target, "--force")  # warm the prepared-template cache

    def import_docxtpl():
        return timed(lambda: subprocess.run([sys.executable, "-c", "import docxtpl"], check=True))

    out = side_by_side(lambda: cli("render", EXAMPLE, "-o", target, "--force"), import_docxtpl, runs)
    out.update(
        ratio=round(out["ours_s"] / out["baseline_s"], 2), ratio_cpu=round(out["ours_cpu_s"] / out["baseline_cpu_s"], 2)
    )
    return out


def rate_figures(work: Path, runs: int, workers: int, small: int, large: int) -> dict:
    """Documents per second of a small and a large batch: the fixed cost of a batch shows as
    the small batch's lower rate."""
    folders = {n: work / f"rate-{n}" for n in (small, large)}
    for n, folder in folders.items():
        make_inputs(folder, n)
    out = side_by_side(
        lambda: cli("render", folders[small], "-o", fresh(work / "rate-out"), "-j", workers),
        lambda: cli("render", folders[large], "-o", fresh(work / "rate-out"), "-j", workers),
        runs,
    )
    shutil.rmtree(work / "rate-out", ignore_errors=True)
    small_rate, large_rate = small / out["ours_s"], large / out["baseline_s"]
    out.update(
        small=small,
        large=large,
        small_docs_per_s=round(small_rate, 1),
        large_docs_per_s=round(large_rate, 1),
        small_rate_percent_of_large=round(small_rate / large_rate * 100, 1),
        small_rate_percent_of_large_cpu=round(out["baseline_cpu_s"] / large / (out["ours_cpu_s"] / small) * 100, 1),
    )
    return out


def validate_figures(work: Path, count: int, runs: int, workers: int) -> dict:
    """`validate` of `count` inputs against `render` of the same inputs (both with their default
    number of workers: one per core)."""
    inputs = work / f"validate-{count}"
    make_inputs(inputs, count)
    out = side_by_side(
        lambda: cli("validate", inputs),  # as many workers as cores
        lambda: cli("render", inputs, "-o", fresh(work / "validate-render")),
        runs,
    )
    out.update(
        inputs=count,
        ratio=round(out["ours_s"] / out["baseline_s"], 2),
        ratio_cpu=round(out["ours_cpu_s"] / out["baseline_cpu_s"], 2),
    )
    return out


UNIT_HEAD = """system: state
issuer:
  parent: Thành phố Hải Phòng
  name: Ủy ban nhân dân phường P{u:03d}
  abbreviation: UBND
  place: P{u:03d}
date: 2026-07-09
period:
  kind: half
  index: 1
  year: 2026
output: p{u:03d}
signature:
  on_behalf_of: Ủy ban nhân dân
  title: Chủ tịch
  name: Nguyễn Văn A
recipients:
  - Lưu VT
results:
  - heading: Kinh tế
    paragraphs:
      - Ổn định.
tasks:
  items:
    - Tiếp tục.
indicators:
"""
UNIT_INDICATOR = """  - id: ct{i:02d}
    name: Chỉ tiêu số {i}
    unit: tỷ đồng
    aggregate: sum
    actual: {actual},5
    targets:
      - label: kế hoạch năm
        value: {target}
    previous: {previous},25
"""


def make_units(folder: Path, units: int, indicators: int) -> None:
    """`units` ward reports of `indicators` indicators each (for sheet, --figures, rollup)."""
    folder.mkdir(parents=True, exist_ok=True)
    for u in range(units):
        body = "".join(
            UNIT_INDICATOR.format(i=i, actual=1000 + u + i, target=2000 + i, previous=900 + u)
            for i in range(indicators)
        )
        (folder / f"p{u:03d}.yaml").write_text(UNIT_HEAD.format(u=u) + body, encoding="utf-8")


def sheets_figures(work: Path, runs: int, workers: int, units: int, indicators: int = 20) -> dict:
    """`sheet` and `rollup --figures` of a city's wards against `render` of the same wards;
    also what `--figures` adds to `render`."""
    inputs = work / f"units-{units}"
    make_units(inputs, units, indicators)
    book = work / "so-lieu.xlsx"
    cli("sheet", inputs, "-o", book, "--force", "-j", workers)
    render = lambda: cli("render", inputs, "-o", fresh(work / "units-out"), "-j", workers)  # noqa: E731
    sheet = side_by_side(lambda: cli("sheet", inputs, "-o", book, "--force", "-j", workers), render, runs)
    rollup = side_by_side(
        lambda: cli("rollup", inputs, "-o", fresh(work / "tong-hop"), "--figures", book, "-j", workers), render, runs
    )
    figures = side_by_side(
        lambda: cli("render", inputs, "-o", fresh(work / "units-out"), "-j", workers, "--figures", book), render, runs
    )
    for out in (sheet, rollup, figures):
        out.update(
            ratio=round(out["ours_s"] / out["baseline_s"], 2),
            ratio_cpu=round(out["ours_cpu_s"] / out["baseline_cpu_s"], 2),
        )
    return {
        "units": units,
        "indicators_each": indicators,
        "sheet_vs_render": sheet,
        "rollup_figures_vs_render": rollup,
        "render_figures_vs_render": figures,
    }


def pdf_figures(work: Path, count: int, workers: int) -> dict:
    if not shutil.which("soffice"):
        return {"skipped": "LibreOffice (soffice) is not installed"}
    inputs = work / f"pdf-{count}"
    make_inputs(inputs, count)
    out = work / "pdf-ours"
    start = time.perf_counter()
    cli("render", inputs, "-o", out, "-j", workers)
    docx_only = time.perf_counter() - start
    start = time.perf_counter()
    cli("render", inputs, "-o", out, "-j", workers, "--pdf")
    ours = time.perf_counter() - start
    naive_dir = work / "pdf-naive"
    naive_dir.mkdir()
    profile = work / "pdf-naive-profile"
    start = time.perf_counter()
    for doc in sorted(out.glob("*.docx")):
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(naive_dir),
                str(doc),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    naive = time.perf_counter() - start
    return {
        "documents": count,
        "report_drafter_pdf_s_per_doc": round(ours / count, 3),
        "one_soffice_call_per_file_s_per_doc": round(naive / count, 3),
        "speedup": round(naive / ours, 2),
        "note": f"docx-only rerun took {docx_only:.2f}s",
    }


def _edit_in_place(docx: Path) -> None:
    """A secretary's edit: one sentence reworded (the document now counts as edited)."""
    import zipfile

    tmp = docx.with_suffix(".tmp")
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace("Kinh tế tiếp tục".encode(), "Nền kinh tế quận tiếp tục".encode(), 1)
            dst.writestr(info, data)
    tmp.replace(docx)


def update_figures(work: Path, runs: int, workers: int, count: int) -> dict:
    """`update` of `count` edited documents after new figures, against `render` of the same
    inputs into an empty folder."""
    new_figures = [("actual: 186,25", "actual: 200"), ("value: 2.324", "value: 2.400")]
    inputs = work / f"update-{count}"
    make_inputs(inputs, count)
    out = work / "update-out"
    cli("render", inputs, "-o", out, "-j", workers)
    for d in out.glob("*.docx"):
        _edit_in_place(d)
    pristine = work / "update-edited"
    shutil.copytree(out, pristine)
    for p in inputs.glob("*.yaml"):
        text = p.read_text(encoding="utf-8")
        for old, new in new_figures:
            text = text.replace(old, new)
        p.write_text(text, encoding="utf-8")

    def update():
        fresh(out)
        shutil.copytree(pristine, out)
        measured = cli("update", inputs, "-o", out, "-j", workers)
        summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
        assert summary["totals"]["updated"] == count, summary["totals"]
        return measured

    result = side_by_side(
        update, lambda: cli("render", inputs, "-o", fresh(work / "update-render"), "-j", workers), runs
    )
    result.update(
        documents=count,
        docs_per_s=round(count / result["ours_s"], 1),
        render_docs_per_s=round(count / result["baseline_s"], 1),
        rate_percent_of_render=round(result["baseline_s"] / result["ours_s"] * 100, 1),
        rate_percent_of_render_cpu=round(result["baseline_cpu_s"] / result["ours_cpu_s"] * 100, 1),
    )
    return result


MEMORY_PROBE = """
import os, resource, sys
from report_drafter import batch
peaks = sys.argv[3]
original = batch._run_chunk
def chunk(*args):
    result = original(*args)
    with open(peaks, "a") as fh:
        fh.write(f"{os.getpid()} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
    return result
batch._run_chunk = chunk
items, _ = batch.collect([sys.argv[1]])
batch.run(items, sys.argv[2], jobs=int(sys.argv[4]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def memory_figures(work: Path, counts, workers: int) -> dict:
    """Peak resident size of each worker (and of the parent) for batches of each size."""
    out, parent = {}, {}
    for count in counts:
        inputs = work / f"mem-{count}"
        make_inputs(inputs, count)
        peaks = work / f"peaks-{count}.txt"
        run = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE, str(inputs), str(work / f"mem-out-{count}"), str(peaks), str(workers)],
            capture_output=True,
            text=True,
            check=True,
        )
        per_worker: dict[str, int] = {}
        for line in peaks.read_text().splitlines():
            pid, kb = line.split()
            per_worker[pid] = max(per_worker.get(pid, 0), int(kb))
        out[str(count)] = round(max(per_worker.values()) / 1024, 1)
        parent[str(count)] = round(int(run.stdout.strip()) / 1024, 1)
        shutil.rmtree(work / f"mem-out-{count}", ignore_errors=True)
    values = list(out.values())
    return {
        "peak_rss_mb_per_worker_by_documents": out,
        "worker_change_percent": round((values[-1] / values[0] - 1) * 100, 1),
        "parent_peak_rss_mb_by_documents": parent,
    }


def big_figures(work: Path, count: int, runs: int, workers: int) -> dict:
    inputs = work / f"big-{count}"
    make_inputs(inputs, count)
    times = []
    for _ in range(runs):
        times.append(cli("render", inputs, "-o", fresh(work / "big-out"), "-j", workers))
        shutil.rmtree(work / "big-out")  # keep the disk use of 10,000 documents down
    wall = statistics.median(w for w, _ in times)
    return {
        "documents": count,
        "seconds": round(wall, 2),
        "runs": runs,
        "ms_per_doc": round(wall / count * 1000, 2),
        "load_average": round(os.getloadavg()[0], 1),
    }


# -------------------------------------------------------------------------- table


def table(results: dict) -> list[str]:
    """The issue's table: each figure, its baseline from the same run, the goal."""
    rows = []

    def row(name, ours, base, ratio, goal, load):
        rows.append(f"| {name} | {ours} | {base} | {ratio} | {goal} | {load} |")

    def load(r):
        return "–".join(str(x) for x in r["load_average"])

    if "batch" in results:
        r = results["batch"]
        row(
            f"batch of {r['documents']}, {r['workers']} processes",
            f"{r['docs_per_s']} docs/s",
            f"plain docxtpl {r['baseline_docs_per_s']} docs/s",
            f"**{r['speedup']}×** (CPU {r['speedup_cpu']}×)",
            "≥ 10×",
            load(r),
        )
    if "single" in results:
        r = results["single"]
        row(
            "one document from the command line",
            f"{r['ours_s']} s",
            f'`python -c "import docxtpl"` {r["baseline_s"]} s',
            f"**{r['ratio']}×** (CPU {r['ratio_cpu']}×)",
            "≤ 1.3×",
            load(r),
        )
    if "validate" in results:
        r = results["validate"]
        row(
            f"`validate` of {r['inputs']} inputs",
            f"{r['ours_s']} s",
            f"`render` of the same {r['baseline_s']} s",
            f"**{r['ratio']}×** (CPU {r['ratio_cpu']}×)",
            "≤ 0.5×",
            load(r),
        )
    if "sheets" in results:
        s = results["sheets"]
        for key, name, goal in (
            ("sheet_vs_render", "`sheet`", "≤ 0.4×"),
            ("rollup_figures_vs_render", "`rollup --figures`", "≤ 0.5×"),
            ("render_figures_vs_render", "`render --figures`", "—"),
        ):
            r = s[key]
            row(
                f"{name} {s['units']} units × {s['indicators_each']} indicators",
                f"{r['ours_s']} s",
                f"`render` of the same {r['baseline_s']} s",
                f"**{r['ratio']}×** (CPU {r['ratio_cpu']}×)",
                goal,
                load(r),
            )
    if "rate" in results:
        r = results["rate"]
        row(
            f"batch of {r['small']} vs batch of {r['large']}",
            f"{r['small_docs_per_s']} docs/s",
            f"{r['large_docs_per_s']} docs/s",
            f"**{r['small_rate_percent_of_large']} %** (CPU {r['small_rate_percent_of_large_cpu']} %)",
            "≥ 85 %",
            load(r),
        )
    if "update" in results:
        r = results["update"]
        row(
            f"`update` of {r['documents']} edited documents",
            f"{r['docs_per_s']} docs/s",
            f"`render` of the same {r['render_docs_per_s']} docs/s",
            f"**{r['rate_percent_of_render']} %** (CPU {r['rate_percent_of_render_cpu']} %)",
            "≥ 80 %",
            load(r),
        )
    if not rows:
        return []
    return [
        "| measure | report-drafter | baseline, same run | ratio (wall; CPU) | goal | load average |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
    ]


MEASURES = ("single", "batch", "rate", "validate", "sheets", "update", "big", "memory", "pdf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller counts, one run each (CI)")
    parser.add_argument("--runs", type=int, default=None, help="runs of each side (median)")
    parser.add_argument(
        "--only", choices=MEASURES, action="append", default=None, help="measure only this (may be repeated)"
    )
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    workers = min(os.cpu_count() or 1, 2) if args.quick else (os.cpu_count() or 1)
    runs = args.runs or size["runs"]
    chosen = args.only or [m for m in MEASURES if not (args.quick and m in ("big", "memory", "pdf"))]
    results: dict = {
        "machine": {
            "cores": os.cpu_count(),
            "workers": workers,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "quick": args.quick,
    }
    steps = {
        "single": lambda work: single_figures(work, args.runs or size["single_runs"]),
        "batch": lambda work: batch_figures(work, size["batch"], runs, workers),
        "rate": lambda work: rate_figures(work, runs, workers, *size["rate"]),
        "validate": lambda work: validate_figures(work, size["validate"], runs, workers),
        "sheets": lambda work: sheets_figures(work, runs, workers, size["units"]),
        "update": lambda work: update_figures(work, runs, workers, size["update"]),
        "big": lambda work: big_figures(work, size["big"], runs, workers),
        "memory": lambda work: memory_figures(work, size["memory"], workers),
        "pdf": lambda work: pdf_figures(work, size["pdf"], workers),
    }
    with tempfile.TemporaryDirectory(prefix="rd-bench-") as tmp:
        for name in chosen:
            work = Path(tmp) / name
            work.mkdir()
            print(f"{name} …", flush=True)
            results[name] = steps[name](work)
            print(json.dumps(results[name], indent=2, ensure_ascii=False), flush=True)
            shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    lines = table(results)
    print("\n" + "\n".join(lines))
    print(
        f"\nload average at start {results['machine']['load_average_at_start']}, "
        f"at end {results['machine']['load_average_at_end']}; {os.cpu_count()} cores, {workers} workers"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / ("bench-quick.json" if args.quick else "bench.json")
    target.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
