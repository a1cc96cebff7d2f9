"""Today's units (since 1/7/2025: province; ward, commune, special zone), thematic reviews and
monthly reports: every line as a reader sees it in the rendered document."""

import subprocess
import sys
from pathlib import Path

import pytest

from docx_helpers import docx_lines
from report_drafter.input.starter import starter

ROOT = Path(__file__).parents[1]
INPUTS = ROOT / "inputs"


def cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "report_drafter", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every current-unit example and starter, rendered once: {output stem: lines}."""
    base = tmp_path_factory.mktemp("units")
    starters = base / "starters"
    starters.mkdir()
    for system in ("party", "state"):
        for unit in ("ward", "commune", "province"):
            (starters / f"{system}-{unit}.yaml").write_text(starter(system, "month-12", 2026, unit), encoding="utf-8")
            (starters / f"{system}-{unit}-review.yaml").write_text(
                starter(system, "half-1", 2026, unit, review=True), encoding="utf-8"
            )
    done = {}
    for name, paths in (
        (
            "",
            [
                INPUTS / "hai-phong-2026",
                INPUTS / "ubnd-phuong-do-son-2026-thang-10.yaml",
                INPUTS / "dang-uy-phuong-do-son-so-ket-nghi-quyet.yaml",
                INPUTS / "ubnd-thanh-pho-hai-phong-so-ket-de-an.yaml",
            ],
        ),
        ("starter:", [starters]),
    ):
        out = base / f"out{len(done)}"
        run = cli("render", *paths, "-o", out, "-j", "1")
        assert run.returncode == 0, run.stderr
        done.update({name + p.stem: [line for line in docx_lines(p) if line] for p in out.glob("*.docx")})
    return done


def lines_between(lines, first, last):
    return lines[lines.index(first) : lines.index(last) + 1]


def test_party_ward_header_number_signature_recipients(rendered):
    lines = rendered["dang-uy-phuong-do-son-2026-6t"]
    assert lines[1:7] == [
        "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG",
        "ĐẢNG ỦY PHƯỜNG ĐỒ SƠN",
        "*",
        "Số 85-BC/ĐU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Đồ Sơn, ngày 26 tháng 6 năm 2026",
    ]
    assert lines_between(lines, "Nơi nhận:", "Phạm Văn Hòa") == [
        "Nơi nhận:",
        "- Ban Thường vụ Thành ủy (để báo cáo),",
        "- Văn phòng Thành ủy,",
        "- Các đồng chí Đảng ủy viên,",
        "- Lưu Văn phòng Đảng ủy.",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Phạm Văn Hòa",
    ]


def test_party_ward_signed_for_the_whole_committee(rendered):
    lines = rendered["dang-uy-phuong-kien-an-2026-6t"]
    assert lines[lines.index("T/M ĐẢNG ỦY") + 1] == "BÍ THƯ"
    assert "Số      -BC/ĐU" in lines  # no number: left blank for the văn thư


def test_a_state_ward_monthly_report_plans_for_the_next_month(rendered):
    lines = rendered["uy-ban-nhan-dan-phuong-do-son-2026-thang-10"]
    assert lines[1:4] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG ĐỒ SƠN", "Số: 120/BC-UBND"]
    assert "Đồ Sơn, ngày 28 tháng 10 năm 2026" in lines
    assert "Kết quả thực hiện nhiệm vụ tháng 10, phương hướng, nhiệm vụ tháng 11 năm 2026" in lines
    assert "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 10 NĂM 2026" in lines
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 11 NĂM 2026" in lines
    assert lines[lines.index("TM. ỦY BAN NHÂN DÂN") + 1 :][:2] == ["CHỦ TỊCH", "Trần Quốc Khánh"]
    assert "- Thường trực Đảng ủy phường;" in lines and "- Lưu: VT, VP." in lines


def test_december_plans_for_january_of_the_next_year(rendered):
    lines = rendered["starter:uy-ban-nhan-dan-phuong-do-son-2026-thang-12"]
    assert "Kết quả thực hiện nhiệm vụ tháng 12 năm 2026, phương hướng, nhiệm vụ tháng 01 năm 2027" in lines
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 01 NĂM 2027" in lines


def test_province_issuers_have_no_parent_line(rendered):
    party = rendered["starter:thanh-uy-hai-phong-2026-thang-12"]
    assert party[1:4] == ["THÀNH ỦY HẢI PHÒNG", "*", "Số 12-BC/TU"]  # no parent line
    assert "Hải Phòng, ngày 25 tháng 12 năm 2026" in party
    state = rendered["ubnd-thanh-pho-hai-phong-so-ket-de-an-2023-2026"]
    assert state[1:4] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG", "Số: 415/BC-UBND"]
    assert lines_between(state, "TM. ỦY BAN NHÂN DÂN", "Lê Trung Kiên")[:3] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]


def test_commune_issuers_are_printed_in_capitals(rendered):
    assert rendered["starter:dang-uy-xa-kien-thuy-2026-thang-12"][2:5] == ["ĐẢNG ỦY XÃ KIẾN THỤY", "*", "Số 12-BC/ĐU"]
    assert rendered["starter:uy-ban-nhan-dan-xa-kien-thuy-2026-thang-12"][1:3] == ["ỦY BAN NHÂN DÂN", "XÃ KIẾN THỤY"]


def test_a_party_thematic_review_compares_with_its_starting_year(rendered):
    lines = rendered["dang-uy-phuong-do-son-so-ket-nghi-quyet-2023-2026"]
    assert (
        "sơ kết 3 năm thực hiện Nghị quyết số 06-NQ/TU ngày 15/3/2023 của Ban Thường vụ Thành ủy "
        "về phát triển kinh tế biển"
    ) in lines
    assert "KẾT QUẢ 3 NĂM THỰC HIỆN NGHỊ QUYẾT" in lines
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI" in lines
    assert (
        "Tổng lượt khách du lịch năm 2026 ước đạt 4.120 nghìn lượt, đạt 68,7% mục tiêu Nghị quyết "
        "đến năm 2030, tăng 45,3% so với năm 2023."
    ) in lines
    assert not any("cùng kỳ" in line for line in lines)  # a review has no "cùng kỳ"
    assert (
        "Tỷ trọng dịch vụ biển trong cơ cấu kinh tế phường đạt 62,5%, bằng 89,3% mục tiêu Nghị quyết đến năm 2030."
    ) in lines
    assert "MỘT SỐ CHỈ TIÊU CHỦ YẾU 3 NĂM THỰC HIỆN NGHỊ QUYẾT" in lines


def test_a_state_thematic_review_compares_with_its_starting_year(rendered):
    lines = rendered["ubnd-thanh-pho-hai-phong-so-ket-de-an-2023-2026"]
    assert (
        "Sơ kết 3 năm thực hiện Đề án số 12/ĐA-UBND ngày 20/4/2023 của Ủy ban nhân dân thành phố về chuyển đổi số"
    ) in lines
    assert "KẾT QUẢ 3 NĂM THỰC HIỆN ĐỀ ÁN" in lines
    assert (
        "Số doanh nghiệp công nghệ số trên địa bàn đạt 1.260 doanh nghiệp, đạt 105% mục tiêu Đề án "
        "đến năm 2025, tăng 50% so với năm 2023."
    ) in lines
    assert "So với năm 2023 (%)" in lines


def test_review_starters_render_with_review_headings(rendered):
    for stem in (
        "starter:dang-uy-phuong-do-son-so-ket-nghi-quyet-2023-2026",
        "starter:uy-ban-nhan-dan-phuong-do-son-so-ket-de-an-2023-2026",
        "starter:thanh-uy-hai-phong-so-ket-nghi-quyet-2023-2026",
    ):
        assert "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI" in rendered[stem]


def test_no_district_word_in_the_text_of_current_units(rendered, tmp_path):
    """Since 1/7/2025 there are no districts: nothing the tool writes for a ward says "quận"."""
    assert len(rendered) >= 10
    for stem, lines in rendered.items():
        found = [line for line in lines if "quận" in line.casefold()]
        assert not found, f"{stem}: {found}"
    run = cli(
        "brief",
        INPUTS / "hai-phong-2026",
        INPUTS / "ubnd-phuong-do-son-2026-thang-10.yaml",
        "-o",
        tmp_path,
        "--format",
        "md",
    )
    assert run.returncode == 0, run.stderr
    briefs = sorted(tmp_path.glob("*.md"))
    assert [p.name for p in briefs] == [
        "dang-uy-phuong-do-son-2026-6t-tin-bai.md",
        "dang-uy-phuong-hai-an-2026-6t-tin-bai.md",
        "dang-uy-phuong-kien-an-2026-6t-tin-bai.md",
        "uy-ban-nhan-dan-phuong-do-son-2026-thang-10-tin-bai.md",
    ]
    for path in briefs:
        assert "quận" not in path.read_text(encoding="utf-8").casefold()


def test_current_units_pass_the_format_check(rendered, tmp_path):
    out = tmp_path / "out"
    cli(
        "render",
        INPUTS / "hai-phong-2026" / "do-son.yaml",
        INPUTS / "ubnd-phuong-do-son-2026-thang-10.yaml",
        INPUTS / "ubnd-thanh-pho-hai-phong-so-ket-de-an.yaml",
        "-o",
        out,
    )
    docs = sorted(out.glob("*.docx"))
    assert len(docs) == 3
    run = cli("check", *docs)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("system", ["party", "state"])
@pytest.mark.parametrize("unit", ["ward", "commune", "province", "district"])
def test_new_offers_every_unit_and_validates(tmp_path, system, unit):
    made = cli("new", "--system", system, "--unit", unit, "--period", "month-10")
    assert made.returncode == 0
    path = tmp_path / "moi.yaml"
    path.write_text(made.stdout, encoding="utf-8")
    assert cli("validate", path).stdout == f"{path}: hợp lệ\n"
    if unit != "district":
        assert "quận" not in made.stdout.casefold()


def test_new_review_writes_a_review_instead_of_a_period(tmp_path):
    made = cli("new", "--review", "--system", "state")
    assert "review:" in made.stdout and "\nperiod:" not in made.stdout
    path = tmp_path / "r.yaml"
    path.write_text(made.stdout, encoding="utf-8")
    assert cli("validate", path).returncode == 0


def test_any_other_range_with_title_and_parts(tmp_path):
    """The README's recipe for a range no period names: the nearest period, then title and parts."""
    source = (INPUTS / "hai-phong-2026" / "do-son.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "_defaults.yaml").write_text(
        (INPUTS / "hai-phong-2026" / "_defaults.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "giua-nhiem-ky.yaml").write_text(
        source
        + """\
period:
  kind: year
  year: 2027
title: sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ phường lần thứ I, nhiệm kỳ 2025 - 2030
parts:
  results: Kết quả thực hiện Nghị quyết Đại hội từ đầu nhiệm kỳ đến nay
  tasks: Phương hướng, nhiệm vụ, giải pháp từ nay đến cuối nhiệm kỳ
output: dang-uy-phuong-do-son-giua-nhiem-ky
""",
        encoding="utf-8",
    )
    run = cli("render", folder, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    lines = docx_lines(tmp_path / "out" / "dang-uy-phuong-do-son-giua-nhiem-ky.docx")
    assert ("sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ phường lần thứ I, nhiệm kỳ 2025 - 2030") in lines
    assert "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI TỪ ĐẦU NHIỆM KỲ ĐẾN NAY" in lines
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP TỪ NAY ĐẾN CUỐI NHIỆM KỲ" in lines
