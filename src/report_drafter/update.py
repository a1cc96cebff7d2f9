"""`update`: put new figures into a document people have edited, and change nothing else.

Each figure of the document sits in a hidden bookmark (marks.py); the value it held when
generated is recorded in the document's custom properties. For every mark the text
between the bookmark's start and end is compared with that record: untouched figures
get the new value in place (the first text node of the mark takes it, the run keeps its
formatting); figures typed over by hand are kept and listed (replaced with `force`);
marks that are gone and figures new in the input are listed with the text to paste.
With `track_changes` each replacement is a Word revision (`w:del` + `w:ins`, author
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

from report_drafter import blocks, marks, package
from report_drafter.errors import UserError
from report_drafter.marks import FigureStatus

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
AUTHOR = "report-drafter"
DOCUMENT_PART = "word/document.xml"
_FIELDS = ("no", "name", "unit", "plan", "actual", "vs_plan", "vs_previous")


@dataclass
class Figure:
    """What became of one figure."""

    key: str
    status: FigureStatus
    new: str = ""           # the value from the input
    found: str = ""         # the text in the document before the update
    where: str = ""         # the sentence, table cell or line the figure belongs to

    def as_dict(self) -> dict:
        return {"mark": self.key, "status": str(self.status), "new": self.new,
                "found": self.found, "where": self.where}


@dataclass
class Result:
    data: bytes | None                       # the updated document; None when nothing changed
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


def update_document(members, contents: dict[str, bytes], new_values: dict[str, str], where: dict[str, str],
                    force: bool = False, track_changes: bool = False, when: datetime | None = None,
                    name: str = "văn bản", fresh: dict[str, bytes] | None = None) -> Result:
    """The document (`package.read_members`) brought to the input: blocks a person left
    alone take the fresh render's (`fresh`: its parts), every other figure mark is set to
    `new_values[key]` where allowed. Without `fresh` (or for a document made before blocks
    were recorded) only the figures are updated."""
    props = package.properties(contents)
    stored = marks.read_store(props)
    if stored is None or DOCUMENT_PART not in contents:
        raise UserError(f"{name} không có dấu số liệu của report-drafter (không do report-drafter tạo, "
                        f"hoặc tạo bằng phiên bản cũ); hãy tạo lại bằng render")
    data = contents[DOCUMENT_PART]
    if len(data) > MAX_DOCUMENT or data.count(b"<w:p") > MAX_PARAGRAPHS:
        raise UserError(f"{name} quá lớn để cập nhật (phần văn bản {len(data) // 1_000_000} MB, "
                        f"{data.count(b'<w:p')} đoạn); hãy kiểm tra tệp hoặc tạo lại bằng render")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UserError(f"{name}: phần văn bản (word/document.xml) hỏng, không đọc được ({exc.msg}); "
                        f"hãy mở và lưu lại trong Word, hoặc tạo lại bằng render") from None
    body = root.find(W + "body")
    if body is None:
        raise UserError(f"{name}: không có thân văn bản (w:body); hãy tạo lại bằng render")
    revisions = _Revisions(root, when) if track_changes else None
    old_blocks = marks.read_store(props, blocks.STORE_PROPERTY, raw=True)
    merge = None
    if fresh is not None and isinstance(old_blocks, list):
        new_body = etree.fromstring(fresh[DOCUMENT_PART], _PARSER).find(W + "body")
        merge = _Merge(body, new_body, old_blocks, revisions)
        merge.run()
    figures: list[Figure] = list(merge.findings) if merge else []
    changed = bool(merge and merge.changed)
    seen: set[str] = set()
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
            figures.append(_broken(bad, new_values, stored, where, seen))
    for bad in blocks.stray_marks(body):
        figures.append(_broken(bad, new_values, stored, where, seen))
    for key, new in new_values.items():
        if key not in seen:
            status = FigureStatus.NEW if key not in stored else FigureStatus.GONE
            figures.append(Figure(key, status, new, "", where.get(key, "")))
    record = dict(new_values)
    record.update({k: v for k, v in stored.items() if k not in new_values and k in seen})
    new_props = marks.store_properties(record)
    if merge:
        new_props += marks.store_properties(marks.read_store(package.properties(fresh), blocks.STORE_PROPERTY,
                                                             raw=True), blocks.STORE_PROPERTY)
    if record != stored or (merge and merge.record_changed(props, fresh)):
        changed = True
    if not changed:
        return Result(None, figures)
    parts = {DOCUMENT_PART: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
    if package.CUSTOM_PART in contents:
        custom = contents[package.CUSTOM_PART]
        for prefix in (marks.STORE_PROPERTY, blocks.STORE_PROPERTY):
            custom = package.add_properties(custom, [], remove_prefix=prefix)
        if merge:    # the fresh render's digests: the blocks a person edited still read as edited
            fresh_props = package.properties(fresh)
            keep = [(k, fresh_props[k]) for k in (package.CONTENT_PROPERTY, package.FINGERPRINT_PROPERTY)
                    if k in fresh_props]
            custom = package.add_properties(custom, [], remove_prefix=package.CONTENT_PROPERTY)
            custom = package.add_properties(custom, [], remove_prefix=package.FINGERPRINT_PROPERTY)
            new_props = keep + new_props
        parts[package.CUSTOM_PART] = package.add_properties(custom, new_props)
    out = io.BytesIO()
    package.write_zip([package.member_from_bytes(m.name, parts[m.name]) if m.name in parts else m
                       for m in members], out)
    return Result(out.getvalue(), figures)


MAX_DOCUMENT = 64 * 1024 * 1024        # bytes of word/document.xml
MAX_PARAGRAPHS = 200_000
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
_COPY = re.compile(r"(?:_\d+| Copy \d+)$")


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


def _broken(name: str, new_values: dict, stored: dict, where: dict, seen: set) -> Figure:
    """A mark whose bookmark is not whole (no end, an end elsewhere, across another): never written."""
    key = _resolve(marks.key_of(name) or name, new_values, stored)
    seen.add(key)
    return Figure(key, FigureStatus.HAND, new_values.get(key, ""), BROKEN, where.get(key, ""))


BROKEN = "(dấu số liệu bị hỏng: đã sửa tay)"


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
    are untouched; anything else is left as the person wrote it and listed.
    """

    def __init__(self, body, new_body, old: list, revisions):
        self.body, self.revisions, self.old = body, revisions, old
        self.doc = blocks.units(body)
        self.new = blocks.units(new_body)
        self.h_old = [blocks.unit_digest(e) for e in old]
        self.h_doc = [blocks.digest(blocks.text(u)) for u in self.doc]
        self.h_new = [blocks.digest(blocks.text(u)) for u in self.new]
        self.fresh: set[int] = set()          # ids of paragraphs put in from the fresh render
        self.placed: list[str] = []           # mark keys that arrived with fresh blocks
        self.findings: list[Figure] = []
        self.changed = False
        self._alive: list = []

    def record_changed(self, props: dict, fresh: dict) -> bool:
        mine = marks.read_store(props, blocks.STORE_PROPERTY, raw=True)
        return mine != marks.read_store(package.properties(fresh), blocks.STORE_PROPERTY, raw=True)

    def run(self) -> None:
        h_old, h_doc, h_new = self.h_old, self.h_doc, self.h_new
        doc_of_old: dict[int, int] = {}
        for a, b, size in difflib.SequenceMatcher(None, h_old, h_doc, autojunk=False).get_matching_blocks():
            for k in range(size):
                doc_of_old[a + k] = b + k
        matched = set(doc_of_old.values())
        first_old = {}
        for i, h in enumerate(h_old):
            first_old.setdefault(h, i)
        for d, h in enumerate(h_doc):         # a block moved elsewhere is still untouched
            i = first_old.get(h)
            if d not in matched and i is not None and i not in doc_of_old:
                doc_of_old[i] = d
                matched.add(d)
        pair: dict[int, int] = {}
        ops = difflib.SequenceMatcher(None, h_old, h_new, autojunk=False).get_opcodes()
        edited_tables = [d for d, u in enumerate(self.doc) if d not in matched and u.tag == blocks.TBL]
        old_tables = [i for i, e in enumerate(self.old) if isinstance(e, list) and i not in doc_of_old]
        table_of_old = dict(zip(old_tables, edited_tables)) if len(old_tables) == len(edited_tables) else {}
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                pair.update({i1 + k: j1 + k for k in range(i2 - i1)})
                continue
            olds, news = list(range(i1, i2)), list(range(j1, j2))
            docs = [doc_of_old.get(i) for i in olds]
            if olds and None not in docs and docs == list(range(docs[0], docs[0] + len(docs))) \
                    and self._can_swap_run(olds, news):
                self._swap_run([self.doc[d] for d in docs], [self.new[j] for j in news])
                pair.update(zip(olds, news))
                continue
            if not olds:
                self._insert(i1, news, doc_of_old)
                continue
            for i, j in zip(olds, news):
                pair[i] = j
                d = doc_of_old.get(i)
                if d is not None:
                    self._swap(self.doc[d], self.new[j])
                elif i in table_of_old and self.new[j].tag == blocks.TBL:
                    self._merge_table(self.old[i][1], self.doc[table_of_old[i]], self.new[j])
                else:
                    self._conflict(self.old[i], self.new[j])
            for j in news[len(olds):]:
                self._listed(j, FigureStatus.TEXT_NEW)
            for i in olds[len(news):]:
                d = doc_of_old.get(i)
                if d is not None:
                    self._remove(self.doc[d])
        for d, h in enumerate(h_doc):         # copies of a generated block take its new text
            i = first_old.get(h)
            if d in matched or i is None or pair.get(i) is None or h_new[pair[i]] == h:
                continue
            self._swap(self.doc[d], self.new[pair[i]])

    # ----------------------------------------------------------------- the edits
    def _can_swap_run(self, olds, news) -> bool:
        """Tracked changes are written paragraph by paragraph: a stretch with a table is not swapped whole."""
        return self.revisions is None or (all(self.new[j].tag == blocks.P for j in news)
                                          and all(not isinstance(self.old[i], list) for i in olds))

    def _swap_run(self, doc_els: list, new_els: list) -> None:
        """Replace side-by-side untouched blocks by the fresh ones."""
        anchor = doc_els[0]
        for el in new_els:
            anchor.addprevious(self._fresh_copy(el, inserted=True))
        for el in doc_els:
            self._remove(el, listed=False)
        self.changed = True

    def _swap(self, doc_el, new_el) -> None:
        """One untouched block takes the fresh render's."""
        if blocks.text(doc_el) == blocks.text(new_el) and doc_el.tag == new_el.tag:
            return
        if self.revisions is not None:
            if doc_el.tag == blocks.P and new_el.tag == blocks.P:
                self._tracked_paragraph(doc_el, new_el)
                self.changed = True
            elif doc_el.tag == new_el.tag == blocks.TBL and blocks.shape(doc_el) == blocks.shape(new_el):
                for a, b in zip(blocks.table_paragraphs(doc_el), blocks.table_paragraphs(new_el)):
                    if blocks.text(a) != blocks.text(b):
                        self._tracked_paragraph(a, b)
                        self.changed = True
            return      # any other table: its figures are updated one by one
        doc_el.addprevious(self._fresh_copy(new_el))
        doc_el.getparent().remove(doc_el)
        self.changed = True

    def _fresh_copy(self, el, inserted: bool = False):
        twin = copy.deepcopy(el)
        if self.revisions is not None and inserted and twin.tag == blocks.P:
            self._wrap_runs(twin, "ins")
        for p in twin.iter(blocks.P):
            self._mark_fresh(p)
        return twin

    def _mark_fresh(self, p) -> None:
        """`p` now holds the fresh render's text: its marks are placed, the figure pass skips it."""
        if id(p) not in self.fresh:
            self._alive.append(p)          # keeps the proxy (and so its id) alive
            self.fresh.add(id(p))
            self.placed.extend(m.key for m in blocks.paragraph_marks(p)[0])

    def _insert(self, at: int, news: list[int], doc_of_old: dict) -> None:
        """New blocks of the input: inserted where both neighbours are untouched, else listed."""
        before = doc_of_old.get(at - 1) if at > 0 else None
        after = doc_of_old.get(at) if at < len(self.h_old) else None
        ok = (at == 0 or before is not None) and (at == len(self.h_old) or after is not None) and \
            (before is None or after is None or after == before + 1) and (before is not None or after is not None)
        if not ok:
            for j in news:
                self._listed(j, FigureStatus.TEXT_NEW)
            return
        if before is not None:
            anchor = self.doc[before]
            for j in reversed(news):
                anchor.addnext(self._fresh_copy(self.new[j], inserted=True))
        else:
            anchor = self.doc[after]
            for j in news:
                anchor.addprevious(self._fresh_copy(self.new[j], inserted=True))
        for j in news:
            self.findings.append(Figure("¶", FigureStatus.TEXT_INSERTED, _plain(self.new[j]), "",
                                        self._where(j)))
        self.changed = True

    def _remove(self, el, listed: bool = True) -> None:
        """An untouched block the input no longer has."""
        if listed:
            self.findings.append(Figure("¶", FigureStatus.TEXT_REMOVED, "", _plain(el), ""))
        if self.revisions is not None and el.tag == blocks.P:
            self._wrap_runs(el, "del")
            ppr = el.find(W + "pPr")
            if ppr is None:
                ppr = etree.SubElement(el, W + "pPr")
                el.insert(0, ppr)
            rpr = ppr.find(W + "rPr")
            if rpr is None:
                rpr = etree.SubElement(ppr, W + "rPr")
            rpr.append(self.revisions.element("del"))
        else:
            el.getparent().remove(el)
        self.changed = True

    def _conflict(self, old_entry, new_el) -> None:
        """A block the person edited (or deleted) whose input text changed: kept, listed;
        its figures are updated one by one when its wording around them is the input's."""
        if new_el.tag == blocks.P and not isinstance(old_entry, list):
            sig = blocks.signature(new_el)
            if "/" in sig and "/" in old_entry and sig.split("/")[1] == old_entry.split("/")[1]:
                return
        self.findings.append(Figure("¶", FigureStatus.TEXT_KEPT, _plain(new_el), "", ""))

    def _merge_table(self, old_paragraphs: list, doc_tbl, new_tbl) -> None:
        """A table the person edited: its untouched paragraphs take the fresh ones when its shape is kept."""
        doc_ps, new_ps = blocks.table_paragraphs(doc_tbl), blocks.table_paragraphs(new_tbl)
        if blocks.shape(doc_tbl) != blocks.shape(new_tbl) or len(doc_ps) != len(old_paragraphs):
            return                 # figures one by one; the new rows' figures are listed
        for old, a, b in zip(old_paragraphs, doc_ps, new_ps):
            if blocks.text(a) == blocks.text(b):
                continue
            if blocks.digest(blocks.text(a)) == old.split("/")[0]:
                if self.revisions is not None:
                    self._tracked_paragraph(a, b)
                else:
                    a.addprevious(self._fresh_copy(b))
                    a.getparent().remove(a)
                self.changed = True
            else:
                self._conflict(old, b)

    def _tracked_paragraph(self, doc_p, new_p) -> None:
        """`doc_p` takes `new_p`'s runs as Word revisions: its own runs deleted, the new inserted."""
        for start in list(doc_p.iter(W + "bookmarkStart", W + "bookmarkEnd")):
            if start.tag == W + "bookmarkStart" and start.get(W + "name", "").startswith(marks.PREFIX):
                mark_id = start.get(W + "id")
                for end in list(doc_p.iter(W + "bookmarkEnd")):
                    if end.get(W + "id") == mark_id:
                        end.getparent().remove(end)
                start.getparent().remove(start)
        self._wrap_runs(doc_p, "del")
        twin = copy.deepcopy(new_p)
        self._wrap_runs(twin, "ins")
        for child in list(twin):
            if child.tag != W + "pPr":
                doc_p.append(child)
        self._mark_fresh(doc_p)

    def _wrap_runs(self, p, kind: str) -> None:
        """Each live run of `p` (not inside a deletion) in its own `w:del` or `w:ins`."""
        for run in [r for r in p.iter(W + "r") if not any(a.tag == W + "del" for a in r.iterancestors())]:
            if any(a.tag == W + "ins" for a in run.iterancestors()) and kind == "ins":
                continue
            wrapper = self.revisions.element(kind)
            run.addprevious(wrapper)
            wrapper.append(run)
            if kind == "del":
                for t in run.iter(W + "t"):
                    t.tag = W + "delText"

    def _listed(self, j: int, status: FigureStatus) -> None:
        self.findings.append(Figure("¶", status, _plain(self.new[j]), "", self._where(j)))

    def _where(self, j: int) -> str:
        before = next((_plain(self.new[k]) for k in range(j - 1, -1, -1) if _plain(self.new[k])), "")
        return f"sau đoạn «{_short(before)}»" if before else "ở đầu văn bản"


def _plain(el) -> str:
    """A block's text as a person reads it (a table's cells separated by ` | `)."""
    if el.tag == blocks.P:
        return blocks.text(el).replace("\0", "")
    return " | ".join(blocks.text(p).replace("\0", "") for p in blocks.table_paragraphs(el) if blocks.text(p))


def _short(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[:size - 1] + "…"


class _Revisions:
    """Numbering and stamping of tracked changes for one document."""

    def __init__(self, root, when: datetime | None):
        ids = (el.get(W + "id") for el in root.iter() if el.get(W + "id") is not None)
        self.next_id = max((int(v) for v in ids if v.lstrip("-").isdigit()), default=0) + 1
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
