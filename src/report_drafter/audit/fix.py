"""`report-drafter check --fix`: a corrected copy of each document, never the original.

Only what changes no wording is fixed (paper, margins, fonts, sizes, colour and flags of
recognised elements, NFC, the date's zeros, the number line's punctuation, recipient
endings): the repairs `check` attached to its findings, for rules whose fix policy in the
rule book is `safe` or `guarded` (never `suggest` or `never`). A line that shares a run with
another line (lines joined by a break) first gets runs of its own — the same text and
properties, the break kept. Text is replaced inside its `w:t` nodes only, so pictures,
breaks, comment marks and fields stay where they were. Only `word/document.xml` is
written again; every other part is copied byte for byte. The copy is checked again under
the same rule set; a finding counts as fixed only when that check no longer reports it.
An existing file is never overwritten: the next free name (`…-da-sua-2.docx`) is used.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from report_drafter.audit import check
from report_drafter.docx import package
from report_drafter.docx import writing as docxwrite

SUFFIX = "-da-sua"
DOCUMENT = "word/document.xml"


@dataclass
class Result:
    """What `--fix` did to one document."""

    target: Path | None
    fixed: list = field(default_factory=list)  # Problems no longer reported
    remaining: list = field(default_factory=list)  # Problems of the fixed copy
    touched: set = field(default_factory=set)  # paragraph indexes changed (from 1)
    renamed_from: Path | None = None  # the name that was taken already


def target_for(source: Path, out_dir: str | None) -> Path:
    """`DIR/name.docx`, or `name-da-sua.docx` beside the original."""
    if out_dir:
        return Path(out_dir) / source.name
    return source.with_name(source.stem + SUFFIX + source.suffix)


def apply(repair: check.Repair, doc) -> bool:
    """Make one repair in `doc`; False when it cannot be done without touching other text."""
    action, target, value = repair.action, repair.target, repair.value
    if action == "page":
        docxwrite.set_page(doc.sections[target], **value)
        return True
    if action == "nfc":
        return docxwrite.nfc_in_place(target.element) > 0
    if action == "text":
        old, new = value
        return docxwrite.replace_text(target, old, new)
    if action in ("line", "indent", "before"):
        docxwrite.set_paragraph_format(target, **{action: value})
        return True
    runs = docxwrite.own_runs(target)
    for run in runs:
        if action == "font":
            docxwrite.set_run_format(run, font=value)
        elif action == "size":
            docxwrite.set_run_format(run, size=value)
        elif action == "bold":
            docxwrite.set_run_format(run, bold=value)
        elif action == "italic":
            docxwrite.set_run_format(run, italic=value)
        elif action == "colour":
            docxwrite.set_run_colour(run, "000000")
    return bool(runs)


def _free_name(target: Path, taken: set) -> Path:
    """`target`, or `stem-2.docx`, `stem-3.docx` … when that name exists or was written in this run."""
    n, candidate = 1, target
    while candidate.exists() or candidate.resolve() in taken:
        n += 1
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
    return candidate


def _write_copy(source: Path, doc, target: Path) -> Path:
    """Write `source` with its document.xml replaced, never over an existing file (the file
    appears whole under its name, or not at all); its mode follows the umask."""
    members, _ = package.read_members(source, only=())
    xml = docxwrite.document_xml(doc)
    members = [package.member_from_bytes(DOCUMENT, xml) if m.name == DOCUMENT else m for m in members]
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".check-fix-", suffix=".docx", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            package.write_zip(members, out)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        while True:
            try:
                os.link(tmp, target)  # fails when the name exists: nothing is overwritten
                return target
            except FileExistsError:
                target = _free_name(target, set())
    finally:
        os.unlink(tmp)


def _allowed(found, code: str) -> bool:
    """The rule book's fix policy of the rule: `safe` and `guarded` are fixed, `suggest` and `never` are not."""
    policy = found.rules.rule(code).get("fix", "safe") if found.rules else "safe"
    return policy in ("safe", "guarded")


def fix_document(
    path: Path, out_dir: str | None, system: str | None, rules: str | None, taken: set | None = None
) -> Result:
    """Fix one document; `taken` holds the copies written earlier in the same run."""
    taken = taken if taken is not None else set()
    found = check.audit(path, system, rules)
    if found.doc is None:
        return Result(None, [], found.problems)
    wanted = target_for(path, out_dir)
    if wanted.resolve() == path.resolve():
        raise ValueError("bản sửa phải là tệp khác tệp gốc")
    target = _free_name(wanted, taken)
    attempted, touched = [], set()
    for finding in found.findings:
        if not _allowed(found, finding.problem.code):
            continue
        done = [apply(r, found.doc) for r in finding.repairs]
        if done and any(done):
            attempted.append(finding)
            touched |= {r.target.index for r, ok in zip(finding.repairs, done) if ok and hasattr(r.target, "index")}
    target = _write_copy(path, found.doc, target)
    taken.add(target.resolve())
    again = check.audit(target, None, found.rules.name if found.rules else None)
    still = {(f.order, f.problem.code) for f in again.findings}
    fixed = [f.problem for f in attempted if (f.order, f.problem.code) not in still]
    return Result(target, fixed, again.problems, touched, wanted if target != wanted else None)


def fix_file(path: Path, out_dir: str | None, system: str | None, rules: str | None):
    """(written path or None, fixed problems, remaining problems)."""
    result = fix_document(path, out_dir, system, rules)
    return result.target, result.fixed, result.remaining
