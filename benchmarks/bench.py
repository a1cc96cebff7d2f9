"""Speed and memory of report-drafter, measured side by side with plain docxtpl.

Run:  python benchmarks/bench.py            (full: 10,000 documents; a few minutes)
      python benchmarks/bench.py --quick    (smaller counts, for a quick look)

Prints every figure and writes them to benchmarks/results/bench.json. Medians of
several runs; every ratio is computed from figures measured in this same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "ubnd-hai-an-2020-6t.yaml"     # four pages as rendered
RESULTS = ROOT / "benchmarks" / "results"


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


def cli(*args, env=None) -> float:
    """Wall time of one `report-drafter` run."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "report_drafter", *map(str, args)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def cli_cpu(*args) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the command and its workers) of one run: on a
    shared machine the CPU time shows the work done even when other jobs slow the wall clock."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = cli(*args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_time(fn, runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


# ----------------------------------------------------------------- plain docxtpl

def _docxtpl_worker(args):
    paths, out_dir = args
    from docxtpl import DocxTemplate
    from report_drafter import context, load, render
    env = render.make_environment()
    for p in paths:
        loaded = load.load_file(p)
        ctx = context.build_context(loaded.report)
        tpl = DocxTemplate(str(render.builtin_template(loaded.report.system)))
        tpl.render(ctx, jinja_env=env)
        tpl.save(str(Path(out_dir) / (Path(p).stem + ".docx")))
    return len(paths)


def plain_docxtpl(paths: list[Path], out_dir: Path, workers: int) -> float:
    """Plain docxtpl over all cores: a new DocxTemplate per document, render, save."""
    import multiprocessing as mp
    chunks = [(paths[i::workers], out_dir) for i in range(workers)]
    start = time.perf_counter()
    with mp.get_context("fork").Pool(workers) as pool:
        assert sum(pool.map(_docxtpl_worker, chunks)) == len(paths)
    return time.perf_counter() - start


# ------------------------------------------------------------------------ figures

def batch_figures(work: Path, count: int, runs: int, workers: int) -> dict:
    inputs = work / f"in-{count}"
    make_inputs(inputs, count)
    ours, theirs = [], []
    for r in range(runs):
        out = work / f"ours-{count}-{r}"
        ours.append(cli("render", inputs, "-o", out, "-j", workers))
        out = work / f"docxtpl-{count}-{r}"
        out.mkdir()
        theirs.append(plain_docxtpl(sorted(inputs.glob("*.yaml")), out, workers))
    o, t = statistics.median(ours), statistics.median(theirs)
    return {"documents": count, "workers": workers, "report_drafter_s": round(o, 3),
            "plain_docxtpl_s": round(t, 3), "speedup": round(t / o, 2),
            "report_drafter_ms_per_doc": round(o / count * 1000, 2),
            "plain_docxtpl_ms_per_doc": round(t / count * 1000, 2)}


def single_figures(work: Path, runs: int) -> dict:
    out = work / "single"
    cli("render", EXAMPLE, "-o", out, "--force")     # warm the prepared-template cache
    ours = median_time(lambda: cli("render", EXAMPLE, "-o", out, "--force"), runs)

    def import_docxtpl():
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import docxtpl"], check=True)
        return time.perf_counter() - start
    base = median_time(import_docxtpl, runs)
    return {"report_drafter_one_document_s": round(ours, 3),
            "python_import_docxtpl_s": round(base, 3), "ratio": round(ours / base, 2)}


