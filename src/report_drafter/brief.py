"""The news brief (tin bài) of the meeting that discussed a report.

Deterministic text from the input, no language model; the wording rules are in
docs/brief.md. `compose` is pure; `to_markdown` and `to_docx` serialise a `Brief`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from report_drafter.model import Report, Section, Task
from report_drafter.ooxml import Cm, Mm, Pt
from report_drafter.rules import book as layout
from report_drafter.text import compute, context
from report_drafter.vn import writing as vnformat

HEADLINE_PT = 16  # the headline, a size above the body (news practice, not a rule)
SUFFIXES = {"docx": ".docx", "md": ".md"}
STEM_SUFFIX = "-tin-bai"
REQUIRED = ("meeting.date", "meeting.name", "meeting.chair.name")
# How a meeting is called in the text, from the start of its name (else "Hội nghị").
_NOUNS = (
    ("hội nghị", "Hội nghị"),
    ("phiên họp", "phiên họp"),
    ("kỳ họp", "kỳ họp"),
    ("cuộc họp", "cuộc họp"),
    ("buổi làm việc", "buổi làm việc"),
)
# A meeting name that already says what the meeting did gets no purpose appended.
_PURPOSE_WORDS = ("sơ kết", "tổng kết", "đánh giá", "kết quả", "thực hiện nhiệm vụ")
# Texts joined into a news sentence lose their capital, except names of bodies and documents.
# Compared in the new tone placement (`Uỷ ban` is `Ủy ban`: vnformat.new_tone).
_KEEP_CAPITAL = (
    "Đảng",
    "Hội đồng",
    "Ủy ban",
    "Mặt trận",
    "Bộ Chính trị",
    "Trung ương",
    "Chính phủ",
    "Quốc hội",
    "Nghị quyết",
    "Nghị định",
    "Chỉ thị",
    "Kết luận số",
    "Thông tri",
    "Đề án",
    "Thành ủy",
    "Tỉnh ủy",
    "Quận ủy",
    "Huyện ủy",
    "Thường trực",
    "Thường vụ",
    "Nhà nước",
    "Việt Nam",
    "Hà Nội",
    "Hải Phòng",
)
_ACRONYM = re.compile(r"^\W*[A-ZĐ][A-ZĐ0-9-]*[A-ZĐ0-9]\b")


@dataclass(frozen=True)
class Brief:
    headline: str
    lead: str
    paragraphs: tuple = ()
    regulation: str = layout.DEFAULT_REGULATION["state"]  # whose page, font and paragraph the .docx takes


def missing_fields(report: Report) -> list[str]:
    """The meeting fields the brief needs and the input lacks (empty when complete)."""
    m = report.meeting
    if m is None:
        return list(REQUIRED)
    have = {"meeting.date": m.date, "meeting.name": m.name, "meeting.chair.name": m.chair.name if m.chair else ""}
    return [f for f in REQUIRED if not have[f]]


def compose(report: Report) -> Brief:
    """The brief: headline, lead, context, figures, results, limitations, tasks, conclusion."""
    m = report.meeting
    noun = meeting_noun(m.name)
    paragraphs = [_background(report, noun)]
    figures = _figures(report)
    if figures:
        paragraphs.append(f"Báo cáo tại {noun} cho biết, {_span(report)}, {figures}")
    paragraphs += [_section_text(s) for s in report.results]
    limitations = report.assessment.limitations
    if limitations:
        paragraphs.append(f"Bên cạnh kết quả đạt được, {noun} cũng chỉ ra một số hạn chế: " + _join(limitations))
    paragraphs.append(_tasks(report))
    if m.conclusion:
        first, *rest = m.conclusion
        paragraphs.append(f"Kết luận {noun}, đồng chí {m.chair.name} {_news(_sentence(first))}")
        paragraphs += [_sentence(p) for p in rest]
    return Brief(headline(report), _lead(report, noun), tuple(p for p in paragraphs if p), context.rules(report).name)


# --------------------------------------------------------------------- the parts


def headline(report: Report) -> str:
    """`Quận ủy Hải An: Sơ kết 6 tháng đầu năm 2020`."""
    if report.title:
        what = report.title
    elif report.period is None:
        r = report.review
        what = f"sơ kết {r.to - r.from_} năm thực hiện {_short_subject(r)}"
    else:
        p = report.period
        verb = {"year": "tổng kết", "month": "kết quả thực hiện nhiệm vụ"}.get(p.kind, "sơ kết")
        what = f"{verb} {vnformat.period_text(p, context.rules(report).date_padded_months)}"
    return f"{report.issuer.name}: {_capital(what)}"


def meeting_noun(name: str) -> str:
    """`Hội nghị`, `phiên họp`, `kỳ họp` … as the meeting's name begins."""
    low = name.lower()
    return next((noun for start, noun in _NOUNS if low.startswith(start)), "Hội nghị")


