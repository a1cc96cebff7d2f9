"""Rendered documents, read back as a reader sees them (LibreOffice's text export shows
Word's list numbers), for the bundled examples and inputs in other districts' hands."""

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from docx_helpers import SOFFICE, docx_lines

ROOT = Path(__file__).parents[1]
VALID = ROOT / "tests" / "data" / "inputs" / "valid"
SHARED_EXAMPLE = ROOT.parent / "shared" / "examples" / "do-son-2019-6t.yaml"

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every bundled and test input rendered once through the command line."""
    out = tmp_path_factory.mktemp("out")
    paths = [ROOT / "inputs", ROOT / "inputs" / "hai-phong", VALID]
    run = subprocess.run(
        [sys.executable, "-m", "report_drafter", "render", *map(str, paths), "-o", str(out), "-j", "1"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def texts(rendered, tmp_path_factory):
    """LibreOffice text export of every rendered document: {stem: [lines]}."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("txt")
    docs = sorted(str(p) for p in rendered.glob("*.docx"))
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(work),
            *docs,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {
        p.stem: [line.strip() for line in p.read_text(encoding="utf-8-sig").splitlines()] for p in work.glob("*.txt")
    }


EXPECTED = {
    "quan-uy-do-son-2019-6t": {
        "header": [
            "DỰ THẢO",
            "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
            "QUẬN ỦY ĐỒ SƠN",
            "*",
            "Số 45-BC/QU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Đồ Sơn, ngày 09 tháng 7 năm 2019",
            "BÁO CÁO",
            "sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2019",
            "-----",
        ],
        "contains": [
            "I- KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2019",
            "1. Lãnh đạo phát triển kinh tế",
            "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 69,037 tỷ đồng, đạt 49,1% dự toán thành phố; "
            "42,5% dự toán HĐND quận, tăng 23,7% so với cùng kỳ.",
            "Giá trị sản xuất công nghiệp ước đạt 1.136,4 tỷ đồng, đạt 47,7% kế hoạch năm, tăng 12,4% so với cùng kỳ.",
            "Tổng lượt khách du lịch đạt 1.545 nghìn lượt, đạt 48,3% kế hoạch năm, tăng 10,2% so với cùng kỳ.",
            "4.1. Hội đồng nhân dân, Ủy ban nhân dân quận",
            "5. Đánh giá chung",
            "5.1. Ưu điểm",
            "5.2. Hạn chế, tồn tại",
            "5.3. Nguyên nhân",
            "5.4. Bài học kinh nghiệm",
            "II- PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2019",
            "2. Tiếp tục lãnh đạo, chỉ đạo toàn diện, đổi mới, nâng cao chất lượng, hiệu quả các mặt công tác xây dựng Đảng.",
            "2.2. Ban hành các văn bản chỉ đạo, hướng dẫn Đại hội các đảng bộ, chi bộ cơ sở nhiệm kỳ 2020 - 2025 tiến tới Đại hội Đảng bộ quận lần thứ XXV.",
            "4. Tập trung nguồn lực, tháo gỡ vướng mắc, từng bước giải quyết dứt điểm các tồn tại, hạn chế đã chỉ ra trong 6 tháng đầu năm 2019.",
        ],
        "signoff": [
            "Nơi nhận:",
            "- Ban Thường vụ Thành ủy (để báo cáo),",
            "- Các ban xây dựng Đảng Thành ủy,",
            "- Các đồng chí Quận ủy viên,",
            "- Lưu Văn phòng Quận ủy.",
            "T/M BAN THƯỜNG VỤ",
            "BÍ THƯ",
            "Bùi Thị Hồng Vân",
        ],
    },
    "uy-ban-nhan-dan-quan-hai-an-2020-6t": {
        "header": [
            "DỰ THẢO",
            "ỦY BAN NHÂN DÂN",
            "QUẬN HẢI AN",
            "Số: 112/BC-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Hải An, ngày 25 tháng 6 năm 2020",
            "BÁO CÁO",
            "Sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2020",
        ],
        "contains": [
            "I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2020",
            "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.215,4 tỷ đồng, đạt 52,3% dự toán thành phố giao, giảm 6,7% so với cùng kỳ.",
            "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước đạt 4.870 tỷ đồng, bằng cùng kỳ.",
            "1.1. Đầu tư công, giải phóng mặt bằng",
            "Tổng vốn đầu tư công trên địa bàn đạt 186,25 tỷ đồng, đạt 44,9% kế hoạch năm, tăng 22,1% so với cùng kỳ.",
            "Số hộ nghèo được hỗ trợ thoát nghèo đạt 42 hộ, đạt 100% kế hoạch năm.",
            "- Hoạt động thương mại, dịch vụ từng bước phục hồi sau thời gian thực hiện giãn cách xã hội.",
            "II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM 6 THÁNG CUỐI NĂM 2020",
            "2.1. Đẩy nhanh tiến độ giải phóng mặt bằng các dự án trọng điểm trên địa bàn quận.",
        ],
        "signoff": [
            "Nơi nhận:",
            "- UBND thành phố (để báo cáo);",
            "- Thường trực Quận ủy;",
            "- Thường trực HĐND quận;",
            "- Các phòng, ban, đơn vị thuộc quận;",
            "- Lưu: VT, VP.",
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Lê Văn Hùng",
        ],
    },
    "quan-uy-kien-an-2019-9t": {
        "header": [
            "DỰ THẢO",
            "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
            "QUẬN ỦY KIẾN AN",
            "*",
            "Số 218-BC/QU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Kiến An, ngày 30 tháng 9 năm 2019",
            "BÁO CÁO",
            "sơ kết 9 tháng đầu năm, phương hướng, nhiệm vụ 3 tháng cuối năm 2019",
            "-----",
        ],
        "contains": [
            "Giá trị sản xuất CN-TTCN tăng 9% so với cùng kỳ.",
            "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ lưu trú ăn uống tăng 20,3% so với cùng kỳ.",
            "Thu ngân sách nhà nước trên địa bàn ước đạt 312,5 tỷ đồng, đạt 68,2% dự toán năm.",
            "II- PHƯƠNG HƯỚNG, NHIỆM VỤ 3 THÁNG CUỐI NĂM 2019",
            "3 tháng cuối năm, Quận ủy xác định một số nhiệm vụ trọng tâm:",
            "4.2. Chỉ đạo Đại hội các chi bộ, đảng bộ cơ sở và chuẩn bị Đại hội Đảng bộ quận lần thứ VI, nhiệm kỳ 2020 - 2025.",
        ],
        "signoff": ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Trần Văn Khuê"],
    },
    "quan-uy-do-son-2021-q1": {
        "header": [
            "DỰ THẢO",
            "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
            "QUẬN ỦY ĐỒ SƠN",
            "*",
            "Số 07-BC/QU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Đồ Sơn, ngày 05 tháng 4 năm 2021",
            "BÁO CÁO",
            "sơ kết quý I, phương hướng, nhiệm vụ quý II năm 2021",
            "-----",
        ],
        "contains": [
            "Giá trị sản xuất công nghiệp tăng 7,2% so với cùng kỳ.",
            "Giá trị sản xuất nông, lâm, thủy sản tăng 9,7% so với cùng kỳ.",
            "Tổng thu ngân sách ước đạt 46,2 tỷ đồng, đạt 27% dự toán thành phố giao, tăng 63,1% so với cùng kỳ.",
            "Tổng vốn đầu tư toàn xã hội ước đạt 1.250 tỷ đồng, đạt 15,3% kế hoạch năm, tăng 126,4% so với cùng kỳ.",
            "Thu hút khách du lịch đạt 210 nghìn lượt, đạt 9,1% kế hoạch năm.",
            "II- PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II NĂM 2021",
        ],
        "signoff": ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn Thanh"],
    },
    "quan-uy-hai-an-2020-6t": {
        "header": [
            "DỰ THẢO",
            "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
            "QUẬN ỦY HẢI AN",
            "*",
            "Số 156-BC/QU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Hải An, ngày 30 tháng 6 năm 2020",
            "BÁO CÁO",
            "sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2020",
            "-----",
        ],
        "contains": [
            "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.215,4 tỷ đồng, đạt 52,3% dự toán thành phố giao, "
            "giảm 6,7% so với cùng kỳ.",
            "Chủ động chuẩn bị các nội dung, điều kiện tổ chức Đại hội Đảng bộ quận lần thứ IV; Đề án Đại hội đã "
            "được Thường trực Thành ủy phê duyệt.",
            "3. Tập trung cao lãnh đạo, chỉ đạo tổ chức thành công Đại hội Đảng bộ quận lần thứ IV, nhiệm kỳ 2020 - 2025.",
        ],
        "signoff": ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn Tuấn"],
    },
    "quan-uy-nam-tu-liem-2022-6t": {
        "header": [
            "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
            "QUẬN ỦY NAM TỪ LIÊM",
            "*",
            "Số 05-BC/QU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Nam Từ Liêm, ngày 23 tháng 6 năm 2022",
            "BÁO CÁO",
            "sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2022",
            "-----",
        ],
        "contains": [
            "Giá trị sản xuất chung các ngành kinh tế ước đạt 27.278 tỷ đồng, tăng 10,2% so với cùng kỳ.",
            "Thu ngân sách nhà nước đạt 4.465,775 tỷ đồng, đạt 64,3% dự toán, bằng 112% so với cùng kỳ.",
        ],
        "signoff": ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Đức Hoạt"],
    },
    "quan-uy-le-chan-2021-nam": {
        "header": [
            "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
            "QUẬN ỦY LÊ CHÂN",
            "*",
            "Số      -BC/QU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Lê Chân, ngày 05 tháng 12 năm 2021",
            "BÁO CÁO",
            "tổng kết năm 2021, phương hướng, nhiệm vụ năm 2022",
            "-----",
        ],
        "contains": [
            "Tổng thu ngân sách trên địa bàn đạt 2.104,6 tỷ đồng, đạt 107,9% dự toán thành phố giao, bằng cùng kỳ.",
            "II- PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2022",
        ],
        "absent": ["PHỤ LỤC"],
        "signoff": ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"],
    },
    "quan-uy-ngo-quyen-2021-q4": {
        "header": [
            "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
            "QUẬN ỦY NGÔ QUYỀN",
            "*",
            "Số 03-BC/QU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Ngô Quyền, ngày 07 tháng 01 năm 2022",
            "BÁO CÁO",
            "sơ kết quý IV năm 2021, phương hướng, nhiệm vụ quý I năm 2022",
            "-----",
        ],
        "contains": [
            "Số hộ nghèo đạt 95 hộ, giảm 5,2% so với cùng kỳ.",
            "1.1. Giảm nghèo bền vững",
            "a) Hỗ trợ nhà ở",
            "b) Hỗ trợ sinh kế",
            "II- PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ I NĂM 2022",
            "1. Tiếp tục công tác giảm nghèo.",
            "1.1. Rà soát hộ cận nghèo.",
            "a) Lập danh sách theo phường.",
            "b) Báo cáo Ban Thường vụ.",
        ],
        "absent": ["DỰ THẢO"],
        "signoff": ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn B"],
    },
    "uy-ban-nhan-dan-quan-kien-an-2019-9t": {
        "header": [
            "ỦY BAN NHÂN DÂN",
            "QUẬN KIẾN AN",
            "Số: 245/BC-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Kiến An, ngày 02 tháng 10 năm 2019",
            "BÁO CÁO",
            "Sơ kết 9 tháng đầu năm, phương hướng, nhiệm vụ 3 tháng cuối năm 2019",
        ],
        "contains": [
            "Thu ngân sách nhà nước trên địa bàn ước đạt 1.312,5 tỷ đồng, đạt 90% dự toán năm, giảm 4,9% so với cùng kỳ."
        ],
        "signoff": ["- UBND thành phố (để báo cáo);", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Thị C"],
    },
    "dang-uy-phuong-do-son-so-ket-nghi-quyet-2023-2026": {
        "header": [
            "DỰ THẢO",
            "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
            "ĐẢNG ỦY PHƯỜNG ĐỒ SƠN",
            "*",
            "Số 86-BC/ĐU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Đồ Sơn, ngày 20 tháng 11 năm 2026",
            "BÁO CÁO",
            "sơ kết 3 năm thực hiện Nghị quyết số 06-NQ/TU ngày 15/3/2023",  # a two-line summary
            "của Ban Thường vụ Thành ủy về phát triển kinh tế biển",
            "-----",
        ],  # breaks evenly
        "contains": [
            "I- KẾT QUẢ 3 NĂM THỰC HIỆN NGHỊ QUYẾT",
            "2. Kết quả thực hiện các mục tiêu, nhiệm vụ",
            "3. Đánh giá chung",
            "3.4. Bài học kinh nghiệm",
            "II- PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
            "3. Đẩy nhanh tiến độ các dự án hạ tầng ven biển.",
            "MỘT SỐ CHỈ TIÊU CHỦ YẾU 3 NĂM THỰC HIỆN NGHỊ QUYẾT",
            "So với năm 2023 (%)",
        ],
        "absent": ["cùng kỳ", "quận"],
        "signoff": [
            "Nơi nhận:",
            "- Ban Thường vụ Thành ủy (để báo cáo),",
            "- Lưu Văn phòng Đảng ủy.",
            "T/M BAN THƯỜNG VỤ",
            "BÍ THƯ",
            "Phạm Văn Hòa",
        ],
    },
    "uy-ban-nhan-dan-phuong-do-son-2026-thang-10": {
        "header": [
            "DỰ THẢO",
            "ỦY BAN NHÂN DÂN",
            "PHƯỜNG ĐỒ SƠN",
            "Số: 120/BC-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Đồ Sơn, ngày 28 tháng 10 năm 2026",
            "BÁO CÁO",
            "Kết quả thực hiện nhiệm vụ tháng 10,",
            "phương hướng, nhiệm vụ tháng 11 năm 2026",
        ],
        "contains": [
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 10 NĂM 2026",
            "2. Cải cách hành chính, chuyển đổi số",
            "Thu ngân sách nhà nước trên địa bàn phường lũy kế 10 tháng ước đạt 298,6 tỷ đồng, đạt 84,8% "
            "dự toán thành phố giao, tăng 10,4% so với cùng kỳ.",
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11 NĂM 2026",
            "MỘT SỐ CHỈ TIÊU CHỦ YẾU THÁNG 10 NĂM 2026",
            "So với cùng kỳ (%)",
        ],
        "absent": ["quận"],
        "signoff": [
            "Nơi nhận:",
            "- UBND thành phố (để báo cáo);",
            "- Thường trực Đảng ủy phường;",
            "- Thường trực HĐND phường;",
            "- Lưu: VT, VP.",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Trần Quốc Khánh",
        ],
    },
    "ubnd-thanh-pho-hai-phong-so-ket-de-an-2023-2026": {
        "header": [
            "DỰ THẢO",
            "ỦY BAN NHÂN DÂN",
            "THÀNH PHỐ HẢI PHÒNG",
            "Số: 415/BC-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Hải Phòng, ngày 25 tháng 11 năm 2026",
            "BÁO CÁO",
            "Sơ kết 3 năm thực hiện Đề án số 12/ĐA-UBND ngày",
            "20/4/2023 của Ủy ban nhân dân thành phố về chuyển đổi số",
        ],
        "contains": [
            "I. KẾT QUẢ 3 NĂM THỰC HIỆN ĐỀ ÁN",
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
            "2. Đào tạo kỹ năng số cho cán bộ, công chức cấp xã sau sắp xếp.",
            "So với năm 2023 (%)",
        ],
        "absent": ["cùng kỳ", "quận"],
        "signoff": [
            "- UBND các phường, xã, đặc khu;",
            "- Lưu: VT.",
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Lê Trung Kiên",
        ],
    },
    "quan-uy-hong-bang-2019-6t-cuoi": {
        "header": [
            "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
            "QUẬN ỦY HỒNG BÀNG",
            "*",
            "Số 41-BC/QU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Hồng Bàng, ngày 20 tháng 12 năm 2019",
            "BÁO CÁO",
            "sơ kết 6 tháng cuối năm 2019,",
            "phương hướng, nhiệm vụ 6 tháng đầu năm 2020",
            "-----",
        ],
        "contains": [
            "Thu ngân sách đạt 1 tỷ đồng, đạt 0,1% dự toán.",
            "I- KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG CUỐI NĂM 2019",
            "II- PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2020",
        ],
        "signoff": ["Nơi nhận:", "- Lưu Văn phòng Quận ủy.", "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn D"],
    },
}


def _nonblank(lines):
    return [line for line in lines if line]


def _subsequence(needle, hay):
    it = iter(hay)
    return all(any(x == y for y in it) for x in needle)


def test_every_expected_document_was_written(rendered):
    assert sorted(p.stem for p in rendered.glob("*.docx")) == sorted(EXPECTED)


@needs_soffice
@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_header_block_and_title_as_read(texts, stem):
    lines = _nonblank(texts[stem])
    assert lines[: len(EXPECTED[stem]["header"])] == EXPECTED[stem]["header"]


@needs_soffice
@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_computed_sentences_and_numbering_as_read(texts, stem):
    lines = texts[stem]
    for line in EXPECTED[stem]["contains"]:
        assert line in lines
    for text in EXPECTED[stem].get("absent", []):
        assert all(text not in line for line in lines)


@needs_soffice
@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_the_signature_block_reads_as_expected(texts, stem):
    assert _subsequence(EXPECTED[stem]["signoff"], _nonblank(texts[stem]))


@needs_soffice
def test_the_issue_sentence_from_the_shared_example(tmp_path):
    if not SHARED_EXAMPLE.exists():
        pytest.skip("shared/ is not beside this checkout")
    run = subprocess.run(
        [sys.executable, "-m", "report_drafter", "render", str(SHARED_EXAMPLE), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and run.stdout.splitlines()[0] == str(tmp_path / "quan-uy-do-son-2019-6t.docx")
    lines = docx_lines(tmp_path / "quan-uy-do-son-2019-6t.docx")
    assert (
        "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 69,037 tỷ đồng, đạt 49,1% dự toán thành phố; "
        "42,5% dự toán HĐND quận, tăng 23,7% so với cùng kỳ."
    ) in lines


def test_headings_use_word_styles_bound_to_one_list(rendered):
    doc = Document(str(rendered / "quan-uy-do-son-2019-6t.docx"))
    used = {p.style.name for p in doc.paragraphs if p.text.strip()}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= used
    num_ids = set()
    for level in (1, 2, 3):
        num_pr = doc.styles[f"Heading {level}"].element.pPr.numPr
        assert num_pr is not None and int(num_pr.ilvl.val) == level - 1
        num_ids.add(num_pr.numId.val)
    assert len(num_ids) == 1
    # numbers are never written as text: Word's list supplies them
    assert not any(p.text.startswith(("I.", "II.", "1.")) for p in doc.paragraphs)


def test_the_page_is_a4_with_official_margins_and_the_properties_are_set(rendered):
    doc = Document(str(rendered / "uy-ban-nhan-dan-quan-hai-an-2020-6t.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [20, 20, 30, 15]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml and "PAGE" not in section.first_page_header._element.xml
    props = doc.core_properties
    assert props.author == "Ủy ban nhân dân quận Hải An"
    assert props.title == "Báo cáo sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2020"
    assert props.language == "vi-VN"
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14


def test_appendix_table_repeats_its_header_row(rendered):
    doc = Document(str(rendered / "quan-uy-do-son-2019-6t.docx"))
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "TT",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Kế hoạch",
        "Thực hiện",
        "So với kế hoạch (%)",
        "So với cùng kỳ (%)",
    ]
    assert (
        table.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
        is not None
    )
    assert [c.text for c in table.rows[1].cells] == [
        "1",
        "Tổng thu ngân sách nhà nước trên địa bàn",
        "tỷ đồng",
        "140,6 (dự toán thành phố); 162,4 (dự toán HĐND quận)",
        "69,037",
        "49,1; 42,5",
        "123,7",
    ]
