"""`report-drafter check`: audit any .docx against the official layout (layout.py).

Works on documents typed by hand as well as ours: elements are found by their text
and place (the header table, the `BÁO CÁO` line, the table holding `Nơi nhận`), never
by our style names. Every finding is a `Problem` with severity, place, rule and source,
and a fix.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from report_drafter import layout
from report_drafter.errors import Problem, Severity
from report_drafter.vnformat import upper_vi

MM_PER_TWIP = 25.4 / 1440
MIXED_SPELLINGS = (("ủy", "uỷ"), ("hóa", "hoá"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("tòa", "toà"),
                   ("hòa", "hoà"), ("lũy", "luỹ"), ("thúy", "thuý"), ("xóa", "xoá"), ("họa", "hoạ"))
PARTY_PREFIX = re.compile(r"^(T/M|K/T|T/L|T/UQ)\s")
STATE_PREFIX = re.compile(r"^(TM\.|KT\.|TL\.|TUQ\.|Q\.)\s")
OTHER_PREFIX = {"T/M": "TM.", "K/T": "KT.", "T/L": "TL.", "T/UQ": "TUQ.", "TM.": "T/M", "KT.": "K/T",
                "TL.": "T/L", "TUQ.": "T/UQ", "Q.": "Q."}
DATE_LINE = re.compile(r"^(?P<place>.+), ngày (?P<d>\d{1,2}) tháng (?P<m>\d{1,2}) năm (?P<y>\d{4})$")
PARTY_NUMBER = re.compile(r"^Số(?P<sp>\s*)(?P<n>\d*)\s*-(?P<kind>[A-ZĐ]+)/(?P<abbr>[^\s]+)$")
STATE_NUMBER = re.compile(r"^Số:(?P<sp>\s*)(?P<n>\d*)\s*/(?P<kind>[A-ZĐ]+)-(?P<abbr>[^\s]+)$")


class _Findings:
    def __init__(self, file: str, profile: layout.Profile | None):
        self.file = file
        self.profile = profile
        self.items: list[Problem] = []

    def add(self, severity: Severity, code: str, place: str, rule: str, fix: str, practice=False) -> None:
        source = self.profile.source if self.profile else f"{layout.PARTY_SOURCE}; {layout.STATE_SOURCE}"
        note = f" ({source}{', thông lệ' if practice else ''})"
        self.items.append(Problem(rule + note, place, self.file, 0, 0,
                                  Severity.WARNING if practice else severity, code, fix))

    def error(self, code, place, rule, fix, practice=False):
        self.add(Severity.ERROR, code, place, rule, fix, practice)

    def warn(self, code, place, rule, fix):
        self.add(Severity.WARNING, code, place, rule, fix)


def _place(para) -> str:
    text = para.text.strip()
    short = text if len(text) <= 40 else text[:40] + "…"
    return f"đoạn {para.index} «{short}»"


def detect_system(paras) -> str | None:
    header = " ".join(p.text.upper() for p in paras[:40])
    if "ĐẢNG CỘNG SẢN VIỆT NAM" in header:
        return "party"
    if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header or "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header:
        return "state"
    return None


def check_document(path, system: str | None = None) -> list[Problem]:
    """Every finding about the .docx at `path`; never raises for a bad document."""
    from report_drafter import docxread, package
    file = str(path)
    try:
        doc, paras, header_table, signoff_table = docxread.read(path)
    except package.PackageError as exc:
        return [Problem(f"không mở tệp: {exc.message}", "tệp", file, code="zip-bomb",
                        fix="mở tệp trong Word và lưu lại, hoặc kiểm tra nguồn gửi tệp")]
    except Exception as exc:          # python-docx raises many kinds for a file that is not a .docx
        return [Problem(f"không mở được tệp như một văn bản Word .docx ({type(exc).__name__})", "tệp", file,
                        code="not-docx", fix="lưu lại tệp ở định dạng Word (.docx)")]
    system = system or detect_system(paras)
    if system is None:
        f = _Findings(file, None)
        f.error("system-unknown", "tiêu đề", "không nhận ra hệ thống văn bản: không thấy "
                "ĐẢNG CỘNG SẢN VIỆT NAM hay CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ở đầu văn bản",
                "thêm quốc hiệu hoặc tiêu đề Đảng, hoặc chạy với --system party|state")
        return f.items
    profile = layout.profile(system)
    f = _Findings(file, profile)
    _page(doc, f)
    _texts(paras, f)
    _header(paras, f)
    _title_and_body(paras, f)
    _signoff(paras, f)
    return _grouped(f.items)


def _grouped(items: list[Problem]) -> list[Problem]:
    """One finding per repeated rule (a wrong style shows in every paragraph that uses it)."""
    first: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    out: list[Problem] = []
    for p in items:
        key = (p.code, p.message, p.fix)
        if key in first:
            counts[key] += 1
            continue
        first[key], counts[key] = len(out), 0
        out.append(p)
    for key, n in counts.items():
        if n:
            p = out[first[key]]
            out[first[key]] = Problem(f"{p.message}; cùng lỗi ở {n} đoạn khác", p.path, p.file, p.line,
                                      p.column, p.severity, p.code, p.fix)
    return out


# ------------------------------------------------------------------------ page

def _page(doc, f: _Findings) -> None:
    page = f.profile.page
    for i, section in enumerate(doc.sections):
        where = f"trang (phần {i + 1})"
        width, height = section.page_width, section.page_height
        if width is None or height is None or abs(width.mm - page.width_mm) > 1 or abs(height.mm - page.height_mm) > 1:
            got = f"{width.mm:.0f} × {height.mm:.0f} mm" if width and height else "không rõ"
            f.error("paper-size", where, f"khổ giấy phải là A4 đứng 210 × 297 mm (đang là {got})",
                    "Bố cục → Khổ giấy → A4; Hướng → Dọc")
        for name, value, rng in (("trên", section.top_margin, page.top), ("dưới", section.bottom_margin, page.bottom),
                                 ("trái", section.left_margin, page.left), ("phải", section.right_margin, page.right)):
            mm = value.mm if value is not None else 0
            if not rng.accepts(mm, 0.5):
                f.error("margin", where, f"lề {name} {mm:.0f} mm nằm ngoài khoảng {rng.low:.0f}–{rng.high:.0f} mm",
                        f"đặt lề {name} {rng.default:.0f} mm")
        sect = section._sectPr
        title_pg = sect.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}titlePg")
        shows_first = title_pg is None or title_pg.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "1") in ("0", "false")
        if shows_first and "PAGE" in section.header._element.xml:
            f.error("page-number-first-page", where, "số trang không được hiện ở trang đầu",
                    "bật “Trang đầu khác” (Different First Page) cho đầu trang")


# ----------------------------------------------------------------------- texts

def _texts(paras, f: _Findings) -> None:
    words: dict[str, dict[str, int]] = {}
    for p in paras:
        text = p.text
        if not text.strip():
            continue
        if any(tag in text for tag in ("{{", "{%", "{#")):
            f.error("template-tag", _place(p), "còn sót thẻ mẫu ({{, {% hoặc {#) trong văn bản",
                    "xóa thẻ hoặc điền nội dung thay cho nó")
        if not unicodedata.is_normalized("NFC", text):
            f.error("not-nfc", _place(p), "chữ không ở dạng Unicode dựng sẵn (NFC): dấu được gõ rời",
                    "gõ lại bằng bảng mã Unicode dựng sẵn, hoặc chạy lại report-drafter")
        for fmt in p.formats():
            if fmt.font and fmt.font != layout.FONT:
                f.error("font-name", _place(p), f"phông chữ phải là {layout.FONT} (đang là {fmt.font})",
                        f"chọn phông {layout.FONT} cho đoạn này hoặc cho kiểu (style) của nó")
                break
        lower = unicodedata.normalize("NFC", text).lower()
        for pair in MIXED_SPELLINGS:
            for form in pair:
                n = len(re.findall(rf"(?<!\w){form}(?!\w)", lower))
                if n:
                    words.setdefault(pair[0], {})[form] = words.get(pair[0], {}).get(form, 0) + n
    for modern, counts in words.items():
        if len(counts) > 1:
            forms = " và ".join(f"“{k}” ({v} lần)" for k, v in counts.items())
            f.warn("mixed-spelling", "toàn văn bản", f"dùng lẫn hai cách bỏ dấu thanh: {forms}",
                   f"thống nhất một cách viết trong cả văn bản, ví dụ “{modern}”")


def _size(p, element: layout.Element, f: _Findings, what: str) -> None:
    for fmt in p.formats():
        if fmt.size is None or not element.size.accepts(fmt.size):
            f.error("font-size", _place(p), f"{what}: cỡ chữ {fmt.size:g} pt nằm ngoài khoảng "
                    f"{element.size.low:g}–{element.size.high:g} pt", f"đặt cỡ chữ {element.size.default:g} pt",
                    element.practice)
            return


def _flags(p, element: layout.Element, f: _Findings, what: str) -> None:
    formats = p.formats()
    if not formats:
        return
    if element.bold and not all(x.bold for x in formats):
        f.error("bold", _place(p), f"{what} phải in đậm", "bôi đen đoạn và bấm Ctrl+B", element.practice)
    if element.italic and not all(x.italic for x in formats):
        f.error("italic", _place(p), f"{what} phải in nghiêng", "bôi đen đoạn và bấm Ctrl+I", element.practice)
    if element.caps and upper_vi(p.text) != p.text and not all(x.caps for x in formats):
        f.error("upper-case", _place(p), f"{what} phải viết chữ in hoa", "viết lại bằng chữ in hoa",
                element.practice)


def _element(p, element, f, what):
    _size(p, element, f, what)
    _flags(p, element, f, what)


# ---------------------------------------------------------------------- header

def _columns(paras, table: str) -> tuple[list, list]:
    """Non-empty paragraphs of the left and right cells of the `header` or `signoff` table."""
    return ([p for p in paras if p.where == f"{table}-left" and p.text.strip()],
            [p for p in paras if p.where == f"{table}-right" and p.text.strip()])


def _header(paras, f: _Findings) -> None:
    prof = f.profile
    left, right = _columns(paras, "header")
    if not left and not right:
        f.error("header-block", "đầu văn bản", "thiếu khối tiêu đề (bảng hai cột: cơ quan ban hành, quốc hiệu)",
                "dựng lại đầu văn bản theo mẫu: report-drafter render")
        return
    for line, element in zip(prof.national, prof.national_elements):
        found = next((p for p in right if p.text.strip().upper() == line.upper()), None)
        if found is None:
            f.error("national", "đầu văn bản", f"thiếu dòng “{line}”", f"thêm dòng “{line}” ở cột phải")
            continue
        if found.text.strip() != line:
            f.error("upper-case" if element.caps else "national", _place(found), f"phải viết đúng là “{line}”",
                    f"viết lại: {line}")
        _element(found, element, f, f"dòng “{line}”")
    date = next((p for p in right if ", ngày " in p.text), None)
    if date is None:
        f.error("date-line", "đầu văn bản", "thiếu dòng địa danh, ngày tháng năm",
                "thêm dòng như: Đồ Sơn, ngày 09 tháng 7 năm 2019")
    else:
        _date_line(date, f)
        _element(date, prof.date_line, f, "dòng ngày tháng")
    number = next((p for p in left if p.text.strip().startswith("Số")), None)
    if number is None:
        f.error("number-line", "đầu văn bản", "thiếu dòng số, ký hiệu văn bản",
                "thêm dòng như: " + ("Số 45-BC/QU" if prof.system == "party" else "Số: 112/BC-UBND"))
    else:
        _number_line(number, f)
        _element(number, prof.number, f, "dòng số, ký hiệu")
    above = [p for p in left if number is None or p.index < number.index]
    above = [p for p in above if p.text.strip() != "*"]
    if not above:
        f.error("issuer", "đầu văn bản", "thiếu tên cơ quan ban hành", "thêm tên cơ quan ở cột trái")
        return
    bolds = [p for p in above if p.formats() and all(x.bold for x in p.formats())]
    issuers = bolds or above[-1:]
    parents = [p for p in above if p not in issuers]
    if prof.system == "party" and not parents:
        f.error("parent", "đầu văn bản", "thiếu tên cấp ủy cấp trên (ví dụ ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG)",
                "thêm dòng cơ quan cấp trên trên tên cấp ủy")
    for p in parents:
        _element(p, prof.parent, f, "tên cơ quan cấp trên")
        if any(x.bold for x in p.formats()):
            f.error("bold", _place(p), "tên cơ quan cấp trên không in đậm", "bỏ in đậm (Ctrl+B)")
    for p in issuers:
        _element(p, prof.issuer, f, "tên cơ quan ban hành")
    if prof.issuer_star and not any(p.text.strip() == "*" for p in left):
        f.error("issuer-star", "đầu văn bản", "thiếu dấu sao (*) dưới tên cấp ủy", "thêm một dòng “*” căn giữa")


def _date_line(p, f: _Findings) -> None:
    text = p.text.strip()
    m = DATE_LINE.match(text)
    if not m:
        f.error("date-line", _place(p), "dòng ngày tháng phải có dạng “Địa danh, ngày 09 tháng 7 năm 2019”",
                "viết lại theo dạng đó")
        return
    d, month = m.group("d"), m.group("m")
    want_d = f"{int(d):02d}" if int(d) < 10 else str(int(d))
    want_m = f"{int(month):02d}" if int(month) <= 2 else str(int(month))
    if d != want_d or month != want_m:
        fixed = f"{m.group('place')}, ngày {want_d} tháng {want_m} năm {m.group('y')}"
        f.error("date-leading-zero", _place(p), "ngày dưới 10 và tháng 1, 2 phải có số 0 đứng trước; "
                "tháng từ 3 trở đi không có số 0", f"viết: {fixed}")


def _number_line(p, f: _Findings) -> None:
    text = p.text.strip()
    party = f.profile.system == "party"
    m = (PARTY_NUMBER if party else STATE_NUMBER).match(text)
    if not m:
        if party and text.startswith("Số:"):
            rule, fix = "văn bản của Đảng ghi “Số” không có dấu hai chấm", text.replace("Số:", "Số", 1).replace("Số  ", "Số ")
        elif not party and not text.startswith("Số:"):
            rule, fix = "văn bản hành chính ghi “Số:” có dấu hai chấm", "Số: " + text[2:].strip()
        else:
            rule, fix = ("dòng số, ký hiệu phải có dạng " + ("“Số 45-BC/QU”" if party else "“Số: 112/BC-UBND”"),
                         "viết lại theo dạng đó")
        f.error("number-line", _place(p), rule, f"viết: {fix}" if fix != "viết lại theo dạng đó" else fix)
        return
    n = m.group("n")
    if n and int(n) < 10 and len(n) < 2:
        f.error("number-leading-zero", _place(p), "số văn bản dưới 10 phải có số 0 đứng trước",
                f"viết: {text.replace(n, f'0{n}', 1)}")


# ------------------------------------------------------------------ title, body

def _title_and_body(paras, f: _Findings) -> None:
    prof = f.profile
    body = [p for p in paras if p.where == "body" and p.text.strip()]
    kind = next((p for p in body if p.text.strip().upper() == layout.REPORT_KIND), None)
    if kind is None:
        f.error("title", "đầu văn bản", "thiếu tên loại văn bản “BÁO CÁO”", "thêm dòng BÁO CÁO căn giữa, in đậm")
        start = 0
    else:
        if kind.text.strip() != layout.REPORT_KIND:
            f.error("upper-case", _place(kind), "tên loại văn bản phải viết in hoa: BÁO CÁO", "viết: BÁO CÁO")
        _element(kind, prof.title_kind, f, "tên loại văn bản")
        start = body.index(kind) + 1
        if start < len(body):
            summary = body[start]
            _size(summary, prof.title_summary, f, "trích yếu")
            _flags(summary, prof.title_summary, f, "trích yếu")
            first = next((c for c in summary.text if c.isalpha()), "")
            if prof.system == "party" and first.isupper():
                f.error("title-case", _place(summary), "trích yếu văn bản của Đảng bắt đầu bằng chữ thường",
                        "viết thường chữ cái đầu", practice=True)
            if prof.system == "state" and first.islower():
                f.error("title-case", _place(summary), "trích yếu văn bản hành chính bắt đầu bằng chữ hoa",
                        "viết hoa chữ cái đầu")
            start += 1
    body_text = layout.Element(prof.body.size)
    for p in body[start:]:
        if p.text.strip() in ("-----", "*") or p.text.strip().upper() in (layout.APPENDIX_TITLE,):
            continue
        name = p.style_name.lower()
        if name == "heading 1" or re.match(r"^[IVX]+\.\s", p.text):
            _element(p, prof.heading1, f, "tên phần")
        elif name in ("heading 2", "heading 3"):
            _size(p, prof.heading2, f, "đề mục")
        else:
            _size(p, body_text, f, "chữ nội dung")


# --------------------------------------------------------------------- sign-off

def _signoff(paras, f: _Findings) -> None:
    prof = f.profile
    left, right = _columns(paras, "signoff")
    if not left and not right:
        f.error("signoff", "cuối văn bản", "thiếu phần ký và “Nơi nhận” (bảng hai cột cuối văn bản)",
                "thêm bảng hai cột: trái Nơi nhận, phải thẩm quyền ký")
        return
    label = next((p for p in left if p.text.strip().startswith("Nơi nhận")), None)
    if label is not None:
        _size(label, prof.recipients_label, f, "chữ “Nơi nhận:”")
        word = [fmt for t, fmt in label.runs if t.strip() and t.strip() != ":"]
        if prof.recipients_label.underline and not all(x.underline for x in word):
            f.error("underline", _place(label), "chữ “Nơi nhận” phải gạch chân (dấu hai chấm không gạch chân)",
                    "gạch chân chữ Nơi nhận")
        if prof.recipients_label.bold and not (all(x.bold for x in label.formats()) and all(x.italic for x in label.formats())):
            f.error("bold", _place(label), "chữ “Nơi nhận:” in đậm, nghiêng", "bôi đen, bấm Ctrl+B và Ctrl+I")
    items = [p for p in left if p.text.strip().startswith("-")]
    for i, p in enumerate(items):
        _size(p, prof.recipients_item, f, "danh sách nơi nhận")
        last = i == len(items) - 1
        want = "." if last else prof.recipients_separator
        if not p.text.rstrip().endswith(want):
            what = "dòng nơi nhận cuối cùng kết thúc bằng dấu chấm" if last else \
                f"mỗi dòng nơi nhận kết thúc bằng dấu “{prof.recipients_separator}”"
            f.error("recipients-ending", _place(p), what, f"viết: {p.text.rstrip().rstrip(',;.')}{want}")
    if not right:
        return
    name = right[-1]
    _element(name, prof.signature_name, f, "họ tên người ký")
    above = right[:-1]
    party_issuer = any(p.where == "header-left" and re.search(r"(ủy|uỷ|đảng bộ)", p.text.lower()) for p in paras)
    for p in above:
        text = p.text.strip()
        wrong = (STATE_PREFIX if prof.system == "party" else PARTY_PREFIX).match(text)
        if wrong:
            prefix = wrong.group(1)
            f.error("signature-prefix", _place(p), "văn bản của Đảng viết T/M, K/T, T/L (gạch chéo, không dấu chấm)"
                    if prof.system == "party" else "văn bản hành chính viết TM., KT., TL. (có dấu chấm)",
                    f"viết: {OTHER_PREFIX[prefix]}{text[len(prefix):]}")
        elif prof.system == "party" and text.startswith("K/T") and party_issuer:
            f.warn("party-kt", _place(p), "văn bản của cấp ủy do bí thư hoặc phó bí thư ký T/M "
                   "(T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ); K/T dành cho cơ quan tham mưu",
                   "viết T/M BAN THƯỜNG VỤ, dòng dưới PHÓ BÍ THƯ")
        _element(p, prof.signature_authority, f, "thẩm quyền, chức vụ người ký")


# ------------------------------------------------------------------------- CLI

SEVERITY_WORD = {Severity.ERROR: "lỗi", Severity.WARNING: "cảnh báo"}


def format_finding(p: Problem) -> str:
    fix = f" — sửa: {p.fix}" if p.fix else ""
    return f"{p.file}: [{SEVERITY_WORD[p.severity]}] {p.path}: {p.message}{fix}"


def run_cli(args) -> int:
    """`report-drafter check`: print findings; 1 when any error, 2 when a file is missing."""
    missing = [f for f in args.files if not Path(f).is_file()]
    for name in missing:
        print(f"{name}: không tìm thấy tệp", file=sys.stderr)
    results = {f: check_document(f, args.system) for f in args.files if f not in missing}
    if args.json:
        print(json.dumps([{"file": f, "findings": [p.as_dict() for p in found]} for f, found in results.items()],
                         ensure_ascii=False, indent=2))
    else:
        for found in results.values():
            for p in found:
                print(format_finding(p))
        errors = sum(p.is_error for found in results.values() for p in found)
        warnings = sum(not p.is_error for found in results.values() for p in found)
        print(f"Đã kiểm tra {len(results)} tệp: {errors} lỗi, {warnings} cảnh báo.")
    if missing:
        return 2
    return 1 if any(p.is_error for found in results.values() for p in found) else 0
