"""Figures and indicator sentences: Decimal, half-up, the spec's sentence form."""

from decimal import Decimal as D

import pytest

from report_drafter.model import Indicator, Target
from report_drafter.text import compute

BUDGET = Indicator(
    name="Tổng thu ngân sách nhà nước trên địa bàn",
    unit="tỷ đồng",
    actual=D("69.037"),
    estimated=True,
    targets=(Target("dự toán thành phố", D("140.6")), Target("dự toán HĐND quận", D("162.4"))),
    previous=D("55.81"),
)


def test_the_spec_example_sentence_is_reproduced():
    assert compute.indicator_sentence(BUDGET) == (
        "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 69,037 tỷ đồng, đạt 49,1% dự toán thành phố; "
        "42,5% dự toán HĐND quận, tăng 23,7% so với cùng kỳ."
    )


@pytest.mark.parametrize(
    "num, den, result",
    [
        (D("1"), D("2000"), D("0.1")),  # 0.05 → 0.1 (half-up, not banker's)
        (D("12.25"), D("100"), D("12.3")),
        (D("0.04"), D("100"), D("0.0")),
        (D("4465.775"), D("6942.090"), D("64.3")),  # Hà Nội seed: the news rounded this to 64%
        (D("-1"), D("2000"), D("-0.1")),
    ],
)
def test_percent_rounds_half_up(num, den, result):
    assert compute.percent(num, den) == result


@pytest.mark.parametrize(
    "ind, sentence",
    [
        (Indicator(name="Giá trị sản xuất CN-TTCN", growth=D("9")), "Giá trị sản xuất CN-TTCN tăng 9% so với cùng kỳ."),
        (
            Indicator(name="Số hộ nghèo", unit="hộ", actual=D("95"), previous=D("100.2")),
            "Số hộ nghèo đạt 95 hộ, giảm 5,2% so với cùng kỳ.",
        ),
        (
            Indicator(name="Thu ngân sách", unit="tỷ đồng", actual=D("50"), previous=D("50")),
            "Thu ngân sách đạt 50 tỷ đồng, bằng cùng kỳ.",
        ),
        (
            Indicator(
                name="Thu ngân sách",
                unit="tỷ đồng",
                actual=D("4465.775"),
                targets=(Target("dự toán", D("6942.090")),),
                previous=D("3987.3"),
                compare="ratio",
            ),
            "Thu ngân sách đạt 4.465,775 tỷ đồng, đạt 64,3% dự toán, bằng 112% so với cùng kỳ.",
        ),
        (
            Indicator(name="Giá trị sản xuất", unit="tỷ đồng", actual=D("27278"), estimated=True, growth=D("10.2")),
            "Giá trị sản xuất ước đạt 27.278 tỷ đồng, tăng 10,2% so với cùng kỳ.",
        ),
        (Indicator(name="Số doanh nghiệp thành lập mới", actual=D("120")), "Số doanh nghiệp thành lập mới: 120."),
        (
            Indicator(name="Số tổ chức Đảng thành lập mới", unit="tổ chức", actual=D("1")),
            "Số tổ chức Đảng thành lập mới: 1 tổ chức.",
        ),
        (
            Indicator(name="Vốn đầu tư", unit="tỷ đồng", actual=D("1250"), targets=(Target("kế hoạch năm", D("0")),)),
            "Vốn đầu tư: 1.250 tỷ đồng.",
        ),
        (
            Indicator(name="Tổng thu ngân sách", unit="tỷ đồng", actual=D("27278"), ratio=D("112"), compare="ratio"),
            "Tổng thu ngân sách đạt 27.278 tỷ đồng, bằng 112% so với cùng kỳ.",
        ),
        (Indicator(name="Thu nội địa", ratio=D("112"), compare="growth"), "Thu nội địa tăng 12% so với cùng kỳ."),
        (
            Indicator(
                name="Số đảng viên", unit="đảng viên", actual=D("1450"), previous=D("1000"), compared_to="năm 2023"
            ),
            "Số đảng viên đạt 1.450 đảng viên, tăng 45% so với năm 2023.",
        ),
        (
            Indicator(name="Số đảng viên", actual=D("10"), previous=D("10"), compared_to="đầu nhiệm kỳ"),
            "Số đảng viên đạt 10, bằng đầu nhiệm kỳ.",
        ),
    ],
)
def test_each_kind_of_indicator_makes_its_sentence(ind, sentence):
    assert compute.indicator_sentence(ind) == sentence


def test_consistency_warning_names_both_figures():
    ind = Indicator(name="Thu", actual=D("69.037"), previous=D("55.81"), growth=D("25"))
    assert compute.consistency_warnings(ind) == [
        ("growth", "tăng trưởng ghi 25% nhưng tính từ cùng kỳ (55,81) ra 23,7%; hãy kiểm tra lại previous hoặc growth")
    ]


def test_a_ratio_that_disagrees_with_the_figures_is_warned():
    ind = Indicator(name="Thu", actual=D("112"), previous=D("100"), ratio=D("121"), compare="ratio")
    assert compute.consistency_warnings(ind) == [
        (
            "ratio",
            "tỷ lệ so với cùng kỳ ghi 121% nhưng tính từ cùng kỳ (100) ra 112%; hãy kiểm tra lại previous hoặc ratio",
        )
    ]


def test_the_office_sentence_is_filled_with_computed_figures():
    ind = Indicator(
        name="Thu ngân sách",
        unit="tỷ đồng",
        actual=D("4465.775"),
        targets=(Target("dự toán", D("6942.090")),),
        previous=D("3987.3"),
        compare="ratio",
        sentence="Thu ngân sách được {actual} {unit}, đạt {percent1} {target1} ({value1}), "
        "{change} so với {compared_to} ({previous}) {{ghi chú}}.",
    )
    assert compute.indicator_sentence(ind) == (
        "Thu ngân sách được 4.465,775 tỷ đồng, đạt 64,3% dự toán (6.942,090), bằng 112% so với cùng kỳ "
        "(3.987,3) {ghi chú}."
    )


def test_missing_placeholders_name_the_figures_the_indicator_lacks():
    ind = Indicator(name="Thu", actual=D("5"), sentence="{name} {previous} {change} {actual}")
    assert compute.missing_placeholders(ind) == ["previous", "change"]


def test_agreeing_growth_gives_no_warning():
    ind = Indicator(name="Thu", actual=D("69.037"), previous=D("55.81"), growth=D("23.7"))
    assert compute.consistency_warnings(ind) == []
