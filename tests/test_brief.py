"""The news brief: each seed meeting's brief holds the facts its article states, in its order."""

import subprocess
import sys
from pathlib import Path

import pytest

from docx_helpers import docx_lines
from report_drafter import brief
from report_drafter.run import one_input as job

SEEDS = Path(__file__).parent / "data" / "inputs" / "seeds"
ROOT = Path(__file__).parents[1]


def written_brief(name: str, tmp_path: Path) -> list[str]:
    """The brief of a seed input as a reader sees it: the .docx paragraphs read back."""
    loaded = job.validate_file(str(SEEDS / name))
    assert loaded.report is not None, [p.format() for p in loaded.problems]
    out = tmp_path / "brief.docx"
    out.write_bytes(brief.render(brief.compose(loaded.report), "docx"))
    return [line for line in docx_lines(out) if line]


def assert_in_order(text: str, facts: list[str]) -> None:
    """Every fact is in `text`, each one after the previous (case-insensitive)."""
    low, pos = text.casefold(), 0
    for fact in facts:
        found = low.find(fact.casefold(), pos)
        assert found >= 0, f"missing or out of order: {fact!r}"
        pos = found + len(fact)


# Facts each article states, in the article's order: (headline part, lead facts, body facts).
SEED_FACTS = {
    "0-do-son-2019-6t.yaml": (
        "Quận ủy Đồ Sơn: Sơ kết 6 tháng đầu năm 2019",
        [
            "Ngày 9/7/2019",
            "Hội nghị sơ kết nhiệm vụ 6 tháng đầu năm",
            "Đồng chí Bùi Thị Hồng Vân, Bí thư Quận ủy, Chủ tịch Hội đồng nhân dân quận chủ trì Hội nghị",
            "lãnh đạo, chuyên viên các ban xây dựng Đảng Thành ủy theo dõi địa bàn",
        ],
        [
            "quy mô kinh tế còn nhỏ",
            "tổng thu ngân sách nhà nước trên địa bàn ước đạt 69,037 tỷ đồng, đạt 49,1% dự toán thành phố; "
            "42,5% dự toán HĐND quận, tăng 23,7% so với cùng kỳ",
            "Dự án Đường bộ ven biển",
            "“Đồ Sơn - Miền di sản”",
            "100% chỉ tiêu giao quân",
            "Đại hội Mặt trận Tổ quốc Việt Nam quận",
            "phường Vạn Sơn và phường Ngọc Hải",
            "Nghị quyết số 06-NQ/QU",
            "Chỉ thị số 35-CT/TW",
            "Nghị quyết số 45-NQ/TW",
            "giải quyết dứt điểm các tồn tại, hạn chế đã chỉ ra trong 6 tháng đầu năm 2019",
        ],
    ),
    "1-kien-an-2019-9t.yaml": (
        "Quận ủy Kiến An: Sơ kết 9 tháng đầu năm 2019",
        [
            "Chiều 30/9/2019",
            "Hội nghị lần thứ 21",
            "Đồng chí Trần Văn Khuê",
            "Bí thư Quận ủy chủ trì Hội nghị",
            "lãnh đạo Quận ủy, HĐND, UBND, Ủy ban MTTQ Việt Nam quận",
        ],
        [
            "giá trị sản xuất CN-TTCN tăng 9%",
            "doanh thu dịch vụ lưu trú ăn uống tăng 20,3%",
            "quản lý đất đai, đô thị, môi trường",
            "An sinh xã hội được chú trọng",
            "25 năm ngày thành lập quận",
            "an ninh chính trị, trật tự an toàn xã hội đảm bảo",
            "Lịch sử Đảng bộ quận Kiến An (1930 - 2019)",
            "thu ngân sách mặc dù có nhiều cố gắng nhưng kết quả đạt chưa cao",
            "một số phường còn để xảy ra vi phạm trong lĩnh vực đất đai, trật tự xây dựng",
            "3 tháng cuối năm",
            "tăng cường công tác thu ngân sách",
            "giải phóng mặt bằng",
            "vi phạm về đất đai, trật tự xây dựng đô thị, trật tự đường hè, vệ sinh môi trường",
            "Nghị quyết số 45-NQ/TW",
            "Đại hội Đảng bộ quận lần thứ VI, nhiệm kỳ 2020 - 2025",
        ],
    ),
    "2-hai-an-2020-6t.yaml": (
        "Quận ủy Hải An: Sơ kết 6 tháng đầu năm 2020",
        [
            "Chiều 30/6/2020, Quận ủy Hải An tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm; "
            "phương hướng, nhiệm vụ 6 tháng cuối năm 2020.",
            "Đồng chí Nguyễn Văn Tuấn, Ủy viên Thành ủy, Bí thư Quận ủy chủ trì Hội nghị.",
            "Dự Hội nghị có đồng chí Cao Xuân Liên, Ủy viên Ban Thường vụ Thành ủy, Trưởng Ban Dân vận "
            "Thành ủy, Chủ tịch Ủy ban MTTQ Việt Nam thành phố.",
        ],
        [
            "Kinh tế tiếp tục duy trì phát triển ổn định mặc dù gặp nhiều khó khăn do dịch bệnh COVID-19",
            "giải phóng mặt bằng được tăng cường",
            "Văn hóa - xã hội có nhiều chuyển biến tích cực",
            "hoàn thành mục tiêu xóa nghèo trong 6 tháng đầu năm 2020",
            "Đại hội Đảng cấp cơ sở đúng tiến độ, chất lượng, tỷ lệ phiếu bầu cao",
            "Đại hội Đảng bộ quận lần thứ IV",
            "phục hồi kinh tế",
            "tăng cường các biện pháp thu ngân sách",
            "đẩy mạnh đầu tư công phục vụ phát triển kinh tế - xã hội",
            "đẩy nhanh tiến độ giải phóng mặt bằng các dự án",
            "tổ chức thành công Đại hội Đảng bộ quận lần thứ IV, nhiệm kỳ 2020 - 2025",
        ],
    ),
    "3-nam-tu-liem-2022-6t.yaml": (
        "Quận ủy Nam Từ Liêm: Sơ kết 6 tháng đầu năm 2022",
        [
            "Sáng 23/6/2022",
            "Hội nghị lần thứ 14 Ban Chấp hành Đảng bộ quận khóa III, nhiệm kỳ 2020 - 2025",
            "Trần Đức Hoạt, Thành ủy viên, Bí thư Quận ủy, Chủ tịch HĐND quận chủ trì Hội nghị",
            "Dự Hội nghị có đại diện các Ban Đảng Thành ủy; Thường trực Quận ủy, Ban Thường vụ Quận ủy",
            "cán bộ chủ chốt của quận",
        ],
        [
            "phát huy tinh thần đoàn kết, trách nhiệm, chủ động",
            "“Kỷ cương, trách nhiệm, hành động, sáng tạo, phát triển”",
            "Covid-19",
            "giá trị sản xuất chung các ngành kinh tế ước đạt 27.278 tỷ đồng, tăng 10,2% so với cùng kỳ",
            "4.465,775 tỷ đồng, đạt 64,3% dự toán, bằng 112% so với cùng kỳ",
            "chi ngân sách đảm bảo đúng chế độ, định mức",
            "an sinh và phúc lợi xã hội được đảm bảo",
            "chất lượng giáo dục được giữ vững",
            "SEA Games 31",
            "giải phóng mặt bằng các dự án đường giao thông",
            "an ninh chính trị, trật tự an toàn xã hội",
            "Kết luận Hội nghị, đồng chí Trần Đức Hoạt đề nghị",
            "cập nhật, tiếp thu hoàn thiện các báo cáo",
            "tuyên truyền, phổ biến quán triệt",
            "“Không chỉ chăm lo phát triển kinh tế mà còn phải làm tốt công tác an sinh xã hội”",
        ],
    ),
    # The article (a fragment) gives the quarter's tasks before the results; the brief keeps
    # the report's order (results, then tasks) as the other four articles do: docs/brief.md.
    "4-do-son-2021-q1.yaml": (
        "Quận ủy Đồ Sơn: Sơ kết quý I năm 2021",
        ["Hội nghị Ban Chấp hành Đảng bộ quận sơ kết quý I"],
        [
            "giá trị sản xuất công nghiệp tăng 7,2%",
            "nông, lâm, thủy sản tăng 9,7%",
            "tổng thu ngân sách ước đạt 46,2 tỷ đồng, đạt 27% dự toán thành phố giao, "
            "tăng 63,1% so với cùng kỳ năm 2020",
            "tổng vốn đầu tư toàn xã hội ước đạt 1.250 tỷ đồng, đạt 15,3% kế hoạch năm, "
            "tăng 126,4% so với cùng kỳ năm 2020",
            "210 nghìn lượt, đạt 9,1% kế hoạch năm",
            "quản lý quy hoạch, quản lý đất đai, cải tạo chỉnh trang đô thị",
            "phòng, chống dịch bệnh COVID-19",
            "bầu cử đại biểu Quốc hội khóa XV",
            "trong quý II",
            "thu và chống thất thu ngân sách",
            "tháo gỡ khó khăn trong sản xuất kinh doanh",
            "“Đồ Sơn - Sắc màu của biển năm 2021”",
            "bầu cử đại biểu Quốc hội khóa XV và đại biểu HĐND các cấp nhiệm kỳ 2021 - 2026",
            "trật tự xây dựng, trật tự đường hè, cấp phép xây dựng",
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(SEED_FACTS))
def test_seed_brief_states_the_articles_facts_in_order(name, tmp_path):
    headline, lead_facts, body_facts = SEED_FACTS[name]
    lines = written_brief(name, tmp_path)
    assert lines[0] == headline
    for fact in lead_facts:
        assert fact in lines[1]
    assert_in_order("\n".join(lines[2:]), body_facts)


def test_lead_names_time_date_place_meeting_chair_and_attendees():
    loaded = job.validate_file(str(SEEDS / "3-nam-tu-liem-2022-6t.yaml"))
    assert brief.compose(loaded.report).lead.startswith(
        "Sáng 23/6/2022, Quận ủy Nam Từ Liêm tổ chức Hội nghị lần thứ 14 Ban Chấp hành Đảng bộ quận "
        "khóa III, nhiệm kỳ 2020 - 2025 sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2022. "
        "Đồng chí Trần Đức Hoạt, Thành ủy viên, Bí thư Quận ủy, Chủ tịch HĐND quận chủ trì Hội nghị. "
        "Dự Hội nghị có đại diện các Ban Đảng Thành ủy;"
    )


def test_limitations_and_tasks_are_news_sentences(tmp_path):
    text = "\n".join(written_brief("1-kien-an-2019-9t.yaml", tmp_path))
    assert (
        "Bên cạnh kết quả đạt được, Hội nghị cũng chỉ ra một số hạn chế: thu ngân sách mặc dù có "
        "nhiều cố gắng nhưng kết quả đạt chưa cao; tiến độ đấu giá"
    ) in text
    assert "3 tháng cuối năm, Quận ủy xác định một số nhiệm vụ trọng tâm: tập trung cao thực hiện" in text


def test_next_period_opens_the_tasks_when_there_is_no_intro(tmp_path):
    text = "\n".join(written_brief("2-hai-an-2020-6t.yaml", tmp_path))
    assert (
        "6 tháng cuối năm 2020, Quận ủy Hải An xác định một số nhiệm vụ trọng tâm: tập trung lãnh đạo "
        "thực hiện đồng bộ các giải pháp phục hồi kinh tế;"
    ) in text


def test_names_keep_their_capital_inside_a_sentence(tmp_path):
    text = "\n".join(written_brief("0-do-son-2019-6t.yaml", tmp_path))
    assert "; ban hành các văn bản chỉ đạo" in text  # a verb: lowered
    assert "sau: căn cứ Nghị quyết số 06-NQ/QU" in text


def test_docx_brief_is_times_new_roman(tmp_path):
    from docx import Document

    loaded = job.validate_file(str(SEEDS / "2-hai-an-2020-6t.yaml"))
    out = tmp_path / "b.docx"
    out.write_bytes(brief.render(brief.compose(loaded.report), "docx"))
    doc = Document(str(out))
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.paragraphs[0].runs[0].bold and doc.paragraphs[1].runs[0].bold  # headline, lead


def run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )


def test_cli_writes_md_named_after_the_report(tmp_path):
    result = run_cli("brief", str(SEEDS / "2-hai-an-2020-6t.yaml"), "-o", str(tmp_path), "--format", "md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "quan-uy-hai-an-2020-6t-tin-bai.md"
    assert result.stdout.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Quận ủy Hải An: Sơ kết 6 tháng đầu năm 2020\n\n**Chiều 30/6/2020, ")
    assert "đạt 52,3% dự toán thành phố giao, giảm 6,7% so với cùng kỳ." in text


def test_cli_input_without_meeting_names_the_missing_fields_and_others_go_on(tmp_path):
    source = (ROOT / "inputs" / "hai-phong" / "hai-an-2020-6t.yaml").read_text(encoding="utf-8")
    source = source[: source.index("meeting:")]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-no-meeting.yaml").write_text(
        "system: party\nissuer:\n  parent: Đảng bộ thành phố Hải Phòng\n  abbreviation: QU\n"
        + source.replace("issuer:\n", "").replace(
            "signature:\n", "signature:\n  on_behalf_of: Ban Thường vụ\n  title: Bí thư\n"
        ),
        encoding="utf-8",
    )
    (folder / "b-seed.yaml").write_text(
        (SEEDS / "3-nam-tu-liem-2022-6t.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = run_cli("brief", str(folder), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert "a-no-meeting.yaml" in result.stderr
    assert "meeting: thiếu meeting.date, meeting.name, meeting.chair.name" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / "quan-uy-nam-tu-liem-2022-6t-tin-bai.docx").is_file()
    assert not (tmp_path / "out" / "quan-uy-hai-an-2020-6t-tin-bai.docx").exists()


def test_cli_meeting_without_chair_names_only_that_field(tmp_path):
    text = (SEEDS / "2-hai-an-2020-6t.yaml").read_text(encoding="utf-8")
    cut = text.index("  chair:\n")
    text = text[:cut] + text[text.index("  attendees:\n") :]
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("brief", str(path), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    line = next(x for x in result.stderr.splitlines() if "meeting:" in x)
    assert line.startswith(f"{path}:")
    assert "thiếu meeting.chair.name để viết tin bài" in line


def test_a_monthly_meeting_brief_reports_the_month_and_plans_the_next(tmp_path):
    loaded = job.validate_file(str(ROOT / "inputs" / "ubnd-phuong-do-son-2026-thang-10.yaml"))
    made = brief.compose(loaded.report)
    assert made.headline == "Ủy ban nhân dân phường Đồ Sơn: Kết quả thực hiện nhiệm vụ tháng 10 năm 2026"
    assert made.lead.startswith(
        "Chiều 27/10/2026, tại trụ sở Ủy ban nhân dân phường, Ủy ban nhân dân phường Đồ Sơn tổ chức Phiên họp "
        "thường kỳ tháng 10 năm 2026 đánh giá kết quả thực hiện nhiệm vụ tháng 10, phương hướng, nhiệm vụ "
        "tháng 11 năm 2026. Đồng chí Trần Quốc Khánh, Phó Bí thư Đảng ủy, Chủ tịch UBND phường chủ trì phiên họp. "
        "Dự phiên họp có các đồng chí Phó Chủ tịch"
    )
    assert made.paragraphs[0].startswith(
        "Báo cáo tại phiên họp cho biết, trong tháng 10 năm 2026, thu ngân sách "
        "nhà nước trên địa bàn phường lũy kế 10 tháng ước đạt 298,6 tỷ đồng, "
        "đạt 84,8% dự toán thành phố giao, tăng 10,4% so với cùng kỳ;"
    )
    assert any(
        p.startswith(
            "Tháng 11 năm 2026, Ủy ban nhân dân phường Đồ Sơn xác định một số nhiệm vụ trọng tâm: đôn đốc thu ngân sách"
        )
        for p in made.paragraphs
    )
    assert made.paragraphs[-1] == (
        "Kết luận phiên họp, đồng chí Trần Quốc Khánh yêu cầu các phòng, đơn vị tập "
        "trung đôn đốc thu ngân sách và chuẩn bị tốt nội dung kỳ họp cuối năm."
    )


def test_a_thematic_review_brief_reports_the_years_of_the_resolution():
    loaded = job.validate_file(str(ROOT / "inputs" / "dang-uy-phuong-do-son-so-ket-nghi-quyet.yaml"))
    made = brief.compose(loaded.report)
    assert made.headline == "Đảng ủy phường Đồ Sơn: Sơ kết 3 năm thực hiện Nghị quyết số 06-NQ/TU"
    assert made.lead.startswith(
        "Sáng 20/11/2026, Đảng ủy phường Đồ Sơn tổ chức Hội nghị sơ kết 3 năm thực hiện "
        "Nghị quyết số 06-NQ/TU của Ban Thường vụ Thành ủy. Đồng chí Phạm Văn Hòa"
    )
    text = "\n".join(made.paragraphs)
    assert (
        "Báo cáo tại Hội nghị cho biết, sau 3 năm thực hiện Nghị quyết, tổng lượt khách du lịch năm 2026 "
        "ước đạt 4.120 nghìn lượt, đạt 68,7% mục tiêu Nghị quyết đến năm 2030, tăng 45,3% so với năm 2023;"
    ) in text
    assert ("Thời gian tới, Đảng ủy phường Đồ Sơn xác định một số nhiệm vụ trọng tâm: tiếp tục quán triệt") in text


def test_the_brief_document_takes_the_rule_books_page_font_and_indent(tmp_path):
    from docx import Document

    from report_drafter.rules import book as layout

    loaded = job.validate_file(str(ROOT / "inputs" / "ubnd-phuong-do-son-2026-thang-10.yaml"))
    out = tmp_path / "tin-bai.docx"
    out.write_bytes(brief.render(brief.compose(loaded.report), "docx"))
    doc = Document(str(out))
    section, rules = doc.sections[0], layout.profile(loaded.report.system, loaded.report.regulation or None)
    assert [
        round(x.mm)
        for x in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [
        210,
        297,
        rules.page.top.default,
        rules.page.bottom.default,
        rules.page.left.default,
        rules.page.right.default,
    ]
    assert (rules.page.left.default, rules.page.right.default) == (30, 15)  # NĐ 30/2020, not 30/20
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    assert round(doc.paragraphs[1].paragraph_format.first_line_indent.cm, 2) == 1.27
