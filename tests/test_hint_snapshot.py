"""The stat hints of a workspace's files are one JSON snapshot in the index under one MAC: a
warm command verifies one value instead of one per file. A snapshot that is planted, damaged,
signed under another key or made for another workspace is not believed (every file is read
again and no output changes), and a file changed under its old size and mtime is read again."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import ssvssj.store.index
import ssvssj.store.listing
import ssvssj.store.scan
import ssvssj.store.store
from ssvssj.store.index import Index, index_path, stat_of
from ssvssj.store.scan import survey
from ssvssj.store.store import load_workspace
from tests.conftest import Cli

REL = "cases/20261104-m2pq.yaml"
ASKS = [
    ("case", "list", "--json"),
    ("case", "show", "20261104-m2pq"),
    ("check",),
    ("journey", "export", "--format", "json"),
]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every case file read to be hashed, by the survey or by the loader."""
    seen: list[str] = []
    for module in (ssvssj.store.scan, ssvssj.store.store):
        original = module.read_file

        def counting(path: Path, rel: str, original=original):  # type: ignore[no-untyped-def]
            if rel.startswith("cases/"):
                seen.append(rel)
            return original(path, rel)

        monkeypatch.setattr(module, "read_file", counting)
    read_case_file = ssvssj.store.store.read_case_file
    plain_read = ssvssj.store.listing.read_file

    def counting_case(item, inside=None):  # type: ignore[no-untyped-def]
        seen.append(item.rel)
        with monkeypatch.context() as inner:  # read once, counted once
            inner.setattr(ssvssj.store.store, "read_file", plain_read)
            return read_case_file(item, inside)

    monkeypatch.setattr(ssvssj.store.store, "read_case_file", counting_case)
    return seen


def snapshot_row(root: Path) -> tuple[str, str]:
    with sqlite3.connect(index_path(root)) as db:
        body, mac = db.execute("SELECT body, mac FROM snapshots WHERE name = 'hints'").fetchone()
    return body, mac


def plant(root: Path, body: str, mac: str) -> None:
    """Put a snapshot in the index, and drop the kept results so every output is made again."""
    with sqlite3.connect(index_path(root)) as db:
        db.execute("UPDATE snapshots SET body = ?, mac = ? WHERE name = 'hints'", (body, mac))
        db.execute("DELETE FROM derived")


def surveyed_digests(root: Path) -> dict[str, str | None]:
    with Index(root) as index:
        found = survey(root, index)
        index.save(found.context, found.gone)
    return {entry.item.rel: entry.digest for entry in found.seen}


def test_unchanged_files_are_known_from_the_snapshot_unread(
    example: Path, settled: None, reads: list[str]
) -> None:
    first = surveyed_digests(example)
    assert len(reads) == 17
    body, _ = snapshot_row(example)
    assert set(json.loads(body)) == set(first)
    reads.clear()
    assert surveyed_digests(example) == first
    assert reads == []


