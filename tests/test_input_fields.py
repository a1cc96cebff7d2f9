"""The fields of the input reference: each one is loaded, and each mistake has its message."""

from decimal import Decimal
from pathlib import Path

import pytest

from report_drafter.input import schema as load
from report_drafter.run import one_input as job
from report_drafter.text import context

BASE = (Path(__file__).parent / "data" / "base-valid.yaml").read_text(encoding="utf-8")
INDICATOR = "    actual: 312,5\n"


def load_with(old: str, new: str, base: str = BASE):
    assert old in base
    return load.load_text(base.replace(old, new), "x.yaml")


def messages(loaded, errors_only=False):
    return [p.format() for p in loaded.problems if p.is_error or not errors_only]


def test_a_ratio_makes_the_comparison_a_ratio():
    loaded = load_with(INDICATOR, INDICATOR + "    ratio: 112\n")
    assert messages(loaded) == []
    ind = loaded.report.indicators[0]
    assert ind.ratio == Decimal(112) and ind.compare == "ratio"


def test_growth_and_ratio_together_is_an_error():
    loaded = load_with(INDICATOR, INDICATOR + "    growth: 12\n    ratio: 112\n")
    assert loaded.report is None
    assert messages(loaded) == [
        "x.yaml:18:12: indicators[0].ratio: chỉ ghi một trong growth (% tăng, giảm so với cùng kỳ) "
        "và ratio (bằng bao nhiêu % cùng kỳ); hãy xóa một dòng"
    ]


def test_growth_of_a_hundred_or_more_with_compare_ratio_suggests_ratio():
    loaded = load_with(INDICATOR, INDICATOR + "    growth: 112\n    compare: ratio\n")
    assert loaded.report is not None
    assert messages(loaded) == [
        'x.yaml:17:13: indicators[0].growth: cảnh báo: growth: 112 với compare: ratio sẽ in "bằng 212% '
        'so với cùng kỳ"; nếu văn bản ghi "bằng 112% so với cùng kỳ" thì hãy viết ratio: 112'
    ]


def test_compared_to_sentence_and_aggregate_are_read_as_written():
    loaded = load_with(
        INDICATOR,
        INDICATOR + "    previous: 250\n    compared_to: năm 2023\n"
        '    sentence: "Thu được {actual} {unit}, {change} so với {compared_to} {{x}}."\n'
        "    aggregate: sum\n",
    )
    assert messages(loaded) == []
    ind = loaded.report.indicators[0]
    assert (ind.compared_to, ind.aggregate) == ("năm 2023", "sum")
    assert ind.sentence == "Thu được {actual} {unit}, {change} so với {compared_to} {{x}}."


def test_aggregate_defaults_to_none_and_refuses_other_words():
    assert load.load_text(BASE, "x.yaml").report.indicators[0].aggregate == "none"
    loaded = load_with(INDICATOR, INDICATOR + "    aggregate: average\n")
    assert messages(loaded) == [
        'x.yaml:17:16: indicators[0].aggregate: "average" không phải giá trị hợp lệ; hãy ghi một trong: none, sum'
    ]


@pytest.mark.parametrize(
    "sentence, message",
    [
        (
            "Thu {tong}",
            '"{tong}" trong câu: không có chỗ điền này; các chỗ điền dùng được: {name}, {actual}, '
            "{unit}, {previous}, {change}, {compared_to}, {target1}, {value1}, {percent1}",
        ),
        (
            "Thu {percent2}",
            '"{percent2}" trong câu: chỉ tiêu chỉ có 1 mục targets; các chỗ điền dùng được: '
            "{name}, {actual}, {unit}, {previous}, {change}, {compared_to}, {target1}, "
            "{value1}, {percent1}",
        ),
        (
            "Thu {actual:>9}",
            '"{actual:>9}" trong câu: không có chỗ điền này; các chỗ điền dùng được: {name}, '
            "{actual}, {unit}, {previous}, {change}, {compared_to}, {target1}, {value1}, "
            "{percent1}",
        ),
        (
            "Thu { được",
            'dấu "{" đứng lẻ trong câu; muốn in dấu ngoặc nhọn thì viết "{{", còn chỗ điền số thì viết dạng {actual}',
        ),
    ],
)
def test_sentence_placeholders_are_checked(sentence, message):
    loaded = load_with(INDICATOR, INDICATOR + f'    sentence: "{sentence}"\n')
    assert loaded.report is None
    assert messages(loaded) == [f"x.yaml:17:15: indicators[0].sentence: {message}"]


