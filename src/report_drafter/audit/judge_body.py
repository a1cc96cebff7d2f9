"""Rules on the title, the body and the sign-off that anatomy.py found. Part numbering
takes the forms the rule book accepts (`heading_numbers`), the recipients' label is the
rule book's `RECIPIENTS_LABEL`; an unknown kind of document or an unsure signer's name is
"cần xem lại", never an error.
"""

from __future__ import annotations

import re

from report_drafter.audit import anatomy
from report_drafter.audit.anatomy import PLACEHOLDER
from report_drafter.audit.findings import LAST, Findings, Repair
from report_drafter.audit.judge import element, flags, size, vn, vn_span
from report_drafter.rules import book as layout
from report_drafter.vn.writing import upper_vi

INDENT_FROM = 80  # characters: a justified line this long is running text


def title(a: anatomy.Anatomy, f: Findings) -> None:
    prof = f.profile
    f.ran("title", "title-case")
    if a.kind is None:
        f.warn(
            "title",
            (0, "đầu văn bản"),
            "không thấy tên loại văn bản (" + ", ".join(list(prof.kinds)[:8]) + " …) hay dòng “V/v” của công văn",
            "thêm tên loại văn bản, in hoa, đậm, căn giữa",
            prof.title_kind.source,
        )
        return
    part = a.kind_part
    if part is None:
        return  # a công văn: its V/v line stands for the title
    if not part.sure:
        f.review(
            "title",
            part.para,
            f"tên loại “{a.kind}” không có trong bộ quy tắc {prof.name}",
            "kiểm tra tên loại văn bản",
            part.reasons[0],
            prof.kinds_source,
        )
        return
    kind_para = part.para
    if kind_para.text.strip() != upper_vi(kind_para.text.strip()):
        f.error(
            "upper-case",
            kind_para,
            f"tên loại văn bản phải viết in hoa: {a.kind}",
            f"viết: {a.kind}",
            prof.title_kind.source,
        )
    element(kind_para, prof.title_kind, f, "tên loại văn bản")
    if a.summary is not None:
        summary(a.summary, f)


def summary(p, f: Findings) -> None:
    prof = f.profile
    size(p, prof.title_summary, f, "trích yếu")
    flags(p, prof.title_summary, f, "trích yếu")
    first = next((c for c in p.text if c.isalpha()), "")
    if prof.summary_case == "lower" and first.isupper():
        f.error(
            "title-case",
            p,
            "trích yếu bắt đầu bằng chữ thường",
            "viết thường chữ cái đầu",
            prof.title_summary.source,
            practice=prof.summary_case_practice,
        )
    if prof.summary_case == "capital" and first.islower():
        f.error(
            "title-case",
            p,
            "trích yếu bắt đầu bằng chữ hoa",
            "viết hoa chữ cái đầu",
            prof.title_summary.source,
            practice=prof.summary_case_practice,
        )


def _part_number(text: str, prof) -> re.Match | None:
    """A typed part number in any form the rule book accepts for level 1 (`I.`, `I-`)."""
    marks = {
        x.replace("%1", "", 1)
        for name in layout.regulation_names()  # another rule set's form
        for level in layout.regulation(name).heading_numbers[:1]  # is still a part number
        for x in level.accepted or (level.text,)
    }  # (and reported)
    return re.match(r"^([IVXLC]+)(" + "|".join(map(re.escape, sorted(marks))) + r")\s", text)


def body(a: anatomy.Anatomy, paras, f: Findings) -> None:
    prof = f.profile
    body_text = layout.Element(prof.body.size, source=prof.body.source)
    f.ran("heading-number", "line-spacing", "paragraph-spacing", "first-line-indent")
    for p in a.body:
        text = p.text.strip()
        if PLACEHOLDER.match(text) or upper_vi(text) in (layout.APPENDIX_TITLE, layout.DRAFT_MARK):
            continue
        name = p.style_name.lower()
        if name == "heading 1" or p.number_format == "upperRoman" or _part_number(text, prof):
            element(p, prof.heading1, f, "tên phần")
            heading_number(p, f, 1)
        elif name in ("heading 2", "heading 3"):
            size(p, prof.heading2, f, "đề mục")
        else:
            size(p, body_text, f, "chữ nội dung")
            if p.line == 0:
                spacing(p, f)
    for p in paras[:10]:
        if upper_vi(p.text.strip()) == layout.DRAFT_MARK:
            draft_mark(p, f)