MEMORY_PROBE = """
import os, resource, sys
from report_drafter import batch
peaks = sys.argv[3]
original = batch._render_chunk
def chunk(*args):
    result = original(*args)
    with open(peaks, "a") as fh:
        fh.write(f"{os.getpid()} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
    return result
batch._render_chunk = chunk
items, _ = batch.collect([sys.argv[1]])
batch.run(items, sys.argv[2], jobs=int(sys.argv[4]))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def memory_figures(work: Path, counts: list[int], workers: int) -> dict:
    """Peak resident size of each worker (and of the parent) for batches of each size."""
    out, parent = {}, {}
    for count in counts:
        inputs = work / f"mem-{count}"
        make_inputs(inputs, count)
        peaks = work / f"peaks-{count}.txt"
        run = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(inputs), str(work / f"mem-out-{count}"),
                              str(peaks), str(workers)], capture_output=True, text=True, check=True)
        per_worker: dict[str, int] = {}
        for line in peaks.read_text().splitlines():
            pid, kb = line.split()
            per_worker[pid] = max(per_worker.get(pid, 0), int(kb))
        out[str(count)] = round(max(per_worker.values()) / 1024, 1)
        parent[str(count)] = round(int(run.stdout.strip()) / 1024, 1)
    values = list(out.values())
    return {"peak_rss_mb_per_worker_by_documents": out,
            "worker_change_percent": round((values[-1] / values[0] - 1) * 100, 1),
            "parent_peak_rss_mb_by_documents": parent}


def rate_figures(work: Path, runs: int, workers: int, small: int = 400, large: int = 4000) -> dict:
    """Documents per second of a small and a large batch: the fixed cost of a batch shows as
    the small batch's lower rate."""
    seconds = {}
    for count in (small, large):
        inputs = work / f"rate-{count}"
        make_inputs(inputs, count)
        times = []
        for r in range(runs):
            out = work / f"rate-out-{count}-{r}"
            times.append(cli("render", inputs, "-o", out, "-j", workers))
            shutil.rmtree(out)
        seconds[count] = statistics.median(times)
    rate = {count: count / s for count, s in seconds.items()}
    return {f"batch_{small}_s": round(seconds[small], 2), f"batch_{large}_s": round(seconds[large], 2),
            f"rate_{small}_per_s": round(rate[small], 1), f"rate_{large}_per_s": round(rate[large], 1),
            "small_rate_percent_of_large": round(rate[small] / rate[large] * 100, 1)}


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
        body = "".join(UNIT_INDICATOR.format(i=i, actual=1000 + u + i, target=2000 + i, previous=900 + u)
                       for i in range(indicators))
        (folder / f"p{u:03d}.yaml").write_text(UNIT_HEAD.format(u=u) + body, encoding="utf-8")


def sheets_figures(work: Path, runs: int, workers: int, units: int = 700, indicators: int = 20) -> dict:
    """`sheet`, `validate --figures`, `render --figures` and `rollup --figures` on a city's wards."""
    inputs = work / f"units-{units}"
    make_units(inputs, units, indicators)
    book = work / "so-lieu.xlsx"
    runs_of = {
        "sheet": ("sheet", inputs, "-o", book, "--force", "-j", workers),
        "rollup_with_figures": ("rollup", inputs, "-o", work / "tong-hop", "--figures", book, "-j", workers),
        "render": ("render", inputs, "-o", work / "units-out", "--force", "-j", workers),
        "render_with_figures": ("render", inputs, "-o", work / "units-out", "--force", "-j", workers,
                                "--figures", book),
    }
    out = {"units": units, "indicators_each": indicators}
    for name, args in runs_of.items():
        measured = [cli_cpu(*args) for _ in range(runs)]
        out[f"{name}_s"] = round(statistics.median(w for w, _ in measured), 2)
        out[f"{name}_cpu_s"] = round(statistics.median(c for _, c in measured), 2)
    out["figures_overhead_s"] = round(out["render_with_figures_s"] - out["render_s"], 2)
    for name, goal in (("sheet", 0.4), ("rollup_with_figures", 0.5)):      # issue 19: ≤ 0.4×, ≤ 0.5× render
        out[f"{name}_vs_render"] = round(out[f"{name}_s"] / out["render_s"], 2)
        out[f"{name}_vs_render_cpu"] = round(out[f"{name}_cpu_s"] / out["render_cpu_s"], 2)
        out[f"{name}_goal"] = goal
    return out


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
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(naive_dir), str(doc)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    naive = time.perf_counter() - start
    return {"documents": count, "report_drafter_pdf_s_per_doc": round(ours / count, 3),
            "one_soffice_call_per_file_s_per_doc": round(naive / count, 3),
            "speedup": round(naive / ours, 2), "note": f"docx-only rerun took {docx_only:.2f}s"}


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