def test_a_section_table_keeps_its_caption_header_and_rows():
    loaded = load_with(
        "    indicators: [thu-ngan-sach]\n",
        "    indicators: [thu-ngan-sach]\n"
        "    table:\n      caption: Thu theo lĩnh vực\n"
        "      header: [Lĩnh vực, Thực hiện (tỷ đồng)]\n"
        '      rows:\n        - ["Thuế, phí", "52,1"]\n        - - Đất\n          - ""\n',
    )
    assert messages(loaded) == []
    table = loaded.report.results[0].table
    assert table.caption == "Thu theo lĩnh vực"
    assert table.header == ("Lĩnh vực", "Thực hiện (tỷ đồng)")
    assert table.rows == (("Thuế, phí", "52,1"), ("Đất", ""))


def test_a_table_row_split_by_decimal_commas_is_explained():
    loaded = load_with(
        "    indicators: [thu-ngan-sach]\n",
        "    indicators: [thu-ngan-sach]\n"
        "    table:\n      header: [Lĩnh vực, Thực hiện]\n"
        "      rows:\n        - [Đất, 16,9]\n",
    )
    assert loaded.report is None
    assert messages(loaded) == [
        "x.yaml:26:11: results[0].table.rows[0]: hàng có 3 ô nhưng tiêu đề (header) có 2 cột (trong "
        "[...] mỗi dấu phẩy tách một ô, kể cả dấu phẩy thập phân: 52,1 thành hai ô 52 và 1); hãy đặt ô "
        'có dấu phẩy trong ngoặc kép, ví dụ ["Thuế, phí", "52,1"], hoặc viết mỗi ô một dòng'
    ]


TASKS = "tasks:\n  items:\n    - text: Xây dựng Đảng\n      paragraphs:\n        - Tập trung chỉ đạo.\n"


def test_task_paragraphs_and_texts_with_a_colon_are_kept():
    loaded = load.load_text(BASE + TASKS + "    - Nhiệm vụ thứ 1: tiếp tục cải cách\n", "x.yaml")
    assert messages(loaded) == []
    items = loaded.report.tasks.items
    assert items[0].paragraphs == ("Tập trung chỉ đạo.",)
    assert items[1].text == "Nhiệm vụ thứ 1: tiếp tục cải cách"


def test_items_below_the_lettered_level_are_an_error():
    deep = (
        "tasks:\n  items:\n    - text: A\n      items:\n        - text: B\n          items:\n"
        "            - text: C\n              items:\n                - D\n"
    )
    loaded = load.load_text(BASE + deep, "x.yaml")
    assert loaded.report is None
    assert messages(loaded) == [
        "x.yaml:39:17: tasks.items[0].items[0].items[0].items: nhiệm vụ lồng quá ba cấp (1., 1.1., a)): "
        "dưới cấp a), b) không còn cấp nào; hãy viết các ý này thành đoạn văn của mục cha hoặc đưa lên "
        "một cấp (bỏ khóa items này)"
    ]


@pytest.mark.parametrize("written", ['""', '" "', "~", "null", ""])
def test_an_empty_heading_is_an_error(written):
    loaded = load_with("  - heading: Kinh tế\n", f"  - heading: {written}\n")
    assert loaded.report is None
    assert len(messages(loaded)) == 1 and "results[0].heading: " in messages(loaded)[0]


