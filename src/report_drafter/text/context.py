"""`build_context(report)`: the single contract with the templates (docs/context.md).

Every value is finished Vietnamese text: templates do no arithmetic and no
formatting. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
import re

from report_drafter.model import Indicator, Report, Section, Task
from report_drafter.rules import book as layout
from report_drafter.text import compute, marks
from report_drafter.vn import writing as vnformat

# Other spellings of a two-line prefix, printed as the prefix itself (`UBND …` in full).
_SPELLINGS = {"ủy ban nhân dân": ("ubnd",)}
BLANK_NUMBER = " " * 6


def rules(report: Report) -> layout.Profile:
    """The rule set `report` follows: its `regulation`, or its system's default."""
    return layout.profile(report.system, report.regulation or None)


def build_context(report: Report) -> dict:
    """Everything a template receives for `report`, as JSON-able data."""
    profile = rules(report)
    alloc = marks.Allocator()
    date_line = profile.date_text(report.issuer.place, report.date.day, report.date.month, report.date.year)
    summary = report.title or default_title(report)
    summary = (
        vnformat.capitalize_first(summary)
        if profile.summary_case == "capital"
        else summary
        if report.title
        else vnformat.lower_first(summary)
    )
    return {
        "system": report.system,
        "regulation": profile.name,
        "draft": bool(report.draft),
        "header": {
            "parent": vnformat.upper_vi(report.issuer.parent) if report.issuer.parent else "",
            "issuer_lines": issuer_lines(report),
            "number_line": number_line(report),
            "number_runs": marks.segment_runs([(marks.NUMBER, number_line(report))], alloc),
            "date_line": date_line,
            "date_runs": marks.segment_runs(_date_segments(report, profile), alloc),
        },
        "title": {"kind": layout.REPORT_KIND, "summary": balanced_lines(summary)},
        "opening": [_paragraph(text) for text in report.opening],
        "body": body(report, alloc),
        "signature": {"lines": signature_lines(report), "name": report.signature.name},
        "recipients": recipient_lines(report.recipients, profile.recipients_separator),
        "appendix": appendix(report, alloc),
        "meeting": _meeting(report),
        "properties": {
            "title": f"{layout.REPORT_KIND.capitalize()} {vnformat.lower_first(summary)}",
            "subject": vnformat.capitalize_first(summary),
            "author": report.issuer.name,
            "created": f"{report.date.isoformat()}T00:00:00Z",  # created and modified
        },
        "marks": alloc.values,
        "source": source_record(report),
    }


def source_record(report: Report) -> dict:
    """What the input says that the printed text does not show, kept in the document for
    `import` (docs/import.md): each indicator in full, by its mark key, and the report's
    template, rule set, output name, part names as written and meeting."""

    def number(value):
        return vnformat.format_number(value) if value is not None else None

    inds = {}
    for ind in report.indicators:
        inds[marks.indicator_key(ind.id, ind.name)] = {
            "id": ind.id,
            "name": ind.name,
            "unit": ind.unit,
            "actual": number(ind.actual),
            "estimated": ind.estimated,
            "targets": [[t.label, number(t.value)] for t in ind.targets],
            "previous": number(ind.previous),
            "growth": number(ind.growth),
            "ratio": number(ind.ratio),
            "compare": ind.compare,
            "compared_to": ind.compared_to,
            "sentence": ind.sentence,
            "aggregate": ind.aggregate,
            "in_body": ind.in_body,
            "direction": ind.direction,
            "verb": ind.verb,
        }
    m = report.meeting
    meeting = (
        None
        if m is None
        else {
            "name": m.name,
            "date": m.date.isoformat() if m.date else "",
            "time": m.time,
            "place": m.place,
            "chair": [m.chair.name, m.chair.title] if m.chair else None,
            "attendees": list(m.attendees),
            "conclusion": list(m.conclusion),
        }
    )
    return {
        "indicators": inds,
        "template": report.template,
        "regulation": report.regulation,
        "output": report.output,
        "parts": [report.parts.results, report.parts.tasks],
        "meeting": meeting,
    }


_TITLE_CHAR = 133  # twips per character of the 14 pt bold summary, on average


