"""`check --fix` changes only what it reports, never a word, on every document of the three
corpora; pictures, breaks, comment marks and fields survive; nothing is overwritten."""

import importlib.util
import os
import sys
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

from cli_helpers import cli
from report_drafter.audit import check, fix
from report_drafter.audit.check import check_document

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data"
ALL = (
    sorted((DATA / "foreign").glob("*.docx"))
    + sorted((DATA / "foreign-held-out").glob("*.docx"))
    + sorted((DATA / "corpus").glob("*.docx"))
    + sorted((DATA / "documents").glob("*.docx"))
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARKS = ("br", "drawing", "pict", "commentReference", "commentRangeStart", "fldChar", "instrText", "fldSimple", "tab")


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _paragraphs(xml: bytes):
    return list(etree.fromstring(xml).iter(W + "p"))


def _letters(p) -> str:
    text = unicodedata.normalize("NFC", "".join(t.text or "" for t in p.iter(W + "t")))
    return "".join(c for c in text if c.isalpha())


def test_fix_changes_only_what_it_reports_on_every_document(tmp_path):
    total_fixed = 0
    for path in ALL:
        before = path.read_bytes()
        result = fix.fix_document(path, str(tmp_path / path.stem), None, None)
        assert path.read_bytes() == before  # never the original
        old, new = _parts(path), _parts(result.target)
        assert sorted(old) == sorted(new), path.name
        for name in old:  # every other part byte for byte
            if name != "word/document.xml":
                assert old[name] == new[name], (path.name, name)
        a, b = _paragraphs(old["word/document.xml"]), _paragraphs(new["word/document.xml"])
        assert len(a) == len(b), path.name
        for i, (x, y) in enumerate(zip(a, b), start=1):
            assert _letters(x) == _letters(y), (path.name, i)  # never a word
            if i not in result.touched:  # every run not reported
                assert [etree.tostring(r) for r in x.iter(W + "r")] == [etree.tostring(r) for r in y.iter(W + "r")], (
                    path.name,
                    i,
                )
        for mark in MARKS:
            assert len(list(etree.fromstring(old["word/document.xml"]).iter(W + mark))) == len(
                list(etree.fromstring(new["word/document.xml"]).iter(W + mark))
            ), (path.name, mark)
        again = {(p.code, p.path) for p in check_document(result.target)}
        assert not {(p.code, p.path) for p in result.fixed} & again, path.name  # what it claims is gone
        total_fixed += len(result.fixed)
    assert total_fixed >= 30


def _corpus_tool():
    spec = importlib.util.spec_from_file_location("make_foreign_corpus", ROOT / "tools" / "make_foreign_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _document_with_marks(path: Path) -> Path:
    """Recipients in one paragraph with their label, lines joined by breaks, three of them
    without their ending; a picture, a comment mark and a field on those lines; 10 pt."""
    t = _corpus_tool()
    r = t.r
    left = t.p(
        r("Nơi nhận:", 12, b=True, i=True),
        r("\n- Bộ Nội vụ;\n- Sở Nội vụ", 10),
        "<w:r><w:drawing/></w:r>",
        r("\n- Thường trực Tỉnh ủy", 10),
        '<w:commentRangeStart w:id="0"/>',
        r("\n- Văn phòng Tỉnh ủy;", 10),
        '<w:commentRangeEnd w:id="0"/>',
        '<w:r><w:commentReference w:id="0"/></w:r>',
        t.br(),
        '<w:fldSimple w:instr=" DOCPROPERTY noinhan "><w:r><w:rPr><w:sz w:val="20"/></w:rPr>'
        "<w:t>- Lưu: VT</w:t></w:r></w:fldSimple>",
        jc="left",
    )
    right = t.p(r("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", 14, b=True), r("\n\n\n"), r("Trần Văn Hùng", 14, b=True))
    signoff = t.tbl(t.tr(t.tc(left), t.tc(right)))
    xml, parts, pages = t.state_doc(
        kind="GIẤY MỜI", summary="Dự hội nghị", body=t.long_body(3), header_part=False, signoff=signoff, pages=1
    )
    t.write_docx(path, xml, parts, pages)
    return path


def test_fix_keeps_pictures_breaks_comments_and_fields(tmp_path):
    doc = _document_with_marks(tmp_path / "moi.docx")
    found = check.audit(doc)
    assert sorted({f.problem.code for f in found.findings}) == ["font-size", "recipients-ending"]
    result = fix.fix_document(doc, str(tmp_path / "out"), None, None)
    assert sorted(p.code for p in result.fixed) == [
        "font-size",
        "recipients-ending",
        "recipients-ending",
        "recipients-ending",
    ]
    assert result.remaining == []
    xml = etree.fromstring(_parts(result.target)["word/document.xml"])
    source = etree.fromstring(_parts(doc)["word/document.xml"])
    counts = [len(list(xml.iter(W + m))) for m in ("drawing", "br", "commentReference", "fldSimple")]
    assert counts == [len(list(source.iter(W + m))) for m in ("drawing", "br", "commentReference", "fldSimple")]
    assert counts[0] == counts[2] == counts[3] == 1
    (field,) = xml.iter(W + "fldSimple")
    assert "".join(t.text for t in field.iter(W + "t")) == "- Lưu: VT."
    lines = [p.text for p in check.audit(result.target).findings]
    assert lines == []
    label = next(p for p in xml.iter(W + "p") if "Nơi nhận:" in "".join(t.text or "" for t in p.iter(W + "t")))
    texts = ["".join(t.text or "" for t in r.iter(W + "t")) for r in label.iter(W + "r")]
    assert "- Sở Nội vụ;" in texts and "- Thường trực Tỉnh ủy;" in texts


def test_fix_never_overwrites_an_existing_copy(tmp_path):
    doc = tmp_path / "a.docx"
    doc.write_bytes((DATA / "documents" / "wrong-margin.docx").read_bytes())
    kept = tmp_path / "a-da-sua.docx"
    kept.write_bytes(b"ban da sua tay")
    run = cli("check", "--fix", doc)
    assert run.returncode == 0
    assert run.stdout.splitlines()[0] == f"{doc}: đã có {kept}, không ghi đè; ghi sang {tmp_path / 'a-da-sua-2.docx'}"
    assert kept.read_bytes() == b"ban da sua tay"
    assert check_document(tmp_path / "a-da-sua-2.docx") == []


def test_two_inputs_of_the_same_name_into_one_folder_give_two_copies(tmp_path):
    for folder, name in (("x", "wrong-margin.docx"), ("y", "letter-paper.docx")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.docx").write_bytes((DATA / "documents" / name).read_bytes())
    run = cli("check", "--fix", "-o", tmp_path / "out", tmp_path / "x" / "a.docx", tmp_path / "y" / "a.docx")
    assert run.returncode == 0, run.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a-2.docx", "a.docx"]
    assert f"ghi sang {tmp_path / 'out' / 'a-2.docx'}" in run.stdout


def test_the_copy_follows_the_umask(tmp_path):
    doc = tmp_path / "a.docx"
    doc.write_bytes((DATA / "documents" / "wrong-margin.docx").read_bytes())
    old = os.umask(0o022)
    try:
        result = fix.fix_document(doc, None, None, None)
    finally:
        os.umask(old)
    assert oct(result.target.stat().st_mode & 0o777) == "0o644"


def test_colour_and_joined_recipient_sizes_are_fixed(tmp_path):
    for name, code in (("ubnd-ke-hoach-chu-xanh.docx", "colour"), ("portal-bao-cao-noi-nhan-9pt.docx", "font-size")):
        result = fix.fix_document(DATA / "foreign" / name, str(tmp_path), None, None)
        assert [p.code for p in result.fixed] == [code] and result.remaining == [], name
