"""Two reports written from news articles of real meetings, with the new fields: read back as
LibreOffice shows them, they say what the articles say where an article states a figure."""

import subprocess
import sys
from pathlib import Path

import pytest

from docx_helpers import SOFFICE, soffice_text

ROOT = Path(__file__).parents[1]
SEEDS = ROOT / "inputs" / "tin-hoi-nghi"

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def text(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    run = subprocess.run(
        [sys.executable, "-m", "report_drafter", "render", str(SEEDS), "-o", str(out), "-j", "1"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return {p.stem: soffice_text(p, out).splitlines() for p in sorted(out.glob("*.docx"))}


def test_nam_tu_liem_figures_in_the_article_wording(text):
    lines = text["nam-tu-liem-2022-6t-hoi-nghi-14"]
    assert (
        "Thu ngân sách Nhà nước được 4.465,775 tỷ đồng/6.942,090 tỷ đồng, đạt 64,3% dự toán, bằng 112% "
        "so với cùng kỳ; chi ngân sách đảm bảo đúng chế độ, định mức."
    ) in lines
    assert (
        "Giá trị sản xuất chung các ngành kinh tế 6 tháng đầu năm ước đạt 27.278 tỷ đồng, tăng 10,2% so với cùng kỳ."
    ) in lines
    assert "Số chỉ tiêu được giao đã hoàn thành: 1 chỉ tiêu." in lines  # a bare figure


def test_a_section_table_is_a_table_after_its_caption(text):
    lines = text["nam-tu-liem-2022-6t-hoi-nghi-14"]
    start = lines.index("Kết quả thu, chi ngân sách 6 tháng đầu năm 2022")
    assert lines[start + 1 : start + 9] == [
        "Nội dung",
        "Thực hiện (tỷ đồng)",
        "Dự toán (tỷ đồng)",
        "So với dự toán (%)",
        "Thu ngân sách Nhà nước",
        "4.465,775",
        "6.942,090",
        "64,3",
    ]


def test_task_paragraphs_are_body_text_under_their_numbered_task(text):
    lines = text["nam-tu-liem-2022-6t-hoi-nghi-14"]
    at = lines.index("1. Tiếp tục thực hiện chủ đề công tác năm 2022.")
    assert lines[at + 1].startswith("Thực hiện với quyết tâm cao nhất")
    assert lines[at + 2].startswith("2. Tăng cường công tác tuyên truyền")


def test_appendix_lists_every_indicator_under_its_reference_line(text):
    lines = text["nam-tu-liem-2022-6t-hoi-nghi-14"]
    assert "(Kèm theo Báo cáo số      -BC/QU ngày 23/6/2022 của Ban Thường vụ Quận ủy Nam Từ Liêm)" in lines
    kien_an = text["kien-an-2019-9t-hoi-nghi-21"]
    assert "(Kèm theo Báo cáo số 218-BC/QU ngày 30/9/2019 của Ban Thường vụ Quận ủy Kiến An)" in kien_an
    row = kien_an.index("Giá trị sản xuất CN-TTCN", kien_an.index("PHỤ LỤC"))  # given only as a change
    assert kien_an[row - 1 : row + 6] == ["1", "Giá trị sản xuất CN-TTCN", "", "", "", "", "109"]


def test_kien_an_changes_bare_figures_and_the_office_sentence(text):
    lines = text["kien-an-2019-9t-hoi-nghi-21"]
    assert "Giá trị sản xuất CN-TTCN tăng 9% so với cùng kỳ." in lines
    assert "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ lưu trú ăn uống tăng 20,3% so với cùng kỳ." in lines
    assert "Số tổ chức Đảng thành lập mới theo tinh thần Nghị quyết 28 của Thành ủy: 1 tổ chức." in lines
    assert "Thành lập được 4 tổ chức Công đoàn và 3 tổ chức Đoàn thanh niên." in lines
    assert "II- NHIỆM VỤ TRỌNG TÂM 3 THÁNG CUỐI NĂM 2019" in lines
