"""Vietnamese formatting, checked against the spec's own examples."""

import unicodedata
from decimal import Decimal as D

import pytest

from report_drafter.model import Period
from report_drafter.vn import writing as vn


@pytest.mark.parametrize(
    "value, text",
    [
        (D("69.037"), "69,037"),
        (D("27278"), "27.278"),
        (D("4465.775"), "4.465,775"),
        (D("1250"), "1.250"),
        (D("140.6"), "140,6"),
        (D("9"), "9"),
        (D("-5.2"), "-5,2"),
        (D("1E+3"), "1.000"),
        (D("999"), "999"),
        (D("1234567.5"), "1.234.567,5"),
        (D("0.50"), "0,50"),
    ],
)
def test_numbers_group_thousands_with_points_and_decimals_with_a_comma(value, text):
    assert vn.format_number(value) == text


@pytest.mark.parametrize(
    "value, text",
    [
        (D("49.1"), "49,1%"),
        (D("112.0"), "112%"),
        (D("1234.5"), "1.234,5%"),
        (D("0.0"), "0%"),
    ],
)
def test_percentages_drop_a_trailing_zero_decimal(value, text):
    assert vn.format_percent(value) == text


@pytest.mark.parametrize("n, text", [(1, "I"), (2, "II"), (4, "IV"), (9, "IX"), (13, "XIII"), (2019, "MMXIX")])
def test_roman_numerals_are_written_the_classical_way(n, text):
    assert vn.roman(n) == text


@pytest.mark.parametrize(
    "period, text, following",
    [
        (Period("quarter", 2021, 1), "quý I năm 2021", "quý II năm 2021"),
        (Period("quarter", 2021, 4), "quý IV năm 2021", "quý I năm 2022"),
        (Period("half", 2019, 1), "6 tháng đầu năm 2019", "6 tháng cuối năm 2019"),
        (Period("half", 2019, 2), "6 tháng cuối năm 2019", "6 tháng đầu năm 2020"),
        (Period("nine_months", 2019), "9 tháng đầu năm 2019", "3 tháng cuối năm 2019"),
        (Period("year", 2019), "năm 2019", "năm 2020"),
    ],
)
def test_periods_are_named_and_followed_by_the_next(period, text, following):
    assert vn.period_text(period) == text
    assert vn.period_text(vn.next_period(period)) == following


@pytest.mark.parametrize(
    "period, title",
    [
        (Period("half", 2019, 1), "sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2019"),
        (Period("quarter", 2021, 1), "sơ kết quý I, phương hướng, nhiệm vụ quý II năm 2021"),
        (Period("half", 2019, 2), "sơ kết 6 tháng cuối năm 2019, phương hướng, nhiệm vụ 6 tháng đầu năm 2020"),
        (Period("quarter", 2021, 4), "sơ kết quý IV năm 2021, phương hướng, nhiệm vụ quý I năm 2022"),
        (Period("nine_months", 2019), "sơ kết 9 tháng đầu năm, phương hướng, nhiệm vụ 3 tháng cuối năm 2019"),
        (Period("year", 2019), "tổng kết năm 2019, phương hướng, nhiệm vụ năm 2020"),
    ],
)
def test_the_default_title_names_the_period_and_the_next(period, title):
    assert vn.default_title(period) == title


def test_upper_case_is_vietnamese_aware_and_nfc():
    decomposed = unicodedata.normalize("NFD", "Quận ủy Đồ Sơn")
    assert vn.upper_vi(decomposed) == "QUẬN ỦY ĐỒ SƠN"
    assert unicodedata.is_normalized("NFC", vn.upper_vi(decomposed))
    assert vn.upper_vi("đảng bộ") == "ĐẢNG BỘ"


def test_only_the_first_letter_changes_case():
    assert vn.capitalize_first("sơ kết quý I") == "Sơ kết quý I"
    assert vn.lower_first("Sơ kết quý I") == "sơ kết quý I"


@pytest.mark.parametrize(
    "text, runs",
    [
        (
            "Hoàn thành **Dự án Đường bộ** ven biển",
            [("Hoàn thành ", False, False), ("Dự án Đường bộ", True, False), (" ven biển", False, False)],
        ),
        ("*nghiêng* và ***cả hai***", [("nghiêng", False, True), (" và ", False, False), ("cả hai", True, True)]),
        ("5 * 3 = 15 và a*b", [("5 * 3 = 15 và a*b", False, False)]),
        ("{{ x }} giữ nguyên", [("{{ x }} giữ nguyên", False, False)]),
    ],
)
def test_inline_marks_become_bold_and_italic_runs(text, runs):
    assert [(r["text"], r["bold"], r["italic"]) for r in vn.parse_inline(text)] == runs


@pytest.mark.parametrize(
    "period, text, following, title",
    [
        (
            Period("month", 2026, 10),
            "tháng 10 năm 2026",
            "tháng 11 năm 2026",
            "kết quả thực hiện nhiệm vụ tháng 10, phương hướng, nhiệm vụ tháng 11 năm 2026",
        ),
        (
            Period("month", 2026, 12),
            "tháng 12 năm 2026",
            "tháng 01 năm 2027",
            "kết quả thực hiện nhiệm vụ tháng 12 năm 2026, phương hướng, nhiệm vụ tháng 01 năm 2027",
        ),
        (
            Period("month", 2027, 1),
            "tháng 01 năm 2027",
            "tháng 02 năm 2027",
            "kết quả thực hiện nhiệm vụ tháng 01, phương hướng, nhiệm vụ tháng 02 năm 2027",
        ),
        (
            Period("month", 2027, 2),
            "tháng 02 năm 2027",
            "tháng 3 năm 2027",
            "kết quả thực hiện nhiệm vụ tháng 02, phương hướng, nhiệm vụ tháng 3 năm 2027",
        ),
    ],
)
def test_month_texts_next_month_and_title(period, text, following, title):
    padded = (1, 2)  # the rule book's date_padded_months
    assert vn.period_text(period, padded) == text
    assert vn.period_text(vn.next_period(period), padded) == following
    assert vn.default_title(period, padded) == title


@pytest.mark.parametrize(
    "text, modern",
    [
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("CỘNG HOÀ XÃ HỘI", "CỘNG HÒA XÃ HỘI"),
        ("kế hoạch, quy hoạch", "kế hoạch, quy hoạch"),
        ("khoẻ, thuỷ lợi, luỹ kế", "khỏe, thủy lợi, lũy kế"),
    ],
)
def test_old_tone_placements_are_written_the_new_way(text, modern):
    assert vn.new_tone(text) == modern
    assert vn.new_tone(modern) == modern
