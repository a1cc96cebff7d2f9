"""`update`: bring the input into a document people have edited, and keep every edit.

The input is rendered afresh and its blocks (paragraphs; tables row by row, cell by cell)
are lined up with the blocks `render` recorded and with the document's (`_Merge`): blocks
the people left alone (moved or copied too) take the fresh ones, new blocks go in where
their neighbours are untouched, removed untouched ones go out; edited blocks keep their
words and format and are listed with the input's new text when it changed. Inside edited
blocks every figure mark (marks.py, whole phrases) is compared with the value recorded at
generation: untouched figures take the new value in place (the run keeps its formatting),
figures typed over by hand are kept and listed (replaced with `force`), gone and new ones
listed with the text to paste; a mark that is not whole is never written into. With
`track_changes` each replacement is a Word revision (`w:del` + `w:ins`, author
report-drafter). Only `word/document.xml` and the custom properties are rewritten; every
other part is copied as it is.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from report_drafter.docx import blocks, package
from report_drafter.errors import UserError
from report_drafter.ooxml import DOCUMENT_PART, W
from report_drafter.rules.book import APPENDIX_FIELDS as _FIELDS
from report_drafter.text import marks
from report_drafter.text.marks import FigureStatus

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
AUTHOR = "report-drafter"


@dataclass
class Figure:
    """What became of one figure."""

    key: str
    status: FigureStatus
    new: str = ""  # the value from the input
    found: str = ""  # the text in the document before the update
    where: str = ""  # the sentence, table cell or line the figure belongs to

    def as_dict(self) -> dict:
        return {"mark": self.key, "status": str(self.status), "new": self.new, "found": self.found, "where": self.where}


@dataclass
class Result:
    data: bytes | None  # the updated document; None when nothing changed
    figures: list[Figure] = field(default_factory=list)

    def count(self, status: FigureStatus) -> int:
        return sum(1 for f in self.figures if f.status == status)

    @property
    def complete(self) -> bool:
        """Every figure of the input is in the document with its new value."""
        return all(f.status in marks.PLACED for f in self.figures)


def locations(context: dict) -> dict[str, str]:
    """For each mark of `context`, the text a reader finds it in (to paste it back)."""
    where: dict[str, str] = {}
    header = context.get("header", {})
    for name, line in (("number_runs", "number_line"), ("date_runs", "date_line")):
        for run in header.get(name, []):
            if run.get("mark"):
                where[run["mark"]] = header.get(line, "")
    for para in [*context.get("opening", []), *context.get("body", [])]:
        sentence = "".join(r["text"] for r in para["runs"])
        for run in para["runs"]:
            if run.get("mark"):
                where[run["mark"]] = sentence
    appendix = context.get("appendix", {})
    columns = appendix.get("columns", [])
    for row in appendix.get("rows", []):
        for name, runs in row.get("runs", {}).items():
            column = columns[_FIELDS.index(name)] if len(columns) == len(_FIELDS) else name
            for run in runs:
                if run.get("mark"):
                    where[run["mark"]] = f"Phụ lục, dòng {row['no']} ({row['name']}), cột {column}: {run['text']}"
    return where


def update_document(
    members,
    contents: dict[str, bytes],
    new_values: dict[str, str],
    where: dict[str, str],
    force: bool = False,
    track_changes: bool = False,
    when: datetime | None = None,
    name: str = "văn bản",
    fresh: dict[str, bytes] | None = None,
) -> Result:
    """The document (`package.read_members`) brought to the input: blocks a person left
    alone take the fresh render's (`fresh`: its parts), every other figure mark is set to
    `new_values[key]` where allowed. Without `fresh` (or for a document made before blocks
    were recorded) only the figures are updated."""
    props = package.properties(contents)
    stored = marks.read_store(props)
    if stored is None or DOCUMENT_PART not in contents:
        raise UserError(
            f"{name} không có dấu số liệu của report-drafter (không do report-drafter tạo, "
            f"hoặc tạo bằng phiên bản cũ); hãy tạo lại bằng render"
        )
    data = contents[DOCUMENT_PART]
    if blocks.too_large(data):
        raise UserError(
            f"{name} quá lớn để cập nhật (phần văn bản {len(data) // 1_000_000} MB, "
            f"{data.count(b'<w:p')} đoạn); hãy kiểm tra tệp hoặc tạo lại bằng render"
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UserError(
            f"{name}: phần văn bản (word/document.xml) hỏng, không đọc được ({exc.msg}); "
            f"hãy mở và lưu lại trong Word, hoặc tạo lại bằng render"
        ) from None
    body = root.find(W + "body")
    if body is None:
        raise UserError(f"{name}: không có thân văn bản (w:body); hãy tạo lại bằng render")
    revisions = _Revisions(root, when) if track_changes else None
    old_blocks = marks.read_store(props, blocks.STORE_PROPERTY, raw=True)
    merge = None
    if fresh is not None and _well_formed(old_blocks):
        new_body = etree.fromstring(fresh[DOCUMENT_PART], _PARSER).find(W + "body")
        merge = _Merge(
            body, new_body, old_blocks, revisions, style_map(fresh.get(STYLES_PART), contents.get(STYLES_PART))
        )
        merge.run()
    figures: list[Figure] = list(merge.findings) if merge else []
    changed = bool(merge and merge.changed)
    seen = _Seen()
    if merge:
        for key in merge.placed:
            seen.add(key)
            new, old = new_values.get(key), stored.get(key)
            if new is not None:
                status = FigureStatus.UNCHANGED if old == new else FigureStatus.UPDATED
                figures.append(Figure(key, status, new, old or "", where.get(key, "")))
    skip = merge.fresh if merge else set()
    for p in body.iter(blocks.P):
        if id(p) in skip:
            continue
        found, broken = blocks.paragraph_marks(p)
        for mark in found:
            key = _resolve(mark.key, new_values, stored)
            seen.add(key)
            new, old, text = new_values.get(key), stored.get(key), mark.text
            status = _status(new, old, text, force)
            if status in (FigureStatus.UPDATED, FigureStatus.FORCED):
                _replace(mark, new, revisions)
                changed = True
            figures.append(Figure(key, status, new or "", text, where.get(key, "")))
        for bad in broken:
            _broken(bad, new_values, stored, where, seen, figures)
    for bad in blocks.stray_marks(body):
        _broken(bad, new_values, stored, where, seen, figures)
    for key, new in new_values.items():
        if key not in seen:
            status = FigureStatus.NEW if key not in stored else FigureStatus.GONE
            figures.append(Figure(key, status, new, "", where.get(key, "")))
    record = dict(new_values)
    record.update({k: v for k, v in stored.items() if k not in new_values and k in seen})
    new_props = marks.store_properties(record)
    if merge:
        new_props += marks.store_properties(
            marks.read_store(package.properties(fresh), blocks.STORE_PROPERTY, raw=True), blocks.STORE_PROPERTY
        )
    if record != stored or (merge and merge.record_changed(props, fresh)):
        changed = True
    if not changed:
        return Result(None, figures)
    parts = {DOCUMENT_PART: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
    if package.CUSTOM_PART in contents:
        custom = contents[package.CUSTOM_PART]
        for prefix in (marks.STORE_PROPERTY, blocks.STORE_PROPERTY):
            custom = package.add_properties(custom, [], remove_prefix=prefix)
        if merge:  # the fresh render's digests: the blocks a person edited still read as edited
            fresh_props = package.properties(fresh)
            keep = [
                (k, fresh_props[k])
                for k in (package.CONTENT_PROPERTY, package.FINGERPRINT_PROPERTY, blocks.FORMAT_PROPERTY)
                if k in fresh_props
            ]
            for name, _ in keep:
                custom = package.add_properties(custom, [], remove_prefix=name)
            new_props = keep + new_props
        parts[package.CUSTOM_PART] = package.add_properties(custom, new_props)
    out = io.BytesIO()
    package.write_zip(
        [package.member_from_bytes(m.name, parts[m.name]) if m.name in parts else m for m in members], out
    )
    return Result(out.getvalue(), figures)


STYLES_PART = "word/styles.xml"
PARTS = frozenset((*package.STATE_PARTS, STYLES_PART))  # what `update_document` reads
_STYLE = re.compile(r'<w:style\b[^>]*?\bw:styleId="([^"]*)"[^>]*>\s*<w:name w:val="([^"]*)"')


def style_map(fresh: bytes | None, document: bytes | None) -> dict[str, str]:
    """The fresh render's style ids that the document names otherwise (matched by style name)."""
    if not fresh or not document:
        return {}
    theirs = {name: sid for sid, name in _STYLE.findall(document.decode("utf-8", "replace"))}
    ours = _STYLE.findall(fresh.decode("utf-8", "replace"))
    known = set(theirs.values())
    return {sid: theirs[name] for sid, name in ours if sid not in known and name in theirs}


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
_COPY = re.compile(r"(?:_\d+| Copy \d+)$")


