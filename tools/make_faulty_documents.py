"""Write tests/data/documents/: our rendered examples, and copies with one fault each.

    python tools/make_faulty_documents.py

Each faulty document changes exactly one thing in a clean rendered document, the way
a secretary or a hand-typed document would get it wrong; tests/test_check.py asserts
the exact finding for each.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

from docx import Document
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "tests" / "data" / "documents"

from report_drafter.ooxml import W  # noqa: E402


def render(inputs: Path, folder: Path) -> Path:
    from report_drafter.run import one_input as job

    outcome = job.render_file(inputs, folder)
    assert not outcome.failed, outcome.message
    return Path(outcome.output)


def paragraph(doc, startswith: str):
    """The first paragraph (tables included) whose text starts with `startswith`."""
    for p in doc.element.body.iter(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        if text.startswith(startswith):
            from docx.text.paragraph import Paragraph

            return Paragraph(p, doc.part)
    raise LookupError(startswith)


def set_text(para, text: str) -> None:
    runs = para.runs
    runs[0].text = text
    for r in runs[1:]:
        r.text = ""


def faults(party: Path, state: Path) -> dict:
    """name → (source document, function that makes the fault)."""

    def date(doc):
        set_text(paragraph(doc, "Đồ Sơn, ngày"), "Đồ Sơn, ngày 9 tháng 7 năm 2019")

    def month(doc):
        set_text(paragraph(doc, "Đồ Sơn, ngày"), "Đồ Sơn, ngày 09 tháng 07 năm 2019")

    def colon(doc):
        set_text(paragraph(doc, "Số 45"), "Số: 45-BC/QU")

    def no_colon(doc):
        set_text(paragraph(doc, "Số: 112"), "Số 112/BC-UBND")

    def single_digit(doc):
        set_text(paragraph(doc, "Số 45"), "Số 5-BC/QU")

    def margin(doc):
        doc.sections[0].left_margin = Mm(20)

    def letter(doc):
        doc.sections[0].page_width, doc.sections[0].page_height = Mm(216), Mm(279)

    def body12(doc):
        doc.styles["Normal"].font.size = Pt(12)

    def arial(doc):
        doc.styles["Normal"].font.name = "Arial"

    def tag(doc):
        paragraph(doc, "Trong 6 tháng đầu năm").add_run(" {{ opening }}")

    def nfc(doc):
        run = next(r for r in paragraph(doc, "Trong 6 tháng đầu năm").runs if r.text)
        run.text = unicodedata.normalize("NFD", run.text)

    def mixed(doc):
        paragraph(doc, "Trong 6 tháng đầu năm").add_run(" Quận uỷ chỉ đạo sát sao.")

    def kt(doc):
        set_text(paragraph(doc, "T/M BAN THƯỜNG VỤ"), "K/T BÍ THƯ")
        set_text(paragraph(doc, "BÍ THƯ"), "PHÓ BÍ THƯ")

    def slash(doc):
        set_text(paragraph(doc, "TM. ỦY BAN NHÂN DÂN"), "T/M ỦY BAN NHÂN DÂN")

    def dot(doc):
        set_text(paragraph(doc, "T/M BAN THƯỜNG VỤ"), "TM. BAN THƯỜNG VỤ")

    def ending(doc):
        set_text(paragraph(doc, "- Các ban xây dựng Đảng"), "- Các ban xây dựng Đảng Thành ủy;")

    def first_page(doc):
        doc.sections[0].different_first_page_header_footer = False

    def lowercase(doc):
        set_text(paragraph(doc, "QUẬN ỦY ĐỒ SƠN"), "Quận ủy Đồ Sơn")

    def not_bold(doc):
        for r in paragraph(doc, "ĐẢNG CỘNG SẢN").runs:
            r.bold = False

    return {
        "date-no-leading-zero.docx": (party, date),
        "month-with-leading-zero.docx": (party, month),
        "number-with-colon-party.docx": (party, colon),
        "number-without-colon-state.docx": (state, no_colon),
        "number-single-digit.docx": (party, single_digit),
        "wrong-margin.docx": (party, margin),
        "letter-paper.docx": (party, letter),
        "body-12pt.docx": (party, body12),
        "arial-body.docx": (party, arial),
        "leftover-tag.docx": (party, tag),
        "not-nfc.docx": (party, nfc),
        "mixed-uy.docx": (party, mixed),
        "party-kt.docx": (party, kt),
        "state-slash-prefix.docx": (state, slash),
        "party-dot-prefix.docx": (party, dot),
        "recipients-ending.docx": (party, ending),
        "page-number-on-first-page.docx": (party, first_page),
        "lowercase-issuer.docx": (party, lowercase),
        "national-not-bold.docx": (party, not_bold),
    }


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        party = render(ROOT / "inputs" / "quan-uy-do-son-2019-6t.yaml", Path(tmp))
        state = render(ROOT / "inputs" / "ubnd-hai-an-2020-6t.yaml", Path(tmp))
        shutil.copy(party, OUT / "clean-party.docx")
        shutil.copy(state, OUT / "clean-state.docx")
        for name, (source, fault) in faults(party, state).items():
            doc = Document(str(source))
            fault(doc)
            doc.save(str(OUT / name))
            print(OUT / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
