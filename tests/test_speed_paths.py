"""What keeps ssvssj fast, tested for behaviour (never timed here; see benchmarks/run.py):
light start-up, the parsed-file cache, the result cache, and parallel parsing."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import ssvssj.store.loading
import ssvssj.store.parallel
import ssvssj.store.store
from ssvssj import __version__
from ssvssj.store.cache import ParsedCache
from ssvssj.store.store import load_workspace

HEAVY = ("pydantic", "networkx", "jinja2", "yaml", "ruamel", "rich")

PROBE = """
import runpy, sys
HEAVY = set(sys.argv.pop(1).split(","))
sys.argv = ["ssvssj", *sys.argv[1:]]
try:
    runpy.run_module("ssvssj", run_name="__main__")
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & HEAVY)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_start_up_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert "ssvssj" in result.stdout
    assert "HEAVY=\n" in result.stderr, result.stderr


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files actually parsed by YAML, in order."""
    seen: list[str] = []
    original = ssvssj.store.store.read_mapping

    def counting(rel: str, raw: bytes):  # type: ignore[no-untyped-def]
        seen.append(rel)
        return original(rel, raw)

    monkeypatch.setattr(ssvssj.store.store, "read_mapping", counting)
    return seen


def test_unchanged_files_are_not_parsed_again(example: Path, parses: list[str]) -> None:
    first = load_workspace(example)
    assert len(parses) == 17
    parses.clear()
    second = load_workspace(example)
    assert parses == []
    assert second.cases == first.cases
    assert second.problems == first.problems


def test_a_changed_added_or_removed_file_reparses_only_that_file(
    example: Path, parses: list[str]
) -> None:
    load_workspace(example)
    cases = example / "cases"
    changed = cases / "20261104-m2pq.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("severity: 4", "severity: 5", 1))
    shutil.copy(cases / "20261111-b3k5.yaml", cases / "sub-20261111-b3k5.yaml")
    (cases / "20261116-w8j3.yaml").unlink()
    parses.clear()
    workspace = load_workspace(example)
    assert sorted(parses) == ["cases/20261104-m2pq.yaml", "cases/sub-20261111-b3k5.yaml"]
    assert next(c for c in workspace.cases if c.id == "20261104-m2pq").spot.severity == 5
    with ParsedCache(example) as cache:
        assert "cases/20261116-w8j3.yaml" not in cache.index


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all {",
        json.dumps({"format": 2, "tool": "0.0.0-other"}).encode() + b"\n",
        json.dumps({"format": 99, "tool": "x"}).encode() + b"\n",
        json.dumps({"format": 2, "tool": __version__}).encode() + b"\n[1, 2]\tnonsense\n",
        json.dumps({"format": 2, "tool": __version__}).encode() + b"\nno tab here\n",
        pickle.dumps({"planted": True}),
        b"\x00\xff" * 100,
    ],
    ids=[
        "garbage",
        "other-version",
        "other-format",
        "wrong-index",
        "broken-line",
        "pickle",
        "binary",
    ],
)
def test_a_corrupt_or_foreign_cache_is_ignored_and_rebuilt(
    example: Path, parses: list[str], content: bytes
) -> None:
    path = example / ".ssvssj" / "cache" / "parsed.jsonl"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    workspace = load_workspace(example)
    assert len(parses) == 17
    assert len(workspace.cases) == 17 and workspace.problems == []
    with ParsedCache(example) as cache:
        assert len(cache.index) == 17


def test_cached_data_is_validated_again(example: Path) -> None:
    load_workspace(example)
    path = example / ".ssvssj" / "cache" / "parsed.jsonl"
    text = path.read_text(encoding="utf-8")
    assert '"severity":4' in text
    path.write_text(text.replace('"severity":4', '"severity":99'), encoding="utf-8")
    workspace = load_workspace(example)
    assert ("cases/20261104-m2pq.yaml", "spot.severity") in [
        (p.file, p.field) for p in workspace.problems
    ]


def test_a_broken_line_is_parsed_again_and_the_cache_rebuilt(
    example: Path, parses: list[str]
) -> None:
    load_workspace(example)
    path = example / ".ssvssj" / "cache" / "parsed.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].split(b"\t")[0] + b"\t{broken\n"
    path.write_bytes(b"".join(lines))
    parses.clear()
    assert len(load_workspace(example).cases) == 17
    assert len(parses) == 1
    parses.clear()
    load_workspace(example)
    assert len(parses) == 17
    parses.clear()
    load_workspace(example)
    assert parses == []


def test_parallel_parsing_gives_the_same_workspace(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example / "cases" / "20261201-bad1.yaml").write_text("title: [\n", encoding="utf-8")
    sequential = load_workspace(example, use_cache=False)
    monkeypatch.setattr(ssvssj.store.parallel, "PARALLEL_FROM", 2)
    monkeypatch.setenv("SSVSSJ_WORKERS", "2")
    calls: list[int] = []
    original = ssvssj.store.parallel.multiprocessing.get_context

    def spying(method: str):  # type: ignore[no-untyped-def]
        calls.append(1)
        return original(method)

    monkeypatch.setattr(ssvssj.store.parallel.multiprocessing, "get_context", spying)
    parallel = load_workspace(example, use_cache=False)
    assert calls == [1]
    assert parallel.cases == sequential.cases
    assert parallel.problems == sequential.problems


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    executable = shutil.which("ssvssj")
    assert executable
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([executable, *args], cwd=root, capture_output=True, env=env, check=False)


def test_a_repeated_export_is_answered_from_memory_and_never_stale(example: Path) -> None:
    first = run_cli(example, "journey", "export", "--format", "json")
    results = example / ".ssvssj" / "cache" / "results"
    assert len(list(results.iterdir())) == 1
    second = run_cli(example, "journey", "export", "--format", "json")
    assert second.stdout == first.stdout
    case = example / "cases" / "20261104-m2pq.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("severity: 4", "severity: 1", 1))
    third = run_cli(example, "journey", "export", "--format", "json")
    assert third.stdout != first.stdout
    assert json.loads(third.stdout)["cases"] == 17


def test_a_run_with_problems_is_not_remembered(example: Path) -> None:
    (example / "cases" / "20261201-bad1.yaml").write_text("- x\n", encoding="utf-8")
    for _ in range(2):
        result = run_cli(example, "journey", "export", "--format", "json")
        assert b"were skipped" in result.stderr
    assert not (example / ".ssvssj" / "cache" / "results").exists()


def test_the_cache_never_holds_a_file_it_could_not_give_back(example: Path) -> None:
    case = example / "cases" / "20261104-m2pq.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "extra:\n  1: one\n", encoding="utf-8")
    load_workspace(example)
    with ParsedCache(example) as cache:
        assert "cases/20261104-m2pq.yaml" not in cache.index
        assert len(cache.index) == 16
