"""A case file edited while a command runs, then changed back: nothing kept by that run may
stand for the bytes the file holds again. Each test edits the file at the moment the command
reads it, after the survey hashed it, and compares the next warm run with an empty cache's."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import ssvssj.store.store
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
