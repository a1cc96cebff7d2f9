"""The roll-up across units (`rollup`): totals and percentages by hand, the workbook, the document."""

import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from cli_helpers import cli
from docx_helpers import SOFFICE, docx_lines
from report_drafter import model
from report_drafter.sheets import rollup

ROOT = Path(__file__).parents[1]
BATCH = ROOT / "inputs" / "hai-phong"
TAX = "3. Tổng thu ngân sách"  # the sheet of the third indicator met (thu-ngan-sach)


@pytest.fixture()
def batch(tmp_path):
    """The three Hải Phòng units, their budget revenue marked `aggregate: sum`."""
    folder = tmp_path / "hai-phong"
    shutil.copytree(BATCH, folder)
    for path in folder.glob("[!_]*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("  - id: thu-ngan-sach\n", "  - id: thu-ngan-sach\n    aggregate: sum\n"), encoding="utf-8"
        )
    return folder


def indicator(actual, targets=(), previous=None, aggregate="sum"):
    return model.Indicator(
        "Thu ngân sách",
        "tỷ đồng",
        "thu",
        Decimal(actual),
        targets=tuple(model.Target(l, Decimal(v)) for l, v in targets),
        previous=None if previous is None else Decimal(previous),
        aggregate=aggregate,
    )


def report(name, *indicators):
    return model.Report(
        "state",
        model.Issuer(name, "UBND", name),
        None,
        model.Period("year", 2026),
        model.Signature("Chủ tịch", "A"),
        indicators=indicators,
    )


# ------------------------------------------------------------------ by hand


def test_percentages_of_the_total_come_from_the_sums_never_the_average():
    a = report("Phường A", indicator("10", [("dự toán", "20")], previous="8"))  # 50%, +25%
    b = report("Phường B", indicator("90", [("dự toán", "300")], previous="100"))  # 30%, −10%
    (table,) = rollup.build([("a.yaml", a, ""), ("b.yaml", b, "")]).tables
    assert [line.percents for line in table.lines] == [(Decimal("50.0"),), (Decimal("30.0"),)]
    total = table.total
    assert (total.actual, total.targets, total.previous) == (Decimal("100"), (Decimal("320"),), Decimal("108"))
    assert total.percents == (Decimal("31.3"),)  # 100 / 320 = 31,25 → 31,3 (half up); the mean would be 40
    assert total.change == Decimal("-7.4")  # 100 / 108 − 1 = −7,41 %
    assert table.notes == ()


def test_no_total_without_aggregate_sum_or_with_different_units_of_measure():
    a = report("Phường A", indicator("10", aggregate="none"))
    assert rollup.build([("a.yaml", a, "")]).tables[0].total is None
    b = report("Phường B", model.Indicator("Thu ngân sách", "triệu đồng", "thu", Decimal(5), aggregate="sum"))
    (table,) = rollup.build([("a.yaml", report("Phường A", indicator("10")), ""), ("b.yaml", b, "")]).tables
    assert table.total is None
    assert table.notes == ("không cộng tổng vì các đơn vị dùng đơn vị tính khác nhau: triệu đồng, tỷ đồng",)


def test_failed_units_are_listed_not_dropped():
    result = rollup.build([("a.yaml", report("Phường A", indicator("10")), ""), ("b.yaml", None, "thiếu issuer.name")])
    assert result.units == ("Phường A",)
    assert result.failed == (rollup.Failed("b.yaml", "thiếu issuer.name"),)


# ------------------------------------------------------------ the command