def balanced_lines(text: str, width: int = layout.TEXT_WIDTH_TWIPS) -> str:
    """A summary too long for one line, broken (`\n`, a line break in Word) after the comma
    that gives the most even lines (or the most even break when there is no comma), so no year is
    left alone on the second line. The space before the break is kept: the text read back
    is unchanged. Three lines or more are left to the word processor."""
    capacity = width // _TITLE_CHAR
    if len(text) <= capacity or "\n" in text:
        return text
    fits = [at for at, ch in enumerate(text) if ch == " " and at + 1 <= capacity and len(text) - at - 1 <= capacity]
    after_comma = [at for at in fits if text[at - 1] == ","]
    if not fits:
        return text
    best = min(after_comma or fits, key=lambda at: abs(2 * at + 2 - len(text)))
    return f"{text[: best + 1]}\n{text[best + 1 :]}"


# ------------------------------------------------------------------------ header


def _date_segments(report: Report, profile: layout.Profile) -> list[tuple[str | None, str]]:
    """`Hải An, ` plain and `ngày 25 tháng 6 năm 2020` marked (built apart, never searched for)."""
    d = report.date
    place, dated = profile.date_text("\0", d.day, d.month, d.year).split("\0", 1)
    sep = ", " if dated.startswith(", ") else ""
    head = place + report.issuer.place + sep
    return [(None, head), (marks.DATE, dated[len(sep) :])] if head else [(marks.DATE, dated)]


def issuer_lines(report: Report) -> list[str]:
    """`ĐẢNG ỦY PHƯỜNG ĐỒ SƠN`; a State `Ủy ban nhân dân phường Đồ Sơn` (or `UBND …`) on two lines."""
    name = report.issuer.name
    prefix = rules(report).issuer_two_lines_prefix
    low = vnformat.new_tone(name.lower())
    for spelling in (prefix, *_SPELLINGS.get(prefix, ())) if prefix else ():
        if low == spelling or low.startswith(spelling + " "):
            rest = name[len(spelling) :].strip()
            head = vnformat.upper_vi(prefix)
            return [head, vnformat.upper_vi(rest)] if rest else [head]
    return [vnformat.upper_vi(name)]


def number_line(report: Report) -> str:
    """`Số 45-BC/QU` (party) or `Số: 112/BC-UBND` (state); a blank number stays blank."""
    profile = rules(report)
    if report.number is None:  # six spaces where the văn thư writes the number
        line = profile.number_line("\0", profile.kinds[layout.REPORT_KIND], report.issuer.abbreviation)
        return line.replace(" \0", BLANK_NUMBER).replace("\0", BLANK_NUMBER)
    return profile.number_line(
        profile.document_number(report.number), profile.kinds[layout.REPORT_KIND], report.issuer.abbreviation
    )


def signature_lines(report: Report) -> list[str]:
    """Authority lines in the order on_behalf_of, by_order_of, deputy_for, then the title."""
    sig = report.signature
    prefixes = rules(report).signature_prefixes
    lines = [
        f"{prefixes[role]} {vnformat.upper_vi(value)}"
        for role, value in (
            ("on_behalf_of", sig.on_behalf_of),
            ("by_order_of", sig.by_order_of),
            ("deputy_for", sig.deputy_for),
        )
        if value
    ]
    lines.append(vnformat.upper_vi(sig.title))
    return lines


def recipient_lines(recipients, separator: str) -> list[str]:
    """`- …,` (party) or `- …;` (state) each, the last one ending with `.`."""
    items = [r.strip().lstrip("-–").strip().rstrip(",;.").strip() for r in recipients]
    items = [r for r in items if r]
    return [f"- {r}{'.' if i == len(items) - 1 else separator}" for i, r in enumerate(items)]


# -------------------------------------------------------------------------- body


