"""Write an input file as YAML with comments: block style, Vietnamese numbers written as is.

`Raw("69,037")` is written unquoted (the loader reads numbers as written); every other
string is plain when YAML reads it back as the same string, else double-quoted.
`Note(value, "…")` puts a comment after a value; `Comment("…")` in a mapping or list is a
comment line of its own. Pure: no I/O.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Raw:
    text: str


@dataclass(frozen=True)
class Note:
    value: object
    comment: str


@dataclass(frozen=True)
class Comment:
    text: str


_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9+.~][^#]*$")
_RISKY = re.compile(r":(\s|$)|\s#|\s$|^(?:yes|no|true|false|on|off|null|y|n)$", re.I)


def scalar(value) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text and _PLAIN.match(text) and not _RISKY.search(text) and "\n" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return "  # " + " ".join(str(text).split())


def dump(tree: dict, header: list[str] = ()) -> str:
    """The YAML text of `tree`, after `header` comment lines."""
    lines = [("# " + h) if h else "#" for h in header]
    _mapping(tree, 0, lines)
    return "\n".join(lines) + "\n"


def _unwrap(value):
    if isinstance(value, Note):
        return value.value, _comment(value.comment)
    return value, ""


def _mapping(tree: dict, indent: int, lines: list, first_prefix: str | None = None) -> None:
    pad = " " * indent
    first = True
    for key, raw in tree.items():
        prefix = first_prefix if (first and first_prefix is not None) else pad
        if isinstance(raw, Comment):
            lines.append(pad + "# " + raw.text)
            continue
        first = False
        value, note = _unwrap(raw)
        if isinstance(value, dict):
            if not value:
                lines.append(f"{prefix}{key}: {{}}{note}")
                continue
            lines.append(f"{prefix}{key}:{note}")
            _mapping(value, indent + 2, lines)
        elif isinstance(value, list):
            if not [v for v in value if not isinstance(v, Comment)]:
                lines.append(f"{prefix}{key}: []{note}")
                continue
            lines.append(f"{prefix}{key}:{note}")
            _sequence(value, indent + 2, lines)
        else:
            lines.append(f"{prefix}{key}: {scalar(value)}{note}")


def _sequence(items: list, indent: int, lines: list) -> None:
    pad = " " * indent
    for raw in items:
        if isinstance(raw, Comment):
            lines.append(pad + "# " + raw.text)
            continue
        value, note = _unwrap(raw)
        if isinstance(value, dict):
            if note:
                lines.append(pad + note.strip())
            _mapping(value, indent + 2, lines, first_prefix=pad + "- ")
        elif isinstance(value, list):
            lines.append(f"{pad}-{note}")
            _sequence(value, indent + 2, lines)
        else:
            lines.append(f"{pad}- {scalar(value)}{note}")
