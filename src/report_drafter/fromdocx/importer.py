"""`import`: a report in .docx (ours or any office's) back into an input file (YAML).

`import_docx(data, next_period)` → (YAML text, notes): the web app and the command line
both call it. The document is read through `docxread`; each paragraph is classified by
its style (ours: Heading 1–3), its Word list numbering, or its typed number (`I.`, `1.`,
`1.1.`, `a)` …, see `recognise`). Parts are told apart by their headings (results, tasks,
anything else becomes a further part), indicator sentences become indicators, and what
cannot be placed is kept as paragraphs where it stood and named in the notes. Every
number in the YAML is read from the document or computed from numbers that are, and a
comment says which.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from report_drafter import model
from report_drafter.docx import package
from report_drafter.docx import reading as docxread
from report_drafter.errors import UserError
from report_drafter.fromdocx import recognise
from report_drafter.fromdocx.yamlout import Comment, Note, Raw, dump
from report_drafter.input import schema as load
from report_drafter.rules import book as layout
from report_drafter.text import compute, marks
from report_drafter.vn import writing as vnformat

# Months written with a zero (`tháng 01`): the rule book's; both rule sets pad the same months.
_PADDED_MONTHS = layout.STATE.date_padded_months

W = docxread.W
_SEPARATOR = re.compile(r"^[\s*\-_–—=.]*$")
_NATIONAL = ("ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_MOTTO = re.compile(r"^độc lập\s*[-–]\s*tự do\s*[-–]\s*hạnh phúc$", re.I)
_OTHER_KINDS = (
    "NGHỊ QUYẾT",
    "QUYẾT ĐỊNH",
    "NGHỊ ĐỊNH",
    "CHỈ THỊ",
    "THÔNG BÁO",
    "KẾ HOẠCH",
    "TỜ TRÌNH",
    "HƯỚNG DẪN",
    "CÔNG VĂN",
    "THÔNG TƯ",
    "QUY ĐỊNH",
    "KẾT LUẬN",
    "CHƯƠNG TRÌNH",
    "ĐỀ ÁN",
)
_HEADING_STYLES = {"heading1": 1, "heading2": 2, "heading3": 3, "task2": 2, "task3": 3}  # ours: Task2/3 = plain tasks
_LEVEL_KINDS = ("arabic", "decimal2", "decimal3", "letter", "paren")  # paren only from a Word list


class ImportFailure(UserError):
    """A file that cannot be read as a .docx at all (message in Vietnamese)."""


ImportError_ = ImportFailure  # the name the web app (web/documents.py) catches


@dataclass
class Line:
    """One body paragraph, classified."""

    text: str  # text without its typed number
    kind: str = "text"  # part | roman | arabic | decimal2 | decimal3 | letter | paren | text | table
    number: str = ""  # the typed number, if any
    table: tuple | None = None  # (header, rows) of a table
    marks: dict = field(default_factory=dict)  # mark key → text in the document (ours)
    source: str = ""  # the paragraph as written (typed number included)
    element_spans: dict = field(default_factory=dict)  # mark key → (text, offset) (ours)
    caption: bool = False  # a table's caption (its style says so)
    marked: str = ""  # the text with **bold** / *italic* where only part of it is so


@dataclass
class Node:
    """A part or section as read: heading, paragraphs (Line), tables, subsections."""

    heading: str
    lines: list = field(default_factory=list)
    subs: list = field(default_factory=list)
    number: str = ""


@dataclass
class Result:
    yaml: str
    notes: list
    stem: str
    loaded: object = None


# ------------------------------------------------------------------ entry points


def import_docx(data: bytes, next_period: bool = False) -> tuple[str, list[str]]:
    """The input file (YAML text) for a .docx given as bytes, and the notes of what was
    recognised and what was not (Vietnamese). With `next_period`, the file for the next
    period: this period's actual figures become `previous`, figures left for the clerk."""
    with tempfile.TemporaryDirectory(prefix="rd-import-") as tmp:
        path = Path(tmp) / "input.docx"
        path.write_bytes(data)
        result = import_path(path, next_period)
    return result.yaml, result.notes


def import_path(path, next_period: bool = False) -> Result:
    try:
        doc, paras, header_table, signoff_table = docxread.read(path)
        contents = package.read_contents(path)
    except Exception as exc:  # a zip bomb, not a zip, not a Word document
        raise ImportFailure(
            f"{path}: không đọc được tệp .docx ({type(exc).__name__}: {exc}); "
            f"hãy mở tệp bằng Word và lưu lại dạng .docx"
        ) from None
    try:
        return _Importer(doc, paras, contents, Path(path)).run(next_period)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as exc:  # never a traceback
        raise ImportFailure(
            f"{path}: không nhập được văn bản này ({type(exc).__name__}: {exc}); hãy báo "
            f"lỗi kèm tệp .docx cho người bảo trì chương trình"
        ) from None


# ------------------------------------------------------------------ the importer


