"""Issue 21: the rough edges a clerk meets in the first hour — starter files, encodings,
a Word document where a YAML file belongs, help texts, messages only in Vietnamese."""

import re
import zipfile
from pathlib import Path

import pytest

from cli_helpers import cli
from report_drafter import cli as cli_module
from report_drafter.input import schema as load
from report_drafter.input import starter

ENGLISH = re.compile(
    r"\b(No such file|Error|error|while parsing|did not find|expected|found|"
    r"PackageNotFound|Permission denied|not a)\b"
)


# ------------------------------------------------------------------ new -o, encodings


def test_new_writes_a_file_and_will_not_overwrite_it_without_force(tmp_path):
    target = tmp_path / "do-son.yaml"
    made = cli("new", "--system", "state", "-o", target)
    assert made.returncode == 0, made.stderr
    assert target.read_text(encoding="utf-8") == starter.starter("state")
    assert str(target) in made.stdout
    target.write_text("đã có số liệu\n", encoding="utf-8")
    again = cli("new", "-o", target)
    assert again.returncode == 2
    assert "không ghi đè" in again.stderr and "--force" in again.stderr
    assert target.read_text(encoding="utf-8") == "đã có số liệu\n"
    forced = cli("new", "-o", target, "--force")
    assert forced.returncode == 0 and target.read_text(encoding="utf-8") == starter.starter()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_inputs_with_a_byte_order_mark_are_read_in_their_encoding(tmp_path, encoding):
    """PowerShell 5.1's `new > tệp.yaml` writes UTF-16 with a BOM: it reads as the same input."""
    text = starter.starter()
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "in.yaml"
    path.write_bytes(data)
    loaded = load.load_file(path)
    assert loaded.ok, [p.format() for p in loaded.problems]
    assert loaded.report == load.load_text(text).report


def test_a_folder_defaults_file_in_utf16_is_read_too(tmp_path):
    (tmp_path / "_defaults.yaml").write_bytes("system: state\n".encode("utf-16"))
    body = starter.starter("state").replace("system: state", "# system from _defaults.yaml")
    (tmp_path / "a.yaml").write_text(body, encoding="utf-8")
    loaded = load.load_file(tmp_path / "a.yaml", tmp_path / "_defaults.yaml")
    assert loaded.ok, [p.format() for p in loaded.problems]
    assert loaded.report.system == "state"


# ------------------------------------------------------------ a document given as input


def _docx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return path


def test_a_word_document_given_as_input_is_named_with_the_command_that_takes_it(tmp_path):
    doc = _docx(tmp_path / "bao-cao.docx")
    for command in ("render", "validate", "update"):
        run = cli(command, doc, "-o", tmp_path / "out") if command != "validate" else cli(command, doc)
        assert run.returncode != 0
        assert "văn bản Word (.docx)" in run.stderr, run.stderr
        assert f"report-drafter check {doc}" in run.stderr and "update TỆP.yaml" in run.stderr
        assert "UTF-8" not in run.stderr and "Notepad" not in run.stderr