def body(report: Report, alloc: marks.Allocator | None = None) -> list[dict]:
    """Part I (results, assessment) and Part II (tasks), in reading order."""
    alloc = alloc or marks.Allocator()
    profile = rules(report)
    period, following = period_texts(report)
    by_id = {ind.id: ind for ind in indicators(report) if ind.id}
    listed = {
        i
        for section in (
            *_walk(report.results),
            *report.more_parts,
            *_walk(s for p in report.more_parts for s in p.sections),
        )
        for i in section.indicators
    }

    out: list[dict] = []
    _parts(report, "before_results", by_id, out, profile, alloc)
    out.append(_heading("h1", vnformat.upper_vi(report.parts.results or _results_heading(report, period))))
    for ind in indicators(report):
        if (not ind.id or ind.id not in listed) and ind.in_body:
            out.append(indicator_paragraph(ind, alloc))
    out.extend(_paragraph(p) for p in report.results_intro)
    for section in report.results:
        _section(section, 2, by_id, out, profile, alloc)
    if not report.assessment.is_empty:
        out.append(_heading("h2", layout.ASSESSMENT_HEADING))
        for field, label in layout.ASSESSMENT_PARTS:
            paragraphs = getattr(report.assessment, field)
            if paragraphs:
                out.append(_heading("h3", label))
                out.extend(_paragraph(p) for p in paragraphs)
    _parts(report, "before_tasks", by_id, out, profile, alloc)

    if report.tasks.intro or report.tasks.items:  # no empty Part II
        out.append(
            _heading(
                "h1",
                vnformat.upper_vi(
                    report.parts.tasks
                    or (
                        f"Phương hướng, nhiệm vụ {following}"
                        if report.period
                        else "Phương hướng, nhiệm vụ, giải pháp thời gian tới"
                    )
                ),
            )
        )
    if report.tasks.intro:
        out.append(_paragraph(_with_colon(report.tasks.intro)))
    for task in report.tasks.items:
        _task(task, 2, out, profile)
    _parts(report, "after_tasks", by_id, out, profile, alloc)
    out.extend(_paragraph(p) for p in report.closing)
    return _kept_together(out)


def _parts(report: Report, place: str, by_id: dict, out: list, profile, alloc: marks.Allocator) -> None:
    """The further parts standing at `place`: a part heading, then the content of a section."""
    for part in report.more_parts:
        if part.place != place:
            continue
        out.append(_heading("h1", vnformat.upper_vi(part.heading)))
        for ind_id in part.indicators:
            if ind_id in by_id:
                out.append(indicator_paragraph(by_id[ind_id], alloc))
        out.extend(_paragraph(p) for p in part.paragraphs)
        if part.table is not None:
            out.extend(table_items(part.table))
        for i, sub in enumerate(part.sections):
            _section(sub, 2, by_id, out, profile, alloc, profile.letter(i))


_HEADINGS = ("h1", "h2", "h3", "h4")


def _kept_together(out: list[dict]) -> list[dict]:
    """`keep`: a heading stays on the page of what follows it only when that is its own
    content (not a sibling heading: a chain of headings would carry a whole part to the next
    page); the last paragraph stays with the signature."""
    for i, item in enumerate(out):
        after = out[i + 1] if i + 1 < len(out) else None
        if item["style"] in _HEADINGS and not item.get("plain"):
            item["keep"] = after is None or after["style"] not in _HEADINGS or after["style"] > item["style"]
        else:
            item["keep"] = after is None or item["style"] == "caption"
    return out


def _section(
    section: Section, level: int, by_id: dict, out: list, profile, alloc: marks.Allocator, letter: str = ""
) -> None:
    out.append(_leveled(section.heading, level, letter, "h4"))
    for ind_id in section.indicators:
        if ind_id in by_id:
            out.append(indicator_paragraph(by_id[ind_id], alloc))
    out.extend(_paragraph(p) for p in section.paragraphs)
    if section.table is not None:
        out.extend(table_items(section.table))
    for i, sub in enumerate(section.sections):
        _section(sub, level + 1, by_id, out, profile, alloc, profile.letter(i))


def indicator_paragraph(ind: Indicator, alloc: marks.Allocator) -> dict:
    """The indicator's sentence from its segments, each variable phrase in a marked run."""
    key = marks.indicator_key(ind.id, ind.name)
    segments = [(f"{key}_{code}" if code else None, text) for code, text in compute.indicator_segments(ind)]
    return {"style": "body", "runs": marks.segment_runs(segments, alloc)}


def _task(task: Task, level: int, out: list, profile, letter: str = "") -> None:
    item = _leveled(task.text, level, letter)
    if level <= 3 and not task.items and not task.paragraphs:
        item["plain"] = True  # numbered body text, not a bold heading (issue 21)
    out.append(item)
    out.extend(_paragraph(p) for p in task.paragraphs)
    for i, sub in enumerate(task.items):
        _task(sub, level + 1, out, profile, profile.letter(i))


def _leveled(text: str, level: int, letter: str, lettered: str = "body") -> dict:
    """Levels 2–3 are numbered headings; level 4 is lettered `a) …` text, in style `lettered`
    (`h4` for a section heading, printed bold italic; `body` for a task)."""
    if level <= 3:
        return _heading(f"h{level}", text)
    return {
        "style": lettered,
        "runs": [{"text": f"{letter} ", "bold": False, "italic": False}, *vnformat.parse_inline(text)],
    }


