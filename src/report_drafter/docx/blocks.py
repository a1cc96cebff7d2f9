"""A document body as `update` compares it: its blocks, their text, their marks.

A block is a non-empty paragraph of the body or a whole table (whose paragraphs are
compared one by one when the table keeps its shape). What `render` generated is recorded
as a short digest of each block's text, in order (`record`), so that `update` can tell
the blocks a person left alone from those they edited, moved or added, without keeping
the text itself. A figure mark (marks.py) counts only when its bookmark starts and ends
in the same paragraph, around runs, without crossing another mark (`paragraph_marks`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from lxml import etree

from report_drafter.ooxml import W
from report_drafter.text import marks

P, TBL, SDT = W + "p", W + "tbl", W + "sdt"
_START, _END = W + "bookmarkStart", W + "bookmarkEnd"
_TEXTS = {
    W + "t": None,
    W + "tab": "\t",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
    W + "softHyphen": "",
    W + "delText": None,
    W + "drawing": "\0drawing\0",
    W + "pict": "\0drawing\0",
    W + "commentReference": "\0comment\0",
    W + "footnoteReference": "\0fn\0",
    W + "endnoteReference": "\0en\0",
}
# what may lie between a mark's start and end: runs and the revisions around them
_INSIDE = {
    W + "r",
    W + "ins",
    W + "del",
    W + "proofErr",
    W + "bookmarkStart",
    W + "bookmarkEnd",
    W + "commentRangeStart",
    W + "commentRangeEnd",
    W + "permStart",
    W + "permEnd",
}
DIGEST = 10
STORE_PROPERTY = "report-drafter-blocks"


_MEMO: dict = {}  # paragraph → text, while one body is being recorded
_FORMATS: dict = {}  # paragraph → formatting, likewise


def text(el) -> str:
    """What a reader sees in `el`: text, tabs, breaks, pictures, comments; deleted text marked."""
    if _MEMO and el in _MEMO:
        return _MEMO[el]
    out = []
    for node in el.iter(*_TEXTS):
        tag = node.tag
        if tag == W + "t":
            out.append(node.text or "")
        elif tag == W + "delText":
            out.append(f"\0del\0{node.text or ''}\0")
        elif tag == W + "br" and node.get(W + "type") == "page":
            out.append("\0page\0")
        else:
            out.append(_TEXTS[tag])
    return "".join(out)


def digest(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:DIGEST]


# ------------------------------------------------------------------- formatting

FORMAT_PROPERTY = "report-drafter-format"
_RUN_FORMAT = (W + "b", W + "i", W + "u", W + "strike", W + "highlight", W + "sz", W + "color", W + "caps")


def formatting(p) -> str:
    """The formatting a person gives a paragraph by hand: alignment, a page break before it,
    a section ending at it, and each stretch of runs that is bold, italic, underlined,
    highlighted, of another size… (runs of one formatting taken together, so that a
    program that splits or joins runs, as LibreOffice does when it saves, changes nothing)."""
    if _FORMATS and p in _FORMATS:
        return _FORMATS[p]
    out = []
    ppr = p.find(W + "pPr")
    if ppr is not None:
        for tag in (W + "jc", W + "pageBreakBefore", W + "sectPr"):
            node = ppr.find(tag)
            if node is not None:
                out.append(f"{tag[len(W) :]}={_value(node)}")
    last = None
    for run in p.iter(W + "r"):
        if run.find(W + "t") is None and run.find(W + "br") is None and run.find(W + "tab") is None:
            continue
        rpr = run.find(W + "rPr")
        fmt = (
            ""
            if rpr is None
            else ",".join(
                f"{node.tag[len(W) :]}={_value(node)}" for tag in _RUN_FORMAT if (node := rpr.find(tag)) is not None
            )
        )
        if fmt != last:
            out.append(f"[{fmt}]")
            last = fmt
    return "".join(out)


def _value(node) -> str:
    value = node.get(W + "val")
    if node.tag in (W + "b", W + "i", W + "strike", W + "caps", W + "pageBreakBefore"):
        return "0" if value in ("0", "false", "off") else "1"
    return value or "1"


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def parse_body(document_xml: bytes):
    """The `w:body` of a document part (None when the part cannot be read or has none)."""
    try:
        return etree.fromstring(document_xml, _PARSER).find(W + "body")
    except (etree.XMLSyntaxError, ValueError):
        return None


def properties(document_xml: bytes) -> list[tuple[str, str]]:
    """What `render` records of a generated body: its formatting digest and its blocks."""
    body = parse_body(document_xml)
    if body is None:
        return []
    paragraphs = list(body.iter(P))
    _FORMATS.update((p, formatting(p)) for p in paragraphs)  # each paragraph read once
    try:
        return [(FORMAT_PROPERTY, format_digest(body)), *marks.store_properties(record(body), STORE_PROPERTY)]
    finally:
        _FORMATS.clear()


MAX_BYTES = 64 * 1024 * 1024  # a body larger than any real report's …
MAX_PARAGRAPHS = 200_000  # … or with more paragraphs is not parsed (memory stays bounded)


def too_large(document_xml: bytes) -> bool:
    return len(document_xml) > MAX_BYTES or document_xml.count(b"<w:p") > MAX_PARAGRAPHS


def format_digest_of(document_xml: bytes) -> str:
    """`format_digest` of a document part; "" when it cannot be read or is too large to read
    (then it does not match: the document counts as edited and is never replaced unread)."""
    if too_large(document_xml):
        return ""
    body = parse_body(document_xml)
    return format_digest(body) if body is not None else ""


def paragraph_digest(p) -> str:
    """The digest of a paragraph's text and hand formatting."""
    return digest(text(p) + "\0fmt\0" + formatting(p))


