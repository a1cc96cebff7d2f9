"""Pages of the reports: the list with states, the form (check, save), the document as
.docx, PDF and page images, writing into outputs/, bringing new figures into an edited
draft, and a new report from the starter."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from flask import jsonify, redirect, render_template, request, send_file, url_for
from werkzeug.utils import secure_filename

from report_drafter.errors import UserError
from report_drafter.files import writing as output
from report_drafter.model import YEARS
from report_drafter.run import one_input as job
from report_drafter.web import files, schema, yamledit
from report_drafter.web.files import Refused

FIGURE_WORDS = {
    "updated": "đã cập nhật",
    "unchanged": "không đổi",
    "changed_by_hand": "sửa tay (giữ nguyên)",
    "replaced_hand_value": "sửa tay (đã thay)",
    "gone": "đã bị xóa khỏi văn bản",
    "new": "mới trong đầu vào, chưa có trong văn bản",
    "not_in_input": "không còn trong đầu vào (giữ nguyên)",
    # whole paragraphs (update.py, issue 17)
    "text_updated": "đoạn theo đầu vào mới",
    "text_inserted": "đoạn mới đã thêm",
    "text_removed": "đoạn đã bỏ theo đầu vào",
    "text_kept": "đoạn đã sửa tay (giữ nguyên), nội dung mới để dán",
    "text_new": "đoạn mới chưa đưa vào (chỗ đó đã sửa tay)",
    "text_left": "đoạn đã sửa tay không còn trong đầu vào",
}
FIGURE_ORDER = {
    "gone": 0,
    "new": 1,
    "text_new": 1,
    "text_kept": 1,
    "text_left": 1,
    "changed_by_hand": 2,
    "replaced_hand_value": 3,
    "not_in_input": 4,
    "updated": 5,
}  # what a person must look at first
PERIOD_WORDS = {
    "half-1": "6 tháng đầu năm",
    "half-2": "6 tháng cuối năm",
    "nine-months": "9 tháng",
    "year": "cả năm",
    **{f"quarter-{q}": f"quý {q}" for q in range(1, 5)},
    **{f"month-{m}": f"tháng {m}" for m in range(1, 13)},
}
CONFLICT = (
    "Tệp đã được người khác (hoặc bằng tay) sửa và lưu sau khi anh/chị mở; thay đổi của anh/chị "
    "CHƯA được lưu. Xem những gì đã đổi dưới đây, rồi tải lại trang và làm lại."
)


def register(app, site) -> None:
    @app.get("/")
    def index():
        groups: dict[str, list] = {}
        for e in site.states.all():
            groups.setdefault(e.batch, []).append(e)
        return render_template("index.html", groups=groups, states=files.STATES)

    @app.get("/api/reports")
    def api_reports():
        return jsonify([e.as_dict() for e in site.states.all()])

    @app.get("/api/reports/<path:rel>")
    def api_document(rel):
        if not rel.endswith(".docx"):
            return jsonify({"error": "hãy hỏi /api/reports/TỆP.docx"}), 404
        base = rel[: -len(".docx")]
        for suffix in files.INPUT_SUFFIXES:
            try:
                path = site.input_path(base + suffix)
            except Refused:
                continue
            return site.docx_response(*site.rendered(path))
        return jsonify({"error": f"không có tệp đầu vào {base}.yaml"}), 404

    @app.get("/reports/<path:rel>")
    def form(rel):
        path = site.input_path(rel)
        text, problems = site.read_input(path)
        if text is None:
            return render_template("message.html", message="; ".join(site.scrub(p.format()) for p in problems)), 400
        data, why_raw = None, ""
        try:
            data = yamledit.as_text(text)
            if not isinstance(data, dict):
                why_raw = "tệp không phải một bảng khóa: giá trị (mapping)"
                data = None
        except UserError as exc:
            why_raw = exc.message
        except Exception:
            why_raw = "tệp có lỗi cú pháp YAML"
        return render_template(
            "form.html",
            rel=rel,
            text=text,
            data=data or {},
            raw=bool(why_raw) or request.args.get("raw") == "1",
            why_raw=why_raw,
            defaults=_inherited(site, path),
            version=site.remember(text),
            checked=site.validate(path, rel, text, data),
            schema=schema.FORM,
            batch=rel.rsplit("/", 1)[0] if "/" in rel else "",
        )

    @app.post("/reports/<path:rel>/check")
    def check_form(rel):
        path = site.input_path(rel)
        payload = site.json_body()
        text, problems = site.read_input(path)
        if text is None:
            return jsonify({"problems": [p.as_dict() for p in problems], "ok": False, "sentences": []})
        return jsonify(site.validate(path, rel, site.payload_text(text, payload), payload.get("data")))

    @app.post("/reports/<path:rel>/save")
    def save(rel):
        path = site.input_path(rel)
        payload = site.json_body()
        with site.save_lock:
            text, problems = site.read_input(path)
            if text is None:
                return jsonify({"error": "; ".join(p.message for p in problems)}), 400
            if payload.get("version") != yamledit.version(text.encode("utf-8")):
                before = site.texts.get(payload.get("version", ""), "")
                diff = "".join(
                    difflib.unified_diff(
                        before.splitlines(True), text.splitlines(True), "bản anh/chị đã mở", "bản hiện có trong thư mục"
                    )
                )
                return jsonify({"conflict": True, "diff": diff or "(không xem được bản cũ)", "error": CONFLICT}), 409
            new = site.payload_text(text, payload)
            if new != text:
                output.write_atomic(path, new.encode("utf-8"))
        result = site.validate(path, rel, new, payload.get("data"))
        result.update(saved=new != text, version=site.remember(new))
        return jsonify(result)

    @app.get("/reports/<path:rel>/document.docx")
    def download_docx(rel):
        return site.docx_response(*site.rendered(site.input_path(rel)))

    @app.get("/reports/<path:rel>/document.pdf")
    def download_pdf(rel):
        stem, _, docx = site.rendered_file(rel)
        made = site.work.to_pdf(docx)
        return send_file(made, as_attachment=True, download_name=f"{stem}.pdf", mimetype="application/pdf")

    @app.get("/reports/<path:rel>/preview")
    def preview(rel):
        stem, data = site.rendered(site.input_path(rel))
        token, pages = site.work.pages_of(stem, data)
        urls = [url_for("download", token=token, name=p.name) for p in pages]
        if pages and pages[0].suffix == ".pdf":  # no pdftoppm: the PDF itself
            return jsonify({"pages": [], "pdf": urls[0]})
        return jsonify({"pages": urls})

    @app.post("/reports/<path:rel>/render")
    def render_to_outputs(rel):
        lines = site.render_into_outputs([site.input_path(rel)])
        return render_template("message.html", message=lines[0], back=url_for("form", rel=rel))

    @app.post("/reports/<path:rel>/update")
    def update_upload(rel):
        path = site.input_path(rel)
        upload = site.uploaded(".docx")
        loaded = job.validate_file(str(path), files.defaults_of(path))
        if not loaded.ok:
            raise UserError("dữ liệu đầu vào có lỗi; hãy sửa trong biểu mẫu trước khi cập nhật văn bản")
        stem = job.stem_of(loaded.report)
        token, where = site.work.new_dir()
        upload.save(where / f"{stem}.docx")
        outcome = job.update_file(str(path), str(where), defaults=files.defaults_of(path), loaded=loaded)
        shown = [
            {
                "status": str(f.status),
                "word": FIGURE_WORDS.get(str(f.status), str(f.status)),
                "new": f.new,
                "found": f.found,
                "where": f.where,
            }
            for f in outcome.figures
        ]
        counts: dict[str, int] = {}
        for f in shown:
            counts[f["word"]] = counts.get(f["word"], 0) + 1
        shown.sort(key=lambda f: FIGURE_ORDER.get(f["status"], 9))
        ok = outcome.status != job.FAILED and os.path.isfile(outcome.output)
        return render_template(
            "update.html",
            rel=rel,
            outcome=outcome,
            figures=shown,
            ok=ok,
            counts=[f"{word} {n}" for word, n in counts.items()],
            message=site.scrub(outcome.message, where),
            link=url_for("download", token=token, name=f"{stem}.docx") if ok else "",
            problems=[site.scrub(p.format(), where) for p in outcome.problems],
        )

    @app.route("/new", methods=["GET", "POST"])
    def new_report():
        from report_drafter.input.starter import PERIOD_CHOICES, UNIT_CHOICES, starter

        folders = site.folders()
        error = ""
        if request.method == "POST":
            form = request.form
            name = secure_filename(form.get("name", "").strip())
            folder = form.get("folder", "")
            try:
                year = int(form.get("year", "2026"))
            except ValueError:
                year = 0
            if not name:
                error = "Hãy đặt tên tệp (chữ không dấu, ví dụ do-son-6-thang)."
            elif folder not in folders:
                error = "Thư mục không hợp lệ."
            elif not YEARS[0] <= year <= YEARS[1]:
                error = f"Năm phải từ {YEARS[0]} đến {YEARS[1]}."
            elif (
                form.get("period") not in PERIOD_CHOICES
                or form.get("unit") not in UNIT_CHOICES
                or form.get("system") not in ("party", "state")
            ):
                error = "Hãy chọn hệ thống, cấp và kỳ báo cáo."
            else:
                name = name if name.lower().endswith(files.INPUT_SUFFIXES) else name + ".yaml"
                rel = f"{folder}/{name}" if folder else name
                path = files.safe_path(site.root, rel, must_exist=False)
                if os.path.lexists(path):
                    error = f"Đã có tệp {rel}; hãy chọn tên khác."
                else:
                    text = starter(form["system"], form["period"], year, form["unit"])
                    output.write_atomic(path, text.encode("utf-8"))
                    return redirect(url_for("form", rel=rel))
        return render_template(
            "new.html",
            folders=folders,
            error=error,
            periods=PERIOD_CHOICES,
            period_words=PERIOD_WORDS,
            units=UNIT_CHOICES,
        ), (400 if error else 200)


def _inherited(site, path: Path) -> dict:
    """The batch's `_defaults.yaml` as the form shows it (placeholders of the fields it fills)."""
    defaults_path = files.defaults_of(path)
    if not defaults_path:
        return {}
    text, _ = site.read_input(Path(defaults_path))
    try:
        found = yamledit.as_text(text or "")
    except Exception:  # its problems are listed with the input's
        return {}
    return found if isinstance(found, dict) else {}
