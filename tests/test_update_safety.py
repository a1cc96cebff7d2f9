"""Issue 18 (update part) and 21.14: nothing a person wrote is lost, every report is true.

Forged marks (a bookmark without its end, an end moved, a mark around a paragraph or across
cells, marks crossing each other) are never written into; a paragraph typed before the first
one is an edit; a document saved during `update` is not counted as updated; a write that
fails leaves no backup and no "đã cập nhật"; temporaries of a killed run are cleaned; memory
stays bounded on documents made of thousands of marks or paragraphs; a wrong -o and an open
document are said.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from report_drafter.document import update
from report_drafter.files import writing as output
from report_drafter.run import batch
from report_drafter.run import one_input as job

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "inputs" / "ubnd-hai-an-2020-6t.yaml"
NAME = "uy-ban-nhan-dan-quan-hai-an-2020-6t.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def cli(*args, limit: int | None = None):
    def cap():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "report_drafter", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        preexec_fn=cap if limit else None,
    )


@pytest.fixture()
def drafted(tmp_path):
    """A rendered document and its input, the input's figure of investment then changed."""
    src = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, src)
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    src.write_text(EXAMPLE.read_text(encoding="utf-8").replace("actual: 186,25", "actual: 200"), encoding="utf-8")
    return src, out, out / NAME


def body_of(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def save_body(path: Path, root) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "word/document.xml":
                part = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, part)
    path.write_bytes(data.getvalue())


def texts(path: Path) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body_of(path).iter(W + "p")]


def start_of(root, name: str):
    return next(b for b in root.iter(W + "bookmarkStart") if b.get(W + "name") == name)


def end_of(root, start):
    return next(b for b in root.iter(W + "bookmarkEnd") if b.get(W + "id") == start.get(W + "id"))


def touch_sentence(root, name: str) -> None:
    """Type a word after the sentence that holds mark `name` (so it is an edited sentence)."""
    start = start_of(root, name)
    p = next((a for a in start.iterancestors() if a.tag == W + "p"), None)
    p = p if p is not None else start.getnext()  # a mark put around the paragraph
    run = etree.SubElement(p, W + "r")
    etree.SubElement(run, W + "t").text = " (sơ bộ)"


# ----------------------------------------------------------------- forged marks (18.1, 18.2)


def _end_removed(root):
    end = end_of(root, start_of(root, "_rd_von_dau_tu_a"))
    end.getparent().remove(end)


def _end_moved(root):
    start = start_of(root, "_rd_von_dau_tu_a")
    end = end_of(root, start)
    end.getparent().remove(end)
    paragraphs = list(root.iter(W + "p"))
    here = next(i for i, p in enumerate(paragraphs) if start in p.iter())
    paragraphs[here + 3].append(end)


def _around_paragraph(root):
    start = start_of(root, "_rd_von_dau_tu_a")
    end = end_of(root, start)
    p = start.getparent()
    p.addprevious(start)
    paragraphs = list(root.iter(W + "p"))
    paragraphs[paragraphs.index(p) + 2].addnext(end)


def _across_cells(root):
    start = start_of(root, "_rd_von_dau_tu_th")
    end = end_of(root, start)
    end.getparent().remove(end)
    cell = next(a for a in start.iterancestors() if a.tag == W + "tc")
    cell.getnext().find(W + "p").append(end)


def _crossed(root):
    verb = start_of(root, "_rd_von_dau_tu_v")
    actual = end_of(root, start_of(root, "_rd_von_dau_tu_a"))
    verb_end = end_of(root, verb)
    verb_end.getparent().remove(verb_end)
    actual.addnext(verb_end)  # the verb's end after the actual's end


FORGERIES = {
    "end removed": _end_removed,
    "end moved": _end_moved,
    "around a paragraph": _around_paragraph,
    "across cells": _across_cells,
    "crossed": _crossed,
}


