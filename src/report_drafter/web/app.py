"""The Flask application: pages and the JSON API over one folder of inputs.

Every action is a call into the library (load, job, render, update, check, fix, sheet,
figures, rollup, pdf); this module only reads requests and shows results.
"""

from __future__ import annotations

import difflib
import hmac
import io
import ipaddress
import json
import os
import secrets
import threading
import time
import zipfile
from collections import OrderedDict
from datetime import timedelta
from pathlib import Path

from flask import (Flask, Response, abort, g, jsonify, redirect, render_template, request, send_file,
                   session, url_for)
from werkzeug.utils import secure_filename

from report_drafter import batch, compute, job, load, output
from report_drafter.errors import Problem, UserError
from report_drafter.web import accounts, files, schema, yamledit
from report_drafter.web.files import Refused
from report_drafter.web.work import Work

MAX_UPLOAD = 20 * 1024 * 1024              # bytes per request
SESSION_HOURS = 8
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
FIGURE_WORDS = {"updated": "đã cập nhật", "unchanged": "không đổi", "changed_by_hand": "sửa tay (giữ nguyên)",
                "replaced_hand_value": "sửa tay (đã thay)", "gone": "đã bị xóa khỏi văn bản",
                "new": "mới trong đầu vào, chưa có trong văn bản",
                "not_in_input": "không còn trong đầu vào (giữ nguyên)"}
