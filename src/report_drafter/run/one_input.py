"""One input file → one output document. Never raises for a user's mistake.

Per-document paths are plain strings: pathlib interns every name it parses, which would
grow a worker's memory with each distinct file of a large batch.

`validate_file` loads and checks; `render_file` also renders and writes, and
reports what happened as an `Outcome`. Batches (batch.py) run these in workers.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field

from report_drafter.errors import Problem, Severity, UserError
from report_drafter.files import kind as filekind
from report_drafter.files import writing as output

FAILED = output.DocumentStatus.FAILED
UNSEEN = "unseen"  # Outcome.seen when the task did not look at its target


@dataclass
class Outcome:
    """What became of one input."""

    input: str
    output: str = ""
    status: output.DocumentStatus = FAILED
    problems: list[Problem] = field(default_factory=list)
    message: str = ""  # a one-line explanation for kept and failed files
    stem: str = ""
    temp: str = ""  # a rendered document not yet renamed into place (batches)
    fingerprint: str = ""  # of the rendered document
    seen: object = UNSEEN  # output.snapshot of the target when its fate was decided
    backup: str = ""  # where the previous version of an edited document was copied
    figures: list = field(default_factory=list)  # update: what became of each figure (update.Figure)
    stale: str = ""  # a failed input's output left from an earlier run (not current)

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def as_dict(self) -> dict:
        data = {
            "input": self.input,
            "output": self.output,
            "status": self.status,
            "message": self.message,
            "problems": [p.as_dict() for p in self.problems],
        }
        if self.backup:
            data["backup"] = self.backup
        if self.stale:
            data["stale_output"] = self.stale
        if self.figures:
            data["figures"] = [f.as_dict() for f in self.figures]
        return data


def validate_file(path, defaults=None, figures=None, dry_run: bool = False, blank: bool = False):
    """Load `path` and check its template (compiled, its variables looked up, and with
    `dry_run` rendered once); returns `Loaded`.

    `figures` (`figures.Overrides`): a workbook's cells laid over the input's figures, checked
    by the same rules (`figures.overlay`). `blank`: indicators may have no figures (`sheet`,
    which renders no document, so its template is not checked).
    """
    from report_drafter.input import schema as load

    overlay = None
    if figures is not None:
        from report_drafter.sheets import workbook_in as workbook

        overlay = workbook.overlay(str(path), figures)
    check = None if blank else (lambda report: template_problems(report, path, dry_run))
    return load.load_file(path, defaults, check=check, overlay=overlay, blank=blank)


def template_problems(report, path, dry_run: bool) -> list[tuple[str, Severity, str, str]]:
    """The template `report` names: found, and (a custom one, or with `dry_run`) compiled,
    its variables looked up and rendered once. (field path, severity, message, code) tuples.

    A built-in template is ours, rendered with every example and with generated inputs in the
    tests, and building its context reports nothing about an input (it cannot fail on a
    loaded report): for it `dry_run` adds nothing."""
    from report_drafter.document import render

    try:
        template = render.resolve_template(report.template, report.system, os.path.dirname(str(path)))
    except UserError as exc:
        return [("template", Severity.ERROR, exc.message, "template-not-found")]
    custom = report.template not in render.DEFAULT_TEMPLATE_NAMES + tuple(render.BUILTIN_TEMPLATES)
    if not (custom or dry_run):
        return []
    if not custom:
        return []
    from report_drafter.document import templatecheck
    from report_drafter.text import context

    errors, warnings = templatecheck.check(template, context.build_context(report), custom, dry_run)
    return [("template", Severity.ERROR, m, "template") for m in errors] + [
        ("template", Severity.WARNING, m, "template") for m in warnings
    ]


def stem_of(report) -> str:
    """The output stem: `output:` when given, else derived from issuer and period."""
    if report.output:
        return report.output
    p = report.period
    if p is None:  # a thematic review: `…-so-ket-nghi-quyet-2023-2026`
        r = report.review
        return f"{output.ascii_slug(report.issuer.name)}-so-ket-{output.ascii_slug(r.short)}-{r.from_}-{r.to}"
    return output.default_stem(report.issuer.name, p.kind, p.index, p.year)


def _prepared_input(path, out_dir, outcome: Outcome, defaults, stem, loaded, figures=None):
    """Load and check one input: (report, prepared template), or None when the input has
    errors (told in `outcome`). Sets the outcome's stem and output path.
    `figures` (`figures.Overrides`) replace the input's figures, as for `render`."""
    from report_drafter.document import render

    loaded = loaded or validate_file(path, defaults, figures)
    outcome.problems = list(loaded.problems)
    if loaded.report is None or any(p.is_error for p in loaded.problems):
        errors = [p for p in outcome.problems if p.is_error]
        outcome.message = (
            "mẫu văn bản có lỗi" if errors and all(p.path == "template" for p in errors) else "dữ liệu đầu vào có lỗi"
        )
        if not errors:  # never a failure without its reason
            outcome.problems.append(Problem(outcome.message, file=str(path), code="invalid"))
        return None
    report = loaded.report
    outcome.stem = stem or stem_of(report)
    outcome.output = str(output.output_path(out_dir, outcome.stem))
    template = render.prepare(render.resolve_template(report.template, report.system, os.path.dirname(str(path))))
    return report, template


