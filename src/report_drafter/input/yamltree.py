"""The generic YAML layer: located nodes and typed readers over them. The only YAML reader.

Scalars are read as written (YAML's own number typing is never used: `27.278` is
27278, not 27,278), text is NFC-normalised and cleaned, unknown keys are errors.
Nodes remember the file they were written in, so a value merged from
`_defaults.yaml` is reported there. Nothing here knows what a report is (load.py does).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import yaml

from report_drafter.errors import Problem, ReportDrafterError, Severity
from report_drafter.files import kind as filekind
from report_drafter.vn import reading as parse

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
# Expanded through aliases, the scalars of a file may not hold more characters than the
# largest file could hold written out (a few aliases of a long text would otherwise
# fill the memory when the text is cleaned once per reference).
MAX_CHARS = MAX_BYTES
# A report nests a handful of levels (sections in sections, tasks in tasks); libyaml's
# composer recurses once per level and crashes the process some 20,000 levels down.
MAX_NESTING = 64
# Below this many structure characters a text cannot nest deep enough to hurt the composer.
_SAFE_STRUCTURE = 2_000
# Scalars are interpreted here, from the text as written, so YAML's own typing is not
# needed: the base loader (no implicit resolvers) composes faster and cannot build objects.
_BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_DEFAULT_TAGS = {
    yaml.ScalarNode: _BaseLoader.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: _BaseLoader.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: _BaseLoader.DEFAULT_MAPPING_TAG,
}


class _Loader(_BaseLoader):
    """The base loader with its tag resolution short-cut: with no implicit resolvers, an
    untagged node always gets its kind's default tag (what `BaseResolver.resolve` finds)."""

    def resolve(self, kind, value, implicit):
        return _DEFAULT_TAGS[kind]


_NULLS = {"", "~", "null", "Null", "NULL"}
_NULL_TAG = "tag:yaml.org,2002:null"
_TRUE = {"true", "yes", "on", "có", "co"}
_FALSE = {"false", "no", "off", "không", "khong"}
_MAP, _SEQ, _SCALAR = "mapping", "sequence", "scalar"
_YAML_SCALAR, _YAML_SEQUENCE = yaml.ScalarNode, yaml.SequenceNode
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


# ------------------------------------------------------------------ located nodes


@dataclass(slots=True)
class Node:
    """A YAML value with where it was written."""

    kind: str  # mapping | sequence | scalar
    value: object  # dict[str, (Node key, Node value)] | list[Node] | str
    file: str
    line: int
    col: int
    tag: str = ""
    flow: bool = False