@pytest.mark.parametrize(
    "head, words",
    [
        (b"%PDF-1.7\n", "tệp PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "dạng cũ (.doc, .xls)"),
    ],
)
def test_other_documents_given_as_input_are_named(tmp_path, head, words):
    path = tmp_path / "x.yaml"
    path.write_bytes(head)
    loaded = load.load_file(path)
    assert not loaded.ok and words in loaded.problems[0].message


def test_a_workbook_given_as_input_points_to_figures(tmp_path):
    path = tmp_path / "so-lieu.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    message = load.load_file(path).problems[0].message
    assert "bảng tính Excel" in message and f"--figures {path}" in message


def test_check_on_a_yaml_file_says_what_it_is_in_vietnamese(tmp_path):
    path = tmp_path / "base.yaml"
    path.write_text(starter.starter(), encoding="utf-8")
    run = cli("check", path)
    assert run.returncode == 1
    assert f"report-drafter validate {path}" in run.stdout + run.stderr
    assert "PackageNotFoundError" not in run.stdout + run.stderr


# ------------------------------------------------------------------ messages, help


@pytest.mark.parametrize(
    "text",
    [
        "issuer:\n  - a\n  b: c\n",  # block collection without '-'
        "a: b\n- c\n",  # block mapping without key
        "a: *x\n",  # undefined alias
        "a: [\n",  # unclosed flow at the end of the file
        'a: "x\\q"\n',  # unknown escape
        "a: - b\n",  # sequence entry after a key
    ],
)
def test_yaml_syntax_problems_are_described_in_vietnamese(tmp_path, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    problems = load.load_file(path).problems
    assert problems and problems[0].line >= 1
    assert not ENGLISH.search(problems[0].message), problems[0].message


def test_missing_and_unreadable_files_are_told_in_vietnamese(tmp_path):
    from report_drafter.files import kind as filekind

    assert filekind.os_reason(FileNotFoundError(2, "No such file or directory")) == "không có tệp hoặc thư mục này"
    assert filekind.os_reason(PermissionError(13, "Permission denied")) == "không có quyền truy cập"
    assert not ENGLISH.search(filekind.os_reason(OSError(999, "Weird error")))
    run = cli("check", tmp_path / "khong-co.docx")
    assert not ENGLISH.search(run.stdout + run.stderr)


def _help(*command):
    return (
        cli_module.build_parser()._subparsers._group_actions[0].choices[command[0]].format_help()
        if command
        else cli_module.build_parser().format_help()
    )


@pytest.mark.parametrize("command", sorted(cli_module.COMMANDS))
def test_every_option_is_described_and_every_command_has_an_example(command):
    parser = cli_module.build_parser()._subparsers._group_actions[0].choices[command]
    for action in parser._actions:
        assert action.help and action.help != "==SUPPRESS==", f"{command} {action.option_strings or action.dest}"
    text = parser.format_help()
    assert "ví dụ:" in text and f"report-drafter {command}" in text.split("ví dụ:")[1]


def test_period_choices_are_grouped_not_listed_on_one_line():
    text = _help("new")
    assert "{quarter-1,quarter-2" not in text
    for words in ("quý: quarter-1 … quarter-4", "tháng: month-1 … month-12", "nine-months"):
        assert words in " ".join(text.split())


# ------------------------------------------------------------------ starters


@pytest.mark.parametrize("unit", starter.UNIT_CHOICES)
def test_the_state_starter_has_no_party_wording(unit):
    text = starter.starter("state", unit=unit)
    for party in ("Lãnh đạo", "xây dựng Đảng", "ĐU: Đảng ủy", "Thành ủy)"):
        assert party not in text, party
    assert load.load_text(text).ok
    party_text = starter.starter("party", unit=unit)
    assert "Lãnh đạo phát triển kinh tế" in party_text and "xây dựng Đảng" in party_text


# ------------------------------------------------------------------ figures (issue 21, 7–9)

BASE = starter.starter("state")
INDICATOR = """\
  - id: thu-ngan-sach           # mã để mục kết quả gọi tới (không bắt buộc)
    name: Tổng thu ngân sách nhà nước trên địa bàn   # tên chỉ tiêu
    unit: tỷ đồng               # đơn vị tính
    actual: 69,037              # số thực hiện trong kỳ
    estimated: true             # true: "ước đạt"; false: "đạt"
"""


def _with(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


@pytest.mark.parametrize(
    "field, written, suggestion",
    [
        ("actual", "85.426", "85.426 → 85,426?"),  # 85 426 against a plan of 140,6
        ("previous", "55.810", "55.810 → 55,810?"),  # last year 55 810: 0,1 % of it
        ("growth", "23.700", "23.700 → 23,700?"),  # a growth of 23 700 %
    ],
)
def test_a_figure_that_cannot_be_right_is_warned_with_the_comma_suggested(field, written, suggestion):
    old = {"actual": "actual: 69,037", "previous": "previous: 55,81", "growth": "previous: 55,81"}[field]
    loaded = load.load_text(_with(BASE, old, f"{field}: {written}"), "x.yaml")
    warned = [p for p in loaded.problems if p.code == "implausible-figure"]
    assert len(warned) == 1 and loaded.ok
    assert warned[0].path == f"indicators[0].{field}" and warned[0].line == next(
        i for i, line in enumerate(BASE.splitlines(), 1) if line.strip().startswith(old.split(":")[0])
    )
    assert suggestion in warned[0].message and written in warned[0].message


def test_plausible_figures_are_not_warned():
    for old, new in (("actual: 69,037", "actual: 1.250"), ("value: 140,6", "value: 1.406")):
        loaded = load.load_text(_with(_with(BASE, old, new), "previous: 55,81", "growth: 12"), "x.yaml")
        assert not [p for p in loaded.problems if p.code == "implausible-figure"], new


def _sentence(extra: str, unit: str = "vụ", actual: str = "7", previous: str = "9", targets: str = "") -> str:
    text = _with(
        BASE,
        INDICATOR,
        f"""\
  - id: tai-nan
    name: Số vụ tai nạn giao thông
    unit: "{unit}"
    actual: {actual}
{extra}{targets}    previous: {previous}
""",
    )
    text = _with(
        text,
        """    targets:                    # kế hoạch, dự toán để so sánh (theo thứ tự)
      - label: dự toán thành phố   # tên kế hoạch, dự toán
        value: 140,6              # số kế hoạch, dự toán
    previous: 55,81             # cùng kỳ năm trước; hoặc ghi growth: 23,7 (% tăng) nếu không có
""",
        "",
    )
    text = text.replace("indicators: [thu-ngan-sach]", "indicators: [tai-nan]")
    loaded = load.load_text(text, "x.yaml")
    assert loaded.ok, [p.format() for p in loaded.problems]
    from report_drafter.text import compute

    return compute.indicator_sentence(loaded.report.indicators[0])


def test_a_lower_is_better_indicator_does_not_read_as_an_achievement():
    assert _sentence("") == "Số vụ tai nạn giao thông đạt 7 vụ, giảm 22,2% so với cùng kỳ."  # as before
    assert _sentence("    direction: down\n") == "Số vụ tai nạn giao thông: 7 vụ, giảm 22,2% so với cùng kỳ."
    assert (
        _sentence("    verb: xảy ra\n    direction: down\n")
        == "Số vụ tai nạn giao thông xảy ra 7 vụ, giảm 22,2% so với cùng kỳ."
    )
    assert (
        _sentence("    verb: xảy ra\n    estimated: true\n")
        == "Số vụ tai nạn giao thông ước xảy ra 7 vụ, giảm 22,2% so với cùng kỳ."
    )
    assert (
        _sentence("    direction: down\n", targets="    targets:\n      - label: mức trần năm\n        value: 20\n")
        == "Số vụ tai nạn giao thông: 7 vụ, bằng 35% mức trần năm, giảm 22,2% so với cùng kỳ."
    )


def test_a_percentage_indicator_does_not_read_achieved_twice():
    text = _sentence(
        "",
        unit="%",
        actual="93,6",
        previous="90",
        targets="    targets:\n      - label: chỉ tiêu năm\n        value: 95\n",
    )
    assert text == "Số vụ tai nạn giao thông đạt 93,6%, bằng 98,5% chỉ tiêu năm, tăng 4% so với cùng kỳ."
    assert "đạt 93,6%, đạt" not in text


def test_a_wrong_direction_is_an_error_naming_the_choices():
    text = _with(BASE, "    actual: 69,037", "    actual: 69,037\n    direction: xuống")
    problems = load.load_text(text, "x.yaml").problems
    assert any(p.path == "indicators[0].direction" and "down" in p.message for p in problems)


def test_one_indicator_listed_in_two_sections_is_warned():
    text = _with(
        BASE,
        '      - "- Công tác quản lý đô thị đạt kết quả **tích cực**."\n',
        '      - "- Công tác quản lý đô thị đạt kết quả **tích cực**."\n'
        "  - heading: Tài chính\n    indicators: [thu-ngan-sach]\n",
    )
    loaded = load.load_text(text, "x.yaml")
    twice = [p for p in loaded.problems if p.code == "indicator-twice"]
    assert len(twice) == 1 and loaded.ok
    assert twice[0].path == "results[1].indicators[0]" and "results[0].indicators" in twice[0].message
    assert (
        twice[0].line
        == text.splitlines().index("    indicators: [thu-ngan-sach]", text.splitlines().index("  - heading: Tài chính"))
        + 1
    )


def test_the_news_brief_does_not_copy_the_reports_opening_formula(tmp_path):
    path = tmp_path / "do-son.yaml"
    path.write_text(starter.starter("party"), encoding="utf-8")
    run = cli("brief", path, "-o", tmp_path, "--format", "md")
    assert run.returncode == 0, run.stderr
    article = (tmp_path / "dang-uy-phuong-do-son-2026-6t-tin-bai.md").read_text(encoding="utf-8")
    assert "như sau" not in article and "báo cáo kết quả" not in article
    paragraphs = article.split("\n\n")
    assert paragraphs[2] == "Hội nghị đánh giá kết quả thực hiện chương trình công tác năm 2026."
    assert paragraphs[3].startswith("Báo cáo tại Hội nghị cho biết, trong 6 tháng đầu năm 2026, ")


def test_the_appendix_names_its_ratio_column_as_every_table_does():
    """118,7 under "So với cùng kỳ (%)" is a ratio; a signed change is "Tăng/giảm so với …"."""
    from report_drafter.rules import book as layout
    from report_drafter.text import context

    report = load.load_text(BASE, "x.yaml").report
    table = context.appendix(report)
    assert table["columns"][-1] == layout.RATIO_COLUMN.format(against="cùng kỳ") == "So với cùng kỳ (%)"
    assert table["rows"][0]["vs_previous"] == "123,7"  # 69,037 / 55,81: a ratio, no sign
    assert layout.GROWTH_COLUMN.format(against="cùng kỳ") == "Tăng/giảm so với cùng kỳ (%)"
    assert not any(c.startswith("Tăng/giảm") for c in table["columns"])


# ------------------------------------------------------------------ the README (issue 21, 1)

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_a_short_users_page_with_the_two_commands_unchanged():
    assert len(README.splitlines()) <= 200
    assert "```sh\npython3 -m pip install . && report-drafter render inputs inputs/*/ -o outputs\n```" in README
    assert "```sh\npython3 -m pip install '.[test]' && python3 -m pytest -q\n```" in README
    assert "python3 -m pytest -q\n" in (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "docs/first-page.png" in README and "docs/huong-dan-van-thu.md" in README


def test_every_page_the_readme_links_exists():
    root = Path(__file__).parents[1]
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        assert (root / target).exists(), target
    for page in re.findall(r"\]\(([\w-]+\.md)\)", (root / "docs" / "huong-dan-van-thu.md").read_text(encoding="utf-8")):
        assert (root / "docs" / page).exists(), page


def test_the_readme_input_example_loads_and_prints_the_sentence_it_shows(tmp_path):
    from report_drafter.text import compute

    example = README.split("```yaml\n", 1)[1].split("```", 1)[0]
    loaded = load.load_text(example, "README.md")
    assert loaded.ok, [p.format() for p in loaded.problems]
    sentence = compute.indicator_sentence(loaded.report.indicators[0])
    assert sentence in " ".join(README.split())


def test_the_readme_first_steps_run_as_written(tmp_path):
    block = README.split("## Ba bước đầu tiên\n\n```sh\n", 1)[1].split("```", 1)[0]
    for line in block.splitlines():
        args = line.split("#")[0].split()[1:]
        run = cli(*args, cwd=tmp_path)
        assert run.returncode == 0, (line, run.stderr)
    assert (tmp_path / "outputs" / "uy-ban-nhan-dan-phuong-do-son-2026-6t.docx").exists()


def test_template_errors_are_told_in_vietnamese():
    from report_drafter.document import render

    class Fake(Exception):
        pass

    assert (
        render._in_vietnamese(Fake("'header' is undefined"))
        == "biến header không có trong dữ liệu mẫu (xem report-drafter templates)"
    )
    assert (
        render._in_vietnamese(Fake("'dict object' has no attribute 'tieu_de'"))
        == "không có khóa tieu_de ở đây (xem docs/context.md)"
    )