def _write(outcome: Outcome, data: bytes, defer: bool) -> None:
    os.makedirs(os.path.dirname(outcome.output), exist_ok=True)
    if defer:
        outcome.temp = str(output.write_temporary(outcome.output, data, sync=False))
    else:
        output.write_atomic(outcome.output, data)


def _guarded(path, work) -> Outcome:
    """Run `work(outcome)`; a user's mistake or a file problem becomes the failed Outcome."""
    outcome = Outcome(input=str(path))
    try:
        work(outcome)
    except UserError as exc:
        outcome.status = FAILED
        outcome.message = exc.message
        outcome.problems.extend(exc.problems)
        if not exc.problems:
            outcome.problems.append(Problem(exc.message, file=str(path)))
    except OSError as exc:
        outcome.status = FAILED
        outcome.message = f"không ghi được tệp: {filekind.os_reason(exc)}"
        outcome.problems.append(Problem(outcome.message, file=str(path), code="io"))
    return outcome


def render_file(
    path,
    out_dir,
    force: bool = False,
    defaults=None,
    stem: str | None = None,
    loaded=None,
    defer: bool = False,
    figures=None,
) -> Outcome:
    """Load, check, render and write one document; every failure becomes the Outcome.

    With `defer`, the document is left in a temporary file (`Outcome.temp`) for the
    caller to rename into place once it knows no other input claims the same name.
    An edited document replaced because of `force` is first copied to the backup folder.
    """

    def work(outcome: Outcome) -> None:
        from report_drafter.text import context

        prepared = _prepared_input(path, out_dir, outcome, defaults, stem, loaded, figures)
        if prepared is None:
            return
        report, template = prepared
        document = template.render(context.build_context(report))
        target = outcome.output
        outcome.fingerprint = document.fingerprint
        outcome.seen = output.snapshot(target)
        decision = output.decide(target, document.fingerprint, force)
        outcome.status = decision
        if decision == output.OVERWRITTEN:
            outcome.backup = output.backup(target)
        elif decision == output.WRITTEN:
            outcome.backup = output.backup_unless_pristine(target)
        if decision in (output.WRITTEN, output.OVERWRITTEN):
            _write(outcome, document.data, defer)
        elif decision == output.KEPT:
            outcome.message = kept_message(target)

    return _guarded(path, work)


def _update_notices(target: str, state: str) -> list[Problem]:
    """Warnings before `update` writes: no earlier document there (a wrong -o?), or the
    document is open in Word or LibreOffice (Word will not let it be replaced)."""
    notes = []
    if state == "missing":
        notes.append(
            Problem(
                f"không tìm thấy văn bản trước ở {target} nên tạo văn bản mới; nếu văn bản "
                f"đã sửa nằm ở thư mục khác, hãy chỉ thư mục đó bằng -o",
                file=target,
                severity=Severity.WARNING,
                code="update-no-document",
            )
        )
    folder, name = os.path.split(target)
    owners = [f"~${name}", f"~${name[2:]}" if len(name) > 2 else "", f".~lock.{name}#"]
    open_by = [o for o in owners if o and os.path.lexists(os.path.join(folder, o))]
    if open_by:
        notes.append(
            Problem(
                f"{name} có vẻ đang mở trong Word hoặc LibreOffice (thấy tệp {open_by[0]} bên cạnh); "
                f"hãy lưu và đóng văn bản rồi chạy lại: Word không cho thay tệp đang mở",
                file=target,
                severity=Severity.WARNING,
                code="document-open",
            )
        )
    return notes