def heading_number(p, f: Findings, level: int) -> None:
    """A part's number, typed (`I-`, `I.`) or Word's automatic one, in a form the rule set accepts;
    an accepted form other than the preferred one gets a warning naming the preferred form."""
    numbering = f.profile.heading_numbers[level - 1]
    typed = _part_number(p.text.strip(), f.profile)
    mark = p.number_text.replace(f"%{level}", "", 1) if p.number_text else (typed.group(2) if typed else "")
    if not mark:
        return
    marks = [x.replace(f"%{level}", "", 1) for x in numbering.accepted or (numbering.text,)]
    preferred = marks[0]
    if p.number_text:
        example = f"đặt dạng số của danh sách đa cấp (Heading 1) là “I{preferred}”"
    else:
        example = f"{typed.group(1)}{preferred} {p.text.strip()[len(typed.group(0)) :]}"
    if mark not in marks:
        f.error(
            "heading-number",
            p,
            f"số thứ tự phần viết “I{preferred}” (chữ số La Mã và “{preferred}”)",
            example if p.number_text else f"viết: {example}",
            f.profile.heading_numbers_source,
        )
    elif mark != preferred:
        f.warn(
            "heading-number",
            p,
            f"số thứ tự phần viết “I{mark}” được chấp nhận; quy định ưu tiên “I{preferred}”",
            example if p.number_text else f"nên viết: {example}",
            f.profile.heading_numbers_source,
        )


def spacing(p, f: Findings) -> None:
    """Line spacing, space between paragraphs and first-line indent of a body paragraph; an
    indent the file does not state is Word's default, 0."""
    prof = f.profile
    fmt = p.fmt
    if fmt.line is not None and not prof.body.line_spacing.accepts(fmt.line, 0.01):
        f.error(
            "line-spacing",
            p,
            f"khoảng cách dòng {vn(fmt.line)} dòng nằm ngoài khoảng {vn_span(prof.body.line_spacing)} dòng",
            f"đặt giãn dòng {vn(prof.body.line_spacing.default)}",
            prof.body.source,
            repair=Repair("line", p, prof.body.line_spacing.default),
        )
    gap = prof.body.space_before_pt
    justified = fmt.alignment in ("both", "justify")
    if (
        justified
        and fmt.before_pt is not None
        and fmt.after_pt is not None
        and fmt.before_pt + fmt.after_pt < gap - 0.05
    ):
        f.error(
            "paragraph-spacing",
            p,
            f"khoảng cách giữa các đoạn {vn(fmt.before_pt + fmt.after_pt)} pt, tối thiểu {vn(gap)} pt",
            f"đặt khoảng cách trước đoạn {vn(gap)} pt",
            prof.body.source,
            repair=Repair("before", p, gap),
        )
    if not justified or fmt.num is not None:
        return
    indent = prof.body.first_line_cm
    if fmt.first_line_mm is None or abs(fmt.first_line_mm) <= 0.5:
        if len(p.text.strip()) >= INDENT_FROM and p.lines == 1:
            stated = "không lùi" if fmt.first_line_mm is not None else "tệp không ghi lùi đầu dòng: Word hiểu là 0 cm"
            f.error(
                "first-line-indent",
                p,
                f"đoạn văn không lùi đầu dòng ({stated}); quy định {vn_span(indent)} cm",
                f"đặt thụt dòng đầu {vn(indent.default)} cm",
                prof.body.source,
                repair=Repair("indent", p, indent.default),
            )
        return
    cm = fmt.first_line_mm / 10
    if fmt.first_line_mm > 0.5 and not indent.accepts(cm, 0.02):
        f.error(
            "first-line-indent",
            p,
            f"lùi đầu dòng {vn(round(cm, 2))} cm nằm ngoài khoảng {vn_span(indent)} cm",
            f"đặt thụt dòng đầu {vn(indent.default)} cm",
            prof.body.source,
            repair=Repair("indent", p, indent.default),
        )


def draft_mark(p, f: Findings) -> None:
    prof = f.profile
    f.ran("draft-box")
    element(p, prof.draft_mark, f, "chỉ dẫn dự thảo")
    boxed = (
        len(p.fmt.borders) >= 4
        or p.where != "body"
        or any(x.tag.endswith("}txbxContent") for x in p.element.iterancestors())
    )
    if not boxed:
        f.error(
            "draft-box",
            p,
            "chữ DỰ THẢO đặt trong khung",
            "kẻ khung quanh chữ DỰ THẢO (Viền và tô bóng → Hộp)",
            prof.draft_mark.source,
        )


# --------------------------------------------------------------------- sign-off


