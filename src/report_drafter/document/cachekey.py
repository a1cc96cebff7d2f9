"""The key of the template cache: a per-user secret kept in the cache folder (mode 0600).

A cached template is code that every later document runs. Its checksum is an HMAC with
this secret, so that an entry written by anyone who cannot read the secret (another user,
a program planting files in a shared cache folder) is refused and rebuilt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat

from report_drafter.files import reading as safefile

SECRET_NAME = "secret.key"
SECRET_BYTES = 32


def secret(cache) -> bytes | None:
    """The secret of the cache folder `cache`, made on first use; None when no trustworthy
    one can be had (then nothing in the cache is trusted)."""
    path = os.path.join(cache, SECRET_NAME)
    for _ in range(2):
        try:
            found = _read(path)
            if found:
                return found
            os.unlink(path)  # readable by others or damaged: a new one, old entries void
        except FileNotFoundError:
            pass
        except OSError:
            return None
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:  # another run made it just now: read that one
            continue
        except OSError:
            return None
        try:
            os.write(fd, secrets.token_bytes(SECRET_BYTES))
        finally:
            os.close(fd)
    return None


def _read(path: str) -> bytes | None:
    """The secret at `path`; None when it is damaged or others may know it."""
    fd = safefile.open_fd(path)
    try:
        info = os.fstat(fd)
        if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None  # readable by others, or not ours: anyone may know it
        data = os.read(fd, SECRET_BYTES + 1)
    finally:
        os.close(fd)
    return data if len(data) == SECRET_BYTES else None


def checksum(key: bytes | None, text: str) -> str | None:
    """HMAC-SHA-256 of `text` under `key`; None without a key (matches nothing)."""
    if not key:
        return None
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
