"""A corpus of reports "written by other offices": built with python-docx the way Word users
and other programs lay them out (header in a table or typed with tabs, numbering typed or
by Word lists, both systems, two to five parts), each with the import expected of it,
written before the importer was run on it."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

_LEVELS = (("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."), ("lowerLetter", "%4)"))


def _numbering(doc) -> str:
    """A multilevel list I. / 1. / 1.1. / a) added to the document; its numId."""
    part = doc.part.numbering_part
    root = part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(_LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:multiLevelType '
        f'w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    first_num = root.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        root.append(abstract)
    root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _list(paragraph, num_id: str, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _para(doc_or_cell, text: str, bold=False, italic=False, center=False, style=None):
    p = doc_or_cell.add_paragraph(style=style) if style else doc_or_cell.add_paragraph()
    r = p.add_run(text)
    r.bold, r.italic = bold, italic
    r.font.size = Pt(13)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def build(spec: dict, path) -> None:
    """Write the report `spec` describes as a .docx at `path`."""
    doc = Document()
    num_id = _numbering(doc) if spec.get("lists") else None
    h = spec["header"]
    if spec.get("header_tabs"):
        for left, right in h["lines"]:
            _para(doc, f"{left}\t\t{right}", bold=True)
    else:
        t = doc.add_table(rows=1, cols=2)
        left, right = t.rows[0].cells
        left.paragraphs[0].add_run(h["left"][0]).bold = True
        for line in h["left"][1:]:
            _para(left, line, bold=True, center=True)
        right.paragraphs[0].add_run(h["right"][0]).bold = True
        for line in h["right"][1:]:
            _para(right, line, italic=line[:1].isupper() and "ngày" in line, center=True)
    _para(doc, spec["kind"], bold=True, center=True)
    for line in spec["summary"]:
        _para(doc, line, bold=True, center=True)
    if spec.get("rule"):
        _para(doc, spec["rule"], center=True)
    for item in spec["body"]:
        kind = item[0]
        if kind == "p":
            _para(doc, item[1])
        elif kind == "h":
            _, level, number, text = item
            if num_id and level <= 4 and spec.get("lists"):
                p = _para(doc, text, bold=True)
                _list(p, num_id, level - 1)
            elif spec.get("heading_styles") and level <= 3:
                doc.add_heading(f"{number} {text}".strip(), level=level)
            else:
                _para(doc, f"{number} {text}".strip(), bold=level <= 3, italic=level == 3)
        elif kind == "bullet":
            doc.add_paragraph(item[1], style="List Bullet")
        elif kind == "caps":
            _para(doc, item[1], bold=True)
        elif kind == "table":
            _, header, rows = item
            t = doc.add_table(rows=1 + len(rows), cols=len(header))
            t.style = "Table Grid"
            for j, c in enumerate(header):
                t.cell(0, j).text = c
            for i, row in enumerate(rows, 1):
                for j, c in enumerate(row):
                    t.cell(i, j).text = c
    s = spec["signoff"]
    if spec.get("signoff_paragraphs"):
        for line in s["right"]:
            _para(doc, line, bold=True, center=True)
        for line in s["left"]:
            _para(doc, line)
    else:
        t = doc.add_table(rows=1, cols=2)
        left, right = t.rows[0].cells
        left.paragraphs[0].add_run(s["left"][0]).bold = True
        for line in s["left"][1:]:
            _para(left, line)
        right.paragraphs[0].add_run(s["right"][0]).bold = True
        for line in s["right"][1:]:
            _para(right, line, bold=True, center=True)
    for item in spec.get("appendix", ()):
        if item[0] == "p":
            _para(doc, item[1], bold=True, center=True)
        else:
            _, header, rows = item
            t = doc.add_table(rows=1 + len(rows), cols=len(header))
            for j, c in enumerate(header):
                t.cell(0, j).text = c
            for i, row in enumerate(rows, 1):
                for j, c in enumerate(row):
                    t.cell(i, j).text = c
    doc.save(str(path))


PARTY_LEFT = ["ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", "QUẬN ỦY ĐỒ SƠN", "*", "Số 45-BC/QU"]
PARTY_RIGHT = ["ĐẢNG CỘNG SẢN VIỆT NAM", "Đồ Sơn, ngày 09 tháng 7 năm 2019"]
PARTY_SIGN = {
    "left": [
        "Nơi nhận:",
        "- Ban Thường vụ Thành ủy (để báo cáo),",
        "- Các đồng chí Quận ủy viên,",
        "- Lưu Văn phòng Quận ủy.",
    ],
    "right": ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "", "", "Bùi Thị Hồng Vân"],
}

CORPUS = [
    # 1. Party, header in a table, every number typed: I-, 1., 1.1., a), dash items, assessment
    {
        "name": "quan-uy-do-son-typed",
        "header": {"left": PARTY_LEFT, "right": PARTY_RIGHT},
        "kind": "BÁO CÁO",
        "summary": ["sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2019"],
        "rule": "-----",
        "body": [
            (
                "p",
                "Trong 6 tháng đầu năm 2019, quận Đồ Sơn triển khai thực hiện các nhiệm vụ trong điều kiện còn "
                "nhiều khó khăn do thời tiết, dịch bệnh diễn biến phức tạp, quy mô kinh tế còn nhỏ.",
            ),
            ("h", 1, "I-", "KẾT QUẢ LÃNH ĐẠO THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2019"),
            ("h", 2, "1.", "Lãnh đạo phát triển kinh tế"),
            (
                "p",
                "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 69,037 tỷ đồng, đạt 49,1% dự toán thành phố; "
                "42,5% dự toán HĐND quận, tăng 23,7% so với cùng kỳ.",
            ),
            ("p", "Giá trị sản xuất CN-TTCN tăng 9% so với cùng kỳ."),
            (
                "p",
                "- Công tác quản lý đô thị, trật tự hè đường, chỉnh trang đô thị, đảm bảo trật tự an toàn giao "
                "thông, đạt kết quả tích cực.",
            ),
            ("p", "- Tập trung chỉ đạo công tác giải phóng mặt bằng để thực hiện các dự án, công trình trọng điểm."),
            ("h", 2, "2.", "Văn hóa - xã hội, quốc phòng - an ninh"),
            (
                "p",
                "Văn hoá - xã hội tiếp tục có chuyển biến tiến bộ, tổ chức thành công Liên hoan du lịch “Đồ Sơn - "
                "Miền di sản”, Lễ hội đảo Dấu.",
            ),
            ("h", 3, "2.1.", "Quốc phòng - an ninh"),
            ("p", "Hoàn thành 100% chỉ tiêu giao quân và tổ chức ra quân huấn luyện năm 2019 đảm bảo chất lượng."),
            ("h", 4, "a)", "Tình hình an ninh chính trị, trật tự an toàn xã hội ổn định."),
            ("h", 2, "3.", "Đánh giá chung"),
            ("h", 3, "3.1.", "Ưu điểm"),
            ("p", "Tình hình kinh tế - xã hội của quận tiếp tục ổn định; một số chỉ tiêu tăng cao so với cùng kỳ."),
            ("h", 3, "3.2.", "Hạn chế, tồn tại"),
            ("p", "Quy mô kinh tế còn nhỏ, cơ sở hạ tầng kỹ thuật còn nhiều bất cập, hạn chế."),
            ("h", 1, "II-", "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2019"),
            ("p", "Ban Thường vụ Quận ủy yêu cầu các cấp ủy tập trung thực hiện một số nhiệm vụ trọng tâm sau:"),
            ("h", 2, "1.", "Căn cứ Nghị quyết số 06-NQ/QU của Quận ủy, tập trung rà soát các chỉ tiêu nhiệm vụ."),
            ("h", 2, "2.", "Tiếp tục lãnh đạo, chỉ đạo toàn diện các mặt công tác xây dựng Đảng."),
            ("p", "Tập trung chỉ đạo triển khai thực hiện Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị."),
            ("h", 3, "2.1.", "Ban hành các văn bản chỉ đạo, hướng dẫn Đại hội các đảng bộ, chi bộ cơ sở."),
            ("p", "Trên đây là báo cáo sơ kết 6 tháng đầu năm 2019 của Ban Thường vụ Quận ủy Đồ Sơn."),
        ],
        "signoff": PARTY_SIGN,
        "expected": {
            "system": "party",
            "issuer": {
                "parent": "Đảng bộ thành phố Hải Phòng",
                "name": "Quận ủy Đồ Sơn",
                "abbreviation": "QU",
                "place": "Đồ Sơn",
            },
            "number": 45,
            "date": "2019-07-09",
            "period": {"kind": "half", "index": 1, "year": 2019},
            "signature": {"on_behalf_of": "Ban Thường vụ", "title": "Bí thư", "name": "Bùi Thị Hồng Vân"},
            "recipients": 3,
            "indicators": 2,
            "assessment": True,
            "tasks": 2,
            "closing": True,
        },
    },
    # 2. State, header in a table, Word list numbering, a table, a further part (kiến nghị), KT.
    {
        "name": "ubnd-hai-an-lists",
        "lists": True,
        "header": {
            "left": ["ỦY BAN NHÂN DÂN", "QUẬN HẢI AN", "Số: 112/BC-UBND"],
            "right": [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Hải An, ngày 05 tháng 4 năm 2021",
            ],
        },
        "kind": "BÁO CÁO",
        "summary": ["Kết quả thực hiện nhiệm vụ quý I, phương hướng, nhiệm vụ quý II năm 2021"],
        "body": [
            (
                "p",
                "Thực hiện Nghị quyết của Hội đồng nhân dân quận về nhiệm vụ phát triển kinh tế - xã hội năm 2021, "
                "Ủy ban nhân dân quận báo cáo như sau:",
            ),
            ("h", 1, "", "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ QUÝ I NĂM 2021"),
            ("h", 2, "", "Về kinh tế"),
            (
                "p",
                "Tổng thu ngân sách nhà nước trên địa bàn ước đạt 1.215,4 tỷ đồng, đạt 52,3% dự toán thành phố giao, "
                "giảm 6,7% so với cùng kỳ.",
            ),
            ("p", "Kinh tế tiếp tục duy trì phát triển ổn định mặc dù gặp nhiều khó khăn do dịch bệnh COVID-19."),
            (
                "table",
                ["Lĩnh vực", "Thực hiện (tỷ đồng)", "So với cùng kỳ (%)"],
                [["Thuế, phí", "52,1", "118,2"], ["Tiền sử dụng đất", "16,9", "141"]],
            ),
            ("h", 2, "", "Về văn hóa - xã hội"),
            ("p", "Số hộ nghèo được hỗ trợ thoát nghèo đạt 42 hộ, đạt 100% kế hoạch năm."),
            ("p", "Công tác phòng, chống dịch bệnh COVID-19 được triển khai chủ động, quyết liệt."),
            ("h", 1, "", "PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II NĂM 2021"),
            ("h", 2, "", "Tập trung chỉ đạo thu ngân sách, phấn đấu hoàn thành vượt dự toán năm."),
            ("h", 2, "", "Đẩy nhanh tiến độ giải phóng mặt bằng các dự án trọng điểm."),
            ("h", 1, "", "KIẾN NGHỊ, ĐỀ XUẤT"),
            ("p", "Đề nghị Ủy ban nhân dân thành phố quan tâm bố trí vốn cho các dự án hạ tầng của quận."),
        ],
        "signoff": {
            "left": ["Nơi nhận:", "- Ủy ban nhân dân thành phố;", "- Thường trực Quận ủy;", "- Lưu: VT, VP."],
            "right": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Nguyễn Văn Hùng"],
        },
        "expected": {
            "system": "state",
            "issuer": {"name": "Ủy ban nhân dân quận Hải An", "abbreviation": "UBND", "place": "Hải An"},
            "number": 112,
            "date": "2021-04-05",
            "period": {"kind": "quarter", "index": 1, "year": 2021},
            "signature": {
                "on_behalf_of": "Ủy ban nhân dân",
                "deputy_for": "Chủ tịch",
                "title": "Phó Chủ tịch",
                "name": "Nguyễn Văn Hùng",
            },
            "recipients": 3,
            "indicators": 2,
            "tasks": 2,
            "more_parts": ["KIẾN NGHỊ, ĐỀ XUẤT"],
            "table": True,
        },
    },
    # 3. Party, five parts (đặc điểm, kết quả, đánh giá, phương hướng, kiến nghị), year report
    {
        "name": "huyen-uy-thuy-nguyen-five-parts",
        "header": {
            "left": ["ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", "HUYỆN ỦY THỦY NGUYÊN", "*", "Số 210-BC/HU"],
            "right": ["ĐẢNG CỘNG SẢN VIỆT NAM", "Thủy Nguyên, ngày 20 tháng 12 năm 2024"],
        },
        "kind": "BÁO CÁO",
        "summary": ["tổng kết năm 2024, phương hướng, nhiệm vụ năm 2025"],
        "body": [
            ("h", 1, "I.", "ĐẶC ĐIỂM TÌNH HÌNH"),
            (
                "p",
                "Năm 2024, tình hình kinh tế thế giới và trong nước còn nhiều khó khăn; thiên tai ảnh hưởng đến "
                "sản xuất nông nghiệp của huyện.",
            ),
            ("h", 1, "II.", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024"),
            ("h", 2, "1.", "Lĩnh vực kinh tế"),
            ("p", "Giá trị sản xuất nông, lâm, thủy sản tăng 9,7% so với cùng kỳ."),
            ("p", "Tổng vốn đầu tư toàn xã hội đạt 1.250 tỷ đồng, đạt 31,3% kế hoạch năm, tăng 12,5% so với cùng kỳ."),
            ("p", "Một là, hoàn thành quy hoạch chung xây dựng huyện."),
            ("p", "Hai là, đẩy mạnh chuyển đổi cơ cấu cây trồng, vật nuôi."),
            ("h", 2, "2.", "Công tác xây dựng Đảng"),
            ("p", "Kết nạp 215 đảng viên mới, đạt 107,5% chỉ tiêu."),
            ("h", 1, "III.", "ĐÁNH GIÁ CHUNG"),
            ("h", 2, "1.", "Ưu điểm"),
            ("p", "Các chỉ tiêu chủ yếu đều đạt và vượt kế hoạch."),
            ("h", 2, "2.", "Hạn chế, yếu kém"),
            ("p", "Tiến độ một số dự án còn chậm."),
            ("h", 1, "IV.", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"),
            ("h", 2, "1.", "Tập trung hoàn thành các chỉ tiêu Nghị quyết Đại hội Đảng bộ huyện."),
            ("h", 2, "2.", "Chuẩn bị tốt đại hội đảng bộ các cấp nhiệm kỳ 2025 - 2030."),
            ("h", 1, "V.", "KIẾN NGHỊ"),
            ("p", "Đề nghị Thành ủy quan tâm hỗ trợ nguồn lực đầu tư hạ tầng nông thôn mới."),
        ],
        "signoff": {
            "left": ["Nơi nhận:", "- Thành ủy Hải Phòng,", "- Lưu Văn phòng Huyện ủy."],
            "right": ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "", "Lê Văn Cường"],
        },
        "expected": {
            "system": "party",
            "issuer": {
                "parent": "Đảng bộ thành phố Hải Phòng",
                "name": "Huyện ủy Thủy Nguyên",
                "abbreviation": "HU",
                "place": "Thủy Nguyên",
            },
            "number": 210,
            "date": "2024-12-20",
            "period": {"kind": "year", "year": 2024},
            "signature": {"on_behalf_of": "Ban Thường vụ", "title": "Phó Bí thư", "name": "Lê Văn Cường"},
            "recipients": 2,
            "indicators": 2,
            "tasks": 2,
            "more_parts": ["ĐẶC ĐIỂM TÌNH HÌNH", "ĐÁNH GIÁ CHUNG", "KIẾN NGHỊ"],
        },
    },
    # 4. State, header typed with tabs (no table), nine months, (1) points and a), no assessment
    {
        "name": "ubnd-xa-an-lao-tabs",
        "header_tabs": True,
        "header": {
            "lines": [
                ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                ("XÃ AN LÃO", "Độc lập - Tự do - Hạnh phúc"),
                ("Số: 56/BC-UBND", "An Lão, ngày 28 tháng 9 năm 2025"),
            ]
        },
        "kind": "BÁO CÁO",
        "summary": ["Tình hình thực hiện nhiệm vụ 9 tháng đầu năm, phương hướng, nhiệm vụ 3 tháng cuối năm 2025"],
        "body": [
            ("p", "Ủy ban nhân dân xã báo cáo tình hình thực hiện nhiệm vụ 9 tháng đầu năm 2025 như sau:"),
            ("h", 1, "I.", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ 9 THÁNG ĐẦU NĂM 2025"),
            ("h", 2, "1.", "Về kinh tế"),
            ("p", "Tổng thu ngân sách trên địa bàn ước đạt 18,6 tỷ đồng, đạt 77,5% dự toán, tăng 8,2% so với cùng kỳ."),
            ("p", "(1) Sản xuất nông nghiệp ổn định, năng suất lúa vụ xuân đạt khá."),
            ("p", "(2) Hoạt động thương mại, dịch vụ phát triển."),
            ("h", 2, "2.", "Về văn hóa - xã hội"),
            ("h", 3, "a)", "Giáo dục"),
            ("p", "Chất lượng giáo dục được giữ vững; tỷ lệ học sinh tốt nghiệp trung học cơ sở đạt 99,6%."),
            ("h", 3, "b)", "Y tế"),
            ("p", "Công tác khám, chữa bệnh cho nhân dân được bảo đảm."),
            ("h", 1, "II.", "NHIỆM VỤ, GIẢI PHÁP 3 THÁNG CUỐI NĂM 2025"),
            ("h", 2, "1.", "Tập trung thu ngân sách, phấn đấu vượt dự toán năm."),
            ("h", 2, "2.", "Chỉ đạo sản xuất vụ đông bảo đảm khung thời vụ."),
            ("p", "Trên đây là báo cáo tình hình thực hiện nhiệm vụ 9 tháng đầu năm 2025 của Ủy ban nhân dân xã."),
        ],
        "signoff": {
            "left": ["Nơi nhận:", "- Ủy ban nhân dân thành phố;", "- Đảng ủy xã;", "- Lưu: VT."],
            "right": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Phạm Thị Lan"],
        },
        "expected": {
            "system": "state",
            "issuer": {"name": "Ủy ban nhân dân xã An Lão", "abbreviation": "UBND", "place": "An Lão"},
            "number": 56,
            "date": "2025-09-28",
            "period": {"kind": "nine_months", "year": 2025},
            "signature": {"on_behalf_of": "Ủy ban nhân dân", "title": "Chủ tịch", "name": "Phạm Thị Lan"},
            "recipients": 3,
            "indicators": 2,
            "tasks": 2,
            "closing": True,
        },
    },
    # 5. Party, a thematic review, appendix table with the plans, signature typed as paragraphs
    {
        "name": "dang-uy-phuong-review",
        "signoff_paragraphs": True,
        "header": {
            "left": ["ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", "ĐẢNG ỦY PHƯỜNG ĐỒ SƠN", "*", "Số 86-BC/ĐU"],
            "right": ["ĐẢNG CỘNG SẢN VIỆT NAM", "Đồ Sơn, ngày 20 tháng 11 năm 2026"],
        },
        "kind": "BÁO CÁO",
        "summary": [
            "sơ kết 3 năm thực hiện Nghị quyết số 06-NQ/TU ngày 15/3/2023 của Ban Thường vụ Thành ủy về "
            "phát triển kinh tế biển"
        ],
        "body": [
            (
                "p",
                "Thực hiện Kế hoạch của Ban Thường vụ Thành ủy, Ban Thường vụ Đảng ủy phường báo cáo kết quả như sau.",
            ),
            ("h", 1, "I-", "KẾT QUẢ 3 NĂM THỰC HIỆN NGHỊ QUYẾT"),
            ("h", 2, "1.", "Công tác lãnh đạo, chỉ đạo, tuyên truyền, quán triệt Nghị quyết"),
            (
                "p",
                "Ban Thường vụ Đảng ủy ban hành Kế hoạch thực hiện Nghị quyết; 100% chi bộ tổ chức quán triệt đến "
                "đảng viên.",
            ),
            ("h", 2, "2.", "Kết quả thực hiện các mục tiêu, nhiệm vụ"),
            (
                "p",
                "Tổng lượt khách du lịch năm 2026 ước đạt 4.120 nghìn lượt, đạt 68,7% mục tiêu Nghị quyết đến năm "
                "2030, tăng 45,3% so với năm 2023.",
            ),
            ("p", "Hạ tầng du lịch biển được đầu tư đồng bộ; hình thành một số sản phẩm du lịch đêm."),
            ("h", 1, "II-", "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"),
            ("h", 2, "1.", "Tiếp tục quán triệt, thực hiện có hiệu quả Nghị quyết đến năm 2030."),
            ("h", 2, "2.", "Phát triển sản phẩm du lịch bốn mùa, giảm tính mùa vụ."),
        ],
        "signoff": {
            "right": ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Phạm Văn Hòa"],
            "left": ["Nơi nhận:", "- Ban Thường vụ Thành ủy (để báo cáo),", "- Lưu Văn phòng Đảng ủy."],
        },
        "appendix": [
            ("p", "PHỤ LỤC"),
            ("p", "MỘT SỐ CHỈ TIÊU CHỦ YẾU"),
            (
                "table",
                ["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "So với kế hoạch (%)"],
                [
                    [
                        "1",
                        "Tổng lượt khách du lịch năm 2026",
                        "nghìn lượt",
                        "6.000 (mục tiêu Nghị quyết đến năm 2030)",
                        "4.120",
                        "68,7",
                    ]
                ],
            ),
        ],
        "expected": {
            "system": "party",
            "issuer": {
                "parent": "Đảng bộ thành phố Hải Phòng",
                "name": "Đảng ủy phường Đồ Sơn",
                "abbreviation": "ĐU",
                "place": "Đồ Sơn",
            },
            "number": 86,
            "date": "2026-11-20",
            "review": {
                "subject": "Nghị quyết số 06-NQ/TU ngày 15/3/2023 của Ban Thường vụ Thành ủy về "
                "phát triển kinh tế biển",
                "short": "Nghị quyết",
                "from": 2023,
            },
            "signature": {"on_behalf_of": "Ban Thường vụ", "title": "Bí thư", "name": "Phạm Văn Hòa"},
            "recipients": 2,
            "indicators": 1,
            "tasks": 2,
            "plan_from_appendix": "6.000",
        },
    },
    # 6. State, a month report of a ward, no part headings at all (1., 2. only)
    {
        "name": "ubnd-phuong-thang-10",
        "header": {
            "left": ["ỦY BAN NHÂN DÂN", "PHƯỜNG ĐỒ SƠN", "Số: 245/BC-UBND"],
            "right": [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Đồ Sơn, ngày 31 tháng 10 năm 2026",
            ],
        },
        "kind": "BÁO CÁO",
        "summary": ["Kết quả thực hiện nhiệm vụ tháng 10, phương hướng, nhiệm vụ tháng 11 năm 2026"],
        "body": [
            ("h", 2, "1.", "Kinh tế"),
            ("p", "Thu ngân sách trên địa bàn đạt 12,4 tỷ đồng, đạt 82,7% dự toán năm."),
            ("p", "- Hoàn thành thu hoạch lúa mùa trên toàn địa bàn."),
            ("h", 2, "2.", "Văn hóa - xã hội"),
            ("p", "- Tổ chức tốt các hoạt động kỷ niệm Ngày Phụ nữ Việt Nam 20/10."),
            ("h", 2, "3.", "Quốc phòng - an ninh"),
            ("p", "- Tình hình an ninh chính trị, trật tự an toàn xã hội được giữ vững."),
        ],
        "signoff": {
            "left": ["Nơi nhận:", "- UBND thành phố;", "- Lưu: VT."],
            "right": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Vũ Minh Tuấn"],
        },
        "expected": {
            "system": "state",
            "issuer": {"name": "Ủy ban nhân dân phường Đồ Sơn", "abbreviation": "UBND", "place": "Đồ Sơn"},
            "number": 245,
            "date": "2026-10-31",
            "period": {"kind": "month", "index": 10, "year": 2026},
            "signature": {"on_behalf_of": "Ủy ban nhân dân", "title": "Chủ tịch", "name": "Vũ Minh Tuấn"},
            "recipients": 2,
            "indicators": 1,
        },
    },
    # 7. Party, Word heading styles with the numbers typed in them, top committee (no parent)
    {
        "name": "thanh-uy-heading-styles",
        "heading_styles": True,
        "header": {
            "left": ["THÀNH ỦY HẢI PHÒNG", "*", "Số 312-BC/TU"],
            "right": ["ĐẢNG CỘNG SẢN VIỆT NAM", "Hải Phòng, ngày 15 tháng 7 năm 2025"],
        },
        "kind": "BÁO CÁO",
        "summary": ["sơ kết 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm 2025"],
        "body": [
            (
                "p",
                "Sáu tháng đầu năm 2025, Ban Thường vụ Thành ủy lãnh đạo thực hiện các nhiệm vụ trong bối cảnh "
                "sắp xếp đơn vị hành chính hai cấp.",
            ),
            ("h", 1, "I-", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2025"),
            ("h", 2, "1.", "Kinh tế"),
            ("p", "Tổng sản phẩm trên địa bàn (GRDP) tăng 11,2% so với cùng kỳ."),
            ("p", "Kim ngạch xuất khẩu đạt 15.250 triệu USD, bằng 112% so với cùng kỳ."),
            ("h", 2, "2.", "Sắp xếp tổ chức bộ máy"),
            ("p", "Hoàn thành sắp xếp đơn vị hành chính cấp xã; chính quyền địa phương hai cấp vận hành thông suốt."),
            ("h", 1, "II-", "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025"),
            ("h", 2, "1.", "Bảo đảm chính quyền hai cấp hoạt động hiệu lực, hiệu quả."),
            ("h", 2, "2.", "Chuẩn bị tổ chức thành công Đại hội Đảng bộ thành phố."),
            ("p", "Trên đây là báo cáo sơ kết 6 tháng đầu năm 2025 của Ban Thường vụ Thành ủy."),
        ],
        "signoff": {
            "left": ["Nơi nhận:", "- Ban Bí thư Trung ương Đảng (để báo cáo),", "- Lưu Văn phòng Thành ủy."],
            "right": ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "", "Lê Tiến Châu"],
        },
        "expected": {
            "system": "party",
            "issuer": {"name": "Thành ủy Hải Phòng", "abbreviation": "TU", "place": "Hải Phòng"},
            "number": 312,
            "date": "2025-07-15",
            "period": {"kind": "half", "index": 1, "year": 2025},
            "signature": {"on_behalf_of": "Ban Thường vụ", "title": "Bí thư", "name": "Lê Tiến Châu"},
            "recipients": 2,
            "indicators": 2,
            "tasks": 2,
            "closing": True,
        },
    },
    # 8. Party, Word list numbering, a blank number (văn thư fills it), estimated figures, a bare figure
    {
        "name": "dang-uy-xa-lists-blank-number",
        "lists": True,
        "header": {
            "left": ["ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", "ĐẢNG ỦY XÃ AN LÃO", "*", "Số      -BC/ĐU"],
            "right": ["ĐẢNG CỘNG SẢN VIỆT NAM", "An Lão, ngày 05 tháng 01 năm 2026"],
        },
        "kind": "BÁO CÁO",
        "summary": ["tổng kết năm 2025, phương hướng, nhiệm vụ năm 2026"],
        "body": [
            ("h", 1, "", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025"),
            ("h", 2, "", "Công tác xây dựng Đảng"),
            ("p", "Số đảng viên mới được kết nạp: 24 đảng viên."),
            ("p", "Tổ chức đại hội chi bộ nhiệm kỳ 2025 - 2027 bảo đảm đúng quy định."),
            ("h", 2, "", "Phát triển kinh tế - xã hội"),
            ("h", 3, "", "Nông nghiệp"),
            ("p", "Giá trị sản xuất nông nghiệp ước đạt 410,5 tỷ đồng, đạt 101,2% kế hoạch năm."),
            ("h", 3, "", "Xây dựng nông thôn mới"),
            ("p", "Xã giữ vững các tiêu chí nông thôn mới nâng cao."),
            ("h", 1, "", "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026"),
            ("h", 2, "", "Lãnh đạo thực hiện thắng lợi Nghị quyết Đại hội Đảng bộ xã."),
            ("h", 3, "", "Tập trung phát triển kinh tế nông nghiệp công nghệ cao."),
        ],
        "signoff": {
            "left": ["Nơi nhận:", "- Thành ủy,", "- Lưu VP."],
            "right": ["T/M ĐẢNG ỦY", "BÍ THƯ", "", "Hoàng Văn Nam"],
        },
        "expected": {
            "system": "party",
            "issuer": {
                "parent": "Đảng bộ thành phố Hải Phòng",
                "name": "Đảng ủy xã An Lão",
                "abbreviation": "ĐU",
                "place": "An Lão",
            },
            "number": None,
            "date": "2026-01-05",
            "period": {"kind": "year", "year": 2025},
            "signature": {"on_behalf_of": "Đảng ủy", "title": "Bí thư", "name": "Hoàng Văn Nam"},
            "recipients": 2,
            "indicators": 2,
            "tasks": 1,
        },
    },
]

CORPUS.append(
    # 9. State, part headings in bold capitals without numbers, Word bullets, a two-line summary, "(Đã ký)"
    {
        "name": "ubnd-phuong-caps-bullets",
        "header": {
            "left": ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI AN", "Số: 77/BC-UBND"],
            "right": [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Hải An, ngày 02 tháng 7 năm 2026",
            ],
        },
        "kind": "BÁO CÁO",
        "summary": ["Sơ kết 6 tháng đầu năm, phương hướng,", "nhiệm vụ 6 tháng cuối năm 2026"],
        "body": [
            ("p", "Ủy ban nhân dân phường báo cáo kết quả 6 tháng đầu năm 2026 như sau:"),
            ("caps", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2026"),
            ("h", 2, "1.", "Kinh tế, đô thị"),
            ("p", "Thu ngân sách trên địa bàn ước đạt 35,8 tỷ đồng, đạt 54,2% dự toán, tăng 6,5% so với cùng kỳ."),
            ("bullet", "Hoàn thành chỉnh trang 12 tuyến ngõ, xóm."),
            ("bullet", "Xử lý dứt điểm 9 trường hợp vi phạm trật tự xây dựng."),
            ("h", 2, "2.", "Văn hóa - xã hội"),
            ("p", "Chi trả đầy đủ, kịp thời chế độ cho người có công và đối tượng bảo trợ xã hội."),
            ("caps", "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026"),
            ("h", 2, "1.", "Phấn đấu hoàn thành vượt dự toán thu ngân sách năm 2026."),
            ("h", 2, "2.", "Tiếp tục chỉnh trang đô thị, giữ gìn trật tự xây dựng."),
        ],
        "signoff": {
            "left": ["Nơi nhận:", "- UBND thành phố;", "- Đảng ủy phường;", "- Lưu: VT."],
            "right": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)", "Đặng Thu Hà"],
        },
        "expected": {
            "system": "state",
            "issuer": {"name": "Ủy ban nhân dân phường Hải An", "abbreviation": "UBND", "place": "Hải An"},
            "number": 77,
            "date": "2026-07-02",
            "period": {"kind": "half", "index": 1, "year": 2026},
            "signature": {"on_behalf_of": "Ủy ban nhân dân", "title": "Chủ tịch", "name": "Đặng Thu Hà"},
            "recipients": 3,
            "indicators": 1,
            "tasks": 2,
        },
    }
)

CORPUS.append(
    # 10. State, an appendix with more indicators than the text names (the usual case)
    {
        "name": "ubnd-xa-phu-luc-chi-tieu",
        "header": {
            "left": ["ỦY BAN NHÂN DÂN", "XÃ THỦY NGUYÊN", "Số: 134/BC-UBND"],
            "right": [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Thủy Nguyên, ngày 25 tháng 12 năm 2025",
            ],
        },
        "kind": "BÁO CÁO",
        "summary": ["Tình hình kinh tế - xã hội năm 2025, phương hướng, nhiệm vụ năm 2026"],
        "body": [
            ("h", 1, "I.", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2025"),
            ("h", 2, "1.", "Kinh tế"),
            ("p", "Tổng thu ngân sách trên địa bàn đạt 52,4 tỷ đồng, đạt 104,8% dự toán năm."),
            ("p", "Các chỉ tiêu chủ yếu khác xem Phụ lục kèm theo."),
            ("h", 1, "II.", "NHIỆM VỤ NĂM 2026"),
            ("h", 2, "1.", "Phấn đấu hoàn thành các chỉ tiêu kinh tế - xã hội năm 2026."),
        ],
        "signoff": {
            "left": ["Nơi nhận:", "- UBND thành phố;", "- Lưu: VT."],
            "right": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Ngô Văn Bình"],
        },
        "appendix": [
            ("p", "PHỤ LỤC"),
            ("p", "MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2025"),
            (
                "table",
                ["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "So với kế hoạch (%)", "So với cùng kỳ (%)"],
                [
                    ["1", "Tổng thu ngân sách trên địa bàn", "tỷ đồng", "50", "52,4", "104,8", ""],
                    ["2", "Giá trị sản xuất công nghiệp", "tỷ đồng", "2.300", "1.250", "54,3", "108,5"],
                    ["3", "Số lao động được giải quyết việc làm", "người", "800", "420", "52,5", ""],
                ],
            ),
        ],
        "expected": {
            "system": "state",
            "issuer": {"name": "Ủy ban nhân dân xã Thủy Nguyên", "abbreviation": "UBND", "place": "Thủy Nguyên"},
            "number": 134,
            "date": "2025-12-25",
            "period": {"kind": "year", "year": 2025},
            "signature": {"on_behalf_of": "Ủy ban nhân dân", "title": "Chủ tịch", "name": "Ngô Văn Bình"},
            "recipients": 2,
            "indicators": 3,
            "table_only": 2,
            "tasks": 1,
            "plan_from_appendix": "50",
        },
    }
)

# Not reports: imported as far as they go, with a warning saying what they are.
NOT_REPORTS = [
    {
        "name": "nghi-dinh",
        "header": {
            "left": ["CHÍNH PHỦ", "Số: 30/2020/NĐ-CP"],
            "right": [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Hà Nội, ngày 05 tháng 3 năm 2020",
            ],
        },
        "kind": "NGHỊ ĐỊNH",
        "summary": ["Về công tác văn thư"],
        "body": [
            ("p", "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;"),
            ("p", "Chính phủ ban hành Nghị định về công tác văn thư."),
            ("h", 1, "Chương I", "QUY ĐỊNH CHUNG"),
            ("p", "Điều 1. Phạm vi điều chỉnh"),
        ],
        "signoff": {
            "left": ["Nơi nhận:", "- Ban Bí thư Trung ương Đảng;", "- Lưu: VT, VP."],
            "right": ["TM. CHÍNH PHỦ", "THỦ TƯỚNG", "", "Nguyễn Xuân Phúc"],
        },
        "warning": "NGHỊ ĐỊNH",
    },
    {
        "name": "cong-van",
        "header": {
            "left": ["ỦY BAN NHÂN DÂN", "QUẬN HẢI AN", "Số: 1203/UBND-VP", "V/v đôn đốc nộp báo cáo"],
            "right": [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Hải An, ngày 10 tháng 6 năm 2021",
            ],
        },
        "kind": "Kính gửi: Các phòng, ban chuyên môn thuộc UBND quận",
        "summary": [],
        "body": [("p", "Ủy ban nhân dân quận đề nghị các phòng, ban gửi báo cáo 6 tháng trước ngày 15/6/2021.")],
        "signoff": {
            "left": ["Nơi nhận:", "- Như trên;", "- Lưu: VT."],
            "right": ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "Đỗ Thị Mai"],
        },
        "warning": "BÁO CÁO",
    },
]
