"""The workspace index: what ssvssj derived from each file, kept in the user's cache folder.

Speed only, never a source of truth:

- It lives outside the workspace (XDG_CACHE_HOME, else the platform's cache folder), in one
  SQLite file per workspace real path: a workspace that arrives as a tar, a zip or a clone
  brings no cache with it, and nothing in the workspace is ever read as cached data.
- What is derived from a file is keyed by a blake2b hash of the file's bytes. A file's device,
  inode, size, mtime and ctime only say that these bytes were hashed before; no program can set
  a ctime back, so a file rewritten with its old size and mtime is hashed again. Such a hint is
  kept only for a file last changed well before it was read (a change within the clock's
  granularity would otherwise go unseen).
- Every row carries a MAC (keyed blake2b) over its table, its keys and its body, under a random
  key of this user's kept in a 0600 file beside the databases (made on first use): a row that
  was planted or changed in the database fails it, is ignored and is derived again from the
  file. The stat hints of all the workspace's files are one JSON snapshot under one MAC (over
  the workspace's real path too), so a warm command verifies one value, not one per file.
- Only JSON text is stored, never pickle. A value that does not decode, or is too large or too
  deep, is a miss. A database that cannot be read is removed and built again; a cache folder
  that cannot be written leaves every command working without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ssvssj import __version__

INDEX_FORMAT = 4
KEY_BYTES = 32
DIGEST_CHARS = 40  # a digest's hex characters
MAX_VALUE_BYTES = 8 * 1024 * 1024
MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024  # about 140 bytes a file: room for a million files
SETTLED_NS = 2_000_000_000
KEEP_DERIVED = 64
KEEP_PARTS = 4096
KEEP_PART_TEXT = 256 * 1024 * 1024  # characters of the kept parts' bodies
FLUSH_ROWS = 2000
# After another ssvssj was found holding the index's write lock (waited for a second), this
# process writes nothing to that index for so long: what it learns is learned again later.
SKIP_WRITES_WHEN_BUSY = 5.0

_NONE = b"\x00" + bytes(8)  # a field that is None: a marker and a length of 0
Outcome = tuple[str | None, str]  # a valid case's id (None for problems), and its JSON
Stat = tuple[int, int, int, int, int]  # a file's device, inode, size, mtime and ctime (ns)
# A file's stat as the snapshot keeps it, followed by the digest of its bytes.
Hint = list[Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
    name TEXT PRIMARY KEY, body TEXT NOT NULL, mac TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outcomes (
    context TEXT NOT NULL, rel TEXT NOT NULL, digest TEXT NOT NULL, case_id TEXT,
    body TEXT NOT NULL, mac TEXT NOT NULL, PRIMARY KEY (context, rel, digest));
CREATE TABLE IF NOT EXISTS documents (
    digest TEXT PRIMARY KEY, body TEXT NOT NULL, mac TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (
    context TEXT NOT NULL, rel TEXT NOT NULL, digest TEXT NOT NULL, body TEXT NOT NULL,
    mac TEXT NOT NULL, PRIMARY KEY (context, rel, digest));
CREATE TABLE IF NOT EXISTS leans (
    context TEXT NOT NULL, rel TEXT NOT NULL, digest TEXT NOT NULL, body TEXT NOT NULL,
    mac TEXT NOT NULL, PRIMARY KEY (context, rel, digest));
CREATE TABLE IF NOT EXISTS derived (
    key TEXT PRIMARY KEY, body BLOB NOT NULL, used INTEGER NOT NULL, mac TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS parts (
    key TEXT PRIMARY KEY, body TEXT NOT NULL, used INTEGER NOT NULL, mac TEXT NOT NULL);
"""
# "hints" held one row a file before the snapshot: an index of that format drops it too.
_TABLES = (
    "meta",
    "hints",
    "snapshots",
    "outcomes",
    "documents",
    "facts",
    "leans",
    "derived",
    "parts",
)


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def cache_home() -> Path:
    """XDG_CACHE_HOME when it names an absolute folder, else the platform's cache folder."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        base = Path(xdg)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path.home() / ".cache"
    return base / "ssvssj"


def index_path(root: Path) -> Path:
    real = os.path.realpath(root)
    name = hashlib.blake2b(os.fsencode(real), digest_size=16).hexdigest()
    return cache_home() / "workspaces" / f"{name}.sqlite3"


def user_key() -> bytes:
    """This user's random key for the index's MACs, from a 0600 file beside the databases,
    made on first use. A key file that is short, a link or readable by others is replaced (every
    row under the old key then fails its MAC and is derived again)."""
    path = cache_home() / "workspaces" / "key"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
        try:
            info = os.fstat(descriptor)
            key = os.read(descriptor, KEY_BYTES + 1)
        finally:
            os.close(descriptor)
        private = sys.platform == "win32" or (
            info.st_mode & 0o077 == 0 and info.st_uid == os.getuid()
        )
        if len(key) == KEY_BYTES and private:
            return key
    except OSError:
        pass
    key = os.urandom(KEY_BYTES)
    fresh = path.with_name(f"key.{os.getpid()}.tmp")
    descriptor = os.open(
        fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600
    )
    try:
        os.write(descriptor, key)
    finally:
        os.close(descriptor)
    os.replace(fresh, path)
    return key


def tool_fingerprint() -> str:
    """The version and the code that derives data: a changed module or packaged template makes
    a new cache (the templates sit beside the package in a source checkout)."""
    package = Path(__file__).resolve().parent.parent
    parts = [__version__]
    checkout = (package.parent / "pyproject.toml").is_file()
    for top in (package, *([package.parent / "templates"] if checkout else [])):
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
            for name in sorted(names):
                if name.endswith((".py", ".j2", ".json", ".yaml")):
                    info = os.stat(os.path.join(folder, name))
                    parts.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return digest("\n".join(parts).encode("utf-8", "surrogateescape"))


def stat_hint(path: str, now: int) -> tuple[Stat, bool] | None:
    """The file's identity and times, and whether they are old enough to be relied on."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return stat_of(info), settled(info, now)


