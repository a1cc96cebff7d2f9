"""Rendering: the only module that touches docxtpl and Jinja.

A template is prepared once per process (`prepare`): docxtpl's own clean-up of the
template XML runs once, the Jinja template is compiled once, and every unchanged
part of the package is kept as its compressed bytes. `PreparedTemplate.render`
then only runs Jinja over the body (and any templated header, footer or core
properties) and writes the zip. Jinja runs sandboxed, with autoescape and strict
undefined: text from inputs is data, never template code.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FunctionLoader, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SecurityError
from markupsafe import Markup, escape

from report_drafter.document import cachekey, sandbox
from report_drafter.docx import package
from report_drafter.errors import TemplateNotFound, UserError
from report_drafter.files import reading as safefile
from report_drafter.files import writing as output
from report_drafter.ooxml import CORE_PART, DOCUMENT_PART
from report_drafter.text import marks


def _template_dir() -> Path:
    """The built-in Word templates: inside the installed package (the wheel maps the
    repository's top-level `templates/` to `report_drafter/templates`), or, in a source
    checkout, the top-level `templates/` itself."""
    packaged = Path(__file__).parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


TEMPLATE_DIR = _template_dir()
BUILTIN_TEMPLATES = {"party": "party.docx", "state": "state.docx"}
DEFAULT_TEMPLATE_NAMES = ("", "bao-cao-so-ket", "bao-cao-tong-ket")
_TAG_BYTES = re.compile(rb"\{[{%]")  # the same in UTF-8 bytes (ASCII never occurs inside a character)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
MAX_TEMPLATE_XML = 16 * 1024 * 1024  # bytes of one XML part of a template
_LISTING_CHARS = ("\n", "\t", "\a", "\f")


# --------------------------------------------------------------------------- Jinja


class TemplateSyntax(UserError):
    """A template tag Jinja cannot compile; `snippet` is the text of the paragraph around it."""

    def __init__(self, message: str, snippet: str, words: str = ""):
        super().__init__(message)
        self.snippet = snippet
        self.words = words or message


_SYNTAX_WORDS = (  # (Jinja's words, the clerk's)
    ("unexpected end of template", "thiếu thẻ đóng ({% endif %}, {% endfor %} …)"),
    ("unknown tag", "thẻ lệnh không có trong Jinja"),
    ("unexpected '}'", "thẻ đóng sai: {{ … }} cần hai dấu }"),
    ("unexpected", "thẻ viết sai"),
)


def _syntax_error(exc: TemplateSyntaxError) -> TemplateSyntax:
    line = (exc.source or "").splitlines()[exc.lineno - 1] if exc.source and exc.lineno else ""
    text = re.sub(r"<[^>]+>", "", line)
    words = next((vi for en, vi in _SYNTAX_WORDS if en in (exc.message or "").lower()), "thẻ viết sai")
    return TemplateSyntax(f"{words} (chi tiết: {exc.message})", text.strip())


_JINJA_WORDS = (  # Jinja's run-time messages, in Vietnamese (the name in them kept)
    (r"'([^']+)' is undefined", r"biến \1 không có trong dữ liệu mẫu (xem report-drafter templates)"),
    (r"'[^']+' object has no attribute '([^']+)'", r"không có khóa \1 ở đây (xem docs/context.md)"),
    (r"'[^']+' has no attribute '([^']+)'", r"không có khóa \1 ở đây (xem docs/context.md)"),
    (r"access to attribute '([^']+)' of '[^']+' object is unsafe\.?", r"không được dùng thuộc tính \1"),
    (r"no filter named '([^']+)'", r"không có bộ lọc \1"),
    (r"no test named '([^']+)'", r"không có phép thử \1"),
)


def _in_vietnamese(exc: Exception) -> str:
    """A Jinja error message in Vietnamese; one without a translation keeps Jinja's words
    after a Vietnamese lead."""
    text = str(getattr(exc, "message", None) or exc)
    for pattern, words in _JINJA_WORDS:
        found = re.search(pattern, text)
        if found:
            return found.expand(words)
    return f"lỗi mẫu (chi tiết kỹ thuật: {text})"


def _xml_escape(text: str) -> str:
    return _keep_braces(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _keep_braces(xml: str) -> str:
    """`{_{ }_}` written in an input stays as written: docxtpl's post-processing (which
    turns `{_{` into `{{`) does not see braces written as character references."""
    if "{_" in xml or "_}" in xml:
        return xml.replace("{_", "&#123;_").replace("_}", "_&#125;")
    return xml


def _finalize(value) -> Markup:
    """Every printed value, XML-escaped, with its braces kept as written."""
    text = escape(value)
    if "{_" in text or "_}" in text:
        return Markup(_keep_braces(str(text)))
    return text


def runs_filter(runs) -> Markup:
    """`[{"text", "bold", "italic"}]` → complete `<w:r>` elements, text escaped.

    A run with a `mark` (a figure from the input) is wrapped in its hidden bookmark.
    """
    out = []
    for run in runs:
        props = ("<w:b/>" if run.get("bold") else "") + ("<w:i/>" if run.get("italic") else "")
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        xml = f'<w:r>{rpr}<w:t xml:space="preserve">{_xml_escape(str(run["text"]))}</w:t></w:r>'
        if run.get("mark"):
            mark_id = int(run["mark_id"])
            xml = (
                f'<w:bookmarkStart w:id="{mark_id}" w:name="{_xml_escape(marks.bookmark_name(run["mark"]))}"/>'
                f'{xml}<w:bookmarkEnd w:id="{mark_id}"/>'
            )
        out.append(xml)
    return Markup("".join(out))


def _cell(text: str, width: int, style: str, right: bool = False) -> str:
    jc = '<w:jc w:val="right"/>' if right else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{int(width)}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
        f'<w:pStyle w:val="{style}"/>{jc}</w:pPr><w:r><w:t xml:space="preserve">'
        f"{_xml_escape(str(text))}</w:t></w:r></w:p></w:tc>"
    )


def table_filter(table) -> Markup:
    """`{"header", "rows", "widths", "numeric"}` → a complete `<w:tbl>`: grid lines, the header
    row repeated on each page, rows never split, numbers right-aligned; text escaped."""
    widths = [int(w) for w in table["widths"]]
    numeric = list(table["numeric"])
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(_cell(h, w, "TableHeading") for h, w in zip(table["header"], widths))
    rows = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + "".join(_cell(c, w, "TableText", n) for c, w, n in zip(row, widths, numeric))
        + "</w:tr>"
        for row in table["rows"]
    )
    return Markup(
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>{rows}</w:tbl>"
    )


def make_environment(loader=None, trusted: bool = False):
    """The Jinja environment a template is rendered in: the bounded sandbox (see sandbox.py),
    or, for the built-in templates (`trusted`), a plain one that escapes and is strict alike."""
    env = (sandbox.Trusted if trusted else sandbox.Environment)(loader, finalize=_finalize)
    env.filters["runs"] = runs_filter
    env.filters["table"] = table_filter
    if not trusted:
        sandbox.bound_filters(env)
    return env


def is_builtin(path) -> bool:
    """Whether `path` is one of the built-in templates shipped with the code (trusted)."""
    return os.path.realpath(path) in _BUILTIN_REALPATHS


def cache_dir() -> Path | None:
    """Where prepared templates are cached between runs (None: no cache)."""
    if os.environ.get("REPORT_DRAFTER_NO_CACHE"):
        return None
    base = os.environ.get("REPORT_DRAFTER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "report-drafter"
    )
    try:
        os.makedirs(base, exist_ok=True)
    except OSError:
        return None
    return Path(base) if os.access(base, os.W_OK) else None


# ----------------------------------------------------------------------- templates

_BUILTIN_PATHS = {name: TEMPLATE_DIR / file for name, file in BUILTIN_TEMPLATES.items()}
_BUILTIN_REALPATHS = frozenset(os.path.realpath(p) for p in _BUILTIN_PATHS.values())


def builtin_template(system: str) -> Path:
    return _BUILTIN_PATHS[system]


def list_builtin_templates() -> list[tuple[str, Path]]:
    return [(name, TEMPLATE_DIR / file) for name, file in BUILTIN_TEMPLATES.items()]


def resolve_template(name: str, system: str, base_dir=None) -> Path:
    """The .docx a report names (`template:`), or its system's built-in template."""
    if name in DEFAULT_TEMPLATE_NAMES:
        return builtin_template(system)
    if name in BUILTIN_TEMPLATES:
        return builtin_template(name)
    path = Path(name)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    if path.suffix.lower() != ".docx" or not path.is_file():
        known = ", ".join(["bao-cao-so-ket", *BUILTIN_TEMPLATES])
        raise TemplateNotFound(
            f'không tìm thấy mẫu "{name}"; hãy ghi tên mẫu có sẵn ({known}) hoặc đường dẫn tới một tệp .docx'
        )
    _check_custom(os.path.realpath(path), path.stat().st_mtime_ns)
    return path


