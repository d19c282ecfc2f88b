"""What the tests of kept values share: outputs with an empty cache, and a kept value's row."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from ssvssj.store.index import index_path
from tests.conftest import Cli

T = TypeVar("T")


def with_empty_cache(make: Callable[[], T], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> T:
    """What `make` gives with an empty cache folder (the cache folder is then restored)."""
    before = os.environ["XDG_CACHE_HOME"]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"))
    try:
        return make()
    finally:
        monkeypatch.setenv("XDG_CACHE_HOME", before)


def fresh_output(root: Path, tmp_path: Path, *args: str) -> str:
    """A command's output in `root` with an empty cache folder of its own."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return with_empty_cache(lambda: Cli(root)(*args).stdout, tmp_path, monkeypatch)


def kept_row(root: Path, name: str) -> tuple[str, str]:
    """The body and MAC of the value kept under `name` in the snapshots table."""
    with sqlite3.connect(index_path(root)) as db:
        row = db.execute("SELECT body, mac FROM snapshots WHERE name = ?", (name,)).fetchone()
    assert row is not None
    return row


def put_row(root: Path, name: str, body: str, mac: str) -> None:
    with sqlite3.connect(index_path(root)) as db:
        db.execute("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)", (name, body, mac))
