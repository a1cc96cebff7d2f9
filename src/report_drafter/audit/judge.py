"""Rules on the elements anatomy.py found: header, number line, date line, title, body,
sign-off and recipients. Every range, form and fixed text comes from the rule book
(layout.Profile); an element that is not sure gets "cần xem lại", never an error.
"""

from __future__ import annotations

import re

from report_drafter.audit import anatomy
from report_drafter.audit.anatomy import SURE
from report_drafter.audit.findings import Findings, Repair
from report_drafter.rules import book as layout
from report_drafter.vn.writing import upper_vi


def _span(r: layout.Range) -> str:
    return f"{r.low:g}" if r.low == r.high else f"{r.low:g}–{r.high:g}"


def vn(x: float) -> str:
    """1.15 → `1,15` (Vietnamese decimal comma)."""
    return f"{x:g}".replace(".", ",")


def vn_span(r: layout.Range) -> str:
    return vn(r.low) if r.low == r.high else f"{vn(r.low)}–{vn(r.high)}"


def size(p, element: layout.Element, f: Findings, what: str, confidence=SURE, reasons=()) -> None:
    f.ran("font-size")
    for fmt in p.formats():
        if fmt.size is None or not element.size.accepts(fmt.size):
            f.error(
                "font-size",
                p,
                f"{what}: cỡ chữ {fmt.size:g} pt nằm ngoài khoảng {_span(element.size)} pt",
                f"đặt cỡ chữ {element.size.default:g} pt",
                element.source,
                element.practice,
                Repair("size", p, element.size.default),
                confidence,
                reasons,
            )
            return


def flags(p, element: layout.Element, f: Findings, what: str, confidence=SURE, reasons=()) -> None:
    formats = p.formats()
    if not formats:
        return
    f.ran("bold", "italic", "upper-case")
    if element.bold and not all(x.bold for x in formats):
        f.error(
            "bold",
            p,
            f"{what} phải in đậm",
            "bôi đen đoạn và bấm Ctrl+B",
            element.source,
            element.practice,
            Repair("bold", p, True),
            confidence,
            reasons,
        )
    if element.italic and not all(x.italic for x in formats):
        f.error(
            "italic",
            p,
            f"{what} phải in nghiêng",
            "bôi đen đoạn và bấm Ctrl+I",
            element.source,
            element.practice,
            Repair("italic", p, True),
            confidence,
            reasons,
        )
    if element.caps and upper_vi(p.text) != p.text and not all(x.caps for x in formats):
        f.error(
            "upper-case",
            p,
            f"{what} phải viết chữ in hoa",
            "viết lại bằng chữ in hoa",
            element.source,
            element.practice,
            confidence=confidence,
            reasons=reasons,
        )


def element(p, el, f, what, confidence=SURE, reasons=()):
    size(p, el, f, what, confidence, reasons)
    flags(p, el, f, what, confidence, reasons)


# ---------------------------------------------------------------------- header


def header(a: anatomy.Anatomy, f: Findings) -> None:
    prof = f.profile
    f.ran("header-block")
    if not a.header_found:
        f.error(
            "header-block",
            (0, "đầu văn bản"),
            f"thiếu khối tiêu đề (cơ quan ban hành bên trái, {prof.national[0]} bên phải)",
            "dựng đầu văn bản là một bảng hai cột không viền",
            prof.source,
        )
        return
    for nat in a.national:
        national_line(nat, f)
    date_line(a, f)
    issuer(a, f)


def national_line(nat: anatomy.National, f: Findings) -> None:
    line, el = nat.want, nat.element
    f.ran("national")
    if nat.part is None:
        f.error("national", (0, "đầu văn bản"), f"thiếu dòng “{line}”", f"thêm dòng “{line}” ở cột phải", el.source)
        return
    found = nat.part.para
    text = found.text.strip()
    if nat.misspelt:
        f.error("national", found, f"dòng này viết sai chính tả: phải là “{line}”", f"viết lại: {line}", el.source)
    elif not _same_line(text, line) and _no_dash(text) == _no_dash(line):
        pass  # the same words, dashes written differently: accepted
    elif not _same_line(text, line):
        f.warn(
            "national", found, f"dòng này viết là “{line}” (gạch nối “-”, có cách chữ)", f"viết lại: {line}", el.source
        )
    elif text.replace("HOÀ", "HÒA") != line.replace("HOÀ", "HÒA"):
        f.error(
            "upper-case" if el.caps else "national",
            found,
            f"phải viết đúng là “{line}”",
            f"viết lại: {line}",
            el.source,
        )
    element(found, el, f, f"dòng “{line}”")
    underline(nat, f)


