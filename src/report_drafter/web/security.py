"""Who may do what: loopback only without accounts, logins and sessions that expire, CSRF
on every POST, HTTP Basic for the API, security headers, and errors shown as pages."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import time

from flask import Response, g, jsonify, redirect, render_template, request, session, url_for

from report_drafter.errors import UserError
from report_drafter.web import accounts
from report_drafter.web.files import Refused

SESSION_HOURS = 8
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
OPEN_ENDPOINTS = ("healthz", "static", "favicon")
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'self'; form-action 'self'"
)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(app, site) -> None:
    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(24)
        return session["csrf"]

    app.jinja_env.globals["csrf_token"] = csrf_token

    def basic_user() -> str | None:
        auth = request.authorization
        if (
            auth
            and auth.type == "basic"
            and accounts.verify(accounts.load(site.root), auth.username or "", auth.password or "")
        ):
            return auth.username
        return None

    @app.before_request
    def guard():
        if not site.login and not is_loopback((request.host or "").rsplit(":", 1)[0].strip("[]")):
            return Response("Máy chủ chỉ nhận địa chỉ 127.0.0.1/localhost khi không có tài khoản.", 403)
        if request.endpoint in OPEN_ENDPOINTS:
            return None
        g.user, by_basic = None, False
        if site.login:
            started = session.get("since", 0)
            if (
                session.get("user")
                and time.time() - started < SESSION_HOURS * 3600
                and session.get("user") in accounts.load(site.root)
            ):
                g.user = session["user"]
            elif request.path.startswith("/api/"):
                g.user, by_basic = basic_user(), True
                if not g.user:
                    return Response(
                        "Cần đăng nhập (HTTP Basic với tài khoản của ứng dụng).",
                        401,
                        {"WWW-Authenticate": 'Basic realm="report-drafter"'},
                    )
            elif request.endpoint != "login_page":
                if session.get("user"):  # expired: forget it (never clear a visitor's CSRF token)
                    session.clear()
                return redirect(url_for("login_page", next=request.full_path if request.method == "GET" else "/"))
        if request.method == "POST" and not by_basic:
            sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf", "")
            expected = session.get("csrf", "")
            api_without_session = request.path.startswith("/api/") and not site.login and "csrf" not in session
            if not api_without_session and not (expected and hmac.compare_digest(sent, expected)):
                return site.problem_page(
                    "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang rồi làm lại.", 400
                )
        return None

    @app.after_request
    def headers(resp):
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        return resp

    @app.errorhandler(413)
    def too_large(_):
        limit = app.config["MAX_CONTENT_LENGTH"]
        size = f"{limit // 1048576} MB" if limit >= 1048576 else f"{limit // 1024} KB"
        return site.problem_page(f"Tệp tải lên quá lớn (tối đa {size}).", 413)

    @app.errorhandler(400)
    def bad_request(_):
        return site.problem_page("Yêu cầu không hợp lệ.", 400)

    @app.errorhandler(404)
    def not_found(_):
        return site.problem_page("Không có trang này.", 404)

    @app.errorhandler(Refused)
    def refused(exc):
        if request.path.startswith("/api/"):
            return jsonify({"error": exc.message}), 404
        return site.problem_page(exc.message, 404)

    @app.errorhandler(UserError)
    def user_error(exc):
        return site.problem_page(exc.message, 422)

    @app.route("/login", methods=["GET", "POST"])
    def login_page():
        if not site.login:
            return redirect(url_for("index"))
        error = ""
        if request.method == "POST":
            name, password = request.form.get("name", ""), request.form.get("password", "")
            address = request.remote_addr or ""
            if site.throttle.blocked(address, name):
                return render_template(
                    "login.html", error=f"Đăng nhập sai quá nhiều lần; hãy thử lại sau {site.throttle.MINUTES} phút."
                ), 429
            if accounts.verify(accounts.load(site.root), name, password):
                site.throttle.forget(address, name)
                session.clear()
                session.permanent = True
                session.update(user=name, since=time.time(), csrf=secrets.token_urlsafe(24))
                target = request.args.get("next", "/")
                return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
            site.throttle.failed(address, name)
            error = "Sai tên tài khoản hoặc mật khẩu."
        return render_template("login.html", error=error), (401 if error else 200)

    @app.post("/logout")
    def logout():
        session.clear()
        return redirect(url_for("login_page") if site.login else url_for("index"))
