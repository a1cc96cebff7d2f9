"""Batches: defaults, parallel workers, failure isolation, edit and crash safety, PDF."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from cli_helpers import cli
from docx_helpers import SOFFICE, docx_lines

ROOT = Path(__file__).parents[1]
BASE = (ROOT / "tests" / "data" / "base-valid.yaml").read_text(encoding="utf-8")


def test_batch_with_one_broken_file_writes_the_rest(batch, tmp_path):
    (batch / "le-chan-hong.yaml").write_text(
        "issuer:\n  name: Quận ủy Lê Chân\n  place: Lê Chân\n"
        "date: 2019-07-09\nperiod:\n  kind: half\n  index: 1\n"
        "  year: 2019\nsignature:\n  name: A\n  tittle: Bí thư\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = cli("render", batch, "-o", out, "-j", "2")
    assert run.returncode == 1
    bad = batch / "le-chan-hong.yaml"
    assert run.stderr.splitlines() == [
        f'{bad}:11:3: signature.tittle: khóa "tittle" không có trong mẫu; có phải ý bạn là "title"?',
        f"{bad}: bỏ qua: dữ liệu đầu vào có lỗi",
    ]
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "quan-uy-do-son-2021-q1.docx",
        "quan-uy-hai-an-2020-6t.docx",
        "quan-uy-kien-an-2019-9t.docx",
    ]
    assert run.stdout.splitlines()[-1] == "Tổng cộng 4 tệp: đã ghi 3, không đổi 0, giữ nguyên vì đã sửa 0, lỗi 1."
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert summary["totals"] == {"inputs": 4, "written": 3, "unchanged": 0, "kept": 0, "failed": 1}
    failed = [i for i in summary["inputs"] if i["status"] == "failed"]
    assert failed[0]["input"] == str(bad) and failed[0]["problems"][0]["path"] == "signature.tittle"


def test_defaults_are_merged_under_every_file(batch, tmp_path):
    run = cli("render", batch, "-o", tmp_path / "out")
    assert run.returncode == 0
    lines = docx_lines(tmp_path / "out" / "quan-uy-kien-an-2019-9t.docx")
    assert lines[:4] == ["DỰ THẢO", "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", "QUẬN ỦY KIẾN AN", "*"]
    assert "T/M BAN THƯỜNG VỤ" in lines and "BÍ THƯ" in lines and "Trần Văn Khuê" in lines


def test_files_starting_with_underscore_are_not_documents(batch, tmp_path):
    (batch / "_ghi-chu.yaml").write_text("không phải: báo cáo\n", encoding="utf-8")
    assert cli("render", batch, "-o", tmp_path / "out").returncode == 0


def test_two_inputs_writing_the_same_file_both_fail(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("output: trung-ten\n" + BASE, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    run = cli("render", tmp_path, "-o", out, "-j", "2")
    assert run.returncode == 1
    assert (
        f"{tmp_path / 'a.yaml'}: bỏ qua: tệp kết quả trung-ten.docx trùng với {tmp_path / 'b.yaml'}; "
        "hãy đặt khóa output khác nhau" in run.stderr.splitlines()
    )
    assert (
        f"{tmp_path / 'b.yaml'}: bỏ qua: tệp kết quả trung-ten.docx trùng với {tmp_path / 'a.yaml'}; "
        "hãy đặt khóa output khác nhau" in run.stderr.splitlines()
    )
    assert sorted(p.name for p in out.iterdir()) == ["_summary.json", "quan-uy-kien-an-2019-9t.docx"]


def test_rerun_unchanged_then_edited_then_forced(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    target = out / "quan-uy-kien-an-2019-9t.docx"
    first = target.stat().st_mtime_ns
    time.sleep(0.01)
    run = cli("render", src, "-o", out)
    assert run.stdout.splitlines()[0] == f"{target} (không đổi)"
    assert target.stat().st_mtime_ns == first
    # input changed, output untouched by anyone: replaced
    src.write_text(BASE.replace("Kinh tế", "Phát triển kinh tế"), encoding="utf-8")
    assert cli("render", src, "-o", out).stdout.splitlines()[0] == str(target)
    # a secretary edits the document in Word (python-docx here) and saves it
    doc = Document(str(target))
    doc.add_paragraph("Đoạn thư ký thêm vào.")
    doc.save(str(target))
    edited = target.read_bytes()
    src.write_text(BASE.replace("Kinh tế", "Kinh tế - xã hội"), encoding="utf-8")
    run = cli("render", src, "-o", out)
    assert run.returncode == 0
    assert (
        f"{src}: giữ nguyên: {target} đã được sửa sau khi tạo (hoặc không do report-drafter tạo) nên được "
        "giữ nguyên; dùng lệnh update để đưa số liệu mới vào mà giữ các chỗ đã sửa, --force để ghi đè "
        "(bản cũ được sao lưu), hoặc -o để ghi vào thư mục khác" in run.stderr.splitlines()
    )
    assert target.read_bytes() == edited
    assert "giữ nguyên vì đã sửa 1" in run.stdout
    run = cli("render", src, "-o", out, "--force")
    assert run.returncode == 0 and run.stdout.splitlines()[0] == str(target)
    assert "Đoạn thư ký thêm vào." not in docx_lines(target)
    # the edited version is kept as a backup, out of the way of the next batch
    backup = Path(run.stdout.splitlines()[1].split(": ", 1)[1])
    assert run.stdout.splitlines()[1].startswith("  bản trước khi ghi: ")
    assert backup.parent == out / ".report-drafter-backups" and backup.read_bytes() == edited


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_document_only_resaved_by_libreoffice_is_not_edited_but_an_edit_is(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    target = out / "quan-uy-kien-an-2019-9t.docx"
    saved = tmp_path / "lo"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(saved),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.copy(saved / target.name, target)
    run = cli("render", src, "-o", out)  # opened and saved, text unchanged: not an edit
    assert run.stdout.splitlines()[0] == f"{target} (không đổi)"
    doc = Document(str(target))  # now a real edit, saved again by LibreOffice
    doc.paragraphs[-1].insert_paragraph_before("Đoạn thư ký thêm vào.")
    doc.save(str(target))
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(saved),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.copy(saved / target.name, target)
    run = cli("render", src, "-o", out)
    assert "giữ nguyên vì đã sửa 1" in run.stdout
    assert (saved / target.name).read_bytes() == target.read_bytes()


def _inputs(folder: Path, count: int, marker: str = "") -> None:
    folder.mkdir(exist_ok=True)
    for i in range(count):
        (folder / f"bc-{i:04d}.yaml").write_text(
            f"output: bc-{i:04d}\n" + BASE.replace("  - heading: Kinh tế", f"  - heading: Kinh tế {marker}"),
            encoding="utf-8",
        )


def _complete(docx: Path) -> bool:
    with zipfile.ZipFile(docx) as z:
        if z.testzip() is not None:
            return False
    Document(str(docx))
    return True


def test_a_batch_killed_midway_leaves_outputs_complete_or_untouched(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _inputs(src, 400, "A")
    assert cli("render", src, "-o", out, "-j", "2").returncode == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.docx")}
    _inputs(src, 400, "B")  # every document changes
    proc = subprocess.Popen(
        [sys.executable, "-m", "report_drafter", "render", str(src), "-o", str(out), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob(".report-drafter-*.tmp"))) < 40 and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list(out.glob(".report-drafter-*.tmp")), "the kill came after the batch had finished"
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == 400
    for doc in docs:  # complete, and either the old or the new version
        assert _complete(doc)
        text = "\n".join(docx_lines(doc))
        assert ("Kinh tế A" in text) != ("Kinh tế B" in text)
    untouched = sum(before[d.name] == d.read_bytes() for d in docs)
    assert untouched > 0
    # the next run cleans what the killed one left and finishes the job
    run = cli("render", src, "-o", out, "-j", "2")
    assert run.returncode == 0 and not list(out.glob(".report-drafter-*.tmp"))
    assert all("Kinh tế B" in "\n".join(docx_lines(d)) for d in sorted(out.glob("*.docx"))[:20])


def test_large_reports_render(tmp_path):
    tasks = "".join(f"    - Nhiệm vụ số {i} của kỳ tới.\n" for i in range(2000))
    indicators = "".join(
        f"  - name: Chỉ tiêu {i}\n    unit: tỷ đồng\n    actual: {i + 1},5\n    targets:\n"
        f"      - label: kế hoạch\n        value: {i + 10}\n"
        for i in range(300)
    )
    text = BASE.replace("indicators:\n", "indicators:\n" + indicators) + "tasks:\n  items:\n" + tasks
    src = tmp_path / "lon.yaml"
    src.write_text(text, encoding="utf-8")
    run = cli("render", src, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    doc = Document(str(tmp_path / "out" / "quan-uy-kien-an-2019-9t.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert "Nhiệm vụ số 1999 của kỳ tới." in texts
    assert "Chỉ tiêu 299 đạt 300,5 tỷ đồng, đạt 97,2% kế hoạch." in texts
    assert len(doc.tables[-1].rows) == 302  # header + 301 indicators


def test_hostile_inputs_are_refused_through_the_cli(tmp_path):
    bomb = ROOT / "tests" / "data" / "inputs" / "invalid" / "alias-bomb.yaml"
    big = tmp_path / "big.yaml"
    big.write_text("opening:\n" + ("  - " + "x" * 100 + "\n") * 25_000, encoding="utf-8")
    start = time.perf_counter()
    run = cli("render", bomb, big, "-o", tmp_path / "out")
    assert run.returncode == 1
    assert (
        f"{bomb}:1:1: tệp dùng quá nhiều bí danh YAML (alias *…) hoặc quá nhiều mục (trên 200.000 nút); "
        "hãy viết các giá trị ra trực tiếp" in run.stderr.splitlines()
    )
    assert f"{big}: tệp quá lớn (2,5 MB; tối đa 2 MB)" in run.stderr.splitlines()
    print(f"refused both in {time.perf_counter() - start:.2f}s (process start included)")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_pdfs_are_made_through_libreoffice(batch, tmp_path):
    out = tmp_path / "out"
    run = cli("render", batch, "-o", out, "-j", "2", "--pdf")
    assert run.returncode == 0, run.stderr
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert pdfs == ["quan-uy-do-son-2021-q1.pdf", "quan-uy-hai-an-2020-6t.pdf", "quan-uy-kien-an-2019-9t.pdf"]
    assert all((out / p).read_bytes().startswith(b"%PDF") for p in pdfs)


def test_pdf_without_libreoffice_says_how_to_install(batch, tmp_path):
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))
    run = cli("render", batch, "-o", tmp_path / "out", "--pdf", env=env)
    assert run.returncode == 1
    assert (
        "không tìm thấy LibreOffice (soffice) để xuất PDF; cài bằng: apt-get install libreoffice-writer-nogui "
        "(các tệp .docx vẫn được giữ)" in run.stderr.splitlines()
    )
    assert len(list((tmp_path / "out").glob("*.docx"))) == 3


def test_plain_progress_lines_when_not_on_a_terminal(tmp_path):
    _inputs(tmp_path / "in", 100)
    run = cli("render", tmp_path / "in", "-o", tmp_path / "out")
    assert run.returncode == 0
    assert run.stderr.splitlines() == [f"Đã tạo {n}/100 văn bản…" for n in range(10, 101, 10)]


def test_a_failing_input_says_its_old_document_is_not_current(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    good = (ROOT / "inputs" / "quan-uy-do-son-2019-6t.yaml").read_text(encoding="utf-8")
    (src / "do-son.yaml").write_text(good, encoding="utf-8")
    out = tmp_path / "out"
    first = cli("render", src, "-o", out)
    assert first.returncode == 0, first.stderr
    old = out / "quan-uy-do-son-2019-6t.docx"
    assert old.is_file()
    # the input now fails to load: its stem cannot even be derived from it
    (src / "do-son.yaml").write_text(good.replace("system: party", "system: đảng"), encoding="utf-8")
    second = cli("render", src, "-o", out)
    assert second.returncode == 1
    assert (
        f"  lưu ý: {old} là bản của một lượt chạy trước, không mang nội dung hiện tại của "
        f"{src / 'do-son.yaml'}; sửa lỗi rồi chạy lại để có bản mới"
    ) in second.stderr.splitlines()
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert summary["inputs"][0]["status"] == "failed"
    assert summary["inputs"][0]["stale_output"] == str(old)
    assert old.is_file()  # kept, not deleted: it may hold a secretary's edits


def test_an_error_in_defaults_is_printed_once_for_the_whole_folder(tmp_path):
    src = tmp_path / "hai-phong"
    shutil.copytree(ROOT / "inputs" / "hai-phong", src)
    (src / "_defaults.yaml").write_text("issuer:\n  parent: [oops\n", encoding="utf-8")
    for command in ("render", "validate"):
        run = cli(command, src, "-o", tmp_path / "out") if command == "render" else cli(command, src)
        assert run.returncode == 1
        lines = run.stderr.splitlines()
        defaults_lines = [line for line in lines if line.startswith(f"{src / '_defaults.yaml'}:2:11: ")]
        assert len(defaults_lines) == 1, run.stderr
        inputs = sorted(p for p in src.glob("*.yaml") if not p.name.startswith("_"))
        if command == "render":
            assert all(f"{p}: bỏ qua: dữ liệu đầu vào có lỗi" in lines for p in inputs)


def test_validate_checks_a_folder_in_parallel_and_says_what_one_process_says(tmp_path):
    """Twelve inputs, two of them wrong: with two workers and with one, the same lines in
    input order, the same exit code; nothing is written."""
    src = tmp_path / "lo"
    src.mkdir()
    for i in range(12):
        text = BASE.replace("name:", "nam:", 1) if i in (3, 8) else BASE
        (src / f"don-vi-{i:02d}.yaml").write_text(text, encoding="utf-8")
    parallel, serial = cli("validate", src, "-j", "2"), cli("validate", src, "-j", "1")
    assert (parallel.returncode, parallel.stdout, parallel.stderr) == (serial.returncode, serial.stdout, serial.stderr)
    assert parallel.returncode == 1
    assert parallel.stdout.splitlines() == [
        f"{src / f'don-vi-{i:02d}.yaml'}: hợp lệ" for i in range(12) if i not in (3, 8)
    ]
    assert list(dict.fromkeys(line.split(":")[0] for line in parallel.stderr.splitlines())) == [
        str(src / "don-vi-03.yaml"),
        str(src / "don-vi-08.yaml"),
    ]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        f"don-vi-{i:02d}.yaml" for i in range(12)
    )