def table_items(table) -> list[dict]:
    """A section's table: its caption, then the table (cells as written, widths from the content)."""
    columns = list(zip(table.header, *table.rows)) if table.rows else [(h,) for h in table.header]
    numeric = [all(_NUMERIC.fullmatch(c) for c in col[1:] if c) and any(col[1:]) for col in columns]
    items = [{"style": "caption", "runs": vnformat.parse_inline(table.caption)}] if table.caption else []
    items.append(
        {
            "style": "table",
            "runs": [],
            "table": {
                "header": list(table.header),
                "rows": [list(r) for r in table.rows],
                "numeric": numeric,
                "widths": column_widths([list(c) for c in columns], layout.TEXT_WIDTH_TWIPS),
            },
        }
    )
    return items


_NUMERIC = re.compile(r"[+-]?[\d.,]+\s*%?")
_CHAR = 125  # twips per character of 13 pt Times New Roman, on average
_CHAR_WIDEST = 160  # … and for a word that must fit whole (bold capitals, digits)
_CHAR_BOLD = 180  # … and for a word of a bold heading (`TT`: two bold capitals)
_PADDING = 2 * 108  # the cell's left and right margins
_SLACK = 40  # what LibreOffice and Word round away


def column_widths(columns: list[list[str]], total: int, whole: tuple = ()) -> list[int]:
    """Widths (twips, summing to `total`) that never break a number or a word over two lines
    where the page allows it: each column gets its longest unbreakable token (a heading's in
    bold: `TT` does not wrap), a column in `whole` its longest cell (`tỷ đồng`);
    the rest of the width goes in proportion to how much text the body cells hold (a long
    heading such as `So với kế hoạch (%)` may wrap)."""
    least = []
    for i, col in enumerate(columns):
        body = [w for c in col[1:] for w in c.split()] + (list(col[1:]) if i in whole else [])
        head = col[0].split() if col else []
        least.append(
            max(
                max((len(t) for t in body), default=1) * _CHAR_WIDEST,
                max((len(t) for t in head), default=1) * _CHAR_BOLD,
            )
            + _PADDING
            + _SLACK
        )
    wish = [min(max((len(c) for c in (col[1:] or col)), default=1), 60) * _CHAR + _PADDING for col in columns]
    if sum(least) >= total:
        widths = [round(total * w / sum(least)) for w in least]
    else:
        spare, extra = total - sum(least), [max(w - m, 0) for w, m in zip(wish, least)]
        share = sum(extra) or 1
        widths = [
            m + (round(spare * e / share) if sum(extra) else round(spare / len(least))) for m, e in zip(least, extra)
        ]
    widths[-1] += total - sum(widths)
    return widths


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s.sections)


def _heading(style: str, text: str) -> dict:
    return {"style": style, "runs": vnformat.parse_inline(text)}


def _paragraph(text: str) -> dict:
    style = "dash" if text.startswith("- ") or text.startswith("-\u00a0") else "body"
    return {"style": style, "runs": vnformat.parse_inline(text)}


def _run(text: str) -> dict:
    return {"text": text, "bold": False, "italic": False}


def _with_colon(text: str) -> str:
    return text if text.rstrip().endswith((":", ".")) else text.rstrip() + ":"


# ---------------------------------------------------------------------- appendix