def format_digest(body) -> str:
    """The digest of the hand formatting of every paragraph with something to read."""
    h = hashlib.sha256()
    for p in body.iter(P):
        fmt = formatting(p)
        if text(p) or "sectPr=" in fmt or "pageBreakBefore=" in fmt:
            h.update((fmt + "\n").encode("utf-8"))
    return h.hexdigest()


def units(body) -> list:
    """The blocks of `body`: its paragraphs with something to read, its tables, its content controls."""
    out = []
    for el in body:
        if el.tag == P:
            if text(el):
                out.append(el)
        elif el.tag in (TBL, SDT):
            out.append(el)
    return out


def table_paragraphs(tbl) -> list:
    """Every paragraph of a table (nested tables included), in reading order."""
    return list(tbl.iter(P))


def rows(tbl) -> list:
    """The rows of a table (not of the tables nested in it)."""
    return [tr for tr in tbl if tr.tag == W + "tr"]


def row_paragraphs(tr) -> list:
    return list(tr.iter(P))


def block_digest(el) -> str:
    """The digest a block is compared by: its text; a table's and a row's with their cells apart."""
    if el.tag == TBL:
        return digest("\x1e".join(block_digest(tr) for tr in rows(el)))
    if el.tag == W + "tr":
        return digest("\x1f".join(paragraph_digest(p) for p in row_paragraphs(el)))
    if el.tag == P:
        return paragraph_digest(el)
    return digest(text(el))


def cells(tr) -> list:
    return [tc for tc in tr if tc.tag == W + "tc"]


def shape_of_row(tr) -> list:
    """The number of paragraphs in each cell of a row."""
    return [len(list(tc.iter(P))) for tc in cells(tr)]


def signature(p) -> str:
    """The digest of a paragraph, with the digest of its wording around the marks
    (`digest/skeleton`) when it holds marks."""
    found, _ = paragraph_marks(p)
    whole = paragraph_digest(p)
    if not found:
        return whole
    return f"{whole}/{digest(skeleton(p, found))}"


def skeleton(p, found) -> str:
    """The paragraph's text with each mark's content replaced by the mark's name."""
    inside = {}
    for mark in found:
        for node in mark.nodes:
            inside[id(node)] = mark.key
    out, last = [], None
    for node in p.iter(*_TEXTS):
        key = next((inside[id(a)] for a in _ancestors(node, p) if id(a) in inside), None)
        if key is not None:
            if key != last:
                out.append(f"\0{key}\0")
        else:
            out.append(text_of_node(node))
        last = key
    return "".join(out)


