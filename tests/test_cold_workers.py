"""A first run spread over forked workers, which write the rows of the files they checked
themselves, tells what a first run in one process tells, whatever bad files the workspace
holds; and the next run, made from the rows the workers wrote, tells the same again."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import ssvssj.store.parallel
from benchmarks.synthetic import make_workspace
from ssvssj.cli import app

ASKS: list[tuple[str, ...]] = [
    ("check", "--format", "json"),
    ("case", "list", "--json"),
    ("journey", "export", "--format", "json"),
]
FILES = 18
# What a bad file may hold instead of a case, or beside one.
BROKEN = [
    b"id: [\n",
    b"- x\n",
    b"",
    b"\xff\xfe\x00i\x00d\x00",
    "标题: 没有编号\n".encode(),
    b"id: 20261101-aaaa\nid: 20261101-aaaa\n",
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cold") / "ws"
    make_workspace(root, FILES, seed=41)
    return root


def _files(root: Path) -> list[Path]:
    return sorted((root / "cases").rglob("*.yaml"))


def _spoil(root: Path, changes: list[tuple[int, str, int]]) -> None:
    """Each change spoils one file: broken bytes, another file's bytes (a second file of its
    id), a control character in its text, or a field taken out."""
    files = _files(root)
    for at, how, pick in changes:
        path = files[at % len(files)]
        raw = path.read_bytes()
        if how == "broken":
            path.write_bytes(BROKEN[pick % len(BROKEN)])
        elif how == "twin":
            path.write_bytes(files[pick % len(files)].read_bytes())
        elif how == "control":
            path.write_bytes(raw.replace(b"title: ", b"title: \x07", 1))
        elif lines := raw.splitlines(keepends=True):  # an empty file has no line to take out
            path.write_bytes(b"".join(lines[: pick % len(lines)] + lines[pick % len(lines) + 1 :]))


def _answers(root: Path, caches: Path, monkeypatch: pytest.MonkeyPatch, workers: str) -> list[str]:
    """Each command's answer as a first run (a cache folder of its own) and as the next."""
    monkeypatch.setenv("SSVSSJ_WORKERS", workers)
    answers = []
    for number, args in enumerate(ASKS):
        monkeypatch.setenv("XDG_CACHE_HOME", str(caches / str(number)))
        for _ in range(2):
            result = CliRunner().invoke(app, ["--workspace", str(root), *args])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                result.output
            )
            answers.append(f"{result.exit_code}\n{result.stdout}")
    return answers


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    changes=st.lists(
        st.tuples(
            st.integers(0, FILES - 1),
            st.sampled_from(["broken", "twin", "control", "cut"]),
            st.integers(0, 40),
        ),
        max_size=6,
    )
)
def test_workers_tell_what_one_process_tells(
    generated: Path, monkeypatch: pytest.MonkeyPatch, changes: list[tuple[int, str, int]]
) -> None:
    monkeypatch.setattr(ssvssj.store.parallel, "PARALLEL_FROM", 2)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "ws"
        shutil.copytree(generated, root)
        _spoil(root, changes)
        alone = _answers(root, Path(scratch) / "alone", monkeypatch, "1")
        spread = _answers(root, Path(scratch) / "spread", monkeypatch, "2")
    assert spread == alone
    assert alone[::2] == alone[1::2]


def test_workers_that_find_the_index_busy_leave_their_rows_to_the_next_run(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another ssvssj holds the index's write lock through a whole first run: the workers'
    rows travel back for the reader to write, which is busy too; the answer is the same, and
    the next run, with the lock let go, makes and keeps the rows."""
    import sqlite3

    from ssvssj.store import index as index_module
    from ssvssj.store.index import Index

    monkeypatch.setattr(ssvssj.store.parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(index_module, "_busy_until", {})
    root = tmp_path / "ws"
    shutil.copytree(generated, root)
    alone = _answers(root, tmp_path / "alone", monkeypatch, "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "busy"))
    Index(root).close()  # the index made, empty
    other = sqlite3.connect(Index(root).path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        monkeypatch.setenv("SSVSSJ_WORKERS", "2")
        held = CliRunner().invoke(app, ["--workspace", str(root), *ASKS[0]])
        assert f"{held.exit_code}\n{held.stdout}" == alone[0]
        assert other.execute("SELECT count(*) FROM outcomes").fetchone() == (0,)
    finally:
        other.execute("ROLLBACK")
        other.close()
    monkeypatch.setattr(index_module, "_busy_until", {})
    for _ in range(2):
        again = CliRunner().invoke(app, ["--workspace", str(root), *ASKS[0]])
        assert f"{again.exit_code}\n{again.stdout}" == alone[0]
    with sqlite3.connect(Index(root).path) as db:
        assert db.execute("SELECT count(*) FROM outcomes").fetchone()[0] > FILES
