"""YAML → `Report`, or every problem of the file with its line. The only YAML reader.

Scalars are read as written (YAML's own number typing is never used: `27.278` is
27278, not 27,278), text is NFC-normalised and cleaned, unknown keys are errors.
Nodes remember the file they were written in, so a value merged from
`_defaults.yaml` is reported there.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from dataclasses import dataclass, field

import yaml

from report_drafter import compute, layout, model, parse
from report_drafter.errors import Problem, Severity

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
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}
_NULL_TAG = "tag:yaml.org,2002:null"
_TRUE = {"true", "yes", "on", "có", "co"}
_FALSE = {"false", "no", "off", "không", "khong"}
_MAP, _SEQ, _SCALAR = "mapping", "sequence", "scalar"
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


# ------------------------------------------------------------------ located nodes

@dataclass
class Node:
    """A YAML value with where it was written."""

    kind: str                    # mapping | sequence | scalar
    value: object                # dict[str, (Node key, Node value)] | list[Node] | str
    file: str
    line: int
    col: int
    tag: str = ""
    flow: bool = False


class _Refused(Exception):
    """The text is refused before it is read further; carries the problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _nested_too_deep(file: str, line: int, col: int) -> _Refused:
    return _Refused(Problem(f"tệp lồng quá sâu (trên {MAX_NESTING} cấp danh sách, bảng khóa lồng "
                            f"nhau); báo cáo chỉ cần vài cấp, hãy kiểm tra các dấu [ {{ và thụt lề",
                            "", file, line, col, code="yaml-too-deep"))


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
    except yaml.YAMLError:
        return                       # composing reports the syntax error with its place


class _Converter:
    """PyYAML nodes → `Node`s, with budgets that stop alias bombs and deep nesting early."""

    def __init__(self, file: str):
        self.file = file
        self.nodes = MAX_NODES
        self.chars = MAX_CHARS
        self.repeated: list[tuple[Node, Node]] = []      # (first key, the same key again)

    def node(self, node, depth: int) -> Node:
        self.nodes -= 1
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if self.nodes < 0:
            raise _Refused(Problem(f"tệp dùng quá nhiều bí danh YAML (alias *…) hoặc quá nhiều mục "
                                   f"(trên {MAX_NODES:,} nút); hãy viết các giá trị ra "
                                   f"trực tiếp".replace(",", "."), "", self.file, 1, 1, code="alias-bomb"))
        if isinstance(node, yaml.MappingNode):
            if depth > MAX_NESTING:
                raise _nested_too_deep(self.file, line, col)
            items: dict = {}
            for k, v in node.value:
                key = self.node(k, depth + 1)
                name = str(key.value if key.kind == _SCALAR else f"<{key.kind}>")
                value = self.node(v, depth + 1)
                if name in items and not _flow_comma_digits(node, name, value):
                    self.repeated.append((items[name][0], key))
                items[name] = (key, value)
            return Node(_MAP, items, self.file, line, col, node.tag, bool(node.flow_style))
        if isinstance(node, yaml.SequenceNode):
            if depth > MAX_NESTING:
                raise _nested_too_deep(self.file, line, col)
            return Node(_SEQ, [self.node(v, depth + 1) for v in node.value], self.file, line, col,
                        node.tag, bool(node.flow_style))
        self.chars -= len(node.value)
        if self.chars < 0:
            raise _Refused(Problem(f"tệp dùng bí danh YAML (alias *…) làm nội dung phình ra quá lớn "
                                   f"(trên {MAX_CHARS:,} ký tự khi thay bí danh bằng giá trị); hãy viết "
                                   f"các giá trị ra trực tiếp".replace(",", "."), "", self.file, line, col,
                                   code="alias-bomb"))
        plain_null = node.style in (None, "") and node.value in _NULLS     # "" is plain in libyaml
        return Node(_SCALAR, node.value, self.file, line, col, _NULL_TAG if plain_null else node.tag)

    def duplicates(self, tree: Node) -> list[Problem]:
        """An error for each key written twice in one mapping, at its field path."""
        if not self.repeated:
            return []
        paths = dict(_key_paths(tree, ""))
        return [Problem(f'khóa "{again.value}" được ghi hai lần (dòng {first.line} và dòng {again.line}); '
                        f"YAML chỉ giữ lần ghi sau, hãy xóa hoặc gộp một trong hai",
                        paths.get(id(again), ""), self.file, again.line, again.col, code="duplicate-key")
                for first, again in self.repeated]


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
        return None, [Problem(f"tệp YAML viết sai cú pháp{hint}", "", file,
                              mark.line + 1 if mark else 0, mark.column + 1 if mark else 0,
                              code="yaml-syntax")]
    except yaml.YAMLError as exc:
        return None, [Problem(f"tệp YAML viết sai cú pháp ({exc})", "", file, code="yaml-syntax")]
    if root is None:
        return None, [Problem("tệp trống; hãy bắt đầu từ mẫu: report-drafter new", "", file, 1, 1,
                              code="empty")]
    converter = _Converter(file)
    try:
        tree = converter.node(root, 1)
    except _Refused as exc:
        return None, [exc.problem]
    if tree.kind != _MAP:
        return None, [Problem("tệp phải là một bảng khóa: giá trị (system: …, issuer: …); hãy bắt "
                              "đầu từ mẫu: report-drafter new", "", file, tree.line, tree.col,
                              code="not-mapping")]
    return tree, converter.duplicates(tree)


