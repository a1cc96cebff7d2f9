"""YAML → `Report`, or every problem of the file with its line: the schema and the rules.

Each object's keys are its model's fields (`model.py`), declared once. Every rule that
spans fields — growth against previous, placeholders of a sentence, the template a report
names — runs here while the nodes (and so the lines) are at hand: `Loaded` is final.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import re
from dataclasses import dataclass, field

from report_drafter import model
from report_drafter.errors import Problem
from report_drafter.input.yamltree import (
    _MAP,
    _SCALAR,
    _SEQ,
    _TRUE,
    Node,
    NodeReader,
    _colon_text,
    _is_blank,
    _is_null,
    merge,
    parse_yaml,
    read_text,
)
from report_drafter.rules import book as layout
from report_drafter.text import compute
from report_drafter.vn import reading as parse
from report_drafter.vn import writing as vnformat


@dataclass
class Loaded:
    """A loaded input: the report (None when it has errors) and every problem."""

    report: model.Report | None
    problems: list[Problem] = field(default_factory=list)
    locations: dict[str, tuple[int, int]] = field(default_factory=dict)
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


def load_text(
    text: str, file: str = "<input>", defaults: Node | None = None, check=None, overlay=None, blank: bool = False
) -> Loaded:
    """Load one YAML text (and the batch defaults under it).

    `check(report)` adds rules from outside the input (the template it names): it returns
    (field path, severity, message, code) tuples, placed at the lines of those fields.
    `overlay(tree)` returns (tree, problems): values from elsewhere (a workbook's cells, as
    nodes that carry their cell) laid over the input's before the one reader checks them all.
    With `blank`, indicators may come without figures (a collection workbook to be filled)."""
    tree, problems = parse_yaml(text, file)
    if tree is None:
        return Loaded(None, problems, file=file)
    if defaults is not None:
        tree = merge(defaults, tree)
    if overlay is not None:
        tree, more = overlay(tree)
        problems = [*problems, *more]
    reader = _Reader(file, blank)
    reader.problems.extend(problems)
    report = reader.report(tree)
    if report is not None and check is not None and not any(p.is_error for p in reader.problems):
        for path, severity, message, code in check(report):
            reader.add(path, severity, message, code)
    reader.problems.sort(key=lambda p: (p.file != file, _in_order(p.file), p.line, p.column))
    return Loaded(
        report if not any(p.is_error for p in reader.problems) else None, reader.problems, reader.locations, file
    )


def load_defaults(path) -> tuple[Node | None, list[Problem]]:
    """The located tree of a batch's `_defaults.yaml`, parsed once per process while the file
    is unchanged (every input of a folder shares it; nodes are never changed once read)."""
    try:
        info = os.stat(path)
    except OSError:
        return _parse_defaults(str(path))
    tree, problems = _parsed_defaults(str(path), info.st_mtime_ns, info.st_size)
    return tree, list(problems)


@functools.lru_cache(maxsize=8)
def _parsed_defaults(path: str, mtime_ns: int, size: int) -> tuple[Node | None, tuple[Problem, ...]]:
    tree, problems = _parse_defaults(path)
    return tree, tuple(problems)


def _parse_defaults(path: str) -> tuple[Node | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    return parse_yaml(text, path)


def load_file(path, defaults_path=None, check=None, overlay=None, blank: bool = False) -> Loaded:
    """Load one input file, with its batch's `_defaults.yaml` merged under it (and `overlay`,
    `blank` as for `load_text`)."""
    text, problems = read_text(path)
    if text is None:
        return Loaded(None, problems, file=str(path))
    defaults = None
    if defaults_path is not None:
        defaults, problems = load_defaults(defaults_path)
        if defaults is None or problems:
            return Loaded(None, problems, file=str(path))
    return load_text(text, str(path), defaults, check, overlay, blank)


class _Reader(NodeReader):
    """Builds the model from the located tree by the schema and the business rules."""

    def __init__(self, file: str, blank: bool = False):
        super().__init__(file)
        self.blank = blank
        self.estimated = False
        self.hints = _REQUIRED_HINTS
        self.issuer_name = ""  # read by the K/T rule (layout.Profile.deputy_under_committee)
        self.listed: dict[str, str] = {}  # indicator id → the section that lists it first

    def fields(self, node: Node, path: str, cls, also_required: tuple = ()) -> dict | None:
        """The fields of a mapping that describes a `cls` (keys and required keys from the model)."""
        return self.mapping(node, path, _keys(cls), _required(cls) + also_required)

    def report(self, root: Node) -> model.Report | None:
        f = self.fields(root, "", model.Report) or {}
        self.plain = (
            self.choice(f.get("number_format"), "number_format", ("vietnamese", "plain"), "vietnamese") == "plain"
        )
        system = self.choice(f.get("system"), "system", model.SYSTEMS)
        issuer = self.issuer(f.get("issuer"), system)
        report_date = self.date(f.get("date"), "date")
        self.estimated = _any_estimated(f.get("indicators"))
        period, review = self.period_or_review(root, f, report_date)
        signature = self.signature(f.get("signature"), system)
        indicators = self.indicators(f.get("indicators"))
        ids = {ind.id for ind in indicators if ind.id}
        results = tuple(
            self.section(n, f"results[{i}]", ids) for i, n in enumerate(self.sequence(f.get("results"), "results"))
        )
        recipients = self.texts(f.get("recipients"), "recipients")
        if recipients and not recipients[-1].lower().startswith("lưu"):
            node = f["recipients"].value[-1]
            self.warn(
                node,
                f"recipients[{len(f['recipients'].value) - 1}]",
                'nơi nhận cuối cùng thường là "Lưu …" (ví dụ: Lưu Văn phòng Quận ủy; Lưu: VT, VP)',
                "recipients-last",
            )
        if not (system and issuer and (period or review) and signature and report_date):
            return None
        return model.Report(
            system=system,
            issuer=issuer,
            date=report_date,
            period=period,
            review=review,
            signature=signature,
            number=self.doc_number(f.get("number")),
            template=self.text(f.get("template"), "template"),
            draft=self.boolean(f.get("draft"), "draft"),
            output=_without_suffix(self.text(f.get("output"), "output"), ".docx"),
            title=self.text(f.get("title"), "title"),
            parts=self.parts(f.get("parts")),
            indicator_table=self.choice(
                f.get("indicator_table"), "indicator_table", model.INDICATOR_TABLE_MODES, "appendix"
            ),
            opening=self.texts(f.get("opening"), "opening"),
            indicators=indicators,
            results=results,
            assessment=self.assessment(f.get("assessment")),
            tasks=self.tasks(f.get("tasks")),
            recipients=recipients,
            meeting=self.meeting(f.get("meeting")),
            more_parts=tuple(
                self.part(n, f"more_parts[{i}]", ids)
                for i, n in enumerate(self.sequence(f.get("more_parts"), "more_parts"))
            ),
            closing=self.texts(f.get("closing"), "closing"),
            results_intro=self.texts(f.get("results_intro"), "results_intro"),
            regulation=self.choice(f.get("regulation"), "regulation", layout.regulations_for(system)),
        )

    def doc_number(self, node):
        """`number`; left blank (`""`, `~`) it is a reminder that deleting the line is the way."""
        if node is not None and _is_blank(node):
            self.warn(node, "number", "số văn bản để trống; hãy xóa dòng này để văn thư điền số", "blank-number")
            return None
        return self.integer(node, "number", 1, 999_999)

    def date_after_period(self, node: Node, report_date, period) -> None:
        """A report dated before its period ends is usually a typo in `date` or `period`."""
        end = _period_end(period)
        if report_date < end and not self.estimated:
            self.warn(
                node,
                "date",
                f"ngày ban hành {report_date:%d/%m/%Y} trước khi kỳ báo cáo kết thúc "
                f"({end:%d/%m/%Y}); hãy kiểm tra date và period (báo cáo gửi trước "
                f"cuối kỳ thì ghi estimated: true cho các số ước tính)",
                "date-before-end",
            )

    def period_or_review(self, root: Node, f: dict, report_date):
        """Exactly one of `period` (a periodic report) and `review` (a thematic review)."""
        if "period" in f and "review" in f:
            self.error(
                f["review"],
                "review",
                "chỉ ghi một trong period (báo cáo định kỳ) và review "
                "(sơ kết thực hiện một văn bản); hãy xóa khóa còn lại",
                "period-and-review",
            )
            return None, None
        if "review" in f:
            return None, self.review(f["review"], report_date)
        if "period" not in f:
            self.error(
                root,
                "period",
                f"thiếu period{_REQUIRED_HINTS['period']}; báo cáo sơ kết "
                f"thực hiện một văn bản thì ghi review thay cho period",
                "missing",
            )
            return None, None
        period = self.period(f["period"])
        if period is not None and report_date is not None:
            self.date_after_period(f["date"], report_date, period)
        return period, None

    def review(self, node, report_date):
        f = self.fields(node, "review", model.Review)
        if f is None:
            return None
        subject = self.text(f.get("subject"), "review.subject")
        short = self.text(f.get("short"), "review.short")
        start = self.integer(f.get("from"), "review.from", *model.YEARS)
        end = self.integer(f.get("to"), "review.to", *model.YEARS)
        if end is None and f.get("to") is None and report_date is not None:
            end = report_date.year
        if start is not None and end is not None and end <= start:
            self.error(
                f.get("to") or f["from"],
                "review.to" if f.get("to") else "review.from",
                f"năm kết thúc ({end}) phải sau năm bắt đầu ({start}); hãy kiểm tra from và to",
                "review-years",
            )
            return None
        if not (subject and short and start is not None and end is not None):
            return None
        return model.Review(subject, short, start, end)

    def issuer(self, node, system: str):
        if node is None:
            return None
        name = node.value.get("name", (None, None))[1] if node.kind == _MAP else None
        top = name is not None and name.kind == _SCALAR and _is_top_committee(str(name.value), system)
        self.issuer_name = str(name.value) if name is not None and name.kind == _SCALAR else ""
        f = self.fields(node, "issuer", model.Issuer, ("parent",) if system == "party" and not top else ())
        if f is None:
            return None
        name, abbr, place = (self.text(f.get(k), f"issuer.{k}") for k in ("name", "abbreviation", "place"))
        if not (name and abbr and place):
            return None
        return model.Issuer(name, abbr, place, self.text(f.get("parent"), "issuer.parent"))

    def period(self, node):
        if node is None:
            return None
        f = self.fields(node, "period", model.Period)
        if f is None:
            return None
        kind = self.choice(f.get("kind"), "period.kind", model.PERIOD_KINDS)
        year = self.integer(f.get("year"), "period.year", *model.YEARS)
        index = 0
        if kind in _INDEX_RANGES:
            high, meaning = _INDEX_RANGES[kind]
            if f.get("index") is None:
                self.error(
                    f["kind"],
                    "period.index",
                    f"thiếu index: kỳ {kind} cần index từ 1 đến {high} ({meaning})",
                    "missing",
                )
                return None
            index = self.integer(f.get("index"), "period.index", 1, high)
            if index is None:
                return None
        if not kind or year is None:
            return None
        return model.Period(kind, year, index)

    def parts(self, node):
        f = self.fields(node, "parts", model.Parts) if node is not None else {}
        f = f or {}
        return model.Parts(self.text(f.get("results"), "parts.results"), self.text(f.get("tasks"), "parts.tasks"))

    def indicators(self, node) -> tuple:
        out, seen = [], {}
        for i, item in enumerate(self.sequence(node, "indicators")):
            path = f"indicators[{i}]"
            f = self.fields(item, path, model.Indicator)
            if f is None:
                continue
            ind_id = self.text(f.get("id"), f"{path}.id")
            if ind_id and ind_id in seen:
                self.error(
                    f["id"],
                    f"{path}.id",
                    f'mã "{ind_id}" đã dùng cho indicators[{seen[ind_id]}]; mỗi chỉ tiêu cần một mã riêng',
                    "duplicate-id",
                )
            seen.setdefault(ind_id, i)
            targets = []
            for j, t in enumerate(self.sequence(f.get("targets"), f"{path}.targets")):
                tp = f"{path}.targets[{j}]"
                tf = (
                    self.mapping(t, tp, _keys(model.Target), ("label",))
                    if self.blank
                    else self.fields(t, tp, model.Target)
                )
                if tf is None:
                    continue
                value = self.number(tf.get("value"), f"{tp}.value")
                if value is not None and value == 0:
                    self.error(
                        tf["value"],
                        f"{tp}.value",
                        "kế hoạch bằng 0 thì không tính được tỷ lệ; hãy ghi số kế hoạch khác 0 hoặc bỏ mục này",
                        "zero-target",
                    )
                    continue
                if value is not None and value < 0:
                    self.error(
                        tf["value"],
                        f"{tp}.value",
                        "kế hoạch là số âm thì tỷ lệ đạt được vô nghĩa; hãy ghi số kế hoạch dương (không có dấu -)",
                        "negative-target",
                    )
                    continue
                label = self.text(tf.get("label"), f"{tp}.label")
                if (value is not None or self.blank) and label:
                    targets.append(model.Target(label, value))
            actual = self.number(f.get("actual"), f"{path}.actual")
            previous = self.number(f.get("previous"), f"{path}.previous")
            growth = self.number(f.get("growth"), f"{path}.growth")
            ratio = self.number(f.get("ratio"), f"{path}.ratio")
            given = {k for k, v in f.items() if not _is_null(v)}  # `key: ~` (a blank cell) is not given
            compare = self.choice(
                f.get("compare"),
                f"{path}.compare",
                model.COMPARE_STYLES,
                "ratio" if "ratio" in given and "growth" not in given else "growth",
            )
            if "growth" in given and "ratio" in given:
                self.error(
                    f["ratio"],
                    f"{path}.ratio",
                    "chỉ ghi một trong growth (% tăng, giảm so với "
                    "cùng kỳ) và ratio (bằng bao nhiêu % cùng kỳ); "
                    "hãy xóa một dòng",
                    "growth-and-ratio",
                )
            elif growth is not None and growth >= 100 and compare == "ratio":
                self.warn(
                    f["growth"],
                    f"{path}.growth",
                    f'growth: {f["growth"].value} với compare: ratio sẽ in "bằng '
                    f'{str(growth + 100).replace(".", ",")}% so với cùng kỳ"; nếu văn bản '
                    f'ghi "bằng {f["growth"].value}% so với cùng kỳ" thì hãy viết ratio: {f["growth"].value}',
                    "growth-as-ratio",
                )
            if previous is not None and previous == 0:
                self.error(
                    f["previous"],
                    f"{path}.previous",
                    "số cùng kỳ bằng 0 thì không tính được tăng, giảm; hãy bỏ previous hoặc ghi growth",
                    "zero-previous",
                )
                previous = None
            if previous is not None and previous < 0:
                self.error(
                    f["previous"],
                    f"{path}.previous",
                    "số cùng kỳ là số âm thì tỷ lệ tăng, giảm "
                    "vô nghĩa; hãy ghi số cùng kỳ dương, hoặc bỏ "
                    "previous và ghi growth (% tăng, giảm)",
                    "negative-previous",
                )
                previous = None
            if not {"actual", "growth", "ratio"} & given and not self.blank:
                self.error(
                    f.get("actual") or item,
                    f"{path}.actual",
                    "chỉ tiêu cần actual (số thực hiện), growth (% tăng so với cùng kỳ) hoặc ratio (bằng % cùng kỳ)",
                    "missing",
                )
            elif "previous" in given and "actual" not in given and not self.blank:
                self.error(
                    f.get("actual") or f["previous"],
                    f"{path}.previous",
                    "có previous thì cần actual để so sánh",
                    "missing",
                )
            sentence = self.text(f.get("sentence"), f"{path}.sentence")
            if sentence:
                try:
                    parse.sentence_fields(sentence, len(targets))
                except ValueError as exc:
                    self.error(f["sentence"], f"{path}.sentence", str(exc), "bad-sentence")
                    sentence = ""
            indicator = model.Indicator(
                name=self.text(f.get("name"), f"{path}.name"),
                unit=self.text(f.get("unit"), f"{path}.unit"),
                id=ind_id,
                actual=actual,
                estimated=self.boolean(f.get("estimated"), f"{path}.estimated"),
                targets=tuple(targets),
                previous=previous,
                growth=growth,
                compare=compare,
                ratio=ratio,
                compared_to=self.text(f.get("compared_to"), f"{path}.compared_to"),
                sentence=sentence,
                aggregate=self.choice(f.get("aggregate"), f"{path}.aggregate", model.AGGREGATES, "none"),
                direction=self.choice(f.get("direction"), f"{path}.direction", model.DIRECTIONS, "up"),
                verb=self.text(f.get("verb"), f"{path}.verb"),
                in_body=self.boolean(f.get("in_body"), f"{path}.in_body", default=True),
            )
            if not self.blank:
                self.implausible(f, indicator, path)
            for name in () if self.blank else compute.missing_placeholders(indicator):
                self.error(
                    f["sentence"],
                    f"{path}.sentence",
                    _MISSING_FIGURE[name.rstrip("0123456789")].format(name=name),
                    "sentence-missing-figure",
                )
            for key, message in compute.consistency_warnings(indicator):
                self.warn(f[key], f"{path}.{key}", message, "growth-mismatch")
            out.append(indicator)
        return tuple(out)

    def implausible(self, f: dict, ind: model.Indicator, path: str) -> None:
        """Warn once when a percentage cannot be right (over 1 000 %, or under 0,25 %): most often
        a decimal written with a point (`85.426` read as 85 426); suggest the comma."""
        if any(p.is_error and (p.path + ".").startswith(path + ".") for p in self.problems):
            return  # the error said it already
        figs = compute.indicator_figures(ind)
        pairs = [(p, f"targets[{j}].value", label) for j, (label, p) in enumerate(figs.target_ratios)]
        if ind.previous is not None and figs.ratio_to_previous is not None:
            pairs.append((figs.ratio_to_previous, "previous", f"so với {figs.compared_to}"))
        for key, given in (("growth", ind.growth), ("ratio", ind.ratio)):
            if given is not None and abs(given) > compute.PLAUSIBLE[1]:
                pairs.append((abs(given), key, f"so với {figs.compared_to}"))
        for percent, other, label in pairs:
            if percent <= 0 or compute.PLAUSIBLE[0] <= percent <= compute.PLAUSIBLE[1]:
                continue
            too_big = percent > compute.PLAUSIBLE[1]
            order = (other,) if other in ("growth", "ratio") else ("actual", other) if too_big else (other, "actual")
            key = next((k for k in order if _point_written(self._node(f, k))), order[0])
            node = self._node(f, key)
            written = str(node.value).strip() if node is not None else ""
            shown = vnformat.format_percent(percent)
            hint = (
                f"; nếu đây là số thập phân thì viết dấu phẩy: {written} → {written.replace('.', ',')}?"
                if _point_written(node) and not self.plain
                else "; hãy kiểm tra lại số này"
            )
            self.warn(
                node or f["actual"],
                f"{path}.{key}",
                f"{written} cho tỷ lệ {shown} {label}, khó có thể đúng{hint}",
                "implausible-figure",
            )
            return

    @staticmethod
    def _node(f: dict, key: str):
        """The node of `actual`, `previous` or `targets[j].value` among an indicator's fields."""
        if not key.startswith("targets["):
            return f.get(key)
        j = int(key[len("targets[") : key.index("]")])
        targets = f.get("targets")
        if targets is None or targets.kind != _SEQ or j >= len(targets.value):
            return None
        item = targets.value[j]
        return item.value.get("value", (None, None))[1] if item.kind == _MAP else None

    def section(self, node, path: str, ids: set, depth: int = 1) -> model.Section:
        f = self.fields(node, path, model.Section) or {}
        refs = []
        for i, ref in enumerate(self.sequence(f.get("indicators"), f"{path}.indicators")):
            rid = self.text(ref, f"{path}.indicators[{i}]")
            if rid and rid not in ids:
                import difflib

                close = difflib.get_close_matches(rid, sorted(ids), n=1, cutoff=0.5)
                hint = (
                    f'; có phải ý bạn là "{close[0]}"?'
                    if close
                    else (f"; các mã hiện có: {', '.join(sorted(ids))}" if ids else "; chưa chỉ tiêu nào có id")
                )
                self.error(
                    ref, f"{path}.indicators[{i}]", f'không có chỉ tiêu nào mang mã "{rid}"{hint}', "unknown-indicator"
                )
            elif rid:
                if rid in self.listed:
                    self.warn(
                        ref,
                        f"{path}.indicators[{i}]",
                        f'chỉ tiêu "{rid}" đã được liệt kê ở {self.listed[rid]}; câu chỉ tiêu '
                        f"sẽ in hai lần; hãy xóa mã ở một trong hai mục",
                        "indicator-twice",
                    )
                self.listed.setdefault(rid, f"{path}.indicators")
                refs.append(rid)
        if depth >= MAX_DEPTH and f.get("sections") is not None and not _is_null(f["sections"]):
            self.error(f["sections"], f"{path}.sections", _too_deep("mục", "sections"), "too-deep")
            subs = ()
        else:
            subs = tuple(
                self.section(n, f"{path}.sections[{i}]", ids, depth + 1)
                for i, n in enumerate(self.sequence(f.get("sections"), f"{path}.sections"))
            )
        return model.Section(
            self.text(f.get("heading"), f"{path}.heading"),
            tuple(refs),
            self.texts(f.get("paragraphs"), f"{path}.paragraphs"),
            subs,
            self.table(f.get("table"), f"{path}.table"),
        )

    def part(self, node, path: str, ids: set) -> model.Part:
        """A further part: its heading, where it stands, and the content of a section."""
        is_map = node.kind == _MAP
        place = self.choice(
            node.value.get("place", (None, None))[1] if is_map else None,
            f"{path}.place",
            model.PART_PLACES,
            "after_tasks",
        )
        inner = (
            dataclasses.replace(node, value={k: v for k, v in node.value.items() if k != "place"}) if is_map else node
        )  # the rest is read (and checked) as a section
        section = self.section(inner, path, ids)
        return model.Part(
            section.heading, place, section.indicators, section.paragraphs, section.sections, section.table
        )

    def table(self, node, path: str):
        if node is None:
            return None
        f = self.fields(node, path, model.Table)
        if f is None:
            return None
        header = self.cells(f.get("header"), f"{path}.header")
        rows = []
        for i, row in enumerate(self.sequence(f.get("rows"), f"{path}.rows")):
            where = f"{path}.rows[{i}]"
            cells = self.cells(row, where)
            if header and cells is not None and len(cells) != len(header):
                trap = (
                    (
                        " (trong [...] mỗi dấu phẩy tách một ô, kể cả dấu phẩy thập phân: 52,1 thành "
                        'hai ô 52 và 1); hãy đặt ô có dấu phẩy trong ngoặc kép, ví dụ ["Thuế, phí", '
                        '"52,1"], hoặc viết mỗi ô một dòng'
                    )
                    if row.flow
                    else ('; hãy thêm hoặc bớt ô cho khớp (ô trống ghi "")')
                )
                self.error(
                    row,
                    where,
                    f"hàng có {len(cells)} ô nhưng tiêu đề (header) có {len(header)} cột{trap}",
                    "table-row-length",
                )
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
        f = self.fields(node, "assessment", model.Assessment) or {}
        return model.Assessment(
            *(self.texts(f.get(k), f"assessment.{k}") for k in ("strengths", "limitations", "causes", "lessons"))
        )

    def tasks(self, node):
        if node is None:
            return model.Tasks()
        f = self.fields(node, "tasks", model.Tasks) or {}
        return model.Tasks(self.task_list(f.get("items"), "tasks.items"), self.text(f.get("intro"), "tasks.intro"))

    def task_list(self, node, path: str, depth: int = 1) -> tuple:
        out = []
        for i, item in enumerate(self.sequence(node, path)):
            where = f"{path}[{i}]"
            if item.kind == _MAP and len(item.value) == 1 and not set(item.value) & set(_keys(model.Task)):
                item = _colon_text(item)  # `- Nhiệm vụ thứ 1: tiếp tục …` is a text
            if item.kind == _SCALAR:
                text = self.text(item, where)
                if text:
                    out.append(model.Task(text))
                continue
            f = self.fields(item, where, model.Task)
            if f is None:
                continue
            items = ()
            if depth >= MAX_DEPTH and f.get("items") is not None and not _is_null(f["items"]):
                self.error(f["items"], f"{where}.items", _too_deep("nhiệm vụ", "items"), "too-deep")
            else:
                items = self.task_list(f.get("items"), f"{where}.items", depth + 1)
            out.append(
                model.Task(
                    self.text(f.get("text"), f"{where}.text"),
                    items,
                    self.texts(f.get("paragraphs"), f"{where}.paragraphs"),
                )
            )
        return tuple(out)

    def signature(self, node, system: str):
        if node is None:
            return None
        f = self.fields(node, "signature", model.Signature)
        if f is None:
            return None
        values = {
            k: self.text(f.get(k), f"signature.{k}")
            for k in ("on_behalf_of", "deputy_for", "by_order_of", "title", "name")
        }
        if (
            values["deputy_for"]
            and system in layout.DEFAULT_REGULATION
            and layout.profile(system).deputy_under_committee(self.issuer_name)
        ):
            self.warn(
                f["deputy_for"],
                "signature.deputy_for",
                f"K/T {values['deputy_for'].upper()} dưới cấp ủy: văn bản của cấp ủy do bí thư hoặc "
                f"phó bí thư ký T/M (T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ); K/T dành cho cơ quan tham mưu "
                f"(Hướng dẫn 36-HD/VPTW); hãy bỏ deputy_for và ghi title: Phó Bí thư",
                "party-kt",
            )
        if not (values["title"] and values["name"]):
            return None
        return model.Signature(
            values["title"], values["name"], values["on_behalf_of"], values["by_order_of"], values["deputy_for"]
        )

    def meeting(self, node):
        if node is None:
            return None
        f = self.fields(node, "meeting", model.Meeting) or {}
        chair = None
        if f.get("chair") is not None:
            cf = self.fields(f["chair"], "meeting.chair", model.Person) or {}
            name = self.text(cf.get("name"), "meeting.chair.name")
            chair = model.Person(name, self.text(cf.get("title"), "meeting.chair.title")) if name else None
        return model.Meeting(
            self.text(f.get("name"), "meeting.name"),
            self.date(f.get("date"), "meeting.date"),
            chair,
            self.texts(f.get("attendees"), "meeting.attendees"),
            self.choice(f.get("time"), "meeting.time", model.MEETING_TIMES),
            self.text(f.get("place"), "meeting.place"),
            self.texts(f.get("conclusion"), "meeting.conclusion"),
        )