def _lead(report: Report, noun: str) -> str:
    m = report.meeting
    day = f"{m.date.day}/{m.date.month}/{m.date.year}"
    when = f"{m.time.capitalize()} {day}" if m.time else f"Ngày {day}"
    where = f", tại {m.place}" if m.place else ""
    name = m.name.rstrip(" .")
    if not any(w in name.lower() for w in _PURPOSE_WORDS):
        purpose = vnformat.lower_first(report.title or context.default_title(report))
        name = f"{name} {'đánh giá ' if purpose.startswith('kết quả') else ''}{purpose}"
    text = f"{when}{where}, {report.issuer.name} tổ chức {name}."
    chair = f"{m.chair.name}, {m.chair.title}" if m.chair.title else m.chair.name
    text += f" Đồng chí {chair} chủ trì {noun}."
    if m.attendees:
        text += f" Dự {noun} có {_join(m.attendees)}"
    return text


_FORMULA = re.compile(r"\bbáo cáo\b.*\bnhư sau\s*[.:]?\s*$", re.I | re.S)
_BASIS = re.compile(r"^\s*(?:Thực hiện|Căn cứ)\s+(.+?),\s", re.S)


def _background(report: Report, noun: str) -> str:
    """The opening paragraphs in the brief's own words: the report's formula (`Thực hiện …,
    Ban Thường vụ … báo cáo kết quả … như sau.`) is an introduction to a document, not to an
    article; its basis becomes `{Hội nghị} đánh giá kết quả thực hiện {basis}.`, the other
    paragraphs (the situation of the period) stay as written."""
    out = []
    for text in report.opening:
        if not _FORMULA.search(text):
            out.append(_sentence(text))
            continue
        basis = _BASIS.match(text)
        if basis:
            out.append(f"{vnformat.capitalize_first(noun)} đánh giá kết quả thực hiện {basis.group(1).strip()}.")
    return " ".join(out)


def _span(report: Report) -> str:
    """`trong 6 tháng đầu năm 2019`, `sau 3 năm thực hiện Nghị quyết`."""
    return f"{'trong' if report.period else 'sau'} {context.period_texts(report)[0]}"


def _figures(report: Report) -> str:
    """The indicator sentences in the document's order, joined as one news sentence."""
    all_indicators = context.indicators(report)
    by_id = {ind.id: ind for ind in all_indicators if ind.id}
    listed = [i for s in _walk(report.results) for i in s.indicators if i in by_id]
    order = [ind for ind in all_indicators if not ind.id or ind.id not in listed]
    seen = set()
    for ind_id in listed:
        if ind_id not in seen:
            seen.add(ind_id)
            order.append(by_id[ind_id])
    return _join([compute.indicator_sentence(ind) for ind in order]) if order else ""


def _section_text(section: Section) -> str:
    return " ".join(_sentence(_undash(p)) for s in _walk([section]) for p in s.paragraphs)


