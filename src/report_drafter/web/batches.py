"""Pages of a batch folder: its documents (into outputs/, or as a .zip) and the workbook
round — collection workbook out, filled workbook in, cell problems, roll-up tables and
charts on the page and as tong-hop.xlsx / tong-hop.docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask import render_template, send_file, url_for

from report_drafter.errors import UserError
from report_drafter.run import batch
from report_drafter.web import files
from report_drafter.web.files import Refused

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register(app, site) -> None:
    def batch_items(rel: str):
        folder = files.safe_folder(site.root, rel)
        return folder, [batch.Item(str(p), files.defaults_of(p)) for p in files.inputs_in(folder)]

    def page(rel, items, rollup=None):
        return render_template(
            "batch.html",
            rel=rel,
            entries=[site.states.entry(Path(i.path)) for i in items],
            states=files.STATES,
            rollup=rollup,
        )

    @app.get("/batches/<path:rel>")
    def batch_page(rel):
        _, items = batch_items(rel)
        return page(rel, items)

    @app.post("/batches/<path:rel>/render")
    def render_batch(rel):
        folder = files.safe_folder(site.root, rel)
        lines = site.render_into_outputs(files.inputs_in(folder))
        return render_template("message.html", message=f"Lô {rel}:", lines=lines, back=url_for("batch_page", rel=rel))

    @app.get("/batches/<path:rel>/documents.zip")
    def batch_zip(rel):
        folder, items = batch_items(rel)
        buffer = io.BytesIO()
        failed = []
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for item in items:
                try:
                    stem, data = site.rendered(Path(item.path))
                    z.writestr(f"{stem}.docx", data)
                except UserError as exc:
                    failed.append(f"{Path(item.path).name}: {exc.message}")
            if failed:
                z.writestr("loi.txt", site.scrub("\n".join(failed)) + "\n")
        buffer.seek(0)
        return send_file(buffer, as_attachment=True, download_name=f"{folder.name}.zip", mimetype="application/zip")

    @app.get("/batches/<path:rel>/with/<token>/<name>")
    def batch_zip_with_figures(rel, token, name):
        """The batch's documents with the figures of an uploaded workbook (`render --figures`)."""
        from report_drafter.run import one_input as job
        from report_drafter.sheets import workbook_in as figures

        folder, items = batch_items(rel)
        book = site.work.find(token, name)
        if book is None or book.suffix != ".xlsx":
            raise Refused("bảng tính đã tải lên không còn (quá 2 giờ?); hãy tải lên lại")
        overrides, _ = figures.load_workbook(str(book))
        _, out = site.work.new_dir()
        buffer = io.BytesIO()
        failed = []
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for item in items:
                outcome = job.render_file(
                    item.path, str(out), defaults=item.defaults, figures=overrides.only(item.path)
                )
                if outcome.failed:
                    failed.append(f"{Path(item.path).name}: {outcome.message}")
                else:
                    z.write(outcome.output, Path(outcome.output).name)
            if failed:
                z.writestr("loi.txt", site.scrub("\n".join(failed), out) + "\n")
        buffer.seek(0)
        return send_file(
            buffer, as_attachment=True, download_name=f"{folder.name}-theo-bang-tinh.zip", mimetype="application/zip"
        )

    @app.get("/batches/<path:rel>/workbook.xlsx")
    def batch_workbook(rel):
        from report_drafter.run import load_all as gather
        from report_drafter.sheets import workbook_in as figures
        from report_drafter.sheets import workbook_out as sheet

        folder, items = batch_items(rel)
        units = gather.load_all(items, 1)
        labels = figures.file_labels([u.path for u in units])
        good = [(label, u.report) for label, u in zip(labels, units) if u.report is not None]
        return send_file(
            io.BytesIO(sheet.build(good)),
            as_attachment=True,
            download_name=f"{folder.name}-so-lieu.xlsx",
            mimetype=XLSX_TYPE,
        )

    @app.post("/batches/<path:rel>/workbook")
    def batch_rollup(rel):
        from report_drafter.run import load_all as gather
        from report_drafter.sheets import rollup
        from report_drafter.sheets import rollup_docx as rollupdoc
        from report_drafter.sheets import workbook_in as figures
        from report_drafter.sheets import workbook_out as sheet

        _, items = batch_items(rel)
        token, target, name = site.saved_upload(".xlsx")
        try:
            overrides, problems = figures.load_workbook(str(target))
        except UserError as exc:
            raise UserError(exc.message.replace(str(target), name)) from None
        for item in items:
            item.figures = overrides.only(item.path)
        problems = problems + overrides.unmatched([i.path for i in items])
        units = []
        for unit in gather.load_all(items, 1):
            problems += unit.problems
            reason = next((p.message for p in unit.problems if p.is_error), "dữ liệu đầu vào có lỗi")
            units.append((unit.path, unit.report, reason))
        result = rollup.build(units)
        systems = [r.system for _, r, _ in units if r is not None]
        system = max(set(systems), key=systems.count) if systems else "state"
        (target.parent / "tong-hop.xlsx").write_bytes(sheet.build_rollup(result))
        (target.parent / "tong-hop.docx").write_bytes(rollupdoc.build(result, system))
        tables = [
            {
                "name": t.name,
                "measure": t.measure,
                "headers": rollup.headers(t),
                "rows": [_row(str(n), line) for n, line in enumerate(t.lines, 1)]
                + ([_row("", t.total)] if t.total else []),
                "chart": _chart(t),
                "notes": list(t.notes),
            }
            for t in result.tables
        ]
        return page(
            rel,
            items,
            {
                "tables": tables,
                "documents": url_for("batch_zip_with_figures", rel=rel, token=token, name=target.name),
                "problems": [site.scrub(p.format().replace(str(target), name)) for p in problems],
                "failed": [f"{files.rel_of(site.root, Path(f.path))}: {f.reason}" for f in result.failed],
                "errors": sum(p.is_error for p in problems),
                "xlsx": url_for("download", token=token, name="tong-hop.xlsx"),
                "docx": url_for("download", token=token, name="tong-hop.docx"),
            },
        )


def _cell(value) -> str:
    from report_drafter.vn import writing as vnformat

    return "" if value is None else vnformat.format_number(value)


def _row(number: str, line) -> list[str]:
    """A roll-up line as the page shows it: TT, unit, figures; the change signed like the tables."""
    from report_drafter.sheets import rollup

    figures = rollup.cells(line)
    return [number, line.unit, *(_cell(v) for v in figures[:-1]), rollup.change_text(figures[-1])]


def _chart(table) -> list[dict]:
    """Bars of each unit's actual figure, as fractions of the largest (drawn by the page in SVG)."""
    values = [(line.unit, line.actual) for line in table.lines if line.actual is not None]
    top = max((v for _, v in values), default=0)
    return [{"unit": unit, "value": _cell(v), "width": float(v / top) if top else 0.0} for unit, v in values]
