"""Write tests/data/corpus/: documents made the way other units make them, not by report-drafter.

    python tools/make_corpus.py

Each document is typed with python-docx's own API (direct formatting, as a clerk's
Word file has it), some on python-docx's default template (Word's theme fonts,
Letter paper), some with the header laid out with tabs instead of a table, some
saved again by LibreOffice or converted from an old .doc by LibreOffice; both
systems and many kinds of document. Next to each one the findings a careful văn thư
would list are written down HERE, before `check` runs (`EXPECTED`, saved to
expected.json): (code, a piece of the place). tests/test_check.py measures precision
and recall of `check` against them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "corpus"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT
TNR = "Times New Roman"


@dataclass
class Spec:
    """One document of the corpus and what a careful văn thư would say about it."""

    name: str
    system: str  # party | state | none
    kind: str  # "BÁO CÁO", "NGHỊ ĐỊNH", "CÔNG VĂN" …
    number: str
    date: str
    issuer: tuple  # (parent or "", issuer lines …)
    summary: str
    expected: list  # [(code, piece of the place)]
    header: str = "table"  # table | tabs
    font: str | None = TNR  # None: leave Word's theme font
    paper: str = "a4"  # a4 | default (python-docx's Letter, 1"/1.25" margins)
    left_mm: float = 30
    body_pt: float = 14
    tweak: object = None  # a function(doc) making one more habit or fault
    via: str = ""  # "" | "lo" (saved again by LibreOffice) | "doc" (.doc converted by LibreOffice)
    signer: tuple = ()
    recipients: tuple = ()
    separators: bool = False  # underscore lines under the header blocks (as in the Government's files)
    body: tuple = ()


def xml(proxy):
    """The lxml element behind a python-docx paragraph or run (this tool's one private access)."""
    return proxy._element


def run(paragraph, text, size, bold=False, italic=False, underline=False, font=TNR):
    r = paragraph.add_run(text)
    r.font.size = Pt(size)
    r.font.bold, r.font.italic = bold, italic
    if underline:
        r.font.underline = True
    if font:
        r.font.name = font
        xml(r).get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return r


def para(container, align=CENTER, before=0, after=0, line=1.0, first_cm=None):
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment, pf.space_before, pf.space_after, pf.line_spacing = align, Pt(before), Pt(after), line
    if first_cm is not None:
        pf.first_line_indent = Cm(first_cm)
    return p


def line(container, text, size, font, align=CENTER, **flags):
    p = para(container, align)
    run(p, text, size, font=font, **flags)
    return p


def sizes(system):
    """The sizes a clerk sets, per the rule of each system."""
    if system == "party":
        return dict(
            parent=14, issuer=14, number=14, national=15, date=14, kind=16, summary=14, label=14, item=12, sign=14
        )
    return dict(
        parent=13, issuer=13, number=13, national=13, motto=14, date=14, kind=14, summary=14, label=12, item=11, sign=14
    )


def header(doc, s: Spec):
    z = sizes(s.system)
    parent, *issuer = s.issuer
    left = []  # (text, size, flags)
    if parent:
        left.append((parent, z["parent"], {}))
    left += [(t, z["issuer"], {"bold": True}) for t in issuer]
    if s.system == "party":
        left.append(("*", z["issuer"], {}))
    elif s.separators:
        left.append(("_______", z["issuer"], {}))
    left.append((s.number, z["number"], {}))
    if s.kind == "CÔNG VĂN":
        left.append(("V/v " + s.summary, 12, {}))
    right = []
    if s.system == "party":
        right.append(("ĐẢNG CỘNG SẢN VIỆT NAM", z["national"], {"bold": True, "underline": True}))
    else:
        right.append(("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", z["national"], {"bold": True}))
        right.append(("Độc lập - Tự do - Hạnh phúc", z["motto"], {"bold": True}))
        if s.separators:
            right.append(("_______________________", z["motto"], {}))
    right.append((s.date, z["date"], {"italic": True}))
    if s.header == "table":
        table = doc.add_table(rows=1, cols=2)
        for cell, lines in zip(table.rows[0].cells, (left, right)):
            xml(cell.paragraphs[0]).getparent().remove(xml(cell.paragraphs[0]))
            for text, size, flags in lines:
                line(cell, text, size, s.font, **flags)
        return
    # tabs: left column centred on a tab stop at 4 cm, right column on one at 12 cm
    rows = max(len(left), len(right))
    left = left + [None] * (rows - len(left))
    right = [None] * (rows - len(right)) + right if s.system == "state" else right + [None] * (rows - len(right))
    for l_item, r_item in zip(left, right):
        p = para(doc, LEFT)
        stops = p.paragraph_format.tab_stops
        stops.add_tab_stop(Cm(4), WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(Cm(12), WD_TAB_ALIGNMENT.CENTER)
        run(p, "\t", 13, font=s.font)
        if l_item:
            run(p, l_item[0], l_item[1], font=s.font, **l_item[2])
        if r_item:
            run(p, "\t", 13, font=s.font)
            run(p, r_item[0], r_item[1], font=s.font, **r_item[2])


def title(doc, s: Spec):
    z = sizes(s.system)
    if s.kind == "CÔNG VĂN":
        return
    p = para(doc, before=12)
    run(p, s.kind, z["kind"], bold=True, font=s.font)
    line(doc, s.summary, z["summary"], s.font, bold=True)
    line(doc, "-----" if s.system == "party" else "_______", z["summary"], s.font)


DEFAULT_BODY = (
    (
        "p",
        "Thực hiện chương trình công tác năm, trên cơ sở kết quả kiểm tra, giám sát tại các chi bộ trực thuộc, "
        "tập thể lãnh đạo đã thảo luận, thống nhất các nội dung sau đây.",
    ),
    ("h", "I- KẾT QUẢ THỰC HIỆN"),
    (
        "p",
        "Các cấp ủy đã bám sát nghị quyết, xây dựng kế hoạch cụ thể; công tác tuyên truyền được đẩy mạnh, "
        "tạo sự đồng thuận trong cán bộ, đảng viên và nhân dân.",
    ),
    ("p", "- Tỷ lệ hoàn thành chỉ tiêu đạt 98,5%, tăng 2,1% so với cùng kỳ."),
    ("h", "II- NHIỆM VỤ THỜI GIAN TỚI"),
    ("p", "Tiếp tục nâng cao chất lượng sinh hoạt chi bộ; chú trọng công tác phát triển đảng viên mới."),
)


def body(doc, s: Spec):
    for kind, text in s.body or DEFAULT_BODY:
        if kind == "h":
            p = para(doc, JUSTIFY, before=6, line=1.15, first_cm=1.27)
            run(p, text if s.system == "party" else text.replace("- ", ". ", 1), s.body_pt, bold=True, font=s.font)
        else:
            p = para(doc, JUSTIFY, before=6, line=1.15, first_cm=1.27)
            run(p, text, s.body_pt, italic=kind == "i", font=s.font)


def signoff(doc, s: Spec):
    z = sizes(s.system)
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    p.paragraph_format.alignment = LEFT
    if s.system == "party":
        run(p, "Nơi nhận", z["label"], underline=True, font=s.font)
        run(p, ":", z["label"], font=s.font)
    else:
        run(p, "Nơi nhận:", z["label"], bold=True, italic=True, font=s.font)
    for item in s.recipients:
        line(left, item, z["item"], s.font, LEFT)
    first = True
    for text, flags in s.signer:
        if first:
            p = right.paragraphs[0]
            p.paragraph_format.alignment = CENTER
            run(p, text, flags.pop("size", z["sign"]), font=s.font, **flags)
            first = False
        else:
            line(right, text, flags.pop("size", z["sign"]), s.font, **flags)


def build(s: Spec, target: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    if s.paper == "a4":
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(s.left_mm), Mm(15)
    header(doc, s)
    title(doc, s)
    body(doc, s)
    signoff(doc, s)
    doc.add_paragraph()  # Word always ends a document with a paragraph
    if s.tweak:
        s.tweak(doc)
    first = xml(doc.paragraphs[0])
    if not first.xpath("string(.)").strip() and first.getparent() is doc.element.body:
        doc.element.body.remove(first)
    doc.core_properties.author = "Văn phòng"
    doc.save(target)


# ---------------------------------------------------------------------- habits and faults


def paragraph_with(doc, start):
    from docx.text.paragraph import Paragraph

    for p in doc.element.body.iter(qn("w:p")):
        if p.xpath("string(.)").strip().startswith(start):
            return Paragraph(p, doc.part)
    raise LookupError(start)


def bold_font_name(doc):
    """An old document's habit: bold runs carry the face name "Times New Roman Bold"."""
    for r in doc.element.body.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:b")) is not None:
            for attr in ("w:ascii", "w:hAnsi"):
                rpr.find(qn("w:rFonts")).set(qn(attr), "Times New Roman Bold")


def east_asia_hint(doc):
    """Text pasted from a Chinese-locale machine: w:hint="eastAsia" with SimSun for East Asian text."""
    p = paragraph_with(doc, "Các cấp ủy")
    for r in p.runs:
        fonts = xml(r).get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:hint"), "eastAsia")
        fonts.set(qn("w:eastAsia"), "SimSun")


def decomposed(doc):
    p = paragraph_with(doc, "Tiếp tục")
    p.runs[0].text = unicodedata.normalize("NFD", p.runs[0].text)


def twelve_point_body(doc):
    for p in doc.paragraphs:
        if p.paragraph_format.first_line_indent:
            for r in p.runs:
                r.font.size = Pt(12)


def double_spacing(doc):
    paragraph_with(doc, "Các cấp ủy").paragraph_format.line_spacing = 2.0


def unboxed_draft(doc):
    body = doc.element.body
    p = doc.add_paragraph()
    run(p, "DỰ THẢO", 14, bold=True)
    body.insert(0, xml(p))


def long_table_without_header_repeat(doc):
    table = doc.add_table(rows=20, cols=3)
    doc.add_paragraph()
    table.style = doc.styles["Table Grid"]
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            run(cell.paragraphs[0], "TT" if i == 0 and j == 0 else f"{i}.{j}", 13)


PARTY_SIGNER = (
    ("T/M BAN THƯỜNG VỤ", {"bold": True}),
    ("BÍ THƯ", {"bold": True}),
    ("", {}),
    ("", {}),
    ("Nguyễn Văn An", {"bold": True}),
)
PARTY_RECIPIENTS = (
    "- Ban Thường vụ Tỉnh ủy (để báo cáo),",
    "- Các chi, đảng bộ trực thuộc,",
    "- Lưu Văn phòng Huyện ủy.",
)
STATE_SIGNER = (
    ("TM. ỦY BAN NHÂN DÂN", {"bold": True}),
    ("CHỦ TỊCH", {"bold": True}),
    ("", {}),
    ("", {}),
    ("Trần Thị Bình", {"bold": True}),
)
STATE_RECIPIENTS = ("- Thường trực HĐND xã;", "- Các phòng, ban chuyên môn;", "- Lưu: VT, VP.")
DECREE_SIGNER = (
    ("TM. CHÍNH PHỦ", {"bold": True, "size": 13}),
    ("THỦ TƯỚNG", {"bold": True, "size": 13}),
    ("(Đã ký)", {"italic": True}),
    ("", {}),
    ("Nguyễn Xuân Phúc", {"bold": True}),
)
DECREE_RECIPIENTS = (
    "- Ban Bí thư Trung ương Đảng;",
    "- Thủ tướng, các Phó Thủ tướng Chính phủ;",
    "- Các bộ, cơ quan ngang bộ,",
    "cơ quan thuộc Chính phủ;",
    "- HĐND, UBND các tỉnh,",
    "thành phố trực thuộc trung ương;",
    "- Lưu: VT, TCCV (2b).",
)
DECREE_BODY = (
    ("i", "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;"),
    ("i", "Theo đề nghị của Bộ trưởng Bộ Nội vụ;"),
    ("p", "Chính phủ ban hành Nghị định về công tác văn thư."),
    ("p", "Điều 1. Phạm vi điều chỉnh"),
    ("p", "Nghị định này quy định về công tác văn thư và quản lý nhà nước về công tác văn thư."),
)
PARTY = ("ĐẢNG BỘ TỈNH NINH BÌNH", "HUYỆN ỦY YÊN KHÁNH")
STATE = ("", "ỦY BAN NHÂN DÂN", "XÃ KHÁNH THIỆN")


def party(name, kind, number, expected, **kw):
    kw.setdefault("issuer", PARTY)
    kw.setdefault("signer", PARTY_SIGNER)
    kw.setdefault("recipients", PARTY_RECIPIENTS)
    return Spec(
        name,
        "party",
        kind,
        number,
        kw.pop("date", "Yên Khánh, ngày 15 tháng 3 năm 2024"),
        summary=kw.pop("summary", "về công tác kiểm tra, giám sát năm 2024"),
        expected=expected,
        **kw,
    )


def state(name, kind, number, expected, **kw):
    kw.setdefault("issuer", STATE)
    kw.setdefault("signer", STATE_SIGNER)
    kw.setdefault("recipients", STATE_RECIPIENTS)
    return Spec(
        name,
        "state",
        kind,
        number,
        kw.pop("date", "Khánh Thiện, ngày 20 tháng 6 năm 2024"),
        summary=kw.pop("summary", "Về tình hình thực hiện nhiệm vụ 6 tháng đầu năm 2024"),
        expected=expected,
        **kw,
    )


# The expectations below were written from the rules, before check was run on the files.
SPECS = [
    party("dang-nghi-quyet-bang", "NGHỊ QUYẾT", "Số 12-NQ/HU", []),
    party("dang-quyet-dinh-tab", "QUYẾT ĐỊNH", "Số 215-QĐ/HU", [], header="tabs"),
    party("dang-thong-bao-so-sai", "THÔNG BÁO", "Số: 5/TB-HU", [("number-line", "Số: 5/TB-HU")]),
    party("dang-ke-hoach-phong-chu-de", "KẾ HOẠCH", "Số 48-KH/HU", [("font-name", "")], font=None),
    party("dang-to-trinh-bold-alias", "TỜ TRÌNH", "Số 07-TTr/HU", [], tweak=bold_font_name),
    party("dang-cong-van", "CÔNG VĂN", "Số 123-CV/HU", [], summary="triển khai kế hoạch kiểm tra"),
    party("dang-chi-thi-hint-simsun", "CHỈ THỊ", "Số 09-CT/HU", [("font-name", "Các cấp ủy")], tweak=east_asia_hint),
    party(
        "dang-bao-cao-tab-khong-nfc",
        "BÁO CÁO",
        "Số 142-BC/HU",
        [("not-nfc", "Tiếp tục")],
        header="tabs",
        tweak=decomposed,
    ),
    party("dang-bao-cao-le-trai", "BÁO CÁO", "Số 143-BC/HU", [("margin", "trang")], left_mm=25),
    party("dang-bao-cao-gian-dong", "BÁO CÁO", "Số 144-BC/HU", [("line-spacing", "Các cấp ủy")], tweak=double_spacing),
    party("dang-bao-cao-du-thao", "BÁO CÁO", "Số 145-BC/HU", [("draft-box", "DỰ THẢO")], tweak=unboxed_draft),
    state(
        "nghi-dinh-chinh-phu",
        "NGHỊ ĐỊNH",
        "Số: 30/2020/NĐ-CP",
        [],
        issuer=("", "CHÍNH PHỦ"),
        date="Hà Nội, ngày 05 tháng 3 năm 2020",
        summary="Về công tác văn thư",
        separators=True,
        signer=DECREE_SIGNER,
        recipients=DECREE_RECIPIENTS,
        body=DECREE_BODY,
    ),
    state(
        "nghi-dinh-tab",
        "NGHỊ ĐỊNH",
        "Số: 30/2020/NĐ-CP",
        [],
        issuer=("", "CHÍNH PHỦ"),
        header="tabs",
        date="Hà Nội, ngày 05 tháng 3 năm 2020",
        summary="Về công tác văn thư",
        separators=True,
        signer=DECREE_SIGNER,
        recipients=DECREE_RECIPIENTS,
        body=DECREE_BODY,
    ),
    state("ubnd-quyet-dinh", "QUYẾT ĐỊNH", "Số: 112/QĐ-UBND", [], summary="Về việc thành lập Tổ công tác"),
    state("ubnd-cong-van", "CÔNG VĂN", "Số: 245/UBND-VP", [], summary="triển khai kế hoạch phòng, chống thiên tai"),
    state("ubnd-bao-cao-tab", "BÁO CÁO", "Số: 86/BC-UBND", [], header="tabs"),
    state("ubnd-to-trinh-thieu-hai-cham", "TỜ TRÌNH", "Số 7/TTr-UBND", [("number-line", "Số 7/TTr-UBND")]),
    state(
        "ubnd-ke-hoach-ngay",
        "KẾ HOẠCH",
        "Số: 40/KH-UBND",
        [("date-leading-zero", "ngày 5 tháng 02")],
        date="Khánh Thiện, ngày 5 tháng 02 năm 2024",
    ),
    state(
        "ubnd-thong-bao-bang-dai",
        "THÔNG BÁO",
        "Số: 51/TB-UBND",
        [("table-header-repeat", "bảng")],
        tweak=long_table_without_header_repeat,
    ),
    state(
        "ubnd-bao-cao-word-mac-dinh",
        "BÁO CÁO",
        "Số: 87/BC-UBND",
        [("paper-size", "trang"), ("margin", "trang"), ("font-name", "")],
        font=None,
        paper="default",
    ),
    party("dang-bao-cao-libreoffice", "BÁO CÁO", "Số 146-BC/HU", [], via="lo"),
    state(
        "ubnd-quyet-dinh-libreoffice-le",
        "QUYẾT ĐỊNH",
        "Số: 113/QĐ-UBND",
        [("margin", "trang")],
        summary="Về việc kiện toàn Ban Chỉ đạo",
        left_mm=22,
        via="lo",
    ),
    state(
        "ubnd-bao-cao-tu-doc",
        "BÁO CÁO",
        "Số: 88/BC-UBND",
        [("font-size", "Thực hiện"), ("font-size", "I. KẾT QUẢ")],
        tweak=twelve_point_body,
        via="doc",
    ),
    party("dang-bao-cao-tu-doc", "BÁO CÁO", "Số 9-BC/HU", [("number-leading-zero", "Số 9-BC/HU")], via="doc"),
]


def soffice_convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.docx"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        tmp = Path(tmp)
        for s in SPECS:
            target = (tmp / f"{s.name}.docx") if s.via else OUT / f"{s.name}.docx"
            build(s, target)
        lo = [tmp / f"{s.name}.docx" for s in SPECS if s.via == "lo"]
        doc = [tmp / f"{s.name}.docx" for s in SPECS if s.via == "doc"]
        if lo:
            soffice_convert(lo, "odt", tmp / "odt", tmp / "profile")
            soffice_convert(sorted((tmp / "odt").glob("*.odt")), "docx:MS Word 2007 XML", OUT, tmp / "profile")
        if doc:
            soffice_convert(doc, "doc:MS Word 97", tmp / "doc", tmp / "profile")
            soffice_convert(sorted((tmp / "doc").glob("*.doc")), "docx:MS Word 2007 XML", OUT, tmp / "profile")
    expected = {
        f"{s.name}.docx": {
            "system": s.system,
            "kind": s.kind,
            "made": s.via or "python-docx",
            "header": s.header,
            "findings": [list(e) for e in s.expected],
        }
        for s in SPECS
    }
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(SPECS)} documents in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
