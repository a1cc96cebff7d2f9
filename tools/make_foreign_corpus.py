"""Write tests/data/foreign/: documents laid out the way OTHER programs write them.

    python tools/make_foreign_corpus.py

Not made with python-docx nor with report-drafter's templates: each file is raw
WordprocessingML written here line by line, reproducing what the offices' and the legal
portals' files hold — lines joined by line breaks (`w:br`) inside one paragraph, no page
setup at all, landscape appendix sections, annexed forms with their own "Nơi nhận",
GIẤY MỜI / GIẤY PHÉP / Party forms, Wingdings tick boxes, coloured text, page numbers
in a footer or none — and some are saved again by LibreOffice or pass through an old
.doc (LibreOffice) as other offices' files do.

The findings a careful văn thư would list are written HERE, before `check` runs
(`expected`: (code, a piece of the place)); `review` lists what may honestly be reported
as "cần xem lại". tests/test_check_foreign.py measures precision and recall against them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "foreign"
OUT_HELD = ROOT / "tests" / "data" / "foreign-held-out"  # written after the rules were done, never tuned on
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TNR = "Times New Roman"
A4 = dict(w=11906, h=16838, top=1134, bottom=1134, left=1701, right=1134)
A4_LANDSCAPE = dict(w=16838, h=11906, top=1134, bottom=1134, left=1134, right=1134, orient="landscape")


# --------------------------------------------------------------------------- raw XML


def r(text, size=14, b=False, i=False, u=False, color=None, font=TNR):
    """A run; `\\n` in the text becomes a line break (`w:br`) inside the run, as portals write it."""
    props = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>' if font else ""
    props += "<w:b/>" * b + "<w:i/>" * i + '<w:u w:val="single"/>' * u
    props += f'<w:color w:val="{color}"/>' if color else ""
    props += f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/>' if size else ""
    pieces = text.split("\n")
    inner = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(t)}</w:t>' if t else "" for t in pieces)
    return f"<w:r><w:rPr>{props}</w:rPr>{inner}</w:r>"


def br():
    return "<w:r><w:br/></w:r>"


def sym(char="F0FE", font="Wingdings", size=14):
    return f'<w:r><w:rPr><w:sz w:val="{size * 2}"/></w:rPr><w:sym w:font="{font}" w:char="{char}"/></w:r>'


def p(*runs, jc="center", ind=None, before=None, after=None, line=None, sect=""):
    ppr = ""
    if before is not None or after is not None or line is not None:
        attrs = "".join(
            f' w:{k}="{v}"' for k, v in (("before", before), ("after", after), ("line", line)) if v is not None
        )
        rule = ' w:lineRule="auto"' if line else ""
        ppr += f"<w:spacing{attrs}{rule}/>"
    if ind is not None:
        ppr += f'<w:ind w:firstLine="{ind}"/>'
    if jc:
        ppr += f'<w:jc w:val="{jc}"/>'
    ppr += sect
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"


def body_p(text, size=14, ind=720, **kw):
    """A justified body paragraph as offices type it: 1,27 cm first line, 6 pt before, 1,15 lines."""
    return p(r(text, size, **kw), jc="both", ind=ind, before=120, line=276)


def tc(*paras, width=4500):
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{"".join(paras) or p()}</w:tc>'


def tr(*cells, header=False):
    return f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if header else ''}{''.join(cells)}</w:tr>"


def tbl(*rows, borders=False):
    b = (
        (
            '<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/>'
            '<w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/>'
            '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>'
        )
        if borders
        else ""
    )
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/>{b}</w:tblPr>{"".join(rows)}</w:tbl>'


def sect(page=None, header=None, footer=None, title_pg=False, start=None):
    """A section's properties; `page=None` writes none at all (Word's defaults apply)."""
    out = ""
    if header:
        out += f'<w:headerReference w:type="default" r:id="{header}"/>'
    if footer:
        out += f'<w:footerReference w:type="default" r:id="{footer}"/>'
    if page:
        orient = f' w:orient="{page["orient"]}"' if page.get("orient") else ""
        out += f'<w:pgSz w:w="{page["w"]}" w:h="{page["h"]}"{orient}/>'
        out += (
            f'<w:pgMar w:top="{page["top"]}" w:right="{page["right"]}" w:bottom="{page["bottom"]}" '
            f'w:left="{page["left"]}" w:header="720" w:footer="720" w:gutter="0"/>'
        )
    if start:
        out += f'<w:pgNumType w:start="{start}"/>'
    if title_pg:
        out += "<w:titlePg/>"
    return f"<w:sectPr>{out}</w:sectPr>"


def page_field(jc="center"):
    return (
        f'<w:p><w:pPr><w:jc w:val="{jc}"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>2</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}"><w:docDefaults>'
    f'<w:rPrDefault><w:rPr><w:rFonts w:ascii="{TNR}" w:hAnsi="{TNR}" w:eastAsia="{TNR}" w:cs="{TNR}"/>'
    '<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>'
    "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    "</w:styles>"
)


def write_docx(target: Path, body: str, parts: dict | None = None, pages: int | None = None) -> None:
    """A package with document.xml, styles, the header/footer parts named in `parts` (rId → xml)."""
    parts = parts or {}
    rels = "".join(
        f'<Relationship Id="{rid}" Type="{R_NS}/{"header" if "hdr" in rid else "footer"}" Target="{rid}.xml"/>'
        for rid in parts
    )
    rels += f'<Relationship Id="rIdStyles" Type="{R_NS}/styles" Target="styles.xml"/>'
    overrides = "".join(
        f'<Override PartName="/word/{rid}.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        f'wordprocessingml.{"header" if "hdr" in rid else "footer"}+xml"/>'
        for rid in parts
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application>'
        f"{f'<Pages>{pages}</Pages>' if pages else ''}</Properties>"
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.styles+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        f'extended-properties+xml"/>{overrides}</Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>'
        f'<Relationship Id="rId2" Type="{R_NS}/extended-properties" Target="docProps/app.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>',
        "word/styles.xml": STYLES,
        "docProps/app.xml": app,
    }
    for rid, xml in parts.items():
        tag = "hdr" if "hdr" in rid else "ftr"
        files[f"word/{rid}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{xml}</w:{tag}>'
        )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


# ------------------------------------------------------------------------ the documents


@dataclass
class Doc:
    name: str
    system: str
    made: str  # portal | word-br | lo | doc
    build: object  # function() -> (body xml, parts, pages)
    expected: list = field(default_factory=list)  # [(code, piece of the place)]
    review: list = field(default_factory=list)  # codes that may be reported as "cần xem lại"
    via: str = ""  # "" | "lo" | "doc"


LOREM = (
    "Trong kỳ, các cơ quan, đơn vị đã triển khai đồng bộ các nhiệm vụ, giải pháp theo kế hoạch; "
    "công tác chỉ đạo, điều hành được tăng cường, bảo đảm tiến độ và chất lượng."
)


def long_body(n=14, size=14, color=None):
    out = [body_p("1. " + LOREM, size, color=color)]
    out += [
        body_p(f"{i}. {LOREM} Kết quả cụ thể được tổng hợp tại phụ lục kèm theo.", size, color=color)
        for i in range(2, n)
    ]
    return "".join(out)


def state_header_br(
    issuer="ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH",
    number="Số: 112/BC-UBND",
    date="Ninh Bình, ngày 15 tháng 6 năm 2024",
    national="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    number_size=13,
    date_runs=None,
):
    """The legal portals' header: two rows, lines joined by breaks, typed dash lines."""
    left1 = p(r(issuer, 13, b=True), r("\n-------", 13))
    right1 = p(
        r(national, 12, b=True), r("\n"), r("Độc lập - Tự do - Hạnh phúc", 13, b=True), r("\n---------------", 13)
    )
    left2 = p(r(number, number_size))
    right2 = p(date_runs or r(date, 14, i=True), jc="right")
    return tbl(tr(tc(left1, width=3600), tc(right1, width=5800)), tr(tc(left2, width=3600), tc(right2, width=5800)))


