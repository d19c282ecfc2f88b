"""Keeping a read-only command's whole answer, and giving it again while nothing changed.

The key holds everything the answer depends on: the question as parsed, the workspace and the
current folder, the tool's code and the libraries' folders, the Python, today's date, the
environment, whether each standard stream is a terminal (and its size), and the state of every
file the command reads. An answer is kept only when that state was settled before the command
started and is the same after it finished, the command ended with 0 or 1, and nothing live
(a progress bar) was shown. A kept answer carries its key and a hash of its bytes: one that
does not match is not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ssvssj import answers
from ssvssj.answers.question import Asked, asked
from ssvssj.answers.state import State, workspace_state

FORMAT = b"ssvssj answer 1\n"
KEEP = 64
MAX_ANSWER_BYTES = 64 * 1024 * 1024
# Variables a shell changes between two commands without changing what a command shows.
VOLATILE = frozenset({"_", "OLDPWD", "PWD", "SHLVL"})
# Shell completion runs through the same entry point; it is never answered from here.
COMPLETION = ("_SSVSSJ_COMPLETE", "_TYPER_COMPLETE", "COMP_WORDS", "COMP_CWORD")
STDOUT, STDERR = 1, 2
Chunk = tuple[int, bytes]


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


@dataclass
class Attempt:
    """A command line understood, in a workspace whose state is known."""

    asked: Asked
    root: str
    key: str
    state: State
    folder: Path
    started_ns: int
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.folder / self.key


def _root(explicit: str | None) -> str | None:
    from ssvssj.errors import SsvssjError
    from ssvssj.store.paths import find_root

    if explicit is None:
        explicit = os.environ.get("SSVSSJ_WORKSPACE")
        if explicit == "":
            return None
    try:
        return os.path.realpath(find_root(Path.cwd(), Path(explicit) if explicit else None))
    except (SsvssjError, OSError):
        return None


def _streams() -> list[str] | None:
    """Standard output and error as the answer depends on them; None where they cannot be
    captured (closed, or not a plain text stream)."""
    facts = []
    for number, stream in ((0, sys.stdin), (STDOUT, sys.stdout), (STDERR, sys.stderr)):
        if number and not (isinstance(stream, io.TextIOWrapper) and hasattr(stream, "buffer")):
            return None
        try:
            terminal = stream.isatty()
            size = os.get_terminal_size(number) if terminal else None
        except (OSError, ValueError):
            terminal, size = False, None
        encoding = getattr(stream, "encoding", None)
        errors = getattr(stream, "errors", None)
        facts.append(f"{number}:{terminal}:{size}:{encoding}:{errors}")
    return facts


def _installed() -> list[str]:
    """The Python and the folders its libraries live in: installing or upgrading one changes
    its folder."""
    parts = [sys.version, sys.executable]
    for folder in sys.path:
        try:
            info = os.stat(folder or ".")
        except OSError:
            continue
        parts.append(f"{folder}:{info.st_ino}:{info.st_mtime_ns}:{info.st_ctime_ns}")
    return parts


def _today() -> str:
    pinned = os.environ.get("SSVSSJ_TODAY")
    return f"pinned {pinned}" if pinned is not None else date.today().isoformat()


def _state(root: str, found: Asked) -> State | None:
    """What the command reads: `report all` its reports too, and the portfolio's timing what
    names git's HEAD."""
    options = dict(found.options)
    kind = options.get("kind")
    return workspace_state(
        root,
        reports=kind == "all",
        history=kind in ("all", "portfolio") and "--no-history" not in options,
    )


def attempt(argv: list[str]) -> Attempt | None:
    """The key of what `argv` asks in the workspace as it is now, or None where the answer is
    not one that is kept."""
    from ssvssj.store.index import cache_home, tool_fingerprint

    found = asked(argv)
    if found is None or any(name.startswith(COMPLETION) for name in os.environ):
        return None
    streams = _streams()
    root = _root(found.workspace)
    if streams is None or root is None:
        return None
    started = time.time_ns()
    state = _state(root, found)
    if state is None:
        return None
    environment = sorted(
        f"{name}={value}" for name, value in os.environ.items() if name not in VOLATILE
    )
    parts = [
        FORMAT.decode(),
        repr(found.question),
        root,
        os.getcwd(),
        tool_fingerprint(),
        *_installed(),
        _today(),
        *environment,
        *streams,
        *state.lines,
    ]
    key = _digest("\n".join(parts).encode("utf-8", "surrogateescape"))
    workspace = hashlib.blake2b(os.fsencode(root), digest_size=16).hexdigest()
    return Attempt(found, root, key, state, cache_home() / "answers" / workspace, started)


