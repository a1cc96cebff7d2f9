"""`report-drafter check --fix`: a corrected copy of each document, never the original.

Only what changes no wording is fixed (paper, margins, fonts, sizes and flags of
recognised elements, NFC, the date's zeros, the number line's punctuation, recipient
endings): the repairs `check` attached to its findings. The copy is checked again
under the same rule set; a finding counts as fixed only when that check no longer
reports it, and everything else is listed as remaining.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from report_drafter import check, docxread, filekind, safefile

SUFFIX = "-da-sua"


def target_for(source: Path, out_dir: str | None) -> Path:
    """`DIR/name.docx`, or `name-da-sua.docx` beside the original."""
    if out_dir:
        return Path(out_dir) / source.name
    return source.with_name(source.stem + SUFFIX + source.suffix)


def apply(repair: check.Repair, doc) -> bool:
    """Make one repair in `doc`; False when it cannot be done without touching other text."""
    action, target, value = repair.action, repair.target, repair.value
    if action == "page":
        docxread.set_page(doc.sections[target], **value)
        return True
    if action == "nfc":
        return docxread.nfc_in_place(target.element) > 0
    if action == "text":
        old, new = value
        return docxread.replace_text(target, old, new)
    if action in ("line", "indent", "before"):
        docxread.set_paragraph_format(target, **{action: value})
        return True
    for run in target.run_elements:
        if action == "font":
            docxread.set_run_format(run, font=value)
        elif action == "size":
            docxread.set_run_format(run, size=value)
        elif action == "bold":
            docxread.set_run_format(run, bold=value)
        elif action == "italic":
            docxread.set_run_format(run, italic=value)
    return True


def fix_file(path: Path, out_dir: str | None, system: str | None, rules: str | None):
    """(written path or None, fixed problems, remaining problems)."""
    found = check.audit(path, system, rules)
    if found.doc is None:
        return None, [], found.problems
    target = target_for(path, out_dir)
    if target.resolve() == path.resolve():
        raise ValueError("bản sửa phải là tệp khác tệp gốc")
    attempted = []
    for finding in found.findings:
        done = [apply(r, found.doc) for r in finding.repairs]
        if done and any(done):
            attempted.append(finding)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".check-fix-", suffix=".docx", dir=target.parent)
    os.close(fd)
    try:
        docxread.save(found.doc, tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    again = check.audit(target, None, found.rules.name if found.rules else None)
    still = {(f.order, f.problem.code) for f in again.findings}
    fixed = [f.problem for f in attempted if (f.order, f.problem.code) not in still]
    return target, fixed, again.problems


def run_cli(args) -> int:
    """Print, per file, the copy written, what was fixed and what remains; 1 when errors remain."""
    missing = [f for f in args.files if not Path(f).is_file()]
    for name in missing:
        print(f"{name}: {safefile.why_not_a_file(name)}", file=sys.stderr)
    errors = warnings = fixed_total = 0
    for name in (f for f in args.files if f not in missing):
        try:
            target, fixed, remaining = fix_file(Path(name), args.output, args.system, args.rules)
        except (OSError, ValueError) as exc:
            print(f"{name}: không ghi được bản sửa: {filekind.os_reason(exc)}", file=sys.stderr)
            errors += 1
            continue
        if target is not None:
            print(f"{name}: đã ghi bản sửa {target}")
        for p in fixed:
            print(f"{name}: [đã sửa] {p.path}: {p.message}")
        for p in remaining:
            print(check.format_finding(p))
        fixed_total += len(fixed)
        errors += sum(p.is_error for p in remaining)
        warnings += sum(not p.is_error for p in remaining)
    print(f"Đã sửa {fixed_total} chỗ; còn {errors} lỗi, {warnings} cảnh báo cần sửa tay.")
    if missing:
        return 2
    return 1 if errors else 0
