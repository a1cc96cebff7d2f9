"""`update`: new figures go into a document people have edited; every edit stays."""

import copy
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from docx_helpers import SOFFICE, soffice_text
from report_drafter.text import marks
from report_drafter.docx import package
from report_drafter.document import update
from report_drafter.text.context import build_context
from report_drafter.text.marks import FigureStatus
from report_drafter.model import Indicator, Target

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "inputs" / "ubnd-hai-an-2020-6t.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NEEDS_LO = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def lo_save(path: Path, workdir: Path) -> None:
    """Open and save `path` in LibreOffice (as a secretary with LibreOffice would)."""
    out = workdir / "lo-saved"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{workdir}/lo-profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shutil.copy(out / path.name, path)


# ------------------------------------------------------------------ the vocabulary


def test_a_sentence_is_built_from_segments_each_phrase_marked():
    alloc = marks.Allocator()
    runs = marks.segment_runs(
        [
            (None, "Thu ngân sách "),
            ("thu_v", "ước đạt"),
            (None, " "),
            ("thu_a", "69,037"),
            (None, " tỷ đồng, đạt "),
            ("thu_t", "49,1%"),
            (None, " dự toán."),
        ],
        alloc,
    )
    assert [(r["text"], r.get("mark")) for r in runs] == [
        ("Thu ngân sách ", None),
        ("ước đạt", "thu_v"),
        (" ", None),
        ("69,037", "thu_a"),
        (" tỷ đồng, đạt ", None),
        ("49,1%", "thu_t"),
        (" dự toán.", None),
    ]
    assert alloc.values == {"thu_v": "ước đạt", "thu_a": "69,037", "thu_t": "49,1%"}


def test_the_same_indicator_twice_gets_distinct_marks():
    alloc = marks.Allocator()
    first = alloc.add("thu_a", "1")
    second = alloc.add("thu_a", "1")
    assert (first["mark"], second["mark"]) == ("thu_a", "thu_a_2")
    assert first["mark_id"] != second["mark_id"]


@pytest.mark.parametrize(
    "ind_id, key",
    [("thu-ngan-sach", "thu_ngan_sach"), ("Thu Ngân Sách", "thu_ng_n_s_ch_3e4f4"), ("x" * 30, "xxxxxxxxxxxxxx_6f1a4")],
)
def test_bookmark_names_are_word_safe(ind_id, key):
    got = marks.indicator_key(ind_id, "Tên")
    assert got[:-5] == key[:-5] and len(marks.bookmark_name(got + "_skh_2")) <= marks.MAX_NAME
    assert all(ch.isascii() and (ch.isalnum() or ch == "_") for ch in got)


def test_recorded_values_are_split_into_properties_word_keeps_whole():
    values = {f"chi_tieu_{i}_a": f"{i}.215,4 (dự toán thành phố giao)" for i in range(40)}
    props = marks.store_properties(values)
    assert len(props) > 1 and all(len(value) <= 255 for _, value in props)
    assert marks.read_store(dict(props)) == values


def test_the_context_marks_every_figure_of_an_indicator():
    ind = Indicator(
        id="thu",
        name="Tổng thu",
        unit="tỷ đồng",
        actual=Decimal("1215.4"),
        estimated=True,
        targets=(Target("dự toán", Decimal("2324")),),
        previous=Decimal("1302.7"),
    )
    from report_drafter.text.context import indicator_paragraph

    runs = indicator_paragraph(ind, marks.Allocator())["runs"]
    assert (
        "".join(r["text"] for r in runs)
        == "Tổng thu ước đạt 1.215,4 tỷ đồng, đạt 52,3% dự toán, giảm 6,7% so với cùng kỳ."
    )
    assert [r["text"] for r in runs if r.get("mark")] == ["ước đạt", "1.215,4", "52,3%", "giảm 6,7% so với cùng kỳ"]


# ------------------------------------------------------- the rendered document


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rendered")
    shutil.copy(EXAMPLE, tmp / EXAMPLE.name)
    assert cli("render", tmp / EXAMPLE.name, "-o", tmp / "out").returncode == 0
    return tmp, tmp / "out" / "uy-ban-nhan-dan-quan-hai-an-2020-6t.docx"