def _emitted(fresh: dict[str, bytes], ctx: dict) -> dict[str, str]:
    """The figures the fresh render wrote (a custom template may print fewer than the context has)."""
    from report_drafter.docx import package
    from report_drafter.text import marks

    recorded = marks.read_store(package.properties(fresh))
    return recorded if recorded is not None else ctx["marks"]


def kept_message(target) -> str:
    """Why an existing output was left alone, and what to do about it."""
    return (
        f"{target} đã được sửa sau khi tạo (hoặc không do report-drafter tạo) "
        f"nên được giữ nguyên; dùng lệnh update để đưa số liệu mới vào mà giữ "
        f"các chỗ đã sửa, --force để ghi đè (bản cũ được sao lưu), "
        f"hoặc -o để ghi vào thư mục khác"
    )


def update_file(
    path,
    out_dir,
    force: bool = False,
    defaults=None,
    stem: str | None = None,
    loaded=None,
    defer: bool = False,
    figures=None,
    track_changes: bool = False,
    when=None,
) -> Outcome:
    """Bring the input's figures into the document `render` would write (see update.py).

    An unedited (or missing) document is written as `render` writes it; an edited one gets
    its figures replaced in place, after a backup copy. `Outcome.figures` tells each figure.
    """
    from report_drafter.document import update

    def work(outcome: Outcome) -> None:
        from report_drafter.docx import package
        from report_drafter.text import context

        prepared = _prepared_input(path, out_dir, outcome, defaults, stem, loaded, figures)
        if prepared is None:
            return
        report, template = prepared
        target = outcome.output
        outcome.seen = output.snapshot(target)
        try:
            members, contents = package.read_members(target, only=update.PARTS)
            state, _ = output.state_of(target, contents)
        except FileNotFoundError:
            state = "missing"
        except (zipfile.BadZipFile, KeyError):
            raise UserError(
                f"{target} không phải tệp Word .docx đọc được; hãy đặt tệp khác vào "
                f"chỗ đó hoặc dùng -o để ghi vào thư mục khác"
            ) from None
        ctx = context.build_context(report)
        document = template.render(ctx)
        outcome.problems.extend(_update_notices(target, state))
        if state in ("missing", "generated"):
            outcome.fingerprint = document.fingerprint
            outcome.status = output.decide(target, document.fingerprint, False)
            if outcome.status == output.WRITTEN:
                outcome.backup = output.backup_unless_pristine(target)
                _write(outcome, document.data, defer)
            return
        import io

        fresh = {k: v for k, v in package.read_contents(io.BytesIO(document.data)).items() if k in update.PARTS}
        result = update.update_document(
            members,
            contents,
            _emitted(fresh, ctx),
            update.locations(ctx),
            force,
            track_changes,
            when,
            target,
            fresh=fresh,
        )
        outcome.status = output.UPDATED if result.data is not None else output.UNCHANGED
        if result.data is not None and not defer:
            outcome.backup = output.backup(target)
            _write(outcome, result.data, defer)
        elif result.data is not None:  # the new version first, then its backup: a run killed
            _write(outcome, result.data, defer)  # in between leaves no backup of nothing
            try:
                outcome.backup = output.backup(target)
            except BaseException:
                output.remove_file(outcome.temp)
                outcome.temp = ""
                raise
        outcome.figures = result.figures  # told only once the document is written
        if not result.complete:
            outcome.message = "có số liệu chưa đưa được vào văn bản (sửa tay, đã xóa, hoặc mới)"

    return _guarded(path, work)
