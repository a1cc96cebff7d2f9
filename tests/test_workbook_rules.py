"""Issue 17 (workbook half), 18 (items 7–9, 14), 21 (items 11, 12): a workbook cell is an input
value with a place. It goes through the loader's one set of rules and gets the messages the
same value gets in YAML, only placed at its cell (`so-lieu.xlsx:Số liệu!H7`).
"""

import json
import random
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from cli_helpers import cli
from docx_helpers import docx_lines
from report_drafter.input import schema as load
from report_drafter.sheets import workbook_in as figures

SHEET = "Số liệu"
TAX = "3. Tổng thu ngân sách"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The collection workbook of the bundled batch, made once for the module."""
    from conftest import HAI_PHONG

    path = tmp_path_factory.mktemp("sheet") / "so-lieu.xlsx"
    assert cli("sheet", HAI_PHONG, "-o", path).returncode == 0
    return path


@pytest.fixture()
def book(made, tmp_path):
    path = tmp_path / "so-lieu.xlsx"
    shutil.copy(made, path)
    return path


def edit(path, changes: dict):
    book = openpyxl.load_workbook(path)
    for address, value in changes.items():
        book[SHEET][address] = value
    book.save(path)


def messages(stderr: str, prefix: str) -> list[str]:
    """The lines that start at `prefix`, without it (`path: message`)."""
    return [line[len(prefix) :] for line in stderr.splitlines() if line.startswith(prefix)]


# ------------------------------------------------------- the "done when"


def test_workbook_values_get_the_yaml_messages_at_their_cell(batch, tmp_path, book):
    forty = "1234567890123456789012345678901234567890"
    edit(
        book,
        {
            "F5": "nhiều",  # Đồ Sơn, von-dau-tu: text in a number cell
            "F6": forty,  # Đồ Sơn, du-lich: a 40-digit number
            "I7": -15,  # Hải An: a negative plan
            "J7": -390,
        },
    )  # Hải An: a negative last-year figure
    out = tmp_path / "out"
    run = cli("render", batch, "-o", out, "--figures", book)
    assert run.returncode == 1
    cells = {
        line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in run.stderr.splitlines() if line.startswith(str(book))
    }
    assert cells == {
        f"{book}:Số liệu!F5": 'indicators[3].actual: "nhiều" không phải số viết theo kiểu Việt Nam; hãy viết '
        "số với dấu chấm tách hàng nghìn và dấu phẩy thập phân, ví dụ 1.250 hoặc 69,037",
        f"{book}:Số liệu!F6": f'indicators[4].actual: "{forty}" có quá nhiều chữ số (báo cáo ghi tối đa 15 chữ '
        f"số phần nguyên và 6 chữ số thập phân); hãy làm tròn hoặc đổi sang đơn vị lớn "
        f"hơn (ví dụ tỷ đồng thay cho đồng)",
        f"{book}:Số liệu!I7": "indicators[0].targets[0].value: kế hoạch là số âm thì tỷ lệ đạt được vô nghĩa; "
        "hãy ghi số kế hoạch dương (không có dấu -)",
        f"{book}:Số liệu!J7": "indicators[0].previous: số cùng kỳ là số âm thì tỷ lệ tăng, giảm vô nghĩa; hãy "
        "ghi số cùng kỳ dương, hoặc bỏ previous và ghi growth (% tăng, giảm)",
    }
    assert f"{batch / 'do-son-2021-q1.yaml'}: bỏ qua: dữ liệu đầu vào có lỗi" in run.stderr
    assert f"{batch / 'hai-an-2020-6t.yaml'}: bỏ qua: dữ liệu đầu vào có lỗi" in run.stderr
    assert sorted(p.name for p in out.glob("*.docx")) == ["quan-uy-kien-an-2019-9t.docx"]

    # the same values written in the YAML files: the same messages, at their lines
    yaml = tmp_path / "yaml"
    yaml.mkdir()
    for name in ("_defaults.yaml", "do-son-2021-q1.yaml", "hai-an-2020-6t.yaml"):
        (yaml / name).write_text((batch / name).read_text(encoding="utf-8"), encoding="utf-8")
    do_son = yaml / "do-son-2021-q1.yaml"
    do_son.write_text(
        do_son.read_text(encoding="utf-8")
        .replace("actual: 1.250", "actual: nhiều")
        .replace("actual: 210", f"actual: {forty}"),
        encoding="utf-8",
    )
    hai_an = yaml / "hai-an-2020-6t.yaml"
    hai_an.write_text(
        hai_an.read_text(encoding="utf-8")
        .replace("value: 2.324", "value: -15")
        .replace("previous: 1.302,7", "previous: -390"),
        encoding="utf-8",
    )
    from_yaml = cli("validate", yaml)
    assert from_yaml.returncode == 1
    said = sorted(line.split(": ", 1)[1] for line in from_yaml.stderr.splitlines())
    assert said == sorted(cells.values())

    # rollup leaves both units out and lists them
    run = cli("rollup", batch, "-o", tmp_path / "roll", "--figures", book)
    assert run.returncode == 1
    assert run.stdout.splitlines()[-1] == "Tổng hợp 3 chỉ tiêu của 1 đơn vị; 2 tệp lỗi chưa tổng hợp."
    units = [
        [c.value for c in row]
        for row in openpyxl.load_workbook(tmp_path / "roll" / "tong-hop.xlsx")["Đơn vị"].iter_rows()
    ]
    assert units[1] == [1, "Quận ủy Kiến An", "đã tổng hợp"]
    assert [u[1] for u in units[2:]] == [str(batch / "do-son-2021-q1.yaml"), str(batch / "hai-an-2020-6t.yaml")]
    assert units[3][2] == (
        "lỗi, chưa tổng hợp: kế hoạch là số âm thì tỷ lệ đạt được vô nghĩa; hãy ghi số kế hoạch dương (không có dấu -)"
    )


@pytest.mark.parametrize(
    "cell, said",
    [
        (1e40, '"10.000.000.000.000.000.000.000.000.000.0…" có quá nhiều chữ số'),
        (1e300, '"1.000.000.000.000.000.000.000.000.000.00…" có quá nhiều chữ số'),
        (1e16, '"10.000.000.000.000.000" có quá nhiều chữ số'),
        (1e-300, '"0,' + "0" * 38 + '…" có quá nhiều chữ số'),
        (-5, "kế hoạch là số âm thì tỷ lệ đạt được vô nghĩa"),
    ],
)
def test_extreme_numbers_in_cells_are_refused_as_in_yaml(batch, book, cell, said):
    edit(book, {"I7": cell})
    run = cli("validate", batch, "--figures", book)
    assert run.returncode == 1
    line = next(x for x in run.stderr.splitlines() if x.startswith(f"{book}:Số liệu!I7: "))
    assert line.startswith(f"{book}:Số liệu!I7: indicators[0].targets[0].value: {said}")
    assert "Traceback" not in run.stderr


# -------------------------------------------- property: one value, one answer

BASE = """system: state
issuer: {{name: Ủy ban nhân dân phường Hòa Bình, abbreviation: UBND, place: Hải Phòng}}
date: 2026-07-05
period: {{kind: half, index: 1, year: 2026}}
signature: {{title: Chủ tịch, name: Nguyễn Văn A}}
indicators:
  - id: x
    name: Thu ngân sách
    unit: tỷ đồng
    actual: {actual}
    targets:
      - label: dự toán năm
        value: {target}
    previous: {previous}
{growth}"""
FIELDS = {
    "actual": ("actual", figures.ACTUAL),
    "target": ("targets[0].value", figures.target_value_header(1)),
    "previous": ("previous", figures.PREVIOUS),
    "growth": ("growth", figures.GROWTH),
}
DEFAULTS = {"actual": Decimal(100), "target": Decimal(200), "previous": Decimal(80)}
WORDS = ["nhiều", "12.5", "1,250.5", "1e40", "0x1F", "-", "1.25.0", "5%", "1 250", "không", "12,5,6"]


def generated(rng: random.Random):
    """(field, Decimal or text, whether the cell holds it as a number): every sign, size and
    number of decimals, the extremes of the issue, and text that is no number."""
    field = rng.choice(list(FIELDS))
    kind = rng.random()
    if kind < 0.15:
        return field, rng.choice(WORDS), False
    if kind < 0.3:
        value = Decimal(repr(rng.choice([1e40, 1e300, 1e-300, 1e16, 1e15, 999999999999999.0, -5.0, 0.0])))
    else:
        whole = rng.randint(0, 10 ** rng.randint(0, 18))
        decimals = rng.choice([0, 0, 1, 2, 3, 6, 7, 9])
        value = Decimal(whole) + Decimal(rng.randint(0, 10**decimals)).scaleb(-decimals)
        value = -value if rng.random() < 0.3 else value
    value = (
        value.normalize()
        if value != value.to_integral_value()
        else value.quantize(Decimal(1))
        if value.adjusted() < 28
        else value
    )
    numeric = len(value.as_tuple().digits) <= 15 and rng.random() < 0.7
    return field, value, numeric


def _yaml(case: dict) -> str:
    figures_ = {k: figures.spell(v) for k, v in DEFAULTS.items()}
    for field, value in case.items():
        figures_[field] = json.dumps(value if isinstance(value, str) else figures.spell(value), ensure_ascii=False)
    growth = f"    growth: {figures_['growth']}\n" if "growth" in figures_ else ""
    return BASE.format(growth=growth, **{k: figures_[k] for k in DEFAULTS})


def test_a_value_is_refused_or_accepted_alike_from_yaml_and_from_a_workbook(tmp_path):
    rng = random.Random(17)
    cases = [generated(rng) for _ in range(300)]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SHEET
    headers = [figures.FILE, figures.ID] + [FIELDS[f][1] for f in DEFAULTS] + [figures.GROWTH]
    ws.append(headers)
    for i, (field, value, numeric) in enumerate(cases):
        row = {figures.FILE: f"case{i}.yaml", figures.ID: "x", **{FIELDS[f][1]: int(v) for f, v in DEFAULTS.items()}}
        cell = value if isinstance(value, str) else (float(value) if numeric else figures.spell(value))
        row[FIELDS[field][1]] = cell
        ws.append([row.get(h) for h in headers])
    path = tmp_path / "so-lieu.xlsx"
    book.save(path)
    overrides, problems = figures.load_workbook(path)
    assert problems == []
    base = _yaml({})
    refused = 0
    for i, (field, value, numeric) in enumerate(cases):
        shown = (
            value
            if isinstance(value, str)
            else (figures.spell(figures._from_float(float(value))) if numeric else figures.spell(value))
        )
        written = load.load_text(_yaml({field: shown}), f"case{i}.yaml")
        from_cell = load.load_text(base, f"case{i}.yaml", overlay=figures.overlay(f"case{i}.yaml", overrides))
        said = [(p.path, p.message, p.severity, p.code) for p in written.problems]
        assert [(p.path, p.message, p.severity, p.code) for p in from_cell.problems] == said, (field, value)
        where = {p.file for p in from_cell.problems if p.path == f"indicators[0].{FIELDS[field][0]}"}
        assert where <= {f"{path}:{SHEET}!{figures.column_letter(headers.index(FIELDS[field][1]))}{i + 2}"}
        assert (written.report is None) == (from_cell.report is None)
        if written.report is not None:
            assert written.report.indicators == from_cell.report.indicators
        refused += written.report is None
    assert 60 < refused < 240  # the generator reaches both answers


# ------------------------------------------------------------ no indicator rows


def test_sheet_and_rollup_with_no_indicator_rows_say_so(batch, tmp_path):
    for path in batch.glob("*.yaml"):
        if path.name != "_defaults.yaml":
            path.write_text(path.read_text(encoding="utf-8").replace("indicators:", "indicators_:"), encoding="utf-8")
    run = cli("sheet", batch, "-o", tmp_path / "so-lieu.xlsx")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines()[-1] == (
        f"không có dòng chỉ tiêu nào để lập bảng số liệu (3/3 tệp có lỗi); hãy sửa các lỗi trên, hoặc thêm "
        f"indicators (name, unit, targets) vào tệp đầu vào hay _defaults.yaml; chưa ghi {tmp_path / 'so-lieu.xlsx'}"
    )
    assert not (tmp_path / "so-lieu.xlsx").exists()
    run = cli("rollup", batch, "-o", tmp_path / "roll")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines()[-1] == (
        "không có chỉ tiêu nào để tổng hợp (3/3 tệp có lỗi); hãy sửa các lỗi trên, hoặc thêm indicators vào "
        "tệp đầu vào; chưa ghi tong-hop.xlsx, tong-hop.docx"
    )
    assert not (tmp_path / "roll").exists()


def test_sheet_of_reports_without_indicators(tmp_path):
    (tmp_path / "a.yaml").write_text(
        BASE.split("indicators:")[0].replace("{{", "{").replace("}}", "}"), encoding="utf-8"
    )
    run = cli("sheet", tmp_path / "a.yaml", "-o", tmp_path / "so-lieu.xlsx")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith("không có dòng chỉ tiêu nào để lập bảng số liệu (0/1 tệp có lỗi)")


# ------------------------------------------------------------ a blank workbook

BLANK_DEFAULTS = """system: state
date: 2026-07-05
period: {kind: half, index: 1, year: 2026}
signature: {on_behalf_of: ủy ban nhân dân, title: Chủ tịch, name: Nguyễn Văn A}
indicators:
  - id: thu-ngan-sach
    name: Tổng thu ngân sách
    unit: tỷ đồng
    aggregate: sum
    targets:
      - label: dự toán năm
  - id: ho-ngheo
    name: Số hộ nghèo
    unit: hộ