def update_figures(work: Path, runs: int, workers: int, count: int = 400) -> dict:
    """`update` of edited documents after new figures: one from the command line, then a batch."""
    new_figures = [("actual: 186,25", "actual: 200"), ("value: 2.324", "value: 2.400")]
    one = work / "update-one"
    one.mkdir()
    src = one / EXAMPLE.name
    src.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    cli("render", src, "-o", one / "out")
    docx = next((one / "out").glob("*.docx"))
    _edit_in_place(docx)
    edited = docx.read_bytes()
    text = src.read_text(encoding="utf-8")
    for old, new in new_figures:
        text = text.replace(old, new)
    src.write_text(text, encoding="utf-8")

    def single():
        docx.write_bytes(edited)
        return cli_cpu("update", src, "-o", one / "out")
    single()                                             # warm the prepared-template cache
    singles = [single() for _ in range(max(runs, 5))]
    one_time = statistics.median(w for w, _ in singles)
    one_cpu = statistics.median(c for _, c in singles)
    render_one = [cli_cpu("render", src, "-o", one / "render", "--force") for _ in range(max(runs, 5))]
    inputs = work / f"update-{count}"
    make_inputs(inputs, count)
    out = work / f"update-{count}-out"
    cli("render", inputs, "-o", out, "-j", workers)
    for d in out.glob("*.docx"):
        _edit_in_place(d)
    pristine = work / f"update-{count}-edited"
    shutil.copytree(out, pristine)
    for p in inputs.glob("*.yaml"):
        text = p.read_text(encoding="utf-8")
        for old, new in new_figures:
            text = text.replace(old, new)
        p.write_text(text, encoding="utf-8")

    def batch():
        shutil.rmtree(out)
        shutil.copytree(pristine, out)
        return cli_cpu("update", inputs, "-o", out, "-j", workers)
    batches = [batch() for _ in range(runs)]
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["updated"] == count, summary["totals"]
    batch_time = statistics.median(w for w, _ in batches)
    batch_cpu = statistics.median(c for _, c in batches)
    renders = [cli_cpu("render", inputs, "-o", work / f"update-render-{r}", "-j", workers) for r in range(runs)]
    render_time = statistics.median(w for w, _ in renders)
    return {"one_document_s": round(one_time, 3), "one_document_cpu_s": round(one_cpu, 3),
            "render_one_document_s": round(statistics.median(w for w, _ in render_one), 3),
            "batch_documents": count, "batch_seconds": round(batch_time, 2),
            "docs_per_s": round(count / batch_time, 1), "batch_cpu_s": round(batch_cpu, 2),
            "docs_per_s_from_cpu": round(workers * count / batch_cpu, 1),
            "render_batch_seconds": round(render_time, 2),
            "load_average": round(os.getloadavg()[0], 1), "workers": workers}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--only", choices=("rate", "sheets", "update"), default=None,
                        help="measure only the batch rates, only sheet/--figures/rollup, or only update")
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    runs = args.runs or (1 if args.quick else 3)
    big = 1000 if args.quick else 10_000
    results = {"machine": {"cores": workers, "python": platform.python_version(),
                           "platform": platform.platform()}}
    with tempfile.TemporaryDirectory(prefix="rd-bench-") as tmp:
        work = Path(tmp)
        if args.only:
            name = args.only
            results[name] = (rate_figures(work, runs, workers) if name == "rate"
                             else update_figures(work, runs, workers) if name == "update"
                             else sheets_figures(work, runs, workers))
            print(json.dumps(results, indent=2, ensure_ascii=False))
            return 0
        print("one document from the command line …", flush=True)
        results["single"] = single_figures(work, 5 if args.quick else 9)
        print(json.dumps(results["single"], indent=2), flush=True)
        side = 200 if args.quick else 1000
        print(f"batch of {side}, ours vs plain docxtpl …", flush=True)
        results["batch_vs_docxtpl"] = batch_figures(work, side, runs, workers)
        print(json.dumps(results["batch_vs_docxtpl"], indent=2), flush=True)
        print(f"batch of {big} …", flush=True)
        inputs = work / f"big-{big}"
        make_inputs(inputs, big)
        times = []
        for r in range(runs):
            times.append(cli("render", inputs, "-o", work / f"big-out-{r}", "-j", workers))
            shutil.rmtree(work / f"big-out-{r}")      # keep the disk use of 10,000 documents down
        big_time = statistics.median(times)
        results["batch_big"] = {"documents": big, "seconds": round(big_time, 2), "runs": runs,
                                "ms_per_doc": round(big_time / big * 1000, 2)}
        print(json.dumps(results["batch_big"], indent=2), flush=True)
        print("small and large batches …", flush=True)
        results["rate"] = rate_figures(work, runs, workers, 400 if not args.quick else 100,
                                       4000 if not args.quick else 1000)
        print(json.dumps(results["rate"], indent=2), flush=True)
        print("700 wards × 20 indicators: sheet, --figures, rollup …", flush=True)
        results["sheets"] = sheets_figures(work, runs, workers)
        print(json.dumps(results["sheets"], indent=2), flush=True)
        print("update of edited documents …", flush=True)
        results["update"] = update_figures(work, runs, workers)
        print(json.dumps(results["update"], indent=2), flush=True)
        print("memory …", flush=True)
        results["memory"] = memory_figures(work, [100, 1000 if args.quick else 5000], workers)
        print(json.dumps(results["memory"], indent=2), flush=True)
        print("PDF …", flush=True)
        results["pdf"] = pdf_figures(work, 6 if args.quick else 20, workers)
        print(json.dumps(results["pdf"], indent=2), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"written: {RESULTS / 'bench.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
