"""A .docx's page setup, read safely: sizes, margins, "different first page", where the
page number is, and the page count the saving program wrote.

Lengths are read from the XML, not through python-docx's parsing (which raises on
`w:top="x"`): a value that is not a number is listed as malformed and read as not
stated; a value not stated means Word's defaults apply. Headers and footers a section
does not state are inherited from the section before, as Word does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from report_drafter.docx import package
from report_drafter.docx.reading import _OFF, Styles, W, _ppr_value, qn, to_int


@dataclass
class PageSetup:
    """One section's page as the file states it (None: not stated, Word's defaults apply)."""

    index: int  # from 0
    first_para: int  # `Para.index` of its first paragraph
    width_mm: float | None = None
    height_mm: float | None = None
    margins_mm: dict = field(default_factory=dict)  # top/bottom/left/right → mm or None
    malformed: tuple = ()  # (attribute, value) that are not numbers
    title_page: bool = False  # "Different first page"
    page_field: str | None = None  # where the PAGE field is: "header" | "footer" | None
    page_align: str | None = None  # alignment of the paragraph holding it
    first_page_field: bool = False  # the first-page header/footer shows a PAGE field
    restart: bool = False  # numbering starts again in this section


def _mm(twips: int | None) -> float | None:
    return None if twips is None else twips * 25.4 / 1440


def _page_field(part_element, styles: Styles) -> str | None:
    """The alignment ("center", "left" …, or "") of the paragraph holding a PAGE field (through
    its style), None if none."""
    for p in part_element.iter(W + "p"):
        codes = " ".join((t.text or "") for t in p.iter(W + "instrText"))
        codes += " ".join(s.get(qn("w:instr"), "") for s in p.iter(W + "fldSimple"))
        if re.search(r"\bPAGE\b", codes):
            style = p.find(f"{W}pPr/{W}pStyle")
            style_id = style.get(qn("w:val")) if style is not None else styles.default_paragraph
            pprs = [p.find(W + "pPr")] + [s.find(W + "pPr") for s in styles.chain(style_id)] + [styles.default_ppr]
            return _tab_aligned(p, pprs) or _ppr_value(pprs, "jc", "val") or ""
    return None


def _tab_aligned(p, pprs) -> str | None:
    """A number placed by tabs (Word's Header style: a centre stop, a right stop): the
    alignment of the stop the field lands on, None when no tab precedes it."""
    before = 0
    for node in p.iter(W + "tab", W + "fldChar", W + "fldSimple"):
        if node.tag != W + "tab":
            break
        if node.getparent().tag == W + "r":
            before += 1
    if not before:
        return None
    stops = next(
        (list(ppr.find(W + "tabs")) for ppr in pprs if ppr is not None and ppr.find(W + "tabs") is not None), []
    )
    kinds = [t.get(qn("w:val")) for t in stops if t.get(qn("w:val")) not in ("clear", "bar")]
    return kinds[before - 1] if before <= len(kinds) else None


def page_setups(doc) -> list[PageSetup]:
    """Every section's page setup, read from the XML without python-docx's parsing of
    lengths (which raises on `w:top="x"`): values that are not numbers are listed in
    `malformed` and read as not stated. Headers and footers a section does not state are
    inherited from the section before, as Word does."""
    body = doc.element.body
    styles = Styles(doc)
    ends = []  # (sectPr, index of its last paragraph)
    count = 0
    for p in body.iter(W + "p"):
        count += 1
        sect = p.find(f"{W}pPr/{W}sectPr")
        if sect is not None:
            ends.append((sect, count))
    final = body.find(W + "sectPr")
    if final is not None or not ends:
        ends.append((final, count))
    out, start = [], 1
    inherited: dict = {}
    for i, (sect, last) in enumerate(ends):
        setup = PageSetup(i, start)
        start = last + 1
        out.append(setup)
        if sect is None:
            continue
        bad = []
        size = sect.find(W + "pgSz")
        if size is not None:
            for attr, key in (("w", "width_mm"), ("h", "height_mm")):
                raw = size.get(qn(f"w:{attr}"))
                value = to_int(raw)
                if raw is not None and value is None:
                    bad.append((f"pgSz/{attr}", raw))
                setattr(setup, key, _mm(value) if value and value > 0 else None)
        margins = sect.find(W + "pgMar")
        for name in ("top", "bottom", "left", "right"):
            raw = margins.get(qn(f"w:{name}")) if margins is not None else None
            value = to_int(raw)
            if raw is not None and value is None:
                bad.append((f"pgMar/{name}", raw))
            setup.margins_mm[name] = _mm(abs(value)) if value is not None else None
        setup.malformed = tuple(bad)
        title = sect.find(W + "titlePg")
        setup.title_page = title is not None and title.get(qn("w:val"), "1").lower() not in _OFF
        numbering = sect.find(W + "pgNumType")
        setup.restart = numbering is not None and numbering.get(qn("w:start")) is not None
        for ref in sect:
            kind = (
                "header" if ref.tag == W + "headerReference" else "footer" if ref.tag == W + "footerReference" else ""
            )
            if not kind:
                continue
            try:
                part = doc.part.related_parts[ref.get(qn("r:id"))]
            except KeyError:
                continue
            inherited[(kind, ref.get(qn("w:type"), "default"))] = _page_field(part.element, styles)
        for kind in ("header", "footer"):
            align = inherited.get((kind, "default"))
            if align is not None and setup.page_field is None:
                setup.page_field, setup.page_align = kind, align
        setup.first_page_field = any(inherited.get((k, "first")) is not None for k in ("header", "footer"))
    return out


def stated_pages(path) -> int | None:
    """The page count the saving program wrote in docProps/app.xml, if any."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/app.xml")
            if info.file_size > 1 << 20:
                return None
            data = package.read_part(archive, info).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return None
    m = re.search(r"<(?:\w+:)?Pages>\s*(\d{1,6})\s*</", data)
    return int(m.group(1)) if m else None