@pytest.mark.parametrize("flags", [("--force",), ("--force", "--track-changes")])
@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_a_broken_mark_is_never_written_into(drafted, forgery, flags):
    src, out, target = drafted
    root = body_of(target)
    FORGERIES[forgery](root)
    touch_sentence(root, "_rd_von_dau_tu_a")
    touch_sentence(root, "_rd_von_dau_tu_th")
    save_body(target, root)
    before = texts(target)
    run = cli("update", src, "-o", out, *flags)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "dấu số liệu bị hỏng" in run.stdout and "Traceback" not in run.stderr
    after = texts(target)
    assert sum(len(t) for t in after) >= sum(len(t) for t in before) - 10  # nothing emptied
    if forgery != "across cells":  # the broken figure kept as typed, the sentence whole
        assert any(
            t.startswith("Tổng vốn đầu tư công trên địa bàn đạt 186,25 tỷ đồng, đạt ") and t.endswith(" (sơ bộ)")
            for t in after
        ), after
    else:
        assert "186,25 (sơ bộ)" in after and "200" not in after
    root = body_of(target)
    assert not root.findall(f".//{W}del//{W}del")  # never a deletion inside a deletion
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    assert summary["inputs"][0]["status"] in ("updated", "unchanged")


def test_track_changes_never_nests_a_deletion(drafted):
    src, out, target = drafted
    root = body_of(target)
    touch_sentence(root, "_rd_von_dau_tu_a")
    save_body(target, root)
    assert cli("update", src, "-o", out, "--track-changes").returncode == 0
    src.write_text(EXAMPLE.read_text(encoding="utf-8").replace("actual: 186,25", "actual: 210"), encoding="utf-8")
    assert cli("update", src, "-o", out, "--track-changes").returncode == 0  # revisions not yet accepted
    root = body_of(target)
    assert not root.findall(f".//{W}del//{W}del")
    ins = ["".join(t.text or "" for t in i.iter(W + "t")) for i in root.iter(W + "ins")]
    assert "210" in ins


# ------------------------------------------------------------------ added paragraph (18.3)


def test_a_paragraph_typed_before_the_first_one_is_an_edit(drafted):
    src, out, target = drafted
    with zipfile.ZipFile(target) as z:
        xml = z.read("word/document.xml")
    xml = re.sub(rb"(<w:body[^>]*>)", rb"\1<w:p><w:r><w:t>Do thu ky them</w:t></w:r></w:p>", xml, count=1)
    save_body(target, etree.fromstring(xml))
    run = cli("render", src, "-o", out)
    assert "giữ nguyên vì đã sửa 1" in run.stdout and texts(target)[0] == "Do thu ky them"
    run = cli("update", src, "-o", out)
    assert run.returncode == 0, run.stdout
    lines = texts(target)
    assert lines[0] == "Do thu ky them"
    assert any(t.startswith("Tổng vốn đầu tư công trên địa bàn đạt 200 tỷ đồng") for t in lines)


# ------------------------------------------------------------- truthful reports (18.6)


def _edited(target: Path) -> None:
    root = body_of(target)
    touch_sentence(root, "_rd_thu_ngan_sach_a")
    save_body(target, root)


def test_a_document_saved_during_update_is_kept_and_not_counted(drafted, capsys):
    src, out, target = drafted
    _edited(target)

    def task(*args, **kwargs):
        outcome = job.update_file(*args, **kwargs)
        data = target.read_bytes()  # the secretary saves meanwhile
        target.write_bytes(data + b"")
        os.utime(target, ns=(1, 1))
        return outcome

    summary = batch.run([batch.Item(src)], out, task=task)
    (o,) = summary.outcomes
    assert o.status == output.KEPT and not o.figures and not o.backup
    assert not list((out / ".report-drafter-backups").glob("*.docx"))
    assert "được lưu lại trong lúc đang cập nhật" in o.message
    from report_drafter import cli as cli_module

    cli_module._print_update(o)
    assert "đã cập nhật" not in capsys.readouterr().out


def test_a_write_that_fails_is_no_update(drafted, monkeypatch):
    src, out, target = drafted
    _edited(target)
    edited = target.read_bytes()

    real = output.replace

    def full(temp, dest):
        if not dest.endswith(".docx"):
            return real(temp, dest)
        output.remove_file(temp)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "replace", full)
    summary = batch.run([batch.Item(src)], out, task=job.update_file)
    (o,) = summary.outcomes
    assert o.failed and not o.figures and "không ghi được tệp" in o.message
    assert target.read_bytes() == edited
    assert not list((out / ".report-drafter-backups").glob("*.docx"))  # no backup of an update never made


