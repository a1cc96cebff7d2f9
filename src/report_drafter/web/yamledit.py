"""Round-trip editing of an input file: the form's values written into the clerk's YAML,
keeping comments, key order and every value the form did not change (ruamel.yaml).

The form sees every scalar as the text written in the file (`as_text`), so `2.145` stays
`2.145` and a date stays as it was typed; a value is rewritten only when its text changed.
"""

from __future__ import annotations

import hashlib
import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from report_drafter.errors import UserError

NUMBER_KEYS = {"number", "year", "index", "actual", "value", "previous", "growth", "ratio", "from", "to"}
BOOL_KEYS = {"draft", "estimated"}
DATE_KEYS = {"date"}
MAX_DEPTH = 40  # deeper than any input the form can build
MAX_NODES = 50_000  # values; a real report has a few hundred


class Plain(str):
    """A number, date or yes/no typed in the form: written as a plain scalar, as typed."""


def version(data: bytes) -> str:
    """The version a form carries: a digest of the file's bytes."""
    return hashlib.sha256(data).hexdigest()[:20]


def _round_trip(text: str) -> YAML:
    _, indent, block_seq = load_yaml_guess_indent(text) if text.strip() else (None, None, None)
    indent, block_seq = indent or 2, block_seq or 0
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long paragraph the clerk wrote on one line
    yaml.indent(mapping=indent - block_seq if indent > block_seq else 2, sequence=indent, offset=block_seq)

    def plain(representer, data):
        tag = yaml.resolver.resolve(ScalarNode, str(data), (True, False))
        return representer.represent_scalar(tag, str(data))

    yaml.representer.add_representer(Plain, plain)
    return yaml


def as_text(text: str):
    """The file as the form sees it: mappings, lists and every scalar as its written text."""
    data = YAML(typ="base").load(text) if text.strip() else {}
    return _plain(data, 0, [MAX_NODES], set())


def _plain(value, depth, budget, seen):
    budget[0] -= 1
    if depth > MAX_DEPTH or budget[0] < 0:
        raise UserError("tệp quá lớn hoặc lồng quá sâu để sửa bằng biểu mẫu; hãy sửa trực tiếp tệp YAML")
    if isinstance(value, (dict, list)):
        if id(value) in seen:
            raise UserError(
                "tệp dùng neo YAML (&tên, *tên) nên không sửa bằng biểu mẫu được; hãy sửa trực tiếp tệp YAML"
            )
        seen.add(id(value))
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1, budget, seen) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, depth + 1, budget, seen) for v in value]
    return "" if value is None else str(value)


def apply(text: str, new: dict) -> str:
    """`text` with the form's values `new` written in; unchanged values keep their bytes."""
    yaml = _round_trip(text)
    tree = yaml.load(text) if text.strip() else None
    if not isinstance(tree, CommentedMap):
        tree = CommentedMap()
    merged = _merge(tree, as_text(text) if text.strip() else {}, new, "", 0)
    out = io.StringIO()
    yaml.dump(merged, out)
    return out.getvalue()


def _empty(value) -> bool:
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return value is None or (isinstance(value, str) and not value.strip())


def _pruned(value):
    """`value` without its empty fields and items: what the form sends for an untouched item."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if not _empty(v)}
    if isinstance(value, list):
        return [_pruned(v) for v in value if not _empty(v)]
    return value


def _merge(node, base, new, key: str, depth: int):
    if depth > MAX_DEPTH:
        return node
    if isinstance(new, dict) and isinstance(node, CommentedMap) and isinstance(base, dict):
        for k in [k for k in node if str(k) not in new]:
            del node[k]
        for k, v in new.items():
            existing = next((x for x in node if str(x) == k), None)
            if existing is None:
                if not _empty(v):
                    node[k] = _build(v, k, depth + 1)
            elif _empty(v) and _empty(base.get(k)):
                continue
            elif _empty(v):
                del node[existing]
            else:
                node[existing] = _merge(node[existing], base.get(k), v, k, depth + 1)
        return node
    if isinstance(new, list) and isinstance(node, CommentedSeq) and isinstance(base, list):
        # an item the form left as it was keeps its node wherever it moved (a section moved up
        # is moved, not rewritten); the others are merged with the old item at their place
        chosen: list = [None] * len(new)
        free = set(range(min(len(node), len(base))))
        wanted = [_pruned(v) for v in new]
        had = [_pruned(b) for b in base]
        for i, v in enumerate(wanted):
            same = i if i in free and had[i] == v else next((j for j in sorted(free) if had[j] == v), None)
            if same is not None:
                chosen[i] = node[same]
                free.discard(same)
        for i, v in enumerate(new):
            if chosen[i] is None:
                old = i if i in free else (min(free) if free else None)
                if old is None:
                    chosen[i] = _build(v, key, depth + 1)
                else:
                    free.discard(old)
                    chosen[i] = _merge(node[old], base[old], v, key, depth + 1)
        if len(node) > len(chosen):
            del node[len(chosen) :]
        for i, item in enumerate(chosen):
            if i < len(node):
                if node[i] is not item:
                    node[i] = item
            else:
                node.append(item)
        return node
    if isinstance(new, str) and isinstance(base, str) and base == new:
        return node
    return _build(new, key, depth + 1)


def _build(value, key: str, depth: int):
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            if not _empty(v):
                out[str(k)] = _build(v, str(k), depth + 1)
        return out
    if isinstance(value, list):
        return CommentedSeq(_build(v, key, depth + 1) for v in value if not _empty(v))
    text = "" if value is None else str(value).replace("\r\n", "\n").strip()
    if key in NUMBER_KEYS | BOOL_KEYS | DATE_KEYS:
        return Plain(text)
    if "\n" in text:
        return LiteralScalarString(text + "\n")
    return text