def state_signoff_br(
    recipients=("- Bộ Nội vụ;", "- Thường trực Tỉnh ủy;", "- Lưu: VT."),
    label_size=12,
    item_size=11,
    signer="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    name="Trần Văn Hùng",
    placeholder="\n\n(Đã ký)\n\n",
):
    left = p(r("Nơi nhận:", label_size, b=True, i=True), r("\n" + "\n".join(recipients), item_size), jc="left")
    right = p(r(signer, 14, b=True), r(placeholder, 14, i=True), r(name, 14, b=True))
    return tbl(tr(tc(left, width=4500), tc(right, width=4500)))


def state_doc(
    kind="BÁO CÁO",
    summary="Kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2024",
    body=None,
    header=None,
    signoff=None,
    page=A4,
    header_part=True,
    pages=3,
    extra="",
    footer_field=False,
):
    header = header or state_header_br()
    title = p(r(f"{kind}\n", 14, b=True), r(summary, 14, b=True), r("\n___________", 14)) if kind else ""
    parts = {}
    if header_part:
        parts["hdr1" if not footer_field else "ftr1"] = page_field("center" if not footer_field else "right")
    s = sect(
        page,
        header="hdr1" if header_part and not footer_field else None,
        footer="ftr1" if footer_field else None,
        title_pg=header_part,
    )
    xml = header + title + (body or long_body()) + (signoff or state_signoff_br()) + p() + extra + s
    return xml, parts, pages


