"""Issue 21, point 15: the page as a reader sees it — the appendix's narrow columns, a two-line
title, Part II's one-line tasks, the lettered fourth level (PDF text read back, styles checked)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from cli_helpers import cli
from docx_helpers import SOFFICE, soffice_text
from report_drafter.input import starter
from report_drafter.text import context

ROOT = Path(__file__).parents[1]
needs_pdf = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice and poppler are not installed"
)

NESTED = """\
    sections:
      - heading: Nông nghiệp, thủy sản
        paragraphs: [Sản lượng thủy sản tăng.]
        sections:
          - heading: Nuôi trồng thủy sản
            paragraphs: [Diện tích nuôi trồng ổn định.]
"""


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A monthly State report (long title, appendix) and a Party starter with a fourth level."""
    base = tmp_path_factory.mktemp("layout")
    text = starter.starter("party").replace(
        '      - "- Công tác quản lý đô thị đạt kết quả **tích cực**."\n',
        '      - "- Công tác quản lý đô thị đạt kết quả **tích cực**."\n' + NESTED,
    )
    (base / "nested.yaml").write_text(text, encoding="utf-8")
    run = cli(
        "render",
        ROOT / "inputs" / "ubnd-phuong-do-son-2026-thang-10.yaml",
        ROOT / "inputs" / "ubnd-hai-an-2020-6t.yaml",
        base / "nested.yaml",
        "-o",
        base / "out",
    )
    assert run.returncode == 0, run.stderr
    return {p.stem: p for p in (base / "out").glob("*.docx")}


def pdf_lines(docx: Path) -> list[str]:
    """The PDF LibreOffice makes of `docx`, as text laid out line by line."""
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{docx.parent}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = subprocess.run(
        ["pdftotext", "-layout", str(docx.with_suffix(".pdf")), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


@needs_pdf
def test_the_appendix_keeps_tt_and_units_whole_and_the_title_no_lone_year(made):
    lines = pdf_lines(made["uy-ban-nhan-dan-phuong-do-son-2026-thang-10"])
    header = next(line for line in lines if line.startswith("TT") or line.startswith("T "))
    assert header.startswith("TT Chỉ tiêu"), header  # not T / T on two lines
    assert not any(line == "2026" for line in lines)
    assert "Kết quả thực hiện nhiệm vụ tháng 10," in lines
    assert "phương hướng, nhiệm vụ tháng 11 năm 2026" in lines
    lines = pdf_lines(made["uy-ban-nhan-dan-quan-hai-an-2020-6t"])
    table = lines[lines.index("PHỤ LỤC") :]
    with_unit = [line for line in table if re.search(r"\btỷ\b", line)]
    assert len(with_unit) == 3 and all("tỷ đồng" in line for line in with_unit), with_unit


def test_a_long_summary_breaks_after_a_comma_and_reads_back_unchanged():
    text = "Kết quả thực hiện nhiệm vụ tháng 10, phương hướng, nhiệm vụ tháng 11 năm 2026"
    assert context.balanced_lines(text) == (
        "Kết quả thực hiện nhiệm vụ tháng 10, \nphương hướng, nhiệm vụ tháng 11 năm 2026"
    )
    assert context.balanced_lines(text).replace("\n", "") == text
    assert context.balanced_lines("sơ kết 6 tháng đầu năm 2026") == "sơ kết 6 tháng đầu năm 2026"


def _paragraphs(docx: Path):
    return [(p.style.name, p.text) for p in Document(str(docx)).paragraphs if p.text.strip()]


def test_one_line_tasks_are_numbered_body_text_and_the_fourth_level_a_heading(made, tmp_path):
    doc = made["dang-uy-phuong-do-son-2026-6t"]
    paragraphs = _paragraphs(doc)
    styles = dict((text, style) for style, text in paragraphs)
    assert styles["Tăng cường công tác thu ngân sách."] == "Nhiệm vụ - Cấp 2"  # no sub-items
    assert styles["Tiếp tục nâng cao chất lượng công tác xây dựng Đảng."] == "Heading 2"  # has some
    assert styles["Chuẩn bị tốt các điều kiện tổ chức hội nghị."] == "Nhiệm vụ - Cấp 3"
    assert styles["a) Nuôi trồng thủy sản"] == "Đề mục - Cấp 4 (a, b)"
    styles_part = Document(str(doc)).styles
    task, letter = styles_part["Nhiệm vụ - Cấp 2"], styles_part["Đề mục - Cấp 4 (a, b)"]
    assert task.font.bold is False and letter.font.bold and letter.font.italic
    if SOFFICE is None:
        return
    text = [line.strip() for line in soffice_text(doc, tmp_path).splitlines()]
    # one list: the heading task and the body-text tasks count together
    assert "1. Tăng cường công tác thu ngân sách." in text
    assert "2. Tiếp tục nâng cao chất lượng công tác xây dựng Đảng." in text
    assert "2.1. Chuẩn bị tốt các điều kiện tổ chức hội nghị." in text
