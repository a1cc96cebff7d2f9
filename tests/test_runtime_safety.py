"""Runtime safety with real processes: dying workers, two runs at once, kills, links, PDFs.

Faults are injected by tests/fault_harness.py (inputs named `crash-*` kill their worker,
`hold-*` wait for a file), so each test acts while a batch is certainly running.
"""

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from docx_helpers import SOFFICE, docx_lines

ROOT = Path(__file__).parents[1]
HARNESS = ROOT / "tests" / "fault_harness.py"
BASE = (ROOT / "tests" / "data" / "base-valid.yaml").read_text(encoding="utf-8")
TEMPS = ".report-drafter-*.tmp"
SUMMARY_LINE = "Tổng cộng {n} tệp: đã ghi {w}, không đổi {u}, giữ nguyên vì đã sửa {k}, lỗi {f}."


def cli(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", *map(str, args)], capture_output=True, text=True, **kw
    )


STARTED: list = []


@pytest.fixture(autouse=True)
def _nothing_left_running(tmp_path):
    """Whatever a test ends with, held documents are released and its runs stopped."""
    yield
    release(tmp_path)
    while STARTED:
        proc = STARTED.pop()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start(tmp_path, *args, harness=True, stdout=None, stderr=None):
    """A render running in the background (through the fault harness by default)."""
    command = [sys.executable, str(HARNESS)] if harness else [sys.executable, "-m", "report_drafter"]
    env = dict(os.environ, HOLD_UNTIL=str(tmp_path / "go"))
    proc = subprocess.Popen(
        [*command, "render", *map(str, args)],
        env=env,
        text=True,
        stdout=stdout or subprocess.PIPE,
        stderr=stderr or subprocess.PIPE,
    )
    STARTED.append(proc)
    return proc


def release(tmp_path):
    (tmp_path / "go").touch()