def _decode(attempt: Attempt, body: bytes) -> tuple[int, list[Chunk]] | None:
    head = FORMAT + attempt.key.encode() + b"\n"
    if not body.startswith(head):
        return None
    checksum, _, payload = body[len(head) :].partition(b"\n")
    if not payload or checksum != _digest(payload).encode():
        return None
    code, position, chunks = payload[0], 1, []
    while position < len(payload):
        number = payload[position]
        length = int.from_bytes(payload[position + 1 : position + 9], "big")
        data = payload[position + 9 : position + 9 + length]
        if number not in (STDOUT, STDERR) or len(data) != length:
            return None
        chunks.append((number, data))
        position += 9 + length
    return (code, chunks) if code in (0, 1) else None


def replay(attempt: Attempt) -> int | None:
    """Write the kept answer and give its exit code; None where there is none to trust."""
    try:
        with open(attempt.path, "rb") as file:
            body = file.read(MAX_ANSWER_BYTES + 1)
    except OSError:
        return None
    decoded = _decode(attempt, body) if len(body) <= MAX_ANSWER_BYTES else None
    if decoded is None:
        return None
    code, chunks = decoded
    with contextlib.suppress(OSError):
        os.utime(attempt.path)  # recently used: kept longest
    for number, data in chunks:
        stream = sys.stdout if number == STDOUT else sys.stderr
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
    return code


class _Tee(io.RawIOBase):
    """Bytes on their way to a standard stream, noted in order as they pass."""

    def __init__(self, original: io.TextIOWrapper, number: int, chunks: list[Chunk]) -> None:
        super().__init__()
        self._original = original
        self._number = number
        self._chunks = chunks

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        piece = bytes(data)
        self._original.buffer.write(piece)
        self._original.buffer.flush()
        if self._chunks and self._chunks[-1][0] == self._number:
            self._chunks[-1] = (self._number, self._chunks[-1][1] + piece)
        else:
            self._chunks.append((self._number, piece))
        return len(piece)

    def isatty(self) -> bool:
        return self._original.isatty()

    def fileno(self) -> int:
        return self._original.fileno()


def _through_tee(original: io.TextIOWrapper, number: int, chunks: list[Chunk]) -> io.TextIOWrapper:
    original.flush()
    return io.TextIOWrapper(
        io.BufferedWriter(_Tee(original, number, chunks)),  # type: ignore[type-var]
        encoding=original.encoding,
        errors=original.errors,
        line_buffering=original.line_buffering,
        write_through=number == STDERR,
    )


@contextlib.contextmanager
def recording(attempt: Attempt | None) -> Iterator[None]:
    """Run the command with its output noted; keep the answer where it may be given again."""
    if attempt is None:
        yield
        return
    originals = sys.stdout, sys.stderr
    assert isinstance(originals[0], io.TextIOWrapper) and isinstance(originals[1], io.TextIOWrapper)
    sys.stdout = _through_tee(originals[0], STDOUT, attempt.chunks)
    sys.stderr = _through_tee(originals[1], STDERR, attempt.chunks)
    code: int | None = None
    try:
        yield
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else None)
        raise
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        sys.stdout, sys.stderr = originals
        if code in (0, 1) and not answers.transient():
            assert code is not None
            _keep(attempt, code)


def _keep(attempt: Attempt, code: int) -> None:
    from ssvssj.store.index import SETTLED_NS

    if not attempt.state.settled(attempt.started_ns, SETTLED_NS):
        return
    size = sum(len(data) for _, data in attempt.chunks)
    if size > MAX_ANSWER_BYTES // 2:
        return
    if _state(attempt.root, attempt.asked) != attempt.state:
        return
    payload = bytes([code]) + b"".join(
        bytes([number]) + len(data).to_bytes(8, "big") + data for number, data in attempt.chunks
    )
    body = FORMAT + attempt.key.encode() + b"\n" + _digest(payload).encode() + b"\n" + payload
    temporary = attempt.folder / f".{attempt.key}.{os.getpid()}.tmp"
    try:
        attempt.folder.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(body)
        os.replace(temporary, attempt.path)
        _prune(attempt.folder)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _prune(folder: Path) -> None:
    """The most recently used answers stay; older ones go."""
    kept = []
    for entry in os.scandir(folder):
        with contextlib.suppress(OSError):
            kept.append((entry.stat().st_mtime_ns, entry.path))
    for _, path in sorted(kept, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