def underline(nat: anatomy.National, f: Findings) -> None:
    """A line the rule book underlines (the Party's heading) is underlined, not followed by a
    typed dash line standing for the underline."""
    el, found = nat.element, nat.part.para
    if not (el.underline and f.profile.issuer_star):
        return
    f.ran("underline")
    if found.formats() and all(x.underline for x in found.formats()):
        return
    typed = " (đang là một dòng gạch gõ tay bên dưới)" if nat.typed_rule is not None else ""
    f.error(
        "underline",
        found,
        f"dòng “{nat.want}” phải gạch chân{typed}",
        "bôi đen dòng, bấm Ctrl+U; xóa dòng gạch gõ tay",
        el.source,
    )


def _same_line(a: str, b: str) -> bool:
    return upper_vi(a).replace("HOÀ", "HÒA").split() == upper_vi(b).replace("HOÀ", "HÒA").split()


def _no_dash(text: str) -> str:
    return anatomy.DASH_TEXT.sub(" ", text).strip()


def date_line(a: anatomy.Anatomy, f: Findings) -> None:
    prof = f.profile
    f.ran("date-line")
    if a.date is None:
        f.error(
            "date-line",
            (0, "đầu văn bản"),
            "thiếu dòng địa danh, ngày tháng năm",
            "thêm dòng: " + prof.date_format.format(place="<địa danh>", day="…", month="…", year="…"),
            prof.date_line.source,
        )
        return
    p = a.date.para
    _date_form(p, f)
    element(p, prof.date_line, f, "dòng ngày tháng")


def _date_form(p, f: Findings) -> None:
    prof = f.profile
    text = p.text.strip()
    m = anatomy.date_pattern(prof).match(text)
    day_word, month_word = anatomy.date_words(prof)[:2]
    digits = re.search(rf"(?i){day_word}\s*\d", text)
    if not m and not digits:
        return  # the day and month are left blank for the văn thư
    if not m:
        f.error(
            "date-line",
            p,
            "dòng ngày tháng phải có dạng “"
            + prof.date_format.format(place="Địa danh", day="…", month="…", year="…")
            + "”",
            "viết lại theo dạng đó",
            prof.date_line.source,
        )
        return
    f.ran("date-leading-zero")
    fixed = prof.date_text(m.group("place"), int(m.group("d")), int(m.group("m")), int(m.group("y")))
    if fixed != text and re.sub(r"\s+", " ", text) != fixed:
        day_month = re.compile(rf"{day_word}\s+\d{{1,2}}\s+{month_word}\s+\d{{1,2}}")
        old, new = day_month.search(text), day_month.search(fixed)
        f.error(
            "date-leading-zero",
            p,
            "ngày dưới 10 và tháng "
            + ", ".join(map(str, prof.date_padded_months))
            + " phải có số 0 đứng trước; các tháng khác không có",
            f"viết: {fixed}",
            prof.date_line.source,
            repair=Repair("text", p, (old.group(0), new.group(0))),
        )


def issuer(a: anatomy.Anatomy, f: Findings) -> None:
    prof = f.profile
    f.ran("issuer", "parent")
    if not a.issuers:
        f.error(
            "issuer",
            (0, "đầu văn bản"),
            "thiếu tên cơ quan ban hành",
            "thêm tên cơ quan ở cột trái",
            prof.issuer.source,
        )
        return
    sure = a.issuer_confidence
    why = ("không dòng nào ở cột trái in đậm: coi dòng cuối trên dòng số là tên cơ quan",) if sure != SURE else ()
    name = " ".join(p.text.strip() for p in a.issuers)
    above = " ".join(p.text for p in a.parents)
    if not a.parents and prof.needs_parent(name, above):
        f.error(
            "parent",
            a.issuers[0],
            "thiếu tên cơ quan cấp trên trực tiếp (dòng trên tên cơ quan ban hành)",
            "thêm dòng cơ quan cấp trên, chữ in hoa, không đậm",
            prof.parent.source,
            confidence=sure,
            reasons=why,
        )
    for p in a.parents:
        element(p, prof.parent, f, "tên cơ quan cấp trên", sure, why)
        if any(x.bold for x in p.formats()):
            f.error(
                "bold",
                p,
                "tên cơ quan cấp trên không in đậm",
                "bỏ in đậm (Ctrl+B)",
                prof.parent.source,
                repair=Repair("bold", p, False),
                confidence=sure,
                reasons=why,
            )
    for p in a.issuers:
        element(p, prof.issuer, f, "tên cơ quan ban hành", sure, why)
    star(a, f)


