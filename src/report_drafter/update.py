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
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lxml import etree

from report_drafter import marks, package
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


@dataclass
class _Mark:
    start: object
    texts: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(t.text or "" for t in self.texts)


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
                    name: str = "văn bản") -> Result:
    """The document (`package.read_members`) with each figure set to `new_values[key]` where allowed."""
    stored = marks.read_store(package.properties(contents))
    if stored is None or DOCUMENT_PART not in contents:
        raise UserError(f"{name} không có dấu số liệu của report-drafter (không do report-drafter tạo, "
                        f"hoặc tạo bằng phiên bản cũ); hãy tạo lại bằng render")
    root = etree.fromstring(contents[DOCUMENT_PART])
    found = _find_marks(root)
    revisions = _Revisions(root, when) if track_changes else None
    figures: list[Figure] = []
    record: dict[str, str] = {}
    changed = False
    for key in [*new_values, *(k for k in found if k not in new_values),
                *(k for k in stored if k not in new_values and k not in found)]:
        new, old, mark = new_values.get(key), stored.get(key), found.get(key)
        text = mark.text if mark else ""
        status = _status(new, old, mark, text, force)
        if status is None:
            continue
        if status in (FigureStatus.UPDATED, FigureStatus.FORCED):
            _replace(mark, new, revisions)
            changed = True
        keep = new if status in (FigureStatus.UPDATED, FigureStatus.FORCED, FigureStatus.UNCHANGED) else old
        if keep is not None:
            record[key] = keep
        figures.append(Figure(key, status, new or "", text, where.get(key, "")))
    if record != stored:
        changed = True
    if not changed:
        return Result(None, figures)
    parts = {DOCUMENT_PART: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)}
    if package.CUSTOM_PART in contents:
        parts[package.CUSTOM_PART] = package.add_properties(
            contents[package.CUSTOM_PART], marks.store_properties(record), remove_prefix=marks.STORE_PROPERTY)
    out = io.BytesIO()
    package.write_zip([package.member_from_bytes(m.name, parts[m.name]) if m.name in parts else m
                       for m in members], out)
    return Result(out.getvalue(), figures)


def _status(new, old, mark, text: str, force: bool) -> FigureStatus | None:
    if new is None:
        return FigureStatus.DROPPED if mark is not None else None
    if mark is None or (not text and new):
        return FigureStatus.NEW if old is None else FigureStatus.GONE
    if text == new:
        return FigureStatus.UNCHANGED
    if old is not None and text == old:
        return FigureStatus.UPDATED
    return FigureStatus.FORCED if force else FigureStatus.HAND


def _find_marks(root) -> dict[str, _Mark]:
    """Every figure mark with the text nodes between its bookmark's start and end."""
    found: dict[str, _Mark] = {}
    open_marks: dict[str, _Mark] = {}
    for el in root.iter(W + "bookmarkStart", W + "bookmarkEnd", W + "t"):
        if el.tag == W + "t":
            for mark in open_marks.values():
                mark.texts.append(el)
        elif el.tag == W + "bookmarkStart":
            key = marks.key_of(el.get(W + "name", ""))
            if key is not None and key not in found:
                found[key] = open_marks[el.get(W + "id")] = _Mark(el)
        else:
            open_marks.pop(el.get(W + "id"), None)
    return found


_WORD_ID = re.compile(r"-?[0-9]{1,9}")   # a forged id ("²", 5,000 digits) is no number of ours


class _Revisions:
    """Numbering and stamping of tracked changes for one document."""

    def __init__(self, root, when: datetime | None):
        ids = (el.get(W + "id") for el in root.iter() if el.get(W + "id") is not None)
        self.next_id = max((int(v) for v in ids if _WORD_ID.fullmatch(v)), default=0) + 1
        self.date = (when or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def element(self, tag: str):
        el = etree.Element(W + tag, {W + "id": str(self.next_id), W + "author": AUTHOR, W + "date": self.date})
        self.next_id += 1
        return el


def _replace(mark: _Mark, new: str, revisions: _Revisions | None) -> None:
    """Put `new` in the mark: in its first text node, or as a deletion and an insertion."""
    first = mark.texts[0]
    if revisions is None:
        first.text = new
        first.set(XML_SPACE, "preserve")
        for t in mark.texts[1:]:
            t.getparent().remove(t)
        return
    runs = []
    for t in mark.texts:
        run = t.getparent()
        if run.tag == W + "r" and run not in runs:
            runs.append(run)
    last = None
    for run in runs:
        deletion = revisions.element("del")
        run.addprevious(deletion)
        deletion.append(run)
        for t in run.iter(W + "t"):
            t.tag = W + "delText"
        last = deletion
    insertion = revisions.element("ins")
    new_run = etree.SubElement(insertion, W + "r")
    props = runs[0].find(W + "rPr") if runs else None
    if props is not None:
        new_run.append(copy.deepcopy(props))
    text = etree.SubElement(new_run, W + "t")
    text.text = new
    text.set(XML_SPACE, "preserve")
    last.addnext(insertion)