"""


def test_a_blank_workbook_from_the_folders_indicator_list_is_filled_and_rendered(tmp_path):
    folder = tmp_path / "phuong"
    folder.mkdir()
    (folder / "_defaults.yaml").write_text(BLANK_DEFAULTS, encoding="utf-8")
    for ward in ("Hòa Bình", "Lê Lợi"):
        slug = "hoa-binh" if ward == "Hòa Bình" else "le-loi"
        (folder / f"{slug}.yaml").write_text(
            f"issuer: {{name: Ủy ban nhân dân phường {ward}, abbreviation: UBND, place: Hải Phòng}}\n", encoding="utf-8"
        )
    book = tmp_path / "so-lieu.xlsx"
    run = cli("sheet", folder, "-o", book)
    assert (run.returncode, run.stderr) == (0, "")
    ws = openpyxl.load_workbook(book)[SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[1] == [
        "hoa-binh.yaml",
        "Ủy ban nhân dân phường Hòa Bình",
        "thu-ngan-sach",
        "Tổng thu ngân sách",
        "tỷ đồng",
        None,
        "không",
        "dự toán năm",
        None,
        None,
        None,
        None,
    ]
    assert rows[2][:9] == [
        "hoa-binh.yaml",
        "Ủy ban nhân dân phường Hòa Bình",
        "ho-ngheo",
        "Số hộ nghèo",
        "hộ",
        None,
        "không",
        None,
        None,
    ]
    assert len(rows) == 5
    assert ws.column_dimensions["F"].protection.locked is False  # blank cells: the column's style
    assert ws.column_dimensions["I"].protection.locked is False and ws.column_dimensions["D"].protection.locked

    run = cli("render", folder, "-o", tmp_path / "out")  # no figures yet: told, per indicator
    assert run.returncode == 1
    assert f"{folder / '_defaults.yaml'}:6:5: indicators[0].actual: chỉ tiêu cần actual" in run.stderr

    edit(book, {"F2": 88.15, "I2": 200, "J2": "80", "F3": 12, "J3": 15, "F4": 50, "I4": 100, "F5": 3, "K5": -25})
    out = tmp_path / "out"
    run = cli("render", folder, "-o", out, "--figures", book)
    assert (run.returncode, run.stderr) == (0, "")
    lines = docx_lines(out / "uy-ban-nhan-dan-phuong-hoa-binh-2026-6t.docx")
    assert "Tổng thu ngân sách đạt 88,15 tỷ đồng, đạt 44,1% dự toán năm, tăng 10,2% so với cùng kỳ." in lines
    assert "Số hộ nghèo đạt 12 hộ, giảm 20% so với cùng kỳ." in lines
    run = cli("rollup", folder, "-o", tmp_path / "roll", "--figures", book)
    assert (run.returncode, run.stderr) == (0, "")
    rows = [
        [c.value for c in row]
        for row in openpyxl.load_workbook(tmp_path / "roll" / "tong-hop.xlsx")["1. Tổng thu ngân sách"].iter_rows()
    ]
    assert rows[1][-1] == "Tăng/giảm so với cùng kỳ (%)"
    assert rows[4][1:5] == ["Tổng cộng", 138.15, 300, 46.1]  # 138,15 / 300 = 46,05 %


def test_workbooks_of_last_round_are_still_read(batch, tmp_path, book):
    edit(book, {"K1": "Tăng, giảm so với cùng kỳ (%)", "L1": "Bằng % cùng kỳ", "K2": 8.5})
    run = cli("render", batch, "-o", tmp_path / "out", "--figures", book)
    assert (run.returncode, run.stderr) == (0, "")
    assert any(
        line.startswith("Giá trị sản xuất công nghiệp") and "tăng 8,5%" in line
        for line in docx_lines(tmp_path / "out" / "quan-uy-do-son-2021-q1.docx")
    )


# ------------------------------------------------------------- forged workbooks


def _xlsx(path: Path, sheet_xml: str, dimension: str | None = None) -> Path:
    """A minimal workbook whose sheet `Số liệu` is `sheet_xml` (rows), written by hand."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{sheet_xml}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return path


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = (
    '<row r="1">' + _inline("A1", figures.FILE) + _inline("B1", figures.ID) + _inline("C1", figures.ACTUAL) + "</row>"
)


