"""Writing into a .docx read by docxread: the changes `check --fix` makes, none of them to a word.

Run properties (size, font, flags, colour), paragraph spacing and indent, page setup,
NFC, and text replaced inside `w:t` nodes only — pictures, breaks, tabs, comment marks
and fields stay where they were. A line that shares a run with another line (lines
joined by a break) first gets runs of its own (`own_runs`): the same text and
properties, the break kept between them.
"""

from __future__ import annotations

import copy
import unicodedata

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from report_drafter.docx.reading import Para, W, _runs, run_text


def line_runs(p_element) -> list[list]:
    """The runs of a paragraph element per line (a run holding a break counts for each line it touches)."""
    lines: list[list] = [[]]
    for r in _runs(p_element):
        for child in r:
            if child.tag in (W + "br", W + "cr"):
                lines.append([])
            elif child.tag != W + "rPr" and (not lines[-1] or lines[-1][-1] is not r):
                lines[-1].append(r)
    return lines


def own_runs(para: Para) -> list:
    """Split every run of the paragraph that holds a line break into one run per line (same
    properties, same text, the break kept between them), so that `para`'s line has runs of
    its own; returns them. Nothing is changed when the line's runs are already its own."""
    if para.lines < 2:
        return para.run_elements
    for r in _runs(para.element):
        kids = [c for c in r if c.tag != W + "rPr"]
        if not any(c.tag in (W + "br", W + "cr") for c in kids) or len(kids) < 2:
            continue
        rpr = r.find(W + "rPr")
        groups, current = [], []
        for c in kids:
            current.append(c)
            if c.tag in (W + "br", W + "cr"):
                groups.append(current)
                current = []
        if current:
            groups.append(current)
        if len(groups) < 2:
            continue
        anchor = r
        for group in groups[1:]:
            new = copy.deepcopy(rpr) if rpr is not None else None
            run = OxmlElement("w:r")
            if new is not None:
                run.append(new)
            for c in group:
                run.append(c)
            anchor.addnext(run)
            anchor = run
    para.run_elements = [r for r in line_runs(para.element)[para.line] if run_text(r).strip("\n")]
    para.shared = False
    return para.run_elements


def nfc_in_place(element) -> int:
    """Normalise every text node under `element` to NFC; how many changed."""
    changed = 0
    for t in element.iter(W + "t"):
        if t.text and not unicodedata.is_normalized("NFC", t.text):
            t.text = unicodedata.normalize("NFC", t.text)
            changed += 1
    return changed


def set_run_format(run, size: float | None = None, font: str | None = None, bold=None, italic=None) -> None:
    """Write a run's own size, font and flags (python-docx's API on the run)."""
    from docx.text.run import Run

    r = Run(run, None)
    if size is not None:
        r.font.size = Pt(size)
        r.font.complex_script = None
    if font is not None:
        r.font.name = font
        rfonts = run.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        for attr in ("w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), font)
    if bold is not None:
        r.font.bold = bold
    if italic is not None:
        r.font.italic = italic


def set_paragraph_format(
    para: Para, line: float | None = None, indent: float | None = None, before: float | None = None
) -> None:
    """Line spacing (in lines), first-line indent (in cm) and space before (in pt) of one paragraph."""
    from docx.shared import Cm
    from docx.text.paragraph import Paragraph

    pf = Paragraph(para.element, None).paragraph_format
    if line is not None:
        pf.line_spacing = line
    if indent is not None:
        pf.first_line_indent = Cm(indent)
    if before is not None:
        pf.space_before = Pt(before)


def set_page(section, width_mm=None, height_mm=None, different_first_page=None, **margins_mm) -> None:
    """Paper size, margins and a different first-page header through python-docx's section API."""
    if different_first_page:
        section.different_first_page_header_footer = True
    if width_mm is not None:
        section.page_width, section.page_height = Mm(width_mm), Mm(height_mm)
    for name, value in margins_mm.items():
        setattr(section, f"{name}_margin", Mm(value))


def set_run_colour(run, colour: str) -> None:
    """Give a run its own colour (`000000`: black), dropping any theme colour it had."""
    rpr = run.get_or_add_rPr()
    node = rpr.find(W + "color")
    if node is None:
        node = OxmlElement("w:color")
        rpr.append(node)
    for attr in list(node.attrib):
        del node.attrib[attr]
    node.set(qn("w:val"), colour)


def document_xml(doc) -> bytes:
    """The main part as python-docx would save it (the other parts are copied as they are)."""
    return doc.part.blob


def save(doc, path) -> None:
    doc.save(str(path))


def replace_text(para: Para, old: str, new: str) -> bool:
    """Replace `old` by `new` in a paragraph (or one line of it), changing only the text of
    its `w:t` nodes: pictures, breaks, tabs, comment references and fields stay where they
    are. `old` must lie within the text nodes of the line's runs, in one stretch without a
    tab or break; False when it cannot be done safely."""
    if "\t" in old or "\n" in old:
        return False
    nodes = _line_nodes(para)
    for t in nodes:  # within one text node: the usual case
        if t.text and old in t.text:
            t.text = t.text.replace(old, new, 1)
            return True
    # across adjacent text nodes with nothing but text between them
    full, spans = "", []
    for t in nodes:
        spans.append((len(full), t))
        full += t.text or ""
    at = full.find(old)
    if at < 0:
        return False
    end = at + len(old)
    touched = [(start, t) for start, t in spans if start < end and start + len(t.text or "") > at]
    if not _adjacent([t for _, t in touched]):
        return False
    first_start, first = touched[0]
    keep_head = (first.text or "")[: at - first_start]
    last_start, last = touched[-1]
    keep_tail = (last.text or "")[end - last_start :]
    for _, t in touched[1:]:
        t.text = ""
    if last is not first:
        last.text = keep_tail
        first.text = keep_head + new
    else:
        first.text = keep_head + new + keep_tail
    first.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return True


def _line_nodes(para: Para) -> list:
    """The `w:t` nodes of `para`'s runs that lie on its line (between its breaks)."""
    mine = {id(r) for r in para.run_elements}
    line, out = 0, []
    for r in _runs(para.element):
        for child in r:
            if child.tag in (W + "br", W + "cr"):
                line += 1
            elif child.tag == W + "t" and id(r) in mine and (para.lines < 2 or line == para.line):
                out.append(child)
    return out


def _adjacent(nodes: list) -> bool:
    """True when the text nodes follow each other with nothing but other text nodes between
    them, in runs of the same parent (no break, tab, picture, field character or comment mark)."""
    if len({t.getparent().getparent() for t in nodes}) > 1:
        return False
    p = next(nodes[0].iterancestors(W + "p"))
    tokens = [c for r in _runs(p) for c in r if c.tag != W + "rPr"]
    where = [next(i for i, c in enumerate(tokens) if c is t) for t in nodes]
    return all(c.tag == W + "t" for c in tokens[where[0] : where[-1] + 1])