def _tasks(report: Report) -> str:
    items = [t for task in report.tasks.items for t in _flatten(task)]
    if not items:
        return ""
    if report.tasks.intro:
        head = report.tasks.intro.rstrip(" .:")
    else:
        ahead = _capital(context.period_texts(report)[1])
        head = f"{ahead}, {report.issuer.name} xác định một số nhiệm vụ trọng tâm"
    return f"{head}: {_join(items)}"


def _flatten(task: Task) -> list[str]:
    return [task.text] + [t for sub in task.items for t in _flatten(sub)]


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s.sections)


# --------------------------------------------------------------------- wording


def _undash(text: str) -> str:
    return re.sub(r"^\s*[-–+]\s*", "", text)


def _sentence(text: str) -> str:
    """A text as a finished sentence: trimmed, ending with `.` (or its own `!`, `?`, `…`)."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?", "…", ".)", ".”", '."')) else text + "."


def _news(text: str) -> str:
    """A text continuing a sentence: its first letter lowered unless it starts with a name."""
    bare = text.lstrip('*_ “"')
    words = bare.split(maxsplit=2)
    if (
        vnformat.new_tone(bare).startswith(_KEEP_CAPITAL)
        or _ACRONYM.match(bare)
        or (len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper())
    ):
        return text
    return vnformat.lower_first(text)


def _capital(text: str) -> str:
    """The first character upper-cased when it is a letter (`6 tháng …` stays as it is)."""
    return vnformat.capitalize_first(text) if text[:1].isalpha() else text


def _join(texts) -> str:
    """`a; b; c.`: texts joined into one sentence, each lowered as `_news` says."""
    parts = [_news(_undash(t).strip().rstrip(" .;:")) for t in texts]
    return "; ".join(p for p in parts if p) + "."


def _short_subject(review) -> str:
    """`Nghị quyết số 06-NQ/TU` from the full subject (cut before ` ngày `), else `short`."""
    cut = review.subject.split(" ngày ")[0].strip()
    return cut if len(cut) < len(review.subject) else review.short


# ------------------------------------------------------------------ serialising


def to_markdown(brief: Brief) -> str:
    """`# headline`, then the lead in bold and one paragraph per block."""
    blocks = [f"# {brief.headline}", f"**{brief.lead}**", *brief.paragraphs]
    return "\n\n".join(_md_safe(b) for b in blocks) + "\n"


def _md_safe(text: str) -> str:
    return text if text.startswith(("# ", "**")) else re.sub(r"^([#>+\-*]|\d+\.)", r"\\\1", text)


def to_docx(brief: Brief) -> bytes:
    """A plain Word document on the rule book's page, font and body paragraph (Times New Roman 14,
    A4, margins 20/20/30/15 mm, first line 1,27 cm): bold headline and lead, justified."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    rules = layout.regulation(brief.regulation)
    page, body = rules.page, rules.body
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.left_margin, section.right_margin = Mm(page.left.default), Mm(page.right.default)
    section.top_margin, section.bottom_margin = Mm(page.top.default), Mm(page.bottom.default)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = layout.FONT, Pt(body.size.default)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), layout.FONT)
    style.paragraph_format.space_after = Pt(body.space_before_pt)
    doc.core_properties.title = brief.headline

    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(brief.headline)
    run.bold, run.font.size = True, Pt(HEADLINE_PT)
    for i, text in enumerate((brief.lead, *brief.paragraphs)):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        para.paragraph_format.first_line_indent = Cm(body.first_line_cm.default)
        for r in vnformat.parse_inline(text):
            run = para.add_run(r["text"])
            run.bold, run.italic = r["bold"] or i == 0, r["italic"]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(brief: Brief, fmt: str) -> bytes:
    """The brief as the bytes of a `.docx` or `.md` file."""
    return to_docx(brief) if fmt == "docx" else to_markdown(brief).encode("utf-8")