@lru_cache(maxsize=16)
def _check_custom(path: str, mtime_ns: int) -> None:
    """Refuse a custom template that is no sound Word package (zip bomb, DTD) before any use."""
    try:
        _refuse_unsafe(Path(path).name, package.read_contents(path))
    except package.PackageError as exc:
        raise TemplateNotFound(f"mẫu {Path(path).name} không dùng được: {exc.message}") from exc
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return  # no zip at all: validate and prepare say so in their words


def _refuse_unsafe(name: str, contents: dict[str, bytes]) -> None:
    """Refuse a template with a DTD, or with an XML part too large for any template (120 MB of
    empty paragraphs would take gigabytes to prepare)."""
    for part, data in contents.items():
        if part.endswith(".xml") and len(data) > MAX_TEMPLATE_XML:
            raise TemplateNotFound(
                f"mẫu {name} có phần {part} dài {len(data) // 1024 // 1024} MB, quá giới hạn "
                f"{MAX_TEMPLATE_XML // 1024 // 1024} MB cho một mẫu (mẫu báo cáo chỉ vài trăm KB); "
                f"hãy dùng một mẫu khác hoặc xóa phần thừa trong Word"
            )
    for part, data in contents.items():
        if b"<!" in data and _DOCTYPE.search(data):
            raise TemplateNotFound(
                f"mẫu {name} có khai báo DTD (<!DOCTYPE) ở phần {part}: Word không "
                f"dùng DTD và DTD có thể trỏ tới tệp khác; hãy mở mẫu trong Word và lưu lại"
            )