def test_every_figure_sits_in_a_hidden_bookmark(rendered):
    _, docx = rendered
    body = Document(str(docx)).element.body
    names = [b.get(W + "name") for b in body.iter(W + "bookmarkStart")]
    assert all(n.startswith("_") for n in names)  # hidden in Word's Bookmark dialog
    held = {}
    for start in body.iter(W + "bookmarkStart"):
        held[start.get(W + "name")] = "".join(t.text for t in start.getnext().iter(W + "t"))
    assert held["_rd_so"] == "Số: 112/BC-UBND" and held["_rd_ngay"] == "ngày 25 tháng 6 năm 2020"
    assert held["_rd_thu_ngan_sach_a"] == "1.215,4" and held["_rd_thu_ngan_sach_c"] == "giảm 6,7% so với cùng kỳ"
    assert held["_rd_thu_ngan_sach_th"] == "1.215,4" and held["_rd_thu_ngan_sach_skh"] == "52,3"
    assert held["_rd_von_dau_tu_kh"] == "415 (kế hoạch năm)"
    assert marks.read_store(package.properties(package.read_contents(docx))) == {
        name[len(marks.PREFIX) :]: text for name, text in held.items()
    }


@NEEDS_LO
def test_marks_do_not_change_the_page(rendered, tmp_path):
    """The same document without its bookmarks prints pixel for pixel the same."""
    _, docx = rendered
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                import re

                data = re.sub(rb"<w:bookmark(Start|End) [^>]*/>", b"", data)
            dst.writestr(info.filename, data)
    shutil.copy(docx, tmp_path / "marked.docx")
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(bare),
            str(tmp_path / "marked.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = {}
    for name in ("bare", "marked"):
        subprocess.run(
            ["pdftoppm", "-gray", "-r", "40", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True
        )
        pages[name] = [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.pgm"))]
    assert len(pages["marked"]) == len(pages["bare"]) >= 2
    for marked, bare in zip(pages["marked"], pages["bare"]):
        assert len(marked) == len(bare)
        # bookmarks split LibreOffice's text portions, which can move a glyph by a sub-pixel
        differing = sum(1 for x, y in zip(marked, bare) if abs(x - y) > 64)
        assert differing < len(marked) / 1000


def test_a_rendered_document_passes_check(rendered):
    _, docx = rendered
    run = cli("check", docx)
    assert run.returncode == 0, run.stdout


# ------------------------------------------- update on a document without LibreOffice


def _context_values(report_yaml: Path) -> tuple[dict, dict]:
    from report_drafter.run import one_input as job

    report = job.validate_file(report_yaml).report
    ctx = build_context(report)
    return ctx["marks"], update.locations(ctx)


def test_update_outcomes_for_each_kind_of_figure(rendered, tmp_path):
    src_dir, docx = rendered
    doc = Document(str(docx))
    body = doc.element.body
    starts = {b.get(W + "name"): b for b in body.iter(W + "bookmarkStart")}
    starts["_rd_von_dau_tu_a"].getnext().find(W + "t").text = "186,3"  # typed over by hand
    gone = next(p for p in doc.paragraphs if p.text.startswith("Số hộ nghèo"))
    gone._p.getparent().remove(gone._p)  # sentence deleted
    edited = tmp_path / "edited.docx"
    doc.save(str(edited))
    new, where = _context_values(src_dir / EXAMPLE.name)
    new = {**new, "thu_ngan_sach_a": "1.250,8", "von_dau_tu_a": "200", "moi_a": "7"}
    del new["thuong_mai_c"]
    result = update.update_document(*package.read_members(edited), new, where)
    by_key = {f.key: f for f in result.figures}
    assert by_key["thu_ngan_sach_a"].status == FigureStatus.UPDATED
    assert by_key["thu_ngan_sach_v"].status == FigureStatus.UNCHANGED
    assert (by_key["von_dau_tu_a"].status, by_key["von_dau_tu_a"].found, by_key["von_dau_tu_a"].new) == (
        FigureStatus.HAND,
        "186,3",
        "200",
    )
    assert by_key["ho_ngheo_a"].status == FigureStatus.GONE
    assert by_key["ho_ngheo_a"].where == "Số hộ nghèo được hỗ trợ thoát nghèo đạt 42 hộ, đạt 100% kế hoạch năm."
    assert by_key["ho_ngheo_th"].status == FigureStatus.UNCHANGED  # its appendix row is still there
    assert by_key["moi_a"].status == FigureStatus.NEW
    assert (by_key["thuong_mai_c"].status, by_key["thuong_mai_c"].found) == (FigureStatus.DROPPED, "bằng cùng kỳ")
    assert not result.complete
    out = tmp_path / "out.docx"
    out.write_bytes(result.data)
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert (
        "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.250,8 tỷ đồng, đạt 52,3% dự toán thành phố giao, "
        "giảm 6,7% so với cùng kỳ." in texts
    )
    assert (
        "Tổng vốn đầu tư công trên địa bàn đạt 186,3 tỷ đồng, đạt 44,9% kế hoạch năm, tăng 22,1% so với cùng kỳ."
        in texts
    )
    # the record keeps the generated value of a hand-typed figure: still told apart next time
    again = update.update_document(*package.read_members(out), new, where)
    assert {f.key: f.status for f in again.figures}["von_dau_tu_a"] == FigureStatus.HAND
    assert {f.key: f.status for f in again.figures}["thu_ngan_sach_a"] == FigureStatus.UNCHANGED
    assert again.data is None  # nothing left to change


def test_a_blank_number_is_filled_in_when_it_arrives(tmp_path):
    src = tmp_path / "a.yaml"
    src.write_text(EXAMPLE.read_text(encoding="utf-8").replace("number: 112\n", ""), encoding="utf-8")
    assert cli("render", src, "-o", tmp_path / "out").returncode == 0
    docx = next((tmp_path / "out").glob("*.docx"))
    doc = Document(str(docx))
    doc.add_paragraph("Thư ký thêm một đoạn.")
    doc.save(str(docx))
    src.write_text(EXAMPLE.read_text(encoding="utf-8").replace("number: 112", "number: 7"), encoding="utf-8")
    run = cli("update", src, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stdout + run.stderr
    lines = [p.text for p in Document(str(docx)).paragraphs] + [
        p.text for t in Document(str(docx)).tables for c in t._cells for p in c.paragraphs
    ]
    assert "Số: 07/BC-UBND" in lines and "Thư ký thêm một đoạn." in lines


def test_a_document_not_made_by_report_drafter_is_refused(tmp_path):
    src = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, src)
    out = tmp_path / "out"
    out.mkdir()
    doc = Document()
    doc.add_paragraph("Văn bản gõ tay.")
    target = out / "uy-ban-nhan-dan-quan-hai-an-2020-6t.docx"
    doc.save(str(target))
    before = target.read_bytes()
    run = cli("update", src, "-o", out)
    assert run.returncode == 1
    assert f"{target} không có dấu số liệu của report-drafter" in run.stderr
    assert target.read_bytes() == before


def test_an_unedited_document_is_simply_rendered_again(tmp_path):
    src = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, src)
    assert cli("update", src, "-o", tmp_path / "out").returncode == 0
    src.write_text(EXAMPLE.read_text(encoding="utf-8").replace("actual: 186,25", "actual: 200"), encoding="utf-8")
    run = cli("update", src, "-o", tmp_path / "out")
    assert run.returncode == 0 and run.stdout.splitlines()[0].endswith(".docx")
    assert not (tmp_path / "out" / ".report-drafter-backups").exists()


# --------------------------------------------------- the secretary's round trip

NEW_INPUT = [
    ("date: 25/6/2020", "date: 30/6/2020"),
    (
        "actual: 1.215,4\n    estimated: true\n    targets:\n      - label: dự toán thành phố giao\n        value: 2.324\n",
        "actual: 1.250,8\n    targets:\n      - label: dự toán thành phố giao\n        value: 2.324\n"
        "      - label: dự toán HĐND quận giao\n        value: 2.100\n",
    ),
    ("actual: 186,25", "actual: 200"),
    (
        "        value: 42\n",
        "        value: 50\n"
        "  - id: doanh-nghiep\n    name: Số doanh nghiệp thành lập mới\n    unit: doanh nghiệp\n"
        "    actual: 120\n    previous: 100\n",
    ),
    ("indicators: [thu-ngan-sach, thuong-mai]", "indicators: [thu-ngan-sach, thuong-mai, doanh-nghiep]"),
]


def _edit_like_people(docx: Path) -> None:
    doc = Document(str(docx))
    paras = doc.paragraphs
    opening = next(p for p in paras if p.text.startswith("Thực hiện Nghị quyết"))
    opening.insert_paragraph_before("Đoạn do Phó Chủ tịch thêm vào phần mở đầu.")
    revenue = next(p for p in paras if p.text.startswith("Tổng thu ngân sách"))
    for run in revenue.runs:  # reworded around the figures
        if run.text == "Tổng thu ngân sách nhà nước trên địa bàn ":
            run.text = "Theo Chi cục Thuế, tổng thu ngân sách trên địa bàn quận "
        elif run.text == " tỷ đồng, đạt ":
            run.text = " tỷ đồng (số liệu sơ bộ), bằng "
    for start in doc.element.body.iter(W + "bookmarkStart"):
        if start.get(W + "name") == "_rd_von_dau_tu_a":
            start.getnext().find(W + "t").text = "186,3"  # one figure retyped by hand
    gone = next(p for p in paras if p.text.startswith("Số hộ nghèo"))
    gone._p.getparent().remove(gone._p)  # one indicator sentence deleted
    defence = next(i for i, p in enumerate(paras) if p.text == "Về quốc phòng - an ninh")
    culture = next(p for p in paras if p.text == "Về văn hóa - xã hội")
    for p in paras[defence : defence + 2]:  # a section moved up
        culture._p.addprevious(p._p)
    trade = next(p for p in paras if p.text.startswith("Tổng mức bán lẻ"))
    doc.add_comment(trade.runs, text="Đề nghị Chi cục Thống kê xác nhận.", author="Thư ký")
    doc.save(str(docx))


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("roundtrip")
    src = tmp / "hai-an.yaml"
    shutil.copy(EXAMPLE, src)
    out = tmp / "out"
    assert cli("render", src, "-o", out).returncode == 0
    target = out / "uy-ban-nhan-dan-quan-hai-an-2020-6t.docx"
    _edit_like_people(target)
    lo_save(target, tmp)
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in NEW_INPUT:
        assert old in text
        text = text.replace(old, new)
    src.write_text(text, encoding="utf-8")
    return src, out, target, target.read_bytes(), tmp


def _run_update(round_trip, *flags):
    src, out, target, edited, tmp = round_trip
    target.write_bytes(edited)
    shutil.rmtree(out / ".report-drafter-backups", ignore_errors=True)
    run = cli("update", src, "-o", out, *flags)
    return run, soffice_text(target, tmp).splitlines()


def test_render_refuses_the_edited_document_and_suggests_update(round_trip):
    src, out, target, edited, _ = round_trip
    target.write_bytes(edited)
    run = cli("render", src, "-o", out)
    assert "dùng lệnh update để đưa số liệu mới vào mà giữ các chỗ đã sửa" in run.stderr
    assert target.read_bytes() == edited


def test_update_brings_new_figures_and_keeps_every_edit(round_trip):
    src, out, target, edited, _ = round_trip
    run, lines = _run_update(round_trip)
    assert run.returncode == 1, run.stderr
    # every edit is there
    assert "Đoạn do Phó Chủ tịch thêm vào phần mở đầu." in lines
    assert lines.index("2. Về quốc phòng - an ninh") < lines.index("3. Về văn hóa - xã hội")  # list numbers follow
    assert not any(line.startswith("Số hộ nghèo được hỗ trợ thoát nghèo đạt") for line in lines)
    with zipfile.ZipFile(target) as z:
        assert "Đề nghị Chi cục Thống kê xác nhận." in z.read("word/comments.xml").decode("utf-8")
        assert b"<w:commentReference" in z.read("word/document.xml")
    # untouched figures and percentages are new, in the reworded sentence too
    assert (
        "Theo Chi cục Thuế, tổng thu ngân sách trên địa bàn quận đạt 1.250,8 tỷ đồng (số liệu sơ bộ), "
        "bằng 53,8% dự toán thành phố giao, giảm 4% so với cùng kỳ." in lines
    )
    assert (
        "Tổng vốn đầu tư công trên địa bàn đạt 186,3 tỷ đồng, đạt 48,2% kế hoạch năm, "
        "tăng 31,1% so với cùng kỳ." in lines
    )
    assert "Hải An, ngày 30 tháng 6 năm 2020" in lines
    # the appendix: every cell of the table
    row = lines.index("Tổng thu ngân sách nhà nước trên địa bàn")
    assert lines[row - 1 : row + 6] == [
        "1",
        "Tổng thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng",
        "2.324 (dự toán thành phố giao); 2.100 (dự toán HĐND quận giao)",
        "1.250,8",
        "53,8; 59,6",
        "96",
    ]
    row = lines.index("Tổng vốn đầu tư công trên địa bàn")
    assert lines[row + 2 : row + 6] == ["415 (kế hoạch năm)", "200", "48,2", "131,1"]
    row = lines.index("Số hộ nghèo được hỗ trợ thoát nghèo")
    assert lines[row + 2 : row + 5] == ["50 (kế hoạch năm)", "42", "84"]
    # the hand-typed figure is kept and listed; the deleted and the new ones are listed
    out_lines = run.stdout.splitlines()
    assert (
        "  - sửa tay, giữ nguyên «186,3» (số mới: 200) trong: Tổng vốn đầu tư công trên địa bàn đạt 200 tỷ đồng, "
        "đạt 48,2% kế hoạch năm, tăng 31,1% so với cùng kỳ." in out_lines
    )
    assert (
        "  - đã bị xóa, nếu cần hãy dán lại: Số hộ nghèo được hỗ trợ thoát nghèo đạt 42 hộ, "
        "đạt 84% kế hoạch năm." in out_lines
    )
    # the new sentence goes after the trade sentence, which the secretary commented: listed with its place
    assert (
        "  - đoạn mới trong đầu vào, chưa đưa vào vì chỗ đó đã sửa tay; hãy dán sau đoạn «Tổng mức bán lẻ hàng "
        "hóa và doanh thu dịch vụ tiêu dùng ước đạt 4.870 tỷ đồng, …»: Số doanh nghiệp thành lập mới đạt 120 "
        "doanh nghiệp, tăng 20% so với cùng kỳ." in out_lines
    )
    # the reworded sentence has a new target: its figures are updated, the input's sentence listed
    assert (
        "  - đoạn đã sửa tay hoặc đã xóa nên giữ nguyên; nội dung mới trong đầu vào, nếu cần hãy dán: "
        "Tổng thu ngân sách nhà nước trên địa bàn đạt 1.250,8 tỷ đồng, đạt 53,8% dự toán thành phố giao; "
        "59,6% dự toán HĐND quận giao, giảm 4% so với cùng kỳ." in out_lines
    )
    assert sum("Số doanh nghiệp thành lập mới" in line for line in out_lines) == 1  # said once
    # the backup holds the document as it was
    backup_line = next(line for line in out_lines if line.startswith("  bản trước khi cập nhật: "))
    backup = Path(backup_line.split(": ", 1)[1])
    assert backup.parent == out / ".report-drafter-backups" and backup.read_bytes() == edited
    # the summary tells each figure
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    figures = {f["mark"]: f for f in summary["inputs"][0]["figures"]}
    assert figures["von_dau_tu_a"] == {
        "mark": "von_dau_tu_a",
        "status": "changed_by_hand",
        "new": "200",
        "found": "186,3",
        "where": figures["von_dau_tu_a"]["where"],
    }
    assert summary["inputs"][0]["status"] == "updated" and summary["inputs"][0]["backup"] == str(backup)
    assert summary["totals"]["figures"]["gone"] == 3 and summary["totals"]["updated"] == 1
    # still a proper document
    assert cli("check", target).returncode == 0


def test_update_force_replaces_the_hand_typed_figure(round_trip):
    run, lines = _run_update(round_trip, "--force")
    assert (
        "Tổng vốn đầu tư công trên địa bàn đạt 200 tỷ đồng, đạt 48,2% kế hoạch năm, tăng 31,1% so với cùng kỳ." in lines
    )
    assert "  - đã thay «186,3» (sửa tay) bằng 200" in run.stdout.splitlines()
    assert "Đoạn do Phó Chủ tịch thêm vào phần mở đầu." in lines
    assert run.returncode == 1  # the deleted sentence and the new indicator are still not placed


def test_update_with_track_changes_writes_revisions_word_and_libreoffice_see(round_trip):
    src, out, target, edited, tmp = round_trip
    run, lines = _run_update(round_trip, "--track-changes")
    assert run.returncode == 1
    body = Document(str(target)).element.body
    insertions = {"".join(t.text or "" for t in ins.iter(W + "t")): ins for ins in body.iter(W + "ins")}
    deletions = {"".join(t.text or "" for t in d.iter(W + "delText")) for d in body.iter(W + "del")}
    assert {"1.250,8", "53,8%", "giảm 4% so với cùng kỳ", "đạt", "ngày 30 tháng 6 năm 2020"} <= set(insertions)
    assert {"1.215,4", "52,3%", "giảm 6,7% so với cùng kỳ", "ước đạt", "ngày 25 tháng 6 năm 2020"} <= deletions
    assert "186,3" not in deletions  # the hand-typed figure is kept
    stamp = insertions["1.250,8"]
    assert stamp.get(W + "author") == "report-drafter"
    when = datetime.strptime(stamp.get(W + "date"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - when).total_seconds()) < 600
    # LibreOffice reads them as tracked changes by report-drafter …
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp}/lo-profile",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp / "odt"),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with zipfile.ZipFile(tmp / "odt" / (target.stem + ".odt")) as z:
        content = z.read("content.xml").decode("utf-8")
    assert content.count("<text:changed-region") >= 10
    assert "<dc:creator>report-drafter</dc:creator>" in content
    assert "<text:deletion><office:change-info><dc:creator>report-drafter</dc:creator>" in content
    # … and shows both the old and the new figure until they are accepted
    assert any("1.215,41.250,8 tỷ đồng (số liệu sơ bộ)" in line for line in lines)


def test_update_works_on_a_batch_folder_in_parallel(tmp_path):
    folder = tmp_path / "hai-phong"
    shutil.copytree(ROOT / "inputs" / "hai-phong", folder)
    out = tmp_path / "out"
    assert cli("render", folder, "-o", out).returncode == 0
    for docx in out.glob("*.docx"):
        doc = Document(str(docx))
        doc.paragraphs[-1].insert_paragraph_before("Đoạn thư ký thêm.")
        doc.save(str(docx))
    for name, old, new in (
        ("do-son-2021-q1.yaml", "actual: 46,2", "actual: 47,5"),
        ("kien-an-2019-9t.yaml", "actual: 312,5", "actual: 320"),
    ):
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.replace(old, new), encoding="utf-8")
    run = cli("update", folder, "-o", out, "-j", "2")
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads((out / "_summary.json").read_text(encoding="utf-8"))
    statuses = {Path(i["input"]).name: i["status"] for i in summary["inputs"]}
    assert statuses == {
        "do-son-2021-q1.yaml": "updated",
        "hai-an-2020-6t.yaml": "unchanged",
        "kien-an-2019-9t.yaml": "updated",
    }
    assert summary["totals"]["updated"] == 2 and "gone" not in summary["totals"]["figures"]
    assert len(list((out / ".report-drafter-backups").glob("*.docx"))) == 2
    assert run.stdout.splitlines()[-2] == (
        "Tổng cộng 3 tệp: cập nhật số liệu 2, đã ghi 0, không đổi 1, giữ nguyên vì đã sửa 0, lỗi 0."
    )
    # the backups are not inputs of the next run, and a second update finds nothing to do
    run = cli("update", folder, "-o", out, "-j", "2")
    assert run.returncode == 0 and "cập nhật số liệu 0" in run.stdout
    for docx in out.glob("*.docx"):
        assert "Đoạn thư ký thêm." in [p.text for p in Document(str(docx)).paragraphs]