@pytest.mark.parametrize(
    "sheet_xml, dimension, shown",
    [
        (HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', None, "XFD1048576"),
        (HEADER + '<row r="2"><c r="XFD2"><v>1</v></c></row>', "A1:C2", "XFD2"),
        (HEADER, "A1:XFD1048576", "XFD1048576"),
        (HEADER + "".join(f'<row r="{r}"><c r="C{r}"><v>1</v></c></row>' for r in range(2, 100_003)), None, "C100002"),
        (HEADER + "<row>" + "<c><v>1</v></c>" * 300 + "</row>", None, "KQ2"),
    ],
    ids=["far-cell", "far-cell-small-dimension", "far-dimension", "100001-rows", "300-columns-without-r"],
)
def test_a_workbook_too_large_is_refused_before_it_is_read(batch, tmp_path, sheet_xml, dimension, shown):
    book = _xlsx(tmp_path / "so-lieu.xlsx", sheet_xml, dimension)
    run = cli("validate", batch, "--figures", book)
    assert run.returncode == 2, run.stderr
    assert run.stderr == (
        f"{book}: bảng tính quá lớn để đọc (vùng dữ liệu tới {shown}; tối đa 100.000 dòng, "
        f"256 cột trên trang Số liệu); hãy xóa các dòng, cột thừa ở xa (trong Excel: Ctrl+End "
        f"tới ô cuối, xóa các dòng và cột trống đến đó) rồi lưu lại\n"
    )


def test_a_huge_unpacked_sheet_is_refused(batch, tmp_path):
    book = _xlsx(tmp_path / "so-lieu.xlsx", HEADER + '<row r="2">' + " " * (50 * 1024 * 1024) + "</row>")
    run = cli("validate", batch, "--figures", book)
    assert run.returncode == 2
    assert run.stderr.startswith(f"{book}: bảng tính quá lớn để đọc (phần xl/worksheets/sheet1.xml quá lớn;")


@pytest.mark.parametrize(
    "header",
    ["Số kế hoạch 999999999999", "Số kế hoạch " + "9" * 5000, "Số kế hoạch ²"],
    ids=["twelve-digits", "5000-digits", "superscript"],
)
def test_odd_plan_headers_are_named_not_looped_over(batch, book, header):
    edit(book, {"M1": header})
    run = cli("validate", batch, "--figures", book)
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == [
        f'{book}:Số liệu!M1: cảnh báo: cột "{header[:60]}" không được đọc: cột số kế hoạch ghi "Số kế hoạch 1" … '
        f'"Số kế hoạch 99"; hãy sửa tên cột như bản do report-drafter sheet tạo ra'
    ]