class _Importer:
    def __init__(self, doc, paras, contents, path: Path):
        self.doc, self.paras, self.path = doc, paras, path
        self.notes: list[str] = []
        self.props = package.properties(contents)
        self.store = marks.read_store(self.props) or {}
        self.source = marks.read_source(self.props)
        self.ours = bool(self.store) or any(
            (b.get(W + "name") or "").startswith(marks.PREFIX) for b in doc.element.body.iter(W + "bookmarkStart")
        )
        self.author = doc.core_properties.author or ""
        self.by_element = {id(p.element): p for p in paras if not p.split}
        self.hand: list[str] = []
        self.derived: dict = {}

    def note(self, text: str) -> None:
        self.notes.append(text)

    # ---------------------------------------------------------- reading order
    def blocks(self):
        """('p', Para) and ('t', table element) of the document body, in order."""
        for child in self.doc.element.body:
            if child.tag == W + "p":
                p = self.by_element.get(id(child))
                if p is not None:
                    yield "p", p
            elif child.tag == W + "tbl":
                yield "t", child

    def run(self, next_period: bool) -> Result:
        header = [p for p in self.paras if p.where.startswith("header")]
        signoff = [p for p in self.paras if p.where.startswith("signoff")]
        blocks = list(self.blocks())
        tree: dict = {}
        # the header: its table, or the paragraphs above the kind line
        kind_at = next(
            (i for i, (k, b) in enumerate(blocks) if k == "p" and _upper(b.text) == layout.REPORT_KIND), None
        )
        other_kind = None
        if kind_at is None:
            kind_at = next(
                (i for i, (k, b) in enumerate(blocks[:25]) if k == "p" and _upper(b.text) in _OTHER_KINDS), None
            )
            if kind_at is not None:
                other_kind = _upper(blocks[kind_at][1].text)
        top = [
            b
            for k, b in blocks[: kind_at if kind_at is not None else 0]
            if k == "p" and b.where == "body" and b.text.strip()
        ]
        self.header(header + top, tree)
        # the title: the kind line, then the summary lines
        start = (kind_at + 1) if kind_at is not None else len(top)
        summary, summary_centred = [], False
        while start < len(blocks) and blocks[start][0] == "p":
            p = blocks[start][1]
            text = p.text.strip()
            if not text or (_SEPARATOR.match(text) and summary):
                start += 1
                if summary:
                    break
                continue
            centred = p.fmt.alignment == "center"
            if recognise.numbering(text) or p.style_id.lower().startswith("heading") or p.fmt.num:
                break
            if summary and not (centred if summary_centred else _all_bold(p)):
                break
            if not summary and not (centred or _all_bold(p) or kind_at is not None):
                break
            if not summary:
                summary_centred = centred
            summary.append(text)
            start += 1
        if kind_at is None:
            self.note(
                'không thấy dòng tên loại "BÁO CÁO": tệp có thể không phải một báo cáo; đã nhập đến đâu được đến đó'
            )
        elif other_kind:
            self.note(
                f'CẢNH BÁO: đây là văn bản loại "{other_kind}", không phải báo cáo; đã nhập '
                f"đến đâu được đến đó, hãy xem lại toàn bộ tệp YAML"
            )
        self.summary(" ".join(summary), tree)
        # the signature and recipients: the sign-off table, or the paragraphs at the end
        body_blocks = blocks[start:]
        appendix_at = next(
            (i for i, (k, b) in enumerate(body_blocks) if k == "p" and _upper(b.text) == layout.APPENDIX_TITLE),
            len(body_blocks),
        )
        appendix_blocks, body_blocks = body_blocks[appendix_at:], body_blocks[:appendix_at]
        if signoff:
            self.signoff(signoff, tree)
            body_blocks = [(k, b) for k, b in body_blocks if not (k == "t" and _is_signoff(b))]
        else:
            body_blocks = self.signoff_paragraphs(body_blocks, tree)
        self.appendix_rows = self.marked_rows(appendix_blocks)
        self.body(body_blocks, tree)
        self.appendix(appendix_blocks, tree)
        if next_period:
            self.next_period(tree)
        return self.finish(tree, next_period)

    # ---------------------------------------------------------- header
    def header(self, paras, tree: dict) -> None:
        system, lines, number, abbreviation, place, date = "", [], None, "", "", None
        draft = False
        for p in paras:
            text = " ".join(p.text.split())
            up = _upper(text)
            if not text or _SEPARATOR.match(text):
                continue
            if up == layout.DRAFT_MARK:
                draft = True
            elif up in _NATIONAL:
                system = "party" if up.startswith("ĐẢNG") else "state"
            elif _MOTTO.match(text):
                system = system or "state"
            elif recognise.number_line(text):
                found = recognise.number_line(text)
                system = system or found[0]
                number, abbreviation = found[1], found[2]
                if found[3] != "BC":
                    self.note(f'số ký hiệu "{text}" không phải số của một báo cáo (BC)')
            elif recognise.date_line(text):
                place, date = recognise.date_line(text)
            elif text.lower().startswith("v/v"):
                self.note(
                    f'CẢNH BÁO: đây là một công văn ("{text}"), không phải báo cáo; đã nhập đến đâu '
                    f"được đến đó, hãy xem lại toàn bộ tệp YAML"
                )
            elif p.where != "header-right":
                lines.append(text)
        if not system:
            system = "state" if abbreviation.upper().startswith("UBND") else "party"
            self.note(f"không thấy quốc hiệu hoặc tiêu đề Đảng: đoán system: {system}")
        tree["system"] = system
        if draft:
            tree["draft"] = True
        self._abbreviation = abbreviation
        tree["issuer"] = self.issuer(system, lines, place)
        if number is not None:
            tree["number"] = number
        if date is not None:
            tree["date"] = Raw(date.isoformat())
        else:
            tree["date"] = Comment("date: KHÔNG THẤY ngày ban hành trong văn bản, hãy điền (ví dụ date: 2019-07-09)")
            self.note("không thấy dòng địa danh, ngày tháng: hãy điền date")
        if not abbreviation:
            self.note("không thấy số, ký hiệu văn bản: hãy điền abbreviation (ví dụ QU, UBND)")

    def issuer(self, system: str, lines: list, place: str) -> dict:
        known = tuple(k for k in (self.author, place) if k)
        lines = [line for line in lines if not _SEPARATOR.match(line)]
        parent, name = "", ""
        if system == "state" and lines and _upper(lines[0]) in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"):
            name = " ".join(lines)
        elif len(lines) >= 2:
            parent, name = lines[0], " ".join(lines[1:])
        elif lines:
            name = lines[0]
        out = {}
        if parent:
            out["parent"] = recognise.name_case(parent, known)
        author = self.author if self.ours else ""
        if author and _upper(re.sub(r"^(UBND|Uỷ ban nhân dân)\b", "Ủy ban nhân dân", author)) == _upper(
            name.replace("UỶ", "ỦY")
        ):
            out["name"] = author  # ours: the name as the input wrote it
        else:
            out["name"] = recognise.name_case(name, known) if name else Note("", "KHÔNG THẤY tên cơ quan ban hành")
        out["abbreviation"] = getattr(self, "_abbreviation", "") or Note("", "KHÔNG THẤY số, ký hiệu văn bản")
        out["place"] = place or Note("", "KHÔNG THẤY địa danh")
        return out

    # ---------------------------------------------------------- title
    def summary(self, summary: str, tree: dict) -> None:
        summary = " ".join(summary.split())
        date = tree["date"].text if isinstance(tree["date"], Raw) else ""
        year = int(date[:4]) if date[:4].isdigit() else 0
        review = recognise.review_of(summary)
        period = None if review else recognise.period_of(summary)
        if review and year:
            years, subject, short = review
            tree["review"] = {
                "subject": subject,
                "short": short,
                "from": Note(year - years, f"tính từ năm của ngày ban hành ({year}) trừ {years} năm"),
            }
            self.derived["review.from"] = True
            standard = f"sơ kết {years} năm thực hiện {subject}"
        elif period:
            p = {"kind": period.kind, "year": period.year}
            if period.index:
                p["index"] = period.index
            tree["period"] = p
            standard = vnformat.default_title(period, _PADDED_MONTHS)
        else:
            tree["period"] = Comment(
                "period: KHÔNG nhận ra kỳ báo cáo từ trích yếu, hãy điền "
                "(ví dụ period: {kind: half, index: 1, year: 2019})"
            )
            self.note("không nhận ra kỳ báo cáo từ trích yếu: hãy điền period; title giữ trích yếu")
            standard = ""
        if summary and summary.lower() != standard.lower():
            tree["title"] = summary
        self._period, self._review = period, (review if review and year else None)
        self._review_from = year - review[0] if review and year else 0

    # ---------------------------------------------------------- signature
    def signoff(self, paras, tree: dict) -> None:
        left = [" ".join(p.text.split()) for p in paras if p.where == "signoff-left" and p.text.strip()]
        right = [" ".join(p.text.split()) for p in paras if p.where == "signoff-right" and p.text.strip()]
        self.signature(right, tree)
        self.recipients(left, tree)

    def signature(self, lines: list, tree: dict) -> None:
        sig: dict = {}
        rest = []
        for line in lines:
            role = recognise.signature_line(line)
            if role and role[0] in ("on_behalf_of", "by_order_of", "deputy_for") and role[0] not in sig:
                sig[role[0]] = recognise.title_case(role[1])
            elif role:
                self.note(f'dòng ký "{line}" (ủy quyền) giữ ở chức vụ')
                rest.append(line)
            else:
                rest.append(line)
        rest = [r for r in rest if not r.startswith("(")]  # "(Đã ký)"
        name = rest[-1] if len(rest) >= 2 else ""
        title = rest[-2] if len(rest) >= 2 else (rest[0] if rest else "")
        out = {k: sig[k] for k in ("on_behalf_of", "by_order_of", "deputy_for") if k in sig}
        out["title"] = recognise.title_case(title) if title else Note("", "KHÔNG THẤY chức vụ người ký")
        out["name"] = name or Note("", "KHÔNG THẤY tên người ký")
        if not (title and name):
            self.note("không thấy đủ phần ký (chức vụ, họ tên): hãy điền signature")
        tree["signature"] = out

    def recipients(self, lines: list, tree: dict) -> None:
        items = []
        for line in lines:
            if line.lower().startswith("nơi nhận"):
                continue
            text = re.sub(r"^[-–+•]\s*", "", line).rstrip(",;.").strip()
            if text:
                items.append(text)
        if items:
            tree["recipients"] = items

    def signoff_paragraphs(self, blocks, tree: dict):
        """Recipients and signature typed as paragraphs at the end: taken off the body."""
        texts = [(i, " ".join(b.text.split())) for i, (k, b) in enumerate(blocks) if k == "p"]
        at = next((i for i, t in texts if t.lower().startswith("nơi nhận")), None)
        sig_at = None
        for i, t in reversed(texts):
            if at is not None and i >= at:
                continue
            if not t:
                continue
            if (
                recognise.signature_line(t) or (_upper(t) == t and len(t.split()) <= 6 and not recognise.numbering(t))
            ) or (sig_at is None and len(t.split()) <= 5 and not t.endswith(".")):
                sig_at = i
                continue
            break
        cut = min(x for x in (at, sig_at, len(blocks)) if x is not None)
        sig_lines = [t for i, t in texts if sig_at is not None and i >= sig_at and (at is None or i < at) and t]
        rec_lines = [t for i, t in texts if at is not None and i >= at and t]
        if at is not None:  # a signature typed after the recipients
            tail = [t for t in rec_lines[1:] if not re.match(r"^[-–+•]", t)]
            rec_lines = [t for t in rec_lines if re.match(r"^[-–+•]", t) or t.lower().startswith("nơi nhận")]
            sig_lines = sig_lines or tail
        self.signature(sig_lines, tree)
        self.recipients(rec_lines, tree)
        return blocks[:cut]

    # ---------------------------------------------------------- body
    def body(self, blocks, tree: dict) -> None:
        lines = [line for line in (self.classify(k, b) for k, b in blocks) if line is not None]
        # opening: before the first part heading
        first_part = next((i for i, ln in enumerate(lines) if ln.kind in ("part", "roman")), None)
        if first_part is None:
            self.note("không thấy đề mục phần (I., II. …): mọi nội dung đưa vào phần kết quả")
            first_part = next((i for i, ln in enumerate(lines) if ln.kind in _LEVEL_KINDS), len(lines))
            opening, rest = lines[:first_part], lines[first_part:]
            parts = [Node("", [])]
            self.nest(parts[0], rest)
        else:
            opening, rest = lines[:first_part], lines[first_part:]
            parts = []
            chunk: list = []
            for ln in rest:
                if ln.kind in ("part", "roman"):
                    if parts:
                        self.nest(parts[-1], chunk)
                    parts.append(Node(ln.text, number=ln.number))
                    chunk = []
                else:
                    chunk.append(ln)
            self.nest(parts[-1], chunk)
        closing = self.closing(parts)
        if opening:
            tree["opening"] = [self.text(ln) for ln in opening]
        self.parts(parts, tree)
        if closing:
            tree["closing"] = closing

    def classify(self, kind: str, block) -> Line | None:
        if kind == "t":
            rows = [[_cell_text(tc) for tc in tr.findall(W + "tc")] for tr in block.findall(W + "tr")]
            rows = [r for r in rows if any(c.strip() for c in r)]
            if not rows:
                return None
            return Line("", "table", table=(rows[0], rows[1:]))
        p = block
        text = " ".join(unicodedata.normalize("NFC", p.text).split())
        if not text or (_SEPARATOR.match(text) and not re.search(r"\w", text)):
            return None
        level = _HEADING_STYLES.get(p.style_id.lower().replace(" ", ""))
        typed = recognise.numbering(text)
        listed = recognise.list_kind(p.number_text, p.number_format) if p.fmt.num else None
        spans = self.mark_spans(p.element)
        line = Line(
            text,
            source=text,
            marks={k: v for k, (v, _) in spans.items()},
            element_spans=spans if text == p.text else {},
            caption=any(w in (p.style_name or "").lower() for w in ("caption", "tên bảng")),
            marked=_marked(p, text),
        )
        if level:
            line.kind = ("roman", "arabic", "decimal2")[level - 1]
            if typed and typed[0] != "ordinal":
                line.text, line.number = typed[2], typed[1]
        elif listed == "dash":
            line.text = text if recognise.is_dash(text) else "- " + text
        elif listed:
            line.kind = listed
            line.number = p.number_text
        elif (
            not typed
            and _upper(text) == text
            and re.search(r"[^\W\d_]{2}", text)
            and len(text.split()) <= 20
            and not text.endswith(".")
            and _all_bold(p)
        ):
            line.kind = "roman"  # a part heading in bold capitals, without a number
        elif typed:
            line.kind, line.number, line.text = typed
            if typed[0] in ("ordinal", "paren"):  # points of a paragraph: kept as written
                line.kind, line.text = "text", text
        return line

    def marks_of(self, p) -> dict:
        """The text inside each figure mark of a paragraph of ours."""
        return {k: v for k, (v, _) in self.mark_spans(p.element).items()}

    def mark_spans(self, element) -> dict:
        """key → (text, offset in the paragraph's text) of each figure mark (ours only)."""
        if not self.ours:
            return {}
        out, open_, at = {}, {}, 0
        for el in element.iter():
            if el.tag == W + "bookmarkStart":
                key = marks.key_of(el.get(W + "name") or "")
                if key:
                    open_[el.get(W + "id")] = key
                    out[key] = ["", at]
            elif el.tag == W + "bookmarkEnd":
                open_.pop(el.get(W + "id"), None)
            elif el.tag == W + "t":
                for key in open_.values():
                    out[key][0] += el.text or ""
                at += len(el.text or "")
        return {k: tuple(v) for k, v in out.items()}

    def nest(self, part: Node, lines: list) -> None:
        """Sections from numbered lines: each kind takes the next level in the order it first
        appears; deeper than three levels, a numbered line stays a paragraph as written."""
        stack: list = []  # [(kind, Node)]
        for ln in lines:
            if ln.kind in _LEVEL_KINDS:
                kinds = [k for k, _ in stack]
                if ln.kind in kinds:
                    del stack[kinds.index(ln.kind) :]
                if len(stack) < 3:
                    node = Node(ln.text, number=ln.number)
                    (stack[-1][1].subs if stack else part.subs).append(node)
                    stack.append((ln.kind, node))
                    continue
                ln = dataclasses.replace(ln, kind="text", text=ln.source)
                self.note(f"dòng đánh số sâu quá ba cấp, giữ là đoạn văn như đã viết: «{_short(ln.source)}»")
            (stack[-1][1] if stack else part).lines.append(ln)

    def closing(self, parts: list) -> list:
        """Paragraphs from "Trên đây là …" to the end of the last part."""
        node = parts[-1]
        while node.subs and not any(_is_closing(ln) for ln in node.lines):
            node = node.subs[-1]
        at = next((i for i, ln in enumerate(node.lines) if _is_closing(ln)), None)
        if at is None:
            return []
        out = [self.text(ln) for ln in node.lines[at:] if ln.kind == "text"]
        node.lines = node.lines[:at]
        return out

    def text(self, ln: Line) -> str:
        if "*" in ln.text and not ln.marked:
            self.note(f"đoạn có dấu * (sẽ được hiểu là chữ đậm, nghiêng khi in): «{_short(ln.text)}»")
        return ln.marked if ln.marked and ln.kind == "text" else ln.text

    # ---------------------------------------------------------- parts
    def parts(self, parts: list, tree: dict) -> None:
        results = tasks = None
        more = []
        self.indicators: list = []
        for i, part in enumerate(parts):
            h = part.heading.lower()
            if (
                results is None
                and tasks is None
                and (not h or "kết quả" in h or "tình hình thực hiện" in h or "thực hiện nhiệm vụ" in h)
            ):
                results = part
            elif (
                results is not None
                and tasks is None
                and any(w in h for w in ("nhiệm vụ", "phương hướng", "giải pháp"))
                and self.fits_tasks(part)
            ):
                tasks = part
            else:
                place = "before_results" if results is None else ("before_tasks" if tasks is None else "after_tasks")
                more.append((place, part))
        if results is None:
            self.note('không thấy phần kết quả (đề mục có chữ "kết quả"): bản in sẽ có thêm đề mục Phần I mặc định')
        if results is not None:
            self.results(results, tree)
        if tasks is not None:
            self.tasks(tasks, tree)
        if more:
            tree["more_parts"] = [self.part(place, part) for place, part in more]
            names = ", ".join(f'"{p.heading}"' for _, p in more)
            self.note(f"phần khác ngoài kết quả và nhiệm vụ, giữ trong more_parts: {names}")
        if self.indicators:
            tree["indicators"] = self.indicators

    def results(self, part: Node, tree: dict) -> None:
        standard = (
            f"Kết quả thực hiện nhiệm vụ {vnformat.period_text(self._period, _PADDED_MONTHS)}"
            if self._period
            else f"Kết quả {self._review[0]} năm thực hiện {self._review[2]}"
            if self._review
            else ""
        )
        if part.heading and standard:
            if _upper(part.heading) != _upper(standard):
                tree.setdefault("parts", {})["results"] = part.heading
        elif part.heading:
            tree.setdefault("parts", {})["results"] = part.heading
        lead, rest = self.leading_indicators(part.lines, listed=False)
        if rest:
            tree["results_intro"] = self.paragraphs(rest)
        subs = list(part.subs)
        if subs and self.is_assessment(subs[-1]):
            a = subs.pop()
            fields = dict(layout.ASSESSMENT_PARTS)
            by_label = {_upper(v): k for k, v in fields.items()}
            tree_a = {}
            for s in a.subs:
                tree_a[by_label[_upper(s.heading)]] = self.paragraphs(s.lines)
            self.note("đánh giá chung nhận ra (ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm)")
            tree["assessment"] = tree_a
        elif any("đánh giá" in s.heading.lower() for s in subs):
            self.note(
                "có mục đánh giá nhưng đề mục con khác mẫu (Ưu điểm; Hạn chế, tồn tại; Nguyên nhân; "
                "Bài học kinh nghiệm): giữ nguyên là một mục kết quả"
            )
        tree["results"] = [self.section(s) for s in subs]

    def is_assessment(self, node: Node) -> bool:
        labels = {_upper(v) for _, v in layout.ASSESSMENT_PARTS}
        return (
            _upper(node.heading) == _upper(layout.ASSESSMENT_HEADING)
            and not node.lines
            and node.subs
            and all(
                _upper(s.heading) in labels and not s.subs and all(ln.kind == "text" for ln in s.lines)
                for s in node.subs
            )
            and len({_upper(s.heading) for s in node.subs}) == len(node.subs)
            and [_upper(s.heading) for s in node.subs]
            == [_upper(v) for _, v in layout.ASSESSMENT_PARTS if _upper(v) in {_upper(s.heading) for s in node.subs}]
        )

    def fits_tasks(self, part: Node) -> bool:
        """Tasks have at most an intro line (ending with ":" or ".") before numbered items, and
        items hold only paragraphs and items (no table, no indicator)."""
        if not part.subs:
            return False
        if len(part.lines) > 1 or (
            part.lines and (part.lines[0].kind != "text" or not part.lines[0].text.endswith((":", ".")))
        ):
            return False

        def plain(node: Node) -> bool:
            return all(ln.kind == "text" and not recognise.indicator_in(ln.text) for ln in node.lines) and all(
                plain(s) for s in node.subs
            )

        return all(plain(s) for s in part.subs)

    def tasks(self, part: Node, tree: dict) -> None:
        out: dict = {}
        following = vnformat.period_text(vnformat.next_period(self._period), _PADDED_MONTHS) if self._period else ""
        standard = (
            f"Phương hướng, nhiệm vụ {following}" if self._period else "Phương hướng, nhiệm vụ, giải pháp thời gian tới"
        )
        if _upper(part.heading) != _upper(standard):
            tree.setdefault("parts", {})["tasks"] = part.heading
        if part.lines:  # the render adds the colon back
            intro = part.lines[0].text
            out["intro"] = intro[:-1].rstrip() if intro.endswith(":") else intro

        def task(node: Node):
            if not node.lines and not node.subs:
                return node.heading
            t: dict = {"text": node.heading}
            if node.lines:
                t["paragraphs"] = [self.text(ln) for ln in node.lines]
            if node.subs:
                t["items"] = [task(s) for s in node.subs]
            return t

        out["items"] = [task(s) for s in part.subs]
        tree["tasks"] = out

    def part(self, place: str, node: Node) -> dict:
        out = {"heading": node.heading or "(không có đề mục)", "place": place}
        out.update(self.content(node))
        return out

    def section(self, node: Node) -> dict:
        out = {"heading": node.heading or "(không có đề mục)"}
        out.update(self.content(node))
        return out

    def content(self, node: Node) -> dict:
        out: dict = {}
        lead, rest = self.leading_indicators(node.lines, listed=True)
        if lead:
            out["indicators"] = lead
        tables = [ln for ln in rest if ln.kind == "table"]
        texts = [ln for ln in rest if ln.kind != "table"]
        if texts:
            out["paragraphs"] = self.paragraphs(texts)
        if tables:
            header, rows = tables[0].table
            width = len(header)
            out["table"] = {"header": list(header), "rows": [list(r[:width]) + [""] * (width - len(r)) for r in rows]}
            before = rest.index(tables[0]) - 1
            if before >= 0 and rest[before].caption and texts and texts[-1] is rest[before]:
                out["table"] = {"caption": rest[before].text, **out["table"]}
                texts.pop()
                if texts:
                    out["paragraphs"] = self.paragraphs(texts)
                else:
                    out.pop("paragraphs", None)
            for extra in tables[1:]:
                out.setdefault("paragraphs", []).extend(" | ".join(r) for r in [extra.table[0], *extra.table[1]])
                self.note(f'mục "{node.heading}" có hơn một bảng: bảng sau giữ dạng đoạn văn (ô cách nhau bằng |)')
            after = rest.index(tables[0])
            if any(ln.kind != "table" for ln in rest[after + 1 :]):
                self.note(f'mục "{node.heading}": đoạn văn sau bảng được in trước bảng')
        if node.subs:
            out["sections"] = [self.section(s) for s in node.subs]
        return out

    def paragraphs(self, lines: list) -> list:
        out = []
        for ln in lines:
            if ln.kind == "table":
                out.extend(" | ".join(r) for r in [ln.table[0], *ln.table[1]])
                self.note("một bảng đứng ngoài mục giữ dạng đoạn văn (ô cách nhau bằng |)")
            else:
                out.append(self.text(ln))
        return out

    # ---------------------------------------------------------- indicators
    def leading_indicators(self, lines: list, listed: bool):
        ids = []
        i = 0
        while i < len(lines) and lines[i].kind == "text":
            found = self.from_source(lines[i]) or self.from_marks(lines[i]) or recognise.indicator_in(lines[i].text)
            if found is None:
                break
            ids.append(self.add_indicator(found, lines[i], listed))
            i += 1
        for ln in lines[i:]:
            if ln.kind == "text" and recognise.indicator_in(ln.text):
                self.note(
                    f"câu chỉ tiêu giữa mục giữ là đoạn văn (chỉ câu đứng đầu mục thành chỉ tiêu): «{_short(ln.text)}»"
                )
        return [x for x in ids if x], lines[i:]

    def add_indicator(self, found, line: Line, listed: bool = True) -> str:
        ind = found.indicator
        key = _ind_key(line.marks)
        taken = {i.get("id") for i in self.indicators}
        if found.derived.get("source") and (ind.id or not listed) and ind.id not in taken:
            ind_id = ind.id  # the id the input had (none for an unlisted one)
        else:
            base = (
                key.replace("_", "-") if key and not key.startswith("n") or (key and len(key) != 9) else _slug(ind.name)
            )
            base = base or f"chi-tieu-{len(self.indicators) + 1}"
            ind_id, n = base, 1
            while ind_id in taken:
                n += 1
                ind_id = f"{base}-{n}"
        out: dict = {"id": ind_id} if ind_id else {}
        out["name"] = ind.name
        if ind.unit:
            out["unit"] = ind.unit
        hand = self.hand_typed(line.marks)
        if ind.actual is not None:
            out["actual"] = (
                Note(Raw(vnformat.format_number(ind.actual)), hand) if hand else Raw(vnformat.format_number(ind.actual))
            )
        if ind.estimated and ind.actual is not None:
            out["estimated"] = True
        if ind.targets:
            out["targets"] = [
                {
                    "label": t.label,
                    "value": Note(
                        Raw(vnformat.format_number(t.value)), "số suy ra: " + found.derived[f"targets[{j}].value"]
                    )
                    if f"targets[{j}].value" in found.derived
                    else Raw(vnformat.format_number(t.value)),
                }
                for j, t in enumerate(ind.targets)
            ]
        if ind.previous is not None:
            out["previous"] = Note(
                Raw(vnformat.format_number(ind.previous)),
                "số suy ra: " + found.derived["previous"]
                if "previous" in found.derived
                else "số cùng kỳ ghi trong bản ghi đầu vào của văn bản (không in ra)",
            )
        if ind.growth is not None:
            out["growth"] = Raw(vnformat.format_number(ind.growth))
        if ind.ratio is not None:
            out["ratio"] = Raw(vnformat.format_number(ind.ratio))
        if ind.compare == "growth" and ind.ratio is not None:
            out["compare"] = "growth"
        if ind.compared_to:
            out["compared_to"] = ind.compared_to
        if ind.sentence:
            out["sentence"] = ind.sentence
        if ind.aggregate != "none":
            out["aggregate"] = ind.aggregate
        if ind.direction != "up":
            out["direction"] = ind.direction
        if ind.verb:
            out["verb"] = ind.verb
        if not ind.in_body:
            out["in_body"] = False
        out["_model"] = ind
        self.indicators.append(out)
        return ind_id

    def from_source(self, line: Line):
        """An indicator of ours exactly as the input had it, when the document still prints it
        as the input would (no figure typed over, no rewording)."""
        rec = self.source.get("indicators", {}).get(_ind_key(line.marks)) if line.marks else None
        if not isinstance(rec, dict) or self.hand_typed(line.marks, record=False):
            return None
        try:

            def num(v):
                return recognise.parse.parse_number(v) if v not in (None, "") else None

            ind = model.Indicator(
                name=str(rec["name"]),
                unit=str(rec.get("unit", "")),
                id=str(rec.get("id", "")),
                actual=num(rec.get("actual")),
                estimated=bool(rec.get("estimated")),
                targets=tuple(model.Target(str(lb), num(v)) for lb, v in rec.get("targets", [])),
                previous=num(rec.get("previous")),
                growth=num(rec.get("growth")),
                ratio=num(rec.get("ratio")),
                compare=str(rec.get("compare", "growth")),
                compared_to=str(rec.get("compared_to", "")),
                sentence=str(rec.get("sentence", "")),
                aggregate=str(rec.get("aggregate", "none")),
                in_body=bool(rec.get("in_body", True)),
                direction=str(rec.get("direction", "up")),
                verb=str(rec.get("verb", "")),
            )
            shown = (
                ind
                if ind.compared_to or not self._review_from
                else dataclasses.replace(ind, compared_to=f"năm {self._review_from}")
            )  # a review compares with its first year
            if compute.indicator_sentence(shown) != line.text:
                return None
        except (KeyError, TypeError, ValueError, ArithmeticError):
            return None
        return recognise.Recognised(ind, {"source": "bản ghi đầu vào"}, [])

    def from_marks(self, line: Line):
        """An indicator paragraph of ours in the office's own wording: its marks say where the
        figures are, the appendix row gives the name, unit and plans."""
        key = _ind_key(line.marks)
        row = self.appendix_rows.get(key)
        if not key or row is None or not line.element_spans:
            return None
        text = line.text
        spans, derived, figures = [], {}, []
        actual = change = ratio = None
        targets = []
        plan = dict(
            (label.strip(), value)
            for value, label in re.findall(rf"({recognise.NUM})\s*\(([^)]*)\)", row.get("plan", ""))
        )
        for k, (mtext, at) in sorted(line.element_spans.items(), key=lambda kv: kv[1][1]):
            if text[at : at + len(mtext)] != mtext:
                return None
            field_ = k[len(key) + 1 :]
            try:
                if field_ == marks.ACTUAL:
                    actual = recognise.parse.parse_number(mtext)
                    spans.append((at, at + len(mtext), "{actual}"))
                elif field_ == marks.CHANGE:
                    # the mark holds the whole comparison (`tăng 5% so với cùng kỳ`, `bằng cùng kỳ`):
                    # its words are `{change}`, the rest of it stays literal text
                    whole = re.fullmatch(r"(.*?)( so với .+)", mtext)
                    mtext = whole.group(1) if whole else ("bằng" if re.fullmatch(r"bằng \D+", mtext) else mtext)
                    m = re.fullmatch(rf"(tăng|giảm|bằng)\s+({recognise.NUM})%", mtext)
                    if mtext == "bằng":
                        change = Decimal(0)
                    elif not m:
                        return None
                    elif m.group(1) == "bằng":
                        ratio = recognise.parse.parse_number(m.group(2))
                    else:
                        change = recognise.parse.parse_number(m.group(2)) * (-1 if m.group(1) == "giảm" else 1)
                    spans.append((at, at + len(mtext), "{change}"))
                elif field_.startswith("t") and mtext.endswith("%"):
                    label = next((lb for lb in plan if marks.target_field(lb) == field_), None)
                    if label is None:
                        return None
                    targets.append(model.Target(label, recognise.parse.parse_number(plan[label])))
                    spans.append((at, at + len(mtext), f"{{percent{len(targets)}}}"))
            except ValueError:
                return None
        name = row.get("name", "")
        if not name:
            return None
        if actual is None and row.get("actual") and row["actual"] in text:  # a figure the marks missed
            at = text.index(row["actual"])
            if not any(a <= at < b for a, b, _ in spans):
                actual = recognise.parse.parse_number(row["actual"])
                spans.append((at, at + len(row["actual"]), "{actual}"))
        verb = next((v for k, (v, _) in line.element_spans.items() if k == f"{key}_{marks.VERB}"), "")
        ind = model.Indicator(
            name=name,
            unit=row.get("unit", ""),
            actual=actual,
            targets=tuple(targets),
            estimated=verb.startswith("ước"),
            growth=change,
            ratio=ratio,
            compare="ratio" if ratio is not None else "growth",
            sentence=recognise._template(text, spans),
        )
        if compute.indicator_sentence(ind) != text:
            return None
        if actual is not None and (change is not None or ratio is not None):
            previous = (
                recognise.back_value(actual, change + 100)
                if change is not None
                else recognise.back_value(actual, ratio)
            )
            with_previous = dataclasses.replace(ind, previous=previous)
            if previous is not None and compute.indicator_sentence(with_previous) == text:
                ind = with_previous
                derived["previous"] = (
                    f"tính ngược từ mức so với cùng kỳ và số thực hiện {line.marks.get(key + '_a', '')}"
                )
        plain = dataclasses.replace(ind, sentence="")
        if compute.indicator_sentence(plain) == text:
            ind = plain  # the standard wording after all
        return recognise.Recognised(ind, derived, figures)

    def hand_typed(self, found_marks: dict, record: bool = True) -> str:
        typed = [(k, v) for k, v in found_marks.items() if k in self.store and self.store[k] != v]
        if not typed:
            return ""
        if not record:
            return "typed"
        self.hand.extend(v for _, v in typed)
        return (
            "số gõ tay trong văn bản (chương trình đã sinh "
            + ", ".join(f'"{self.store[k]}"' for k, _ in typed)
            + f", văn bản ghi {', '.join(repr(v) for _, v in typed)})"
        )

    # ---------------------------------------------------------- appendix
    def appendix(self, blocks, tree: dict) -> None:
        tables = [b for k, b in blocks if k == "t"]
        if not blocks:
            if self.indicators:
                tree["indicator_table"] = "none"
            return
        if not tables:
            self.note("có đề mục PHỤ LỤC nhưng không có bảng: bỏ qua")
            return
        rows = [[_cell_text(tc) for tc in tr.findall(W + "tc")] for tr in tables[0].findall(W + "tr")]
        header = [c.lower() for c in rows[0]]

        def column(*words, compared=False):
            return next(
                (i for i, h in enumerate(header) if any(w in h for w in words) and h.startswith("so với") == compared),
                None,
            )

        col = {
            "name": column("chỉ tiêu", "nội dung"),
            "unit": column("đơn vị", "đvt"),
            "plan": column("kế hoạch", "dự toán", "kh"),
            "actual": column("thực hiện", "th"),
            "vs_previous": column("cùng kỳ", "năm", compared=True),
        }
        by_name = {i["name"].lower(): i for i in self.indicators}
        unmatched = []
        order = []
        for r in rows[1:]:
            if col["name"] is None or col["name"] >= len(r):
                continue
            name = re.sub(r"\s*\(so với [^)]*\)$", "", r[col["name"]]).strip()
            ind = by_name.get(name.lower())
            if ind is None:
                made = self.row_indicator(r, col, header, name)
                unmatched.append(name)
                order.append(made)
                continue
            order.append(ind)
            if col["unit"] is not None and col["unit"] < len(r) and r[col["unit"]] and "unit" not in ind:
                ind["unit"] = r[col["unit"]]
            plan = r[col["plan"]] if col["plan"] is not None and col["plan"] < len(r) else ""
            self.plan_values(ind, plan)
        if unmatched and all(order):  # rows only in the table: indicators of the table alone
            self.note(
                "chỉ tiêu chỉ có trong bảng phụ lục, ghi in_body: false ("
                + "; ".join(unmatched[:5])
                + (" …" if len(unmatched) > 5 else "")
                + ")"
            )
            unmatched = []
        if unmatched or not order:
            more = tree.setdefault("more_parts", [])
            head, body = rows[0], rows[1:]
            title = " ".join(" ".join(b.text.split()) for k, b in blocks if k == "p" and b.text.strip())
            more.append(
                {
                    "heading": layout.APPENDIX_TITLE,
                    "place": "after_tasks",
                    "paragraphs": [title] if title else [],
                    "table": {"header": head, "rows": [r + [""] * (len(head) - len(r)) for r in body]},
                }
            )
            tree["indicator_table"] = "none"
            self.note(
                "bảng phụ lục có dòng không đọc được thành chỉ tiêu ("
                + "; ".join(unmatched[:5])
                + "): giữ nguyên bảng trong more_parts (in trước phần ký) và indicator_table: none"
            )
            return
        rest = [i for i in self.indicators if i not in order]
        self.indicators[:] = order + rest
        tree.pop("indicator_table", None)

    def row_indicator(self, row: list, col: dict, header: list, name: str) -> dict | None:
        """An indicator from an appendix row alone: its actual figure, plan and comparison as written."""

        def cell(key):
            i = col.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        try:
            actual = recognise.parse.parse_number(cell("actual")) if cell("actual") else None
        except ValueError:
            return None
        if not name or actual is None:
            return None
        out: dict = {"id": _slug(name) or f"chi-tieu-{len(self.indicators) + 1}", "name": name}
        taken = {i.get("id") for i in self.indicators}
        base, n = out["id"], 1
        while out["id"] in taken:
            n += 1
            out["id"] = f"{base}-{n}"
        if cell("unit"):
            out["unit"] = cell("unit")
        out["actual"] = Raw(cell("actual"))
        plan = cell("plan")
        if plan:
            pairs = re.findall(rf"({recognise.NUM})\s*\(([^)]*)\)", plan)
            if not pairs and re.fullmatch(recognise.NUM, plan):
                pairs = [(plan, header[col["plan"]])]
            if not pairs:
                return None
            try:
                if any(not recognise.parse.parse_number(v) for v, _ in pairs):
                    return None
            except ValueError:
                return None
            out["targets"] = [{"label": label.strip(), "value": Raw(v)} for v, label in pairs]
        ratio = cell("vs_previous")
        if ratio:
            try:
                if recognise.parse.parse_number(ratio) <= 0:
                    return None
            except ValueError:
                return None
            out["ratio"] = Raw(ratio)
        out["in_body"] = Note(False, "chỉ có trong bảng phụ lục của văn bản")
        out["_model"] = model.Indicator(name=name, actual=actual)
        self.indicators.append(out)
        return out

    def marked_rows(self, blocks) -> dict:
        """Rows of our appendix by indicator key: name, unit, plan (ours only)."""
        out = {}
        for kind, tbl in blocks:
            if kind != "t" or not self.ours:
                continue
            for tr in tbl.findall(W + "tr"):
                cells = tr.findall(W + "tc")
                if len(cells) != 7:
                    continue
                keys = [
                    _ind_key({k: 1 for k in self.mark_spans(tc)})
                    or next((k.rsplit("_", 1)[0] for k in self.mark_spans(tc)), "")
                    for tc in cells
                ]
                key = next((k for k in keys if k), "")
                if key:
                    out[key] = {
                        "name": re.sub(r"\s*\(so với [^)]*\)$", "", _cell_text(cells[1])),
                        "unit": _cell_text(cells[2]),
                        "plan": _cell_text(cells[3]),
                        "actual": _cell_text(cells[4]),
                    }
        return out

    def plan_values(self, ind: dict, plan: str) -> None:
        """Targets read from the appendix's plan cell (`140,6 (dự toán thành phố)`) replace
        the values computed back, when they give the same percentage."""
        model_ind = ind["_model"]
        pairs = re.findall(rf"({recognise.NUM})\s*\(([^)]*)\)", plan)
        if not pairs and re.fullmatch(recognise.NUM, plan.strip()) and len(model_ind.targets) == 1:
            pairs = [(plan.strip(), model_ind.targets[0].label)]  # one plan, written without its name
        for value, label in pairs:
            for j, t in enumerate(model_ind.targets):
                if t.label == label.strip():
                    try:
                        v = recognise.parse.parse_number(value)
                    except ValueError:
                        continue
                    if (
                        model_ind.actual is not None
                        and v
                        and compute.percent(model_ind.actual, v) == compute.percent(model_ind.actual, t.value)
                    ):
                        ind["targets"][j]["value"] = Raw(value)

    # ---------------------------------------------------------- next period
    def next_period(self, tree: dict) -> None:
        period, nxt = self._period, None
        if period is not None and "period" in tree:
            nxt = vnformat.next_period(period)
            if nxt.kind == "last_three_months":
                nxt = model.Period("year", period.year)
                self.note("kỳ sau 9 tháng: chuyển sang báo cáo năm cùng năm")
            p = {"kind": nxt.kind, "year": nxt.year}
            if nxt.index:
                p["index"] = nxt.index
            tree["period"] = p
            tree.pop("title", None)
            self.note(f"kỳ mới: {vnformat.period_text(nxt, _PADDED_MONTHS)}")
        elif "review" in tree:
            self.note("sơ kết một văn bản: giữ review, hãy sửa năm (from, to) nếu cần")
        tree.pop("number", None)
        end = load._period_end(nxt) if period is not None else None
        tree["date"] = Comment(
            "date: ngày ban hành của kỳ mới, hãy điền" + (f" (kỳ mới kết thúc ngày {end:%d/%m/%Y})" if end else "")
        )
        self.note("lời văn (mở đầu, các mục, nhiệm vụ) là của kỳ trước: hãy viết lại cho kỳ mới")
        tree.pop("draft", None)
        for ind in self.indicators:
            m: model.Indicator = ind["_model"]
            for k in ("actual", "estimated", "previous", "growth", "ratio", "sentence"):
                ind.pop(k, None)
            if m.actual is not None:
                ind["previous"] = Note(Raw(vnformat.format_number(m.actual)), "số thực hiện kỳ trước")
            ind["actual"] = Comment("actual: số thực hiện kỳ này, hãy điền")
            if "targets" in ind:
                labels = [t["label"] for t in ind["targets"]]
                ind.pop("targets")
                ind["targets_note"] = Comment(
                    f"targets: kế hoạch kỳ này, hãy điền, ví dụ: targets: [{{label: {labels[0]}, value: …}}]"
                )
            if m.sentence:
                ind["sentence_note"] = Comment("câu của kỳ trước (số liệu sẽ đổi): " + m.sentence.replace("\n", " "))
        self.note("file kỳ sau: số thực hiện thành previous; actual, kế hoạch, date để trống cho văn thư điền")

    # ---------------------------------------------------------- writing
    def from_record(self, tree: dict) -> None:
        """Template, rule set, output name, part names as written and meeting, from the input
        record a document of ours carries (none of them is printed as such)."""
        src = self.source
        for key in ("template", "regulation", "output"):
            if src.get(key):
                tree[key] = str(src[key])
        names = src.get("parts") or ["", ""]
        for key, name in zip(("results", "tasks"), names):
            have = tree.get("parts", {}).get(key)
            if name and have and _upper(name) == _upper(have):
                tree["parts"][key] = name
        m = src.get("meeting")
        if isinstance(m, dict):
            meeting = {k: m[k] for k in ("name", "time", "place") if m.get(k)}
            if m.get("date"):
                meeting["date"] = Raw(m["date"])
            if m.get("chair"):
                meeting["chair"] = {"name": m["chair"][0], **({"title": m["chair"][1]} if m["chair"][1] else {})}
            for k in ("attendees", "conclusion"):
                if m.get(k):
                    meeting[k] = list(m[k])
            tree["meeting"] = Note(meeting, "hội nghị (cho tin bài), từ bản ghi đầu vào của văn bản")

    def finish(self, tree: dict, next_period: bool) -> Result:
        if self.source and not next_period:
            self.from_record(tree)
        ordered = {}
        for key in (
            "system",
            "regulation",
            "template",
            "draft",
            "output",
            "issuer",
            "number",
            "date",
            "period",
            "review",
            "title",
            "parts",
            "indicator_table",
            "opening",
            "indicators",
            "results_intro",
            "results",
            "assessment",
            "tasks",
            "more_parts",
            "closing",
            "signature",
            "recipients",
            "meeting",
        ):
            if key in tree:
                ordered[key] = tree[key]
        for ind in self.indicators:
            ind.pop("_model", None)
        if self.ours:
            self.notes.insert(
                0,
                "văn bản do report-drafter tạo (có dấu số liệu): dựng lại đầu vào từ văn bản, "
                "giữ mọi chỗ người dùng đã sửa",
            )
        if self.hand:
            self.note(f"{len(self.hand)} số gõ tay trong văn bản được giữ làm số liệu (xem chú thích)")
        head = [
            "Nhập từ " + self.path.name + " bằng report-drafter import" + (" --next-period" if next_period else ""),
            "Những gì đã nhận ra / cần xem lại:",
        ]
        head += ["- " + n for n in self.notes]
        text = dump(ordered, head)
        loaded = load.load_text(text, "<import>")
        stem = _stem(tree, self.path, next_period, self._period)
        return Result(text, self.notes, stem, loaded)


