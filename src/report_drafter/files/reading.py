"""Reading a file that anyone may have put there: a plain file only, never through a link,
never more than a bound.

A FIFO would block a plain `open` forever, `/dev/zero` would never end, and a link may
lead anywhere: `read_regular` opens without following a final link and without blocking,
checks what it opened, and reads at most `limit` bytes.
"""

from __future__ import annotations

import errno
import os
import stat

from report_drafter.errors import ReportDrafterError


class NotRegular(ReportDrafterError, OSError):
    """What is at the path is not a plain file (`kind` says what it is, in Vietnamese)."""

    def __init__(self, path, kind: str):
        super().__init__(errno.EINVAL, kind, os.fspath(path))
        self.kind = kind


class TooLarge(ReportDrafterError, OSError):
    """The file is larger than the reader's bound."""

    def __init__(self, path, limit: int):
        super().__init__(errno.EFBIG, f"lớn hơn {limit} byte", os.fspath(path))


def kind_of(mode: int) -> str:
    """What a file of `mode` is, in Vietnamese (`một thư mục`, `một FIFO (ống dẫn)` …)."""
    if stat.S_ISDIR(mode):
        return "một thư mục"
    if stat.S_ISLNK(mode):
        return "một liên kết (symlink)"
    if stat.S_ISFIFO(mode):
        return "một FIFO (ống dẫn)"
    if stat.S_ISSOCK(mode):
        return "một socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "một thiết bị"
    return "một tệp đặc biệt"


def open_fd(path, follow: bool = False) -> int:
    """A descriptor of the plain file at `path`, opened for reading without blocking.

    Raises FileNotFoundError, NotRegular (a link unless `follow`, a folder, FIFO, device)
    or another OSError.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
        if os.path.islink(path):  # also where O_NOFOLLOW is missing (Windows)
            raise NotRegular(path, kind_of(stat.S_IFLNK))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:  # O_NOFOLLOW met a link
            raise NotRegular(path, kind_of(stat.S_IFLNK)) from None
        if exc.errno in (errno.ENXIO, errno.EISDIR):  # a socket; a folder
            raise NotRegular(path, kind_of(os.lstat(path).st_mode)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(path, kind_of(info.st_mode))
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_regular(path, follow: bool = False):
    """`open_fd` as a binary file object (use in `with`)."""
    return os.fdopen(open_fd(path, follow), "rb")


def read_regular(path, limit: int, follow: bool = False) -> bytes:
    """The bytes of the plain file at `path`, at most `limit` of them.

    Raises FileNotFoundError, NotRegular (a link unless `follow`, a folder, FIFO, device),
    TooLarge, or another OSError. Never blocks on a FIFO, never reads a device.
    """
    fd = open_fd(path, follow)
    try:
        if os.fstat(fd).st_size > limit:
            raise TooLarge(path, limit)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise TooLarge(path, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def why_not_a_file(path) -> str:
    """Why `path` cannot be read as a plain file, in Vietnamese ("không tìm thấy tệp" only when
    nothing is there); "" when it can."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"là một liên kết (symlink) tới {os.readlink(path)}, nơi không có tệp nào"
        return "không tìm thấy tệp"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "là một liên kết (symlink) tạo thành vòng lặp"
        return f"không đọc được ({exc.strerror or exc})"
    if stat.S_ISREG(info.st_mode):
        return ""
    what = kind_of(info.st_mode)
    if os.path.islink(path):
        what = f"một liên kết (symlink) tới {os.readlink(path)}, tức {what}"
    return f"là {what}, không phải tệp; hãy đưa đường dẫn tới một tệp .docx"
