"""`report-drafter check`: one deliberate fault per document (tools/make_faulty_documents.py),
each with its exact finding; our own output passes, also after a LibreOffice round trip."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from docx_helpers import SOFFICE
from report_drafter.audit.check import check_document

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "tests" / "data" / "documents"

EXPECTED = {
    "arial-body.docx": [
        (
            "error",
            "font-name",
            "đoạn 11 «Trong 6 tháng đầu năm 2019, quận Đồ Sơn …»",
            "phông chữ phải là Times New Roman (đang là Arial) (TCVN 6909:2001; HD 36); cùng lỗi ở 16 đoạn khác",
            "chọn phông Times New Roman cho đoạn này hoặc cho kiểu (style) của nó",
        )
    ],
    "body-12pt.docx": [
        (
            "error",
            "font-size",
            "đoạn 11 «Trong 6 tháng đầu năm 2019, quận Đồ Sơn …»",
            "chữ nội dung: cỡ chữ 12 pt nằm ngoài khoảng 13–15 pt (HD 36, mục II điểm 1.6 và phụ lục mẫu chữ); cùng lỗi ở 16 đoạn khác",
            "đặt cỡ chữ 14 pt",
        )
    ],
    "date-no-leading-zero.docx": [
        (
            "error",
            "date-leading-zero",
            "đoạn 7 «Đồ Sơn, ngày 9 tháng 7 năm 2019»",
            "ngày dưới 10 và tháng 1, 2 phải có số 0 đứng trước; các tháng khác không có (HD 36, mục II điểm 1.4)",
            "viết: Đồ Sơn, ngày 09 tháng 7 năm 2019",
        )
    ],
    "leftover-tag.docx": [
        (
            "error",
            "template-tag",
            "đoạn 11 «Trong 6 tháng đầu năm 2019, quận Đồ Sơn …»",
            "còn sót thẻ mẫu ({{, {% hoặc {#) trong văn bản (report-drafter)",
            "xóa thẻ hoặc điền nội dung thay cho nó",
        )
    ],
    "letter-paper.docx": [
        (
            "error",
            "paper-size",
            "trang (phần 1)",
            "khổ giấy phải là A4 đứng 210 × 297 mm (đang là 216 × 279 mm) (HD 36, mục III)",
            "Bố cục → Khổ giấy → A4; Hướng → Dọc",
        )
    ],
    "lowercase-issuer.docx": [
        (
            "error",
            "upper-case",
            "đoạn 3 «Quận ủy Đồ Sơn»",
            "tên cơ quan ban hành phải viết chữ in hoa (HD 36, mục II điểm 1.2)",
            "viết lại bằng chữ in hoa",
        )
    ],
    "mixed-uy.docx": [
        (
            "warning",
            "mixed-spelling",
            "toàn văn bản",
            "dùng lẫn hai cách bỏ dấu thanh: “ủy” (9 lần) và “uỷ” (1 lần) (thông lệ)",
            "thống nhất một cách viết trong cả văn bản, ví dụ “ủy”",
        )
    ],
    "month-with-leading-zero.docx": [
        (
            "error",
            "date-leading-zero",
            "đoạn 7 «Đồ Sơn, ngày 09 tháng 07 năm 2019»",
            "ngày dưới 10 và tháng 1, 2 phải có số 0 đứng trước; các tháng khác không có (HD 36, mục II điểm 1.4)",
            "viết: Đồ Sơn, ngày 09 tháng 7 năm 2019",
        )
    ],
    "national-not-bold.docx": [
        (
            "error",
            "bold",
            "đoạn 6 «ĐẢNG CỘNG SẢN VIỆT NAM»",
            "dòng “ĐẢNG CỘNG SẢN VIỆT NAM” phải in đậm (HD 36, mục II điểm 1.1)",
            "bôi đen đoạn và bấm Ctrl+B",
        )
    ],
    "not-nfc.docx": [
        (
            "error",
            "not-nfc",
            "đoạn 11 «Trong 6 tháng đầu năm 2019, quận Đồ Sơn …»",
            "chữ không ở dạng Unicode dựng sẵn (NFC): dấu được gõ rời (TCVN 6909:2001)",
            "gõ lại bằng bảng mã Unicode dựng sẵn, hoặc chạy check --fix",
        )
    ],
    "number-single-digit.docx": [
        (
            "error",
            "number-leading-zero",
            "đoạn 5 «Số 5-BC/QU»",
            "số văn bản dưới 10 phải có số 0 đứng trước (HD 36, mục II điểm 1.3)",
            "viết: Số 05-BC/QU",
        )
    ],
    "number-with-colon-party.docx": [
        (
            "error",
            "number-line",
            "đoạn 5 «Số: 45-BC/QU»",
            "dòng số, ký hiệu viết theo dạng “Số <số>-<loại>/<cơ quan>” (HD 36, mục II điểm 1.3)",
            "viết: Số 45-BC/QU",
        )
    ],
    "number-without-colon-state.docx": [
        (
            "error",
            "number-line",
            "đoạn 5 «Số 112/BC-UBND»",
            "dòng số, ký hiệu viết theo dạng “Số: <số>/<loại>-<cơ quan>” (NĐ 30/2020, Phụ lục I, phần I mục II khoản 3; Phụ lục III)",
            "viết: Số: 112/BC-UBND",
        )
    ],
    "page-number-on-first-page.docx": [
        (
            "error",
            "page-number-first-page",
            "trang (phần 1)",
            "số trang không được hiện ở trang đầu (HD 36, mục III)",
            "bật “Trang đầu khác” (Different First Page) cho đầu trang",
        )
    ],
    "party-dot-prefix.docx": [
        (
            "error",
            "signature-prefix",
            "đoạn 51 «TM. BAN THƯỜNG VỤ»",
            "quyền hạn người ký viết T/M, T/L, K/T, T/UQ (HD 36, mục II điểm 1.7)",
            "viết: T/M BAN THƯỜNG VỤ",
        )
    ],
    "party-kt.docx": [
        (
            "warning",
            "party-kt",
            "đoạn 51 «K/T BÍ THƯ»",
            "văn bản của cấp ủy do bí thư hoặc phó bí thư ký T/M; K/T dành cho cơ quan tham mưu (HD 36, mục II điểm 1.7)",
            "viết T/M BAN THƯỜNG VỤ, dòng dưới PHÓ BÍ THƯ",
        )
    ],
    "recipients-ending.docx": [
        (
            "error",
            "recipients-ending",
            "đoạn 48 «- Các ban xây dựng Đảng Thành ủy;»",
            "mỗi dòng nơi nhận kết thúc bằng dấu “,” (HD 36, mục II điểm 1.9)",
            "viết: - Các ban xây dựng Đảng Thành ủy,",
        )
    ],
    "state-slash-prefix.docx": [
        (
            "error",
            "signature-prefix",
            "đoạn 48 «T/M ỦY BAN NHÂN DÂN»",
            "quyền hạn người ký viết TM., TL., KT., TUQ., Q. (NĐ 30/2020, Điều 13 và Phụ lục I, phần I mục II khoản 7)",
            "viết: TM. ỦY BAN NHÂN DÂN",
        )
    ],
    "wrong-margin.docx": [
        (
            "error",
            "margin",
            "trang (phần 1)",
            "lề trái 20 mm nằm ngoài khoảng 30–35 mm (HD 36, mục III)",
            "đặt lề trái 30 mm",
        )
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fault_gives_its_exact_finding(name):
    found = check_document(DOCS / name)
    assert [(p.severity.value, p.code, p.path, p.message, p.fix) for p in found] == EXPECTED[name]


def test_every_faulty_document_has_an_expectation():
    names = sorted(p.name for p in DOCS.glob("*.docx") if not p.name.startswith("clean"))
    assert names == sorted(EXPECTED)


@pytest.mark.parametrize("name", ["clean-party.docx", "clean-state.docx"])
def test_clean_documents_have_no_finding(name):
    assert check_document(DOCS / name) == []


def test_system_is_detected_or_taken_from_the_option():
    found = check_document(DOCS / "clean-party.docx", system="state")
    assert "national" in {p.code for p in found}  # a Party document audited as State lacks the motto


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "report_drafter",
            "render",
            str(ROOT / "inputs"),
            str(ROOT / "inputs" / "hai-phong"),
            str(ROOT / "tests" / "data" / "inputs" / "valid"),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return sorted(out.glob("*.docx"))


def test_our_output_passes(rendered):
    """check accepts exactly what we produce: no error and no warning, from the same rule book."""
    for doc in rendered:
        assert [p.format() for p in check_document(doc)] == [], doc.name


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_our_output_passes_after_a_libreoffice_round_trip(rendered, tmp_path):
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path / "lo"),
            *map(str, rendered),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    saved = sorted((tmp_path / "lo").glob("*.docx"))
    assert len(saved) == len(rendered)
    for doc in saved:
        assert [p.format() for p in check_document(doc)] == [], doc.name


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", "check", *map(str, args)], capture_output=True, text=True
    )


def test_cli_prints_findings_and_exits_1_on_error():
    doc = DOCS / "number-with-colon-party.docx"
    run = cli(doc)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        f"{doc}: [lỗi] đoạn 5 «Số: 45-BC/QU»: dòng số, ký hiệu viết theo dạng “Số <số>-<loại>/<cơ quan>” "
        "(HD 36, mục II điểm 1.3) — sửa: viết: Số 45-BC/QU",
        f"{doc}: 37 quy tắc, đã chấm 35: 34 đạt, 1 không đạt, 0 cần xem lại; 2 không áp dụng — không đạt thể thức "
        "(1 quy tắc có lỗi)",
        "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo, 0 cần xem lại.",
    ]


def test_cli_warnings_only_exit_0_and_json():
    run = cli("--json", DOCS / "mixed-uy.docx")
    assert run.returncode == 0
    data = json.loads(run.stdout)
    assert data[0]["findings"][0]["code"] == "mixed-spelling"
    assert data[0]["findings"][0]["severity"] == "warning"


def test_cli_missing_file_is_exit_2_and_not_a_docx_is_an_error(tmp_path):
    assert cli(tmp_path / "khong-co.docx").returncode == 2
    junk = tmp_path / "rac.docx"
    junk.write_text("không phải docx")
    run = cli(junk)
    assert run.returncode == 1
    assert run.stdout.splitlines()[0] == (
        f"{junk}: [lỗi] tệp: đây là tệp chữ (có thể là tệp dữ liệu YAML), "
        f"không phải văn bản Word .docx; check kiểm tra văn bản .docx; kiểm tra "
        f"tệp dữ liệu: report-drafter validate {junk} — sửa: đưa cho check một "
        f"văn bản Word .docx"
    )
    junk.write_bytes(bytes(range(256)) * 4)  # neither text nor a zip
    assert cli(junk).stdout.splitlines()[0] == (
        f"{junk}: [lỗi] tệp: không mở được tệp như một văn bản Word .docx (tệp hỏng, thiếu phần "
        "word/document.xml, hoặc không phải văn bản Word) — sửa: lưu lại tệp ở định dạng Word (.docx)"
    )


# ------------------------------------------------------------------ the corpus not made by us

CORPUS = ROOT / "tests" / "data" / "corpus"


def corpus_scores():
    """(true findings, reported findings, expected findings) of check over the corpus."""
    expected_all = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    hits = reported = expected = 0
    for name, entry in expected_all.items():
        wanted = [tuple(e) for e in entry["findings"]]
        used: set = set()
        for p in check_document(CORPUS / name):
            reported += 1
            match = next(
                (i for i, (code, piece) in enumerate(wanted) if i not in used and code == p.code and piece in p.path),
                None,
            )
            if match is not None:
                used.add(match)
                hits += 1
        expected += len(wanted)
    return hits, reported, expected


def test_corpus_has_twenty_documents_of_both_systems_and_many_makers():
    entries = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    assert len(entries) >= 20
    assert sorted(p.name for p in CORPUS.glob("*.docx")) == sorted(entries)
    assert {e["system"] for e in entries.values()} == {"party", "state"}
    assert {e["made"] for e in entries.values()} == {"python-docx", "lo", "doc"}
    assert {e["header"] for e in entries.values()} == {"table", "tabs"}
    assert len({e["kind"] for e in entries.values()}) >= 8


def test_precision_and_recall_on_the_corpus_are_those_in_the_docs():
    hits, reported, expected = corpus_scores()
    docs = (ROOT / "docs" / "check-rules.md").read_text(encoding="utf-8")
    assert f"precision {hits * 100 // reported}% ({hits}/{reported})" in docs
    assert f"recall {hits * 100 // expected}% ({hits}/{expected})" in docs
    assert hits / reported >= 0.95 and hits / expected >= 0.95


@pytest.mark.parametrize(
    "name,codes",
    [
        ("nghi-dinh-chinh-phu.docx", []),  # Số: 30/2020/NĐ-CP, (Đã ký), 13 pt authority, continued recipients
        ("dang-to-trinh-bold-alias.docx", []),  # "Times New Roman Bold"
        ("dang-ke-hoach-phong-chu-de.docx", ["font-name"]),  # Cambria through the theme
    ],
)
def test_habits_of_real_documents_give_their_expected_findings(name, codes):
    assert [p.code for p in check_document(CORPUS / name)] == codes


def test_theme_font_is_named_as_such():
    (p,) = check_document(CORPUS / "dang-ke-hoach-phong-chu-de.docx")
    assert "đang là Cambria, phông của chủ đề (theme)" in p.message


def test_findings_come_in_document_order():
    found = check_document(CORPUS / "ubnd-bao-cao-word-mac-dinh.docx")
    assert [p.code for p in found] == ["paper-size", "margin", "font-name"]


def test_number_line_fix_is_complete_in_one_go():
    (found,) = check_document(CORPUS / "dang-thong-bao-so-sai.docx")  # typed "Số: 5/TB-HU"
    assert found.fix == "viết: Số 05-TB/HU"


def test_unknown_system_still_checks_paper_and_fonts(tmp_path):
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.add_paragraph(
        "Biên bản họp tổ dân phố số 3 về việc sửa chữa đường ngõ, thống nhất đóng góp kinh phí theo từng hộ."
    ).runs[0].font.size = Pt(14)
    path = tmp_path / "bien-ban.docx"
    doc.save(path)
    found = check_document(path)
    assert [(p.severity.value, p.code) for p in found] == [
        ("warning", "system-unknown"),
        ("error", "paper-size"),
        ("error", "margin"),
        ("error", "font-name"),
    ]


def test_rules_option_selects_the_rule_set():
    found = check_document(DOCS / "clean-party.docx", rules="nd30-2020")
    assert "national" in {p.code for p in found}
    run = cli("--rules", "khong-co", DOCS / "clean-party.docx")
    assert run.returncode == 2


# ------------------------------------------------------------------------------- check --fix


def _faulty():
    entries = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    return [CORPUS / n for n, e in entries.items() if e["findings"]] + [
        p for p in DOCS.glob("*.docx") if not p.name.startswith("clean")
    ]


@pytest.mark.parametrize("path", _faulty(), ids=lambda p: p.name)
def test_fix_leaves_only_what_it_cannot_fix(path, tmp_path):
    from report_drafter.audit import check, fix

    before = path.read_bytes()
    unfixable = [(f.problem.code, f.problem.path) for f in check.audit(path).findings if not f.repairs]
    target, fixed, remaining = fix.fix_file(path, str(tmp_path), None, None)
    assert path.read_bytes() == before  # never the original
    assert target == tmp_path / path.name
    assert [(p.code, p.path) for p in remaining] == unfixable
    again = {(p.code, p.path) for p in check_document(target)}
    assert not {(p.code, p.path) for p in fixed} & again  # what it claims is gone


def test_fix_cli_lists_fixed_and_remaining(tmp_path):
    doc = CORPUS / "dang-thong-bao-so-sai.docx"
    run = cli("--fix", "-o", tmp_path, doc)
    assert run.returncode == 0
    assert run.stdout.splitlines() == [
        f"{doc}: đã ghi bản sửa {tmp_path / doc.name}",
        f"{doc}: [đã sửa] đoạn 4 «Số: 5/TB-HU»: dòng số, ký hiệu viết theo dạng “Số <số>-<loại>/<cơ quan>” "
        "(HD 36, mục II điểm 1.3)",
        "Đã sửa 1 chỗ; còn 0 lỗi, 0 cảnh báo cần sửa tay.",
    ]
    assert check_document(tmp_path / doc.name) == []


def test_fix_without_output_writes_beside_the_original(tmp_path):
    import shutil

    doc = tmp_path / "a.docx"
    shutil.copy(DOCS / "wrong-margin.docx", doc)
    run = cli("--fix", doc)
    assert run.returncode == 0
    assert (tmp_path / "a-da-sua.docx").is_file()
    assert check_document(doc) != []  # the original is untouched


# ---------------------------------------------------------------------- regulations by name


def test_input_names_its_regulation_and_a_wrong_one_is_refused(tmp_path):
    text = (ROOT / "inputs" / "quan-uy-do-son-2019-6t.yaml").read_text(encoding="utf-8")
    good = tmp_path / "dung.yaml"
    good.write_text(text.replace("system: party", "system: party\nregulation: hd36-2018", 1), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "report_drafter", "context", str(good)], capture_output=True, text=True)
    assert json.loads(run.stdout)["regulation"] == "hd36-2018"
    bad = tmp_path / "sai.yaml"
    bad.write_text(text.replace("system: party", "system: party\nregulation: nd30-2020", 1), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "report_drafter", "validate", str(bad)], capture_output=True, text=True)
    assert run.returncode == 1
    assert f'{bad}:5:13: regulation: "nd30-2020" không phải giá trị hợp lệ; hãy ghi một trong: hd36-2018' in run.stderr


def test_a_new_version_is_one_data_file():
    from importlib import resources
    from report_drafter.rules import book as layout

    folder = resources.files("report_drafter.rules")
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".json")) == [
        f"{n}.json" for n in layout.regulation_names()
    ]
    base = json.loads(folder.joinpath("hd36-2018.json").read_text(encoding="utf-8"))
    assert {"source", "number_forms", "kinds", "signature_prefixes", "heading_numbers"} <= set(base)
    assert all("source" in base[k] for k in ("page", "body", "issuer", "number", "date_line", "recipients_item"))


# ------------------------------------------------------------------- numbering of parts (issue 14)


def _with_part_number(tmp_path, text):
    from docx import Document

    src = CORPUS / "dang-nghi-quyet-bang.docx"
    doc = Document(src)
    for p in doc.paragraphs:
        if p.text.startswith("I- "):
            p.runs[0].text = text
    path = tmp_path / "dang.docx"
    doc.save(path)
    return path


def test_party_part_number_both_forms_accepted_and_the_preferred_named(tmp_path):
    assert check_document(_with_part_number(tmp_path, "I- KẾT QUẢ THỰC HIỆN")) == []
    (p,) = check_document(_with_part_number(tmp_path, "I. KẾT QUẢ THỰC HIỆN"))
    assert (p.severity.value, p.code, p.message, p.fix) == (
        "warning",
        "heading-number",
        "số thứ tự phần viết “I.” được chấp nhận; quy định ưu tiên “I-” "
        "(HD 36, mục I–II (chính văn bản HD 36 đánh số “I- HƯỚNG DẪN CHUNG”, “1. Phạm vi điều chỉnh”, “1.1.”); "
        "xem docs/numbering.md)",
        "nên viết: I- KẾT QUẢ THỰC HIỆN",
    )


def test_state_part_number_has_one_form(tmp_path):
    from docx import Document

    doc = Document(CORPUS / "ubnd-quyet-dinh.docx")
    for p in doc.paragraphs:
        if p.text.startswith("I. "):
            p.runs[0].text = "I- KẾT QUẢ THỰC HIỆN"
    doc.save(tmp_path / "ubnd.docx")
    (p,) = check_document(tmp_path / "ubnd.docx")
    assert (p.severity.value, p.code, p.fix) == ("error", "heading-number", "viết: I. KẾT QUẢ THỰC HIỆN")


def test_numbering_is_a_value_of_the_rule_book():
    from report_drafter.rules import book as layout

    assert [layout.heading_number("party", lvl, [2, 1, 3]) for lvl in (1, 2, 3)] == ["II-", "1.", "1.3."]
    assert [layout.heading_number("state", lvl, [2, 1, 3]) for lvl in (1, 2, 3)] == ["II.", "1.", "1.3."]
    assert layout.PARTY.letter(4) == "đ)"


def test_a_new_regulation_is_one_file(tmp_path):
    from report_drafter.rules import book as layout

    (tmp_path / "hd99-2099.json").write_text(
        json.dumps(
            {
                "extends": "hd36-2018",
                "name": "hd99-2099",
                "title": "Hướng dẫn thử",
                "source": "HD 99",
                "heading_numbers": [
                    {"format": "upperRoman", "text": "%1.", "accepted": ["%1."]},
                    {"format": "decimal", "text": "%2.", "accepted": ["%2."]},
                    {"format": "decimal", "text": "%2.%3.", "accepted": ["%2.%3."]},
                ],
            }
        ),
        encoding="utf-8",
    )
    layout.RULE_DIRS.append(tmp_path)
    layout.clear_cache()
    try:
        assert "hd99-2099" in layout.regulations_for("party")
        rules = layout.regulation("hd99-2099")
        assert (rules.heading_number(1, [1]), rules.number_line("05", "BC", "QU")) == ("I.", "Số 05-BC/QU")
        found = check_document(CORPUS / "dang-nghi-quyet-bang.docx", rules="hd99-2099")
        assert [(p.severity.value, p.code, p.fix) for p in found] == [
            ("error", "heading-number", "viết: I. KẾT QUẢ THỰC HIỆN"),
            ("error", "heading-number", "viết: II. NHIỆM VỤ THỜI GIAN TỚI"),
        ]
    finally:
        layout.RULE_DIRS.remove(tmp_path)
        layout.clear_cache()


def test_paragraph_spacing_where_stated_and_fixed(tmp_path):
    from docx import Document
    from docx.shared import Pt
    from report_drafter.audit import fix

    doc = Document(CORPUS / "ubnd-quyet-dinh.docx")
    p = next(p for p in doc.paragraphs if p.text.startswith("Các cấp ủy"))
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    doc.save(tmp_path / "sat.docx")
    (found,) = check_document(tmp_path / "sat.docx")
    assert (found.code, found.message, found.fix) == (
        "paragraph-spacing",
        "khoảng cách giữa các đoạn 0 pt, tối thiểu 6 pt (NĐ 30/2020, Phụ lục I, phần I mục II khoản 6)",
        "đặt khoảng cách trước đoạn 6 pt",
    )
    target, fixed, remaining = fix.fix_file(tmp_path / "sat.docx", str(tmp_path / "out"), None, None)
    assert [p.code for p in fixed] == ["paragraph-spacing"] and remaining == []


def test_a_date_left_blank_for_the_clerk_is_not_an_error(tmp_path):
    from docx import Document

    doc = Document(CORPUS / "ubnd-quyet-dinh.docx")
    for p in doc.tables[0].rows[0].cells[1].paragraphs:
        if "ngày" in p.text:
            p.runs[0].text = "Khánh Thiện, ngày      tháng      năm 2024"
    doc.save(tmp_path / "trong.docx")
    assert check_document(tmp_path / "trong.docx") == []


def test_the_check_modules_hold_no_official_text_of_their_own():
    """Fixed lines, prefixes and labels come from the rule book (issue 24): no string constant in
    the modules of `check` is one of them (`Nơi nhận`, `Số`, `T/M`, `CỘNG HÒA …`)."""
    import ast
    from report_drafter.rules import book as layout

    official = {layout.RECIPIENTS_LABEL}
    for name in layout.regulation_names():
        rules = layout.regulation(name)
        official |= set(rules.national) | set(rules.signature_prefixes.values()) | {rules.number_prefix}
    official = {t.strip(" :").upper() for t in official}
    src = ROOT / "src" / "report_drafter"
    for module in (
        "audit.anatomy",
        "audit.judge",
        "audit.judge_body",
        "audit.judge_page",
        "audit.check",
        "audit.findings",
        "audit.fix",
        "docx.reading",
        "docx.page",
        "docx.writing",
    ):
        tree = ast.parse((src / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
        constants = {
            n.value.strip(" :").upper()
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        }
        assert not constants & official, (module, constants & official)
