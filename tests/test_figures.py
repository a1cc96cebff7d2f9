"""The collection workbook (`sheet`) and figures from it (`--figures`), as a city office uses them."""

import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from cli_helpers import cli
from docx_helpers import SOFFICE, docx_lines
from report_drafter import model
from report_drafter.sheets import workbook_in as figures
from report_drafter.input import schema as load
from report_drafter.errors import Severity

ROOT = Path(__file__).parents[1]
SHEET = "Số liệu"


@pytest.fixture()
def workbook(batch, tmp_path):
    path = tmp_path / "so-lieu.xlsx"
    run = cli("sheet", batch, "-o", path)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines() == [str(path), "Bảng số liệu: 3 đơn vị, 9 dòng chỉ tiêu; 0 tệp lỗi."]
    return path


def rows_of(path):
    ws = openpyxl.load_workbook(path)[SHEET]
    return [[c.value for c in row] for row in ws.iter_rows()]


def edit(path, changes: dict):
    book = openpyxl.load_workbook(path)
    for address, value in changes.items():
        book[SHEET][address] = value
    book.save(path)


def sentence(docx, start):
    return next(line for line in docx_lines(docx) if line.startswith(start))


# ------------------------------------------------------------------ the workbook


def test_sheet_has_one_prefilled_row_per_unit_and_indicator(workbook):
    rows = rows_of(workbook)
    assert rows[0] == [
        "Tệp",
        "Đơn vị",
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Thực hiện",
        "Ước đạt",
        "Kế hoạch 1",
        "Số kế hoạch 1",
        "Cùng kỳ",
        "Tăng/giảm so với cùng kỳ (%)",
        "So với cùng kỳ (%)",
    ]
    assert rows[1] == [
        "do-son-2021-q1.yaml",
        "Quận ủy Đồ Sơn",
        "#1",
        "Giá trị sản xuất công nghiệp",
        None,
        None,
        "không",
        None,
        None,
        None,
        7.2,
        None,
    ]
    assert rows[3] == [
        "do-son-2021-q1.yaml",
        "Quận ủy Đồ Sơn",
        "thu-ngan-sach",
        "Tổng thu ngân sách",
        "tỷ đồng",
        46.2,
        "có",
        "dự toán thành phố giao",
        171,
        28.33,
        None,
        None,
    ]
    assert rows[6][:6] == [
        "hai-an-2020-6t.yaml",
        "Quận ủy Hải An",
        "thu-ngan-sach",
        "Tổng thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng",
        1215.4,
    ]
    assert len(rows) == 10


def test_sheet_formats_validates_freezes_and_locks(workbook):
    ws = openpyxl.load_workbook(workbook)[SHEET]
    assert ws.freeze_panes == "A2"
    assert ws.protection.sheet is True
    assert ws["D4"].protection.locked is True and ws["B4"].protection.locked is True
    assert ws["F4"].protection.locked is False and ws["I4"].protection.locked is False
    # what was typed, grouped (88,15 shows 88,15, not the pre-filled value's one decimal) …
    assert {ws[a].number_format for a in ("F4", "F5", "J4")} == {"#,##0.######"}
    assert ws["I9"].value is None and ws.column_dimensions["I"].number_format == "#,##0.######"  # blank: the column's
    # … and a whole number without a dangling separator (1.250, not 1.250,)
    rules = [
        (str(cf.sqref), rule.formula, rule.dxf.numFmt.formatCode)
        for cf in ws.conditional_formatting
        for rule in cf.rules
    ]
    assert ("F2:F10", ["AND(ISNUMBER(F2),INT(F2)=F2)"], "#,##0") in rules
    numbers = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert {"F2:F10", "I2:I10", "J2:J10", "K2:K10", "L2:L10"} == {str(dv.sqref) for dv in numbers}
    assert all(dv.showErrorMessage and dv.errorStyle in ("stop", None) for dv in numbers)
    yes_no = next(dv for dv in ws.data_validations.dataValidation if dv.type == "list")
    assert yes_no.formula1 == '"có,không"' and str(yes_no.sqref) == "G2:G10"
    longest_name = len("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ lưu trú ăn uống")
    assert ws.column_dimensions["D"].width >= longest_name
    assert ws.column_dimensions["F"].protection.locked is False  # blank input cells too


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")
def test_libreoffice_in_a_vietnamese_locale_shows_vietnamese_notation(workbook, tmp_path):
    out = tmp_path / "csv"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "vi_VN.UTF-8", "LC_ALL": "vi_VN.UTF-8"}
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    lines = (out / "so-lieu.csv").read_text(encoding="utf-8").splitlines()
    assert lines[3] == (
        'do-son-2021-q1.yaml,Quận ủy Đồ Sơn,thu-ngan-sach,Tổng thu ngân sách,tỷ đồng,"46,2",có,'
        'dự toán thành phố giao,171,"28,33",,'
    )
    assert lines[4].split(",")[5] == "1.250"


