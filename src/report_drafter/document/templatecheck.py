"""Is a Word template usable for this input? Checked by `validate`, before anything is written.

Tags are checked in the template as the clerk wrote it, paragraph by paragraph (a tag left
open would otherwise swallow the following paragraphs silently); then the template is
compiled, every variable it reads is looked up in the input's context, and it is rendered
once. Each problem names the paragraph by its number and text, in Vietnamese.
"""

from __future__ import annotations

import difflib
import functools
import html
import os
import re
import zipfile

from report_drafter.document import render
from report_drafter.errors import UserError
from report_drafter.ooxml import DOCUMENT_PART

_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_DELIMITERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSING = {"{{": "}}", "{%": "%}", "{#": "#}"}
_BLOCK = re.compile(r"\{%-?[ptrc]?\s*(if|for|endif|endfor)\b")
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_TAGS_HINT = "mỗi thẻ nằm trọn trong một đoạn: {{ biến }}, {% lệnh %}"


def paragraphs(path) -> list[tuple[str, int, str]]:
    """(part, number, text) of every paragraph of the template's body, headers and footers."""
    out = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist(), key=lambda n: n != DOCUMENT_PART):
            if not _PARTS.fullmatch(name):
                continue
            xml = archive.read(name).decode("utf-8", "replace")
            for number, p in enumerate(_PARAGRAPH.findall(xml), 1):
                out.append((name, number, html.unescape("".join(_TEXT.findall(p)))))
    return out


def _where(path, part: str, number: int, text: str) -> str:
    short = text if len(text) <= 80 else text[:77] + "…"
    place = "" if part == DOCUMENT_PART else f" ({render.part_label(part)})"
    return f'mẫu {path.name}{place}, đoạn {number} "{short}"'


def tag_problems(path, paras) -> list[str]:
    """Tags opened and not closed (or closed and never opened) within a paragraph."""
    problems = []
    for part, number, text in paras:
        opened = None
        for m in _DELIMITERS.finditer(text):
            token = m.group(0)
            if token in _CLOSING:
                if opened is not None:
                    break  # a second opener before the first was closed
                opened = token
            elif opened is not None and _CLOSING[opened] == token:
                opened = None
            elif opened is None:
                problems.append(
                    f'{_where(path, part, number, text)}: có "{token}" mà không có thẻ mở '
                    f"tương ứng; hãy sửa trong Word ({_TAGS_HINT})"
                )
                opened = False
                break
        if opened:
            problems.append(
                f'{_where(path, part, number, text)}: thẻ "{opened}" chưa được đóng bằng '
                f'"{_CLOSING[opened]}"; hãy sửa trong Word ({_TAGS_HINT})'
            )
    return problems or block_problems(path, paras)


def block_problems(path, paras) -> list[str]:
    """`{% if %}` / `{% for %}` left without their `{% endif %}` / `{% endfor %}` (or the reverse)."""
    stack: list[tuple[str, str]] = []
    for part, number, text in paras:
        for m in _BLOCK.finditer(text):
            word = m.group(1)
            if not word.startswith("end"):
                stack.append((word, _where(path, part, number, text)))
            elif stack and stack[-1][0] == word[3:]:
                stack.pop()
            else:
                return [
                    f'{_where(path, part, number, text)}: có "{{% {word} %}}" mà không có '
                    f'"{{% {word[3:]} … %}}" mở trước đó; hãy sửa trong Word ({_TAGS_HINT})'
                ]
    return [
        f'{where}: thẻ "{{% {word} … %}}" chưa có "{{% end{word} %}}" đóng lại; hãy sửa trong Word ({_TAGS_HINT})'
        for word, where in stack[-1:]
    ]


def _paragraph_of(path, paras, needle: str) -> str:
    needle = needle[:40]
    for part, number, text in paras:
        if needle and needle in text:
            return _where(path, part, number, text)
    return f"mẫu {path.name}"


def _lookup(context: dict, dotted: str):
    """The value at `a.b.c`, or a KeyError naming the first missing step."""
    value = context
    for step in dotted.split("."):
        if not isinstance(value, dict) or step not in value:
            raise KeyError(step)
        value = value[step]
    return value


def variable_problems(path, paras, prepared, context: dict) -> tuple[list[str], list[str]]:
    """Variables the template reads that the context lacks (errors), or that are empty (warnings)."""
    errors, warnings = [], []
    tested = prepared.tested_variables()
    for dotted in prepared.variables():
        try:
            value = _lookup(context, dotted)
        except KeyError as exc:
            parent = dotted.rsplit(".", 1)[0] if "." in dotted else ""
            try:
                choices = sorted(_lookup(context, parent)) if parent else sorted(context)
            except (KeyError, TypeError):
                choices = sorted(context)
            step = exc.args[0]
            close = difflib.get_close_matches(step, choices, n=1, cutoff=0.6)
            hint = (
                f'có phải ý bạn là "{parent + "." if parent else ""}{close[0]}"?'
                if close
                else f"các biến có ở đây: {', '.join(choices)}"
            )
            errors.append(
                f'{_paragraph_of(path, paras, dotted)}: biến "{dotted}" không có trong dữ liệu '
                f"của văn bản; {hint} (danh sách đầy đủ: report-drafter templates)"
            )
            continue
        if value in ("", [], None) and not any(dotted == t or dotted.startswith(t + ".") for t in tested):
            warnings.append(
                f'{_paragraph_of(path, paras, dotted)}: biến "{dotted}" trống với tệp dữ liệu '
                f"này nên đoạn sẽ in ra trống; hãy điền giá trị trong tệp YAML, hoặc đặt đoạn "
                f"trong {{% if {dotted} %}} … {{% endif %}}"
            )
    return errors, warnings


def check(path, context: dict, custom: bool = True, dry_run: bool = True) -> tuple[list[str], list[str]]:
    """(errors, warnings) of rendering `context` with the template at `path`.

    What depends on the template alone (its paragraphs, tags, compiling) is found once per
    process and template file; each input then costs its variable lookups and one rendering
    of the templated parts (no package is built)."""
    from pathlib import Path

    path = Path(path)
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        mtime = 0
    paras, errors, prepared = _template_alone(str(path), mtime, custom)
    if errors or prepared is None:
        return list(errors), []
    errors, warnings = variable_problems(path, paras, prepared, context)
    if not errors and dry_run:
        try:
            prepared.render_parts(context)
        except UserError as exc:
            errors.append(exc.message)
    return errors, warnings if custom else []


@functools.lru_cache(maxsize=16)
def _template_alone(name: str, mtime_ns: int, custom: bool):
    """(paragraphs, errors, prepared template or None) of the template file `name` as it is
    at `mtime_ns`."""
    from pathlib import Path

    path = Path(name)
    try:
        paras = paragraphs(path)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        return (
            (),
            (
                f"mẫu {path.name} không phải tệp Word .docx dùng được ({type(exc).__name__}); "
                f"hãy lưu lại mẫu trong Word ở định dạng .docx",
            ),
            None,
        )
    errors = tag_problems(path, paras) if custom else []
    if errors:
        return paras, tuple(errors), None
    try:
        prepared = render.prepare(path)
    except render.TemplateSyntax as exc:
        return (
            paras,
            (f"{_paragraph_of(path, paras, exc.snippet)}: {exc.words}; hãy sửa trong Word ({_TAGS_HINT})",),
            None,
        )
    except UserError as exc:
        return paras, (exc.message,), None
    return paras, (), prepared