class _Refused(ReportDrafterError):
    """The text is refused before it is read further; carries the problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _nested_too_deep(file: str, line: int, col: int) -> _Refused:
    return _Refused(
        Problem(
            f"tệp lồng quá sâu (trên {MAX_NESTING} cấp danh sách, bảng khóa lồng "
            f"nhau); báo cáo chỉ cần vài cấp, hãy kiểm tra các dấu [ {{ và thụt lề",
            "",
            file,
            line,
            col,
            code="yaml-too-deep",
        )
    )


def _check_depth(text: str, file: str) -> None:
    """Refuse a text nested deeper than `MAX_NESTING`, before the composer recurses into it.

    Every level opens with `[`, `{`, `-`, `:` or `?`, so a text with few of them is safe
    and needs no scan; otherwise libyaml's parser (which does not recurse) counts levels.
    """
    if sum(text.count(c) for c in "[{-:?") <= _SAFE_STRUCTURE:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, _OPENING):
                depth += 1
                if depth > MAX_NESTING:
                    raise _nested_too_deep(file, event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, _CLOSING):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml ≥ 0.2.5 (PyYAML 6.0.4 wheels) stops at 1,000 levels itself, while scanning
        # ahead: still "too deep", at the level where our own limit is passed.
        if "nesting depth" not in str(exc.problem):
            return  # composing reports the syntax error with its place
        mark = exc.problem_mark
        block = 0 if text.lstrip().startswith(("[", "{")) else 1  # the file's own mapping
        line, col = _flow_opening(text, MAX_NESTING + 1 - block) or (mark.line + 1, mark.column + 1)
        raise _nested_too_deep(file, line, col) from None
    except yaml.YAMLError:
        return


def _flow_opening(text: str, level: int) -> tuple[int, int] | None:
    """(line, column) of the `[` or `{` that opens flow level `level`, quoted text skipped."""
    depth, line, col, quote = 0, 1, 0, ""
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        elif quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth == level:
                return line, col
        elif ch in "]}":
            depth -= 1
    return None


class _Converter:
    """PyYAML nodes → `Node`s, with budgets that stop alias bombs and deep nesting early."""

    def __init__(self, file: str):
        self.file = file
        self.nodes = MAX_NODES
        self.chars = MAX_CHARS
        self.repeated: list[tuple[Node, Node]] = []  # (first key, the same key again)

    def node(self, node, depth: int) -> Node:
        self.nodes -= 1
        mark = node.start_mark
        line, col = mark.line + 1, mark.column + 1
        if self.nodes < 0:
            raise _Refused(
                Problem(
                    f"tệp dùng quá nhiều bí danh YAML (alias *…) hoặc quá nhiều mục "
                    f"(trên {MAX_NODES:,} nút); hãy viết các giá trị ra "
                    f"trực tiếp".replace(",", "."),
                    "",
                    self.file,
                    1,
                    1,
                    code="alias-bomb",
                )
            )
        kind = type(node)
        if kind is _YAML_SCALAR:
            value = node.value
            self.chars -= len(value)
            if self.chars < 0:
                raise _Refused(
                    Problem(
                        f"tệp dùng bí danh YAML (alias *…) làm nội dung phình ra quá lớn "
                        f"(trên {MAX_CHARS:,} ký tự khi thay bí danh bằng giá trị); hãy viết "
                        f"các giá trị ra trực tiếp".replace(",", "."),
                        "",
                        self.file,
                        line,
                        col,
                        code="alias-bomb",
                    )
                )
            plain_null = not node.style and value in _NULLS  # "" is plain in libyaml
            return Node(_SCALAR, value, self.file, line, col, _NULL_TAG if plain_null else node.tag)
        if depth > MAX_NESTING:
            raise _nested_too_deep(self.file, line, col)
        convert = self.node
        depth += 1
        if kind is _YAML_SEQUENCE:
            return Node(
                _SEQ, [convert(v, depth) for v in node.value], self.file, line, col, node.tag, bool(node.flow_style)
            )
        items: dict = {}
        for k, v in node.value:
            key = convert(k, depth)
            name = str(key.value if key.kind == _SCALAR else f"<{key.kind}>")
            value = convert(v, depth)
            if name in items and not _flow_comma_digits(node, name, value):
                self.repeated.append((items[name][0], key))
            items[name] = (key, value)
        return Node(_MAP, items, self.file, line, col, node.tag, bool(node.flow_style))

    def duplicates(self, tree: Node) -> list[Problem]:
        """An error for each key written twice in one mapping, at its field path."""
        if not self.repeated:
            return []
        paths = dict(_key_paths(tree, ""))
        return [
            Problem(
                f'khóa "{again.value}" được ghi hai lần (dòng {first.line} và dòng {again.line}); '
                f"YAML chỉ giữ lần ghi sau, hãy xóa hoặc gộp một trong hai",
                paths.get(id(again), ""),
                self.file,
                again.line,
                again.col,
                code="duplicate-key",
            )
            for first, again in self.repeated
        ]


def _key_paths(node: Node, path: str):
    """(id of key node, field path) for every key under `node` (only run on duplicates)."""
    stack = [(node, path)]
    while stack:
        node, path = stack.pop()
        if node.kind == _MAP:
            for name, (key, value) in node.value.items():
                where = f"{path}.{name}" if path else name
                yield id(key), where
                stack.append((value, where))
        elif node.kind == _SEQ:
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(node.value))


def _flow_comma_digits(node, name: str, value: Node) -> bool:
    """`{a: 1,000, b: 2,000}` repeats the key "000": the flow-comma check reports that."""
    return bool(node.flow_style) and name.isdigit() and value.tag == _NULL_TAG


def parse_yaml(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """The located tree of one YAML text and its problems; no tree when reading stops."""
    try:
        _check_depth(text, file)
        root = yaml.compose(text, Loader=_Loader)
    except _Refused as exc:
        return None, [exc.problem]
    except yaml.MarkedYAMLError as exc:
        mark = _syntax_mark(text, exc)
        detail = " ".join(x for x in (exc.context, exc.problem) if x)
        hint = _syntax_hint(text, mark, detail)
        return None, [
            Problem(
                f"tệp YAML viết sai cú pháp{hint}",
                "",
                file,
                mark.line + 1 if mark else 0,
                mark.column + 1 if mark else 0,
                code="yaml-syntax",
            )
        ]
    except yaml.YAMLError:
        return None, [
            Problem(
                "tệp YAML viết sai cú pháp; hãy kiểm tra thụt lề, dấu hai chấm và dấu ngoặc",
                "",
                file,
                code="yaml-syntax",
            )
        ]
    if root is None:
        return None, [Problem("tệp trống; hãy bắt đầu từ mẫu: report-drafter new", "", file, 1, 1, code="empty")]
    converter = _Converter(file)
    try:
        tree = converter.node(root, 1)
    except _Refused as exc:
        return None, [exc.problem]
    if tree.kind != _MAP:
        return None, [
            Problem(
                "tệp phải là một bảng khóa: giá trị (system: …, issuer: …); hãy bắt đầu từ mẫu: report-drafter new",
                "",
                file,
                tree.line,
                tree.col,
                code="not-mapping",
            )
        ]
    return tree, converter.duplicates(tree)


def _syntax_mark(text: str, exc):
    """Where to point: a problem found only at the end of the file is shown where it began
    (the opening quote or bracket), never on a line after the last one written."""
    mark = exc.problem_mark or exc.context_mark
    last = len(text.rstrip().splitlines()) - 1
    if mark is not None and mark.line > last:
        if exc.context_mark is not None and exc.context_mark.line <= last:
            return exc.context_mark
        return _Mark(max(last, 0), 0)  # libyaml's marks cannot be changed
    return mark


@dataclass
class _Mark:
    line: int
    column: int


_SYNTAX_HINTS = (  # (PyYAML's words, what to tell the clerk)
    ("scanning a quoted scalar", ': dấu ngoặc kép mở ở đây chưa được đóng; hãy thêm dấu " ở cuối giá trị'),
    (
        "expected ',' or ']'",
        ': danh sách [ mở ở đây chưa được đóng; hãy thêm ] ở cuối, hoặc viết mỗi mục một dòng bắt đầu bằng "- "',
    ),
    ("expected ',' or '}'", ": bảng { mở ở đây chưa được đóng; hãy thêm } ở cuối, hoặc viết mỗi khóa một dòng"),
    (
        "mapping values are not allowed",
        ': có dấu hai chấm trong giá trị; hãy đặt cả giá trị trong ngoặc kép, ví dụ "Nhiệm vụ 1: tiếp tục …"',
    ),
    (
        "cannot start any token",
        ": có ký tự không được đứng đầu giá trị (` @ % hoặc Tab); hãy đặt giá trị trong ngoặc kép",
    ),
    (
        "did not find expected '-' indicator",
        ": dòng này nằm trong một danh sách nhưng không bắt đầu bằng "
        '"- "; hãy thêm "- " ở đầu mục, hoặc thụt lề cho thẳng với '
        "khóa cha",
    ),
    (
        "did not find expected key",
        ": dòng này không thẳng hàng với các khóa phía trên (thụt lề sai, hoặc "
        'một mục "- " đứng lẫn giữa các khóa); hãy thụt lề cho thẳng hàng',
    ),
    (
        "expected <block end>",
        ": dòng này thụt lề không khớp với các dòng phía trên; hãy thụt lề cho thẳng hàng với các khóa cùng cấp",
    ),
    ("could not find expected ':'", ": thiếu dấu hai chấm sau tên khóa (viết khóa: giá trị)"),
    (
        "undefined alias",
        ": dấu * đứng đầu giá trị được hiểu là bí danh (alias) chưa khai báo; hãy đặt giá trị trong ngoặc kép",
    ),
    ("expected alphabetic or numeric character", ": dấu & hoặc * đứng đầu giá trị; hãy đặt giá trị trong ngoặc kép"),
    (
        "unknown escape character",
        ": trong ngoặc kép, dấu \\ phải đi với một ký tự đặc biệt; hãy viết \\\\ hoặc dùng ngoặc đơn '…'",
    ),
    (
        "did not find expected node content",
        ": thiếu giá trị (sau dấu [ hoặc {, hoặc có dấu phẩy thừa); hãy viết giá trị, hoặc xóa dấu thừa",
    ),
    ("unexpected end of stream", ": tệp kết thúc khi dấu ngoặc mở ở đây chưa được đóng; hãy đóng ngoặc"),
    ("found a tab character", ": dòng thụt lề bằng phím Tab; hãy thụt lề bằng dấu cách"),
    ("found unexpected end", ": tệp kết thúc giữa chừng; hãy kiểm tra dấu ngoặc chưa đóng"),
    (
        "block sequence entries are not allowed",
        ': mục "- " đứng sau tên khóa trên cùng một dòng; hãy xuống dòng trước "- "',
    ),
    ("found duplicate anchor", ": dấu & đứng đầu giá trị; hãy đặt giá trị trong ngoặc kép"),
)


def _syntax_hint(text: str, mark, detail: str) -> str:
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return ": dòng thụt lề bằng phím Tab; hãy thụt lề bằng dấu cách"
    for words, hint in _SYNTAX_HINTS:
        if words in detail:
            return hint
    return ": hãy kiểm tra thụt lề, dấu hai chấm và dấu ngoặc ở dòng này và dòng trên nó"


def merge(base: Node, over: Node) -> Node:
    """Deep merge for batches: mappings merge, the file's lists and scalars replace."""
    if base.kind != _MAP or over.kind != _MAP:
        return over
    items = dict(base.value)
    for name, (key, value) in over.value.items():
        if name in items:
            items[name] = (key, merge(items[name][1], value))
        else:
            items[name] = (key, value)
    return Node(_MAP, items, over.file, over.line, over.col, over.tag, over.flow)