def appendix(report: Report, alloc: marks.Allocator | None = None) -> dict:
    """The indicator table: every indicator (one given only as a change shows it in the last
    column); `runs` holds each figure cell marked.

    The last column is headed by the indicators' common `compared_to` ("So với năm 2023 (%)");
    a row compared with something else says so after its name.
    """
    alloc = alloc or marks.Allocator()
    inds = indicators(report)
    figures = [compute.indicator_figures(ind) for ind in inds]
    labels = {f.compared_to for f in figures if f.ratio_to_previous is not None}
    common = labels.pop() if len(labels) == 1 else compute.SAME_PERIOD
    rows = []
    for ind, figs in zip(inds, figures):
        vs_previous = name = ""
        if figs.ratio_to_previous is not None:
            vs_previous = vnformat.format_decimal_1(figs.ratio_to_previous)
            if figs.compared_to != common:
                name = f" (so với {figs.compared_to})"
        row = {
            "no": str(len(rows) + 1),
            "name": ind.name + name,
            "unit": ind.unit,
            "plan": "; ".join(f"{vnformat.format_number(t.value)} ({t.label})" for t in ind.targets),
            "actual": vnformat.format_number(ind.actual) if ind.actual is not None else "",
            "vs_plan": "; ".join(vnformat.format_decimal_1(r) for _, r in figs.target_ratios),
            "vs_previous": vs_previous,
        }
        key = marks.indicator_key(ind.id, ind.name)
        row["runs"] = {
            name: [alloc.add(f"{key}_{code}", row[name]) if row[name] else _run("")]
            for name, code in marks.APPENDIX_FIELDS.items()
        }
        rows.append(row)
    columns = list(layout.INDICATOR_TABLE_COLUMNS)
    columns[-1] = layout.RATIO_COLUMN.format(against=common)  # a ratio, as the roll-up names it
    cells = [[c, *(row[f] for row in rows)] for c, f in zip(columns, APPENDIX_FIELDS)]
    period = vnformat.upper_vi(period_texts(report)[0])
    return {
        "show": report.indicator_table == "appendix" and bool(rows),
        "title": layout.APPENDIX_TITLE,
        "subtitle": f"MỘT SỐ CHỈ TIÊU CHỦ YẾU {period}",
        "reference": reference_line(report),
        "columns": columns,
        "rows": rows,
        "widths": column_widths(cells, layout.TEXT_WIDTH_TWIPS, whole=(APPENDIX_FIELDS.index("unit"),)),
    }


APPENDIX_FIELDS = layout.APPENDIX_FIELDS


def reference_line(report: Report) -> str:
    """`(Kèm theo Báo cáo số 45-BC/QU ngày 09/7/2019 của Ban Thường vụ Quận ủy Đồ Sơn)`."""
    number = rules(report).number_without_prefix(number_line(report))
    d = report.date
    on_behalf = report.signature.on_behalf_of
    author = report.issuer.name
    if report.system == "party" and on_behalf and not author.lower().startswith(on_behalf.lower()):
        author = f"{on_behalf} {author}"
    return (
        f"(Kèm theo Báo cáo số{number.rstrip() if report.number is not None else number} "
        f"ngày {rules(report).short_date(d.day, d.month, d.year)} của {author})"
    )


def indicators(report: Report) -> tuple:
    """The indicators as the text compares them: in a thematic review, `previous` is the
    figure of the starting year (`so với năm 2023`) unless `compared_to` says otherwise."""
    if report.review is None:
        return report.indicators
    start = f"năm {report.review.from_}"
    return tuple(ind if ind.compared_to else dataclasses.replace(ind, compared_to=start) for ind in report.indicators)


def period_texts(report: Report) -> tuple[str, str]:
    """(this period, the next) — for a thematic review, its years and "thời gian tới"."""
    if report.period is not None:
        padded = rules(report).date_padded_months
        return (
            vnformat.period_text(report.period, padded),
            vnformat.period_text(vnformat.next_period(report.period), padded),
        )
    r = report.review
    return f"{r.to - r.from_} năm thực hiện {r.short}", "thời gian tới"


def default_title(report: Report) -> str:
    """`sơ kết 6 tháng đầu năm, phương hướng, …`; `sơ kết 3 năm thực hiện {subject}`."""
    if report.period is not None:
        return vnformat.default_title(report.period, rules(report).date_padded_months)
    r = report.review
    return f"sơ kết {r.to - r.from_} năm thực hiện {r.subject}"


def _results_heading(report: Report, period: str) -> str:
    if report.period is not None:
        return f"Kết quả thực hiện nhiệm vụ {period}"
    return f"Kết quả {period}"


def _meeting(report: Report) -> dict:
    m = report.meeting
    if m is None:
        return {"name": "", "date": "", "time": "", "place": "", "chair": "", "attendees": [], "conclusion": []}
    chair = f"{m.chair.name}, {m.chair.title}" if m.chair and m.chair.title else (m.chair.name if m.chair else "")
    date = f"ngày {rules(report).short_date(m.date.day, m.date.month, m.date.year)}" if m.date else ""
    return {
        "name": m.name,
        "date": date,
        "time": m.time,
        "place": m.place,
        "chair": chair,
        "attendees": list(m.attendees),
        "conclusion": [_paragraph(p) for p in m.conclusion],
    }
