"""Issue 18: what a run leaves in, or finds in, its output folder — a full disk, a hostile
`_summary.json`, edited briefs and roll-ups, another run writing the same folder.

Faults are injected by tests/fault_harness.py ($FULL_DISK: writes whose path contains
it fail with ENOSPC).
"""

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cli_helpers import cli

ROOT = Path(__file__).parents[1]
HARNESS = ROOT / "tests" / "fault_harness.py"
BASE = (ROOT / "tests" / "data" / "base-valid.yaml").read_text(encoding="utf-8")
MEETING = """meeting:
  name: Hội nghị sơ kết
  date: 2019-10-05
  place: Hội trường
  chair: {name: Nguyễn Văn A, title: Bí thư}
"""


def harness(*args, env=None, **kw):
    return subprocess.run(
        [sys.executable, str(HARNESS), *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        **kw,
    )


def inputs(folder: Path, count: int, meeting: bool = False, names=None) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"bc-{i}.yaml"
        stem = names[i] if names else f"bc-{i}"
        path.write_text(f"output: {stem}\n" + (MEETING if meeting else "") + BASE, encoding="utf-8")
        paths.append(path)
    return paths


# ------------------------------------------------------------- 6. a full disk in a batch


def test_a_full_disk_during_a_render_batch_reports_every_file(tmp_path):
    inputs(tmp_path / "in", 3)
    result = harness("render", tmp_path / "in", "-o", tmp_path / "out", "-j", "2", env={"FULL_DISK": "/"})
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    for i in range(3):
        assert f"bc-{i}.yaml: bỏ qua: không ghi được tệp: đĩa đã đầy" in result.stderr, result.stderr
    assert "Lưu ý: không ghi được " in result.stderr and "_summary.json: đĩa đã đầy" in result.stderr
    assert "Tổng cộng 3 tệp: đã ghi 0, không đổi 0, giữ nguyên vì đã sửa 0, lỗi 3." in result.stdout
    assert not list((tmp_path / "out").glob("*.docx"))
    assert not list((tmp_path / "out").glob(".report-drafter-*"))


def test_a_disk_full_for_one_document_fails_that_one_only(tmp_path):
    inputs(tmp_path / "in", 3)
    result = harness("render", tmp_path / "in", "-o", tmp_path / "out", env={"FULL_DISK": "bc-1."})
    assert result.returncode == 1, result.stderr
    assert "bc-1.yaml: bỏ qua: không ghi được tệp: đĩa đã đầy" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.docx")) == ["bc-0.docx", "bc-2.docx"]
    summary = json.loads((tmp_path / "out" / "_summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["written"] == 2 and summary["totals"]["failed"] == 1


# --------------------------------------------------- 13. a hostile _summary.json is there


def _deep(path: Path, tmp_path: Path):
    path.write_text('{"inputs": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")


def _fifo(path: Path, tmp_path: Path):
    os.mkfifo(path)


def _link_out(path: Path, tmp_path: Path):
    (tmp_path / "elsewhere.json").write_text('{"keep": true}', encoding="utf-8")
    path.symlink_to(tmp_path / "elsewhere.json")


def _link_zero(path: Path, tmp_path: Path):
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize("plant", [_deep, _fifo, _link_out, _link_zero], ids=["deep", "fifo", "link", "dev-zero"])
def test_a_hostile_summary_left_in_the_folder_is_replaced_safely(tmp_path, plant):
    inputs(tmp_path / "in", 2)
    (tmp_path / "in" / "bad.yaml").write_text("output: bad\nissuer: [\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    plant(out / "_summary.json", tmp_path)
    result = cli("render", tmp_path / "in", "-o", out, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert str(out / "bc-0.docx") in result.stdout and str(out / "bc-1.docx") in result.stdout
    assert "bad.yaml: bỏ qua" in result.stderr
    assert "Tổng cộng 3 tệp: đã ghi 2, không đổi 0, giữ nguyên vì đã sửa 0, lỗi 1." in result.stdout
    summary = out / "_summary.json"
    assert summary.is_file() and not summary.is_symlink()
    assert json.loads(summary.read_text(encoding="utf-8"))["totals"]["written"] == 2
    if (tmp_path / "elsewhere.json").exists():
        assert (tmp_path / "elsewhere.json").read_text(encoding="utf-8") == '{"keep": true}'


# ------------------------------------------- 4. briefs and roll-ups keep what people edited


def test_an_edited_brief_is_kept_and_force_backs_it_up(tmp_path):
    (src,) = inputs(tmp_path / "in", 1, meeting=True)
    out = tmp_path / "out"
    brief = out / "bc-0-tin-bai.md"
    first = cli("brief", src, "-o", out, "--format", "md")
    assert first.returncode == 0 and first.stdout.splitlines() == [str(brief)], first.stderr
    made = brief.read_text(encoding="utf-8")
    again = cli("brief", src, "-o", out, "--format", "md")
    assert again.returncode == 0 and again.stdout.splitlines() == [f"{brief} (không đổi)"]
    brief.write_text(made + "\nĐoạn thư ký viết thêm.\n", encoding="utf-8")
    kept = cli("brief", src, "-o", out, "--format", "md")
    assert kept.returncode == 0 and kept.stdout == ""
    assert f"{src}: giữ nguyên: {brief} đã được sửa sau khi tạo" in kept.stderr
    assert brief.read_text(encoding="utf-8").endswith("Đoạn thư ký viết thêm.\n")
    forced = cli("brief", src, "-o", out, "--format", "md", "--force")
    assert forced.returncode == 0, forced.stderr
    assert brief.read_text(encoding="utf-8") == made
    (backup,) = (out / ".report-drafter-backups").glob("bc-0-tin-bai.*.md")
    assert backup.read_text(encoding="utf-8").endswith("Đoạn thư ký viết thêm.\n")
    assert forced.stdout.splitlines() == [str(brief), f"  bản trước khi ghi: {backup}"]


def test_a_docx_brief_edited_in_word_is_kept(tmp_path):
    from docx import Document

    (src,) = inputs(tmp_path / "in", 1, meeting=True)
    out = tmp_path / "out"
    assert cli("brief", src, "-o", out).returncode == 0
    doc = Document(str(out / "bc-0-tin-bai.docx"))
    doc.add_paragraph("Ý kiến của Thường trực.")
    doc.save(str(out / "bc-0-tin-bai.docx"))
    edited = (out / "bc-0-tin-bai.docx").read_bytes()
    kept = cli("brief", src, "-o", out)
    assert kept.returncode == 0 and "giữ nguyên" in kept.stderr
    assert (out / "bc-0-tin-bai.docx").read_bytes() == edited


def test_two_inputs_naming_one_brief_both_fail(tmp_path):
    a, b = inputs(tmp_path / "in", 2, meeting=True, names=["cung-ten", "cung-ten"])
    result = cli("brief", tmp_path / "in", "-o", tmp_path / "out")
    assert result.returncode == 1
    assert f"{a}: bỏ qua: tin bài cung-ten-tin-bai.docx trùng với tin bài của {b}" in result.stderr
    assert f"{b}: bỏ qua: tin bài cung-ten-tin-bai.docx trùng với tin bài của {a}" in result.stderr
    assert not (tmp_path / "out" / "cung-ten-tin-bai.docx").exists()


def test_rollup_keeps_a_rendered_document_named_tong_hop(batch, tmp_path):
    out = tmp_path / "out"
    (src,) = inputs(tmp_path / "one", 1, names=["tong-hop"])
    assert cli("render", src, "-o", out).returncode == 0
    rendered = (out / "tong-hop.docx").read_bytes()
    result = cli("rollup", batch, "-o", out)
    assert result.returncode == 0, result.stderr
    assert (out / "tong-hop.docx").read_bytes() == rendered
    assert f"giữ nguyên: {out / 'tong-hop.docx'} đã được sửa sau khi tạo (hoặc không do lệnh này tạo)" in result.stderr
    assert result.stdout.splitlines()[0] == str(out / "tong-hop.xlsx")


def test_rollup_rerun_replaces_its_own_files_an_edited_workbook_kept_and_forced_with_a_backup(batch, tmp_path):
    import openpyxl

    out = tmp_path / "out"
    assert cli("rollup", batch, "-o", out).returncode == 0
    again = cli("rollup", batch, "-o", out)  # its own unedited files: replaced, not kept
    assert (again.returncode, again.stderr) == (0, "")
    assert [line.removesuffix(" (không đổi)") for line in again.stdout.splitlines()[:2]] == [
        str(out / "tong-hop.xlsx"),
        str(out / "tong-hop.docx"),
    ]  # (the files carry the time they were made)
    book = openpyxl.load_workbook(out / "tong-hop.xlsx")
    book.active["A1"] = "Ghi chú của phòng Tổng hợp"
    book.save(out / "tong-hop.xlsx")
    edited = (out / "tong-hop.xlsx").read_bytes()
    kept = cli("rollup", batch, "-o", out)
    assert kept.returncode == 0 and (out / "tong-hop.xlsx").read_bytes() == edited
    assert "giữ nguyên" in kept.stderr
    forced = cli("rollup", batch, "-o", out, "--force")
    assert forced.returncode == 0
    (backup,) = (out / ".report-drafter-backups").glob("tong-hop.*.xlsx")
    assert backup.read_bytes() == edited
    assert openpyxl.load_workbook(out / "tong-hop.xlsx").active["A1"].value != "Ghi chú của phòng Tổng hợp"


# ------------------------------------- 16. the folder lock; one I/O error stops nothing else


@pytest.mark.parametrize("command", ["brief", "rollup", "sheet"])
def test_brief_rollup_and_sheet_wait_for_a_run_holding_the_folder(tmp_path, command):
    inputs(tmp_path / "in", 2, meeting=True)
    out = tmp_path / "out"
    out.mkdir()
    target = ["-o", out / "so-lieu.xlsx"] if command == "sheet" else ["-o", out]
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a running `render` holds it
    log = tmp_path / "stderr"
    try:
        with open(log, "w") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "report_drafter", command, tmp_path / "in", *target],
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
        deadline = time.time() + 120
        while "đang được một lượt chạy khác ghi; chờ" not in log.read_text(encoding="utf-8"):
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            assert time.time() < deadline, "never waited for the folder"
            time.sleep(0.05)
        assert not [p for p in out.iterdir() if not p.name.startswith(".report-drafter")]
    finally:
        os.close(fd)
    assert proc.wait(timeout=300) == 0, log.read_text(encoding="utf-8")
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")]


def test_an_io_error_on_one_brief_does_not_stop_the_others(tmp_path):
    inputs(tmp_path / "in", 3, meeting=True)
    out = tmp_path / "out"
    result = harness("brief", tmp_path / "in", "-o", out, env={"FULL_DISK": "bc-0-tin-bai"})
    assert result.returncode == 1
    assert (
        f"{tmp_path / 'in' / 'bc-0.yaml'}: bỏ qua: không ghi được {out / 'bc-0-tin-bai.docx'}: đĩa đã đầy"
        in result.stderr
    ), result.stderr
    assert result.stdout.splitlines() == [str(out / "bc-1-tin-bai.docx"), str(out / "bc-2-tin-bai.docx")]


# ----------------------------------------- 15. LibreOffice dies with a run killed by SIGKILL


def _processes_with(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (
                    text.encode() in (entry / "cmdline").read_bytes()
                    and (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
                ):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _wait(condition, what: str, seconds: float = 120):
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_dies_with_a_run_killed_by_sigkill_and_leaves_nothing(tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    stale = temp / "report-drafter-lo-999999999-abcd"  # a profile of a run that died long ago
    (stale / "profile-0").mkdir(parents=True)
    inputs(tmp_path / "in", 3)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "report_drafter", "render", tmp_path / "in", "-o", out, "--pdf"],
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        profile = f"report-drafter-lo-{proc.pid}-"
        _wait(lambda: _processes_with(profile) or proc.poll() is not None, "LibreOffice to start")
        assert not stale.exists()  # cleaned at the start of this run
        office = _processes_with(profile)
        assert office, "the run ended before LibreOffice could be seen"
        os.kill(proc.pid, 9)
        proc.wait()
        _wait(lambda: not _processes_with(profile), "LibreOffice to die with the run", 60)
        _wait(lambda: not list(temp.glob("report-drafter-lo-*")), "its profile to be deleted", 90)
        _wait(lambda: not list(out.glob(".report-drafter-pdf-*")), "its staging folder to be deleted", 90)
        assert not list(out.glob("*.pdf"))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --------------------------------------------------------- 18. messages on forged documents


def _forge(docx: Path, document=None, custom=None) -> None:
    import zipfile

    parts = {}
    with zipfile.ZipFile(docx) as z:
        for info in z.infolist():
            parts[info.filename] = z.read(info)
    if document:
        parts["word/document.xml"] = document(parts["word/document.xml"])
    if custom:
        parts["docProps/custom.xml"] = custom(parts["docProps/custom.xml"])
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _added(ident: bytes):
    """A paragraph added at the end (an edit) holding a bookmark whose id is `ident`."""
    return lambda xml: xml.replace(
        b"</w:body>",
        b'<w:p><w:bookmarkStart w:id="' + ident + b'" w:name="x"/>'
        b'<w:r><w:t>Them</w:t></w:r><w:bookmarkEnd w:id="' + ident + b'"/></w:p></w:body>',
        1,
    )


def _pid(xml: bytes) -> bytes:
    import re

    return re.sub(rb'pid="\d+"', b'pid="' + b"9" * 5000 + b'"', xml, count=1)


@pytest.mark.parametrize(
    "forgery",
    [
        {"document": _added("²".encode())},
        {"document": _added(b"9" * 5000)},
        {"document": _added(b"1"), "custom": _pid},
    ],
    ids=["id-superscript", "id-5000-digits", "pid-5000-digits"],
)
def test_update_of_a_document_with_forged_numbers_places_the_figures(tmp_path, forgery):
    src = tmp_path / "a.yaml"
    src.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    (doc,) = out.glob("*.docx")
    _forge(doc, **forgery)
    src.write_text(BASE.replace("actual: 312,5", "actual: 333,3"), encoding="utf-8")
    result = cli("update", src, "-o", out, "--track-changes")
    assert "lỗi không mong đợi" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert "đã cập nhật" in result.stdout


def test_update_of_a_document_whose_properties_are_not_utf8_says_so(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    (doc,) = out.glob("*.docx")
    _forge(doc, document=_added(b"1"), custom=lambda xml: xml + b"<!-- \xff\xfe -->")
    src.write_text(BASE.replace("actual: 312,5", "actual: 333,3"), encoding="utf-8")
    result = cli("update", src, "-o", out)
    assert result.returncode == 1 and "lỗi không mong đợi" not in result.stderr, result.stderr
    assert (
        f"{src}: bỏ qua: phần docProps/custom.xml (thuộc tính riêng) của văn bản không phải văn bản UTF-8: "
        f"tệp đã bị sửa bằng một công cụ khác hoặc bị hỏng; hãy mở tệp trong Word, lưu lại rồi chạy lại"
        in result.stderr
    )


def test_check_says_what_a_path_that_is_no_file_is(tmp_path):
    os.mkfifo(tmp_path / "ong.docx")
    (tmp_path / "thu-muc.docx").mkdir()
    (tmp_path / "zero.docx").symlink_to("/dev/zero")
    for fix in ([], ["--fix"]):
        result = cli(
            "check",
            *fix,
            tmp_path / "ong.docx",
            tmp_path / "thu-muc.docx",
            tmp_path / "zero.docx",
            tmp_path / "khong-co.docx",
            timeout=120,
        )
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            f"{tmp_path / 'ong.docx'}: là một FIFO (ống dẫn), không phải tệp; hãy đưa đường dẫn tới một tệp .docx",
            f"{tmp_path / 'thu-muc.docx'}: là một thư mục, không phải tệp; hãy đưa đường dẫn tới một tệp .docx",
            f"{tmp_path / 'zero.docx'}: là một liên kết (symlink) tới /dev/zero, tức một thiết bị, không phải tệp; "
            f"hãy đưa đường dẫn tới một tệp .docx",
            f"{tmp_path / 'khong-co.docx'}: không tìm thấy tệp",
        ]


def test_a_foreign_document_at_a_failed_inputs_name_is_not_called_an_earlier_run(tmp_path):
    from docx import Document

    out = tmp_path / "out"
    out.mkdir()
    doc = Document()
    doc.add_paragraph("Văn bản của văn phòng, không do report-drafter tạo.")
    doc.save(str(out / "bc-0.docx"))
    src = tmp_path / "bc-0.yaml"
    src.write_text("output: bc-0\n" + BASE, encoding="utf-8")
    result = cli("update", src, "-o", out)
    assert result.returncode == 1
    assert "bản của một lượt chạy trước" not in result.stderr
    assert (
        f"  lưu ý: {out / 'bc-0.docx'} không do report-drafter tạo (không có dấu của report-drafter), "
        f"không mang nội dung của {src}"
    ) in result.stderr.splitlines()


# ----------------------------------------------- the README's promises for brief, rollup, sheet


@pytest.mark.parametrize("command", ["brief", "rollup", "sheet"])
def test_a_link_at_a_brief_rollup_or_sheet_name_is_never_written_through(tmp_path, command):
    (src,) = inputs(tmp_path / "in", 1, meeting=True)
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("không được ghi đè", encoding="utf-8")
    name = {"brief": "bc-0-tin-bai.docx", "rollup": "tong-hop.docx", "sheet": "so-lieu.xlsx"}[command]
    (out / name).symlink_to(outside)
    target = ["-o", out / name, "--force"] if command == "sheet" else ["-o", out, "--force"]
    result = cli(command, src, *target)
    assert "Traceback" not in result.stderr
    assert result.returncode != 0
    assert f"là một liên kết (symlink) tới {outside}; report-drafter không bao giờ ghi qua liên kết" in result.stderr
    assert outside.read_text(encoding="utf-8") == "không được ghi đè" and (out / name).is_symlink()
    assert not list(out.glob(".report-drafter-*.tmp"))


def test_update_with_track_changes_of_a_figure_whose_text_is_outside_a_run(tmp_path):
    import re

    src = tmp_path / "a.yaml"
    src.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    (doc,) = out.glob("*.docx")

    def unwrap(xml: bytes) -> bytes:  # `<w:t>312,5</w:t>` straight in the paragraph, and an edit
        xml = re.sub(
            rb'(<w:bookmarkStart w:id="\d+" w:name="_rd_[^"]*"/>)<w:r>(<w:t[^>]*>312,5</w:t>)</w:r>',
            rb"\1\2",
            xml,
            count=1,
        )
        return xml.replace(b"</w:body>", b"<w:p><w:r><w:t>Them</w:t></w:r></w:p></w:body>", 1)

    _forge(doc, document=unwrap)
    src.write_text(BASE.replace("actual: 312,5", "actual: 333,3"), encoding="utf-8")
    result = cli("update", src, "-o", out, "--track-changes")
    assert "lỗi không mong đợi" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    import zipfile
    from docx import Document

    Document(str(doc))  # still a Word document
    xml = zipfile.ZipFile(doc).read("word/document.xml").decode("utf-8")
    if "sửa tay, giữ nguyên «312,5»" not in result.stdout:  # placed: as a tracked change
        assert re.search(r"<w:ins [^>]*>(?:(?!</w:ins>).)*333,3", xml), xml[:2000]


# ------------------------------ every file report-drafter reads back from a folder, over generated contents

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["inputs", "input", "output", "files", "x"]), inner, max_size=4)
    ),
    max_leaves=20,
)


def test_summaries_and_records_of_any_content_are_read_without_an_error(tmp_path):
    from report_drafter.run import batch
    from report_drafter.files import record as written

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.one_of(
            _json_values.map(lambda v: json.dumps(v).encode()),
            st.binary(max_size=200),
            st.integers(1, 100_000).map(lambda n: b"[" * n + b"]" * n),
        )
    )
    def check(content):
        (tmp_path / "_summary.json").write_bytes(content)
        (tmp_path / written.RECORD_NAME).write_bytes(content)
        previous = batch._previous_outputs(tmp_path / "_summary.json")
        record = written._load(str(tmp_path))
        assert isinstance(previous, dict) and all(isinstance(v, str) for v in previous.values())
        assert isinstance(record, dict) and all(isinstance(v, str) for v in record.values())

    check()


def test_a_summary_naming_a_file_outside_the_folder_is_not_called_an_earlier_runs_document(tmp_path):
    src = tmp_path / "bad.yaml"
    src.write_text("output: bad\nissuer: [\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.docx"
    elsewhere.write_bytes(b"PK")
    (out / "_summary.json").write_text(
        json.dumps({"inputs": [{"input": str(src), "output": str(elsewhere)}]}), encoding="utf-8"
    )
    result = cli("render", src, "-o", out)
    assert result.returncode == 1
    assert "lưu ý" not in result.stderr and str(elsewhere) not in result.stderr, result.stderr


def test_sheet_force_backs_up_the_workbook_it_replaces(tmp_path):
    inputs(tmp_path / "in", 1)
    book = tmp_path / "so-lieu.xlsx"
    book.write_bytes(b"workbook the units filled in")
    result = cli("sheet", tmp_path / "in", "-o", book, "--force")
    assert result.returncode == 0, result.stderr
    (backup,) = (tmp_path / ".report-drafter-backups").glob("so-lieu.*.xlsx")
    assert backup.read_bytes() == b"workbook the units filled in"
    assert result.stdout.splitlines()[:2] == [str(book), f"  bản trước khi ghi: {backup}"]


def test_new_force_backs_up_the_input_it_replaces_and_never_writes_through_a_link(tmp_path):
    target = tmp_path / "do-son.yaml"
    target.write_text("issuer:\n  name: số liệu đã điền\n", encoding="utf-8")
    result = cli("new", "-o", target, "--force")
    assert result.returncode == 0, result.stderr
    (backup,) = (tmp_path / ".report-drafter-backups").glob("do-son.*.yaml")
    assert backup.read_text(encoding="utf-8") == "issuer:\n  name: số liệu đã điền\n"
    assert result.stdout.splitlines()[-1] == f"  bản trước khi ghi: {backup}"
    outside = tmp_path / "outside.txt"
    outside.write_text("không được ghi đè", encoding="utf-8")
    link = tmp_path / "lien-ket.yaml"
    link.symlink_to(outside)
    result = cli("new", "-o", link, "--force")
    assert result.returncode == 2 and "không bao giờ ghi qua liên kết" in result.stderr
    assert outside.read_text(encoding="utf-8") == "không được ghi đè"
