"""A case file edited while a command runs, then changed back: nothing kept by that run may
stand for the bytes the file holds again. Each test edits the file at the moment the command
reads it, after the survey hashed it, and compares the next warm run with an empty cache's."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

import ssvssj.store.store
from ssvssj.store.index import index_path
from tests.conftest import Cli
from tests.kept import with_empty_cache

CASE = "20261103-a7c2"


def write_settled(path: Path, text: str, at: float) -> None:
    """Write `text` with a modification time long enough ago that its look is trusted."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, (at, at))


def every_report(root: Path) -> dict[str, bytes]:
    reports = root / "reports"
    return {p.relative_to(reports).as_posix(): p.read_bytes() for p in reports.rglob("*.md")}


def test_a_case_edited_while_report_all_runs_is_written_again(
    cli_example: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = cli_example.root
    case = root / "cases" / f"{CASE}.yaml"
    cli_example("report", "all")
    past = time.time() - 60
    first = case.read_text(encoding="utf-8").replace("title: ", "title: AAA ", 1)
    write_settled(case, first, past)
    read_case = ssvssj.store.store.read_case
    edited: list[str] = []

    def edited_meanwhile(workspace, case_id):  # type: ignore[no-untyped-def]
        if not edited:
            edited.append(case_id)
            write_settled(case, first.replace("title: AAA ", "title: BBB ", 1), past + 1)
        return read_case(workspace, case_id)

    monkeypatch.setattr(ssvssj.store.store, "read_case", edited_meanwhile)
    cli_example("report", "all")
    monkeypatch.setattr(ssvssj.store.store, "read_case", read_case)
    assert edited == [CASE]
    assert "BBB" in (root / "reports" / "cases" / f"{CASE}.md").read_text(encoding="utf-8")
    write_settled(case, first, past)

    warm = cli_example("report", "all")
    warm_reports = every_report(root)
    assert "# AAA " in warm_reports[f"cases/{CASE}.md"].decode("utf-8")
    assert "写入 1 个" in warm.stderr
    with_empty_cache(lambda: cli_example("report", "all"), tmp_path, monkeypatch)
    assert every_report(root) == warm_reports


@pytest.mark.parametrize("fmt", ["blueprint", "svg", "html"])
@pytest.mark.parametrize(
    "lost",
    ["DELETE FROM leans", "DELETE FROM derived; DELETE FROM parts; UPDATE leans SET mac = 0"],
)
def test_a_case_edited_while_its_journey_is_read_again_is_not_kept(
    cli_example: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    lost: str,
) -> None:
    """The index lost its lean cases, or holds damaged ones beside no kept journey, and the
    file changes as they are made again from the files: the command stops, and nothing made
    of the new bytes is kept under the old ones."""
    import ssvssj.store.journeys

    root = cli_example.root
    case = root / "cases" / f"{CASE}.yaml"
    cli_example("journey", "show")
    cli_example("journey", "show")
    first = case.read_bytes()
    with sqlite3.connect(index_path(root)) as db:
        db.executescript(lost)
    every = ssvssj.store.journeys._every_lean_case
    from_files = ssvssj.store.journeys._from_files

    def edit() -> None:
        text = first.decode("utf-8").replace("  problem: ", "  problem: BBB ", 1)
        case.write_text(text, encoding="utf-8")

    def edited_before_every(root: Path):  # type: ignore[no-untyped-def]
        edit()
        return every(root)

    def edited_before_files(root: Path):  # type: ignore[no-untyped-def]
        edit()
        return from_files(root)

    monkeypatch.setattr(ssvssj.store.journeys, "_every_lean_case", edited_before_every)
    monkeypatch.setattr(ssvssj.store.journeys, "_from_files", edited_before_files)
    refused = cli_example("journey", "export", "--format", fmt, code=2)
    assert f"cases/{CASE}.yaml 在 ssvssj 读取期间被修改；没有写入任何内容" in refused.stderr
    assert "请重新运行该命令" in refused.stderr
    monkeypatch.setattr(ssvssj.store.journeys, "_every_lean_case", every)
    monkeypatch.setattr(ssvssj.store.journeys, "_from_files", from_files)
    case.write_bytes(first)

    warm = [cli_example("journey", "export", "--format", fmt).stdout for _ in range(2)]
    fresh = with_empty_cache(
        lambda: cli_example("journey", "export", "--format", fmt).stdout, tmp_path, monkeypatch
    )
    assert "BBB" not in fresh
    assert warm == [fresh, fresh]