# ------------------------------------------------------------------ the result


def read_text(path) -> tuple[str | None, list[Problem]]:
    """The text of an input file (UTF-8, or UTF-16/32 with a byte-order mark), or why it
    cannot be read: a Word document or workbook given by mistake is named as such."""
    name = str(path)  # a string: pathlib would intern every file name
    try:
        with open(name, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            other = filekind.not_yaml(filekind.sniff(fh, size), name)
            if other:
                return None, [Problem(other, "", name, code="not-yaml")]
            if size > MAX_BYTES:
                return None, [
                    Problem(
                        f"tệp quá lớn ({size / 1024 / 1024:.1f} MB; tối đa {MAX_BYTES // 1024 // 1024} MB)".replace(
                            ".", ","
                        ),
                        "",
                        name,
                        code="too-large",
                    )
                ]
            data = fh.read()
    except FileNotFoundError:
        return None, [Problem("không tìm thấy tệp", "", name, code="missing-input")]
    except OSError as exc:
        return None, [Problem(f"không đọc được tệp ({filekind.os_reason(exc)})", "", name, code="unreadable")]
    try:
        return filekind.decode_text(data), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                "tệp không phải mã UTF-8; hãy lưu lại tệp với mã hóa UTF-8 (trong Notepad: Lưu thành… → Mã hóa: UTF-8)",
                "",
                name,
                line,
                code="not-utf8",
            )
        ]