def _well_formed(record, depth: int = 0) -> bool:
    """A blocks record as `blocks.record` writes it (a forged one is ignored: figures only)."""
    if not isinstance(record, list) or depth > 2:
        return False
    for item in record:
        if isinstance(item, str):
            continue
        if not (
            isinstance(item, list)
            and 2 <= len(item) <= 3
            and isinstance(item[0], str)
            and _well_formed(item[1], depth + 1)
            and (len(item) == 2 or isinstance(item[2], list) and all(type(n) is int for n in item[2]))
        ):
            return False
    return True


def _resolve(key: str, new_values: dict, stored: dict) -> str:
    """The mark a bookmark name stands for: its own, or, for a copy Word or LibreOffice
    renamed (`… Copy 1`, `…_1`), the mark it was copied from."""
    base = key
    while base not in new_values and base not in stored:
        shorter = _COPY.sub("", base)
        if shorter == base:
            return key
        base = shorter
    return base


def _broken(name: str, new_values: dict, stored: dict, where: dict, seen: _Seen, figures: list) -> None:
    """A mark whose bookmark is not whole (no end, an end elsewhere, across another): never
    written into; told once per figure however many broken bookmarks name it."""
    key = _resolve(marks.key_of(name) or name, new_values, stored)
    known = key in new_values or key in stored
    if f"!{key}" in seen or (not known and seen.unknown >= 20):
        return  # a forged document's thousands of unknown marks: a few are enough
    seen.update((key, f"!{key}") if known else (f"!{key}",))
    seen.unknown += not known
    key = key[: marks.MAX_NAME]
    figures.append(Figure(key, FigureStatus.HAND, new_values.get(key, ""), BROKEN, where.get(key, "")))


