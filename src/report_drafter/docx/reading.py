"""Read a .docx as Word displays it: paragraphs in order and their resolved formatting.

Formatting is resolved run → character style → paragraph style (and its `basedOn`
chain) → document defaults, as Word does; python-docx reports inherited values as
None, so this module walks the chain itself. Fonts are resolved like Word too: a
theme font (`asciiTheme="minorHAnsi"`) is looked up in the document's theme, the
`w:hint="eastAsia"` switch sends Vietnamese letters to the East Asian font, and
family aliases ("Times New Roman Bold", "TimesNewRomanPSMT") count as their family.
A header laid out with tabs instead of a table is split into its two columns, and a
paragraph holding several lines joined by line breaks (`w:br`, as legal portals and many
offices write the header, the sign-off and `Nơi nhận:` with its list) is read as one
`Para` per line. Values that are not numbers (`w:sz="x"`) read as "not stated", never
as an exception. `check` reads documents with this module (page setup: docxpage.py); `check --fix`
writes through docxwrite.py; `import` may read documents with `read` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from report_drafter.docx import package
from report_drafter.errors import ReportDrafterError
from report_drafter.ooxml import DOCUMENT_PART, W
from report_drafter.rules import book as layout

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_OFF = {"0", "false", "off", "none"}
_FONT_SUFFIX = re.compile(r"(?:[ ,-]+(?:bold|italic|regular|bolditalic|oblique|normal))+$", re.I)
_FONT_ALIASES = {
    "timesnewroman": "Times New Roman",
    "timesnewromanpsmt": "Times New Roman",
    "timesnewromanps": "Times New Roman",
    "times": "Times New Roman",
}
HEADER_SCAN = 14  # a header typed with tabs lies within the first paragraphs
MAX_PARAGRAPHS = 100_000  # beyond any real document (an 88-page decree has about 2,000)
_SCAN_FROM = 8 * 1024 * 1024  # document.xml above this size is counted before it is parsed


class TooLarge(ReportDrafterError):
    """A document with more paragraphs than any real one: refused before it is parsed."""

    def __init__(self, count: int):
        super().__init__(count)
        self.message = (
            f"văn bản có hơn {MAX_PARAGRAPHS:,} đoạn ({count:,}), quá mọi văn bản thật; "
            "không kiểm tra để khỏi dùng hết bộ nhớ"
        ).replace(",", ".")


def to_int(value) -> int | None:
    """An OOXML integer attribute, or None when it is missing or not a number (`"x"`, `""`, `"²"`)."""
    if value is None:
        return None
    text = str(value).strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
        return None
    return int(text)


def font_family(name: str | None) -> str | None:
    """The family Word shows for a font name: "Times New Roman Bold" → "Times New Roman"."""
    if not name:
        return name
    base = _FONT_SUFFIX.sub("", name.strip())
    base = re.sub(r"(?:PS)?-?(?:Bold|Italic|BoldItalic)?MT$", "", base) if "MT" in base else base
    return _FONT_ALIASES.get(re.sub(r"[\s_-]", "", base).lower(), base)


@dataclass
class Format:
    """What Word shows for a run: size in points, flags, the font family of its letters."""

    size: float | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False
    font: str | None = None  # family (aliases resolved) of the first letter not in the expected font
    fonts: tuple = ()  # every family the run's letters are shown in
    theme: bool = False  # the font comes from the document's theme
    color: str | None = None  # hex RGB when not automatic (black shows as "000000")
    link: bool = False  # the run is the text of a hyperlink


@dataclass
class ParaFormat:
    """Paragraph properties as resolved through the style chain (None: not stated)."""

    alignment: str | None = None
    first_line_mm: float | None = None
    line: float | None = None  # in lines when the rule is "auto"
    line_exact_pt: float | None = None
    before_pt: float | None = None
    after_pt: float | None = None
    borders: tuple = ()  # sides with a line
    num: tuple | None = None  # (numId, ilvl) of an automatic list


@dataclass
class Para:
    """One paragraph (or one column of a tab-separated header line) with its place and formats."""

    index: int  # position among all paragraphs, from 1
    text: str
    style_id: str
    style_name: str
    runs: list = field(default_factory=list)  # (text, Format) for runs with text
    where: str = "body"  # body | header-left | header-right | signoff-left | signoff-right | table
    element: object = None
    run_elements: list = field(default_factory=list)  # the <w:r> behind each entry of `runs`
    fmt: ParaFormat = field(default_factory=ParaFormat)
    split: bool = False  # one column of a tab-separated line: its text is not the whole paragraph
    number_text: str = ""  # the automatic number Word shows before it (lvlText), e.g. "%1."
    number_format: str = ""  # numFmt of that level, e.g. "upperRoman"
    line: int = 0  # which line of its paragraph (lines joined by w:br), from 0
    lines: int = 1  # how many lines its paragraph holds
    shared: bool = False  # one of its runs also holds text of another line

    def formats(self) -> list[Format]:
        return [f for t, f in self.runs if t.strip()]


class Styles:
    """Style lookup with inheritance, from styles.xml; the theme's fonts."""

    def __init__(self, doc):
        root = doc.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        defaults = root.find(qn("w:docDefaults"))
        self.default_rpr = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.default_ppr = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None
        self.default_paragraph = next(
            (
                sid
                for sid, s in self.by_id.items()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )
        self.theme = _theme_fonts(doc)
        self.numbering = _numbering(doc)

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


def _theme_fonts(doc) -> dict:
    """{"major": {"latin": …, "ea": …}, "minor": {…}} from word/theme/theme1.xml."""
    out = {"major": {}, "minor": {}}
    try:
        part = doc.part.part_related_by(RT.THEME)
    except KeyError:
        return out
    root = parse_xml(part.blob)
    for kind in ("major", "minor"):
        node = root.find(f".//{A}{kind}Font")
        if node is not None:
            for script in ("latin", "ea", "cs"):
                el = node.find(A + script)
                if el is not None and el.get("typeface"):
                    out[kind][script] = el.get("typeface")
    return out


def _numbering(doc) -> dict:
    """(numId, ilvl) → (lvlText, numFmt) for every list of the document."""
    try:
        root = doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
    out = {}
    for num in root.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        a = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
        if a is None:
            continue
        for lvl in a.findall(qn("w:lvl")):
            text, fmt = lvl.find(qn("w:lvlText")), lvl.find(qn("w:numFmt"))
            out[(num.get(qn("w:numId")), lvl.get(qn("w:ilvl")))] = (
                text.get(qn("w:val"), "") if text is not None else "",
                fmt.get(qn("w:val"), "") if fmt is not None else "",
            )
    return out


def _flag(rpr, tag: str):
    el = rpr.find(W + tag) if rpr is not None else None
    if el is None:
        return None
    return el.get(qn("w:val"), "true").lower() not in _OFF


def _theme_font(theme: dict, value: str) -> str | None:
    kind = "major" if value.startswith("major") else "minor"
    script = "ea" if value.endswith("EastAsia") else "cs" if value.endswith("Bidi") else "latin"
    return theme.get(kind, {}).get(script) or theme.get(kind, {}).get("latin")


def _apply(fmt: dict, rpr, theme: dict) -> None:
    """Fill in what `rpr` sets and `fmt` does not have yet (nearer levels win)."""
    if rpr is None:
        return
    if fmt.get("size") is None:
        sz = rpr.find(W + "sz")
        if sz is not None and sz.get(qn("w:val")):
            half = to_int(sz.get(qn("w:val")))
            if half is not None and 0 < half < 3300:
                fmt["size"] = half / 2
    for key, tag in (("bold", "b"), ("italic", "i"), ("caps", "caps")):
        if fmt.get(key) is None:
            fmt[key] = _flag(rpr, tag)
    if fmt.get("color") is None:
        c = rpr.find(W + "color")
        if c is not None and c.get(qn("w:val")):
            fmt["color"] = c.get(qn("w:val"))
    if fmt.get("underline") is None:
        u = rpr.find(W + "u")
        if u is not None:
            fmt["underline"] = u.get(qn("w:val"), "single").lower() not in _OFF
    fonts = rpr.find(W + "rFonts")
    if fonts is None:
        return
    for script in ("ascii", "hAnsi", "eastAsia"):
        if fmt.get(script) is None:
            themed = fonts.get(qn(f"w:{script}Theme"))
            if themed:
                fmt[script] = (_theme_font(theme, themed), True)
            elif fonts.get(qn(f"w:{script}")):
                fmt[script] = (fonts.get(qn(f"w:{script}")), False)
    if fmt.get("hint") is None and fonts.get(qn("w:hint")):
        fmt["hint"] = fonts.get(qn("w:hint"))


def _hint_east_asian(ch: str) -> bool:
    """Letters Word shows in the East Asian font when a run carries w:hint="eastAsia"."""
    code = ord(ch)
    return 0xA0 <= code <= 0x24F or 0x1E00 <= code <= 0x1EFF or 0x300 <= code <= 0x36F


def resolve(run, paragraph_style: str | None, styles: Styles, text: str = "") -> Format:
    """The formatting Word displays for `run` in a paragraph of `paragraph_style`."""
    fmt: dict = {}
    rpr = run.find(W + "rPr")
    _apply(fmt, rpr, styles.theme)
    rstyle = rpr.find(W + "rStyle") if rpr is not None else None
    if rstyle is not None:
        for style in styles.chain(rstyle.get(qn("w:val"))):
            _apply(fmt, style.find(W + "rPr"), styles.theme)
    for style in styles.chain(paragraph_style or styles.default_paragraph):
        _apply(fmt, style.find(W + "rPr"), styles.theme)
    _apply(fmt, styles.default_rpr, styles.theme)
    families, theme = [], False
    for ch in {c for c in text if c.isalpha()} or set("a"):
        if ord(ch) < 0x80:
            script = "ascii"
        elif fmt.get("hint") == "eastAsia" and fmt.get("eastAsia") and _hint_east_asian(ch):
            script = "eastAsia"
        else:
            script = "hAnsi"
        name, themed = fmt.get(script) or fmt.get("ascii") or (None, False)
        family = font_family(name)
        if family and family not in families:
            families.append(family)
            theme = theme or themed
    families.sort()
    color = fmt.get("color")
    color = None if color is None or color.lower() == "auto" else color.upper()
    return Format(
        fmt.get("size") or 10.0,
        bool(fmt.get("bold")),
        bool(fmt.get("italic")),
        bool(fmt.get("underline")),
        bool(fmt.get("caps")),
        families[0] if families else None,
        tuple(families),
        theme,
        color,
    )


def _ppr_value(chain_pprs: list, tag: str, attr: str):
    for ppr in chain_pprs:
        el = ppr.find(W + tag) if ppr is not None else None
        if el is not None and el.get(qn(f"w:{attr}")) is not None:
            return el.get(qn(f"w:{attr}"))
    return None


def paragraph_format(p, style_id: str | None, styles: Styles) -> tuple[ParaFormat, tuple | None]:
    pprs = [p.find(W + "pPr")] + [s.find(W + "pPr") for s in styles.chain(style_id)] + [styles.default_ppr]
    out = ParaFormat()
    out.alignment = _ppr_value(pprs, "jc", "val")
    first = _ppr_value(pprs, "ind", "firstLine")
    hanging = _ppr_value(pprs, "ind", "hanging")
    first, hanging = to_int(first), to_int(hanging)
    if first is not None:
        out.first_line_mm = first * 25.4 / 1440
    elif hanging is not None:
        out.first_line_mm = -hanging * 25.4 / 1440
    line, rule = to_int(_ppr_value(pprs, "spacing", "line")), _ppr_value(pprs, "spacing", "lineRule") or "auto"
    if line is not None:
        if rule == "auto":
            out.line = line / 240
        else:
            out.line_exact_pt = line / 20
    for key, attr in (("before_pt", "before"), ("after_pt", "after")):
        value = to_int(_ppr_value(pprs, "spacing", attr))
        if value is not None:
            setattr(out, key, value / 20)
    for ppr in pprs:
        box = ppr.find(W + "pBdr") if ppr is not None else None
        if box is not None:
            out.borders = tuple(c.tag[len(W) :] for c in box if c.get(qn("w:val"), "nil") not in ("nil", "none"))
            break
    num_id, ilvl = _ppr_value(pprs, "numPr/" + W + "numId", "val"), _ppr_value(pprs, "numPr/" + W + "ilvl", "val")
    if num_id and num_id != "0":
        out.num = (num_id, ilvl or "0")
    return out, out.num


def run_text(run) -> str:
    """A run's text as Word shows it: tabs as \\t, line breaks as \\n."""
    out = []
    for child in run:
        tag = child.tag
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _runs(p):
    """The runs of paragraph `p` in order, including those inside hyperlinks and fields."""
    return [r for r in p.iter(W + "r") if next(r.iterancestors(W + "p")) is p]


def _text(el) -> str:
    return "".join(run_text(r) for r in el.iter(W + "r"))


def read(path, lines: bool = False):
    """(python-docx Document, [Para] in reading order, header table, sign-off table).

    With `lines`, a paragraph holding line breaks gives one `Para` per line (`split_lines`);
    without, one `Para` per paragraph whose text shows each break as a newline (as before).
    Raises `package.PackageError` for a zip bomb, before python-docx inflates anything, and
    `TooLarge` for a document.xml of more paragraphs than any real document (counted while
    streaming, so memory stays bounded). Paragraphs after the sign-off table are placed
    "appendix" (annexed forms keep their own "Nơi nhận"; the document's own sign-off is the
    first one).
    """
    package.verify(path)
    _count_paragraphs(path)
    doc = Document(str(path))
    styles = Styles(doc)
    body = doc.element.body
    tables = [t for t in body if t.tag == W + "tbl"]
    header_table = next((t for t in tables[:2] if NATIONAL_WORD in upper(_text(t))), None)
    signoff_table = next((t for t in tables if t is not header_table and RECIPIENTS_WORD in _text(t)), None)
    after_signoff = False
    paras: list[Para] = []
    for p in body.iter(W + "p"):
        where = "appendix" if after_signoff else "body"
        table = next((a for a in p.iterancestors(W + "tbl")), None)
        if (
            signoff_table is not None
            and not after_signoff
            and table is None
            and p.getparent() is body
            and signoff_table.getparent() is body
            and body.index(p) > body.index(signoff_table)
        ):
            after_signoff, where = True, "appendix"
        if table is not None and after_signoff:
            where = "appendix"
        elif table is not None:
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
        runs, elements = [], []
        for r in _runs(p):
            text = run_text(r)
            if text:
                shown = resolve(r, style_id, styles, text)
                shown.link = r.getparent().tag == W + "hyperlink"
                runs.append((text, shown))
                elements.append(r)
        fmt, num = paragraph_format(p, style_id, styles)
        number_text, number_format = styles.numbering.get(num, ("", "")) if num else ("", "")
        paras.append(
            Para(
                len(paras) + 1,
                "".join(t for t, _ in runs),
                style_id,
                styles.name(style_id),
                runs,
                where,
                p,
                elements,
                fmt,
                False,
                number_text,
                number_format,
            )
        )
    if header_table is None:
        paras = _split_tab_header(paras)
    return doc, split_lines(paras) if lines else paras, header_table, signoff_table


RECIPIENTS_WORD = layout.RECIPIENTS_LABEL.rstrip(":")


def _national_tail() -> str:
    """The words every rule set's national line ends with (`VIỆT NAM`): how a header table is known."""
    lines = [layout.regulation(n).national[0].upper().split() for n in layout.regulation_names()]
    tail: list = []
    for words in zip(*(reversed(w) for w in lines)):
        if len(set(words)) > 1:
            break
        tail.insert(0, words[0])
    return " ".join(tail)


NATIONAL_WORD = _national_tail()
_HEADER_LEFT_LINE = re.compile(
    r"^\s*("
    + "|".join(sorted({re.escape(layout.regulation(n).number_prefix.strip(" :")) for n in layout.regulation_names()}))
    + r")\b"
    + r"|^\s*V/v\b|^\s*\*\s*$|^\s*[-_]+\s*$"
)


def _date_words() -> re.Pattern:
    words = [w for w in re.sub(r"\{\w+\}|,", " ", layout.STATE.date_format).split()]
    return re.compile(rf"{words[0]}\s+\S+\s+{words[1]}", re.I)


_DATE_WORDS = _date_words()


def upper(text: str) -> str:
    return text.upper()


def _count_paragraphs(path) -> None:
    """Stream a large document.xml and count `<w:p` tags; `TooLarge` past MAX_PARAGRAPHS."""
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        try:
            info = archive.getinfo(DOCUMENT_PART)
        except KeyError:
            return
        if info.file_size < _SCAN_FROM:
            return
        count, tail = 0, b""
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                count += data.count(b"<w:p>") + data.count(b"<w:p ") + data.count(b"<w:p/>")
                tail = data[-5:]
                count -= tail.count(b"<w:p>") + tail.count(b"<w:p ") + tail.count(b"<w:p/>")
                if count > MAX_PARAGRAPHS:
                    raise TooLarge(count)


def split_lines(paras: list[Para]) -> list[Para]:
    """Each paragraph holding line breaks becomes one `Para` per non-empty line.

    A line's runs are the pieces of the runs between its breaks; a run holding a break
    belongs to both lines (`shared`), so a repair of one line must first split it
    (`own_runs`)."""
    out: list[Para] = []
    for p in paras:
        if "\n" not in p.text:
            out.append(p)
            continue
        pieces: list[list] = [[[], []]]
        for (chunk, fmt), el in zip(p.runs, p.run_elements):
            parts = chunk.split("\n")
            for k, part in enumerate(parts):
                if k:
                    pieces.append([[], []])
                if part:
                    pieces[-1][0].append((part, fmt))
                    pieces[-1][1].append(el)
        shared_runs = {id(el) for (chunk, _), el in zip(p.runs, p.run_elements) if "\n" in chunk.strip("\n")}
        for n, (runs, elements) in enumerate(pieces):
            text = "".join(t for t, _ in runs)
            if not text.strip():
                continue
            out.append(
                Para(
                    p.index,
                    text,
                    p.style_id,
                    p.style_name,
                    runs,
                    p.where,
                    p.element,
                    elements,
                    p.fmt,
                    True,
                    p.number_text if n == 0 else "",
                    p.number_format if n == 0 else "",
                    n,
                    len(pieces),
                    any(id(e) in shared_runs for e in elements),
                )
            )
    return out


def _split_tab_header(paras: list[Para]) -> list[Para]:
    """A header typed as lines `LEFT<tab>RIGHT` becomes header-left and header-right paragraphs.

    The header ends at the first line without a tab after the date line (other than the
    number, `V/v`, `*` or a separator line of the left column).
    """
    head, dated = [], False
    for p in paras[:HEADER_SCAN]:
        if p.where != "body" or (dated and "\t" not in p.text and not _HEADER_LEFT_LINE.match(p.text)):
            break
        head.append(p)
        dated = dated or bool(_DATE_WORDS.search(p.text))
    if not any("\t" in p.text.strip() or p.text.startswith("\t") for p in head) or NATIONAL_WORD not in " ".join(
        p.text.upper() for p in head
    ):
        return paras
    gaps = [_tabs_before_groups(p.text) for p in head]
    right_tab = max((g[1] for g in gaps if len(g) > 1), default=1)
    out = []
    for p in head:
        left, right = _split_runs(p, right_tab)
        for side, (runs, elements) in (("header-left", left), ("header-right", right)):
            if runs:
                text = "".join(t for t, _ in runs)
                out.append(
                    Para(
                        p.index,
                        text,
                        p.style_id,
                        p.style_name,
                        runs,
                        side,
                        p.element,
                        elements,
                        p.fmt,
                        bool(left[0]) and bool(right[0]),
                    )
                )
    return out + paras[len(head) :]


def _tabs_before_groups(text: str) -> list[int]:
    """For each group of text in a tab-separated line, how many tabs precede it."""
    return [text[: m.start()].count("\t") for m in re.finditer(r"[^\t]+", text) if m.group().strip()]


def _split_runs(p: Para, right_tab: int):
    """(left runs, elements), (right runs, elements): text before the first gap of tabs and after it.

    A line with one group of text is the right column when as many tabs precede it as
    precede the right column in the two-column lines, else the left column.
    """
    text = p.text
    groups = [m.span() for m in re.finditer(r"[^\t]+", text) if m.group().strip()]
    if not groups:
        return ([], []), ([], [])
    if len(groups) == 1:
        split_at = 0 if text[: groups[0][0]].count("\t") >= right_tab else len(text)
    else:
        split_at = groups[1][0]
    left, right = ([], []), ([], [])
    pos = 0
    for (chunk, fmt), el in zip(p.runs, p.run_elements):
        for side, lo, hi in (
            (left, pos, min(pos + len(chunk), split_at)),
            (right, max(pos, split_at), pos + len(chunk)),
        ):
            if hi > lo and chunk[lo - pos : hi - pos].strip("\t"):
                side[0].append((chunk[lo - pos : hi - pos].strip("\t"), fmt))
                side[1].append(el)
        pos += len(chunk)
    return left, right