# ------------------------------------------------------------------ typed readers


def _colon_text(node: Node) -> Node:
    """`- Lưu: VT, VP` written without quotes is a one-key mapping in YAML: read it as text."""
    if node.kind == _MAP and len(node.value) == 1:
        ((name, (key, value)),) = node.value.items()
        if key.kind == _SCALAR and value.kind == _SCALAR:
            return Node(_SCALAR, f"{name}: {value.value}", node.file, node.line, node.col, "str")
    return node


def _is_null(node: Node) -> bool:
    return node.kind == _SCALAR and node.tag.endswith(":null")


def _is_blank(node: Node) -> bool:
    """A scalar with no text: `~`, `null`, `""`, `" "`."""
    return node.kind == _SCALAR and (_is_null(node) or not parse.clean_text(node.value))


def _generic(path: str) -> str:
    """`results[2].sections[0].heading` → `results[].sections[].heading` (the key of the hints)."""
    return re.sub(r"\[\d+\]", "[]", path)


def _suggestion(name: str, allowed) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
    if close:
        return f'; có phải ý bạn là "{close[0]}"?'
    return f"; các khóa được dùng ở đây: {', '.join(allowed)}"


class NodeReader:
    """Typed readers over located nodes; each records where a field was written and every problem.

    `hints` (field path with `[]` for indexes → text) completes the "thiếu …" messages."""

    hints: dict = {}

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.locations: dict[str, tuple[int, int]] = {}
        self.files: dict[str, str] = {}
        self.plain = False

    # ----------------------------------------------------------------- reporting
    def error(self, node: Node, path: str, message: str, code: str) -> None:
        self.problems.append(Problem(message, path, node.file, node.line, node.col, Severity.ERROR, code))

    def warn(self, node: Node, path: str, message: str, code: str) -> None:
        self.problems.append(Problem(message, path, node.file, node.line, node.col, Severity.WARNING, code))

    def add(self, path: str, severity: Severity, message: str, code: str) -> None:
        """A problem found outside the tree, placed where `path` (or its nearest parent) was written."""
        where = path
        while where and where not in self.locations:
            cut = max(where.rfind("."), where.rfind("["))
            where = where[:cut] if cut > 0 else ""
        line, col = self.locations.get(where, (0, 0))
        self.problems.append(Problem(message, path, self.files.get(where, self.file), line, col, severity, code))

    def seen(self, node: Node, path: str) -> None:
        self.locations[path] = (node.line, node.col)
        self.files[path] = node.file

    # ---------------------------------------------------------------- structures
    def mapping(self, node: Node, path: str, allowed: tuple, required: tuple = ()) -> dict | None:
        """The fields of a mapping; unknown keys and missing required keys are reported."""
        self.seen(node, path)
        if node.kind != _MAP:
            self.error(
                node,
                path,
                f"cần một bảng khóa: giá trị (các khóa {', '.join(allowed)}), "
                f"mỗi khóa một dòng, thụt lề dưới {path or 'gốc'}",
                "not-mapping",
            )
            return None
        fields = {}
        keys = list(node.value)
        for i, name in enumerate(keys):
            key, value = node.value[name]
            where = f"{path}.{name}" if path else name
            if name in allowed:
                fields[name] = value
                continue
            if name.isdigit() and value.kind == _SCALAR and value.tag.endswith(":null") and i > 0:
                prev_key, prev_value = node.value[keys[i - 1]]
                where = f"{path}.{keys[i - 1]}" if path else keys[i - 1]
                self.error(
                    key,
                    where,
                    f"dấu phẩy thập phân trong {{…}} tách mục: YAML đọc thành "
                    f'{keys[i - 1]}: {prev_value.value} và khóa thừa "{name}"; hãy viết dạng '
                    f"khối (mỗi khóa một dòng) hoặc đặt số trong ngoặc kép: "
                    f'{keys[i - 1]}: "{prev_value.value},{name}"',
                    "flow-comma",
                )
                continue
            self.error(key, where, f'khóa "{name}" không có trong mẫu{_suggestion(name, allowed)}', "unknown-key")
        for name in required:
            value = fields.get(name)
            if value is None or _is_blank(value):
                where = f"{path}.{name}" if path else name
                hint = self.hints.get(_generic(where), "")
                message = (
                    f"thiếu {name}{hint}"
                    if value is None or _is_null(value)
                    else (f"{name} để trống; hãy ghi {name}{hint}")
                )
                self.error(value or node, where, message, "missing")
        return fields

    def sequence(self, node: Node | None, path: str) -> list:
        if node is None:
            return []
        self.seen(node, path)
        if node.kind == _SCALAR and node.tag.endswith(":null"):
            return []
        if node.kind != _SEQ:
            self.error(node, path, 'cần một danh sách: mỗi mục một dòng bắt đầu bằng "- "', "not-list")
            return []
        return node.value

    # ------------------------------------------------------------------- scalars
    def text(self, node: Node | None, path: str, default: str = "") -> str:
        if node is None:
            return default
        self.seen(node, path)
        node = _colon_text(node)  # `Nhiệm vụ thứ 1: tiếp tục …` is the text typed
        if node.kind != _SCALAR:
            self.error(node, path, "cần một đoạn văn bản (không phải danh sách hay bảng khóa)", "not-text")
            return default
        if node.tag.endswith(":null"):
            return default
        return parse.clean_text(node.value)

    def number(self, node: Node | None, path: str):
        if node is None:
            return None
        self.seen(node, path)
        if node.kind != _SCALAR or node.tag.endswith(":null") and not node.value:
            if node.kind != _SCALAR:
                self.error(node, path, "cần một số, ví dụ 69,037", "not-number")
            return None
        try:
            return parse.parse_number(node.value, self.plain)
        except ValueError as exc:
            self.error(node, path, str(exc), "number-notation")
            return None

    def integer(self, node: Node | None, path: str, low: int | None = None, high: int | None = None):
        if node is None:
            return None
        self.seen(node, path)
        if node.kind != _SCALAR or node.tag.endswith(":null"):
            if node.kind != _SCALAR:
                self.error(node, path, "cần một số nguyên, ví dụ 45", "not-integer")
            return None
        try:
            value = parse.parse_integer(node.value)
        except ValueError as exc:
            self.error(node, path, str(exc), "not-integer")
            return None
        if low is not None and high is not None and not low <= value <= high:
            self.error(
                node, path, f"{value} nằm ngoài khoảng cho phép; hãy ghi một số từ {low} đến {high}", "out-of-range"
            )
            return None
        return value

    def boolean(self, node: Node | None, path: str, default: bool = False) -> bool:
        if node is None:
            return default
        self.seen(node, path)
        raw = str(node.value).strip().lower() if node.kind == _SCALAR else ""
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        self.error(
            node,
            path,
            f'"{node.value if node.kind == _SCALAR else "…"}" không phải giá trị đúng/sai; hãy viết true hoặc false',
            "not-boolean",
        )
        return default

    def choice(self, node: Node | None, path: str, choices: tuple, default: str = "") -> str:
        if node is None:
            return default
        value = self.text(node, path, default)
        if value not in choices:
            import difflib

            close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
            hint = f'; có phải ý bạn là "{close[0]}"?' if close else ""
            self.error(
                node,
                path,
                f'"{value}" không phải giá trị hợp lệ; hãy ghi một trong: {", ".join(choices)}{hint}',
                "bad-choice",
            )
            return default
        return value

    def date(self, node: Node | None, path: str):
        if node is None:
            return None
        self.seen(node, path)
        if node.kind != _SCALAR:
            self.error(node, path, "cần một ngày, ví dụ 2019-07-09 hoặc 9/7/2019", "bad-date")
            return None
        try:
            return parse.parse_date(node.value)
        except ValueError as exc:
            self.error(node, path, str(exc), "bad-date")
            return None

    def texts(self, node: Node | None, path: str) -> tuple:
        return tuple(
            t for i, item in enumerate(self.sequence(node, path)) if (t := self.text(_colon_text(item), f"{path}[{i}]"))
        )

    # ------------------------------------------------------------------- objects
