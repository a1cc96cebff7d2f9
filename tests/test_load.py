"""Loading inputs: values read as written, and one exact message per defect."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from report_drafter.input import schema as load

DATA = Path(__file__).parent / "data"
INVALID = DATA / "inputs" / "invalid"
EXAMPLE = Path(__file__).parents[2] / "shared" / "examples" / "do-son-2019-6t.yaml"
if not EXAMPLE.exists():
    EXAMPLE = Path(__file__).parents[1] / "inputs" / "quan-uy-do-son-2019-6t.yaml"
BASE = (DATA / "base-valid.yaml").read_text(encoding="utf-8")


def messages(loaded):
    return [p.format() for p in loaded.problems]


def test_shared_example_loads_with_every_figure_as_written():
    loaded = load.load_file(EXAMPLE)
    assert loaded.problems == []
    ind = loaded.report.indicators[0]
    assert ind.actual == Decimal("69.037") and str(ind.actual) == "69.037"
    assert [t.value for t in ind.targets] == [Decimal("140.6"), Decimal("162.4")]
    assert ind.previous == Decimal("55.81")


@pytest.mark.parametrize(
    "written, value",
    [
        ("69,037", "69.037"),
        ("27.278", "27278"),
        ("4.465,775", "4465.775"),
        ("1.250", "1250"),
        ("1250", "1250"),
        ('"9"', "9"),
        ("9", "9"),
        ("-5,2", "-5.2"),
    ],
)
def test_numbers_are_read_in_vietnamese_notation(written, value):
    text = BASE.replace("    actual: 312,5", f"    actual: {written}")
    loaded = load.load_text(text, "x.yaml")
    # 27.278 against a plan of 458,2 is read as written and warned about (issue 21: a comma meant?)
    assert [p for p in loaded.problems if p.code != "implausible-figure"] == []
    assert str(loaded.report.indicators[0].actual) == value


def test_plain_number_format_for_machine_written_files():
    text = "number_format: plain\n" + BASE.replace("312,5", "312.5").replace("458,2", "1458.25")
    loaded = load.load_text(text, "x.yaml")
    assert loaded.problems == []
    assert loaded.report.indicators[0].actual == Decimal("312.5")
    assert loaded.report.indicators[0].targets[0].value == Decimal("1458.25")


def test_plain_number_format_refuses_a_decimal_comma():
    text = "number_format: plain\n" + BASE
    assert messages(load.load_text(text, "x.yaml"))[0] == (
        'x.yaml:17:13: indicators[0].actual: "312,5" không phải số viết kiểu máy (number_format: '
        "plain: dấu chấm thập phân, không tách nghìn); hãy viết 312.5"
    )


@pytest.mark.parametrize("written", ["9/10/2019", "09/10/2019", "2019-10-09"])
def test_dates_are_read_in_iso_and_vietnamese_forms(written):
    loaded = load.load_text(BASE.replace("date: 2019-09-30", f"date: {written}"), "x.yaml")
    assert loaded.problems == [] and loaded.report.date.isoformat() == "2019-10-09"


def test_text_is_nfc_without_control_characters_and_never_template_code():
    text = BASE.replace("  - heading: Kinh tế", '  - heading: "Kinh t\\u00ea\\u0301 {{ x }}\\u0007 {% if %}"')
    loaded = load.load_text(text, "x.yaml")
    assert loaded.problems == []
    assert loaded.report.results[0].heading == "Kinh tế {{ x }} {% if %}"


EXPECTED = {
    "thousands-dot.yaml": ['16:13: indicators[0].actual: "12.5" không phải số viết theo kiểu Việt Nam; hãy viết 12,5'],
    "unknown-key.yaml": [
        '21:5: results[0].heding: khóa "heding" không có trong mẫu; có phải ý bạn là "heading"?',
        "21:5: results[0].heading: thiếu heading, ví dụ heading: Kinh tế, tài chính",
    ],
    "flow-mapping-comma.yaml": [
        "18:41: indicators[0].targets[0].value: dấu phẩy thập phân trong {…} tách mục: YAML đọc thành "
        'value: 458 và khóa thừa "2"; hãy viết dạng khối (mỗi khóa một dòng) hoặc đặt số trong ngoặc '
        'kép: value: "458,2"'
    ],
    "missing-issuer-name.yaml": ["3:3: issuer.name: thiếu name, ví dụ name: Quận ủy Đồ Sơn"],
    "bad-date.yaml": [
        '8:7: date: ngày "31/02/2019" không có trên lịch (ngày 31 tháng 2 năm 2019); hãy viết 2019-07-09 hoặc 9/7/2019'
    ],
    "bad-period-index.yaml": ["11:10: period.index: 3 nằm ngoài khoảng cho phép; hãy ghi một số từ 1 đến 2"],
    "unknown-indicator-id.yaml": [
        "22:18: results[0].indicators[0]: không có chỉ tiêu nào mang mã "
        '"thu-ngan-sach-nn"; có phải ý bạn là "thu-ngan-sach"?'
    ],
    "bad-system.yaml": ['1:9: system: "dang" không phải giá trị hợp lệ; hãy ghi một trong: party, state'],
    "number-not-integer.yaml": ['7:9: number: "14,5" không phải số nguyên; hãy viết một số nguyên không dấu, ví dụ 45'],
    "wrong-type-list.yaml": ["30:5: recipients[2]: cần một đoạn văn bản (không phải danh sách hay bảng khóa)"],
    "tab-indent.yaml": ["3:1: tệp YAML viết sai cú pháp: dòng thụt lề bằng phím Tab; hãy thụt lề bằng dấu cách"],
    "zero-target.yaml": [
        "19:16: indicators[0].targets[0].value: kế hoạch bằng 0 thì không tính được tỷ lệ; "
        "hãy ghi số kế hoạch khác 0 hoặc bỏ mục này"
    ],
    "alias-bomb.yaml": [
        "1:1: tệp dùng quá nhiều bí danh YAML (alias *…) hoặc quá nhiều mục (trên 200.000 nút); "
        "hãy viết các giá trị ra trực tiếp"
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_defect_has_its_exact_message(name):
    path = INVALID / name
    loaded = load.load_file(path)
    assert loaded.report is None
    assert messages(loaded) == [f"{path}:{m}" for m in EXPECTED[name]]


def test_every_invalid_file_has_an_expected_message():
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", ["thousands-dot.yaml", "alias-bomb.yaml"])
def test_validate_command_prints_the_message_and_exits_1(name):
    path = INVALID / name
    run = subprocess.run(
        [sys.executable, "-m", "report_drafter", "validate", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert run.stderr.splitlines() == [f"{path}:{m}" for m in EXPECTED[name]]
    assert "Traceback" not in run.stderr


def _limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_alias_bomb_is_refused_without_expanding_it():
    # Expanded, the bomb is 10^10 nodes: within 1 GiB only a refusal that stops early can finish.
    path = INVALID / "alias-bomb.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "report_drafter", "validate", str(path)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_memory,
        timeout=300,
    )
    assert run.returncode == 1 and run.stderr.splitlines() == [f"{path}:{m}" for m in EXPECTED["alias-bomb.yaml"]]


def test_file_over_the_size_limit_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("opening:\n" + "  - " + "x" * 100 + "\n" * 1 + ("  - " + "x" * 100 + "\n") * 25_000)
    assert messages(load.load_file(big)) == [f"{big}: tệp quá lớn (2,5 MB; tối đa 2 MB)"]


def test_a_file_not_in_utf8_is_explained(tmp_path):
    path = tmp_path / "cp1258.yaml"
    path.write_bytes("system: party\nissuer:\n  name: Qu\xe2n\n".encode("latin-1"))
    assert messages(load.load_file(path)) == [
        f"{path}:3: tệp không phải mã UTF-8; hãy lưu lại tệp với mã hóa UTF-8 "
        "(trong Notepad: Lưu thành… → Mã hóa: UTF-8)"
    ]


def test_every_problem_of_a_file_is_reported_at_once():
    text = BASE.replace("actual: 312,5", "actual: 12.5").replace("system: party", "system: dang")
    loaded = load.load_text(text, "x.yaml")
    assert [p.path for p in loaded.problems] == ["system", "indicators[0].actual"]


def test_growth_and_previous_that_disagree_give_a_warning_with_both_figures(tmp_path):
    from report_drafter.run import one_input as job

    path = tmp_path / "w.yaml"
    path.write_text(
        BASE.replace("        value: 458,2", "        value: 458,2\n    previous: 250\n    growth: 30"),
        encoding="utf-8",
    )
    loaded = job.validate_file(path)
    assert loaded.report is not None
    assert messages(loaded) == [
        f"{path}:21:13: indicators[0].growth: cảnh báo: tăng trưởng ghi 30% nhưng "
        "tính từ cùng kỳ (250) ra 25%; hãy kiểm tra lại previous hoặc growth"
    ]


def test_k_t_under_a_party_committee_is_a_warning():
    loaded = load.load_text(BASE.replace("  title: Bí thư", "  deputy_for: Bí thư\n  title: Phó Bí thư"), "x.yaml")
    assert loaded.report is not None
    assert [p.code for p in loaded.problems] == ["party-kt"]
    assert messages(loaded)[0].startswith("x.yaml:25:15: signature.deputy_for: cảnh báo: K/T BÍ THƯ dưới cấp ủy")


def test_defaults_merge_and_lines_point_into_the_defaults_file(tmp_path):
    defaults = tmp_path / "_defaults.yaml"
    defaults.write_text(
        "system: party\nissuer:\n  parent: Đảng bộ thành phố Hải Phòng\n  abbreviation: QU\n"
        "recipients:\n  - Lưu chung\ndraft: có lẽ\n",
        encoding="utf-8",
    )
    own = tmp_path / "a.yaml"
    own.write_text(
        BASE.replace("system: party\n", "")
        .replace("  parent: Đảng bộ thành phố Hải Phòng\n", "")
        .replace("  abbreviation: QU\n", ""),
        encoding="utf-8",
    )
    loaded = load.load_file(own, defaults)
    assert messages(loaded) == [f'{defaults}:7:8: draft: "có lẽ" không phải giá trị đúng/sai; hãy viết true hoặc false']
    defaults.write_text(defaults.read_text(encoding="utf-8").replace("draft: có lẽ", "draft: có"), encoding="utf-8")
    report = load.load_file(own, defaults).report
    assert report.issuer.parent == "Đảng bộ thành phố Hải Phòng" and report.issuer.name == "Quận ủy Kiến An"
    assert report.recipients == ("Ban Thường vụ Thành ủy (để báo cáo)", "Lưu Văn phòng Quận ủy")  # list replaced
    assert report.draft is True


def test_an_unquoted_colon_in_a_list_of_texts_is_read_as_text():
    text = BASE.replace("  - Lưu Văn phòng Quận ủy", "  - Lưu: VT, VP")
    loaded = load.load_text(text, "x.yaml")
    assert loaded.problems == [] and loaded.report.recipients[-1] == "Lưu: VT, VP"


def test_a_folders_defaults_are_read_once_and_again_when_the_file_changes(tmp_path):
    """Every input of a batch shares its `_defaults.yaml` (parsed once per process); an edit
    of the file between two runs in one process is seen, and an error in it is told each time."""
    root = Path(__file__).parents[1] / "inputs" / "hai-phong"
    folder = tmp_path / "hai-phong"
    folder.mkdir()
    for p in root.glob("*.yaml"):
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    defaults = folder / "_defaults.yaml"
    inputs = sorted(p for p in folder.glob("*.yaml") if p.name != defaults.name)
    parents = {load.load_file(p, defaults).report.issuer.parent for p in inputs}
    assert parents == {"Đảng bộ thành phố Hải Phòng"}
    text = defaults.read_text(encoding="utf-8")
    defaults.write_text(
        text.replace("Đảng bộ thành phố Hải Phòng", "Đảng bộ thành phố Hải Phòng mới"), encoding="utf-8"
    )
    assert {load.load_file(p, defaults).report.issuer.parent for p in inputs} == {"Đảng bộ thành phố Hải Phòng mới"}
    defaults.write_text(text + "  thừa: [\n", encoding="utf-8")
    for _ in range(2):
        loaded = load.load_file(inputs[0], defaults)
        assert loaded.report is None and [p.code for p in loaded.problems] == ["yaml-syntax"]


def test_a_file_that_ends_inside_an_open_list_is_told_at_its_last_line_not_with_a_traceback(tmp_path):
    path = tmp_path / "cut.yaml"
    path.write_text("system: party\nissuer: [\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "report_drafter", "validate", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 1
    assert run.stderr.startswith(f"{path}:2:1: tệp YAML viết sai cú pháp") and "Traceback" not in run.stderr
