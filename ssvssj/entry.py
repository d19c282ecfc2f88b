"""The `ssvssj` command's entry point: `--version` is answered before the command line loads."""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
from typing import NoReturn

from ssvssj import __version__

EXIT_USAGE = 2
# A command lives seconds at most, and what it makes is mostly trees that live to its end
# (decoded JSON, rows, parsed cases): the collector's default pass every 700 new objects
# rescans them and frees next to nothing. A pass every 100,000 still bounds what cycles leave.
COLLECT_EVERY = 100_000


def main() -> None:
    """`--version` costs a Python start and little more; everything else goes to the typer
    application."""
    gc.set_threshold(COLLECT_EVERY)
    prepare_streams()
    try:
        if sys.argv[1:] == ["--version"]:
            print(version_text(__version__))
            sys.stdout.flush()
            return
        from ssvssj.cli import app

        app(prog_name="ssvssj")
    except BrokenPipeError:
        output_closed()


class _Closed(io.TextIOBase):
    """Standard output or input closed before the command started: a write is a broken pipe,
    a read finds the end, as if the stream had been closed while the command ran."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    def read(self, size: int | None = -1) -> str:
        return ""

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    @property
    def buffer(self) -> _ClosedBytes:
        """Where a document written as bytes goes: closed the same way."""
        return _ClosedBytes()


class _ClosedBytes(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


def prepare_streams() -> None:
    """Streams a command can always use: a closed one behaves as closed, never as None, and
    text the output's encoding cannot hold (PYTHONIOENCODING=latin-1 and Chinese) is written
    as \\u escapes with one warning instead of failing."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    if sys.stdin is None:
        sys.stdin = _Closed()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
    narrow = []
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if isinstance(stream, io.TextIOWrapper) and not _holds_chinese(encoding):
            stream.reconfigure(errors="backslashreplace")
            narrow.append(encoding)
    if narrow and sys.stderr is not None:
        from ssvssj.i18n import locale_language, pick

        sys.stderr.write(
            pick(
                "warning: the output encoding ({encoding}) cannot show Chinese; it is written "
                "as \\u escapes (set PYTHONIOENCODING=UTF-8)\n",
                "警告：输出编码（{encoding}）无法显示中文，中文以 \\u 转义写出"
                "（可设置 PYTHONIOENCODING=UTF-8）\n",
                locale_language(),
            ).format(encoding=narrow[0])
        )


def _holds_chinese(encoding: str) -> bool:
    try:
        "中文：，".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def output_closed() -> NoReturn:
    """Standard output closed early (`ssvssj case list | head -0`): say so once on stderr and
    send what is left nowhere, so that Python does not complain again on exit. Said in the
    command's language: the workspace's once it is known."""
    from ssvssj.i18n import chosen_language, pick

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        sys.stdout = _Closed()
    try:
        sys.stderr.write(
            pick(
                "error: standard output was closed before everything was written\n",
                "错误：标准输出在写完之前被关闭了\n",
                chosen_language(),
            )
        )
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    sys.exit(EXIT_USAGE)


def version_text(version: str) -> str:
    return (
        f"ssvssj {version} (YAML: {'libyaml C loader' if _has_libyaml() else 'pure-Python loader'})"
    )


def _has_libyaml() -> bool:
    """Ask where PyYAML lives without importing it: start-up must stay light."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("yaml")
    if spec is None or not spec.submodule_search_locations:
        return False
    return any(
        next(Path(folder).glob("_yaml*"), None) is not None
        for folder in spec.submodule_search_locations
    )