def party_header(
    issuer_runs,
    right_runs=None,
    number="Số 15-BC/ĐU",
    date="Yên Phong, ngày 20 tháng 6 năm 2024",
    star_after_number=False,
):
    left = [p(*issuer_runs)]
    if star_after_number:
        left.append(p(r(number, 14)))
        left.append(p(r("*", 14)))
    else:
        left.append(p(r(number, 14)))
    right = [
        p(*(right_runs or [r("ĐẢNG CỘNG SẢN VIỆT NAM", 15, b=True, u=True)])),
        p(),
        p(r(date, 14, i=True), jc="right"),
    ]
    return tbl(tr(tc(*left, width=4200), tc(*right, width=5200)))


def party_signoff(
    recipients=("- Ban Thường vụ Huyện ủy,", "- Các chi bộ trực thuộc,", "- Lưu Văn phòng."), label_runs=None
):
    label = label_runs or [r("Nơi nhận", 14, u=True), r(":", 14)]
    left = p(*label, r("\n" + "\n".join(recipients), 12), jc="left")
    right = p(r("T/M ĐẢNG ỦY\nBÍ THƯ", 14, b=True), r("\n\n\n\n"), r("Nguyễn Văn An", 14, b=True))
    return tbl(tr(tc(left, width=4500), tc(right, width=4500)))


def party_doc(
    header,
    kind="BÁO CÁO",
    summary="kết quả lãnh đạo thực hiện nhiệm vụ 6 tháng đầu năm 2024",
    body=None,
    signoff=None,
    pages=3,
    ind=720,
    extra="",
):
    title = p(r(kind, 16, b=True), before=240) + p(r(summary, 14, b=True)) + p(r("-----", 14))
    text = body or "".join(p(r(f"{i}. {LOREM}", 14), jc="both", ind=ind, before=120, line=276) for i in range(1, 14))
    xml = header + title + text + (signoff or party_signoff()) + p() + extra
    return xml + sect(A4, header="hdr1", title_pg=True), {"hdr1": page_field()}, pages


ISSUER_DU = [r("ĐẢNG BỘ HUYỆN YÊN PHONG", 14), r("\n"), r("ĐẢNG ỦY XÃ ĐÔNG TIẾN", 14, b=True), r("\n*", 14)]


def annex_form(title="Mẫu số 01", form="ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP"):
    """An annexed form: its own header, blanks and its own "Nơi nhận" table."""
    head = tbl(
        tr(
            tc(p(r("TÊN CƠ QUAN, TỔ CHỨC\n-------", 12, b=True))),
            tc(p(r("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------", 12, b=True))),
        )
    )
    sign = tbl(
        tr(
            tc(p(r("Nơi nhận:", 10, b=True, i=True), r("\n- Như trên;\n- Lưu: ...", 9), jc="left")),
            tc(p(r("[ (Đã ký)", 12), r("\n(Chữ ký, dấu)\n", 12, i=True), r("Họ và tên", 12))),
        )
    )
    return (
        p(r(title, 12, b=True), jc="right")
        + head
        + p(r(form, 13, b=True))
        + p(r("Kính gửi: ....................................", 12), jc="left")
        + sign
    )


