from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from typer.testing import CliRunner

import ssvssj.store.index
import ssvssj.store.loading
import ssvssj.store.store
from ssvssj.cli import app
from ssvssj.i18n import set_language

REPO = Path(__file__).resolve().parent.parent
T = TypeVar("T")
TODAY = "2026-11-23"


@pytest.fixture(autouse=True)
def _stable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TERMINAL_WIDTH", "120")
    monkeypatch.setenv("SSVSSJ_TODAY", TODAY)
    monkeypatch.delenv("SSVSSJ_WORKSPACE", raising=False)
    set_language("en")  # a command run by an earlier test may have chosen its workspace's


@pytest.fixture(autouse=True)
def _private_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test gets a cache folder of its own (the index lives in the user's cache folder)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the bundled example workspace, safe to change."""
    root = tmp_path / "example"
    root.mkdir()
    for name in ("ssvssj.yaml", "touchpoints.yaml", "causes.yaml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "cases", root / "cases")
    return root


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    result = CliRunner().invoke(app, ["init", str(root), "--name", "测试", "--language", "zh"])
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every load of every case of a workspace: as full cases, or as lean cases for a journey."""
    seen: list[Path] = []
    for name in ("load_workspace", "complete_for_journey"):
        original = getattr(ssvssj.store.store, name)

        def counting(root: Path, *args, original=original, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(root)
            return original(root, *args, **kwargs)

        monkeypatch.setattr(ssvssj.store.store, name, counting)
    return seen


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as long unchanged at once, so that the index keeps stat hints for them."""
    monkeypatch.setattr(ssvssj.store.index, "SETTLED_NS", 0)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the loader parsed by YAML, in order."""
    seen: list[str] = []
    original = ssvssj.store.store.read_mapping

    def counting(rel: str, raw: bytes, *rest):  # type: ignore[no-untyped-def]
        seen.append(rel)
        return original(rel, raw, *rest)

    monkeypatch.setattr(ssvssj.store.store, "read_mapping", counting)
    return seen


@pytest.fixture
def case_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every case file parsed, by any route (the loader's or one case's)."""
    seen: list[str] = []
    for module in (ssvssj.store.store, ssvssj.store.loading):
        original = module.read_mapping

        def counting(rel: str, raw: bytes, *rest, original=original):  # type: ignore[no-untyped-def]
            if rel.startswith("cases/"):
                seen.append(rel)
            return original(rel, raw, *rest)

        monkeypatch.setattr(module, "read_mapping", counting)
    return seen


def lines_run(watched: tuple[str, ...], work: Callable[[], T]) -> tuple[int, T]:
    """How many lines of the files whose names end with `watched` run while `work` runs, and
    what it returns: a measure of work that does not depend on the machine's speed."""
    count = 0

    def local(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        count += event == "line"
        return local

    def calls(frame: Any, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.endswith(watched) else None

    sys.settrace(calls)
    try:
        result = work()
    finally:
        sys.settrace(None)
    return count, result


def refuse_to_list(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make `folder` unreadable as a permission-less folder would be, and every other folder
    readable as before."""
    scandir = os.scandir

    def refuse(path: object = ".") -> object:
        if Path(str(path)) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)


class Cli:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int = 0):
        result = self.runner.invoke(app, ["--workspace", str(self.root), *args], input=input)
        assert result.exit_code == code, (result.exit_code, result.output, result.exception)
        return result


@pytest.fixture
def cli_example(example: Path) -> Cli:
    return Cli(example)


@pytest.fixture
def cli_empty(empty: Path) -> Cli:
    return Cli(empty)