# Keys read from the input besides the model's fields: how its numbers are written.
_INPUT_ONLY = {model.Report: ("number_format",)}


@functools.cache
def _keys(cls) -> tuple:
    """The keys of an input object: its model's fields (`from_` is written `from`)."""
    return tuple(f.name.rstrip("_") for f in dataclasses.fields(cls)) + _INPUT_ONLY.get(cls, ())


@functools.cache
def _required(cls) -> tuple:
    """The keys that must be written: the model's fields without a default."""
    return tuple(
        f.name.rstrip("_")
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )


_MISSING_FIGURE = {
    "actual": "câu dùng {{{name}}} nhưng chỉ tiêu không có actual; hãy thêm actual hoặc bỏ {{{name}}} khỏi câu",
    "previous": "câu dùng {{{name}}} nhưng chỉ tiêu không có previous; hãy thêm previous hoặc bỏ {{{name}}} khỏi câu",
    "change": "câu dùng {{{name}}} nhưng chỉ tiêu không có số để so sánh; hãy thêm previous, growth "
    "hoặc ratio, hoặc bỏ {{{name}}} khỏi câu",
    "percent": "câu dùng {{{name}}} nhưng chỉ tiêu không có actual để tính tỷ lệ; hãy thêm actual "
    "hoặc bỏ {{{name}}} khỏi câu",
}
MAX_DEPTH = 3  # 1., 1.1., a): nothing below the lettered level
_INDEX_RANGES = {"quarter": (4, "quý"), "half": (2, "1: 6 tháng đầu năm, 2: 6 tháng cuối năm"), "month": (12, "tháng")}