@dataclass
class RenderedDocument:
    data: bytes
    fingerprint: str


class PreparedTemplate:
    """A template ready to render many times in this process."""

    def __init__(self, path: Path):
        self.path = Path(path)
        members, contents = package.read_members(self.path)
        _refuse_unsafe(self.path.name, contents)
        self._members = members
        self._splice: dict[str, tuple[str, str]] = {}  # part name → (prefix, suffix)
        self.sources: dict[str, str] = {}  # part name → Jinja source (after clean-up)
        cache = cache_dir()
        key = hashlib.sha256(self.path.read_bytes()).hexdigest()[:32]
        for name, source, prefix, suffix in _cached_sources(self.path, contents, cache, key):
            self.sources[name] = source
            self._splice[name] = (prefix, suffix)
        # No bytecode cache: it saved nothing measurable per run, and it unpickles files.
        loader = FunctionLoader(lambda name: (self.sources[name.split(":", 1)[1]], None, lambda: True))
        self.trusted = is_builtin(self.path)
        self.env = make_environment(loader, self.trusted)
        self._jinja: dict[str, Any] = {}
        self._variables: list[str] | None = None
        self._tested: frozenset[str] | None = None
        for name in self.sources:
            try:
                self._jinja[name] = self.env.get_template(f"{key}:{name}")
            except sandbox.Refused as exc:
                raise UserError(f"mẫu {self.path.name} ({part_label(name)}): {exc.message}") from exc
            except TemplateSyntaxError as exc:
                raise _syntax_error(exc) from exc
            except RecursionError:
                source = self.sources[name]
                raise UserError(
                    f"mẫu {self.path.name} ({part_label(name)}): biểu thức trong thẻ ở đoạn "
                    f"{sandbox.paragraph_at(source, sandbox.deepest_line(source))} lồng ngoặc quá "
                    f"sâu; hãy viết biểu thức đơn giản hơn"
                ) from None

    def variables(self) -> list[str]:
        """Dotted names the template reads from the context (`header.date_line` …); found once."""
        if self._variables is None:
            found: set[str] = set()
            for source in self.sources.values():
                found |= _dotted_names(self.env.parse(source))
            self._variables = sorted(found)
        return list(self._variables)

    def tested_variables(self) -> set[str]:
        """Dotted names the template tests in `{% if … %}` or loops over (their being empty is
        intended); found once."""
        if self._tested is None:
            found: set[str] = set()
            for source in self.sources.values():
                for node in self.env.parse(source).find_all((nodes.If, nodes.For)):
                    expr = node.test if isinstance(node, nodes.If) else node.iter
                    found |= {p for n in [expr, *expr.find_all((nodes.Getattr, nodes.Name))] if (p := _path(n))}
            self._tested = frozenset(found)
        return set(self._tested)

    def render_parts(self, context: dict) -> dict[str, bytes]:
        """The rendered XML of every templated part."""
        rendered = {}
        with self.env.bounds():
            xmls = {name: self._render_part(name, template, context) for name, template in self._jinja.items()}
        for name, xml in xmls.items():
            prefix, suffix = self._splice[name]
            if name.startswith("word/"):  # docxtpl's post-processing of body, headers, footers
                xml = _finish_xml(xml)
            rendered[name] = (prefix + xml + suffix).encode("utf-8")
        return rendered

    def _render_part(self, name: str, template, context: dict) -> str:
        where = f"mẫu {self.path.name} ({part_label(name)})"
        try:
            return self.env.render(template, context)
        except sandbox.Refused as exc:
            raise UserError(f"{where}: {exc.message}") from exc
        except SecurityError as exc:
            raise UserError(f"mẫu {self.path.name} làm một việc không được phép: {_in_vietnamese(exc)}") from exc
        except TemplateError as exc:
            raise UserError(
                f"mẫu {self.path.name} không hiển thị được ({part_label(name)}): {_in_vietnamese(exc)}"
            ) from exc
        except (MemoryError, RecursionError) as exc:
            raise UserError(
                f"{where}: mẫu dùng quá nhiều bộ nhớ hoặc gọi lồng quá sâu "
                f"({type(exc).__name__}); hãy kiểm tra các vòng lặp và macro trong mẫu"
            ) from exc
        except NameError as exc:  # Jinja folded a constant into `inf` or `nan`, which Python cannot name
            raise UserError(
                f"{where}: mẫu tính ra một số vô hạn hoặc không xác định ({exc.name}); hãy sửa biểu thức trong mẫu"
            ) from exc
        except (ArithmeticError, ValueError, TypeError, LookupError) as exc:
            raise UserError(
                f"{where}: mẫu tính toán sai ({type(exc).__name__}: {exc}); hãy sửa biểu thức trong mẫu"
            ) from exc

    def render(self, context: dict) -> RenderedDocument:
        """Render `context` into the bytes of a .docx and its fingerprint."""
        rendered = self.render_parts(context)
        members = []
        for m in self._members:
            data = rendered.get(m.name)
            members.append(package.member_from_bytes(m.name, data) if data is not None else m)
        digest = package.fingerprint(members)
        extra = _record(rendered, _emitted_marks(rendered, context), context.get("source"))
        members = [_with_fingerprint(m, digest, extra) if m.name == package.CUSTOM_PART else m for m in members]
        out = io.BytesIO()
        package.write_zip(members, out)
        return RenderedDocument(out.getvalue(), digest)