# ------------------------------------------------------------------ helpers


def _marked(p, text: str) -> str:
    """`text` with `**bold**` / `*italic*` around the runs that are so, when only some are
    (a paragraph all in one face is plain text); "" when the marks would not read back."""
    runs = [(t, f.bold, f.italic) for t, f in p.runs if t]
    faces = {(b, i) for t, b, i in runs if t.strip()}
    if len(faces) <= 1 or any("*" in t for t, _, _ in runs):
        return ""
    groups: list = []
    for t, b, i in runs:
        if groups and (groups[-1][1], groups[-1][2]) == (b, i):
            groups[-1][0] += t
        else:
            groups.append([t, b, i])
    out = []
    for t, b, i in groups:
        core = t.strip()
        if not core or not (b or i):
            out.append(t)
            continue
        mark = "***" if b and i else "**" if b else "*"
        out.append(t[: len(t) - len(t.lstrip())] + mark + core + mark + t[len(t.rstrip()) :])
    marked = " ".join(unicodedata.normalize("NFC", "".join(out)).split())
    back = vnformat.parse_inline(marked)
    if "".join(r["text"] for r in back) != text:
        return ""
    return marked


def _short(text: str, size: int = 70) -> str:
    return text if len(text) <= size else text[:size].rstrip() + "…"


