"""The findings of one audit: each with its place, rule, source, fix, repairs and whether
it is a claim or only "cần xem lại" (needs review); and the tally of rules evaluated.

A rule judging an element that was not found with certainty (anatomy.SURE) never claims
an error: it reports "cần xem lại" with what was seen. The tally counts, over the rule
book's rule records, how many rules passed, failed, need review or did not apply.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from report_drafter.errors import Problem, Severity
from report_drafter.rules import book as layout

SURE = "sure"
LAST = 10**9  # order of findings about the whole document
REVIEW = "cần xem lại"


@dataclass
class Repair:
    """One change `--fix` may make without touching the wording."""

    action: str  # page | font | size | bold | italic | nfc | text | line | indent | before | colour
    target: object  # a Para, or a section index for "page"
    value: object = None


@dataclass
class Finding:
    order: int
    problem: Problem
    repairs: list = field(default_factory=list)
    review: bool = False  # "cần xem lại": not a claim
    confidence: str = SURE
    reasons: tuple = ()


def place(para) -> str:
    text = unicodedata.normalize("NFC", para.text.strip().replace("\t", " "))
    short = text if len(text) <= 40 else text[:40] + "…"
    return f"đoạn {para.index} «{short}»"


class Findings:
    def __init__(self, file: str, profile: layout.Profile | None):
        self.file = file
        self.profile = profile
        self.items: list[Finding] = []
        self.evaluated: set = set()

    def ran(self, *codes) -> None:
        """The rules `codes` were evaluated (pass unless a finding says otherwise)."""
        self.evaluated.update(codes)

    def add(
        self,
        severity: Severity,
        code: str,
        where,
        rule: str,
        fix: str,
        source: str = "",
        practice=False,
        repair: Repair | None = None,
        confidence: str = SURE,
        reasons: tuple = (),
    ) -> None:
        """`where` is a paragraph or (order, place text). A finding on an element that is not
        sure becomes "cần xem lại" (a warning saying what was seen), never an error."""
        order, where_text = where if isinstance(where, tuple) else (where.index, place(where))
        source = source or (self.profile.source if self.profile else "")
        note = f" ({source}{', thông lệ' if practice else ''})" if source else ""
        review = confidence != SURE
        message = rule + note
        if review:
            message = f"{REVIEW}: {message} — nhận ra chưa chắc chắn: {'; '.join(reasons) or confidence}"
            severity, repair = Severity.WARNING, None
        elif practice:
            severity = Severity.WARNING
        self.evaluated.add(code)
        self.items.append(
            Finding(
                order,
                Problem(message, where_text, self.file, 0, 0, severity, code, fix),
                [repair] if repair else [],
                review,
                confidence,
                tuple(reasons),
            )
        )

    def error(self, code, where, rule, fix, source="", practice=False, repair=None, confidence=SURE, reasons=()):
        self.add(Severity.ERROR, code, where, rule, fix, source, practice, repair, confidence, reasons)

    def warn(self, code, where, rule, fix, source="", repair=None, confidence=SURE, reasons=()):
        self.add(Severity.WARNING, code, where, rule, fix, source, False, repair, confidence, reasons)

    def review(self, code, where, rule, fix, seen: str, source="") -> None:
        """A rule that could not be judged: say what was seen."""
        self.add(Severity.WARNING, code, where, rule, fix, source, False, None, "unsure", (seen,))


def grouped(items: list[Finding]) -> list[Finding]:
    """In the order of the document; one finding per repeated rule (a wrong style shows in
    every paragraph that uses it), carrying the repairs of all of them."""
    items = sorted(items, key=lambda x: x.order)  # stable: same place keeps the order of the rules
    first: dict[tuple, Finding] = {}
    counts: dict[tuple, int] = {}
    out: list[Finding] = []
    for item in items:
        p = item.problem
        key = (p.code, p.message, p.fix)
        if key in first:
            counts[key] += 1
            first[key].repairs.extend(item.repairs)
            continue
        first[key], counts[key] = item, 0
        out.append(item)
    for key, n in counts.items():
        if n:
            item = first[key]
            p = item.problem
            item.problem = Problem(
                f"{p.message}; cùng lỗi ở {n} đoạn khác", p.path, p.file, p.line, p.column, p.severity, p.code, p.fix
            )
    return out


@dataclass
class Tally:
    """How the rule book's rules came out on one document."""

    rules: int = 0
    passed: int = 0
    failed: int = 0
    review: int = 0
    not_applicable: int = 0
    system_known: bool = True
    errors: int = 0  # rules failed with an error (the others failed with a warning)

    @property
    def verdict(self) -> str:
        if self.errors:
            return f"không đạt thể thức ({self.errors} quy tắc có lỗi)"
        if self.review or not self.system_known:
            return f"chưa kết luận được ({self.review} quy tắc {REVIEW})"
        return "đạt thể thức, có cảnh báo" if self.failed else "đạt thể thức"

    @property
    def evaluated(self) -> int:
        return self.passed + self.failed + self.review

    def line(self) -> str:
        return (
            f"{self.rules} quy tắc, đã chấm {self.evaluated}: {self.passed} đạt, {self.failed} không đạt, "
            f"{self.review} {REVIEW}; {self.not_applicable} không áp dụng — {self.verdict}"
        )

    def as_dict(self) -> dict:
        return {
            "rules": self.rules,
            "evaluated": self.evaluated,
            "passed": self.passed,
            "failed": self.failed,
            "review": self.review,
            "not_applicable": self.not_applicable,
            "verdict": self.verdict,
        }


def tally(findings: Findings, items: list[Finding]) -> Tally:
    """Count the rule book's rules: failed (a claim), review (only "cần xem lại"), passed
    (evaluated, nothing found), not applicable (its element is not in the document)."""
    profile = findings.profile or layout.profile("state")
    codes = set(profile.rules) | {f.problem.code for f in items}
    claimed = {f.problem.code for f in items if not f.review}
    review = {f.problem.code for f in items if f.review} - claimed
    out = Tally(len(codes), system_known=findings.profile is not None)
    out.failed = len(claimed & codes)
    out.errors = len({f.problem.code for f in items if not f.review and f.problem.is_error})
    out.review = len(review & codes)
    out.passed = len((findings.evaluated & codes) - claimed - review)
    out.not_applicable = out.rules - out.failed - out.review - out.passed
    return out
