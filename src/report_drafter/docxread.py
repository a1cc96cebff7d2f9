"""Read a .docx as Word displays it: paragraphs in order and their resolved formatting.

Formatting is resolved run → character style → paragraph style (and its `basedOn`
chain) → document defaults, as Word does; python-docx reports inherited values as
None, so this module walks the chain itself. Only `check` uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx import Document
from docx.oxml.ns import qn

from report_drafter import package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = {"0", "false", "off", "none"}


@dataclass
class Format:
    """What Word shows for a run: size in points, flags, font name."""

    size: float | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False
    font: str | None = None


@dataclass
class Para:
    """One paragraph with its place in the document and its runs' formatting."""

    index: int                      # position among all paragraphs, from 1
    text: str
    style_id: str
    style_name: str
    runs: list = field(default_factory=list)     # (text, Format) for runs with text
    where: str = "body"             # body | header-left | header-right | signoff-left | signoff-right | table
    element: object = None

    def formats(self) -> list[Format]:
        return [f for t, f in self.runs if t.strip()]


class Styles:
    """Style lookup with inheritance, from styles.xml."""

    def __init__(self, doc):
        root = doc.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        defaults = root.find(qn("w:docDefaults"))
        self.default_rpr = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.default_paragraph = next((sid for sid, s in self.by_id.items()
                                       if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")),
                                      None)

    def chain(self, style_id: str | None) -> list:
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        node = style.find(qn("w:name")) if style is not None else None
        return node.get(qn("w:val")) if node is not None else ""


def _flag(rpr, tag: str):
    el = rpr.find(W + tag) if rpr is not None else None
    if el is None:
        return None
    return el.get(qn("w:val"), "true").lower() not in _OFF


def _apply(fmt: dict, rpr) -> None:
    """Fill in what `rpr` sets and `fmt` does not have yet (nearer levels win)."""
    if rpr is None:
        return
    if fmt.get("size") is None:
        sz = rpr.find(W + "sz")
        if sz is not None and sz.get(qn("w:val")):
            fmt["size"] = int(sz.get(qn("w:val"))) / 2
    for key, tag in (("bold", "b"), ("italic", "i"), ("caps", "caps")):
        if fmt.get(key) is None:
            fmt[key] = _flag(rpr, tag)
    if fmt.get("underline") is None:
        u = rpr.find(W + "u")
        if u is not None:
            fmt["underline"] = u.get(qn("w:val"), "single").lower() not in _OFF
    if fmt.get("font") is None:
        fonts = rpr.find(W + "rFonts")
        if fonts is not None and fonts.get(qn("w:ascii")):
            fmt["font"] = fonts.get(qn("w:ascii"))


def resolve(run, paragraph_style: str | None, styles: Styles) -> Format:
    """The formatting Word displays for `run` in a paragraph of `paragraph_style`."""
    fmt: dict = {}
    rpr = run.find(W + "rPr")
    _apply(fmt, rpr)
    rstyle = rpr.find(W + "rStyle") if rpr is not None else None
    if rstyle is not None:
        for style in styles.chain(rstyle.get(qn("w:val"))):
            _apply(fmt, style.find(W + "rPr"))
    for style in styles.chain(paragraph_style or styles.default_paragraph):
        _apply(fmt, style.find(W + "rPr"))
    _apply(fmt, styles.default_rpr)
    return Format(fmt.get("size") or 10.0, bool(fmt.get("bold")), bool(fmt.get("italic")),
                  bool(fmt.get("underline")), bool(fmt.get("caps")), fmt.get("font"))


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


def read(path):
    """(python-docx Document, [Para] in reading order, header table, sign-off table).

    Raises `package.PackageError` for a zip bomb, before python-docx inflates anything.
    """
    package.verify(path)
    doc = Document(str(path))
    styles = Styles(doc)
    body = doc.element.body
    tables = [t for t in body if t.tag == W + "tbl"]
    header_table = next((t for t in tables if "VIỆT NAM" in _text(t).upper()), None)
    signoff_table = next((t for t in reversed(tables) if "Nơi nhận" in _text(t)), None)
    paras: list[Para] = []
    for p in body.iter(W + "p"):
        where = "body"
        table = next((a for a in p.iterancestors(W + "tbl")), None)
        if table is not None:
            cell = next(p.iterancestors(W + "tc"))
            first = cell.getparent().findall(W + "tc").index(cell) == 0
            if table is header_table:
                where = "header-left" if first else "header-right"
            elif table is signoff_table:
                where = "signoff-left" if first else "signoff-right"
            else:
                where = "table"
        ppr = p.find(W + "pPr")
        pstyle = ppr.find(W + "pStyle") if ppr is not None else None
        style_id = pstyle.get(qn("w:val")) if pstyle is not None else (styles.default_paragraph or "")
        runs = [(_text(r), resolve(r, style_id, styles)) for r in p.iter(W + "r") if _text(r)]
        paras.append(Para(len(paras) + 1, _text(p), style_id, styles.name(style_id), runs, where, p))
    return doc, paras, header_table, signoff_table