def part_label(name: str) -> str:
    return {DOCUMENT_PART: "thân văn bản", CORE_PART: "thuộc tính"}.get(name, name)


@lru_cache(maxsize=16)
def _prepared(path: str, mtime_ns: int) -> PreparedTemplate:
    return PreparedTemplate(Path(path))


def prepare(path) -> PreparedTemplate:
    """The prepared template for `path`, built once per process (and per file change)."""
    path = os.path.realpath(path)
    try:
        return _prepared(path, os.stat(path).st_mtime_ns)
    except package.PackageError as exc:
        raise TemplateNotFound(f"mẫu {Path(path).name} không dùng được: {exc.message}") from exc
    except TemplateSyntax as exc:
        raise TemplateSyntax(
            f'mẫu {os.path.basename(path)} viết sai thẻ ở đoạn "{exc.snippet[:80]}": {exc.words}',
            exc.snippet,
            exc.words,
        ) from exc
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateNotFound(
            f"mẫu {path} không phải tệp Word .docx dùng được ({type(exc).__name__}); "
            f"hãy lưu lại mẫu trong Word ở định dạng .docx"
        ) from exc


# ------------------------------------------------------------------------ internals

_CACHE_FORMAT = 2
_CACHE_MAX_BYTES = 64 * 1024 * 1024


