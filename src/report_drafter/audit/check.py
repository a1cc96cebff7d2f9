"""`report-drafter check`: audit any .docx against the rule book (layout.py, rules/*.json).

Works on documents typed by hand as well as ours. Reading (docxread.py) gives lines —
paragraphs, columns of a tab-laid header, lines joined by breaks; the anatomy
(anatomy.py) names the elements with a confidence; the rules (judge.py, judge_body.py,
judge_page.py) judge them; this module runs them in order and counts the rules. Every
finding is a `Problem` with severity, place, rule, source and a fix; a finding on an
element that is not sure is "cần xem lại". Printing belongs to `cli`; `--fix` writes a
corrected copy (fix.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from report_drafter.audit import anatomy, judge, judge_body, judge_page
from report_drafter.audit.findings import Finding, Findings, Repair, Tally, grouped, tally
from report_drafter.docx import package
from report_drafter.docx import page as docxpage
from report_drafter.docx import reading as docxread
from report_drafter.errors import Problem
from report_drafter.rules import book as layout

__all__ = ["Audit", "Repair", "audit", "check_document", "detect_system", "parse_number_line"]
parse_number_line = judge.parse_number_line


@dataclass
class Audit:
    """The findings about one document, with the document itself (for `--fix`)."""

    file: str
    findings: list
    doc: object = None
    rules: layout.Profile | None = None
    tally: Tally = field(default_factory=Tally)
    system_reasons: tuple = ()

    @property
    def problems(self) -> list[Problem]:
        return [f.problem for f in self.findings]

    def as_dict(self) -> dict:
        """The JSON record of `check --json` (documented in docs/check-rules.md)."""
        return {
            "file": self.file,
            "findings": [
                dict(f.problem.as_dict(), review=f.review, confidence=f.confidence, reasons=list(f.reasons))
                for f in self.findings
            ],
            "rules": self.rules.name if self.rules else None,
            "system": self.rules.system if self.rules else None,
            "summary": self.tally.as_dict(),
        }


def detect_system(paras) -> str | None:
    """The system whose national line heads the document, exactly or misspelt by a letter or two."""
    return anatomy.detect_system(paras)[0]


def check_document(path, system: str | None = None, rules: str | None = None) -> list[Problem]:
    """Every finding about the .docx at `path`; never raises for a bad document."""
    return audit(path, system, rules).problems


def _refused(file: str, message: str, code: str, fix: str) -> Audit:
    finding = Finding(0, Problem(message, "tệp", file, code=code, fix=fix))
    return Audit(file, [finding], tally=Tally(system_known=False))


def _not_docx(file: str) -> str | None:
    """What a file given to `check` is when it is plainly not a .docx (a YAML input, a PDF …)."""
    from report_drafter.files import kind as filekind

    if not os.path.isfile(file):
        return None  # not a plain file: the reader below names it
    try:
        with open(file, "rb") as fh:
            return filekind.not_docx(filekind.sniff(fh, os.fstat(fh.fileno()).st_size), file)
    except OSError:
        return None  # the reader below says what is wrong with the path


def audit(path, system: str | None = None, rules: str | None = None) -> Audit:
    """Read and audit the document at `path` under the named rule set (or the detected system's)."""
    file = str(path)
    other = _not_docx(file)
    if other:
        return _refused(file, other, "not-docx", "đưa cho check một văn bản Word .docx")
    try:
        doc, paras, _, _ = docxread.read(path, lines=True)
    except package.PackageError as exc:
        return _refused(
            file,
            f"không mở tệp: {exc.message}",
            "zip-bomb",
            "mở tệp trong Word và lưu lại, hoặc kiểm tra nguồn gửi tệp",
        )
    except docxread.TooLarge as exc:
        return _refused(
            file, f"không mở tệp: {exc.message}", "too-large", "mở tệp trong Word, xóa các đoạn trống thừa và lưu lại"
        )
    except Exception:  # python-docx raises many kinds for a file that is not a .docx
        return _refused(
            file,
            "không mở được tệp như một văn bản Word .docx (tệp hỏng, thiếu phần "
            "word/document.xml, hoặc không phải văn bản Word)",
            "not-docx",
            "lưu lại tệp ở định dạng Word (.docx)",
        )
    reasons: tuple = ()
    if rules:
        profile = layout.regulation(rules)
    else:
        if not system:
            system, reasons = anatomy.detect_system(paras)
        profile = layout.profile(system) if system else None
    f = Findings(file, profile)
    setups = docxpage.page_setups(doc)
    if profile is None:
        _unknown_system(doc, paras, setups, f)
    else:
        _known_system(doc, paras, setups, f, docxpage.stated_pages(path))
    items = grouped(f.items)
    return Audit(file, items, doc, profile, tally(f, items), reasons)


def _known_system(doc, paras, setups, f: Findings, pages: int | None) -> None:
    prof = f.profile
    a = anatomy.find(paras, prof)
    appendix_from = a.appendix[0].index if a.appendix else None
    judge_page.page(setups, f, prof.page, appendix_from)
    judge_page.texts(paras, f)
    judge.header(a, f)
    judge_body.title(a, f)
    judge_body.body(a, paras, f)
    if a.header_found:
        judge.number_of_kind(a, f)
    issuer_name = " ".join(p.text for p in a.parents + a.issuers)
    judge_body.signoff(a, f, issuer_name)
    judge_page.tables(doc, f, docxread.W)
    body_chars = sum(len(p.text) for p in paras if p.where != "appendix")
    judge_page.page_numbers(setups, f, prof.page_number, pages, body_chars)


def _unknown_system(doc, paras, setups, f: Findings) -> None:
    """No recognisable header: check what does not depend on the system, and say so."""
    first = next((p.text.strip() for p in paras if p.text.strip()), "")
    if first.lower().startswith(layout.APPENDIX_TITLE.lower()):
        f.review(
            "appendix-only",
            (0, "tiêu đề"),
            f"tệp bắt đầu bằng “{first[:30]}”: một phụ lục, không có khối tiêu đề riêng",
            "kiểm tra phụ lục cùng văn bản chính",
            f"dòng đầu “{first[:30]}”",
            "mọi quy định về thể thức",
        )
    else:
        f.review(
            "system-unknown",
            (0, "tiêu đề"),
            "không nhận ra hệ thống văn bản (không thấy "
            + " hay ".join(layout.regulation(n).national[0] for n in layout.DEFAULT_REGULATION.values())
            + " ở đầu văn bản): chỉ kiểm tra khổ giấy, lề, phông, cỡ chữ nội dung, Unicode",
            "thêm quốc hiệu hoặc tiêu đề Đảng, hoặc chạy với --system party|state hoặc --rules TÊN",
            "không có quốc hiệu hay tiêu đề Đảng",
            "mọi quy định về thể thức",
        )
    profiles = [layout.profile(s) for s in layout.DEFAULT_REGULATION]
    judge_page.page(setups, f, profiles[0].page, None, source=" ; ".join(p.page.source for p in profiles))
    judge_page.texts(paras, f)
    low = min(p.body.size.low for p in profiles)
    high = max(p.body.size.high for p in profiles)
    body = layout.Element(
        layout.Range(profiles[0].body.size.default, low, high), source="; ".join(p.body.source for p in profiles)
    )
    for p in paras:
        if p.where == "body" and len(p.text.strip()) > 80:
            judge.size(p, body, f, "chữ nội dung")
