"""`report-drafter serve` and `report-drafter users`: start the app with waitress; accounts."""

from __future__ import annotations

import getpass
import sys

from report_drafter.errors import UserError
from report_drafter.web import accounts

THREADS = 8


def serve(folder: str, host: str, port: int) -> int:
    """Serve `folder` until stopped; any host other than loopback needs accounts."""
    from waitress import serve as waitress_serve
    from report_drafter.web.app import create_app
    from report_drafter.web.security import is_loopback

    local = is_loopback(host)
    if not local and not accounts.load(folder):
        raise UserError(
            f"--host {host} mở ứng dụng cho cả mạng nên cần tài khoản; hãy tạo trước: "
            f"report-drafter users add TÊN --folder {folder}"
        )
    app = create_app(folder, require_login=None if local else True)
    print(
        f"Ứng dụng soạn báo cáo đang chạy: http://{'[' + host + ']' if ':' in host else host}:{port}/ "
        f"(thư mục {folder}; dừng bằng Ctrl-C)",
        flush=True,
    )
    try:
        waitress_serve(
            app,
            host=host,
            port=port,
            threads=THREADS,
            ident="report-drafter",
            max_request_body_size=app.config["MAX_CONTENT_LENGTH"] + 65536,
        )
    finally:
        app.extensions["report_drafter"]["work"].close()
    return 0


def users(action: str, name: str, folder: str, password_stdin: bool) -> int:
    """`users add NAME` (create, or set a new password), `users remove NAME`, `users list`."""
    if action == "list":
        for user in sorted(accounts.load(folder)):
            print(user)
        return 0
    if not name:
        raise UserError(f"users {action} cần tên tài khoản, ví dụ: report-drafter users {action} thu-ky")
    if action == "remove":
        if not accounts.remove(folder, name):
            raise UserError(f"không có tài khoản {name}")
        print(f"Đã xóa tài khoản {name}")
        return 0
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"Mật khẩu cho {name}: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            raise UserError("hai lần nhập mật khẩu không giống nhau")
    new = accounts.add(folder, name, password)
    print(
        f"{'Đã tạo tài khoản' if new else 'Đã đổi mật khẩu của'} {name} "
        f"(lưu trong {accounts.users_file(folder)}, mật khẩu được băm bằng scrypt)"
    )
    return 0