def _syntax_mark(text: str, exc):
    """Where to point: a problem found only at the end of the file is shown where it began
    (the opening quote or bracket), never on a line after the last one written."""
    mark = exc.problem_mark or exc.context_mark
    last = len(text.rstrip().splitlines()) - 1
    if mark is not None and mark.line > last:
        if exc.context_mark is not None and exc.context_mark.line <= last:
            return exc.context_mark
        mark.line, mark.column = max(last, 0), 0
    return mark


_SYNTAX_HINTS = (   # (PyYAML's words, what to tell the clerk)
    ("scanning a quoted scalar", ": dấu ngoặc kép mở ở đây chưa được đóng; hãy thêm dấu \" ở cuối giá trị"),
    ("expected ',' or ']'", ": danh sách [ mở ở đây chưa được đóng; hãy thêm ] ở cuối, hoặc viết mỗi mục "
                            "một dòng bắt đầu bằng \"- \""),
    ("expected ',' or '}'", ": bảng { mở ở đây chưa được đóng; hãy thêm } ở cuối, hoặc viết mỗi khóa "
                            "một dòng"),
    ("mapping values are not allowed", ": có dấu hai chấm trong giá trị; hãy đặt cả giá trị trong ngoặc "
                                       "kép, ví dụ \"Nhiệm vụ 1: tiếp tục …\""),
    ("cannot start any token", ": có ký tự không được đứng đầu giá trị (` @ % hoặc Tab); hãy đặt giá trị "
                               "trong ngoặc kép"),
)


def _syntax_hint(text: str, mark, detail: str) -> str:
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return ": dòng thụt lề bằng phím Tab; hãy thụt lề bằng dấu cách"
    for words, hint in _SYNTAX_HINTS:
        if words in detail:
            return hint
    return f": hãy kiểm tra thụt lề và dấu hai chấm ở dòng này ({detail})"


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

