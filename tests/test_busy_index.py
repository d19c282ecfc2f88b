"""Another ssvssj writing the index makes a command wait for its lock once, not at every
write: what the command would have written is skipped, and its answer is the same."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from ssvssj.store import index as index_module
from ssvssj.store.index import Index


class CountingConnection:
    """The index's connection, counting the statements it is given."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.statements = 0

    def execute(self, *args: Any) -> Any:
        self.statements += 1
        return self.db.execute(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


def test_writes_after_a_busy_one_are_skipped_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "_busy_until", {})
    root = tmp_path / "ws"
    root.mkdir()
    index = Index(root)
    assert index.available
    other = sqlite3.connect(index.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        index.remember("first", b"x")  # waits for the lock, then gives up
        counting = CountingConnection(index.db)  # type: ignore[arg-type]
        index.db = counting  # type: ignore[assignment]
        index.remember("second", b"y")
        index.keep("outline", "context", {"rels": []})
        assert counting.statements == 0
        assert index.derived("first") is None  # reading still works
        index.db = counting.db
    finally:
        other.execute("ROLLBACK")
        other.close()
    monkeypatch.setattr(index_module, "_busy_until", {})
    index.remember("third", b"z")
    assert index.derived("third") == b"z"
    index.close()
