"""`report-drafter check`: audit any .docx against the rule book (layout.py, rules/*.json).

Works on documents typed by hand as well as ours: elements are found by their text
and place (the header table or tab-separated header lines, the kind line such as
`BÁO CÁO` or `NGHỊ ĐỊNH`, the table holding `Nơi nhận`), never by our style names.
Every rule, range and form comes from the selected rule set; nothing here depends on
which system it is. Every finding is a `Problem` with severity, place, rule, source
and a fix; findings come in the order of the document. `--fix` writes a corrected
copy (fix.py).
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from report_drafter import layout, safefile
from report_drafter.errors import Problem, Severity
from report_drafter.vnformat import upper_vi

MIXED_SPELLINGS = (("ủy", "uỷ"), ("hóa", "hoá"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("tòa", "toà"),
                   ("hòa", "hoà"), ("lũy", "luỹ"), ("thúy", "thuý"), ("xóa", "xoá"), ("họa", "hoạ"))
DATE_LINE = re.compile(r"^(?P<place>.+?),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*$")
DATE_DIGITS = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})")
DATE_ANY = re.compile(r"ngày\b.*\btháng\b.*\bnăm\b")          # also a date left blank to be filled in by hand
NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<n>\d*)\s*(?P<rest>.*)$")
SEPARATOR = re.compile(r"^[\s\-_*=—–.·•~]+$")
PLACEHOLDER = re.compile(r"^\(.*\)$")
DASH_TEXT = re.compile(r"[\s\-–—]+")
LAST = 10 ** 9                        # order of findings about the whole document


@dataclass
class Repair:
    """One change `--fix` may make without touching the wording."""

    action: str                       # page | font | size | bold | italic | nfc | text | line | indent | before
    target: object                    # a Para, or a section index for "page"
    value: object = None


@dataclass
class Finding:
    order: int
    problem: Problem
    repairs: list = field(default_factory=list)


@dataclass
class Audit:
    """The findings about one document, with the document itself (for `--fix`)."""

    file: str
    findings: list
    doc: object = None
    rules: layout.Profile | None = None

    @property
    def problems(self) -> list[Problem]:
        return [f.problem for f in self.findings]


class _Findings:
    def __init__(self, file: str, profile: layout.Profile | None):
        self.file = file
        self.profile = profile
        self.items: list[Finding] = []

    def add(self, severity: Severity, code: str, where, rule: str, fix: str, source: str = "",
            practice=False, repair: Repair | None = None) -> None:
        """`where` is a paragraph or (order, place text)."""
        order, place = where if isinstance(where, tuple) else (where.index, _place(where))
        source = source or (self.profile.source if self.profile else "")
        note = f" ({source}{', thông lệ' if practice else ''})" if source else ""
        self.items.append(Finding(order, Problem(rule + note, place, self.file, 0, 0,
                                                 Severity.WARNING if practice else severity, code, fix),
                                  [repair] if repair else []))

    def error(self, code, where, rule, fix, source="", practice=False, repair=None):
        self.add(Severity.ERROR, code, where, rule, fix, source, practice, repair)

    def warn(self, code, where, rule, fix, source="", repair=None):
        self.add(Severity.WARNING, code, where, rule, fix, source, False, repair)


def _place(para) -> str:
    text = unicodedata.normalize("NFC", para.text.strip().replace("\t", " "))
    short = text if len(text) <= 40 else text[:40] + "…"
    return f"đoạn {para.index} «{short}»"


def detect_system(paras) -> str | None:
    """The system whose national line heads the document (the header, else its first lines)."""
    head = [p for p in paras if p.where.startswith("header")] or paras[:12]
    header = " ".join(upper_vi(p.text) for p in head).replace("HOÀ", "HÒA")
    for name in layout.regulation_names():
        rules = layout.regulation(name)
        if rules.national[0].upper() in header:
            return rules.system
    return None


def check_document(path, system: str | None = None, rules: str | None = None) -> list[Problem]:
    """Every finding about the .docx at `path`; never raises for a bad document."""
    return audit(path, system, rules).problems


def _not_docx(file: str) -> str | None:
    """What a file given to `check` is when it is plainly not a .docx (a YAML input, a PDF …)."""
    from report_drafter import filekind
    if not os.path.isfile(file):
        return None                   # not a plain file: the reader below names it
    try:
        with open(file, "rb") as fh:
            return filekind.not_docx(filekind.sniff(fh, os.fstat(fh.fileno()).st_size), file)
    except OSError:
        return None                   # the reader below says what is wrong with the path


def audit(path, system: str | None = None, rules: str | None = None) -> Audit:
    """Read and audit the document at `path` under the named rule set (or the detected system's)."""
    from report_drafter import docxread, package
    file = str(path)
    other = _not_docx(file)
    if other:
        return Audit(file, [Finding(0, Problem(other, "tệp", file, code="not-docx",
                                                fix="đưa cho check một văn bản Word .docx"))])
    try:
        doc, paras, _, _ = docxread.read(path)
    except package.PackageError as exc:
        return Audit(file, [Finding(0, Problem(f"không mở tệp: {exc.message}", "tệp", file, code="zip-bomb",
                                                fix="mở tệp trong Word và lưu lại, hoặc kiểm tra nguồn gửi tệp"))])
    except Exception as exc:          # python-docx raises many kinds for a file that is not a .docx
        return Audit(file, [Finding(0, Problem("không mở được tệp như một văn bản Word .docx (tệp hỏng, thiếu phần "
                                                       "word/document.xml, hoặc không phải văn bản Word)",
                                                "tệp", file, code="not-docx",
                                                fix="lưu lại tệp ở định dạng Word (.docx)"))])
    if rules:
        profile = layout.regulation(rules)
    else:
        system = system or detect_system(paras)
        profile = layout.profile(system) if system else None
    f = _Findings(file, profile)
    if profile is None:
        _unknown_system(doc, paras, f)
    else:
        _page(doc, f, profile.page)
        _texts(paras, f)
        _header(paras, f)
        kind = _title_and_body(paras, f)
        _number_of_kind(paras, f, kind)
        _signoff(paras, f)
        _tables(doc, f)
    return Audit(file, _grouped(f.items), doc, profile)


def _unknown_system(doc, paras, f: _Findings) -> None:
    """No recognisable header: check what does not depend on the system, and say so."""
    f.warn("system-unknown", (0, "tiêu đề"), "không nhận ra hệ thống văn bản (không thấy "
           + " hay ".join(layout.regulation(n).national[0] for n in layout.DEFAULT_REGULATION.values())
           + " ở đầu văn bản): chỉ kiểm tra khổ giấy, lề, phông, cỡ chữ nội dung, Unicode",
           "thêm quốc hiệu hoặc tiêu đề Đảng, hoặc chạy với --system party|state hoặc --rules TÊN",
           source="mọi quy định về thể thức")
    profiles = [layout.profile(s) for s in layout.DEFAULT_REGULATION]
    f.profile = None
    _page(doc, f, profiles[0].page, source=" ; ".join(p.page.source for p in profiles))
    _texts(paras, f)
    low = min(p.body.size.low for p in profiles)
    high = max(p.body.size.high for p in profiles)
    body = layout.Element(layout.Range(profiles[0].body.size.default, low, high),
                          source="; ".join(p.body.source for p in profiles))
    for p in paras:
        if p.where == "body" and len(p.text.strip()) > 80:
            _size(p, body, f, "chữ nội dung")


def _grouped(items: list[Finding]) -> list[Finding]:
    """In the order of the document; one finding per repeated rule (a wrong style shows in
    every paragraph that uses it), carrying the repairs of all of them."""
    items = sorted(items, key=lambda x: x.order)          # stable: same place keeps the order of the rules
    first: dict[tuple, Finding] = {}
    counts: dict[tuple, int] = {}
    out: list[Finding] = []
    for item in items:
        p = item.problem
        key = (p.code, p.message, p.fix)
        if key in first:
            counts[key] += 1
            first[key].repairs.extend(item.repairs)
            continue
        first[key], counts[key] = item, 0
        out.append(item)
    for key, n in counts.items():
        if n:
            item = first[key]
            p = item.problem
            item.problem = Problem(f"{p.message}; cùng lỗi ở {n} đoạn khác", p.path, p.file, p.line,
                                   p.column, p.severity, p.code, p.fix)
    return out


# ------------------------------------------------------------------------ page

def _page(doc, f: _Findings, page: layout.Page, source: str = "") -> None:
    source = source or page.source
    for i, section in enumerate(doc.sections):
        where = (0, f"trang (phần {i + 1})")
        width, height = section.page_width, section.page_height
        if width is None or height is None or abs(width.mm - page.width_mm) > 1 or abs(height.mm - page.height_mm) > 1:
            got = f"{width.mm:.0f} × {height.mm:.0f} mm" if width and height else "không rõ"
            f.error("paper-size", where, f"khổ giấy phải là A4 đứng {page.width_mm:.0f} × {page.height_mm:.0f} mm "
                    f"(đang là {got})", "Bố cục → Khổ giấy → A4; Hướng → Dọc", source,
                    repair=Repair("page", i, {"width_mm": page.width_mm, "height_mm": page.height_mm}))
        for name, key, value, rng in (("trên", "top", section.top_margin, page.top),
                                      ("dưới", "bottom", section.bottom_margin, page.bottom),
                                      ("trái", "left", section.left_margin, page.left),
                                      ("phải", "right", section.right_margin, page.right)):
            mm = value.mm if value is not None else 0
            if not rng.accepts(mm, 0.5):
                f.error("margin", where, f"lề {name} {mm:.0f} mm nằm ngoài khoảng {rng.low:.0f}–{rng.high:.0f} mm",
                        f"đặt lề {name} {rng.default:.0f} mm", source, repair=Repair("page", i, {key: rng.default}))
        sect = section._sectPr
        title_pg = sect.find(f"{_W}titlePg")
        shows_first = title_pg is None or title_pg.get(f"{_W}val", "1") in ("0", "false")
        if shows_first and "PAGE" in section.header._element.xml:
            f.error("page-number-first-page", where, "số trang không được hiện ở trang đầu",
                    "bật “Trang đầu khác” (Different First Page) cho đầu trang", source,
                    repair=Repair("page", i, {"different_first_page": True}))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ----------------------------------------------------------------------- texts

def _texts(paras, f: _Findings) -> None:
    words: dict[str, dict[str, int]] = {}
    seen: set = set()
    for p in paras:
        text = p.text
        if not text.strip() or id(p.element) in seen and p.split:
            continue
        seen.add(id(p.element))
        if any(tag in text for tag in ("{{", "{%", "{#")):
            f.error("template-tag", p, "còn sót thẻ mẫu ({{, {% hoặc {#) trong văn bản",
                    "xóa thẻ hoặc điền nội dung thay cho nó", "report-drafter")
        if not unicodedata.is_normalized("NFC", text):
            f.error("not-nfc", p, "chữ không ở dạng Unicode dựng sẵn (NFC): dấu được gõ rời",
                    "gõ lại bằng bảng mã Unicode dựng sẵn, hoặc chạy check --fix", "TCVN 6909:2001",
                    repair=Repair("nfc", p))
        for fmt in p.formats():
            if fmt.font and fmt.font != layout.FONT:
                got = f"{fmt.font}, phông của chủ đề (theme)" if fmt.theme else fmt.font
                f.error("font-name", p, f"phông chữ phải là {layout.FONT} (đang là {got})",
                        f"chọn phông {layout.FONT} cho đoạn này hoặc cho kiểu (style) của nó",
                        "TCVN 6909:2001; " + (f.profile.page.source.split(",")[0] if f.profile else "NĐ 30/2020; HD 36"),
                        repair=Repair("font", p, layout.FONT))
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
            f.warn("mixed-spelling", (LAST, "toàn văn bản"), f"dùng lẫn hai cách bỏ dấu thanh: {forms}",
                   f"thống nhất một cách viết trong cả văn bản, ví dụ “{modern}”", "thông lệ")


def _size(p, element: layout.Element, f: _Findings, what: str) -> None:
    for fmt in p.formats():
        if fmt.size is None or not element.size.accepts(fmt.size):
            f.error("font-size", p, f"{what}: cỡ chữ {fmt.size:g} pt nằm ngoài khoảng "
                    f"{_span(element.size)} pt", f"đặt cỡ chữ {element.size.default:g} pt",
                    element.source, element.practice, Repair("size", p, element.size.default))
            return


def _span(r: layout.Range) -> str:
    return f"{r.low:g}" if r.low == r.high else f"{r.low:g}–{r.high:g}"


def _vn(x: float) -> str:
    """1.15 → `1,15` (Vietnamese decimal comma)."""
    return f"{x:g}".replace(".", ",")


def _vn_span(r: layout.Range) -> str:
    return _vn(r.low) if r.low == r.high else f"{_vn(r.low)}–{_vn(r.high)}"


def _flags(p, element: layout.Element, f: _Findings, what: str) -> None:
    formats = p.formats()
    if not formats:
        return
    if element.bold and not all(x.bold for x in formats):
        f.error("bold", p, f"{what} phải in đậm", "bôi đen đoạn và bấm Ctrl+B", element.source, element.practice,
                Repair("bold", p, True))
    if element.italic and not all(x.italic for x in formats):
        f.error("italic", p, f"{what} phải in nghiêng", "bôi đen đoạn và bấm Ctrl+I", element.source,
                element.practice, Repair("italic", p, True))
    if element.caps and upper_vi(p.text) != p.text and not all(x.caps for x in formats):
        f.error("upper-case", p, f"{what} phải viết chữ in hoa", "viết lại bằng chữ in hoa", element.source,
                element.practice)


def _element(p, element, f, what):
    _size(p, element, f, what)
    _flags(p, element, f, what)


def _is_separator(p) -> bool:
    return bool(SEPARATOR.match(p.text)) and p.text.strip() != ""


# ---------------------------------------------------------------------- header

def _columns(paras, table: str) -> tuple[list, list]:
    """Non-empty, non-separator paragraphs of the left and right columns of the header or sign-off."""
    def keep(p, side):
        return p.where == f"{table}-{side}" and p.text.strip() and not _is_separator(p)
    return [p for p in paras if keep(p, "left")], [p for p in paras if keep(p, "right")]


def _same_line(a: str, b: str) -> bool:
    return upper_vi(a).replace("HOÀ", "HÒA").split() == upper_vi(b).replace("HOÀ", "HÒA").split()


def _header(paras, f: _Findings) -> None:
    prof = f.profile
    left, right = _columns(paras, "header")
    if not left and not right:
        f.error("header-block", (0, "đầu văn bản"), "thiếu khối tiêu đề (cơ quan ban hành bên trái, "
                f"{prof.national[0]} bên phải)", "dựng đầu văn bản là một bảng hai cột không viền", prof.source)
        return
    for line, element in zip(prof.national, prof.national_elements):
        found = next((p for p in right if _same_line(p.text.strip(), line)
                      or DASH_TEXT.sub("", p.text.upper()) == DASH_TEXT.sub("", line.upper())), None)
        if found is None:
            f.error("national", (0, "đầu văn bản"), f"thiếu dòng “{line}”", f"thêm dòng “{line}” ở cột phải",
                    element.source)
            continue
        text = found.text.strip()
        if not _same_line(text, line) and DASH_TEXT.sub(" ", text) == DASH_TEXT.sub(" ", line):
            pass
        elif not _same_line(text, line):
            f.warn("national", found, f"dòng này viết là “{line}” (gạch nối “-”, có cách chữ)",
                   f"viết lại: {line}", element.source)
        elif text.replace("HOÀ", "HÒA") != line.replace("HOÀ", "HÒA"):
            f.error("upper-case" if element.caps else "national", found, f"phải viết đúng là “{line}”",
                    f"viết lại: {line}", element.source)
        _element(found, element, f, f"dòng “{line}”")
    date = next((p for p in right if DATE_ANY.search(p.text)), None)
    if date is None:
        f.error("date-line", (0, "đầu văn bản"), "thiếu dòng địa danh, ngày tháng năm",
                "thêm dòng: " + prof.date_format.format(place="<địa danh>", day="…", month="…", year="…"),
                prof.date_line.source)
    else:
        _date_line(date, f)
        _element(date, prof.date_line, f, "dòng ngày tháng")
    number = next((p for p in left if re.match(r"^Số\b", p.text.strip())), None)
    above = [p for p in left if (number is None or p.index < number.index) and p.text.strip() != "*"]
    if not above:
        f.error("issuer", (0, "đầu văn bản"), "thiếu tên cơ quan ban hành", "thêm tên cơ quan ở cột trái",
                prof.issuer.source)
        return
    bolds = [p for p in above if p.formats() and all(x.bold for x in p.formats())]
    issuers = bolds or above[-1:]
    parents = [p for p in above if p not in issuers]
    central = any("TRUNG ƯƠNG" in upper_vi(p.text) for p in above)
    if prof.issuer_star and not parents and not central:
        f.error("parent", issuers[0], "thiếu tên cơ quan cấp trên trực tiếp (dòng trên tên cơ quan ban hành)",
                "thêm dòng cơ quan cấp trên, chữ in hoa, không đậm", prof.parent.source)
    for p in parents:
        _element(p, prof.parent, f, "tên cơ quan cấp trên")
        if any(x.bold for x in p.formats()):
            f.error("bold", p, "tên cơ quan cấp trên không in đậm", "bỏ in đậm (Ctrl+B)", prof.parent.source,
                    repair=Repair("bold", p, False))
    for p in issuers:
        _element(p, prof.issuer, f, "tên cơ quan ban hành")
    if prof.issuer_star and not any(p.text.strip() == "*" for p in paras if p.where == "header-left"):
        f.error("issuer-star", issuers[-1], "thiếu dấu sao (*) dưới tên cơ quan ban hành",
                "thêm một dòng “*” căn giữa", prof.issuer.source)


def _date_line(p, f: _Findings) -> None:
    prof = f.profile
    text = p.text.strip()
    m = DATE_LINE.match(text)
    if not m and not DATE_DIGITS.search(text):
        return                        # the day and month are left blank for the văn thư
    if not m:
        f.error("date-line", p, "dòng ngày tháng phải có dạng “"
                + prof.date_format.format(place="Địa danh", day="…", month="…", year="…") + "”",
                "viết lại theo dạng đó", prof.date_line.source)
        return
    fixed = prof.date_text(m.group("place"), int(m.group("d")), int(m.group("m")), int(m.group("y")))
    if fixed != text and re.sub(r"\s+", " ", text) != fixed:
        d = DATE_DIGITS.search(text)
        new = DATE_DIGITS.search(fixed)
        f.error("date-leading-zero", p, "ngày dưới 10 và tháng "
                + ", ".join(map(str, prof.date_padded_months)) + " phải có số 0 đứng trước; các tháng khác không có",
                f"viết: {fixed}", prof.date_line.source, repair=Repair("text", p, (d.group(0), new.group(0))))


def _number_of_kind(paras, f: _Findings, kind: str | None) -> None:
    prof = f.profile
    left = [p for p in paras if p.where == "header-left" and p.text.strip()]
    number = next((p for p in left if re.match(r"^Số\b", p.text.strip())), None)
    abbr = prof.kinds.get(kind or "", "")
    if number is None:
        example = prof.number_line("…", abbr or "…", "…", prof.forms_for(kind or "")[0], "…")
        f.error("number-line", (0, "đầu văn bản"), "thiếu dòng số, ký hiệu văn bản", f"thêm dòng như: {example}",
                prof.number.source)
        return
    _number_line(number, f, kind)
    _element(number, prof.number, f, "dòng số, ký hiệu")


def parse_number_line(text: str, known_kinds) -> dict | None:
    """`Số: 5/BC-QU` → {"number": "5", "year": "", "kind": "BC", "issuer": "QU"} whatever the punctuation."""
    m = NUMBER_LINE.match(text.strip())
    if not m:
        return None
    tokens = [t for t in re.split(r"\s*[-/]\s*", m.group("rest").strip(" -/")) if t]
    year = tokens.pop(0) if tokens and re.fullmatch(r"(19|20)\d\d", tokens[0]) else ""
    kind = next((t for t in tokens if t in known_kinds), "")
    if kind:
        tokens.remove(kind)
    issuer = "-".join(tokens)
    return {"number": m.group("n"), "year": year, "kind": kind, "issuer": issuer}


def _number_line(p, f: _Findings, kind: str | None) -> None:
    prof = f.profile
    text = re.sub(r"\s+", " ", p.text.strip())
    parsed = parse_number_line(text, set(prof.kinds.values()) - {""})
    forms = prof.forms_for(kind or "")
    if parsed is None or not parsed["issuer"]:
        f.error("number-line", p, "dòng số, ký hiệu phải có dạng “"
                + prof.number_line("…", prof.kinds.get(kind or "", "…") or "…", "…", forms[0], "…") + "”",
                "viết lại theo dạng đó", prof.number.source)
        return
    n = parsed["number"]
    number = prof.document_number(int(n)) if n else ""
    kind_code = parsed["kind"] or prof.kinds.get(kind or "", "")
    candidates = []
    for form in forms:
        if "{year}" in prof.number_forms[form] and not parsed["year"]:
            continue
        if "{kind}" in prof.number_forms[form] and not kind_code:
            continue
        candidates.append(prof.number_line(number, kind_code, parsed["issuer"], form, parsed["year"]))
    if not candidates:
        form = forms[0]
        candidates = [prof.number_line(number, kind_code or "…", parsed["issuer"], form, parsed["year"] or "…")]
    def same(a, b):
        return (a == b) if n else re.sub(r"\s", "", a) == re.sub(r"\s", "", b)
    if any(same(text, c) for c in candidates):
        return
    want = candidates[0]
    only_zero = n and same(text.replace(n, number, 1), want) and number != n
    repair = Repair("text", p, (p.text.strip(), want)) if n and "…" not in want else None
    if only_zero:
        f.error("number-leading-zero", p, f"số văn bản dưới {prof.number_padded_below} phải có số 0 đứng trước",
                f"viết: {want}", prof.number.source, repair=repair)
    else:
        form = prof.number_forms[forms[0]].format(number="<số>", kind="<loại>", issuer="<cơ quan>", year="<năm>")
        f.error("number-line", p, f"dòng số, ký hiệu viết theo dạng “{form}”", f"viết: {want}",
                prof.number_forms.get("source", ""), repair=repair)


# ------------------------------------------------------------------ title, body

def _kind_line(paras, prof) -> tuple:
    """(the paragraph naming the kind of document, the kind) or (None, "CÔNG VĂN"/None)."""
    for p in paras[:60]:
        if p.where != "body" or not p.text.strip():
            continue
        name = " ".join(upper_vi(p.text).split())
        if name in prof.kinds:
            return p, name
    if any(re.match(r"^\s*V/v\b", p.text) for p in paras[:40]):
        return None, "CÔNG VĂN"
    return None, None


def _title_and_body(paras, f: _Findings) -> str | None:
    prof = f.profile
    body = [p for p in paras if p.where == "body" and p.text.strip()]
    kind_para, kind = _kind_line(paras, prof)
    start = 0
    if kind_para is None and kind is None:
        f.warn("title", (0, "đầu văn bản"), "không thấy tên loại văn bản (" + ", ".join(list(prof.kinds)[:8])
               + " …) hay dòng “V/v” của công văn", "thêm tên loại văn bản, in hoa, đậm, căn giữa", prof.title_kind.source)
    elif kind_para is not None:
        if kind_para.text.strip() != upper_vi(kind_para.text.strip()):
            f.error("upper-case", kind_para, f"tên loại văn bản phải viết in hoa: {kind}", f"viết: {kind}",
                    prof.title_kind.source)
        _element(kind_para, prof.title_kind, f, "tên loại văn bản")
        start = body.index(kind_para) + 1
        while start < len(body) and _is_separator(body[start]):
            start += 1
        if start < len(body):
            summary = body[start]
            _size(summary, prof.title_summary, f, "trích yếu")
            _flags(summary, prof.title_summary, f, "trích yếu")
            first = next((c for c in summary.text if c.isalpha()), "")
            if prof.summary_case == "lower" and first.isupper():
                f.error("title-case", summary, "trích yếu bắt đầu bằng chữ thường", "viết thường chữ cái đầu",
                        prof.title_summary.source, practice=prof.summary_case_practice)
            if prof.summary_case == "capital" and first.islower():
                f.error("title-case", summary, "trích yếu bắt đầu bằng chữ hoa", "viết hoa chữ cái đầu",
                        prof.title_summary.source, practice=prof.summary_case_practice)
            start += 1
    body_text = layout.Element(prof.body.size, source=prof.body.source)
    for p in body[start:]:
        text = p.text.strip()
        if _is_separator(p) or PLACEHOLDER.match(text) or upper_vi(text) in (layout.APPENDIX_TITLE, layout.DRAFT_MARK):
            continue
        name = p.style_name.lower()
        if name == "heading 1" or p.number_format == "upperRoman" or re.match(r"^[IVX]+[.\-]\s", text):
            _element(p, prof.heading1, f, "tên phần")
            _heading_number(p, f, 1)
        elif name in ("heading 2", "heading 3"):
            _size(p, prof.heading2, f, "đề mục")
        else:
            _size(p, body_text, f, "chữ nội dung")
            _spacing(p, f)
    for p in paras[:10]:
        if upper_vi(p.text.strip()) == layout.DRAFT_MARK:
            _draft_mark(p, f)
    return kind


def _heading_number(p, f: _Findings, level: int) -> None:
    """A part's number, typed (`I-`, `I.`) or Word's automatic one, in a form the rule set accepts;
    an accepted form other than the preferred one gets a warning naming the preferred form."""
    numbering = f.profile.heading_numbers[level - 1]
    typed = re.match(r"^([IVX]+)([.\-])\s", p.text.strip())
    mark = p.number_text.replace(f"%{level}", "", 1) if p.number_text else (typed.group(2) if typed else "")
    if not mark:
        return
    marks = [a.replace(f"%{level}", "", 1) for a in numbering.accepted or (numbering.text,)]
    preferred = marks[0]
    if p.number_text:
        example = f"đặt dạng số của danh sách đa cấp (Heading 1) là “I{preferred}”"
    else:
        example = f"{typed.group(1)}{preferred} {p.text.strip()[len(typed.group(0)):]}"
    if mark not in marks:
        f.error("heading-number", p, f"số thứ tự phần viết “I{preferred}” (chữ số La Mã và “{preferred}”)",
                example if p.number_text else f"viết: {example}", f.profile.heading_numbers_source)
    elif mark != preferred:
        f.warn("heading-number", p, f"số thứ tự phần viết “I{mark}” được chấp nhận; quy định ưu tiên “I{preferred}”",
               example if p.number_text else f"nên viết: {example}", f.profile.heading_numbers_source)


def _spacing(p, f: _Findings) -> None:
    """Line spacing and first-line indent of a body paragraph, where the XML states them."""
    prof = f.profile
    fmt = p.fmt
    if fmt.line is not None and not prof.body.line_spacing.accepts(fmt.line, 0.01):
        f.error("line-spacing", p, f"khoảng cách dòng {_vn(fmt.line)} dòng nằm ngoài khoảng "
                f"{_vn_span(prof.body.line_spacing)} dòng", f"đặt giãn dòng {_vn(prof.body.line_spacing.default)}",
                prof.body.source, repair=Repair("line", p, prof.body.line_spacing.default))
    gap = prof.body.space_before_pt
    if fmt.alignment in ("both", "justify") and fmt.before_pt is not None and fmt.after_pt is not None \
            and fmt.before_pt + fmt.after_pt < gap - 0.05:
        f.error("paragraph-spacing", p, f"khoảng cách giữa các đoạn {_vn(fmt.before_pt + fmt.after_pt)} pt, "
                f"tối thiểu {_vn(gap)} pt", f"đặt khoảng cách trước đoạn {_vn(gap)} pt", prof.body.source,
                repair=Repair("before", p, gap))
    if fmt.alignment in ("both", "justify") and fmt.first_line_mm and fmt.first_line_mm > 0.5:
        cm = fmt.first_line_mm / 10
        if not prof.body.first_line_cm.accepts(cm, 0.02):
            f.error("first-line-indent", p, f"lùi đầu dòng {_vn(round(cm, 2))} cm nằm ngoài khoảng "
                    f"{_vn_span(prof.body.first_line_cm)} cm",
                    f"đặt thụt dòng đầu {_vn(prof.body.first_line_cm.default)} cm", prof.body.source,
                    repair=Repair("indent", p, prof.body.first_line_cm.default))


def _draft_mark(p, f: _Findings) -> None:
    prof = f.profile
    _element(p, prof.draft_mark, f, "chỉ dẫn dự thảo")
    boxed = len(p.fmt.borders) >= 4 or p.where != "body" or any(
        a.tag.endswith("}txbxContent") for a in p.element.iterancestors())
    if not boxed:
        f.error("draft-box", p, "chữ DỰ THẢO đặt trong khung", "kẻ khung quanh chữ DỰ THẢO (Viền và tô bóng → Hộp)",
                prof.draft_mark.source)


def _tables(doc, f: _Findings) -> None:
    """A long data table repeats its header row on every page."""
    for t in doc.element.body.iter(f"{_W}tbl"):
        rows = t.findall(f"{_W}tr")
        if len(rows) < 15:
            continue
        first = rows[0].find(f"{_W}trPr")
        if first is None or first.find(f"{_W}tblHeader") is None:
            text = "".join(x.text or "" for x in rows[0].iter(f"{_W}t"))[:30]
            f.warn("table-header-repeat", (LAST - 1, f"bảng «{text}»"),
                   "bảng dài lặp lại hàng tiêu đề ở mỗi trang",
                   "chọn hàng đầu → Bố cục bảng → Lặp lại hàng tiêu đề (Repeat Header Rows)", "thông lệ")


# --------------------------------------------------------------------- sign-off

def _recipient_items(left) -> list[list]:
    """Each recipient with the lines it continues on (`- Các bộ, cơ quan ngang bộ,` / `cơ quan thuộc Chính phủ;`)."""
    items: list[list] = []
    for p in left:
        text = p.text.strip()
        if text.startswith(("-", "–", "+")):
            items.append([p])
        elif items and not text.startswith("Nơi nhận"):
            items[-1].append(p)
    return items


def _signoff(paras, f: _Findings) -> None:
    prof = f.profile
    left, right = _columns(paras, "signoff")
    if not left and not right:
        f.error("signoff", (LAST - 2, "cuối văn bản"), "thiếu phần ký và “Nơi nhận” (bảng hai cột cuối văn bản)",
                "thêm bảng hai cột: trái Nơi nhận, phải thẩm quyền ký", prof.signature_authority.source)
        return
    label = next((p for p in left if p.text.strip().startswith("Nơi nhận")), None)
    if label is not None:
        _size(label, prof.recipients_label, f, "chữ “Nơi nhận:”")
        word = [fmt for t, fmt in label.runs if t.strip() and t.strip() != ":"]
        if prof.recipients_label.underline and not all(x.underline for x in word):
            f.error("underline", label, "chữ “Nơi nhận” phải gạch chân (dấu hai chấm không gạch chân)",
                    "gạch chân chữ Nơi nhận", prof.recipients_label.source)
        if prof.recipients_label.bold and not (all(x.bold for x in label.formats())
                                               and all(x.italic for x in label.formats())):
            f.error("bold", label, "chữ “Nơi nhận:” in đậm, nghiêng", "bôi đen, bấm Ctrl+B và Ctrl+I",
                    prof.recipients_label.source)
    items = _recipient_items(left)
    for i, lines in enumerate(items):
        for p in lines:
            _size(p, prof.recipients_item, f, "danh sách nơi nhận")
        end = lines[-1]
        last = i == len(items) - 1
        want = "." if last else prof.recipients_separator
        text = end.text.rstrip()
        if not text.endswith(want) and not (last and text.endswith("./.")):
            what = "dòng nơi nhận cuối cùng kết thúc bằng dấu chấm" if last else \
                f"mỗi dòng nơi nhận kết thúc bằng dấu “{prof.recipients_separator}”"
            fixed = text.rstrip(",;.:") + want
            f.error("recipients-ending", end, what, f"viết: {fixed}", prof.recipients_item.source,
                    repair=Repair("text", end, (text, fixed)))
    signer = [p for p in right if not PLACEHOLDER.match(p.text.strip())]
    if not signer:
        return
    name = signer[-1]
    _element(name, prof.signature_name, f, "họ tên người ký")
    prefixes = set(prof.signature_prefixes.values())
    others = {v for n in layout.regulation_names() for v in layout.regulation(n).signature_prefixes.values()} - prefixes
    roles = {v: k for k, v in prof.signature_prefixes.items()}
    issuer_is_committee = any(p.where == "header-left" and re.search(r"(ủy|uỷ|đảng bộ)", p.text.lower())
                              for p in paras)
    for p in signer[:-1]:
        text = p.text.strip()
        head = text.split()[0] if text.split() else ""
        if head in others:
            same_role = next((layout.regulation(n).signature_prefixes for n in layout.regulation_names()
                              if head in layout.regulation(n).signature_prefixes.values()), {})
            role = next((k for k, v in same_role.items() if v == head), "")
            ours = prof.signature_prefixes.get(role, "")
            f.error("signature-prefix", p, "quyền hạn người ký viết " + ", ".join(prof.signature_prefixes.values()),
                    f"viết: {ours}{text[len(head):]}" if ours else "viết lại theo quy định",
                    prof.signature_prefixes_source,
                    repair=Repair("text", p, (text, f"{ours}{text[len(head):]}")) if ours else None)
        elif roles.get(head) == "deputy_for" and prof.issuer_star and issuer_is_committee:
            f.warn("party-kt", p, "văn bản của cấp ủy do bí thư hoặc phó bí thư ký "
                   f"{prof.signature_prefixes['on_behalf_of']}; "
                   f"{prof.signature_prefixes['deputy_for']} dành cho cơ quan tham mưu",
                   f"viết {prof.signature_prefixes['on_behalf_of']} BAN THƯỜNG VỤ, dòng dưới PHÓ BÍ THƯ",
                   prof.signature_prefixes_source)
        _element(p, prof.signature_authority, f, "thẩm quyền, chức vụ người ký")


# ------------------------------------------------------------------------- CLI

SEVERITY_WORD = {Severity.ERROR: "lỗi", Severity.WARNING: "cảnh báo"}


def format_finding(p: Problem) -> str:
    fix = f" — sửa: {p.fix}" if p.fix else ""
    return f"{p.file}: [{SEVERITY_WORD[p.severity]}] {p.path}: {p.message}{fix}"


def run_cli(args) -> int:
    """`report-drafter check`: print findings (or write fixed copies); 1 when any error, 2 when a file is missing."""
    missing = [f for f in args.files if not Path(f).is_file()]
    for name in missing:
        print(f"{name}: {safefile.why_not_a_file(name)}", file=sys.stderr)
    rules = args.rules
    files = [f for f in args.files if f not in missing]
    results = {f: check_document(f, args.system, rules) for f in files}
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
