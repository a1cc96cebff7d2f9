"""No half-empty pages: every body page of every bundled example is filled down to near its
bottom margin, unless the next page starts the appendix or the document ends there.
Measured on the PDF LibreOffice makes (word boxes from poppler's `pdftotext -bbox-layout`)."""

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docx_helpers import SOFFICE

ROOT = Path(__file__).parents[1]
EXAMPLES = [ROOT / "inputs", ROOT / "inputs" / "hai-phong", ROOT / "inputs" / "tin-hoi-nghi"]
FILLED = 0.66  # the text reaches at least two thirds down a body page (bottom margin: 0.93);
# the page before the signature may end early by the lines kept with the signature

pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice and poppler are needed"
)

_PAGE = re.compile(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word[^>]*>(.*?)</word>")


def pages(pdf: Path) -> list[tuple[float, list[str]]]:
    """(how far down the text reaches, as a share of the page height; the page's lines)."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    result = []
    for height, body in _PAGE.findall(out):
        lines = [(float(y), html.unescape(" ".join(_WORD.findall(words)))) for y, words in _LINE.findall(body)]
        lines = [(y, t) for y, t in lines if not t.strip().isdigit()]  # the page number
        result.append((max((y for y, _ in lines), default=0) / float(height), [t for _, t in lines]))
    return result


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("fill")
    run = subprocess.run(
        [sys.executable, "-m", "report_drafter", "render", *map(str, EXAMPLES), "-o", str(out), "-j", "1", "--pdf"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    found = sorted(out.glob("*.pdf"))
    assert len(found) >= 8
    return found


def test_no_body_page_ends_half_empty(pdfs):
    short = []
    for pdf in pdfs:
        measured = pages(pdf)
        appendix = next((i for i, (_, lines) in enumerate(measured) if lines and lines[0] == "PHỤ LỤC"), len(measured))
        for number, (reach, _) in enumerate(measured[: appendix - 1], 1):  # the last body page may end early
            if reach < FILLED:
                short.append(f"{pdf.name} trang {number}: {reach:.0%}")
    assert short == []
