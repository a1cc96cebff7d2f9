"""One input file → one output document. Never raises for a user's mistake.

Per-document paths are plain strings: pathlib interns every name it parses, which would
grow a worker's memory with each distinct file of a large batch.

`validate_file` loads and checks; `render_file` also renders and writes, and
reports what happened as an `Outcome`. Batches (batch.py) run these in workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import os

from report_drafter import compute, output
from report_drafter.errors import Problem, Severity, UserError

FAILED = "failed"


@dataclass
class Outcome:
    """What became of one input."""

    input: str
    output: str = ""
    status: str = FAILED           # output.WRITTEN / UNCHANGED / KEPT / OVERWRITTEN, or FAILED
    problems: list[Problem] = field(default_factory=list)
    message: str = ""              # a one-line explanation for kept and failed files
    stem: str = ""
    temp: str = ""                 # a rendered document not yet renamed into place (batches)
    fingerprint: str = ""          # of the rendered document
    seen: tuple | None = None      # output.snapshot of the target when its fate was decided

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def as_dict(self) -> dict:
        return {"input": self.input, "output": self.output, "status": self.status,
                "message": self.message, "problems": [p.as_dict() for p in self.problems]}


def validate_file(path, defaults=None, figures=None):
    """Load `path` and run every check that needs no rendering; returns `Loaded`.

    `figures` (`figures.Overrides`) replace the input's figures with a workbook's.
    """
    from report_drafter import load, render
    loaded = load.load_file(path, defaults)
    report = loaded.report
    if report is None:
        return loaded
    if figures is not None:
        from report_drafter import figures as workbook
        report, problems = workbook.apply(report, str(path), figures)
        loaded.report = report
        loaded.problems.extend(problems)
    for i, ind in enumerate(report.indicators):
        for message in compute.consistency_warnings(ind):
            where = f"indicators[{i}].growth"
            line, col = loaded.locate(where)
            loaded.problems.append(Problem(message, where, loaded.file_of(where) or str(path),
                                           line, col, Severity.WARNING, "growth-mismatch"))
    try:
        render.resolve_template(report.template, report.system, os.path.dirname(str(path)))
    except UserError as exc:
        line, col = loaded.locate("template")
        loaded.problems.append(Problem(exc.message, "template", str(path), line, col,
                                       Severity.ERROR, "template-not-found"))
    return loaded


def kept_message(target) -> str:
    """Why an existing output was left alone, and what to do about it."""
    return (f"{target} đã được sửa sau khi tạo (hoặc không do report-drafter tạo) "
            f"nên được giữ nguyên; chạy lại với --force để ghi đè, "
            f"hoặc dùng -o để ghi vào thư mục khác")


def stem_of(report) -> str:
    """The output stem: `output:` when given, else derived from issuer and period."""
    if report.output:
        return report.output
    p = report.period
    if p is None:                  # a thematic review: `…-so-ket-nghi-quyet-2023-2026`
        r = report.review
        return f"{output.ascii_slug(report.issuer.name)}-so-ket-{output.ascii_slug(r.short)}-{r.from_}-{r.to}"
    return output.default_stem(report.issuer.name, p.kind, p.index, p.year)


def render_file(path, out_dir, force: bool = False, defaults=None, stem: str | None = None,
                loaded=None, defer: bool = False, figures=None) -> Outcome:
    """Load, check, render and write one document; every failure becomes the Outcome.

    With `defer`, the document is left in a temporary file (`Outcome.temp`) for the
    caller to rename into place once it knows no other input claims the same name.
    """
    from report_drafter import context, render
    outcome = Outcome(input=str(path))
    try:
        loaded = loaded or validate_file(path, defaults, figures)
        outcome.problems = list(loaded.problems)
        if loaded.report is None or any(p.is_error for p in loaded.problems):
            outcome.message = "dữ liệu đầu vào có lỗi"
            return outcome
        report = loaded.report
        outcome.stem = stem or stem_of(report)
        target = output.output_path(out_dir, outcome.stem)
        outcome.output = str(target)
        template = render.prepare(render.resolve_template(report.template, report.system,
                                                          os.path.dirname(str(path))))
        document = template.render(context.build_context(report))
        outcome.fingerprint = document.fingerprint
        outcome.seen = output.snapshot(target)
        decision = output.decide(target, document.fingerprint, force)
        outcome.status = decision
        if decision in (output.WRITTEN, output.OVERWRITTEN):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if defer:
                outcome.temp = str(output.write_temporary(target, document.data, sync=False))
            else:
                output.write_atomic(target, document.data)
        elif decision == output.KEPT:
            outcome.message = kept_message(target)
    except UserError as exc:
        outcome.status = FAILED
        outcome.message = exc.message
        outcome.problems.extend(exc.problems)
        if not exc.problems:
            outcome.problems.append(Problem(exc.message, file=str(path)))
    except OSError as exc:
        outcome.status = FAILED
        outcome.message = f"không ghi được tệp: {exc.strerror or exc}"
        outcome.problems.append(Problem(outcome.message, file=str(path), code="io"))
    return outcome