def _docxtpl_stamp() -> str:
    """Changes when docxtpl is upgraded, without importing it or importlib.metadata (slow at
    start-up): the size and time of its installed module file."""
    import importlib.util

    spec = importlib.util.find_spec("docxtpl")
    try:
        st = os.stat(spec.origin)
    except (AttributeError, TypeError, OSError):
        return "0"
    return f"{st.st_size:x}{st.st_mtime_ns:x}"


def _cached_sources(path: Path, contents: dict[str, bytes], cache: Path | None, key: str) -> list:
    """`_template_sources`, kept on disk so that later runs need not import docxtpl.

    A cached file is used only when its shape, its own checksum and its list of templated
    parts all match; anything else (truncated, edited, another shape) is rebuilt.
    """
    from report_drafter import __version__

    file = cache / f"prepared-{key}-{_docxtpl_stamp()}-{__version__}-v{_CACHE_FORMAT}.json" if cache else None
    if file:
        sources = _read_cache(file, key, contents)
        if sources is not None:
            return sources
    sources = list(_template_sources(path, contents))
    checksum = _checksum(cachekey.secret(cache), key, sources) if file else None
    if checksum:
        try:  # never through a link planted at the name (see output.write_own)
            output.write_own(
                file,
                json.dumps({"sources": sources, "checksum": checksum}, ensure_ascii=False).encode("utf-8"),
                sync=False,
            )
        except OSError:
            pass
    return sources


def _read_cache(file: Path, key: str, contents: dict[str, bytes]) -> list | None:
    """The sources cached in `file`, or None when they cannot be trusted."""
    try:  # a plain file only: a FIFO, a link to /dev/zero are ignored
        data = json.loads(safefile.read_regular(file, _CACHE_MAX_BYTES))
    except (OSError, ValueError, RecursionError):
        return None
    items = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(
        isinstance(item, list) and len(item) == 4 and all(isinstance(x, str) for x in item) for item in items
    ):
        return None
    sources = [tuple(item) for item in items]
    expected = _checksum(cachekey.secret(file.parent), key, sources)
    if expected is None or not hmac.compare_digest(str(data.get("checksum")).encode("utf-8"), expected.encode("ascii")):
        return None
    if [name for name, *_ in sources] != _templated_parts(contents):
        return None
    return sources


def _checksum(secret: bytes | None, key: str, sources: list) -> str | None:
    """Keyed with the cache's secret (cachekey.py): an entry forged without it is refused."""
    return cachekey.checksum(secret, json.dumps([key, sources], ensure_ascii=False))


def _templated_parts(contents: dict[str, bytes]) -> list[str]:
    """The XML parts that hold template tags, in package order."""
    return [n for n, data in contents.items() if n.endswith(".xml") and _TAG_BYTES.search(data)]