def _upper(text: str) -> str:
    return vnformat.upper_vi(" ".join(text.split()))


def _all_bold(p) -> bool:
    fmts = p.formats()
    return bool(fmts) and all(f.bold for f in fmts)


def _cell_text(tc) -> str:
    return " ".join(" ".join(docxread._text(p).split()) for p in tc.iter(W + "p")).strip()


def _is_signoff(tbl) -> bool:
    return "Nơi nhận" in docxread._text(tbl)


def _is_closing(ln: Line) -> bool:
    return ln.kind == "text" and ln.text.lower().startswith(("trên đây là", "trên đây,"))


def _ind_key(found: dict) -> str:
    for k in found:
        for suffix in (
            "_" + marks.ACTUAL,
            "_" + marks.VERB,
            "_" + marks.CHANGE,
            "_" + marks.BARE,
            "_" + marks.CHANGE_WORDS,
        ):
            if k.endswith(suffix):
                return k[: -len(suffix)]
    return ""


def _slug(name: str) -> str:
    from report_drafter.files.writing import ascii_slug

    return "-".join(ascii_slug(name).split("-")[:5])[:24].strip("-")


def _stem(tree: dict, path: Path, next_period: bool, period) -> str:
    if not next_period or period is None:
        return path.stem
    from report_drafter.files import writing as output

    nxt = vnformat.next_period(period)
    if nxt.kind == "last_three_months":
        nxt = model.Period("year", period.year)
    name = tree["issuer"].get("name")
    name = name.value if isinstance(name, Note) else name
    return output.default_stem(str(name), nxt.kind, nxt.index, nxt.year)


