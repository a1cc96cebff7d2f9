"""Any .docx: check (findings in document order, the `--fix` copy) and, when this version
has `import` (#22), last period's report as the start of the next one."""

from __future__ import annotations

import json
import os
from pathlib import Path

from flask import Response, render_template, request, url_for
from werkzeug.utils import secure_filename

from report_drafter.errors import UserError
from report_drafter.files import writing as output
from report_drafter.web import files


def check_json(target: Path, shown: str) -> list:
    """`check --json` of one file, named as the user named it."""
    from report_drafter.audit import check

    record = check.audit(str(target), None, None).as_dict()
    record["file"] = shown
    record["findings"] = [dict(f, file=shown) for f in record["findings"]]
    return [record]


def importer():
    """The `import` module (#22) when this version has it, else None."""
    import importlib.util

    if importlib.util.find_spec("report_drafter.fromdocx.importer") is None:
        return None
    from report_drafter.fromdocx import importer as importdocx

    return importdocx


def register(app, site) -> None:
    @app.post("/api/check")
    def api_check():
        _, target, name = site.saved_upload(".docx")
        return Response(json.dumps(check_json(target, name), ensure_ascii=False, indent=2), mimetype="application/json")

    @app.route("/check", methods=["GET", "POST"])
    def check_page():
        if request.method == "GET":
            return render_template("check.html", result=None)
        _, target, name = site.saved_upload(".docx")
        result = check_json(target, name)[0]["findings"]
        fixed_link, fixed = "", []
        if request.form.get("fix"):
            from report_drafter.audit import fix

            try:
                made, fixed, _ = fix.fix_file(target, str(target.parent / "da-sua"), None, None)
            except (OSError, ValueError) as exc:
                raise UserError(f"không ghi được bản sửa: {exc}") from None
            if made is not None:
                token, where = site.work.new_dir()
                os.replace(made, where / made.name)
                fixed_link = url_for("download", token=token, name=made.name)
        return render_template(
            "check.html", result=result, name=name, fixed_link=fixed_link, fixed=[p.message for p in fixed]
        )

    @app.route("/import", methods=["GET", "POST"])
    def import_page():
        """Last period's report (.docx) → `import --next-period` → a new input, opened in the form."""
        module = importer()
        if module is None:
            return render_template(
                "message.html",
                message="Bắt đầu từ báo cáo kỳ trước (import --next-period): "
                "chưa có — lệnh import chưa có trong phiên bản này.",
                back=url_for("index"),
            )
        folders = site.folders()
        if request.method == "GET":
            return render_template("import.html", folders=folders, error="", notes=None)
        folder = request.form.get("folder", "")
        if folder not in folders:
            raise UserError("thư mục không hợp lệ")
        _, target, name = site.saved_upload(".docx")
        failure = getattr(module, "ImportFailure", None) or getattr(module, "ImportError_", UserError)
        try:
            result = module.import_path(target, next_period=True)
        except (failure, UserError) as exc:  # a file that is no .docx: told, with its name
            raise UserError(str(exc).replace(str(target), name)) from None
        stem = secure_filename(request.form.get("name", "").strip()) or result.stem
        stem = stem[:-5] if stem.lower().endswith(".yaml") else stem
        rel = f"{folder}/{stem}.yaml" if folder else f"{stem}.yaml"
        path = files.safe_path(site.root, rel, must_exist=False)
        if os.path.lexists(path):
            return render_template(
                "import.html", folders=folders, notes=None, error=f"Đã có tệp {rel}; hãy đặt tên khác."
            ), 400
        output.write_atomic(path, result.yaml.encode("utf-8"))
        return render_template(
            "import.html",
            folders=folders,
            error="",
            rel=rel,
            notes=[n.replace(str(target), name) for n in result.notes],
        )