def test_rollup_writes_the_workbook_and_the_document(batch, tmp_path):
    (batch / "le-chan.yaml").write_text("issuer:\n  name: Quận ủy Lê Chân\n", encoding="utf-8")
    out = tmp_path / "out"
    run = cli("rollup", batch, "-o", out)
    assert run.returncode == 1
    assert run.stdout.splitlines() == [
        str(out / "tong-hop.xlsx"),
        str(out / "tong-hop.docx"),
        "Tổng hợp 7 chỉ tiêu của 3 đơn vị; 1 tệp lỗi chưa tổng hợp.",
    ]
    assert f"{batch / 'le-chan.yaml'}: chưa tổng hợp: " in run.stderr

    book = openpyxl.load_workbook(out / "tong-hop.xlsx")
    assert book.sheetnames[0] == "Đơn vị" and TAX in book.sheetnames
    units = [[c.value for c in row] for row in book["Đơn vị"].iter_rows()]
    assert units[1:4] == [
        [1, "Quận ủy Đồ Sơn", "đã tổng hợp"],
        [2, "Quận ủy Hải An", "đã tổng hợp"],
        [3, "Quận ủy Kiến An", "đã tổng hợp"],
    ]
    assert units[4][1] == str(batch / "le-chan.yaml") and units[4][2].startswith("lỗi, chưa tổng hợp: ")
    rows = [[c.value for c in row] for row in book[TAX].iter_rows()]
    assert rows[1] == [
        "TT",
        "Đơn vị",
        "Thực hiện (tỷ đồng)",
        "Dự toán thành phố giao (tỷ đồng)",
        "So với dự toán thành phố giao (%)",
        "Dự toán năm (tỷ đồng)",
        "So với dự toán năm (%)",
        "Cùng kỳ (tỷ đồng)",
        "Tăng/giảm so với cùng kỳ (%)",
    ]
    assert rows[2] == [1, "Quận ủy Đồ Sơn", 46.2, 171, 27, None, None, 28.33, 63.1]
    # 46,2 + 1.215,4 + 312,5; (46,2 + 1.215,4) / (171 + 2.324) = 50,565 %; 312,5 / 458,2 = 68,2 %;
    # 28,33 + 1.302,7 = 1.331,03; (46,2 + 1.215,4) / 1.331,03 − 1 = −5,2 %
    assert rows[5] == [None, "Tổng cộng", 1574.1, 2495, 50.6, 458.2, 68.2, 1331.03, -5.2]
    assert rows[6][1] == "Ghi chú: tỷ lệ so với dự toán thành phố giao tính trên 2 đơn vị có cả hai số"
    assert book[TAX]["E6"].number_format == "0.0" and book[TAX]["C6"].number_format == "#,##0.0"
    charts = [n for n in zipfile.ZipFile(out / "tong-hop.xlsx").namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 7
    assert all(len(book[name]._charts) == 1 for name in book.sheetnames[1:])

    lines = docx_lines(out / "tong-hop.docx")
    start = lines.index("3. Tổng thu ngân sách (tỷ đồng)")
    assert lines[start + 10 : start + 19] == ["1", "Quận ủy Đồ Sơn", "46,2", "171", "27", "", "", "28,33", "+63,1"]
    assert lines[start + 37 : start + 46] == [
        "",
        "Tổng cộng",
        "1.574,1",
        "2.495",
        "50,6",
        "458,2",
        "68,2",
        "1.331,03",
        "-5,2",
    ]
    assert "Đơn vị chưa tổng hợp được (tệp đầu vào có lỗi)" in lines
    xml = zipfile.ZipFile(out / "tong-hop.docx").read("word/document.xml").decode("utf-8")
    assert xml.count("<w:tblHeader/>") == 7
    styles = zipfile.ZipFile(out / "tong-hop.docx").read("word/styles.xml").decode("utf-8")
    assert 'w:ascii="Times New Roman"' in styles


def test_rollup_takes_figures_from_the_workbook(batch, tmp_path):
    workbook = tmp_path / "so-lieu.xlsx"
    assert cli("sheet", batch, "-o", workbook).returncode == 0
    book = openpyxl.load_workbook(workbook)
    book["Số liệu"]["F4"] = "50,5"  # Đồ Sơn's budget revenue
    book.save(workbook)
    run = cli("rollup", batch, "-o", tmp_path / "out", "--figures", workbook)
    assert (run.returncode, run.stderr) == (0, "")
    rows = [
        [c.value for c in row] for row in openpyxl.load_workbook(tmp_path / "out" / "tong-hop.xlsx")[TAX].iter_rows()
    ]
    assert rows[2][2] == 50.5
    assert rows[5][2:5] == [1578.4, 2495, 50.7]  # (50,5 + 1.215,4) / 2.495 = 50,737 %


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_rollup_workbook(batch, tmp_path):
    out = tmp_path / "out"
    assert cli("rollup", batch, "-o", out).returncode == 0
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(out / "tong-hop.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "pdf" / "tong-hop.pdf"
    assert pdf.stat().st_size > 10_000
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Tổng cộng" in text and "Quận ủy Kiến An" in text
