"""Commands about one case: found by their file's name, and a case report made from the case's
own file and an outline of the journey that any case report shares; the same bytes whether the
outline was kept or made afresh (speed itself lives in benchmarks/run.py)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from ssvssj.store.index import index_path
from tests.conftest import Cli

CASE = "20261104-m2pq"


def case_ids(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "cases").glob("*.yaml"))


def drop_index(root: Path) -> None:
    path = index_path(root)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_case_report_is_the_same_made_afresh_kept_or_written_by_report_all(
    example: Path, lang: str
) -> None:
    cli = Cli(example)
    cli("report", "all", "--lang", lang)
    for case_id in case_ids(example):
        written = (example / "reports" / "cases" / f"{case_id}.md").read_text(encoding="utf-8")
        drop_index(example)
        afresh = cli("report", "case", case_id, "--lang", lang).stdout
        kept = cli("report", "case", case_id, "--lang", lang).stdout
        assert afresh == kept == written
        assert "## " in written and f"`{case_id}`" in written


def test_after_one_load_any_case_report_reads_only_its_own_case(
    example: Path, loads: list[Path], case_reads: list[str]
) -> None:
    cli = Cli(example)
    cli("report", "case", "20261102")
    assert len(loads) == 1
    for case_id in case_ids(example):
        case_reads.clear()
        cli("report", "case", case_id)
        assert case_reads == [f"cases/{case_id}.yaml"]
    assert len(loads) == 1


@pytest.mark.parametrize(
    "first", [("journey", "show"), ("report", "all"), ("journey", "export", "--format", "json")]
)
def test_a_journey_inferred_by_another_command_serves_every_case_report(
    example: Path, loads: list[Path], case_reads: list[str], first: tuple[str, ...]
) -> None:
    cli = Cli(example)
    cli(*first)
    assert len(loads) == 1
    case_reads.clear()
    report = cli("report", "case", CASE).stdout
    assert case_reads == [f"cases/{CASE}.yaml"] and len(loads) == 1
    fresh = example.parent / "fresh"
    shutil.copytree(example, fresh)
    drop_index(fresh)
    assert Cli(fresh)("report", "case", CASE).stdout == report


def test_a_filtered_journey_is_no_outline_for_case_reports(
    example: Path, loads: list[Path]
) -> None:
    cli = Cli(example)
    cli("journey", "show", "--tag", "交付")
    report = cli("report", "case", CASE).stdout
    assert len(loads) == 2
    drop_index(example)
    assert cli("report", "case", CASE).stdout == report


def test_a_change_to_another_case_reaches_the_case_report(example: Path) -> None:
    """The journey section counts the other cases at the touchpoint: a new case there shows,
    as in a workspace that never had an index."""
    cli = Cli(example)
    before = cli("report", "case", CASE).stdout
    assert "20261201-zzzz" not in before
    text = (example / "cases" / f"{CASE}.yaml").read_text(encoding="utf-8")
    other = text.replace(f"id: {CASE}", "id: 20261201-zzzz")
    (example / "cases" / "20261201-zzzz.yaml").write_text(other, encoding="utf-8")
    after = cli("report", "case", CASE).stdout
    assert "[20261201-zzzz](20261201-zzzz.md)" in after
    fresh = example.parent / "fresh"
    shutil.copytree(example, fresh)
    drop_index(fresh)
    assert Cli(fresh)("report", "case", CASE).stdout == after


@pytest.mark.parametrize(
    "body",
    [b"[" * 200_000, b"{broken", b"[]", b'{"name": 1}'],
    ids=["deep", "broken", "list", "shape"],
)
def test_a_broken_kept_outline_changes_no_case_report(
    example: Path, body: bytes, loads: list[Path]
) -> None:
    cli = Cli(example)
    expected = {case_id: cli("report", "case", case_id).stdout for case_id in (CASE, "20261102")}
    with sqlite3.connect(index_path(example)) as db:
        assert db.execute("UPDATE derived SET body = ?", (body,)).rowcount >= 1
    for case_id, report in expected.items():
        assert cli("report", "case", case_id).stdout == report
    assert len(loads) == 2  # the outline was made again, once


def test_a_corrupt_index_changes_no_case_report(example: Path) -> None:
    cli = Cli(example)
    expected = cli("report", "case", CASE).stdout
    drop_index(example)
    index_path(example).write_bytes(b"not a database at all " * 1000)
    assert cli("report", "case", CASE).stdout == expected
    assert cli("report", "case", CASE).stdout == expected


def test_a_case_outside_the_segment_is_told_so(example: Path) -> None:
    cli = Cli(example)
    inside = cli("journey", "export", "--format", "json", "--customer", "家庭").stdout
    assert '"cases"' in inside
    for _ in range(2):  # made afresh, then from the kept outline
        refused = cli("report", "case", "20261118-u9h5", "--customer", "家庭", code=2)
        assert "20261118-u9h5 不在该客户细分中" in refused.output
        assert "Traceback" not in refused.output


@pytest.mark.parametrize("command", [("case", "show"), ("report", "case")])
def test_an_id_is_found_by_file_name_with_the_same_errors(
    example: Path, command: tuple[str, ...]
) -> None:
    cli = Cli(example)
    assert "没有编号为“20270101”的案例" in cli(*command, "20270101", code=2).output
    assert "“202611”对应 17 个案例" in cli(*command, "202611", code=2).output
    (example / "cases" / "sub").mkdir()
    (example / "cases" / "sub" / "20270102-abcd.yaml").write_text("- x\n", encoding="utf-8")
    broken = cli(*command, "20270102", code=2).output
    assert "cases/sub/20270102-abcd.yaml 无效，请先修正" in broken
    shown = cli(*command, "20261104-m2", code=0).stdout
    assert "报价" in shown


@pytest.mark.parametrize("command", [("case", "show"), ("report", "case")])
def test_a_draft_alone_is_no_case_to_show_or_report(
    cli_empty: Cli, command: tuple[str, ...]
) -> None:
    drafts = cli_empty.root / ".ssvssj" / "drafts"
    drafts.mkdir(parents=True, exist_ok=True)
    (drafts / "20261124-dpve.yaml").write_text(
        "doc:\n  title: 草稿\npartial: {}\nstep: spot\ncase_sha256: null\n", encoding="utf-8"
    )
    assert "没有编号为“20261124”的案例" in cli_empty(*command, "20261124", code=2).output