def star(a: anatomy.Anatomy, f: Findings) -> None:
    """Party: one `*` right under the issuer's name, above the number line."""
    prof = f.profile
    if not prof.issuer_star:
        return
    f.ran("issuer-star")
    if a.star is None:
        f.error(
            "issuer-star",
            a.issuers[-1],
            "thiếu dấu sao (*) dưới tên cơ quan ban hành",
            "thêm một dòng “*” căn giữa",
            prof.issuer.source,
        )
        return
    number = a.number.para if a.number else None
    if number is not None and (a.star.index, a.star.line) > (number.index, number.line):
        where = (a.star.index, f"đoạn {a.star.index} «*» (dưới «{number.text.strip()}»)")
        f.error(
            "issuer-star",
            where,
            "dấu sao (*) đặt ngay dưới tên cơ quan ban hành, trên dòng số, ký hiệu",
            "chuyển dòng “*” lên ngay dưới tên cơ quan",
            prof.issuer.source,
        )


# ---------------------------------------------------------------- number line


def number_of_kind(a: anatomy.Anatomy, f: Findings) -> None:
    prof = f.profile
    f.ran("number-line")
    abbr = prof.kinds.get(a.kind or "", "")
    if a.number is None:
        example = prof.number_line("…", abbr or "…", "…", prof.forms_for(a.kind or "")[0], "…")
        f.error(
            "number-line",
            (0, "đầu văn bản"),
            "thiếu dòng số, ký hiệu văn bản",
            f"thêm dòng như: {example}",
            prof.number.source,
        )
        return
    known = a.kind_part is None or a.kind_part.sure
    number_line(a.number.para, f, a.kind if known else None, known)
    element(a.number.para, prof.number, f, "dòng số, ký hiệu")


def parse_number_line(text: str, known_kinds, stem: str | None = None) -> dict | None:
    """`Số: 5/BC-QU` → {"number": "5", "year": "", "kind": "BC", "issuer": "QU"} whatever the punctuation."""
    stem = stem or anatomy.number_stem(layout.STATE)
    m = re.match(rf"^{stem}\s*:?\s*(?P<n>\d*)\s*(?P<rest>.*)$", text.strip())
    if not m:
        return None
    tokens = [t for t in re.split(r"\s*[-/]\s*", m.group("rest").strip(" -/")) if t]
    year = tokens.pop(0) if tokens and re.fullmatch(r"(19|20)\d\d", tokens[0]) else ""
    kind = next((t for t in tokens if t in known_kinds), "")
    if kind:
        tokens.remove(kind)
    return {"number": m.group("n"), "year": year, "kind": kind, "issuer": "-".join(tokens)}


def _candidates(prof, forms, number, kind_code, parsed) -> list:
    out = []
    for form in forms:
        if "{year}" in prof.number_forms[form] and not parsed["year"]:
            continue
        if "{kind}" in prof.number_forms[form] and not kind_code:
            continue
        out.append(prof.number_line(number, kind_code, parsed["issuer"], form, parsed["year"]))
    return out or [prof.number_line(number, kind_code or "…", parsed["issuer"], forms[0], parsed["year"] or "…")]


def number_line(p, f: Findings, kind: str | None, kind_known: bool = True) -> None:
    prof = f.profile
    text = re.sub(r"\s+", " ", p.text.strip())
    parsed = parse_number_line(text, set(prof.kinds.values()) - {""}, anatomy.number_stem(prof))
    forms = prof.forms_for(kind or "")
    if parsed is None or not parsed["issuer"]:
        f.error(
            "number-line",
            p,
            "dòng số, ký hiệu phải có dạng “"
            + prof.number_line("…", prof.kinds.get(kind or "", "…") or "…", "…", forms[0], "…")
            + "”",
            "viết lại theo dạng đó",
            prof.number.source,
        )
        return
    if not kind_known and not parsed["kind"]:
        return  # a kind the rule book does not know: its code cannot be judged
    n = parsed["number"]
    number = prof.document_number(int(n)) if n else ""
    candidates = _candidates(prof, forms, number, parsed["kind"] or prof.kinds.get(kind or "", ""), parsed)

    def same(x, y):
        return (x == y) if n else re.sub(r"\s", "", x) == re.sub(r"\s", "", y)

    if any(same(text, c) for c in candidates):
        return
    want = candidates[0]
    repair = Repair("text", p, (p.text.strip(), want)) if n and "…" not in want else None
    f.ran("number-leading-zero")
    if n and same(text.replace(n, number, 1), want) and number != n:
        f.error(
            "number-leading-zero",
            p,
            f"số văn bản dưới {prof.number_padded_below} phải có số 0 đứng trước",
            f"viết: {want}",
            prof.number.source,
            repair=repair,
        )
    else:
        form = prof.number_forms[forms[0]].format(number="<số>", kind="<loại>", issuer="<cơ quan>", year="<năm>")
        f.error(
            "number-line",
            p,
            f"dòng số, ký hiệu viết theo dạng “{form}”",
            f"viết: {want}",
            prof.number_forms.get("source", ""),
            repair=repair,
        )