# ---------------------------------------------------------- a killed run's leftovers (18.17)


def test_temporaries_left_in_the_backup_folder_are_cleaned(drafted):
    src, out, target = drafted
    _edited(target)
    backups = out / ".report-drafter-backups"
    backups.mkdir()
    left = backups / ".report-drafter-uy-ban.4242.deadbeef.tmp"
    left.write_bytes(b"")
    run = cli("update", src, "-o", out)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not left.exists()
    assert len(list(backups.glob("*.docx"))) == 1


# -------------------------------------------------------------- bounded memory (18.11)


def test_thousands_of_unclosed_marks_stay_bounded(drafted):
    src, out, target = drafted
    _edited(target)
    root = body_of(target)
    p = next(p for p in root.iter(W + "p") if "".join(t.text or "" for t in p.iter(W + "t")).startswith("Kinh tế"))
    for i in range(20000):
        p.append(etree.Element(W + "bookmarkStart", {W + "id": str(10**7 + i), W + "name": f"_rd_x{i}"}))
    save_body(target, root)
    run = cli("update", src, "-o", out, limit=1 << 30)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert (out / "_summary.json").stat().st_size < 200_000
    assert "Kinh tế tiếp tục" in "\n".join(texts(target))


def test_a_document_of_countless_empty_paragraphs_is_refused(drafted):
    src, out, target = drafted
    _edited(target)
    with zipfile.ZipFile(target) as z:
        xml = z.read("word/document.xml")
    xml = xml.replace(b"</w:body>", b"<w:p/>" * 300_000 + b"</w:body>")
    save_body(target, etree.fromstring(xml, etree.XMLParser(huge_tree=True)))
    run = cli("update", src, "-o", out, limit=1 << 30)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert "quá lớn để cập nhật" in run.stderr


# ------------------------------------------------------------ wrong -o, open document (21.14)


def test_update_says_when_no_earlier_document_is_there(drafted, tmp_path):
    src, _, _ = drafted
    run = cli("update", src, "-o", tmp_path / "elsewhere")
    assert "không tìm thấy văn bản trước ở" in run.stderr + run.stdout
    assert "hãy chỉ thư mục đó bằng -o" in run.stderr + run.stdout


@pytest.mark.parametrize("owner", ["~$" + NAME[2:], ".~lock." + NAME + "#"])
def test_update_warns_when_the_document_is_open(drafted, owner):
    src, out, target = drafted
    _edited(target)
    (out / owner).write_bytes(b"x")
    run = cli("update", src, "-o", out)
    assert "có vẻ đang mở trong Word hoặc LibreOffice" in run.stderr + run.stdout


@pytest.mark.parametrize(
    "forged", ['[["x"]]', "[[1, []]]", "[" * 5000 + "]" * 5000, '{"a": 1}', '"x"', '[["a", [["b", [["c", ["d"]]]]]]]']
)
def test_a_forged_record_of_blocks_is_ignored(drafted, forged):
    """The blocks a document was generated with are read from its custom properties: anything
    but what render writes there means figures are updated one by one, never a traceback."""
    from report_drafter.docx import blocks, package
    from report_drafter.text import marks

    src, out, target = drafted
    _edited(target)
    with zipfile.ZipFile(target) as z:
        custom = z.read("docProps/custom.xml")
    custom = package.add_properties(
        custom, marks.store_properties([], blocks.STORE_PROPERTY), remove_prefix=blocks.STORE_PROPERTY
    )
    custom = custom.replace(
        b"<vt:lpwstr>[]</vt:lpwstr>", b"<vt:lpwstr>" + forged.replace('"', "&quot;").encode() + b"</vt:lpwstr>"
    )
    data = io.BytesIO()
    with zipfile.ZipFile(target) as src_zip, zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src_zip.infolist():
            dst.writestr(info, custom if info.filename == "docProps/custom.xml" else src_zip.read(info))
    target.write_bytes(data.getvalue())
    run = cli("update", src, "-o", out)
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert any(t.startswith("Tổng vốn đầu tư công trên địa bàn đạt 200 tỷ đồng") for t in texts(target))