def doc_nghi_dinh_phu_luc():
    xml, parts, _ = state_doc(
        kind="NGHỊ ĐỊNH",
        summary="Quy định về cấp giấy phép hoạt động",
        header=state_header_br("CHÍNH PHỦ", "Số: 45/2024/NĐ-CP", "Hà Nội, ngày 05 tháng 4 năm 2024"),
        signoff=state_signoff_br(
            ("- Ban Bí thư Trung ương Đảng;", "- Thủ tướng, các Phó Thủ tướng Chính phủ;", "- Lưu: VT, KSTT."),
            signer="TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG",
            name="Lê Minh Khái",
        ),
        pages=12,
    )
    annex = (
        p(r("Phụ lục\nCÁC MẪU VĂN BẢN", 14, b=True), sect=sect(A4, header="hdr1", title_pg=True))
        + annex_form()
        + annex_form("Mẫu số 02", "BÁO CÁO TÌNH HÌNH HOẠT ĐỘNG")
    )
    at = xml.rindex("<w:sectPr>")
    return xml[:at] + annex + xml[at:], parts, 12


def doc_landscape_appendix():
    wide = tbl(
        tr(
            *(
                tc(p(r(h, 12, b=True)), width=1500)
                for h in ("TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ", "Ghi chú")
            ),
            header=True,
        ),
        *(tr(*(tc(p(r(str(v), 12)), width=1500) for v in (i, "Chỉ tiêu", 100, 98, "98%", ""))) for i in range(1, 20)),
        borders=True,
    )
    xml, parts, _ = state_doc()
    at = xml.rindex("<w:sectPr>")
    body = xml[: at - len(p())] + p(sect=sect(A4, header="hdr1", title_pg=True))  # the report's section ends here
    appendix = p(r("PHỤ LỤC\nKẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", 14, b=True)) + wide + p()
    return body + appendix + sect(A4_LANDSCAPE, header="hdr1"), parts, 4


def doc_recipients_small():
    return state_doc(signoff=state_signoff_br(item_size=9))


def doc_so_cong_van():
    header = tbl(
        tr(
            tc(
                p(r("UBND TỈNH NINH BÌNH", 13), r("\n"), r("SỞ NỘI VỤ", 13, b=True), r("\n-------", 13)),
                p(r("Số: 245/SNV-VP\n", 13), r("V/v báo cáo kết quả cải cách hành chính", 12)),
                width=3600,
            ),
            tc(
                p(
                    r("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", 12, b=True),
                    r("Độc lập - Tự do - Hạnh phúc", 13, b=True, u=True),
                ),
                p(r("Ninh Bình, ngày 03 tháng 7 năm 2024", 14, i=True), jc="right"),
                width=5800,
            ),
        )
    )
    body = (
        p(r("Kính gửi: Ủy ban nhân dân tỉnh Ninh Bình.", 14))
        + p(r("I. KẾT QUẢ THỰC HIỆN", 14, b=True, color="FF0000"), jc="both", ind=720, before=120, line=276)
        + long_body(8)
    )
    return state_doc(
        kind="",
        header=header,
        body=body,
        header_part=False,
        pages=2,
        signoff=state_signoff_br(signer="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"),
    )


def doc_giay_moi():
    return state_doc(
        kind="GIẤY MỜI",
        summary="Dự hội nghị sơ kết công tác 6 tháng đầu năm 2024",
        header=state_header_br(number="Số:      /GM-UBND"),
        body=long_body(4),
        pages=1,
        header_part=False,
    )


def doc_giay_phep():
    return state_doc(
        kind="GIẤY PHÉP",
        summary="Tổ chức biểu diễn nghệ thuật",
        header=state_header_br(number="Số:      /GP-UBND"),
        body=long_body(4),
        pages=1,
        header_part=False,
    )


