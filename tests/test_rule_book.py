"""The official layout is written once, in the rule book (layout.py and rules/*.json).

A grep over the package's code: an official literal (the national motto, `Nơi nhận`, the
number line's `Số:`, the signing prefixes, the `ngày … tháng … năm` date) outside the rule
book fails the test, unless the allow-list below names the file, the literal and why.
Docstrings and comments are prose, not rules: only string literals in code are read.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import re
from pathlib import Path

import pytest

from report_drafter.rules import book as layout

PACKAGE = Path(layout.__file__).resolve().parents[layout.__name__.count(".") - 1]
RULE_BOOK = {Path(layout.__file__).resolve()}  # and rules/*.json, which are data, not code

OFFICIAL = {
    "Nơi nhận": re.compile(r"Nơi nhận"),
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA": re.compile(r"CỘNG H(?:ÒA|OÀ) XÃ HỘI", re.I),
    "Độc lập - Tự do": re.compile(r"Độc lập\s*[-–]\s*Tự do", re.I),
    "ĐẢNG CỘNG SẢN VIỆT NAM": re.compile(r"ĐẢNG CỘNG SẢN VIỆT NAM", re.I),
    "VIỆT NAM": re.compile(r"VIỆT NAM"),
    "Số:": re.compile(r"Số(?:\s*:|\\[sb])"),  # the number line, also as a regex
    "T/M, K/T, T/L": re.compile(r"\b[TK]/[MTL]\b"),
    "TM., KT., TL.": re.compile(r"\b(?:TM|KT|TL|TUQ)\."),
    "ngày … tháng … năm": re.compile(r"ngày\W.{0,60}?tháng\W.{0,60}?năm", re.S),
}

# (module, literal) → why it may stay. "TODO" entries are known debts: remove them with the literal.
# Modules by dotted name, so a move of files into subpackages rewrites these keys with the imports.
ALLOWED = {
    (
        "report_drafter.vn.reading",
        "ngày … tháng … năm",
    ): "a message naming an impossible date (`ngày 31 tháng 2 năm 2026`), not the date line",
    ("report_drafter.web.schema", "T/M, K/T, T/L"): "form labels that explain the signing fields to a clerk "
    "(Thay mặt (T/M, TM.)); the values come from the rule book",
    ("report_drafter.web.schema", "TM., KT., TL."): "the same form labels, for the State's prefixes",
    ("report_drafter.web.schema", "Nơi nhận"): "the form's label for the recipients field",
    (
        "report_drafter.input.schema",
        "T/M, K/T, T/L",
    ): "TODO remove when the Party K/T warning is one rule shared with check "
    "(issue 24, signing); the message names the prefixes",
    ("report_drafter.audit.judge", "ngày … tháng … năm"): "a finding's message naming the missing line "
    "(thiếu dòng địa danh, ngày tháng năm), not the date form",
    # The importer (issue 22) was written in the same round as this test, reading a Word report's
    # header, number, date and signing lines: every literal allowed ("*") until it reads them
    # from the rule book as check will.
    ("report_drafter.fromdocx.recognise", "*"): "TODO remove when the importer recognises official lines from the "
    "rule book (issue 22/24)",
    ("report_drafter.fromdocx.importer", "*"): "TODO remove when the importer recognises official lines from the "
    "rule book (issue 22/24)",
}


def allowed(name: str, literal: str) -> bool:
    return (name, literal) in ALLOWED or (name, "*") in ALLOWED


def _code_strings(path: Path):
    """(line, source text) of every string literal in code: docstrings left out, an f-string whole."""
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    lines = [line.encode("utf-8") + b"\n" for line in source.split("\n")]  # as ast counts lines
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    inside_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in ast.walk(node)
        if part is not node
    }
    for node in ast.walk(tree):
        if id(node) in docstrings or id(node) in inside_fstrings:
            continue
        if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            yield node.lineno, _segment(lines, node)


def _segment(lines: list, node) -> str:
    """The node's source text (`ast.get_source_segment` without re-splitting the file each time)."""
    first, last = node.lineno - 1, node.end_lineno - 1  # offsets count UTF-8 bytes
    if first == last:
        return lines[first][node.col_offset : node.end_col_offset].decode("utf-8")
    parts = [lines[first][node.col_offset :], *lines[first + 1 : last], lines[last][: node.end_col_offset]]
    return b"".join(parts).decode("utf-8")


def _sources():
    for path in sorted(PACKAGE.rglob("*")):
        if path in RULE_BOOK or "__pycache__" in path.parts or not path.is_file():
            continue
        name = path.relative_to(PACKAGE.parent).with_suffix("").as_posix().replace("/", ".")
        if path.suffix == ".py":
            yield name, list(_code_strings(path))
        elif path.suffix in (".html", ".js"):
            yield name, list(enumerate(path.read_text("utf-8").splitlines(), start=1))


@functools.cache
def official_literals() -> dict:
    """(module, literal) → the first line where it appears outside the rule book."""
    found = {}
    for name, strings in _sources():
        for line, text in strings:
            for literal, pattern in OFFICIAL.items():
                if pattern.search(text):
                    found.setdefault((name, literal), line)
    return found


def test_official_literals_live_in_the_rule_book_only():
    found = official_literals()
    new = {f"{name} line {line}: {literal}" for (name, literal), line in found.items() if not allowed(name, literal)}
    assert not new, (
        "an official literal outside the rule book (layout.py, rules/*.json): read it from "
        f"layout instead, or add it to ALLOWED with a reason: {sorted(new)}"
    )


