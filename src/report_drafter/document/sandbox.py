"""The Jinja environment templates run in: sandboxed, immutable, and bounded.

A custom template is code from outside. Besides Jinja's sandbox (no private
attributes, no mutation of lists or dicts), a template here cannot load another
template (`include`, `import`, `extends`), and one rendering may not loop, build or
print beyond what any report needs, nor run longer than `MAX_SECONDS`: past a bound
it stops with `Refused`, whose message is Vietnamese.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from contextlib import contextmanager

import jinja2
from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from report_drafter.errors import ReportDrafterError

MAX_OUTPUT = 16 * 1024 * 1024  # characters one rendering may build or print (a report: < 2 MB)
MAX_TEXT = 1024 * 1024  # characters of a text a filter or a method works on (a field: < 64 KB)
MAX_LIPSUM = 100  # paragraphs of `lipsum()`
MAX_ITERATIONS = 2_000_000  # loop turns in one rendering (a report: a few thousand)
MAX_SECONDS = 60  # a report renders in well under a second
_MAX_BITS = 100_000  # an integer of some 30,000 digits
INTERNAL = "_report_drafter_"  # names of the globals the bounds add to every template
_LOOP = INTERNAL + "loop"
_SIZED = INTERNAL + "sized"
_LOADING = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import", nodes.Extends: "extends"}
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(\*|\d{7,})|\{[^{}]*:[^{}]*(\{|\d{7,})")


class Refused(ReportDrafterError):
    """A template that does something no report template needs; `message` says what."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Environment(ImmutableSandboxedEnvironment):
    """Autoescaped, strict, immutable sandbox with bounds on loading, loops, size and time."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, loader=None, finalize=None):
        super().__init__(autoescape=True, undefined=StrictUndefined, loader=loader, finalize=finalize)
        self.globals[_LOOP] = self._loop
        self.globals[_SIZED] = _sized
        self.globals["lipsum"] = _bounded_lipsum(self.globals["lipsum"])
        self._turns = MAX_ITERATIONS
        self._deadline = float("inf")

    # ------------------------------------------------------------------ parsing
    def _parse(self, source, name, filename):
        ast = super()._parse(source, name, filename)
        for node in ast.find_all(tuple(_LOADING)):
            raise Refused(
                f"thẻ {{% {_LOADING[type(node)]} %}} ở đoạn {_paragraph(source, node.lineno)}: "
                f"mẫu không được nạp mẫu hay tệp khác; hãy xóa thẻ này khỏi mẫu"
            )
        for loop in ast.find_all(nodes.For):  # every loop turn is counted
            loop.iter = _call(_LOOP, loop.iter)
        for node in list(ast.find_all(nodes.Node)):  # every `a ~ b` is measured
            for field in node.fields:
                value = getattr(node, field)
                if isinstance(value, nodes.Concat):
                    setattr(node, field, _call(_SIZED, value))
                elif isinstance(value, list):
                    setattr(node, field, [_call(_SIZED, v) if isinstance(v, nodes.Concat) else v for v in value])
        return ast

    # ------------------------------------------------------------------ rendering
    @contextmanager
    def bounds(self):
        """One rendering: a fresh budget of loop turns and a deadline."""
        self._turns = MAX_ITERATIONS
        self._deadline = time.monotonic() + MAX_SECONDS
        with _alarm(MAX_SECONDS):
            yield

    def render(self, template, context: dict) -> str:
        """`template` rendered with `context`, refused once it prints more than `MAX_OUTPUT`."""
        out, size = [], 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise Refused(_too_big("văn bản in ra"))
            out.append(chunk)
        return "".join(out)

    def _loop(self, iterable):
        for item in iterable:
            self._turns -= 1
            if self._turns < 0:
                raise Refused(
                    f"các vòng lặp {{% for %}} chạy quá {MAX_ITERATIONS:,} lượt".replace(",", ".")
                    + "; mẫu báo cáo không cần nhiều như vậy"
                )
            if not self._turns % 4096 and time.monotonic() > self._deadline:
                raise Refused(_too_slow())
            yield item

    # ---------------------------------------------------------------- operations
    def call_binop(self, context, operator, left, right):
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)  # `"…".format` is wrapped when looked up
        if wrapped is not None and _WIDE_FORMAT.search(value.__self__):
            raise Refused("chuỗi định dạng có độ rộng quá lớn")
        return wrapped

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        _check_arguments(args, kwargs)
        owner = getattr(__obj, "__self__", None)
        _check_text(owner, f"lệnh .{getattr(__obj, '__name__', '')}()")
        if isinstance(owner, str) and getattr(__obj, "__name__", "") == "replace" and args and args[0] == "":
            raise Refused('replace("") chèn vào giữa mọi ký tự; hãy bỏ lệnh này')
        return super().call(__context, __obj, *args, **kwargs)


class Trusted(jinja2.Environment):
    """For the built-in templates only (ours, shipped with the code): the same autoescape,
    strict undefined, time bound and rendering interface as `Environment`, without the
    sandbox's per-call, per-filter and per-loop checks (about a third of a rendering).

    Its sources may come from the cache on disk, so it keeps the one rule that stops a
    forged entry from reaching Python: no `_…` attribute or item, no `str.format`."""

    def __init__(self, loader=None, finalize=None):
        # Jinja's optimizer folds constants our templates do not have: a fifth of compiling
        super().__init__(autoescape=True, undefined=StrictUndefined, loader=loader, finalize=finalize, optimized=False)

    def getattr(self, obj, attribute):
        if attribute[:1] == "_" or (attribute in _FORMATS and isinstance(obj, str)):
            raise SecurityError(f"thuộc tính {attribute!r} không được dùng trong mẫu")
        if type(obj) is dict and attribute not in _DICT_NAMES:
            # what Jinja finds, without the AttributeError it raises first (a context is dicts)
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if isinstance(argument, str) and (argument[:1] == "_" or (argument in _FORMATS and isinstance(obj, str))):
            raise SecurityError(f"thuộc tính {argument!r} không được dùng trong mẫu")
        return super().getitem(obj, argument)

    @contextmanager
    def bounds(self):
        with _alarm(MAX_SECONDS):
            yield

    def render(self, template, context: dict) -> str:
        return template.render(context)


_FORMATS = frozenset({"format", "format_map"})
_DICT_NAMES = frozenset(dir(dict))


def bound_filters(env: Environment) -> None:
    """Wrap every filter so that sizes given to it (`center(10**9)`) are refused first."""
    for name, function in list(env.filters.items()):
        env.filters[name] = _bounded_filter(name, function)


def _bounded_filter(name: str, function):
    given = 2 if hasattr(function, "jinja_pass_arg") else 1  # (context,) value, then arguments

    def bounded(*args, **kwargs):
        _check_arguments(args[given:], kwargs)
        value = args[given - 1] if len(args) >= given else None
        _check_text(value, f"bộ lọc |{name}")
        if name == "format" and isinstance(value, str) and _WIDE_FORMAT.search(value):
            raise Refused("chuỗi định dạng có độ rộng quá lớn")
        if name == "replace" and len(args) > given and args[given] == "":
            raise Refused('replace("") chèn vào giữa mọi ký tự; hãy bỏ lệnh này')
        return function(*args, **kwargs)

    if hasattr(function, "jinja_pass_arg"):
        bounded.jinja_pass_arg = function.jinja_pass_arg
    return bounded


def _check_text(value, what: str) -> None:
    """A filter or method on a huge text (`('a ' * 30000000)|title`) would take many times
    its size in memory: refused first."""
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise Refused(
            f"{what} dùng trên một chuỗi {len(value):,} ký tự".replace(",", ".")
            + f", quá {MAX_TEXT // 1024 // 1024} triệu ký tự; mẫu báo cáo không cần nhiều như vậy"
        )


def _bounded_lipsum(lipsum):
    def bounded(n=5, *args, **kwargs):
        if isinstance(n, int) and n > MAX_LIPSUM:
            raise Refused(f"lipsum({n}): quá {MAX_LIPSUM} đoạn văn mẫu; mẫu báo cáo không cần nhiều như vậy")
        return lipsum(n, *args, **kwargs)

    return bounded


def deepest_line(source: str) -> int:
    """The line of `source` whose template tags nest brackets deepest (where a RecursionError
    while compiling most likely comes from)."""
    best, best_line = -1, 1
    for number, line in enumerate(source.splitlines(), 1):
        depth = deepest = 0
        for ch in line:
            if ch in "([{":
                depth += 1
                deepest = max(deepest, depth)
            elif ch in ")]}":
                depth = max(0, depth - 1)
        if deepest > best:
            best, best_line = deepest, number
    return best_line


def paragraph_at(source: str, lineno: int) -> str:
    """`_paragraph` for other modules: `số N “text…”`."""
    return _paragraph(source, lineno)


def _call(function: str, node):
    return nodes.Call(nodes.Name(function, "load"), [node], [], None, None, lineno=node.lineno)


def _sized(text):
    if len(text) > MAX_OUTPUT:
        raise Refused(_too_big("phép nối chuỗi ~"))
    return text


def _check_arguments(args, kwargs) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT:
            raise Refused(f"một số {value} được dùng làm độ dài hay số lần: quá lớn cho một báo cáo")


def _check_binop(operator: str, left, right) -> None:
    sized = (str, list, tuple)
    if operator == "*":
        if isinstance(left, int) and isinstance(right, sized):
            left, right = right, left
        if isinstance(left, sized) and isinstance(right, int) and len(left) * right > MAX_OUTPUT:
            raise Refused(_too_big("phép nhân chuỗi"))
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > _MAX_BITS:
            raise Refused(_too_big("phép nhân số"))
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() * abs(right) > _MAX_BITS:
            raise Refused(_too_big("phép lũy thừa"))
    elif operator == "+":
        if isinstance(left, sized) and isinstance(right, sized) and len(left) + len(right) > MAX_OUTPUT:
            raise Refused(_too_big("phép nối chuỗi"))
    elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
        raise Refused("chuỗi định dạng có độ rộng quá lớn")


@contextmanager
def _alarm(seconds: float):
    """Stop a rendering that runs past `seconds` (POSIX, main thread; elsewhere loops check)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Refused(_too_slow())

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _too_big(what: str) -> str:
    return f"{what} vượt quá {MAX_OUTPUT // 1024 // 1024} triệu ký tự; mẫu báo cáo không cần nhiều như vậy"


def _too_slow() -> str:
    return f"mẫu chạy quá {MAX_SECONDS} giây cho một văn bản (vòng lặp quá lớn?)"


def _paragraph(source: str, lineno: int) -> str:
    """`số N “text…”`: the template paragraph at a Jinja line (docxtpl puts one on each line)."""
    lines = source.splitlines()[: max(lineno, 1)]
    number = sum(1 for line in lines if line.startswith(("<w:p ", "<w:p>")))
    text = re.sub(r"<[^>]+>", "", lines[-1] if lines else "").strip()
    text = text if len(text) <= 60 else text[:57] + "…"
    return f"số {number} “{text}”"