def doc_party_form():
    issuer = [r("ĐẢNG BỘ TRƯỜNG ĐẠI HỌC KINH TẾ", 14), r("\n"), r("CHI BỘ SINH VIÊN", 14, b=True), r("\n*", 14)]
    boxes = "".join(p(sym(), r(f"  Ý kiến {i}: đồng ý với nội dung nhận xét", 14), jc="left") for i in range(1, 4))
    rows = [tr(*(tc(p(r(str(v), 13))) for v in (i, f"Đảng viên {i}", "Hoàn thành tốt nhiệm vụ"))) for i in range(1, 21)]
    table = tbl(*rows, borders=True) + p()
    xml, parts, _ = party_doc(
        party_header(issuer, number="Số 03-BC/CBSV"),
        kind="TỔNG HỢP Ý KIẾN NHẬN XÉT",
        summary="của đảng viên đối với cấp ủy năm 2024",
        body=boxes + table,
        pages=2,
    )
    return xml, parts, 2


def doc_party_cong_van():
    """A commune committee's công văn: the `*` typed below the number line, a typed dash line
    instead of the underline, `Ngày` with a capital N."""
    left = [
        p(r("ĐẢNG BỘ HUYỆN YÊN PHONG", 14), r("\n"), r("ĐẢNG ỦY XÃ ĐÔNG TIẾN", 14, b=True)),
        p(r("Số 27-CV/ĐU", 14)),
        p(r("*", 14)),
        p(r("V/v tổ chức hội nghị sơ kết", 12)),
    ]
    right = [
        p(r("ĐẢNG CỘNG SẢN VIỆT NAM", 15, b=True), r("\n----------------------", 15)),
        p(),
        p(r("Đông Tiến, Ngày 12 tháng 6 năm 2024", 14, i=True), jc="right"),
    ]
    header = tbl(tr(tc(*left, width=4200), tc(*right, width=5200)))
    body = "".join(p(r(f"{i}. {LOREM}", 14), jc="both", ind=720, before=120, line=276) for i in range(1, 6))
    xml = header + body + party_signoff() + p()
    return xml + sect(A4), {}, 1


def doc_party_colon_underlined():
    header = party_header(ISSUER_DU)
    sign = party_signoff(label_runs=[r("Nơi nhận:", 14, u=True)])
    return party_doc(header, signoff=sign, ind=None)


def doc_misspelt_national():
    header = state_header_br(
        national="CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        number_size=14,
        date_runs=r("Ninh Bình, ngày 15 tháng 4năm 2024", 14, i=True),
    )
    return state_doc(header=header, signoff=state_signoff_br(item_size=12))


def doc_blue_body():
    return state_doc(
        kind="KẾ HOẠCH",
        summary="Triển khai chuyển đổi số năm 2024",
        header=state_header_br(number="Số: 88/KH-UBND"),
        body=long_body(12, color="0000FF"),
    )


def doc_no_page_numbers():
    return state_doc(
        kind="THÔNG BÁO",
        summary="Kết luận của Chủ tịch Ủy ban nhân dân tỉnh",
        header=state_header_br(number="Số: 301/TB-UBND"),
        header_part=False,
        pages=4,
        body=long_body(24),
    )


def doc_page_number_footer():
    return state_doc(
        kind="TỜ TRÌNH",
        summary="Về việc phê duyệt kế hoạch biên chế năm 2025",
        header=state_header_br(number="Số: 77/TTr-UBND"),
        footer_field=True,
        pages=3,
    )


def doc_no_page_setup():
    return state_doc(
        kind="QUYẾT ĐỊNH",
        summary="Về việc thành lập Tổ công tác",
        header=state_header_br(number="Số: 1520/QĐ-UBND"),
        page=None,
        body=long_body(5),
        pages=1,
        header_part=False,
    )


