"""The Flask application over one folder of inputs: pages and the JSON API.

Every action is a call into the library (load, job, render, update, check, fix, sheet,
figures, rollup, pdf); the modules here only read requests and show results:
`security` (who may do what), `reports`, `documents` (check, import), `batches`.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask, Response, abort, send_file

from report_drafter.errors import UserError
from report_drafter.web import accounts, batches, documents, reports, security
from report_drafter.web.site import Site

MAX_UPLOAD = 20 * 1024 * 1024  # bytes per request


def create_app(folder, *, require_login: bool | None = None, work_slots: int | None = None) -> Flask:
    """The app over `folder`; accounts are required when `require_login` (default: when the
    folder has any)."""
    root = Path(os.path.realpath(folder))
    if not root.is_dir():
        raise UserError(f"{folder}: không phải thư mục")
    users = accounts.load(root)
    login = bool(users) if require_login is None else require_login
    if login and not users:
        raise UserError(
            "chưa có tài khoản nào: hãy tạo bằng  report-drafter users add TÊN  "
            "(chạy trong thư mục đang phục vụ, hoặc với --folder)"
        )

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="report_drafter_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=security.SESSION_HOURS),
    )
    app.json.ensure_ascii = False
    site = Site(root, login, work_slots)
    app.extensions["report_drafter"] = {"root": root, "work": site.work, "login": login}
    for part in (security, reports, documents, batches):
        part.register(app, site)

    @app.get("/healthz")
    def healthz():
        return Response("ok", mimetype="text/plain")

    @app.get("/favicon.ico")
    def favicon():
        return Response(status=204)

    @app.get("/files/<token>/<name>")
    def download(token, name):
        """A preview page or a result kept for download (its unguessable token names it)."""
        found = site.work.find(token, name)
        if found is None:
            abort(404)
        return send_file(found, as_attachment=not name.endswith((".png", ".pdf")), download_name=name)

    return app
