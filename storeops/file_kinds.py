"""What kind of file a path is, checked before anything opens it.

storeops reads and writes regular files only. A named pipe (FIFO) would make a read wait for
ever, a device such as ``/dev/zero`` never ends, a socket cannot be read and a folder is not a
file: each is refused with a message that says what the path is, before it is opened. Part of
the storage layer (with :mod:`storeops.storage` and :mod:`storeops.backups`, the only modules
that touch files).

The refusals are :class:`OSError`\\ s, so every reader that already reports a file it cannot
read (a data file set aside, a template or an import that cannot be read) reports these the
same way, with their ``strerror`` as the reason.

Symbolic links are followed for reading (a data folder whose ``runs/`` is a link reads the
files it points to). An output named by the user (``export -o``) that is a link is followed
too: the file it points to is written, and the caller says so (:func:`output_target`).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from storeops.i18n import t

# Never block on open: if a FIFO is swapped in between the check and the open, the open
# returns at once and the check on the open descriptor refuses it.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class NotRegularFile(OSError):
    """``path`` is a folder, a FIFO, a device or a socket, not a regular file."""

    def __init__(self, path: Path | str, mode: int) -> None:
        code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
        super().__init__(code, t("file.not_regular", kind=kind_name(mode)), str(path))
        self.mode = mode


class FileTooLarge(OSError):
    """``path`` is larger than a reader allows."""

    def __init__(self, path: Path | str, size: int, limit: int) -> None:
        message = t("file.too_large", size=megabytes(size), limit=megabytes(limit))
        super().__init__(errno.EFBIG, message, str(path))
        self.size, self.limit = size, limit


class DanglingLink(OSError):
    """``path`` is a symbolic link to something that does not exist."""

    def __init__(self, path: Path | str, target: Path | str) -> None:
        super().__init__(errno.ENOENT, t("file.dangling_link", target=target), str(path))


def megabytes(size: int) -> str:
    """``size`` bytes in MB for a message, rounded up to 0.1 MB: ``"20"``, ``"20.1"`` (so a
    file just over a limit never reads as the limit itself)."""
    return f"{-(-size // 100_000) / 10:.1f}".removesuffix(".0")


def kind_name(mode: int) -> str:
    """What a file of this ``st_mode`` is, for a message ("a named pipe (FIFO)")."""
    if stat.S_ISDIR(mode):
        return t("file.kind.folder")
    if stat.S_ISFIFO(mode):
        return t("file.kind.fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return t("file.kind.device")
    if stat.S_ISSOCK(mode):
        return t("file.kind.socket")
    return t("file.kind.other")


def check_regular(path: Path | str) -> os.stat_result:
    """The ``os.stat`` of ``path`` (links followed) if it is a regular file.

    Raises :class:`FileNotFoundError` when nothing is there, :class:`DanglingLink` for a link
    to nothing, :class:`NotRegularFile` for anything but a regular file; never opens it.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise DanglingLink(path, os.path.realpath(path)) from None
        raise
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(path, info.st_mode)
    return info


def open_regular(path: Path | str) -> int:
    """A read-only descriptor of ``path``, which is checked to be a regular file before it is
    opened (so a FIFO never blocks) and again once open (it cannot have been swapped)."""
    check_regular(path)
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, info.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path``; :class:`FileTooLarge` if it holds more than
    ``limit`` bytes (checked before reading, and while reading if it grows meanwhile)."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as file:
        if limit is None:
            return file.read()
        size = os.fstat(fd).st_size
        if size > limit:
            raise FileTooLarge(path, size, limit)
        data = file.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(path, len(data), limit)
    return data


def output_target(path: Path) -> Path:
    """The file to write when the user names ``path`` as an output (``export -o``).

    ``path`` itself, or, when ``path`` is a symbolic link, the file it points to (written in
    place of the link's target, the link kept; the caller tells the user). A link to nothing
    is refused (as ``cp`` refuses one), and so is anything that exists but is not a regular
    file: a folder, a FIFO, a device, a socket.
    """
    target = path
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return path
    if stat.S_ISLNK(link.st_mode):
        target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if target != path:
            raise DanglingLink(path, target) from None
        return path
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(target, info.st_mode)
    return target
