"""Issue 13, loader points: hostile YAML is refused with a message, never a crash.

Each test reproduces a defect found by the hostile-input probe (deep nesting that
crashed libyaml, aliases that expand to gigabytes, numbers no report can hold,
duplicate keys, wrong suggestions, negative bases, `{_{ }_}` changed on output).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from report_drafter.input import schema as load

ROOT = Path(__file__).parents[1]
BASE = (ROOT / "tests" / "data" / "base-valid.yaml").read_text(encoding="utf-8")
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def cli(*args, preexec_fn=None):
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", *map(str, args)],
        capture_output=True,
        text=True,
        env=ENV,
        preexec_fn=preexec_fn,
        timeout=300,
    )


def messages(loaded):
    return [p.format() for p in loaded.problems]


def deep(n: int) -> str:
    return "opening: " + "[" * n + "x" + "]" * n + "\n"


# ------------------------------------------------------------------ 1. deep nesting

DEEP_MESSAGE = (
    "tệp lồng quá sâu (trên 64 cấp danh sách, bảng khóa lồng nhau); báo cáo chỉ cần vài "
    "cấp, hãy kiểm tra các dấu [ { và thụt lề"
)


@pytest.mark.parametrize(
    "text, where",
    [
        (deep(30_000), "1:73"),  # crashed libyaml's composer (exit 139)
        (deep(100), "1:73"),  # few enough brackets to compose
        ("opening:\n" + "- " * 30_000 + "x\n", "2:127"),  # block sequences, one line
    ],
    ids=["flow-30000", "flow-100", "block-30000"],
)
def test_deep_nesting_is_refused_with_its_own_message(text, where):
    assert messages(load.load_text(text, "x.yaml")) == [f"x.yaml:{where}: {DEEP_MESSAGE}"]


def test_nesting_a_report_needs_is_accepted():
    tasks = (
        "tasks:\n  items:\n    - text: Việc 1\n      items:\n        - text: Việc 1.1\n"
        "          items:\n            - Việc a\n"
    )
    loaded = load.load_text(BASE + tasks, "x.yaml")
    assert loaded.problems == [] and loaded.report.tasks.items[0].items[0].items[0].text == "Việc a"


def test_a_deep_file_in_a_batch_fails_alone_and_the_others_are_written(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "sau.yaml").write_text(deep(30_000), encoding="utf-8")
    (src / "tot.yaml").write_text(BASE, encoding="utf-8")
    run = cli("render", src, "-o", tmp_path / "out")
    assert run.returncode == 1, run.stderr
    assert f"{src / 'sau.yaml'}:1:73: {DEEP_MESSAGE}" in run.stderr.splitlines()
    assert "Traceback" not in run.stderr and "bí danh" not in run.stderr
    assert (tmp_path / "out" / "quan-uy-kien-an-2019-9t.docx").is_file()


def test_deep_defaults_file_is_reported_for_every_input_without_a_crash(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "_defaults.yaml").write_text(deep(30_000), encoding="utf-8")
    (src / "tot.yaml").write_text(BASE, encoding="utf-8")
    run = cli("render", src, "-o", tmp_path / "out")
    assert run.returncode == 1, run.stderr
    assert f"{src / '_defaults.yaml'}:1:73: {DEEP_MESSAGE}" in run.stderr.splitlines()
    assert "Traceback" not in run.stderr


# ------------------------------------------------------------- 8. expanded aliases


def _limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB of address space


def test_aliases_that_expand_to_gigabytes_are_refused_within_1_gib(tmp_path):
    path = tmp_path / "bom.yaml"
    refs = ", ".join(["*s"] * 5_000)
    path.write_text(f'big: &s "{"x" * 1_000_000}"\nopening: [{refs}]\n', encoding="utf-8")
    run = cli("validate", path, preexec_fn=_limit_memory)
    assert run.returncode == 1, run.stderr[-2000:]
    assert run.stderr.splitlines() == [
        f"{path}:1:6: tệp dùng bí danh YAML (alias *…) làm nội dung phình ra quá lớn (trên 2.097.152 "
        f"ký tự khi thay bí danh bằng giá trị); hãy viết các giá trị ra trực tiếp"
    ]


def test_a_few_aliases_of_a_short_text_are_fine():
    text = BASE.replace("recipients:\n", "opening: [&o Mở đầu, *o, *o]\nrecipients:\n")
    loaded = load.load_text(text, "x.yaml")
    assert loaded.problems == [] and loaded.report.opening == ("Mở đầu",) * 3


# -------------------------------------------------------------------- 9. huge numbers


@pytest.mark.parametrize(
    "written, message",
    [
        ("123.456.789.012.345.678.901.234.567.890", '"123.456.789.012.345.678.901.234.567.890" có quá nhiều chữ số'),
        ("1234567890123456789012345678901234567890", '"1234567890123456789012345678901234567890" có quá nhiều chữ số'),
        ("312,0000000000000000000000001", '"312,0000000000000000000000001" có quá nhiều chữ số'),
    ],
)
def test_numbers_beyond_a_report_are_refused_at_load(written, message):
    loaded = load.load_text(BASE.replace("actual: 312,5", f"actual: {written}"), "x.yaml")
    assert messages(loaded) == [
        f"x.yaml:16:13: indicators[0].actual: {message} (báo cáo ghi tối đa 15 chữ số phần nguyên và 6 "
        f"chữ số thập phân); hãy làm tròn hoặc đổi sang đơn vị lớn hơn (ví dụ tỷ đồng thay cho đồng)"
    ]


def test_the_largest_figures_a_report_may_hold_still_compute(tmp_path):
    path = tmp_path / "lon.yaml"
    path.write_text(
        BASE.replace("actual: 312,5", "actual: 999.999.999.999.999,999999").replace("value: 458,2", "value: 0,000001"),
        encoding="utf-8",
    )
    run = cli("render", path, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    texts = [p.text for p in Document(str(tmp_path / "out" / "quan-uy-kien-an-2019-9t.docx")).paragraphs]
    assert (
        "Thu ngân sách đạt 999.999.999.999.999,999999 tỷ đồng, đạt 99.999.999.999.999.999.999.900% dự toán năm."
    ) in texts


@pytest.mark.parametrize("command", ["validate", "context", "render"])
@pytest.mark.parametrize(
    "old, new",
    [
        ("actual: 312,5", "actual: 1234567890123456789012345678901234567890"),
        ("value: 458,2", "value: 0,00000000000000000000000000000000001"),
        ("    actual: 312,5", "    actual: 312,5\n    previous: 0,000000000000000000000000000000001"),
        ("number: 14", "number: " + "9" * 5000),
    ],
)
def test_no_command_prints_a_traceback_on_huge_numbers(tmp_path, command, old, new):
    path = tmp_path / "so.yaml"
    path.write_text(BASE.replace(old, new), encoding="utf-8")
    extra = ["-o", tmp_path / "out"] if command == "render" else []
    run = cli(command, path, *extra)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "quá" in run.stderr


# ------------------------------------------------------------- 12. loader messages


def test_a_duplicate_key_is_an_error_naming_both_lines():
    text = BASE.replace("  place: Kiến An\n", "  place: Kiến An\n  name: Quận ủy Lê Chân\n")
    assert messages(load.load_text(text, "x.yaml")) == [
        'x.yaml:7:3: issuer.name: khóa "name" được ghi hai lần (dòng 4 và dòng 7); YAML chỉ giữ lần '
        "ghi sau, hãy xóa hoặc gộp một trong hai"
    ]


def test_a_duplicate_key_in_the_defaults_file_is_reported_there(tmp_path):
    defaults = tmp_path / "_defaults.yaml"
    defaults.write_text("system: party\ndraft: true\nsystem: state\n", encoding="utf-8")
    own = tmp_path / "a.yaml"
    own.write_text(BASE, encoding="utf-8")
    assert messages(load.load_file(own, defaults)) == [
        f'{defaults}:3:1: system: khóa "system" được ghi hai lần (dòng 1 và dòng 3); YAML chỉ giữ lần '
        "ghi sau, hãy xóa hoặc gộp một trong hai"
    ]


def test_decimal_commas_in_a_flow_mapping_are_not_called_duplicates():
    text = BASE.replace(
        "      - label: dự toán năm\n        value: 458,2",
        "      - {label: dự toán năm, value: 1,500}\n      - {label: kế hoạch, value: 2,500}",
    )
    assert [p.code for p in load.load_text(text, "x.yaml").problems] == ["flow-comma", "flow-comma"]


@pytest.mark.parametrize(
    "written, hint",
    [
        ("1e999", "một số thập phân đầy đủ, ví dụ 1.250 hoặc 69,037 (1e999 vượt quá số một báo cáo ghi được)"),
        (
            "0x1F0000000000000000000",
            "một số thập phân đầy đủ, ví dụ 1.250 hoặc 69,037 (0x1F0000000000000000000 "
            "vượt quá số một báo cáo ghi được)",
        ),
        ("1e3", "1.000"),
        ("2,5e3", "2.500"),
        ("0x1F", "31"),
        (".nan", "số với dấu chấm tách hàng nghìn và dấu phẩy thập phân, ví dụ 1.250 hoặc 69,037"),
        (".inf", "số với dấu chấm tách hàng nghìn và dấu phẩy thập phân, ví dụ 1.250 hoặc 69,037"),
        ("-.inf", "số với dấu chấm tách hàng nghìn và dấu phẩy thập phân, ví dụ 1.250 hoặc 69,037"),
        ("312 tỷ", "312 (chỉ ghi số, đơn vị ghi ở khóa unit)"),
    ],
)
def test_suggested_fixes_for_yaml_number_spellings_are_right(written, hint):
    loaded = load.load_text(BASE.replace("actual: 312,5", f"actual: {written}"), "x.yaml")
    assert messages(loaded) == [
        f'x.yaml:16:13: indicators[0].actual: "{written}" không phải số viết theo kiểu Việt Nam; hãy viết {hint}'
    ]


def test_a_negative_target_is_refused():
    loaded = load.load_text(BASE.replace("value: 458,2", "value: -458,2"), "x.yaml")
    assert messages(loaded) == [
        "x.yaml:19:16: indicators[0].targets[0].value: kế hoạch là số âm thì tỷ lệ đạt được vô nghĩa; "
        "hãy ghi số kế hoạch dương (không có dấu -)"
    ]


def test_a_negative_previous_is_refused():
    loaded = load.load_text(BASE.replace("    actual: 312,5", "    actual: 312,5\n    previous: -100"), "x.yaml")
    assert messages(loaded) == [
        "x.yaml:17:15: indicators[0].previous: số cùng kỳ là số âm thì tỷ lệ tăng, giảm vô nghĩa; hãy "
        "ghi số cùng kỳ dương, hoặc bỏ previous và ghi growth (% tăng, giảm)"
    ]


def test_braces_with_underscores_come_out_as_written(tmp_path):
    written = "Kinh tế {_{ x }_} và {_% if %_} {{ y }}"
    path = tmp_path / "ngoac.yaml"
    path.write_text(
        BASE.replace("  - heading: Kinh tế", f"  - heading: '{written}'").replace(
            "  - Lưu Văn phòng Quận ủy", "  - 'Lưu {_{ VP }_}'"
        ),
        encoding="utf-8",
    )
    run = cli("render", path, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    doc = Document(str(tmp_path / "out" / "quan-uy-kien-an-2019-9t.docx"))
    texts = [p.text for p in doc.paragraphs]
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert "I. Kinh tế {_{ x }_} và {_% if %_} {{ y }}" in texts or written in texts, texts
    assert "- Lưu {_{ VP }_}." in cells
