"""Accounts of the web app: FOLDER/.report-drafter/users.json, passwords hashed with
werkzeug's scrypt (salted; the file never holds a password)."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from report_drafter.errors import UserError
from report_drafter.files import writing as output

FILE = Path(".report-drafter") / "users.json"
NAME = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MIN_PASSWORD = 8
_DUMMY = generate_password_hash("report-drafter-dummy")


def users_file(folder) -> Path:
    return Path(folder) / FILE


def load(folder) -> dict:
    path = users_file(folder)
    if path.is_symlink() or path.parent.is_symlink():
        raise UserError(f"{path} là một liên kết (symlink); hãy thay bằng tệp thường")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise UserError(f"không đọc được tệp tài khoản {path}: {exc}") from None
    users = data.get("users") if isinstance(data, dict) else None
    return users if isinstance(users, dict) else {}


def add(folder, name: str, password: str) -> bool:
    """Add (or change the password of) `name`; True when the account is new."""
    if not NAME.match(name):
        raise UserError(f"tên tài khoản {name!r} không hợp lệ; chỉ dùng chữ không dấu, số, dấu . _ - (tối đa 64 ký tự)")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự")
    users = load(folder)
    new = name not in users
    users[name] = {"hash": generate_password_hash(password)}
    _write(folder, users)
    return new


def remove(folder, name: str) -> bool:
    """Remove `name`; False when there is no such account. Its sessions end at their next request."""
    users = load(folder)
    if name not in users:
        return False
    del users[name]
    _write(folder, users)
    return True


def _write(folder, users: dict) -> None:
    path = users_file(folder)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    output.write_atomic(path, json.dumps({"users": users}, ensure_ascii=False, indent=2).encode())
    os.chmod(path, 0o600)


def verify(users: dict, name: str, password: str) -> bool:
    """Whether `password` is `name`'s; as slow for an unknown name as for a known one."""
    record = users.get(name)
    stored = record.get("hash") if isinstance(record, dict) else None
    if not isinstance(stored, str):
        check_password_hash(_DUMMY, password)
        return False
    return check_password_hash(stored, password)


class Throttle:
    """Failed logins per address and per account name: after `LIMIT` within `MINUTES`, the
    next tries are refused until the oldest failure is that old."""

    LIMIT = 5
    MINUTES = 10

    def __init__(self):
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> list[float]:
        since = time.monotonic() - self.MINUTES * 60
        kept = [t for t in self._failures.get(key, []) if t > since]
        if kept:
            self._failures[key] = kept
        else:
            self._failures.pop(key, None)
        return kept

    def blocked(self, address: str, name: str) -> bool:
        with self._lock:
            return any(len(self._recent(k)) >= self.LIMIT for k in (f"ip:{address}", f"user:{name}"))

    def failed(self, address: str, name: str) -> None:
        with self._lock:
            for key in (f"ip:{address}", f"user:{name}"):
                self._failures.setdefault(key, []).append(time.monotonic())

    def forget(self, address: str, name: str) -> None:
        with self._lock:
            self._failures.pop(f"ip:{address}", None)
            self._failures.pop(f"user:{name}", None)