def _in_order(place: str) -> tuple:
    """`so-lieu.xlsx:Số liệu!F7` before `…!F10`: cells in the sheet's order, columns within a row."""
    head, bang, cell = place.rpartition("!")
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", cell) if bang else None
    return (head, int(m.group(2)), len(m.group(1)), m.group(1)) if m else (place, 0, 0, "")


def _is_top_committee(name: str, system: str) -> bool:
    """A province committee (Thành ủy, Tỉnh ủy) has no committee above it in the header
    (the rule book's `parent_exempt`, read by `check` too)."""
    return system == "party" and not layout.profile(system).needs_parent(parse.clean_text(name))


def _point_written(node) -> bool:
    """Whether a number was written with a point in it (`85.426`): a grouping in Vietnamese
    notation that is often a decimal meant."""
    return node is not None and node.kind == _SCALAR and "." in str(node.value) and "," not in str(node.value)


def _without_suffix(text: str, suffix: str) -> str:
    return text[: -len(suffix)] if text.lower().endswith(suffix) else text


def _any_estimated(node) -> bool:
    """Whether some indicator says `estimated: true` (read before the indicators are)."""
    if node is None or node.kind != _SEQ:
        return False
    return any(
        item.kind == _MAP
        and "estimated" in item.value
        and str(item.value["estimated"][1].value).strip().lower() in _TRUE
        for item in node.value
    )


def _period_end(period: model.Period):
    """The last day of a period."""
    last_month = {
        "quarter": 3 * period.index,
        "half": 6 * period.index,
        "nine_months": 9,
        "year": 12,
        "month": period.index,
    }[period.kind]
    year, month = (period.year + 1, 1) if last_month == 12 else (period.year, last_month + 1)
    return datetime.date(year, month, 1) - datetime.timedelta(days=1)


def _too_deep(what: str, key: str) -> str:
    return (
        f"{what} lồng quá ba cấp (1., 1.1., a)): dưới cấp a), b) không còn cấp nào; hãy viết "
        f"các ý này thành đoạn văn của mục cha hoặc đưa lên một cấp (bỏ khóa {key} này)"
    )


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
    "results[].heading": ", ví dụ heading: Kinh tế, tài chính",
    "more_parts[].heading": ", ví dụ heading: Kiến nghị, đề xuất",
    "indicators[].name": ", ví dụ name: Tổng thu ngân sách nhà nước trên địa bàn",
    "period.year": ", ví dụ year: 2019",
    "signature": " (phần ký: title, name)",
    "signature.title": ", ví dụ title: Bí thư",
    "signature.name": ", ví dụ name: Nguyễn Văn A",
}
