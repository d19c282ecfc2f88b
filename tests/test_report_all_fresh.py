"""`report all` over a generated workspace gives, whatever its index kept, the reports a run
with an empty cache folder gives, and rewrites only the files whose bytes changed: after
nothing changed, after each kind of change to one case, and with an index damaged or planted
in every way a file can be."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import make_workspace
from ssvssj.store.index import index_path
from tests.conftest import Cli

CASES = 40


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    root = tmp_path / "generated"
    make_workspace(root, CASES, seed=7)
    return root


def files(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under `folder`: its inode, mtime and bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            info = path.stat()
            rel = path.relative_to(folder).as_posix()
            found[rel] = (info.st_ino, info.st_mtime_ns, path.read_bytes())
    return found


class Runs:
    """`report all` into reports/ with the test's cache, and into a new folder with a new,
    empty cache folder each time."""

    def __init__(self, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.tmp_path = tmp_path
        self.monkeypatch = monkeypatch
        self.fresh_runs = 0

    def kept(self) -> tuple[dict[str, bytes], set[str]]:
        """The reports as the run with the index left them, and the files it rewrote."""
        folder = self.root / "reports"
        before = files(folder) if folder.is_dir() else {}
        Cli(self.root)("report", "all")
        after = files(folder)
        rewritten = {rel for rel, look in after.items() if before.get(rel, (0, 0))[:2] != look[:2]}
        changed = {rel for rel, look in after.items() if before.get(rel, (0, 0, b""))[2] != look[2]}
        assert rewritten == changed
        return {rel: look[2] for rel, look in after.items()}, rewritten

    def fresh(self) -> dict[str, bytes]:
        self.fresh_runs += 1
        cache = self.tmp_path / f"empty-cache-{self.fresh_runs}"
        cache.mkdir()
        folder = self.tmp_path / f"fresh-{self.fresh_runs}"
        with self.monkeypatch.context() as patched:
            patched.setenv("XDG_CACHE_HOME", str(cache))
            Cli(self.root)("report", "all", "-o", str(folder))
        return {rel: look[2] for rel, look in files(folder).items()}

    def check(self) -> set[str]:
        """One run with the index, compared with a fresh one; the files it rewrote."""
        reports, rewritten = self.kept()
        assert reports == self.fresh()
        return rewritten


@pytest.fixture
def runs(generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runs:
    return Runs(generated, tmp_path, monkeypatch)


def case_file(root: Path, at: int = 0) -> Path:
    return sorted((root / "cases").rglob("*.yaml"))[at]


def rewrite(path: Path, pattern: str, replacement: Callable[[re.Match[str]], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert count == 1 and changed != text
    path.write_text(changed, encoding="utf-8")


def test_a_warm_run_equals_a_fresh_one_and_rewrites_nothing(runs: Runs) -> None:
    first = runs.check()
    assert len([rel for rel in first if rel.startswith("cases/")]) == CASES
    assert runs.check() == set()
    assert runs.check() == set()


EDITS: dict[str, tuple[str, Callable[[re.Match[str]], str]]] = {
    "title": (r"^title: (.*)$", lambda m: f"title: 另一个{m.group(1)}"),
    "problem text": (r"^  problem: (.*)$", lambda m: f"  problem: 新的{m.group(1)}"),
    "severity": (r"^  severity: (\d)$", lambda m: f"  severity: {6 - int(m.group(1))}"),
    "updated": (r"^updated: .*$", lambda m: "updated: 2026-11-30"),
    "solution status": (r"^  status: \w+$", lambda m: "  status: verified"),
    "owner": (r"^  owner: (.*)$", lambda m: f"  owner: {m.group(1)}二"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_one_case_changed_equals_a_fresh_run_and_rewrites_only_what_changed(
    runs: Runs, edit: str
) -> None:
    runs.check()
    changed = next(
        path
        for path in sorted((runs.root / "cases").rglob("*.yaml"))
        if all(re.search(p, path.read_text(encoding="utf-8"), re.M) for p, _ in EDITS.values())
    )
    pattern, replacement = EDITS[edit]
    rewrite(changed, pattern, replacement)
    before = {rel: look[2] for rel, look in files(runs.root / "reports").items()}
    rewritten = runs.check()
    after = {rel: look[2] for rel, look in files(runs.root / "reports").items()}
    assert rewritten == {rel for rel in after if before.get(rel) != after[rel]}
    case_id = re.search(r"^id: (\S+)$", changed.read_text(encoding="utf-8"), re.M)
    assert case_id is not None
    assert f"cases/{case_id.group(1)}.md" in rewritten
    assert runs.check() == set()


def test_a_case_moved_to_another_touchpoint_equals_a_fresh_run(runs: Runs) -> None:
    runs.check()
    target = re.search(
        r"^  touchpoint: (.*)$", case_file(runs.root, 5).read_text(encoding="utf-8"), re.M
    )
    assert target is not None
    rewrite(case_file(runs.root, 2), r"^  touchpoint: .*$", lambda m: m.group(0)[:14] + target[1])
    assert runs.check()
    assert runs.check() == set()


def test_cases_added_and_removed_equal_a_fresh_run(runs: Runs) -> None:
    runs.check()
    gone = case_file(runs.root, 0)
    gone_id = gone.stem
    gone.unlink()
    copy = case_file(runs.root, 1)
    text = copy.read_text(encoding="utf-8").replace(f"id: {copy.stem}", "id: 20261201-zz01")
    (copy.parent / "20261201-zz01.yaml").write_text(text, encoding="utf-8")
    rewritten = runs.check()
    assert "cases/20261201-zz01.md" in rewritten
    assert not (runs.root / "reports" / "cases" / f"{gone_id}.md").exists()
    assert runs.check() == set()


def damage_every_row(root: Path, how: str) -> None:
    """Every kept row of the index changed: its body and MAC with a byte flipped, or its body
    swapped with the next row's of the same table (each then sits under a MAC made for
    another)."""
    with sqlite3.connect(index_path(root)) as db:
        tables = [
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        damaged = 0
        for table in tables:
            columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            if "body" not in columns:
                continue
            rows = db.execute(f"SELECT rowid, body FROM {table}").fetchall()
            damaged += len(rows)
            for at, (rowid, body) in enumerate(rows):
                if how == "swap":
                    body = rows[(at + 1) % len(rows)][1]
                elif isinstance(body, bytes):
                    body = body[:-2] + bytes([body[-2] ^ 1]) + body[-1:]
                else:
                    body = body[:-2] + chr(ord(body[-2]) ^ 1) + body[-1:]
                db.execute(f"UPDATE {table} SET body = ? WHERE rowid = ?", (body, rowid))
        assert damaged > CASES


@pytest.mark.parametrize("how", ["flip", "swap"])
def test_a_damaged_or_planted_index_changes_no_report(runs: Runs, how: str) -> None:
    runs.check()
    rewrite(case_file(runs.root, 4), r"^title: (.*)$", lambda m: f"title: 改过{m.group(1)}")
    edited = sorted((runs.root / "reports" / "cases").glob("*.md"))[7]
    edited.write_text("edited by hand\n", encoding="utf-8")
    damage_every_row(runs.root, how)
    rewritten = runs.check()
    assert edited.relative_to(runs.root / "reports").as_posix() in rewritten
    assert runs.check() == set()


def test_an_index_replaced_by_garbage_changes_no_report(runs: Runs) -> None:
    runs.check()
    index_path(runs.root).write_bytes(b"not an index at all\n" * 50)
    assert runs.check() == set()
    assert runs.check() == set()