def text_of_node(node) -> str:
    if node.tag == W + "t":
        return node.text or ""
    if node.tag == W + "delText":
        return f"\0del\0{node.text or ''}\0"
    return _TEXTS[node.tag]


def _ancestors(node, stop):
    while node is not None and node is not stop:
        yield node
        node = node.getparent()


def record(body) -> list:
    """What `render` generated, for `update`: per block its signature (`entry`)."""
    _MEMO.update((p, text(p)) for p in body.iter(P))  # each paragraph's text read once
    try:
        return [entry(el) for el in units(body)]
    finally:
        _MEMO.clear()


def entry(el):
    """A paragraph's signature; a table as `[digest, [row entries]]`, a row as
    `[digest, [paragraph signatures]]`."""
    if el.tag == P:
        return signature(el)
    if el.tag == TBL:
        return [block_digest(el), [entry(tr) for tr in rows(el)]]
    if el.tag == W + "tr":
        return [block_digest(el), [signature(p) for p in row_paragraphs(el)], shape_of_row(el)]
    return block_digest(el)


def entry_digest(item) -> str:
    """The digest of a recorded block (paragraph, table or row)."""
    return item[0] if isinstance(item, list) else str(item).split("/")[0]


# ------------------------------------------------------------------------- marks


@dataclass
class Mark:
    """A figure mark that is whole: start and end in one paragraph, around runs."""

    name: str
    key: str
    start: object
    end: object
    nodes: list = field(default_factory=list)  # the elements between start and end

    @property
    def texts(self) -> list:
        return [t for n in self.nodes for t in n.iter(W + "t")]

    @property
    def text(self) -> str:
        return "".join(t.text or "" for t in self.texts)


def paragraph_marks(p) -> tuple[list[Mark], list[str]]:
    """The whole marks of paragraph `p`, and the names of its broken ones (a start without
    its end here, an end without its start, a mark across another, or around anything
    but runs)."""
    starts: dict[str, tuple[int, object]] = {}
    children = list(p)
    spans = []  # (name, start index, end index)
    broken: list[str] = []
    position = {id(c): i for i, c in enumerate(children)}
    for el in p.iter(_START, _END):
        if el.tag == _START:
            name = el.get(W + "name", "")
            if not name.startswith(marks.PREFIX):
                continue
            if el.getparent() is not p:
                broken.append(name)
                continue
            starts[el.get(W + "id", "")] = (name, el)
        else:
            opened = starts.pop(el.get(W + "id", ""), None)
            if opened is None:
                continue
            name, start = opened
            if el.getparent() is not p:
                broken.append(name)
                continue
            spans.append((name, position[id(start)], position[id(el)]))
    broken.extend(name for name, _ in starts.values())
    spans.sort(key=lambda s: s[1])
    found = []
    for n, (name, a, b) in enumerate(spans):
        crossing = (n > 0 and spans[n - 1][2] > a) or (n + 1 < len(spans) and spans[n + 1][1] < b)
        between = children[a + 1 : b]
        if crossing or any(c.tag not in _INSIDE or _is_mark(c) for c in between):
            broken.append(name)
            continue
        found.append(
            Mark(
                name,
                marks.key_of(name) or "",
                children[a],
                children[b],
                [c for c in between if c.tag in (W + "r", W + "ins", W + "del")],
            )
        )
    return found, broken


def _is_mark(el) -> bool:
    return el.tag == _START and el.get(W + "name", "").startswith(marks.PREFIX)


def stray_marks(body) -> list[str]:
    """Names of mark starts that are not inside a paragraph at all (around paragraphs, tables, cells)."""
    return [
        el.get(W + "name", "")
        for el in body.iter(_START)
        if el.get(W + "name", "").startswith(marks.PREFIX) and el.getparent().tag != P
    ]