@pytest.mark.parametrize(
    "field", ["issuer.name", "issuer.abbreviation", "issuer.place", "signature.title", "signature.name"]
)
@pytest.mark.parametrize("written", ['""', "~", "null", '" "'])
def test_an_empty_required_field_always_has_its_message(field, written):
    section, key = field.split(".")
    lines = BASE.splitlines(keepends=True)
    start = lines.index(f"{section}:\n")
    i = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(f"  {key}:"))
    lines[i] = f"  {key}: {written}\n"
    loaded = load.load_text("".join(lines), "x.yaml")
    assert loaded.report is None
    assert [p.format() for p in loaded.problems] and all(p.path == field and p.line == i + 1 for p in loaded.problems)


REVIEW = (
    "review:\n  subject: Nghị quyết số 06-NQ/TU ngày 15/3/2023 của Ban Thường vụ Thành ủy\n"
    "  short: Nghị quyết\n  from: 2023\n"
)
PERIOD = "period:\n  kind: nine_months\n  year: 2019\n"


def test_review_instead_of_period_loads_and_renders_a_context():
    loaded = load_with(PERIOD, REVIEW + "  to: 2025\n")
    assert messages(loaded) == []
    report = loaded.report
    assert report.period is None
    assert (report.review.short, report.review.from_, report.review.to) == ("Nghị quyết", 2023, 2025)
    ctx = context.build_context(report)
    assert ctx["body"] and job.stem_of(report)


def test_review_to_defaults_to_the_year_of_the_date():
    loaded = load_with(PERIOD, REVIEW, BASE.replace("date: 2019-09-30", "date: 2026-03-10"))
    assert loaded.report.review.to == 2026
    assert job.stem_of(loaded.report) == "quan-uy-kien-an-so-ket-nghi-quyet-2023-2026"


def test_period_and_review_together_or_neither():
    both = load_with(PERIOD, PERIOD + REVIEW)
    assert messages(both) == [
        "x.yaml:13:3: review: chỉ ghi một trong period (báo cáo định kỳ) và review "
        "(sơ kết thực hiện một văn bản); hãy xóa khóa còn lại"
    ]
    neither = load_with(PERIOD, "")
    assert messages(neither) == [
        "x.yaml:1:1: period: thiếu period (kỳ báo cáo: kind, index, year); báo cáo "
        "sơ kết thực hiện một văn bản thì ghi review thay cho period"
    ]


def test_a_month_period_runs_from_one_to_twelve():
    loaded = load_with(PERIOD, "period:\n  kind: month\n  index: 9\n  year: 2019\n")
    assert messages(loaded) == []
    assert (loaded.report.period.kind, loaded.report.period.index) == ("month", 9)
    assert "THÁNG 9 NĂM 2019" in context.build_context(loaded.report)["body"][0]["runs"][0]["text"]
    bad = load_with(PERIOD, "period:\n  kind: month\n  index: 13\n  year: 2026\n")
    assert messages(bad) == ["x.yaml:11:10: period.index: 13 nằm ngoài khoảng cho phép; hãy ghi một số từ 1 đến 12"]


def test_meeting_time_place_conclusion_and_regulation():
    meeting = (
        "meeting:\n  date: 2019-07-09\n  time: chiều\n  place: Hội trường Quận ủy\n"
        "  conclusion:\n    - Tập trung chỉ đạo.\nregulation: hd36-2018\n"
    )
    loaded = load.load_text(BASE + meeting, "x.yaml")
    assert messages(loaded) == []
    m = loaded.report.meeting
    assert (m.time, m.place, m.conclusion) == ("chiều", "Hội trường Quận ủy", ("Tập trung chỉ đạo.",))
    assert loaded.report.regulation == "hd36-2018"
    bad = load.load_text(BASE + "meeting:\n  time: trưa\n", "x.yaml")
    assert messages(bad) == [
        'x.yaml:32:9: meeting.time: "trưa" không phải giá trị hợp lệ; hãy ghi một trong: sáng, chiều, tối'
    ]


def _variants():
    """Every field line of the base file, emptied or given the wrong shape."""
    lines = BASE.splitlines(keepends=True)
    for i, line in enumerate(lines):
        head, sep, value = line.partition(": ")
        if not sep or not value.strip():
            continue
        for written in ('""', "~", "null", '" "', "[]", "{}", "[a, b]", "{a: b}"):
            yield i, "".join(lines[:i] + [f"{head}: {written}\n"] + lines[i + 1 :])