def _formatted(doc, how: str) -> None:
    """One change of formatting a secretary makes by hand."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
    from docx.shared import Pt

    para = next(p for p in doc.paragraphs if p.text.startswith("Kinh tế tiếp tục"))
    run = para.runs[0]
    if how == "bold":
        run.bold = True
    elif how == "italic":
        run.italic = True
    elif how == "underline":
        run.underline = True
    elif how == "highlight":
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    elif how == "size":
        run.font.size = Pt(16)
    elif how == "alignment":
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif how == "page break":
        heading = next(p for p in doc.paragraphs if p.text.startswith("NHIỆM VỤ, GIẢI PHÁP"))
        heading.insert_paragraph_before().add_run().add_break(WD_BREAK.PAGE)
    elif how == "section break":
        from docx.enum.section import WD_SECTION

        doc.add_section(WD_SECTION.NEW_PAGE)


@pytest.mark.parametrize(
    "how", ["bold", "italic", "underline", "highlight", "size", "alignment", "page break", "section break"]
)
def test_formatting_put_in_by_hand_is_an_edit(tmp_path, how):
    """Issue 21.13: render keeps the document; update keeps the formatting and brings the figure."""
    src = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, src)
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    target = out / "uy-ban-nhan-dan-quan-hai-an-2020-6t.docx"
    doc = Document(str(target))
    _formatted(doc, how)
    doc.save(str(target))
    formatted = target.read_bytes()
    src.write_text(EXAMPLE.read_text(encoding="utf-8").replace("actual: 186,25", "actual: 200"), encoding="utf-8")
    run = cli("render", src, "-o", out)
    assert "giữ nguyên vì đã sửa 1" in run.stdout and target.read_bytes() == formatted
    run = cli("update", src, "-o", out)
    assert run.returncode == 0, run.stdout + run.stderr
    after = Document(str(target))
    assert any(p.text.startswith("Tổng vốn đầu tư công trên địa bàn đạt 200 tỷ đồng") for p in after.paragraphs)
    if how not in ("page break", "section break"):
        doc = Document(str(formatted_copy(tmp_path, formatted)))
        before = next(p for p in doc.paragraphs if p.text.startswith("Kinh tế tiếp tục"))
        now = next(p for p in after.paragraphs if p.text.startswith("Kinh tế tiếp tục"))
        assert now._p.xml == before._p.xml  # the formatting is still there
    else:
        body = after.element.body
        assert len(body.findall(".//" + W + "sectPr")) == len(
            Document(str(formatted_copy(tmp_path, formatted))).element.body.findall(".//" + W + "sectPr")
        )
        assert sum(1 for br in body.iter(W + "br") if br.get(W + "type") == "page") == sum(
            1
            for br in Document(str(formatted_copy(tmp_path, formatted))).element.body.iter(W + "br")
            if br.get(W + "type") == "page"
        )


def formatted_copy(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "formatted-copy.docx"
    path.write_bytes(data)
    return path


@NEEDS_LO
def test_an_open_and_save_in_libreoffice_is_not_an_edit(tmp_path):
    """Issue 21.13: LibreOffice rewrites runs and styles when it saves; that is no edit."""
    src = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, src)
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    target = out / "uy-ban-nhan-dan-quan-hai-an-2020-6t.docx"
    lo_save(target, tmp_path)
    src.write_text(EXAMPLE.read_text(encoding="utf-8").replace("actual: 186,25", "actual: 200"), encoding="utf-8")
    run = cli("render", src, "-o", out)
    assert run.returncode == 0 and "đã ghi 1" in run.stdout, run.stdout
    assert "bản trước khi ghi" in run.stdout  # its bytes were not ours: a backup first


def test_a_figure_is_never_marked_inside_the_indicator_name():
    from report_drafter.text.context import indicator_paragraph

    ind = Indicator(
        id="xa",
        name="Số xã đạt chuẩn nông thôn mới 2%",
        unit="xã",
        actual=Decimal("12"),
        targets=(Target("kế hoạch", Decimal("24")),),
    )
    runs = indicator_paragraph(ind, marks.Allocator())["runs"]
    assert "".join(r["text"] for r in runs) == "Số xã đạt chuẩn nông thôn mới 2% đạt 12 xã, đạt 50% kế hoạch."
    assert runs[0] == {"text": "Số xã đạt chuẩn nông thôn mới 2% ", "bold": False, "italic": False}
    assert [r["text"] for r in runs if r.get("mark")] == ["đạt", "12", "50%"]


# ------------------------------------------------------------- live text and copies (issue 17)


def test_untouched_paragraphs_take_the_new_text_edited_ones_are_listed(tmp_path):
    src = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, src)
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    target = out / "uy-ban-nhan-dan-quan-hai-an-2020-6t.docx"
    doc = Document(str(target))
    task = next(p for p in doc.paragraphs if p.text.startswith("Tăng cường quản lý đất đai"))
    task.add_run(" Thư ký bổ sung.")  # the person edits one task
    doc.save(str(target))
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in (
        ("name: Lê Văn Hùng", "name: Lê Văn Hưng"),
        ("báo cáo kết quả thực hiện 6 tháng đầu năm", "báo cáo kết quả 6 tháng đầu năm"),
        (
            "Tăng cường quản lý đất đai, trật tự xây dựng; xử lý nghiêm các vi phạm.",
            "Tăng cường quản lý đất đai và trật tự xây dựng.",
        ),
        ('  - "Lưu: VT, VP"', '  - Phòng Tài chính - Kế hoạch\n  - "Lưu: VT, VP"'),
    ):
        assert old in text
        text = text.replace(old, new)
    src.write_text(text, encoding="utf-8")
    run = cli("update", src, "-o", out)
    assert run.returncode == 1, run.stdout + run.stderr  # the edited task did not take its text
    texts = [p.text for p in Document(str(target)).paragraphs]
    body = "\n".join(texts) + "\n".join(c.text for t in Document(str(target)).tables for r in t.rows for c in r.cells)
    assert "Lê Văn Hưng" in body and "Lê Văn Hùng" not in body  # the signer's name (a table cell)
    assert "- Phòng Tài chính - Kế hoạch;" in body and "- Lưu: VT, VP." in body  # a new recipient
    assert any(t.startswith("Thực hiện Nghị quyết") and "báo cáo kết quả 6 tháng đầu năm" in t for t in texts)
    assert "Tăng cường quản lý đất đai, trật tự xây dựng; xử lý nghiêm các vi phạm. Thư ký bổ sung." in texts
    assert (
        "  - đoạn đã sửa tay hoặc đã xóa nên giữ nguyên; nội dung mới trong đầu vào, nếu cần hãy dán: "
        "Tăng cường quản lý đất đai và trật tự xây dựng." in run.stdout.splitlines()
    )


@pytest.mark.parametrize("rename", ["", " Copy 1", "_1"])
def test_every_copy_of_a_sentence_is_updated_and_an_edited_copy_listed(tmp_path, rename):
    src = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, src)
    out = tmp_path / "out"
    assert cli("render", src, "-o", out).returncode == 0
    target = out / "uy-ban-nhan-dan-quan-hai-an-2020-6t.docx"
    doc = Document(str(target))
    sentence = next(p for p in doc.paragraphs if p.text.startswith("Tổng vốn đầu tư công"))
    closing = next(p for p in doc.paragraphs if p.text.startswith("Các chỉ tiêu chủ yếu cơ bản"))
    for where in (closing, doc.paragraphs[5]):
        twin = copy.deepcopy(sentence._p)
        for start in twin.iter(W + "bookmarkStart"):
            start.set(W + "name", start.get(W + "name") + rename)
        where._p.addnext(twin)
    edited = copy.deepcopy(sentence._p)  # a third copy, reworded
    for t in edited.iter(W + "t"):
        if t.text == "Tổng vốn đầu tư công trên địa bàn ":
            t.text = "Riêng vốn đầu tư công "
    closing._p.addprevious(edited)
    doc.save(str(target))
    src.write_text(EXAMPLE.read_text(encoding="utf-8").replace("actual: 186,25", "actual: 200"), encoding="utf-8")
    run = cli("update", src, "-o", out)
    assert run.returncode == 0, run.stdout + run.stderr
    texts = [p.text for p in Document(str(target)).paragraphs]
    fresh = "Tổng vốn đầu tư công trên địa bàn đạt 200 tỷ đồng, đạt 48,2% kế hoạch năm, tăng 31,1% so với cùng kỳ."
    assert texts.count(fresh) == 3 and not any("186,25" in t for t in texts)
    assert "Riêng vốn đầu tư công đạt 200 tỷ đồng, đạt 48,2% kế hoạch năm, tăng 31,1% so với cùng kỳ." in texts


# ------------------------------------------------ the shapes the issue found broken (issue 17)


@pytest.mark.parametrize(
    "old, new, want",
    [
        # a figure that becomes equal to last year's, and one that leaves "equal"
        (
            dict(previous=Decimal("100")),
            dict(actual=Decimal("100"), previous=Decimal("100")),
            "X ước đạt 100 tỷ đồng, bằng cùng kỳ.",
        ),
        (
            dict(actual=Decimal("100"), previous=Decimal("100")),
            dict(previous=Decimal("80")),
            "X ước đạt 120 tỷ đồng, tăng 50% so với cùng kỳ.",
        ),
        # a bare figure: the verb is part of its phrase
        (dict(previous=None), dict(previous=None, estimated=False), "X: 120 tỷ đồng."),
    ],
)
def test_an_edited_sentence_reads_as_a_fresh_one(tmp_path, old, new, want):
    from report_drafter.text.context import indicator_paragraph

    base = dict(id="x", name="X", unit="tỷ đồng", actual=Decimal("120"), estimated=True)
    runs = indicator_paragraph(Indicator(**{**base, **old}), marks.Allocator())["runs"]
    fresh = indicator_paragraph(Indicator(**{**base, **new}), marks.Allocator())["runs"]
    assert "".join(r["text"] for r in fresh) == want
    values = {r["mark"]: r["text"] for r in fresh if r.get("mark")}
    # each marked phrase of the old sentence replaced by the new one's: the fresh sentence
    got = "".join(values.get(r.get("mark"), r["text"]) if r.get("mark") else r["text"] for r in runs)
    same_shape = [r.get("mark") for r in runs] == [r.get("mark") for r in fresh]
    assert got == want or not same_shape


def test_an_office_sentence_takes_every_new_figure():
    from report_drafter.text.context import indicator_paragraph

    ind = Indicator(
        id="thu",
        name="Thu ngân sách",
        unit="tỷ đồng",
        actual=Decimal("1215.4"),
        targets=(Target("dự toán", Decimal("2174")),),
        sentence="{name} được {actual} {unit}, đạt {percent1} {target1}.",
    )
    runs = indicator_paragraph(ind, marks.Allocator())["runs"]
    assert [(r["text"], r.get("mark")) for r in runs] == [
        ("Thu ngân sách được ", None),
        ("1.215,4", "thu_a"),
        (" tỷ đồng, đạt ", None),
        ("55,9%", "thu_t" + compute_code("dự toán")[1:]),
        (" dự toán.", None),
    ]


def compute_code(label: str) -> str:
    from report_drafter.text import compute

    return compute.target_code(label)