# ------------------------------------------------------------------ command line


def run_cli(args) -> int:
    """`report-drafter import FILE.docx [-o FILE.yaml] [--force] [--next-period]`."""
    import sys

    from report_drafter.files import writing as output

    src = Path(args.file)
    if not src.is_file():
        print(f"{src}: không có tệp này; hãy kiểm tra đường dẫn", file=sys.stderr)
        return 2
    try:
        result = import_path(src, args.next_period)
    except ImportFailure as exc:
        print(str(exc), file=sys.stderr)
        return 1
    target = Path(args.output) if args.output else src.with_name(result.stem + ".yaml")
    if target.suffix.lower() == ".docx":
        print(f"{target}: tệp ghi ra là tệp YAML; hãy đặt tên đuôi .yaml", file=sys.stderr)
        return 2
    try:
        output.check_target(target)  # never through a link, onto a folder or a device
    except output.OutputPathError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if target.exists() and not args.force:
        print(f"{target}: tệp đã có; thêm --force để ghi đè, hoặc chọn tên khác bằng -o", file=sys.stderr)
        return 1
    try:
        if target.exists():
            print(f"Tệp cũ được chép vào {output.backup(target)}")
        target.parent.mkdir(parents=True, exist_ok=True)
        output.write_atomic(target, result.yaml.encode("utf-8"))
    except OSError as exc:
        print(f"{target}: không ghi được ({exc.strerror or exc}); hãy kiểm tra thư mục và quyền ghi", file=sys.stderr)
        return 1
    print(f"Đã nhập {src} → {target}")
    for note in result.notes:
        print("  - " + note)
    loaded = result.loaded
    if loaded is not None and not loaded.ok:
        errors = [p for p in loaded.problems if p.is_error]
        print(f"Tệp YAML còn {len(errors)} chỗ cần điền hoặc sửa trước khi render (report-drafter validate {target}):")
        for p in errors[:20]:
            print("  " + p.format().replace("<import>", str(target)))
        return 0 if args.next_period else 1
    return 0
