"""A planted or changed row in the index changes no output: every row carries a MAC under this
user's key, and one that fails it is derived again from the file (issue 15)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

import ssvssj.store.index
from ssvssj.store.derived import pack
from ssvssj.store.index import index_path
from ssvssj.store.store import load_workspace
from tests.conftest import Cli

ASKS = [
    ("case", "list"),
    ("case", "list", "--json"),
    ("case", "show", "20261104-m2pq"),
    ("check",),
    ("journey", "show"),
    ("journey", "export", "--format", "dot"),
    ("report", "case", "20261104-m2pq"),
]


def planted_case(body: str) -> str:
    """A case's data, or its row in a listing, with another title and severity."""
    data = json.loads(body)
    if isinstance(data, dict) and "title" in data:
        data["title"] = "PLANTED"
        if isinstance(data.get("severity"), int):
            data["severity"] = 99
        if isinstance(data.get("spot"), dict):
            data["spot"]["severity"] = 1
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def plant_outcomes(db: sqlite3.Connection) -> None:
    for rowid, body in db.execute("SELECT rowid, body FROM outcomes").fetchall():
        db.execute("UPDATE outcomes SET body = ? WHERE rowid = ?", (planted_case(body), rowid))


def plant_documents(db: sqlite3.Connection) -> None:
    for rowid, body in db.execute("SELECT rowid, body FROM documents").fetchall():
        db.execute("UPDATE documents SET body = ? WHERE rowid = ?", (planted_case(body), rowid))


def plant_facts(db: sqlite3.Connection) -> None:
    """Every case updated long ago and without a cause: other findings, if believed."""
    for rowid, body in db.execute("SELECT rowid, body FROM facts").fetchall():
        data = json.loads(body)
        data[1], data[3] = "2000-01-01", []
        db.execute("UPDATE facts SET body = ? WHERE rowid = ?", (json.dumps(data), rowid))


def plant_derived(db: sqlite3.Connection) -> None:
    """Every kept result replaced by another that holds together as a result."""
    for key, _ in db.execute("SELECT key, body FROM derived").fetchall():
        db.execute("UPDATE derived SET body = ? WHERE key = ?", (pack(key, b"PLANTED\n", []), key))


PLANTERS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "outcomes": plant_outcomes,
    "documents": plant_documents,
    "facts": plant_facts,
    "derived": plant_derived,
}


@pytest.mark.parametrize("table", sorted(PLANTERS))
def test_planted_rows_change_no_output(
    example: Path, monkeypatch: pytest.MonkeyPatch, table: str
) -> None:
    monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 0)
    cli = Cli(example)

    def told() -> dict[tuple[str, ...], str]:
        """Every answer, and the full cases a loader reads (the only reader of documents)."""
        answers = {args: cli(*args).stdout for args in ASKS}
        cases = load_workspace(example).cases
        return {**answers, ("cases",): "\n".join(case.model_dump_json() for case in cases)}

    expected = told()
    assert told() == expected  # now from the index
    with sqlite3.connect(index_path(example)) as db:
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
        PLANTERS[table](db)
        if table != "derived":  # so that every output is made again from the planted rows
            db.execute("DELETE FROM derived")
    for _ in range(2):
        assert told() == expected


def test_a_planted_hint_brings_back_no_old_bytes(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hint that says a file holds the bytes it held before (whose outcome the index still
    has) is not believed: the file is hashed again."""
    monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 0)
    cli = Cli(example)
    expected = {args: cli(*args).stdout for args in ASKS}
    rel = "cases/20261104-m2pq.yaml"
    case = example / rel
    original = case.read_bytes()
    case.write_bytes(original.replace(b"severity: 4", b"severity: 1", 1))
    cli("case", "list")
    with sqlite3.connect(index_path(example)) as db:
        (body,) = db.execute("SELECT body FROM snapshots WHERE name = 'hints'").fetchone()
    snapshot = json.loads(body)
    case.write_bytes(original)
    snapshot[rel] = [*ssvssj.store.index.stat_of(case.stat()), snapshot[rel][5]]
    with sqlite3.connect(index_path(example)) as db:
        db.execute("UPDATE snapshots SET body = ? WHERE name = 'hints'", (json.dumps(snapshot),))
        db.execute("DELETE FROM derived")
    for args, output in expected.items():
        assert cli(*args).stdout == output, args


def test_the_key_is_private_and_one_not_private_is_replaced(example: Path) -> None:
    cli = Cli(example)
    expected = cli("case", "list", "--json").stdout
    key = index_path(example).parent / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    first = key.read_bytes()
    assert len(first) == ssvssj.store.index.KEY_BYTES
    os.chmod(key, 0o644)
    assert cli("case", "list", "--json").stdout == expected
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_bytes() != first