def _template_sources(path: Path, contents: dict[str, bytes]):
    """(part, Jinja source, prefix, suffix) for each part that holds template tags.

    The body goes through docxtpl's own tag clean-up (`patch_xml`), exactly as
    `DocxTemplate.render` does, so documents match plain docxtpl part for part.
    """
    document = contents[DOCUMENT_PART].decode("utf-8")
    templated = _templated_parts(contents)
    if not templated:
        return
    from docxtpl import DocxTemplate  # heavy import, only while preparing

    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    for name in templated:
        text = contents[name].decode("utf-8")
        if name == DOCUMENT_PART:
            body = tpl.patch_xml(tpl.get_xml())
            start, end = document.index("<w:body"), document.rindex("</w:body>") + len("</w:body>")
            yield name, _mark_paragraphs(body), document[:start], document[end:]
        elif name.startswith("word/header") or name.startswith("word/footer"):
            yield name, _mark_paragraphs(tpl.patch_xml(text)), "", ""
        else:  # core properties and other small XML parts: rendered as they are
            yield name, text, "", ""


def _mark_paragraphs(xml: str) -> str:
    # docxtpl puts each paragraph on its own line so Jinja errors can show a line.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _finish_xml(xml: str) -> str:
    """docxtpl's post-processing of a rendered body, header or footer."""
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if any(ch in xml for ch in _LISTING_CHARS):
        xml = _resolve_listing(xml)
    return xml


def _resolve_listing(xml: str) -> str:
    from docxtpl import DocxTemplate

    return DocxTemplate.resolve_listing(None, xml)


def _emitted_marks(rendered: dict[str, bytes], context: dict) -> dict[str, str]:
    """The figure marks the template actually wrote, with the text each holds."""
    body = rendered.get(DOCUMENT_PART)
    values = context.get("marks") or {}
    if body is None or not values:
        return {}
    return {k: values[k] for k in package.bookmark_names(body, marks.PREFIX, len(marks.PREFIX)) if k in values}


def _record(rendered: dict[str, bytes], emitted: dict[str, str], source=None) -> list[tuple[str, str]]:
    """Custom properties a rendered document carries besides its fingerprint: the digest
    of its text (an open-and-save is not an edit) and the value each mark holds."""
    body = rendered.get(DOCUMENT_PART)
    if body is None:
        return []
    return [
        (package.CONTENT_PROPERTY, package.content_digest({DOCUMENT_PART: body})),
        *(marks.store_properties(emitted) if emitted else []),
        *(marks.source_properties(source) if source else []),
        *_blocks_record(body),
    ]


def _blocks_record(body: bytes) -> list[tuple[str, str]]:
    """The digest of each block the document was generated with (update.py compares them)."""
    from report_drafter.docx import blocks

    return blocks.properties(body)


def _with_fingerprint(member: package.Member, digest: str, extra=()) -> package.Member:
    data = _decompress(member).replace(package.FINGERPRINT_PLACEHOLDER.encode(), digest.encode())
    if extra:
        data = package.add_properties(data, extra)
    return package.member_from_bytes(member.name, data)


def _decompress(member: package.Member) -> bytes:
    import zlib

    if member.method == 0:
        return member.payload
    return zlib.decompress(member.payload, -15)


def _path(node) -> str | None:
    """`a.b.c` of a Getattr chain on a name."""
    if isinstance(node, nodes.Getattr):
        inner = _path(node.node)
        return f"{inner}.{node.attr}" if inner else None
    return node.name if isinstance(node, nodes.Name) else None


def _dotted_names(ast) -> set[str]:
    """Context paths read by a template: `header.date_line`, `body`, `appendix.rows` …"""
    roots = {r for r in meta.find_undeclared_variables(ast) if not r.startswith(sandbox.INTERNAL)}
    found: set[str] = set()

    def path_of(node):
        if isinstance(node, nodes.Getattr):
            inner = path_of(node.node)
            return f"{inner}.{node.attr}" if inner else None
        if isinstance(node, nodes.Name) and node.name in roots:
            return node.name
        return None

    for node in ast.find_all((nodes.Getattr, nodes.Name)):
        p = path_of(node)
        if p:
            found.add(p)
    # keep only the longest paths (drop "header" when "header.date_line" is there)
    return {p for p in found if not any(q.startswith(p + ".") for q in found)}