def test_every_lasting_allowance_is_still_needed():
    """An allowance that is not a TODO must name a literal that is really there."""
    found = official_literals()
    stale = [key for key, why in ALLOWED.items() if "TODO" not in why and key not in found]
    assert not stale, f"remove these entries from ALLOWED: {stale}"


def test_the_grep_finds_a_literal_put_back_into_code(tmp_path, monkeypatch):
    planted = tmp_path / "planted.py"
    planted.write_text(
        '"""Says Nơi nhận in its docstring: prose, allowed."""\n'
        'LABEL = "Nơi nhận:"\n'
        'def line(d):\n    return f"Hà Nội, ngày {d.day} tháng {d.month} năm {d.year}"\n',
        encoding="utf-8",
    )
    strings = list(_code_strings(planted))
    hits = {literal for _, text in strings for literal, p in OFFICIAL.items() if p.search(text)}
    assert hits == {"Nơi nhận", "ngày … tháng … năm"}
    assert [line for line, _ in strings] == [2, 4]


# ------------------------------------------------------------ one fact, one place


@pytest.mark.parametrize("name", layout.regulation_names())
def test_every_number_form_begins_with_the_rule_sets_number_prefix(name):
    rules = layout.regulation(name)
    forms = {k: v for k, v in rules.number_forms.items() if k != "source"}
    assert forms and all(f.startswith(rules.number_prefix) for f in forms.values())
    line = rules.number_line("45", rules.kinds[layout.REPORT_KIND], "QU")
    assert rules.number_without_prefix(line).lstrip().startswith("45")


@pytest.mark.parametrize(
    "day, month, text",
    [
        (9, 7, "Đồ Sơn, ngày 09 tháng 7 năm 2019"),
        (5, 2, "Đồ Sơn, ngày 05 tháng 02 năm 2019"),
        (20, 6, "Đồ Sơn, ngày 20 tháng 6 năm 2019"),
        (17, 1, "Đồ Sơn, ngày 17 tháng 01 năm 2019"),
        (30, 10, "Đồ Sơn, ngày 30 tháng 10 năm 2019"),
    ],
)
def test_the_date_line_pads_days_below_ten_and_the_months_january_and_february(day, month, text):
    for rules in (layout.PARTY, layout.STATE):
        assert rules.date_text("Đồ Sơn", day, month, 2019) == text
        assert rules.short_date(day, month, 2019) == text.split("ngày ")[1].replace(" tháng ", "/").replace(
            " năm ", "/"
        )


@pytest.mark.parametrize("number, text", [(45, "45"), (5, "05"), (1234, "1234")])
def test_document_numbers_below_ten_take_a_zero_and_none_is_grouped(number, text):
    assert layout.PARTY.document_number(number) == layout.STATE.document_number(number) == text


def test_every_day_of_a_year_writes_the_same_date_in_the_line_and_in_short():
    day = dt.date(2024, 1, 1)
    while day.year == 2024:
        line = layout.STATE.date_text("X", day.day, day.month, day.year)
        d, m, y = layout.STATE.short_date(day.day, day.month, day.year).split("/")
        assert line == f"X, ngày {d} tháng {m} năm {y}"
        day += dt.timedelta(days=1)


def test_the_text_width_is_the_sheet_less_its_side_margins():
    page = layout.STATE.page
    assert page.text_width.mm == pytest.approx(page.width_mm - page.left.default - page.right.default)
    assert layout.TEXT_WIDTH_TWIPS == 9354  # 165 mm on A4 with 30 and 15 mm margins


@pytest.mark.parametrize("name", layout.regulation_names())
def test_every_date_line_written_is_read_back_by_the_rule_sets_pattern(name):
    rules, day = layout.regulation(name), dt.date(2028, 1, 1)  # a leap year
    pattern = rules.date_line_pattern()
    while day.year == 2028:
        found = pattern.match(rules.date_text("Đồ Sơn", day.day, day.month, day.year))
        assert found and (found["place"], int(found["day"]), int(found["month"]), found["year"]) == (
            "Đồ Sơn",
            day.day,
            day.month,
            "2028",
        )
        day += dt.timedelta(days=1)
    assert pattern.match("Đồ Sơn, ngày    tháng    năm 2028") is None  # a blank date is not a date


@pytest.mark.parametrize("name", layout.regulation_names())
def test_every_number_line_written_is_read_back_by_its_forms_pattern(name):
    import random

    from report_drafter.text import context

    rules, rng = layout.regulation(name), random.Random(name)
    patterns = rules.number_line_patterns()
    for _ in range(300):
        form = rng.choice(sorted(patterns))
        kind = rng.choice([k for k in rules.kinds.values() if k])
        issuer = rng.choice(["QU", "ĐU", "UBND", "TU", "HĐND", "VP-UBND"])
        number = rules.document_number(rng.randint(1, 3000))
        found = patterns[form].match(rules.number_line(number, kind, issuer, form, "2026"))
        assert found, (form, number, kind, issuer)
        expected = {"number": number, "kind": kind, "issuer": issuer, "year": "2026"}
        assert found.groupdict() == {k: expected[k] for k in found.groupdict()}
    blank = rules.number_line("\0", rules.kinds[layout.REPORT_KIND], "QU").replace("\0", context.BLANK_NUMBER)
    assert patterns["default"].match(blank)["number"] == ""  # left blank for the văn thư