@dataclass
class Loaded:
    """A loaded input: the report (None when it has errors) and every problem."""

    report: model.Report | None
    problems: list[Problem] = field(default_factory=list)
    locations: dict[str, tuple[int, int]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    file: str = ""

    @property
    def ok(self) -> bool:
        return self.report is not None and not any(p.is_error for p in self.problems)

    def locate(self, path: str) -> tuple[int, int]:
        """(line, column) of a field path, or of its nearest written parent."""
        while path:
            if path in self.locations:
                return self.locations[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return (0, 0)

    def file_of(self, path: str) -> str:
        while path:
            if path in self.files:
                return self.files[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.file


def load_text(text: str, file: str = "<input>", defaults: Node | None = None) -> Loaded:
    """Load one YAML text (and the batch defaults under it)."""
    tree, problems = parse_yaml(text, file)
    if tree is None:
        return Loaded(None, problems, file=file)
    if defaults is not None:
        tree = merge(defaults, tree)
    reader = _Reader(file)
    reader.problems.extend(problems)
    report = reader.report(tree)
    reader.problems.sort(key=lambda p: (p.file != file, p.file, p.line, p.column))
    return Loaded(report if not any(p.is_error for p in reader.problems) else None,
                  reader.problems, reader.locations, reader.files, file)


def read_text(path) -> tuple[str | None, list[Problem]]:
    """The UTF-8 text of an input file, or why it cannot be read."""
    name = str(path)                 # a string: pathlib would intern every file name
    try:
        size = os.stat(name).st_size
        if size > MAX_BYTES:
            return None, [Problem(f"tệp quá lớn ({size / 1024 / 1024:.1f} MB; tối đa "
                                  f"{MAX_BYTES // 1024 // 1024} MB)".replace(".", ","), "", name,
                                  code="too-large")]
        with open(name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return None, [Problem("không tìm thấy tệp", "", name, code="missing-input")]
    except OSError as exc:
        return None, [Problem(f"không đọc được tệp ({exc.strerror})", "", name, code="unreadable")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem("tệp không phải mã UTF-8; hãy lưu lại tệp với mã hóa UTF-8 "
                              "(trong Notepad: Lưu thành… → Mã hóa: UTF-8)", "", name, line,
                              code="not-utf8")]


def load_defaults(path) -> tuple[Node | None, list[Problem]]:
    """The located tree of a batch's `_defaults.yaml`."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    return parse_yaml(text, str(path))


def load_file(path, defaults_path=None) -> Loaded:
    """Load one input file, with its batch's `_defaults.yaml` merged under it."""
    text, problems = read_text(path)
    if text is None:
        return Loaded(None, problems, file=str(path))
    defaults = None
    if defaults_path is not None:
        defaults, problems = load_defaults(defaults_path)
        if defaults is None or problems:
            return Loaded(None, problems, file=str(path))
    return load_text(text, str(path), defaults)


# ------------------------------------------------------------------ validation

def _colon_text(node: Node) -> Node:
    """`- Lưu: VT, VP` written without quotes is a one-key mapping in YAML: read it as text."""
    if node.kind == _MAP and len(node.value) == 1:
        (name, (key, value)), = node.value.items()
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
    close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
    if close:
        return f'; có phải ý bạn là "{close[0]}"?'
    return f"; các khóa được dùng ở đây: {', '.join(allowed)}"


class _Reader:
    """Walks the located tree, builds the model, collects every problem."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.locations: dict[str, tuple[int, int]] = {}
        self.files: dict[str, str] = {}
        self.plain = False
        self.estimated = False

    # ----------------------------------------------------------------- reporting
    def error(self, node: Node, path: str, message: str, code: str) -> None:
        self.problems.append(Problem(message, path, node.file, node.line, node.col,
                                     Severity.ERROR, code))

    def warn(self, node: Node, path: str, message: str, code: str) -> None:
        self.problems.append(Problem(message, path, node.file, node.line, node.col,
                                     Severity.WARNING, code))

    def seen(self, node: Node, path: str) -> None:
        self.locations[path] = (node.line, node.col)
        self.files[path] = node.file

    # ---------------------------------------------------------------- structures
    def mapping(self, node: Node, path: str, allowed: tuple, required: tuple = ()) -> dict | None:
        """The fields of a mapping; unknown keys and missing required keys are reported."""
        self.seen(node, path)
        if node.kind != _MAP:
            self.error(node, path, f"cần một bảng khóa: giá trị (các khóa {', '.join(allowed)}), "
                                   f"mỗi khóa một dòng, thụt lề dưới {path or 'gốc'}", "not-mapping")
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
                self.error(key, where,
                           f'dấu phẩy thập phân trong {{…}} tách mục: YAML đọc thành '
                           f'{keys[i - 1]}: {prev_value.value} và khóa thừa "{name}"; hãy viết dạng '
                           f'khối (mỗi khóa một dòng) hoặc đặt số trong ngoặc kép: '
                           f'{keys[i - 1]}: "{prev_value.value},{name}"', "flow-comma")
                continue
            self.error(key, where, f'khóa "{name}" không có trong mẫu{_suggestion(name, allowed)}',
                       "unknown-key")
        for name in required:
            value = fields.get(name)
            if value is None or _is_blank(value):
                where = f"{path}.{name}" if path else name
                hint = _REQUIRED_HINTS.get(_generic(where), "")
                message = f"thiếu {name}{hint}" if value is None or _is_null(value) else (
                    f"{name} để trống; hãy ghi {name}{hint}")
                self.error(value or node, where, message, "missing")
        return fields

    def sequence(self, node: Node | None, path: str) -> list:
        if node is None:
            return []
        self.seen(node, path)
        if node.kind == _SCALAR and node.tag.endswith(":null"):
            return []
        if node.kind != _SEQ:
            self.error(node, path, "cần một danh sách: mỗi mục một dòng bắt đầu bằng \"- \"",
                       "not-list")
            return []
        return node.value

    # ------------------------------------------------------------------- scalars
    def text(self, node: Node | None, path: str, default: str = "") -> str:
        if node is None:
            return default
        self.seen(node, path)
        node = _colon_text(node)           # `Nhiệm vụ thứ 1: tiếp tục …` is the text typed
        if node.kind != _SCALAR:
            self.error(node, path, "cần một đoạn văn bản (không phải danh sách hay bảng khóa)",
                       "not-text")
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
            self.error(node, path, f"{value} nằm ngoài khoảng cho phép; hãy ghi một số từ {low} đến {high}",
                       "out-of-range")
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
        self.error(node, path, f'"{node.value if node.kind == _SCALAR else "…"}" không phải giá trị '
                               f"đúng/sai; hãy viết true hoặc false", "not-boolean")
        return default

    def choice(self, node: Node | None, path: str, choices: tuple, default: str = "") -> str:
        if node is None:
            return default
        value = self.text(node, path, default)
        if value not in choices:
            close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
            hint = f'; có phải ý bạn là "{close[0]}"?' if close else ""
            self.error(node, path, f'"{value}" không phải giá trị hợp lệ; hãy ghi một trong: '
                                   f"{', '.join(choices)}{hint}", "bad-choice")
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
        return tuple(t for i, item in enumerate(self.sequence(node, path))
                     if (t := self.text(_colon_text(item), f"{path}[{i}]")))

    # ------------------------------------------------------------------- objects
    def report(self, root: Node) -> model.Report | None:
        f = self.mapping(root, "", _TOP, ("system", "issuer", "date", "signature")) or {}
        self.plain = self.choice(f.get("number_format"), "number_format",
                                 ("vietnamese", "plain"), "vietnamese") == "plain"
        system = self.choice(f.get("system"), "system", model.SYSTEMS)
        issuer = self.issuer(f.get("issuer"), system)
        report_date = self.date(f.get("date"), "date")
        self.estimated = _any_estimated(f.get("indicators"))
        period, review = self.period_or_review(root, f, report_date)
        signature = self.signature(f.get("signature"), system)
        indicators = self.indicators(f.get("indicators"))
        ids = {ind.id for ind in indicators if ind.id}
        results = tuple(self.section(n, f"results[{i}]", ids)
                        for i, n in enumerate(self.sequence(f.get("results"), "results")))
        recipients = self.texts(f.get("recipients"), "recipients")
        if recipients and not recipients[-1].lower().startswith("lưu"):
            node = f["recipients"].value[-1]
            self.warn(node, f"recipients[{len(f['recipients'].value) - 1}]",
                      'nơi nhận cuối cùng thường là "Lưu …" (ví dụ: Lưu Văn phòng Quận ủy; Lưu: VT, VP)',
                      "recipients-last")
        if not (system and issuer and (period or review) and signature and report_date):
            return None
        return model.Report(
            system=system, issuer=issuer, date=report_date, period=period, review=review,
            signature=signature,
            number=self.doc_number(f.get("number")),
            template=self.text(f.get("template"), "template"),
            draft=self.boolean(f.get("draft"), "draft"),
            output=_without_suffix(self.text(f.get("output"), "output"), ".docx"),
            title=self.text(f.get("title"), "title"),
            parts=self.parts(f.get("parts")),
            indicator_table=self.choice(f.get("indicator_table"), "indicator_table",
                                        model.INDICATOR_TABLE_MODES, "appendix"),
            opening=self.texts(f.get("opening"), "opening"),
            indicators=indicators, results=results,
            assessment=self.assessment(f.get("assessment")),
            tasks=self.tasks(f.get("tasks")), recipients=recipients,
            meeting=self.meeting(f.get("meeting")),
            number_format="plain" if self.plain else "vietnamese",
            regulation=self.choice(f.get("regulation"), "regulation", layout.regulations_for(system)),
        )

    def doc_number(self, node):
        """`number`; left blank (`""`, `~`) it is a reminder that deleting the line is the way."""
        if node is not None and _is_blank(node):
            self.warn(node, "number", "số văn bản để trống; hãy xóa dòng này để văn thư điền số",
                      "blank-number")
            return None
        return self.integer(node, "number", 1, 999_999)

    def date_after_period(self, node: Node, report_date, period) -> None:
        """A report dated before its period ends is usually a typo in `date` or `period`."""
        end = _period_end(period)
        if report_date < end and not self.estimated:
            self.warn(node, "date", f"ngày ban hành {report_date:%d/%m/%Y} trước khi kỳ báo cáo kết thúc "
                                    f"({end:%d/%m/%Y}); hãy kiểm tra date và period (báo cáo gửi trước "
                                    f"cuối kỳ thì ghi estimated: true cho các số ước tính)", "date-before-end")

    def period_or_review(self, root: Node, f: dict, report_date):
        """Exactly one of `period` (a periodic report) and `review` (a thematic review)."""
        if "period" in f and "review" in f:
            self.error(f["review"], "review", "chỉ ghi một trong period (báo cáo định kỳ) và review "
                                              "(sơ kết thực hiện một văn bản); hãy xóa khóa còn lại",
                       "period-and-review")
            return None, None
        if "review" in f:
            return None, self.review(f["review"], report_date)
        if "period" not in f:
            self.error(root, "period", f"thiếu period{_REQUIRED_HINTS['period']}; báo cáo sơ kết "
                                       f"thực hiện một văn bản thì ghi review thay cho period", "missing")
            return None, None
        period = self.period(f["period"])
        if period is not None and report_date is not None:
            self.date_after_period(f["date"], report_date, period)
        return period, None

    def review(self, node, report_date):
        f = self.mapping(node, "review", ("subject", "short", "from", "to"), ("subject", "short", "from"))
        if f is None:
            return None
        subject = self.text(f.get("subject"), "review.subject")
        short = self.text(f.get("short"), "review.short")
        start = self.integer(f.get("from"), "review.from", 1900, 2999)
        end = self.integer(f.get("to"), "review.to", 1900, 2999)
        if end is None and f.get("to") is None and report_date is not None:
            end = report_date.year
        if start is not None and end is not None and end <= start:
            self.error(f.get("to") or f["from"], "review.to" if f.get("to") else "review.from",
                       f"năm kết thúc ({end}) phải sau năm bắt đầu ({start}); hãy kiểm tra from và to",
                       "review-years")
            return None
        if not (subject and short and start is not None and end is not None):
            return None
        return model.Review(subject, short, start, end)

    def issuer(self, node, system: str):
        if node is None:
            return None
        name = node.value.get("name", (None, None))[1] if node.kind == _MAP else None
        top = name is not None and name.kind == _SCALAR and _is_top_committee(str(name.value))
        required = ("name", "abbreviation", "place") + (("parent",) if system == "party" and not top else ())
        f = self.mapping(node, "issuer", ("parent", "name", "abbreviation", "place"), required)
        if f is None:
            return None
        name, abbr, place = (self.text(f.get(k), f"issuer.{k}") for k in ("name", "abbreviation", "place"))
        if not (name and abbr and place):
            return None
        return model.Issuer(name, abbr, place, self.text(f.get("parent"), "issuer.parent"))

    def period(self, node):
        if node is None:
            return None
        f = self.mapping(node, "period", ("kind", "index", "year"), ("kind", "year"))
        if f is None:
            return None
        kind = self.choice(f.get("kind"), "period.kind", model.PERIOD_KINDS)
        year = self.integer(f.get("year"), "period.year", 1900, 2999)
        index = 0
        if kind in _INDEX_RANGES:
            high, meaning = _INDEX_RANGES[kind]
            if f.get("index") is None:
                self.error(f["kind"], "period.index",
                           f"thiếu index: kỳ {kind} cần index từ 1 đến {high} ({meaning})", "missing")
                return None
            index = self.integer(f.get("index"), "period.index", 1, high)
            if index is None:
                return None
        if not kind or year is None:
            return None
        return model.Period(kind, year, index)

    def parts(self, node):
        f = self.mapping(node, "parts", ("results", "tasks")) if node is not None else {}
        f = f or {}
        return model.Parts(self.text(f.get("results"), "parts.results"),
                           self.text(f.get("tasks"), "parts.tasks"))

    def indicators(self, node) -> tuple:
        out, seen = [], {}
        for i, item in enumerate(self.sequence(node, "indicators")):
            path = f"indicators[{i}]"
            f = self.mapping(item, path, _INDICATOR, ("name",))
            if f is None:
                continue
            ind_id = self.text(f.get("id"), f"{path}.id")
            if ind_id and ind_id in seen:
                self.error(f["id"], f"{path}.id", f'mã "{ind_id}" đã dùng cho indicators[{seen[ind_id]}]; '
                                                   f"mỗi chỉ tiêu cần một mã riêng", "duplicate-id")
            seen.setdefault(ind_id, i)
            targets = []
            for j, t in enumerate(self.sequence(f.get("targets"), f"{path}.targets")):
                tp = f"{path}.targets[{j}]"
                tf = self.mapping(t, tp, ("label", "value"), ("label", "value"))
                if tf is None:
                    continue
                value = self.number(tf.get("value"), f"{tp}.value")
                if value is not None and value == 0:
                    self.error(tf["value"], f"{tp}.value", "kế hoạch bằng 0 thì không tính được tỷ lệ; "
                                                          "hãy ghi số kế hoạch khác 0 hoặc bỏ mục này", "zero-target")
                    continue
                if value is not None and value < 0:
                    self.error(tf["value"], f"{tp}.value", "kế hoạch là số âm thì tỷ lệ đạt được vô nghĩa; "
                                                          "hãy ghi số kế hoạch dương (không có dấu -)",
                               "negative-target")
                    continue
                label = self.text(tf.get("label"), f"{tp}.label")
                if value is not None and label:
                    targets.append(model.Target(label, value))
            actual = self.number(f.get("actual"), f"{path}.actual")
            previous = self.number(f.get("previous"), f"{path}.previous")
            growth = self.number(f.get("growth"), f"{path}.growth")
            ratio = self.number(f.get("ratio"), f"{path}.ratio")
            compare = self.choice(f.get("compare"), f"{path}.compare", model.COMPARE_STYLES,
                                  "ratio" if "ratio" in f and "growth" not in f else "growth")
            if "growth" in f and "ratio" in f:
                self.error(f["ratio"], f"{path}.ratio", "chỉ ghi một trong growth (% tăng, giảm so với "
                                                        "cùng kỳ) và ratio (bằng bao nhiêu % cùng kỳ); "
                                                        "hãy xóa một dòng", "growth-and-ratio")
            elif growth is not None and growth >= 100 and compare == "ratio":
                self.warn(f["growth"], f"{path}.growth",
                          f"growth: {f['growth'].value} với compare: ratio sẽ in \"bằng "
                          f"{str(growth + 100).replace('.', ',')}% so với cùng kỳ\"; nếu văn bản "
                          f"ghi \"bằng {f['growth'].value}% so với cùng kỳ\" thì hãy viết ratio: {f['growth'].value}",
                          "growth-as-ratio")
            if previous is not None and previous == 0:
                self.error(f["previous"], f"{path}.previous", "số cùng kỳ bằng 0 thì không tính được "
                                                              "tăng, giảm; hãy bỏ previous hoặc ghi growth",
                           "zero-previous")
                previous = None
            if previous is not None and previous < 0:
                self.error(f["previous"], f"{path}.previous", "số cùng kỳ là số âm thì tỷ lệ tăng, giảm "
                                                              "vô nghĩa; hãy ghi số cùng kỳ dương, hoặc bỏ "
                                                              "previous và ghi growth (% tăng, giảm)",
                           "negative-previous")
                previous = None
            if not {"actual", "growth", "ratio"} & set(f):
                self.error(item, f"{path}.actual", "chỉ tiêu cần actual (số thực hiện), growth "
                                                   "(% tăng so với cùng kỳ) hoặc ratio (bằng % cùng kỳ)",
                           "missing")
            if f.get("previous") is not None and actual is None and "actual" not in f:
                self.error(f["previous"], f"{path}.previous", "có previous thì cần actual để so sánh",
                           "missing")
            sentence = self.text(f.get("sentence"), f"{path}.sentence")
            if sentence:
                try:
                    parse.sentence_fields(sentence, len(targets))
                except ValueError as exc:
                    self.error(f["sentence"], f"{path}.sentence", str(exc), "bad-sentence")
                    sentence = ""
            indicator = model.Indicator(
                name=self.text(f.get("name"), f"{path}.name"), unit=self.text(f.get("unit"), f"{path}.unit"),
                id=ind_id, actual=actual, estimated=self.boolean(f.get("estimated"), f"{path}.estimated"),
                targets=tuple(targets), previous=previous, growth=growth, compare=compare, ratio=ratio,
                compared_to=self.text(f.get("compared_to"), f"{path}.compared_to"), sentence=sentence,
                aggregate=self.choice(f.get("aggregate"), f"{path}.aggregate", model.AGGREGATES, "none"))
            for name in compute.missing_placeholders(indicator):
                self.error(f["sentence"], f"{path}.sentence", _MISSING_FIGURE[name.rstrip("0123456789")]
                           .format(name=name), "sentence-missing-figure")
            for key, message in compute.consistency_warnings(indicator):
                self.warn(f[key], f"{path}.{key}", message, "growth-mismatch")
            out.append(indicator)
        return tuple(out)

    def section(self, node, path: str, ids: set, depth: int = 1) -> model.Section:
        f = self.mapping(node, path, ("heading", "indicators", "paragraphs", "sections", "table"),
                         ("heading",)) or {}
        refs = []
        for i, ref in enumerate(self.sequence(f.get("indicators"), f"{path}.indicators")):
            rid = self.text(ref, f"{path}.indicators[{i}]")
            if rid and rid not in ids:
                close = difflib.get_close_matches(rid, sorted(ids), n=1, cutoff=0.5)
                hint = f'; có phải ý bạn là "{close[0]}"?' if close else (
                    f"; các mã hiện có: {', '.join(sorted(ids))}" if ids else "; chưa chỉ tiêu nào có id")
                self.error(ref, f"{path}.indicators[{i}]", f'không có chỉ tiêu nào mang mã "{rid}"{hint}',
                           "unknown-indicator")
            elif rid:
                refs.append(rid)
        if depth >= MAX_DEPTH and f.get("sections") is not None and not _is_null(f["sections"]):
            self.error(f["sections"], f"{path}.sections", _too_deep("mục", "sections"), "too-deep")
            subs = ()
        else:
            subs = tuple(self.section(n, f"{path}.sections[{i}]", ids, depth + 1)
                         for i, n in enumerate(self.sequence(f.get("sections"), f"{path}.sections")))
        return model.Section(self.text(f.get("heading"), f"{path}.heading"), tuple(refs),
                             self.texts(f.get("paragraphs"), f"{path}.paragraphs"), subs,
                             self.table(f.get("table"), f"{path}.table"))

    def table(self, node, path: str):
        if node is None:
            return None
        f = self.mapping(node, path, ("caption", "header", "rows"), ("header",))
        if f is None:
            return None
        header = self.cells(f.get("header"), f"{path}.header")
        rows = []
        for i, row in enumerate(self.sequence(f.get("rows"), f"{path}.rows")):
            where = f"{path}.rows[{i}]"
            cells = self.cells(row, where)
            if header and cells is not None and len(cells) != len(header):
                trap = (" (trong [...] mỗi dấu phẩy tách một ô, kể cả dấu phẩy thập phân: 52,1 thành "
                        "hai ô 52 và 1); hãy đặt ô có dấu phẩy trong ngoặc kép, ví dụ [\"Thuế, phí\", "
                        "\"52,1\"], hoặc viết mỗi ô một dòng") if row.flow else (
                        "; hãy thêm hoặc bớt ô cho khớp (ô trống ghi \"\")")
                self.error(row, where, f"hàng có {len(cells)} ô nhưng tiêu đề (header) có "
                                       f"{len(header)} cột{trap}", "table-row-length")
            elif cells is not None:
                rows.append(cells)
        if not header:
            return None
        return model.Table(header, tuple(rows), self.text(f.get("caption"), f"{path}.caption"))

    def cells(self, node, path: str):
        """A table row: every cell is text as written (an empty cell is kept)."""
        items = self.sequence(node, path)
        if node is None or node.kind != _SEQ:
            return None
        return tuple(self.text(_colon_text(item), f"{path}[{i}]") for i, item in enumerate(items))

    def assessment(self, node):
        if node is None:
            return model.Assessment()
        f = self.mapping(node, "assessment", ("strengths", "limitations", "causes", "lessons")) or {}
        return model.Assessment(*(self.texts(f.get(k), f"assessment.{k}")
                                  for k in ("strengths", "limitations", "causes", "lessons")))

    def tasks(self, node):
        if node is None:
            return model.Tasks()
        f = self.mapping(node, "tasks", ("intro", "items")) or {}
        return model.Tasks(self.task_list(f.get("items"), "tasks.items"),
                           self.text(f.get("intro"), "tasks.intro"))

    def task_list(self, node, path: str, depth: int = 1) -> tuple:
        out = []
        for i, item in enumerate(self.sequence(node, path)):
            where = f"{path}[{i}]"
            if item.kind == _MAP and len(item.value) == 1 and not set(item.value) & set(_TASK):
                item = _colon_text(item)         # `- Nhiệm vụ thứ 1: tiếp tục …` is a text
            if item.kind == _SCALAR:
                text = self.text(item, where)
                if text:
                    out.append(model.Task(text))
                continue
            f = self.mapping(item, where, _TASK, ("text",))
            if f is None:
                continue
            items = ()
            if depth >= MAX_DEPTH and f.get("items") is not None and not _is_null(f["items"]):
                self.error(f["items"], f"{where}.items", _too_deep("nhiệm vụ", "items"), "too-deep")
            else:
                items = self.task_list(f.get("items"), f"{where}.items", depth + 1)
            out.append(model.Task(self.text(f.get("text"), f"{where}.text"), items,
                                  self.texts(f.get("paragraphs"), f"{where}.paragraphs")))
        return tuple(out)

    def signature(self, node, system: str):
        if node is None:
            return None
        f = self.mapping(node, "signature", ("on_behalf_of", "deputy_for", "by_order_of", "title", "name"),
                         ("title", "name"))
        if f is None:
            return None
        values = {k: self.text(f.get(k), f"signature.{k}")
                  for k in ("on_behalf_of", "deputy_for", "by_order_of", "title", "name")}
        if system == "party" and values["deputy_for"]:
            self.warn(f["deputy_for"], "signature.deputy_for",
                      f"K/T {values['deputy_for'].upper()} dưới cấp ủy: văn bản của cấp ủy do bí thư hoặc "
                      f"phó bí thư ký T/M (T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ); K/T dành cho cơ quan tham mưu "
                      f"(Hướng dẫn 36-HD/VPTW); hãy bỏ deputy_for và ghi title: Phó Bí thư", "party-kt")
        if not (values["title"] and values["name"]):
            return None
        return model.Signature(values["title"], values["name"], values["on_behalf_of"],
                               values["by_order_of"], values["deputy_for"])

    def meeting(self, node):
        if node is None:
            return None
        f = self.mapping(node, "meeting", ("date", "time", "place", "name", "chair", "attendees",
                                           "conclusion")) or {}
        chair = None
        if f.get("chair") is not None:
            cf = self.mapping(f["chair"], "meeting.chair", ("name", "title"), ("name",)) or {}
            name = self.text(cf.get("name"), "meeting.chair.name")
            chair = model.Person(name, self.text(cf.get("title"), "meeting.chair.title")) if name else None
        return model.Meeting(self.text(f.get("name"), "meeting.name"), self.date(f.get("date"), "meeting.date"),
                             chair, self.texts(f.get("attendees"), "meeting.attendees"),
                             self.choice(f.get("time"), "meeting.time", model.MEETING_TIMES),
                             self.text(f.get("place"), "meeting.place"),
                             self.texts(f.get("conclusion"), "meeting.conclusion"))


_TOP = ("system", "template", "draft", "output", "issuer", "number", "date", "period", "review",
        "title", "parts", "indicator_table", "opening", "indicators", "results", "assessment", "tasks",
        "signature", "recipients", "meeting", "number_format", "regulation")
_INDICATOR = ("id", "name", "unit", "actual", "estimated", "targets", "previous", "growth", "ratio",
              "compare", "compared_to", "sentence", "aggregate")
_TASK = ("text", "paragraphs", "items")
_MISSING_FIGURE = {
    "actual": "câu dùng {{{name}}} nhưng chỉ tiêu không có actual; hãy thêm actual hoặc bỏ {{{name}}} khỏi câu",
    "previous": "câu dùng {{{name}}} nhưng chỉ tiêu không có previous; hãy thêm previous hoặc bỏ "
                "{{{name}}} khỏi câu",
    "change": "câu dùng {{{name}}} nhưng chỉ tiêu không có số để so sánh; hãy thêm previous, growth "
              "hoặc ratio, hoặc bỏ {{{name}}} khỏi câu",
    "percent": "câu dùng {{{name}}} nhưng chỉ tiêu không có actual để tính tỷ lệ; hãy thêm actual "
               "hoặc bỏ {{{name}}} khỏi câu",
}
MAX_DEPTH = 3        # 1., 1.1., a): nothing below the lettered level
_INDEX_RANGES = {"quarter": (4, "quý"), "half": (2, "1: 6 tháng đầu năm, 2: 6 tháng cuối năm"),
                 "month": (12, "tháng")}


def _is_top_committee(name: str) -> bool:
    """A province committee (Thành ủy, Tỉnh ủy) has no committee above it in the header."""
    return parse.clean_text(name).lower().replace("uỷ", "ủy").startswith(("thành ủy", "tỉnh ủy"))


def _without_suffix(text: str, suffix: str) -> str:
    return text[: -len(suffix)] if text.lower().endswith(suffix) else text


def _any_estimated(node) -> bool:
    """Whether some indicator says `estimated: true` (read before the indicators are)."""
    if node is None or node.kind != _SEQ:
        return False
    return any(item.kind == _MAP and "estimated" in item.value
               and str(item.value["estimated"][1].value).strip().lower() in _TRUE for item in node.value)


def _period_end(period: model.Period):
    """The last day of a period."""
    last_month = {"quarter": 3 * period.index, "half": 6 * period.index, "nine_months": 9,
                  "year": 12, "month": period.index}[period.kind]
    year, month = (period.year + 1, 1) if last_month == 12 else (period.year, last_month + 1)
    return datetime.date(year, month, 1) - datetime.timedelta(days=1)


def _too_deep(what: str, key: str) -> str:
    return (f"{what} lồng quá ba cấp (1., 1.1., a)): dưới cấp a), b) không còn cấp nào; hãy viết "
            f"các ý này thành đoạn văn của mục cha hoặc đưa lên một cấp (bỏ khóa {key} này)")
_REQUIRED_HINTS = {
    "system": " (party: văn bản của Đảng; state: văn bản hành chính)",
    "issuer": " (cơ quan ban hành: name, abbreviation, place)",
    "issuer.name": ", ví dụ name: Quận ủy Đồ Sơn",
    "issuer.parent": " (văn bản của Đảng ghi cấp ủy cấp trên ở dòng đầu tiêu đề), ví dụ parent: "
                     "Đảng bộ thành phố Hải Phòng",
    "issuer.abbreviation": ", ví dụ abbreviation: QU (Quận ủy) hoặc UBND",
    "issuer.place": ", ví dụ place: Đồ Sơn (địa danh ở dòng ngày tháng)",
    "date": " (ngày ban hành), ví dụ date: 2019-07-09",
    "period": " (kỳ báo cáo: kind, index, year)",
    "period.kind": ": quarter, half, nine_months, year hoặc month",
    "review.subject": ", ví dụ subject: Nghị quyết số 06-NQ/TU ngày 15/3/2023 của Ban Thường vụ Thành ủy",
    "review.short": ", ví dụ short: Nghị quyết (cách gọi tắt trong bài)",
    "review.from": ", ví dụ from: 2023 (năm văn bản bắt đầu thực hiện)",
    "results[].heading": ", ví dụ heading: Lãnh đạo phát triển kinh tế",
    "indicators[].name": ", ví dụ name: Tổng thu ngân sách nhà nước trên địa bàn",
    "period.year": ", ví dụ year: 2019",
    "signature": " (phần ký: title, name)",
    "signature.title": ", ví dụ title: Bí thư",
    "signature.name": ", ví dụ name: Nguyễn Văn A",
}