def doc_nd30_annex():
    lines = [
        p(r("Phụ lục I", 14, b=True)),
        p(r("THỂ THỨC, KỸ THUẬT TRÌNH BÀY VĂN BẢN HÀNH CHÍNH", 14, b=True)),
        p(r("(Kèm theo Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ)", 14, i=True)),
        p(r("_______", 14)),
    ]
    body = "".join(lines) + long_body(6)
    return body + sect(A4), {}, 2


def doc_lo_bao_cao():
    return state_doc(
        kind="BÁO CÁO",
        summary="Tình hình kinh tế - xã hội quý II năm 2024",
        header=state_header_br(number="Số: 215/BC-UBND"),
    )


def doc_from_doc():
    return state_doc(
        kind="TỜ TRÌNH",
        summary="Đề nghị thông qua đề án sắp xếp đơn vị hành chính",
        header=state_header_br(number="Số: 19/TTr-UBND"),
    )


def doc_signoff_paragraphs():
    """The sign-off typed as paragraphs, no table: `Nơi nhận:` and its list on the left, the
    signer right-aligned below (as some portals render it)."""
    sign = (
        p(r("Nơi nhận:", 12, b=True, i=True), r("\n- Các sở, ban, ngành;\n- Lưu: VT", 11), jc="left")
        + p(r("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", 14, b=True), jc="right")
        + p(r("(Đã ký)", 14, i=True), jc="right")
        + p(r("Nguyễn Văn Long", 14, b=True), jc="right")
    )
    return state_doc(
        kind="THÔNG BÁO",
        summary="Lịch tiếp công dân tháng 10",
        header=state_header_br(number="Số: 77/TB-UBND"),
        signoff=sign,
        body=long_body(4),
        header_part=False,
        pages=1,
    )


def doc_party_clean():
    return party_doc(party_header(ISSUER_DU))


DOCS = [
    Doc("portal-nghi-dinh-phu-luc-mau.docx", "state", "portal", doc_nghi_dinh_phu_luc),
    Doc("portal-bao-cao-phu-luc-ngang.docx", "state", "portal", doc_landscape_appendix),
    Doc("portal-bao-cao-noi-nhan-9pt.docx", "state", "portal", doc_recipients_small, [("font-size", "- Bộ Nội vụ;")]),
    Doc(
        "so-cong-van-chu-do.docx",
        "state",
        "word-br",
        doc_so_cong_van,
        [("colour", "I. KẾT QUẢ"), ("page-number-missing", "trang")],
    ),
    Doc("ubnd-giay-moi.docx", "state", "portal", doc_giay_moi),
    Doc("ubnd-giay-phep.docx", "state", "portal", doc_giay_phep),
    Doc("dang-chi-bo-bieu-mau.docx", "party", "word-br", doc_party_form, review=["title"]),
    Doc(
        "dang-uy-xa-cong-van.docx",
        "party",
        "word-br",
        doc_party_cong_van,
        [("issuer-star", "Số 27-CV/ĐU"), ("underline", "ĐẢNG CỘNG SẢN"), ("date-line", "Ngày 12")],
    ),
    Doc(
        "dang-bao-cao-hai-cham-gach.docx",
        "party",
        "word-br",
        doc_party_colon_underlined,
        [("underline", "Nơi nhận"), ("first-line-indent", "1. Trong kỳ")],
    ),
    Doc(
        "ubnd-bao-cao-hoa-sai.docx",
        "state",
        "portal",
        doc_misspelt_national,
        [
            ("national", "CỘNG HÕA"),
            ("font-size", "Số: 112/BC-UBND"),
            ("date-line", "tháng 4năm"),
            ("font-size", "- Bộ Nội vụ;"),
        ],
    ),
    Doc("ubnd-ke-hoach-chu-xanh.docx", "state", "word-br", doc_blue_body, [("colour", "1. Trong kỳ")]),
    Doc(
        "ubnd-thong-bao-khong-so-trang.docx", "state", "portal", doc_no_page_numbers, [("page-number-missing", "trang")]
    ),
    Doc(
        "ubnd-to-trinh-so-trang-cuoi.docx",
        "state",
        "word-br",
        doc_page_number_footer,
        [("page-number-position", "trang")],
    ),
    Doc("ubnd-quyet-dinh-khong-dat-trang.docx", "state", "portal", doc_no_page_setup, review=["page-setup"]),
    Doc("nd30-phu-luc-i.docx", "none", "portal", doc_nd30_annex, review=["system-unknown", "appendix-only"]),
    Doc("lo-ubnd-bao-cao.docx", "state", "lo", doc_lo_bao_cao, via="lo"),
    Doc("doc-ubnd-to-trinh.docx", "state", "doc", doc_from_doc, via="doc"),
    Doc("dang-bao-cao-dung.docx", "party", "word-br", doc_party_clean),
    Doc(
        "portal-thong-bao-ky-khong-bang.docx",
        "state",
        "portal",
        doc_signoff_paragraphs,
        [("recipients-ending", "- Lưu: VT")],
    ),
]


