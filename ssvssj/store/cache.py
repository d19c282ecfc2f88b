"""The tool-private cache under .ssvssj/cache: speed only, never trusted for correctness.

Two layers, both plain JSON (never pickle: a cloned repository may carry a planted .ssvssj/):

- parsed files: each case file's YAML data, keyed by path, size and modification time, so that
  a run over unchanged files skips libyaml. Everything is validated again on every run.
- results: the bytes a read-only command printed, keyed by the tool's version, the command and
  the size and modification time of every input file, so that asking again costs a stat per file.

A missing, corrupt or foreign cache is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from ssvssj import __version__
from ssvssj.store.files import write_atomic

CACHE_FORMAT = 2
KEEP_RESULTS = 16

Stamp = tuple[int, int]


def cache_dir(root: Path) -> Path:
    return root / ".ssvssj" / "cache"


def stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


class ParsedCache:
    """Parsed YAML data of case files, reused while a file's size and mtime are unchanged.

    One JSON line per file, `[path, size, mtime_ns]<TAB>data`, sorted by path. Only the index
    (the part before the tab) is held in memory; an entry's data is read when it is used, and a
    rewrite copies unchanged lines as they are, so memory stays flat with 100,000 cases.
    """

    def __init__(self, root: Path) -> None:
        self.path = cache_dir(root) / "parsed.jsonl"
        self.index: dict[str, tuple[int, int, int, int]] = {}
        self.stream: BinaryIO | None = None
        try:
            self.stream = self.path.open("rb")
            self._read_index(self.stream)
        except (OSError, ValueError, TypeError):
            self.index = {}
            self.close()

    def __enter__(self) -> ParsedCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read_index(self, stream: BinaryIO) -> None:
        header = json.loads(stream.readline())
        if header != {"format": CACHE_FORMAT, "tool": __version__}:
            raise ValueError("a cache of another format or version")
        offset = stream.tell()
        for line in stream:
            prefix, tab, _ = line.partition(b"\t")
            if not tab:
                raise ValueError("a broken line")
            rel, size, mtime = json.loads(prefix)
            if not (isinstance(rel, str) and isinstance(size, int) and isinstance(mtime, int)):
                raise ValueError("a broken index entry")
            self.index[rel] = (size, mtime, offset, len(line))
            offset += len(line)

    def line(self, rel: str, current: Stamp) -> bytes | None:
        """The cached line of a file whose size and mtime are still `current`."""
        entry = self.index.get(rel)
        if entry is None or entry[:2] != current or self.stream is None:
            return None
        self.stream.seek(entry[2])
        line = self.stream.read(entry[3])
        return line if line.endswith(b"\n") else None

    @staticmethod
    def data(line: bytes) -> dict[str, Any] | None:
        try:
            value = json.loads(line.partition(b"\t")[2])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    @staticmethod
    def make_line(rel: str, current: Stamp, data: dict[str, Any]) -> bytes | None:
        """A line for a file that validated as a case, or None where JSON would change its
        data (its typed fields are JSON-safe by then; only free-form `extra:` needs a look)."""
        if not _json_safe(data.get("extra")):
            return None
        prefix = json.dumps([rel, current[0], current[1]], ensure_ascii=False)
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return f"{prefix}\t{body}\n".encode()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None

    def discard(self) -> None:
        """A line turned out broken: let the next run rebuild the cache."""
        self.close()
        self.path.unlink(missing_ok=True)

    def writer(self) -> CacheWriter:
        return CacheWriter(self.path)


class CacheWriter:
    """Writes the next cache beside the old one, line by line, and swaps it in at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.stream: BinaryIO | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.stream = self.temp.open("wb")
            header = {"format": CACHE_FORMAT, "tool": __version__}
            self.stream.write(json.dumps(header).encode() + b"\n")
        except OSError:
            self.stream = None

    def add(self, line: bytes | None) -> None:
        if line is not None and self.stream is not None:
            self.stream.write(line)

    def commit(self) -> None:
        if self.stream is None:
            return
        try:
            self.stream.close()
            os.replace(self.temp, self.path)
        except OSError:
            self.temp.unlink(missing_ok=True)


def _json_safe(value: Any) -> bool:
    """Only data JSON gives back unchanged: text keys, no floats that JSON cannot spell."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_safe(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_json_safe(v) for v in value)
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    return value is None or isinstance(value, str | int | bool)


def fingerprint(root: Path, rels: Iterable[str], *extra: str) -> str:
    """A key that changes whenever an input file's size or mtime, the tool or the question does."""
    parts = [__version__, *extra]
    base = os.fspath(root)
    for rel in rels:
        try:
            info = os.stat(os.path.join(base, rel))
        except OSError:
            parts.append(f"{rel}\0-")
            continue
        parts.append(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}")
    return hashlib.sha256("\0\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def input_files(root: Path) -> list[str]:
    """Every file a journey or report depends on, as workspace-relative paths, sorted."""
    found = ["ssvssj.yaml", "touchpoints.yaml"]
    templates = root / "templates"
    for base in ("cases", "templates"):
        folder = root / base
        if base == "templates" and not templates.is_dir():
            continue
        for current, dirs, names in os.walk(folder):
            dirs.sort()
            relative = Path(current).relative_to(root).as_posix()
            found += [f"{relative}/{name}" for name in sorted(names)]
    return found


def read_result(root: Path, key: str) -> tuple[dict[str, Any], bytes] | None:
    """A remembered answer: its header (problem counts) and its bytes."""
    path = cache_dir(root) / "results" / key
    try:
        raw = path.read_bytes()
        header_line, _, body = raw.partition(b"\n")
        header = json.loads(header_line)
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("key") != key:
        return None
    return header, body


def write_result(root: Path, key: str, header: dict[str, Any], body: bytes) -> None:
    folder = cache_dir(root) / "results"
    line = json.dumps({**header, "key": key}, ensure_ascii=False).encode("utf-8")
    try:
        write_atomic(folder / key, line + b"\n" + body)
        results = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in results[KEEP_RESULTS:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