def signoff(a: anatomy.Anatomy, f: Findings, issuer_name: str) -> None:
    prof = f.profile
    f.ran("signoff")
    if not a.signoff_found:
        label = layout.RECIPIENTS_LABEL.rstrip(":")
        f.error(
            "signoff",
            (LAST - 2, "cuối văn bản"),
            f"thiếu phần ký và “{label}” (bảng hai cột cuối văn bản)",
            f"thêm bảng hai cột: trái {label}, phải thẩm quyền ký",
            prof.signature_authority.source,
        )
        return
    if a.label is not None:
        recipients_label(a.label, f)
    recipients(a.recipients, f)
    signer(a, f, issuer_name)


def recipients_label(label, f: Findings) -> None:
    prof = f.profile
    el = prof.recipients_label
    size(label, el, f, f"chữ “{layout.RECIPIENTS_LABEL}”")
    f.ran("underline", "bold")
    word = [fmt for t, fmt in label.runs if t.strip() and t.strip() != ":"]
    if el.underline and (not all(x.underline for x in word) or _colon_underlined(label)):
        f.error(
            "underline",
            label,
            f"chữ “{layout.RECIPIENTS_LABEL.rstrip(':')}” phải gạch chân (dấu hai chấm không gạch chân)",
            f"gạch chân chữ {layout.RECIPIENTS_LABEL.rstrip(':')}",
            el.source,
        )
    if el.bold and not (all(x.bold for x in label.formats()) and all(x.italic for x in label.formats())):
        f.error(
            "bold",
            label,
            f"chữ “{layout.RECIPIENTS_LABEL}” in đậm, nghiêng",
            "bôi đen, bấm Ctrl+B và Ctrl+I",
            el.source,
        )


def _colon_underlined(label) -> bool:
    """The colon after `Nơi nhận` is underlined with the word (one underlined run holding both)."""
    return any(":" in t and fmt.underline for t, fmt in label.runs)


def recipients(items, f: Findings) -> None:
    prof = f.profile
    f.ran("recipients-ending")
    for i, lines in enumerate(items):
        for p in lines:
            size(p, prof.recipients_item, f, "danh sách nơi nhận")
        end = lines[-1]
        last = i == len(items) - 1
        want = "." if last else prof.recipients_separator
        text = end.text.rstrip()
        if not text.endswith(want) and not (last and text.endswith("./.")):
            what = (
                "dòng nơi nhận cuối cùng kết thúc bằng dấu chấm"
                if last
                else f"mỗi dòng nơi nhận kết thúc bằng dấu “{prof.recipients_separator}”"
            )
            fixed = text.rstrip(",;.:") + want
            f.error(
                "recipients-ending",
                end,
                what,
                f"viết: {fixed}",
                prof.recipients_item.source,
                repair=Repair("text", end, (text, fixed)),
            )


def signer(a: anatomy.Anatomy, f: Findings, issuer_name: str) -> None:
    prof = f.profile
    if a.name is None:
        return
    element(a.name.para, prof.signature_name, f, "họ tên người ký", a.name.confidence, a.name.reasons)
    f.ran("signature-prefix")
    for p in a.signer:
        _prefix(p, f, issuer_name)
        element(p, prof.signature_authority, f, "thẩm quyền, chức vụ người ký")


def _prefix(p, f: Findings, issuer_name: str) -> None:
    prof = f.profile
    text = p.text.strip()
    head = text.split()[0] if text.split() else ""
    ours = set(prof.signature_prefixes.values())
    others = {v for n in layout.regulation_names() for v in layout.regulation(n).signature_prefixes.values()} - ours
    roles = {v: k for k, v in prof.signature_prefixes.items()}
    if head in others:
        same_role = next(
            (
                layout.regulation(n).signature_prefixes
                for n in layout.regulation_names()
                if head in layout.regulation(n).signature_prefixes.values()
            ),
            {},
        )
        role = next((k for k, v in same_role.items() if v == head), "")
        want = prof.signature_prefixes.get(role, "")
        f.error(
            "signature-prefix",
            p,
            "quyền hạn người ký viết " + ", ".join(prof.signature_prefixes.values()),
            f"viết: {want}{text[len(head) :]}" if want else "viết lại theo quy định",
            prof.signature_prefixes_source,
            repair=Repair("text", p, (text, f"{want}{text[len(head) :]}")) if want else None,
        )
    elif roles.get(head) == "deputy_for" and prof.deputy_under_committee(issuer_name):
        f.ran("party-kt")
        f.warn(
            "party-kt",
            p,
            "văn bản của cấp ủy do bí thư hoặc phó bí thư ký "
            f"{prof.signature_prefixes['on_behalf_of']}; "
            f"{prof.signature_prefixes['deputy_for']} dành cho cơ quan tham mưu",
            f"viết {prof.signature_prefixes['on_behalf_of']} BAN THƯỜNG VỤ, dòng dưới PHÓ BÍ THƯ",
            prof.signature_prefixes_source,
        )