KEPT_TEXTS = 64                             # versions remembered to show what changed


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_app(folder, *, require_login: bool | None = None, work_slots: int | None = None) -> Flask:
    """The app over `folder`; accounts are required when `require_login` (default: when the
    folder has any)."""
    root = Path(os.path.realpath(folder))
    if not root.is_dir():
        raise UserError(f"{folder}: không phải thư mục")
    users = accounts.load(root)
    login = bool(users) if require_login is None else require_login
    if login and not users:
        raise UserError("chưa có tài khoản nào: hãy tạo bằng  report-drafter users add TÊN  "
                        "(chạy trong thư mục đang phục vụ, hoặc với --folder)")

    app = Flask(__name__)
    app.config.update(SECRET_KEY=secrets.token_bytes(32), MAX_CONTENT_LENGTH=MAX_UPLOAD,
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_NAME="report_drafter_session",
                      PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS))
    app.json.ensure_ascii = False
    state = files.States(root)
    work = Work(work_slots)
    texts: OrderedDict[str, str] = OrderedDict()
    save_lock = threading.Lock()
    throttle = accounts.Throttle()
    app.extensions["report_drafter"] = {"root": root, "work": work, "login": login}

    # ------------------------------------------------------------ security

    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(24)
        return session["csrf"]

    app.jinja_env.globals["csrf_token"] = csrf_token

    def basic_user() -> str | None:
        auth = request.authorization
        if auth and auth.type == "basic" and accounts.verify(accounts.load(root), auth.username or "",
                                                              auth.password or ""):
            return auth.username
        return None

    @app.before_request
    def guard():
        if not login and not is_loopback((request.host or "").rsplit(":", 1)[0].strip("[]")):
            return Response("Máy chủ chỉ nhận địa chỉ 127.0.0.1/localhost khi không có tài khoản.", 403)
        if request.endpoint in ("healthz", "static", "favicon"):
            return None
        g.user, by_basic = None, False
        if login:
            started = session.get("since", 0)
            if session.get("user") and time.time() - started < SESSION_HOURS * 3600 \
                    and session.get("user") in accounts.load(root):
                g.user = session["user"]
            elif request.path.startswith("/api/"):
                g.user, by_basic = basic_user(), True
                if not g.user:
                    return Response("Cần đăng nhập (HTTP Basic với tài khoản của ứng dụng).", 401,
                                    {"WWW-Authenticate": 'Basic realm="report-drafter"'})
            elif request.endpoint != "login_page":
                if session.get("user"):           # expired: forget it, keep nothing else either
                    session.clear()
                return redirect(url_for("login_page", next=request.full_path if request.method == "GET" else "/"))
        if request.method == "POST" and not by_basic:
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
            expected = session.get("csrf", "")
            api_without_session = request.path.startswith("/api/") and not login and "csrf" not in session
            if not api_without_session and not (expected and hmac.compare_digest(sent, expected)):
                return problem_page("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại "
                                    "trang rồi làm lại.", 400)
        return None

    @app.after_request
    def headers(resp):
        resp.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                "script-src 'self'; frame-ancestors 'none'; form-action 'self'")
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        return resp

    @app.errorhandler(413)
    def too_large(_):
        return problem_page(f"Tệp tải lên quá lớn (tối đa {MAX_UPLOAD // 1024 // 1024} MB).", 413)

    @app.errorhandler(400)
    def bad_request(_):
        return problem_page("Yêu cầu không hợp lệ.", 400)

    @app.errorhandler(404)
    def not_found(_):
        return problem_page("Không có trang này.", 404)

    @app.errorhandler(Refused)
    def refused(exc):
        if request.path.startswith("/api/"):
            return jsonify({"error": exc.message}), 404
        return problem_page(exc.message, 404)

    def problem_page(message: str, code: int):
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json" \
                or request.is_json:
            return jsonify({"error": message}), code
        return render_template("message.html", message=message), code

    @app.route("/login", methods=["GET", "POST"])
    def login_page():
        if not login:
            return redirect(url_for("index"))
        error = ""
        if request.method == "POST":
            name, password = request.form.get("name", ""), request.form.get("password", "")
            if throttle.blocked(request.remote_addr or "", name):
                return render_template("login.html", error="Đăng nhập sai quá nhiều lần; hãy thử lại sau "
                                       f"{throttle.MINUTES} phút."), 429
            if accounts.verify(accounts.load(root), name, password):
                throttle.forget(request.remote_addr or "", name)
                session.clear()
                session.permanent = True
                session.update(user=name, since=time.time(), csrf=secrets.token_urlsafe(24))
                target = request.args.get("next", "/")
                return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
            throttle.failed(request.remote_addr or "", name)
            error = "Sai tên tài khoản hoặc mật khẩu."
        return render_template("login.html", error=error), (401 if error else 200)

    @app.post("/logout")
    def logout():
        session.clear()
        return redirect(url_for("login_page") if login else url_for("index"))

    # ------------------------------------------------------------ reports

    def input_path(rel: str) -> Path:
        return files.safe_path(root, rel)

    def outputs_dir() -> Path:
        out = root / files.OUTPUTS
        if out.is_symlink():
            raise Refused(f"{files.OUTPUTS} là một liên kết (symlink); ứng dụng không ghi qua liên kết")
        return out

    @app.get("/favicon.ico")
    def favicon():
        return Response(status=204)

    @app.get("/healthz")
    def healthz():
        return Response("ok", mimetype="text/plain")

    @app.get("/")
    def index():
        entries = state.all()
        groups: dict[str, list] = {}
        for e in entries:
            groups.setdefault(e.batch, []).append(e)
        return render_template("index.html", groups=groups, states=files.STATES)

    @app.get("/api/reports")
    def api_reports():
        return jsonify([e.as_dict() for e in state.all()])

    def read_input(path: Path) -> tuple[str | None, list[Problem]]:
        from report_drafter.yamlnode import read_text
        return read_text(str(path))

    def remember(text: str) -> str:
        v = yamledit.version(text.encode("utf-8"))
        texts[v] = text
        texts.move_to_end(v)
        while len(texts) > KEPT_TEXTS:
            texts.popitem(last=False)
        return v

    def validate(path: Path, rel: str, text: str, data=None) -> dict:
        """Problems (and sentences of the indicators) of `text` as input `path`: one validator."""
        defaults_path = files.defaults_of(path)
        defaults, problems = (load.load_defaults(defaults_path) if defaults_path else (None, []))
        if defaults_path and (defaults is None or problems):
            loaded = load.Loaded(None, problems, file=rel)
        else:
            loaded = load.load_text(text, rel, defaults,
                                    check=lambda report: job.template_problems(report, str(path), False))
        found = [dict(p.as_dict(), text=p.format().replace(str(root) + os.sep, "")) for p in loaded.problems]
        return {"problems": found, "ok": loaded.ok, "sentences": sentences(loaded, data)}

    def sentences(loaded, data) -> list[str]:
        if loaded.report is not None and (not isinstance(data, dict)
                                          or len(data.get("indicators") or []) == len(loaded.report.indicators)):
            return [compute.indicator_sentence(ind) for ind in loaded.report.indicators]
        out = []
        listed = data.get("indicators") if isinstance(data, dict) else None
        for ind in listed if isinstance(listed, list) else []:
            skeleton = {"system": "state", "issuer": {"name": "Ủy ban nhân dân", "abbreviation": "UBND", "place": "X"},
                        "date": "2026-12-31", "period": {"kind": "year", "year": "2026"},
                        "signature": {"title": "Chủ tịch", "name": "X"}, "indicators": [ind]}
            try:
                one = load.load_text(yamledit.apply("", skeleton), "<chỉ tiêu>")
            except Exception:                 # a value the form cannot write: no sentence for it
                one = None
            out.append(compute.indicator_sentence(one.report.indicators[0])
                       if one is not None and one.report is not None and one.report.indicators else "")
        return out

    @app.get("/reports/<path:rel>")
    def form(rel):
        path = input_path(rel)
        text, problems = read_input(path)
        if text is None:
            return render_template("message.html", message="; ".join(p.format() for p in problems)), 400
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
        raw = bool(why_raw) or request.args.get("raw") == "1"
        checked = validate(path, rel, text, data)
        inherited = {}
        defaults_path = files.defaults_of(path)
        if defaults_path:
            defaults_text, _ = read_input(Path(defaults_path))
            try:
                inherited = yamledit.as_text(defaults_text or "")
            except Exception:                # its problems are listed with the input's
                inherited = {}
        return render_template("form.html", rel=rel, text=text, data=data or {}, raw=raw, why_raw=why_raw,
                               defaults=inherited if isinstance(inherited, dict) else {},
                               version=remember(text), checked=checked, schema=schema.FORM,
                               batch=rel.rsplit("/", 1)[0] if "/" in rel else "")

    @app.post("/reports/<path:rel>/check")
    def check_form(rel):
        path = input_path(rel)
        payload = json_body()
        text, problems = read_input(path)
        if text is None:
            return jsonify({"problems": [p.as_dict() for p in problems], "ok": False, "sentences": []})
        new = payload_text(text, payload)
        return jsonify(validate(path, rel, new, payload.get("data")))

    def json_body() -> dict:
        try:
            body = request.get_json(silent=True)
        except RecursionError:                # nested deeper than any form: refused, not a crash
            abort(400)
        return body if isinstance(body, dict) else {}

    def payload_text(current: str, payload: dict) -> str:
        if isinstance(payload.get("text"), str):
            return payload["text"].replace("\r\n", "\n")
        data = payload.get("data")
        if not isinstance(data, dict):
            abort(400)
        try:
            return yamledit.apply(current, data)
        except UserError as exc:
            raise Refused(exc.message) from None
        except Exception:                     # ruamel cannot read the file: the raw editor can
            raise Refused("tệp có lỗi cú pháp YAML nên không ghi được từ biểu mẫu; "
                          "hãy dùng «Sửa trực tiếp tệp YAML»") from None

    @app.post("/reports/<path:rel>/save")
    def save(rel):
        path = input_path(rel)
        payload = json_body()
        with save_lock:
            text, problems = read_input(path)
            if text is None:
                return jsonify({"error": "; ".join(p.message for p in problems)}), 400
            now = yamledit.version(text.encode("utf-8"))
            if payload.get("version") != now:
                before = texts.get(payload.get("version", ""), "")
                diff = "".join(difflib.unified_diff(before.splitlines(True), text.splitlines(True),
                                                    "bản anh/chị đã mở", "bản hiện có trong thư mục"))
                return jsonify({"conflict": True, "diff": diff or "(không xem được bản cũ)",
                                "error": "Tệp đã được người khác (hoặc bằng tay) sửa và lưu sau khi anh/chị mở; "
                                         "thay đổi của anh/chị CHƯA được lưu. Xem những gì đã đổi dưới đây, "
                                         "rồi tải lại trang và làm lại."}), 409
            new = payload_text(text, payload)
            if new != text:
                output.write_atomic(path, new.encode("utf-8"))
        result = validate(path, rel, new, payload.get("data"))
        result.update(saved=new != text, version=remember(new))
        return jsonify(result)

    def rendered(path: Path):
        """(stem, bytes) of the document rendered from the input, or a page of its problems."""
        from report_drafter import context, render
        loaded = job.validate_file(str(path), files.defaults_of(path))
        if not loaded.ok:
            raise UserError("dữ liệu đầu vào có lỗi: " + "; ".join(
                p.format().replace(str(root) + os.sep, "") for p in loaded.problems if p.is_error))
        report = loaded.report
        template = render.prepare(render.resolve_template(report.template, report.system, str(path.parent)))
        return job.stem_of(report), template.render(context.build_context(report)).data

    def docx_response(stem: str, data: bytes):
        return send_file(io.BytesIO(data), as_attachment=True, download_name=f"{stem}.docx",
                         mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    @app.errorhandler(UserError)
    def user_error(exc):
        return problem_page(exc.message, 422)

    @app.get("/reports/<path:rel>/document.docx")
    def download_docx(rel):
        return docx_response(*rendered(input_path(rel)))

    @app.get("/api/reports/<path:rel>")
    def api_document(rel):
        if not rel.endswith(".docx"):
            abort(404)
        base = rel[:-len(".docx")]
        for suffix in files.INPUT_SUFFIXES:
            try:
                path = input_path(base + suffix)
            except Refused:
                continue
            return docx_response(*rendered(path))
        return jsonify({"error": f"không có tệp đầu vào {base}.yaml"}), 404

    def rendered_file(rel: str) -> tuple[str, str, Path]:
        """(stem, token, path) of the document rendered from `rel`, kept in the app's own folder."""
        stem, data = rendered(input_path(rel))
        token, where = work.new_dir()
        docx = where / f"{stem}.docx"
        docx.write_bytes(data)
        return stem, token, docx

    @app.get("/reports/<path:rel>/document.pdf")
    def download_pdf(rel):
        stem, _, docx = rendered_file(rel)
        made = work.to_pdf(docx)
        return send_file(made, as_attachment=True, download_name=f"{stem}.pdf", mimetype="application/pdf")

    @app.get("/reports/<path:rel>/preview")
    def preview(rel):
        _, token, docx = rendered_file(rel)
        pages = work.pages(docx)
        return jsonify({"pages": [url_for("download", token=token, name=p.name) for p in pages]})

    def render_into_outputs(paths: list[Path]) -> list[str]:
        """`render` of each input into FOLDER/outputs/, one line per input (edited documents kept)."""
        words = {output.WRITTEN: "đã ghi", output.UNCHANGED: "không đổi (đã cập nhật từ trước)",
                 output.KEPT: "giữ nguyên vì đã được sửa", output.OVERWRITTEN: "đã ghi đè", job.FAILED: "lỗi"}
        out_dir = str(outputs_dir())
        lines = []
        for path in paths:
            outcome = job.render_file(str(path), out_dir, defaults=files.defaults_of(path))
            where = outcome.output.replace(str(root) + os.sep, "") or files.rel_of(root, path)
            line = f"{where}: {words.get(outcome.status, outcome.status)}"
            if outcome.message:
                line += f" — {outcome.message.replace(str(root) + os.sep, '')}"
            lines.append(line)
        return lines

    @app.post("/reports/<path:rel>/render")
    def render_to_outputs(rel):
        lines = render_into_outputs([input_path(rel)])
        return render_template("message.html", message=lines[0], back=url_for("form", rel=rel))

    @app.post("/batches/<path:rel>/render")
    def render_batch(rel):
        folder = files.safe_folder(root, rel)
        lines = render_into_outputs(files.inputs_in(folder))
        return render_template("message.html", message=f"Lô {rel}:", lines=lines, back=url_for("batch_page", rel=rel))

    @app.post("/reports/<path:rel>/update")
    def update_upload(rel):
        path = input_path(rel)
        upload = uploaded(".docx")
        loaded = job.validate_file(str(path), files.defaults_of(path))
        if not loaded.ok:
            raise UserError("dữ liệu đầu vào có lỗi; hãy sửa trong biểu mẫu trước khi cập nhật văn bản")
        stem = job.stem_of(loaded.report)
        token, where = work.new_dir()
        upload.save(where / f"{stem}.docx")
        outcome = job.update_file(str(path), str(where), defaults=files.defaults_of(path), loaded=loaded)
        shown = [{"status": str(f.status), "word": FIGURE_WORDS.get(str(f.status), str(f.status)),
                  "new": f.new, "found": f.found, "where": f.where} for f in outcome.figures]
        ok = outcome.status != job.FAILED and os.path.isfile(outcome.output)
        counts: dict[str, int] = {}
        for f in shown:
            counts[f["word"]] = counts.get(f["word"], 0) + 1
        order = {"gone": 0, "new": 1, "changed_by_hand": 2, "replaced_hand_value": 3, "not_in_input": 4, "updated": 5}
        shown.sort(key=lambda f: order.get(f["status"], 9))
        return render_template("update.html", rel=rel, outcome=outcome, figures=shown, ok=ok,
                               counts=[f"{word} {n}" for word, n in counts.items()],
                               message=outcome.message.replace(str(where) + os.sep, "").replace(str(root) + os.sep, ""),
                               link=url_for("download", token=token, name=f"{stem}.docx") if ok else "",
                               problems=[p.format().replace(str(where) + os.sep, "") for p in outcome.problems])

    def uploaded(suffix: str):
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise UserError("chưa chọn tệp để tải lên")
        if not upload.filename.lower().endswith(suffix):
            raise UserError(f"{upload.filename}: cần một tệp {suffix}")
        return upload

    def saved_upload(suffix: str) -> tuple[str, Path, str]:
        upload = uploaded(suffix)
        name = secure_filename(upload.filename) or f"tep{suffix}"
        if not name.lower().endswith(suffix):
            name += suffix
        token, where = work.new_dir()
        target = where / name
        upload.save(target)
        return token, target, upload.filename

    # ------------------------------------------------------------ new report

    @app.route("/new", methods=["GET", "POST"])
    def new_report():
        from report_drafter.starter import PERIOD_CHOICES, UNIT_CHOICES, starter
        folders = [""] + [files.rel_of(root, b) for b in files.batches(root)]
        error = ""
        if request.method == "POST":
            name = secure_filename(request.form.get("name", "").strip())
            folder = request.form.get("folder", "")
            if not name:
                error = "Hãy đặt tên tệp (chữ không dấu, ví dụ do-son-6-thang)."
            elif folder not in folders:
                error = "Thư mục không hợp lệ."
            else:
                name = name if name.lower().endswith(files.INPUT_SUFFIXES) else name + ".yaml"
                rel = f"{folder}/{name}" if folder else name
                path = files.safe_path(root, rel, must_exist=False)
                try:
                    year = int(request.form.get("year", "2026"))
                except ValueError:
                    year = 0
                if os.path.lexists(path):
                    error = f"Đã có tệp {rel}; hãy chọn tên khác."
                elif not 1900 <= year <= 2999:
                    error = "Năm phải từ 1900 đến 2999."
                elif request.form.get("period") not in PERIOD_CHOICES or request.form.get("unit") not in UNIT_CHOICES \
                        or request.form.get("system") not in ("party", "state"):
                    error = "Hãy chọn hệ thống, cấp và kỳ báo cáo."
                else:
                    text = starter(request.form["system"], request.form["period"], year, request.form["unit"])
                    output.write_atomic(path, text.encode("utf-8"))
                    return redirect(url_for("form", rel=rel))
        words = {"half-1": "6 tháng đầu năm", "half-2": "6 tháng cuối năm", "nine-months": "9 tháng",
                 "year": "cả năm", **{f"quarter-{q}": f"quý {q}" for q in range(1, 5)},
                 **{f"month-{m}": f"tháng {m}" for m in range(1, 13)}}
        return render_template("new.html", folders=folders, error=error, periods=PERIOD_CHOICES, period_words=words,
                               units=UNIT_CHOICES), (400 if error else 200)

    # ------------------------------------------------------------ check

    def check_json(target: Path, shown: str) -> list:
        from report_drafter import check
        found = check.check_document(str(target), None, None)
        out = []
        for p in found:
            d = p.as_dict()
            d["file"] = shown
            out.append(d)
        return [{"file": shown, "findings": out}]

    @app.post("/api/check")
    def api_check():
        _, target, name = saved_upload(".docx")
        return Response(json.dumps(check_json(target, name), ensure_ascii=False, indent=2),
                        mimetype="application/json")

    @app.route("/check", methods=["GET", "POST"])
    def check_page():
        if request.method == "GET":
            return render_template("check.html", result=None)
        token, target, name = saved_upload(".docx")
        result = check_json(target, name)[0]["findings"]
        fixed_link, fixed = "", []
        if request.form.get("fix"):
            from report_drafter import fix
            try:
                made, fixed, _ = fix.fix_file(target, str(target.parent / "da-sua"), None, None)
            except (OSError, ValueError) as exc:
                raise UserError(f"không ghi được bản sửa: {exc}") from None
            if made is not None:
                ftoken, fdir = work.new_dir()
                os.replace(made, fdir / made.name)
                fixed_link = url_for("download", token=ftoken, name=made.name)
        return render_template("check.html", result=result, name=name, fixed_link=fixed_link,
                               fixed=[p.message for p in fixed])

    # ------------------------------------------------------------ batches

    def batch_items(rel: str):
        folder = files.safe_folder(root, rel)
        return folder, [batch.Item(str(p), files.defaults_of(p)) for p in files.inputs_in(folder)]

    @app.get("/batches/<path:rel>")
    def batch_page(rel):
        folder, items = batch_items(rel)
        return render_template("batch.html", rel=rel, entries=[state.entry(Path(i.path)) for i in items],
                               states=files.STATES, rollup=None)

    @app.get("/batches/<path:rel>/documents.zip")
    def batch_zip(rel):
        folder, items = batch_items(rel)
        buffer = io.BytesIO()
        failed = []
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for item in items:
                try:
                    stem, data = rendered(Path(item.path))
                    z.writestr(f"{stem}.docx", data)
                except UserError as exc:
                    failed.append(f"{Path(item.path).name}: {exc.message}")
            if failed:
                z.writestr("loi.txt", "\n".join(failed).replace(str(root) + os.sep, "") + "\n")
        buffer.seek(0)
        return send_file(buffer, as_attachment=True, download_name=f"{folder.name}.zip", mimetype="application/zip")

    @app.get("/batches/<path:rel>/workbook.xlsx")
    def batch_workbook(rel):
        from report_drafter import figures, gather, sheet
        folder, items = batch_items(rel)
        units = gather.load_all(items, 1)
        labels = figures.file_labels([u.path for u in units])
        good = [(label, u.report) for label, u in zip(labels, units) if u.report is not None]
        return send_file(io.BytesIO(sheet.build(good)), as_attachment=True, download_name=f"{folder.name}-so-lieu.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @app.post("/batches/<path:rel>/workbook")
    def batch_rollup(rel):
        from report_drafter import figures, gather, rollup, rollupdoc, sheet
        folder, items = batch_items(rel)
        token, target, name = saved_upload(".xlsx")
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
        shown = [p.format().replace(str(target), name).replace(str(root) + os.sep, "") for p in problems]
        tables = [{"name": t.name, "measure": t.measure, "headers": rollup.headers(t),
                   "rows": [_row(str(n), line) for n, line in enumerate(t.lines, 1)]
                   + ([_row("", t.total)] if t.total else []),
                   "chart": _chart(t), "notes": list(t.notes)} for t in result.tables]
        return render_template("batch.html", rel=rel, entries=[state.entry(Path(i.path)) for i in items],
                               states=files.STATES, rollup={"tables": tables, "problems": shown,
                                                            "failed": [f"{files.rel_of(root, Path(f.path))}: {f.reason}"
                                                                       for f in result.failed],
                                                            "errors": sum(p.is_error for p in problems),
                                                            "xlsx": url_for("download", token=token, name="tong-hop.xlsx"),
                                                            "docx": url_for("download", token=token, name="tong-hop.docx")})

    # ------------------------------------------------------------ import (#22)

    @app.route("/import", methods=["GET", "POST"])
    def import_page():
        """Last period's report (.docx) → `import --next-period` → a new input, opened in the form."""
        importer = _importer()
        if importer is None:
            return render_template("message.html", message="Bắt đầu từ báo cáo kỳ trước (import --next-period): "
                                   "chưa có — lệnh import chưa có trong phiên bản này.", back=url_for("index"))
        folders = [""] + [files.rel_of(root, b) for b in files.batches(root)]
        if request.method == "GET":
            return render_template("import.html", folders=folders, error="", notes=None)
        folder = request.form.get("folder", "")
        if folder not in folders:
            raise UserError("thư mục không hợp lệ")
        token, target, name = saved_upload(".docx")
        try:
            result = importer.import_path(target, next_period=True)
        except importer.ImportError_ as exc:
            raise UserError(str(exc).replace(str(target), name)) from None
        stem = secure_filename(request.form.get("name", "").strip()) or result.stem
        stem = stem[:-5] if stem.lower().endswith(".yaml") else stem
        rel = f"{folder}/{stem}.yaml" if folder else f"{stem}.yaml"
        path = files.safe_path(root, rel, must_exist=False)
        if os.path.lexists(path):
            return render_template("import.html", folders=folders, notes=None,
                                   error=f"Đã có tệp {rel}; hãy đặt tên khác."), 400
        output.write_atomic(path, result.yaml.encode("utf-8"))
        return render_template("import.html", folders=folders, error="", rel=rel,
                               notes=[n.replace(str(target), name) for n in result.notes])

    # ------------------------------------------------------------ downloads

    @app.get("/files/<token>/<name>")
    def download(token, name):
        found = work.find(token, name)
        if found is None:
            abort(404)
        return send_file(found, as_attachment=not name.endswith(".png"), download_name=name)

    return app


def _importer():
    """The `import` module (#22) when this version has it, else None."""
    import importlib.util
    if importlib.util.find_spec("report_drafter.importdocx") is None:
        return None
    from report_drafter import importdocx
    return importdocx


def _cell(value) -> str:
    from report_drafter import vnformat
    return "" if value is None else vnformat.format_number(value)


def _row(number: str, line) -> list[str]:
    """A roll-up line as the page shows it: TT, unit, figures; the change signed like the tables."""
    from report_drafter import rollup
    figures = rollup.cells(line)
    return [number, line.unit, *(_cell(v) for v in figures[:-1]), rollup.change_text(figures[-1])]


def _chart(table) -> list[dict]:
    """Bars of each unit's actual figure, as fractions of the largest (drawn by the page in SVG)."""
    values = [(line.unit, line.actual) for line in table.lines if line.actual is not None]
    top = max((v for _, v in values), default=0)
    return [{"unit": unit, "value": _cell(v), "width": float(v / top) if top else 0.0} for unit, v in values]