def test_a_file_changed_within_the_clock_granularity_gets_no_hint(
    example: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files changed lately are hashed on every run until their stat is old enough to vouch
    for their bytes (here "lately" spans decades, so that no clock makes them old enough)."""
    monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 10**18)
    surveyed_digests(example)
    reads.clear()
    surveyed_digests(example)
    assert len(reads) == 17


def test_a_file_changed_under_the_same_size_and_mtime_is_hashed_again(
    example: Path, settled: None, reads: list[str]
) -> None:
    before = surveyed_digests(example)
    case = example / REL
    info = case.stat()
    raw = case.read_bytes()
    case.write_bytes(raw.replace(b"severity: 4", b"severity: 2", 1))
    os.utime(case, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (case.stat().st_size, case.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    reads.clear()
    after = surveyed_digests(example)
    assert reads == [REL]
    assert after[REL] != before[REL]
    assert {rel: d for rel, d in after.items() if rel != REL} == {
        rel: d for rel, d in before.items() if rel != REL
    }


def test_a_removed_file_leaves_the_snapshot(example: Path, settled: None) -> None:
    surveyed_digests(example)
    (example / REL).unlink()
    surveyed_digests(example)
    body, _ = snapshot_row(example)
    assert REL not in json.loads(body)
    assert len(json.loads(body)) == 16


@pytest.fixture
def lie(example: Path, settled: None) -> tuple[dict[tuple[str, ...], str], str]:
    """The outputs of the workspace as it is, and a snapshot that says REL holds bytes it held
    before (which the index still knows the outcome of): severity 1 where the file says 4."""
    cli = Cli(example)
    expected = {args: cli(*args).stdout for args in ASKS}
    case = example / REL
    original = case.read_bytes()
    case.write_bytes(original.replace(b"severity: 4", b"severity: 1", 1))
    cli("case", "list")
    body, _ = snapshot_row(example)
    snapshot = json.loads(body)
    case.write_bytes(original)
    snapshot[REL] = [*stat_of(case.stat()), snapshot[REL][5]]
    return expected, json.dumps(snapshot, separators=(",", ":"))


def signed_here(root: Path, body: str) -> str:
    return Index(root)._snapshot_mac(body)


def signed_under_another_key(root: Path, body: str) -> str:
    index = Index(root)
    index.key = os.urandom(ssvssj.store.index.KEY_BYTES)
    return index._snapshot_mac(body)


def test_a_snapshot_signed_here_is_believed(
    example: Path, lie: tuple[dict[tuple[str, ...], str], str]
) -> None:
    """What the other tests plant would show if it were believed: they can fail."""
    expected, body = lie
    plant(example, body, signed_here(example, body))
    shown = json.loads(Cli(example)("case", "list", "--json").stdout)["cases"]
    assert next(row for row in shown if row["id"] == "20261104-m2pq")["severity"] == 1
    assert expected[("case", "list", "--json")] != Cli(example)("case", "list", "--json").stdout


Planter = Callable[[Path, Path, str], tuple[str, str]]


def _planted(root: Path, other: Path, body: str) -> tuple[str, str]:
    """The lie under the MAC of the snapshot it replaced."""
    return body, snapshot_row(root)[1]


def _truncated(root: Path, other: Path, body: str) -> tuple[str, str]:
    return body[: len(body) // 2], signed_here(root, body)


def _foreign_key(root: Path, other: Path, body: str) -> tuple[str, str]:
    return body, signed_under_another_key(root, body)


def _another_workspace(root: Path, other: Path, body: str) -> tuple[str, str]:
    return body, signed_here(other, body)


PLANTERS: dict[str, Planter] = {
    "planted": _planted,
    "truncated": _truncated,
    "foreign-key": _foreign_key,
    "another-workspace": _another_workspace,
}


@pytest.mark.parametrize("how", sorted(PLANTERS))
def test_a_planted_damaged_or_foreign_snapshot_changes_no_output(
    example: Path,
    tmp_path: Path,
    lie: tuple[dict[tuple[str, ...], str], str],
    reads: list[str],
    how: str,
) -> None:
    expected, body = lie
    other = tmp_path / "other"
    shutil.copytree(example, other)
    plant(example, *PLANTERS[how](example, other, body))
    reads.clear()
    cli = Cli(example)
    for _ in range(2):
        for args, output in expected.items():
            assert cli(*args).stdout == output, args
    assert REL in reads
    workspace = load_workspace(example)
    assert workspace.cases == load_workspace(example, use_cache=False).cases


def test_a_snapshot_too_large_to_read_is_not_read(
    example: Path, settled: None, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    first = surveyed_digests(example)
    body, _ = snapshot_row(example)
    monkeypatch.setattr(ssvssj.store.index, "MAX_SNAPSHOT_BYTES", len(body) - 1)
    reads.clear()
    assert surveyed_digests(example) == first
    assert len(reads) == 17