def test_no_failing_input_has_an_empty_problem_list():
    checked = 0
    for i, text in _variants():
        loaded = load.load_text(text, "x.yaml")
        errors = [p for p in loaded.problems if p.is_error]
        assert (loaded.report is None) == bool(errors), (i, text)
        assert all(p.file == "x.yaml" and p.line and p.path for p in errors), (i, errors)
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "text, where, message",
    [
        (
            'system: party\nissuer:\n  name: "Quận ủy\n\n',
            "3:9",
            'dấu ngoặc kép mở ở đây chưa được đóng; hãy thêm dấu " ở cuối giá trị',
        ),
        (
            "system: party\nopening: [a, b\n",
            "2:10",
            'danh sách [ mở ở đây chưa được đóng; hãy thêm ] ở cuối, hoặc viết mỗi mục một dòng bắt đầu bằng "- "',
        ),
        (
            "system: party\ntitle: Nhiệm vụ: abc\n",
            "2:16",
            'có dấu hai chấm trong giá trị; hãy đặt cả giá trị trong ngoặc kép, ví dụ "Nhiệm vụ 1: tiếp tục …"',
        ),
    ],
)
def test_a_syntax_error_at_the_end_points_where_it_began(text, where, message):
    loaded = load.load_text(text, "x.yaml")
    assert messages(loaded) == [f"x.yaml:{where}: tệp YAML viết sai cú pháp: {message}"]


def test_a_date_before_the_end_of_the_period_warns():
    loaded = load_with("date: 2019-09-30", "date: 2019-09-20")
    assert loaded.report is not None
    assert messages(loaded) == [
        "x.yaml:8:7: date: cảnh báo: ngày ban hành 20/09/2019 trước khi kỳ báo cáo kết thúc (30/09/2019); "
        "hãy kiểm tra date và period (báo cáo gửi trước cuối kỳ thì ghi estimated: true cho các số ước tính)"
    ]
    estimated = load_with(
        INDICATOR, INDICATOR + "    estimated: true\n", BASE.replace("date: 2019-09-30", "date: 2019-09-20")
    )
    assert messages(estimated) == []


@pytest.mark.parametrize("written", ['""', "~"])
def test_a_blank_number_says_to_delete_the_line(written):
    loaded = load_with("number: 14", f"number: {written}")
    assert loaded.report.number is None
    assert messages(loaded) == [
        "x.yaml:7:9: number: cảnh báo: số văn bản để trống; hãy xóa dòng này để văn thư điền số"
    ]


def test_output_written_with_its_suffix_is_not_doubled():
    loaded = load.load_text(BASE + "output: bao-cao.docx\n", "x.yaml")
    assert job.stem_of(loaded.report) == "bao-cao"


def test_a_party_report_needs_the_parent_committee():
    loaded = load_with("  parent: Đảng bộ thành phố Hải Phòng\n", "")
    assert messages(loaded) == [
        "x.yaml:3:3: issuer.parent: thiếu parent (văn bản của Đảng ghi cấp ủy cấp trên "
        "ở dòng đầu tiêu đề), ví dụ parent: Đảng bộ thành phố Hải Phòng"
    ]


def test_text_written_with_a_colon_is_read_as_typed():
    text = BASE + "opening:\n  - Căn cứ: Nghị quyết số 12\nassessment:\n  strengths:\n    - Kết quả: tốt\n"
    loaded = load.load_text(text, "x.yaml")
    assert messages(loaded) == []
    assert loaded.report.opening == ("Căn cứ: Nghị quyết số 12",)
    assert loaded.report.assessment.strengths == ("Kết quả: tốt",)


def test_a_unit_typed_after_a_figure_gets_a_valid_suggestion():
    loaded = load_with(INDICATOR, "    growth: 10.2%\n")
    assert messages(loaded) == [
        'x.yaml:16:13: indicators[0].growth: "10.2%" không phải số viết theo kiểu '
        "Việt Nam; hãy viết 10,2 (chỉ ghi số, đơn vị ghi ở khóa unit)"
    ]
