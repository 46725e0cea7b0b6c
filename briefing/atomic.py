"""Writing a file so that a reader never sees half of it: a temporary file, then a rename.

A symlink is written through (its target is replaced, the link stays), a character device or a
FIFO is written to directly (a rename would replace the device node), and a read-only file, a
folder, a socket or a block device is refused before anything is written.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


class TargetRefused(OSError):
    """A target that writing would damage or replace behind its owner's back; nothing written."""


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = through_links(path)
    info = check_target(target)
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        _write_stream(target, payload)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    # A plain open() keeps an existing file's mode, and gives a new one 0666 less the umask.
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    _replace(target, payload, mode)


def through_links(path: Path) -> Path:
    """The file a symlink at `path` points to (following every link), else `path` itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_target(target: Path) -> os.stat_result | None:
    """The target's stat (None if it does not exist yet); raises OSError when it cannot or
    must not be written: read-only, not a file, or in a folder that is a file or unwritable."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        _check_folder(target.parent)
        return None
    except NotADirectoryError:
        raise TargetRefused(f"{_file_above(target)} is a file, not a folder") from None
    mode = info.st_mode
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return info
    if not stat.S_ISREG(mode):
        raise TargetRefused(f"it is {_kind(mode)}, not a file")
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise TargetRefused("the file is read-only")
    _check_folder(target.parent)
    return info


def _check_folder(folder: Path) -> None:
    # Missing folders are made by write_atomic; one that exists must take a new file.
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, f"cannot create a file in {folder}: permission denied")


def _file_above(target: Path) -> Path:
    return next((p for p in target.parents if p.exists() and not p.is_dir()), target.parent)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a block device" if stat.S_ISBLK(mode) else "not a regular file"


def _write_stream(target: Path, payload: bytes) -> None:
    # Non-blocking open: a FIFO nobody reads fails at once (ENXIO) instead of waiting forever.
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO and stat.S_ISFIFO(os.stat(target).st_mode):
            raise TargetRefused("it is a named pipe (FIFO) that nothing is reading") from None
        raise
    os.set_blocking(fd, True)
    with os.fdopen(fd, "wb") as f:
        f.write(payload)


def _replace(target: Path, payload: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())  # a full disk fails here, before the rename, not after it
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
