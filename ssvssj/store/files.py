"""Atomic file writes: a kill at any moment leaves the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from ssvssj.errors import ConcurrentChange, UsageError

COMPARED_BYTES = 1 << 20


def _mode_for(path: Path) -> int:
    """The file's own permissions, or what a new file gets under the user's umask: a link the
    file replaces lends it nothing of what it points at."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode):
            return info.st_mode & 0o777
    except OSError:
        pass
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _temp_beside(path: Path, data: bytes) -> Path:
    """The data in a new file beside `path`, synced; on any failure (a full disk, a read-only
    folder) no temporary file is left, and the error names `path`, the file the person knows."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise _naming(error, path) from None
    try:
        os.fchmod(handle, _mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        if isinstance(error, OSError):
            raise _naming(error, path) from None
        raise
    return Path(name)


def _naming(error: OSError, path: Path) -> OSError:
    """The same error about `path` (a temporary name, or none, says nothing to a person)."""
    if error.filename is not None and Path(str(error.filename)) in (path, *path.parents):
        return error
    return OSError(error.errno, error.strerror or str(error), str(path))


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _refuse_special(path: Path) -> None:
    """A FIFO, device or socket at `path` is never renamed over: it would be gone for good. A
    folder is named as one (renaming over `/` would only say it is busy)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        from ssvssj.i18n import tr

        raise UsageError(
            tr(
                "{name} is not a regular file (a FIFO, device or socket); it was left as it is",
                "{name} 不是普通文件（而是 FIFO、设备或套接字），没有改动它",
                name=str(path),
            ),
            tr("name a regular file", "请指定一个普通文件"),
        )


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace `path` with `data`. With `expected`, refuse if the file no longer holds it."""
    _refuse_special(path)
    temp = _temp_beside(path, data)
    try:
        _refuse_special(path)
        if expected is not None and not _still_holds(path, expected):
            from ssvssj.i18n import tr

            raise ConcurrentChange(
                tr(
                    "{name} changed on disk since it was read (another editor or a git "
                    "pull?); nothing was written",
                    "{name} 在读取之后被改动了（另一个编辑器，或 `git pull`？）；没有写入任何内容",
                    name=path.name,
                ),
                tr(
                    "run the command again to work on the new version",
                    "请重新运行该命令，基于新的版本继续",
                ),
            )
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _sync_folder(path.parent)


def _still_holds(path: Path, expected: bytes) -> bool:
    """Whether the file still holds what was read (see `_holds`); a file gone holds nothing."""
    try:
        return _holds(path, expected)
    except FileNotFoundError:
        return False


def create_exclusive(path: Path, data: bytes) -> bool:
    """Write a new file atomically; False (and nothing written) if `path` already exists."""
    temp = _temp_beside(path, data)
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    _sync_folder(path.parent)
    return True


def write_output(path: Path, data: bytes) -> None:
    """Write what `-o` names: a regular file (or a new one) atomically and only when it changes;
    a FIFO or a character device (a terminal, a pipe someone reads) is written into, as the
    shell's `>` would, through a link too (`/dev/stdout`, `>(…)`); a link to a folder is
    refused as a folder; anything else that is not a regular file is refused, never replaced."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        mode = 0
    follow = stat.S_ISLNK(mode)
    if follow:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        write_if_changed(path, data)
        return
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NOCTTY | (0 if follow else os.O_NOFOLLOW))
    except OSError as error:
        raise _naming(error, path) from None
    if not _is_stream(descriptor):  # the link was turned to a file meanwhile: never written into
        os.close(descriptor)
        raise _naming(OSError(errno.EINVAL, os.strerror(errno.EINVAL)), path)
    try:
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
    except OSError as error:
        raise _naming(error, path) from None
    finally:
        os.close(descriptor)


def _is_stream(descriptor: int) -> bool:
    mode = os.fstat(descriptor).st_mode
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Leave an unchanged file untouched (its mtime too), so git and editors are not disturbed.
    Only a regular file is compared: a link in its place is replaced (never followed), a FIFO,
    device or socket is refused, and neither is read."""
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and info.st_size == len(data) and _holds(path, data):
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds `data`, read a piece at a time: a blueprint of 100,000 cases is
    about 100 MB, and a second copy of it in memory would be as large."""
    view = memoryview(data)
    with path.open("rb") as held:
        for start in range(0, len(data), COMPARED_BYTES):
            if held.read(COMPARED_BYTES) != view[start : start + COMPARED_BYTES]:
                return False
        return held.read(1) == b""