# ------------------------------------------------------------------ held out: written after the rules


def held_party_resolution():
    header = party_header(
        [r("ĐẢNG BỘ TỈNH BẮC NINH", 14), r("\n"), r("HUYỆN ỦY YÊN PHONG", 14, b=True), r("\n*", 14)],
        number="Số 112-NQ/HU",
        date="Yên Phong, ngày 5 tháng 3 năm 2024",
    )
    sign = tbl(
        tr(
            tc(
                p(
                    r("Nơi nhận", 14, u=True),
                    r(":", 14),
                    r("\n- Ban Thường vụ Tỉnh ủy,\n- Lưu Văn phòng Huyện ủy.", 12),
                    jc="left",
                )
            ),
            tc(p(r("T/M HUYỆN ỦY\nBÍ THƯ", 14, b=True), r("\n\n\n"), r("Nguyễn Văn Bình", 14, b=True))),
        )
    )
    return party_doc(header, kind="NGHỊ QUYẾT", summary="về phát triển kinh tế tập thể đến năm 2030", signoff=sign)


def held_state_letter():
    header = tbl(
        tr(
            tc(
                p(r("ỦY BAN NHÂN DÂN\nXÃ AN HÒA", 13, b=True), r("\n-------", 13)),
                p(r("Số: 56/UBND\n", 13), r("V/v triển khai tổng điều tra dân số", 12)),
            ),
            tc(
                p(r("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", 12, b=True), r("Độc lập - Tự do - Hạnh phúc", 13, b=True)),
                p(r("An Hòa, ngày 12 tháng 8 năm 2025", 14, i=True), jc="right"),
            ),
        )
    )
    body = p(r("Kính gửi: Các thôn trên địa bàn xã.", 14)) + long_body(5, size=12)
    return state_doc(
        kind="",
        header=header,
        body=body,
        header_part=False,
        pages=1,
        signoff=state_signoff_br(("- Như trên;", "- Lưu: VT"), signer="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
    )


def held_state_decision_red():
    xml, parts, pages = state_doc(
        kind="QUYẾT ĐỊNH", summary="Về việc kiện toàn Ban Chỉ đạo", header=state_header_br(number="Số: 845/QĐ-UBND")
    )
    xml = xml.replace(r("QUYẾT ĐỊNH\n", 14, b=True), r("QUYẾT ĐỊNH\n", 14, b=True, color="C00000"), 1)
    return xml, {"hdr1": page_field("right")}, pages


def held_party_notice_no_star():
    issuer = [r("ĐẢNG BỘ TỈNH BẮC NINH", 14), r("\n"), r("HUYỆN ỦY YÊN PHONG", 14, b=True)]
    return party_doc(
        party_header(issuer, number="Số: 15-TB/HU"), kind="THÔNG BÁO", summary="kết luận của Thường trực Huyện ủy"
    )


def held_state_plan_clean():
    return state_doc(
        kind="KẾ HOẠCH",
        summary="Tổ chức các hoạt động kỷ niệm ngày thành lập tỉnh",
        header=state_header_br(number="Số: 133/KH-UBND"),
    )


def held_dept_submission_margin():
    page = dict(A4, left=1417)
    sign = state_signoff_br(signer="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC").replace(
        r("Nơi nhận:", 12, b=True, i=True), r("Nơi nhận:", 12), 1
    )
    header = tbl(
        tr(
            tc(
                p(r("UBND TỈNH NINH BÌNH", 13), r("\n"), r("SỞ TÀI CHÍNH", 13, b=True), r("\n-------", 13)),
                p(r("Số: 402/TTr-STC", 13)),
            ),
            tc(
                p(r("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", 12, b=True), r("Độc lập - Tự do - Hạnh phúc", 13, b=True)),
                p(r("Ninh Bình, ngày 20 tháng 9 năm 2025", 14, i=True), jc="right"),
            ),
        )
    )
    return state_doc(kind="TỜ TRÌNH", summary="Về dự toán ngân sách năm 2026", header=header, signoff=sign, page=page)


def held_party_report_doc():
    return party_doc(
        party_header(ISSUER_DU, number="Số 21-BC/ĐU"), kind="BÁO CÁO", summary="sơ kết công tác quý III năm 2025"
    )


def held_long_without_page_count():
    return state_doc(
        kind="BÁO CÁO",
        summary="Tổng kết năm 2025",
        header=state_header_br(number="Số: 300/BC-UBND"),
        header_part=False,
        pages=None,
        body=long_body(30),
    )


HELD_OUT = [
    Doc(
        "ho-dang-nghi-quyet.docx", "party", "word-br", held_party_resolution, [("date-leading-zero", "ngày 5 tháng 3")]
    ),
    Doc(
        "ho-ubnd-cong-van.docx",
        "state",
        "word-br",
        held_state_letter,
        [("font-size", "Trong kỳ"), ("recipients-ending", "- Lưu: VT")],
    ),
    Doc(
        "ho-ubnd-quyet-dinh-do.docx",
        "state",
        "portal",
        held_state_decision_red,
        [("colour", "QUYẾT ĐỊNH"), ("page-number-position", "trang")],
    ),
    Doc(
        "ho-dang-thong-bao-khong-sao.docx",
        "party",
        "word-br",
        held_party_notice_no_star,
        [("issuer-star", "HUYỆN ỦY YÊN PHONG"), ("number-line", "Số: 15-TB/HU")],
    ),
    Doc("ho-lo-ubnd-ke-hoach.docx", "state", "lo", held_state_plan_clean, via="lo"),
    Doc(
        "ho-so-to-trinh-le-trai.docx",
        "state",
        "word-br",
        held_dept_submission_margin,
        [("margin", "trang"), ("bold", "Nơi nhận")],
    ),
    Doc("ho-doc-dang-bao-cao.docx", "party", "doc", held_party_report_doc, via="doc"),
    Doc("ho-ubnd-bao-cao-dai.docx", "state", "portal", held_long_without_page_count, review=["page-number-missing"]),
]


def soffice_round_trip(path: Path, via: str) -> None:
    """Save `path` again with LibreOffice (via "lo"), or through an old .doc first (via "doc")."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        sys.exit("LibreOffice (soffice) is needed for the 'lo' and 'doc' documents")
    with tempfile.TemporaryDirectory() as tmp:
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        src = path
        if via == "doc":
            subprocess.run(
                [office, profile, "--headless", "--convert-to", "doc", "--outdir", tmp, str(path)],
                check=True,
                capture_output=True,
                timeout=180,
            )
            src = Path(tmp) / (path.stem + ".doc")
        out = Path(tmp) / "out"
        subprocess.run(
            [office, profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shutil.copy(out / (path.stem + ".docx"), path)


def main() -> None:
    write(OUT, DOCS)
    write(OUT_HELD, HELD_OUT)


def write(out: Path, docs: list) -> None:
    out.mkdir(parents=True, exist_ok=True)
    expected = {}
    for d in docs:
        xml, parts, pages = d.build()
        target = out / d.name
        write_docx(target, xml, parts, pages)
        if d.via:
            soffice_round_trip(target, d.via)
        expected[d.name] = {
            "system": d.system,
            "made": d.made,
            "findings": [list(e) for e in d.expected],
            "review": list(d.review),
        }
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(docs)} văn bản → {out}")


if __name__ == "__main__":
    main()