def inputs(folder: Path, count: int, marker: str = "", prefix: str = "bc") -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{prefix}-{i:04d}.yaml"
        path.write_text(
            f"output: {prefix}-{i:04d}\n" + BASE.replace("  - heading: Kinh tế", f"  - heading: Kinh tế {marker}"),
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def wait_for(condition, what: str, seconds: float = 60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"gave up waiting for {what}")


def workers_of(pid: int) -> list[int]:
    """Live child processes of `pid` running the same program (the pool's workers)."""
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z" and (entry / "cmdline").read_bytes() == cmdline:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            pass
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def complete(docx: Path) -> bool:
    with zipfile.ZipFile(docx) as z:
        if z.testzip() is not None:
            return False
    Document(str(docx))
    return True


def summary_of(out: Path) -> dict:
    return json.loads((out / "_summary.json").read_text(encoding="utf-8"))


# ----------------------------------------------------------- 2. a worker dies


def test_a_worker_killed_with_sigkill_mid_batch_loses_no_document(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    inputs(src, 500)
    inputs(src, 1, prefix="hold")  # keeps the batch running until released
    proc = start(tmp_path, src, "-o", out, "-j", "2")
    wait_for(lambda: len(list(out.glob(TEMPS))) >= 20, "documents in progress")
    victims = workers_of(proc.pid)
    assert len(victims) == 2
    os.kill(victims[0], signal.SIGKILL)
    release(tmp_path)
    stdout, stderr = proc.communicate(timeout=300)
    assert "Traceback" not in stderr
    assert proc.returncode == 0, stderr
    notes = [line for line in stderr.splitlines() if not line.startswith("Đã tạo ")]
    assert len(notes) == 1 and notes[0].startswith("Lưu ý: một tiến trình con bị dừng đột ngột; "), stderr
    print(notes[0])
    assert stdout.splitlines()[-1] == SUMMARY_LINE.format(n=501, w=501, u=0, k=0, f=0)
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == 501 and all(complete(d) for d in docs[::50])
    assert summary_of(out)["totals"] == {"inputs": 501, "written": 501, "unchanged": 0, "kept": 0, "failed": 0}
    assert not list(out.glob(TEMPS))


def test_an_input_that_kills_its_worker_is_reported_alone(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    inputs(src, 200)
    crash = inputs(src, 1, prefix="crash")[0]
    proc = start(tmp_path, src, "-o", out, "-j", "2")
    stdout, stderr = proc.communicate(timeout=300)
    assert "Traceback" not in stderr
    assert proc.returncode == 1
    assert (
        f"{crash}: bỏ qua: tiến trình xử lý tệp này bị dừng đột ngột (tín hiệu SIGKILL) nên tệp không "
        "được ghi; các tệp khác không bị ảnh hưởng. Nếu lặp lại, hãy kiểm tra tệp (độ lồng, kích thước) "
        "hoặc báo lỗi kèm tệp" in stderr.splitlines()
    )
    assert stdout.splitlines()[-1] == SUMMARY_LINE.format(n=201, w=200, u=0, k=0, f=1)
    assert len(list(out.glob("bc-*.docx"))) == 200 and not list(out.glob("crash-*"))
    failed = [i for i in summary_of(out)["inputs"] if i["status"] == "failed"]
    assert [(i["input"], i["problems"][0]["code"]) for i in failed] == [(str(crash), "worker-died")]
    assert not list(out.glob(TEMPS))


# ------------------------------------------------------- 3. two runs, one folder


def test_two_runs_into_one_folder_both_finish(tmp_path):
    a, b, out = tmp_path / "a", tmp_path / "b", tmp_path / "out"
    inputs(a, 150, prefix="a")
    inputs(a, 1, prefix="hold")
    inputs(b, 150, prefix="b")
    first = start(tmp_path, a, "-o", out, "-j", "2")
    wait_for(lambda: len(list(out.glob(TEMPS))) >= 10, "the first run's documents in progress")
    held = sorted(out.glob(TEMPS))
    log = tmp_path / "second.err"
    with open(log, "w", encoding="utf-8") as err:
        second = start(tmp_path, b, "-o", out, "-j", "2", harness=False, stderr=err)
        wait_for(
            lambda: "đang được một lượt chạy khác ghi" in log.read_text(encoding="utf-8"),
            "the second run to wait for the first",
        )
        assert all(t.exists() for t in held), "the second run removed the first run's temporaries"
        release(tmp_path)
        out_a, err_a = first.communicate(timeout=300)
        out_b, _ = second.communicate(timeout=300)
    assert (first.returncode, second.returncode) == (0, 0), err_a + log.read_text(encoding="utf-8")
    assert (
        log.read_text(encoding="utf-8").splitlines()[0]
        == f"Thư mục {out} đang được một lượt chạy khác ghi; chờ lượt đó xong…"
    )
    assert out_a.splitlines()[-1] == SUMMARY_LINE.format(n=151, w=151, u=0, k=0, f=0)
    assert out_b.splitlines()[-1] == SUMMARY_LINE.format(n=150, w=150, u=0, k=0, f=0)
    assert len(list(out.glob("*.docx"))) == 301 and not list(out.glob(TEMPS))


# ---------------------------------------------- 6. edited while the batch runs


def test_a_document_saved_while_the_batch_runs_is_not_overwritten(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    inputs(src, 40, "A")
    assert cli("render", src, "-o", out, "-j", "2").returncode == 0
    inputs(src, 40, "B")
    inputs(src, 1, "B", prefix="hold")
    proc = start(tmp_path, src, "-o", out, "-j", "2")
    target = out / "bc-0000.docx"
    wait_for(lambda: list(out.glob(".report-drafter-bc-0000.*.tmp")), "bc-0000 rendered, not yet in place")
    doc = Document(str(target))  # the secretary saves her edit now
    doc.add_paragraph("Đoạn thư ký thêm vào.")
    doc.save(str(target))
    release(tmp_path)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert (
        f"{src / 'bc-0000.yaml'}: giữ nguyên: {target} đã được sửa sau khi tạo (hoặc không do report-drafter "
        "tạo) nên được giữ nguyên; dùng lệnh update để đưa số liệu mới vào mà giữ các chỗ đã sửa, --force để "
        "ghi đè (bản cũ được sao lưu), hoặc -o để ghi vào thư mục khác" in stderr.splitlines()
    )
    lines = docx_lines(target)
    assert "Đoạn thư ký thêm vào." in lines and any("Kinh tế A" in line for line in lines)
    assert any("Kinh tế B" in line for line in docx_lines(out / "bc-0001.docx"))
    assert SUMMARY_LINE.format(n=41, w=40, u=0, k=1, f=0) in stdout.splitlines()
    assert summary_of(out)["totals"]["kept"] == 1


# ------------------------------------------------------- 10. killing the run


def test_workers_die_with_a_run_killed_by_sigkill(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    inputs(src, 1, prefix="hold")  # its worker would wait for ever
    inputs(src, 100)
    proc = start(tmp_path, src, "-o", out, "-j", "2")
    wait_for(lambda: len(list(out.glob(TEMPS))) >= 5 and len(workers_of(proc.pid)) == 2, "workers at work")
    workers = workers_of(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=20)  # returns once no worker holds our stdout open
    wait_for(lambda: not any(alive(w) for w in workers), "the workers to exit", 20)


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_stop_cleanly(tmp_path, signum, code):
    src, out = tmp_path / "in", tmp_path / "out"
    inputs(src, 100, "A")
    assert cli("render", src, "-o", out, "-j", "2").returncode == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.docx")}
    inputs(src, 100, "B")
    inputs(src, 1, "B", prefix="hold")
    proc = start(tmp_path, src, "-o", out, "-j", "2")
    wait_for(lambda: len(list(out.glob(TEMPS))) >= 10 and len(workers_of(proc.pid)) == 2, "workers at work")
    workers = workers_of(proc.pid)
    os.kill(proc.pid, signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert stderr.splitlines()[-1] == "Đã dừng theo yêu cầu; các tệp đã ghi đều nguyên vẹn, không còn tệp dở dang."
    assert "Traceback" not in stderr
    wait_for(lambda: not any(alive(w) for w in workers), "the workers to exit", 20)
    assert not list(out.glob(TEMPS)) and not list(out.glob(".report-drafter-*"))
    assert {p.name: p.read_bytes() for p in out.glob("*.docx")} == before


# ------------------------------------------------- 5. links at an output name


def _two_reports(tmp_path):
    alpha, beta = tmp_path / "alpha.yaml", tmp_path / "beta.yaml"
    alpha.write_text("output: alpha\n" + BASE.replace("Kinh tế", "Kinh tế alpha"), encoding="utf-8")
    beta.write_text("output: beta\n" + BASE.replace("Kinh tế", "Kinh tế beta"), encoding="utf-8")
    return alpha, beta


def test_a_link_at_an_output_name_is_never_written_through(tmp_path):
    alpha, beta = _two_reports(tmp_path)
    out = tmp_path / "out"
    assert cli("render", alpha, beta, "-o", out).returncode == 0
    beta_bytes = (out / "beta.docx").read_bytes()
    (out / "alpha.docx").unlink()
    (out / "alpha.docx").symlink_to("beta.docx")
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("Kinh tế alpha", "Kinh tế mới"), encoding="utf-8")
    run = cli("render", alpha, "-o", out)
    assert run.returncode == 1
    assert (
        f"{alpha}: bỏ qua: {out.resolve() / 'alpha.docx'} là một liên kết (symlink) tới beta.docx; "
        "report-drafter không bao giờ ghi qua liên kết: hãy xóa liên kết alpha.docx hoặc dùng -o để ghi "
        "vào thư mục khác" in run.stderr.splitlines()
    )
    assert (out / "beta.docx").read_bytes() == beta_bytes
    assert os.readlink(out / "alpha.docx") == "beta.docx"
    assert not list(out.glob(TEMPS))


# ------------------------------------------------------------------ 4. --pdf


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_is_never_written_through_a_link_leading_out(tmp_path):
    alpha, _ = _two_reports(tmp_path)
    out, outside = tmp_path / "out", tmp_path / "outside.txt"
    out.mkdir()
    outside.write_text("không được ghi đè", encoding="utf-8")
    (out / "alpha.pdf").symlink_to(outside)
    run = cli("render", alpha, "-o", out, "--pdf")
    assert run.returncode == 1
    assert (
        f"{out.resolve() / 'alpha.docx'}: không xuất được PDF: {out.resolve() / 'alpha.pdf'} là một liên kết "
        f"(symlink) tới {outside}; report-drafter không bao giờ ghi qua liên kết: hãy xóa liên kết alpha.pdf "
        "hoặc dùng -o để ghi vào thư mục khác" in run.stderr.splitlines()
    )
    assert outside.read_text(encoding="utf-8") == "không được ghi đè"
    assert not list(out.glob(".report-drafter-*"))


@pytest.mark.skipif(
    SOFFICE is None or not Path("/usr/bin/pdftotext").exists(), reason="LibreOffice or pdftotext is not installed"
)
def test_a_pdf_older_than_its_docx_is_rewritten(tmp_path):
    alpha, _ = _two_reports(tmp_path)
    out = tmp_path / "out"
    assert cli("render", alpha, "-o", out, "--pdf").returncode == 0
    pdf, docx = out / "alpha.pdf", out / "alpha.docx"
    # the input changes; the PDF's clock says it is newer than the document about to be written
    future = time.time() + 3600
    os.utime(pdf, (future, future))
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("Kinh tế alpha", "Kinh tế gamma"), encoding="utf-8")
    run = cli("render", alpha, "-o", out, "--pdf")
    assert run.returncode == 0, run.stderr
    assert str(pdf.resolve()) in run.stdout.splitlines()
    assert "Kinh tế gamma" in _pdf_text(pdf)
    # the secretary edits the document: it is kept, and its PDF follows it
    doc = Document(str(docx))
    doc.add_paragraph("Đoạn thư ký thêm vào.")
    doc.save(str(docx))
    run = cli("render", alpha, "-o", out, "--pdf")
    assert run.returncode == 0, run.stderr
    assert "Đoạn thư ký thêm vào." in _pdf_text(pdf)
    assert not list(out.glob(".report-drafter-*"))


def test_an_update_is_not_placed_over_a_document_saved_meanwhile(tmp_path):
    from report_drafter.files import writing as output
    from report_drafter.run import batch
    from report_drafter.run import one_input as job

    target = str(tmp_path / "bao-cao.docx")
    Path(target).write_bytes(b"version read by update")
    outcome = job.Outcome(
        "a.yaml",
        output=target,
        status=output.UPDATED,
        seen=output.snapshot(target),
        temp=output.write_temporary(target, b"figures placed"),
    )
    Path(target).write_bytes(b"saved by the secretary meanwhile")
    batch._settle([outcome], tmp_path, force=False)
    assert (outcome.status, outcome.message) == (
        output.KEPT,
        f"{target} được lưu lại trong lúc đang cập nhật nên được giữ nguyên; hãy chạy lại lệnh update",
    )
    assert Path(target).read_bytes() == b"saved by the secretary meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.docx"]