BROKEN = "(dấu số liệu bị hỏng: đã sửa tay)"


class _Seen(set):
    """Mark keys met in the document; `unknown` counts broken marks the input does not know."""

    unknown = 0


def _status(new, old, text: str, force: bool) -> FigureStatus:
    if new is None:
        return FigureStatus.DROPPED
    if text == new:
        return FigureStatus.UNCHANGED
    if old is not None and text == old:
        return FigureStatus.UPDATED
    return FigureStatus.FORCED if force else FigureStatus.HAND


class _Merge:
    """Blocks a person left alone take the fresh render's; the rest is listed.

    The recorded digests of what was generated (`old`) are aligned with the document's
    blocks (what the person left alone, moved or copied) and with the fresh render's
    (what the input changed). A changed stretch whose blocks are all untouched and side
    by side is replaced by the fresh stretch; a new block goes in where its neighbours
    are untouched; anything else is left as the person wrote it and listed. A table the
    person edited is merged the same way row by row, and a row cell paragraph by cell
    paragraph when it keeps its shape.
    """

    def __init__(self, body, new_body, old: list, revisions, styles: dict | None = None):
        self.body, self.new_body, self.old, self.revisions = body, new_body, old, revisions
        self.styles = styles or {}  # the fresh render's style ids → the document's
        self.fresh: set[int] = set()  # ids of paragraphs that now hold the fresh render's text
        self.placed: list[str] = []  # mark keys that arrived with fresh blocks
        self.findings: list[Figure] = []
        self.changed = False
        self._alive: list = []

    def record_changed(self, props: dict, fresh: dict) -> bool:
        mine = marks.read_store(props, blocks.STORE_PROPERTY, raw=True)
        return mine != marks.read_store(package.properties(fresh), blocks.STORE_PROPERTY, raw=True)

    def run(self) -> None:
        self._sequence(self.old, blocks.units(self.body), blocks.units(self.new_body))

    def _sequence(self, old: list, doc: list, new: list) -> None:
        """Merge one sequence of blocks: the body's, or a table's rows."""
        h_old = [blocks.entry_digest(e) for e in old]
        h_doc = [blocks.block_digest(u) for u in doc]
        h_new = [blocks.block_digest(u) for u in new]
        doc_of_old: dict[int, int] = {}
        for a, b, size in difflib.SequenceMatcher(None, h_old, h_doc, autojunk=False).get_matching_blocks():
            for k in range(size):
                doc_of_old[a + k] = b + k
        matched = set(doc_of_old.values())
        first_old: dict[str, int] = {}
        for i, h in enumerate(h_old):
            first_old.setdefault(h, i)
        for d, h in enumerate(h_doc):  # a block moved elsewhere is still untouched
            i = first_old.get(h)
            if d not in matched and i is not None and i not in doc_of_old:
                doc_of_old[i] = d
                matched.add(d)
        # an edited table (or row) is known by its place among the edited ones of its kind
        edited_of_old: dict[int, int] = {}
        olds = [i for i, e in enumerate(old) if i not in doc_of_old and isinstance(e, list)]
        docs = [d for d, u in enumerate(doc) if d not in matched and u.tag in (blocks.TBL, W + "tr")]
        if olds and len(olds) == len(docs):
            edited_of_old.update(zip(olds, docs))
        pair: dict[int, int] = {}
        dropped: set[int] = set()  # old blocks in a stretch the input changed
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, h_old, h_new, autojunk=False).get_opcodes():
            if tag == "equal":
                pair.update({i1 + k: j1 + k for k in range(i2 - i1)})
                continue
            dropped.update(range(i1, i2))
            olds, news = list(range(i1, i2)), list(range(j1, j2))
            docs = [doc_of_old.get(i) for i in olds]
            if (
                olds
                and None not in docs
                and docs == list(range(docs[0], docs[0] + len(docs)))
                and self.revisions is None
            ):
                self._swap_run([doc[d] for d in docs], [new[j] for j in news])
                pair.update(zip(olds, news))
                continue
            if not olds:
                rows = new[j1].tag == W + "tr"  # a new row may sit beside an edited one
                self._insert(
                    i1,
                    [new[j] for j in news],
                    doc,
                    {**edited_of_old, **doc_of_old} if rows else doc_of_old,
                    len(h_old),
                    new,
                    j1,
                )
                continue
            placed: dict[int, object] = {}  # new index → the document's block that now holds it
            paired = self._pairs(olds, news, old, doc, doc_of_old, new)
            for i, j in paired:
                pair[i] = j
                d = doc_of_old.get(i)
                if d is not None:
                    self._swap(doc, d, new[j], old[i])
                    placed[j] = doc[d]
                elif i in edited_of_old and doc[edited_of_old[i]].tag == new[j].tag:
                    self._inside(old[i], doc[edited_of_old[i]], new[j])
                    if new[j].tag == W + "tr":  # a new row may follow an edited one
                        placed[j] = doc[edited_of_old[i]]
                else:
                    self._conflict(old[i], new[j])
            taken_old = {i for i, _ in paired}
            for i in olds:
                d = doc_of_old.get(i)
                if i in taken_old:
                    continue
                if d is not None:
                    self._remove(doc[d])
                elif not isinstance(old[i], list) or doc and doc[0].tag != W + "tr":
                    self._left(i1, i2, doc, doc_of_old, matched)
            taken_new = {j for _, j in paired}
            for j in news:
                if j in taken_new:
                    continue
                anchor = placed.get(j - 1)
                before = doc_of_old.get(i1 - 1, edited_of_old.get(i1 - 1) if new[j].tag == W + "tr" else None)
                if anchor is None and j == j1 and i1 > 0 and before is not None:
                    anchor = doc[before]
                if (
                    anchor is None
                    or anchor.getparent() is None
                    or (self.revisions is not None and new[j].tag == blocks.TBL)
                ):
                    self._listed(new[j], new, j, FigureStatus.TEXT_NEW)
                    continue
                twin = self._fresh_copy(new[j], inserted=True)
                anchor.addnext(twin)
                placed[j] = twin
                if twin.tag != W + "tr":
                    self.findings.append(
                        Figure("¶", FigureStatus.TEXT_INSERTED, _plain(new[j]), "", self._where(new, j))
                    )
                self.changed = True
        for d, h in enumerate(h_doc):  # copies of a generated block take its new text
            i = first_old.get(h)
            if d in matched or i is None:
                continue
            if pair.get(i) is None:
                if i in dropped:  # … or go with it when the input dropped it
                    self._remove(doc[d])
                continue
            if h_new[pair[i]] != h:
                self._swap(doc, d, new[pair[i]], old[i])

    @staticmethod
    def _pairs(olds: list, news: list, old: list, doc: list, doc_of_old: dict, new: list) -> list:
        """Which old block became which new one inside a changed stretch: an indicator's
        sentence by its marks, then blocks of one kind (paragraph, table, row) in order."""

        def indicators(el) -> set:
            if el.tag == blocks.TBL:
                return set()
            return {m.key.rsplit("_", 1)[0] for p in el.iter(blocks.P) for m in blocks.paragraph_marks(p)[0]}

        def kind_old(i):
            return "list" if isinstance(old[i], list) else "p"

        def kind_new(j):
            return "list" if new[j].tag in (blocks.TBL, W + "tr") else "p"

        free = list(news)
        keys = {j: indicators(new[j]) for j in news}
        pairs, rest = [], []
        for i in olds:
            d = doc_of_old.get(i)
            mine = indicators(doc[d]) if d is not None else set()
            j = next((j for j in free if mine and keys[j] & mine), None)
            if j is None:
                rest.append(i)
            else:
                pairs.append((i, j))
                free.remove(j)
        for i in rest:
            j = next(
                (j for j in free if kind_new(j) == kind_old(i) and not (keys[j] and doc_of_old.get(i) is not None)),
                None,
            )
            if j is not None:
                pairs.append((i, j))
                free.remove(j)
        return sorted(pairs, key=lambda p: p[1])

    # ----------------------------------------------------------------- the edits
    def _swap_run(self, doc_els: list, new_els: list) -> None:
        """Replace side-by-side untouched blocks by the fresh ones."""
        anchor = doc_els[0]
        for el in new_els:
            anchor.addprevious(self._fresh_copy(el))
            if el.tag != W + "tr":
                self.findings.append(Figure("¶", FigureStatus.TEXT_UPDATED, _plain(el), "", ""))
        for el in doc_els:
            el.getparent().remove(el)
        self.changed = True

    def _swap(self, doc: list, d: int, new_el, old_entry) -> None:
        """One untouched block (`doc[d]`) takes the fresh render's."""
        doc_el = doc[d]
        if _same(doc_el, new_el):
            return
        if new_el.tag != W + "tr" and (self.revisions is None or doc_el.tag == new_el.tag):
            self.findings.append(Figure("¶", FigureStatus.TEXT_UPDATED, _plain(new_el), _plain(doc_el), ""))
        if self.revisions is None or doc_el.tag != new_el.tag:
            if self.revisions is not None:
                self._conflict(old_entry, new_el)
                return
            doc[d] = self._fresh_copy(new_el)
            doc_el.addprevious(doc[d])
            doc_el.getparent().remove(doc_el)
        elif doc_el.tag == blocks.P:
            self._tracked_paragraph(doc_el, new_el)
        elif doc_el.tag == W + "tr" and blocks.shape_of_row(doc_el) != blocks.shape_of_row(new_el):
            doc_el.addnext(self._fresh_copy(new_el, inserted=True))  # the row deleted, the new one inserted
            self._remove(doc_el)
        else:  # a table or a row, as revisions: row by row, paragraph by paragraph
            self._inside(blocks.entry(doc_el), doc_el, new_el)
        self.changed = True

    def _inside(self, old_entry, doc_el, new_el) -> None:
        """A table or row the person edited (or, with revisions, any changed one): merged
        row by row, then paragraph by paragraph where the row keeps its shape."""
        if not isinstance(old_entry, list) or len(old_entry) < 2 or not isinstance(old_entry[1], list):
            self._conflict(old_entry, new_el)
            return
        if doc_el.tag == blocks.TBL:
            self._sequence(old_entry[1], blocks.rows(doc_el), blocks.rows(new_el))
            return
        doc_ps, new_ps, old_ps = blocks.row_paragraphs(doc_el), blocks.row_paragraphs(new_el), old_entry[1]
        if not (len(doc_ps) == len(new_ps) == len(old_ps)):
            self._cells(old_entry, doc_el, new_el)
            return
        self._paragraphs(old_ps, doc_ps, new_ps)

    def _cells(self, old_entry, doc_tr, new_tr) -> None:
        """A row whose cells changed their number of paragraphs (recipients added…): each
        cell the person left alone takes the fresh one's paragraphs; an edited one is kept."""
        counts = old_entry[2] if len(old_entry) > 2 and isinstance(old_entry[2], list) else None
        doc_cells, new_cells = blocks.cells(doc_tr), blocks.cells(new_tr)
        if counts is None or not (len(counts) == len(doc_cells) == len(new_cells)) or sum(counts) != len(old_entry[1]):
            self._conflict(old_entry, new_tr)
            return
        at = 0
        for count, dc, nc in zip(counts, doc_cells, new_cells):
            old_ps, at = old_entry[1][at : at + count], at + count
            dps, nps = list(dc.iter(blocks.P)), list(nc.iter(blocks.P))
            if len(dps) == len(nps) and all(_same(a, b) for a, b in zip(dps, nps)):
                continue
            untouched = len(dps) == count and all(
                blocks.paragraph_digest(a) == blocks.entry_digest(o) for a, o in zip(dps, old_ps)
            )
            if untouched:
                self._take_cell(dps, nps)
            elif len(dps) == len(nps) == count:
                self._paragraphs(old_ps, dps, nps)
            else:
                self.findings.append(Figure("¶", FigureStatus.TEXT_KEPT, _plain(nc), "", ""))

    def _take_cell(self, dps: list, nps: list) -> None:
        """An untouched cell takes the fresh cell's paragraphs (as revisions with `track_changes`)."""
        if self.revisions is None:
            for b in nps:
                dps[0].addprevious(self._fresh_copy(b))
            for a in dps:
                a.getparent().remove(a)
            self.changed = True
            return
        for a, b in zip(dps, nps):
            if not _same(a, b):
                self._tracked_paragraph(a, b)
        for a in dps[len(nps) :]:
            _drop_marks(a)
            self._wrap_runs(a, "del")
            self._paragraph_mark(a, "del")
        anchor = dps[-1]
        for b in nps[len(dps) :]:
            twin = self._fresh_copy(b, inserted=True)
            self._paragraph_mark(twin, "ins")
            anchor.addnext(twin)
            anchor = twin
        self.changed = True

    def _paragraphs(self, old_ps: list, doc_ps: list, new_ps: list) -> None:
        for old, a, b in zip(old_ps, doc_ps, new_ps):
            if _same(a, b):
                continue
            if blocks.paragraph_digest(a) == blocks.entry_digest(old):
                if self.revisions is not None:
                    self._tracked_paragraph(a, b)
                else:
                    a.addprevious(self._fresh_copy(b))
                    a.getparent().remove(a)
                self.changed = True
            else:
                self._conflict(old, b)

    def _fresh_copy(self, el, inserted: bool = False):
        twin = self._copy(el)
        if self.revisions is not None and inserted:
            for p in twin.iter(blocks.P):
                self._wrap_runs(p, "ins")
            if twin.tag == W + "tr":
                self._row_mark(twin, "ins")
        for p in twin.iter(blocks.P):
            self._mark_fresh(p)
        return twin

    def _copy(self, el):
        """A copy of a fresh block, its styles named as the document names them (LibreOffice
        renames the template's style ids when it saves)."""
        twin = copy.deepcopy(el)
        if self.styles:
            for node in twin.iter(W + "pStyle", W + "rStyle", W + "tblStyle"):
                value = node.get(W + "val")
                if value in self.styles:
                    node.set(W + "val", self.styles[value])
        return twin

    def _mark_fresh(self, p) -> None:
        """`p` now holds the fresh render's text: its marks are placed, the figure pass skips it."""
        if id(p) not in self.fresh:
            self._alive.append(p)  # keeps the proxy (and so its id) alive
            self.fresh.add(id(p))
            self.placed.extend(m.key for m in blocks.paragraph_marks(p)[0])

    def _insert(self, at: int, els: list, doc: list, doc_of_old: dict, size: int, new: list, j1: int) -> None:
        """New blocks of the input: inserted where both neighbours are untouched, else listed."""
        before = doc_of_old.get(at - 1) if at > 0 else None
        after = doc_of_old.get(at) if at < size else None
        ok = (
            (at == 0 or before is not None)
            and (at == size or after is not None)
            and (before is None or after is None or after == before + 1)
            and (before is not None or after is not None)
        )
        if not ok or (self.revisions is not None and any(el.tag == blocks.TBL for el in els)):
            for k in range(len(els)):
                self._listed(els[k], new, j1 + k, FigureStatus.TEXT_NEW)
            return
        if before is not None and doc[before].getparent() is not None:
            anchor = doc[before]
            for el in reversed(els):
                anchor.addnext(self._fresh_copy(el, inserted=True))
        elif after is not None and doc[after].getparent() is not None:
            anchor = doc[after]
            for el in els:
                anchor.addprevious(self._fresh_copy(el, inserted=True))
        else:
            for k in range(len(els)):
                self._listed(els[k], new, j1 + k, FigureStatus.TEXT_NEW)
            return
        for k, el in enumerate(els):
            if el.tag != W + "tr":
                self.findings.append(Figure("¶", FigureStatus.TEXT_INSERTED, _plain(el), "", self._where(new, j1 + k)))
        self.changed = True

    def _remove(self, el) -> None:
        """An untouched block the input no longer has."""
        if el.tag != W + "tr":
            self.findings.append(Figure("¶", FigureStatus.TEXT_REMOVED, "", _plain(el), ""))
        if self.revisions is not None:
            for p in el.iter(blocks.P):
                _drop_marks(p)
                self._wrap_runs(p, "del")
            if el.tag == W + "tr":
                self._row_mark(el, "del")
            elif el.tag == blocks.TBL:
                for tr in blocks.rows(el):
                    self._row_mark(tr, "del")
            else:
                self._paragraph_mark(el, "del")
        else:
            el.getparent().remove(el)
        self.changed = True

    def _paragraph_mark(self, p, kind: str) -> None:
        ppr = p.find(W + "pPr")
        if ppr is None:
            ppr = etree.Element(W + "pPr")
            p.insert(0, ppr)
        rpr = ppr.find(W + "rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, W + "rPr")
        rpr.append(self.revisions.element(kind))

    def _row_mark(self, tr, kind: str) -> None:
        trpr = tr.find(W + "trPr")
        if trpr is None:
            trpr = etree.Element(W + "trPr")
            tr.insert(0 if tr.find(W + "tblPrEx") is None else 1, trpr)
        trpr.append(self.revisions.element(kind))

    def _conflict(self, old_entry, new_el) -> None:
        """A block the person edited (or deleted) whose input text changed: kept, listed;
        its figures are updated one by one when its wording around them is the input's."""
        if new_el.tag == blocks.P and not isinstance(old_entry, list):
            sig = blocks.signature(new_el)
            if "/" in sig and "/" in str(old_entry) and sig.split("/")[1] == str(old_entry).split("/")[1]:
                return
        self.findings.append(Figure("¶", FigureStatus.TEXT_KEPT, _plain(new_el), "", ""))

    def _tracked_paragraph(self, doc_p, new_p) -> None:
        """`doc_p` takes `new_p`'s runs as Word revisions: its own runs deleted, the new inserted."""
        _drop_marks(doc_p)
        self._wrap_runs(doc_p, "del")
        twin = self._copy(new_p)
        self._wrap_runs(twin, "ins")
        for child in list(twin):
            if child.tag != W + "pPr":
                doc_p.append(child)
        self._mark_fresh(doc_p)
        self.changed = True

    def _wrap_runs(self, p, kind: str) -> None:
        """Each live run of `p` (not inside a deletion) in its own `w:del` or `w:ins`."""
        for run in [r for r in p.iter(W + "r") if not any(a.tag == W + "del" for a in r.iterancestors())]:
            if kind == "ins" and any(a.tag == W + "ins" for a in run.iterancestors()):
                continue
            wrapper = self.revisions.element(kind)
            run.addprevious(wrapper)
            wrapper.append(run)
            if kind == "del":
                for t in run.iter(W + "t"):
                    t.tag = W + "delText"

    def _left(self, i1: int, i2: int, doc: list, doc_of_old: dict, matched: set) -> None:
        """A block the person edited that the input no longer has: kept, listed with the
        edited blocks found where it stood."""
        low = doc_of_old.get(i1 - 1, -1) if i1 > 0 else -1
        high = doc_of_old.get(i2, len(doc))
        around = [_plain(doc[d]) for d in range(low + 1, min(high, len(doc))) if d not in matched]
        self.findings.append(Figure("¶", FigureStatus.TEXT_LEFT, "", " / ".join(_short(t) for t in around), ""))

    def _listed(self, el, new: list, j: int, status: FigureStatus) -> None:
        if el.tag == W + "tr":
            return  # a new row's figures are listed one by one
        self.findings.append(Figure("¶", status, _plain(el), "", self._where(new, j)))

    def _where(self, new: list, j: int) -> str:
        before = next((_plain(new[k]) for k in range(j - 1, -1, -1) if _plain(new[k])), "")
        return f"sau đoạn «{_short(before)}»" if before else "ở đầu văn bản"


def _same(a, b) -> bool:
    """Two blocks that read the same and hold the same marks."""

    def names(el):
        return [
            m.get(W + "name") for m in el.iter(W + "bookmarkStart") if m.get(W + "name", "").startswith(marks.PREFIX)
        ]

    return a.tag == b.tag and blocks.block_digest(a) == blocks.block_digest(b) and names(a) == names(b)


def _drop_marks(p) -> None:
    """Take the figure marks out of a paragraph whose text is deleted as a revision."""
    ids = {el.get(W + "id") for el in p.iter(W + "bookmarkStart") if el.get(W + "name", "").startswith(marks.PREFIX)}
    for el in list(p.iter(W + "bookmarkStart", W + "bookmarkEnd")):
        if el.get(W + "id") in ids:
            el.getparent().remove(el)


def _plain(el) -> str:
    """A block's text as a person reads it (a table's cells separated by ` | `)."""
    if el.tag == blocks.P:
        return blocks.text(el).replace("\0", "")
    return " | ".join(blocks.text(p).replace("\0", "") for p in el.iter(blocks.P) if blocks.text(p))


def _short(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


_ID = re.compile(r"-?[0-9]{1,12}")  # an id Word could have written ("²" and 5,000 digits are not)


class _Revisions:
    """Numbering and stamping of tracked changes for one document."""

    def __init__(self, root, when: datetime | None):
        ids = (el.get(W + "id") for el in root.iter() if el.get(W + "id") is not None)
        self.next_id = max((int(v) for v in ids if _ID.fullmatch(v)), default=0) + 1
        self.date = (when or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def element(self, tag: str):
        el = etree.Element(W + tag, {W + "id": str(self.next_id), W + "author": AUTHOR, W + "date": self.date})
        self.next_id += 1
        return el


def _replace(mark, new: str, revisions: _Revisions | None) -> None:
    """Put `new` in the mark: in its first live text node (the run keeps its formatting),
    or as a deletion of its live runs and an insertion; a deletion is never put in another."""
    live = [t for t in mark.texts if not any(a.tag == W + "del" for a in t.iterancestors())]
    if revisions is None:
        if not live:
            run = etree.Element(W + "r")
            text = etree.SubElement(run, W + "t")
            mark.start.addnext(run)
            live = [text]
        live[0].text = new
        live[0].set(XML_SPACE, "preserve")
        for t in live[1:]:
            t.getparent().remove(t)
        return
    runs = []
    for t in live:
        run = t.getparent()
        if run.tag == W + "r" and run not in runs:
            runs.append(run)
    props = runs[0].find(W + "rPr") if runs else None
    last = mark.start
    for run in runs:
        deletion = revisions.element("del")
        run.addprevious(deletion)
        deletion.append(run)
        for t in run.iter(W + "t"):
            t.tag = W + "delText"
        last = deletion
    insertion = revisions.element("ins")
    new_run = etree.SubElement(insertion, W + "r")
    if props is not None:
        new_run.append(copy.deepcopy(props))
    text = etree.SubElement(new_run, W + "t")
    text.text = new
    text.set(XML_SPACE, "preserve")
    if last is mark.start or last.getparent() is not mark.start.getparent():
        mark.end.addprevious(insertion)
    else:
        last.addnext(insertion)