def test_input_text_never_becomes_a_formula(batch, tmp_path):
    path = batch / "hai-an-2020-6t.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name: Tổng thu ngân sách nhà nước trên địa bàn", 'name: "=HYPERLINK(\\"http://x\\")"'
        ),
        encoding="utf-8",
    )
    book = tmp_path / "so-lieu.xlsx"
    assert cli("sheet", batch, "-o", book).returncode == 0
    cell = openpyxl.load_workbook(book)[SHEET]["D7"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x")', "s")


def test_sheet_refuses_to_overwrite_a_workbook(workbook, batch):
    run = cli("sheet", batch, "-o", workbook)
    assert run.returncode == 2
    assert run.stderr == (
        f"{workbook} đã có (có thể các đơn vị đã điền số vào đó) nên không ghi đè; "
        f"hãy chọn tên khác, hoặc chạy lại với --force để ghi đè (bản cũ được sao lưu)\n"
    )


# ------------------------------------------------------------- figures flow in


def test_render_with_figures_from_the_edited_workbook(workbook, batch, tmp_path):
    edit(
        workbook,
        {
            "F4": 50.5,  # Đồ Sơn, a number
            "F7": "1.300,5",  # Hải An, text in Vietnamese notation
            "F10": "12.5",
        },
    )  # Kiến An: not Vietnamese notation
    out = tmp_path / "out"
    run = cli("render", batch, "-o", out, "--figures", workbook)
    assert run.returncode == 1
    kien_an = batch / "kien-an-2019-9t.yaml"
    assert run.stderr.splitlines() == [
        f'{workbook}:Số liệu!F10: indicators[2].actual: "12.5" không phải số viết theo kiểu Việt Nam; hãy viết 12,5',
        f"{kien_an}: bỏ qua: dữ liệu đầu vào có lỗi",
    ]
    assert sorted(p.name for p in out.glob("*.docx")) == ["quan-uy-do-son-2021-q1.docx", "quan-uy-hai-an-2020-6t.docx"]
    assert sentence(out / "quan-uy-do-son-2021-q1.docx", "Tổng thu ngân sách") == (
        "Tổng thu ngân sách ước đạt 50,5 tỷ đồng, đạt 29,5% dự toán thành phố giao, tăng 78,3% so với cùng kỳ."
    )
    assert sentence(out / "quan-uy-hai-an-2020-6t.docx", "Tổng thu ngân sách") == (
        "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.300,5 tỷ đồng, đạt 56% dự toán thành phố giao, "
        "giảm 0,2% so với cùng kỳ."
    )


def test_a_revised_workbook_updates_an_edited_draft(workbook, batch, tmp_path):
    from docx import Document

    out = tmp_path / "out"
    assert cli("render", batch, "-o", out, "--figures", workbook).returncode == 0
    draft = out / "quan-uy-hai-an-2020-6t.docx"
    doc = Document(draft)
    doc.add_paragraph("Đoạn thư ký thêm vào sau khi họp.")
    doc.save(draft)
    edit(workbook, {"F7": "1.400"})  # Hải An's revised budget revenue
    run = cli("update", batch, "-o", out, "--figures", workbook)
    assert run.returncode == 0, run.stderr
    lines = docx_lines(draft)
    assert "Đoạn thư ký thêm vào sau khi họp." in lines
    assert sentence(draft, "Tổng thu ngân sách") == (
        "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.400 tỷ đồng, đạt 60,2% dự toán thành phố giao, "
        "tăng 7,5% so với cùng kỳ."
    )  # 1.400 / 2.324 = 60,24 %; 1.400 / 1.302,7 = 107,47 %


def test_validate_reports_rows_and_indicators_that_do_not_match(workbook, batch):
    book = openpyxl.load_workbook(workbook)
    ws = book[SHEET]
    ws["A11"], ws["C11"], ws["F11"] = "le-chan.yaml", "thu-ngan-sach", 10  # no such input
    ws["C9"] = "ban-le"  # no such indicator
    book.save(workbook)
    run = cli("validate", batch, "--figures", workbook)
    kien_an = batch / "kien-an-2019-9t.yaml"
    assert run.returncode == 0
    assert run.stderr.splitlines() == [
        f'{workbook}:Số liệu!A11: cảnh báo: tệp "le-chan.yaml" không có trong các tệp đầu vào của lần chạy '
        f"này; 1 dòng của tệp đó không được dùng — hãy kiểm tra cột Tệp hoặc thêm tệp đó vào lệnh",
        f'{kien_an}: indicators[1]: cảnh báo: chỉ tiêu "#2" (Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ '
        f"lưu trú ăn uống) không có trong {workbook}; dùng số liệu trong tệp đầu vào",
        f'{workbook}:Số liệu!C9: cảnh báo: tệp {kien_an} không có chỉ tiêu mã "ban-le"; dòng này không '
        f"được dùng — hãy kiểm tra cột Mã chỉ tiêu",
    ]


def test_unreadable_workbook_is_a_usage_error(batch, tmp_path):
    bad = tmp_path / "so-lieu.xlsx"
    bad.write_text("not a workbook")
    run = cli("render", batch, "-o", tmp_path / "out", "--figures", bad)
    assert run.returncode == 2
    assert run.stderr.startswith(f"không đọc được {bad} như một bảng tính Excel (.xlsx)")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ unit level


@pytest.mark.parametrize(
    "cell, current, expected",
    [
        (46.2, None, Decimal("46.2")),
        (2000.0, None, Decimal("2000")),
        (7, None, Decimal("7")),
        ("1.250", None, Decimal("1250")),
        ("4.465,775", None, Decimal("4465.775")),
        (140.6, Decimal("140.60"), Decimal("140.60")),  # unchanged figures keep their decimals
        (0.1 + 0.2, None, Decimal("0.3")),  # binary noise of a formula
        (None, Decimal("5"), None),
    ],
)
def test_a_number_cell_is_read_as_the_clerk_typed_it(cell, current, expected):
    value = figures.read_number(cell, current)
    assert value == expected and str(value) == str(expected)


@pytest.mark.parametrize(
    "cell, message",
    [
        ("12.5", '"12.5" không phải số viết theo kiểu Việt Nam; hãy viết 12,5'),
        (True, "ô chứa giá trị đúng/sai, không phải số; hãy ghi một số, ví dụ 1.250 hoặc 69,037"),
        ("#DIV/0!", 'ô báo lỗi công thức "#DIV/0!"; hãy sửa công thức hoặc ghi số trực tiếp'),
    ],
)
def test_read_number_refuses(cell, message):
    with pytest.raises(ValueError) as err:
        figures.read_number(cell)
    assert str(err.value) == message


def test_file_labels_are_the_shortest_unique_tails():
    assert figures.file_labels(["a/x.yaml", "b/x.yaml", "b/y.yaml"]) == ["a/x.yaml", "b/x.yaml", "y.yaml"]


def test_cells_are_laid_over_the_input_and_checked_by_its_rules():
    cells = {
        figures.ACTUAL: figures.Cell("F2", None),
        figures.PREVIOUS: figures.Cell("J2", 1000),
        figures.target_value_header(1): figures.Cell("I2", 0),
    }
    row = figures.Row(2, "hai-an-2020-6t.yaml", "thu-ngan-sach", cells)
    overrides = figures.Overrides(
        "so-lieu.xlsx", {"hai-an-2020-6t.yaml": {"thu-ngan-sach": row}}, {1: figures.target_value_header(1)}
    )
    loaded = load.load_file(
        ROOT / "inputs" / "hai-phong" / "hai-an-2020-6t.yaml",
        ROOT / "inputs" / "hai-phong" / "_defaults.yaml",
        overlay=figures.overlay("x/hai-an-2020-6t.yaml", overrides),
    )
    assert [(p.file, p.line, p.path, p.message, p.severity) for p in loaded.problems] == [
        (
            "so-lieu.xlsx:Số liệu!F2",
            0,
            "indicators[0].actual",
            "chỉ tiêu cần actual (số thực hiện), growth (% tăng so với cùng kỳ) hoặc ratio (bằng % cùng kỳ)",
            Severity.ERROR,
        ),
        (
            "so-lieu.xlsx:Số liệu!I2",
            0,
            "indicators[0].targets[0].value",
            "kế hoạch bằng 0 thì không tính được tỷ lệ; hãy ghi số kế hoạch khác 0 hoặc bỏ mục này",
            Severity.ERROR,
        ),
    ]
    assert loaded.report is None