def stat_of(info: os.stat_result) -> Stat:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def settled(info: os.stat_result, now: int) -> bool:
    """Whether the file was last changed well before `now`: a change within the clock's
    granularity could leave the same stat behind, so a newer file's stat vouches for nothing."""
    return max(info.st_mtime_ns, info.st_ctime_ns) < now - SETTLED_NS


def decode(body: str | bytes | None) -> Any:
    """JSON from the index, or None for anything too large, too deep or not JSON."""
    if body is None or len(body) > MAX_VALUE_BYTES:
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError, MemoryError):
        return None


def decode_snapshot(body: str) -> Any:
    """The snapshot's JSON (verified before: only its size bounds it)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError, MemoryError):
        return None


# Made once: `json.dumps` with options makes an encoder for every call, and a first run
# encodes several values for every file.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode(value: Any) -> str:
    return _ENCODER.encode(value)


class Index:
    """One workspace's index. Every method is safe to call when the index is unavailable."""

    def __init__(self, root: Path) -> None:
        self.path = index_path(root)
        self.root = os.path.realpath(root)
        self.db: sqlite3.Connection | None = None
        self.tool = tool_fingerprint()
        self.key = b""
        self._macs: dict[str, Any] = {}  # each table's MAC with the key and the table fed in
        self._learned: dict[str, Hint] = {}  # stat hints of this run, for the snapshot
        self._snapshot: tuple[str, dict[str, Hint]] | None = None  # as read: its MAC, its hints
        self._outcomes: list[tuple[str, str, str, str | None, str, str]] = []
        self._documents: list[tuple[str, str, str]] = []
        self._facts: list[tuple[str, str, str, str, str]] = []
        self._leans: list[tuple[str, str, str, str, str]] = []
        self._dropped: set[str] = set()  # digests of outcomes replaced or forgotten this run
        self._wrote_outcomes = False
        for _ in range(2):  # a broken database is removed, then made again once
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.key = user_key()
                self._open()
                return
            except sqlite3.OperationalError as error:
                self.close()
                if _busy(error):
                    return
                self._drop()
            except (OSError, sqlite3.Error):
                self._drop()

    def forked(self) -> Index:
        """This index for a forked worker: its own connection to the same database (one made
        before the fork is the parent's), to write the rows the worker learns itself."""
        twin = Index.__new__(Index)
        twin.__dict__.update(self.__dict__)
        twin.db = None
        twin._macs = {}
        twin._learned, twin._snapshot = {}, None
        twin._outcomes, twin._documents, twin._facts, twin._leans = [], [], [], []
        twin._dropped, twin._wrote_outcomes = set(), False
        if self.db is not None:
            try:
                twin.db = self._connect()
            except sqlite3.Error:
                twin.close()
        return twin

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=1.0, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _open(self) -> None:
        self.db = self._connect()
        self.db.executescript(_SCHEMA)
        meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        wanted = {"format": str(INDEX_FORMAT), "tool": self.tool, "root": self.root}
        if meta != wanted:
            self.db.execute("BEGIN IMMEDIATE")
            for table in _TABLES:  # made again: an index of another format has other columns
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _SCHEMA.split(";"):
                self.db.execute(statement)
            self.db.executemany("INSERT INTO meta VALUES (?, ?)", wanted.items())
            self.db.execute("COMMIT")

    def _mac(self, table: str, *parts: str | bytes | None) -> str:
        """The MAC of a row: its table and every field but the MAC, each told apart from the
        next by its length (and None from the empty text). The fields go to the hash in one
        piece: a warm command verifies a row for every file."""
        mac = self._macs.get(table)
        if mac is None:
            mac = hashlib.blake2b(key=self.key, digest_size=20, person=b"ssvssj-index")
            mac.update(table.encode())
            self._macs[table] = mac
        mac = mac.copy()
        framed: list[bytes] = []
        for part in parts:
            if part is None:
                framed.append(_NONE)
                continue
            raw = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
            framed.append(b"\x01" + len(raw).to_bytes(8, "big"))
            framed.append(raw)
        mac.update(b"".join(framed))
        return mac.hexdigest()

    def seal(self, table: str, *parts: str | None) -> str:
        """The MAC a row of `table` with these fields gets: a worker forked with this index
        seals the rows it made, and the writer passes the MAC on."""
        return self._mac(table, *parts)

    def _true(self, table: str, mac: object, *parts: Any) -> bool:
        """Whether a row read back holds what this user wrote (a planted one does not)."""
        if type(mac) is not str:
            return False
        for part in parts:
            if not (part is None or isinstance(part, (str, bytes))):
                return False
        return hmac.compare_digest(mac, self._mac(table, *parts))

    def _guard(self, action: Any, *args: Any) -> Any:
        """Run a database action; a busy database is skipped this time, a broken one removed."""
        if self.db is None:
            return None
        try:
            return action(*args)
        except sqlite3.OperationalError as error:
            if _busy(error):
                _busy_until[self.path] = time.monotonic() + SKIP_WRITES_WHEN_BUSY
                return None
            self._drop()
        except (sqlite3.Error, ValueError):
            self._drop()
        return None

    def _write(self, action: Any, *args: Any) -> Any:
        """A database action that writes: skipped at once while another ssvssj was found
        writing a moment ago, rather than waiting for the lock again for each write."""
        if time.monotonic() < _busy_until.get(self.path, 0.0):
            return None
        return self._guard(action, *args)

    def _drop(self) -> None:
        self.close()
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    def forget(self) -> None:
        """Something in the index did not decode: remove it, to be built again."""
        self._drop()

    @property
    def available(self) -> bool:
        return self.db is not None

    def close(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            self.db = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # hints: which bytes each file held when it looked like this, as one snapshot

    def hints(self) -> dict[str, Hint]:
        """Every file's last stat and digest, by its workspace-relative path: `[device, inode,
        size, mtime, ctime, digest]`. Empty where the snapshot is missing, planted, damaged,
        made for another workspace or under another key."""
        return self._guard(self._read_snapshot) or {}

    def _read_snapshot(self) -> dict[str, Hint] | None:
        assert self.db is not None
        row = self.db.execute(
            "SELECT body, mac FROM snapshots WHERE name = 'hints' AND length(body) <= ?",
            (MAX_SNAPSHOT_BYTES,),
        ).fetchone()
        if row is None or not isinstance(row[0], str):
            return None
        body, mac = row
        if not (isinstance(mac, str) and hmac.compare_digest(mac, self._snapshot_mac(body))):
            return None
        value = decode_snapshot(body)
        if not isinstance(value, dict):
            return None
        self._snapshot = mac, value
        return value

    def _snapshot_mac(self, body: str) -> str:
        """The snapshot's MAC, over the index's format and the workspace's real path too: a
        snapshot moved from another workspace's index is not this one's."""
        return self._mac("snapshots", str(INDEX_FORMAT), self.root, body)

    def hint(self, rel: str, stat: Stat, found: str) -> None:
        self._learned[rel] = [*stat, found]

    # kept: one value made from many files, under its name and a hash of all it was made from

    def kept(self, name: str, inputs: str = "") -> Any:
        """The value kept under `name` when it was made from `inputs` (a hash of everything it
        depends on; any inputs where not given), verified as a whole under one MAC; None for
        any other. A value kept under any inputs holds them (`keep`'s caller puts them in)."""

        def read() -> Any:
            assert self.db is not None
            row = self.db.execute(
                "SELECT body, mac FROM snapshots WHERE name = ? AND length(body) <= ?",
                (f"kept:{name}", MAX_SNAPSHOT_BYTES),
            ).fetchone()
            if row is None or not isinstance(row[0], str) or not row[0].startswith(inputs):
                return None
            body, mac = row
            if not (isinstance(mac, str) and hmac.compare_digest(mac, self._kept_mac(name, body))):
                return None
            return decode_snapshot(body[len(inputs) if inputs else DIGEST_CHARS :])

        return self._guard(read)

    def keep(self, name: str, inputs: str, value: Any) -> None:
        """Keep `value` under `name`, in place of what was kept there, as made from `inputs`."""
        body = inputs + encode(value)

        def write() -> None:
            assert self.db is not None
            self.db.execute(
                "INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)",
                (f"kept:{name}", body, self._kept_mac(name, body)),
            )

        if len(body) <= MAX_SNAPSHOT_BYTES:
            self._write(write)

    def _kept_mac(self, name: str, body: str) -> str:
        return self._mac("kept", str(INDEX_FORMAT), self.root, name, body)

    # outcomes: what checking a file's bytes gave, under one context (tool, language, vocabulary)

    def outcomes(self, context: str, problems_only: bool = False) -> dict[tuple[str, str], Outcome]:
        """The outcomes under `context`; with `problems_only`, only those that are problems
        (files that are no valid case, and the settings), for a caller that learns the valid
        cases from their facts."""

        def read() -> dict[tuple[str, str], Outcome]:
            assert self.db is not None
            rows = self.db.execute(
                "SELECT rel, digest, case_id, body, mac FROM outcomes "
                "WHERE context = ? AND length(body) <= ?"
                + (" AND case_id IS NULL" if problems_only else ""),
                (context, MAX_VALUE_BYTES),
            )
            return {
                (rel, found): (case_id, body)
                for rel, found, case_id, body, mac in rows
                if isinstance(body, str)
                and self._true("outcomes", mac, context, rel, found, case_id, body)
            }

        return self._guard(read) or {}

    def outcomes_of(
        self, context: str, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], Outcome]:
        """The outcomes under `context` of these (path, digest) keys, looked up one by one:
        for a few files, where reading every outcome would verify a row a file."""
        found = self._looked_up("outcomes", ("case_id", "body"), context, keys)
        return {key: (case_id, body) for key, (case_id, body) in found.items()}

    def _looked_up(
        self, table: str, fields: tuple[str, ...], context: str, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[Any, ...]]:
        """The `fields` of the rows of `table` under `context` for a few (path, digest) keys,
        each row verified alone; the last field is the row's body."""

        def read() -> dict[tuple[str, str], tuple[Any, ...]]:
            assert self.db is not None
            found = {}
            query = (
                f"SELECT {', '.join(fields)}, mac FROM {table} WHERE context = ? AND rel = ? "
                "AND digest = ? AND length(body) <= ?"
            )
            for rel, digest_ in keys:
                row = self.db.execute(query, (context, rel, digest_, MAX_VALUE_BYTES)).fetchone()
                if (
                    row is not None
                    and isinstance(row[-2], str)
                    and self._true(table, row[-1], context, rel, digest_, *row[:-1])
                ):
                    found[(rel, digest_)] = row[:-1]
            return found

        return self._guard(read) or {}

    def outcome(
        self, context: str, rel: str, found: str, outcome: Outcome, mac: str | None = None
    ) -> None:
        """Learn an outcome; `mac` where it was sealed already (see `seal`)."""
        mac = mac or self._mac("outcomes", context, rel, found, *outcome)
        self._outcomes.append((context, rel, found, *outcome, mac))
        self._flush_when_full()

    # facts: what the method rules need of a valid case, under the same keys as its outcome

    def facts(self, context: str) -> dict[tuple[str, str], str]:
        def read() -> dict[tuple[str, str], str]:
            assert self.db is not None
            rows = self.db.execute(
                "SELECT rel, digest, body, mac FROM facts WHERE context = ? AND length(body) <= ?",
                (context, MAX_VALUE_BYTES),
            )
            return {
                (rel, found): body
                for rel, found, body, mac in rows
                if isinstance(body, str) and self._true("facts", mac, context, rel, found, body)
            }

        return self._guard(read) or {}

    def facts_of(self, context: str, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The facts under `context` of a few files, by their paths and digests."""
        found = self._looked_up("facts", ("body",), context, keys)
        return {key: body for key, (body,) in found.items()}

    def fact(self, context: str, rel: str, found: str, body: str, mac: str | None = None) -> None:
        mac = mac or self._mac("facts", context, rel, found, body)
        self._facts.append((context, rel, found, body, mac))
        self._flush_when_full()

    # leans: what a journey reads of a valid case (journey/lean.py), under its outcome's keys

    def lean_count(self, context: str) -> int:
        """How many lean cases the index holds under `context` (none where it is unavailable)."""

        def read() -> int:
            assert self.db is not None
            row = self.db.execute("SELECT count(*) FROM leans WHERE context = ?", (context,))
            return int(row.fetchone()[0])

        return self._guard(read) or 0

    def leans(
        self, context: str, only: list[tuple[str, str]] | None = None
    ) -> Iterator[tuple[str, str, str]]:
        """The lean cases under `context` that hold what this user wrote (`only` those of
        these files' (rel, digest) where given), one at a time: all of them at once would be
        about as large as the cases themselves."""
        if self.db is None:
            return
        query = "SELECT rel, digest, body, mac FROM leans WHERE context = ? AND length(body) <= ?"
        try:
            rows: Iterable[Any] = (
                self.db.execute(query, (context, MAX_VALUE_BYTES))
                if only is None
                else (
                    row
                    for rel, found in only
                    for row in self.db.execute(
                        query + " AND rel = ? AND digest = ?",
                        (context, MAX_VALUE_BYTES, rel, found),
                    )
                )
            )
            for rel, found, body, mac in rows:
                if isinstance(body, str) and self._true("leans", mac, context, rel, found, body):
                    yield rel, found, body
        except sqlite3.OperationalError as error:
            if not _busy(error):
                self._drop()
        except (sqlite3.Error, ValueError):
            self._drop()

    def lean_keys(self, context: str) -> set[tuple[str, str]]:
        """The (rel, digest) of every lean case under `context`, read from the table's key
        alone: which lean rows are there, not what they hold (each is verified when read)."""

        def read() -> set[tuple[str, str]]:
            assert self.db is not None
            rows = self.db.execute("SELECT rel, digest FROM leans WHERE context = ?", (context,))
            return set(rows)

        return self._guard(read) or set()

    def lean(self, context: str, rel: str, found: str, body: str, mac: str | None = None) -> None:
        mac = mac or self._mac("leans", context, rel, found, body)
        self._leans.append((context, rel, found, body, mac))
        self._flush_when_full()

    # documents: a valid case's data as JSON, keyed by its file's digest

    def documents(self, digests: Iterable[str]) -> Iterator[tuple[str, str]]:
        wanted = list(digests)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]

            def read(chunk: list[str] = chunk) -> list[tuple[str, str]]:
                assert self.db is not None
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(
                    f"SELECT digest, body, mac FROM documents WHERE digest IN ({marks}) "
                    "AND length(body) <= ?",
                    (*chunk, MAX_VALUE_BYTES),
                )
                return [
                    (found, body)
                    for found, body, mac in rows
                    if isinstance(body, str) and self._true("documents", mac, found, body)
                ]

            yield from self._guard(read) or []

    def document(self, found: str, body: str, mac: str | None = None) -> None:
        self._documents.append((found, body, mac or self._mac("documents", found, body)))
        self._flush_when_full()

    # derived: results computed from many files, keyed by a hash of everything they depend on

    def derived(self, key: str) -> bytes | None:
        def read() -> bytes | None:
            assert self.db is not None
            row = self.db.execute(
                "SELECT body, mac FROM derived WHERE key = ? AND length(body) <= ?",
                (key, MAX_VALUE_BYTES * 4),
            ).fetchone()
            if row is None or not isinstance(row[0], bytes):
                return None
            return row[0] if self._true("derived", row[1], key, row[0]) else None

        return self._guard(read)

    def remember(self, key: str, body: bytes) -> None:
        def write() -> None:
            assert self.db is not None
            with self.db:
                self.db.execute(
                    "INSERT OR REPLACE INTO derived VALUES (?, ?, ?, ?)",
                    (key, body, time.time_ns(), self._mac("derived", key, body)),
                )
                self.db.execute(
                    "DELETE FROM derived WHERE key NOT IN "
                    "(SELECT key FROM derived ORDER BY used DESC LIMIT ?)",
                    (KEEP_DERIVED,),
                )

        self._write(write)

    def touch(self, key: str) -> None:
        """Count a kept result as used now: the results used longest ago make room first."""

        def write() -> None:
            assert self.db is not None
            self.db.execute("UPDATE derived SET used = ? WHERE key = ?", (time.time_ns(), key))

        self._write(write)

    # parts: what a rendering shows of one touchpoint's cases, keyed by a hash of what it is
    # made from (store/parts.py)

    def parts(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The parts kept under `keys` that hold what this user wrote, as the UTF-8 bytes of
        their text: verified and decoded as they are stored, not made text and bytes again
        (a part of a blueprint of 100,000 cases is megabytes)."""

        def read() -> dict[str, bytes]:
            assert self.db is not None
            found: dict[str, bytes] = {}
            wanted = list(keys)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = self.db.execute(
                    "SELECT key, CAST(body AS BLOB), mac, typeof(body) FROM parts"
                    f" WHERE key IN ({','.join('?' * len(chunk))}) AND length(body) <= ?",
                    (*chunk, MAX_VALUE_BYTES),
                )
                found.update(
                    (key, body)
                    for key, body, mac, stored in rows
                    if stored == "text"
                    and isinstance(body, bytes)
                    and self._true("parts", mac, key, body)
                )
            return found

        return self._guard(read) or {}

    def keep_parts(self, made: dict[str, str], used: Iterable[str]) -> None:
        """Keep the parts this run made, count the ones it used as used now, and let go of
        those used longest ago beyond KEEP_PARTS rows or KEEP_PART_TEXT characters."""
        now = time.time_ns()

        def write() -> None:
            assert self.db is not None
            self.db.executemany(
                "INSERT OR REPLACE INTO parts VALUES (?, ?, ?, ?)",
                [(key, body, now, self._mac("parts", key, body)) for key, body in made.items()],
            )
            self.db.executemany("UPDATE parts SET used = ? WHERE key = ?", [(now, k) for k in used])
            self.db.execute(
                "DELETE FROM parts WHERE key IN (SELECT key FROM (SELECT key, "
                "ROW_NUMBER() OVER (ORDER BY used DESC, key) AS rank, "
                "SUM(length(body)) OVER (ORDER BY used DESC, key) AS text FROM parts) "
                "WHERE rank > ? OR text > ?)",
                (KEEP_PARTS, KEEP_PART_TEXT),
            )

        self._write(self._transaction, write)

    def save(self, context: str, gone: Iterable[str] = ()) -> None:
        """Write what this run learned under `context`, and forget the files that are `gone`."""
        gone_rows = [(rel,) for rel in gone]
        self._flush()
        if self._learned or gone_rows:
            self._write(self._transaction, lambda: self._write_snapshot(gone_rows))
        if not (self._wrote_outcomes or gone_rows):
            return

        def write() -> None:
            assert self.db is not None
            gone_keys = [(context, rel) for (rel,) in gone_rows]
            for key in gone_keys:
                self._dropped.update(
                    found
                    for (found,) in self.db.execute(
                        "SELECT digest FROM outcomes WHERE context = ? AND rel = ?", key
                    )
                )
            for table in ("outcomes", "facts", "leans"):
                self.db.executemany(f"DELETE FROM {table} WHERE context = ? AND rel = ?", gone_keys)
            other = self.db.execute(
                "SELECT 1 FROM outcomes WHERE context < ? OR context > ? LIMIT 1",
                (context, context),
            ).fetchone()
            if other is None:  # only what this run replaced or forgot can be left over
                self._release_documents()
                return
            self.db.execute("DELETE FROM outcomes WHERE context != ?", (context,))
            self.db.execute(
                "DELETE FROM documents WHERE digest NOT IN (SELECT digest FROM outcomes)"
            )
            for table in ("facts", "leans"):
                self.db.execute(
                    f"DELETE FROM {table} WHERE (context, rel, digest) NOT IN "
                    "(SELECT context, rel, digest FROM outcomes)"
                )

        self._write(self._transaction, write)
        self._wrote_outcomes = False
        self._dropped.clear()

    def _write_snapshot(self, gone_rows: list[tuple[str]]) -> None:
        """The snapshot as it is now (another command may have written it since this one read
        it), with what this run learned and without the files that are gone."""
        assert self.db is not None
        row = self.db.execute("SELECT mac FROM snapshots WHERE name = 'hints'").fetchone()
        if self._snapshot is not None and row is not None and row[0] == self._snapshot[0]:
            snapshot = self._snapshot[1]
        else:
            snapshot = self._read_snapshot() or {}
        for (rel,) in gone_rows:
            snapshot.pop(rel, None)
        snapshot.update(self._learned)
        body = json.dumps(snapshot, separators=(",", ":"))
        mac = self._snapshot_mac(body)
        self.db.execute("INSERT OR REPLACE INTO snapshots VALUES ('hints', ?, ?)", (body, mac))
        self._snapshot = mac, snapshot
        self._learned.clear()

    def _flush_when_full(self) -> None:
        """What a large first run learns goes out in batches, so that it is never all held."""
        if (
            len(self._outcomes) + len(self._documents) + len(self._facts) + len(self._leans)
            >= FLUSH_ROWS
        ):
            self._flush()

    def learned_elsewhere(self) -> None:
        """Outcomes were written for this run by others (forked workers): `save` then forgets
        what they replaced, as it does for its own."""
        self._wrote_outcomes = True

    def write_learned(self) -> bool:
        """Write the learned rows now, in one transaction, and drop the documents of the bytes
        they replaced where nothing else holds them (what `save` does for a whole run): for a
        worker, which writes what each batch of files taught it. Whether they were written."""
        return self._flush(release=True)

    def _flush(self, release: bool = False) -> bool:
        """Write the learned rows, each outcome replacing that file's outcomes (and facts and
        lean cases) of other bytes; the digests replaced are noted, for `save` to drop their
        documents where nothing else holds them (or dropped now, with `release`). Whether
        they were written."""
        if not (self._outcomes or self._documents or self._facts or self._leans):
            return True

        def write() -> None:
            assert self.db is not None
            self.db.executemany(
                "INSERT OR REPLACE INTO outcomes VALUES (?, ?, ?, ?, ?, ?)", self._outcomes
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?)", self._documents
            )
            self.db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?, ?, ?)", self._facts)
            self.db.executemany("INSERT OR REPLACE INTO leans VALUES (?, ?, ?, ?, ?)", self._leans)
            replaced = [(context, rel, found) for context, rel, found, *_ in self._outcomes]
            self._dropped.update(self._other_bytes(replaced))
            for table in ("outcomes", "facts", "leans"):
                self.db.executemany(
                    f"DELETE FROM {table} WHERE context = ? AND rel = ? AND digest != ?", replaced
                )
            if release:
                self._release_documents()

        self._wrote_outcomes = self._wrote_outcomes or bool(self._outcomes)
        written = self._write(self._transaction, write) is not None
        self._outcomes.clear()
        self._documents.clear()
        self._facts.clear()
        self._leans.clear()
        return written

    def _release_documents(self) -> None:
        """Drop the documents of the bytes replaced or forgotten where no outcome holds them."""
        assert self.db is not None
        self.db.executemany(
            "DELETE FROM documents WHERE digest = ? AND NOT EXISTS "
            "(SELECT 1 FROM outcomes WHERE digest = ?)",
            [(found, found) for found in self._dropped],
        )
        self._dropped.clear()

    def _other_bytes(self, replaced: list[tuple[str, str, str]]) -> set[str]:
        """The digests of the outcomes kept for these files' other bytes, looked up a batch of
        files at a time (a first run replaces a row for every file)."""
        assert self.db is not None
        wanted: dict[str, dict[str, str]] = {}
        for context, rel, found in replaced:
            wanted.setdefault(context, {})[rel] = found
        other: set[str] = set()
        for context, files in wanted.items():
            rels = list(files)
            for start in range(0, len(rels), 500):
                chunk = rels[start : start + 500]
                rows = self.db.execute(
                    "SELECT rel, digest FROM outcomes WHERE context = ? AND rel IN "
                    f"({','.join('?' * len(chunk))})",
                    (context, *chunk),
                )
                other.update(old for rel, old in rows if old != files[rel])
        return other

    def _transaction(self, action: Any) -> bool:
        """One transaction for many statements (the connection commits each one alone)."""
        assert self.db is not None
        self.db.execute("BEGIN IMMEDIATE")
        try:
            action()
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        return True


_busy_until: dict[Path, float] = {}  # by index file: until when its writes are skipped


def _busy(error: sqlite3.OperationalError) -> bool:
    """Another ssvssj is writing: skip the index this time rather than remove it."""
    return "locked" in str(error) or "busy" in str(error)


def open_index(root: Path, enabled: bool = True) -> Index | None:
    index = Index(root) if enabled else None
    return index if index is not None and index.available else None
